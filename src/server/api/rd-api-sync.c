/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rd-api-handlers.h"
#include "rd-server-sync.h"
#include "rd-uuid.h"

/* /api/v1/sync/push, /pull, /snapshot (SYNC.md, docs/sync.md). Every role may
 * sync; what each sees and may write is decided per row by RdServerSync. */

#define PULL_DEFAULT_LIMIT 1000
#define PULL_MAX_LIMIT 10000
#define SNAPSHOT_PAGE_ROWS 2000

static gboolean
check_schema (JsonObject  *body,
              GError     **error)
{
  JsonNode *node = json_object_get_member (body, "schema");

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    {
      g_set_error (error, RD_API_ERROR, RD_API_ERROR_BAD_REQUEST,
                   "“schema” (the replica’s schema version) must be an integer");
      return FALSE;
    }
  if (json_node_get_int (node) != RD_SCHEMA_VERSION)
    {
      g_set_error (error, RD_API_ERROR, RD_API_ERROR_CONFLICT,
                   "schema version mismatch: the replica has %" G_GINT64_FORMAT
                   ", the server %d; upgrade the %s before syncing",
                   json_node_get_int (node), RD_SCHEMA_VERSION,
                   json_node_get_int (node) < RD_SCHEMA_VERSION ? "app" : "server");
      return FALSE;
    }

  return TRUE;
}

static void
reply_sync_error (RdApiRequest *req,
                  GError       *error)
{
  if (error->domain == RD_SERVER_SYNC_ERROR)
    {
      g_autoptr(GError) api_error = g_error_new_literal (
        RD_API_ERROR,
        error->code == RD_SERVER_SYNC_ERROR_SCHEMA ? RD_API_ERROR_CONFLICT
                                                   : RD_API_ERROR_BAD_REQUEST,
        error->message);

      rd_api_reply_error (req, api_error);
      return;
    }

  rd_api_reply_error (req, error);
}

void
rd_api_sync_push (RdApiRequest *req)
{
  static const char * const members[] = { "schema", "site", "changes", "conflicts", NULL };
  RdServerSync *sync = rd_server_get_sync (req->server);
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RdSyncViewer) viewer = NULL;
  g_autoptr(JsonNode) result = NULL;
  g_autoptr(GPtrArray) deleted = g_ptr_array_new_with_free_func (g_free);
  JsonNode *changes, *conflicts;
  const char *site;

  body = rd_api_read_object (req, &error);
  if (body == NULL ||
      !rd_api_check_members (body, members, &error) ||
      !check_schema (body, &error) ||
      !rd_api_get_string (body, "site", TRUE, &site, &error))
    {
      rd_api_reply_error (req, error);
      return;
    }
  if (!rd_uuid_is_valid (site))
    {
      g_set_error (&error, RD_API_ERROR, RD_API_ERROR_BAD_REQUEST,
                   "“site” must be the replica’s UUID, not “%s”", site);
      rd_api_reply_error (req, error);
      return;
    }
  changes = json_object_get_member (body, "changes");
  if (changes == NULL || !JSON_NODE_HOLDS_ARRAY (changes))
    {
      g_set_error (&error, RD_API_ERROR, RD_API_ERROR_BAD_REQUEST,
                   "“changes” must be an array");
      rd_api_reply_error (req, error);
      return;
    }

  conflicts = json_object_get_member (body, "conflicts");
  if (conflicts != NULL && !JSON_NODE_HOLDS_ARRAY (conflicts))
    {
      g_set_error (&error, RD_API_ERROR, RD_API_ERROR_BAD_REQUEST,
                   "“conflicts” must be an array");
      rd_api_reply_error (req, error);
      return;
    }

  viewer = rd_sync_viewer_new (rd_server_get_db (req->server), req->caller);
  result = rd_server_sync_push (sync, viewer, site, json_node_get_array (changes),
                                conflicts ? json_node_get_array (conflicts) : NULL,
                                rd_server_get_options (req->server)->max_clock_skew, deleted,
                                &error);
  if (result == NULL)
    {
      reply_sync_error (req, error);
      return;
    }

  /* Record deletions go to the audit log (the replica keeps their field history). */
  for (guint i = 0; i < deleted->len; i++)
    rd_api_audit (req, NULL, "record-delete", g_ptr_array_index (deleted, i), site);

  rd_server_notify_sequence (req->server, rd_server_sync_get_seq (sync));
  rd_api_reply_json (req, SOUP_STATUS_OK, g_steal_pointer (&result));
}

void
rd_api_sync_pull (RdApiRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdSyncViewer) viewer = NULL;
  JsonNode *result;
  guint64 since, limit;

  if (!rd_api_query_uint64 (req, "since", 0, G_MAXINT64, &since, &error) ||
      !rd_api_query_uint64 (req, "limit", PULL_DEFAULT_LIMIT, PULL_MAX_LIMIT, &limit, &error))
    {
      rd_api_reply_error (req, error);
      return;
    }
  if (limit == 0)
    {
      g_set_error (&error, RD_API_ERROR, RD_API_ERROR_BAD_REQUEST,
                   "query parameter “limit” must be at least 1");
      rd_api_reply_error (req, error);
      return;
    }

  viewer = rd_sync_viewer_new (rd_server_get_db (req->server), req->caller);
  /* The replica's site (optional): the rows it pushed itself after its cursor are rows it
   * holds, so their move-out reaches it (rd-server-sync-read.c, held_at_cursor). */
  if (req->query != NULL && g_hash_table_lookup (req->query, "site") != NULL)
    {
      const char *site = g_hash_table_lookup (req->query, "site");

      if (!rd_uuid_is_valid (site))
        {
          g_set_error (&error, RD_API_ERROR, RD_API_ERROR_BAD_REQUEST,
                       "query parameter “site” must be the replica’s UUID");
          rd_api_reply_error (req, error);
          return;
        }
      viewer->site = g_strdup (site);
    }
  result = rd_server_sync_pull (rd_server_get_sync (req->server), viewer, since, limit, &error);
  if (result == NULL)
    {
      rd_api_reply_error (req, error);
      return;
    }

  rd_api_reply_json (req, SOUP_STATUS_OK, result);
}

/* ---- snapshot: chunked NDJSON, one page per written chunk ------------------ */

/* Owned by the message (object data), so it holds no reference back to it. */
typedef struct {
  SoupServerMessage *msg;
  RdSyncSnapshot *snapshot;
  gboolean        done;
} SnapshotStream;

static void
snapshot_stream_free (gpointer data)
{
  SnapshotStream *stream = data;

  rd_sync_snapshot_free (stream->snapshot);
  g_free (stream);
}

static void
snapshot_write_next (SnapshotStream *stream)
{
  SoupMessageBody *body = soup_server_message_get_response_body (stream->msg);
  g_autoptr(GError) error = NULL;
  GString *page;

  if (stream->done)
    return;

  page = g_string_new (NULL);
  if (!rd_sync_snapshot_next (stream->snapshot, SNAPSHOT_PAGE_ROWS, page, &error))
    {
      /* Headers are gone: end the body without the closing line, which the
       * client treats as an incomplete snapshot. */
      if (error)
        g_warning ("snapshot: %s", error->message);
      stream->done = TRUE;
      soup_message_body_complete (body);
      g_string_free (page, TRUE);
      return;
    }

  if (page->len > 0)
    {
      gsize len = page->len;

      soup_message_body_append (body, SOUP_MEMORY_TAKE, g_string_free (page, FALSE), len);
    }
  else
    g_string_free (page, TRUE);
  soup_server_message_unpause (stream->msg);
}

static void
snapshot_wrote_chunk_cb (SoupServerMessage *msg,
                         SnapshotStream    *stream)
{
  snapshot_write_next (stream);
}

void
rd_api_sync_snapshot (RdApiRequest *req)
{
  g_autoptr(GError) error = NULL;
  SnapshotStream *stream;
  RdSyncSnapshot *snapshot;

  snapshot = rd_sync_snapshot_new (rd_server_get_sync (req->server),
                                   rd_sync_viewer_new (rd_server_get_db (req->server),
                                                       req->caller),
                                   &error);
  if (snapshot == NULL)
    {
      rd_api_reply_error (req, error);
      return;
    }

  stream = g_new0 (SnapshotStream, 1);
  stream->msg = req->msg;
  stream->snapshot = snapshot;

  soup_server_message_set_status (req->msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_encoding (soup_server_message_get_response_headers (req->msg),
                                     SOUP_ENCODING_CHUNKED);
  soup_message_headers_set_content_type (soup_server_message_get_response_headers (req->msg),
                                         "application/x-ndjson", NULL);
  soup_message_body_set_accumulate (soup_server_message_get_response_body (req->msg), FALSE);
  g_object_set_data_full (G_OBJECT (req->msg), "rd-snapshot", stream, snapshot_stream_free);
  g_signal_connect (req->msg, "wrote-chunk", G_CALLBACK (snapshot_wrote_chunk_cb), stream);
  g_signal_connect_swapped (req->msg, "wrote-headers", G_CALLBACK (snapshot_write_next), stream);
}

void
rd_api_sync_checksum (RdApiRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdSyncViewer) viewer = rd_sync_viewer_new (rd_server_get_db (req->server),
                                                       req->caller);
  JsonNode *result = rd_server_sync_checksums (rd_server_get_sync (req->server), viewer, &error);

  if (result == NULL)
    {
      rd_api_reply_error (req, error);
      return;
    }

  rd_api_reply_json (req, SOUP_STATUS_OK, result);
}
