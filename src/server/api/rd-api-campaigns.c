/* SPDX-License-Identifier: GPL-3.0-or-later */
/* /api/v1/campaigns and /api/v1/pause-codes: managers (and admins) create, edit, start,
 * pause and stop campaigns of their team, assign agents, dispositions and leadsets; agents
 * read the campaigns they work in and the pause codes they choose from. */
#include "config.h"

#include "rd-api-handlers.h"

static gboolean
may_see (RdApiRequest *req,
         JsonObject   *campaign)
{
  RdUser *caller = req->caller;
  const char *team = json_object_get_string_member_with_default (campaign, "team", NULL);
  JsonArray *agents = json_object_get_array_member (campaign, "agents");

  switch (caller->role)
    {
    case RD_ROLE_ADMIN:
      return TRUE;
    case RD_ROLE_MANAGER:
      return team == NULL || g_strcmp0 (team, caller->team) == 0;
    case RD_ROLE_SUPPORT:
      return FALSE;
    case RD_ROLE_AGENT:
    default:
      if (team != NULL && g_strcmp0 (team, caller->team) == 0)
        return TRUE;
      for (guint i = 0; i < json_array_get_length (agents); i++)
        if (g_strcmp0 (json_array_get_string_element (agents, i), caller->name) == 0)
          return TRUE;
      return FALSE;
    }
}

JsonNode *
rd_api_campaigns_visible (RdApiRequest  *req,
                          const char    *id,
                          GError       **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(JsonNode) campaign = NULL;

  /* Campaigns are sales work: a support account is refused, not told "no such". */
  if (!rd_api_require_role (req, RD_API_ROLES_SALES, "work campaigns", error))
    return NULL;
  campaign = rd_center_campaign_get (rd_server_get_center (req->server), id, &local);
  if (campaign == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  if (!may_see (req, json_node_get_object (campaign)))
    {
      g_set_error (error, RD_API_ERROR, RD_API_ERROR_NOT_FOUND, "no campaign %s", id);
      return NULL;
    }
  return g_steal_pointer (&campaign);
}

char **
rd_api_campaigns_visible_ids (RdApiRequest  *req,
                              GError       **error)
{
  g_autoptr(JsonNode) all = rd_center_campaign_list (rd_server_get_center (req->server), NULL, NULL,
                                                     NULL, error);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  JsonArray *rows;

  if (all == NULL)
    return NULL;
  rows = json_node_get_array (all);
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *campaign = json_array_get_object_element (rows, i);

      if (may_see (req, campaign))
        g_ptr_array_add (ids, g_strdup (json_object_get_string_member (campaign, "id")));
    }
  g_ptr_array_add (ids, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&ids), FALSE);
}

/* The campaign of the path for a manager who may change it. */
static JsonNode *
editable (RdApiRequest  *req,
          const char    *action,
          GError       **error)
{
  if (!rd_api_require_role (req, RD_API_ROLES_MANAGER, action, error))
    return NULL;
  return rd_api_campaigns_visible (req, req->params[0], error);
}

/* A manager's campaigns belong to the manager's team: the team may not be set to another. */
static gboolean
check_team (RdApiRequest  *req,
            JsonObject    *fields,
            GError       **error)
{
  RdUser *caller = req->caller;

  if (caller->role != RD_ROLE_MANAGER)
    return TRUE;
  if (!json_object_has_member (fields, "team"))
    {
      if (caller->team != NULL)
        json_object_set_string_member (fields, "team", caller->team);
      return TRUE;
    }
  if (JSON_NODE_HOLDS_VALUE (json_object_get_member (fields, "team")) &&
      g_strcmp0 (json_object_get_string_member (fields, "team"), caller->team) == 0)
    return TRUE;
  g_set_error (error, RD_API_ERROR, RD_API_ERROR_FORBIDDEN,
               "role manager may only give campaigns its own team");
  return FALSE;
}

void
rd_api_campaigns_list (RdApiRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) all = NULL;
  JsonArray *visible;
  JsonNode *reply;
  JsonArray *rows;

  if (!rd_api_require_role (req, RD_API_ROLES_SALES, "read campaigns", &error))
    {
      rd_api_reply_error (req, error);
      return;
    }
  all = rd_center_campaign_list (rd_server_get_center (req->server), NULL, NULL, NULL, &error);
  visible = json_array_new ();
  if (all == NULL)
    {
      json_array_unref (visible);
      rd_api_reply_error (req, error);
      return;
    }
  rows = json_node_get_array (all);
  for (guint i = 0; i < json_array_get_length (rows); i++)
    if (may_see (req, json_array_get_object_element (rows, i)))
      json_array_add_element (visible, json_node_copy (json_array_get_element (rows, i)));

  reply = json_node_init_object (json_node_alloc (), json_object_new ());
  json_object_set_array_member (json_node_get_object (reply), "campaigns", visible);
  rd_api_reply_json (req, SOUP_STATUS_OK, reply);
}

void
rd_api_campaigns_schema (RdApiRequest *req)
{
  g_autoptr(GError) error = NULL;
  JsonNode *reply;

  if (!rd_api_require_role (req, RD_API_ROLES_SALES, "read campaigns", &error))
    {
      rd_api_reply_error (req, error);
      return;
    }
  reply = json_node_init_object (json_node_alloc (), json_object_new ());
  json_object_set_member (json_node_get_object (reply), "settings", rd_center_campaign_schema ());
  rd_api_reply_json (req, SOUP_STATUS_OK, reply);
}

void
rd_api_campaigns_create (RdApiRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) fields = NULL;
  JsonNode *campaign = NULL;

  if (!rd_api_require_role (req, RD_API_ROLES_MANAGER, "create campaigns", &error) ||
      (fields = rd_api_read_object (req, &error)) == NULL || !check_team (req, fields, &error) ||
      (campaign = rd_center_campaign_create (rd_server_get_center (req->server), fields, &error)) == NULL)
    {
      rd_api_reply_error (req, error);
      return;
    }
  rd_api_audit (req, req->caller->name, "campaign-create",
                json_object_get_string_member (json_node_get_object (campaign), "id"),
                json_object_get_string_member (json_node_get_object (campaign), "name"));
  rd_api_reply_json (req, SOUP_STATUS_CREATED, campaign);
}

void
rd_api_campaigns_show (RdApiRequest *req)
{
  g_autoptr(GError) error = NULL;
  JsonNode *campaign = rd_api_campaigns_visible (req, req->params[0], &error);

  if (campaign == NULL)
    rd_api_reply_error (req, error);
  else
    rd_api_reply_json (req, SOUP_STATUS_OK, campaign);
}

void
rd_api_campaigns_update (RdApiRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) fields = NULL;
  g_autoptr(JsonNode) before = NULL;
  JsonNode *campaign = NULL;

  if ((before = editable (req, "edit campaigns", &error)) == NULL ||
      (fields = rd_api_read_object (req, &error)) == NULL ||
      (json_object_has_member (fields, "team") && !check_team (req, fields, &error)) ||
      (campaign = rd_center_campaign_update (rd_server_get_center (req->server), req->params[0],
                                             fields, &error)) == NULL)
    {
      rd_api_reply_error (req, error);
      return;
    }
  rd_api_audit (req, req->caller->name, "campaign-update", req->params[0], NULL);
  rd_api_reply_json (req, SOUP_STATUS_OK, campaign);
}

static void
set_status (RdApiRequest *req,
            const char   *status,
            const char   *action)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) campaign = NULL;
  g_autofree char *audit = g_strconcat ("campaign-", action, NULL);

  if ((campaign = editable (req, "start, pause or stop campaigns", &error)) == NULL ||
      !rd_center_campaign_set_status (rd_server_get_center (req->server), req->params[0], status, &error))
    {
      rd_api_reply_error (req, error);
      return;
    }
  g_clear_pointer (&campaign, json_node_unref);
  rd_api_audit (req, req->caller->name, audit, req->params[0], NULL);
  campaign = rd_center_campaign_get (rd_server_get_center (req->server), req->params[0], &error);
  rd_api_reply_json (req, SOUP_STATUS_OK, g_steal_pointer (&campaign));
}

void
rd_api_campaigns_start (RdApiRequest *req)
{
  set_status (req, "running", "start");
}

void
rd_api_campaigns_pause (RdApiRequest *req)
{
  set_status (req, "paused", "pause");
}

void
rd_api_campaigns_stop (RdApiRequest *req)
{
  set_status (req, "stopped", "stop");
}

void
rd_api_campaigns_agents (RdApiRequest *req)
{
  static const char *const allowed[] = { "agents", NULL };
  RdServerDb *db = rd_server_get_db (req->server);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonNode) campaign = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  JsonNode *list;

  if ((campaign = editable (req, "assign agents", &error)) == NULL ||
      (body = rd_api_read_object (req, &error)) == NULL ||
      !rd_api_check_members (body, allowed, &error))
    goto fail;
  list = json_object_get_member (body, "agents");
  if (list == NULL || !JSON_NODE_HOLDS_ARRAY (list))
    {
      g_set_error (&error, RD_API_ERROR, RD_API_ERROR_BAD_REQUEST,
                   "the body is {\"agents\": [\"name\", ...]}");
      goto fail;
    }
  for (guint i = 0; i < json_array_get_length (json_node_get_array (list)); i++)
    {
      JsonNode *item = json_array_get_element (json_node_get_array (list), i);
      g_autoptr(RdUser) user = NULL;

      if (!JSON_NODE_HOLDS_VALUE (item) || json_node_get_value_type (item) != G_TYPE_STRING)
        {
          g_set_error (&error, RD_API_ERROR, RD_API_ERROR_BAD_REQUEST, "agents are user names");
          goto fail;
        }
      user = rd_server_db_find_user (db, json_node_get_string (item), &error);
      if (user == NULL)
        goto fail;
      g_ptr_array_add (names, g_strdup (user->name));
    }
  g_ptr_array_add (names, NULL);
  if (!rd_center_campaign_set_agents (rd_server_get_center (req->server), req->params[0],
                                      (const char * const *) names->pdata, &error))
    goto fail;
  rd_api_audit (req, req->caller->name, "campaign-agents", req->params[0], NULL);
  g_clear_pointer (&campaign, json_node_unref);
  campaign = rd_center_campaign_get (rd_server_get_center (req->server), req->params[0], &error);
  rd_api_reply_json (req, SOUP_STATUS_OK, g_steal_pointer (&campaign));
  return;

fail:
  rd_api_reply_error (req, error);
}

void
rd_api_campaigns_disposition_put (RdApiRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonNode) campaign = NULL;

  if ((campaign = editable (req, "edit dispositions", &error)) == NULL ||
      (body = rd_api_read_object (req, &error)) == NULL ||
      !rd_center_campaign_put_disposition (rd_server_get_center (req->server), req->params[0], body, &error))
    {
      rd_api_reply_error (req, error);
      return;
    }
  g_clear_pointer (&campaign, json_node_unref);
  campaign = rd_center_campaign_get (rd_server_get_center (req->server), req->params[0], &error);
  rd_api_reply_json (req, SOUP_STATUS_OK, g_steal_pointer (&campaign));
}

void
rd_api_campaigns_disposition_delete (RdApiRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) campaign = NULL;

  if ((campaign = editable (req, "edit dispositions", &error)) == NULL ||
      !rd_center_campaign_delete_disposition (rd_server_get_center (req->server), req->params[0],
                                              req->params[1], &error))
    rd_api_reply_error (req, error);
  else
    rd_api_reply_ok (req);
}

static void
leadset_attach (RdApiRequest *req,
                gboolean      attach)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) campaign = NULL;

  if ((campaign = editable (req, "attach leadsets", &error)) == NULL ||
      !rd_center_leadset_attach (rd_server_get_center (req->server), req->params[0], req->params[1],
                                 attach, &error))
    {
      rd_api_reply_error (req, error);
      return;
    }
  rd_api_audit (req, req->caller->name, attach ? "leadset-attach" : "leadset-detach",
                req->params[0], req->params[1]);
  rd_api_reply_ok (req);
}

void
rd_api_campaigns_leadset_attach (RdApiRequest *req)
{
  leadset_attach (req, TRUE);
}

void
rd_api_campaigns_leadset_detach (RdApiRequest *req)
{
  leadset_attach (req, FALSE);
}

void
rd_api_pause_codes_list (RdApiRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) campaign = NULL;
  const char *campaign_id = req->query != NULL ? g_hash_table_lookup (req->query, "campaign") : NULL;
  JsonNode *codes;
  JsonNode *reply;

  if (campaign_id != NULL && (campaign = rd_api_campaigns_visible (req, campaign_id, &error)) == NULL)
    {
      rd_api_reply_error (req, error);
      return;
    }
  codes = rd_center_pause_codes (rd_server_get_center (req->server), campaign_id, &error);
  if (codes == NULL)
    {
      rd_api_reply_error (req, error);
      return;
    }
  reply = json_node_init_object (json_node_alloc (), json_object_new ());
  json_object_set_member (json_node_get_object (reply), "pause_codes", codes);
  rd_api_reply_json (req, SOUP_STATUS_OK, reply);
}

void
rd_api_pause_codes_put (RdApiRequest *req)
{
  static const char *const allowed[] = { "code", "label", "campaign_id", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonNode) campaign = NULL;
  const char *code = NULL, *label = NULL, *campaign_id = NULL;

  if (!rd_api_require_role (req, RD_API_ROLES_MANAGER, "edit pause codes", &error) ||
      (body = rd_api_read_object (req, &error)) == NULL ||
      !rd_api_check_members (body, allowed, &error) ||
      !rd_api_get_string (body, "code", TRUE, &code, &error) ||
      !rd_api_get_string (body, "label", TRUE, &label, &error) ||
      !rd_api_get_string (body, "campaign_id", FALSE, &campaign_id, &error))
    goto fail;
  /* Global codes are for admins; a manager adds them to a campaign of theirs. */
  if (campaign_id == NULL && req->caller->role != RD_ROLE_ADMIN)
    {
      g_set_error (&error, RD_API_ERROR, RD_API_ERROR_FORBIDDEN,
                   "role manager may add pause codes to its campaigns only; give campaign_id");
      goto fail;
    }
  if (campaign_id != NULL && (campaign = rd_api_campaigns_visible (req, campaign_id, &error)) == NULL)
    goto fail;
  if (!rd_center_pause_code_put (rd_server_get_center (req->server), campaign_id, code, label, &error))
    goto fail;
  rd_api_reply_ok (req);
  return;

fail:
  rd_api_reply_error (req, error);
}
