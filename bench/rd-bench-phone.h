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

G_END_DECLS
