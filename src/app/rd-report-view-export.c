/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "rd-api-call.h"
#include "rd-recording-player.h"
#include "rd-report-view-private.h"

/* What leaves the view: the CSV (the server's own, ?format=csv), the PDF and the printed
 * pages (rd-report-pdf.c), and the recording of a CDR row played under the table. */

#define EXPORT_ROWS 1000   /* a paged report's CSV: the first 1000 rows (the server's limit) */

/* A CDR's 30 columns do not fit on paper: the ones a reader of a call list looks for. */
static const char *const cdr_paper_columns[] = {
  "created_at", "direction", "campaign", "number", "agent", "total_ms", "talk_ms",
  "result", "hangup_cause", "disposition", NULL,
};

/* --- the document ----------------------------------------------------------------------- */

static void
add_filter (RdReportDoc *doc,
            const char  *label,
            const char  *value)
{
  if (value != NULL && *value != '\0')
    g_ptr_array_add (doc->filters, g_strdup_printf ("%s: %s", label, value));
}

/* Ids beside names take room on paper and say nothing to a reader. */
static const char *const screen_only_columns[] = { "campaign_id", "leadset_id", NULL };

static gboolean
on_paper (RdReportView *self,
          const char   *column)
{
  if (self->kind->paged)
    return g_strv_contains (cdr_paper_columns, column);
  return !g_strv_contains (screen_only_columns, column);
}

RdReportDoc *
rd_report_view_make_doc (RdReportView *self)
{
  g_autoptr(RdReportDoc) doc = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *generated = g_date_time_format (now, "%Y-%m-%d %H:%M");
  g_autofree char *title = NULL;
  g_autoptr(GPtrArray) columns = g_ptr_array_new ();
  guint n_columns = self->columns != NULL ? json_array_get_length (self->columns) : 0;
  guint n_rows = rd_report_view_get_n_rows (self);
  RdReportFilters filters;

  g_return_val_if_fail (RD_IS_REPORT_VIEW (self), NULL);
  g_return_val_if_fail (self->kind != NULL, NULL);

  filters = self->kind->filters;
  if (rd_report_kind_n_parts (self->kind) > 1)
    title = g_strdup_printf ("%s — %s", _(self->kind->title),
                             _(self->kind->parts[gtk_drop_down_get_selected (self->part_dropdown)].title));
  else
    title = g_strdup (_(self->kind->title));
  doc = rd_report_doc_new (title);
  if (filters & RD_REPORT_FILTER_RANGE)
    {
      add_filter (doc, _("From"), gtk_editable_get_text (GTK_EDITABLE (self->from_entry)));
      add_filter (doc, _("To"), gtk_editable_get_text (GTK_EDITABLE (self->to_entry)));
    }
  if (filters & RD_REPORT_FILTER_CAMPAIGN)
    add_filter (doc, _("Campaign"),
                gtk_string_list_get_string (self->campaign_list, gtk_drop_down_get_selected (self->campaign_dropdown)));
  if (filters & RD_REPORT_FILTER_AGENT)
    add_filter (doc, _("Agent"), gtk_editable_get_text (GTK_EDITABLE (self->agent_entry)));
  if (filters & RD_REPORT_FILTER_TEAM)
    add_filter (doc, _("Team"), gtk_editable_get_text (GTK_EDITABLE (self->team_entry)));
  if (filters & RD_REPORT_FILTER_BY)
    add_filter (doc, _("Rows"), gtk_string_object_get_string (gtk_drop_down_get_selected_item (self->by_dropdown)));
  if (filters & RD_REPORT_FILTER_NUMBER)
    add_filter (doc, _("Number"), gtk_editable_get_text (GTK_EDITABLE (self->number_entry)));
  add_filter (doc, _("Made"), generated);

  for (guint c = 0; c < n_columns; c++)
    {
      JsonObject *column = json_array_get_object_element (self->columns, c);
      const char *name = rd_api_string (column, "name");

      if (name == NULL || !on_paper (self, name))
        continue;
      g_ptr_array_add (columns, (gpointer) name);
      rd_report_doc_add_column (doc, rd_report_column_title (name),
                                rd_report_view_is_numeric (rd_api_string (column, "type"), name));
    }
  for (guint r = 0; r < n_rows; r++)
    {
      char **cells = g_new0 (char *, columns->len + 1);

      for (guint c = 0; c < columns->len; c++)
        cells[c] = rd_report_view_get_cell (self, r, g_ptr_array_index (columns, c));
      rd_report_doc_add_row (doc, cells);
    }
  if (self->kind->has_chart)
    doc->chart = g_object_ref (self->chart);
  doc->landscape = columns->len > 9;
  return g_steal_pointer (&doc);
}

gboolean
rd_report_view_export_pdf (RdReportView  *self,
                           const char    *path,
                           GError       **error)
{
  g_autoptr(RdReportDoc) doc = NULL;

  g_return_val_if_fail (RD_IS_REPORT_VIEW (self), FALSE);
  doc = rd_report_view_make_doc (self);
  return rd_report_pdf_write (doc, path, error);
}

/* --- CSV -------------------------------------------------------------------------------- */

static void
csv_written_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(RdReportView) self = user_data;
  g_autoptr(GError) error = NULL;

  rd_report_view_busy (self, -1);
  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        rd_api_toast (GTK_WIDGET (self), error->message);
      return;
    }
  rd_api_toast (GTK_WIDGET (self), _("Report saved"));
}

static void
csv_fetched_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(RdReportView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = rd_server_session_fetch_finish (RD_SERVER_SESSION (object), result, &error);
  g_autoptr(GFile) file = g_object_steal_data (G_OBJECT (self), "rd-csv-file");

  if (body == NULL || file == NULL)
    {
      rd_report_view_busy (self, -1);
      if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        rd_api_toast (GTK_WIDGET (self), error->message);
      return;
    }
  g_file_replace_contents_bytes_async (file, body, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                       self->cancellable, csv_written_cb, g_object_ref (self));
}

/** Saves the report as the server writes it as CSV into @file. */
void
rd_report_view_export_csv (RdReportView *self,
                           GFile        *file)
{
  g_autofree char *path = NULL;

  g_return_if_fail (RD_IS_REPORT_VIEW (self));
  g_return_if_fail (G_IS_FILE (file));
  if (self->session == NULL || self->kind == NULL)
    return;
  path = rd_report_view_path (self, "csv", NULL, self->kind->paged ? EXPORT_ROWS : 0);
  rd_report_view_busy (self, +1);
  /* one export at a time: the file waits on the view for csv_fetched_cb */
  g_object_set_data_full (G_OBJECT (self), "rd-csv-file", g_object_ref (file), g_object_unref);
  rd_server_session_fetch_async (self->session, path, self->cancellable, csv_fetched_cb, g_object_ref (self));
}

static char *
file_name (RdReportView *self,
           const char   *suffix)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *day = g_date_time_format (now, "%Y-%m-%d");

  return g_strdup_printf ("%s-%s.%s", self->kind->id, day, suffix);
}

static void
save_chosen_cb (GtkNativeDialog *chooser,
                int              response,
                RdReportView    *self)
{
  g_autoptr(GFile) file = NULL;
  gboolean pdf = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser), "rd-pdf"));

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_object_unref (chooser);
  if (file == NULL)
    return;
  if (pdf)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *path = g_file_get_path (file);

      if (path == NULL || !rd_report_view_export_pdf (self, path, &error))
        rd_api_toast (GTK_WIDGET (self), error ? error->message : _("Cannot write there"));
      else
        rd_api_toast (GTK_WIDGET (self), _("Report saved"));
    }
  else
    rd_report_view_export_csv (self, file);
}

static void
choose_file (RdReportView *self,
             gboolean      pdf)
{
  GtkWindow *parent = GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self)));
  GtkFileChooserNative *chooser;
  GtkFileFilter *filter = gtk_file_filter_new ();
  g_autofree char *name = NULL;

  if (self->kind == NULL)
    return;
  chooser = gtk_file_chooser_native_new (pdf ? _("Export PDF") : _("Export CSV"), parent,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), NULL);
  name = file_name (self, pdf ? "pdf" : "csv");
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_file_filter_set_name (filter, pdf ? _("PDF documents") : _("CSV files"));
  gtk_file_filter_add_suffix (filter, pdf ? "pdf" : "csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_object_unref (filter);
  g_object_set_data (G_OBJECT (chooser), "rd-pdf", GINT_TO_POINTER (pdf));
  g_signal_connect_object (chooser, "response", G_CALLBACK (save_chosen_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

void
rd_report_view_csv_clicked_cb (RdReportView *self)
{
  choose_file (self, FALSE);
}

void
rd_report_view_pdf_clicked_cb (RdReportView *self)
{
  choose_file (self, TRUE);
}

void
rd_report_view_print_clicked_cb (RdReportView *self)
{
  if (self->kind == NULL)
    return;
  rd_report_print (rd_report_view_make_doc (self), GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));
}

/* --- the recording of a CDR row --------------------------------------------------------- */

void
rd_report_view_clear_player (RdReportView *self)
{
  if (self->player != NULL)
    {
      rd_recording_player_pause (RD_RECORDING_PLAYER (self->player));
      gtk_box_remove (self->player_box, self->player);
      self->player = NULL;
    }
  if (self->player_revealer != NULL)
    gtk_revealer_set_reveal_child (self->player_revealer, FALSE);
}

static void
recording_fetched_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(RdReportView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = rd_server_session_fetch_finish (RD_SERVER_SESSION (object), result, &error);
  g_autofree char *path = g_object_steal_data (G_OBJECT (self), "rd-recording-path");
  g_autofree char *dir = NULL;

  rd_report_view_busy (self, -1);
  if (body == NULL || path == NULL)
    {
      if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        rd_api_toast (GTK_WIDGET (self), error->message);
      return;
    }
  dir = g_path_get_dirname (path);
  g_mkdir_with_parents (dir, 0700);
  if (!g_file_set_contents (path, g_bytes_get_data (body, NULL), g_bytes_get_size (body), &error))
    {
      rd_api_toast (GTK_WIDGET (self), error->message);
      return;
    }
  self->player = rd_recording_player_new (path);
  gtk_widget_set_hexpand (self->player, TRUE);
  gtk_box_append (self->player_box, self->player);
  gtk_revealer_set_reveal_child (self->player_revealer, TRUE);
  rd_recording_player_play (RD_RECORDING_PLAYER (self->player));
}

/** Downloads the recording of row @row (GET /campaign-calls/ID/recording) into the cache
 * and plays it under the table. */
void
rd_report_view_play_recording (RdReportView *self,
                               guint         row)
{
  JsonObject *object = rd_report_view_get_row (self, row);
  const char *id = object != NULL ? rd_api_string (object, "id") : NULL;
  g_autofree char *path = NULL;
  g_autofree char *name = NULL;
  g_autofree char *when = NULL;
  g_autofree char *label = NULL;

  g_return_if_fail (RD_IS_REPORT_VIEW (self));
  if (id == NULL || self->session == NULL || strchr (id, '/') != NULL)
    return;
  rd_report_view_clear_player (self);
  name = g_strconcat (id, ".wav", NULL);
  path = g_build_filename (g_get_user_cache_dir (), "ringdesk", "recordings", name, NULL);
  when = rd_report_view_get_cell (self, row, "created_at");
  /* TRANSLATORS: over the player of a call's recording: the number, then when */
  label = g_strdup_printf (_("Call with %s at %s"), rd_api_string (object, "number") ? rd_api_string (object, "number") : "?", when);
  gtk_label_set_label (self->player_label, label);
  g_object_set_data_full (G_OBJECT (self), "rd-recording-path", g_steal_pointer (&path), g_free);
  {
    g_autofree char *api = g_strdup_printf ("campaign-calls/%s/recording", id);

    rd_report_view_busy (self, +1);
    rd_server_session_fetch_async (self->session, api, self->cancellable, recording_fetched_cb, g_object_ref (self));
  }
}
