/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rd-store.h"

G_BEGIN_DECLS

/* Ticket triage (docs/intelligence.md): which tags and which group a new ticket should get,
 * from its words. One logistic regression per tag and per group (one-vs-rest), trained on
 * the server with liblinear on the tickets agents tagged and routed (their corrections
 * included), read here from the model row. A tag is suggested when its probability is at
 * least RD_TICKET_MODEL_TAG_THRESHOLD; the group is the likeliest one, its confidence the
 * normalised probability over all groups. */

#define RD_TICKET_MODEL_KIND "ticket_triage"
/* Format 1: `features` a JSON array of n stems; `weights` a JSON object {"tags": CLASSES,
 * "groups": CLASSES, "words": "snowball" or "plain" (stemmed or not; a replica that reads
 * words otherwise refuses the model)}, CLASSES = {"labels": [m texts], "weights": [m arrays of n + 1
 * numbers: the stems' weights, then the intercept]}. */
#define RD_TICKET_MODEL_FORMAT 1
#define RD_TICKET_MODEL_MIN_FORMAT 1
#define RD_TICKET_MODEL_TAG_THRESHOLD 0.5

typedef struct {
  char   *label;        /* a tag, or a group's team id */
  double  confidence;   /* in [0, 1] */
} RdTicketGuess;

void rd_ticket_guess_free (RdTicketGuess *guess);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdTicketGuess, rd_ticket_guess_free)

#define RD_TYPE_TICKET_MODEL (rd_ticket_model_get_type ())
G_DECLARE_FINAL_TYPE (RdTicketModel, rd_ticket_model, RD, TICKET_MODEL, GObject)

/* The model of @row (a `models` row of kind ticket_triage), or NULL with an RD_MODEL_ERROR. */
RdTicketModel *rd_ticket_model_new_from_row (RdRecord       *row,
                                             GError        **error);
/* The newest ticket triage model of @store, or NULL with an RD_MODEL_ERROR. */
RdTicketModel *rd_ticket_model_load         (RdStore        *store,
                                             GError        **error);
gint64         rd_ticket_model_get_version  (RdTicketModel  *self);

/* The tags to suggest for a ticket with @terms (rd_ticket_text_terms()), likeliest first:
 * those at or over the threshold, or the single likeliest one when none is. Empty when the
 * model knows no tags. */
GPtrArray     *rd_ticket_model_suggest_tags (RdTicketModel  *self,
                                             GPtrArray      *terms);
/* The likeliest group for @terms, or NULL when the model knows no groups. */
RdTicketGuess *rd_ticket_model_suggest_group (RdTicketModel *self,
                                             GPtrArray      *terms);

G_END_DECLS
