/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Figures of a model on held-out data (the trainer's metrics and bench-intelligence). */

/* The area under the ROC curve of @scores for binary @labels (TRUE = positive), ties
 * counted half: the chance that a random positive scores above a random negative. 0.5
 * when one class is missing. */
double rd_model_auc      (const double   *scores,
                          const gboolean *labels,
                          guint           n);

/* The share of @labels that the threshold 0.5 on @scores gets right. */
double rd_model_accuracy (const double   *scores,
                          const gboolean *labels,
                          guint           n);

G_END_DECLS
