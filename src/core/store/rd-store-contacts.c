/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Caller-id lookup, lead conversion and the timeline. */
#include "config.h"

#include <string.h>

#include "rd-store-private.h"

static GPtrArray *
lookup_e164_unlocked (RdStore     *self,
                      const char  *e164,
                      GError     **error)
{
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) parents = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;

  stmt = rd_store_stmt (self, "SELECT parent_tbl, parent_id, raw FROM phones "
                              "WHERE e164 = ? AND deleted = 0 ORDER BY rowid", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, e164, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_ptr_array_add (parents, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
      g_ptr_array_add (parents, g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
    }
  rd_store_stmt_done (stmt);

  for (guint i = 0; i + 1 < parents->len; i += 2)
    {
      const RdTableDesc *t = rd_schema_lookup (parents->pdata[i]);
      RdRecord *record = t != NULL ? rd_store_read_row (self, t, parents->pdata[i + 1], FALSE) : NULL;
      gboolean dup = FALSE;

      if (record == NULL)
        continue;
      for (guint j = 0; j < results->len && !dup; j++)
        dup = g_strcmp0 (rd_record_get_id (results->pdata[j]), rd_record_get_id (record)) == 0;
      if (dup)
        {
          g_object_unref (record);
          continue;
        }
      rd_store_attach_phones_emails (self, record);
      rd_record_set_string (record, "matched_phone", e164);
      g_ptr_array_add (results, record);
    }

  return g_steal_pointer (&results);
}

GPtrArray *
rd_store_lookup_e164 (RdStore     *self,
                      const char  *e164,
                      GError     **error)
{
  GPtrArray *result;

  g_return_val_if_fail (RD_IS_STORE (self), NULL);
  g_return_val_if_fail (e164 != NULL, NULL);

  rd_store_read_begin (self);
  result = lookup_e164_unlocked (self, e164, error);
  rd_store_read_end (self);
  return result;
}

GPtrArray *
rd_store_lookup_number (RdStore     *self,
                        const char  *number,
                        GError     **error)
{
  g_autofree char *e164 = NULL;

  g_return_val_if_fail (RD_IS_STORE (self), NULL);

  e164 = rd_store_e164 (self, number);
  if (e164 == NULL)
    {
      g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_INVALID_PHONE,
                   "number: “%s” is not a valid phone number in %s", number != NULL ? number : "",
                   self->region);
      return NULL;
    }
  return rd_store_lookup_e164 (self, e164, error);
}

/* ---- lead conversion -------------------------------------------------------------------- */

static char *
find_org_by_name (RdStore    *self,
                  const char *name)
{
  sqlite3_stmt *stmt = rd_store_stmt (self, "SELECT id FROM organizations WHERE name = ? AND deleted = 0 "
                                            "ORDER BY id LIMIT 1", NULL);
  char *id = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  rd_store_stmt_done (stmt);
  return id;
}

static gboolean
convert_lead_in_tx (RdStore     *self,
                    RdRecord    *lead,
                    RdRecord    *deal_fields,
                    char       **out_contact,
                    char       **out_org,
                    char       **out_deal,
                    GError     **error)
{
  g_autoptr(RdRecord) contact = rd_record_new ("contacts");
  g_autoptr(RdRecord) changes = rd_record_new ("leads");
  g_autofree char *org_id = NULL;
  const char *company = rd_record_get_string (lead, "company");
  const char *owner = rd_record_get_string (lead, "owner");
  JsonArray *phones = rd_record_get_array (lead, "phones");
  JsonArray *emails = rd_record_get_array (lead, "emails");

  if (company != NULL)
    {
      org_id = find_org_by_name (self, company);
      if (org_id == NULL)
        {
          g_autoptr(RdRecord) org = rd_record_new ("organizations");

          rd_record_set_string (org, "name", company);
          if (rd_record_get_string (lead, "industry") != NULL)
            rd_record_set_string (org, "industry", rd_record_get_string (lead, "industry"));
          if (owner != NULL)
            rd_record_set_string (org, "owner", owner);
          if (!rd_store_insert (self, org, error))
            return FALSE;
          org_id = g_strdup (rd_record_get_id (org));
        }
    }

  rd_record_set_string (contact, "name", rd_record_get_string (lead, "name"));
  if (rd_record_get_string (lead, "title") != NULL)
    rd_record_set_string (contact, "title", rd_record_get_string (lead, "title"));
  if (rd_record_get_string (lead, "tags") != NULL)
    rd_record_set_string (contact, "tags", rd_record_get_string (lead, "tags"));
  if (rd_record_get_string (lead, "description") != NULL)
    rd_record_set_string (contact, "description", rd_record_get_string (lead, "description"));
  if (owner != NULL)
    rd_record_set_string (contact, "owner", owner);
  if (org_id != NULL)
    rd_record_set_string (contact, "org_id", org_id);
  for (guint i = 0; phones != NULL && i < json_array_get_length (phones); i++)
    {
      JsonObject *p = json_array_get_object_element (phones, i);
      rd_record_add_phone (contact, json_object_get_string_member (p, "raw"),
                           json_object_get_string_member_with_default (p, "kind", NULL));
    }
  for (guint i = 0; emails != NULL && i < json_array_get_length (emails); i++)
    {
      JsonObject *e = json_array_get_object_element (emails, i);
      rd_record_add_email (contact, json_object_get_string_member (e, "address"),
                           json_object_get_string_member_with_default (e, "kind", NULL));
    }
  /* The lead's addresses (its phones are read for the same country) and the values of the
   * custom fields contacts have too (same key and type). */
  {
    JsonArray *addresses = rd_record_get_array (lead, "addresses");
    JsonNode *custom = json_object_get_member (rd_record_get_fields (lead), "custom");
    JsonArray *copy = json_array_new ();
    JsonObject *values = json_object_new ();

    for (guint i = 0; addresses != NULL && i < json_array_get_length (addresses); i++)
      {
        JsonObject *a = json_object_ref (json_array_get_object_element (addresses, i));
        JsonObject *c = json_object_new ();
        g_autoptr(GList) names = json_object_get_members (a);

        for (GList *l = names; l != NULL; l = l->next)
          if (!g_str_equal (l->data, "id"))
            json_object_set_member (c, l->data, json_node_copy (json_object_get_member (a, l->data)));
        json_array_add_object_element (copy, c);
        json_object_unref (a);
      }
    if (custom != NULL && JSON_NODE_HOLDS_OBJECT (custom))
      {
        g_autoptr(GList) keys = json_object_get_members (json_node_get_object (custom));

        for (GList *l = keys; l != NULL; l = l->next)
          {
            g_autoptr(RdCustomField) from = rd_store_get_custom_field (self, "leads", l->data);
            g_autoptr(RdCustomField) to = rd_store_get_custom_field (self, "contacts", l->data);

            if (from != NULL && to != NULL && from->type == to->type)
              json_object_set_member (values, l->data,
                                      json_node_copy (json_object_get_member (json_node_get_object (custom), l->data)));
          }
      }
    if (json_array_get_length (copy) > 0)
      json_object_set_array_member (rd_record_get_fields (contact), "addresses", copy);
    else
      json_array_unref (copy);
    if (json_object_get_size (values) > 0)
      json_object_set_object_member (rd_record_get_fields (contact), "custom", values);
    else
      json_object_unref (values);
  }
  if (!rd_store_insert (self, contact, error))
    return FALSE;

  if (deal_fields != NULL)
    {
      g_autoptr(RdRecord) deal = rd_record_new_from_json ("deals", rd_record_get_fields (deal_fields));

      if (rd_record_get_string (deal, "name") == NULL)
        rd_record_set_string (deal, "name", company != NULL ? company : rd_record_get_string (lead, "name"));
      rd_record_set_string (deal, "contact_id", rd_record_get_id (contact));
      if (org_id != NULL)
        rd_record_set_string (deal, "org_id", org_id);
      if (owner != NULL && !rd_record_has_field (deal, "owner"))
        rd_record_set_string (deal, "owner", owner);
      if (!rd_store_insert (self, deal, error))
        return FALSE;
      *out_deal = g_strdup (rd_record_get_id (deal));
      rd_record_set_string (changes, "converted_deal_id", *out_deal);
    }

  rd_record_set_id (changes, rd_record_get_id (lead));
  rd_record_set_string (changes, "status", "converted");
  rd_record_set_string (changes, "converted_contact_id", rd_record_get_id (contact));
  if (org_id != NULL)
    rd_record_set_string (changes, "converted_org_id", org_id);
  if (!rd_store_update (self, changes, error))
    return FALSE;

  *out_contact = g_strdup (rd_record_get_id (contact));
  *out_org = g_steal_pointer (&org_id);
  return TRUE;
}

gboolean
rd_store_convert_lead (RdStore     *self,
                       const char  *lead_id,
                       RdRecord    *deal,
                       char       **contact_id,
                       char       **org_id,
                       char       **deal_id,
                       GError     **error)
{
  g_autoptr(RdRecord) lead = NULL;
  g_autofree char *c = NULL, *o = NULL, *d = NULL;
  const char *status;

  g_return_val_if_fail (RD_IS_STORE (self), FALSE);

  lead = rd_store_get (self, "leads", lead_id, error);
  if (lead == NULL)
    return FALSE;

  status = rd_record_get_string (lead, "status");
  if (g_strcmp0 (status, "converted") == 0 || g_strcmp0 (status, "lost") == 0)
    {
      g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_INVALID_STATE,
                   "status: the lead is %s and cannot be converted", status);
      return FALSE;
    }

  if (!rd_store_begin (self, error))
    return FALSE;
  if (!convert_lead_in_tx (self, lead, deal, &c, &o, &d, error))
    {
      rd_store_rollback (self);
      return FALSE;
    }
  if (!rd_store_commit (self, error))
    return FALSE;

  if (contact_id != NULL)
    *contact_id = g_steal_pointer (&c);
  if (org_id != NULL)
    *org_id = g_steal_pointer (&o);
  if (deal_id != NULL)
    *deal_id = g_steal_pointer (&d);
  return TRUE;
}

GPtrArray *
rd_store_record_numbers (RdStore  *self,
                         RdRecord *record)
{
  GPtrArray *numbers = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(RdRecord) holder = NULL;
  JsonArray *phones;

  g_return_val_if_fail (RD_IS_STORE (self), numbers);
  g_return_val_if_fail (RD_IS_RECORD (record), numbers);

  if (g_str_equal (rd_record_get_table (record), "tickets"))
    {
      const char *contact_id = rd_record_get_string (record, "contact_id");

      holder = contact_id ? rd_store_get (self, "contacts", contact_id, NULL) : NULL;
    }
  else
    holder = g_object_ref (record);

  phones = holder != NULL ? rd_record_get_array (holder, "phones") : NULL;
  for (guint i = 0; phones != NULL && i < json_array_get_length (phones); i++)
    {
      JsonObject *phone = json_array_get_object_element (phones, i);
      const char *e164 = json_object_get_string_member_with_default (phone, "e164", NULL);

      if (e164 != NULL && json_object_get_int_member_with_default (phone, "invalid", 0) == 0)
        g_ptr_array_add (numbers, g_strdup (e164));
    }
  return numbers;
}

/* ---- timeline --------------------------------------------------------------------------- */

/* The ids whose history belongs to @id: itself and the leads converted into it. */
#define OWNERS "(SELECT ?1 UNION ALL SELECT id FROM leads WHERE converted_contact_id = ?1)"

static const char timeline_sql[] =
  "SELECT 'calls' AS kind, id, started_at AS at,"
  "  coalesce(direction, '') || ' ' || coalesce(from_number, '') || ' -> ' || coalesce(to_number, '')"
  "  || coalesce(' (' || disposition || ')', '') AS summary"
  "  FROM calls WHERE parent_id IN " OWNERS " AND deleted = 0"
  " UNION ALL SELECT 'notes', id, created_at, body FROM notes"
  "  WHERE parent_id IN " OWNERS " AND deleted = 0"
  " UNION ALL SELECT 'activities', id, created_at, kind || ': ' || subject FROM activities"
  "  WHERE parent_id IN " OWNERS " AND deleted = 0"
  " UNION ALL SELECT 'messages', id, created_at, coalesce(channel, '') || ': ' || coalesce(subject, body, '')"
  "  || coalesce(' (' || status || coalesce(': ' || reason, '') || ')', '')"
  "  FROM messages WHERE parent_id IN " OWNERS " AND deleted = 0"
  " UNION ALL SELECT 'changes', CAST(seq AS TEXT), at, field || ': ' || coalesce(old_value, 'null')"
  "  || ' -> ' || coalesce(new_value, 'null') FROM audit_log WHERE row_id = ?1"
  " ORDER BY at DESC, id DESC LIMIT ?2 OFFSET ?3";

GPtrArray *
rd_store_timeline (RdStore     *self,
                   const char  *id,
                   guint        offset,
                   guint        limit,
                   GError     **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (RD_IS_STORE (self), NULL);

  if (id == NULL || rd_store_find_table (self, id) == NULL)
    {
      g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_NOT_FOUND, "No record with id %s",
                   id != NULL ? id : "(none)");
      return NULL;
    }

  stmt = rd_store_stmt (self, timeline_sql, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, limit);
  sqlite3_bind_int64 (stmt, 3, offset);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      RdRecord *item = rd_record_new ((const char *) sqlite3_column_text (stmt, 0));

      rd_record_set_id (item, (const char *) sqlite3_column_text (stmt, 1));
      json_object_set_member (rd_record_get_fields (item), "at", rd_store_column_node (stmt, 2));
      json_object_set_member (rd_record_get_fields (item), "summary", rd_store_column_node (stmt, 3));
      g_ptr_array_add (items, item);
    }
  rd_store_stmt_done (stmt);

  return g_steal_pointer (&items);
}

/* A lead keeps when it was first contacted, first qualified and when it closed (converted
 * or lost), as synced fields written with the status: its history travels with the row to
 * every replica, which the lead score reads (docs/intelligence.md); the audit log does not
 * (a row pulled whole has none). Only a change of status stamps. */
gboolean
rd_store_stamp_lead_status (RdStore     *self,
                            const char  *id,
                            JsonObject  *f,
                            gboolean     is_new,
                            GError     **error)
{
  const char *status = json_object_get_string_member_with_default (f, "status", NULL);
  g_autofree char *old = NULL;
  const char *field = NULL;
  gint64 now_ms;

  if (status == NULL)
    return TRUE;
  if (g_str_equal (status, "contacted"))
    field = "contacted_at";
  else if (g_str_equal (status, "qualified"))
    field = "qualified_at";
  else if (g_str_equal (status, "converted") || g_str_equal (status, "lost"))
    field = "closed_at";
  if (field == NULL || json_object_has_member (f, field))
    return TRUE;

  if (!is_new)
    {
      sqlite3_stmt *stmt = rd_store_stmt (self, "SELECT status, contacted_at, qualified_at FROM leads WHERE id = ?", error);
      gboolean stamped = FALSE;

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          old = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
          /* "first contacted", "first qualified": a lead sent back keeps its first time */
          stamped = (g_str_equal (field, "contacted_at") && sqlite3_column_type (stmt, 1) != SQLITE_NULL) ||
                    (g_str_equal (field, "qualified_at") && sqlite3_column_type (stmt, 2) != SQLITE_NULL);
        }
      rd_store_stmt_done (stmt);
      if (g_strcmp0 (old, status) == 0 || stamped)
        return TRUE;
    }
  now_ms = (gint64) (rd_hlc_now (rd_store_get_hlc (self)) >> 16);
  json_object_set_int_member (f, field, now_ms);
  return TRUE;
}
