/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The agent state log: one row per state an agent was in, at most one open per agent. */
#include "config.h"

#include "rd-center-db-private.h"

static const char *const states[] = {
  "login", "ready", "previewing", "on_call", "wrap_up", "paused", "logout", NULL,
};

gboolean
rd_center_agent_state_is_valid (const char *state)
{
  return state != NULL && g_strv_contains (states, state);
}

static gboolean
close_open (RdCenterDb  *self,
            const char  *agent,
            gint64       at_ms,
            GError     **error)
{
  g_autoptr(RdCenterStmt) stmt = rd_center_db_prepare (self,
    "UPDATE agent_states SET ended_at = max(started_at, ?2) WHERE agent = ?1 AND ended_at IS NULL",
    error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, agent, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, at_ms);
  return rd_center_db_step_done (self, stmt, "the agent's state", error);
}

static gboolean
insert_state (RdCenterDb  *self,
              const char  *agent,
              const char  *campaign_id,
              const char  *queue_id,
              const char  *state,
              const char  *reason,
              const char  *call_id,
              gint64       at_ms,
              GError     **error)
{
  g_autoptr(RdCenterStmt) stmt = rd_center_db_prepare (self,
    "INSERT INTO agent_states (agent, campaign_id, queue_id, state, reason, call_id,"
    " started_at, ended_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, CASE WHEN ?4 = 'logout' THEN ?7 END)",
    error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, agent, -1, SQLITE_TRANSIENT);
  rd_center_db_bind_text (stmt, 2, campaign_id);
  rd_center_db_bind_text (stmt, 3, queue_id);
  sqlite3_bind_text (stmt, 4, state, -1, SQLITE_TRANSIENT);
  rd_center_db_bind_text (stmt, 5, reason);
  rd_center_db_bind_text (stmt, 6, call_id);
  sqlite3_bind_int64 (stmt, 7, at_ms);
  return rd_center_db_step_done (self, stmt, "an open state of this agent", error);
}

gboolean
rd_center_agent_set_state (RdCenterDb  *self,
                           const char  *agent,
                           const char  *campaign_id,
                           const char  *queue_id,
                           const char  *state,
                           const char  *reason,
                           const char  *call_id,
                           GError     **error)
{
  gint64 now;

  g_return_val_if_fail (RD_IS_CENTER_DB (self), FALSE);

  if (agent == NULL || *agent == '\0' || !rd_center_agent_state_is_valid (state))
    {
      g_set_error (error, RD_CENTER_ERROR, RD_CENTER_ERROR_INVALID,
                   "state must be one of login, ready, previewing, on_call, wrap_up, paused, logout");
      return FALSE;
    }
  if (g_str_equal (state, "paused") && (reason == NULL || *reason == '\0'))
    {
      g_set_error (error, RD_CENTER_ERROR, RD_CENTER_ERROR_INVALID, "a pause needs a reason code");
      return FALSE;
    }

  now = rd_center_db_now (self);
  if (!rd_center_db_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;
  if (!close_open (self, agent, now, error) ||
      !insert_state (self, agent, campaign_id, queue_id, state, reason, call_id, now, error))
    {
      rd_center_db_exec (self, "ROLLBACK", NULL);
      return FALSE;
    }
  return rd_center_db_exec (self, "COMMIT", error);
}

JsonNode *
rd_center_agent_current (RdCenterDb *self,
                         const char *agent)
{
  g_autoptr(RdCenterStmt) stmt = rd_center_db_prepare (self,
    "SELECT agent, state, campaign_id, queue_id, reason, call_id, started_at AS since"
    " FROM agent_states WHERE agent = ?1 AND ended_at IS NULL", NULL);
  g_autoptr(JsonNode) rows = NULL;
  JsonArray *array;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, agent, -1, SQLITE_TRANSIENT);
  rows = rd_center_db_rows_json (stmt);
  array = json_node_get_array (rows);
  if (json_array_get_length (array) == 0)
    return NULL;
  return json_node_copy (json_array_get_element (array, 0));
}

JsonNode *
rd_center_agent_log (RdCenterDb  *self,
                     const char  *agent,
                     gint64       from_ms,
                     gint64       to_ms,
                     GError     **error)
{
  g_autoptr(RdCenterStmt) stmt = rd_center_db_prepare (self,
    "SELECT id, agent, campaign_id, queue_id, state, reason, call_id, started_at, ended_at"
    " FROM agent_states WHERE (?1 IS NULL OR agent = ?1) AND started_at < ?3"
    " AND coalesce(ended_at, ?4) >= ?2 ORDER BY started_at, id", error);

  if (stmt == NULL)
    return NULL;
  rd_center_db_bind_text (stmt, 1, agent);
  sqlite3_bind_int64 (stmt, 2, from_ms);
  sqlite3_bind_int64 (stmt, 3, to_ms);
  sqlite3_bind_int64 (stmt, 4, G_MAXINT64);
  return rd_center_db_rows_json (stmt);
}

gboolean
rd_center_agent_log_recover (RdCenterDb  *self,
                             gint64       at_ms,
                             const char  *reason,
                             GError     **error)
{
  g_autoptr(RdCenterStmt) open_rows = rd_center_db_prepare (self,
    "SELECT agent, campaign_id, queue_id FROM agent_states"
    " WHERE ended_at IS NULL AND state <> 'logout'", error);
  g_autoptr(GPtrArray) agents = g_ptr_array_new_with_free_func (g_free);

  if (open_rows == NULL)
    return FALSE;
  while (sqlite3_step (open_rows) == SQLITE_ROW)
    for (int c = 0; c < 3; c++)
      g_ptr_array_add (agents, g_strdup ((const char *) sqlite3_column_text (open_rows, c)));

  for (guint i = 0; i < agents->len; i += 3)
    if (!close_open (self, agents->pdata[i], at_ms, error) ||
        !insert_state (self, agents->pdata[i], agents->pdata[i + 1], agents->pdata[i + 2],
                       "logout", reason, NULL, at_ms, error))
      return FALSE;
  return TRUE;
}
