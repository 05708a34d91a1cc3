/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rd-server-session.h"

G_BEGIN_DECLS

#define RD_TYPE_DIALER_DASHBOARD (rd_dialer_dashboard_get_type ())
G_DECLARE_FINAL_TYPE (RdDialerDashboard, rd_dialer_dashboard, RD, DIALER_DASHBOARD, AdwWindow)

/* A campaign's dialer dashboard (managers): agents by state (paused by reason), calls
 * ringing, waiting for an agent and talking, the dial level, leads to dial and in the
 * hopper, the day's calls, answered, dropped, the abandon rate against the cap over the
 * compliance window, average wait, talk, wrap-up and pause, and every agent with the time
 * in their state and the supervisor's Pause / Log Out. The server pushes the board over
 * the events WebSocket (?boards=campaigns/ID) within a second of each change. */
RdDialerDashboard *rd_dialer_dashboard_new        (RdServerSession   *session);
/* Watches @campaign_id (one of the dropdown's). */
void               rd_dialer_dashboard_select     (RdDialerDashboard *self,
                                                   const char        *campaign_id);
/* For tests: the text of a tile ("ready", "ringing", "abandon_rate" …, the ids of
 * rd-dialer-dashboard.c's table), how many boards came, whether the abandon rate is
 * over the cap (its tile red), the note under a tile, and the state an agent's row shows (NULL: no row). */
const char        *rd_dialer_dashboard_get_figure (RdDialerDashboard *self,
                                                   const char        *figure);
const char        *rd_dialer_dashboard_get_note   (RdDialerDashboard *self,
                                                   const char        *figure);
guint              rd_dialer_dashboard_get_updates (RdDialerDashboard *self);
gboolean           rd_dialer_dashboard_get_over_cap (RdDialerDashboard *self);
const char        *rd_dialer_dashboard_get_agent_state (RdDialerDashboard *self,
                                                        const char        *agent);

G_END_DECLS
