/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "rd-api-handlers.h"
#include "rd-email-service.h"

/* POST /api/v1/messages/email (an e-mail from a record) and
 * GET /api/v1/messages/ID/attachments/N (an attachment's bytes). Every check is made
 * before anything is written: addresses, a recipient at all, the attachments' size
 * (RD_EMAIL_MAX_ATTACHMENTS), base64 that decodes. Without --smtp sending is 409. See
 * docs/messaging.md and docs/api.md. */

static void
reply_email_error (RdApiRequest *req,
                   const GError *error)
{
  if (error->domain == RD_EMAIL_ERROR)
    {
      g_autoptr(GError) api_error = g_error_new_literal (
        RD_API_ERROR,
        error->code == RD_EMAIL_ERROR_NOT_FOUND ? RD_API_ERROR_NOT_FOUND :
        error->code == RD_EMAIL_ERROR_NO_SENDER ? RD_API_ERROR_CONFLICT :
        RD_API_ERROR_BAD_REQUEST,
        error->message);

      rd_api_reply_error (req, api_error);
      return;
    }
  rd_api_reply_error (req, error);
}

static gboolean
bad_request (GError     **error,
             const char  *message)
{
  g_set_error_literal (error, RD_API_ERROR, RD_API_ERROR_BAD_REQUEST, message);
  return FALSE;
}

/* @member: a string or an array of strings; NULL when absent. */
static gboolean
get_addresses (JsonObject   *body,
               const char   *member,
               GStrv        *addresses,
               GError      **error)
{
  JsonNode *node = json_object_get_member (body, member);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *array;

  *addresses = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      g_strv_builder_add (builder, json_node_get_string (node));
      *addresses = g_strv_builder_end (builder);
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, RD_API_ERROR, RD_API_ERROR_BAD_REQUEST,
                   "“%s” must be an address or an array of addresses", member);
      return FALSE;
    }
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (item) || json_node_get_value_type (item) != G_TYPE_STRING)
        {
          g_set_error (error, RD_API_ERROR, RD_API_ERROR_BAD_REQUEST,
                       "“%s” must hold strings only", member);
          return FALSE;
        }
      g_strv_builder_add (builder, json_node_get_string (item));
    }
  *addresses = g_strv_builder_end (builder);
  return TRUE;
}

static gboolean
is_base64 (const char *text)
{
  for (const char *p = text; *p; p++)
    if (!g_ascii_isalnum (*p) && strchr ("+/=\r\n ", *p) == NULL)
      return FALSE;
  return TRUE;
}

static gboolean
get_attachments (JsonObject  *body,
                 GPtrArray  **attachments,
                 GError     **error)
{
  JsonNode *node = json_object_get_member (body, "attachments");
  JsonArray *array;

  *attachments = g_ptr_array_new_with_free_func ((GDestroyNotify) rd_email_attachment_free);
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return bad_request (error, "“attachments” must be an array of {name, content_type, data}");
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      JsonObject *object = JSON_NODE_HOLDS_OBJECT (item) ? json_node_get_object (item) : NULL;
      const char *name = NULL, *type = NULL, *data = NULL;
      g_autoptr(GBytes) bytes = NULL;
      guchar *decoded;
      gsize length = 0;

      if (object == NULL ||
          !rd_api_get_string (object, "name", TRUE, &name, error) ||
          !rd_api_get_string (object, "content_type", FALSE, &type, error))
        {
          if (error != NULL && *error == NULL)
            bad_request (error, "each attachment must be an object {name, content_type, data}");
          return FALSE;
        }
      if (!json_object_has_member (object, "data") ||
          json_object_get_string_member_with_default (object, "data", NULL) == NULL)
        {
          g_set_error (error, RD_API_ERROR, RD_API_ERROR_BAD_REQUEST,
                       "attachment “%s” has no “data” (base64)", name);
          return FALSE;
        }
      data = json_object_get_string_member (object, "data");
      if (!is_base64 (data))
        {
          g_set_error (error, RD_API_ERROR, RD_API_ERROR_BAD_REQUEST,
                       "the “data” of attachment “%s” is not base64", name);
          return FALSE;
        }
      if (type != NULL && strchr (type, '/') == NULL)
        {
          g_set_error (error, RD_API_ERROR, RD_API_ERROR_BAD_REQUEST,
                       "“%s” is no MIME type (type/subtype)", type);
          return FALSE;
        }
      decoded = g_base64_decode (data, &length);
      bytes = g_bytes_new_take (decoded, length);
      g_ptr_array_add (*attachments, rd_email_attachment_new (name, type, bytes));
    }
  return TRUE;
}

static RdEmailService *
email_service (RdApiRequest  *req,
               GError       **error)
{
  RdEmailService *email = rd_server_get_email (req->server);

  if (email == NULL || !rd_email_service_can_send (email))
    {
      g_set_error_literal (error, RD_API_ERROR, RD_API_ERROR_CONFLICT,
                           "this server sends no e-mail (start it with --smtp)");
      return NULL;
    }
  return email;
}

void
rd_api_messages_send_email (RdApiRequest *req)
{
  static const char * const members[] = { "table", "record", "to", "cc", "subject", "html", "text",
                                          "attachments", "reply_to_message", NULL };
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RdSyncViewer) viewer = NULL;
  g_autoptr(RdRecord) message = NULL;
  g_autoptr(GPtrArray) attachments = NULL;
  g_auto(GStrv) to = NULL;
  g_auto(GStrv) cc = NULL;
  RdEmailRequest request = { 0 };
  RdEmailService *email;

  body = rd_api_read_object (req, &error);
  if (body == NULL ||
      !rd_api_check_members (body, members, &error) ||
      !rd_api_get_string (body, "table", TRUE, &request.table, &error) ||
      !rd_api_get_string (body, "record", TRUE, &request.record, &error) ||
      !get_addresses (body, "to", &to, &error) ||
      !get_addresses (body, "cc", &cc, &error) ||
      !rd_api_get_string (body, "subject", FALSE, &request.subject, &error) ||
      !rd_api_get_string (body, "html", FALSE, &request.html, &error) ||
      !rd_api_get_string (body, "text", FALSE, &request.text, &error) ||
      !rd_api_get_string (body, "reply_to_message", FALSE, &request.reply_to, &error) ||
      !get_attachments (body, &attachments, &error) ||
      (email = email_service (req, &error)) == NULL)
    {
      rd_api_reply_error (req, error);
      return;
    }
  request.to = (const char *const *) to;
  request.cc = (const char *const *) cc;
  request.attachments = attachments;

  viewer = rd_sync_viewer_new (rd_server_get_db (req->server), req->caller);
  message = rd_email_service_send (email, viewer, req->caller->uuid, &request, &error);
  if (message == NULL)
    {
      reply_email_error (req, error);
      return;
    }
  rd_api_audit (req, NULL, "email-send", rd_record_get_id (message),
                rd_record_get_string (message, "address"));
  rd_api_reply_json (req, SOUP_STATUS_ACCEPTED, rd_api_message_to_json (message));
}

/* A name safe inside Content-Disposition's quotes. */
static char *
safe_filename (const char *name)
{
  char *safe = g_strdup (name);

  for (char *p = safe; *p; p++)
    if (*p == '"' || *p == '\\' || (guchar) *p < 0x20)
      *p = '_';
  return safe;
}

void
rd_api_messages_attachment (RdApiRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdSyncViewer) viewer = NULL;
  g_autofree char *path = NULL, *name = NULL, *type = NULL, *safe = NULL, *disposition = NULL;
  RdEmailService *email = rd_server_get_email (req->server);
  guint64 index = 0;
  char *contents = NULL;
  gsize length = 0;

  if (email == NULL || !g_ascii_string_to_unsigned (req->params[1], 10, 0, G_MAXUINT, &index, NULL))
    {
      g_set_error (&error, RD_API_ERROR, RD_API_ERROR_NOT_FOUND, "no attachment %s of message %s",
                   req->params[1], req->params[0]);
      rd_api_reply_error (req, error);
      return;
    }
  viewer = rd_sync_viewer_new (rd_server_get_db (req->server), req->caller);
  path = rd_email_service_attachment (email, viewer, req->params[0], (guint) index, &name, &type,
                                      &error);
  if (path == NULL)
    {
      reply_email_error (req, error);
      return;
    }
  if (!g_file_get_contents (path, &contents, &length, &error))
    {
      g_autoptr(GError) gone = g_error_new (RD_API_ERROR, RD_API_ERROR_NOT_FOUND,
                                            "the attachment's file is gone: %s", error->message);

      rd_api_reply_error (req, gone);
      return;
    }
  safe = safe_filename (name);
  disposition = g_strdup_printf ("attachment; filename=\"%s\"", safe);
  soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                "Content-Disposition", disposition);
  soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                "X-Content-Type-Options", "nosniff");
  soup_server_message_set_status (req->msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (req->msg, type, SOUP_MEMORY_TAKE, contents, length);
}
