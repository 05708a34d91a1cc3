/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the dialer reads and writes between calls: the leads it may dial next, a lead's
 * next time after an attempt, the abandon counts of the compliance window, and the card an
 * agent sees of the call they are on. */
#include "config.h"

#include "rd-center-db-private.h"
#include "rd-template.h"

void
rd_center_dial_lead_free (RdCenterDialLead *lead)
{
  if (lead == NULL)
    return;
  g_free (lead->id);
  g_free (lead->phone);
  g_strfreev (lead->alt_phones);
  g_free (lead->timezone);
  g_free (lead->callback_agent);
  g_free (lead->last_result);
  g_free (lead);
}

static char **
alt_phones (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) phones = g_ptr_array_new ();
  JsonNode *root;

  if (json != NULL && json_parser_load_from_data (parser, json, -1, NULL) &&
      (root = json_parser_get_root (parser)) != NULL && JSON_NODE_HOLDS_ARRAY (root))
    {
      JsonArray *array = json_node_get_array (root);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          const char *p = json_array_get_string_element (array, i);

          if (p != NULL && *p != '\0')
            g_ptr_array_add (phones, g_strdup (p));
        }
    }
  g_ptr_array_add (phones, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&phones), FALSE);
}

char *
rd_center_number_e164 (const char  *number,
                       const char  *country,
                       GError     **error)
{
  g_autofree char *iso = rd_center_db_country (country, error);
  char *e164;

  if (iso == NULL)
    return NULL;
  e164 = number != NULL ? rd_center_db_e164 (number, iso) : NULL;
  if (e164 == NULL)
    g_set_error (error, RD_CENTER_ERROR, RD_CENTER_ERROR_INVALID,
                 "\"%s\" is not a valid phone number in %s", number != NULL ? number : "", iso);
  return e164;
}

GPtrArray *
rd_center_dialable_leads (RdCenterDb  *self,
                          const char  *campaign_id,
                          gint64       now_ms,
                          guint        limit,
                          GError     **error)
{
  /* Due callbacks first, then the longest waiting; in-progress, closed and invalid leads
   * never come back from here, so a lead on a call is never handed out twice. */
  g_autoptr(RdCenterStmt) stmt = rd_center_db_prepare (self,
    "SELECT l.rowid, l.id, l.phone, l.alt_phones, l.timezone, l.attempts, l.next_at,"
    "  l.callback_at, l.callback_agent, l.state, l.last_result"
    " FROM leads l JOIN campaign_leadsets cl ON cl.leadset_id = l.leadset_id"
    " WHERE cl.campaign_id = ?1 AND l.state IN ('new', 'callback') AND l.phone IS NOT NULL"
    "  AND coalesce(l.next_at, 0) <= ?2"
    " ORDER BY l.state = 'callback' DESC, coalesce(l.next_at, 0), l.line LIMIT ?3", error);
  GPtrArray *leads;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, campaign_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, now_ms);
  sqlite3_bind_int (stmt, 3, (int) MIN (limit, G_MAXINT));
  leads = g_ptr_array_new_with_free_func ((GDestroyNotify) rd_center_dial_lead_free);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      RdCenterDialLead *lead = g_new0 (RdCenterDialLead, 1);

      lead->rowid = sqlite3_column_int64 (stmt, 0);
      lead->id = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      lead->phone = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      lead->alt_phones = alt_phones ((const char *) sqlite3_column_text (stmt, 3));
      lead->timezone = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      lead->attempts = (guint) sqlite3_column_int (stmt, 5);
      lead->next_at = sqlite3_column_int64 (stmt, 6);
      lead->callback_at = g_str_equal ((const char *) sqlite3_column_text (stmt, 9), "callback")
        ? sqlite3_column_int64 (stmt, 7) : 0;
      lead->callback_agent = g_strdup ((const char *) sqlite3_column_text (stmt, 8));
      lead->last_result = g_strdup ((const char *) sqlite3_column_text (stmt, 10));
      g_ptr_array_add (leads, lead);
    }
  return leads;
}

gint
rd_center_lead_attempts (RdCenterDb  *self,
                         const char  *lead_id,
                         GError     **error)
{
  g_autoptr(RdCenterStmt) stmt = rd_center_db_prepare (self,
    "SELECT attempts FROM leads WHERE id = ?1", error);

  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, lead_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      rd_center_db_fail (self, "the lead's attempts", error);
      return -1;
    }
  return sqlite3_column_int (stmt, 0);
}

gboolean
rd_center_lead_after_attempt (RdCenterDb  *self,
                              const char  *lead_id,
                              gint64       next_at_ms,
                              const char  *state,
                              GError     **error)
{
  /* Only a lead no disposition has touched since the call ended: a disposition that came
   * first (a fast agent) decides, not the dialer's recycle delay. */
  g_autoptr(RdCenterStmt) stmt = rd_center_db_prepare (self,
    "UPDATE leads SET next_at = ?2, state = coalesce(?3, state), updated_at = ?4"
    " WHERE id = ?1 AND state IN ('new', 'in-progress')", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, lead_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, next_at_ms);
  rd_center_db_bind_text (stmt, 3, state);
  sqlite3_bind_int64 (stmt, 4, rd_center_db_now (self));
  return rd_center_db_step_done (self, stmt, "the lead", error);
}

gboolean
rd_center_abandon_counts (RdCenterDb  *self,
                          const char  *campaign_id,
                          gint64       since_ms,
                          guint64     *answered,
                          guint64     *abandoned,
                          GError     **error)
{
  /* Answered calls are the ones a person picked up (human, whether an agent got them or
   * the safe-harbor message did); machines do not count (Ofcom, FTC). */
  g_autoptr(RdCenterStmt) stmt = rd_center_db_prepare (self,
    "SELECT count(*) FILTER (WHERE result IN ('human', 'abandoned')),"
    "  count(*) FILTER (WHERE result = 'abandoned')"
    " FROM calls WHERE campaign_id = ?1 AND direction = 'outbound' AND created_at >= ?2", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, campaign_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, since_ms);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return rd_center_db_fail (self, "the abandon counts", error);
  *answered = (guint64) sqlite3_column_int64 (stmt, 0);
  *abandoned = (guint64) sqlite3_column_int64 (stmt, 1);
  return TRUE;
}

/* The lead's columns into @card as "lead" (extra and alt_phones parsed), its earlier calls
 * as "history" (newest first), and the campaign's script with the lead's fields filled in. */
static gboolean
add_lead (RdCenterDb  *self,
          JsonObject  *card,
          const char  *lead_id,
          GError     **error)
{
  g_autoptr(RdCenterStmt) lead_stmt = rd_center_db_prepare (self,
    "SELECT id, first_name, last_name, name, company, email, city, notes, country,"
    "  phone, phone_raw, alt_phones, timezone, extra, attempts, last_result, disposition"
    " FROM leads WHERE id = ?1", error);
  g_autoptr(RdCenterStmt) history_stmt = NULL;
  g_autoptr(JsonNode) leads = NULL;
  const char *script;

  if (lead_stmt == NULL)
    return FALSE;
  sqlite3_bind_text (lead_stmt, 1, lead_id, -1, SQLITE_TRANSIENT);
  leads = rd_center_db_rows_json (lead_stmt);
  if (json_array_get_length (json_node_get_array (leads)) > 0)
    {
      JsonObject *lead = json_array_get_object_element (json_node_get_array (leads), 0);
      const char *extra = json_object_get_string_member_with_default (lead, "extra", NULL);
      const char *alt = json_object_get_string_member_with_default (lead, "alt_phones", NULL);
      g_autoptr(JsonNode) parsed_extra = extra != NULL ? json_from_string (extra, NULL) : NULL;
      g_autoptr(JsonNode) parsed_alt = alt != NULL ? json_from_string (alt, NULL) : NULL;

      if (parsed_extra != NULL && JSON_NODE_HOLDS_OBJECT (parsed_extra))
        json_object_set_member (lead, "extra", g_steal_pointer (&parsed_extra));
      else
        json_object_set_object_member (lead, "extra", json_object_new ());
      if (parsed_alt != NULL && JSON_NODE_HOLDS_ARRAY (parsed_alt))
        json_object_set_member (lead, "alt_phones", g_steal_pointer (&parsed_alt));
      else
        json_object_set_array_member (lead, "alt_phones", json_array_new ());
      json_object_set_object_member (card, "lead", json_object_ref (lead));
    }
  history_stmt = rd_center_db_prepare (self,
    "SELECT id AS call_id, created_at, number, agent, result, disposition, notes"
    " FROM calls WHERE lead_id = ?1 AND id IS NOT ?2 AND ended_at IS NOT NULL"
    " ORDER BY created_at DESC LIMIT 20", error);
  if (history_stmt == NULL)
    return FALSE;
  sqlite3_bind_text (history_stmt, 1, lead_id, -1, SQLITE_TRANSIENT);
  rd_center_db_bind_text (history_stmt, 2, json_object_get_string_member_with_default (card, "call_id", NULL));
  json_object_set_member (card, "history", rd_center_db_rows_json (history_stmt));

  script = json_object_get_string_member_with_default (card, "script", NULL);
  if (script != NULL && json_object_has_member (card, "lead"))
    {
      g_autofree char *text = rd_template_fill (script, json_object_get_object_member (card, "lead"));

      json_object_set_string_member (card, "script", text);
    }
  return TRUE;
}

JsonNode *
rd_center_call_card (RdCenterDb  *self,
                     const char  *call_id,
                     GError     **error)
{
  g_autoptr(RdCenterStmt) stmt = rd_center_db_prepare (self,
    "SELECT c.id AS call_id, c.number, c.campaign_id, c.lead_id, p.name AS campaign_name,"
    "  p.script, c.direction, c.queue_id, q.name AS queue_name,"
    "  CASE WHEN c.queue_id IS NOT NULL AND c.direction = 'inbound' AND c.answered_at IS NOT NULL"
    "    THEN coalesce(c.bridged_at, ?2) - c.answered_at END AS wait_ms"
    " FROM calls c LEFT JOIN campaigns p ON p.id = c.campaign_id"
    " LEFT JOIN queues q ON q.id = c.queue_id WHERE c.id = ?1",
    error);
  g_autoptr(JsonNode) rows = NULL;
  JsonObject *card;
  const char *lead_id;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, call_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, rd_center_db_now (self));
  rows = rd_center_db_rows_json (stmt);
  if (json_array_get_length (json_node_get_array (rows)) == 0)
    {
      g_set_error (error, RD_CENTER_ERROR, RD_CENTER_ERROR_NOT_FOUND, "no call %s", call_id);
      return NULL;
    }
  card = json_array_get_object_element (json_node_get_array (rows), 0);
  lead_id = json_object_get_string_member_with_default (card, "lead_id", NULL);
  if (lead_id != NULL && !add_lead (self, card, lead_id, error))
    return NULL;
  /* A queue call is filed with its queue's codes (a campaign's are in the campaign). */
  if (json_object_get_string_member_with_default (card, "campaign_id", NULL) == NULL &&
      json_object_get_string_member_with_default (card, "queue_id", NULL) != NULL)
    {
      JsonNode *codes = rd_center_queue_dispositions (self, json_object_get_string_member (card, "queue_id"), error);

      if (codes == NULL)
        return NULL;
      json_object_set_member (card, "dispositions", codes);
    }
  return json_node_copy (json_array_get_element (json_node_get_array (rows), 0));
}

JsonNode *
rd_center_lead_card (RdCenterDb  *self,
                     const char  *lead_id,
                     const char  *campaign_id,
                     GError     **error)
{
  g_autoptr(RdCenterStmt) stmt = rd_center_db_prepare (self,
    "SELECT l.id AS lead_id, l.phone AS number, p.id AS campaign_id, p.name AS campaign_name,"
    "  p.script FROM leads l, campaigns p WHERE l.id = ?1 AND p.id = ?2", error);
  g_autoptr(JsonNode) rows = NULL;
  JsonObject *card;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, lead_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, campaign_id, -1, SQLITE_TRANSIENT);
  rows = rd_center_db_rows_json (stmt);
  if (json_array_get_length (json_node_get_array (rows)) == 0)
    {
      g_set_error (error, RD_CENTER_ERROR, RD_CENTER_ERROR_NOT_FOUND, "no lead %s", lead_id);
      return NULL;
    }
  card = json_array_get_object_element (json_node_get_array (rows), 0);
  if (!add_lead (self, card, lead_id, error))
    return NULL;
  return json_node_copy (json_array_get_element (json_node_get_array (rows), 0));
}
