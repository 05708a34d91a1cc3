/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rd-agent-desk.h"
#include "rd-call-filer.h"
#include "rd-dialer.h"
#include "rd-server-db.h"

G_BEGIN_DECLS

/* RdQueues: inbound queues (ACD) on the dialer's switch (docs/queues.md). A call from the
 * trunk to one of a queue's numbers is answered, hears the hold message and its position,
 * and is bridged to a ready member's permanent leg by the queue's strategy the moment one
 * is free (before any campaign gets that agent); its responsible manager first when the
 * queue says so; after the maximum wait it overflows or is told goodbye; a caller lost is
 * owed a callback. Main thread. */

#define RD_TYPE_QUEUES (rd_queues_get_type ())
G_DECLARE_FINAL_TYPE (RdQueues, rd_queues, RD, QUEUES, GObject)

/* @db gives the members' teams; @filer (may be NULL) finds a caller's responsible manager. */
RdQueues   *rd_queues_new      (RdDialer     *dialer,
                                RdCenterDb   *center,
                                RdAgentDesk  *desk,
                                RdServerDb   *db,
                                RdCallFiler  *filer);
/* callcenter.db changed (a queue written): read the queues and numbers again now. */
void        rd_queues_reload   (RdQueues     *self);
/* The callers waiting in @queue_id now: [{call_id, number, position, waited_ms, owner}]. */
JsonNode   *rd_queues_waiting  (RdQueues     *self,
                                const char   *queue_id);
/* @agent (ready or paused, the phone's leg up) calls the caller of @queue_id's open
 * callback @callback_id back: the number is dialled through the trunk with the queue's
 * number as the caller id and bridged to the agent when answered, which closes the
 * callback; the call row is the queue's, the agent disposes it with the queue's codes.
 * The new call's id, or NULL (RD_AGENT_DESK_ERROR_STATE, RD_CENTER_ERROR_NOT_FOUND). */
char       *rd_queues_call_back (RdQueues     *self,
                                 const char   *agent,
                                 const char   *queue_id,
                                 const char   *callback_id,
                                 GError      **error);
/* @agent answers the queue call offered to them (answer_mode "accept"): bridged now.
 * RD_AGENT_DESK_ERROR_STATE when nothing is offered to them or they are not ready. */
gboolean    rd_queues_answer    (RdQueues     *self,
                                 const char   *agent,
                                 GError      **error);
/* The queue call offered to @agent now ({call_id, queue_id, number, expires_in_ms}), or
 * NULL. */
JsonObject *rd_queues_offer_of  (RdQueues     *self,
                                 const char   *agent);
/* A clean stop: every queue call hung up. */
void        rd_queues_stop     (RdQueues     *self);

G_END_DECLS
