/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "rd-passage.h"
#include "rd-query-terms.h"
#include "rd-retriever.h"

/* Calls @func for each word of @text (lower-case, ё as е) with its byte offset. */
typedef void (*WordFunc) (const char *word, gpointer data);

static void
for_each_word (const char *text,
               WordFunc    func,
               gpointer    data)
{
  const char *p = text != NULL ? text : "";

  while (*p != '\0')
    {
      const char *start;

      while (*p != '\0' && !g_unichar_isalnum (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);
      start = p;
      while (*p != '\0' && g_unichar_isalnum (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);
      if (p > start)
        {
          g_autofree char *lower = g_utf8_strdown (start, p - start);
          GString *word = g_string_new (NULL);

          for (const char *q = lower; *q != '\0'; q = g_utf8_next_char (q))
            {
              gunichar c = g_utf8_get_char (q);
              g_string_append_unichar (word, c == 0x0451 ? 0x0435 : c);
            }
          func (word->str, data);
          g_string_free (word, TRUE);
        }
    }
}

typedef struct {
  GPtrArray *terms;
  gboolean  *seen;
  guint      n_seen;
} Coverage;

static void
coverage_word_cb (const char *word,
                  gpointer    data)
{
  Coverage *c = data;
  guint index;

  if (rd_query_terms_matches (c->terms, word, &index) && !c->seen[index])
    {
      c->seen[index] = TRUE;
      c->n_seen++;
    }
}

/* How many distinct terms @text holds. */
static guint
count_terms (GPtrArray  *terms,
             const char *text)
{
  g_autofree gboolean *seen = g_new0 (gboolean, terms->len);
  Coverage c = { terms, seen, 0 };

  for_each_word (text, coverage_word_cb, &c);
  return c.n_seen;
}

/* A paragraph without markdown's heading and list marks, lines joined. */
static char *
clean_paragraph (const char *paragraph)
{
  g_auto(GStrv) lines = g_strsplit (paragraph, "\n", -1);
  GString *out = g_string_new (NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = g_strstrip (lines[i]);

      while (*line == '#' || *line == '>' || ((*line == '-' || *line == '*') && line[1] == ' '))
        line = g_strchug ((char *) line + 1);
      if (*line == '\0')
        continue;
      if (out->len > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, line);
    }
  return g_string_free (out, FALSE);
}

static char *
cut (char *text)
{
  const char *end;

  if (g_utf8_strlen (text, -1) <= RD_RETRIEVER_PASSAGE_CHARS)
    return text;
  end = g_utf8_offset_to_pointer (text, RD_RETRIEVER_PASSAGE_CHARS);
  while (end > text && *end != ' ')
    end--;
  if (end == text)
    end = g_utf8_offset_to_pointer (text, RD_RETRIEVER_PASSAGE_CHARS);
  text[end - text] = '\0';
  {
    char *out = g_strconcat (text, "…", NULL);
    g_free (text);
    return out;
  }
}

/* The paragraph of @body holding the most terms (the first of equals), or @title. */
static char *
best_paragraph (GPtrArray  *terms,
                const char *title,
                const char *body)
{
  g_auto(GStrv) paragraphs = g_strsplit (body != NULL ? body : "", "\n\n", -1);
  char *best = NULL;
  guint best_count = 0;

  for (guint i = 0; paragraphs[i] != NULL; i++)
    {
      g_autofree char *text = clean_paragraph (paragraphs[i]);
      guint count;

      /* A heading alone is not a passage. */
      const char *raw = g_strchug (paragraphs[i]);

      if (*text == '\0' || (*raw == '#' && strchr (raw, '\n') == NULL))
        continue;
      count = count_terms (terms, text);
      if (best == NULL || count > best_count)
        {
          g_free (best);
          best = g_steal_pointer (&text);
          best_count = count;
        }
    }
  return cut (best != NULL ? best : g_strdup (title != NULL ? title : ""));
}

GPtrArray *
rd_retriever_search (RdStore     *store,
                     GPtrArray   *terms,
                     gboolean     public_only,
                     guint        limit,
                     double      *coverage,
                     GError     **error)
{
  g_autoptr(GPtrArray) passages = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *match = rd_query_terms_to_match (terms);
  g_autofree char *sql = NULL;
  sqlite3 *db = rd_store_get_db (store);
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (coverage != NULL)
    *coverage = 0;
  if (match == NULL || limit == 0)
    return g_steal_pointer (&passages);

  sql = g_strdup_printf ("SELECT a.id, a.title, a.body, a.tags, -bm25(articles_fts, %g, %g, %g) AS score"
                         " FROM articles_fts f JOIN articles a ON a.rowid = f.rowid"
                         " WHERE articles_fts MATCH ?1 AND a.deleted = 0"
                         " AND (?2 = 0 OR a.visibility = 'public')"
                         " ORDER BY score DESC, a.title LIMIT ?3",
                         RD_RETRIEVER_TITLE_WEIGHT, RD_RETRIEVER_BODY_WEIGHT, RD_RETRIEVER_TAGS_WEIGHT);
  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_FAILED,
                   "Cannot search the articles: %s", sqlite3_errmsg (db));
      sqlite3_finalize (stmt);
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, match, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, public_only ? 1 : 0);
  sqlite3_bind_int (stmt, 3, (int) MIN (limit, G_MAXINT));

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *title = (const char *) sqlite3_column_text (stmt, 1);
      const char *body = (const char *) sqlite3_column_text (stmt, 2);
      g_autofree char *text = best_paragraph (terms, title, body);

      if (passages->len == 0 && coverage != NULL)
        {
          g_autofree char *all = g_strjoin ("\n", title ? title : "", body ? body : "",
                                            sqlite3_column_text (stmt, 3) ? (const char *) sqlite3_column_text (stmt, 3) : "",
                                            NULL);

          *coverage = (double) count_terms (terms, all) / terms->len;
        }
      g_ptr_array_add (passages, rd_passage_new ((const char *) sqlite3_column_text (stmt, 0),
                                                 title, text, sqlite3_column_double (stmt, 4)));
    }
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_FAILED,
                   "Cannot search the articles: %s", sqlite3_errmsg (db));
      sqlite3_finalize (stmt);
      return NULL;
    }
  sqlite3_finalize (stmt);
  return g_steal_pointer (&passages);
}
