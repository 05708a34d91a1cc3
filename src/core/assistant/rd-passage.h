/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define RD_TYPE_PASSAGE (rd_passage_get_type ())
G_DECLARE_FINAL_TYPE (RdPassage, rd_passage, RD, PASSAGE, GObject)

/* One retrieved passage: a paragraph of an article, the article it is from (its id and
 * title: the source to show and open) and the article's retrieval score (-bm25, higher is
 * better). Immutable. */
RdPassage  *rd_passage_new              (const char *article_id,
                                         const char *title,
                                         const char *text,
                                         double      score);
const char *rd_passage_get_article_id   (RdPassage  *self);
const char *rd_passage_get_title        (RdPassage  *self);
const char *rd_passage_get_text         (RdPassage  *self);
double      rd_passage_get_score        (RdPassage  *self);

G_END_DECLS
