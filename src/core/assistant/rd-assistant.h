/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rd-answer.h"
#include "rd-answerer.h"
#include "rd-store.h"

G_BEGIN_DECLS

/* The share of the question's terms the best article must hold for an answer. */
#define RD_ASSISTANT_DEFAULT_THRESHOLD 0.5

/* How many passages an answer carries. */
#define RD_ASSISTANT_DEFAULT_PASSAGES 3

#define RD_TYPE_ASSISTANT (rd_assistant_get_type ())
G_DECLARE_FINAL_TYPE (RdAssistant, rd_assistant, RD, ASSISTANT, GObject)

/* The knowledge-base assistant of one replica (docs/assistant.md): retrieval over the
 * articles (rd-retriever.h), a confidence threshold, the generation step behind an
 * RdAnswerer (extractive unless set), and the handover of a question to a ticket.
 * Blocking: call it in a worker thread with a store of that thread. */
RdAssistant *rd_assistant_new             (RdStore      *store);

RdAnswerer  *rd_assistant_get_answerer    (RdAssistant  *self);
void         rd_assistant_set_answerer    (RdAssistant  *self,
                                           RdAnswerer   *answerer);
double       rd_assistant_get_threshold   (RdAssistant  *self);
void         rd_assistant_set_threshold   (RdAssistant  *self,
                                           double        threshold);
gboolean     rd_assistant_get_public_only (RdAssistant  *self);
void         rd_assistant_set_public_only (RdAssistant  *self,
                                           gboolean      public_only);

/* Answers @question: passages of the best articles and, when the best covers at least the
 * threshold of the question's terms, the answerer's text. Below it the answer is not
 * confident, its text is NULL, and its passages are still there to look at. */
RdAnswer    *rd_assistant_ask             (RdAssistant  *self,
                                           const char   *question,
                                           GCancellable *cancellable,
                                           GError      **error);

/* Hands @question over to a person: a new open ticket (subject the question's first line,
 * description the question) through the store like any new ticket. Returns its id. */
char        *rd_assistant_handover        (RdAssistant  *self,
                                           const char   *question,
                                           GError      **error);

G_END_DECLS
