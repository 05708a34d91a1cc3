/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include <glib/gi18n.h>

#include "rd-csv-import.h"
#include "rd-csv-mapping.h"
#include "rd-custom-fields.h"
#include "rd-import-dialog.h"
#include "rd-labels.h"
#include "rd-storage-error.h"

/* CSV import of contacts: choose a file, see its first lines, map columns
 * to fields, set the start line and what to do with known contacts, check
 * (a dry run of the core's import: every bad row with its line number) and
 * import, with a progress bar. The import runs in a worker thread with its
 * own RdStore; the core does it in one transaction. Rows with errors are
 * left out and listed. Numbers are read for the country chosen here (the
 * replica's region unless changed) or a column mapped to "country"; those not
 * valid there are imported as typed, without E.164, and listed as well. */

#define PREVIEW_LINES 6

struct _RdImportDialog
{
  AdwWindow            parent_instance;

  char                *db_path;
  char                *path;
  GPtrArray           *mapping_rows;
  char               **fields;        /* the import's fields, then the custom fields' keys */
  char               **labels;        /* the custom fields' labels (by key order), for guessing */
  GCancellable        *cancellable;
  gboolean             busy;
  RdCsvImportReport   *report;

  GtkButton           *import_button;
  GtkButton           *check_button;
  AdwActionRow        *file_row;
  GtkSwitch           *header_switch;
  GtkSpinButton       *start_spin;
  AdwComboRow         *duplicates_row;
  AdwEntryRow         *country_row;
  GtkLabel            *preview_label;
  AdwPreferencesGroup *mapping_group;
  GtkProgressBar      *progress_bar;
  GtkLabel            *result_label;
  AdwPreferencesGroup *errors_group;
  AdwPreferencesGroup *warnings_group;
  GPtrArray           *error_rows;
};

enum {
  IMPORTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (RdImportDialog, rd_import_dialog, ADW_TYPE_WINDOW)

/* --- preview ------------------------------------------------------------------ */

static char
detect_delimiter (const char *line)
{
  const char candidates[] = { ',', ';', '\t', '|' };
  char best = ',';
  guint best_count = 0;

  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    {
      guint count = 0;

      for (const char *p = line; *p; p++)
        count += *p == candidates[i];
      if (count > best_count)
        {
          best = candidates[i];
          best_count = count;
        }
    }
  return best;
}

/* Splits one CSV line (quotes and doubled quotes understood). */
static GPtrArray *
split_line (const char *line,
            char        delimiter)
{
  GPtrArray *cells = g_ptr_array_new_with_free_func (g_free);
  GString *cell = g_string_new (NULL);
  gboolean quoted = FALSE;

  for (const char *p = line; *p; p++)
    {
      if (quoted)
        {
          if (*p == '"' && p[1] == '"')
            g_string_append_c (cell, *p++);
          else if (*p == '"')
            quoted = FALSE;
          else
            g_string_append_c (cell, *p);
        }
      else if (*p == '"')
        quoted = TRUE;
      else if (*p == delimiter)
        {
          g_ptr_array_add (cells, g_string_free (cell, FALSE));
          cell = g_string_new (NULL);
        }
      else if (*p != '\r' && *p != '\n')
        g_string_append_c (cell, *p);
    }
  g_ptr_array_add (cells, g_string_free (cell, FALSE));
  return cells;
}

static void
rd_import_dialog_clear_mapping (RdImportDialog *self)
{
  for (guint i = 0; i < self->mapping_rows->len; i++)
    adw_preferences_group_remove (self->mapping_group, g_ptr_array_index (self->mapping_rows, i));
  g_ptr_array_set_size (self->mapping_rows, 0);
}

static void
rd_import_dialog_load_preview (RdImportDialog *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GDataInputStream) data = NULL;
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) columns = NULL;
  g_autoptr(GPtrArray) sample = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) preview = g_string_new (NULL);
  guint start = gtk_spin_button_get_value_as_int (self->start_spin);
  gboolean header = gtk_switch_get_active (self->header_switch);
  const char * const *fields = (const char * const *) self->fields;
  char delimiter;

  rd_import_dialog_clear_mapping (self);
  if (self->path == NULL)
    return;

  file = g_file_new_for_path (self->path);
  stream = g_file_read (file, NULL, &error);
  if (stream == NULL)
    {
      gtk_label_set_label (self->preview_label, error->message);
      return;
    }
  data = g_data_input_stream_new (G_INPUT_STREAM (stream));
  for (guint n = 1; n < start + PREVIEW_LINES; n++)
    {
      char *line = g_data_input_stream_read_line_utf8 (data, NULL, NULL, NULL);

      if (line == NULL)
        break;
      if (n >= start)
        g_ptr_array_add (lines, line);
      else
        g_free (line);
    }

  for (guint i = 0; i < lines->len; i++)
    g_string_append_printf (preview, "%u: %s\n", start + i, (char *) g_ptr_array_index (lines, i));
  if (preview->len > 0)
    g_string_truncate (preview, preview->len - 1);
  gtk_label_set_label (self->preview_label, lines->len ? preview->str : _("The file is empty"));
  if (lines->len == 0)
    return;

  delimiter = detect_delimiter (g_ptr_array_index (lines, 0));
  columns = split_line (g_ptr_array_index (lines, 0), delimiter);
  if (header && lines->len > 1)
    sample = split_line (g_ptr_array_index (lines, 1), delimiter);
  else if (!header)
    sample = split_line (g_ptr_array_index (lines, 0), delimiter);

  for (guint i = 0; i < columns->len; i++)
    {
      g_autofree char *title = header ? g_strdup (g_ptr_array_index (columns, i))
                                      : g_strdup_printf (_("Column %u"), i + 1);
      const char *guess = header ? rd_csv_mapping_guess (g_ptr_array_index (columns, i), fields) : NULL;

      /* a custom field by its label ("Customer since" → since) */
      for (guint k = 0; header && guess == NULL && self->labels[k] != NULL; k++)
        {
          g_autofree char *a = g_utf8_casefold (self->labels[k], -1);
          g_autofree char *b = g_utf8_casefold (g_strstrip ((char *) g_ptr_array_index (columns, i)), -1);

          if (g_str_equal (a, b))
            guess = fields[g_strv_length ((char **) rd_csv_import_fields ()) + k];
        }
      GtkWidget *row = rd_csv_mapping_row_new (title, sample != NULL && i < sample->len ? g_ptr_array_index (sample, i) : NULL,
                                               fields, guess);

      adw_preferences_group_add (self->mapping_group, row);
      g_ptr_array_add (self->mapping_rows, row);
    }
}

/* "name=1,phone=3" from the column rows. */
static char *
rd_import_dialog_mapping (RdImportDialog *self)
{
  return rd_csv_mapping_string (self->mapping_rows, (const char * const *) self->fields);
}

/* The country typed ("de" -> "DE") when libphonenumber knows it, else NULL. */
static char *
rd_import_dialog_country (RdImportDialog *self)
{
  return rd_csv_mapping_country (gtk_editable_get_text (GTK_EDITABLE (self->country_row)));
}

static void
rd_import_dialog_set_busy (RdImportDialog *self,
                           gboolean        busy)
{
  g_autofree char *country = rd_import_dialog_country (self);
  gboolean ready = !busy && self->path != NULL && country != NULL;

  self->busy = busy;
  gtk_widget_set_sensitive (GTK_WIDGET (self->check_button), ready);
  gtk_widget_set_sensitive (GTK_WIDGET (self->import_button), ready);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), busy);
}

static void
rd_import_dialog_country_changed_cb (RdImportDialog *self)
{
  g_autofree char *country = rd_import_dialog_country (self);

  if (country != NULL)
    gtk_widget_remove_css_class (GTK_WIDGET (self->country_row), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->country_row), "error");
  rd_import_dialog_set_busy (self, self->busy);
}

/* --- the import in a worker ------------------------------------------------------ */

typedef struct
{
  char              *db_path;
  char              *path;
  char              *mapping;
  char              *country;
  RdCsvImportOptions options;
  RdCsvImportReport *report;
  RdImportDialog    *self;   /* for progress; kept alive by the task */
} ImportJob;

static void
import_job_free (gpointer data)
{
  ImportJob *job = data;

  g_free (job->db_path);
  g_free (job->path);
  g_free (job->mapping);
  g_free (job->country);
  g_clear_pointer (&job->report, rd_csv_import_report_free);
  g_free (job);
}

typedef struct
{
  RdImportDialog *self;
  double          fraction;
  guint           rows;
} Progress;

static gboolean
show_progress_cb (gpointer data)
{
  Progress *progress = data;
  g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u row read", "%u rows read", progress->rows),
                                           progress->rows);

  gtk_progress_bar_set_fraction (progress->self->progress_bar, progress->fraction);
  gtk_progress_bar_set_text (progress->self->progress_bar, text);
  g_object_unref (progress->self);
  g_free (progress);
  return G_SOURCE_REMOVE;
}

static void
import_progress (guint64  bytes_done,
                 guint64  bytes_total,
                 guint    rows_done,
                 gpointer user_data)
{
  ImportJob *job = user_data;
  Progress *progress = g_new0 (Progress, 1);

  progress->self = g_object_ref (job->self);
  progress->fraction = bytes_total ? (double) bytes_done / (double) bytes_total : 0;
  progress->rows = rows_done;
  g_idle_add (show_progress_cb, progress);
}

static void
rd_import_dialog_thread (GTask        *task,
                         gpointer      source_object,
                         gpointer      task_data,
                         GCancellable *cancellable)
{
  ImportJob *job = task_data;
  g_autoptr(RdStore) store = NULL;
  GError *error = NULL;

  store = rd_store_open (job->db_path, &error);
  if (store == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  job->options.progress = import_progress;
  job->options.progress_data = job;
  if (!rd_csv_import_contacts (store, job->path, &job->options, &job->report, &error) &&
      job->report == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_clear_error (&error);
  g_task_return_boolean (task, TRUE);
}

/* One row per message (at most 200) in @group. */
static void
rd_import_dialog_list_rows (RdImportDialog      *self,
                            AdwPreferencesGroup *group,
                            GPtrArray           *messages,
                            const char          *css_class)
{
  for (guint i = 0; messages != NULL && i < messages->len && i < 200; i++)
    {
      RdCsvRowError *row_error = g_ptr_array_index (messages, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *title = g_strdup_printf (_("Line %u"), row_error->line);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), row_error->message);
      gtk_widget_add_css_class (row, css_class);
      adw_preferences_group_add (group, row);
      g_object_set_data (G_OBJECT (row), "group", group);
      g_ptr_array_add (self->error_rows, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (group), messages != NULL && messages->len > 0);
}

static void
rd_import_dialog_show_report (RdImportDialog    *self,
                              RdCsvImportReport *report,
                              gboolean           dry_run)
{
  g_autofree char *text = NULL;

  for (guint i = 0; i < self->error_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->error_rows, i);

      adw_preferences_group_remove (g_object_get_data (G_OBJECT (row), "group"), row);
    }
  g_ptr_array_set_size (self->error_rows, 0);

  if (dry_run)
    text = g_strdup_printf (_("Checked %u rows: %u can be imported, %u known, %u with errors"),
                            report->rows, report->created + report->updated, report->skipped, report->bad);
  else
    text = g_strdup_printf (_("Imported %u rows: %u new, %u updated, %u known skipped, %u with errors"),
                            report->rows, report->created, report->updated, report->skipped, report->bad);
  if (report->invalid_numbers > 0)
    {
      g_autofree char *numbers =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "%u number is not valid for its country: kept as typed, never dialled",
                                      "%u numbers are not valid for their country: kept as typed, never dialled",
                                      report->invalid_numbers),
                         report->invalid_numbers);
      char *both = g_strconcat (text, "\n", numbers, NULL);

      g_free (text);
      text = both;
    }
  gtk_label_set_label (self->result_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->result_label), TRUE);

  rd_import_dialog_list_rows (self, self->errors_group, report->errors, "error");
  rd_import_dialog_list_rows (self, self->warnings_group, report->warnings, "warning");
}

static void
rd_import_dialog_done_cb (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  RdImportDialog *self = RD_IMPORT_DIALOG (object);
  ImportJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  rd_import_dialog_set_busy (self, FALSE);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      gtk_label_set_label (self->result_label, rd_storage_error_text (error) != NULL
                                                 ? rd_storage_error_text (error) : error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->result_label), TRUE);
      return;
    }

  rd_import_dialog_show_report (self, job->report, job->options.dry_run);
  g_clear_pointer (&self->report, rd_csv_import_report_free);
  self->report = g_steal_pointer (&job->report);
  if (self->report->committed && self->report->created + self->report->updated > 0)
    g_signal_emit (self, signals[IMPORTED], 0, self->report->created + self->report->updated);
}

/** Checks (@dry_run) or imports the chosen file with the options shown. */
void
rd_import_dialog_run (RdImportDialog *self,
                      gboolean        dry_run)
{
  g_autoptr(GTask) task = NULL;
  ImportJob *job;
  guint duplicates = adw_combo_row_get_selected (self->duplicates_row);

  g_autofree char *country = NULL;

  g_return_if_fail (RD_IS_IMPORT_DIALOG (self));
  country = rd_import_dialog_country (self);
  if (self->busy || self->path == NULL || country == NULL)
    return;

  job = g_new0 (ImportJob, 1);
  job->self = self;
  job->db_path = g_strdup (self->db_path);
  job->path = g_strdup (self->path);
  job->mapping = rd_import_dialog_mapping (self);
  job->country = rd_import_dialog_country (self);
  rd_csv_import_options_init (&job->options);
  job->options.country = job->country;
  job->options.header = gtk_switch_get_active (self->header_switch);
  job->options.start_row = gtk_spin_button_get_value_as_int (self->start_spin);
  job->options.mapping = job->mapping;
  job->options.duplicates = duplicates == 0 ? RD_CSV_DUPLICATES_CREATE
                            : duplicates == 2 ? RD_CSV_DUPLICATES_UPDATE : RD_CSV_DUPLICATES_SKIP;
  job->options.dry_run = dry_run;
  job->options.skip_bad = TRUE;

  rd_import_dialog_set_busy (self, TRUE);
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  task = g_task_new (self, self->cancellable, rd_import_dialog_done_cb, NULL);
  g_task_set_source_tag (task, rd_import_dialog_run);
  g_task_set_task_data (task, job, import_job_free);
  g_task_run_in_thread (task, rd_import_dialog_thread);
}

static void
rd_import_dialog_check_cb (RdImportDialog *self)
{
  rd_import_dialog_run (self, TRUE);
}

static void
rd_import_dialog_import_cb (RdImportDialog *self)
{
  rd_import_dialog_run (self, FALSE);
}

static void
rd_import_dialog_options_changed_cb (RdImportDialog *self)
{
  rd_import_dialog_load_preview (self);
}

static void
rd_import_dialog_chosen (GtkWindow  *self,
                         const char *path)
{
  rd_import_dialog_set_file (RD_IMPORT_DIALOG (self), path);
}

static void
rd_import_dialog_choose_cb (RdImportDialog *self)
{
  rd_csv_mapping_choose_file (GTK_WINDOW (self), rd_import_dialog_chosen);
}

/* --- GObject ------------------------------------------------------------------------- */

static void
rd_import_dialog_dispose (GObject *object)
{
  RdImportDialog *self = RD_IMPORT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), RD_TYPE_IMPORT_DIALOG);

  G_OBJECT_CLASS (rd_import_dialog_parent_class)->dispose (object);
}

static void
rd_import_dialog_finalize (GObject *object)
{
  RdImportDialog *self = RD_IMPORT_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->db_path, g_free);
  g_clear_pointer (&self->fields, g_strfreev);
  g_clear_pointer (&self->labels, g_strfreev);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->mapping_rows, g_ptr_array_unref);
  g_clear_pointer (&self->error_rows, g_ptr_array_unref);
  g_clear_pointer (&self->report, rd_csv_import_report_free);

  G_OBJECT_CLASS (rd_import_dialog_parent_class)->finalize (object);
}

static void
rd_import_dialog_class_init (RdImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rd_import_dialog_dispose;
  object_class->finalize = rd_import_dialog_finalize;

  /**
   * RdImportDialog::imported:
   * @n_rows: contacts made or updated
   */
  signals[IMPORTED] =
    g_signal_new ("imported", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ringdesk/Ringdesk/rd-import-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, RdImportDialog, import_button);
  gtk_widget_class_bind_template_child (widget_class, RdImportDialog, check_button);
  gtk_widget_class_bind_template_child (widget_class, RdImportDialog, file_row);
  gtk_widget_class_bind_template_child (widget_class, RdImportDialog, header_switch);
  gtk_widget_class_bind_template_child (widget_class, RdImportDialog, start_spin);
  gtk_widget_class_bind_template_child (widget_class, RdImportDialog, duplicates_row);
  gtk_widget_class_bind_template_child (widget_class, RdImportDialog, country_row);
  gtk_widget_class_bind_template_child (widget_class, RdImportDialog, preview_label);
  gtk_widget_class_bind_template_child (widget_class, RdImportDialog, mapping_group);
  gtk_widget_class_bind_template_child (widget_class, RdImportDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, RdImportDialog, result_label);
  gtk_widget_class_bind_template_child (widget_class, RdImportDialog, errors_group);
  gtk_widget_class_bind_template_child (widget_class, RdImportDialog, warnings_group);
  gtk_widget_class_bind_template_callback (widget_class, rd_import_dialog_check_cb);
  gtk_widget_class_bind_template_callback (widget_class, rd_import_dialog_import_cb);
  gtk_widget_class_bind_template_callback (widget_class, rd_import_dialog_options_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, rd_import_dialog_choose_cb);
  gtk_widget_class_bind_template_callback (widget_class, rd_import_dialog_country_changed_cb);
}

static void
rd_import_dialog_init (RdImportDialog *self)
{
  self->mapping_rows = g_ptr_array_new ();
  self->error_rows = g_ptr_array_new ();
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

/** An import dialog into the replica file @db_path, whose numbers are read for @region
 * (the replica's default region) unless the user chooses another country. */
RdImportDialog *
rd_import_dialog_new (GtkWindow  *parent,
                      const char *db_path,
                      const char *region)
{
  RdImportDialog *self;

  g_return_val_if_fail (db_path != NULL, NULL);
  g_return_val_if_fail (region != NULL, NULL);

  self = g_object_new (RD_TYPE_IMPORT_DIALOG, "transient-for", parent, NULL);
  self->db_path = g_strdup (db_path);
  /* The columns map to the contact fields and to the custom fields of contacts. */
  {
    g_autoptr(GStrvBuilder) fields = g_strv_builder_new ();
    g_autoptr(GStrvBuilder) labels = g_strv_builder_new ();
    g_autoptr(RdStore) store = rd_store_open (db_path, NULL);
    g_autoptr(GPtrArray) custom = store != NULL ? rd_store_list_custom_fields (store, "contacts", NULL) : NULL;

    g_strv_builder_addv (fields, (const char **) rd_csv_import_fields ());
    for (guint i = 0; custom != NULL && i < custom->len; i++)
      {
        g_strv_builder_add (fields, ((RdCustomField *) custom->pdata[i])->key);
        g_strv_builder_add (labels, ((RdCustomField *) custom->pdata[i])->label);
      }
    self->fields = g_strv_builder_end (fields);
    self->labels = g_strv_builder_end (labels);
  }
  rd_import_dialog_set_country (self, region);
  return self;
}

/** Reads the numbers of rows without a country column for @country ("DE"). */
void
rd_import_dialog_set_country (RdImportDialog *self,
                              const char     *country)
{
  g_return_if_fail (RD_IS_IMPORT_DIALOG (self));
  gtk_editable_set_text (GTK_EDITABLE (self->country_row), country != NULL ? country : "");
}

/** Chooses the file to import and shows its first lines and columns. */
void
rd_import_dialog_set_file (RdImportDialog *self,
                           const char     *path)
{
  g_autofree char *name = NULL;

  g_return_if_fail (RD_IS_IMPORT_DIALOG (self));

  g_free (self->path);
  self->path = g_strdup (path);
  name = g_path_get_basename (path);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->file_row), name);
  adw_action_row_set_subtitle (self->file_row, path);
  rd_import_dialog_set_busy (self, FALSE);
  rd_import_dialog_load_preview (self);
}

gboolean
rd_import_dialog_get_busy (RdImportDialog *self)
{
  g_return_val_if_fail (RD_IS_IMPORT_DIALOG (self), FALSE);
  return self->busy;
}

/** The report of the last check or import, or NULL. */
const RdCsvImportReport *
rd_import_dialog_get_report (RdImportDialog *self)
{
  g_return_val_if_fail (RD_IS_IMPORT_DIALOG (self), NULL);
  return self->report;
}

/** How many columns the preview found. */
guint
rd_import_dialog_get_n_columns (RdImportDialog *self)
{
  g_return_val_if_fail (RD_IS_IMPORT_DIALOG (self), 0);
  return self->mapping_rows->len;
}

/** Maps column @column (1-based) to contact field @field (NULL: skip it). */
void
rd_import_dialog_map_column (RdImportDialog *self,
                             guint           column,
                             const char     *field)
{
  const char * const *fields = (const char * const *) self->fields;
  guint selected = 0;

  g_return_if_fail (RD_IS_IMPORT_DIALOG (self));
  g_return_if_fail (column >= 1 && column <= self->mapping_rows->len);

  for (guint i = 0; field != NULL && fields[i] != NULL; i++)
    if (g_str_equal (fields[i], field))
      selected = i + 1;
  adw_combo_row_set_selected (g_ptr_array_index (self->mapping_rows, column - 1), selected);
}
