/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What RdDialer and its campaign runs share, for this folder alone. */

#include "rd-dialer.h"
#include "rd-switch.h"

G_BEGIN_DECLS

RdSwitch     *rd_dialer_get_switch      (RdDialer   *self);
RdCenterDb   *rd_dialer_get_center      (RdDialer   *self);
RdAgentDesk  *rd_dialer_get_desk        (RdDialer   *self);
RdPhoneZones *rd_dialer_get_zones       (RdDialer   *self);
/* The score of the lead @e164 is (rd_dialer_set_score_func), negative when none. */
double        rd_dialer_score_number    (RdDialer   *self,
                                         const char *e164);
const RdDialerConfig *rd_dialer_get_config (RdDialer *self);
/* The switch leg of @agent's phone, or NULL while it is down. */
const char   *rd_dialer_agent_leg       (RdDialer   *self,
                                         const char *agent);
/* A run tells which customer legs are its own (events of @leg_id go to it). */
void          rd_dialer_claim_leg       (RdDialer   *self,
                                         const char *leg_id,
                                         gpointer    run);
void          rd_dialer_release_leg     (RdDialer   *self,
                                         const char *leg_id);

/* rd-dialer-monitor.c: the supervisors on agents */
typedef struct _RdMonitors RdMonitors;
RdMonitors   *rd_dialer_get_monitors    (RdDialer   *self);
RdMonitors   *rd_monitors_new           (RdDialer   *dialer);
void          rd_monitors_free          (RdMonitors *self);
/* TRUE when @token was a supervisor's: the leg is theirs (or refused). */
gboolean      rd_monitors_leg_incoming  (RdMonitors *self,
                                         const RdSwitchEvent *ev,
                                         const char *token);
/* TRUE when @ev is of a supervisor's leg. */
gboolean      rd_monitors_event         (RdMonitors *self,
                                         const RdSwitchEvent *ev);
/* @agent's phone made its leg (again): a supervisor on them follows. */
void          rd_monitors_agent_leg     (RdMonitors *self,
                                         const char *agent);
/* @agent logged out: their supervisor's leg is hung up. */
void          rd_monitors_agent_gone    (RdMonitors *self,
                                         const char *agent);
void          rd_monitors_stop          (RdMonitors *self);
gboolean      rd_dialer_monitor_mode_parse (const char *name,
                                            RdSwitchMonitorMode *mode);

G_END_DECLS
