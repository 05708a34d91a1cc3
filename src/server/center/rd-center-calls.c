/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Call rows: one per call the switch handled, written at launch, updated at each event. */
#include "config.h"

#include "rd-center-db-private.h"
#include "rd-fault.h"
#include "rd-uuid.h"

static const char *const results[] = {
  "human", "machine", "busy", "no-answer", "failed", "abandoned", "cancelled", NULL,
};
/* "transfer": the outside number the call was handed to hung up. */
static const char *const hangup_sides[] = { "customer", "agent", "system", "transfer", NULL };

char *
rd_center_call_start (RdCenterDb               *self,
                      const RdCenterCallStart  *start,
                      GError                  **error)
{
  g_autofree char *id = rd_uuid_v7 ();
  g_autoptr(RdCenterStmt) insert = NULL;
  g_autoptr(RdCenterStmt) lead = NULL;
  gint64 now = rd_center_db_now (self);

  g_return_val_if_fail (RD_IS_CENTER_DB (self), NULL);

  if (g_strcmp0 (start->direction, "outbound") != 0 && g_strcmp0 (start->direction, "inbound") != 0)
    {
      g_set_error (error, RD_CENTER_ERROR, RD_CENTER_ERROR_INVALID,
                   "direction must be outbound or inbound");
      return NULL;
    }

  insert = rd_center_db_prepare (self,
    "INSERT INTO calls (id, direction, campaign_id, queue_id, lead_id, number, caller_id, created_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", error);
  lead = rd_center_db_prepare (self,
    "UPDATE leads SET state = 'in-progress', attempts = attempts + 1, updated_at = ?2"
    " WHERE id = ?1", error);
  if (insert == NULL || lead == NULL)
    return NULL;

  sqlite3_bind_text (insert, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (insert, 2, start->direction, -1, SQLITE_TRANSIENT);
  rd_center_db_bind_text (insert, 3, start->campaign_id);
  rd_center_db_bind_text (insert, 4, start->queue_id);
  rd_center_db_bind_text (insert, 5, start->lead_id);
  rd_center_db_bind_text (insert, 6, start->number);
  rd_center_db_bind_text (insert, 7, start->caller_id);
  sqlite3_bind_int64 (insert, 8, now);
  rd_center_db_bind_text (lead, 1, start->lead_id);
  sqlite3_bind_int64 (lead, 2, now);

  if (!rd_center_db_exec (self, "BEGIN IMMEDIATE", error))
    return NULL;
  if (!rd_center_db_step_done (self, insert, "the call", error) ||
      (start->lead_id != NULL && !rd_center_db_step_done (self, lead, "the lead", error)))
    {
      rd_center_db_exec (self, "ROLLBACK", NULL);
      return NULL;
    }
  if (!rd_center_db_exec (self, "COMMIT", error))
    return NULL;
  rd_fault_point ("center.call.after-commit");   /* the call's row, no INVITE yet */
  return g_steal_pointer (&id);
}

static gboolean
changed_one (RdCenterDb  *self,
             const char  *id,
             GError     **error)
{
  if (sqlite3_changes (self->db) == 1)
    return TRUE;
  g_set_error (error, RD_CENTER_ERROR, RD_CENTER_ERROR_NOT_FOUND, "no call %s in progress", id);
  return FALSE;
}

gboolean
rd_center_call_mark (RdCenterDb        *self,
                     const char        *id,
                     RdCenterCallMark   mark,
                     gint64             at_ms,
                     const char        *agent,
                     GError           **error)
{
  static const char *const sql[] = {
    [RD_CENTER_CALL_RINGING] =
      "UPDATE calls SET ringing_at = coalesce(ringing_at, ?2) WHERE id = ?1 AND ended_at IS NULL",
    [RD_CENTER_CALL_ANSWERED] =
      "UPDATE calls SET answered_at = ?2 WHERE id = ?1 AND ended_at IS NULL",
    [RD_CENTER_CALL_BRIDGED] =
      "UPDATE calls SET bridged_at = ?2, agent = ?3 WHERE id = ?1 AND ended_at IS NULL",
    [RD_CENTER_CALL_TRANSFERRED] =
      "UPDATE calls SET transferred_from = agent, transferred_at = ?2, agent = ?3"
      " WHERE id = ?1 AND ended_at IS NULL",
    [RD_CENTER_CALL_TRANSFERRED_OUT] =
      "UPDATE calls SET transferred_from = agent, transferred_at = ?2, transferred_to = ?3"
      " WHERE id = ?1 AND ended_at IS NULL",
  };
  g_autoptr(RdCenterStmt) stmt = NULL;

  g_return_val_if_fail ((guint) mark < G_N_ELEMENTS (sql), FALSE);
  stmt = rd_center_db_prepare (self, sql[mark], error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, at_ms);
  if (mark == RD_CENTER_CALL_BRIDGED || mark == RD_CENTER_CALL_TRANSFERRED ||
      mark == RD_CENTER_CALL_TRANSFERRED_OUT)
    rd_center_db_bind_text (stmt, 3, agent);
  return rd_center_db_step_done (self, stmt, "the call", error) && changed_one (self, id, error);
}

gboolean
rd_center_call_end (RdCenterDb  *self,
                    const char  *id,
                    const char  *result,
                    int          sip_code,
                    const char  *hangup_cause,
                    const char  *hangup_by,
                    gboolean     safe_harbor,
                    gint64       at_ms,
                    GError     **error)
{
  g_autoptr(RdCenterStmt) call = NULL;
  g_autoptr(RdCenterStmt) lead = NULL;

  if (result == NULL || !g_strv_contains (results, result) ||
      (hangup_by != NULL && !g_strv_contains (hangup_sides, hangup_by)))
    {
      g_set_error (error, RD_CENTER_ERROR, RD_CENTER_ERROR_INVALID,
                   "result must be one of human, machine, busy, no-answer, failed, abandoned,"
                   " cancelled; hangup_by one of customer, agent, system, transfer");
      return FALSE;
    }

  call = rd_center_db_prepare (self,
    "UPDATE calls SET ended_at = ?2, result = ?3, sip_code = ?4, hangup_cause = ?5,"
    " hangup_by = ?6, safe_harbor = ?7 WHERE id = ?1 AND ended_at IS NULL", error);
  /* The lead waits for its disposition (human) or becomes dialable again; the dialer sets
   * its next time from the campaign's recycle delays. */
  lead = rd_center_db_prepare (self,
    "UPDATE leads SET state = CASE WHEN state = 'in-progress' THEN 'new' ELSE state END,"
    " last_result = ?2, updated_at = ?3"
    " WHERE id = (SELECT lead_id FROM calls WHERE id = ?1)", error);
  if (call == NULL || lead == NULL)
    return FALSE;
  sqlite3_bind_text (call, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (call, 2, at_ms);
  sqlite3_bind_text (call, 3, result, -1, SQLITE_TRANSIENT);
  if (sip_code > 0)
    sqlite3_bind_int (call, 4, sip_code);
  rd_center_db_bind_text (call, 5, hangup_cause);
  rd_center_db_bind_text (call, 6, hangup_by);
  sqlite3_bind_int (call, 7, safe_harbor ? 1 : 0);
  sqlite3_bind_text (lead, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (lead, 2, result, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (lead, 3, at_ms);

  if (!rd_center_db_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;
  if (!rd_center_db_step_done (self, call, "the call", error) || !changed_one (self, id, error) ||
      !rd_center_db_step_done (self, lead, "the lead", error))
    {
      rd_center_db_exec (self, "ROLLBACK", NULL);
      return FALSE;
    }
  return rd_center_db_exec (self, "COMMIT", error);
}

gboolean
rd_center_call_set_recording (RdCenterDb  *self,
                              const char  *id,
                              const char  *recording,
                              GError     **error)
{
  g_autoptr(RdCenterStmt) stmt = rd_center_db_prepare (self,
    "UPDATE calls SET recording = ?2 WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  rd_center_db_bind_text (stmt, 2, recording);
  return rd_center_db_step_done (self, stmt, "the call", error) && changed_one (self, id, error);
}

JsonNode *
rd_center_call_get (RdCenterDb  *self,
                    const char  *id,
                    GError     **error)
{
  g_autoptr(RdCenterStmt) stmt = rd_center_db_prepare (self, "SELECT * FROM calls WHERE id = ?1",
                                                       error);
  g_autoptr(JsonNode) rows = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  rows = rd_center_db_rows_json (stmt);
  if (json_array_get_length (json_node_get_array (rows)) == 0)
    {
      g_set_error (error, RD_CENTER_ERROR, RD_CENTER_ERROR_NOT_FOUND, "no call %s", id);
      return NULL;
    }
  return json_node_copy (json_array_get_element (json_node_get_array (rows), 0));
}

/* Calls still up when the server went away end at @at_ms with the cause and the result
 * their last event gives (bridged: human, answered only: abandoned, else cancelled). Calls
 * an outside PBX reported (cti_calls) stay open: the PBX still has them and tells how they
 * end. Their leads (and leads still waiting for a disposition) come back by the campaign's
 * rules, so that a crash never calls anyone twice:
 *   - the attempt stays counted even when no 180 came: the INVITE may be out and the
 *     phone ringing (giving it back re-dialled a customer in the kill matrix); a crash
 *     between the row and the INVITE costs the lead that attempt;
 *   - a lead whose attempts are used is done (as the dialer does after an attempt);
 *   - a lead whose customer answered waits the campaign's recycle delay, as after a
 *     disposition without a decision, instead of being dialled again at once.
 * (The kill matrix found a bridged customer dialled again right after a restart, past
 * max_attempts: tests/integration/faults/test-kill-campaign.py.) */
#define OPEN_CALL "SELECT 1 FROM calls c WHERE c.lead_id = leads.id AND c.ended_at IS NULL" \
                  " AND c.id NOT IN (SELECT call_id FROM cti_calls)"
#define LEAD_CAMPAIGN "(SELECT c.campaign_id FROM calls c WHERE c.lead_id = leads.id" \
                      " ORDER BY c.created_at DESC LIMIT 1)"
gboolean
rd_center_calls_recover (RdCenterDb  *self,
                         gint64       at_ms,
                         const char  *reason,
                         GError     **error)
{
  g_autoptr(RdCenterStmt) leads = rd_center_db_prepare (self,
    "UPDATE leads SET last_result = 'failed', updated_at = ?1,"
    " state = CASE WHEN attempts >= coalesce((SELECT max_attempts FROM campaigns"
    "   WHERE id = " LEAD_CAMPAIGN "), attempts + 1) THEN 'done' ELSE 'new' END,"
    " next_at = CASE WHEN EXISTS (" OPEN_CALL " AND c.answered_at IS NOT NULL)"
    "   THEN max(coalesce(next_at, 0), ?1 + 60000 * coalesce((SELECT recycle_no_answer"
    "     FROM campaigns WHERE id = " LEAD_CAMPAIGN "), 0)) ELSE next_at END"
    " WHERE state = 'in-progress'", error);
  g_autoptr(RdCenterStmt) calls = rd_center_db_prepare (self,
    "UPDATE calls SET ended_at = max(created_at, ?1), hangup_cause = ?2, hangup_by = 'system',"
    " result = CASE WHEN result <> 'in-progress' THEN result WHEN bridged_at IS NOT NULL THEN 'human'"
    "  WHEN answered_at IS NOT NULL THEN 'abandoned' ELSE 'cancelled' END"
    " WHERE ended_at IS NULL AND id NOT IN (SELECT call_id FROM cti_calls)", error);
  /* A caller still waiting in a queue when the server went is owed a callback too. */
  g_autoptr(RdCenterStmt) callbacks = rd_center_db_prepare (self,
    "INSERT OR IGNORE INTO queue_callbacks (id, queue_id, call_id, number, team, reason, waited_ms, created_at)"
    " SELECT 'cb-' || c.id, c.queue_id, c.id, c.number, q.team, ?2, max(?1 - c.answered_at, 0), max(c.created_at, ?1)"
    " FROM calls c LEFT JOIN queues q ON q.id = c.queue_id"
    " WHERE c.ended_at IS NULL AND c.direction = 'inbound' AND c.queue_id IS NOT NULL"
    "   AND c.answered_at IS NOT NULL AND c.bridged_at IS NULL"
    "   AND c.id NOT IN (SELECT call_id FROM cti_calls)", error);

  if (leads == NULL || calls == NULL || callbacks == NULL)
    return FALSE;
  sqlite3_bind_int64 (callbacks, 1, at_ms);
  sqlite3_bind_text (callbacks, 2, reason, -1, SQLITE_TRANSIENT);
  if (!rd_center_db_step_done (self, callbacks, "the queue callbacks", error))
    return FALSE;
  sqlite3_bind_int64 (leads, 1, at_ms);
  sqlite3_bind_int64 (calls, 1, at_ms);
  sqlite3_bind_text (calls, 2, reason, -1, SQLITE_TRANSIENT);
  return rd_center_db_step_done (self, leads, "the leads", error) &&
         rd_center_db_step_done (self, calls, "the calls", error);
}

/* The lead's next state after an agent's disposition (inside the caller's transaction). */
static gboolean
dispose_lead (RdCenterDb  *self,
              const char  *lead_id,
              const char  *campaign_id,
              const char  *number,
              const char  *agent,
              const char  *code,
              gboolean     closes,
              gboolean     callback,
              gboolean     dnc,
              gint64       callback_at,
              gboolean     callback_mine,
              GError     **error)
{
  g_autoptr(RdCenterStmt) stmt = rd_center_db_prepare (self,
    "UPDATE leads SET disposition = ?2, updated_at = ?3,"
    " state = CASE WHEN ?4 THEN 'dnc' WHEN ?5 THEN 'done' WHEN ?6 THEN 'callback'"
    "   WHEN attempts >= (SELECT max_attempts FROM campaigns WHERE id = ?9) THEN 'done'"
    "   ELSE 'new' END,"
    " callback_at = CASE WHEN ?6 THEN ?7 END, callback_agent = CASE WHEN ?6 THEN ?8 END,"
    " next_at = CASE WHEN ?6 THEN ?7"
    "   ELSE ?3 + 60000 * coalesce((SELECT recycle_no_answer FROM campaigns WHERE id = ?9), 0) END"
    " WHERE id = ?1", error);
  gint64 now = rd_center_db_now (self);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, lead_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, code, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, now);
  sqlite3_bind_int (stmt, 4, dnc);
  sqlite3_bind_int (stmt, 5, closes);
  sqlite3_bind_int (stmt, 6, callback);
  sqlite3_bind_int64 (stmt, 7, callback_at);
  rd_center_db_bind_text (stmt, 8, callback_mine ? agent : NULL);
  rd_center_db_bind_text (stmt, 9, campaign_id);
  if (!rd_center_db_step_done (self, stmt, "the lead", error))
    return FALSE;
  if (dnc && number != NULL)
    {
      g_autoptr(RdCenterStmt) list = rd_center_db_prepare (self,
        "INSERT OR IGNORE INTO dnc (number, campaign_id, reason, added_at, added_by)"
        " VALUES (?1, '', 'disposition', ?2, ?3)", error);

      if (list == NULL)
        return FALSE;
      sqlite3_bind_text (list, 1, number, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (list, 2, now);
      rd_center_db_bind_text (list, 3, agent);
      if (!rd_center_db_step_done (self, list, "the number", error))
        return FALSE;
    }
  return TRUE;
}

gboolean
rd_center_call_dispose (RdCenterDb  *self,
                        const char  *id,
                        const char  *agent,
                        const char  *code,
                        const char  *notes,
                        const char * const *tags,
                        gint64       callback_at,
                        gboolean     callback_mine,
                        GError     **error)
{
  g_autoptr(RdCenterStmt) call = rd_center_db_prepare (self,
    "SELECT c.campaign_id, c.lead_id, c.number, d.closes_lead, d.callback, d.dnc, d.code IS NOT NULL"
    " FROM calls c LEFT JOIN (SELECT campaign_id, NULL AS queue_id, code, closes_lead, callback, dnc FROM dispositions"
    "   UNION ALL SELECT NULL, queue_id, code, 1, 0, dnc FROM queue_disposition_codes"
    "   UNION ALL SELECT NULL, NULL, code, 1, 0, dnc FROM queue_dispositions WHERE code <> 'voicemail') d"
    /* a queue call has no campaign: its queue's own list, else the defaults */
    "   ON d.campaign_id IS c.campaign_id AND d.code = ?3"
    "   AND (c.campaign_id IS NOT NULL OR d.queue_id IS c.queue_id"
    "        OR (d.queue_id IS NULL AND NOT EXISTS (SELECT 1 FROM queue_disposition_codes q"
    "                                               WHERE q.queue_id = c.queue_id)))"
    " WHERE c.id = ?1 AND c.agent = ?2", error);
  g_autoptr(RdCenterStmt) update = NULL;
  g_autofree char *campaign_id = NULL, *lead_id = NULL, *number = NULL, *tags_json = NULL;
  gboolean closes, callback, dnc;

  if (call == NULL)
    return FALSE;
  sqlite3_bind_text (call, 1, id, -1, SQLITE_TRANSIENT);
  rd_center_db_bind_text (call, 2, agent);
  rd_center_db_bind_text (call, 3, code);
  if (sqlite3_step (call) != SQLITE_ROW)
    {
      g_set_error (error, RD_CENTER_ERROR, RD_CENTER_ERROR_NOT_FOUND, "no call %s of %s", id, agent);
      return FALSE;
    }
  if (sqlite3_column_int (call, 6) == 0)
    {
      g_set_error (error, RD_CENTER_ERROR, RD_CENTER_ERROR_INVALID, "the %s has no disposition \"%s\"",
                   sqlite3_column_type (call, 0) == SQLITE_NULL ? "queue" : "campaign", code != NULL ? code : "");
      return FALSE;
    }
  campaign_id = g_strdup ((const char *) sqlite3_column_text (call, 0));
  lead_id = g_strdup ((const char *) sqlite3_column_text (call, 1));
  number = g_strdup ((const char *) sqlite3_column_text (call, 2));
  closes = sqlite3_column_int (call, 3);
  callback = sqlite3_column_int (call, 4);
  dnc = sqlite3_column_int (call, 5);
  if (callback && callback_at <= rd_center_db_now (self))
    {
      g_set_error (error, RD_CENTER_ERROR, RD_CENTER_ERROR_INVALID,
                   "a callback needs a time in the future (callback_at, Unix ms)");
      return FALSE;
    }
  if (notes != NULL && g_utf8_strlen (notes, -1) > 4000)
    {
      g_set_error (error, RD_CENTER_ERROR, RD_CENTER_ERROR_INVALID, "notes have at most 4000 characters");
      return FALSE;
    }

  if (tags != NULL && tags[0] != NULL)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_array (builder);
      for (guint i = 0; tags[i] != NULL; i++)
        json_builder_add_string_value (builder, tags[i]);
      json_builder_end_array (builder);
      root = json_builder_get_root (builder);
      tags_json = json_to_string (root, FALSE);
    }

  /* crm_filed = 0 in the same transaction: the CRM record is brought up to date after the
   * commit, and a crash before that leaves the row marked for the next start. */
  update = rd_center_db_prepare (self, "UPDATE calls SET disposition = ?2, notes = ?3, tags = ?4,"
                                       " crm_filed = 0 WHERE id = ?1", error);
  if (update == NULL || !rd_center_db_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;
  sqlite3_bind_text (update, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (update, 2, code, -1, SQLITE_TRANSIENT);
  rd_center_db_bind_text (update, 3, notes);
  rd_center_db_bind_text (update, 4, tags_json);
  if (!rd_center_db_step_done (self, update, "the call", error) ||
      (lead_id != NULL && !dispose_lead (self, lead_id, campaign_id, number, agent, code, closes, callback,
                                         dnc, callback_at, callback_mine, error)))
    {
      rd_center_db_exec (self, "ROLLBACK", NULL);
      return FALSE;
    }
  return rd_center_db_exec (self, "COMMIT", error);
}
