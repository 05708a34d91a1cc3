/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* RdLeadScorer: keeps the replica's lead scores (lead_scores, docs/intelligence.md) in
 * step with the lead score model and the leads, rebuilding them in a worker thread on its
 * own connection when asked (the window asks at start, after a sync brought changes, and
 * after an edit of a lead, a call or a task). "problem" says why there is no score (no
 * model yet, or the model was refused); "refreshed" tells the lists to reload. */

#define RD_TYPE_LEAD_SCORER (rd_lead_scorer_get_type ())
G_DECLARE_FINAL_TYPE (RdLeadScorer, rd_lead_scorer, RD, LEAD_SCORER, GObject)

RdLeadScorer *rd_lead_scorer_new         (const char   *replica_path);
/* Rebuilds the scores soon; a refresh asked while one runs runs once more after it. */
void          rd_lead_scorer_refresh     (RdLeadScorer *self);
/* Why the leads have no score (a translated sentence), or NULL when they have one. */
const char   *rd_lead_scorer_get_problem (RdLeadScorer *self);
/* Why a model error leaves leads without a score, in the agent's words (the core's message
 * goes to the log); NULL for no error. A new string. */
char         *rd_lead_scorer_describe_problem (const GError *error);
/* How many leads the last refresh scored. */
guint         rd_lead_scorer_get_scored  (RdLeadScorer *self);

G_END_DECLS
