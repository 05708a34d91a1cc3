/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rd-lead-features.h"
#include "rd-store.h"

G_BEGIN_DECLS

/* The lead conversion score (docs/intelligence.md): a logistic regression the server
 * trains with liblinear on the organisation's converted and lost leads, read from its
 * model row and applied here, so every replica scores its leads itself: probability =
 * 1 / (1 + e^-(w·x + b)) over the named features of rd_lead_features_collect(). */

#define RD_LEAD_MODEL_KIND "lead_score"
/* Format 1: `features` a JSON array of n names, `weights` a JSON array of n + 1 numbers
 * (the weight of each feature, then the intercept). */
#define RD_LEAD_MODEL_FORMAT 1
#define RD_LEAD_MODEL_MIN_FORMAT 1

#define RD_TYPE_LEAD_MODEL (rd_lead_model_get_type ())
G_DECLARE_FINAL_TYPE (RdLeadModel, rd_lead_model, RD, LEAD_MODEL, GObject)

/* The model of @row (a `models` row of kind lead_score), or NULL with an RD_MODEL_ERROR. */
RdLeadModel *rd_lead_model_new_from_row (RdRecord     *row,
                                         GError      **error);
/* The newest lead score model of @store, or NULL with an RD_MODEL_ERROR (NONE when there
 * is none yet). */
RdLeadModel *rd_lead_model_load         (RdStore      *store,
                                         GError      **error);

gint64       rd_lead_model_get_version  (RdLeadModel  *self);
gint64       rd_lead_model_get_trained_at (RdLeadModel *self);
gint64       rd_lead_model_get_samples  (RdLeadModel  *self);

/* The probability in [0, 1] that a lead with @features (RdFeature) converts. Features the
 * model does not name weigh nothing. */
double       rd_lead_model_score        (RdLeadModel  *self,
                                         GPtrArray    *features);

/* Why: the features of @features that moved the score, as RdFeature items whose value is
 * the feature's contribution (weight × value) to the log-odds, largest effect first, at
 * most @max of them, none below 0.01 in size. */
GPtrArray   *rd_lead_model_explain      (RdLeadModel  *self,
                                         GPtrArray    *features,
                                         guint         max);

G_END_DECLS
