/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "rd-server-sync.h"

G_BEGIN_DECLS

/* RdModelService: trains the organisation's models from the merged store, on a schedule
 * and when an admin asks (POST /api/v1/models/train), in a worker thread with its own
 * connection, then writes each model row through sync (rd_server_sync_write) so that
 * every replica pulls it. A kind that cannot be trained (too little history) keeps its
 * previous model and reports why. */

#define RD_TYPE_MODEL_SERVICE (rd_model_service_get_type ())
G_DECLARE_FINAL_TYPE (RdModelService, rd_model_service, RD, MODEL_SERVICE, GObject)

RdModelService *rd_model_service_new          (RdServerSync         *sync);

/* Trains every @interval_seconds (0: only on demand), the first time one interval
 * from now. */
void            rd_model_service_schedule     (RdModelService       *self,
                                               guint                 interval_seconds);

/* Trains every kind now. The result is {"models": [{kind, trained, version, samples,
 * metrics} or {kind, trained: false, message}]}. A training already running is joined. */
void            rd_model_service_train_async  (RdModelService       *self,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
JsonNode       *rd_model_service_train_finish (RdModelService       *self,
                                               GAsyncResult         *result,
                                               GError              **error);

/* Every model row of the merged store: {"models": [{kind, version, format, trained_at,
 * samples, metrics}]}. */
JsonNode       *rd_model_service_list         (RdModelService       *self,
                                               GError              **error);

/* The score in [0, 1] of the open CRM lead whose number is @e164, under the merged store's
 * newest lead score model (the core's scorer, as on the replicas); negative when the number
 * is no open lead's or there is no usable model. For the dialer (order_by_score); a
 * number's score is kept a minute (and until the model's version changes). */
double          rd_model_service_score_number (RdModelService       *self,
                                               const char           *e164);

G_END_DECLS
