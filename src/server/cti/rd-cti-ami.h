/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rd-ami-client.h"
#include "rd-cti-desk.h"

G_BEGIN_DECLS

/* RdCtiAmi: Asterisk's call events read as RdCtiDesk's (docs/cti.md). The legs of one call
 * share a Linkedid, which is the call's PBX id ("ami" is the PBX). Newchannel opens a leg
 * (the first leg of a call says who called: an agent's extension makes it outbound),
 * DialBegin, AgentCalled and Newstate (Ringing) to an agent's channel ring that agent,
 * DialEnd (ANSWER) and BridgeEnter (two channels) answer, an answer by another agent is a
 * transfer, and the Hangup of the last leg ends the call, with the recording URL filled in
 * from the configured pattern. After each login CoreShowChannels says which calls are still
 * up: those that ended while the connection was down are ended then, the others go on. */

#define RD_TYPE_CTI_AMI (rd_cti_ami_get_type ())
G_DECLARE_FINAL_TYPE (RdCtiAmi, rd_cti_ami, RD, CTI_AMI, GObject)

typedef struct {
  const char *context;        /* the dialplan context Originate sends customers' numbers to */
  const char *channel;        /* an agent's phone, "{extension}" filled in (PJSIP/{extension}) */
  const char *recording_url;  /* "{linkedid}" and "{uniqueid}" filled in; NULL: no recordings */
} RdCtiAmiConfig;

RdCtiAmi   *rd_cti_ami_new          (RdCtiDesk             *desk,
                                     RdAmiClient           *client,
                                     const RdCtiAmiConfig  *config);
/* Click-to-call: `Action: Originate` rings @extension's phone first, then, once it is
 * answered, dials @number in the configured context. The action's id in *@action_id. */
gboolean    rd_cti_ami_originate    (RdCtiAmi    *self,
                                     const char  *extension,
                                     const char  *number,
                                     const char  *agent,
                                     char       **action_id,
                                     GError     **error);

G_END_DECLS
