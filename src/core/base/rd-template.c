/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "rd-template.h"

/* Names longer than this are not fields: "{" in prose stays prose. */
#define MAX_NAME 63

static JsonNode *
lookup (JsonObject *fields,
        JsonObject *extra,
        const char *name)
{
  if (json_object_has_member (fields, name) && !g_str_equal (name, "extra"))
    return json_object_get_member (fields, name);
  if (extra != NULL && json_object_has_member (extra, name))
    return json_object_get_member (extra, name);
  return NULL;
}

char *
rd_template_fill (const char *text,
                  JsonObject *fields)
{
  GString *out = g_string_new (NULL);
  JsonObject *extra = NULL;
  const char *p = text != NULL ? text : "";

  if (fields != NULL && json_object_has_member (fields, "extra") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (fields, "extra")))
    extra = json_object_get_object_member (fields, "extra");

  while (*p != '\0')
    {
      const char *close = *p == '{' ? strchr (p + 1, '}') : NULL;

      if (fields != NULL && close != NULL && close - p > 1 && close - p <= MAX_NAME + 1)
        {
          g_autofree char *name = g_strndup (p + 1, (gsize) (close - p - 1));
          JsonNode *value = lookup (fields, extra, name);

          if (value != NULL && JSON_NODE_HOLDS_VALUE (value))
            {
              if (json_node_get_value_type (value) == G_TYPE_STRING)
                g_string_append (out, json_node_get_string (value));
              else if (json_node_get_value_type (value) == G_TYPE_INT64)
                g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (value));
              p = close + 1;
              continue;
            }
          if (value != NULL)   /* a null field: nothing */
            {
              p = close + 1;
              continue;
            }
        }
      g_string_append_c (out, *p++);
    }
  return g_string_free (out, FALSE);
}
