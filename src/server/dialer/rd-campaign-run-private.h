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

/* An agent's transfer of their customer to an outside number (rd-campaign-transfer.c). */
typedef enum {
  TRANSFER_RINGING,     /* the number is called; the customer is still with the agent */
  TRANSFER_CONSULTING,  /* it answered: the agent talks to it, the customer holds */
  TRANSFER_CONNECTED,   /* the customer talks to it; the agent is gone */
  TRANSFER_FAILED,      /* it did not answer (failure names why); the customer stayed */
} TransferState;

typedef struct {
  char          *number;     /* E.164 */
  char          *leg_id;     /* "xN-" and the call's id: its Nth transfer */
  gboolean       consult;    /* the agent talks to the number before handing over */
  TransferState  state;
  const char    *failure;    /* TRANSFER_FAILED: busy, no-answer, failed, hung-up */
} Transfer;

typedef struct {
  char     *call_id;
  char     *leg_id;
  char     *lead_id;
  guint64   hopper_id;
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
  Transfer *transfer;        /* to an outside number, or NULL */
  guint     transfers;       /* how many were tried */
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
  gint64       hopper_loaded_us;
  GHashTable  *calls;        /* call_id -> Call */
  char        *safe_harbor_wav;
  char        *broadcast_wav;
  char        *prompts_key;  /* the texts the WAVs were made of */
  GHashTable  *offers;       /* preview: agent -> RdPreviewOffer (rd-campaign-preview.c) */
  GHashTable  *wrap_since;   /* agent -> when their wrap-up began (Unix ms), for the pacer */
  char        *hold_wav;     /* what a customer hears while their agent consults */
  char        *hold_text;    /* the text it was made of */
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

/* The call @agent talks to a customer on (bridged), or NULL. */
Call    *rd_campaign_run_agent_call     (RdCampaignRun *self,
                                         const char    *agent);
/* Hangs up the customer's leg (@hangup_by: customer, agent or system). */
void     rd_campaign_run_hang_up        (RdCampaignRun *self,
                                         Call          *c,
                                         const char    *hangup_by);

/* rd-campaign-prompts.c: the run's spoken messages, made again when their texts changed. */
void     rd_campaign_run_make_prompts   (RdCampaignRun *self);
void     rd_campaign_run_prepare_hold   (RdCampaignRun *self);

/* rd-campaign-transfer.c */
/* An event of a leg that is no customer's ("xN-CALL": a transfer's). */
void     rd_campaign_run_transfer_event (RdCampaignRun       *self,
                                         const RdSwitchEvent *ev);
/* The customer's leg closed: the transfer's leg goes too. */
void     rd_campaign_run_transfer_drop  (RdCampaignRun *self,
                                         Call          *c);
void     rd_campaign_run_transfer_free  (Transfer      *t);

/* rd-campaign-preview.c */
void     rd_campaign_run_offer_previews (RdCampaignRun *self);
void     rd_campaign_run_check_offers   (RdCampaignRun *self);
void     rd_campaign_run_release_offers (RdCampaignRun *self);

G_END_DECLS
