/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Custom fields: the types, and reading and writing a value as text (rd-store-custom-fields.c
 * has the definitions in the store). */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rd-custom-fields.h"
#include "rd-store-private.h"
#include "rd-uuid.h"

static const char *const type_names[] = {
  "text", "long_text", "number", "money", "date", "datetime", "checkbox", "picklist",
  "multiselect", "phone", "email", "url",
};

static const char *const tables[] = {
  "contacts", "organizations", "leads", "deals", "tickets", "campaign_leads", NULL,
};

RdCustomField *
rd_custom_field_new (const char   *table,
                     const char   *key,
                     const char   *label,
                     RdCustomType  type)
{
  RdCustomField *field = g_new0 (RdCustomField, 1);

  field->table = g_strdup (table);
  field->key = g_strdup (key);
  field->label = g_strdup (label);
  field->type = type;
  field->position = -1;
  return field;
}

RdCustomField *
rd_custom_field_copy (const RdCustomField *field)
{
  RdCustomField *copy;

  if (field == NULL)
    return NULL;
  copy = g_new0 (RdCustomField, 1);
  copy->id = g_strdup (field->id);
  copy->table = g_strdup (field->table);
  copy->key = g_strdup (field->key);
  copy->label = g_strdup (field->label);
  copy->type = field->type;
  copy->required = field->required;
  copy->position = field->position;
  copy->section = g_strdup (field->section);
  copy->options = g_strdupv (field->options);
  copy->currency = g_strdup (field->currency);
  return copy;
}

void
rd_custom_field_free (RdCustomField *field)
{
  if (field == NULL)
    return;
  g_free (field->id);
  g_free (field->table);
  g_free (field->key);
  g_free (field->label);
  g_free (field->section);
  g_strfreev (field->options);
  g_free (field->currency);
  g_free (field);
}

const char *
rd_custom_type_to_string (RdCustomType type)
{
  g_return_val_if_fail ((guint) type < G_N_ELEMENTS (type_names), "text");
  return type_names[type];
}

gboolean
rd_custom_type_from_string (const char   *text,
                            RdCustomType *type)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (type_names); i++)
    if (g_str_equal (text, type_names[i]))
      {
        *type = (RdCustomType) i;
        return TRUE;
      }
  return FALSE;
}

gboolean
rd_custom_type_is_text (RdCustomType type)
{
  switch (type)
    {
    case RD_CUSTOM_NUMBER:
    case RD_CUSTOM_MONEY:
    case RD_CUSTOM_DATE:
    case RD_CUSTOM_DATETIME:
    case RD_CUSTOM_CHECKBOX:
      return FALSE;
    case RD_CUSTOM_TEXT:
    case RD_CUSTOM_LONG_TEXT:
    case RD_CUSTOM_PICKLIST:
    case RD_CUSTOM_MULTISELECT:
    case RD_CUSTOM_PHONE:
    case RD_CUSTOM_EMAIL:
    case RD_CUSTOM_URL:
    default:
      return TRUE;
    }
}

const char * const *
rd_custom_field_tables (void)
{
  return tables;
}

/* ---- values ----------------------------------------------------------------------------- */

static JsonNode *
null_node (void)
{
  return json_node_init_null (json_node_alloc ());
}

static JsonNode *
bad_value (GError             **error,
           const RdCustomField *field,
           const char          *text,
           const char          *what)
{
  g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_INVALID_VALUE, "%s: “%s” is not %s",
               field->key, text, what);
  return NULL;
}

/* "1 500,50", "-3", "2.5e3" → a double; FALSE when it is not a number. */
static gboolean
read_number (const char *text,
             double     *value)
{
  g_autoptr(GString) clean = g_string_new (NULL);
  char *end = NULL;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || c == 0x00a0 || c == 0x202f || c == '\'')
        continue;   /* thousands separators: spaces, no-break spaces, 1'000 */
      g_string_append_unichar (clean, c == ',' ? '.' : c);
    }
  if (clean->len == 0)
    return FALSE;
  *value = g_ascii_strtod (clean->str, &end);
  return end != clean->str && *end == '\0' && isfinite (*value);
}

static JsonNode *
number_node (double value)
{
  if (value == floor (value) && fabs (value) < 9007199254740992.0)
    return json_node_init_int (json_node_alloc (), (gint64) value);
  return json_node_init_double (json_node_alloc (), value);
}

/* A calendar day (y, m, d) as ms at 00:00 UTC; FALSE when there is no such day. */
static gboolean
day_ms (int     year,
        int     month,
        int     day,
        gint64 *ms)
{
  g_autoptr(GDateTime) dt = NULL;

  if (!g_date_valid_dmy (day, month, year))
    return FALSE;
  dt = g_date_time_new_utc (year, month, day, 0, 0, 0);
  if (dt == NULL)
    return FALSE;
  *ms = g_date_time_to_unix (dt) * 1000;
  return TRUE;
}

/* "2024-05-01", "01.05.2024", "2024-05-01T10:00:00Z" (its day) → ms at 00:00 UTC. */
static gboolean
read_date (const char *text,
           gint64     *ms)
{
  int y, m, d;
  char rest;

  if (sscanf (text, "%4d-%2d-%2d%c", &y, &m, &d, &rest) >= 3 && strlen (text) >= 10 &&
      (text[10] == '\0' || text[10] == 'T' || text[10] == ' '))
    return day_ms (y, m, d, ms);
  if (sscanf (text, "%2d.%2d.%4d%c", &d, &m, &y, &rest) == 3)
    return day_ms (y, m, d, ms);
  return FALSE;
}

/* ISO 8601 with a zone (UTC when it has none), "2024-05-01 14:30" and "01.05.2024 14:30"
 * in local time, or a bare date (its local midnight) → ms. */
static gboolean
read_datetime (const char *text,
               gint64     *ms)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  int y, mo, d, h = 0, mi = 0, s = 0;
  int n;

  if (strchr (text, 'T') != NULL)
    dt = g_date_time_new_from_iso8601 (text, utc);
  else if ((n = sscanf (text, "%4d-%2d-%2d %2d:%2d:%2d", &y, &mo, &d, &h, &mi, &s)) == 3 || n == 5 || n == 6)
    dt = g_date_valid_dmy (d, mo, y) ? g_date_time_new_local (y, mo, d, h, mi, s) : NULL;
  else if ((n = sscanf (text, "%2d.%2d.%4d %2d:%2d:%2d", &d, &mo, &y, &h, &mi, &s)) == 3 || n == 5 || n == 6)
    dt = g_date_valid_dmy (d, mo, y) ? g_date_time_new_local (y, mo, d, h, mi, s) : NULL;
  if (dt == NULL)
    return FALSE;
  *ms = g_date_time_to_unix (dt) * 1000 + g_date_time_get_microsecond (dt) / 1000;
  return TRUE;
}

static gboolean
read_checkbox (const char *text,
               gboolean   *value)
{
  static const char *const yes[] = { "1", "yes", "y", "true", "on", "x", "✓", "✔", "да", "д", NULL };
  static const char *const no[] = { "0", "no", "n", "false", "off", "нет", "н", NULL };
  g_autofree char *folded = g_utf8_casefold (text, -1);

  if (g_strv_contains (yes, folded))
    *value = TRUE;
  else if (g_strv_contains (no, folded))
    *value = FALSE;
  else
    return FALSE;
  return TRUE;
}

/* The option of @field that @text names (any case), or NULL. */
static const char *
find_option (const RdCustomField *field,
             const char          *text)
{
  g_autofree char *folded = g_utf8_casefold (text, -1);

  for (guint i = 0; field->options != NULL && field->options[i] != NULL; i++)
    {
      g_autofree char *option = g_utf8_casefold (field->options[i], -1);

      if (g_str_equal (folded, option))
        return field->options[i];
    }
  return NULL;
}

static char *
options_list (const RdCustomField *field)
{
  return field->options != NULL ? g_strjoinv (", ", field->options) : g_strdup ("");
}

static JsonNode *
parse_multiselect (const RdCustomField  *field,
                   JsonNode             *value,
                   GError              **error)
{
  g_autoptr(GPtrArray) wanted = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonArray) out = json_array_new ();
  g_autoptr(JsonNode) parsed = NULL;
  JsonArray *array = NULL;

  if (JSON_NODE_HOLDS_ARRAY (value))
    array = json_node_get_array (value);
  else if (json_node_get_value_type (value) == G_TYPE_STRING)
    {
      const char *text = json_node_get_string (value);

      if (*text == '[' && (parsed = json_from_string (text, NULL)) != NULL && JSON_NODE_HOLDS_ARRAY (parsed))
        array = json_node_get_array (parsed);
      else
        {
          /* "a; b", one per line, or "a, b" when no option has a comma of its own */
          gboolean commas = TRUE;
          g_auto(GStrv) parts = NULL;

          for (guint i = 0; field->options != NULL && field->options[i] != NULL; i++)
            if (strchr (field->options[i], ',') != NULL)
              commas = FALSE;
          parts = g_strsplit_set (text, commas && strpbrk (text, ";\n") == NULL ? "," : ";\n", -1);
          for (guint i = 0; parts[i] != NULL; i++)
            g_ptr_array_add (wanted, g_strstrip (g_strdup (parts[i])));
        }
    }
  else
    return bad_value (error, field, "(a number)", "a list of options");

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *n = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING)
        return bad_value (error, field, "(not text)", "an option");
      g_ptr_array_add (wanted, g_strstrip (g_strdup (json_node_get_string (n))));
    }

  for (guint i = 0; i < wanted->len; i++)
    {
      const char *w = wanted->pdata[i];

      if (*w == '\0')
        continue;
      if (find_option (field, w) == NULL)
        {
          g_autofree char *allowed = options_list (field);

          g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_INVALID_VALUE,
                       "%s: “%s” is not one of %s", field->key, w, allowed);
          return NULL;
        }
    }
  /* In the options' order, each once. */
  for (guint o = 0; field->options != NULL && field->options[o] != NULL; o++)
    for (guint i = 0; i < wanted->len; i++)
      if (*(char *) wanted->pdata[i] != '\0' && find_option (field, wanted->pdata[i]) == field->options[o])
        {
          json_array_add_string_element (out, field->options[o]);
          break;
        }
  if (json_array_get_length (out) == 0)
    return null_node ();
  {
    g_autoptr(JsonNode) node = json_node_init_array (json_node_alloc (), out);
    g_autofree char *text = json_to_string (node, FALSE);

    return json_node_init_string (json_node_alloc (), text);
  }
}

static gboolean
looks_like_phone (const char *text)
{
  guint digits = 0;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        digits++;
      else if (strchr (" +-().,/#*;xXwWpP\t", *p) == NULL)
        return FALSE;
    }
  return digits >= 3;
}

static char *
read_url (const char *text)
{
  g_autofree char *with_scheme = NULL;
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  if (strpbrk (text, " \t\n") != NULL)
    return NULL;
  if (strstr (text, "://") == NULL && !g_str_has_prefix (text, "mailto:") && !g_str_has_prefix (text, "tel:"))
    {
      if (strchr (text, '.') == NULL)
        return NULL;
      with_scheme = g_strconcat ("https://", text, NULL);
    }
  uri = g_uri_parse (with_scheme != NULL ? with_scheme : text, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    return NULL;
  scheme = g_uri_get_scheme (uri);
  if (g_ascii_strcasecmp (scheme, "http") == 0 || g_ascii_strcasecmp (scheme, "https") == 0 ||
      g_ascii_strcasecmp (scheme, "ftp") == 0)
    {
      if (g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
        return NULL;
    }
  else if (g_ascii_strcasecmp (scheme, "mailto") != 0 && g_ascii_strcasecmp (scheme, "tel") != 0)
    return NULL;
  return g_strdup (with_scheme != NULL ? with_scheme : text);
}

JsonNode *
rd_custom_field_parse (const RdCustomField  *field,
                       JsonNode             *value,
                       GError              **error)
{
  g_autofree char *text = NULL;
  GType vtype;

  g_return_val_if_fail (field != NULL, NULL);

  if (value == NULL || JSON_NODE_HOLDS_NULL (value))
    return null_node ();
  if (field->type == RD_CUSTOM_MULTISELECT && JSON_NODE_HOLDS_ARRAY (value))
    return parse_multiselect (field, value, error);
  if (!JSON_NODE_HOLDS_VALUE (value))
    {
      g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_INVALID_VALUE, "%s: expected a single value",
                   field->key);
      return NULL;
    }

  vtype = json_node_get_value_type (value);
  if (vtype == G_TYPE_STRING)
    {
      const char *s = json_node_get_string (value);

      if (!g_utf8_validate (s, -1, NULL))
        {
          g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_INVALID_VALUE, "%s: the text is not valid UTF-8",
                       field->key);
          return NULL;
        }
      text = g_strstrip (g_strdup (s));
      if (*text == '\0')
        return null_node ();
    }

  switch (field->type)
    {
    case RD_CUSTOM_TEXT:
    case RD_CUSTOM_LONG_TEXT:
      if (text == NULL)
        {
          if (vtype == G_TYPE_INT64)
            text = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (value));
          else if (vtype == G_TYPE_DOUBLE)
            {
              char buf[G_ASCII_DTOSTR_BUF_SIZE];
              text = g_strdup (g_ascii_dtostr (buf, sizeof buf, json_node_get_double (value)));
            }
          else
            text = g_strdup (json_node_get_boolean (value) ? "yes" : "no");
        }
      return json_node_init_string (json_node_alloc (), text);

    case RD_CUSTOM_NUMBER:
    case RD_CUSTOM_MONEY:
      {
        double d;

        if (text != NULL && !read_number (text, &d))
          return bad_value (error, field, text, "a number");
        if (text == NULL)
          d = vtype == G_TYPE_INT64 ? (double) json_node_get_int (value)
            : vtype == G_TYPE_DOUBLE ? json_node_get_double (value) : json_node_get_boolean (value);
        if (field->type == RD_CUSTOM_MONEY)
          d = round (d * 100.0) / 100.0;
        return number_node (d);
      }

    case RD_CUSTOM_DATE:
      {
        gint64 ms;

        if (text != NULL && !read_date (text, &ms))
          return bad_value (error, field, text, "a date (YYYY-MM-DD or DD.MM.YYYY)");
        if (text == NULL)
          {
            if (vtype != G_TYPE_INT64)
              return bad_value (error, field, "(not a date)", "a date");
            ms = json_node_get_int (value);
            ms -= ((ms % 86400000) + 86400000) % 86400000;   /* its day, 00:00 UTC */
          }
        return json_node_init_int (json_node_alloc (), ms);
      }

    case RD_CUSTOM_DATETIME:
      {
        gint64 ms;

        if (text != NULL && !read_datetime (text, &ms))
          return bad_value (error, field, text, "a date and time (YYYY-MM-DD HH:MM)");
        if (text == NULL)
          {
            if (vtype != G_TYPE_INT64)
              return bad_value (error, field, "(not a time)", "a date and time");
            ms = json_node_get_int (value);
          }
        return json_node_init_int (json_node_alloc (), ms);
      }

    case RD_CUSTOM_CHECKBOX:
      {
        gboolean on;

        if (text != NULL && !read_checkbox (text, &on))
          return bad_value (error, field, text, "yes or no");
        if (text == NULL)
          on = vtype == G_TYPE_BOOLEAN ? json_node_get_boolean (value)
             : vtype == G_TYPE_INT64 ? json_node_get_int (value) != 0 : json_node_get_double (value) != 0;
        return json_node_init_int (json_node_alloc (), on ? 1 : 0);
      }

    case RD_CUSTOM_PICKLIST:
      {
        const char *option;

        if (text == NULL)
          return bad_value (error, field, "(a number)", "one of the options");
        option = find_option (field, text);
        if (option == NULL)
          {
            g_autofree char *allowed = options_list (field);

            g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_INVALID_VALUE,
                         "%s: “%s” is not one of %s", field->key, text, allowed);
            return NULL;
          }
        return json_node_init_string (json_node_alloc (), option);
      }

    case RD_CUSTOM_MULTISELECT:
      {
        g_autoptr(JsonNode) trimmed = text != NULL ? json_node_init_string (json_node_alloc (), text) : NULL;

        return parse_multiselect (field, trimmed != NULL ? trimmed : value, error);
      }

    case RD_CUSTOM_PHONE:
      if (text == NULL && vtype == G_TYPE_INT64)
        text = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (value));
      if (text == NULL || !looks_like_phone (text))
        return bad_value (error, field, text != NULL ? text : "(not text)", "a phone number");
      return json_node_init_string (json_node_alloc (), text);

    case RD_CUSTOM_EMAIL:
      {
        g_autofree char *lower = text != NULL ? g_utf8_strdown (text, -1) : NULL;

        if (lower == NULL || !rd_store_email_valid (lower))
          return bad_value (error, field, text != NULL ? text : "(not text)", "an e-mail address");
        return json_node_init_string (json_node_alloc (), lower);
      }

    case RD_CUSTOM_URL:
      {
        g_autofree char *url = text != NULL ? read_url (text) : NULL;

        if (url == NULL)
          return bad_value (error, field, text != NULL ? text : "(not text)", "a web address");
        return json_node_init_string (json_node_alloc (), url);
      }
    }

  g_return_val_if_reached (NULL);
}

JsonNode *
rd_custom_field_parse_text (const RdCustomField  *field,
                            const char           *text,
                            GError              **error)
{
  g_autoptr(JsonNode) node = text != NULL ? json_node_init_string (json_node_alloc (), text) : NULL;

  return rd_custom_field_parse (field, node, error);
}

char **
rd_custom_field_selected (JsonNode *value)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new ();
  g_autoptr(JsonNode) parsed = NULL;

  if (value != NULL && JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
    parsed = json_from_string (json_node_get_string (value), NULL);
  if (parsed != NULL && JSON_NODE_HOLDS_ARRAY (parsed))
    {
      JsonArray *array = json_node_get_array (parsed);

      for (guint i = 0; i < json_array_get_length (array); i++)
        if (json_node_get_value_type (json_array_get_element (array, i)) == G_TYPE_STRING)
          g_ptr_array_add (out, g_strdup (json_array_get_string_element (array, i)));
    }
  g_ptr_array_add (out, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&out), FALSE);
}

static gint64
node_int (JsonNode *value)
{
  if (json_node_get_value_type (value) == G_TYPE_DOUBLE)
    return (gint64) json_node_get_double (value);
  if (json_node_get_value_type (value) == G_TYPE_INT64)
    return json_node_get_int (value);
  return 0;
}

static double
node_double (JsonNode *value)
{
  if (json_node_get_value_type (value) == G_TYPE_DOUBLE)
    return json_node_get_double (value);
  if (json_node_get_value_type (value) == G_TYPE_INT64)
    return (double) json_node_get_int (value);
  return 0;
}

char *
rd_custom_field_format (const RdCustomField *field,
                        JsonNode            *value)
{
  g_return_val_if_fail (field != NULL, NULL);

  if (value == NULL || !JSON_NODE_HOLDS_VALUE (value))
    return NULL;
  if (json_node_get_value_type (value) == G_TYPE_STRING && field->type != RD_CUSTOM_MULTISELECT)
    return g_strdup (json_node_get_string (value));

  switch (field->type)
    {
    case RD_CUSTOM_NUMBER:
      {
        char buf[G_ASCII_DTOSTR_BUF_SIZE];

        if (json_node_get_value_type (value) == G_TYPE_INT64)
          return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (value));
        return g_strdup (g_ascii_dtostr (buf, sizeof buf, node_double (value)));
      }
    case RD_CUSTOM_MONEY:
      {
        char buf[G_ASCII_DTOSTR_BUF_SIZE];

        return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.2f", node_double (value)));
      }
    case RD_CUSTOM_DATE:
      {
        g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (node_int (value) / 1000);

        return dt != NULL ? g_date_time_format (dt, "%Y-%m-%d") : NULL;
      }
    case RD_CUSTOM_DATETIME:
      {
        g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (node_int (value) / 1000);

        return dt != NULL ? g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ") : NULL;
      }
    case RD_CUSTOM_CHECKBOX:
      return g_strdup (node_int (value) != 0 ? "yes" : "no");
    case RD_CUSTOM_MULTISELECT:
      {
        g_auto(GStrv) selected = rd_custom_field_selected (value);

        return selected[0] != NULL ? g_strjoinv ("; ", selected) : NULL;
      }
    case RD_CUSTOM_TEXT:
    case RD_CUSTOM_LONG_TEXT:
    case RD_CUSTOM_PICKLIST:
    case RD_CUSTOM_PHONE:
    case RD_CUSTOM_EMAIL:
    case RD_CUSTOM_URL:
    default:
      {
        char buf[G_ASCII_DTOSTR_BUF_SIZE];

        if (json_node_get_value_type (value) == G_TYPE_INT64)
          return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (value));
        return g_strdup (g_ascii_dtostr (buf, sizeof buf, node_double (value)));
      }
    }
}

