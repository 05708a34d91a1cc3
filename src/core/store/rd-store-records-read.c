/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reading records: get one by id, find its table; a row with its phones and e-mails. */
#include "config.h"

#include "rd-store-private.h"

const RdTableDesc *
rd_store_lookup_table (const char  *table,
                       GError     **error)
{
  const RdTableDesc *t = rd_schema_lookup (table);

  if (t == NULL)
    g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_UNKNOWN_TABLE,
                 "“%s” is not a kind of record", table != NULL ? table : "");
  return t;
}

RdRecord *
rd_store_record_from_stmt (const char   *table,
                           sqlite3_stmt *stmt)
{
  RdRecord *record = rd_record_new (table);
  JsonObject *fields = rd_record_get_fields (record);
  int n = sqlite3_column_count (stmt);

  for (int i = 0; i < n; i++)
    {
      const char *name = sqlite3_column_name (stmt, i);

      if (g_str_equal (name, "id"))
        rd_record_set_id (record, (const char *) sqlite3_column_text (stmt, i));
      else if (g_str_equal (name, "fv") || g_str_equal (name, "digits_rev"))
        continue;
      else
        json_object_set_member (fields, name, rd_store_column_node (stmt, i));
    }

  return record;
}

RdRecord *
rd_store_read_row (RdStore           *self,
                   const RdTableDesc *t,
                   const char        *id,
                   gboolean           with_deleted)
{
  g_autofree char *sql = g_strdup_printf ("SELECT * FROM %s WHERE id = ?%s", t->name,
                                          with_deleted ? "" : " AND deleted = 0");
  sqlite3_stmt *stmt = rd_store_stmt (self, sql, NULL);
  RdRecord *record = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    record = rd_store_record_from_stmt (t->name, stmt);
  rd_store_stmt_done (stmt);

  return record;
}

static JsonArray *
read_children (RdStore    *self,
               const char *sql,
               const char *parent_id)
{
  JsonArray *array = json_array_new ();
  sqlite3_stmt *stmt = rd_store_stmt (self, sql, NULL);

  if (stmt == NULL)
    return array;
  sqlite3_bind_text (stmt, 1, parent_id, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      JsonObject *child = json_object_new ();

      for (int i = 0; i < sqlite3_column_count (stmt); i++)
        json_object_set_member (child, sqlite3_column_name (stmt, i), rd_store_column_node (stmt, i));
      json_array_add_object_element (array, child);
    }
  rd_store_stmt_done (stmt);

  return array;
}

void
rd_store_attach_phones_emails (RdStore  *self,
                               RdRecord *record)
{
  const RdTableDesc *t = rd_schema_lookup (rd_record_get_table (record));
  JsonObject *fields = rd_record_get_fields (record);

  if (t == NULL)
    return;

  if (t->flags & RD_TABLE_HAS_PHONES)
    json_object_set_array_member (fields, "phones",
      read_children (self, "SELECT id, raw, e164, invalid, kind FROM phones "
                           "WHERE parent_id = ? AND deleted = 0 ORDER BY rowid",
                     rd_record_get_id (record)));
  if (t->flags & RD_TABLE_HAS_EMAILS)
    json_object_set_array_member (fields, "emails",
      read_children (self, "SELECT id, address, kind FROM emails "
                           "WHERE parent_id = ? AND deleted = 0 ORDER BY rowid",
                     rd_record_get_id (record)));
}

void
rd_store_attach_children (RdStore  *self,
                          RdRecord *record)
{
  const RdTableDesc *t = rd_schema_lookup (rd_record_get_table (record));

  if (t == NULL)
    return;
  rd_store_attach_phones_emails (self, record);
  if (t->flags & RD_TABLE_HAS_ADDRESSES)
    json_object_set_array_member (rd_record_get_fields (record), "addresses",
                                  rd_store_read_addresses (self, rd_record_get_id (record)));
  if (t->flags & RD_TABLE_HAS_CUSTOM)
    rd_store_attach_custom (self, record);
}

static RdRecord *
rd_store_get_unlocked (RdStore     *self,
              const char  *table,
              const char  *id,
              GError     **error)
{
  const RdTableDesc *t;
  RdRecord *record;

  g_return_val_if_fail (RD_IS_STORE (self), NULL);

  if ((t = rd_store_lookup_table (table, error)) == NULL)
    return NULL;

  record = rd_store_read_row (self, t, id != NULL ? id : "", FALSE);
  if (record == NULL)
    {
      g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_NOT_FOUND, "No %s record with id %s",
                   table, id != NULL ? id : "(none)");
      return NULL;
    }

  rd_store_attach_children (self, record);
  return record;
}

RdRecord *
rd_store_get (RdStore     *self,
              const char  *table,
              const char  *id,
              GError     **error)
{
  RdRecord *result;

  g_return_val_if_fail (RD_IS_STORE (self), NULL);

  rd_store_read_begin (self);
  result = rd_store_get_unlocked (self, table, id, error);
  rd_store_read_end (self);
  return result;
}

const char *
rd_store_find_table (RdStore    *self,
                     const char *id)
{
  guint n;
  const RdTableDesc *const *tables = rd_schema_tables (&n);

  g_return_val_if_fail (RD_IS_STORE (self), NULL);

  if (id == NULL)
    return NULL;
  for (guint i = 0; i < n; i++)
    if (rd_store_row_exists (self, tables[i]->name, id))
      return tables[i]->name;

  return NULL;
}
