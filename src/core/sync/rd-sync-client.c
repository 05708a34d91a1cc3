/* SPDX-License-Identifier: GPL-3.0-or-later */
/* RdSyncClient: the object, its settings, login, the HTTP/JSON helpers, sync, verify, wait. */
#include "config.h"

#include <string.h>

#include "rd-sync-client-private.h"
#include "rd-store-remote.h"

G_DEFINE_FINAL_TYPE (RdSyncClient, rd_sync_client, G_TYPE_OBJECT)
G_DEFINE_QUARK (rd-sync-error-quark, rd_sync_error)

static void
rd_sync_client_finalize (GObject *object)
{
  RdSyncClient *self = (RdSyncClient *) object;

  g_clear_object (&self->store);
  g_clear_object (&self->http);

  G_OBJECT_CLASS (rd_sync_client_parent_class)->finalize (object);
}

static void
rd_sync_client_class_init (RdSyncClientClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rd_sync_client_finalize;
}

static void
rd_sync_client_init (RdSyncClient *self)
{
  self->push_batch = 500;
  self->timeout = 30;
  self->pull_batch = 2000;
  self->verify_every_syncs = 0;
  self->verify_every_seconds = 10 * 60;
}

RdSyncClient *
rd_sync_client_new (RdStore     *store,
                    const char  *server_url,
                    GError     **error)
{
  g_autoptr(RdSyncClient) self = NULL;
  g_autofree char *saved = rd_store_get_meta (store, META_SERVER);
  g_autofree char *token = NULL;

  g_return_val_if_fail (RD_IS_STORE (store), NULL);

  if (server_url == NULL)
    server_url = saved;
  if (server_url == NULL)
    {
      g_set_error (error, RD_SYNC_ERROR, RD_SYNC_ERROR_NOT_LOGGED_IN,
                   "this replica has no server yet: log in with --server URL");
      return NULL;
    }

  self = g_object_new (RD_TYPE_SYNC_CLIENT, NULL);
  self->store = g_object_ref (store);
  self->http = rd_http_client_new (server_url, error);
  if (self->http == NULL)
    return NULL;

  /* A token belongs to the server that gave it. */
  if (g_strcmp0 (saved, server_url) == 0)
    {
      g_autofree char *ca_file = rd_store_get_meta (store, META_CA_FILE);

      token = rd_store_get_meta (store, META_TOKEN);
      rd_http_client_set_token (self->http, token);
      if (ca_file && !rd_http_client_set_ca_file (self->http, ca_file, error))
        return NULL;
    }

  return g_steal_pointer (&self);
}

void
rd_sync_client_set_batch (RdSyncClient *self,
                          guint         push_batch,
                          guint         pull_batch)
{
  g_return_if_fail (RD_IS_SYNC_CLIENT (self));
  self->push_batch = CLAMP (push_batch, 1, 10000);
  self->pull_batch = CLAMP (pull_batch, 1, 10000);
}

void
rd_sync_client_set_timeout (RdSyncClient *self,
                            guint         seconds)
{
  g_return_if_fail (RD_IS_SYNC_CLIENT (self));
  self->timeout = CLAMP (seconds, 1, 600);
  rd_http_client_set_timeout (self->http, self->timeout);
}

void
rd_sync_client_set_verify_period (RdSyncClient *self,
                                  guint         every_syncs,
                                  guint         every_seconds)
{
  g_return_if_fail (RD_IS_SYNC_CLIENT (self));
  self->verify_every_syncs = every_syncs;
  self->verify_every_seconds = every_seconds;
}

void
rd_sync_client_set_clock (RdSyncClient    *self,
                          RdSyncClockFunc  func,
                          gpointer         user_data)
{
  g_return_if_fail (RD_IS_SYNC_CLIENT (self));
  self->clock = func;
  self->clock_data = user_data;
}

gboolean
rd_sync_client_set_ca_file (RdSyncClient  *self,
                            const char    *ca_file,
                            GError       **error)
{
  g_autofree char *absolute = NULL;

  g_return_val_if_fail (RD_IS_SYNC_CLIENT (self), FALSE);

  /* Kept in the replica: a relative path would depend on the directory. */
  if (ca_file)
    absolute = g_canonicalize_filename (ca_file, NULL);
  return rd_http_client_set_ca_file (self->http, absolute, error);
}

RdHttpClient *
rd_sync_client_get_http (RdSyncClient *self)
{
  g_return_val_if_fail (RD_IS_SYNC_CLIENT (self), NULL);
  return self->http;
}

const char *
rd_sync_client_get_server (RdSyncClient *self)
{
  g_return_val_if_fail (RD_IS_SYNC_CLIENT (self), NULL);
  return rd_http_client_get_url (self->http);
}

gint64
rd_sync_client_get_cursor (RdSyncClient *self)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (RD_IS_SYNC_CLIENT (self), 0);

  text = rd_store_get_meta (self->store, META_CURSOR);
  return text ? g_ascii_strtoll (text, NULL, 10) : 0;
}

/* ---- JSON helpers ---------------------------------------------------------- */

static JsonNode *
parse_json (GBytes  *body,
            GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  gsize length = 0;
  const char *data = body ? g_bytes_get_data (body, &length) : NULL;
  JsonNode *root = NULL;

  /* Whitespace alone parses, with no root. */
  if (data == NULL || length == 0 ||
      !json_parser_load_from_data (parser, data, length, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, RD_SYNC_ERROR, RD_SYNC_ERROR_PROTOCOL,
                   "the server’s answer is not a JSON object");
      return NULL;
    }

  return json_node_copy (root);
}

/* Turns a non-2xx answer into an error carrying the server's message. */
gboolean
rd_sync_client_http_failure (guint    status,
                             GBytes  *body,
                             GError **error)
{
  g_autoptr(JsonNode) root = parse_json (body, NULL);
  const char *message = NULL;
  const char *name = NULL;

  if (root)
    {
      message = json_object_get_string_member_with_default (json_node_get_object (root),
                                                            "message", NULL);
      name = json_object_get_string_member_with_default (json_node_get_object (root),
                                                         "error", NULL);
    }

  if (status == 401)
    g_set_error (error, RD_SYNC_ERROR, RD_SYNC_ERROR_UNAUTHORIZED,
                 "the server refused the login: %s", message ? message : "unauthorized");
  else if (status == 429)
    g_set_error (error, RD_SYNC_ERROR, RD_SYNC_ERROR_RATE_LIMITED,
                 "the server is rate-limiting this account: %s",
                 message ? message : "retry later");
  else if (status == 507)
    g_set_error (error, RD_SYNC_ERROR, RD_SYNC_ERROR_SERVER_FULL, "server answered 507 %s: %s",
                 name ? name : "", message ? message : "the server's storage is full");
  else if (message && strstr (message, "schema version"))
    g_set_error (error, RD_SYNC_ERROR, RD_SYNC_ERROR_SCHEMA, "%s", message);
  else
    g_set_error (error, RD_SYNC_ERROR, RD_SYNC_ERROR_REFUSED, "server answered %u %s: %s",
                 status, name ? name : "", message ? message : "(no message)");
  return FALSE;
}

JsonNode *
rd_sync_client_request_json (RdSyncClient  *self,
                             const char    *method,
                             const char    *path,
                             JsonNode      *request,
                             GCancellable  *cancellable,
                             GError       **error)
{
  g_autoptr(GBytes) request_body = NULL;
  g_autoptr(GBytes) body = NULL;
  guint status;

  if (request)
    {
      gsize length = 0;
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      char *text;

      json_generator_set_root (generator, request);
      text = json_generator_to_data (generator, &length);
      request_body = g_bytes_new_take (text, length);
    }

  status = rd_http_client_request (self->http, method, path, "application/json", request_body,
                                   &body, cancellable, error);
  if (status == 0)
    return NULL;
  if (status / 100 != 2)
    {
      rd_sync_client_http_failure (status, body, error);
      return NULL;
    }

  return parse_json (body, error);
}

/* ---- login ------------------------------------------------------------------ */

gboolean
rd_sync_client_login (RdSyncClient  *self,
                      const char    *username,
                      const char    *password,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) request = NULL;
  g_autoptr(JsonNode) answer = NULL;
  JsonObject *object, *user;
  const char *token, *user_id;

  g_return_val_if_fail (RD_IS_SYNC_CLIENT (self), FALSE);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "username");
  json_builder_add_string_value (builder, username);
  json_builder_set_member_name (builder, "password");
  json_builder_add_string_value (builder, password);
  json_builder_end_object (builder);
  request = json_builder_get_root (builder);

  rd_http_client_set_token (self->http, NULL);
  answer = rd_sync_client_request_json (self, "POST", "/api/v1/session", request, cancellable,
                                        error);
  if (answer == NULL)
    return FALSE;

  object = json_node_get_object (answer);
  token = json_object_get_string_member_with_default (object, "token", NULL);
  user = json_object_has_member (object, "user") &&
         JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "user"))
           ? json_object_get_object_member (object, "user") : NULL;
  user_id = user ? json_object_get_string_member_with_default (user, "id", NULL) : NULL;
  if (token == NULL || user_id == NULL)
    {
      g_set_error (error, RD_SYNC_ERROR, RD_SYNC_ERROR_PROTOCOL,
                   "the login answer has no token or user id");
      return FALSE;
    }

  return rd_sync_client_use_session (self, token, username, user_id, error);
}

gboolean
rd_sync_client_use_session (RdSyncClient  *self,
                            const char    *token,
                            const char    *username,
                            const char    *user_id,
                            GError       **error)
{
  g_return_val_if_fail (RD_IS_SYNC_CLIENT (self), FALSE);
  g_return_val_if_fail (token != NULL && username != NULL && user_id != NULL, FALSE);

  if (!rd_store_set_meta (self->store, META_SERVER, rd_http_client_get_url (self->http), error) ||
      !rd_store_set_meta (self->store, META_TOKEN, token, error) ||
      !rd_store_set_meta (self->store, META_USERNAME, username, error) ||
      !rd_store_set_meta (self->store, META_CA_FILE, rd_http_client_get_ca_file (self->http),
                          error))
    return FALSE;
  rd_store_set_user (self->store, user_id);
  rd_http_client_set_token (self->http, token);

  return TRUE;
}

gboolean
rd_sync_client_require_login (RdSyncClient  *self,
                              GError       **error)
{
  g_autofree char *token = rd_store_get_meta (self->store, META_TOKEN);

  if (token == NULL)
    {
      g_set_error (error, RD_SYNC_ERROR, RD_SYNC_ERROR_NOT_LOGGED_IN,
                   "not logged in: run login first");
      return FALSE;
    }

  return TRUE;
}

/* ---- periodic verify ----------------------------------------------------- */

static gint64
now_seconds (RdSyncClient *self)
{
  if (self->clock)
    return self->clock (self->clock_data);
  return g_get_real_time () / G_USEC_PER_SEC;
}

static gint64
get_meta_int (RdSyncClient *self,
              const char   *key,
              gint64        fallback)
{
  g_autofree char *text = rd_store_get_meta (self->store, key);

  return text ? g_ascii_strtoll (text, NULL, 10) : fallback;
}

static gboolean
set_meta_int (RdSyncClient  *self,
              const char    *key,
              gint64         value,
              GError       **error)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, value);

  return rd_store_set_meta (self->store, key, text, error);
}

/* A fresh snapshot or a verify starts the next period. */
static gboolean
verify_done (RdSyncClient  *self,
             gint64         now,
             GError       **error)
{
  return set_meta_int (self, META_VERIFIED_AT, now, error) &&
         set_meta_int (self, META_SYNCS_SINCE_VERIFY, 0, error);
}

static gboolean
verify_if_due (RdSyncClient  *self,
               RdSyncStats   *stats,
               GCancellable  *cancellable,
               GError       **error)
{
  g_autoptr(GError) local = NULL;
  gint64 now = now_seconds (self);
  gint64 verified_at = get_meta_int (self, META_VERIFIED_AT, -1);
  gint64 syncs = get_meta_int (self, META_SYNCS_SINCE_VERIFY, 0) + 1;
  gboolean due, match = TRUE;

  if (self->verify_every_syncs == 0 && self->verify_every_seconds == 0)
    return TRUE;
  /* A replica from before periodic verify: its period starts now. */
  if (verified_at < 0)
    return verify_done (self, now, error);

  due = (self->verify_every_syncs > 0 && syncs >= self->verify_every_syncs) ||
        (self->verify_every_seconds > 0 && now - verified_at >= self->verify_every_seconds);
  if (!due)
    return set_meta_int (self, META_SYNCS_SINCE_VERIFY, syncs, error);

  if (!rd_sync_client_verify (self, &match, cancellable, &local))
    {
      /* Local edits arrived or the server moved on meanwhile: next sync. */
      if (g_error_matches (local, RD_SYNC_ERROR, RD_SYNC_ERROR_BUSY))
        return set_meta_int (self, META_SYNCS_SINCE_VERIFY, syncs, error);
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  stats->verified = TRUE;
  if (!match)
    {
      /* verify() cleared the cursor: re-load now rather than next time. */
      g_info ("sync: the replica differs from the server's checksums; re-loading a snapshot");
      stats->repaired = TRUE;
      if (!rd_sync_client_load_snapshot (self, stats, cancellable, error) ||
          !rd_sync_client_pull (self, stats, cancellable, error))
        return FALSE;
    }

  return verify_done (self, now, error);
}

gboolean
rd_sync_client_sync (RdSyncClient  *self,
                     RdSyncStats   *stats,
                     GCancellable  *cancellable,
                     GError       **error)
{
  RdSyncStats local = { 0 };
  g_autofree char *cursor = NULL;

  g_return_val_if_fail (RD_IS_SYNC_CLIENT (self), FALSE);

  if (stats == NULL)
    stats = &local;
  if (!rd_sync_client_require_login (self, error))
    return FALSE;

  cursor = rd_store_get_meta (self->store, META_CURSOR);
  if (cursor == NULL &&
      (!rd_sync_client_load_snapshot (self, stats, cancellable, error) ||
       !verify_done (self, now_seconds (self), error)))
    return FALSE;

  if (!rd_sync_client_pull (self, stats, cancellable, error) ||
      !rd_sync_client_push (self, stats, cancellable, error) ||
      !verify_if_due (self, stats, cancellable, error))
    return FALSE;

  stats->cursor = rd_sync_client_get_cursor (self);
  return TRUE;
}

/* Clears the cursor and marks @tables (names, NULL: every synced table) for the repair of
 * the next snapshot (META_REPAIR), in one transaction. */
static gboolean
mark_repair (RdSyncClient  *self,
             GPtrArray     *tables,
             GError       **error)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autofree char *repair = NULL;

  if (tables == NULL)
    {
      guint n_tables = 0;
      const RdTableDesc *const *descs = rd_schema_tables (&n_tables);

      for (guint i = 0; i < n_tables; i++)
        g_ptr_array_add (names, (gpointer) descs[i]->name);
    }
  else
    for (guint i = 0; i < tables->len; i++)
      g_ptr_array_add (names, g_ptr_array_index (tables, i));
  g_ptr_array_add (names, NULL);
  repair = g_strjoinv (",", (char **) names->pdata);
  if (!rd_store_begin (self->store, error))
    return FALSE;
  if (!rd_store_set_meta (self->store, META_CURSOR, NULL, error) ||
      !rd_store_set_meta (self->store, META_REPAIR, repair, error) ||
      !rd_store_commit (self->store, error))
    {
      rd_store_rollback (self->store);
      return FALSE;
    }
  return TRUE;
}

gboolean
rd_sync_client_verify (RdSyncClient  *self,
                       gboolean      *match,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GPtrArray) pending = NULL;
  g_autoptr(GPtrArray) differing = g_ptr_array_new ();
  JsonObject *tables, *values;
  const RdTableDesc *const *descs;
  guint n_tables = 0;
  gboolean same = TRUE;
  gint64 server_seq;

  g_return_val_if_fail (RD_IS_SYNC_CLIENT (self), FALSE);

  *match = FALSE;
  if (!rd_sync_client_pull (self, NULL, cancellable, error))
    return FALSE;
  pending = rd_store_outbox_peek (self->store, 0, 1, error);
  if (pending == NULL)
    return FALSE;
  if (pending->len > 0)
    {
      g_set_error (error, RD_SYNC_ERROR, RD_SYNC_ERROR_BUSY,
                   "the outbox is not empty: push before verifying");
      return FALSE;
    }

  answer = rd_sync_client_request_json (self, "GET", "/api/v1/sync/checksum", NULL, cancellable,
                                        error);
  if (answer == NULL)
    return FALSE;
  server_seq = json_object_get_int_member_with_default (json_node_get_object (answer), "seq", -1);
  if (server_seq >= 0 && server_seq < rd_sync_client_get_cursor (self))
    {
      /* The server is behind this replica: restored from a backup. Everything is loaded
       * again from it (what it lost is lost; docs/deploy.md). */
      g_info ("sync: the server is at sequence %" G_GINT64_FORMAT ", behind this replica's %"
              G_GINT64_FORMAT ": restored from a backup? The replica is loaded again",
              server_seq, rd_sync_client_get_cursor (self));
      *match = FALSE;
      return mark_repair (self, NULL, error);
    }
  if (server_seq != rd_sync_client_get_cursor (self))
    {
      g_set_error (error, RD_SYNC_ERROR, RD_SYNC_ERROR_BUSY,
                   "the server moved on while verifying; try again");
      return FALSE;
    }
  tables = json_object_get_object_member (json_node_get_object (answer), "tables");
  if (tables == NULL)
    {
      g_set_error (error, RD_SYNC_ERROR, RD_SYNC_ERROR_PROTOCOL, "no checksums in the answer");
      return FALSE;
    }

  values = json_object_get_object_member (json_node_get_object (answer), "values");
  descs = rd_schema_tables (&n_tables);
  for (guint i = 0; i < n_tables; i++)
    {
      JsonArray *remote = json_object_has_member (tables, descs[i]->name)
                          ? json_object_get_array_member (tables, descs[i]->name) : NULL;
      RdStoreChecksum sum;
      gboolean table_same;

      if (!rd_store_table_checksum (self->store, descs[i]->name, NULL, NULL, &sum, error))
        return FALSE;
      table_same = remote != NULL && json_array_get_length (remote) == 2 &&
                   sum.rows == json_array_get_int_element (remote, 0) &&
                   sum.clocks == json_array_get_int_element (remote, 1);
      /* A server from before the values' sums sends none: rows and clocks only. */
      if (table_same && values != NULL && json_object_has_member (values, descs[i]->name))
        table_same = sum.values == json_object_get_int_member (values, descs[i]->name);
      if (!table_same)
        {
          g_info ("sync: %s differs from the server's (rows %" G_GINT64_FORMAT ", clocks %"
                  G_GINT64_FORMAT ", values %" G_GINT64_FORMAT ")", descs[i]->name, sum.rows,
                  sum.clocks, sum.values);
          g_ptr_array_add (differing, (gpointer) descs[i]->name);
          same = FALSE;
        }
    }

  /* Diverged: forget the cursor; the next sync loads a fresh snapshot, and forgets the
   * differing tables' rows first (a repair). */
  *match = same;
  return same || mark_repair (self, differing, error);
}

gboolean
rd_sync_client_rebuild (RdSyncClient  *self,
                        RdSyncStats   *stats,
                        GCancellable  *cancellable,
                        GError       **error)
{
  RdSyncStats local = { 0 };
  g_autoptr(GPtrArray) pending = NULL;

  g_return_val_if_fail (RD_IS_SYNC_CLIENT (self), FALSE);

  if (stats == NULL)
    stats = &local;
  if (!rd_sync_client_require_login (self, error) ||
      !rd_sync_client_push (self, stats, cancellable, error))
    return FALSE;
  pending = rd_store_outbox_peek (self->store, 0, 1, error);
  if (pending == NULL)
    return FALSE;
  if (pending->len > 0)
    {
      g_set_error (error, RD_SYNC_ERROR, RD_SYNC_ERROR_BUSY,
                   "new edits arrived during the push: rebuild again");
      return FALSE;
    }

  /* Every table, marked as a repair: the snapshot forgets their rows first. */
  if (!mark_repair (self, NULL, error))
    return FALSE;
  return rd_sync_client_load_snapshot (self, stats, cancellable, error) &&
         verify_done (self, now_seconds (self), error) &&
         rd_sync_client_pull (self, stats, cancellable, error);
}

gint64
rd_sync_client_wait (RdSyncClient  *self,
                     guint          timeout_seconds,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autofree char *path = NULL;
  g_autoptr(JsonNode) answer = NULL;

  g_return_val_if_fail (RD_IS_SYNC_CLIENT (self), -1);

  if (!rd_sync_client_require_login (self, error))
    return -1;

  timeout_seconds = MIN (timeout_seconds, 120);
  path = g_strdup_printf ("/api/v1/events?since=%" G_GINT64_FORMAT "&timeout=%u",
                          rd_sync_client_get_cursor (self), timeout_seconds);
  /* The answer may take the whole poll: wait a little longer than that. */
  rd_http_client_set_timeout (self->http, timeout_seconds + 15);
  answer = rd_sync_client_request_json (self, "GET", path, NULL, cancellable, error);
  rd_http_client_set_timeout (self->http, self->timeout);
  if (answer == NULL)
    return -1;

  return json_object_get_int_member_with_default (json_node_get_object (answer), "seq", 0);
}

static void
sync_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  const char *path = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(RdStore) store = rd_store_open (path, &error);
  g_autoptr(RdSyncClient) client = NULL;
  RdSyncStats *stats;

  if (store == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  client = rd_sync_client_new (store, NULL, &error);
  if (client == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  stats = g_new0 (RdSyncStats, 1);
  if (!rd_sync_client_sync (client, stats, cancellable, &error))
    {
      g_free (stats);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, stats, g_free);
}

void
rd_sync_client_sync_async (const char          *replica_path,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (replica_path != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, rd_sync_client_sync_async);
  g_task_set_task_data (task, g_strdup (replica_path), g_free);
  g_task_run_in_thread (task, sync_thread);
}

gboolean
rd_sync_client_sync_finish (GAsyncResult  *result,
                            RdSyncStats   *stats,
                            GError       **error)
{
  g_autofree RdSyncStats *done = NULL;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rd_sync_client_sync_async,
                        FALSE);

  done = g_task_propagate_pointer (G_TASK (result), error);
  if (done == NULL)
    return FALSE;
  if (stats)
    *stats = *done;
  return TRUE;
}

JsonObject *
rd_sync_client_send_from_replica (const char            *replica_path,
                                  const char            *what,
                                  RdSyncClientSendFunc   send,
                                  gpointer               data,
                                  GCancellable          *cancellable,
                                  GError               **error)
{
  g_autoptr(GError) sync_error = NULL;
  g_autoptr(RdStore) store = rd_store_open (replica_path, error);
  g_autoptr(RdSyncClient) client = NULL;
  JsonObject *message;

  if (store == NULL ||
      (client = rd_sync_client_new (store, NULL, error)) == NULL ||
      (message = send (client, data, cancellable, error)) == NULL)
    return NULL;
  /* The message row now; a failed sync only delays it to the next one. */
  if (!rd_sync_client_sync (client, NULL, cancellable, &sync_error))
    g_message ("%s: sent; the sync after it failed: %s", what, sync_error->message);
  return message;
}
