/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "rd-store.h"

G_BEGIN_DECLS

/* Helpers shared by the softphone benchmarks (bench-phone, bench-pop-paint). */

/* The caller number of contact @i: "+7 9NN NNN-NN-NN", unique for i < 10^9. */
char   *rd_bench_caller_number  (guint    i);

/* Inserts @contacts contacts with one mobile number each, in batches, with no
 * outbox (as a snapshot load makes a replica). Aborts on error: it is a benchmark. */
void    rd_bench_fill_contacts  (RdStore *store,
                                 guint    contacts);

/* Sorts @values (doubles) in place, ascending. */
void    rd_bench_sort           (GArray  *values);

/* The @p quantile (0..1) of sorted @values; 0 when empty. */
double  rd_bench_percentile     (GArray  *values,
                                 double   p);

/* Writes sipp's -inf file @csv: @calls callers with known numbers of the first @contacts
 * contacts, written differently from the replica (8-9xx-…). */
void    rd_bench_write_callers  (const char *csv,
                                 guint       calls,
                                 guint       contacts);

/* Runs sipp in @dir against @remote with @scenario and @csv, 10 calls a second, tracing
 * messages into DIR/messages.log, and iterates the main loop until it ends (150 s at most). */
void    rd_bench_run_sipp       (const char *dir,
                                 const char *remote,
                                 const char *scenario,
                                 const char *csv,
                                 guint       calls);

/* Pairs each INVITE's send time in DIR/messages.log with the wall times (µs, by Call-ID) in
 * @first and @second, appending the delays in ms to @to_first and @to_second. */
void    rd_bench_invite_delays  (const char *dir,
                                 GHashTable *first,
                                 GHashTable *second,
                                 GArray     *to_first,
                                 GArray     *to_second);

/* Removes the bench's files from @dir, then @dir. */
void    rd_bench_remove_dir     (const char *dir);

G_END_DECLS
