/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "rd-campaign-call-card.h"
#include "rd-server-session.h"
#include "rd-softphone.h"

#include "rd-store.h"

G_BEGIN_DECLS

#define RD_TYPE_CAMPAIGNS_PAGE (rd_campaigns_page_get_type ())

G_DECLARE_FINAL_TYPE (RdCampaignsPage, rd_campaigns_page, RD, CAMPAIGNS_PAGE, GtkWidget)

GtkWidget          *rd_campaigns_page_new              (void);
void                rd_campaigns_page_set_session      (RdCampaignsPage *self,
                                                        RdServerSession *session);
/* The phone the campaign leg is dialled with (NULL: none). */
void                rd_campaigns_page_set_softphone    (RdCampaignsPage *self,
                                                        RdSoftphone     *softphone);
void                rd_campaigns_page_set_region       (RdCampaignsPage *self,
                                                        const char      *region);
void                rd_campaigns_page_reload           (RdCampaignsPage *self);
guint               rd_campaigns_page_get_n_campaigns  (RdCampaignsPage *self);
/* Joins the campaign @campaign_id as its Join button does. */
void                rd_campaigns_page_join             (RdCampaignsPage *self,
                                                        const char      *campaign_id);
/* The agent's state on the server ("login", "ready", … ; "logout" when not joined). */
const char         *rd_campaigns_page_get_state        (RdCampaignsPage *self);
/* The actions "campaign.ready", ".pause" (s), ".pause-menu", ".hangup", ".leave",
 * ".submit": the window inserts them so that their accelerators work everywhere. */
GActionGroup       *rd_campaigns_page_get_actions      (RdCampaignsPage *self);
RdCampaignCallCard *rd_campaigns_page_get_call_card    (RdCampaignsPage *self);
/* The campaign leg while joined, or NULL. */
RdCall             *rd_campaigns_page_get_leg          (RdCampaignsPage *self);
/* TRUE while a call to the server is in flight. */
gboolean            rd_campaigns_page_get_busy         (RdCampaignsPage *self);

/* The replica whose custom fields of campaign leads the call card shows (NULL: none). */
void rd_campaigns_page_set_store (RdCampaignsPage *self,
                                  RdStore         *store);

G_END_DECLS
