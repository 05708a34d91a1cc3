/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define RD_TYPE_AGENT_CALL_POPOVER (rd_agent_call_popover_get_type ())
G_DECLARE_FINAL_TYPE (RdAgentCallPopover, rd_agent_call_popover, RD, AGENT_CALL_POPOVER, GtkPopover)

/* The agent bar's calls of the agent's own: between customers, a number to call in the
 * campaign's name; on a call, a transfer of the customer to an outside number (blind or
 * consulted first) or to a ready colleague. Numbers are read with the region set and sent
 * in E.164. Signals: dial (number), transfer (agent or NULL, number or NULL, consult). */
void rd_agent_call_popover_set_region     (RdAgentCallPopover *self,
                                           const char         *region);
/* On a call: the transfer; else the number to call. */
void rd_agent_call_popover_set_on_call    (RdAgentCallPopover *self,
                                           gboolean            on_call);
/* GET /agent/colleagues's agents: [{agent, state, leg_up}]; a ready one with their phone
 * connected can take the customer. */
void rd_agent_call_popover_set_colleagues (RdAgentCallPopover *self,
                                           JsonArray          *agents);

G_END_DECLS
