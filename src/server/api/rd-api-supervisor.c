/* SPDX-License-Identifier: GPL-3.0-or-later */
/* /api/v1/supervisor/monitor: a manager listens to an agent's calls, whispers to the agent
 * (the customer does not hear), or barges in (docs/callcenter.md, "Supervisors"). */
#include "config.h"

#include "rd-api-handlers.h"

static RdDialer *
monitor_dialer (RdApiRequest  *req,
                GError       **error)
{
  RdDialer *dialer = rd_server_get_dialer (req->server);

  if (!rd_api_require_role (req, RD_API_ROLES_MANAGER, "monitor agents", error))
    return NULL;
  if (dialer == NULL)
    g_set_error_literal (error, RD_API_ERROR, RD_API_ERROR_CONFLICT,
                         "this server places no calls (no --sip-listen)");
  return dialer;
}

/* 404 for an agent whose campaign the caller may not see, as for the campaign itself. */
static gboolean
agent_visible (RdApiRequest  *req,
               const char    *agent,
               GError       **error)
{
  g_autoptr(JsonNode) status = rd_agent_desk_status (rd_server_get_desk (req->server), agent);
  g_autoptr(JsonNode) campaign = NULL;

  if (status == NULL)
    {
      g_set_error (error, RD_AGENT_DESK_ERROR, RD_AGENT_DESK_ERROR_NO_SESSION,
                   "%s is not in a campaign", agent);
      return FALSE;
    }
  campaign = rd_api_campaigns_visible (
    req, json_object_get_string_member (json_node_get_object (status), "campaign_id"), error);
  return campaign != NULL;
}

void
rd_api_supervisor_monitor (RdApiRequest *req)
{
  static const char *const allowed[] = { "agent", "mode", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autofree char *token = NULL;
  const char *agent = NULL, *mode = NULL;
  RdDialer *dialer;
  JsonNode *reply;

  if ((dialer = monitor_dialer (req, &error)) == NULL ||
      (body = rd_api_read_object (req, &error)) == NULL ||
      !rd_api_check_members (body, allowed, &error) ||
      !rd_api_get_string (body, "agent", TRUE, &agent, &error) ||
      !rd_api_get_string (body, "mode", TRUE, &mode, &error) ||
      !agent_visible (req, agent, &error) ||
      !rd_dialer_monitor (dialer, req->caller->name, agent, mode, &token, &error))
    {
      rd_api_reply_error (req, error);
      return;
    }
  rd_api_audit (req, req->caller->name, "monitor", agent, mode);
  reply = rd_dialer_monitor_status (dialer, req->caller->name);
  if (token != NULL)
    {
      g_autofree char *uri = rd_dialer_leg_uri (dialer, token);
      JsonObject *o = json_node_get_object (reply);

      /* The supervisor's phone dials this once, within the TTL, like an agent's leg. */
      json_object_set_string_member (o, "leg_token", token);
      json_object_set_int_member (o, "leg_token_ttl", RD_AGENT_DESK_TOKEN_TTL);
      json_object_set_string_member (o, "leg_uri", uri);
    }
  rd_api_reply_json (req, SOUP_STATUS_OK, reply);
}

void
rd_api_supervisor_show (RdApiRequest *req)
{
  g_autoptr(GError) error = NULL;
  RdDialer *dialer = monitor_dialer (req, &error);

  if (dialer == NULL)
    rd_api_reply_error (req, error);
  else
    rd_api_reply_json (req, SOUP_STATUS_OK, rd_dialer_monitor_status (dialer, req->caller->name));
}

void
rd_api_supervisor_stop (RdApiRequest *req)
{
  g_autoptr(GError) error = NULL;
  RdDialer *dialer = monitor_dialer (req, &error);

  if (dialer == NULL || !rd_dialer_monitor_stop (dialer, req->caller->name, &error))
    {
      rd_api_reply_error (req, error);
      return;
    }
  rd_api_audit (req, req->caller->name, "monitor-stop", NULL, NULL);
  rd_api_reply_json (req, SOUP_STATUS_OK, rd_dialer_monitor_status (dialer, req->caller->name));
}

/* POST /supervisor/agents/NAME/pause and /logout: a manager pauses an agent or logs them
 * out (reason "supervisor" in the state log, the audit log names who). During a call or
 * its wrap-up both wait for its end (the answer's "pause_pending" / "logout_pending"):
 * no customer is cut off and no disposition lost. */
static void
force (RdApiRequest *req,
       gboolean      logout)
{
  g_autoptr(GError) error = NULL;
  RdAgentDesk *desk = rd_server_get_desk (req->server);
  const char *agent = req->params[0];
  gboolean pending = FALSE;
  g_autoptr(JsonNode) status = NULL;
  JsonNode *reply;

  if (!rd_api_require_role (req, RD_API_ROLES_MANAGER, logout ? "log agents out" : "pause agents", &error) ||
      !agent_visible (req, agent, &error) ||
      (logout ? !rd_agent_desk_force_logout (desk, agent, &pending, &error)
              : !rd_agent_desk_force_pause (desk, agent, &error)))
    {
      rd_api_reply_error (req, error);
      return;
    }
  rd_api_audit (req, req->caller->name, logout ? "force-logout" : "force-pause", agent,
                pending ? "after the call" : NULL);
  status = rd_agent_desk_status (desk, agent);
  if (status != NULL)
    reply = json_node_copy (status);
  else
    {
      reply = json_node_init_object (json_node_alloc (), json_object_new ());
      json_object_set_string_member (json_node_get_object (reply), "agent", agent);
      json_object_set_string_member (json_node_get_object (reply), "state", "logout");
    }
  rd_api_reply_json (req, SOUP_STATUS_OK, reply);
}

void
rd_api_supervisor_pause (RdApiRequest *req)
{
  force (req, FALSE);
}

void
rd_api_supervisor_logout (RdApiRequest *req)
{
  force (req, TRUE);
}
