/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rd-ask-page.h"
#include "rd-lead-scorer.h"
#include "rd-agents-board.h"
#include "rd-project-tasks-due.h"
#include "rd-reports-page.h"
#include "rd-window.h"

G_BEGIN_DECLS

/* Shared by rd-window.c (pages, sign-in, sync), rd-window-phone.c (the softphone and its
 * banner), rd-window-cti.c and rd-window-actions.c
 * (search, new, dial, import, export, review changes). */

struct _RdWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;
  RdServerSession      *session;
  GCancellable         *cancellable;
  GDateTime            *offline_since;
  RdStore              *store;
  RdSyncController     *sync;
  RdLeadScorer         *lead_scorer;   /* the replica's lead scores (docs/intelligence.md) */
  char                 *list_before_record;   /* where "back" returns to */
  RdSoftphone          *softphone;
  GtkWidget            *call_banner;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  GtkStack             *main_stack;
  RdSignInPage         *sign_in_page;
  AdwLeaflet           *leaflet;
  GtkListBox           *sidebar;
  GtkStack             *stack;
  AdwWindowTitle       *content_title;
  GtkLabel             *sync_label;
  GtkImage             *sync_icon;
  RdDashboardPage      *dashboard_page;
  RdRecordPage         *record_page;
  RdPipelineBoard      *pipeline_board;
  RdProjectTasksDue    *project_tasks_due;
  RdUsersPage          *users_page;
  RdAskPage            *ask_page;
  GtkWidget            *users_row;
  RdCampaignsPage      *campaigns_page;
  GtkWidget            *campaigns_row;
  RdAgentsBoard        *agents_board;
  GtkWidget            *agents_row;
  RdCampaignManagerPage *campaign_manager_page;
  GtkWidget            *campaign_manager_row;
  RdReportsPage        *reports_page;
  GtkWidget            *reports_row;
  GtkBox               *content_box;
};

/* A PBX's call for this agent (RdSyncController "cti-call"): the record pops; click-to-call
 * through the PBX once the server says the agent has an extension (rd-window-cti.c). */
void        rd_window_cti_call_cb            (RdWindow   *self,
                                              JsonNode   *message);
void        rd_window_cti_setup              (RdWindow   *self);
void        rd_window_cti_call_action        (GtkWidget  *widget,
                                              const char *action_name,
                                              GVariant   *parameter);

/* A new softphone on the window's replica, its banner above the pages (rd-window-phone.c). */
void        rd_window_start_softphone        (RdWindow   *self);

/* The Campaigns page follows the session and the softphone (rd-window-actions.c). */
void        rd_window_setup_campaigns        (RdWindow   *self);
/* Hides the sales pages (leads, deals, pipeline) from a support account; Campaigns is
 * rd_window_setup_campaigns()'s. */
void        rd_window_setup_role             (RdWindow   *self);

RdListPage *rd_window_get_list_page          (RdWindow   *self,
                                              const char *table);
void        rd_window_rows_changed_cb        (RdWindow   *self,
                                              const char *table,
                                              const char *id,
                                              gpointer    sender);

void        rd_window_search_action          (GtkWidget  *widget,
                                              const char *action_name,
                                              GVariant   *parameter);
void        rd_window_new_action             (GtkWidget  *widget,
                                              const char *action_name,
                                              GVariant   *parameter);
void        rd_window_dial_action            (GtkWidget  *widget,
                                              const char *action_name,
                                              GVariant   *parameter);
/* rd-window-catalog.c: Import Products…, the catalog read-only for agents */
void        rd_window_set_catalog_writable   (RdWindow   *self,
                                              gboolean    writable);
void        rd_window_import_products_action (GtkWidget  *widget,
                                              const char *action_name,
                                              GVariant   *parameter);
void        rd_window_import_action          (GtkWidget  *widget,
                                              const char *action_name,
                                              GVariant   *parameter);
void        rd_window_export_action          (GtkWidget  *widget,
                                              const char *action_name,
                                              GVariant   *parameter);
/* rd-window-models.c: an admin trains the models now (POST /models/train). */
void        rd_window_train_models_action    (GtkWidget  *widget,
                                              const char *action_name,
                                              GVariant   *parameter);
void        rd_window_enquiries_action       (GtkWidget  *widget,
                                              const char *action_name,
                                              GVariant   *parameter);
void        rd_window_review_changes_action  (GtkWidget  *widget,
                                              const char *action_name,
                                              GVariant   *parameter);

G_END_DECLS
