/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include <glib/gi18n.h>

#include "rd-csv-products.h"
#include "rd-window-private.h"

/* "Import Products…": a CSV file of the catalog (the columns `Export This List…` writes on
 * the Products page) read in a worker thread on its own connection to the replica; known
 * codes are updated, the rest added, all or nothing; the result (or the first bad line) in
 * a toast. */

typedef struct {
  char              *db_path;
  char              *csv_path;
  RdCsvImportReport *report;
} ImportJob;

static void
import_job_free (gpointer data)
{
  ImportJob *job = data;

  g_free (job->db_path);
  g_free (job->csv_path);
  g_clear_pointer (&job->report, rd_csv_import_report_free);
  g_free (job);
}

static void
import_thread (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  ImportJob *job = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(RdStore) store = rd_store_open (job->db_path, &error);

  if (store == NULL || !rd_csv_import_products (store, job->csv_path, NULL, &job->report, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
import_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      data)
{
  RdWindow *self = RD_WINDOW (object);
  ImportJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (job->report != NULL && job->report->errors->len > 0)
        {
          RdCsvRowError *first = job->report->errors->pdata[0];

          /* TRANSLATORS: a products import refused: "Nothing imported: line 3: unit_price: …" */
          message = g_strdup_printf (_("Nothing imported: line %u: %s"), first->line, first->message);
        }
      rd_window_toast (self, message != NULL ? message : error->message);
      return;
    }
  /* TRANSLATORS: after a products import: "Products added: 2, updated: 1" */
  message = g_strdup_printf (_("Products added: %u, updated: %u"), job->report->created, job->report->updated);
  rd_window_toast (self, message);
  rd_list_page_refresh (rd_window_get_list_page (self, "products"));
  if (self->sync != NULL)
    rd_sync_controller_sync_now (self->sync);
}

/** Imports the products of the CSV file @path into the window's replica, in a worker. */
void
rd_window_import_products (RdWindow   *self,
                           const char *path)
{
  g_autoptr(GTask) task = NULL;
  ImportJob *job;

  g_return_if_fail (RD_IS_WINDOW (self));
  g_return_if_fail (self->store != NULL);

  job = g_new0 (ImportJob, 1);
  job->db_path = g_strdup (rd_store_get_path (self->store));
  job->csv_path = g_strdup (path);
  task = g_task_new (self, NULL, import_done_cb, NULL);
  g_task_set_source_tag (task, rd_window_import_products);
  g_task_set_task_data (task, job, import_job_free);
  g_task_run_in_thread (task, import_thread);
}

static void
chosen_cb (GtkNativeDialog *chooser,
           int              response,
           RdWindow        *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      path = file != NULL ? g_file_get_path (file) : NULL;
      if (path != NULL)
        rd_window_import_products (self, path);
    }
  g_object_unref (chooser);
}

void
rd_window_import_products_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *parameter)
{
  RdWindow *self = RD_WINDOW (widget);
  GtkFileChooserNative *chooser;
  GtkFileFilter *filter;

  if (self->store == NULL)
    return;
  chooser = gtk_file_chooser_native_new (_("Import Products"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"), NULL);
  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("CSV files"));
  gtk_file_filter_add_suffix (filter, "csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_object_unref (filter);
  g_signal_connect_object (chooser, "response", G_CALLBACK (chosen_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/** Whether the signed-in user may change the catalog (managers and admins, or a local replica
 * with no server): an agent's Products and Price Lists are read-only, without New or Import
 * Products…. The app only hides; the server refuses an agent's change. */
void
rd_window_set_catalog_writable (RdWindow *self,
                                gboolean  writable)
{
  g_return_if_fail (RD_IS_WINDOW (self));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import-products", writable);
  gtk_widget_action_set_enabled (GTK_WIDGET (rd_window_get_list_page (self, "products")), "page.new", writable);
  gtk_widget_action_set_enabled (GTK_WIDGET (rd_window_get_list_page (self, "price_lists")), "page.new", writable);
  rd_record_page_set_catalog_writable (self->record_page, writable);
}
