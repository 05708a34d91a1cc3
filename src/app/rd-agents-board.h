/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "rd-server-session.h"
#include "rd-softphone.h"
#include "rd-dialer-dashboard.h"
#include "rd-wallboard.h"

G_BEGIN_DECLS

#define RD_TYPE_AGENTS_BOARD (rd_agents_board_get_type ())
G_DECLARE_FINAL_TYPE (RdAgentsBoard, rd_agents_board, RD, AGENTS_BOARD, GtkWidget)

/* Live Agents (managers and admins): every agent in a campaign the manager sees, with their
 * state and call, Listen / Whisper / Barge In on each, and the supervisor's Pause Agent and
 * Log Agent Out. */
void        rd_agents_board_set_session   (RdAgentsBoard   *self,
                                           RdServerSession *session);
void        rd_agents_board_set_softphone (RdAgentsBoard   *self,
                                           RdSoftphone     *softphone);
/* Reads the agents and the monitoring again (the page also does once a second while shown). */
void        rd_agents_board_reload        (RdAgentsBoard   *self);
/* The supervisor's mode now: "off", "listen", "whisper" or "barge". */
const char *rd_agents_board_get_mode      (RdAgentsBoard   *self);
/* Opens the wallboard full screen (the Wallboard button, F11); NULL when not signed in. */
RdWallboard *rd_agents_board_open_wallboard (RdAgentsBoard *self);
/* Opens the dialer dashboard (the Dashboard button, F9); NULL when not signed in. */
RdDialerDashboard *rd_agents_board_open_dashboard (RdAgentsBoard *self);

G_END_DECLS
