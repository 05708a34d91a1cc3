/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rd-lead-model.h"
#include "rd-model-row.h"

G_BEGIN_DECLS

/* Training the lead score (docs/intelligence.md): the closed leads of a store (converted
 * = 1, lost = 0) with their features, and an L2-regularised logistic regression fitted by
 * liblinear (solver L2R_LR, a deterministic trust-region Newton method: the same data
 * gives the same weights). The result is a `models` row to write through sync. */

/* At least this many closed leads, and this many of each outcome, to train on. */
#define RD_LEAD_TRAINER_MIN_SAMPLES 20
#define RD_LEAD_TRAINER_MIN_PER_CLASS 5

typedef struct _RdLeadDataset RdLeadDataset;

/* The converted and lost leads of @store with their features, in id order. */
RdLeadDataset *rd_lead_dataset_collect  (RdStore        *store,
                                         gint64          now_ms,
                                         GError        **error);
void           rd_lead_dataset_free     (RdLeadDataset  *dataset);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdLeadDataset, rd_lead_dataset_free)

guint          rd_lead_dataset_get_size     (RdLeadDataset *dataset);
const char    *rd_lead_dataset_get_id       (RdLeadDataset *dataset,
                                             guint          i);
gboolean       rd_lead_dataset_get_label    (RdLeadDataset *dataset,
                                             guint          i);
/* The RdFeature items of sample @i. */
GPtrArray     *rd_lead_dataset_get_features (RdLeadDataset *dataset,
                                             guint          i);

/* Fits the model on the samples of @dataset whose indices are in @train (all of them when
 * NULL). Returns a `models` row (kind, format, features, weights, samples, trained_at =
 * @now_ms, metrics) without id or version; RD_MODEL_ERROR_TRAINING when the data are too
 * few or all of one outcome. Features seen in fewer than two training samples are left
 * out. */
RdRecord      *rd_lead_trainer_fit      (RdLeadDataset  *dataset,
                                         GArray         *train,
                                         gint64          now_ms,
                                         GError        **error);

G_END_DECLS
