/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rd-center-db.h"

G_BEGIN_DECLS

/* Live agent sessions and their state machine (docs/callcenter.md, "Agent states"): one
 * session per agent; every change is written to the agent state log in callcenter.db. */

#define RD_AGENT_DESK_ERROR (rd_agent_desk_error_quark ())

typedef enum {
  RD_AGENT_DESK_ERROR_NO_SESSION,  /* the agent is not logged in to a campaign */
  RD_AGENT_DESK_ERROR_STATE,       /* not possible in the agent's state; the message says why */
  RD_AGENT_DESK_ERROR_TOKEN,       /* an unknown, used or expired leg token */
} RdAgentDeskError;

GQuark rd_agent_desk_error_quark (void);

#define RD_TYPE_AGENT_DESK (rd_agent_desk_get_type ())
G_DECLARE_FINAL_TYPE (RdAgentDesk, rd_agent_desk, RD, AGENT_DESK, GObject)

/* Seconds a leg token is valid, and how long a dropped leg may stay down before the agent
 * is logged out (reason "leg-lost"). */
#define RD_AGENT_DESK_TOKEN_TTL  60
#define RD_AGENT_DESK_LEG_GRACE  30

/* Signal "changed" (const char *agent, const char *state): a session changed state, after
 * the log has it. Handlers schedule their work; they do not call back into the desk.
 * Signal "call-done" (const char *agent, const char *call_id): the agent is done with a
 * call: its wrap-up ended (a disposition, the timeout, a logout) or a later disposition
 * changed the call row. */
RdAgentDesk *rd_agent_desk_new          (RdCenterDb   *center);

/* Logs @agent in to @campaign_id (state "login"), taking over a session it had ("replaced").
 * Returns the one-time token the agent's phone dials (sip:TOKEN@SWITCH). */
char        *rd_agent_desk_login        (RdAgentDesk  *self,
                                         const char   *agent,
                                         const char   *campaign_id,
                                         GError      **error);
/* As rd_agent_desk_login(), also taking the calls of the inbound @queues (ids; NULL or
 * empty: none); @campaign_id may be NULL when @queues is not empty (a queue agent). With
 * both, the agent is blended: queues hand them a call first (docs/queues.md). */
char        *rd_agent_desk_login_full   (RdAgentDesk        *self,
                                         const char         *agent,
                                         const char         *campaign_id,
                                         const char * const *queues,
                                         GError            **error);
/* TRUE when @agent's session takes the calls of @queue_id. */
gboolean     rd_agent_desk_in_queue     (RdAgentDesk  *self,
                                         const char   *agent,
                                         const char   *queue_id);
/* How many agents are logged in to @queue_id now (busy or not). */
guint        rd_agent_desk_queue_agents (RdAgentDesk  *self,
                                         const char   *queue_id);
/* The session's queues become @queues (log in to or out of queues without leaving the
 * session; STATE when that would leave neither a campaign nor a queue). */
gboolean     rd_agent_desk_set_queues   (RdAgentDesk        *self,
                                         const char         *agent,
                                         const char * const *queues,
                                         GError            **error);
/* A caller waiting in @queue_id was bridged to the ready @agent: on_call (logged with the
 * queue), then a wrap-up of @wrap_up_timeout seconds (0: none). */
gboolean     rd_agent_desk_queue_call_bridged (RdAgentDesk  *self,
                                               const char   *agent,
                                               const char   *call_id,
                                               const char   *queue_id,
                                               guint         wrap_up_timeout,
                                               GError      **error);
/* A new token for the same session (the phone's leg dropped and is made again). */
char        *rd_agent_desk_new_token    (RdAgentDesk  *self,
                                         const char   *agent,
                                         GError      **error);
/* The switch answered a leg that dialled @token: the session's leg is up. A first leg puts
 * the agent in "paused" (reason "login"); a re-made leg keeps the state. The agent's name in
 * *@agent. */
gboolean     rd_agent_desk_leg_up       (RdAgentDesk  *self,
                                         const char   *token,
                                         char        **agent,
                                         GError      **error);
/* The agent's leg ended: logout after RD_AGENT_DESK_LEG_GRACE seconds unless re-made. */
void         rd_agent_desk_leg_down     (RdAgentDesk  *self,
                                         const char   *agent);
gboolean     rd_agent_desk_ready        (RdAgentDesk  *self,
                                         const char   *agent,
                                         GError      **error);
/* Pause with one of the campaign's pause codes. During a call or wrap-up the pause waits
 * for its end. */
gboolean     rd_agent_desk_pause        (RdAgentDesk  *self,
                                         const char   *agent,
                                         const char   *code,
                                         GError      **error);
/* Preview dialling: a ready agent is offered @lead_id (→ previewing); Dial makes the call
 * theirs (still previewing, reason "dialling", until it is answered: on_call, or not:
 * wrap_up); Skip goes back to ready with the reason in the log ("skip: REASON").
 * Cancel: the offer was taken back (the campaign stopped). */
gboolean     rd_agent_desk_preview_offer    (RdAgentDesk  *self,
                                             const char   *agent,
                                             const char   *lead_id,
                                             GError      **error);
const char  *rd_agent_desk_preview_lead     (RdAgentDesk  *self,
                                             const char   *agent);
gboolean     rd_agent_desk_preview_dialling (RdAgentDesk  *self,
                                             const char   *agent,
                                             const char   *call_id,
                                             GError      **error);
gboolean     rd_agent_desk_preview_skip     (RdAgentDesk  *self,
                                             const char   *agent,
                                             const char   *reason,
                                             GError      **error);
void         rd_agent_desk_preview_cancel   (RdAgentDesk  *self,
                                             const char   *agent);

/* The agent dials a number of their own (from ready or paused, the leg up): on_call,
 * reason "dialling", until it is answered (on_call) or not (wrap_up). */
gboolean     rd_agent_desk_manual_dialling  (RdAgentDesk  *self,
                                             const char   *agent,
                                             const char   *call_id,
                                             GError      **error);
/* As rd_agent_desk_manual_dialling(), for a queue's callback: the call is @queue_id's (its
 * rows carry the queue, the wrap-up is @wrap_up_timeout seconds). */
gboolean     rd_agent_desk_queue_callback_dialling (RdAgentDesk  *self,
                                                    const char   *agent,
                                                    const char   *call_id,
                                                    const char   *queue_id,
                                                    guint         wrap_up_timeout,
                                                    GError      **error);
/* The agent handed their customer on @call_id to a colleague: no wrap-up of theirs (the
 * colleague's disposition closes the call); the pause asked for, or what the campaign says
 * after a call. */
gboolean     rd_agent_desk_call_transferred (RdAgentDesk  *self,
                                             const char   *agent,
                                             const char   *call_id,
                                             GError      **error);
/* A customer was bridged to the agent (from ready or previewing). */
gboolean     rd_agent_desk_call_bridged (RdAgentDesk  *self,
                                         const char   *agent,
                                         const char   *call_id,
                                         GError      **error);
/* The agent's call ended: wrap-up, which ends with a disposition or after the campaign's
 * wrap-up timeout (0: no timeout), into ready or paused as the campaign says. */
gboolean     rd_agent_desk_call_ended   (RdAgentDesk  *self,
                                         const char   *agent,
                                         const char   *call_id,
                                         GError      **error);
gboolean     rd_agent_desk_dispose      (RdAgentDesk  *self,
                                         const char   *agent,
                                         const char   *call_id,
                                         const char   *code,
                                         const char   *notes,
                                         const char * const *tags,
                                         gint64        callback_at,
                                         gboolean      callback_mine,
                                         GError      **error);
gboolean     rd_agent_desk_logout       (RdAgentDesk  *self,
                                         const char   *agent,
                                         const char   *reason,
                                         GError      **error);
/* The reason a supervisor's pause and logout are logged with. */
#define RD_AGENT_DESK_SUPERVISOR "supervisor"

/* A supervisor pauses @agent: at once, or when their call and its wrap-up end (then
 * "pause_pending"). 409-like RD_AGENT_DESK_ERROR_STATE before the agent's phone is up. */
gboolean     rd_agent_desk_force_pause  (RdAgentDesk  *self,
                                         const char   *agent,
                                         GError      **error);
/* A supervisor logs @agent out: at once, or (*@pending) when their call and its wrap-up
 * end, so that no customer is cut off and no disposition lost. */
gboolean     rd_agent_desk_force_logout (RdAgentDesk  *self,
                                         const char   *agent,
                                         gboolean     *pending,
                                         GError      **error);
/* {"agent", "campaign_id", "queues", "queue_id", "state", "reason", "since", "call_id", "leg_up",
 * "wrap_up_deadline", "pause_pending", "logout_pending", "today": {"calls", "talk_ms", "paused_ms"}}, or NULL
 * when @agent has no session. */
JsonNode    *rd_agent_desk_status       (RdAgentDesk  *self,
                                         const char   *agent);
/* The sessions of @campaign_id (NULL: all) as an array of status objects. */
JsonNode    *rd_agent_desk_list         (RdAgentDesk  *self,
                                         const char   *campaign_id);
/* As rd_agent_desk_list() without "today" (no database read: for boards built often). */
JsonNode    *rd_agent_desk_list_now     (RdAgentDesk  *self,
                                         const char   *campaign_id);
/* Agents in "ready" in @campaign_id whose leg is up, longest waiting first (names, owned by
 * the desk). */
GPtrArray   *rd_agent_desk_ready_agents (RdAgentDesk  *self,
                                         const char   *campaign_id);

G_END_DECLS
