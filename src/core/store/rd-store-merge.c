/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Merging fields from other sites: per-field last-writer-wins by (hlc, site). */
#include "config.h"

#include <string.h>

#include "rd-store-private.h"

static gboolean
read_version (RdStore     *self,
              const char  *fv_text,
              const char  *field,
              RdHlcValue  *hlc,
              const char **site)
{
  g_autoptr(JsonNode) node = fv_text != NULL ? json_from_string (fv_text, NULL) : NULL;
  JsonObject *fv;
  JsonArray *pair;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;
  fv = json_node_get_object (node);
  if (!json_object_has_member (fv, field))
    field = "*";   /* the version of the insert, for fields not written since */
  if (!json_object_has_member (fv, field))
    return FALSE;
  pair = json_object_get_array_member (fv, field);
  if (pair == NULL || json_array_get_length (pair) < 2)
    return FALSE;

  *hlc = (RdHlcValue) json_array_get_int_element (pair, 0);
  *site = rd_store_site_name (self, (int) json_array_get_int_element (pair, 1));
  return TRUE;
}

gboolean
rd_store_get_field_version (RdStore     *self,
                            const char  *table,
                            const char  *row_id,
                            const char  *field,
                            RdHlcValue  *hlc,
                            char       **site)
{
  const RdTableDesc *t = rd_schema_lookup (table);
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  gboolean found = FALSE;

  g_return_val_if_fail (RD_IS_STORE (self), FALSE);

  if (t == NULL)
    return FALSE;
  sql = g_strdup_printf ("SELECT fv FROM %s WHERE id = ?", t->name);
  stmt = rd_store_stmt (self, sql, NULL);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, row_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      RdHlcValue h = 0;
      const char *s = NULL;

      found = read_version (self, (const char *) sqlite3_column_text (stmt, 0), field, &h, &s);
      if (found)
        {
          if (hlc != NULL)
            *hlc = h;
          if (site != NULL)
            *site = g_strdup (s);
        }
    }
  rd_store_stmt_done (stmt);
  return found;
}

static gboolean
record_conflict (RdStore     *self,
                 const char  *table,
                 const char  *row_id,
                 const char  *field,
                 const char  *kept_value,
                 RdHlcValue   kept_hlc,
                 const char  *kept_site,
                 const char  *lost_value,
                 RdHlcValue   lost_hlc,
                 const char  *lost_site,
                 GError     **error)
{
  sqlite3_stmt *stmt = rd_store_stmt (self,
    "INSERT INTO conflicts (tbl, row_id, field, kept_value, kept_hlc, kept_site, lost_value, "
    "lost_hlc, lost_site, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  gboolean ok;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, table, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, row_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, field, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, kept_value, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, (gint64) kept_hlc);
  sqlite3_bind_text (stmt, 6, kept_site, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, lost_value, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 8, (gint64) lost_hlc);
  sqlite3_bind_text (stmt, 9, lost_site, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 10, g_get_real_time () / 1000);
  ok = sqlite3_step (stmt) == SQLITE_DONE;
  if (!ok)
    rd_store_set_sql_error (self, error, "Cannot keep the conflicting value");
  rd_store_stmt_done (stmt);
  return ok;
}

/* A field holds a local edit the server has not acknowledged yet. */
static gboolean
local_change_pending (RdStore    *self,
                      RdHlcValue  version_hlc,
                      const char *version_site)
{
  return g_strcmp0 (version_site, self->site) == 0 && version_hlc > self->acked_hlc;
}

static gboolean
apply_field (RdStore           *self,
             const RdTableDesc *t,
             const char        *row_id,
             const char        *field,
             JsonNode          *value,
             const char        *json_value,
             RdHlcValue         hlc,
             const char        *site,
             gboolean          *lost,
             GError           **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT fv, \"%s\" FROM %s WHERE id = ?", field, t->name);
  g_autofree char *fv_text = NULL;
  g_autofree char *old_json = NULL;
  g_autofree char *cur_site = NULL;
  g_autoptr(JsonNode) old_node = NULL;
  g_autoptr(JsonNode) fv_node = NULL;
  g_autoptr(GString) buf = g_string_new (NULL);
  RdHlcValue cur_hlc = 0;
  gboolean has_version = FALSE;
  gboolean exists = FALSE;
  const char *s = NULL;
  sqlite3_stmt *stmt;
  int site_no;
  int cmp;

  stmt = rd_store_stmt (self, sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, row_id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      exists = TRUE;
      fv_text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      old_node = rd_store_column_node (stmt, 1);
    }
  rd_store_stmt_done (stmt);

  if (!exists)
    {
      g_autofree char *ins = g_strdup_printf ("INSERT INTO %s (id, hlc, fv) VALUES (?, 0, '{}')", t->name);

      stmt = rd_store_stmt (self, ins, error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, row_id, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        {
          rd_store_stmt_done (stmt);
          return rd_store_set_sql_error (self, error, "Cannot create the row");
        }
      rd_store_stmt_done (stmt);
      fv_text = g_strdup ("{}");
      old_node = json_node_init_null (json_node_alloc ());
    }

  has_version = read_version (self, fv_text, field, &cur_hlc, &s);
  cur_site = g_strdup (s);
  rd_store_append_json (buf, old_node);
  old_json = g_strdup (buf->str);

  cmp = has_version ? rd_hlc_compare (hlc, site, cur_hlc, cur_site) : 1;
  *lost = cmp < 0;

  if (cmp == 0)
    return TRUE;   /* the same change again: idempotent */

  if (cmp < 0)
    {
      /* The remote value is older than ours: keep ours, remember theirs. */
      g_string_truncate (buf, 0);
      rd_store_append_json (buf, value);
      if (strcmp (buf->str, old_json) != 0)
        return record_conflict (self, t->name, row_id, field, old_json, cur_hlc, cur_site,
                                buf->str, hlc, site, error);
      return TRUE;
    }

  /* The remote value wins. A local edit still waiting for the server loses: keep it. */
  g_string_truncate (buf, 0);
  rd_store_append_json (buf, value);
  if (has_version && strcmp (buf->str, old_json) != 0 && local_change_pending (self, cur_hlc, cur_site) &&
      !record_conflict (self, t->name, row_id, field, buf->str, hlc, site,
                        old_json, cur_hlc, cur_site, error))
    return FALSE;

  site_no = rd_store_site_number (self, site, error);
  if (site_no < 0)
    return FALSE;

  fv_node = json_from_string (fv_text, NULL);
  if (fv_node == NULL || !JSON_NODE_HOLDS_OBJECT (fv_node))
    fv_node = json_node_init_object (json_node_alloc (), json_object_new ());
  {
    JsonArray *pair = json_array_sized_new (2);
    g_autofree char *new_fv = NULL;
    g_autofree char *upd = g_strdup_printf ("UPDATE %s SET \"%s\" = ?, fv = ?, hlc = max(hlc, ?) WHERE id = ?",
                                            t->name, field);

    json_array_add_int_element (pair, (gint64) hlc);
    json_array_add_int_element (pair, site_no);
    json_object_set_array_member (json_node_get_object (fv_node), field, pair);
    new_fv = json_to_string (fv_node, FALSE);

    stmt = rd_store_stmt (self, upd, error);
    if (stmt == NULL)
      return FALSE;
    rd_store_bind_node (stmt, 1, value);
    sqlite3_bind_text (stmt, 2, new_fv, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 3, (gint64) hlc);
    sqlite3_bind_text (stmt, 4, row_id, -1, SQLITE_STATIC);
    if (sqlite3_step (stmt) != SQLITE_DONE)
      {
        rd_store_stmt_done (stmt);
        return rd_store_set_sql_error (self, error, "Cannot apply the remote change");
      }
    rd_store_stmt_done (stmt);
  }

  if (g_str_equal (t->name, "phones") && (g_str_equal (field, "raw") || g_str_equal (field, "e164")))
    {
      g_autofree char *rev = NULL;
      sqlite3_stmt *q = rd_store_stmt (self, "SELECT e164, raw FROM phones WHERE id = ?", error);

      if (q == NULL)
        return FALSE;
      sqlite3_bind_text (q, 1, row_id, -1, SQLITE_STATIC);
      if (sqlite3_step (q) == SQLITE_ROW)
        rev = rd_store_digits_rev ((const char *) sqlite3_column_text (q, 0),
                                   (const char *) sqlite3_column_text (q, 1));
      rd_store_stmt_done (q);
      q = rd_store_stmt (self, "UPDATE phones SET digits_rev = ? WHERE id = ?", error);
      if (q == NULL)
        return FALSE;
      sqlite3_bind_text (q, 1, rev, -1, SQLITE_STATIC);
      sqlite3_bind_text (q, 2, row_id, -1, SQLITE_STATIC);
      sqlite3_step (q);
      rd_store_stmt_done (q);
    }

  /* A change of what was there. A field this replica never had a version of is the row
   * arriving (a new row comes field by field: the first creates it), not an edit. */
  if (exists && (has_version || !JSON_NODE_HOLDS_NULL (old_node)) && strcmp (buf->str, old_json) != 0)
    {
      sqlite3_stmt *a = rd_store_stmt (self, "INSERT INTO audit_log (at, tbl, row_id, field, old_value, "
                                             "new_value, author, site) VALUES (?, ?, ?, ?, ?, ?, NULL, ?)", error);
      if (a == NULL)
        return FALSE;
      sqlite3_bind_int64 (a, 1, rd_hlc_ms (hlc));
      sqlite3_bind_text (a, 2, t->name, -1, SQLITE_STATIC);
      sqlite3_bind_text (a, 3, row_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (a, 4, field, -1, SQLITE_STATIC);
      sqlite3_bind_text (a, 5, old_json, -1, SQLITE_STATIC);
      sqlite3_bind_text (a, 6, json_value, -1, SQLITE_STATIC);
      sqlite3_bind_text (a, 7, site, -1, SQLITE_STATIC);
      sqlite3_step (a);
      rd_store_stmt_done (a);
    }

  return TRUE;
}

gboolean
rd_store_apply_remote_field (RdStore     *self,
                             const char  *table,
                             const char  *row_id,
                             const char  *field,
                             const char  *json_value,
                             RdHlcValue   hlc,
                             const char  *site,
                             gboolean    *lost,
                             GError     **error)
{
  const RdTableDesc *t;
  g_autoptr(JsonNode) value = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean dummy;

  g_return_val_if_fail (RD_IS_STORE (self), FALSE);

  if (lost == NULL)
    lost = &dummy;
  *lost = FALSE;

  t = rd_schema_lookup (table);
  if (t == NULL)
    {
      g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_UNKNOWN_TABLE,
                   "“%s” is not a synced table", table != NULL ? table : "");
      return FALSE;
    }
  if (rd_schema_field (t, field) == NULL)
    {
      g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_UNKNOWN_FIELD,
                   "%s: not a field of %s", field != NULL ? field : "", t->name);
      return FALSE;
    }
  if (row_id == NULL || site == NULL || *site == '\0')
    {
      g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_INVALID_VALUE,
                   "%s: a remote change needs a row id and a site", field);
      return FALSE;
    }

  value = json_from_string (json_value != NULL ? json_value : "null", &local_error);
  if (value == NULL)
    value = json_node_init_null (json_node_alloc ());
  if (local_error != NULL || !(JSON_NODE_HOLDS_VALUE (value) || JSON_NODE_HOLDS_NULL (value)))
    {
      g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_INVALID_VALUE,
                   "%s: “%s” is not a JSON scalar", field, json_value);
      return FALSE;
    }

  if (!rd_hlc_update_from_remote (self->hlc, hlc, 0, &local_error))
    {
      g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_CLOCK_SKEW, "%s", local_error->message);
      return FALSE;
    }

  if (!rd_store_begin_light (self, error))
    return FALSE;
  if (!apply_field (self, t, row_id, field, value, json_value, hlc, site, lost, error))
    {
      rd_store_rollback (self);
      return FALSE;
    }
  return rd_store_commit (self, error);
}

JsonObject *
rd_store_get_row_versions (RdStore     *self,
                           const char  *table,
                           const char  *row_id,
                           GError     **error)
{
  const RdTableDesc *t = rd_schema_lookup (table);
  g_autoptr(JsonObject) out = json_object_new ();
  g_autoptr(RdRecord) row = NULL;
  g_autofree char *fv_text = NULL;
  g_autofree char *sql = NULL;
  JsonObject *fields;
  sqlite3_stmt *stmt;
  g_autoptr(GList) members = NULL;

  g_return_val_if_fail (RD_IS_STORE (self), NULL);

  if (t == NULL)
    {
      g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_UNKNOWN_TABLE, "“%s” is not a synced table",
                   table != NULL ? table : "");
      return NULL;
    }
  row = rd_store_read_row (self, t, row_id, TRUE);
  if (row == NULL)
    {
      g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_NOT_FOUND, "No %s record with id %s", t->name, row_id);
      return NULL;
    }
  sql = g_strdup_printf ("SELECT fv FROM %s WHERE id = ?", t->name);
  stmt = rd_store_stmt (self, sql, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, row_id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    fv_text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  rd_store_stmt_done (stmt);

  fields = rd_record_get_fields (row);
  members = json_object_get_members (fields);
  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonObject *entry;
      RdHlcValue hlc = 0;
      const char *site = NULL;

      if (g_str_equal (l->data, "hlc") || rd_schema_field (t, l->data) == NULL)
        continue;
      entry = json_object_new ();
      json_object_set_member (entry, "value", json_node_copy (json_object_get_member (fields, l->data)));
      if (read_version (self, fv_text, l->data, &hlc, &site))
        {
          json_object_set_int_member (entry, "hlc", (gint64) hlc);
          json_object_set_string_member (entry, "site", site);
        }
      else
        {
          json_object_set_int_member (entry, "hlc", 0);
          json_object_set_null_member (entry, "site");
        }
      json_object_set_object_member (out, l->data, entry);
    }

  return g_steal_pointer (&out);
}

GPtrArray *
rd_store_list_conflicts (RdStore   *self,
                         gboolean   unresolved_only,
                         guint      offset,
                         guint      limit,
                         GError   **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (RD_IS_STORE (self), NULL);

  stmt = rd_store_stmt (self, "SELECT id, tbl, row_id, field, kept_value, kept_hlc, kept_site, lost_value,"
                              " lost_hlc, lost_site, at, resolved FROM conflicts"
                              " WHERE resolved = 0 OR ?1 = 0 ORDER BY id LIMIT ?2 OFFSET ?3", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int (stmt, 1, unresolved_only);
  sqlite3_bind_int64 (stmt, 2, limit);
  sqlite3_bind_int64 (stmt, 3, offset);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      RdRecord *r = rd_record_new ("conflicts");
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) sqlite3_column_int64 (stmt, 0));

      rd_record_set_id (r, id);
      for (int i = 1; i < sqlite3_column_count (stmt); i++)
        json_object_set_member (rd_record_get_fields (r), sqlite3_column_name (stmt, i),
                                rd_store_column_node (stmt, i));
      g_ptr_array_add (out, r);
    }
  rd_store_stmt_done (stmt);
  return g_steal_pointer (&out);
}

gboolean
rd_store_resolve_conflict (RdStore   *self,
                           gint64     conflict_id,
                           gboolean   use_lost_value,
                           GError   **error)
{
  g_autofree char *tbl = NULL, *row_id = NULL, *field = NULL, *lost = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (RD_IS_STORE (self), FALSE);

  stmt = rd_store_stmt (self, "SELECT tbl, row_id, field, lost_value FROM conflicts WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, conflict_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      tbl = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      row_id = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      field = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      lost = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
    }
  rd_store_stmt_done (stmt);
  if (tbl == NULL)
    {
      g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_NOT_FOUND, "No conflict %" G_GINT64_FORMAT, conflict_id);
      return FALSE;
    }

  if (!rd_store_begin (self, error))
    return FALSE;

  if (use_lost_value)
    {
      const RdTableDesc *t = rd_schema_lookup (tbl);
      g_autoptr(JsonObject) changes = json_object_new ();
      g_autoptr(JsonNode) value = json_from_string (lost != NULL ? lost : "null", NULL);

      if (t == NULL || value == NULL)
        {
          rd_store_rollback (self);
          g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_INVALID_VALUE, "%s: the kept value cannot be read", field);
          return FALSE;
        }
      json_object_set_member (changes, field, g_steal_pointer (&value));
      if ((!g_str_equal (field, "deleted") && !g_str_equal (field, "owner") &&
           !(rd_schema_field (t, field)->flags & RD_FIELD_READONLY) &&
           !rd_store_validate_field (self, t, field, changes, error)) ||
          !rd_store_write_row (self, t, row_id, changes, FALSE, error))
        {
          rd_store_rollback (self);
          return FALSE;
        }
    }

  stmt = rd_store_stmt (self, "UPDATE conflicts SET resolved = 1 WHERE id = ?", error);
  if (stmt == NULL)
    {
      rd_store_rollback (self);
      return FALSE;
    }
  sqlite3_bind_int64 (stmt, 1, conflict_id);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      rd_store_stmt_done (stmt);
      rd_store_rollback (self);
      return rd_store_set_sql_error (self, error, "Cannot resolve the conflict");
    }
  rd_store_stmt_done (stmt);
  return rd_store_commit (self, error);
}
