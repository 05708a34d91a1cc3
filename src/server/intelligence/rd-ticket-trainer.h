/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rd-model-row.h"
#include "rd-ticket-model.h"

G_BEGIN_DECLS

/* Training ticket triage (docs/intelligence.md): the live tickets that have tags or a
 * group, with the stems of their words; one L2-regularised logistic regression (liblinear
 * L2R_LR) per tag and per group against the rest. A label needs at least
 * RD_TICKET_TRAINER_MIN_PER_LABEL tickets to be learnt. */

#define RD_TICKET_TRAINER_MIN_SAMPLES 10
#define RD_TICKET_TRAINER_MIN_PER_LABEL 3

typedef struct _RdTicketDataset RdTicketDataset;

/* The tagged or routed tickets of @store, in id order. */
RdTicketDataset *rd_ticket_dataset_collect   (RdStore          *store,
                                              GError          **error);
/* A dataset made in memory (for the bench): add tickets one by one. */
RdTicketDataset *rd_ticket_dataset_new       (void);
void             rd_ticket_dataset_add       (RdTicketDataset  *dataset,
                                              const char       *subject,
                                              const char       *description,
                                              const char       *tags,
                                              const char       *group_id);
void             rd_ticket_dataset_free      (RdTicketDataset  *dataset);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdTicketDataset, rd_ticket_dataset_free)

guint            rd_ticket_dataset_get_size  (RdTicketDataset  *dataset);
/* The stems of ticket @i, its tags (sorted texts) and its group (or NULL). */
GPtrArray       *rd_ticket_dataset_get_terms (RdTicketDataset  *dataset,
                                              guint             i);
GPtrArray       *rd_ticket_dataset_get_tags  (RdTicketDataset  *dataset,
                                              guint             i);
const char      *rd_ticket_dataset_get_group (RdTicketDataset  *dataset,
                                              guint             i);

/* Fits the triage model on the tickets of @dataset in @train (all when NULL): a `models`
 * row without id or version, or NULL with RD_MODEL_ERROR_TRAINING. */
RdRecord        *rd_ticket_trainer_fit       (RdTicketDataset  *dataset,
                                              GArray           *train,
                                              gint64            now_ms,
                                              GError          **error);

G_END_DECLS
