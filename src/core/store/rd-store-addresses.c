/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Structured addresses of contacts, leads and organizations (a child table like phones),
 * and the country that gives a record's phones their default region. */
#include "config.h"

#include <string.h>

#include "rd-store-private.h"
#include "rd-uuid.h"

static const char *const address_fields[] = { "kind", "street", "city", "region", "postal_code", "country" };

GPtrArray *
rd_store_check_addresses (RdStore    *self,
                          JsonArray  *addresses,
                          GError    **error)
{
  const RdTableDesc *t = rd_schema_lookup ("addresses");
  g_autoptr(GPtrArray) checked = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  for (guint i = 0; addresses != NULL && i < json_array_get_length (addresses); i++)
    {
      JsonObject *entry = json_array_get_object_element (addresses, i);
      g_autoptr(JsonObject) f = json_object_new ();
      gboolean empty = TRUE;

      if (entry == NULL)
        {
          g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_INVALID_VALUE,
                       "addresses: entry %u is not an object", i + 1);
          return NULL;
        }
      for (gsize k = 0; k < G_N_ELEMENTS (address_fields); k++)
        {
          JsonNode *node = json_object_get_member (entry, address_fields[k]);

          if (node == NULL)
            continue;
          json_object_set_member (f, address_fields[k], json_node_copy (node));
          if (!rd_store_validate_field (self, t, address_fields[k], f, error))
            {
              g_prefix_error (error, "addresses: ");
              return NULL;
            }
          if (!g_str_equal (address_fields[k], "kind") && !JSON_NODE_HOLDS_NULL (json_object_get_member (f, address_fields[k])))
            empty = FALSE;
        }
      if (empty)
        continue;   /* an address with nothing in it is no address */
      if (!json_object_has_member (f, "kind") || JSON_NODE_HOLDS_NULL (json_object_get_member (f, "kind")))
        json_object_set_string_member (f, "kind", "work");
      if (json_object_get_string_member_with_default (entry, "id", NULL) != NULL)
        json_object_set_string_member (f, "id", json_object_get_string_member (entry, "id"));
      g_ptr_array_add (checked, g_steal_pointer (&f));
    }
  return g_steal_pointer (&checked);
}

const char *
rd_store_addresses_country (GPtrArray *checked)
{
  for (guint i = 0; checked != NULL && i < checked->len; i++)
    {
      const char *country = json_object_get_string_member_with_default (checked->pdata[i], "country", NULL);

      if (country != NULL)
        return country;
    }
  return NULL;
}

char *
rd_store_record_country (RdStore    *self,
                         const char *parent_id)
{
  sqlite3_stmt *stmt = rd_store_stmt (self, "SELECT country FROM addresses WHERE parent_id = ? AND deleted = 0"
                                            " AND country IS NOT NULL ORDER BY rowid LIMIT 1", NULL);
  char *country = NULL;

  if (stmt == NULL || parent_id == NULL)
    {
      rd_store_stmt_done (stmt);
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, parent_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    country = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  rd_store_stmt_done (stmt);
  return country;
}

gboolean
rd_store_write_address (RdStore     *self,
                        const char  *id,
                        const char  *parent_table,
                        const char  *parent_id,
                        const char  *owner,
                        const char  *kind,
                        const char  *street,
                        const char  *city,
                        const char  *region,
                        const char  *postal_code,
                        const char  *country,
                        GError     **error)
{
  RdColumnValue v[10];
  guint n = 0;

  v[n++] = (RdColumnValue) { "kind", kind != NULL ? kind : "work", 0 };
  if (street != NULL)
    v[n++] = (RdColumnValue) { "street", street, 0 };
  if (city != NULL)
    v[n++] = (RdColumnValue) { "city", city, 0 };
  if (region != NULL)
    v[n++] = (RdColumnValue) { "region", region, 0 };
  if (postal_code != NULL)
    v[n++] = (RdColumnValue) { "postal_code", postal_code, 0 };
  if (country != NULL)
    v[n++] = (RdColumnValue) { "country", country, 0 };
  v[n++] = (RdColumnValue) { "parent_tbl", parent_table, 0 };
  v[n++] = (RdColumnValue) { "parent_id", parent_id, 0 };
  if (owner != NULL)
    v[n++] = (RdColumnValue) { "owner", owner, 0 };
  return rd_store_insert_new_row (self, rd_schema_lookup ("addresses"), id, v, n, error);
}

static gboolean
insert_address (RdStore     *self,
                const char  *table,
                const char  *parent_id,
                const char  *owner,
                JsonObject  *a,
                GError     **error)
{
  char id[37];

  rd_uuid_v7_into (id);
  return rd_store_write_address (self, id, table, parent_id, owner,
                                 json_object_get_string_member_with_default (a, "kind", NULL),
                                 json_object_get_string_member_with_default (a, "street", NULL),
                                 json_object_get_string_member_with_default (a, "city", NULL),
                                 json_object_get_string_member_with_default (a, "region", NULL),
                                 json_object_get_string_member_with_default (a, "postal_code", NULL),
                                 json_object_get_string_member_with_default (a, "country", NULL), error);
}

gboolean
rd_store_insert_addresses (RdStore     *self,
                           const char  *table,
                           const char  *parent_id,
                           const char  *owner,
                           GPtrArray   *checked,
                           GError     **error)
{
  for (guint i = 0; checked != NULL && i < checked->len; i++)
    if (!insert_address (self, table, parent_id, owner, checked->pdata[i], error))
      return FALSE;
  return TRUE;
}

static gboolean
same_address (JsonObject *a,
              JsonObject *b)
{
  for (gsize k = 0; k < G_N_ELEMENTS (address_fields); k++)
    if (g_strcmp0 (json_object_get_string_member_with_default (a, address_fields[k], NULL),
                   json_object_get_string_member_with_default (b, address_fields[k], NULL)) != 0)
      return FALSE;
  return TRUE;
}

gboolean
rd_store_replace_addresses (RdStore     *self,
                            const char  *table,
                            const char  *parent_id,
                            GPtrArray   *checked,
                            GError     **error)
{
  const RdTableDesc *t = rd_schema_lookup ("addresses");
  g_autoptr(GPtrArray) existing = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autofree gboolean *used = NULL;
  g_autofree char *owner = rd_store_row_owner (self, table, parent_id);
  sqlite3_stmt *stmt = rd_store_stmt (self, "SELECT id, kind, street, city, region, postal_code, country"
                                            " FROM addresses WHERE parent_id = ? AND deleted = 0 ORDER BY rowid", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, parent_id, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      JsonObject *row = json_object_new ();

      json_object_set_string_member (row, "id", (const char *) sqlite3_column_text (stmt, 0));
      for (gsize k = 0; k < G_N_ELEMENTS (address_fields); k++)
        if (sqlite3_column_type (stmt, (int) k + 1) != SQLITE_NULL)
          json_object_set_string_member (row, address_fields[k], (const char *) sqlite3_column_text (stmt, (int) k + 1));
      g_ptr_array_add (existing, row);
    }
  rd_store_stmt_done (stmt);
  used = g_new0 (gboolean, existing->len + 1);

  for (guint i = 0; i < checked->len; i++)
    {
      JsonObject *wanted = checked->pdata[i];
      const char *wanted_id = json_object_get_string_member_with_default (wanted, "id", NULL);
      gint match = -1;

      /* The same row (by id: its changed fields are written, each with its own version), or
       * one with the same contents; else a new row. */
      for (guint j = 0; j < existing->len && match < 0; j++)
        if (!used[j] && wanted_id != NULL &&
            g_strcmp0 (json_object_get_string_member (existing->pdata[j], "id"), wanted_id) == 0)
          match = j;
      for (guint j = 0; j < existing->len && match < 0 && wanted_id == NULL; j++)
        if (!used[j] && same_address (existing->pdata[j], wanted))
          match = j;

      if (match < 0)
        {
          if (!insert_address (self, table, parent_id, owner, wanted, error))
            return FALSE;
          continue;
        }
      used[match] = TRUE;
      {
        g_autoptr(JsonObject) f = json_object_new ();

        for (gsize k = 0; k < G_N_ELEMENTS (address_fields); k++)
          {
            const char *value = json_object_get_string_member_with_default (wanted, address_fields[k], NULL);

            if (value != NULL)
              json_object_set_string_member (f, address_fields[k], value);
            else
              json_object_set_null_member (f, address_fields[k]);
          }
        if (!rd_store_write_row (self, t, json_object_get_string_member (existing->pdata[match], "id"), f, FALSE, error))
          return FALSE;
      }
    }

  for (guint j = 0; j < existing->len; j++)
    if (!used[j])
      {
        g_autoptr(JsonObject) f = json_object_new ();

        json_object_set_int_member (f, "deleted", 1);
        if (!rd_store_write_row (self, t, json_object_get_string_member (existing->pdata[j], "id"), f, FALSE, error))
          return FALSE;
      }
  return TRUE;
}

gboolean
rd_store_reread_phones (RdStore     *self,
                        const char  *parent_id,
                        const char  *region,
                        GError     **error)
{
  const RdTableDesc *t = rd_schema_lookup ("phones");
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;

  if (region == NULL)
    return TRUE;
  stmt = rd_store_stmt (self, "SELECT id, raw FROM phones WHERE parent_id = ? AND deleted = 0 AND e164 IS NULL", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, parent_id, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_ptr_array_add (rows, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
      g_ptr_array_add (rows, g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
    }
  rd_store_stmt_done (stmt);

  for (guint i = 0; i + 1 < rows->len; i += 2)
    {
      g_autofree char *e164 = rows->pdata[i + 1] != NULL ? rd_store_e164_in_region (self, rows->pdata[i + 1], region) : NULL;
      g_autoptr(JsonObject) f = NULL;

      if (e164 == NULL)
        continue;
      f = json_object_new ();
      json_object_set_string_member (f, "e164", e164);
      json_object_set_int_member (f, "invalid", 0);
      if (!rd_store_write_row (self, t, rows->pdata[i], f, FALSE, error))
        return FALSE;
    }
  return TRUE;
}

JsonArray *
rd_store_read_addresses (RdStore    *self,
                         const char *parent_id)
{
  JsonArray *array = json_array_new ();
  sqlite3_stmt *stmt = rd_store_stmt (self, "SELECT id, kind, street, city, region, postal_code, country"
                                            " FROM addresses WHERE parent_id = ? AND deleted = 0 ORDER BY rowid", NULL);

  if (stmt == NULL)
    return array;
  sqlite3_bind_text (stmt, 1, parent_id, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      JsonObject *a = json_object_new ();

      for (int i = 0; i < sqlite3_column_count (stmt); i++)
        json_object_set_member (a, sqlite3_column_name (stmt, i), rd_store_column_node (stmt, i));
      json_array_add_object_element (array, a);
    }
  rd_store_stmt_done (stmt);
  return array;
}
