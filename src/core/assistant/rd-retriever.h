/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rd-store.h"

G_BEGIN_DECLS

/* Full-text retrieval over the knowledge base (articles_fts, FTS5): articles ranked by
 * bm25 with the title weighted over the tags and the body, and of each the paragraph
 * that holds most of the question's terms. */

/* bm25 column weights of articles_fts (title, body, tags). */
#define RD_RETRIEVER_TITLE_WEIGHT 5.0
#define RD_RETRIEVER_BODY_WEIGHT  1.0
#define RD_RETRIEVER_TAGS_WEIGHT  2.0

/* The longest passage, in characters; a longer paragraph is cut at a word. */
#define RD_RETRIEVER_PASSAGE_CHARS 500

/* Up to @limit passages (RdPassage, one per article, best first) for @terms
 * (rd_query_terms_new()), from public articles only when @public_only. @coverage, if not
 * NULL, receives the share of @terms the best article holds (0 when nothing matched).
 * An empty array when nothing matches. */
GPtrArray *rd_retriever_search (RdStore     *store,
                                GPtrArray   *terms,
                                gboolean     public_only,
                                guint        limit,
                                double      *coverage,
                                GError     **error);

G_END_DECLS
