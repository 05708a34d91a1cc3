/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the files of RdAgentDesk share: a session and the desk's struct. The state machine is
 * rd-agent-desk.c; what the desk tells of its sessions (status, lists), rd-agent-desk-status.c. */
#pragma once

#include "rd-agent-desk.h"

G_BEGIN_DECLS

typedef struct {
  RdAgentDesk *desk;
  char        *agent;
  char        *campaign_id;  /* NULL: in queues only */
  GStrv        queues;       /* the inbound queues the agent takes calls of */
  char        *queue_id;     /* the queue of the call the agent is on or wraps up */
  guint        queue_wrap;   /* that queue's wrap-up timeout, seconds */
  char        *state;
  char        *reason;
  char        *call_id;
  gint64       since;          /* ms, the center's clock */
  char        *token;          /* the leg's one-time token, until used */
  gint64       token_expires;  /* monotonic µs */
  gboolean     leg_up;
  char        *pause_pending;  /* a pause asked during a call or wrap-up */
  gboolean     logout_pending; /* a supervisor's logout, once the call and wrap-up end */
  char        *preview_lead;   /* previewing: the lead offered */
  guint        wrap_up_timer;
  gint64       wrap_up_deadline;
  guint        leg_timer;
} Session;

struct _RdAgentDesk
{
  GObject     parent_instance;

  RdCenterDb *center;
  GHashTable *sessions;   /* agent -> Session */
  GHashTable *tokens;     /* token -> agent (borrowed from the session) */
};

G_END_DECLS
