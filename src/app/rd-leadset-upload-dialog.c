/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include <glib/gi18n.h>

#include "rd-api-call.h"
#include "rd-csv-mapping.h"
#include "rd-csv-table.h"
#include "rd-leadset-upload-dialog.h"
#include "rd-web-fetch.h"

/* Leadset upload (managers): a CSV file, its default country, the column → field
 * mapping (the header and a sample from the file's first rows, read with the core's CSV
 * reader in the encoding and delimiter chosen), the start line; Dry Run POSTs
 * /leadsets?…&dry_run=true and shows the server's report (rows, imported, invalid
 * numbers, duplicates, do-not-call, bad rows with their lines) before Import, which
 * POSTs for real and says "uploaded". The file is read with GIO asynchronously and sent
 * as text/csv; the server reads it. */

/* The fields of a lead (docs/api.md, Leadsets). */
static const char * const lead_fields[] = {
  "first_name", "last_name", "name", "company", "email", "city", "notes", "country",
  "phone", "phone2", "phone3", NULL
};

static const char delimiters[] = { 0, ',', ';', '\t', '|' };
static const char * const encodings[] = { "UTF-8", "CP1251", "KOI8-R", "ISO-8859-1" };

/* The preview reads at most this much of the file. */
#define PREVIEW_BYTES (64 * 1024)
/* The largest CSV fetched from a web address. */
#define FETCH_MAX_BYTES (64 * 1024 * 1024)

struct _RdLeadsetUploadDialog
{
  AdwWindow            parent_instance;

  RdServerSession     *session;
  GCancellable        *cancellable;
  char                *path;
  GBytes              *contents;
  guint                pending;
  JsonObject          *report;
  GPtrArray           *mapping_rows;
  GPtrArray           *error_rows;

  GtkButton           *import_button;
  GtkButton           *dry_run_button;
  GtkSpinner          *spinner;
  AdwActionRow        *file_row;
  AdwEntryRow         *url_row;
  AdwExpanderRow      *paste_row;
  GtkTextView         *paste_view;
  AdwEntryRow         *name_row;
  AdwEntryRow         *country_row;
  GtkSwitch           *header_switch;
  GtkSpinButton       *start_spin;
  AdwComboRow         *delimiter_row;
  AdwComboRow         *encoding_row;
  AdwPreferencesGroup *mapping_group;
  AdwPreferencesGroup *report_group;
};

enum {
  UPLOADED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (RdLeadsetUploadDialog, rd_leadset_upload_dialog, ADW_TYPE_WINDOW)

static void
clear_rows (AdwPreferencesGroup *group,
            GPtrArray           *rows)
{
  for (guint i = 0; i < rows->len; i++)
    adw_preferences_group_remove (group, g_ptr_array_index (rows, i));
  g_ptr_array_set_size (rows, 0);
}

static void
rd_leadset_upload_dialog_update_cb (RdLeadsetUploadDialog *self)
{
  g_autofree char *country = rd_csv_mapping_country (gtk_editable_get_text (GTK_EDITABLE (self->country_row)));
  gboolean ready = self->contents != NULL && self->pending == 0 && country != NULL &&
                   *gtk_editable_get_text (GTK_EDITABLE (self->name_row)) != '\0';

  if (country == NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->country_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->country_row), "error");
  gtk_widget_set_sensitive (GTK_WIDGET (self->dry_run_button), ready);
  gtk_widget_set_sensitive (GTK_WIDGET (self->import_button), ready);
  gtk_spinner_set_spinning (self->spinner, self->pending > 0);
}

/* The report's words (or why there is none) above its rows, at the top of the dialog. */
static void
show_report_text (RdLeadsetUploadDialog *self,
                  const char            *text,
                  gboolean               error)
{
  clear_rows (self->report_group, self->error_rows);
  adw_preferences_group_set_title (self->report_group, error ? _("Not Uploaded") : _("Report"));
  adw_preferences_group_set_description (self->report_group, text);
  gtk_widget_set_visible (GTK_WIDGET (self->report_group), text != NULL);
}

/* --- the columns ----------------------------------------------------------------------- */

typedef struct {
  GPtrArray *records;   /* GPtrArray of char * */
} Preview;

static gboolean
preview_row_cb (guint        line,
                GPtrArray   *fields,
                const char  *bad,
                gpointer     user_data,
                GError     **error)
{
  Preview *preview = user_data;
  GPtrArray *copy = g_ptr_array_new_with_free_func (g_free);

  if (fields == NULL)
    return TRUE;
  for (guint i = 0; i < fields->len; i++)
    g_ptr_array_add (copy, g_strdup (g_ptr_array_index (fields, i) ? g_ptr_array_index (fields, i) : ""));
  g_ptr_array_add (preview->records, copy);
  if (preview->records->len < 2)
    return TRUE;
  /* Enough: the header and a sample. */
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "enough");
  return FALSE;
}

static void
show_columns (RdLeadsetUploadDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *converted = NULL;
  gsize size = 0, n = 0;
  const char *data;
  const char *text;
  guint selected = adw_combo_row_get_selected (self->delimiter_row);
  guint encoding = adw_combo_row_get_selected (self->encoding_row);
  gboolean header = gtk_switch_get_active (self->header_switch);
  Preview preview = { g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref) };
  GPtrArray *first, *sample;
  char delimiter;

  clear_rows (self->mapping_group, self->mapping_rows);
  if (self->contents == NULL)
    goto out;
  data = g_bytes_get_data (self->contents, &size);
  size = MIN (size, PREVIEW_BYTES);
  /* Cut at a line's end: a character split in two is no encoding error. */
  while (size > 0 && size < g_bytes_get_size (self->contents) && data[size - 1] != '\n')
    size--;
  text = rd_csv_decode (data, size, encodings[MIN (encoding, G_N_ELEMENTS (encodings) - 1)], &converted, &n, &error);
  if (text == NULL)
    {
      show_report_text (self, error->message, TRUE);
      goto out;
    }
  delimiter = selected > 0 && selected < G_N_ELEMENTS (delimiters) ? delimiters[selected]
                                                                    : rd_csv_detect_delimiter (text, n);
  if (!rd_csv_read_rows (text, n, delimiter, gtk_spin_button_get_value_as_int (self->start_spin),
                         preview_row_cb, &preview, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      show_report_text (self, error->message, TRUE);
      goto out;
    }
  if (preview.records->len == 0)
    {
      show_report_text (self, _("The file has no rows to read."), TRUE);
      goto out;
    }
  first = g_ptr_array_index (preview.records, 0);
  sample = header ? (preview.records->len > 1 ? g_ptr_array_index (preview.records, 1) : NULL) : first;
  for (guint i = 0; i < first->len; i++)
    {
      g_autofree char *title = header ? g_strdup (g_ptr_array_index (first, i)) : g_strdup_printf (_("Column %u"), i + 1);
      const char *guess = header ? rd_csv_mapping_guess (g_ptr_array_index (first, i), lead_fields) : NULL;
      GtkWidget *row = rd_csv_mapping_row_new (title, sample != NULL && i < sample->len ? g_ptr_array_index (sample, i) : NULL,
                                               lead_fields, guess);

      adw_preferences_group_add (self->mapping_group, row);
      g_ptr_array_add (self->mapping_rows, row);
    }

out:
  g_ptr_array_unref (preview.records);
}

static void
rd_leadset_upload_dialog_options_changed_cb (RdLeadsetUploadDialog *self)
{
  g_clear_pointer (&self->report, json_object_unref);
  show_report_text (self, NULL, FALSE);
  show_columns (self);
  rd_leadset_upload_dialog_update_cb (self);
}

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(RdLeadsetUploadDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  if (!g_file_load_contents_finish (G_FILE (object), result, &contents, &length, NULL, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      self->pending--;
      show_report_text (self, error->message, TRUE);
      rd_leadset_upload_dialog_update_cb (self);
      return;
    }
  self->pending--;
  g_clear_pointer (&self->contents, g_bytes_unref);
  self->contents = g_bytes_new_take (contents, length);
  rd_leadset_upload_dialog_options_changed_cb (self);
}

void
rd_leadset_upload_dialog_set_file (RdLeadsetUploadDialog *self,
                                   const char            *path)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *base = NULL;
  char *dot;

  g_return_if_fail (RD_IS_LEADSET_UPLOAD_DIALOG (self));
  g_return_if_fail (path != NULL);
  g_free (self->path);
  self->path = g_strdup (path);
  file = g_file_new_for_path (path);
  base = g_file_get_basename (file);
  adw_action_row_set_subtitle (self->file_row, base);
  if ((dot = strrchr (base, '.')) != NULL && dot != base)
    *dot = '\0';
  if (*gtk_editable_get_text (GTK_EDITABLE (self->name_row)) == '\0')
    gtk_editable_set_text (GTK_EDITABLE (self->name_row), base);
  g_clear_pointer (&self->contents, g_bytes_unref);
  self->pending++;
  rd_leadset_upload_dialog_update_cb (self);
  g_file_load_contents_async (file, self->cancellable, loaded_cb, g_object_ref (self));
}

/* The rows to upload are now @contents (from @source, named @name when the leadset has
 * no name yet). */
static void
take_contents (RdLeadsetUploadDialog *self,
               GBytes                *contents,
               const char            *source,
               const char            *name)
{
  adw_action_row_set_subtitle (self->file_row, source);
  if (name != NULL && *name != '\0' && *gtk_editable_get_text (GTK_EDITABLE (self->name_row)) == '\0')
    gtk_editable_set_text (GTK_EDITABLE (self->name_row), name);
  g_clear_pointer (&self->contents, g_bytes_unref);
  self->contents = g_bytes_ref (contents);
  rd_leadset_upload_dialog_options_changed_cb (self);
}

static void
fetched_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(RdLeadsetUploadDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = rd_web_fetch_finish (result, &error);
  g_autofree char *url = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->url_row)));
  g_autofree char *base = NULL;
  char *end;

  if (body == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->pending--;
  if (body == NULL)
    {
      show_report_text (self, error->message, TRUE);
      rd_leadset_upload_dialog_update_cb (self);
      return;
    }
  /* The name from the address's last path part, without query or extension. */
  if ((end = strpbrk (url, "?#")) != NULL)
    *end = '\0';
  base = g_path_get_basename (url);
  if ((end = strrchr (base, '.')) != NULL && end != base)
    *end = '\0';
  take_contents (self, body, gtk_editable_get_text (GTK_EDITABLE (self->url_row)), base);
}

void
rd_leadset_upload_dialog_set_url (RdLeadsetUploadDialog *self,
                                  const char            *url)
{
  g_autofree char *trimmed = NULL;

  g_return_if_fail (RD_IS_LEADSET_UPLOAD_DIALOG (self));
  g_return_if_fail (url != NULL);

  trimmed = g_strstrip (g_strdup (url));
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->url_row)), url) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->url_row), url);
  g_clear_pointer (&self->contents, g_bytes_unref);
  self->pending++;
  rd_leadset_upload_dialog_update_cb (self);
  rd_web_fetch_async (trimmed, FETCH_MAX_BYTES, self->cancellable, fetched_cb, g_object_ref (self));
}

static void
rd_leadset_upload_dialog_fetch_cb (RdLeadsetUploadDialog *self)
{
  rd_leadset_upload_dialog_set_url (self, gtk_editable_get_text (GTK_EDITABLE (self->url_row)));
}

void
rd_leadset_upload_dialog_set_text (RdLeadsetUploadDialog *self,
                                   const char            *text)
{
  g_autoptr(GBytes) bytes = NULL;

  g_return_if_fail (RD_IS_LEADSET_UPLOAD_DIALOG (self));
  g_return_if_fail (text != NULL);

  bytes = g_bytes_new (text, strlen (text));
  /* Pasted text is the desktop's: UTF-8. */
  adw_combo_row_set_selected (self->encoding_row, 0);
  take_contents (self, bytes, _("Pasted rows"), NULL);
}

static void
rd_leadset_upload_dialog_use_pasted_cb (RdLeadsetUploadDialog *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->paste_view);
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  if (*g_strstrip (text) == '\0')
    {
      show_report_text (self, _("Paste the rows first."), TRUE);
      return;
    }
  rd_leadset_upload_dialog_set_text (self, text);
  adw_expander_row_set_expanded (self->paste_row, FALSE);
}

static void
chosen (GtkWindow  *self,
        const char *path)
{
  rd_leadset_upload_dialog_set_file (RD_LEADSET_UPLOAD_DIALOG (self), path);
}

static void
rd_leadset_upload_dialog_choose_clicked_cb (RdLeadsetUploadDialog *self)
{
  rd_csv_mapping_choose_file (GTK_WINDOW (self), chosen);
}

/* --- dry run and import ---------------------------------------------------------------- */

static void
show_report (RdLeadsetUploadDialog *self,
             JsonObject            *report,
             gboolean               dry_run)
{
  JsonArray *errors = rd_api_array (report, "errors");
  g_autofree char *text = NULL;
  guint rows = rd_api_int (report, "rows");

  /* Translators: the leadset report; the first line says whether anything was kept */
  text = g_strdup_printf (_("%s\nRows read: %u. Leads: %u, numbers not valid (kept, never dialled): %u, "
                            "duplicates skipped: %u, on the do-not-call list: %u, rows not read: %u."),
                          dry_run ? _("Dry run: nothing was kept.") : _("Imported."),
                          rows, (guint) rd_api_int (report, "imported"), (guint) rd_api_int (report, "invalid_numbers"),
                          (guint) rd_api_int (report, "duplicates"), (guint) rd_api_int (report, "dnc"),
                          (guint) rd_api_int (report, "bad"));
  show_report_text (self, text, FALSE);
  for (guint i = 0; errors != NULL && i < json_array_get_length (errors); i++)
    {
      JsonObject *e = json_array_get_object_element (errors, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *title = g_strdup_printf (_("Line %u"), (guint) rd_api_int (e, "line"));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), rd_api_string (e, "message"));
      gtk_widget_add_css_class (row, "error");
      adw_preferences_group_add (self->report_group, row);
      g_ptr_array_add (self->error_rows, row);
    }
}

static void
uploaded_cb (GObject      *owner,
             JsonNode     *answer,
             const GError *error,
             gpointer      data)
{
  RdLeadsetUploadDialog *self = RD_LEADSET_UPLOAD_DIALOG (owner);
  JsonObject *report = rd_api_object (answer);
  gboolean dry_run = GPOINTER_TO_INT (data);

  self->pending--;
  g_clear_pointer (&self->report, json_object_unref);
  if (error != NULL || report == NULL)
    show_report_text (self, error != NULL ? error->message : NULL, TRUE);
  else
    {
      self->report = json_object_ref (report);
      show_report (self, report, dry_run);
    }
  rd_leadset_upload_dialog_update_cb (self);
  if (self->report != NULL && !dry_run)
    {
      /* Done: once more would upload the file twice. */
      gtk_widget_set_sensitive (GTK_WIDGET (self->import_button), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->dry_run_button), FALSE);
      g_signal_emit (self, signals[UPLOADED], 0, rd_api_string (report, "id"));
    }
}

void
rd_leadset_upload_dialog_run (RdLeadsetUploadDialog *self,
                              gboolean               dry_run)
{
  g_autoptr(GString) path = g_string_new ("leadsets");
  g_autofree char *country = NULL;
  g_autofree char *mapping = NULL;
  g_autofree char *start = NULL;
  guint selected, encoding;

  g_return_if_fail (RD_IS_LEADSET_UPLOAD_DIALOG (self));
  country = rd_csv_mapping_country (gtk_editable_get_text (GTK_EDITABLE (self->country_row)));
  if (self->contents == NULL || self->pending > 0 || country == NULL)
    return;
  rd_api_add_query (path, "name", gtk_editable_get_text (GTK_EDITABLE (self->name_row)));
  rd_api_add_query (path, "country", country);
  mapping = rd_csv_mapping_string (self->mapping_rows, lead_fields);
  if (mapping != NULL)
    rd_api_add_query (path, "mapping", mapping);
  if (!gtk_switch_get_active (self->header_switch))
    rd_api_add_query (path, "header", "false");
  start = g_strdup_printf ("%d", gtk_spin_button_get_value_as_int (self->start_spin));
  rd_api_add_query (path, "start_row", start);
  selected = adw_combo_row_get_selected (self->delimiter_row);
  if (selected > 0 && selected < G_N_ELEMENTS (delimiters))
    {
      char delimiter[2] = { delimiters[selected], '\0' };

      rd_api_add_query (path, "delimiter", delimiter);
    }
  encoding = adw_combo_row_get_selected (self->encoding_row);
  if (encoding > 0 && encoding < G_N_ELEMENTS (encodings))
    rd_api_add_query (path, "encoding", encodings[encoding]);
  if (dry_run)
    rd_api_add_query (path, "dry_run", "true");

  self->pending++;
  rd_leadset_upload_dialog_update_cb (self);
  rd_api_call_bytes (self->session, "POST", path->str, "text/csv", self->contents, self->cancellable,
                     G_OBJECT (self), uploaded_cb, GINT_TO_POINTER (dry_run));
}

static void
rd_leadset_upload_dialog_dry_run_clicked_cb (RdLeadsetUploadDialog *self)
{
  rd_leadset_upload_dialog_run (self, TRUE);
}

static void
rd_leadset_upload_dialog_import_clicked_cb (RdLeadsetUploadDialog *self)
{
  rd_leadset_upload_dialog_run (self, FALSE);
}

/* --- the object ------------------------------------------------------------------------ */

static void
rd_leadset_upload_dialog_dispose (GObject *object)
{
  RdLeadsetUploadDialog *self = RD_LEADSET_UPLOAD_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), RD_TYPE_LEADSET_UPLOAD_DIALOG);
  g_clear_object (&self->session);
  g_clear_pointer (&self->contents, g_bytes_unref);
  g_clear_pointer (&self->report, json_object_unref);

  G_OBJECT_CLASS (rd_leadset_upload_dialog_parent_class)->dispose (object);
}

static void
rd_leadset_upload_dialog_finalize (GObject *object)
{
  RdLeadsetUploadDialog *self = RD_LEADSET_UPLOAD_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->mapping_rows, g_ptr_array_unref);
  g_clear_pointer (&self->error_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (rd_leadset_upload_dialog_parent_class)->finalize (object);
}

static void
rd_leadset_upload_dialog_class_init (RdLeadsetUploadDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rd_leadset_upload_dialog_dispose;
  object_class->finalize = rd_leadset_upload_dialog_finalize;

  /** RdLeadsetUploadDialog::uploaded: @id: the new leadset is on the server. */
  signals[UPLOADED] = g_signal_new ("uploaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                    NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ringdesk/Ringdesk/rd-leadset-upload-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, RdLeadsetUploadDialog, import_button);
  gtk_widget_class_bind_template_child (widget_class, RdLeadsetUploadDialog, dry_run_button);
  gtk_widget_class_bind_template_child (widget_class, RdLeadsetUploadDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, RdLeadsetUploadDialog, file_row);
  gtk_widget_class_bind_template_child (widget_class, RdLeadsetUploadDialog, url_row);
  gtk_widget_class_bind_template_child (widget_class, RdLeadsetUploadDialog, paste_row);
  gtk_widget_class_bind_template_child (widget_class, RdLeadsetUploadDialog, paste_view);
  gtk_widget_class_bind_template_child_full (widget_class, "use_pasted_button", FALSE, 0);
  gtk_widget_class_bind_template_child (widget_class, RdLeadsetUploadDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, RdLeadsetUploadDialog, country_row);
  gtk_widget_class_bind_template_child (widget_class, RdLeadsetUploadDialog, header_switch);
  gtk_widget_class_bind_template_child (widget_class, RdLeadsetUploadDialog, start_spin);
  gtk_widget_class_bind_template_child (widget_class, RdLeadsetUploadDialog, delimiter_row);
  gtk_widget_class_bind_template_child (widget_class, RdLeadsetUploadDialog, encoding_row);
  gtk_widget_class_bind_template_child (widget_class, RdLeadsetUploadDialog, mapping_group);
  gtk_widget_class_bind_template_child (widget_class, RdLeadsetUploadDialog, report_group);
  gtk_widget_class_bind_template_callback (widget_class, rd_leadset_upload_dialog_update_cb);
  gtk_widget_class_bind_template_callback (widget_class, rd_leadset_upload_dialog_options_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, rd_leadset_upload_dialog_choose_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, rd_leadset_upload_dialog_dry_run_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, rd_leadset_upload_dialog_import_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, rd_leadset_upload_dialog_fetch_cb);
  gtk_widget_class_bind_template_callback (widget_class, rd_leadset_upload_dialog_use_pasted_cb);
}

static void
rd_leadset_upload_dialog_init (RdLeadsetUploadDialog *self)
{
  self->cancellable = g_cancellable_new ();
  self->mapping_rows = g_ptr_array_new ();
  self->error_rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  rd_leadset_upload_dialog_update_cb (self);
}

RdLeadsetUploadDialog *
rd_leadset_upload_dialog_new (GtkWindow       *parent,
                              RdServerSession *session,
                              const char      *country)
{
  RdLeadsetUploadDialog *self = g_object_new (RD_TYPE_LEADSET_UPLOAD_DIALOG, "transient-for", parent, NULL);

  self->session = g_object_ref (session);
  gtk_editable_set_text (GTK_EDITABLE (self->country_row), country != NULL ? country : "");
  return self;
}

gboolean
rd_leadset_upload_dialog_get_busy (RdLeadsetUploadDialog *self)
{
  g_return_val_if_fail (RD_IS_LEADSET_UPLOAD_DIALOG (self), FALSE);
  return self->pending > 0;
}

guint
rd_leadset_upload_dialog_get_n_columns (RdLeadsetUploadDialog *self)
{
  g_return_val_if_fail (RD_IS_LEADSET_UPLOAD_DIALOG (self), 0);
  return self->mapping_rows->len;
}

gboolean
rd_leadset_upload_dialog_map_column (RdLeadsetUploadDialog *self,
                                     guint                  column,
                                     const char            *field)
{
  g_return_val_if_fail (RD_IS_LEADSET_UPLOAD_DIALOG (self), FALSE);
  if (column >= self->mapping_rows->len)
    return FALSE;
  for (guint f = 0; field != NULL && lead_fields[f] != NULL; f++)
    if (g_str_equal (lead_fields[f], field))
      {
        adw_combo_row_set_selected (g_ptr_array_index (self->mapping_rows, column), f + 1);
        return TRUE;
      }
  if (field != NULL)
    return FALSE;
  adw_combo_row_set_selected (g_ptr_array_index (self->mapping_rows, column), 0);
  return TRUE;
}

JsonObject *
rd_leadset_upload_dialog_get_report (RdLeadsetUploadDialog *self)
{
  g_return_val_if_fail (RD_IS_LEADSET_UPLOAD_DIALOG (self), NULL);
  return self->report;
}
