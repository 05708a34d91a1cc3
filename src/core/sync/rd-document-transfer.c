/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rd-document-transfer.h"
#include "rd-recording-upload.h"

#define META_SERVER "sync.server"
#define META_TOKEN  "sync.token"

static char *
meta_key (const char *what,
          const char *document_id)
{
  return g_strconcat ("document.", what, ".", document_id, NULL);
}

static gboolean
mark (RdStore     *store,
      const char  *what,
      const char  *document_id,
      const char  *value,
      GError     **error)
{
  g_autofree char *key = meta_key (what, document_id);

  return rd_store_set_meta (store, key, value, error);
}

static gboolean
marked (RdStore    *store,
        const char *what,
        const char *document_id)
{
  g_autofree char *key = meta_key (what, document_id);
  g_autofree char *value = rd_store_get_meta (store, key);

  return value != NULL;
}

char *
rd_document_get_refusal (RdStore    *store,
                         const char *document_id)
{
  g_autofree char *key = meta_key ("refused", document_id);

  return rd_store_get_meta (store, key);
}

RdDocumentState
rd_document_get_state (RdStore    *store,
                       const char *document_id)
{
  if (marked (store, "refused", document_id))
    return RD_DOCUMENT_STATE_REFUSED;
  if (marked (store, "uploaded", document_id))
    return RD_DOCUMENT_STATE_UPLOADED;
  if (rd_document_has_file (store, document_id))
    return RD_DOCUMENT_STATE_WAITING;
  return RD_DOCUMENT_STATE_REMOTE;
}

static RdHttpClient *
client_for (RdStore  *store,
            GError  **error)
{
  g_autofree char *server = rd_store_get_meta (store, META_SERVER);
  g_autofree char *token = rd_store_get_meta (store, META_TOKEN);

  if (server == NULL || token == NULL)
    return NULL;
  return rd_replica_http_client (store, server, token, error);
}

/* The ids of live documents the replica holds a file of and has not settled. */
static GPtrArray *
waiting_documents (RdStore *store)
{
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (rd_store_get_db (store),
                          "SELECT id FROM documents WHERE deleted = 0 ORDER BY created_at, id",
                          -1, &stmt, NULL) == SQLITE_OK)
    while (sqlite3_step (stmt) == SQLITE_ROW)
      {
        const char *id = (const char *) sqlite3_column_text (stmt, 0);

        if (rd_document_get_state (store, id) == RD_DOCUMENT_STATE_WAITING)
          g_ptr_array_add (ids, g_strdup (id));
      }
  sqlite3_finalize (stmt);
  return ids;
}

static char *
answer_message (GBytes *answer)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize length = 0;
  const char *text = answer != NULL ? g_bytes_get_data (answer, &length) : NULL;
  JsonNode *root;

  if (text != NULL && json_parser_load_from_data (parser, text, length, NULL) &&
      (root = json_parser_get_root (parser)) != NULL && JSON_NODE_HOLDS_OBJECT (root))
    return g_strdup (json_object_get_string_member_with_default (json_node_get_object (root),
                                                                 "message", "refused"));
  return g_strdup ("refused");
}

gboolean
rd_document_upload_pending (RdStore       *store,
                            guint         *uploaded,
                            GCancellable  *cancellable,
                            GError       **error)
{
  g_autoptr(RdHttpClient) http = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GError) local = NULL;
  guint n = 0;

  g_return_val_if_fail (RD_IS_STORE (store), FALSE);

  if (uploaded != NULL)
    *uploaded = 0;
  http = client_for (store, &local);
  if (http == NULL)
    {
      if (local == NULL)
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }

  ids = waiting_documents (store);
  for (guint i = 0; i < ids->len; i++)
    {
      const char *id = g_ptr_array_index (ids, i);
      g_autoptr(RdRecord) record = rd_store_get (store, "documents", id, NULL);
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GBytes) answer = NULL;
      g_autoptr(GError) file_error = NULL;
      g_autofree char *path = NULL;
      guint status;

      bytes = rd_document_read (store, id, &file_error);
      if (record == NULL || bytes == NULL)
        {
          /* A local file that no longer matches its record: say so, never send it. */
          if (record != NULL && !mark (store, "refused", id, file_error->message, error))
            return FALSE;
          continue;
        }
      path = g_strconcat ("/api/v1/documents/", id, NULL);
      status = rd_http_client_request (http, "PUT", path,
                                       rd_record_get_string (record, "content_type"), bytes,
                                       &answer, cancellable, &local);
      if (status == 0)
        {
          /* Offline: the others would fail the same way; the next sync tries again. */
          g_propagate_error (error, g_steal_pointer (&local));
          if (uploaded != NULL)
            *uploaded = n;
          return FALSE;
        }
      if (status == 200)
        {
          if (!mark (store, "uploaded", id, "1", error))
            return FALSE;
          n++;
        }
      else if (status == 400 || status == 413 || status == 415)
        {
          g_autofree char *message = answer_message (answer);

          if (!mark (store, "refused", id, message, error))
            return FALSE;
        }
      /* 404: the record has not reached the server; 5xx, 429: later. */
    }

  if (uploaded != NULL)
    *uploaded = n;
  return TRUE;
}

gboolean
rd_document_fetch (RdStore       *store,
                   const char    *document_id,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autoptr(RdHttpClient) http = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *path = NULL;
  guint status;

  g_return_val_if_fail (RD_IS_STORE (store), FALSE);

  if (rd_document_has_file (store, document_id))
    return TRUE;
  path = rd_document_files_path (store, document_id, error);
  if (path == NULL)
    return FALSE;
  g_clear_pointer (&path, g_free);

  http = client_for (store, &local);
  if (http == NULL)
    {
      if (local == NULL)
        g_set_error_literal (&local, RD_DOCUMENT_ERROR, RD_DOCUMENT_ERROR_INVALID,
                             "the file is on the server and this replica has none");
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  path = g_strconcat ("/api/v1/documents/", document_id, NULL);
  status = rd_http_client_request (http, "GET", path, NULL, NULL, &body, cancellable, error);
  if (status == 0)
    return FALSE;
  if (status != 200 || body == NULL)
    {
      g_autofree char *message = answer_message (body);

      g_set_error (error, RD_DOCUMENT_ERROR, RD_DOCUMENT_ERROR_INVALID,
                   "the server did not give the file (HTTP %u: %s)", status, message);
      return FALSE;
    }
  return rd_document_keep (store, document_id, body, error) &&
         mark (store, "uploaded", document_id, "1", error);
}
