/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rd-store.h"

G_BEGIN_DECLS

/* What a lead's history says, as named numbers for the lead score (docs/intelligence.md):
 * one-hot "source=web", "industry=retail", "status=contacted" and "status=qualified"
 * (reached, even if it closed since), "disposition=callback" (log of its count), and counts
 * on a log scale: calls_made, calls_answered, talk_minutes, activities_done, days_open. The names are
 * the model's vocabulary: a model made on the server names the features it weighs. */

typedef struct {
  char   *name;
  double  value;
} RdFeature;

void       rd_feature_free          (RdFeature *feature);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdFeature, rd_feature_free)

/* The features of lead @lead_id in @store, as RdFeature items sorted by name; days_open
 * counts to @now_ms, or to the time it was converted or lost. NULL with an error when the
 * lead does not exist. */
GPtrArray *rd_lead_features_collect (RdStore     *store,
                                     const char  *lead_id,
                                     gint64       now_ms,
                                     GError     **error);

/* TRUE when @status is an outcome the score learns from (converted or lost). */
gboolean   rd_lead_status_is_closed (const char  *status);

G_END_DECLS
