/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "rd-model-row.h"

G_DEFINE_QUARK (rd-model-error-quark, rd_model_error)

RdRecord *
rd_model_row_load (RdStore     *store,
                   const char  *kind,
                   int          min_format,
                   int          max_format,
                   GError     **error)
{
  g_autofree char *query = g_strdup_printf ("kind = %s", kind);
  g_autoptr(GPtrArray) rows = NULL;
  RdRecord *row;
  gint64 format;

  g_return_val_if_fail (RD_IS_STORE (store), NULL);

  rows = rd_store_search (store, "models", query, "-version", 0, 1, error);
  if (rows == NULL)
    return NULL;
  if (rows->len == 0)
    {
      g_set_error (error, RD_MODEL_ERROR, RD_MODEL_ERROR_NONE,
                   "No %s model yet: the server trains one once there is history to learn from", kind);
      return NULL;
    }
  row = g_ptr_array_index (rows, 0);
  format = rd_record_get_int (row, "format", 0);
  if (format < min_format)
    {
      g_set_error (error, RD_MODEL_ERROR, RD_MODEL_ERROR_TOO_OLD,
                   "The %s model (version %" G_GINT64_FORMAT ") has format %" G_GINT64_FORMAT
                   ", too old for this Ringdesk (it reads formats %d to %d); the server must train it again",
                   kind, rd_record_get_int (row, "version", 0), format, min_format, max_format);
      return NULL;
    }
  if (format > max_format)
    {
      g_set_error (error, RD_MODEL_ERROR, RD_MODEL_ERROR_TOO_NEW,
                   "The %s model (version %" G_GINT64_FORMAT ") has format %" G_GINT64_FORMAT
                   ", newer than this Ringdesk reads (formats %d to %d); update Ringdesk",
                   kind, rd_record_get_int (row, "version", 0), format, min_format, max_format);
      return NULL;
    }
  return g_object_ref (row);
}

static JsonNode *
parse_field (RdRecord    *row,
             const char  *field,
             JsonNodeType type,
             GError     **error)
{
  const char *text = rd_record_get_string (row, field);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) parse_error = NULL;

  if (text == NULL)
    {
      g_set_error (error, RD_MODEL_ERROR, RD_MODEL_ERROR_CORRUPT,
                   "The %s model has no %s", rd_record_get_string (row, "kind"), field);
      return NULL;
    }
  node = json_from_string (text, &parse_error);
  if (node == NULL || JSON_NODE_TYPE (node) != type)
    {
      g_set_error (error, RD_MODEL_ERROR, RD_MODEL_ERROR_CORRUPT,
                   "The %s model is corrupt: its %s is not a JSON %s%s%s",
                   rd_record_get_string (row, "kind"), field,
                   type == JSON_NODE_ARRAY ? "array" : "object",
                   parse_error ? ": " : "", parse_error ? parse_error->message : "");
      return NULL;
    }
  return g_steal_pointer (&node);
}

JsonArray *
rd_model_row_get_array (RdRecord    *row,
                        const char  *field,
                        GError     **error)
{
  g_autoptr(JsonNode) node = parse_field (row, field, JSON_NODE_ARRAY, error);

  return node != NULL ? json_array_ref (json_node_get_array (node)) : NULL;
}

JsonObject *
rd_model_row_get_object (RdRecord    *row,
                         const char  *field,
                         GError     **error)
{
  g_autoptr(JsonNode) node = parse_field (row, field, JSON_NODE_OBJECT, error);

  return node != NULL ? json_object_ref (json_node_get_object (node)) : NULL;
}

gboolean
rd_model_read_numbers (JsonArray   *array,
                       guint        n,
                       double      *out,
                       const char  *what,
                       GError     **error)
{
  if (array == NULL || json_array_get_length (array) != n)
    {
      g_set_error (error, RD_MODEL_ERROR, RD_MODEL_ERROR_CORRUPT,
                   "The model is corrupt: %s has %u numbers, not %u", what,
                   array ? json_array_get_length (array) : 0, n);
      return FALSE;
    }
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (node) ||
          (json_node_get_value_type (node) != G_TYPE_DOUBLE && json_node_get_value_type (node) != G_TYPE_INT64))
        {
          g_set_error (error, RD_MODEL_ERROR, RD_MODEL_ERROR_CORRUPT,
                       "The model is corrupt: %s holds a value that is not a number (at %u)", what, i);
          return FALSE;
        }
      out[i] = json_node_get_double (node);
      if (!isfinite (out[i]))
        {
          g_set_error (error, RD_MODEL_ERROR, RD_MODEL_ERROR_CORRUPT,
                       "The model is corrupt: %s holds a number that is not finite (at %u)", what, i);
          return FALSE;
        }
    }
  return TRUE;
}
