/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Bulk load of snapshot rows into a replica (sync area; uses the store's internals). */
#include "config.h"

#include <string.h>

#include "rd-store-bulk.h"
#include "rd-sync-load.h"

/* A row the replica does not have yet is one INSERT with its field versions, as
 * the merge would leave it after applying every field (nothing to merge against).
 * A row it has goes field by field through rd_store_apply_remote_field(), the
 * merge. Phones keep their derived columns, which only the merge path fills. */
/* Any row with that id, tombstones included. */
static gboolean
row_present (RdStore    *self,
             const char *table,
             const char *id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT 1 FROM %s WHERE id = ?", table);
  sqlite3_stmt *stmt = rd_store_stmt (self, sql, NULL);
  gboolean present;

  if (stmt == NULL)
    return TRUE;   /* let the merge path report the trouble */
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  present = sqlite3_step (stmt) == SQLITE_ROW;
  rd_store_stmt_done (stmt);
  return present;
}

/* The @i-th element when it is an object, else NULL (json_array_get_object_element()
 * logs a critical for any other kind: the server's input is not trusted that far). */
static JsonObject *
object_element (JsonArray *array,
                guint      i)
{
  JsonNode *node = json_array_get_element (array, i);

  return JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

gboolean
rd_sync_load_row (RdStore      *self,
                  const char   *table,
                  const char   *id,
                  JsonArray    *fields,
                  GError      **error)
{
  const RdTableDesc *desc = rd_schema_lookup (table);
  g_autoptr(GString) columns = g_string_new ("id, hlc, fv");
  g_autoptr(GString) marks = g_string_new ("?, ?, ?");
  g_autoptr(GString) fv = g_string_new ("{");
  g_autoptr(GPtrArray) values = g_ptr_array_new ();
  g_autofree char *sql = NULL;
  RdHlcValue row_hlc = 0;
  sqlite3_stmt *stmt;
  guint n = json_array_get_length (fields);
  int rc;

  if (desc == NULL)
    {
      g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_UNKNOWN_TABLE,
                   "“%s” is not a synced table", table);
      return FALSE;
    }

  if (g_str_equal (desc->name, "phones") || row_present (self, desc->name, id))
    {
      for (guint i = 0; i < n; i++)
        {
          JsonObject *f = object_element (fields, i);
          g_autofree char *value = NULL;

          if (f == NULL || !json_object_has_member (f, "value"))
            continue;
          value = json_to_string (json_object_get_member (f, "value"), FALSE);
          if (!rd_store_apply_remote_field (self, desc->name, id,
                                            json_object_get_string_member_with_default (f, "field", NULL),
                                            value,
                                            (RdHlcValue) json_object_get_int_member_with_default (f, "hlc", 0),
                                            json_object_get_string_member_with_default (f, "site", NULL),
                                            NULL, error))
            return FALSE;
        }
      return TRUE;
    }

  for (guint i = 0; i < n; i++)
    {
      JsonObject *f = object_element (fields, i);
      const char *field = f ? json_object_get_string_member_with_default (f, "field", NULL) : NULL;
      const char *site = f ? json_object_get_string_member_with_default (f, "site", NULL) : NULL;
      RdHlcValue hlc = f ? (RdHlcValue) json_object_get_int_member_with_default (f, "hlc", 0) : 0;
      JsonNode *value = f ? json_object_get_member (f, "value") : NULL;
      int site_no;

      if (field == NULL || site == NULL || hlc == 0 || value == NULL ||
          rd_schema_field (desc, field) == NULL ||
          (!JSON_NODE_HOLDS_VALUE (value) && !JSON_NODE_HOLDS_NULL (value)))
        {
          g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_INVALID_VALUE,
                       "a snapshot field of %s %s is malformed", desc->name, id);
          return FALSE;
        }
      site_no = rd_store_site_number (self, site, error);
      if (site_no < 0)
        return FALSE;

      g_string_append_printf (columns, ", \"%s\"", field);
      g_string_append (marks, ", ?");
      g_string_append_printf (fv, "%s\"%s\":[%" G_GUINT64_FORMAT ",%d]", fv->len > 1 ? "," : "",
                              field, hlc, site_no);
      g_ptr_array_add (values, value);
      row_hlc = MAX (row_hlc, hlc);
    }
  g_string_append_c (fv, '}');

  /* The server checked the clocks; only keep ours ahead of what we hold. */
  rd_hlc_observe (rd_store_get_hlc (self), row_hlc);

  sql = g_strdup_printf ("INSERT INTO %s (%s) VALUES (%s)", desc->name, columns->str, marks->str);
  stmt = rd_store_stmt (self, sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, (gint64) row_hlc);
  sqlite3_bind_text (stmt, 3, fv->str, -1, SQLITE_STATIC);
  for (guint i = 0; i < values->len; i++)
    rd_store_bind_node (stmt, i + 4, g_ptr_array_index (values, i));
  rc = sqlite3_step (stmt);
  rd_store_stmt_done (stmt);
  if (rc != SQLITE_DONE)
    return rd_store_set_sql_error (self, error, "Cannot load a snapshot row");

  return TRUE;
}
