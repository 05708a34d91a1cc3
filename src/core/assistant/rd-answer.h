/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "rd-passage.h"

G_BEGIN_DECLS

#define RD_TYPE_ANSWER (rd_answer_get_type ())
G_DECLARE_FINAL_TYPE (RdAnswer, rd_answer, RD, ANSWER, GObject)

/* What the assistant says to a question: the answer's text (from the answerer), whether it
 * is confident enough to be shown as an answer (else the app offers a handover), the
 * confidence in [0, 1] and the passages it is based on (a GListModel of RdPassage, best
 * first: the sources). Immutable. */
RdAnswer    *rd_answer_new            (const char *question,
                                       const char *text,
                                       double      confidence,
                                       gboolean    confident,
                                       GPtrArray  *passages);
const char  *rd_answer_get_question   (RdAnswer   *self);
const char  *rd_answer_get_text       (RdAnswer   *self);
double       rd_answer_get_confidence (RdAnswer   *self);
gboolean     rd_answer_get_confident  (RdAnswer   *self);
GListModel  *rd_answer_get_passages   (RdAnswer   *self);

G_END_DECLS
