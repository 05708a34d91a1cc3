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

G_END_DECLS
