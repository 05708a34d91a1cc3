/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rd-store.h"

G_BEGIN_DECLS

/* What the sync layers write into a store that is not an edit of its own: nothing here is
 * captured in the outbox. A replica evicts the rows that moved out of its view and keeps the
 * conflicts other replicas and the server kept; the server keeps the conflicts of its merges
 * and the refused changes. Both compare their tables by the same checksum. Call these inside
 * the caller's transaction (rd_store_begin) where several must apply together. */

/* A losing value next to the one kept. kept_value and lost_value are JSON texts (NULL for a
 * refused change's kept side); sites are site UUIDs, or "refused". */
typedef struct {
  const char *table;
  const char *row_id;
  const char *field;
  const char *kept_value;
  gint64      kept_hlc;
  const char *kept_site;
  const char *lost_value;
  gint64      lost_hlc;
  const char *lost_site;
} RdStoreConflict;

/* A move-out: the row of @table and its children (phones, e-mails, notes, calls ...) are
 * removed here without a tombstone or an outbox entry (the row lives on elsewhere).
 * RD_STORE_ERROR_INVALID_TABLE for a table that is not synced. */
gboolean rd_store_evict_row      (RdStore                *self,
                                  const char             *table,
                                  const char             *row_id,
                                  GError                **error);

/* A repair: every row of @table that holds no pending local edit is removed here, nothing
 * captured, so that a snapshot loads the server's rows again, values and versions. */
gboolean rd_store_forget_table   (RdStore                *self,
                                  const char             *table,
                                  GError                **error);

/* Keeps @conflict in the conflicts table. With @once, a conflict already kept for the same
 * row, field, lost clock and lost site is not kept again; *@added (may be NULL) says
 * whether a row was added. */
gboolean rd_store_keep_conflict  (RdStore                *self,
                                  const RdStoreConflict  *conflict,
                                  gboolean                once,
                                  gboolean               *added,
                                  GError                **error);

/* A conflict resolved elsewhere (another replica, through the server): its copy here, the
 * same row, field, lost clock and lost site, is marked resolved and told (conflicts.resolved
 * 2), kept first if this store never had it. *@changed (may be NULL): a row changed. */
gboolean rd_store_mark_conflict_resolved (RdStore               *self,
                                          const RdStoreConflict *conflict,
                                          gboolean              *changed,
                                          GError               **error);

/* The figures replica and server compare (GET /sync/checksum): the rows of @table, the sum
 * of their clocks (each mod 2^31 - 1, as SQL's sum(hlc % 2147483647) gave it), and the sum
 * of a hash of each row's values (every column but the clock and the field versions) mod
 * 2^31 - 1, so that a row changed without its clock changing (a
 * hand-edited or corrupt row) is seen too. @where (may be NULL) is an SQL condition on the
 * rows with @binds (NULL-terminated, may be NULL) for its "?" placeholders. */
typedef struct {
  gint64 rows;
  gint64 clocks;
  gint64 values;
} RdStoreChecksum;

gboolean rd_store_table_checksum (RdStore                *self,
                                  const char             *table,
                                  const char             *where,
                                  const char * const     *binds,
                                  RdStoreChecksum        *checksum,
                                  GError                **error);

G_END_DECLS
