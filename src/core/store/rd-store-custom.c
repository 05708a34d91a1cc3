/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A record's custom values: checked against the definitions, written as custom_values rows
 * (one per field with a value, a name-based id per record and field), read back as the
 * record's "custom" object. */
#include "config.h"

#include <string.h>

#include "rd-custom-fields.h"
#include "rd-store-private.h"
#include "rd-uuid.h"

void
rd_store_custom_value_free (RdStoreCustomValue *value)
{
  if (value == NULL)
    return;
  rd_custom_field_free (value->field);
  g_clear_pointer (&value->value, json_node_unref);
  g_free (value);
}

void
rd_store_custom_value_id (const char *parent_id,
                          const char *field_id,
                          char        out[37])
{
  g_autofree char *name = g_strdup_printf ("custom_value:%s:%s", parent_id, field_id);

  rd_uuid_v5_into (name, out);
}

GPtrArray *
rd_store_prepare_custom (RdStore            *self,
                         const RdTableDesc  *t,
                         JsonObject         *custom,
                         GError            **error)
{
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func ((GDestroyNotify) rd_store_custom_value_free);
  g_autoptr(GList) members = json_object_get_members (custom);

  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *key = l->data;
      RdCustomField *field = rd_store_get_custom_field (self, t->name, key);
      RdStoreCustomValue *value;
      JsonNode *parsed;

      if (field == NULL)
        {
          g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_UNKNOWN_FIELD,
                       "%s: not a custom field of %s", key, t->name);
          return NULL;
        }
      parsed = rd_custom_field_parse (field, json_object_get_member (custom, key), error);
      if (parsed == NULL)
        {
          rd_custom_field_free (field);
          return NULL;
        }
      value = g_new0 (RdStoreCustomValue, 1);
      value->field = field;
      value->value = parsed;
      g_ptr_array_add (values, value);
    }
  return g_steal_pointer (&values);
}

gboolean
rd_store_write_custom_value (RdStore      *self,
                             const char   *parent_table,
                             const char   *parent_id,
                             const char   *owner,
                             const char   *field_id,
                             JsonNode     *value,
                             GError      **error)
{
  const RdTableDesc *ct = rd_schema_lookup ("custom_values");
  g_autoptr(JsonObject) f = json_object_new ();
  gboolean exists = FALSE, deleted = FALSE;
  char id[37];

  rd_store_custom_value_id (parent_id, field_id, id);
  /* Even under a new record the row may exist: another replica made the same one (same
   * name-based id) and sync brought it before. */
  {
    sqlite3_stmt *stmt = rd_store_stmt (self, "SELECT deleted FROM custom_values WHERE id = ?", error);

    if (stmt == NULL)
      return FALSE;
    sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
    if (sqlite3_step (stmt) == SQLITE_ROW)
      {
        exists = TRUE;
        deleted = sqlite3_column_int (stmt, 0) != 0;
      }
    rd_store_stmt_done (stmt);
  }

  if (!exists)
    {
      if (value == NULL || JSON_NODE_HOLDS_NULL (value))
        return TRUE;
      json_object_set_string_member (f, "parent_tbl", parent_table);
      json_object_set_string_member (f, "parent_id", parent_id);
      json_object_set_string_member (f, "field_id", field_id);
      json_object_set_member (f, "value", json_node_copy (value));
      if (owner != NULL)
        json_object_set_string_member (f, "owner", owner);
      return rd_store_write_row (self, ct, id, f, TRUE, error);
    }

  /* rd_store_write_row writes only what differs from the row. */
  json_object_set_member (f, "value", value != NULL ? json_node_copy (value) : json_node_init_null (json_node_alloc ()));
  if (deleted)
    {
      json_object_set_int_member (f, "deleted", 0);
      json_object_set_member (f, "owner", owner != NULL ? json_node_init_string (json_node_alloc (), owner)
                                                        : json_node_init_null (json_node_alloc ()));
    }
  return rd_store_write_row (self, ct, id, f, FALSE, error);
}

gboolean
rd_store_write_custom (RdStore            *self,
                       const RdTableDesc  *t,
                       const char         *id,
                       const char         *owner,
                       GPtrArray          *values,
                       gboolean            is_new,
                       GError            **error)
{
  g_autofree char *stored_owner = NULL;

  if (values == NULL || values->len == 0)
    return TRUE;
  if (!is_new)
    owner = stored_owner = rd_store_row_owner (self, t->name, id);
  for (guint i = 0; i < values->len; i++)
    {
      RdStoreCustomValue *v = values->pdata[i];

      if (!rd_store_write_custom_value (self, t->name, id, owner, v->field->id, v->value, error))
        return FALSE;
    }
  return TRUE;
}

void
rd_store_attach_custom (RdStore  *self,
                        RdRecord *record)
{
  JsonObject *custom = json_object_new ();
  sqlite3_stmt *stmt = rd_store_stmt (self,
    "SELECT d.key, v.value FROM custom_values v JOIN custom_fields d ON d.id = v.field_id"
    " WHERE v.parent_id = ? AND v.deleted = 0 AND d.deleted = 0 AND v.value IS NOT NULL", NULL);

  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, rd_record_get_id (record), -1, SQLITE_TRANSIENT);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        json_object_set_member (custom, (const char *) sqlite3_column_text (stmt, 0),
                                rd_store_column_node (stmt, 1));
      rd_store_stmt_done (stmt);
    }
  json_object_set_object_member (rd_record_get_fields (record), "custom", custom);
}
