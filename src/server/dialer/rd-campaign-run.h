/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "rd-dialer-private.h"

G_BEGIN_DECLS

/* One campaign being dialled: its pacer and hopper (src/core/dialer), its calls in progress
 * and what each switch event does to them (docs/callcenter.md, "The dialer"). */

#define RD_TYPE_CAMPAIGN_RUN (rd_campaign_run_get_type ())
G_DECLARE_FINAL_TYPE (RdCampaignRun, rd_campaign_run, RD, CAMPAIGN_RUN, GObject)

RdCampaignRun *rd_campaign_run_new          (RdDialer            *dialer,
                                             JsonObject          *campaign);
const char    *rd_campaign_run_get_id       (RdCampaignRun       *self);
/* The campaign as it is now (settings may have changed); launches only while "running". */
void           rd_campaign_run_update       (RdCampaignRun       *self,
                                             JsonObject          *campaign);
/* No call in progress. */
gboolean       rd_campaign_run_is_idle      (RdCampaignRun       *self);
/* Launches what the pacer says, connects waiting customers, plays the safe harbor. */
void           rd_campaign_run_tick         (RdCampaignRun       *self);
void           rd_campaign_run_event        (RdCampaignRun       *self,
                                             const RdSwitchEvent *event);
/* @agent's call, if one of this run's, ends. */
gboolean       rd_campaign_run_hangup_agent (RdCampaignRun       *self,
                                             const char          *agent);
/* Preview: dials the card @agent was offered, for them alone: its number, or @number when
 * not NULL (one of the lead's other numbers, E.164). */
gboolean       rd_campaign_run_preview_dial (RdCampaignRun       *self,
                                             const char          *agent,
                                             const char          *number,
                                             GError             **error);
/* Manual dial: @agent calls @number (E.164) in the campaign's name, for them alone, after
 * the do-not-call lists are checked. */
gboolean       rd_campaign_run_manual_dial  (RdCampaignRun       *self,
                                             const char          *agent,
                                             const char          *number,
                                             GError             **error);
/* rd-campaign-transfer.c: @agent hands their customer to @colleague (ready, their leg up),
 * or to @number (E.164) blind or after a consult, which they complete or cancel. */
gboolean       rd_campaign_run_transfer     (RdCampaignRun       *self,
                                             const char          *agent,
                                             const char          *colleague,
                                             GError             **error);
gboolean       rd_campaign_run_transfer_out (RdCampaignRun       *self,
                                             const char          *agent,
                                             const char          *number,
                                             gboolean             consult,
                                             GError             **error);
gboolean       rd_campaign_run_transfer_complete (RdCampaignRun  *self,
                                                  const char     *agent,
                                                  GError        **error);
gboolean       rd_campaign_run_transfer_cancel   (RdCampaignRun  *self,
                                                  const char     *agent,
                                                  GError        **error);
/* The transfer of @agent's call ({number, mode, state, failure}), or NULL. */
JsonObject    *rd_campaign_run_transfer_status   (RdCampaignRun  *self,
                                                  const char     *agent);
/* rd-campaign-run-live.c: the run's calls now, {ringing, waiting, active, message, lines,
 * hopper, dial_method}. */
JsonObject    *rd_campaign_run_live         (RdCampaignRun       *self);
/* Every leg of the run hung up (a clean stop). */
void           rd_campaign_run_hangup_all   (RdCampaignRun       *self);

G_END_DECLS
