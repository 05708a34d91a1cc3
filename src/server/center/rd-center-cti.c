/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CTI with an outside PBX in callcenter.db: the PBXes and their tokens, extensions and their
 * agents, the call rows a PBX reported and the events already applied to them. */
#include "config.h"

#include "rd-center-cti.h"
#include "rd-center-db-private.h"
#include "rd-uuid.h"

static const char *const kind_names[] = { "ring", "answer", "transfer", "hangup" };

static char *
single_text (RdCenterDb *self,
             const char *sql,
             const char *a,
             const char *b)
{
  g_autoptr(RdCenterStmt) stmt = rd_center_db_prepare (self, sql, NULL);

  if (stmt == NULL)
    return NULL;
  rd_center_db_bind_text (stmt, 1, a);
  if (b != NULL)
    rd_center_db_bind_text (stmt, 2, b);
  if (sqlite3_step (stmt) != SQLITE_ROW || sqlite3_column_type (stmt, 0) == SQLITE_NULL)
    return NULL;
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

char *
rd_center_cti_call_id (RdCenterDb *self,
                       const char *pbx,
                       const char *pbx_call_id)
{
  g_return_val_if_fail (RD_IS_CENTER_DB (self), NULL);
  return single_text (self, "SELECT call_id FROM cti_calls WHERE pbx = ?1 AND pbx_call_id = ?2",
                      pbx, pbx_call_id);
}

/* The row of @event's call, made when this is the first event the PBX told of it. */
static char *
call_row (RdCenterDb              *self,
          const RdCenterCtiEvent  *event,
          GError                 **error)
{
  g_autoptr(RdCenterStmt) call = NULL;
  g_autoptr(RdCenterStmt) link = NULL;
  g_autofree char *id = rd_center_cti_call_id (self, event->pbx, event->pbx_call_id);

  if (id != NULL)
    return g_steal_pointer (&id);

  id = rd_uuid_v7 ();
  call = rd_center_db_prepare (self,
    "INSERT INTO calls (id, direction, number, caller_id, agent, created_at, crm_filed)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0)", error);
  link = rd_center_db_prepare (self,
    "INSERT INTO cti_calls (pbx, pbx_call_id, call_id) VALUES (?1, ?2, ?3)", error);
  if (call == NULL || link == NULL)
    return NULL;
  sqlite3_bind_text (call, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (call, 2, g_strcmp0 (event->direction, "outbound") == 0 ? "outbound" : "inbound",
                     -1, SQLITE_STATIC);
  rd_center_db_bind_text (call, 3, event->number);
  rd_center_db_bind_text (call, 4, event->caller_id);
  rd_center_db_bind_text (call, 5, event->agent);
  sqlite3_bind_int64 (call, 6, event->at_ms);
  sqlite3_bind_text (link, 1, event->pbx, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (link, 2, event->pbx_call_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (link, 3, id, -1, SQLITE_TRANSIENT);
  if (!rd_center_db_step_done (self, call, "the call", error) ||
      !rd_center_db_step_done (self, link, "the PBX's call", error))
    return NULL;
  return g_steal_pointer (&id);
}

/* What each event changes; a call that ended takes no more changes. */
static gboolean
update_call (RdCenterDb              *self,
             const char              *id,
             const RdCenterCtiEvent  *event,
             GError                 **error)
{
  static const char *const sql[] = {
    [RD_CENTER_CTI_RING] =
      "UPDATE calls SET ringing_at = coalesce(ringing_at, ?2), agent = coalesce(agent, ?3),"
      " number = coalesce(number, ?4), caller_id = coalesce(caller_id, ?5)"
      " WHERE id = ?1 AND ended_at IS NULL",
    [RD_CENTER_CTI_ANSWER] =
      "UPDATE calls SET answered_at = coalesce(answered_at, ?2), bridged_at = coalesce(bridged_at, ?2),"
      " agent = coalesce(?3, agent), number = coalesce(number, ?4), caller_id = coalesce(caller_id, ?5)"
      " WHERE id = ?1 AND ended_at IS NULL",
    [RD_CENTER_CTI_TRANSFER] =
      "UPDATE calls SET transferred_from = agent, transferred_at = ?2, agent = ?3"
      " WHERE id = ?1 AND ended_at IS NULL AND ?3 IS NOT NULL AND agent IS NOT ?3",
    [RD_CENTER_CTI_HANGUP] =
      "UPDATE calls SET ended_at = max(created_at, ?2), agent = coalesce(agent, ?3),"
      " number = coalesce(number, ?4), caller_id = coalesce(caller_id, ?5), hangup_cause = ?6,"
      " result = CASE WHEN ?7 IS NOT NULL THEN ?7 WHEN answered_at IS NOT NULL THEN 'human'"
      "  WHEN direction = 'outbound' THEN 'no-answer' ELSE 'cancelled' END,"
      " hangup_by = 'system', crm_filed = 0"
      " WHERE id = ?1 AND ended_at IS NULL",
  };
  g_autoptr(RdCenterStmt) stmt = rd_center_db_prepare (self, sql[event->kind], error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, event->at_ms);
  rd_center_db_bind_text (stmt, 3, event->agent);
  if (event->kind != RD_CENTER_CTI_TRANSFER)
    {
      rd_center_db_bind_text (stmt, 4, event->number);
      rd_center_db_bind_text (stmt, 5, event->caller_id);
    }
  if (event->kind == RD_CENTER_CTI_HANGUP)
    {
      rd_center_db_bind_text (stmt, 6, event->hangup_cause);
      rd_center_db_bind_text (stmt, 7, event->result);
    }
  return rd_center_db_step_done (self, stmt, "the call", error);
}

gboolean
rd_center_cti_apply (RdCenterDb              *self,
                     const RdCenterCtiEvent  *event,
                     char                   **call_id,
                     gboolean                *applied,
                     GError                 **error)
{
  g_autoptr(RdCenterStmt) mark = NULL;
  g_autofree char *id = NULL;

  g_return_val_if_fail (RD_IS_CENTER_DB (self), FALSE);
  g_return_val_if_fail ((guint) event->kind < G_N_ELEMENTS (kind_names), FALSE);

  *applied = FALSE;
  *call_id = NULL;
  mark = rd_center_db_prepare (self,
    "INSERT OR IGNORE INTO cti_events (pbx, pbx_call_id, event, at, received_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5)", error);
  if (mark == NULL)
    return FALSE;
  sqlite3_bind_text (mark, 1, event->pbx, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (mark, 2, event->pbx_call_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (mark, 3, event->key != NULL ? event->key : kind_names[event->kind], -1,
                     SQLITE_TRANSIENT);
  sqlite3_bind_int64 (mark, 4, event->at_ms);
  sqlite3_bind_int64 (mark, 5, rd_center_db_now (self));

  if (!rd_center_db_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;
  if (!rd_center_db_step_done (self, mark, "the PBX's event", error))
    goto fail;
  if (sqlite3_changes (self->db) == 0)
    {
      /* Applied before: the row stays as it is. */
      rd_center_db_exec (self, "COMMIT", NULL);
      *call_id = rd_center_cti_call_id (self, event->pbx, event->pbx_call_id);
      return TRUE;
    }
  id = call_row (self, event, error);
  if (id == NULL || !update_call (self, id, event, error))
    goto fail;
  if (!rd_center_db_exec (self, "COMMIT", error))
    return FALSE;
  *applied = TRUE;
  *call_id = g_steal_pointer (&id);
  return TRUE;

fail:
  rd_center_db_exec (self, "ROLLBACK", NULL);
  return FALSE;
}

GPtrArray *
rd_center_cti_open_calls (RdCenterDb  *self,
                          const char  *pbx,
                          GError     **error)
{
  g_autoptr(RdCenterStmt) stmt = rd_center_db_prepare (self,
    "SELECT x.pbx_call_id FROM cti_calls x JOIN calls c ON c.id = x.call_id"
    " WHERE x.pbx = ?1 AND c.ended_at IS NULL ORDER BY c.created_at", error);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, pbx, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (ids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  if (rc != SQLITE_DONE)
    {
      rd_center_db_fail (self, "the PBX's open calls", error);
      return NULL;
    }
  return g_steal_pointer (&ids);
}

/* ---- PBXes ------------------------------------------------------------------------------ */

JsonNode *
rd_center_cti_pbx_add (RdCenterDb  *self,
                       const char  *name,
                       const char  *token_hash,
                       const char  *created_by,
                       GError     **error)
{
  g_autofree char *id = rd_uuid_v7 ();
  g_autoptr(RdCenterStmt) stmt = rd_center_db_prepare (self,
    "INSERT INTO cti_pbxes (id, name, token_hash, created_at, created_by) VALUES (?1, ?2, ?3, ?4, ?5)",
    error);
  g_autoptr(RdCenterStmt) show = NULL;
  g_autoptr(JsonNode) rows = NULL;

  g_return_val_if_fail (RD_IS_CENTER_DB (self), NULL);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, token_hash, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, rd_center_db_now (self));
  rd_center_db_bind_text (stmt, 5, created_by);
  if (!rd_center_db_step_done (self, stmt, "a PBX of that name", error))
    return NULL;
  show = rd_center_db_prepare (self,
    "SELECT id, name, created_at, created_by FROM cti_pbxes WHERE id = ?1", error);
  if (show == NULL)
    return NULL;
  sqlite3_bind_text (show, 1, id, -1, SQLITE_TRANSIENT);
  rows = rd_center_db_rows_json (show);
  return json_array_dup_element (json_node_get_array (rows), 0);
}

JsonNode *
rd_center_cti_pbx_by_token (RdCenterDb *self,
                            const char *token_hash)
{
  g_autoptr(RdCenterStmt) stmt = rd_center_db_prepare (self,
    "SELECT id, name FROM cti_pbxes WHERE token_hash = ?1", NULL);
  g_autoptr(JsonNode) rows = NULL;

  g_return_val_if_fail (RD_IS_CENTER_DB (self), NULL);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, token_hash, -1, SQLITE_TRANSIENT);
  rows = rd_center_db_rows_json (stmt);
  if (json_array_get_length (json_node_get_array (rows)) == 0)
    return NULL;
  return json_array_dup_element (json_node_get_array (rows), 0);
}

JsonNode *
rd_center_cti_pbx_list (RdCenterDb  *self,
                        GError     **error)
{
  g_autoptr(RdCenterStmt) stmt = rd_center_db_prepare (self,
    "SELECT id, name, created_at, created_by FROM cti_pbxes ORDER BY name", error);

  return stmt != NULL ? rd_center_db_rows_json (stmt) : NULL;
}

/* ---- extensions ------------------------------------------------------------------------- */

gboolean
rd_center_cti_extension_set (RdCenterDb  *self,
                             const char  *extension,
                             const char  *agent,
                             GError     **error)
{
  g_autoptr(RdCenterStmt) drop = rd_center_db_prepare (self,
    "DELETE FROM cti_extensions WHERE agent = ?1 AND extension <> ?2", error);
  g_autoptr(RdCenterStmt) put = rd_center_db_prepare (self,
    "INSERT INTO cti_extensions (extension, agent, updated_at) VALUES (?1, ?2, ?3)"
    " ON CONFLICT (extension) DO UPDATE SET agent = excluded.agent, updated_at = excluded.updated_at",
    error);

  g_return_val_if_fail (RD_IS_CENTER_DB (self), FALSE);

  if (drop == NULL || put == NULL)
    return FALSE;
  sqlite3_bind_text (drop, 1, agent, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (drop, 2, extension, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (put, 1, extension, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (put, 2, agent, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (put, 3, rd_center_db_now (self));
  if (!rd_center_db_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;
  if (!rd_center_db_step_done (self, drop, "the agent's extension", error) ||
      !rd_center_db_step_done (self, put, "the extension", error))
    {
      rd_center_db_exec (self, "ROLLBACK", NULL);
      return FALSE;
    }
  return rd_center_db_exec (self, "COMMIT", error);
}

gboolean
rd_center_cti_extension_delete (RdCenterDb  *self,
                                const char  *extension,
                                GError     **error)
{
  g_autoptr(RdCenterStmt) stmt = rd_center_db_prepare (self,
    "DELETE FROM cti_extensions WHERE extension = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, extension, -1, SQLITE_TRANSIENT);
  if (!rd_center_db_step_done (self, stmt, "the extension", error))
    return FALSE;
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, RD_CENTER_ERROR, RD_CENTER_ERROR_NOT_FOUND, "no extension %s", extension);
      return FALSE;
    }
  return TRUE;
}

char *
rd_center_cti_extension_agent (RdCenterDb *self,
                               const char *extension)
{
  g_return_val_if_fail (RD_IS_CENTER_DB (self), NULL);
  return single_text (self, "SELECT agent FROM cti_extensions WHERE extension = ?1", extension, NULL);
}

char *
rd_center_cti_agent_extension (RdCenterDb *self,
                               const char *agent)
{
  g_return_val_if_fail (RD_IS_CENTER_DB (self), NULL);
  return single_text (self, "SELECT extension FROM cti_extensions WHERE agent = ?1", agent, NULL);
}

JsonNode *
rd_center_cti_extension_list (RdCenterDb  *self,
                              GError     **error)
{
  g_autoptr(RdCenterStmt) stmt = rd_center_db_prepare (self,
    "SELECT extension, agent, updated_at FROM cti_extensions ORDER BY extension", error);

  return stmt != NULL ? rd_center_db_rows_json (stmt) : NULL;
}
