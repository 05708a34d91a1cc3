/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include <glib/gi18n.h>

#include "rd-csv-import.h"
#include "rd-store-fetcher.h"
#include "rd-enquiries-window.h"
#include "rd-window-private.h"

/* The window's actions: search and new (forwarded to the page shown), dial
 * (disabled until the softphone), CSV import and export, review changes. */

void
rd_window_search_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  RdWindow *self = RD_WINDOW (widget);
  GtkWidget *page = gtk_stack_get_visible_child (self->stack);

  gtk_widget_activate_action (page, "page.search", NULL);
}

void
rd_window_new_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  RdWindow *self = RD_WINDOW (widget);
  GtkWidget *page = gtk_stack_get_visible_child (self->stack);

  gtk_widget_activate_action (page, "page.new", NULL);
}

static void
rd_window_imported_cb (RdWindow       *self,
                       guint           n_rows,
                       RdImportDialog *dialog)
{
  rd_list_page_refresh (rd_window_get_list_page (self, "contacts"));
  if (self->sync != NULL)
    rd_sync_controller_sync_now (self->sync);
}

/** Opens the CSV import dialog; returns it (for tests). */
RdImportDialog *
rd_window_import (RdWindow *self)
{
  RdImportDialog *dialog;

  g_return_val_if_fail (RD_IS_WINDOW (self), NULL);
  g_return_val_if_fail (self->store != NULL, NULL);

  dialog = rd_import_dialog_new (GTK_WINDOW (self), rd_store_get_path (self->store),
                                 rd_store_get_default_region (self->store));
  g_signal_connect_object (dialog, "imported", G_CALLBACK (rd_window_imported_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

/** Opens "Review changes" (values that lost a merge); returns it (for tests). */
RdConflictsDialog *
rd_window_review_changes (RdWindow *self)
{
  RdConflictsDialog *dialog;

  g_return_val_if_fail (RD_IS_WINDOW (self), NULL);
  g_return_val_if_fail (self->store != NULL, NULL);

  dialog = rd_conflicts_dialog_new (GTK_WINDOW (self), self->store);
  g_signal_connect_object (dialog, "changed", G_CALLBACK (rd_window_rows_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

void
rd_window_review_changes_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *parameter)
{
  rd_window_review_changes (RD_WINDOW (widget));
}

/* The portal's Contact us queue; the server says whether the user is support. */
void
rd_window_enquiries_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  RdWindow *self = RD_WINDOW (widget);

  if (self->session == NULL)
    return;
  gtk_window_present (GTK_WINDOW (rd_enquiries_window_new (GTK_WINDOW (self), self->session)));
}

void
rd_window_import_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  rd_window_import (RD_WINDOW (widget));
}

/* --- export of the current list ------------------------------------------------- */

typedef struct
{
  RdStoreFetcher *fetcher;   /* the list's table, filter and quick search */
  char           *path;
  guint           n_rows;
} ExportJob;

static void
export_job_free (gpointer data)
{
  ExportJob *job = data;

  g_clear_object (&job->fetcher);
  g_free (job->path);
  g_free (job);
}

static void
rd_window_export_thread (GTask        *task,
                         gpointer      source_object,
                         gpointer      task_data,
                         GCancellable *cancellable)
{
  ExportJob *job = task_data;
  GError *error = NULL;

  if (!rd_store_fetcher_export (job->fetcher, job->path, &job->n_rows, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
rd_window_export_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  RdWindow *self = RD_WINDOW (object);
  ExportJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    message = g_strdup_printf (_("Export failed: %s"), error->message);
  else
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Exported %u row", "Exported %u rows", job->n_rows),
                               job->n_rows);
  rd_window_toast (self, message);
  g_signal_emit_by_name (self, "exported", job->path);
}

/** Writes the list shown now (its filter and its quick search: what the user
 * sees) to @path as CSV, in a worker; a toast says how many rows. */
void
rd_window_export_list (RdWindow   *self,
                       const char *path)
{
  g_autoptr(GTask) task = NULL;
  RdListPage *list;
  ExportJob *job;

  g_return_if_fail (RD_IS_WINDOW (self));
  g_return_if_fail (self->store != NULL);

  list = rd_window_get_list_page (self, gtk_stack_get_visible_child_name (self->stack));
  if (list == NULL)
    list = rd_window_get_list_page (self, "contacts");

  job = g_new0 (ExportJob, 1);
  {
    g_autofree char *filter = rd_list_page_dup_filter (list);

    job->fetcher = rd_store_fetcher_new (rd_store_get_path (self->store), rd_list_page_get_table (list),
                                         filter, rd_list_page_get_search_text (list), NULL);
  }
  job->path = g_strdup (path);

  task = g_task_new (self, self->cancellable, rd_window_export_cb, NULL);
  g_task_set_source_tag (task, rd_window_export_list);
  g_task_set_task_data (task, job, export_job_free);
  g_task_run_in_thread (task, rd_window_export_thread);
}

static void
rd_window_export_chosen_cb (GtkNativeDialog *chooser,
                            int              response,
                            RdWindow        *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL)
        rd_window_export_list (self, path);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

void
rd_window_export_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  RdWindow *self = RD_WINDOW (widget);
  GtkFileChooserNative *chooser = gtk_file_chooser_native_new (_("Export to CSV"), GTK_WINDOW (self),
                                                               GTK_FILE_CHOOSER_ACTION_SAVE, NULL, NULL);

  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), "ringdesk.csv");
  g_signal_connect (chooser, "response", G_CALLBACK (rd_window_export_chosen_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

void
rd_window_dial_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  rd_window_open_dialpad (RD_WINDOW (widget), NULL);
}


/* Sales work, which a support account does not do: the server sends it no leads, deals
 * or pipelines and refuses it campaigns (docs/sync.md, "Roles"); the app hides the pages. */
static const char *const sales_pages[] = { "leads", "deals", "pipeline", NULL };

static gboolean
is_support (RdWindow *self)
{
  return self->session != NULL && rd_server_session_get_signed_in (self->session) &&
         g_strcmp0 (rd_server_session_get_role (self->session), "support") == 0;
}

void
rd_window_setup_role (RdWindow *self)
{
  gboolean support = is_support (self);
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->sidebar, i)) != NULL; i++)
    if (g_strv_contains (sales_pages, gtk_widget_get_name (GTK_WIDGET (row))))
      gtk_widget_set_visible (GTK_WIDGET (row), !support);
}

/* Signed in: the Campaigns page calls the server with the session and dials its leg with
 * the window's softphone; its actions ("campaign.ready" …) are the window's, so that
 * F9/F10/F8 work wherever the focus is. Offline the page stays hidden. */
void
rd_window_setup_campaigns (RdWindow *self)
{
  /* A support account works no campaigns: no page, and no calls for the server to refuse. */
  gboolean online = self->session != NULL && rd_server_session_get_signed_in (self->session) &&
                    !is_support (self);
  g_autofree char *region = g_settings_get_string (self->settings, "default-region");
  gboolean manager;

  gtk_widget_set_visible (self->campaigns_row, online);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "campaign",
                                  rd_campaigns_page_get_actions (self->campaigns_page));
  rd_campaigns_page_set_region (self->campaigns_page, region);
  rd_campaigns_page_set_softphone (self->campaigns_page, self->softphone);
  rd_campaigns_page_set_store (self->campaigns_page, self->store);
  if (online)
    rd_campaigns_page_set_session (self->campaigns_page, self->session);
  /* Managers and admins also run campaigns and supervise; agents never see those pages
   * (the server checks each call again). */
  manager = online && (g_strcmp0 (rd_server_session_get_role (self->session), "manager") == 0 ||
                       g_strcmp0 (rd_server_session_get_role (self->session), "admin") == 0);
  gtk_widget_set_visible (self->agents_row, manager);
  rd_agents_board_set_softphone (self->agents_board, self->softphone);
  if (manager)
    rd_agents_board_set_session (self->agents_board, self->session);
  gtk_widget_set_visible (self->campaign_manager_row, manager);
  rd_campaign_manager_page_set_region (self->campaign_manager_page, region);
  if (manager)
    rd_campaign_manager_page_set_session (self->campaign_manager_page, self->session);
  gtk_widget_set_visible (self->reports_row, manager);
  if (manager)
    rd_reports_page_set_session (self->reports_page, self->session);
  rd_report_view_set_region (rd_reports_page_get_view (self->reports_page), region);
}

/** The Reports page (managers and admins signed in to a server). */
RdReportsPage *
rd_window_get_reports_page (RdWindow *self)
{
  g_return_val_if_fail (RD_IS_WINDOW (self), NULL);
  return self->reports_page;
}

/** The Campaign Manager page (managers and admins signed in to a server). */
RdCampaignManagerPage *
rd_window_get_campaign_manager_page (RdWindow *self)
{
  g_return_val_if_fail (RD_IS_WINDOW (self), NULL);
  return self->campaign_manager_page;
}

/** The Campaigns page (signed in to a server). */
RdCampaignsPage *
rd_window_get_campaigns_page (RdWindow *self)
{
  g_return_val_if_fail (RD_IS_WINDOW (self), NULL);
  return self->campaigns_page;
}
