/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The words of a question the assistant searches for: lower-case, without stop words
 * (English and Russian), each with its Snowball stem (English for Latin words, Russian for
 * Cyrillic ones) when Ringdesk is built with libstemmer, else the word itself. */

typedef struct {
  char *word;
  char *stem;
} RdQueryTerm;

/* The terms of @text in order, duplicates (same stem) dropped. Free with g_ptr_array_unref. */
GPtrArray *rd_query_terms_new      (const char  *text);

/* The stem of one lower-case @word (a copy of @word without libstemmer). */
char      *rd_query_terms_stem     (const char  *word);

/* TRUE when the terms are Snowball stems (built with libstemmer). */
gboolean   rd_query_terms_stemmed  (void);

/* The FTS5 MATCH expression for @terms: per term ("stem"* OR "word"*), terms OR-ed, so
 * bm25 ranks by how many and how rare the matched terms are. NULL for no terms. */
char      *rd_query_terms_to_match (GPtrArray   *terms);

/* TRUE when @word (lower-case) is one of @terms' words or starts with one of their stems. */
gboolean   rd_query_terms_matches  (GPtrArray   *terms,
                                    const char  *word,
                                    guint       *index);

G_END_DECLS
