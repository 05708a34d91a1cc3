/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Lists and advanced search (a tiny query language); the quick search and full-text search
 * are in rd-store-quick-search.c. */
#include "config.h"

#include <string.h>

#include "rd-country.h"
#include "rd-store-private.h"

/* ---- the advanced-search language ------------------------------------------------------- */

typedef struct {
  RdStore           *store;   /* for custom fields (NULL: built-in fields only) */
  const char        *p;
  const RdTableDesc *t;
  GPtrArray         *params;
  GString           *out;
  guint              depth;
} Parser;

static void
skip_ws (Parser *ps)
{
  while (g_ascii_isspace (*ps->p))
    ps->p++;
}

static gboolean
query_error (GError    **error,
             Parser     *ps,
             const char *what)
{
  g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_QUERY, "Query: %s near “%.20s”", what, ps->p);
  return FALSE;
}

static gboolean
keyword (Parser     *ps,
         const char *word)
{
  gsize n = strlen (word);

  skip_ws (ps);
  if (g_ascii_strncasecmp (ps->p, word, n) == 0 && !g_ascii_isalnum (ps->p[n]) && ps->p[n] != '_')
    {
      ps->p += n;
      return TRUE;
    }
  return FALSE;
}

static char *
read_word (Parser *ps)
{
  const char *start;

  skip_ws (ps);
  start = ps->p;
  while (g_ascii_isalnum (*ps->p) || *ps->p == '_')
    ps->p++;
  return start == ps->p ? NULL : g_strndup (start, ps->p - start);
}

static char *
read_value (Parser *ps)
{
  const char *start;

  skip_ws (ps);
  if (*ps->p == '\'' || *ps->p == '"')
    {
      char quote = *ps->p++;
      GString *v = g_string_new (NULL);

      while (*ps->p != '\0')
        {
          if (*ps->p == quote && ps->p[1] == quote)
            {
              g_string_append_c (v, quote);
              ps->p += 2;
            }
          else if (*ps->p == quote)
            {
              ps->p++;
              return g_string_free (v, FALSE);
            }
          else
            g_string_append_c (v, *ps->p++);
        }
      g_string_free (v, TRUE);
      return NULL;
    }

  start = ps->p;
  while (*ps->p != '\0' && !g_ascii_isspace (*ps->p) && *ps->p != ')' && *ps->p != '(')
    ps->p++;
  return start == ps->p ? NULL : g_strndup (start, ps->p - start);
}

/* Dates are kept as ms since the epoch; accept 2024-05-01 or full ISO 8601 in queries. */
static gboolean
parse_time (const char *text,
            gint64     *ms)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autofree char *full = NULL;

  if (strlen (text) == 10 && text[4] == '-' && text[7] == '-')
    full = g_strdup_printf ("%sT00:00:00Z", text);
  dt = g_date_time_new_from_iso8601 (full != NULL ? full : text, NULL);
  if (dt == NULL)
    return FALSE;
  *ms = g_date_time_to_unix (dt) * 1000 + g_date_time_get_microsecond (dt) / 1000;
  return TRUE;
}

static JsonNode *
typed_value (const RdFieldDesc *fd,
             const char        *text,
             gboolean           like)
{
  char *end = NULL;

  if (like || fd == NULL || fd->type == RD_FIELD_TEXT)
    return json_node_init_string (json_node_alloc (), text);

  if (fd->type == RD_FIELD_INT)
    {
      gint64 v = g_ascii_strtoll (text, &end, 10);

      if (end != text && *end == '\0')
        return json_node_init_int (json_node_alloc (), v);
      if (parse_time (text, &v))
        return json_node_init_int (json_node_alloc (), v);
      return NULL;
    }

  {
    double d = g_ascii_strtod (text, &end);

    if (end != text && *end == '\0')
      return json_node_init_double (json_node_alloc (), d);
  }
  return NULL;
}

static gboolean parse_or (Parser *ps, GError **error);

static const char *const address_search_fields[] = { "street", "city", "region", "postal_code", "country", NULL };

static guint
add_param (Parser   *ps,
           JsonNode *node)
{
  g_ptr_array_add (ps->params, node);
  return ps->params->len;
}

/* `city = Berlin` on a record with addresses: one of its live addresses matches. */
static gboolean
address_condition (Parser      *ps,
                   const char  *field,
                   const char  *op,
                   const char  *value,
                   GError     **error)
{
  g_autofree char *cond = NULL;
  const char *code;
  guint n;

  code = g_str_equal (field, "country") && !g_str_equal (op, "LIKE") ? rd_country_code (value) : NULL;
  n = add_param (ps, json_node_init_string (json_node_alloc (), code != NULL ? code : value));
  if (g_str_equal (op, "LIKE"))
    cond = g_strdup_printf ("LIKE ?%u ESCAPE '\\'", n);
  else if (g_str_equal (op, "!="))
    {
      /* as for built-in fields: records without such an address match too */
      cond = g_strdup_printf ("= ?%u", n);
      g_string_append (ps->out, "NOT ");
    }
  else
    cond = g_strdup_printf ("%s ?%u", op, n);
  g_string_append_printf (ps->out, "id IN (SELECT parent_id FROM addresses WHERE deleted = 0 AND \"%s\" %s)",
                          field, cond);
  return TRUE;
}

/* `vip_level = gold` on a custom field: the record has that value (a multi-select one of
 * its options); `!=` also matches records without a value, as for built-in fields. */
static gboolean
custom_condition (Parser              *ps,
                  const RdCustomField *field,
                  const char          *op,
                  const char          *value,
                  GError             **error)
{
  g_autoptr(JsonNode) typed = NULL;
  g_autoptr(GError) local_error = NULL;
  guint id_param = add_param (ps, json_node_init_string (json_node_alloc (), field->id));
  gboolean negate = FALSE;
  g_autofree char *test = NULL;
  guint n;

  if (g_str_equal (op, "LIKE"))
    {
      n = add_param (ps, json_node_init_string (json_node_alloc (), value));
      test = g_strdup_printf ("value LIKE ?%u ESCAPE '\\'", n);
    }
  else
    {
      typed = rd_custom_field_parse_text (field, value, &local_error);
      if (typed == NULL)
        {
          g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_QUERY, "Query: %s", local_error->message);
          return FALSE;
        }
      if (JSON_NODE_HOLDS_NULL (typed))
        return query_error (error, ps, "expected a value");
      if (field->type == RD_CUSTOM_CHECKBOX && (g_str_equal (op, "=") || g_str_equal (op, "!=")))
        {
          /* no value reads as unchecked */
          negate = (json_node_get_int (typed) == 0) == g_str_equal (op, "=");
          n = add_param (ps, json_node_init_int (json_node_alloc (), 1));
          test = g_strdup_printf ("value = ?%u", n);
        }
      else if (field->type == RD_CUSTOM_MULTISELECT)
        {
          g_auto(GStrv) options = rd_custom_field_selected (typed);

          if (!g_str_equal (op, "=") && !g_str_equal (op, "!="))
            return query_error (error, ps, "a multi-select field takes =, != or like");
          negate = g_str_equal (op, "!=");
          n = add_param (ps, json_node_init_string (json_node_alloc (), options[0] != NULL ? options[0] : ""));
          test = g_strdup_printf ("EXISTS (SELECT 1 FROM json_each (custom_values.value) j WHERE j.value = ?%u)", n);
        }
      else
        {
          negate = g_str_equal (op, "!=");
          n = add_param (ps, g_steal_pointer (&typed));
          test = g_strdup_printf ("value %s ?%u", negate ? "=" : op, n);
        }
    }
  g_string_append_printf (ps->out, "%sid IN (SELECT parent_id FROM custom_values WHERE field_id = ?%u"
                          " AND deleted = 0 AND %s)", negate ? "NOT " : "", id_param, test);
  return TRUE;
}

static gboolean
parse_condition (Parser  *ps,
                 GError **error)
{
  g_autofree char *field = NULL;
  g_autofree char *value = NULL;
  g_autoptr(RdCustomField) custom = NULL;
  const RdFieldDesc *fd = NULL;
  gboolean address = FALSE;
  const char *op = NULL;
  JsonNode *node;

  skip_ws (ps);
  if (*ps->p == '(')
    {
      if (++ps->depth > 32)
        return query_error (error, ps, "too many parentheses");
      ps->p++;
      g_string_append_c (ps->out, '(');
      if (!parse_or (ps, error))
        return FALSE;
      skip_ws (ps);
      if (*ps->p != ')')
        return query_error (error, ps, "missing “)”");
      ps->p++;
      ps->depth--;
      g_string_append_c (ps->out, ')');
      return TRUE;
    }

  if (keyword (ps, "not"))
    {
      gboolean ok;

      if (++ps->depth > 32)
        return query_error (error, ps, "too many “not”");
      g_string_append (ps->out, "NOT ");
      ok = parse_condition (ps, error);
      ps->depth--;
      return ok;
    }

  field = read_word (ps);
  if (field == NULL)
    return query_error (error, ps, "expected a field name");
  if (!g_str_equal (field, "id") && !g_str_equal (field, "hlc"))
    {
      fd = rd_schema_field (ps->t, field);
      if (fd == NULL && (ps->t->flags & RD_TABLE_HAS_ADDRESSES) && g_strv_contains (address_search_fields, field))
        address = TRUE;
      else if (fd == NULL && ps->store != NULL && (ps->t->flags & RD_TABLE_HAS_CUSTOM))
        custom = rd_store_get_custom_field (ps->store, ps->t->name, field);
      if ((fd == NULL && !address && custom == NULL) || g_str_equal (field, "deleted"))
        {
          g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_QUERY,
                       "Query: %s has no field “%s”", ps->t->name, field);
          return FALSE;
        }
    }

  /* "field is empty" / "field is not empty": no value (an empty text is stored as none). */
  if (keyword (ps, "is"))
    {
      gboolean negate = keyword (ps, "not");

      if (!keyword (ps, "empty"))
        return query_error (error, ps, "expected “empty” or “not empty” after “is”");
      if (address)
        g_string_append_printf (ps->out, "%sid IN (SELECT parent_id FROM addresses WHERE deleted = 0"
                                " AND \"%s\" IS NOT NULL)", negate ? "" : "NOT ", field);
      else if (custom != NULL)
        g_string_append_printf (ps->out, "%sid IN (SELECT parent_id FROM custom_values WHERE field_id = ?%u"
                                " AND deleted = 0 AND value IS NOT NULL)", negate ? "" : "NOT ",
                                add_param (ps, json_node_init_string (json_node_alloc (), custom->id)));
      else
        g_string_append_printf (ps->out, "(\"%s\" IS %sNULL)", field, negate ? "NOT " : "");
      return TRUE;
    }

  skip_ws (ps);
  if (g_str_has_prefix (ps->p, "<=")) op = "<=";
  else if (g_str_has_prefix (ps->p, ">=")) op = ">=";
  else if (g_str_has_prefix (ps->p, "!=")) op = "!=";
  else if (g_str_has_prefix (ps->p, "<>")) op = "!=";
  else if (*ps->p == '=') op = "=";
  else if (*ps->p == '<') op = "<";
  else if (*ps->p == '>') op = ">";
  if (op != NULL)
    ps->p += (op[1] != '\0' || g_str_has_prefix (ps->p, "<>")) ? 2 : 1;
  else if (keyword (ps, "like"))
    op = "LIKE";
  else
    return query_error (error, ps, "expected =, !=, <, <=, >, >= or like");

  value = read_value (ps);
  if (value == NULL)
    return query_error (error, ps, "expected a value");
  if (address)
    return address_condition (ps, field, op, value, error);
  if (custom != NULL)
    return custom_condition (ps, custom, op, value, error);

  node = typed_value (fd, value, g_str_equal (op, "LIKE"));
  if (node == NULL)
    {
      g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_QUERY,
                   "Query: %s needs a %s, not “%s”", field,
                   fd->type == RD_FIELD_INT ? "whole number or date" : "number", value);
      return FALSE;
    }

  g_ptr_array_add (ps->params, node);
  if (g_str_equal (op, "LIKE"))
    g_string_append_printf (ps->out, "\"%s\" LIKE ?%u ESCAPE '\\'", field, ps->params->len);
  else if (g_str_equal (op, "!="))   /* "currency != RUB" includes the deals without one */
    g_string_append_printf (ps->out, "\"%s\" IS NOT ?%u", field, ps->params->len);
  else
    g_string_append_printf (ps->out, "\"%s\" %s ?%u", field, op, ps->params->len);
  return TRUE;
}

static gboolean
parse_and (Parser  *ps,
           GError **error)
{
  if (!parse_condition (ps, error))
    return FALSE;
  while (keyword (ps, "and"))
    {
      g_string_append (ps->out, " AND ");
      if (!parse_condition (ps, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
parse_or (Parser  *ps,
          GError **error)
{
  if (!parse_and (ps, error))
    return FALSE;
  while (keyword (ps, "or"))
    {
      g_string_append (ps->out, " OR ");
      if (!parse_and (ps, error))
        return FALSE;
    }
  return TRUE;
}

char *
rd_store_parse_query (RdStore           *store,
                      const RdTableDesc *t,
                      const char        *query,
                      GPtrArray         *params,
                      GError           **error)
{
  g_autoptr(GString) out = g_string_new (NULL);
  Parser ps = { store, query, t, params, out, 0 };

  if (!parse_or (&ps, error))
    return NULL;
  skip_ws (&ps);
  if (*ps.p != '\0')
    {
      query_error (error, &ps, "expected “and”, “or” or the end");
      return NULL;
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* ---- lists ------------------------------------------------------------------------------ */

static char *
build_where (RdStore           *store,
             const RdTableDesc *t,
             const char        *query,
             GPtrArray         *params,
             GError           **error)
{
  g_autofree char *cond = NULL;

  if (query == NULL || *query == '\0' || strspn (query, " \t\n") == strlen (query))
    return g_strdup ("deleted = 0");

  cond = rd_store_parse_query (store, t, query, params, error);
  if (cond == NULL)
    return NULL;
  return g_strdup_printf ("deleted = 0 AND (%s)", cond);
}

static const RdTableDesc *
table_or_error (const char  *table,
                GError     **error)
{
  const RdTableDesc *t = rd_schema_lookup (table);

  if (t == NULL)
    g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_UNKNOWN_TABLE,
                 "“%s” is not a kind of record", table != NULL ? table : "");
  return t;
}

GPtrArray *
rd_store_search (RdStore     *self,
                 const char  *table,
                 const char  *query,
                 const char  *order_by,
                 guint        offset,
                 guint        limit,
                 GError     **error)
{
  g_autoptr(GPtrArray) params = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *where = NULL;
  g_autofree char *sql = NULL;
  const RdTableDesc *t;
  const char *order;
  gboolean desc = FALSE, score;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (RD_IS_STORE (self), NULL);

  if ((t = table_or_error (table, error)) == NULL)
    return NULL;

  order = order_by != NULL ? order_by : t->title_field;
  if (*order == '-')
    {
      desc = TRUE;
      order++;
    }
  score = g_str_equal (t->name, "leads");
  if (!g_str_equal (order, "id") && rd_schema_field (t, order) == NULL &&
      !(score && g_str_equal (order, "score")))
    {
      g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_QUERY, "Query: %s has no field “%s” to order by",
                   t->name, order);
      return NULL;
    }

  where = build_where (self, t, query, params, error);
  if (where == NULL)
    return NULL;

  /* A lead carries its local score (lead_scores, docs/intelligence.md) as "score". */
  sql = g_strdup_printf ("SELECT *%s FROM %s WHERE %s ORDER BY \"%s\" %s, id %s LIMIT %u OFFSET %u",
                         score ? ", (SELECT s.score FROM lead_scores s WHERE s.lead_id = leads.id) AS score" : "",
                         t->name, where, order, desc ? "DESC" : "", desc ? "DESC" : "",
                         limit, offset);
  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      sqlite3_finalize (stmt);
      rd_store_set_sql_error (self, error, "Search");
      return NULL;
    }
  for (guint i = 0; i < params->len; i++)
    rd_store_bind_node (stmt, i + 1, params->pdata[i]);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (results, rd_store_record_from_stmt (t->name, stmt));
  sqlite3_finalize (stmt);

  return g_steal_pointer (&results);
}

GPtrArray *
rd_store_list (RdStore     *self,
               const char  *table,
               const char  *query,
               const char  *order_by,
               guint        offset,
               guint        limit,
               GError     **error)
{
  return rd_store_search (self, table, query, order_by, offset, limit, error);
}

gint64
rd_store_count (RdStore     *self,
                const char  *table,
                const char  *query,
                GError     **error)
{
  g_autoptr(GPtrArray) params = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  g_autofree char *where = NULL;
  g_autofree char *sql = NULL;
  const RdTableDesc *t;
  sqlite3_stmt *stmt;
  gint64 count = -1;

  g_return_val_if_fail (RD_IS_STORE (self), -1);

  if ((t = table_or_error (table, error)) == NULL)
    return -1;
  where = build_where (self, t, query, params, error);
  if (where == NULL)
    return -1;

  sql = g_strdup_printf ("SELECT count(*) FROM %s WHERE %s", t->name, where);
  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      sqlite3_finalize (stmt);
      rd_store_set_sql_error (self, error, "Count");
      return -1;
    }
  for (guint i = 0; i < params->len; i++)
    rd_store_bind_node (stmt, i + 1, params->pdata[i]);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  return count;
}
