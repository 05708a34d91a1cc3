/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rd-agent-call-popover.h"
#include "rd-agent-queues.h"
#include "rd-ring-tone.h"
#include "rd-campaigns-page.h"

#include "rd-store.h"

G_BEGIN_DECLS

/* Shared by rd-campaigns-page.c (the list, the bar, the status) and
 * rd-campaigns-page-actions.c (the leg and the agent's actions). */

struct _RdCampaignsPage
{
  GtkWidget            parent_instance;

  RdServerSession     *session;
  RdStore             *store;       /* the replica: the custom fields of campaign leads */
  RdSoftphone         *softphone;
  GCancellable        *cancellable;
  GSimpleActionGroup  *actions;
  char                *region;
  GHashTable          *pause_labels;   /* code -> the server's label */
  JsonArray           *campaigns;
  GPtrArray           *rows;
  guint                pending;     /* calls in flight */

  gboolean             joined;      /* logged in to a campaign, queues, or both */
  char                *campaign_id; /* joined, or NULL (queues alone) */
  guint                ticks;
  JsonObject          *status;      /* the last status read */
  char                *state;
  RdCall              *leg;
  gboolean             polling;
  guint                tick_id;
  guint                remake_id;

  GtkStack            *stack;
  AdwPreferencesGroup *campaigns_group;
  GtkLabel            *state_label;
  GtkLabel            *time_label;
  GtkLabel            *campaign_label;
  GtkLabel            *today_label;
  GtkMenuButton       *pause_button;
  GtkMenuButton       *call_button;
  RdAgentCallPopover  *call_popover;
  GtkWidget           *transfer_bar;
  GtkLabel            *transfer_label;
  GtkWidget           *transfer_complete_button;
  char                *transfer_state; /* the last one shown, to tell a failure once */
  GtkButton           *preview_dial_button;
  GtkWidget           *answer_button;   /* a queue call rings for the agent (the status's offer) */
  RdRingTone          *ring_tone;
  GtkWidget           *preview_skip_button;
  AdwStatusPage       *idle_status;
  RdCampaignCallCard  *call_card;
  RdAgentQueues       *queue_list;  /* before joining: which queues to log in to */
  RdAgentQueues       *queue_desk;  /* joined: in or out of each queue, the callbacks */
};

/* Takes the answer of a call; NULL in rd_campaigns_page_request: it is a status. */
typedef void (*StatusDone) (RdCampaignsPage *self, JsonObject *answer);

void         rd_campaigns_page_toast        (RdCampaignsPage *self,
                                             const char      *message);
const char  *rd_campaigns_page_string_of    (JsonObject      *object,
                                             const char      *name);
JsonBuilder *rd_campaigns_page_body_with    (const char      *member,
                                             const char      *value);
/* Calls the API (@path under /api/v1/); @done takes the answer, NULL: it is a status. */
void         rd_campaigns_page_request      (RdCampaignsPage *self,
                                             const char      *method,
                                             const char      *path,
                                             JsonBuilder     *body,
                                             StatusDone       done);
void         rd_campaigns_page_apply_status (RdCampaignsPage *self,
                                             JsonObject      *status);
/* Back to the list: the leg hung up, the clock stopped. */
void         rd_campaigns_page_left         (RdCampaignsPage *self);
gboolean     rd_campaigns_page_tick_cb      (gpointer         user_data);
void         rd_campaigns_page_add_actions  (RdCampaignsPage *self);
/* Logs in to @campaign_id (may be NULL) with the queues switched on in the list. */
void         rd_campaigns_page_log_in       (RdCampaignsPage *self,
                                             const char      *campaign_id);
void         rd_campaigns_page_set_enabled  (RdCampaignsPage *self,
                                             const char      *action,
                                             gboolean         enabled);

/* rd-campaigns-page-calls.c: the agent's own calls (the Call / Transfer menu) and the bar
 * of a transfer under way. */
void         rd_campaigns_page_add_call_actions (RdCampaignsPage *self);
void         rd_campaigns_page_bind_calls       (GtkWidgetClass  *widget_class);
void         rd_campaigns_page_show_transfer    (RdCampaignsPage *self);

/* Words for a pause code or a state's reason: ours for the predefined ones (translated),
 * else the campaign's label, else the code. */
const char  *rd_campaigns_page_reason_label (RdCampaignsPage *self,
                                             const char      *code);

G_END_DECLS
