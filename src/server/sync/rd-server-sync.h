/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "rd-server-db.h"
#include "rd-store.h"

G_BEGIN_DECLS

/* The server side of replication (SYNC.md): the merged rows in a core RdStore
 * (DATA_DIR/merged.db, merged with the core's rd_store_apply_remote_field),
 * plus an append-only `changes` log with the server sequence, in the same
 * file so that a merge and its log entry commit together. */

#define RD_SERVER_SYNC_ERROR (rd_server_sync_error_quark ())

typedef enum {
  RD_SERVER_SYNC_ERROR_INVALID,   /* a malformed change: the whole batch is refused */
  RD_SERVER_SYNC_ERROR_SKEW,      /* a change stamped too far ahead of the server clock */
  RD_SERVER_SYNC_ERROR_SCHEMA,    /* replica and server schema versions differ */
} RdServerSyncError;

GQuark rd_server_sync_error_quark (void);

/* Who is asking: the owner keys whose rows they may see and write. */
typedef struct {
  RdRole      role;
  char       *user_key;    /* the user's uuid */
  char       *user_name;   /* the account's name (a document's uploaded_by) */
  char       *team_key;    /* "team:NAME" or NULL */
  GHashTable *keys;        /* every owner key the viewer may see; unused for admins */
  gboolean    server;      /* the server's own write (rd_server_sync_write), not a push */
  char       *site;        /* a pull: the replica's site when it says it, or NULL */
} RdSyncViewer;

RdSyncViewer *rd_sync_viewer_new    (RdServerDb   *db,
                                     const RdUser *user);
void          rd_sync_viewer_free   (RdSyncViewer *viewer);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdSyncViewer, rd_sync_viewer_free)
/* Tables that mirror accounts (users, teams): written by the server alone, a push to
 * them is refused per change. */
gboolean      rd_sync_table_is_server_only (const char   *table);
/* A NULL owner (or "shared") is visible to everyone. */
gboolean      rd_sync_viewer_sees   (const RdSyncViewer *viewer,
                                     const char         *owner);
/* Whether the viewer's role works @table at all: support holds no sales
 * table (leads, deals, pipelines, stages); every other role holds them all. */
gboolean      rd_sync_viewer_works_table (const RdSyncViewer *viewer,
                                          const char         *table);
/* A WHERE term (SQL) for the rows of @table the viewer's role may hold,
 * whatever their owner: "1" for most; "0" for a table the role does not
 * work; for support, a child table's rows whose parent is not a sales record. */
const char   *rd_sync_viewer_role_filter (const RdSyncViewer *viewer,
                                          const char         *table);

#define RD_TYPE_SERVER_SYNC (rd_server_sync_get_type ())
G_DECLARE_FINAL_TYPE (RdServerSync, rd_server_sync, RD, SERVER_SYNC, GObject)

RdServerSync *rd_server_sync_open      (const char          *data_dir,
                                        GError             **error);
RdStore      *rd_server_sync_get_store (RdServerSync        *self);
/* The last sequence in the changes log (0 when empty). */
gint64        rd_server_sync_get_seq   (RdServerSync        *self);
const char   *rd_server_sync_get_path  (RdServerSync        *self);

/* Applies a push batch (the "changes" array of SYNC.md) from @site in one
 * transaction. Structural problems and clock skew refuse the whole batch
 * (nothing applied); a change the viewer may not make is refused alone,
 * kept in conflicts, and the rest applies. @conflicts (may be NULL) are the
 * losers the replica kept itself; they are logged for the other replicas of
 * the row. @deleted (may be NULL) receives "table/id" of each record the batch
 * deleted (for the audit log). Returns the response object. */
JsonNode     *rd_server_sync_push      (RdServerSync        *self,
                                        const RdSyncViewer  *viewer,
                                        const char          *site,
                                        JsonArray           *changes,
                                        JsonArray           *conflicts,
                                        guint                max_skew_seconds,
                                        GPtrArray           *deleted,
                                        GError             **error);

/* The server's own writes: every field of each RdRecord of @records (table, id, fields;
 * phones and e-mails are not read) merged and logged as one push from the merged store's
 * site, stamped with its clock. @seq (may be NULL) receives the log's new sequence. */
gboolean      rd_server_sync_write     (RdServerSync        *self,
                                        GPtrArray           *records,
                                        gint64              *seq,
                                        GError             **error);
/* The record number @e164 belongs to: a contact first (a person), then a lead, then an
 * organization (the caller-id lookup of the merged store), or NULL without an error when
 * none has it. The inbound SMS and the call filing share it. */
RdRecord     *rd_server_sync_find_party (RdServerSync       *self,
                                        const char          *e164,
                                        GError             **error);
/* TRUE when record @id of @table exists, is not deleted, and @viewer may see it. */
gboolean      rd_server_sync_visible_record (RdServerSync   *self,
                                        const RdSyncViewer  *viewer,
                                        const char          *table,
                                        const char          *id);

/* Changes after @since visible to @viewer, at most @limit log entries read,
 * with move-outs ("evict") and move-ins (full rows) on reassignment. */
JsonNode     *rd_server_sync_pull      (RdServerSync        *self,
                                        const RdSyncViewer  *viewer,
                                        gint64               since,
                                        guint                limit,
                                        GError             **error);

/* A consistent snapshot, read page by page from its own read transaction. */
typedef struct _RdSyncSnapshot RdSyncSnapshot;

RdSyncSnapshot *rd_sync_snapshot_new   (RdServerSync        *self,
                                        RdSyncViewer        *viewer,   /* taken */
                                        GError             **error);
/* Appends up to @max_rows rows as NDJSON lines to @out; FALSE once finished
 * (the last call appends the closing line). */
gboolean        rd_sync_snapshot_next  (RdSyncSnapshot      *snapshot,
                                        guint                max_rows,
                                        GString             *out,
                                        GError             **error);
void            rd_sync_snapshot_free  (RdSyncSnapshot      *snapshot);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdSyncSnapshot, rd_sync_snapshot_free)

/* {"seq": S, "tables": {"contacts": [rows, clock sum], ...}} over what @viewer sees. */
JsonNode     *rd_server_sync_checksums (RdServerSync        *self,
                                        const RdSyncViewer  *viewer,
                                        GError             **error);

G_END_DECLS
