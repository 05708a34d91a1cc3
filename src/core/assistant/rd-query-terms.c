/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#ifdef HAVE_LIBSTEMMER
#include <libstemmer.h>
#endif

#include "rd-query-terms.h"

/* Words that say nothing about which article answers: question words, pronouns,
 * auxiliaries, prepositions (English and Russian). */
static const char *const stop_words[] = {
  "a", "an", "the", "and", "or", "but", "if", "of", "to", "in", "on", "at", "by", "for",
  "with", "from", "into", "about", "as", "is", "are", "was", "were", "be", "been", "am",
  "do", "does", "did", "can", "could", "should", "would", "will", "may", "might", "must",
  "i", "me", "my", "we", "our", "you", "your", "it", "its", "they", "them", "their", "he",
  "she", "this", "that", "these", "those", "there", "what", "which", "who", "whom", "why",
  "how", "when", "where", "not", "no", "so", "get", "have", "has", "had", "any", "some",
  "up", "out", "all", "one", "than", "then", "too", "very", "just", "want", "need", "s",
  "и", "в", "во", "на", "с", "со", "к", "ко", "по", "о", "об", "от", "до", "за", "из", "у",
  "для", "при", "без", "не", "ни", "но", "а", "или", "ли", "же", "бы", "как", "что", "чтобы",
  "где", "когда", "почему", "зачем", "какой", "какая", "какие", "каким", "какую", "кто",
  "я", "мы", "вы", "ты", "он", "она", "оно", "они", "мне", "меня", "мой", "моя", "мои", "моё",
  "мое", "наш", "наша", "наши", "ваш", "ваша", "ваши", "его", "её", "ее", "их", "это", "этот",
  "эта", "эти", "то", "там", "тут", "здесь", "можно", "нужно", "надо", "есть", "был",
  "была", "были", "быть", "себя", "свой", "свою", "своё", "все", "всё", "уже", "ещё",
  "еще", "если", "так", "также", "очень", "хочу", "могу", "может",
};

static gboolean
is_stop_word (const char *word)
{
  for (gsize i = 0; i < G_N_ELEMENTS (stop_words); i++)
    if (strcmp (stop_words[i], word) == 0)
      return TRUE;
  return FALSE;
}

static void
term_free (gpointer data)
{
  RdQueryTerm *term = data;

  g_free (term->word);
  g_free (term->stem);
  g_free (term);
}

static gboolean
is_cyrillic (const char *word)
{
  gunichar c = g_utf8_get_char (word);

  return c >= 0x0400 && c <= 0x04FF;
}

gboolean
rd_query_terms_stemmed (void)
{
#ifdef HAVE_LIBSTEMMER
  return TRUE;
#else
  return FALSE;
#endif
}

char *
rd_query_terms_stem (const char *word)
{
#ifdef HAVE_LIBSTEMMER
  /* A stemmer is not thread-safe but cheap to keep: one per thread and language. */
  static GPrivate english_key = G_PRIVATE_INIT ((GDestroyNotify) sb_stemmer_delete);
  static GPrivate russian_key = G_PRIVATE_INIT ((GDestroyNotify) sb_stemmer_delete);
  gboolean russian = is_cyrillic (word);
  GPrivate *key = russian ? &russian_key : &english_key;
  struct sb_stemmer *stemmer = g_private_get (key);
  const sb_symbol *stem;

  if (stemmer == NULL)
    {
      stemmer = sb_stemmer_new (russian ? "russian" : "english", "UTF_8");
      if (stemmer == NULL)
        return g_strdup (word);
      g_private_set (key, stemmer);
    }
  stem = sb_stemmer_stem (stemmer, (const sb_symbol *) word, (int) strlen (word));
  if (stem == NULL || sb_stemmer_length (stemmer) == 0)
    return g_strdup (word);
  return g_strndup ((const char *) stem, sb_stemmer_length (stemmer));
#else
  return g_strdup (word);
#endif
}

/* ё and е are one letter for search (the FTS tokenizer folds them too). */
static char *
normalize_word (const char *start,
                gsize       len)
{
  g_autofree char *lower = g_utf8_strdown (start, len);
  GString *out = g_string_new (NULL);

  for (const char *p = lower; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      g_string_append_unichar (out, c == 0x0451 ? 0x0435 : c);
    }
  return g_string_free (out, FALSE);
}

GPtrArray *
rd_query_terms_new (const char *text)
{
  GPtrArray *terms = g_ptr_array_new_with_free_func (term_free);
  const char *p = text != NULL ? text : "";

  while (*p != '\0')
    {
      const char *start;
      g_autofree char *word = NULL;
      g_autofree char *stem = NULL;
      gboolean seen = FALSE;

      while (*p != '\0' && !g_unichar_isalnum (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);
      start = p;
      while (*p != '\0' && g_unichar_isalnum (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);
      if (p == start)
        break;

      word = normalize_word (start, p - start);
      if (g_utf8_strlen (word, -1) < 2 || is_stop_word (word))
        continue;
      stem = rd_query_terms_stem (word);
      for (guint i = 0; i < terms->len && !seen; i++)
        seen = strcmp (((RdQueryTerm *) terms->pdata[i])->stem, stem) == 0;
      if (!seen)
        {
          RdQueryTerm *term = g_new0 (RdQueryTerm, 1);

          term->word = g_steal_pointer (&word);
          term->stem = g_steal_pointer (&stem);
          g_ptr_array_add (terms, term);
        }
    }

  return terms;
}

char *
rd_query_terms_to_match (GPtrArray *terms)
{
  GString *match;

  if (terms == NULL || terms->len == 0)
    return NULL;

  match = g_string_new (NULL);
  for (guint i = 0; i < terms->len; i++)
    {
      const RdQueryTerm *term = terms->pdata[i];

      /* Words are letters and digits only, so quoting cannot be broken out of. */
      if (i > 0)
        g_string_append (match, " OR ");
      if (strcmp (term->stem, term->word) == 0)
        g_string_append_printf (match, "\"%s\"*", term->word);
      else
        g_string_append_printf (match, "(\"%s\"* OR \"%s\"*)", term->stem, term->word);
    }
  return g_string_free (match, FALSE);
}

gboolean
rd_query_terms_matches (GPtrArray  *terms,
                        const char *word,
                        guint      *index)
{
  for (guint i = 0; i < terms->len; i++)
    {
      const RdQueryTerm *term = terms->pdata[i];

      if (g_str_has_prefix (word, term->stem) || g_str_has_prefix (word, term->word))
        {
          if (index != NULL)
            *index = i;
          return TRUE;
        }
    }
  return FALSE;
}
