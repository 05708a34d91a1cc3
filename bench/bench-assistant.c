/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The assistant's retrieval scored on a seeded knowledge base (docs/assistant.md):
 * bench/assistant/kb.json holds 40 articles (English and Russian, about a fictional phone
 * service) and 80 questions, each naming the article that answers it. Prints recall@1 and
 * recall@3 of the assistant's retrieval (FTS5, bm25, Snowball stems), of the same without
 * stems, and of two trivial baselines: a random article and title-word overlap.
 *
 *   ninja -C build bench/bench-assistant && build/bench/bench-assistant [--misses] [KB.json]
 *
 * --misses also lists the questions each of the two retrievals misses in its top 3.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "rd-passage.h"
#include "rd-query-terms.h"
#include "rd-retriever.h"
#include "rd-store.h"

typedef struct {
  guint hit1;
  guint hit3;
} Recall;

/* Ranks (0-based) of @want among @ids, G_MAXUINT when absent. */
static void
score (Recall           *recall,
       const char *const *ids,
       guint              n,
       const char        *want)
{
  for (guint i = 0; i < n && i < 3; i++)
    if (g_strcmp0 (ids[i], want) == 0)
      {
        recall->hit1 += i == 0;
        recall->hit3++;
        return;
      }
}

static void
print_line (const char *name,
            Recall     *recall,
            guint       n)
{
  printf ("%-34s recall@1 %5.1f %%   recall@3 %5.1f %%\n", name,
          100.0 * recall->hit1 / n, 100.0 * recall->hit3 / n);
}

/* The retrieval's top 3 article ids for @question; with @stemmed FALSE the stems are the
 * words themselves (plain prefix search). */
static void
retrieve (RdStore    *store,
          const char *question,
          gboolean    stemmed,
          char      **ids)
{
  g_autoptr(GPtrArray) terms = rd_query_terms_new (question);
  g_autoptr(GPtrArray) passages = NULL;
  g_autoptr(GError) error = NULL;

  if (!stemmed)
    for (guint i = 0; i < terms->len; i++)
      {
        RdQueryTerm *term = terms->pdata[i];

        g_free (term->stem);
        term->stem = g_strdup (term->word);
      }
  passages = rd_retriever_search (store, terms, FALSE, 3, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 3; i++)
    ids[i] = i < passages->len ? g_strdup (rd_passage_get_article_id (passages->pdata[i])) : NULL;
}

/* Title-word overlap: articles by how many of the question's words (no stop words, no
 * stems) their title holds, ties in file order. */
static void
overlap (GPtrArray  *titles,
         GPtrArray  *keys,
         const char *question,
         char      **ids)
{
  g_autoptr(GPtrArray) q = rd_query_terms_new (question);
  guint best[3] = { 0 };
  int best_i[3] = { -1, -1, -1 };

  for (guint a = 0; a < titles->len; a++)
    {
      g_autoptr(GPtrArray) t = rd_query_terms_new (titles->pdata[a]);
      guint shared = 0;

      for (guint i = 0; i < q->len; i++)
        for (guint j = 0; j < t->len; j++)
          shared += strcmp (((RdQueryTerm *) q->pdata[i])->word, ((RdQueryTerm *) t->pdata[j])->word) == 0;
      for (guint k = 0; k < 3; k++)
        if (shared > 0 && shared > best[k])
          {
            for (guint m = 2; m > k; m--)
              {
                best[m] = best[m - 1];
                best_i[m] = best_i[m - 1];
              }
            best[k] = shared;
            best_i[k] = a;
            break;
          }
    }
  for (guint k = 0; k < 3; k++)
    ids[k] = best_i[k] >= 0 ? g_strdup (keys->pdata[best_i[k]]) : NULL;
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *default_kb = g_build_filename (SOURCE_DATADIR, "..", "bench", "assistant", "kb.json", NULL);
  gboolean misses = argc > 1 && g_str_equal (argv[1], "--misses");
  const char *kb = argc > 1 + misses ? argv[1 + misses] : default_kb;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bench-assistant-XXXXXX", &error);
  g_autofree char *db = NULL;
  g_autoptr(RdStore) store = NULL;
  g_autoptr(GHashTable) key_to_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GPtrArray) titles = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GRand) rand = g_rand_new_with_seed (1);
  JsonArray *articles, *questions;
  Recall stemmed = { 0 }, plain = { 0 }, random = { 0 }, title = { 0 };
  Recall stemmed_nooverlap = { 0 };
  guint n, n_nooverlap = 0;
  gint64 start, elapsed = 0;

  g_assert_no_error (error);
  if (!json_parser_load_from_file (parser, kb, &error))
    {
      fprintf (stderr, "bench-assistant: %s\n", error->message);
      return 1;
    }
  db = g_build_filename (dir, "replica.db", NULL);
  store = rd_store_open (db, &error);
  g_assert_no_error (error);

  articles = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "articles");
  questions = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "questions");
  rd_store_begin (store, &error);
  for (guint i = 0; i < json_array_get_length (articles); i++)
    {
      JsonObject *a = json_array_get_object_element (articles, i);
      g_autoptr(RdRecord) record = rd_record_new ("articles");

      rd_record_set_string (record, "title", json_object_get_string_member (a, "title"));
      rd_record_set_string (record, "body", json_object_get_string_member (a, "body"));
      rd_record_set_string (record, "tags", json_object_get_string_member (a, "tags"));
      rd_record_set_string (record, "language", json_object_get_string_member (a, "language"));
      rd_record_set_string (record, "visibility", json_object_get_string_member (a, "visibility"));
      if (!rd_store_insert (store, record, &error))
        g_error ("%s", error->message);
      g_hash_table_insert (key_to_id, g_strdup (json_object_get_string_member (a, "key")),
                           g_strdup (rd_record_get_id (record)));
      g_ptr_array_add (titles, g_strdup (json_object_get_string_member (a, "title")));
      g_ptr_array_add (keys, g_strdup (rd_record_get_id (record)));
    }
  if (!rd_store_commit (store, &error))
    g_error ("%s", error->message);

  n = json_array_get_length (questions);
  for (guint i = 0; i < n; i++)
    {
      JsonObject *q = json_array_get_object_element (questions, i);
      const char *question = json_object_get_string_member (q, "q");
      const char *want = g_hash_table_lookup (key_to_id, json_object_get_string_member (q, "a"));
      char *ids[3];
      const char *random_ids[3];
      guint r[3];

      start = g_get_monotonic_time ();
      retrieve (store, question, TRUE, ids);
      elapsed += g_get_monotonic_time () - start;
      {
        guint before = stemmed.hit3;

        score (&stemmed, (const char *const *) ids, 3, want);
        if (misses && stemmed.hit3 == before)
          printf ("missed with stems: %s\n", question);
      }
      {
        char *o[3];
        gboolean shares;

        overlap (titles, keys, question, o);
        shares = FALSE;
        /* Does the question share a word with its own article's title? */
        {
          g_autoptr(GPtrArray) qt = rd_query_terms_new (question);
          guint a = 0;

          while (a < keys->len && g_strcmp0 (keys->pdata[a], want) != 0)
            a++;
          if (a < keys->len)
            {
              g_autoptr(GPtrArray) tt = rd_query_terms_new (titles->pdata[a]);

              for (guint x = 0; x < qt->len; x++)
                for (guint y = 0; y < tt->len; y++)
                  shares |= strcmp (((RdQueryTerm *) qt->pdata[x])->word, ((RdQueryTerm *) tt->pdata[y])->word) == 0;
            }
        }
        score (&title, (const char *const *) o, 3, want);
        if (!shares)
          {
            n_nooverlap++;
            score (&stemmed_nooverlap, (const char *const *) ids, 3, want);
          }
        for (guint k = 0; k < 3; k++)
          g_free (o[k]);
      }
      for (guint k = 0; k < 3; k++)
        g_free (ids[k]);

      retrieve (store, question, FALSE, ids);
      {
        guint before = plain.hit3;

        score (&plain, (const char *const *) ids, 3, want);
        if (misses && plain.hit3 == before)
          printf ("missed without stems: %s\n", question);
      }
      for (guint k = 0; k < 3; k++)
        g_free (ids[k]);

      /* Three distinct random articles. */
      for (guint k = 0; k < 3; k++)
        {
          gboolean again;

          do
            {
              r[k] = g_rand_int_range (rand, 0, keys->len);
              again = FALSE;
              for (guint m = 0; m < k; m++)
                again |= r[m] == r[k];
            }
          while (again);
          random_ids[k] = keys->pdata[r[k]];
        }
      score (&random, random_ids, 3, want);
    }

  printf ("%u articles, %u questions (%s)\n", keys->len, n, kb);
  print_line (rd_query_terms_stemmed () ? "assistant (FTS5 bm25 + Snowball)" : "assistant (FTS5 bm25, no stems)",
              &stemmed, n);
  print_line ("FTS5 bm25 without stems", &plain, n);
  print_line ("baseline: title-word overlap", &title, n);
  print_line ("baseline: random article (seed 1)", &random, n);
  printf ("questions sharing no word with their title: %u; assistant on those: "
          "recall@1 %.1f %%, recall@3 %.1f %%\n", n_nooverlap,
          n_nooverlap ? 100.0 * stemmed_nooverlap.hit1 / n_nooverlap : 0,
          n_nooverlap ? 100.0 * stemmed_nooverlap.hit3 / n_nooverlap : 0);
  printf ("retrieval time: %.2f ms per question\n", elapsed / 1000.0 / n);

  g_clear_object (&store);
  {
    g_autofree char *wal = g_strconcat (db, "-wal", NULL);
    g_autofree char *shm = g_strconcat (db, "-shm", NULL);

    g_unlink (wal);
    g_unlink (shm);
    g_unlink (db);
    g_rmdir (dir);
  }
  return 0;
}
