/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The quick search (names, e-mails, tags, phone suffixes, custom values) and full-text
 * search. */
#include "config.h"

#include <string.h>

#include "rd-store-private.h"

/* ---- quick search and FTS --------------------------------------------------------------- */

/* Turns user text into an FTS5 query: every word, as a quoted prefix term. NULL when the
 * text has no words. */
static char *
fts_query (const char *text)
{
  /* Invalid UTF-8 becomes U+FFFD (a word break): stepping by lead bytes over a cut
   * sequence would read past the end. */
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  GString *q = g_string_new (NULL);
  GString *word = g_string_new (NULL);

  for (const char *p = valid; ; p = g_utf8_next_char (p))
    {
      gunichar c = *p != '\0' ? g_utf8_get_char (p) : 0;

      if (c != 0 && (g_unichar_isalnum (c) || c == '_'))
        {
          g_string_append_unichar (word, c);
          continue;
        }
      if (word->len > 0)
        {
          g_string_append_printf (q, "%s\"%s\"*", q->len > 0 ? " " : "", word->str);
          g_string_truncate (word, 0);
        }
      if (c == 0)
        break;
    }

  g_string_free (word, TRUE);
  if (q->len == 0)
    {
      g_string_free (q, TRUE);
      return NULL;
    }
  return g_string_free (q, FALSE);
}

static gboolean
looks_like_phone (const char *text,
                  char      **digits_rev)
{
  guint digits = 0;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        digits++;
      else if (!strchr (" +-().\t", *p))
        return FALSE;
    }
  if (digits < 6)
    return FALSE;
  *digits_rev = rd_store_digits_rev (NULL, text);
  return TRUE;
}

static const char quick_phone_sql[] =
  "SELECT tbl, id FROM ("
  "  SELECT 'contacts' AS tbl, c.id, c.name FROM phones p JOIN contacts c ON c.id = p.parent_id"
  "   WHERE p.digits_rev >= ?1 AND p.digits_rev < ?1 || ':' AND p.deleted = 0 AND c.deleted = 0"
  "  UNION SELECT 'leads', l.id, l.name FROM phones p JOIN leads l ON l.id = p.parent_id"
  "   WHERE p.digits_rev >= ?1 AND p.digits_rev < ?1 || ':' AND p.deleted = 0 AND l.deleted = 0"
  "  UNION SELECT 'organizations', o.id, o.name FROM phones p JOIN organizations o ON o.id = p.parent_id"
  "   WHERE p.digits_rev >= ?1 AND p.digits_rev < ?1 || ':' AND p.deleted = 0 AND o.deleted = 0"
  ") ORDER BY name, id LIMIT ?2 OFFSET ?3";

/* Words: contacts, then leads, then organizations, then contacts of matching organizations,
 * each newest first. FTS5 returns matches in rowid order without sorting, so a common word
 * ("Ivan" among a million contacts) costs a LIMIT, not a sort of every match. */
static const char quick_text_sql[] =
  "SELECT tbl, id FROM ("
  "  SELECT 'contacts' AS tbl, c.id, 1 AS k, c.rowid AS r FROM"
  "   (SELECT rowid FROM contacts_fts WHERE contacts_fts MATCH ?1 ORDER BY rowid DESC LIMIT ?4) f"
  "   JOIN contacts c ON c.rowid = f.rowid"
  "  UNION ALL SELECT 'leads', l.id, 2, l.rowid FROM"
  "   (SELECT rowid FROM leads_fts WHERE leads_fts MATCH ?1 ORDER BY rowid DESC LIMIT ?4) f"
  "   JOIN leads l ON l.rowid = f.rowid"
  "  UNION ALL SELECT 'organizations', o.id, 3, o.rowid FROM"
  "   (SELECT rowid FROM organizations_fts WHERE organizations_fts MATCH ?1 ORDER BY rowid DESC LIMIT ?4) f"
  "   JOIN organizations o ON o.rowid = f.rowid"
  "  UNION ALL SELECT * FROM (SELECT 'contacts', c.id, 4, c.rowid FROM organizations_fts f"
  "   JOIN organizations o ON o.rowid = f.rowid JOIN contacts c ON c.org_id = o.id AND c.deleted = 0"
  "   WHERE f.name MATCH ?1"
  "   AND NOT EXISTS (SELECT 1 FROM contacts_fts WHERE contacts_fts MATCH ?1 AND rowid = c.rowid)"
  "   ORDER BY c.rowid DESC LIMIT ?4)"
  ") ORDER BY k, r DESC LIMIT ?2 OFFSET ?3";

/* With custom fields of people defined: the same, then the records with a custom field's
 * text value matching, each newest first. FTS5 returns
 * matches in rowid order without sorting, so a common word ("Ivan" among a million
 * contacts) costs a LIMIT, not a sort of every match. Each part is limited to offset +
 * limit rows; a record found by two parts (its name and a custom value) is listed once,
 * where its first part puts it. */
static const char quick_text_custom_sql[] =
  "SELECT tbl, id FROM (SELECT tbl, id, min(k) AS k, r FROM ("
  "  SELECT 'contacts' AS tbl, c.id, 1 AS k, c.rowid AS r FROM"
  "   (SELECT rowid FROM contacts_fts WHERE contacts_fts MATCH ?1 ORDER BY rowid DESC LIMIT ?4) f"
  "   JOIN contacts c ON c.rowid = f.rowid"
  "  UNION ALL SELECT 'leads', l.id, 2, l.rowid FROM"
  "   (SELECT rowid FROM leads_fts WHERE leads_fts MATCH ?1 ORDER BY rowid DESC LIMIT ?4) f"
  "   JOIN leads l ON l.rowid = f.rowid"
  "  UNION ALL SELECT 'organizations', o.id, 3, o.rowid FROM"
  "   (SELECT rowid FROM organizations_fts WHERE organizations_fts MATCH ?1 ORDER BY rowid DESC LIMIT ?4) f"
  "   JOIN organizations o ON o.rowid = f.rowid"
  "  UNION ALL SELECT * FROM (SELECT 'contacts', c.id, 4, c.rowid FROM organizations_fts f"
  "   JOIN organizations o ON o.rowid = f.rowid JOIN contacts c ON c.org_id = o.id AND c.deleted = 0"
  "   WHERE f.name MATCH ?1"
  "   AND NOT EXISTS (SELECT 1 FROM contacts_fts WHERE contacts_fts MATCH ?1 AND rowid = c.rowid)"
  "   ORDER BY c.rowid DESC LIMIT ?4)"
  "  UNION ALL SELECT * FROM (SELECT v.parent_tbl, v.parent_id, 5, v.rowid FROM"
  "   (SELECT rowid FROM custom_values_fts WHERE custom_values_fts MATCH ?1 ORDER BY rowid DESC LIMIT ?4) f"
  "   JOIN custom_values v ON v.rowid = f.rowid JOIN custom_fields d ON d.id = v.field_id AND d.deleted = 0"
  "   WHERE v.deleted = 0 AND CASE v.parent_tbl"
  "    WHEN 'contacts' THEN EXISTS (SELECT 1 FROM contacts WHERE id = v.parent_id AND deleted = 0)"
  "    WHEN 'leads' THEN EXISTS (SELECT 1 FROM leads WHERE id = v.parent_id AND deleted = 0)"
  "    WHEN 'organizations' THEN EXISTS (SELECT 1 FROM organizations WHERE id = v.parent_id AND deleted = 0)"
  "    ELSE 0 END)"
  ") GROUP BY tbl, id) ORDER BY k, r DESC LIMIT ?2 OFFSET ?3";

/* Whether contacts, leads or organizations have custom fields (one index lookup): without,
 * the quick search runs its query of before, at no extra cost. */
static gboolean
has_custom_text (RdStore *self)
{
  sqlite3_stmt *stmt = rd_store_stmt (self, "SELECT 1 FROM custom_fields WHERE tbl IN ('contacts', 'leads',"
                                            " 'organizations') AND deleted = 0 LIMIT 1", NULL);
  gboolean found;

  if (stmt == NULL)
    return FALSE;
  found = sqlite3_step (stmt) == SQLITE_ROW;
  rd_store_stmt_done (stmt);
  return found;
}

static GPtrArray *
rd_store_quick_search_unlocked (RdStore     *self,
                       const char  *text,
                       guint        offset,
                       guint        limit,
                       GError     **error)
{
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *rev = NULL;
  g_autofree char *match = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (RD_IS_STORE (self), NULL);

  if (text == NULL)
    text = "";

  if (looks_like_phone (text, &rev))
    {
      stmt = rd_store_stmt (self, quick_phone_sql, error);
      if (stmt == NULL)
        return NULL;
      sqlite3_bind_text (stmt, 1, rev, -1, SQLITE_STATIC);
    }
  else
    {
      match = fts_query (text);
      if (match == NULL)
        return g_steal_pointer (&results);
      stmt = rd_store_stmt (self, has_custom_text (self) ? quick_text_custom_sql : quick_text_sql, error);
      if (stmt == NULL)
        return NULL;
      sqlite3_bind_text (stmt, 1, match, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 4, (gint64) offset + limit);
    }
  sqlite3_bind_int64 (stmt, 2, limit);
  sqlite3_bind_int64 (stmt, 3, offset);

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_ptr_array_add (keys, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
      g_ptr_array_add (keys, g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
    }
  if (sqlite3_errcode (self->db) != SQLITE_OK && sqlite3_errcode (self->db) != SQLITE_DONE &&
      sqlite3_errcode (self->db) != SQLITE_ROW)
    {
      rd_store_set_sql_error (self, error, "Search");
      rd_store_stmt_done (stmt);
      return NULL;
    }
  rd_store_stmt_done (stmt);

  for (guint i = 0; i + 1 < keys->len; i += 2)
    {
      RdRecord *record = rd_store_read_row (self, rd_schema_lookup (keys->pdata[i]), keys->pdata[i + 1], FALSE);

      if (record != NULL)
        g_ptr_array_add (results, record);
    }

  return g_steal_pointer (&results);
}

GPtrArray *
rd_store_quick_search (RdStore     *self,
                       const char  *text,
                       guint        offset,
                       guint        limit,
                       GError     **error)
{
  GPtrArray *result;

  g_return_val_if_fail (RD_IS_STORE (self), NULL);

  rd_store_read_begin (self);
  result = rd_store_quick_search_unlocked (self, text, offset, limit, error);
  rd_store_read_end (self);
  return result;
}

#define FTS_PART(T, TITLE) \
  "SELECT '" T "' AS tbl, s.id AS id, s." TITLE " AS title," \
  " snippet(" T "_fts, -1, '[', ']', '…', 10) AS snip, bm25(" T "_fts) AS r" \
  " FROM " T "_fts JOIN " T " s ON s.rowid = " T "_fts.rowid WHERE " T "_fts MATCH ?1"

static const char fts_sql[] =
  FTS_PART ("contacts", "name") " UNION ALL "
  FTS_PART ("leads", "name") " UNION ALL "
  FTS_PART ("organizations", "name") " UNION ALL "
  FTS_PART ("deals", "name") " UNION ALL "
  FTS_PART ("tickets", "subject") " UNION ALL "
  FTS_PART ("notes", "body") " UNION ALL "
  FTS_PART ("messages", "subject")
  " ORDER BY r, tbl, id LIMIT ?2 OFFSET ?3";

GPtrArray *
rd_store_fts (RdStore     *self,
              const char  *text,
              guint        offset,
              guint        limit,
              GError     **error)
{
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *match = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (RD_IS_STORE (self), NULL);

  match = fts_query (text != NULL ? text : "");
  if (match == NULL)
    return g_steal_pointer (&results);

  stmt = rd_store_stmt (self, fts_sql, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, match, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, limit);
  sqlite3_bind_int64 (stmt, 3, offset);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      RdRecord *record = rd_record_new ((const char *) sqlite3_column_text (stmt, 0));

      rd_record_set_id (record, (const char *) sqlite3_column_text (stmt, 1));
      json_object_set_member (rd_record_get_fields (record), "title", rd_store_column_node (stmt, 2));
      json_object_set_member (rd_record_get_fields (record), "snippet", rd_store_column_node (stmt, 3));
      g_ptr_array_add (results, record);
    }
  rd_store_stmt_done (stmt);
  if (rc != SQLITE_DONE)
    {
      rd_store_set_sql_error (self, error, "Full-text search");
      return NULL;
    }

  return g_steal_pointer (&results);
}
