/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>

#include "rd-sync-client-private.h"

/* Sending an e-mail from a record: POST /api/v1/messages/email (docs/messaging.md). The
 * files are read here, in the worker, and travel base64 in the JSON body; a set larger than
 * the server's limit is refused before anything is uploaded. The row and its status (queued
 * → sent or failed) come back by ordinary sync, as for an SMS. */

static gboolean
add_attachments (JsonObject         *body,
                 const char * const *paths,
                 GCancellable       *cancellable,
                 GError            **error)
{
  g_autoptr(JsonArray) array = json_array_new ();
  guint64 total = 0;

  for (gsize i = 0; paths != NULL && paths[i] != NULL; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_path (paths[i]);
      g_autoptr(GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE ","
                                                     G_FILE_ATTRIBUTE_STANDARD_CONTENT_TYPE ","
                                                     G_FILE_ATTRIBUTE_STANDARD_DISPLAY_NAME,
                                                     G_FILE_QUERY_INFO_NONE, cancellable, error);

      if (info == NULL)
        return FALSE;
      total += (guint64) g_file_info_get_size (info);
    }
  if (total > RD_SYNC_EMAIL_MAX_ATTACHMENTS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
                   "The attachments take %.1f MB; at most %d MB can be sent",
                   total / 1048576.0, RD_SYNC_EMAIL_MAX_ATTACHMENTS / (1024 * 1024));
      return FALSE;
    }

  for (gsize i = 0; paths != NULL && paths[i] != NULL; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_path (paths[i]);
      g_autoptr(GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_CONTENT_TYPE,
                                                     G_FILE_QUERY_INFO_NONE, cancellable, NULL);
      g_autofree char *contents = NULL;
      g_autofree char *encoded = NULL;
      g_autofree char *mime = NULL;
      g_autofree char *name = g_file_get_basename (file);
      gsize length = 0;
      JsonObject *item;

      if (!g_file_load_contents (file, cancellable, &contents, &length, NULL, error))
        return FALSE;
      if (info != NULL && g_file_info_get_content_type (info) != NULL)
        mime = g_content_type_get_mime_type (g_file_info_get_content_type (info));
      encoded = g_base64_encode ((const guchar *) contents, length);
      item = json_object_new ();
      json_object_set_string_member (item, "name", name);
      json_object_set_string_member (item, "content_type", mime ? mime : "application/octet-stream");
      json_object_set_string_member (item, "data", encoded);
      json_array_add_object_element (array, item);
    }
  if (json_array_get_length (array) > 0)
    json_object_set_array_member (body, "attachments", g_steal_pointer (&array));
  return TRUE;
}

JsonObject *
rd_sync_client_send_email (RdSyncClient        *self,
                           const char          *record_id,
                           JsonObject          *email,
                           const char * const  *attachments,
                           GCancellable        *cancellable,
                           GError             **error)
{
  g_autoptr(JsonNode) request = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonNode) answer = NULL;
  JsonObject *body = json_object_new ();
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;
  const char *table;

  g_return_val_if_fail (RD_IS_SYNC_CLIENT (self), NULL);
  g_return_val_if_fail (email != NULL, NULL);

  json_node_take_object (request, body);
  if (!rd_sync_client_require_login (self, error))
    return NULL;
  table = record_id != NULL ? rd_store_find_table (self->store, record_id) : NULL;
  if (table == NULL)
    {
      g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_NOT_FOUND, "No record with id %s",
                   record_id != NULL ? record_id : "(none)");
      return NULL;
    }
  json_object_set_string_member (body, "table", table);
  json_object_set_string_member (body, "record", record_id);
  json_object_iter_init (&iter, email);
  while (json_object_iter_next (&iter, &name, &value))
    json_object_set_member (body, name, json_node_copy (value));
  if (!add_attachments (body, attachments, cancellable, error))
    return NULL;

  answer = rd_sync_client_request_json (self, "POST", "/api/v1/messages/email", request,
                                        cancellable, error);
  if (answer == NULL)
    return NULL;
  return json_object_ref (json_node_get_object (answer));
}

typedef struct {
  char        *replica_path;
  char        *record_id;
  JsonObject  *email;
  char       **attachments;
} SendData;

static void
send_data_free (SendData *data)
{
  g_free (data->replica_path);
  g_free (data->record_id);
  json_object_unref (data->email);
  g_strfreev (data->attachments);
  g_free (data);
}

static JsonObject *
send_email (RdSyncClient  *client,
            gpointer       user_data,
            GCancellable  *cancellable,
            GError       **error)
{
  SendData *data = user_data;

  return rd_sync_client_send_email (client, data->record_id, data->email,
                                    (const char * const *) data->attachments, cancellable, error);
}

static void
send_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SendData *data = task_data;
  GError *error = NULL;
  JsonObject *message = rd_sync_client_send_from_replica (data->replica_path, "email", send_email,
                                                          data, cancellable, &error);

  if (message == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, message, (GDestroyNotify) json_object_unref);
}

void
rd_sync_client_send_email_async (const char          *replica_path,
                                 const char          *record_id,
                                 JsonObject          *email,
                                 const char * const  *attachments,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SendData *data;

  g_return_if_fail (replica_path != NULL);
  g_return_if_fail (email != NULL);

  data = g_new0 (SendData, 1);
  data->replica_path = g_strdup (replica_path);
  data->record_id = g_strdup (record_id);
  data->email = json_object_ref (email);
  data->attachments = g_strdupv ((char **) attachments);
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, rd_sync_client_send_email_async);
  g_task_set_task_data (task, data, (GDestroyNotify) send_data_free);
  g_task_run_in_thread (task, send_thread);
}

JsonObject *
rd_sync_client_send_email_finish (GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rd_sync_client_send_email_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
