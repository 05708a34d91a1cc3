/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include <glib/gi18n.h>

#include "rd-api-call.h"
#include "rd-csv-mapping.h"
#include "rd-dnc-window.h"
#include "rd-phone-number.h"

/* Do-not-call lists (managers and admins): the global list or a campaign's (GET
 * /campaigns for the selector), a page of its numbers at a time with who added them, when
 * and why (GET /dnc?campaign=&search=&offset=&limit=), searched on the server; Add Number
 * (POST /dnc, the number read with the country given, the app's region by default),
 * Remove after a confirmation (DELETE /dnc/E164), and a CSV file uploaded with a dry run
 * first (POST /dnc/upload?dry_run=true), the server's report shown. Every refusal of the
 * server is shown in its words at the top. The server checks every call's role. */

#define PAGE_SIZE 50

struct _RdDncWindow
{
  AdwWindow            parent_instance;

  RdServerSession     *session;
  GCancellable        *cancellable;
  guint                pending;
  guint                generation;   /* one more at each reload: late pages are left */
  GPtrArray           *campaign_ids; /* per selector position; NULL first: the global list */
  guint                offset;
  gboolean             more;         /* the server has numbers after this page */
  GBytes              *contents;     /* the CSV file chosen */
  char                *removing;     /* the number of the last Remove */
  JsonObject          *report;
  GPtrArray           *number_rows;
  GPtrArray           *report_rows;

  GtkSpinner          *spinner;
  AdwComboRow         *list_row;
  GtkStringList       *list_names;
  AdwPreferencesGroup *report_group;
  AdwEntryRow         *number_row;
  AdwEntryRow         *country_row;
  AdwEntryRow         *reason_row;
  GtkButton           *add_button;
  AdwActionRow        *file_row;
  GtkSwitch           *header_switch;
  GtkButton           *dry_run_button;
  GtkButton           *upload_button;
  AdwPreferencesGroup *numbers_group;
  GtkSearchEntry      *search_entry;
  GtkButton           *previous_button;
  GtkButton           *next_button;
  GtkLabel            *page_label;
  GtkWidget           *pager;
};

G_DEFINE_FINAL_TYPE (RdDncWindow, rd_dnc_window, ADW_TYPE_WINDOW)

static void reload (RdDncWindow *self);

static void
clear_rows (AdwPreferencesGroup *group,
            GPtrArray           *rows)
{
  for (guint i = 0; i < rows->len; i++)
    adw_preferences_group_remove (group, g_ptr_array_index (rows, i));
  g_ptr_array_set_size (rows, 0);
}

static const char *
campaign_id (RdDncWindow *self)
{
  guint selected = adw_combo_row_get_selected (self->list_row);

  return selected < self->campaign_ids->len ? g_ptr_array_index (self->campaign_ids, selected) : NULL;
}

static void
rd_dnc_window_update_cb (RdDncWindow *self)
{
  g_autofree char *country = rd_csv_mapping_country (gtk_editable_get_text (GTK_EDITABLE (self->country_row)));
  gboolean idle = self->pending == 0;

  if (country == NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->country_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->country_row), "error");
  gtk_widget_set_sensitive (GTK_WIDGET (self->add_button), idle && country != NULL &&
                            *gtk_editable_get_text (GTK_EDITABLE (self->number_row)) != '\0');
  gtk_widget_set_sensitive (GTK_WIDGET (self->dry_run_button), idle && country != NULL && self->contents != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->upload_button), idle && country != NULL && self->contents != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->previous_button), idle && self->offset > 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->next_button), idle && self->more);
  /* Shown once the list has more than a page. */
  gtk_widget_set_visible (self->pager, self->offset > 0 || self->more);
  gtk_spinner_set_spinning (self->spinner, !idle);
}

/* What the last action did, or the server's refusal, at the top of the window. */
static void
show_status (RdDncWindow *self,
             const char  *title,
             const char  *text)
{
  clear_rows (self->report_group, self->report_rows);
  adw_preferences_group_set_title (self->report_group, title);
  adw_preferences_group_set_description (self->report_group, text);
  gtk_widget_set_visible (GTK_WIDGET (self->report_group), text != NULL);
}

static void
call (RdDncWindow   *self,
      const char    *method,
      const char    *path,
      JsonNode      *body,
      RdApiCallDone  done,
      gpointer       data)
{
  self->pending++;
  rd_dnc_window_update_cb (self);
  rd_api_call (self->session, method, path, body, self->cancellable, G_OBJECT (self), done, data);
}

static void
call_finished (RdDncWindow *self)
{
  self->pending--;
  rd_dnc_window_update_cb (self);
}

/* --- the lists ------------------------------------------------------------------------- */

static void
campaigns_done_cb (GObject      *owner,
                   JsonNode     *answer,
                   const GError *error,
                   gpointer      data)
{
  RdDncWindow *self = RD_DNC_WINDOW (owner);
  JsonArray *campaigns = rd_api_array (rd_api_object (answer), "campaigns");

  call_finished (self);
  if (error != NULL)
    {
      show_status (self, _("Campaigns Not Read"), error->message);
      return;
    }
  for (guint i = 0; campaigns != NULL && i < json_array_get_length (campaigns); i++)
    {
      JsonObject *campaign = json_array_get_object_element (campaigns, i);
      g_autofree char *name = NULL;

      if (rd_api_string (campaign, "id") == NULL)
        continue;
      /* Translators: a campaign's do-not-call list in the list selector */
      name = g_strdup_printf (_("Campaign “%s”"), rd_api_string (campaign, "name"));
      g_ptr_array_add (self->campaign_ids, g_strdup (rd_api_string (campaign, "id")));
      gtk_string_list_append (self->list_names, name);
    }
}

static void remove_clicked_cb (GtkButton *button, RdDncWindow *self);

/* "complaint · added by mira · 2026-12-07 14:05" */
static char *
number_subtitle (JsonObject *number)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  const char *reason = rd_api_string (number, "reason");
  const char *who = rd_api_string (number, "added_by");
  gint64 at = rd_api_int (number, "added_at");

  if (reason != NULL && *reason != '\0')
    g_ptr_array_add (parts, g_strdup (reason));
  if (who != NULL)
    /* Translators: who put a number on a do-not-call list */
    g_ptr_array_add (parts, g_strdup_printf (_("added by %s"), who));
  if (at > 0)
    {
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (at / 1000);

      if (when != NULL)
        g_ptr_array_add (parts, g_date_time_format (when, "%Y-%m-%d %H:%M"));
    }
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (" · ", (char **) parts->pdata);
}

static void
add_number_row (RdDncWindow *self,
                JsonObject  *number)
{
  const char *e164 = rd_api_string (number, "number");
  const char *region = gtk_editable_get_text (GTK_EDITABLE (self->country_row));
  g_autofree char *formatted = rd_phone_number_format (e164, region, RD_PHONE_FORMAT_INTERNATIONAL);
  g_autofree char *subtitle = number_subtitle (number);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), formatted != NULL ? formatted : e164);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_name (row, e164);
  gtk_widget_set_name (remove, "remove");
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, _("Remove this number from the list"));
  g_object_set_data_full (G_OBJECT (remove), "number", g_strdup (e164), g_free);
  g_signal_connect (remove, "clicked", G_CALLBACK (remove_clicked_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
  adw_preferences_group_add (self->numbers_group, row);
  g_ptr_array_add (self->number_rows, row);
}

static void
numbers_done_cb (GObject      *owner,
                 JsonNode     *answer,
                 const GError *error,
                 gpointer      data)
{
  RdDncWindow *self = RD_DNC_WINDOW (owner);
  JsonArray *numbers = rd_api_array (rd_api_object (answer), "numbers");
  guint n = numbers != NULL ? json_array_get_length (numbers) : 0;
  g_autofree char *page = NULL;

  call_finished (self);
  if (GPOINTER_TO_UINT (data) != self->generation)
    return;   /* another list, search or page was asked for meanwhile */
  clear_rows (self->numbers_group, self->number_rows);
  if (error != NULL)
    {
      show_status (self, _("Numbers Not Read"), error->message);
      return;
    }
  /* One more than a page was asked for: it says whether there is a next one. */
  self->more = n > PAGE_SIZE;
  for (guint i = 0; i < MIN (n, PAGE_SIZE); i++)
    add_number_row (self, json_array_get_object_element (numbers, i));
  if (n == 0)
    adw_preferences_group_set_description (self->numbers_group,
                                           *gtk_editable_get_text (GTK_EDITABLE (self->search_entry)) != '\0'
                                           ? _("No number on this list matches the search.")
                                           : _("No number on this list yet."));
  else
    adw_preferences_group_set_description (self->numbers_group, NULL);
  /* Translators: the numbers shown of a do-not-call list, e.g. "Numbers 51–100" */
  page = n > 0 ? g_strdup_printf (_("Numbers %u–%u"), self->offset + 1, self->offset + MIN (n, PAGE_SIZE)) : NULL;
  gtk_label_set_text (self->page_label, page != NULL ? page : "");
  rd_dnc_window_update_cb (self);
}

static void
reload (RdDncWindow *self)
{
  g_autoptr(GString) path = g_string_new ("dnc");
  g_autofree char *limit = g_strdup_printf ("%u", PAGE_SIZE + 1);
  g_autofree char *offset = g_strdup_printf ("%u", self->offset);
  const char *search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  if (self->session == NULL)
    return;   /* the selector's first entry, while the template is made */
  if (campaign_id (self) != NULL)
    rd_api_add_query (path, "campaign", campaign_id (self));
  if (*search != '\0')
    rd_api_add_query (path, "search", search);
  rd_api_add_query (path, "offset", offset);
  rd_api_add_query (path, "limit", limit);
  self->generation++;
  call (self, "GET", path->str, NULL, numbers_done_cb, GUINT_TO_POINTER (self->generation));
}

static void
rd_dnc_window_list_changed_cb (RdDncWindow *self)
{
  self->offset = 0;
  show_status (self, NULL, NULL);
  reload (self);
}

static void
rd_dnc_window_search_changed_cb (RdDncWindow *self)
{
  self->offset = 0;
  reload (self);
}

static void
rd_dnc_window_previous_clicked_cb (RdDncWindow *self)
{
  self->offset = self->offset > PAGE_SIZE ? self->offset - PAGE_SIZE : 0;
  reload (self);
}

static void
rd_dnc_window_next_clicked_cb (RdDncWindow *self)
{
  if (!self->more)
    return;
  self->offset += PAGE_SIZE;
  reload (self);
}

/* --- add and remove -------------------------------------------------------------------- */

static void
added_cb (GObject      *owner,
          JsonNode     *answer,
          const GError *error,
          gpointer      data)
{
  RdDncWindow *self = RD_DNC_WINDOW (owner);
  g_autofree char *text = NULL;

  call_finished (self);
  if (error != NULL)
    {
      show_status (self, _("Not Added"), error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->number_row));
      return;
    }
  /* Translators: %s is a phone number just put on a do-not-call list */
  text = g_strdup_printf (_("%s is on the list: it is not dialled any more."),
                          rd_api_string (rd_api_object (answer), "number"));
  show_status (self, _("Added"), text);
  gtk_editable_set_text (GTK_EDITABLE (self->number_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->reason_row), "");
  reload (self);
}

static void
rd_dnc_window_add_clicked_cb (RdDncWindow *self)
{
  g_autoptr(JsonNode) body = json_node_init_object (json_node_alloc (), json_object_new ());
  JsonObject *object = json_node_get_object (body);
  g_autofree char *country = rd_csv_mapping_country (gtk_editable_get_text (GTK_EDITABLE (self->country_row)));
  g_autofree char *number = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->number_row))));
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->reason_row))));

  if (self->pending > 0 || country == NULL || *number == '\0')
    return;
  json_object_set_string_member (object, "number", number);
  json_object_set_string_member (object, "country", country);
  if (*reason != '\0')
    json_object_set_string_member (object, "reason", reason);
  if (campaign_id (self) != NULL)
    json_object_set_string_member (object, "campaign_id", campaign_id (self));
  call (self, "POST", "dnc", body, added_cb, NULL);
}

static void
removed_cb (GObject      *owner,
            JsonNode     *answer,
            const GError *error,
            gpointer      data)
{
  RdDncWindow *self = RD_DNC_WINDOW (owner);
  g_autofree char *text = NULL;

  call_finished (self);
  if (error != NULL)
    {
      show_status (self, _("Not Removed"), error->message);
      return;
    }
  /* Translators: %s is a phone number taken off a do-not-call list */
  text = g_strdup_printf (_("%s was removed from the list"), self->removing);
  rd_api_toast (GTK_WIDGET (self->numbers_group), text);
  reload (self);
}

static void
remove_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    RdDncWindow      *self)
{
  const char *number = g_object_get_data (G_OBJECT (dialog), "number");
  g_autoptr(GString) path = NULL;
  g_autofree char *escaped = NULL;

  if (g_strcmp0 (response, "remove") != 0 || number == NULL)
    return;
  escaped = g_uri_escape_string (number, "+", FALSE);
  path = g_string_new ("dnc/");
  g_string_append (path, escaped);
  if (campaign_id (self) != NULL)
    rd_api_add_query (path, "campaign", campaign_id (self));
  g_free (self->removing);
  self->removing = g_strdup (number);
  call (self, "DELETE", path->str, NULL, removed_cb, NULL);
}

static void
remove_clicked_cb (GtkButton   *button,
                   RdDncWindow *self)
{
  const char *number = g_object_get_data (G_OBJECT (button), "number");
  g_autofree char *heading = g_strdup_printf (_("Remove %s From the List?"), number);
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading,
                                              _("The number may be dialled again by the campaigns of this list."));

  g_object_set_data_full (G_OBJECT (dialog), "number", g_strdup (number), g_free);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (remove_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* --- upload ---------------------------------------------------------------------------- */

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(RdDncWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  if (!g_file_load_contents_finish (G_FILE (object), result, &contents, &length, NULL, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      call_finished (self);
      show_status (self, _("File Not Read"), error->message);
      return;
    }
  g_clear_pointer (&self->contents, g_bytes_unref);
  self->contents = g_bytes_new_take (contents, length);
  call_finished (self);
}

void
rd_dnc_window_set_file (RdDncWindow *self,
                        const char  *path)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *base = NULL;

  g_return_if_fail (RD_IS_DNC_WINDOW (self));
  g_return_if_fail (path != NULL);
  file = g_file_new_for_path (path);
  base = g_file_get_basename (file);
  adw_action_row_set_subtitle (self->file_row, base);
  g_clear_pointer (&self->contents, g_bytes_unref);
  g_clear_pointer (&self->report, json_object_unref);
  show_status (self, NULL, NULL);
  self->pending++;
  rd_dnc_window_update_cb (self);
  g_file_load_contents_async (file, self->cancellable, loaded_cb, g_object_ref (self));
}

static void
chosen (GtkWindow  *window,
        const char *path)
{
  rd_dnc_window_set_file (RD_DNC_WINDOW (window), path);
}

static void
rd_dnc_window_choose_clicked_cb (RdDncWindow *self)
{
  rd_csv_mapping_choose_file (GTK_WINDOW (self), chosen);
}

static void
show_report (RdDncWindow *self,
             JsonObject  *report,
             gboolean     dry_run)
{
  JsonArray *errors = rd_api_array (report, "errors");
  g_autofree char *text = NULL;

  /* Translators: the report of a do-not-call upload; the first line says whether anything
   * was kept. Rows refused include the numbers not valid. */
  text = g_strdup_printf (_("%s\nRows read: %u. Added: %u, already on the list: %u, numbers not valid: %u, "
                            "rows refused: %u."),
                          dry_run ? _("Dry run: nothing was kept.") : _("Uploaded."),
                          (guint) rd_api_int (report, "rows"), (guint) rd_api_int (report, "imported"),
                          (guint) rd_api_int (report, "duplicates"), (guint) rd_api_int (report, "invalid_numbers"),
                          (guint) rd_api_int (report, "bad"));
  show_status (self, dry_run ? _("Dry Run") : _("Report"), text);
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
      g_ptr_array_add (self->report_rows, row);
    }
}

static void
uploaded_cb (GObject      *owner,
             JsonNode     *answer,
             const GError *error,
             gpointer      data)
{
  RdDncWindow *self = RD_DNC_WINDOW (owner);
  JsonObject *report = rd_api_object (answer);
  gboolean dry_run = GPOINTER_TO_INT (data);

  call_finished (self);
  g_clear_pointer (&self->report, json_object_unref);
  if (error != NULL || report == NULL)
    {
      show_status (self, _("Not Uploaded"), error != NULL ? error->message : _("The server sent no report."));
      return;
    }
  self->report = json_object_ref (report);
  show_report (self, report, dry_run);
  if (dry_run)
    return;
  /* Done: once more would only count duplicates. */
  g_clear_pointer (&self->contents, g_bytes_unref);
  adw_action_row_set_subtitle (self->file_row, _("None chosen"));
  rd_dnc_window_update_cb (self);
  self->offset = 0;
  reload (self);
}

void
rd_dnc_window_upload (RdDncWindow *self,
                      gboolean     dry_run)
{
  g_autoptr(GString) path = g_string_new ("dnc/upload");
  g_autofree char *country = NULL;

  g_return_if_fail (RD_IS_DNC_WINDOW (self));
  country = rd_csv_mapping_country (gtk_editable_get_text (GTK_EDITABLE (self->country_row)));
  if (self->contents == NULL || self->pending > 0 || country == NULL)
    return;
  rd_api_add_query (path, "country", country);
  if (campaign_id (self) != NULL)
    rd_api_add_query (path, "campaign", campaign_id (self));
  if (!gtk_switch_get_active (self->header_switch))
    {
      rd_api_add_query (path, "header", "false");
      rd_api_add_query (path, "mapping", "number=1");
    }
  if (dry_run)
    rd_api_add_query (path, "dry_run", "true");
  self->pending++;
  rd_dnc_window_update_cb (self);
  rd_api_call_bytes (self->session, "POST", path->str, "text/csv", self->contents, self->cancellable,
                     G_OBJECT (self), uploaded_cb, GINT_TO_POINTER (dry_run));
}

static void
rd_dnc_window_dry_run_clicked_cb (RdDncWindow *self)
{
  rd_dnc_window_upload (self, TRUE);
}

static void
rd_dnc_window_upload_clicked_cb (RdDncWindow *self)
{
  rd_dnc_window_upload (self, FALSE);
}

/* --- the object ------------------------------------------------------------------------ */

static void
rd_dnc_window_dispose (GObject *object)
{
  RdDncWindow *self = RD_DNC_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), RD_TYPE_DNC_WINDOW);
  g_clear_object (&self->session);
  g_clear_pointer (&self->contents, g_bytes_unref);
  g_clear_pointer (&self->report, json_object_unref);

  G_OBJECT_CLASS (rd_dnc_window_parent_class)->dispose (object);
}

static void
rd_dnc_window_finalize (GObject *object)
{
  RdDncWindow *self = RD_DNC_WINDOW (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->campaign_ids, g_ptr_array_unref);
  g_clear_pointer (&self->number_rows, g_ptr_array_unref);
  g_clear_pointer (&self->report_rows, g_ptr_array_unref);
  g_clear_pointer (&self->removing, g_free);

  G_OBJECT_CLASS (rd_dnc_window_parent_class)->finalize (object);
}

static void
rd_dnc_window_class_init (RdDncWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rd_dnc_window_dispose;
  object_class->finalize = rd_dnc_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ringdesk/Ringdesk/rd-dnc-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RdDncWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, RdDncWindow, list_row);
  gtk_widget_class_bind_template_child (widget_class, RdDncWindow, list_names);
  gtk_widget_class_bind_template_child (widget_class, RdDncWindow, report_group);
  gtk_widget_class_bind_template_child (widget_class, RdDncWindow, number_row);
  gtk_widget_class_bind_template_child (widget_class, RdDncWindow, country_row);
  gtk_widget_class_bind_template_child (widget_class, RdDncWindow, reason_row);
  gtk_widget_class_bind_template_child (widget_class, RdDncWindow, add_button);
  gtk_widget_class_bind_template_child (widget_class, RdDncWindow, file_row);
  gtk_widget_class_bind_template_child (widget_class, RdDncWindow, header_switch);
  gtk_widget_class_bind_template_child (widget_class, RdDncWindow, dry_run_button);
  gtk_widget_class_bind_template_child (widget_class, RdDncWindow, upload_button);
  gtk_widget_class_bind_template_child (widget_class, RdDncWindow, numbers_group);
  gtk_widget_class_bind_template_child (widget_class, RdDncWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, RdDncWindow, previous_button);
  gtk_widget_class_bind_template_child (widget_class, RdDncWindow, next_button);
  gtk_widget_class_bind_template_child (widget_class, RdDncWindow, page_label);
  gtk_widget_class_bind_template_child (widget_class, RdDncWindow, pager);
  /* Not kept in the struct; named for tests. */
  gtk_widget_class_bind_template_child_full (widget_class, "add_expander", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "upload_expander", FALSE, 0);
  gtk_widget_class_bind_template_callback (widget_class, rd_dnc_window_update_cb);
  gtk_widget_class_bind_template_callback (widget_class, rd_dnc_window_list_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, rd_dnc_window_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, rd_dnc_window_previous_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, rd_dnc_window_next_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, rd_dnc_window_add_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, rd_dnc_window_choose_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, rd_dnc_window_dry_run_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, rd_dnc_window_upload_clicked_cb);
}

static void
rd_dnc_window_init (RdDncWindow *self)
{
  self->cancellable = g_cancellable_new ();
  self->campaign_ids = g_ptr_array_new_with_free_func (g_free);
  self->number_rows = g_ptr_array_new ();
  self->report_rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  /* The selector's first entry; the campaigns follow from the server. */
  g_ptr_array_add (self->campaign_ids, NULL);
  gtk_string_list_append (self->list_names, _("Global: every campaign"));
}

RdDncWindow *
rd_dnc_window_new (GtkWindow       *parent,
                   RdServerSession *session,
                   const char      *region)
{
  RdDncWindow *self;

  g_return_val_if_fail (RD_IS_SERVER_SESSION (session), NULL);
  self = g_object_new (RD_TYPE_DNC_WINDOW, "transient-for", parent, NULL);
  self->session = g_object_ref (session);
  gtk_editable_set_text (GTK_EDITABLE (self->country_row), region != NULL ? region : "");
  call (self, "GET", "campaigns", NULL, campaigns_done_cb, NULL);
  reload (self);
  return self;
}

gboolean
rd_dnc_window_get_busy (RdDncWindow *self)
{
  g_return_val_if_fail (RD_IS_DNC_WINDOW (self), FALSE);
  return self->pending > 0;
}

gboolean
rd_dnc_window_select_list (RdDncWindow *self,
                           const char  *id)
{
  g_return_val_if_fail (RD_IS_DNC_WINDOW (self), FALSE);
  for (guint i = 0; i < self->campaign_ids->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->campaign_ids, i), id) == 0)
      {
        adw_combo_row_set_selected (self->list_row, i);
        return TRUE;
      }
  return FALSE;
}

guint
rd_dnc_window_get_n_numbers (RdDncWindow *self)
{
  g_return_val_if_fail (RD_IS_DNC_WINDOW (self), 0);
  return self->number_rows->len;
}

JsonObject *
rd_dnc_window_get_report (RdDncWindow *self)
{
  g_return_val_if_fail (RD_IS_DNC_WINDOW (self), NULL);
  return self->report;
}
