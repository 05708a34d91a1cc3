/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include <glib/gi18n.h>

#include "rd-conflicts-dialog.h"
#include "rd-csv-import.h"
#include "rd-dashboard-page.h"
#include "rd-import-dialog.h"
#include "rd-labels.h"
#include "rd-list-page.h"
#include "rd-pipeline-board.h"
#include "rd-record-page.h"
#include "rd-secrets.h"
#include "rd-sign-in-page.h"
#include "rd-store-fetcher.h"
#include "rd-softphone.h"
#include "rd-sync-controller.h"
#include "rd-users-page.h"
#include "rd-campaigns-page.h"
#include "rd-window-private.h"


static const char *const list_pages[] = {
  "contacts", "organizations", "leads", "deals", "tickets", "activities", "calls",
  "articles", "products", "price_lists", "projects",
};

G_DEFINE_FINAL_TYPE (RdWindow, rd_window, ADW_TYPE_APPLICATION_WINDOW)

/* The line at the foot of the sidebar: who is signed in where, or offline
 * since when, or that no server is configured; once syncing, the sync controller says it. */
static void
rd_window_show_sync_state (RdWindow *self)
{
  RdApplication *app = RD_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  const char *server;
  g_autofree char *label = NULL;
  g_autofree char *tooltip = NULL;

  g_return_if_fail (app != NULL);
  server = rd_application_get_server_url (app);

  if (self->sync != NULL)
    {
      /* The sync controller says it from now on ("Synced at 14:02"…). */
      g_object_bind_property (self->sync, "status-text", self->sync_label, "label", G_BINDING_SYNC_CREATE);
      gtk_image_set_from_icon_name (self->sync_icon, "emblem-synchronizing-symbolic");
      tooltip = g_strdup_printf (_("Signed in as %s on %s, replica in %s"),
                                 rd_server_session_get_username (self->session), server,
                                 rd_application_get_replica_dir (app));
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->sync_label), tooltip);
      return;
    }
  else if (self->session != NULL && rd_server_session_get_signed_in (self->session))
    {
      label = g_strdup_printf (_("Signed in as %s"), rd_server_session_get_username (self->session));
      gtk_image_set_from_icon_name (self->sync_icon, "network-idle-symbolic");
      tooltip = g_strdup_printf (_("Server %s, replica in %s"), server,
                                 rd_application_get_replica_dir (app));
    }
  else if (server == NULL || *server == '\0')
    {
      label = g_strdup (_("Offline — no server configured"));
      gtk_image_set_from_icon_name (self->sync_icon, "network-offline-symbolic");
      tooltip = g_strdup_printf (_("Working on the local replica in %s"),
                                 rd_application_get_replica_dir (app));
    }
  else
    {
      g_autofree char *since = g_date_time_format (self->offline_since, "%H:%M");

      label = g_strdup_printf (_("Offline since %s"), since);
      gtk_image_set_from_icon_name (self->sync_icon, "network-offline-symbolic");
      tooltip = g_strdup_printf (_("Working on the local replica in %s"),
                                 rd_application_get_replica_dir (app));
    }

  gtk_label_set_label (self->sync_label, label);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->sync_label), tooltip);
}

RdListPage *
rd_window_get_list_page (RdWindow   *self,
                         const char *table)
{
  GtkWidget *page = gtk_stack_get_child_by_name (self->stack, table);

  return RD_IS_LIST_PAGE (page) ? RD_LIST_PAGE (page) : NULL;
}

static void rd_window_start_lead_scorer (RdWindow *self);

/* Opens the replica of the account chosen (or the offline one) and points
 * every page at it. */
static void
rd_window_open_store (RdWindow *self)
{
  RdApplication *app = RD_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  g_autoptr(GError) error = NULL;
  g_autofree char *region = g_settings_get_string (self->settings, "default-region");

  if (self->sync != NULL)
    rd_sync_controller_stop (self->sync);
  g_clear_object (&self->sync);
  g_clear_object (&self->lead_scorer);
  g_clear_object (&self->store);
  self->store = rd_store_open_dir (rd_application_get_replica_dir (app), &error);
  if (self->store == NULL)
    {
      rd_window_toast (self, error->message);
      return;
    }
  rd_store_reader_tune (self->store);
  if (*region != '\0' && !rd_store_set_default_region (self->store, region, &error))
    g_debug ("Default region %s: %s", region, error->message);

  rd_record_page_set_store (self->record_page, self->store);
  rd_pipeline_board_set_store (self->pipeline_board, self->store);
  rd_window_start_lead_scorer (self);
  rd_project_tasks_due_set_store (self->project_tasks_due, self->store);
  rd_ask_page_set_store (self->ask_page, self->store);
  for (guint i = 0; i < G_N_ELEMENTS (list_pages); i++)
    rd_list_page_set_db_path (rd_window_get_list_page (self, list_pages[i]),
                              rd_store_get_path (self->store));
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "dashboard") == 0)
    rd_dashboard_page_load (self->dashboard_page, rd_store_get_path (self->store));
  rd_window_start_softphone (self);
}

/** The store of the replica the window works on, or NULL before sign-in. */
RdStore *
rd_window_get_store (RdWindow *self)
{
  g_return_val_if_fail (RD_IS_WINDOW (self), NULL);
  return self->store;
}

/** The list page of @table, or NULL. */
RdListPage *
rd_window_get_list (RdWindow   *self,
                    const char *table)
{
  g_return_val_if_fail (RD_IS_WINDOW (self), NULL);
  return rd_window_get_list_page (self, table);
}

RdRecordPage *
rd_window_get_record_page (RdWindow *self)
{
  g_return_val_if_fail (RD_IS_WINDOW (self), NULL);
  return self->record_page;
}

RdDashboardPage *
rd_window_get_dashboard (RdWindow *self)
{
  g_return_val_if_fail (RD_IS_WINDOW (self), NULL);
  return self->dashboard_page;
}

static void
rd_window_show_record_page (RdWindow *self)
{
  const char *current = gtk_stack_get_visible_child_name (self->stack);

  if (g_strcmp0 (current, "record") != 0)
    {
      g_free (self->list_before_record);
      self->list_before_record = g_strdup (current);
    }
  gtk_stack_set_visible_child_name (self->stack, "record");
  gtk_list_box_unselect_all (self->sidebar);
  adw_window_title_set_title (self->content_title,
                              rd_labels_table (rd_record_page_get_table (self->record_page)));
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

/** Opens the 360 page of record @id in @table. */
void
rd_window_open_record (RdWindow   *self,
                       const char *table,
                       const char *id)
{
  g_return_if_fail (RD_IS_WINDOW (self));
  g_return_if_fail (self->store != NULL);

  rd_record_page_show (self->record_page, table, id);
  rd_window_show_record_page (self);
}

static void
rd_window_record_activated_cb (RdWindow   *self,
                               const char *table,
                               const char *id)
{
  rd_window_open_record (self, table, id);
}

static void
rd_window_new_record_cb (RdWindow   *self,
                         const char *table)
{
  rd_window_open_record (self, table, NULL);
}

static void
rd_window_lead_scores_refreshed_cb (RdWindow     *self,
                                    RdLeadScorer *scorer)
{
  rd_list_page_refresh (rd_window_get_list_page (self, "leads"));
}

/* The scores follow the model and the leads: rebuilt now, after a sync that brought
 * changes and after an edit of a lead, a call or a task. */
static void
rd_window_start_lead_scorer (RdWindow *self)
{
  if (self->lead_scorer != NULL)
    g_signal_handlers_disconnect_by_data (self->lead_scorer, self);
  g_clear_object (&self->lead_scorer);
  self->lead_scorer = rd_lead_scorer_new (rd_store_get_path (self->store));
  g_signal_connect_object (self->lead_scorer, "refreshed", G_CALLBACK (rd_window_lead_scores_refreshed_cb),
                           self, G_CONNECT_SWAPPED);
  rd_lead_scorer_refresh (self->lead_scorer);
}

static void
rd_window_record_changed_cb (RdWindow     *self,
                             const char   *table,
                             const char   *id,
                             RdRecordPage *page)
{
  if (self->lead_scorer != NULL &&
      (g_strcmp0 (table, "leads") == 0 || g_strcmp0 (table, "calls") == 0 || g_strcmp0 (table, "activities") == 0))
    rd_lead_scorer_refresh (self->lead_scorer);
  /* A write can show in several lists (a converted lead makes a contact). */
  for (guint i = 0; i < G_N_ELEMENTS (list_pages); i++)
    rd_list_page_refresh (rd_window_get_list_page (self, list_pages[i]));
  rd_project_tasks_due_refresh (self->project_tasks_due);
  rd_dashboard_page_load (self->dashboard_page, rd_store_get_path (self->store));
  if (self->sync != NULL)
    rd_sync_controller_sync_now (self->sync);
}

void
rd_window_rows_changed_cb (RdWindow   *self,
                           const char *table,
                           const char *id,
                           gpointer    sender)
{
  RdListPage *list = rd_window_get_list_page (self, table);

  if (list != NULL)
    rd_list_page_refresh (list);
  if (self->sync != NULL)
    rd_sync_controller_sync_now (self->sync);
}

/** The Users page (admins). */
RdUsersPage *
rd_window_get_users_page (RdWindow *self)
{
  g_return_val_if_fail (RD_IS_WINDOW (self), NULL);
  return self->users_page;
}

/** The deals pipeline board. */
RdPipelineBoard *
rd_window_get_pipeline_board (RdWindow *self)
{
  g_return_val_if_fail (RD_IS_WINDOW (self), NULL);
  return self->pipeline_board;
}

static void
rd_window_record_back_cb (RdWindow     *self,
                          RdRecordPage *page)
{
  rd_window_show_page (self, self->list_before_record ? self->list_before_record : "contacts");
}

static void
rd_window_show_workspace (RdWindow *self)
{
  if (self->store == NULL)
    rd_window_open_store (self);
  rd_window_show_sync_state (self);
  gtk_stack_set_visible_child_name (self->main_stack, "workspace");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.search", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import", self->store != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export", self->store != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.enquiries", self->session != NULL);
}

static void
rd_window_show_sign_in (RdWindow *self)
{
  gtk_stack_set_visible_child_name (self->main_stack, "sign-in");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.search", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.enquiries", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.train-models", FALSE);
}

static void
rd_window_synced_cb (RdWindow         *self,
                     guint             received,
                     guint             sent,
                     RdSyncController *sync)
{
  if (received == 0)
    return;

  /* A new model or another agent's lead edits change the scores. */
  if (self->lead_scorer != NULL)
    rd_lead_scorer_refresh (self->lead_scorer);
  /* Another agent's edits arrived: lists say exactly what changed. */
  for (guint i = 0; i < G_N_ELEMENTS (list_pages); i++)
    rd_list_page_refresh (rd_window_get_list_page (self, list_pages[i]));
  rd_project_tasks_due_refresh (self->project_tasks_due);
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "dashboard") == 0)
    rd_dashboard_page_load (self->dashboard_page, rd_store_get_path (self->store));
  /* A message's status (a delivery report) or a new message shows on the open record. */
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "record") == 0)
    {
      rd_record_page_refresh_timeline (self->record_page);
      /* A document that went up, or one another agent attached. */
      rd_record_page_refresh_documents (self->record_page);
    }
}

static void
rd_window_signed_in_cb (RdWindow        *self,
                        RdServerSession *session,
                        const char      *password,
                        RdSignInPage    *page)
{
  RdApplication *app = RD_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));

  g_set_object (&self->session, session);
  rd_application_set_account (app, rd_server_session_get_server_url (session),
                              rd_server_session_get_username (session));
  /* The CA file that let this sign-in through is the one the next start uses. */
  g_settings_set_string (self->settings, "server-ca-file",
                         rd_server_session_get_ca_file (session) ? rd_server_session_get_ca_file (session) : "");
  rd_window_open_store (self);
  if (self->store != NULL)
    {
      g_autoptr(GError) error = NULL;

      g_clear_object (&self->sync);
      self->sync = rd_sync_controller_new (rd_store_get_path (self->store));
      /* Read a moment ago by the sign-in: only a file gone since then fails here. */
      if (!rd_sync_controller_set_ca_file (self->sync, rd_server_session_get_ca_file (session), &error))
        rd_window_toast (self, error->message);
      g_signal_connect_object (self->sync, "synced", G_CALLBACK (rd_window_synced_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->sync, "cti-call", G_CALLBACK (rd_window_cti_call_cb), self,
                               G_CONNECT_SWAPPED);
      rd_sync_controller_set_token (self->sync, rd_server_session_get_token (session),
                                    rd_server_session_get_user_id (session));
      rd_sync_controller_start (self->sync, rd_server_session_get_server_url (session),
                                rd_server_session_get_username (session), password);
    }
  rd_window_cti_setup (self);

  /* The app only hides: the server checks every call of the Users page. */
  gtk_widget_set_visible (self->users_row, g_strcmp0 (rd_server_session_get_role (session), "admin") == 0);
  /* The app only hides: the server refuses anyone but an admin. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.train-models", gtk_widget_get_visible (self->users_row));
  if (gtk_widget_get_visible (self->users_row))
    rd_users_page_set_session (self->users_page, session);
  rd_window_set_catalog_writable (self, g_strcmp0 (rd_server_session_get_role (session), "manager") == 0 ||
                                        g_strcmp0 (rd_server_session_get_role (session), "admin") == 0);
  rd_window_setup_campaigns (self);
  rd_window_setup_role (self);
  rd_window_show_workspace (self);
}

/** The sync controller, or NULL when offline. */
RdSyncController *
rd_window_get_sync (RdWindow *self)
{
  g_return_val_if_fail (RD_IS_WINDOW (self), NULL);
  return self->sync;
}

static void
rd_window_work_offline_cb (RdWindow     *self,
                           RdSignInPage *page)
{
  RdApplication *app = RD_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));

  g_clear_object (&self->session);
  g_clear_object (&self->lead_scorer);
  g_clear_object (&self->store);
  rd_application_set_offline (app);
  rd_window_show_workspace (self);
}

static void
rd_window_password_found_cb (GObject      *object,
                             GAsyncResult *result,
                             gpointer      user_data)
{
  g_autoptr(RdWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *password = rd_secrets_lookup_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (error != NULL)
    g_debug ("No keyring: %s", error->message);

  /* With a kept password, sign in by itself; otherwise the user types it. */
  if (password != NULL)
    rd_sign_in_page_sign_in (self->sign_in_page, password);
}

/* At start: offline straight to work, or the sign-in page, which signs in
 * by itself when the keyring has the password of the last account. */
static void
rd_window_start (RdWindow *self)
{
  RdApplication *app = RD_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  g_autofree char *username = g_settings_get_string (self->settings, "username");
  g_autofree char *ca_file = g_settings_get_string (self->settings, "server-ca-file");
  const char *server = rd_application_get_server_url (app);

  if (rd_application_get_offline (app))
    {
      rd_window_show_workspace (self);
      return;
    }

  rd_sign_in_page_set_ca_file (self->sign_in_page, ca_file);
  rd_sign_in_page_set_account (self->sign_in_page, server, username);
  rd_window_show_sign_in (self);

  if (server != NULL && *username != '\0')
    rd_secrets_lookup_async (RD_SECRET_ACCOUNT, server, username, self->cancellable,
                             rd_window_password_found_cb, g_object_ref (self));
}

/** After the user changed their password (Preferences), which ended every session of the
 * account: @self's session has signed in again; the sync goes on with its token. */
void
rd_window_password_changed (RdWindow   *self,
                            const char *password)
{
  g_return_if_fail (RD_IS_WINDOW (self));

  if (self->sync == NULL || self->session == NULL || password == NULL)
    return;
  rd_sync_controller_set_token (self->sync, rd_server_session_get_token (self->session),
                                rd_server_session_get_user_id (self->session));
  rd_sync_controller_start (self->sync, rd_server_session_get_server_url (self->session),
                            rd_server_session_get_username (self->session), password);
}

/** The session with the server, or NULL when offline. */
RdServerSession *
rd_window_get_session (RdWindow *self)
{
  g_return_val_if_fail (RD_IS_WINDOW (self), NULL);
  return self->session;
}

/** The sign-in page (for tests and the first run). */
RdSignInPage *
rd_window_get_sign_in_page (RdWindow *self)
{
  g_return_val_if_fail (RD_IS_WINDOW (self), NULL);
  return self->sign_in_page;
}

/** TRUE when the sign-in page shows, FALSE when the workspace does. */
gboolean
rd_window_get_signing_in (RdWindow *self)
{
  g_return_val_if_fail (RD_IS_WINDOW (self), FALSE);
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "sign-in") == 0;
}

/** Shows a short message at the bottom of the window. */
void
rd_window_toast (RdWindow   *self,
                 const char *message)
{
  g_return_if_fail (RD_IS_WINDOW (self));
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

static void
rd_window_sidebar_row_activated_cb (RdWindow      *self,
                                    GtkListBoxRow *row,
                                    GtkListBox    *list)
{
  const char *page = gtk_widget_get_name (GTK_WIDGET (row));
  GtkStackPage *stack_page;

  gtk_stack_set_visible_child_name (self->stack, page);
  /* The figures are read again each time the dashboard is opened. */
  if (g_strcmp0 (page, "dashboard") == 0 && self->store != NULL)
    rd_dashboard_page_load (self->dashboard_page, rd_store_get_path (self->store));
  if (g_strcmp0 (page, "pipeline") == 0 && self->store != NULL)
    rd_pipeline_board_reload (self->pipeline_board);
  if (g_strcmp0 (page, "activities") == 0)
    rd_project_tasks_due_refresh (self->project_tasks_due);
  if (g_strcmp0 (page, "users") == 0)
    rd_users_page_reload (self->users_page);
  if (g_strcmp0 (page, "campaigns") == 0)
    rd_campaigns_page_reload (self->campaigns_page);
  if (g_strcmp0 (page, "campaign-manager") == 0)
    rd_campaign_manager_page_reload (self->campaign_manager_page);
  stack_page = gtk_stack_get_page (self->stack, gtk_stack_get_visible_child (self->stack));
  adw_window_title_set_title (self->content_title, gtk_stack_page_get_title (stack_page));
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

/* Shows the page called @name ("contacts" … "dashboard") as if its sidebar
 * row was clicked. Returns FALSE for an unknown page. */
gboolean
rd_window_show_page (RdWindow   *self,
                     const char *name)
{
  g_return_val_if_fail (RD_IS_WINDOW (self), FALSE);

  for (int i = 0; ; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->sidebar, i);

      if (row == NULL)
        return FALSE;
      if (g_strcmp0 (gtk_widget_get_name (GTK_WIDGET (row)), name) == 0)
        {
          gtk_list_box_select_row (self->sidebar, row);
          rd_window_sidebar_row_activated_cb (self, row, self->sidebar);
          return TRUE;
        }
    }
}

/** The name of the page shown now. */
const char *
rd_window_get_visible_page (RdWindow *self)
{
  g_return_val_if_fail (RD_IS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

static void
rd_window_open_list_cb (RdWindow        *self,
                        const char      *page,
                        const char      *field,
                        const char      *value,
                        RdDashboardPage *dashboard)
{
  RdListPage *list = rd_window_get_list_page (self, page);

  /* The dashboard's calls are today's: by status class or by the agent's disposition. */
  if (list != NULL && g_str_equal (page, "calls"))
    rd_list_page_show_calls (list, g_strcmp0 (field, "status") == 0 ? value : NULL,
                             g_strcmp0 (field, "disposition") == 0 ? value : NULL, RD_CALL_PERIOD_TODAY);
  else if (list != NULL)
    rd_list_page_show_filter (list, field, value);
  rd_window_show_page (self, page);
}

static void
rd_window_back_cb (RdWindow  *self,
                   GtkButton *button)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
rd_window_dispose (GObject *object)
{
  RdWindow *self = RD_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), RD_TYPE_WINDOW);
  g_clear_object (&self->settings);
  g_clear_object (&self->session);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->offline_since, g_date_time_unref);
  g_clear_pointer (&self->list_before_record, g_free);
  if (self->sync != NULL)
    rd_sync_controller_stop (self->sync);
  g_clear_object (&self->sync);
  g_clear_object (&self->softphone);
  g_clear_object (&self->lead_scorer);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (rd_window_parent_class)->dispose (object);
}

static void
rd_window_class_init (RdWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rd_window_dispose;

  g_type_ensure (RD_TYPE_DASHBOARD_PAGE);
  g_type_ensure (RD_TYPE_SIGN_IN_PAGE);
  g_type_ensure (RD_TYPE_LIST_PAGE);
  g_type_ensure (RD_TYPE_RECORD_PAGE);
  g_type_ensure (RD_TYPE_PIPELINE_BOARD);
  g_type_ensure (RD_TYPE_PROJECT_TASKS_DUE);
  g_type_ensure (RD_TYPE_USERS_PAGE);
  g_type_ensure (RD_TYPE_ASK_PAGE);
  g_type_ensure (RD_TYPE_AGENTS_BOARD);
  g_type_ensure (RD_TYPE_CAMPAIGNS_PAGE);
  g_type_ensure (RD_TYPE_CAMPAIGN_MANAGER_PAGE);
  g_type_ensure (RD_TYPE_REPORTS_PAGE);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ringdesk/Ringdesk/rd-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RdWindow, dashboard_page);
  gtk_widget_class_bind_template_child (widget_class, RdWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, RdWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, RdWindow, sign_in_page);
  gtk_widget_class_bind_template_child (widget_class, RdWindow, record_page);
  gtk_widget_class_bind_template_child (widget_class, RdWindow, pipeline_board);
  gtk_widget_class_bind_template_child (widget_class, RdWindow, project_tasks_due);
  gtk_widget_class_bind_template_child (widget_class, RdWindow, users_page);
  gtk_widget_class_bind_template_child (widget_class, RdWindow, ask_page);
  gtk_widget_class_bind_template_child (widget_class, RdWindow, users_row);
  gtk_widget_class_bind_template_child (widget_class, RdWindow, campaigns_page);
  gtk_widget_class_bind_template_child (widget_class, RdWindow, campaigns_row);
  gtk_widget_class_bind_template_child (widget_class, RdWindow, agents_board);
  gtk_widget_class_bind_template_child (widget_class, RdWindow, agents_row);
  gtk_widget_class_bind_template_child (widget_class, RdWindow, campaign_manager_page);
  gtk_widget_class_bind_template_child (widget_class, RdWindow, campaign_manager_row);
  gtk_widget_class_bind_template_child (widget_class, RdWindow, reports_page);
  gtk_widget_class_bind_template_child (widget_class, RdWindow, reports_row);
  gtk_widget_class_bind_template_callback (widget_class, rd_window_rows_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, rd_window_record_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, rd_window_new_record_cb);
  gtk_widget_class_bind_template_callback (widget_class, rd_window_record_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, rd_window_record_back_cb);
  gtk_widget_class_bind_template_callback (widget_class, rd_window_signed_in_cb);
  gtk_widget_class_bind_template_callback (widget_class, rd_window_work_offline_cb);

  gtk_widget_class_install_action (widget_class, "win.search", NULL, rd_window_search_action);
  gtk_widget_class_install_action (widget_class, "win.new", NULL, rd_window_new_action);
  gtk_widget_class_install_action (widget_class, "win.dial", NULL, rd_window_dial_action);
  gtk_widget_class_install_action (widget_class, "win.cti-call", "s", rd_window_cti_call_action);
  gtk_widget_class_install_action (widget_class, "win.import", NULL, rd_window_import_action);
  gtk_widget_class_install_action (widget_class, "win.import-products", NULL, rd_window_import_products_action);
  gtk_widget_class_install_action (widget_class, "win.review-changes", NULL, rd_window_review_changes_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, rd_window_export_action);
  gtk_widget_class_install_action (widget_class, "win.enquiries", NULL, rd_window_enquiries_action);
  gtk_widget_class_install_action (widget_class, "win.train-models", NULL, rd_window_train_models_action);

  /**
   * RdWindow::exported:
   * @path: the CSV file written
   */
  g_signal_new ("exported", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  gtk_widget_class_bind_template_callback (widget_class, rd_window_open_list_cb);
  gtk_widget_class_bind_template_child (widget_class, RdWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, RdWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, RdWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, RdWindow, content_box);
  gtk_widget_class_bind_template_child (widget_class, RdWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, RdWindow, sync_label);
  gtk_widget_class_bind_template_child (widget_class, RdWindow, sync_icon);
  gtk_widget_class_bind_template_callback (widget_class, rd_window_sidebar_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, rd_window_back_cb);
}

static void
rd_window_init (RdWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->offline_since = g_date_time_new_now_local ();
  /* Dialling needs a SIP account; rd_window_start_softphone enables it. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.dial", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.train-models", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.enquiries", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cti-call", FALSE);

  self->settings = g_settings_new (APP_ID);
  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
}

RdWindow *
rd_window_new (RdApplication *application)
{
  RdWindow *self = g_object_new (RD_TYPE_WINDOW, "application", application, NULL);

  /* GtkWindow takes the application only once it is added to it, after construction. */
  rd_window_start (self);
  gtk_list_box_select_row (self->sidebar, gtk_list_box_get_row_at_index (self->sidebar, 0));

  return self;
}
