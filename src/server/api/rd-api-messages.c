/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rd-api-handlers.h"
#include "rd-kannel-callbacks.h"
#include "rd-server-sync.h"
#include "rd-uuid.h"

/* /api/v1/messages/sms (send an SMS from a record), /messages/ID (one message), and
 * Kannel's callbacks /sms/kannel/dlr and /sms/kannel/inbound, which carry no token but the
 * configured secret (403 otherwise). Without an SMS gateway (no --sms-config) sending is
 * 409 and the callbacks 404. See docs/messaging.md. */

static void
reply_sms_error (RdApiRequest *req,
                 const GError *error)
{
  if (error->domain == RD_SMS_ERROR)
    {
      g_autoptr(GError) api_error = g_error_new_literal (
        RD_API_ERROR,
        error->code == RD_SMS_ERROR_NOT_FOUND ? RD_API_ERROR_NOT_FOUND : RD_API_ERROR_BAD_REQUEST,
        error->message);

      rd_api_reply_error (req, api_error);
      return;
    }
  rd_api_reply_error (req, error);
}

JsonNode *
rd_api_message_to_json (RdRecord *message)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  JsonObject *object = json_object_new ();
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  json_object_set_string_member (object, "id", rd_record_get_id (message));
  json_object_iter_init (&iter, rd_record_get_fields (message));
  while (json_object_iter_next (&iter, &name, &value))
    json_object_set_member (object, name, json_node_copy (value));
  json_node_take_object (node, object);
  return node;
}

static RdSmsService *
sms_service (RdApiRequest  *req,
             GError       **error)
{
  RdSmsService *sms = rd_server_get_sms (req->server);

  if (sms == NULL)
    g_set_error_literal (error, RD_API_ERROR, RD_API_ERROR_CONFLICT,
                         "this server has no SMS gateway (start it with --sms-config)");
  return sms;
}

void
rd_api_messages_send_sms (RdApiRequest *req)
{
  static const char * const members[] = { "table", "id", "phone", "text", NULL };
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RdSyncViewer) viewer = NULL;
  g_autoptr(RdRecord) message = NULL;
  const char *table, *id, *phone, *text;
  RdSmsService *sms;

  body = rd_api_read_object (req, &error);
  if (body == NULL ||
      !rd_api_check_members (body, members, &error) ||
      !rd_api_get_string (body, "table", TRUE, &table, &error) ||
      !rd_api_get_string (body, "id", TRUE, &id, &error) ||
      !rd_api_get_string (body, "phone", TRUE, &phone, &error) ||
      !rd_api_get_string (body, "text", TRUE, &text, &error) ||
      (sms = sms_service (req, &error)) == NULL)
    {
      rd_api_reply_error (req, error);
      return;
    }

  viewer = rd_sync_viewer_new (rd_server_get_db (req->server), req->caller);
  message = rd_sms_service_send (sms, viewer, table, id, phone, text, &error);
  if (message == NULL)
    {
      reply_sms_error (req, error);
      return;
    }
  rd_api_audit (req, NULL, "sms-send", rd_record_get_id (message),
                rd_record_get_string (message, "address"));
  rd_api_reply_json (req, SOUP_STATUS_ACCEPTED, rd_api_message_to_json (message));
}

/* Any message the caller may see, whichever channel (and gateway) it went through. */
void
rd_api_messages_show (RdApiRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdSyncViewer) viewer = NULL;
  g_autoptr(RdRecord) message = NULL;
  RdServerSync *sync = rd_server_get_sync (req->server);
  const char *id = req->params[0];

  viewer = rd_sync_viewer_new (rd_server_get_db (req->server), req->caller);
  if (rd_uuid_is_valid (id) && rd_server_sync_visible_record (sync, viewer, "messages", id))
    message = rd_store_get (rd_server_sync_get_store (sync), "messages", id, NULL);
  if (message == NULL)
    {
      g_set_error (&error, RD_API_ERROR, RD_API_ERROR_NOT_FOUND, "no message %s", id);
      rd_api_reply_error (req, error);
      return;
    }
  rd_api_reply_json (req, SOUP_STATUS_OK, rd_api_message_to_json (message));
}

/* The Kannel gateway behind the callbacks when the secret is right; 404 / 403 otherwise. */
static RdKannelGateway *
kannel_caller (RdApiRequest  *req,
               GError       **error)
{
  RdSmsService *sms = rd_server_get_sms (req->server);
  RdSmsGateway *gateway = sms != NULL ? rd_sms_service_get_gateway (sms) : NULL;

  if (gateway == NULL || !RD_IS_KANNEL_GATEWAY (gateway))
    {
      g_set_error_literal (error, RD_API_ERROR, RD_API_ERROR_NOT_FOUND,
                           "this server has no Kannel gateway");
      return NULL;
    }
  if (!rd_kannel_check_secret (RD_KANNEL_GATEWAY (gateway), req->query))
    {
      g_set_error_literal (error, RD_API_ERROR, RD_API_ERROR_FORBIDDEN,
                           "the callback’s “secret” is missing or wrong");
      return NULL;
    }
  return RD_KANNEL_GATEWAY (gateway);
}

void
rd_api_sms_kannel_dlr (RdApiRequest *req)
{
  g_autoptr(GError) error = NULL;
  const char *id = NULL, *reply = NULL;
  RdSmsReport report;

  if (kannel_caller (req, &error) == NULL ||
      !rd_kannel_parse_dlr (req->query, &id, &report, &reply, &error) ||
      !rd_sms_service_report (rd_server_get_sms (req->server), id, report, reply, &error))
    {
      if (error->domain == RD_API_ERROR && error->code == RD_API_ERROR_FORBIDDEN)
        rd_api_audit (req, "kannel", "sms-callback-refused", "dlr", NULL);
      reply_sms_error (req, error);
      return;
    }
  rd_api_reply_ok (req);
}

void
rd_api_sms_kannel_inbound (RdApiRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdRecord) message = NULL;
  g_autofree char *text = NULL;
  const char *from = NULL, *to = NULL;

  if (kannel_caller (req, &error) == NULL ||
      (text = rd_kannel_parse_inbound (req->query, &from, &to, &error)) == NULL ||
      (message = rd_sms_service_receive (rd_server_get_sms (req->server), from, to, text,
                                         &error)) == NULL)
    {
      if (error->domain == RD_API_ERROR && error->code == RD_API_ERROR_FORBIDDEN)
        rd_api_audit (req, "kannel", "sms-callback-refused", "inbound", NULL);
      reply_sms_error (req, error);
      return;
    }
  rd_api_reply_json (req, SOUP_STATUS_OK, rd_api_message_to_json (message));
}
