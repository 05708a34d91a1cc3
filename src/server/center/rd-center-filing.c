/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the CRM is told of a call an agent had: the call row with its campaign's name, the
 * disposition's label and the campaign lead's fields; which calls still wait for their CRM
 * record; and the mark that the record has the row's last state. */
#include "config.h"

#include "rd-center-db-private.h"

JsonNode *
rd_center_call_filing (RdCenterDb  *self,
                       const char  *id,
                       GError     **error)
{
  g_autoptr(JsonNode) call = NULL;
  g_autoptr(RdCenterStmt) extra = NULL;
  g_autoptr(RdCenterStmt) lead = NULL;
  JsonObject *row;
  const char *lead_id;

  g_return_val_if_fail (RD_IS_CENTER_DB (self), NULL);

  call = rd_center_call_get (self, id, error);
  if (call == NULL)
    return NULL;
  row = json_node_get_object (call);

  extra = rd_center_db_prepare (self,
    "SELECT coalesce((SELECT name FROM campaigns WHERE id = c.campaign_id),"
    "                (SELECT 'queue: ' || name FROM queues WHERE id = c.queue_id)),"
    "       coalesce((SELECT label FROM dispositions WHERE campaign_id = c.campaign_id AND code = c.disposition),"
    "                (SELECT label FROM queue_disposition_codes WHERE c.campaign_id IS NULL"
    "                   AND queue_id = c.queue_id AND code = c.disposition),"
    "                (SELECT label FROM queue_dispositions WHERE c.campaign_id IS NULL AND code = c.disposition))"
    " FROM calls c WHERE c.id = ?1", error);
  if (extra == NULL)
    return NULL;
  sqlite3_bind_text (extra, 1, id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (extra) != SQLITE_ROW)
    {
      rd_center_db_fail (self, "the call's campaign", error);
      return NULL;
    }
  json_object_set_member (row, "campaign_name", rd_center_db_column_node (extra, 0));
  json_object_set_member (row, "disposition_label", rd_center_db_column_node (extra, 1));

  lead_id = json_object_get_string_member_with_default (row, "lead_id", NULL);
  if (lead_id == NULL)
    {
      json_object_set_null_member (row, "lead");
      return g_steal_pointer (&call);
    }
  lead = rd_center_db_prepare (self,
    "SELECT first_name, last_name, name, company, email, city, notes, phone_raw"
    " FROM leads WHERE id = ?1", error);
  if (lead == NULL)
    return NULL;
  sqlite3_bind_text (lead, 1, lead_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (lead) == SQLITE_ROW)
    {
      JsonObject *fields = json_object_new ();

      for (int i = 0; i < sqlite3_column_count (lead); i++)
        json_object_set_member (fields, sqlite3_column_name (lead, i),
                                rd_center_db_column_node (lead, i));
      json_object_set_object_member (row, "lead", fields);
    }
  else
    json_object_set_null_member (row, "lead");
  return g_steal_pointer (&call);
}

GPtrArray *
rd_center_calls_unfiled (RdCenterDb  *self,
                         guint        limit,
                         GError     **error)
{
  g_autoptr(RdCenterStmt) stmt = rd_center_db_prepare (self,
    "SELECT id FROM calls WHERE crm_filed = 0 AND agent IS NOT NULL AND ended_at IS NOT NULL"
    " ORDER BY ended_at, id LIMIT ?1", error);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  int rc;

  g_return_val_if_fail (RD_IS_CENTER_DB (self), NULL);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, limit);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (ids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  if (rc != SQLITE_DONE)
    {
      rd_center_db_fail (self, "the calls to file", error);
      return NULL;
    }
  return g_steal_pointer (&ids);
}

gboolean
rd_center_call_set_filed (RdCenterDb  *self,
                          const char  *id,
                          const char  *crm_call_id,
                          GError     **error)
{
  g_autoptr(RdCenterStmt) stmt = rd_center_db_prepare (self,
    "UPDATE calls SET crm_call_id = ?2, crm_filed = 1 WHERE id = ?1", error);

  g_return_val_if_fail (RD_IS_CENTER_DB (self), FALSE);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  rd_center_db_bind_text (stmt, 2, crm_call_id);
  return rd_center_db_step_done (self, stmt, "the call", error);
}
