/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "rd-http-client.h"
#include "rd-store.h"

G_BEGIN_DECLS

/* RdSyncClient: drives replication of one replica against ringdesk-server
 * (docs/sync.md): login, snapshot for a new replica, pull, push. Blocking
 * calls on the caller's thread and on the caller's RdStore; the app runs it
 * in a worker thread with its own RdStore for the same file (WAL). The
 * transport is RdHttpClient (GIO), so core needs no libsoup. */

#define RD_SYNC_ERROR (rd_sync_error_quark ())

typedef enum {
  RD_SYNC_ERROR_NOT_LOGGED_IN,   /* no server or token in the replica: log in first */
  RD_SYNC_ERROR_UNAUTHORIZED,    /* the server refused the token (401) */
  RD_SYNC_ERROR_REFUSED,         /* the server answered with a JSON error (message inside) */
  RD_SYNC_ERROR_SCHEMA,          /* replica and server schema versions differ */
  RD_SYNC_ERROR_PROTOCOL,        /* an answer that is not what the protocol says */
  RD_SYNC_ERROR_BUSY,            /* verify: the outbox has entries or the server moved on; later */
  RD_SYNC_ERROR_RATE_LIMITED,    /* 429: too many sync requests (message says when to retry) */
  RD_SYNC_ERROR_SERVER_FULL,     /* 507: the server cannot store now (disk full); nothing applied */
} RdSyncError;

GQuark rd_sync_error_quark (void);

/* What one sync did. */
typedef struct {
  guint  snapshot_rows;
  guint  pulled;       /* changes applied from the server */
  guint  evicted;      /* rows moved out of this replica */
  guint  pushed;       /* outbox entries the server took (applied or lost) */
  guint  refused;      /* outbox entries the server refused (kept in its conflicts) */
  gint64 cursor;       /* the server sequence the replica has reached */
  gboolean verified;   /* the periodic checksum verify ran in this sync */
  gboolean repaired;   /* ... found a divergence and re-loaded a snapshot */
} RdSyncStats;

/* Wall clock in seconds since the epoch; injectable for tests. */
typedef gint64 (*RdSyncClockFunc) (gpointer user_data);

#define RD_TYPE_SYNC_CLIENT (rd_sync_client_get_type ())
G_DECLARE_FINAL_TYPE (RdSyncClient, rd_sync_client, RD, SYNC_CLIENT, GObject)

/* @server_url NULL: the server the replica last logged in to. */
RdSyncClient *rd_sync_client_new        (RdStore       *store,
                                         const char    *server_url,
                                         GError       **error);
/* POST /api/v1/session; keeps the server, token and user in the replica's
 * meta table and makes the user the owner of new records. */
gboolean      rd_sync_client_login      (RdSyncClient  *self,
                                         const char    *username,
                                         const char    *password,
                                         GCancellable  *cancellable,
                                         GError       **error);
/* Takes a session someone else opened on the same server (the app's sign-in: a token and
 * the user it belongs to) instead of logging in again; kept like rd_sync_client_login's. */
gboolean      rd_sync_client_use_session (RdSyncClient  *self,
                                          const char    *token,
                                          const char    *username,
                                          const char    *user_id,
                                          GError       **error);
/* Snapshot (first time), pull, push, in that order: pulling first lets a local
 * edit still in the outbox meet a concurrent remote one, so the loser is kept
 * in conflicts here as well as on the server. */
gboolean      rd_sync_client_sync       (RdSyncClient  *self,
                                         RdSyncStats   *stats,
                                         GCancellable  *cancellable,
                                         GError       **error);
gboolean      rd_sync_client_pull       (RdSyncClient  *self,
                                         RdSyncStats   *stats,
                                         GCancellable  *cancellable,
                                         GError       **error);
gboolean      rd_sync_client_push       (RdSyncClient  *self,
                                         RdSyncStats   *stats,
                                         GCancellable  *cancellable,
                                         GError       **error);
/* Divergence check: pulls, then compares per-table row counts, clock sums and value
 * sums with the server's over what this account sees. On a mismatch *match is FALSE
 * and the cursor is cleared, so the next sync loads a fresh snapshot, forgetting the
 * differing tables' rows first (a repair). A server behind the replica's cursor (restored
 * from a backup) is a mismatch of every table. Fails while the outbox has entries (push
 * first). */
gboolean      rd_sync_client_verify     (RdSyncClient  *self,
                                         gboolean      *match,
                                         GCancellable  *cancellable,
                                         GError       **error);
/* Rebuilds the replica from the server: pushes its outbox first (a failure stops here,
 * nothing lost), then forgets every synced row (no pending edit is left after the push) and
 * loads a fresh snapshot, then pulls. Conflicts and meta are kept. */
gboolean      rd_sync_client_rebuild    (RdSyncClient  *self,
                                         RdSyncStats   *stats,
                                         GCancellable  *cancellable,
                                         GError       **error);
/* The long poll of /api/v1/events: blocks until the server's sequence passes
 * this replica's cursor, or @timeout_seconds (at most 120) pass. Returns the
 * server sequence (-1 on error): pull when it is past the cursor. */
gint64        rd_sync_client_wait       (RdSyncClient  *self,
                                         guint          timeout_seconds,
                                         GCancellable  *cancellable,
                                         GError       **error);
/* For the app: one sync in a worker thread, on its own RdStore opened at
 * @replica_path (WAL lets the UI's store keep reading and writing), against the
 * server the replica logged in to. Finish on the caller's main context. */
void          rd_sync_client_sync_async  (const char          *replica_path,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
gboolean      rd_sync_client_sync_finish (GAsyncResult        *result,
                                          RdSyncStats         *stats,
                                          GError             **error);
/* Sends @text as an SMS to @phone (one of the record's phones) from record @record_id
 * of the replica: POST /api/v1/messages/sms. Returns the server's message row (status
 * "queued"); the row and its later status reach the replica by sync. */
JsonObject   *rd_sync_client_send_sms    (RdSyncClient        *self,
                                          const char          *record_id,
                                          const char          *phone,
                                          const char          *text,
                                          GCancellable        *cancellable,
                                          GError             **error);
/* For the app: the send in a worker thread on its own RdStore at @replica_path, then one
 * sync so the message is in the replica at once. Finish on the caller's main context. */
void          rd_sync_client_send_sms_async  (const char          *replica_path,
                                              const char          *record_id,
                                              const char          *phone,
                                              const char          *text,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
JsonObject   *rd_sync_client_send_sms_finish (GAsyncResult        *result,
                                              GError             **error);
/* The most an e-mail's attachments may take in all (the server's limit, docs/api.md). */
#define RD_SYNC_EMAIL_MAX_ATTACHMENTS (10 * 1024 * 1024)
/* Sends an e-mail from record @record_id of the replica: POST /api/v1/messages/email with
 * @email (to, cc, subject, html, text, reply_to_message, as docs/api.md says) and the files
 * @attachments (paths, may be NULL) read and encoded here, refused before the upload when
 * they are larger than RD_SYNC_EMAIL_MAX_ATTACHMENTS. Returns the server's message row. */
JsonObject   *rd_sync_client_send_email  (RdSyncClient        *self,
                                          const char          *record_id,
                                          JsonObject          *email,
                                          const char * const  *attachments,
                                          GCancellable        *cancellable,
                                          GError             **error);
/* rd_sync_client_send_email() in a worker thread, then one sync (as for an SMS). */
void          rd_sync_client_send_email_async  (const char          *replica_path,
                                                const char          *record_id,
                                                JsonObject          *email,
                                                const char * const  *attachments,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
JsonObject   *rd_sync_client_send_email_finish (GAsyncResult        *result,
                                                GError             **error);

/* Outbox entries per push and log entries per pull (default 500, 2000). */
void          rd_sync_client_set_batch  (RdSyncClient  *self,
                                         guint          push_batch,
                                         guint          pull_batch);
/* Seconds a connect, a write or a read may stall before the request fails (default 30;
 * the long poll of rd_sync_client_wait() adds its own wait). A stalled server costs at
 * most this per request, and the failed request changes nothing (see docs/reliability.md). */
void          rd_sync_client_set_timeout (RdSyncClient  *self,
                                          guint          seconds);
/* Periodic divergence check: an ordinary rd_sync_client_sync() also runs
 * rd_sync_client_verify() once @every_syncs syncs or @every_seconds seconds
 * have passed since the last verify (0 disables either; default 0 and 600),
 * and on a mismatch loads a fresh snapshot in the same sync. The count and
 * time live in the replica, so they carry over between processes. */
void          rd_sync_client_set_verify_period (RdSyncClient    *self,
                                                guint            every_syncs,
                                                guint            every_seconds);
/* For tests: the clock the period is measured with (NULL: the real one). */
void          rd_sync_client_set_clock  (RdSyncClient    *self,
                                         RdSyncClockFunc  func,
                                         gpointer         user_data);
/* Trusts the CA certificates in @ca_file for an https server (e.g. a
 * self-signed one). A login remembers it in the replica for later syncs. */
gboolean      rd_sync_client_set_ca_file (RdSyncClient   *self,
                                          const char     *ca_file,
                                          GError        **error);
/* The transport, e.g. to count connections. */
RdHttpClient *rd_sync_client_get_http   (RdSyncClient  *self);
/* The server sequence this replica has applied (0: none yet). */
gint64        rd_sync_client_get_cursor (RdSyncClient  *self);
const char   *rd_sync_client_get_server (RdSyncClient  *self);

G_END_DECLS
