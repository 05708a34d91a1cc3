/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What RdDialer offers the inbound side (src/server/queues/): calls to the switch's numbers
 * (DIDs), the events of the legs it takes, the switch and the agents' legs. */

#include "rd-dialer.h"
#include "rd-switch.h"

G_BEGIN_DECLS

typedef struct {
  /* An INVITE to @number (a DID the switch was told of) was answered as leg ev->leg_id.
   * TRUE when taken; otherwise the dialer hangs the leg up. */
  gboolean (*incoming)     (gpointer data, const RdSwitchEvent *ev, const char *number);
  /* An event of a leg claimed with rd_dialer_claim_inbound_leg(). */
  void     (*event)        (gpointer data, const RdSwitchEvent *ev);
  /* @agent hangs up (or their leg dropped): TRUE when their call was an inbound one. */
  gboolean (*hangup_agent) (gpointer data, const char *agent);
} RdDialerInbound;

/* One inbound handler; @inbound NULL takes it away. */
void        rd_dialer_set_inbound          (RdDialer              *self,
                                            const RdDialerInbound *inbound,
                                            gpointer               data);
void        rd_dialer_claim_inbound_leg    (RdDialer              *self,
                                            const char            *leg_id);
void        rd_dialer_release_inbound_leg  (RdDialer              *self,
                                            const char            *leg_id);
RdSwitch   *rd_dialer_inbound_switch       (RdDialer              *self);
/* The switch leg of @agent's phone, or NULL while it is down. */
const char *rd_dialer_inbound_agent_leg    (RdDialer              *self,
                                            const char            *agent);
/* Where recordings and prompts go, and the voice of prompts. */
const RdDialerConfig *rd_dialer_inbound_config (RdDialer          *self);

G_END_DECLS
