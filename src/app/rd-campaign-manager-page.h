/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "rd-campaign-editor.h"
#include "rd-dnc-window.h"
#include "rd-leadset-upload-dialog.h"
#include "rd-server-session.h"

G_BEGIN_DECLS

#define RD_TYPE_CAMPAIGN_MANAGER_PAGE (rd_campaign_manager_page_get_type ())

G_DECLARE_FINAL_TYPE (RdCampaignManagerPage, rd_campaign_manager_page, RD, CAMPAIGN_MANAGER_PAGE, GtkWidget)

GtkWidget             *rd_campaign_manager_page_new             (void);
void                   rd_campaign_manager_page_set_session     (RdCampaignManagerPage *self,
                                                                 RdServerSession       *session);
/* The region a new leadset's numbers are read for unless changed ("RU"). */
void                   rd_campaign_manager_page_set_region      (RdCampaignManagerPage *self,
                                                                 const char            *region);
/* Reads campaigns, leadsets and agents again. */
void                   rd_campaign_manager_page_reload          (RdCampaignManagerPage *self);
/* TRUE while a call to the server is in flight. */
gboolean               rd_campaign_manager_page_get_busy        (RdCampaignManagerPage *self);
guint                  rd_campaign_manager_page_get_n_campaigns (RdCampaignManagerPage *self);
guint                  rd_campaign_manager_page_get_n_leadsets  (RdCampaignManagerPage *self);
/* The status of the campaign called @name as last read ("running" …), or NULL; valid
 * until the next reload. */
const char            *rd_campaign_manager_page_get_status      (RdCampaignManagerPage *self,
                                                                 const char            *name);
/* The id of the campaign or leadset called @name, or NULL; valid until the next reload. */
const char            *rd_campaign_manager_page_find_campaign   (RdCampaignManagerPage *self,
                                                                 const char            *name);
const char            *rd_campaign_manager_page_find_leadset    (RdCampaignManagerPage *self,
                                                                 const char            *name);
RdCampaignEditor      *rd_campaign_manager_page_get_editor      (RdCampaignManagerPage *self);
/* Opens the upload dialog (as "Upload Leadset…" does) and returns it. */
RdLeadsetUploadDialog *rd_campaign_manager_page_upload          (RdCampaignManagerPage *self);
/* Opens the do-not-call lists (as "Do-Not-Call Lists…" does) and returns the window. */
RdDncWindow           *rd_campaign_manager_page_open_dnc        (RdCampaignManagerPage *self);

G_END_DECLS
