/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rd-server-session.h"

G_BEGIN_DECLS

/* RdAgentQueues: the agent's inbound queues on the Campaigns page. Before joining: the
 * queues they are a member of, each with a switch (on: take its calls) and "Take Queue
 * Calls" (queues alone; a campaign's Join takes them blended). Joined: the same switches
 * log in to or out of each queue at once (PUT /agent/queues), "All" and "None" every one;
 * and the callbacks the queues' lost callers are owed, each with "Call Back" (the server
 * dials it from the agent's line: POST /agent/callbacks/ID/call) and "Done". */

#define RD_TYPE_AGENT_QUEUES (rd_agent_queues_get_type ())
G_DECLARE_FINAL_TYPE (RdAgentQueues, rd_agent_queues, RD, AGENT_QUEUES, GtkWidget)

void   rd_agent_queues_set_session  (RdAgentQueues   *self,
                                     RdServerSession *session);
/* Joined (the switches log in and out now, the callbacks show) or not. */
void   rd_agent_queues_set_joined   (RdAgentQueues   *self,
                                     gboolean         joined);
/* Reads the queues (and, joined, the callbacks) again. */
void   rd_agent_queues_reload       (RdAgentQueues   *self);
/* The ids of the queues switched on (for a login). */
GStrv  rd_agent_queues_get_selected (RdAgentQueues   *self);
/* Queues the agent is a member of (0 until read). */
guint  rd_agent_queues_get_n_queues (RdAgentQueues   *self);
/* Callbacks shown. */
guint  rd_agent_queues_get_n_callbacks (RdAgentQueues *self);

G_END_DECLS
