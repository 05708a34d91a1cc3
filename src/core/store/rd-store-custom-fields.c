/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Custom field definitions in the store: listed, found, defined (checked), deleted; the
 * required check of the record page. */
#include "config.h"

#include <string.h>

#include "rd-custom-fields.h"
#include "rd-store-private.h"
#include "rd-uuid.h"

/* Names a key may not take: what records, lists, imports and searches already mean by
 * them. Built-in fields of the table are refused too (rd_schema_field). */
static const char *const reserved_keys[] = {
  "id", "hlc", "fv", "deleted", "owner", "table", "custom", "phones", "emails", "addresses",
  "phone", "email", "organization", "street", "city", "region", "postal_code", "country",
  "address_kind", "phone_mobile", "phone_work", "phone_home", "email_work", "email_home",
  "name", "first_name", "last_name", "title", "tags", "description", "created_at", "timezone",
  "notes", "alt_phones", "stage", "contact", "assignee_name", "matched_phone", "snippet",
  NULL,
};

/* ---- definitions ------------------------------------------------------------------------ */

static RdCustomField *
field_from_stmt (sqlite3_stmt *stmt)
{
  RdCustomField *field = g_new0 (RdCustomField, 1);
  const char *type = (const char *) sqlite3_column_text (stmt, 4);
  const char *options = (const char *) sqlite3_column_text (stmt, 8);

  field->id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  field->table = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  field->key = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  field->label = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
  if (!rd_custom_type_from_string (type, &field->type))
    field->type = RD_CUSTOM_TEXT;   /* a type from a newer Ringdesk: shown as text */
  field->required = sqlite3_column_int (stmt, 5) != 0;
  field->position = sqlite3_column_int64 (stmt, 6);
  field->section = g_strdup ((const char *) sqlite3_column_text (stmt, 7));
  if (options != NULL)
    {
      g_autoptr(JsonNode) node = json_from_string (options, NULL);
      g_autoptr(GPtrArray) list = g_ptr_array_new ();

      if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
        for (guint i = 0; i < json_array_get_length (json_node_get_array (node)); i++)
          {
            JsonNode *n = json_array_get_element (json_node_get_array (node), i);

            if (JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING)
              g_ptr_array_add (list, g_strdup (json_node_get_string (n)));
          }
      g_ptr_array_add (list, NULL);
      field->options = (char **) g_ptr_array_free (g_steal_pointer (&list), FALSE);
    }
  field->currency = g_strdup ((const char *) sqlite3_column_text (stmt, 9));
  return field;
}

#define FIELD_COLUMNS "id, tbl, key, label, type, required, position, section, options, currency"

GPtrArray *
rd_store_list_custom_fields (RdStore     *store,
                             const char  *table,
                             GError     **error)
{
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func ((GDestroyNotify) rd_custom_field_free);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (RD_IS_STORE (store), NULL);

  stmt = rd_store_stmt (store, table != NULL
                        ? "SELECT " FIELD_COLUMNS " FROM custom_fields WHERE tbl = ?1 AND deleted = 0"
                          " ORDER BY position, label, id"
                        : "SELECT " FIELD_COLUMNS " FROM custom_fields WHERE deleted = 0"
                          " ORDER BY tbl, position, label, id", error);
  if (stmt == NULL)
    return NULL;
  if (table != NULL)
    sqlite3_bind_text (stmt, 1, table, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    if (sqlite3_column_text (stmt, 1) != NULL && sqlite3_column_text (stmt, 2) != NULL)
      g_ptr_array_add (fields, field_from_stmt (stmt));
  rd_store_stmt_done (stmt);
  return g_steal_pointer (&fields);
}

static void
field_id (const char *table,
          const char *key,
          char        out[37])
{
  g_autofree char *name = g_strdup_printf ("custom_field:%s:%s", table, key);

  rd_uuid_v5_into (name, out);
}

/* The definition with @id, live or deleted (@deleted says which), or NULL. */
static RdCustomField *
read_field (RdStore    *store,
            const char *id,
            gboolean   *deleted)
{
  sqlite3_stmt *stmt = rd_store_stmt (store, "SELECT " FIELD_COLUMNS ", deleted FROM custom_fields WHERE id = ?", NULL);
  RdCustomField *field = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 2) != NULL)
    {
      field = field_from_stmt (stmt);
      if (deleted != NULL)
        *deleted = sqlite3_column_int (stmt, 10) != 0;
    }
  rd_store_stmt_done (stmt);
  return field;
}

RdCustomField *
rd_store_get_custom_field (RdStore    *store,
                           const char *table,
                           const char *key)
{
  char id[37];
  gboolean deleted = FALSE;
  RdCustomField *field;

  g_return_val_if_fail (RD_IS_STORE (store), NULL);
  if (table == NULL || key == NULL)
    return NULL;

  /* Found by its name-based id: one primary-key lookup. */
  field_id (table, key, id);
  field = read_field (store, id, &deleted);
  if (field != NULL && (deleted || g_strcmp0 (field->table, table) != 0 || g_strcmp0 (field->key, key) != 0))
    g_clear_pointer (&field, rd_custom_field_free);
  return field;
}

static gboolean
check_key (const char  *table,
           const char  *key,
           GError     **error)
{
  const RdTableDesc *t = rd_schema_lookup (table);

  if (key == NULL || !g_ascii_islower (key[0]) || strlen (key) > 40)
    goto bad;
  for (const char *p = key; *p != '\0'; p++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '_')
      goto bad;
  if (g_strv_contains (reserved_keys, key) || (t != NULL && rd_schema_field (t, key) != NULL))
    {
      g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_INVALID_VALUE,
                   "key: “%s” is the name of a built-in field of %s", key, table);
      return FALSE;
    }
  return TRUE;

bad:
  g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_INVALID_VALUE,
               "key: “%s” is not a field key (a lower-case letter, then letters, digits or _; at most 40)",
               key != NULL ? key : "");
  return FALSE;
}

/* The checked options as stored (a JSON array), or NULL with an error. */
static char *
check_options (RdCustomField  *field,
               GError        **error)
{
  g_autoptr(JsonArray) array = json_array_new ();
  g_autoptr(JsonNode) node = NULL;

  if (field->type != RD_CUSTOM_PICKLIST && field->type != RD_CUSTOM_MULTISELECT)
    return g_strdup ("");
  for (guint i = 0; field->options != NULL && field->options[i] != NULL; i++)
    {
      g_autofree char *option = g_strstrip (g_strdup (field->options[i]));
      g_autofree char *folded = g_utf8_casefold (option, -1);

      if (*option == '\0')
        continue;
      if (!g_utf8_validate (option, -1, NULL) || strchr (option, ';') != NULL || strchr (option, '\n') != NULL)
        {
          g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_INVALID_VALUE,
                       "options: “%s” cannot be an option (no “;” or line breaks)", option);
          return NULL;
        }
      for (guint j = 0; j < json_array_get_length (array); j++)
        {
          g_autofree char *other = g_utf8_casefold (json_array_get_string_element (array, j), -1);

          if (g_str_equal (folded, other))
            {
              g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_INVALID_VALUE,
                           "options: “%s” is there twice", option);
              return NULL;
            }
        }
      json_array_add_string_element (array, option);
    }
  if (json_array_get_length (array) == 0)
    {
      g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_REQUIRED,
                   "options: a picklist or multi-select needs at least one option");
      return NULL;
    }
  node = json_node_init_array (json_node_alloc (), array);
  return json_to_string (node, FALSE);
}

static gint64
next_position (RdStore    *store,
               const char *table)
{
  sqlite3_stmt *stmt = rd_store_stmt (store, "SELECT max(position) FROM custom_fields WHERE tbl = ? AND deleted = 0", NULL);
  gint64 next = 0;

  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, table, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    next = sqlite3_column_int64 (stmt, 0) + 1;
  rd_store_stmt_done (stmt);
  return next;
}

static void
set_text_or_null (JsonObject *f,
                  const char *name,
                  const char *value)
{
  if (value != NULL && *value != '\0')
    json_object_set_string_member (f, name, value);
  else
    json_object_set_null_member (f, name);
}

gboolean
rd_store_define_custom_field (RdStore        *store,
                              RdCustomField  *field,
                              GError        **error)
{
  const RdTableDesc *t = rd_schema_lookup ("custom_fields");
  g_autoptr(RdCustomField) existing = NULL;
  g_autoptr(JsonObject) f = json_object_new ();
  g_autofree char *options = NULL;
  g_autofree char *label = NULL;
  g_autofree char *currency = NULL;
  gboolean deleted = FALSE;
  char id[37];

  g_return_val_if_fail (RD_IS_STORE (store), FALSE);
  g_return_val_if_fail (field != NULL, FALSE);

  if (field->table == NULL || !g_strv_contains (rd_custom_field_tables (), field->table))
    {
      g_autofree char *known = g_strjoinv (", ", (char **) rd_custom_field_tables ());

      g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_INVALID_VALUE,
                   "tbl: “%s” cannot have custom fields (one of %s)", field->table ? field->table : "", known);
      return FALSE;
    }
  if (!check_key (field->table, field->key, error))
    return FALSE;
  label = g_strstrip (g_strdup (field->label != NULL ? field->label : ""));
  if (*label == '\0' || !g_utf8_validate (label, -1, NULL))
    {
      g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_REQUIRED, "label: a field needs a label");
      return FALSE;
    }
  if ((guint) field->type > RD_CUSTOM_URL)
    {
      g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_INVALID_VALUE, "type: not a custom field type");
      return FALSE;
    }
  options = check_options (field, error);
  if (options == NULL)
    return FALSE;
  if (field->type == RD_CUSTOM_MONEY && field->currency != NULL && *field->currency != '\0')
    {
      currency = g_ascii_strup (g_strstrip (g_strdup (field->currency)), -1);
      if (strlen (currency) != 3 || !g_ascii_isalpha (currency[0]) || !g_ascii_isalpha (currency[1]) ||
          !g_ascii_isalpha (currency[2]))
        {
          g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_INVALID_VALUE,
                       "currency: “%s” is not a currency code such as RUB or EUR", field->currency);
          return FALSE;
        }
    }

  field_id (field->table, field->key, id);
  existing = read_field (store, id, &deleted);
  if (existing != NULL && existing->type != field->type)
    {
      g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_INVALID_VALUE,
                   deleted ? "key: “%s” was the key of a deleted field of another type; choose another key"
                           : "type: the type of “%s” cannot change; delete the field and add a new one",
                   field->key);
      return FALSE;
    }

  if (!rd_store_begin_light (store, error))
    return FALSE;
  json_object_set_string_member (f, "label", label);
  json_object_set_int_member (f, "required", field->required ? 1 : 0);
  json_object_set_int_member (f, "position", field->position >= 0 ? field->position
                                             : existing != NULL && !deleted ? existing->position
                                             : next_position (store, field->table));
  set_text_or_null (f, "section", field->section != NULL ? g_strstrip (field->section) : NULL);
  set_text_or_null (f, "options", options);
  set_text_or_null (f, "currency", currency);
  if (existing == NULL)
    {
      json_object_set_string_member (f, "tbl", field->table);
      json_object_set_string_member (f, "key", field->key);
      json_object_set_string_member (f, "type", rd_custom_type_to_string (field->type));
    }
  else if (deleted)
    json_object_set_int_member (f, "deleted", 0);

  if (!rd_store_write_row (store, t, id, f, existing == NULL, error))
    {
      rd_store_rollback (store);
      return FALSE;
    }
  if (!rd_store_commit (store, error))
    return FALSE;
  g_free (field->id);
  field->id = g_strdup (id);
  field->position = json_object_get_int_member (f, "position");
  return TRUE;
}

gboolean
rd_store_delete_custom_field (RdStore     *store,
                              const char  *id,
                              GError     **error)
{
  g_return_val_if_fail (RD_IS_STORE (store), FALSE);
  return rd_store_delete (store, "custom_fields", id, error);
}

gboolean
rd_store_check_custom_required (RdStore   *store,
                                RdRecord  *record,
                                GError   **error)
{
  g_autoptr(GPtrArray) fields = NULL;
  JsonObject *custom = NULL;
  JsonNode *node = json_object_get_member (rd_record_get_fields (record), "custom");

  g_return_val_if_fail (RD_IS_STORE (store), FALSE);

  fields = rd_store_list_custom_fields (store, rd_record_get_table (record), error);
  if (fields == NULL)
    return FALSE;
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    custom = json_node_get_object (node);
  for (guint i = 0; i < fields->len; i++)
    {
      RdCustomField *field = fields->pdata[i];
      JsonNode *value = custom != NULL ? json_object_get_member (custom, field->key) : NULL;
      gboolean empty = value == NULL || JSON_NODE_HOLDS_NULL (value) ||
                       (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING &&
                        strspn (json_node_get_string (value), " \t\n") == strlen (json_node_get_string (value))) ||
                       (JSON_NODE_HOLDS_ARRAY (value) && json_array_get_length (json_node_get_array (value)) == 0);

      if (field->required && empty)
        {
          g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_REQUIRED, "%s: a value is required (%s)",
                       field->key, field->label);
          return FALSE;
        }
    }
  return TRUE;
}
