/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rd-application.h"
#include "rd-campaign-manager-page.h"
#include "rd-campaigns-page.h"
#include "rd-conflicts-dialog.h"
#include "rd-dashboard-page.h"
#include "rd-import-dialog.h"
#include "rd-list-page.h"
#include "rd-pipeline-board.h"
#include "rd-record-page.h"
#include "rd-reports-page.h"
#include "rd-server-session.h"
#include "rd-sign-in-page.h"
#include "rd-softphone.h"
#include "rd-sync-controller.h"
#include "rd-users-page.h"

G_BEGIN_DECLS

#define RD_TYPE_WINDOW (rd_window_get_type ())

G_DECLARE_FINAL_TYPE (RdWindow, rd_window, RD, WINDOW, AdwApplicationWindow)

RdWindow   *rd_window_new              (RdApplication *application);
gboolean    rd_window_show_page        (RdWindow      *self,
                                        const char    *name);
const char *rd_window_get_visible_page (RdWindow      *self);
RdServerSession *rd_window_get_session (RdWindow      *self);
void             rd_window_password_changed (RdWindow      *self,
                                             const char    *password);
RdSignInPage *rd_window_get_sign_in_page (RdWindow    *self);
gboolean    rd_window_get_signing_in   (RdWindow      *self);
RdSyncController *rd_window_get_sync  (RdWindow      *self);
RdStore    *rd_window_get_store        (RdWindow      *self);
RdSoftphone *rd_window_get_softphone   (RdWindow      *self);
void        rd_window_open_dialpad     (RdWindow      *self,
                                        const char    *number);
RdListPage *rd_window_get_list         (RdWindow      *self,
                                        const char    *table);
RdRecordPage *rd_window_get_record_page (RdWindow     *self);
RdDashboardPage *rd_window_get_dashboard (RdWindow    *self);
void        rd_window_open_record      (RdWindow      *self,
                                        const char    *table,
                                        const char    *id);
RdUsersPage *rd_window_get_users_page  (RdWindow      *self);
RdCampaignsPage *rd_window_get_campaigns_page (RdWindow  *self);
RdCampaignManagerPage *rd_window_get_campaign_manager_page (RdWindow *self);
RdReportsPage         *rd_window_get_reports_page          (RdWindow *self);
RdPipelineBoard *rd_window_get_pipeline_board (RdWindow *self);
RdConflictsDialog *rd_window_review_changes (RdWindow *self);
RdImportDialog *rd_window_import      (RdWindow      *self);
void        rd_window_export_list      (RdWindow      *self,
                                        const char    *path);
void        rd_window_import_products  (RdWindow      *self,
                                        const char    *path);
void        rd_window_toast            (RdWindow      *self,
                                        const char    *message);

G_END_DECLS
