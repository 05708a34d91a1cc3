/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>

#include "rd-http-client.h"
#include "rd-recording-upload.h"

#define META_SERVER "sync.server"
#define META_TOKEN  "sync.token"
#define META_CA_FILE "sync.ca_file"

G_DEFINE_QUARK (rd-recording-upload-error-quark, rd_recording_upload_error)

/* A client for the server the replica is logged in to, with its token and
 * the CA file the sync client trusts it by (a private CA), if any. */
RdHttpClient *
rd_replica_http_client (RdStore     *store,
                        const char  *server,
                        const char  *token,
                        GError     **error)
{
  g_autoptr(RdHttpClient) http = rd_http_client_new (server, error);
  g_autofree char *ca_file = rd_store_get_meta (store, META_CA_FILE);

  if (http == NULL)
    return NULL;
  if (ca_file != NULL && *ca_file != '\0' && !rd_http_client_set_ca_file (http, ca_file, error))
    return NULL;
  rd_http_client_set_token (http, token);
  return g_steal_pointer (&http);
}

static char *
uploaded_key (const char *call_id)
{
  return g_strconcat ("recording.uploaded.", call_id, NULL);
}

gboolean
rd_recording_is_uploaded (RdStore    *store,
                          const char *call_id)
{
  g_autofree char *key = uploaded_key (call_id);
  g_autofree char *value = rd_store_get_meta (store, key);

  return value != NULL;
}

/* (id, path) of every live call record with a recording. */
static GPtrArray *
recorded_calls (RdStore *store)
{
  GPtrArray *calls = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (rd_store_get_db (store),
                          "SELECT id, recording FROM calls WHERE recording IS NOT NULL"
                          " AND recording != '' AND deleted = 0 ORDER BY started_at",
                          -1, &stmt, NULL) == SQLITE_OK)
    while (sqlite3_step (stmt) == SQLITE_ROW)
      {
        g_ptr_array_add (calls, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
        g_ptr_array_add (calls, g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
      }
  sqlite3_finalize (stmt);
  return calls;
}

gboolean
rd_recording_upload_pending (RdStore       *store,
                             guint         *uploaded,
                             GCancellable  *cancellable,
                             GError       **error)
{
  g_autofree char *server = NULL;
  g_autofree char *token = NULL;
  g_autoptr(RdHttpClient) http = NULL;
  g_autoptr(GPtrArray) calls = NULL;
  g_autoptr(GError) first_error = NULL;
  guint n = 0;

  g_return_val_if_fail (RD_IS_STORE (store), FALSE);

  if (uploaded != NULL)
    *uploaded = 0;
  server = rd_store_get_meta (store, META_SERVER);
  token = rd_store_get_meta (store, META_TOKEN);
  if (server == NULL || token == NULL)
    return TRUE;
  http = rd_replica_http_client (store, server, token, error);
  if (http == NULL)
    return FALSE;

  calls = recorded_calls (store);
  for (guint i = 0; i + 1 < calls->len; i += 2)
    {
      const char *id = g_ptr_array_index (calls, i);
      const char *path = g_ptr_array_index (calls, i + 1);
      g_autofree char *key = uploaded_key (id);
      g_autofree char *request_path = NULL;
      g_autofree char *contents = NULL;
      g_autoptr(GBytes) request_body = NULL;
      g_autoptr(GBytes) answer = NULL;
      g_autoptr(GError) local_error = NULL;
      gsize length;
      guint status;

      if (rd_recording_is_uploaded (store, id)
          || !g_file_get_contents (path, &contents, &length, NULL))
        continue;

      request_path = g_strconcat ("/api/v1/recordings/", id, NULL);
      request_body = g_bytes_new_take (g_steal_pointer (&contents), length);
      status = rd_http_client_request (http, "PUT", request_path, "audio/wav", request_body,
                                       &answer, cancellable, &local_error);
      if (status == 0)
        {
          /* Offline: the rest would fail the same way. */
          g_propagate_error (error, g_steal_pointer (&local_error));
          if (uploaded != NULL)
            *uploaded = n;
          return FALSE;
        }
      if (status == 200)
        {
          if (!rd_store_set_meta (store, key, "1", &local_error))
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          n++;
        }
      else if (status != 404 && first_error == NULL)
        {
          gsize answer_length = 0;
          const char *text = answer != NULL ? g_bytes_get_data (answer, &answer_length) : NULL;

          g_set_error (&first_error, RD_RECORDING_UPLOAD_ERROR,
                       RD_RECORDING_UPLOAD_ERROR_REFUSED,
                       "uploading the recording of call %s: HTTP %u %.*s", id, status,
                       (int) MIN (answer_length, 200), text != NULL ? text : "");
        }
    }

  if (uploaded != NULL)
    *uploaded = n;
  if (first_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&first_error));
      return FALSE;
    }
  return TRUE;
}

gboolean
rd_recording_download (RdStore       *store,
                       const char    *call_id,
                       const char    *dest_path,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autofree char *server = NULL;
  g_autofree char *token = NULL;
  g_autofree char *request_path = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(RdHttpClient) http = NULL;
  g_autoptr(GBytes) body = NULL;
  gconstpointer data;
  gsize length = 0;
  guint status;

  g_return_val_if_fail (RD_IS_STORE (store), FALSE);
  g_return_val_if_fail (call_id != NULL && dest_path != NULL, FALSE);

  server = rd_store_get_meta (store, META_SERVER);
  token = rd_store_get_meta (store, META_TOKEN);
  if (server == NULL || token == NULL)
    {
      g_set_error (error, RD_RECORDING_UPLOAD_ERROR, RD_RECORDING_UPLOAD_ERROR_REFUSED,
                   "the recording is on another machine and this replica has no server");
      return FALSE;
    }
  http = rd_replica_http_client (store, server, token, error);
  if (http == NULL)
    return FALSE;
  request_path = g_strconcat ("/api/v1/recordings/", call_id, NULL);
  status = rd_http_client_request (http, "GET", request_path, NULL, NULL, &body,
                                   cancellable, error);
  if (status == 0)
    return FALSE;
  if (status != 200 || body == NULL)
    {
      g_set_error (error, RD_RECORDING_UPLOAD_ERROR, RD_RECORDING_UPLOAD_ERROR_REFUSED,
                   "the server has no recording of call %s for you (HTTP %u)", call_id, status);
      return FALSE;
    }
  dir = g_path_get_dirname (dest_path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "cannot create %s: %s",
                   dir, g_strerror (errno));
      return FALSE;
    }
  data = g_bytes_get_data (body, &length);
  return g_file_set_contents_full (dest_path, data, length, G_FILE_SET_CONTENTS_CONSISTENT,
                                   0600, error);
}
