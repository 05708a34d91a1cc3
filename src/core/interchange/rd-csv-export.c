/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CSV export of any list (declared in rd-csv-import.h with the import). */
#include "config.h"

#include <string.h>

#include "rd-csv-import.h"
#include "rd-custom-fields.h"
#include "rd-store-bulk.h"

static void
append_cell (GString    *out,
             const char *value)
{
  if (value == NULL)
    return;
  if (strpbrk (value, ",\"\r\n") == NULL)
    {
      g_string_append (out, value);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static char *
join_children (RdRecord   *record,
               const char *array_name,
               const char *key)
{
  JsonArray *array = rd_record_get_array (record, array_name);
  GString *out = g_string_new (NULL);

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      const char *v = json_object_get_string_member_with_default (json_array_get_object_element (array, i), key, NULL);

      if (v == NULL)
        continue;
      if (out->len > 0)
        g_string_append (out, "; ");
      g_string_append (out, v);
    }
  return g_string_free (out, FALSE);
}

gboolean
rd_csv_export (RdStore     *store,
               const char  *table,
               const char  *query,
               const char  *path,
               guint       *n_rows,
               GError     **error)
{
  static const char *const address_columns[] = { "street", "city", "region", "postal_code", "country", "address_kind" };
  const RdTableDesc *t = rd_schema_lookup (table);
  g_autoptr(GPtrArray) custom_fields = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileOutputStream) stream = NULL;
  guint total = 0;

  g_return_val_if_fail (RD_IS_STORE (store), FALSE);

  if (t == NULL)
    {
      g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_UNKNOWN_TABLE,
                   "“%s” is not a kind of record", table != NULL ? table : "");
      return FALSE;
    }

  if ((t->flags & RD_TABLE_HAS_CUSTOM) && (custom_fields = rd_store_list_custom_fields (store, table, error)) == NULL)
    return FALSE;

  file = g_file_new_for_path (path);
  stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, error);
  if (stream == NULL)
    return FALSE;

  g_string_append (out, "id");
  for (guint f = 0; f < t->n_fields; f++)
    g_string_append_printf (out, ",%s", t->fields[f].name);
  g_string_append (out, ",owner");
  if (t->flags & RD_TABLE_HAS_PHONES)
    g_string_append (out, ",phones");
  if (t->flags & RD_TABLE_HAS_EMAILS)
    g_string_append (out, ",emails");
  /* The primary address (the record's first) and the custom fields, by key: the names the
   * import maps by itself. */
  for (guint a = 0; (t->flags & RD_TABLE_HAS_ADDRESSES) && a < G_N_ELEMENTS (address_columns); a++)
    g_string_append_printf (out, ",%s", address_columns[a]);
  for (guint c = 0; custom_fields != NULL && c < custom_fields->len; c++)
    g_string_append_printf (out, ",%s", ((RdCustomField *) custom_fields->pdata[c])->key);
  g_string_append (out, "\r\n");

  for (guint offset = 0; ; offset += 1000)
    {
      g_autoptr(GPtrArray) page = rd_store_list (store, table, query, "id", offset, 1000, error);

      if (page == NULL)
        return FALSE;

      for (guint i = 0; i < page->len; i++)
        {
          RdRecord *r = page->pdata[i];

          rd_store_attach_children (store, r);
          append_cell (out, rd_record_get_id (r));
          for (guint f = 0; f <= t->n_fields; f++)
            {
              const char *name = f < t->n_fields ? t->fields[f].name : "owner";
              JsonNode *node = json_object_get_member (rd_record_get_fields (r), name);

              g_string_append_c (out, ',');
              if (node != NULL && JSON_NODE_HOLDS_VALUE (node))
                {
                  GType type = json_node_get_value_type (node);

                  if (type == G_TYPE_STRING)
                    append_cell (out, json_node_get_string (node));
                  else if (type == G_TYPE_INT64)
                    g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
                  else if (type == G_TYPE_DOUBLE)
                    {
                      char buf[G_ASCII_DTOSTR_BUF_SIZE];
                      g_string_append (out, g_ascii_dtostr (buf, sizeof buf, json_node_get_double (node)));
                    }
                }
            }
          if (t->flags & RD_TABLE_HAS_PHONES)
            {
              g_autofree char *p = join_children (r, "phones", "raw");
              g_string_append_c (out, ',');
              append_cell (out, p);
            }
          if (t->flags & RD_TABLE_HAS_EMAILS)
            {
              g_autofree char *e = join_children (r, "emails", "address");
              g_string_append_c (out, ',');
              append_cell (out, e);
            }
          if (t->flags & RD_TABLE_HAS_ADDRESSES)
            {
              JsonArray *addresses = rd_record_get_array (r, "addresses");
              JsonObject *first = addresses != NULL && json_array_get_length (addresses) > 0
                                  ? json_array_get_object_element (addresses, 0) : NULL;

              for (guint a = 0; a < G_N_ELEMENTS (address_columns); a++)
                {
                  const char *member = g_str_equal (address_columns[a], "address_kind") ? "kind" : address_columns[a];

                  g_string_append_c (out, ',');
                  if (first != NULL)
                    append_cell (out, json_object_get_string_member_with_default (first, member, NULL));
                }
            }
          for (guint c = 0; custom_fields != NULL && c < custom_fields->len; c++)
            {
              RdCustomField *field = custom_fields->pdata[c];
              JsonNode *custom = json_object_get_member (rd_record_get_fields (r), "custom");
              g_autofree char *text = NULL;

              if (custom != NULL && JSON_NODE_HOLDS_OBJECT (custom))
                text = rd_custom_field_format (field, json_object_get_member (json_node_get_object (custom), field->key));
              g_string_append_c (out, ',');
              append_cell (out, text);
            }
          g_string_append (out, "\r\n");
          total++;
        }

      if (!g_output_stream_write_all (G_OUTPUT_STREAM (stream), out->str, out->len, NULL, NULL, error))
        return FALSE;
      g_string_truncate (out, 0);
      if (page->len < 1000)
        break;
    }

  if (!g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, error))
    return FALSE;
  if (n_rows != NULL)
    *n_rows = total;
  return TRUE;
}
