/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the files of RdCampaignRun share: its calls, its struct, the hopper's hand-out and
 * the launch of one call (rd-campaign-run.c), preview offers (rd-campaign-preview.c). */
#pragma once

#include "rd-campaign-run.h"
#include "rd-dialer-private.h"
#include "rd-hopper.h"
#include "rd-pacer.h"

/* rd_campaign_run_preview_dial() and the desk's preview calls */
#include "rd-agent-desk.h"

G_BEGIN_DECLS

/* How often the hopper is filled again from callcenter.db, and how many leads it holds. */
#define HOPPER_RELOAD_US (10 * G_USEC_PER_SEC)
#define HOPPER_SIZE      500
/* Lines a broadcast campaign keeps ringing at once. */
#define BROADCAST_LINES  10

typedef enum {
  PHASE_RINGING,    /* launched, no answer yet */
  PHASE_DETECTING,  /* answered, the switch tells a person from an answering machine */
  PHASE_WAITING,    /* answered, waiting for a ready agent (inside the safe-harbor time) */
  PHASE_BRIDGING,   /* bridge asked of the switch, agent reserved */
  PHASE_BRIDGED,    /* customer and agent talk */
  PHASE_MESSAGE,    /* the safe-harbor or broadcast message plays */
  PHASE_ENDING,     /* hung up by us, waiting for the leg to close */
} Phase;

typedef struct {
  char     *call_id;
  char     *leg_id;
  char     *lead_id;
  guint64   hopper_id;
  guint     attempts;        /* the lead's attempts before this one */
  char     *number;
  Phase     phase;
  gint64    launched_us;
  gint64    answered_us;
  gint64    bridged_us;
  char     *agent;
  const char *result;        /* set once known (busy, no-answer, failed …) */
  guint     sip_code;
  gboolean  safe_harbor;
  gboolean  broadcast_heard;
  const char *hangup_by;
  gboolean  preview;         /* dialled by its agent from a preview: bridged to them alone */
  gboolean  machine;         /* an answering machine answered (amd detect: bridged anyway) */
} Call;

struct _RdCampaignRun
{
  GObject      parent_instance;

  RdDialer    *dialer;       /* not a reference: the dialer owns its runs */
  char        *id;
  JsonObject  *campaign;
  RdPacer     *pacer;
  RdPacerMode  mode;
  gboolean     broadcast;
  RdHopper    *hopper;
  GHashTable  *lead_ids;     /* hopper id (rowid) -> lead uuid */
  GHashTable  *lead_attempts;/* hopper id -> attempts at load */
  gint64       hopper_loaded_us;
  GHashTable  *calls;        /* call_id -> Call */
  char        *safe_harbor_wav;
  char        *broadcast_wav;
  char        *prompts_key;  /* the texts the WAVs were made of */
  GHashTable  *offers;       /* preview: agent -> RdPreviewOffer (rd-campaign-preview.c) */
  GHashTable  *wrap_since;   /* agent -> when their wrap-up began (Unix ms), for the pacer */
};

static inline const char *
setting (RdCampaignRun *self,
         const char    *name)
{
  return json_object_get_string_member_with_default (self->campaign, name, NULL);
}

static inline gint64
setting_int (RdCampaignRun *self,
             const char    *name)
{
  return json_object_get_int_member_with_default (self->campaign, name, 0);
}

static inline RdCenterDb *
center (RdCampaignRun *self)
{
  return rd_dialer_get_center (self->dialer);
}

static inline gint64
now_ms (RdCampaignRun *self)
{
  return rd_center_db_now (center (self));
}

/* Whether one of the run's calls is @agent's (reserved, ringing for them, or bridged). */
gboolean rd_campaign_run_agent_busy  (RdCampaignRun  *self,
                                      const char     *agent);

/* rd-campaign-hopper.c: fills the hopper again from callcenter.db. */
void     rd_campaign_run_reload_hopper (RdCampaignRun *self);
/* The next lead for @agent (NULL: anyone) that is not on a do-not-call list (those found on
 * one are closed as "dnc" on the way). FALSE when none is due. */
gboolean rd_campaign_run_next_lead   (RdCampaignRun  *self,
                                      const char     *agent,
                                      guint64        *hopper_id,
                                      const char    **lead_id,
                                      const char    **number);
/* Logs and originates a call to @number; its id, or NULL when it could not be logged.
 * @agent (a preview, or @manual: a number the agent dials) reserves it for that agent,
 * who is marked dialling first. */
char    *rd_campaign_run_start_call  (RdCampaignRun  *self,
                                      guint64         hopper_id,
                                      const char     *lead_id,
                                      const char     *number,
                                      const char     *agent,
                                      gboolean        manual,
                                      GError        **error);

/* rd-campaign-preview.c */
void     rd_campaign_run_offer_previews (RdCampaignRun *self);
void     rd_campaign_run_check_offers   (RdCampaignRun *self);
void     rd_campaign_run_release_offers (RdCampaignRun *self);

G_END_DECLS
