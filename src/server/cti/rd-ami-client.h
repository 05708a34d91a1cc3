/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "rd-ami-message.h"

G_BEGIN_DECLS

/* RdAmiClient: one TCP connection to an Asterisk Manager Interface. It logs in (`Action:
 * Login`), reads the event stream, pings every keepalive interval (a Ping not answered by
 * the next one, or a Login not answered in two intervals, counts as a dead peer), and when the connection fails or drops it connects again
 * after a wait that doubles from the least to the most backoff (1 s to 30 s by default).
 * Signals: "connected" (logged in), "disconnected", "message" (RdAmiMessage *: every
 * event and response, in the order they came). */

#define RD_TYPE_AMI_CLIENT (rd_ami_client_get_type ())
G_DECLARE_FINAL_TYPE (RdAmiClient, rd_ami_client, RD, AMI_CLIENT, GObject)

RdAmiClient *rd_ami_client_new          (const char   *host_and_port,
                                         const char   *username,
                                         const char   *secret);
void         rd_ami_client_set_timing   (RdAmiClient  *self,
                                         guint         backoff_min_ms,
                                         guint         backoff_max_ms,
                                         guint         keepalive_s);
void         rd_ami_client_start        (RdAmiClient  *self);
void         rd_ami_client_stop         (RdAmiClient  *self);
gboolean     rd_ami_client_is_connected (RdAmiClient  *self);
/* Sends @action (its ActionID set here, and returned); FALSE when not logged in. */
gboolean     rd_ami_client_send         (RdAmiClient  *self,
                                         RdAmiMessage *action,
                                         char        **action_id,
                                         GError      **error);

G_END_DECLS
