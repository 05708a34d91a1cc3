/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "rd-http-client.h"
#include "rd-sync-client.h"

G_BEGIN_DECLS

/* Shared by rd-sync-client.c (the object, settings, login, HTTP/JSON helpers, sync,
 * verify, wait), -pull.c (applying what the server sends, snapshot) and -push.c (the
 * outbox). */

/* Meta keys in the replica. */
#define META_SERVER   "sync.server"
#define META_TOKEN    "sync.token"
#define META_USERNAME "sync.username"
#define META_CURSOR   "sync.cursor"
#define META_CONFLICTS_SENT "sync.conflicts_sent"
#define META_CA_FILE  "sync.ca_file"
#define META_VERIFIED_AT "sync.verified_at"
#define META_SYNCS_SINCE_VERIFY "sync.syncs_since_verify"
/* The tables a verify found different ("contacts,leads"): the next snapshot forgets their
 * rows first (rd_store_forget_table), so it loads the server's values again. */
#define META_REPAIR   "sync.repair"

struct _RdSyncClient
{
  GObject       parent_instance;

  RdStore      *store;
  RdHttpClient *http;
  guint         push_batch;
  guint         pull_batch;
  guint         timeout;      /* seconds a stalled connect, write or read may take */
  guint         verify_every_syncs;
  guint         verify_every_seconds;
  RdSyncClockFunc clock;
  gpointer      clock_data;
};

/* rd-sync-client.c */

/* Turns a non-2xx answer into an error carrying the server's message. */
gboolean  rd_sync_client_http_failure   (guint          status,
                                         GBytes        *body,
                                         GError       **error);
JsonNode *rd_sync_client_request_json   (RdSyncClient  *self,
                                         const char    *method,
                                         const char    *path,
                                         JsonNode      *request,
                                         GCancellable  *cancellable,
                                         GError       **error);
gboolean  rd_sync_client_require_login  (RdSyncClient  *self,
                                         GError       **error);

/* A message sent from a record in a worker thread (SMS, e-mail): the replica at
 * @replica_path opened there, @send called with its client and @data, then a sync so the
 * new row is in the replica (a failed sync only delays it; @what names the message in
 * the log line). The server's answer, or NULL with @error. */
typedef JsonObject *(*RdSyncClientSendFunc) (RdSyncClient  *client,
                                             gpointer       data,
                                             GCancellable  *cancellable,
                                             GError       **error);
JsonObject *rd_sync_client_send_from_replica (const char            *replica_path,
                                              const char            *what,
                                              RdSyncClientSendFunc   send,
                                              gpointer               data,
                                              GCancellable          *cancellable,
                                              GError               **error);

/* rd-sync-client-pull.c */

gboolean  rd_sync_client_load_snapshot  (RdSyncClient  *self,
                                         RdSyncStats   *stats,
                                         GCancellable  *cancellable,
                                         GError       **error);

G_END_DECLS
