/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rd-lead-model.h"

G_BEGIN_DECLS

/* The replica's scores of its open leads, kept in the local table lead_scores so that a
 * lead list sorts by score in SQL (rd_store_search orders leads by "score"). */

/* Scores every live lead of @store that is not converted or lost with the newest lead
 * score model, replacing the table in one transaction. With no usable model (none yet,
 * corrupt, too old or too new) the table is emptied, so lists show no score rather than
 * an old one, and the model's error is returned through @model_error (may be NULL) while
 * the call still succeeds. @n_scored (may be NULL) receives the number of leads scored.
 * FALSE only when the store fails. */
gboolean rd_lead_scores_refresh (RdStore   *store,
                                 gint64     now_ms,
                                 guint     *n_scored,
                                 GError   **model_error,
                                 GError   **error);

/* The stored score of @lead_id, or a negative number when it has none. */
double   rd_lead_scores_get     (RdStore    *store,
                                 const char *lead_id);

G_END_DECLS
