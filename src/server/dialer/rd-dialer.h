/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rd-agent-desk.h"
#include "rd-center-db.h"
#include "rd-phone-zones.h"

G_BEGIN_DECLS

/* RdDialer: the call center's switch at work (docs/callcenter.md, "The dialer"). It runs
 * the SIP switch, answers the agents' permanent legs (sip:TOKEN@), runs every campaign a
 * manager started (pacer + hopper, one RdCampaignRun each), bridges answered customers to
 * ready agents, plays the safe-harbor message, and writes every call row. Main thread. */

typedef struct {
  const char *sip_listen;    /* "ADDRESS:PORT" the switch binds (PORT 0: any) */
  const char *sip_host;      /* the address agents' phones dial; NULL: the listen address */
  const char *trunk;         /* "HOST:PORT" of the SIP trunk or proxy customers are called
                              * through, unless a campaign names its own */
  const char *prompts_dir;   /* where spoken prompts are cached */
  const char *recordings_dir;/* campaign calls' recordings, CALL_ID.wav (NULL: none) */
  const char *voice;         /* espeak-ng voice of the prompts ("en") */
  const char *trunk_user;    /* the trunk account (NULL: the trunk trusts our address) */
  const char *trunk_password;
  guint       register_expires; /* REGISTER the account at the trunk for this long (0: no) */
} RdDialerConfig;

#define RD_TYPE_DIALER (rd_dialer_get_type ())
G_DECLARE_FINAL_TYPE (RdDialer, rd_dialer, RD, DIALER, GObject)

/* A lead's conversion score in [0, 1] by its number (E.164), or negative when the number
 * is no scored CRM lead: what a campaign with order_by_score calls its leads by. */
typedef double (*RdDialerScoreFunc) (const char *e164,
                                     gpointer    user_data);

RdDialer   *rd_dialer_new          (RdCenterDb            *center,
                                    RdAgentDesk           *desk,
                                    RdPhoneZones          *zones,
                                    const RdDialerConfig  *config,
                                    GError               **error);
/* "sip:TOKEN@HOST:PORT": what the agent's phone dials to make its leg. */
char       *rd_dialer_leg_uri      (RdDialer              *self,
                                    const char            *token);
guint16     rd_dialer_get_sip_port (RdDialer              *self);
/* What @campaign_id's calls do now ({ringing, waiting, active, message, lines, hopper,
 * dial_method}), or NULL when it is not being dialled. */
JsonObject *rd_dialer_campaign_live (RdDialer             *self,
                                     const char           *campaign_id);
/* Where campaigns that order by score get the scores (docs/intelligence.md). */
void        rd_dialer_set_score_func (RdDialer            *self,
                                      RdDialerScoreFunc    func,
                                      gpointer             data,
                                      GDestroyNotify       destroy);
/* The agent ends the customer's call (their own leg stays up). */
gboolean    rd_dialer_hangup_agent (RdDialer              *self,
                                    const char            *agent,
                                    GError               **error);
/* A clean stop: no new calls; every leg hung up (the call rows end with the center's
 * shutdown). */
/* Preview: dials the lead card the agent is looking at (RD_AGENT_DESK_ERROR_STATE without one). */
gboolean    rd_dialer_preview_dial (RdDialer              *self,
                                    const char            *agent,
                                    const char            *number,
                                    GError               **error);
/* Manual dial: @agent (ready or paused) calls @number (E.164) in their campaign. */
gboolean    rd_dialer_manual_dial  (RdDialer              *self,
                                    const char            *agent,
                                    const char            *number,
                                    GError               **error);
/* @agent hands their customer to @colleague (a ready agent with their phone connected), or
 * when @colleague is NULL to @number (E.164): blind, or after a consult (@consult) that
 * rd_dialer_transfer_end() completes or cancels. */
gboolean    rd_dialer_transfer     (RdDialer              *self,
                                    const char            *agent,
                                    const char            *colleague,
                                    const char            *number,
                                    gboolean               consult,
                                    GError               **error);
gboolean    rd_dialer_transfer_end (RdDialer              *self,
                                    const char            *agent,
                                    gboolean               complete,
                                    GError               **error);
/* The transfer of @agent's call ({number, mode, state, failure}), or NULL. */
JsonObject *rd_dialer_transfer_status (RdDialer           *self,
                                       const char         *agent);
void        rd_dialer_stop         (RdDialer              *self);

/* @supervisor monitors @agent in @mode ("listen", "whisper", "barge"), or changes the mode
 * or the agent. *@leg_token is the one-time token their phone dials (sip:TOKEN@) when their
 * leg is not up yet, else NULL. RD_CENTER_ERROR_INVALID for a bad mode;
 * RD_AGENT_DESK_ERROR_NO_SESSION when the agent's phone is not connected;
 * RD_AGENT_DESK_ERROR_STATE when someone else monitors the agent. */
gboolean    rd_dialer_monitor      (RdDialer              *self,
                                    const char            *supervisor,
                                    const char            *agent,
                                    const char            *mode,
                                    char                 **leg_token,
                                    GError               **error);
gboolean    rd_dialer_monitor_stop (RdDialer              *self,
                                    const char            *supervisor,
                                    GError               **error);
/* {supervisor, mode ("off" when none), agent, leg_up, since (Unix ms)} */
JsonNode   *rd_dialer_monitor_status (RdDialer            *self,
                                      const char          *supervisor);

G_END_DECLS
