/* SPDX-License-Identifier: GPL-3.0-or-later */
/* /api/v1/cti/...: CTI with an outside PBX (docs/cti.md). A PBX posts its call events with
 * its own token (POST /cti/events); admins make those tokens (POST /cti/pbxes); managers say
 * which agent answers which extension (PUT /cti/extensions/EXT); an agent's app places a
 * call through the PBX (POST /cti/originate, Asterisk AMI). */
#include "config.h"

#include <string.h>

#include "rd-api-handlers.h"

#define MAX_ID_LENGTH 200

static RdCtiDesk *
cti_desk (RdApiRequest  *req,
          GError       **error)
{
  RdCtiDesk *cti = rd_server_get_cti (req->server);

  if (cti == NULL)
    g_set_error_literal (error, RD_API_ERROR, RD_API_ERROR_NOT_FOUND, "this server has no CTI");
  return cti;
}

/* The CTI desk's errors in the API's terms. */
static void
reply_cti_error (RdApiRequest *req,
                 const GError *error)
{
  g_autoptr(GError) api = NULL;

  if (error->domain != RD_CTI_ERROR)
    {
      rd_api_reply_error (req, error);
      return;
    }
  api = g_error_new_literal (RD_API_ERROR,
                             error->code == RD_CTI_ERROR_UNKNOWN_EXTENSION ? RD_API_ERROR_NOT_FOUND
                                                                           : RD_API_ERROR_BAD_REQUEST,
                             error->message);
  rd_api_reply_error (req, api);
}

/* ---- PBX tokens --------------------------------------------------------------------------- */

/* The PBX whose token the request carries (the Authorization header, or ?token=): 401 for
 * none or an unknown one, 403 for a user's session token. */
static JsonNode *
authenticate_pbx (RdApiRequest  *req,
                  RdCtiDesk     *cti,
                  GError       **error)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (req->msg);
  const char *header = soup_message_headers_get_one (headers, "Authorization");
  const char *token = req->query != NULL ? g_hash_table_lookup (req->query, "token") : NULL;
  g_autofree char *hash = NULL;
  JsonNode *pbx;

  if (header != NULL && g_ascii_strncasecmp (header, "Bearer ", 7) == 0 && header[7] != '\0')
    token = header + 7;
  if (token == NULL || *token == '\0')
    {
      g_message ("cti: an event from %s without a PBX token", req->address);
      g_set_error_literal (error, RD_API_ERROR, RD_API_ERROR_UNAUTHORIZED,
                           "PBX events need “Authorization: Bearer TOKEN” with the PBX's token"
                           " (POST /api/v1/cti/pbxes makes one)");
      return NULL;
    }
  hash = rd_token_hash (token);
  pbx = rd_center_cti_pbx_by_token (rd_cti_desk_get_center (cti), hash);
  if (pbx != NULL)
    return pbx;
  if (header != NULL && rd_api_authenticate (req, NULL))
    {
      g_message ("cti: %s posted an event with their own session token", req->caller->name);
      g_set_error (error, RD_API_ERROR, RD_API_ERROR_FORBIDDEN,
                   "this is %s's session token; PBX events need the PBX's own token", req->caller->name);
      return NULL;
    }
  g_message ("cti: an event from %s with an unknown PBX token", req->address);
  g_set_error_literal (error, RD_API_ERROR, RD_API_ERROR_UNAUTHORIZED,
                       "the PBX token is unknown");
  return NULL;
}

void
rd_api_cti_pbxes_create (RdApiRequest *req)
{
  static const char *const allowed[] = { "name", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autofree char *token = NULL;
  g_autofree char *hash = NULL;
  const char *name = NULL;
  RdCtiDesk *cti;
  JsonNode *pbx;

  if ((cti = cti_desk (req, &error)) == NULL ||
      !rd_api_require_role (req, RD_API_ROLES_ADMIN, "add PBXes", &error) ||
      (body = rd_api_read_object (req, &error)) == NULL ||
      !rd_api_check_members (body, allowed, &error) ||
      !rd_api_get_string (body, "name", TRUE, &name, &error))
    {
      rd_api_reply_error (req, error);
      return;
    }
  if (strlen (name) > 64)
    {
      g_set_error_literal (&error, RD_API_ERROR, RD_API_ERROR_BAD_REQUEST,
                           "a PBX's name has at most 64 characters");
      rd_api_reply_error (req, error);
      return;
    }
  token = rd_token_new ();
  hash = rd_token_hash (token);
  pbx = rd_center_cti_pbx_add (rd_cti_desk_get_center (cti), name, hash, req->caller->name, &error);
  if (pbx == NULL)
    {
      rd_api_reply_error (req, error);
      return;
    }
  /* The token is shown this once; the server keeps only its SHA-256. */
  json_object_set_string_member (json_node_get_object (pbx), "token", token);
  rd_api_audit (req, req->caller->name, "pbx-create", name, NULL);
  rd_api_reply_json (req, SOUP_STATUS_CREATED, pbx);
}

void
rd_api_cti_pbxes_list (RdApiRequest *req)
{
  g_autoptr(GError) error = NULL;
  JsonNode *list;
  JsonObject *reply;
  JsonNode *node;
  RdCtiDesk *cti;

  if ((cti = cti_desk (req, &error)) == NULL ||
      !rd_api_require_role (req, RD_API_ROLES_ADMIN, "list PBXes", &error) ||
      (list = rd_center_cti_pbx_list (rd_cti_desk_get_center (cti), &error)) == NULL)
    {
      rd_api_reply_error (req, error);
      return;
    }
  reply = json_object_new ();
  json_object_set_member (reply, "pbxes", list);
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, reply);
  rd_api_reply_json (req, SOUP_STATUS_OK, node);
}

/* ---- extensions --------------------------------------------------------------------------- */

static gboolean
extension_valid (const char  *extension,
                 GError     **error)
{
  gsize n = strlen (extension);

  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isalnum (extension[i]) && strchr ("*#+-_.", extension[i]) == NULL)
      n = 0;
  if (n == 0 || n > 32)
    {
      g_set_error (error, RD_API_ERROR, RD_API_ERROR_BAD_REQUEST,
                   "“%s” is no extension: 1 to 32 of A-Z a-z 0-9 * # + - _ .", extension);
      return FALSE;
    }
  return TRUE;
}

void
rd_api_cti_extensions_list (RdApiRequest *req)
{
  g_autoptr(GError) error = NULL;
  JsonNode *list, *node;
  JsonObject *reply;
  RdCtiDesk *cti;

  if ((cti = cti_desk (req, &error)) == NULL ||
      !rd_api_require_role (req, RD_API_ROLES_MANAGER, "list extensions", &error) ||
      (list = rd_center_cti_extension_list (rd_cti_desk_get_center (cti), &error)) == NULL)
    {
      rd_api_reply_error (req, error);
      return;
    }
  reply = json_object_new ();
  json_object_set_member (reply, "extensions", list);
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, reply);
  rd_api_reply_json (req, SOUP_STATUS_OK, node);
}

void
rd_api_cti_extensions_put (RdApiRequest *req)
{
  static const char *const allowed[] = { "agent", NULL };
  const char *extension = req->params[0];
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(RdUser) user = NULL;
  const char *agent = NULL;
  JsonObject *reply;
  JsonNode *node;
  RdCtiDesk *cti;

  if ((cti = cti_desk (req, &error)) == NULL ||
      !rd_api_require_role (req, RD_API_ROLES_MANAGER, "map extensions", &error) ||
      !extension_valid (extension, &error) ||
      (body = rd_api_read_object (req, &error)) == NULL ||
      !rd_api_check_members (body, allowed, &error) ||
      !rd_api_get_string (body, "agent", TRUE, &agent, &error) ||
      (user = rd_server_db_find_user (rd_server_get_db (req->server), agent, &error)) == NULL ||
      !rd_center_cti_extension_set (rd_cti_desk_get_center (cti), extension, agent, &error))
    {
      rd_api_reply_error (req, error);
      return;
    }
  rd_api_audit (req, req->caller->name, "extension-set", extension, agent);
  reply = json_object_new ();
  json_object_set_string_member (reply, "extension", extension);
  json_object_set_string_member (reply, "agent", agent);
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, reply);
  rd_api_reply_json (req, SOUP_STATUS_OK, node);
}

void
rd_api_cti_extensions_delete (RdApiRequest *req)
{
  g_autoptr(GError) error = NULL;
  RdCtiDesk *cti;

  if ((cti = cti_desk (req, &error)) == NULL ||
      !rd_api_require_role (req, RD_API_ROLES_MANAGER, "map extensions", &error) ||
      !rd_center_cti_extension_delete (rd_cti_desk_get_center (cti), req->params[0], &error))
    {
      rd_api_reply_error (req, error);
      return;
    }
  rd_api_audit (req, req->caller->name, "extension-delete", req->params[0], NULL);
  rd_api_reply_ok (req);
}

/* ---- events -------------------------------------------------------------------------------- */

/* "time": Unix ms, or ISO 8601 with a zone; 0 when absent (now). */
static gboolean
read_time (JsonObject  *body,
           gint64      *at_ms,
           GError     **error)
{
  JsonNode *node = json_object_get_member (body, "time");

  *at_ms = 0;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64 &&
      json_node_get_int (node) > 0)
    {
      *at_ms = json_node_get_int (node);
      return TRUE;
    }
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      g_autoptr(GDateTime) when = g_date_time_new_from_iso8601 (json_node_get_string (node), NULL);

      if (when != NULL)
        {
          *at_ms = g_date_time_to_unix (when) * 1000 + g_date_time_get_microsecond (when) / 1000;
          return TRUE;
        }
    }
  g_set_error_literal (error, RD_API_ERROR, RD_API_ERROR_BAD_REQUEST,
                       "“time” must be Unix milliseconds or ISO 8601 with a zone"
                       " (2026-12-07T10:00:00Z)");
  return FALSE;
}

/* What PBX templates send for "nothing" or for a number: an empty "from" of an anonymous
 * caller is no "from"; an extension or a call id written as a JSON number is its digits. */
static void
normalize_event (JsonObject *body)
{
  static const char *const optional[] = {
    "from", "to", "extension", "direction", "cause", "recording_url", "time", NULL,
  };
  static const char *const numeric[] = { "pbx_call_id", "from", "to", "extension", NULL };

  for (guint i = 0; optional[i] != NULL; i++)
    {
      JsonNode *node = json_object_get_member (body, optional[i]);

      if (node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING &&
          *json_node_get_string (node) == '\0')
        json_object_remove_member (body, optional[i]);
    }
  for (guint i = 0; numeric[i] != NULL; i++)
    {
      JsonNode *node = json_object_get_member (body, numeric[i]);

      if (node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
        {
          g_autofree char *digits = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));

          json_object_set_string_member (body, numeric[i], digits);
        }
    }
}

static gboolean
read_event (JsonObject  *body,
            RdCtiEvent  *event,
            GError     **error)
{
  static const char *const allowed[] = {
    "pbx_call_id", "event", "from", "to", "extension", "time", "recording_url", "direction",
    "cause", NULL,
  };
  const char *name = NULL;

  normalize_event (body);
  if (!rd_api_check_members (body, allowed, error) ||
      !rd_api_get_string (body, "pbx_call_id", TRUE, &event->pbx_call_id, error) ||
      !rd_api_get_string (body, "event", TRUE, &name, error) ||
      !rd_api_get_string (body, "from", FALSE, &event->from, error) ||
      !rd_api_get_string (body, "to", FALSE, &event->to, error) ||
      !rd_api_get_string (body, "extension", FALSE, &event->extension, error) ||
      !rd_api_get_string (body, "recording_url", FALSE, &event->recording_url, error) ||
      !rd_api_get_string (body, "direction", FALSE, &event->direction, error) ||
      !rd_api_get_string (body, "cause", FALSE, &event->cause, error) ||
      !read_time (body, &event->at_ms, error))
    return FALSE;
  if (strlen (event->pbx_call_id) > MAX_ID_LENGTH)
    {
      g_set_error (error, RD_API_ERROR, RD_API_ERROR_BAD_REQUEST,
                   "“pbx_call_id” has at most %d characters", MAX_ID_LENGTH);
      return FALSE;
    }
  if (!rd_cti_kind_from_name (name, &event->kind))
    {
      g_set_error (error, RD_API_ERROR, RD_API_ERROR_BAD_REQUEST,
                   "“event” must be ring, answer, transfer or hangup, not “%s”", name);
      return FALSE;
    }
  if (event->direction != NULL && !g_str_equal (event->direction, "inbound") &&
      !g_str_equal (event->direction, "outbound"))
    {
      g_set_error_literal (error, RD_API_ERROR, RD_API_ERROR_BAD_REQUEST,
                           "“direction” must be inbound or outbound");
      return FALSE;
    }
  if (event->recording_url != NULL && !g_str_has_prefix (event->recording_url, "http://") &&
      !g_str_has_prefix (event->recording_url, "https://"))
    {
      g_set_error_literal (error, RD_API_ERROR, RD_API_ERROR_BAD_REQUEST,
                           "“recording_url” must be an http:// or https:// URL");
      return FALSE;
    }
  return TRUE;
}

void
rd_api_cti_events (RdApiRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) pbx = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autofree char *call_id = NULL;
  RdCtiEvent event = { 0 };
  gboolean duplicate = FALSE;
  JsonObject *reply;
  JsonNode *node;
  RdCtiDesk *cti;

  if ((cti = cti_desk (req, &error)) == NULL ||
      (pbx = authenticate_pbx (req, cti, &error)) == NULL)
    {
      rd_api_reply_error (req, error);
      return;
    }
  event.pbx = json_object_get_string_member (json_node_get_object (pbx), "id");
  if ((body = rd_api_read_object (req, &error)) == NULL || !read_event (body, &event, &error))
    {
      g_message ("cti: PBX %s: a malformed event: %s",
                 json_object_get_string_member (json_node_get_object (pbx), "name"), error->message);
      rd_api_reply_error (req, error);
      return;
    }
  if (!rd_cti_desk_handle (cti, &event, &duplicate, &call_id, &error))
    {
      reply_cti_error (req, error);
      return;
    }
  reply = json_object_new ();
  json_object_set_string_member (reply, "call_id", call_id);
  json_object_set_boolean_member (reply, "duplicate", duplicate);
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, reply);
  rd_api_reply_json (req, SOUP_STATUS_OK, node);
}

/* ---- click-to-call ------------------------------------------------------------------------- */

/* The caller's own CTI: {"extension": EXT or null, "click_to_call": whether the server can
 * place a call on that extension (an AMI connection is configured)}; what the app shows. */
void
rd_api_cti_me (RdApiRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *extension = NULL;
  JsonObject *reply;
  JsonNode *node;
  RdCtiDesk *cti;

  if ((cti = cti_desk (req, &error)) == NULL)
    {
      rd_api_reply_error (req, error);
      return;
    }
  extension = rd_center_cti_agent_extension (rd_cti_desk_get_center (cti), req->caller->name);
  reply = json_object_new ();
  if (extension != NULL)
    json_object_set_string_member (reply, "extension", extension);
  else
    json_object_set_null_member (reply, "extension");
  json_object_set_boolean_member (reply, "click_to_call",
                                  extension != NULL && rd_server_get_cti_ami (req->server) != NULL);
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, reply);
  rd_api_reply_json (req, SOUP_STATUS_OK, node);
}

void
rd_api_cti_originate (RdApiRequest *req)
{
  static const char *const allowed[] = { "number", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autofree char *extension = NULL;
  g_autofree char *action_id = NULL;
  const char *number = NULL;
  RdCtiAmi *ami = rd_server_get_cti_ami (req->server);
  RdCtiDesk *cti;
  JsonObject *reply;
  JsonNode *node;

  if ((cti = cti_desk (req, &error)) == NULL ||
      (body = rd_api_read_object (req, &error)) == NULL ||
      !rd_api_check_members (body, allowed, &error) ||
      !rd_api_get_string (body, "number", TRUE, &number, &error))
    {
      rd_api_reply_error (req, error);
      return;
    }
  for (const char *c = number; *c != '\0'; c++)
    if (!g_ascii_isdigit (*c) && strchr ("+*# -()", *c) == NULL)
      {
        g_set_error (&error, RD_API_ERROR, RD_API_ERROR_BAD_REQUEST, "“%s” is no phone number", number);
        rd_api_reply_error (req, error);
        return;
      }
  extension = rd_center_cti_agent_extension (rd_cti_desk_get_center (cti), req->caller->name);
  if (extension == NULL)
    {
      g_set_error (&error, RD_API_ERROR, RD_API_ERROR_CONFLICT,
                   "%s has no extension on the PBX (PUT /api/v1/cti/extensions/EXT)", req->caller->name);
      rd_api_reply_error (req, error);
      return;
    }
  if (ami == NULL)
    {
      g_set_error_literal (&error, RD_API_ERROR, RD_API_ERROR_CONFLICT,
                           "this server is connected to no Asterisk (--ami)");
      rd_api_reply_error (req, error);
      return;
    }
  if (!rd_cti_ami_originate (ami, extension, number, req->caller->name, &action_id, &error))
    {
      g_autoptr(GError) api = g_error_new_literal (RD_API_ERROR, RD_API_ERROR_CONFLICT, error->message);

      rd_api_reply_error (req, api);
      return;
    }
  rd_api_audit (req, req->caller->name, "cti-originate", number, extension);
  reply = json_object_new ();
  json_object_set_string_member (reply, "action_id", action_id);
  json_object_set_string_member (reply, "extension", extension);
  json_object_set_string_member (reply, "number", number);
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, reply);
  rd_api_reply_json (req, 202, node);
}
