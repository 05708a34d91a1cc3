/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The capture path (every local write) and the merge path (remote fields). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "rd-country.h"
#include "rd-store-private.h"

static char *
node_to_json (JsonNode *node)
{
  GString *out = g_string_new (NULL);

  rd_store_append_json (out, node);
  return g_string_free (out, FALSE);
}

static gboolean
nodes_equal (JsonNode *a,
             JsonNode *b)
{
  g_autofree char *ta = node_to_json (a);
  g_autofree char *tb = node_to_json (b);

  return strcmp (ta, tb) == 0;
}

static void
fv_set (JsonObject *fv,
        const char *field,
        RdHlcValue  hlc,
        int         site_no)
{
  JsonArray *pair = json_array_sized_new (2);

  json_array_add_int_element (pair, (gint64) hlc);
  json_array_add_int_element (pair, site_no);
  json_object_set_array_member (fv, field, pair);
}

static JsonObject *
fv_parse (const char *text)
{
  g_autoptr(JsonNode) node = NULL;

  if (text != NULL)
    node = json_from_string (text, NULL);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return json_object_new ();

  return json_object_ref (json_node_get_object (node));
}

/* g_string_append_printf costs a vasprintf (and a malloc) per call: these run per field. */
static void
append_int64 (GString *out,
              gint64   v)
{
  char buf[24];
  int i = sizeof buf;
  guint64 u = v < 0 ? -(guint64) v : (guint64) v;

  do
    buf[--i] = '0' + (u % 10);
  while ((u /= 10) != 0);
  if (v < 0)
    buf[--i] = '-';
  g_string_append_len (out, buf + i, sizeof buf - i);
}

static char *
fv_to_string (JsonObject *fv)
{
  GString *out = g_string_sized_new (256);
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  /* Written by hand: the json-glib generator was a visible share of every write. */
  g_string_append_c (out, '{');
  json_object_iter_init (&iter, fv);
  while (json_object_iter_next (&iter, &name, &node))
    {
      JsonArray *pair = json_node_get_array (node);

      if (out->len > 1)
        g_string_append_c (out, ',');
      g_string_append_c (out, '"');
      g_string_append (out, name);
      g_string_append (out, "\":[");
      append_int64 (out, json_array_get_int_element (pair, 0));
      g_string_append_c (out, ',');
      append_int64 (out, json_array_get_int_element (pair, 1));
      g_string_append_c (out, ']');
    }
  g_string_append_c (out, '}');
  return g_string_free (out, FALSE);
}

char *
rd_store_digits_rev (const char *e164,
                     const char *raw)
{
  const char *src = e164 != NULL ? e164 : raw;
  GString *out = g_string_new (NULL);
  gssize len;

  if (src == NULL)
    return g_string_free (out, FALSE);

  len = strlen (src);
  for (gssize i = len - 1; i >= 0; i--)
    if (src[i] >= '0' && src[i] <= '9')
      g_string_append_c (out, src[i]);

  return g_string_free (out, FALSE);
}

static gboolean
refresh_digits (RdStore     *self,
                const char  *phone_id,
                GError     **error)
{
  sqlite3_stmt *stmt = rd_store_stmt (self, "SELECT e164, raw FROM phones WHERE id = ?", error);
  g_autofree char *rev = NULL;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, phone_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    rev = rd_store_digits_rev ((const char *) sqlite3_column_text (stmt, 0),
                               (const char *) sqlite3_column_text (stmt, 1));
  rd_store_stmt_done (stmt);

  stmt = rd_store_stmt (self, "UPDATE phones SET digits_rev = ? WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, rev, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, phone_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      rd_store_stmt_done (stmt);
      return rd_store_set_sql_error (self, error, "Cannot index phone");
    }
  rd_store_stmt_done (stmt);
  return TRUE;
}

/* One single-row INSERT per changed field: a multi-row INSERT needs a statement journal
 * (page copies) that single-row inserts into a table without triggers do not.
 * A new row is ONE outbox row, field "*", value = a JSON object of its non-null fields (the
 * same "*" the row's field versions carry); rd_store_outbox_peek() hands it out as one entry
 * per field, so what the sync client sends is unchanged. */
static gboolean
append_outbox (RdStore      *self,
               const char   *table,
               const char   *id,
               GPtrArray    *names,
               JsonObject   *changes,
               RdHlcValue    hlc,
               gboolean      is_new,
               GError      **error)
{
  sqlite3_stmt *stmt = rd_store_stmt (self, "INSERT INTO outbox (tbl, row_id, field, value, hlc, site) "
                                            "VALUES (?, ?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  if (is_new)
    {
      GString *object = g_string_sized_new (256);
      g_autofree char *json = NULL;
      gboolean ok;

      g_string_append_c (object, '{');
      for (guint i = 0; i < names->len; i++)
        {
          /* field names come from the schema descriptors: plain identifiers */
          if (i > 0)
            g_string_append_c (object, ',');
          g_string_append_c (object, '"');
          g_string_append (object, names->pdata[i]);
          g_string_append (object, "\":");
          rd_store_append_json (object, json_object_get_member (changes, names->pdata[i]));
        }
      g_string_append_c (object, '}');
      json = g_string_free (object, FALSE);

      sqlite3_bind_text (stmt, 1, table, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, "*", -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, json, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 5, (gint64) hlc);
      sqlite3_bind_text (stmt, 6, self->site, -1, SQLITE_STATIC);
      ok = sqlite3_step (stmt) == SQLITE_DONE;
      if (!ok)
        rd_store_set_sql_error (self, error, "Cannot record the change");
      rd_store_stmt_done (stmt);
      return ok;
    }
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *json = node_to_json (json_object_get_member (changes, names->pdata[i]));
      int rc;

      sqlite3_bind_text (stmt, 1, table, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, names->pdata[i], -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, json, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 5, (gint64) hlc);
      sqlite3_bind_text (stmt, 6, self->site, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        {
          sqlite3_clear_bindings (stmt);
          return rd_store_set_sql_error (self, error, "Cannot record the change");
        }
    }
  rd_store_stmt_done (stmt);
  return TRUE;
}

static gboolean
append_audit (RdStore     *self,
              const char  *table,
              const char  *id,
              const char  *field,
              JsonNode    *old_value,
              JsonNode    *new_value,
              const char  *author,
              const char  *site,
              GError     **error)
{
  sqlite3_stmt *stmt = rd_store_stmt (self, "INSERT INTO audit_log (at, tbl, row_id, field, old_value, "
                                            "new_value, author, site) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", error);
  g_autofree char *old_json = NULL;
  g_autofree char *new_json = NULL;
  gboolean ok;

  if (stmt == NULL)
    return FALSE;
  old_json = node_to_json (old_value);
  new_json = node_to_json (new_value);
  sqlite3_bind_int64 (stmt, 1, g_get_real_time () / 1000);
  sqlite3_bind_text (stmt, 2, table, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, field, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, old_json, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, new_json, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, author, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, site, -1, SQLITE_STATIC);
  ok = sqlite3_step (stmt) == SQLITE_DONE;
  if (!ok)
    rd_store_set_sql_error (self, error, "Cannot write the audit log");
  rd_store_stmt_done (stmt);
  return ok;
}

gboolean
rd_store_write_row (RdStore           *self,
                    const RdTableDesc *t,
                    const char        *id,
                    JsonObject        *changes,
                    gboolean           is_new,
                    GError           **error)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GPtrArray) olds = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  g_autoptr(JsonObject) fv = NULL;
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(GList) members = json_object_get_members (changes);
  g_autofree char *fv_text = NULL;
  g_autofree char *digits = NULL;
  sqlite3_stmt *stmt;
  RdHlcValue hlc;
  int site_no = rd_store_site_number (self, self->site, error);
  int col;

  if (site_no < 0)
    return FALSE;
  if (t->flags & RD_TABLE_SERVER_ONLY)
    {
      g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_INVALID_STATE,
                   "%s are written by the server only; they arrive by sync", t->name);
      return FALSE;
    }

  if (!is_new)
    {
      g_string_append (sql, "SELECT fv");
      for (GList *l = members; l != NULL; l = l->next)
        {
          g_string_append (sql, ", \"");
          g_string_append (sql, l->data);
          g_string_append_c (sql, '"');
        }
      g_string_append_printf (sql, " FROM %s WHERE id = ?", t->name);

      stmt = rd_store_stmt (self, sql->str, error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) != SQLITE_ROW)
        {
          rd_store_stmt_done (stmt);
          g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_NOT_FOUND,
                       "No %s record with id %s", t->name, id);
          return FALSE;
        }
      fv = fv_parse ((const char *) sqlite3_column_text (stmt, 0));
      col = 1;
      for (GList *l = members; l != NULL; l = l->next, col++)
        {
          g_autoptr(JsonNode) old = rd_store_column_node (stmt, col);

          if (!nodes_equal (old, json_object_get_member (changes, l->data)))
            {
              g_ptr_array_add (names, l->data);
              g_ptr_array_add (olds, g_steal_pointer (&old));
            }
        }
      rd_store_stmt_done (stmt);
    }
  else
    {
      fv = json_object_new ();
      for (GList *l = members; l != NULL; l = l->next)
        if (!JSON_NODE_HOLDS_NULL (json_object_get_member (changes, l->data)))
          g_ptr_array_add (names, l->data);
    }

  if (names->len == 0 && !is_new)
    return TRUE;

  hlc = rd_hlc_now (self->hlc);
  /* A new row is one write of all its fields: one "*" version stands for every field
   * (about 600 bytes less per contact than a version per field). Updates add their own. */
  if (is_new)
    fv_set (fv, "*", hlc, site_no);
  else
    for (guint i = 0; i < names->len; i++)
      fv_set (fv, names->pdata[i], hlc, site_no);
  fv_text = fv_to_string (fv);

  g_string_truncate (sql, 0);
  if (is_new)
    {
      g_string_append (sql, "INSERT INTO ");
      g_string_append (sql, t->name);
      g_string_append (sql, " (id, hlc, fv");
      for (guint i = 0; i < names->len; i++)
        {
          g_string_append (sql, ", \"");
          g_string_append (sql, names->pdata[i]);
          g_string_append_c (sql, '"');
        }
      if (t->flags & RD_TABLE_CHILD && g_str_equal (t->name, "phones"))
        g_string_append (sql, ", digits_rev");
      g_string_append (sql, ") VALUES (?, ?, ?");
      for (guint i = 0; i < names->len; i++)
        g_string_append (sql, ", ?");
      if (t->flags & RD_TABLE_CHILD && g_str_equal (t->name, "phones"))
        g_string_append (sql, ", ?");
      g_string_append (sql, ")");
    }
  else
    {
      g_string_append_printf (sql, "UPDATE %s SET hlc = max(hlc, ?2), fv = ?3", t->name);
      for (guint i = 0; i < names->len; i++)
        g_string_append_printf (sql, ", \"%s\" = ?%u", (const char *) names->pdata[i], i + 4);
      g_string_append (sql, " WHERE id = ?1");
    }

  stmt = rd_store_stmt (self, sql->str, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, (gint64) hlc);
  sqlite3_bind_text (stmt, 3, fv_text, -1, SQLITE_STATIC);
  for (guint i = 0; i < names->len; i++)
    rd_store_bind_node (stmt, i + 4, json_object_get_member (changes, names->pdata[i]));
  if (is_new && g_str_equal (t->name, "phones"))
    {
      digits = rd_store_digits_rev (json_object_get_string_member_with_default (changes, "e164", NULL),
                                    json_object_get_string_member_with_default (changes, "raw", NULL));
      sqlite3_bind_text (stmt, names->len + 4, digits, -1, SQLITE_STATIC);
    }
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      rd_store_stmt_done (stmt);
      return rd_store_set_sql_error (self, error, "Cannot write record");
    }
  rd_store_stmt_done (stmt);

  if (!is_new && g_str_equal (t->name, "phones") &&
      (json_object_has_member (changes, "raw") || json_object_has_member (changes, "e164")) &&
      !refresh_digits (self, id, error))
    return FALSE;

  if (self->capture && !append_outbox (self, t->name, id, names, changes, hlc, is_new, error))
    return FALSE;

  for (guint i = 0; !is_new && i < names->len; i++)
    if (!append_audit (self, t->name, id, names->pdata[i], olds->pdata[i],
                       json_object_get_member (changes, names->pdata[i]), self->user, self->site, error))
      return FALSE;

  return TRUE;
}

gboolean
rd_store_insert_new_row (RdStore             *self,
                         const RdTableDesc   *t,
                         const char          *id,
                         const RdColumnValue *values,
                         guint                n_values,
                         GError             **error)
{
  gboolean phones = g_str_equal (t->name, "phones");
  g_autoptr(GString) sql = g_string_sized_new (256);
  g_autoptr(GString) fv = g_string_sized_new (48);
  g_autofree char *digits = NULL;
  sqlite3_stmt *stmt;
  RdHlcValue hlc;
  int site_no = rd_store_site_number (self, self->site, error);
  gboolean ok;

  if (site_no < 0)
    return FALSE;

  hlc = rd_hlc_now (self->hlc);
  g_string_append (fv, "{\"*\":[");
  append_int64 (fv, (gint64) hlc);
  g_string_append_c (fv, ',');
  append_int64 (fv, site_no);
  g_string_append (fv, "]}");

  g_string_append (sql, "INSERT INTO ");
  g_string_append (sql, t->name);
  g_string_append (sql, " (id, hlc, fv");
  for (guint i = 0; i < n_values; i++)
    {
      g_string_append (sql, ", \"");
      g_string_append (sql, values[i].name);
      g_string_append_c (sql, '"');
    }
  g_string_append (sql, phones ? ", digits_rev) VALUES (?, ?, ?" : ") VALUES (?, ?, ?");
  for (guint i = 0; i < n_values + (phones ? 1 : 0); i++)
    g_string_append (sql, ", ?");
  g_string_append_c (sql, ')');

  stmt = rd_store_stmt (self, sql->str, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, (gint64) hlc);
  sqlite3_bind_text (stmt, 3, fv->str, fv->len, SQLITE_STATIC);
  for (guint i = 0; i < n_values; i++)
    {
      if (values[i].text != NULL)
        sqlite3_bind_text (stmt, i + 4, values[i].text, -1, SQLITE_STATIC);
      else
        sqlite3_bind_int64 (stmt, i + 4, values[i].num);
    }
  if (phones)
    {
      const char *e164 = NULL, *raw = NULL;

      for (guint i = 0; i < n_values; i++)
        if (g_str_equal (values[i].name, "e164"))
          e164 = values[i].text;
        else if (g_str_equal (values[i].name, "raw"))
          raw = values[i].text;
      digits = rd_store_digits_rev (e164, raw);
      sqlite3_bind_text (stmt, n_values + 4, digits, -1, SQLITE_STATIC);
    }
  ok = sqlite3_step (stmt) == SQLITE_DONE;
  if (!ok)
    rd_store_set_sql_error (self, error, "Cannot write record");
  rd_store_stmt_done (stmt);
  if (!ok || !self->capture)
    return ok;

  /* The one outbox row of a new row (see append_outbox). */
  g_string_truncate (sql, 0);
  g_string_append_c (sql, '{');
  for (guint i = 0; i < n_values; i++)
    {
      if (i > 0)
        g_string_append_c (sql, ',');
      g_string_append_c (sql, '"');
      g_string_append (sql, values[i].name);
      g_string_append (sql, "\":");
      if (values[i].text != NULL)
        rd_store_append_json_string (sql, values[i].text);
      else
        append_int64 (sql, values[i].num);
    }
  g_string_append_c (sql, '}');

  stmt = rd_store_stmt (self, "INSERT INTO outbox (tbl, row_id, field, value, hlc, site) "
                              "VALUES (?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, t->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, "*", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, sql->str, sql->len, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, (gint64) hlc);
  sqlite3_bind_text (stmt, 6, self->site, -1, SQLITE_STATIC);
  ok = sqlite3_step (stmt) == SQLITE_DONE;
  if (!ok)
    rd_store_set_sql_error (self, error, "Cannot record the change");
  rd_store_stmt_done (stmt);
  return ok;
}

/* ---- validation ------------------------------------------------------------------------- */

gboolean
rd_store_email_valid (const char *s)
{
  const char *at = strchr (s, '@');
  const char *dot;

  if (at == NULL || at == s || strchr (at + 1, '@') != NULL)
    return FALSE;
  for (const char *p = s; *p != '\0'; p++)
    if (g_ascii_isspace (*p) || *p == ',' || *p == ';' || *p == '<' || *p == '>')
      return FALSE;
  dot = strrchr (at + 1, '.');
  return dot != NULL && dot > at + 1 && dot[1] != '\0';
}

gboolean
rd_store_row_exists (RdStore    *self,
                     const char *table,
                     const char *id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT 1 FROM %s WHERE id = ? AND deleted = 0", table);
  sqlite3_stmt *stmt = rd_store_stmt (self, sql, NULL);
  gboolean found;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  rd_store_stmt_done (stmt);
  return found;
}

char *
rd_store_row_owner (RdStore    *self,
                    const char *table,
                    const char *id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT owner FROM %s WHERE id = ?", table);
  sqlite3_stmt *stmt = rd_store_stmt (self, sql, NULL);
  char *owner = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    owner = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  rd_store_stmt_done (stmt);
  return owner;
}

gboolean
rd_store_validate_field (RdStore           *self,
                         const RdTableDesc *t,
                         const char        *field,
                         JsonObject        *changes,
                         GError           **error)
{
  const RdFieldDesc *fd = rd_schema_field (t, field);
  JsonNode *node = json_object_get_member (changes, field);
  GType vtype;

  if (fd == NULL || g_str_equal (field, "deleted"))
    {
      g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_UNKNOWN_FIELD,
                   "%s: not a field of %s", field, t->name);
      return FALSE;
    }

  if (!JSON_NODE_HOLDS_VALUE (node) && !JSON_NODE_HOLDS_NULL (node))
    {
      g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_INVALID_VALUE,
                   "%s: expected a single value", field);
      return FALSE;
    }

  vtype = JSON_NODE_HOLDS_NULL (node) ? G_TYPE_INVALID : json_node_get_value_type (node);

  /* Strings are trimmed; an empty string means "no value". */
  if (vtype == G_TYPE_STRING)
    {
      const char *s = json_node_get_string (node);
      g_autofree char *trimmed = NULL;

      if (!g_utf8_validate (s, -1, NULL))
        {
          g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_INVALID_VALUE,
                       "%s: the text is not valid UTF-8", field);
          return FALSE;
        }
      trimmed = g_strstrip (g_strdup (s));
      if (*trimmed == '\0')
        {
          json_object_set_null_member (changes, field);
          vtype = G_TYPE_INVALID;
        }
      else if (strcmp (trimmed, s) != 0)
        json_object_set_string_member (changes, field, trimmed);
      node = json_object_get_member (changes, field);
    }

  if (vtype == G_TYPE_INVALID)
    {
      if (fd->flags & RD_FIELD_REQUIRED)
        {
          g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_REQUIRED,
                       "%s: a value is required", field);
          return FALSE;
        }
      return TRUE;
    }

  switch (fd->type)
    {
    case RD_FIELD_TEXT:
      if (vtype == G_TYPE_INT64)
        {
          g_autofree char *s = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
          json_object_set_string_member (changes, field, s);
        }
      else if (vtype != G_TYPE_STRING)
        {
          g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_INVALID_VALUE,
                       "%s: expected text", field);
          return FALSE;
        }
      break;

    case RD_FIELD_ANY:
      break;   /* checked by its owner (a custom field's value: rd-custom-fields.c) */

    case RD_FIELD_INT:
    case RD_FIELD_REAL:
      if (vtype == G_TYPE_STRING)
        {
          g_autofree char *s = g_strdup (json_node_get_string (node));
          char *end = NULL;
          double d;

          g_strdelimit (s, ",", '.');
          d = g_ascii_strtod (s, &end);
          if (end == s || *end != '\0')
            {
              g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_INVALID_VALUE,
                           "%s: “%s” is not a number", field, json_node_get_string (node));
              return FALSE;
            }
          if (fd->type == RD_FIELD_INT)
            json_object_set_int_member (changes, field, (gint64) d);
          else
            json_object_set_double_member (changes, field, d);
        }
      else if (vtype == G_TYPE_BOOLEAN)
        json_object_set_int_member (changes, field, json_node_get_boolean (node));
      else if (fd->type == RD_FIELD_INT && vtype == G_TYPE_DOUBLE)
        json_object_set_int_member (changes, field, (gint64) json_node_get_double (node));
      else if (fd->type == RD_FIELD_REAL && vtype == G_TYPE_INT64)
        json_object_set_double_member (changes, field, (double) json_node_get_int (node));
      break;
    }

  node = json_object_get_member (changes, field);

  if (fd->flags & RD_FIELD_EMAIL)
    {
      g_autofree char *lower = g_utf8_strdown (json_node_get_string (node), -1);

      if (!rd_store_email_valid (lower))
        {
          g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_INVALID_VALUE,
                       "%s: “%s” is not an e-mail address", field, json_node_get_string (node));
          return FALSE;
        }
      json_object_set_string_member (changes, field, lower);
    }

  if (fd->flags & RD_FIELD_COUNTRY)
    {
      const char *code = rd_country_code (json_node_get_string (node));

      if (code == NULL)
        {
          g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_INVALID_VALUE,
                       "%s: “%s” is not a country (a name or an ISO 3166 code such as DE)",
                       field, json_node_get_string (node));
          return FALSE;
        }
      json_object_set_string_member (changes, field, code);
    }

  if (fd->flags & RD_FIELD_ENUM)
    {
      const char *v = json_node_get_string (node);

      if (!g_strv_contains ((const char * const *) fd->enum_values, v))
        {
          g_autofree char *allowed = g_strjoinv (", ", (char **) fd->enum_values);

          g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_INVALID_VALUE,
                       "%s: “%s” is not one of %s", field, v, allowed);
          return FALSE;
        }
    }

  if ((fd->flags & RD_FIELD_REF) && !rd_store_row_exists (self, fd->ref_table, json_node_get_string (node)))
    {
      g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_FOREIGN_KEY,
                   "%s: no %s record with id %s", field, fd->ref_table, json_node_get_string (node));
      return FALSE;
    }

  return TRUE;
}
