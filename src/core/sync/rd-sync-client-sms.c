/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rd-sync-client-private.h"

/* Sending an SMS from a record: POST /api/v1/messages/sms on the server the replica syncs
 * with (docs/messaging.md). The server writes the message row and reports its status as
 * the gateway answers; the replica receives both by ordinary sync, so the app's async
 * variant syncs right after the send. */

JsonObject *
rd_sync_client_send_sms (RdSyncClient  *self,
                         const char    *record_id,
                         const char    *phone,
                         const char    *text,
                         GCancellable  *cancellable,
                         GError       **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) request = NULL;
  g_autoptr(JsonNode) answer = NULL;
  const char *table;

  g_return_val_if_fail (RD_IS_SYNC_CLIENT (self), NULL);

  if (!rd_sync_client_require_login (self, error))
    return NULL;
  table = record_id != NULL ? rd_store_find_table (self->store, record_id) : NULL;
  if (table == NULL)
    {
      g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_NOT_FOUND, "No record with id %s",
                   record_id != NULL ? record_id : "(none)");
      return NULL;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "table");
  json_builder_add_string_value (builder, table);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, record_id);
  json_builder_set_member_name (builder, "phone");
  json_builder_add_string_value (builder, phone);
  json_builder_set_member_name (builder, "text");
  json_builder_add_string_value (builder, text);
  json_builder_end_object (builder);
  request = json_builder_get_root (builder);

  answer = rd_sync_client_request_json (self, "POST", "/api/v1/messages/sms", request,
                                        cancellable, error);
  if (answer == NULL)
    return NULL;
  return json_object_ref (json_node_get_object (answer));
}

typedef struct {
  char *replica_path;
  char *record_id;
  char *phone;
  char *text;
} SendData;

static void
send_data_free (SendData *data)
{
  g_free (data->replica_path);
  g_free (data->record_id);
  g_free (data->phone);
  g_free (data->text);
  g_free (data);
}

static JsonObject *
send_sms (RdSyncClient  *client,
          gpointer       user_data,
          GCancellable  *cancellable,
          GError       **error)
{
  SendData *data = user_data;

  return rd_sync_client_send_sms (client, data->record_id, data->phone, data->text,
                                  cancellable, error);
}

static void
send_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SendData *data = task_data;
  GError *error = NULL;
  JsonObject *message = rd_sync_client_send_from_replica (data->replica_path, "sms", send_sms,
                                                          data, cancellable, &error);

  if (message == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, message, (GDestroyNotify) json_object_unref);
}

void
rd_sync_client_send_sms_async (const char          *replica_path,
                               const char          *record_id,
                               const char          *phone,
                               const char          *text,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SendData *data;

  g_return_if_fail (replica_path != NULL);

  data = g_new0 (SendData, 1);
  data->replica_path = g_strdup (replica_path);
  data->record_id = g_strdup (record_id);
  data->phone = g_strdup (phone);
  data->text = g_strdup (text);
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, rd_sync_client_send_sms_async);
  g_task_set_task_data (task, data, (GDestroyNotify) send_data_free);
  g_task_run_in_thread (task, send_thread);
}

JsonObject *
rd_sync_client_send_sms_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rd_sync_client_send_sms_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
