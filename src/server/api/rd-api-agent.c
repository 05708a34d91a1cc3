/* SPDX-License-Identifier: GPL-3.0-or-later */
/* /api/v1/agent: the caller's own session in a campaign (login, the phone's leg token,
 * ready, pause, dispositions, logout); /api/v1/agents: the live board for managers. */
#include "config.h"

#include <string.h>

#include "rd-api-handlers.h"

static RdAgentDesk *
desk (RdApiRequest *req)
{
  return rd_server_get_desk (req->server);
}

/* The session's status; on a call (or in its wrap-up) with the card of the call: the
 * number, the lead's fields and the script with them filled in. */
static JsonNode *
status_of (RdApiRequest *req)
{
  JsonNode *status = rd_agent_desk_status (desk (req), req->caller->name);
  JsonObject *object;
  const char *call_id;

  if (status == NULL)
    {
      status = json_node_init_object (json_node_alloc (), json_object_new ());
      json_object_set_string_member (json_node_get_object (status), "agent", req->caller->name);
      json_object_set_string_member (json_node_get_object (status), "state", "logout");
      return status;
    }
  object = json_node_get_object (status);
  call_id = json_object_get_string_member_with_default (object, "call_id", NULL);
  if (call_id != NULL)
    {
      JsonNode *card = rd_center_call_card (rd_server_get_center (req->server), call_id, NULL);

      if (card != NULL)
        json_object_set_member (object, "call", card);
    }
  /* A queue call ringing for the agent (answer_mode "accept"): its card pops before the
   * answer. */
  if (call_id == NULL && rd_server_get_queues (req->server) != NULL)
    {
      JsonObject *offer = rd_queues_offer_of (rd_server_get_queues (req->server), req->caller->name);

      if (offer != NULL)
        {
          JsonNode *card = rd_center_call_card (rd_server_get_center (req->server),
                                                json_object_get_string_member (offer, "call_id"), NULL);

          if (card != NULL)
            json_object_set_member (offer, "call", card);
          json_object_set_object_member (object, "offer", offer);
        }
    }
  /* Handing the call to an outside number: how far that got. */
  if (call_id != NULL && rd_server_get_dialer (req->server) != NULL)
    {
      JsonObject *transfer = rd_dialer_transfer_status (rd_server_get_dialer (req->server),
                                                        req->caller->name);

      if (transfer != NULL)
        json_object_set_object_member (object, "transfer", transfer);
    }
  /* Previewing: the card of the lead on offer (and of the call once dialled). */
  if (json_object_get_string_member_with_default (object, "preview_lead_id", NULL) != NULL)
    {
      JsonNode *card = rd_center_lead_card (rd_server_get_center (req->server),
                                            json_object_get_string_member (object, "preview_lead_id"),
                                            json_object_get_string_member (object, "campaign_id"), NULL);

      if (card != NULL)
        json_object_set_member (object, "preview", card);
    }
  return status;
}

static void
reply_status (RdApiRequest *req)
{
  rd_api_reply_json (req, SOUP_STATUS_OK, status_of (req));
}

static void
reply_token (RdApiRequest *req,
             char         *token)
{
  g_autofree char *owned = token;
  JsonNode *status = status_of (req);
  RdDialer *dialer = rd_server_get_dialer (req->server);

  /* The phone dials sip:TOKEN@ the server's SIP address (leg_uri when the server runs its
   * switch); the token is good once, for RD_AGENT_DESK_TOKEN_TTL seconds. */
  json_object_set_string_member (json_node_get_object (status), "leg_token", owned);
  json_object_set_int_member (json_node_get_object (status), "leg_token_ttl", RD_AGENT_DESK_TOKEN_TTL);
  if (dialer != NULL)
    {
      g_autofree char *uri = rd_dialer_leg_uri (dialer, owned);

      json_object_set_string_member (json_node_get_object (status), "leg_uri", uri);
    }
  rd_api_reply_json (req, SOUP_STATUS_OK, status);
}

void
rd_api_agent_show (RdApiRequest *req)
{
  reply_status (req);
}

/* "queues": an array of queue ids (at most 50), or NULL when absent. */
static GStrv
read_queues (JsonObject  *body,
             GError     **error)
{
  JsonNode *node = json_object_get_member (body, "queues");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *array;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_strv_builder_end (builder);
  if (!JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (json_node_get_array (node)) > 50)
    goto bad;
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (item) || json_node_get_value_type (item) != G_TYPE_STRING)
        goto bad;
      g_strv_builder_add (builder, json_node_get_string (item));
    }
  return g_strv_builder_end (builder);

bad:
  g_set_error_literal (error, RD_API_ERROR, RD_API_ERROR_BAD_REQUEST,
                       "“queues” must be an array of up to 50 queue ids");
  return NULL;
}

void
rd_api_agent_login (RdApiRequest *req)
{
  static const char *const allowed[] = { "campaign_id", "queues", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonNode) campaign = NULL;
  g_auto(GStrv) queues = NULL;
  const char *campaign_id = NULL;
  char *token;

  if ((body = rd_api_read_object (req, &error)) == NULL ||
      !rd_api_check_members (body, allowed, &error) ||
      (queues = read_queues (body, &error)) == NULL ||
      !rd_api_get_string (body, "campaign_id", queues[0] == NULL, &campaign_id, &error) ||
      (campaign_id != NULL && (campaign = rd_api_campaigns_visible (req, campaign_id, &error)) == NULL) ||
      !rd_api_queues_check_member (req, (const char * const *) queues, &error))
    goto fail;
  if (campaign != NULL &&
      g_strcmp0 (json_object_get_string_member (json_node_get_object (campaign), "status"), "stopped") == 0)
    {
      g_set_error (&error, RD_API_ERROR, RD_API_ERROR_CONFLICT,
                   "the campaign is stopped; a manager starts it");
      goto fail;
    }
  token = rd_agent_desk_login_full (desk (req), req->caller->name, campaign_id,
                                    (const char * const *) queues, &error);
  if (token == NULL)
    goto fail;
  reply_token (req, token);
  return;

fail:
  rd_api_reply_error (req, error);
}

/* {"queues": [...]}: the session's queues become these (log in to or out of queues
 * without leaving the session); each one the caller is a member of. */
void
rd_api_agent_queues_put (RdApiRequest *req)
{
  static const char *const allowed[] = { "queues", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_auto(GStrv) queues = NULL;

  if ((body = rd_api_read_object (req, &error)) == NULL ||
      !rd_api_check_members (body, allowed, &error))
    goto fail;
  if (!json_object_has_member (body, "queues"))
    {
      g_set_error_literal (&error, RD_API_ERROR, RD_API_ERROR_BAD_REQUEST, "“queues” is required");
      goto fail;
    }
  if ((queues = read_queues (body, &error)) == NULL ||
      !rd_api_queues_check_member (req, (const char * const *) queues, &error) ||
      !rd_agent_desk_set_queues (desk (req), req->caller->name, (const char * const *) queues, &error))
    goto fail;
  reply_status (req);
  return;

fail:
  rd_api_reply_error (req, error);
}

/* The queue call ringing for the caller: bridged now. */
void
rd_api_agent_answer (RdApiRequest *req)
{
  g_autoptr(GError) error = NULL;
  RdQueues *queues = rd_server_get_queues (req->server);

  if (queues == NULL)
    g_set_error_literal (&error, RD_API_ERROR, RD_API_ERROR_CONFLICT, "this server takes no queue calls");
  if (error != NULL || !rd_queues_answer (queues, req->caller->name, &error))
    rd_api_reply_error (req, error);
  else
    reply_status (req);
}

void
rd_api_agent_leg (RdApiRequest *req)
{
  g_autoptr(GError) error = NULL;
  char *token = rd_agent_desk_new_token (desk (req), req->caller->name, &error);

  if (token == NULL)
    rd_api_reply_error (req, error);
  else
    reply_token (req, token);
}

void
rd_api_agent_ready (RdApiRequest *req)
{
  g_autoptr(GError) error = NULL;

  if (!rd_agent_desk_ready (desk (req), req->caller->name, &error))
    rd_api_reply_error (req, error);
  else
    reply_status (req);
}

void
rd_api_agent_pause (RdApiRequest *req)
{
  static const char *const allowed[] = { "code", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) body = NULL;
  const char *code = NULL;

  if ((body = rd_api_read_object (req, &error)) == NULL ||
      !rd_api_check_members (body, allowed, &error) ||
      !rd_api_get_string (body, "code", TRUE, &code, &error) ||
      !rd_agent_desk_pause (desk (req), req->caller->name, code, &error))
    rd_api_reply_error (req, error);
  else
    reply_status (req);
}

void
rd_api_agent_logout (RdApiRequest *req)
{
  g_autoptr(GError) error = NULL;

  if (!rd_agent_desk_logout (desk (req), req->caller->name, NULL, &error))
    rd_api_reply_error (req, error);
  else
    reply_status (req);
}

#define MAX_TAGS       20
#define MAX_TAG_CHARS  40

/* "tags": up to 20 strings of 1 to 40 characters once trimmed, without commas (the CRM keeps
 * a record's tags as comma-separated text); repeats (ignoring case) are dropped. */
static GStrv
read_tags (JsonObject  *body,
           GError     **error)
{
  JsonNode *node = json_object_get_member (body, "tags");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  JsonArray *array;
  guint n;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_strv_builder_end (builder);
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, RD_API_ERROR, RD_API_ERROR_BAD_REQUEST,
                   "“tags” must be an array of strings");
      return NULL;
    }
  array = json_node_get_array (node);
  n = json_array_get_length (array);
  if (n > MAX_TAGS)
    {
      g_set_error (error, RD_API_ERROR, RD_API_ERROR_BAD_REQUEST,
                   "at most %d tags, not %u", MAX_TAGS, n);
      return NULL;
    }
  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autofree char *tag = NULL;
      char *folded;

      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING)
        {
          g_set_error (error, RD_API_ERROR, RD_API_ERROR_BAD_REQUEST,
                       "tag %u is not a string", i + 1);
          return NULL;
        }
      tag = g_strstrip (g_strdup (json_node_get_string (element)));
      if (!g_utf8_validate (tag, -1, NULL) || *tag == '\0' || g_utf8_strlen (tag, -1) > MAX_TAG_CHARS)
        {
          g_set_error (error, RD_API_ERROR, RD_API_ERROR_BAD_REQUEST,
                       "tag %u must have 1 to %d characters", i + 1, MAX_TAG_CHARS);
          return NULL;
        }
      if (strchr (tag, ',') != NULL)
        {
          g_set_error (error, RD_API_ERROR, RD_API_ERROR_BAD_REQUEST,
                       "tag %u (“%s”) may not contain a comma", i + 1, tag);
          return NULL;
        }
      folded = g_utf8_casefold (tag, -1);
      if (!g_hash_table_add (seen, folded))
        continue;
      g_strv_builder_add (builder, tag);
    }
  return g_strv_builder_end (builder);
}

void
rd_api_agent_disposition (RdApiRequest *req)
{
  static const char *const allowed[] = { "call_id", "code", "notes", "tags", "callback_at",
                                         "callback_mine", NULL };
  g_auto(GStrv) tags = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) body = NULL;
  const char *call_id = NULL, *code = NULL, *notes = NULL;
  gboolean mine = FALSE, present = FALSE;
  gint64 callback_at = 0;
  JsonNode *at;

  if ((body = rd_api_read_object (req, &error)) == NULL ||
      !rd_api_check_members (body, allowed, &error) ||
      !rd_api_get_string (body, "call_id", TRUE, &call_id, &error) ||
      !rd_api_get_string (body, "code", TRUE, &code, &error) ||
      !rd_api_get_string (body, "notes", FALSE, &notes, &error) ||
      !rd_api_get_bool (body, "callback_mine", &present, &mine, &error) ||
      (tags = read_tags (body, &error)) == NULL)
    goto fail;
  at = json_object_get_member (body, "callback_at");
  if (at != NULL)
    {
      if (!JSON_NODE_HOLDS_VALUE (at) || json_node_get_value_type (at) != G_TYPE_INT64)
        {
          g_set_error (&error, RD_API_ERROR, RD_API_ERROR_BAD_REQUEST,
                       "callback_at is the time to call back in Unix ms");
          goto fail;
        }
      callback_at = json_node_get_int (at);
    }
  if (!rd_agent_desk_dispose (desk (req), req->caller->name, call_id, code, notes,
                              (const char * const *) tags, callback_at, mine, &error))
    goto fail;
  reply_status (req);
  return;

fail:
  rd_api_reply_error (req, error);
}

static RdDialer *
dialer_of (RdApiRequest  *req,
           GError       **error)
{
  RdDialer *dialer = rd_server_get_dialer (req->server);

  if (dialer == NULL)
    g_set_error_literal (error, RD_API_ERROR, RD_API_ERROR_CONFLICT,
                         "this server places no calls (no --sip-listen)");
  return dialer;
}

void
rd_api_agent_hangup (RdApiRequest *req)
{
  g_autoptr(GError) error = NULL;
  RdDialer *dialer = dialer_of (req, &error);

  if (dialer == NULL || !rd_dialer_hangup_agent (dialer, req->caller->name, &error))
    rd_api_reply_error (req, error);
  else
    reply_status (req);
}

/* {"number"?}: the card's number, or another of the lead's (E.164, from its alt_phones). */
void
rd_api_agent_preview_dial (RdApiRequest *req)
{
  static const char *const allowed[] = { "number", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) body = NULL;
  const char *number = NULL;
  RdDialer *dialer = NULL;

  if ((body = rd_api_read_object (req, &error)) == NULL ||
      !rd_api_check_members (body, allowed, &error) ||
      !rd_api_get_string (body, "number", FALSE, &number, &error) ||
      (dialer = dialer_of (req, &error)) == NULL ||
      !rd_dialer_preview_dial (dialer, req->caller->name, number, &error))
    rd_api_reply_error (req, error);
  else
    reply_status (req);
}

void
rd_api_agent_dial (RdApiRequest *req)
{
  static const char *const allowed[] = { "number", "country", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autofree char *e164 = NULL;
  const char *number = NULL, *country = NULL;
  RdDialer *dialer = NULL;

  if ((body = rd_api_read_object (req, &error)) == NULL ||
      !rd_api_check_members (body, allowed, &error) ||
      !rd_api_get_string (body, "number", TRUE, &number, &error) ||
      !rd_api_get_string (body, "country", FALSE, &country, &error))
    goto fail;
  /* A number written with its +prefix needs no country; one without does. */
  if (country == NULL && (number[0] != '+'))
    {
      g_set_error_literal (&error, RD_API_ERROR, RD_API_ERROR_BAD_REQUEST,
                           "country is needed for a number without its +country code");
      goto fail;
    }
  if ((e164 = rd_center_number_e164 (number, country != NULL ? country : "US", &error)) == NULL ||
      (dialer = dialer_of (req, &error)) == NULL ||
      !rd_dialer_manual_dial (dialer, req->caller->name, e164, &error))
    goto fail;
  reply_status (req);
  return;

fail:
  rd_api_reply_error (req, error);
}

/* Hand the customer on: {"agent": NAME} to a ready colleague, or {"number": N, "country": CC,
 * "mode": "blind"|"consult"} to an outside number. */
void
rd_api_agent_transfer (RdApiRequest *req)
{
  static const char *const allowed[] = { "agent", "number", "country", "mode", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autofree char *e164 = NULL;
  const char *colleague = NULL, *number = NULL, *country = NULL, *mode = NULL;
  RdDialer *dialer = NULL;

  if ((body = rd_api_read_object (req, &error)) == NULL ||
      !rd_api_check_members (body, allowed, &error) ||
      !rd_api_get_string (body, "agent", FALSE, &colleague, &error) ||
      !rd_api_get_string (body, "number", FALSE, &number, &error) ||
      !rd_api_get_string (body, "country", FALSE, &country, &error) ||
      !rd_api_get_string (body, "mode", FALSE, &mode, &error))
    goto fail;
  if ((colleague == NULL) == (number == NULL))
    {
      g_set_error_literal (&error, RD_API_ERROR, RD_API_ERROR_BAD_REQUEST,
                           "give either agent (a colleague) or number (an outside one)");
      goto fail;
    }
  if (mode != NULL && (colleague != NULL || (!g_str_equal (mode, "blind") && !g_str_equal (mode, "consult"))))
    {
      g_set_error_literal (&error, RD_API_ERROR, RD_API_ERROR_BAD_REQUEST,
                           "mode is blind or consult, for a number");
      goto fail;
    }
  if (number != NULL && country == NULL && number[0] != '+')
    {
      g_set_error_literal (&error, RD_API_ERROR, RD_API_ERROR_BAD_REQUEST,
                           "country is needed for a number without its +country code");
      goto fail;
    }
  if ((number != NULL &&
       (e164 = rd_center_number_e164 (number, country != NULL ? country : "US", &error)) == NULL) ||
      (dialer = dialer_of (req, &error)) == NULL ||
      !rd_dialer_transfer (dialer, req->caller->name, colleague, e164,
                           g_strcmp0 (mode, "consult") == 0, &error))
    goto fail;
  reply_status (req);
  return;

fail:
  rd_api_reply_error (req, error);
}

static void
transfer_end (RdApiRequest *req,
              gboolean      complete)
{
  g_autoptr(GError) error = NULL;
  RdDialer *dialer = dialer_of (req, &error);

  if (dialer == NULL || !rd_dialer_transfer_end (dialer, req->caller->name, complete, &error))
    rd_api_reply_error (req, error);
  else
    reply_status (req);
}

/* A consulted transfer: the customer goes to the number the agent talks to. */
void
rd_api_agent_transfer_complete (RdApiRequest *req)
{
  transfer_end (req, TRUE);
}

/* The transfer's number is hung up; the customer is the agent's again. */
void
rd_api_agent_transfer_cancel (RdApiRequest *req)
{
  transfer_end (req, FALSE);
}

/* The agents of the caller's campaign (not the caller), for a transfer: name and state. */
void
rd_api_agent_colleagues (RdApiRequest *req)
{
  g_autoptr(JsonNode) mine = rd_agent_desk_status (desk (req), req->caller->name);
  g_autoptr(JsonNode) all = NULL;
  JsonArray *list = json_array_new ();
  JsonNode *reply = json_node_init_object (json_node_alloc (), json_object_new ());
  JsonArray *rows;

  if (mine != NULL)
    {
      all = rd_agent_desk_list (desk (req), json_object_get_string_member (json_node_get_object (mine), "campaign_id"));
      rows = json_node_get_array (all);
      for (guint i = 0; i < json_array_get_length (rows); i++)
        {
          JsonObject *row = json_array_get_object_element (rows, i);
          JsonObject *one;

          if (g_strcmp0 (json_object_get_string_member (row, "agent"), req->caller->name) == 0)
            continue;
          one = json_object_new ();
          json_object_set_string_member (one, "agent", json_object_get_string_member (row, "agent"));
          json_object_set_string_member (one, "state", json_object_get_string_member (row, "state"));
          json_object_set_boolean_member (one, "leg_up",
                                          json_object_get_boolean_member_with_default (row, "leg_up", FALSE));
          json_array_add_object_element (list, one);
        }
    }
  json_object_set_array_member (json_node_get_object (reply), "agents", list);
  rd_api_reply_json (req, SOUP_STATUS_OK, reply);
}

void
rd_api_agent_preview_skip (RdApiRequest *req)
{
  static const char *const allowed[] = { "reason", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) body = NULL;
  const char *reason = NULL;

  if ((body = rd_api_read_object (req, &error)) == NULL ||
      !rd_api_check_members (body, allowed, &error) ||
      !rd_api_get_string (body, "reason", FALSE, &reason, &error) ||
      !rd_agent_desk_preview_skip (desk (req), req->caller->name, reason, &error))
    rd_api_reply_error (req, error);
  else
    reply_status (req);
}

/* An agent's status for the managers' board; on a call, with its number and the lead's name
 * (not the whole card: the board is read once a second). */
static JsonNode *
board_row (RdApiRequest *req,
           JsonNode     *element)
{
  JsonObject *row = json_node_get_object (element);   /* the desk's list is ours to change */
  const char *call_id = json_object_get_string_member_with_default (row, "call_id", NULL);
  g_autoptr(JsonNode) card = call_id != NULL
    ? rd_center_call_card (rd_server_get_center (req->server), call_id, NULL) : NULL;

  if (card != NULL)
    {
      JsonObject *c = json_node_get_object (card);
      JsonNode *lead = json_object_get_member (c, "lead");
      JsonObject *call = json_object_new ();

      json_object_set_string_member (call, "call_id", call_id);
      json_object_set_string_member (call, "number", json_object_get_string_member_with_default (c, "number", NULL));
      if (lead != NULL && JSON_NODE_HOLDS_OBJECT (lead))
        json_object_set_string_member (call, "name",
                                       json_object_get_string_member_with_default (json_node_get_object (lead), "name", NULL));
      json_object_set_object_member (row, "call", call);
    }
  return json_node_copy (element);
}

void
rd_api_agents_list (RdApiRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) all = NULL;
  const char *campaign_id = req->query != NULL ? g_hash_table_lookup (req->query, "campaign") : NULL;
  JsonArray *visible = json_array_new ();
  JsonNode *reply;
  JsonArray *rows;

  if (!rd_api_require_role (req, RD_API_ROLES_MANAGER, "watch agents", &error))
    {
      json_array_unref (visible);
      rd_api_reply_error (req, error);
      return;
    }
  all = rd_agent_desk_list (desk (req), campaign_id);
  rows = json_node_get_array (all);
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);
      g_autoptr(JsonNode) campaign = rd_api_campaigns_visible (
        req, json_object_get_string_member (row, "campaign_id"), NULL);

      if (campaign != NULL)
        json_array_add_element (visible, board_row (req, json_array_get_element (rows, i)));
    }
  reply = json_node_init_object (json_node_alloc (), json_object_new ());
  json_object_set_array_member (json_node_get_object (reply), "agents", visible);
  rd_api_reply_json (req, SOUP_STATUS_OK, reply);
}
