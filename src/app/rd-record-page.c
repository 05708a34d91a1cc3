/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "rd-labels.h"
#include "rd-phone-number.h"
#include "rd-record-page-private.h"
#include "rd-schema.h"
#include "rd-text-row.h"

/* The 360 page of one record: its fields, editable in place (each row
 * writes through the store on "apply" and shows the store's validation
 * error on itself), phones formatted by the core with a Call button,
 * follow-ups (note or ticket comment, call-back), related deals and
 * tickets, and the timeline. The rows for fields come from the schema
 * descriptors, so every table gets a page without a template of its own.
 * With no id it is the "new record" form. */


enum {
  CHANGED,
  OPEN_RECORD,
  BACK,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (RdRecordPage, rd_record_page, GTK_TYPE_WIDGET)

void
rd_record_page_emit_changed (RdRecordPage *self,
                             const char   *table,
                             const char   *id)
{
  g_signal_emit (self, signals[CHANGED], 0, table, id);
}

void
rd_record_page_emit_open_record (RdRecordPage *self,
                                 const char   *table,
                                 const char   *id)
{
  g_signal_emit (self, signals[OPEN_RECORD], 0, table, id);
}


/* --- helpers -------------------------------------------------------------- */

static gboolean
is_time_field (const RdFieldDesc *field)
{
  return field->type == RD_FIELD_INT &&
         (g_str_has_suffix (field->name, "_at") || g_str_equal (field->name, "due") ||
          g_str_equal (field->name, "sla_due") || g_str_equal (field->name, "close_date") ||
          g_str_equal (field->name, "start_date"));
}

static gboolean
is_editable_field (const RdFieldDesc *field)
{
  if (field->flags & (RD_FIELD_READONLY | RD_FIELD_PARENT | RD_FIELD_REF))
    return FALSE;
  /* triage records how an agent answered the ticket's suggestion (its own group). */
  if (g_str_equal (field->name, "created_at") || g_str_equal (field->name, "parent_tbl") ||
      g_str_equal (field->name, "triage") ||
      g_str_has_prefix (field->name, "converted_"))
    return FALSE;
  return TRUE;
}

/* "2024-05-01" or "2024-05-01 14:30" (local time) → ms since the epoch. */
gboolean
rd_record_page_parse_time (const char *text,
            gint64     *ms)
{
  int year, month, day, hour = 0, minute = 0;
  int n = sscanf (text, "%d-%d-%d %d:%d", &year, &month, &day, &hour, &minute);
  g_autoptr(GDateTime) time = NULL;

  if (n != 3 && n != 5)
    return FALSE;
  time = g_date_time_new_local (year, month, day, hour, minute, 0);
  if (time == NULL)
    return FALSE;
  *ms = g_date_time_to_unix (time) * 1000;
  return TRUE;
}

void
rd_record_page_toast (RdRecordPage *self,
                      const char   *message)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (message));
}

void
rd_record_page_mark_row (GtkWidget  *row,
          const char *error)
{
  if (error != NULL)
    gtk_widget_add_css_class (row, "error");
  else
    gtk_widget_remove_css_class (row, "error");
  gtk_widget_set_tooltip_text (row, error);
  g_object_set_data_full (G_OBJECT (row), "error", g_strdup (error), g_free);
}

static GtkWidget *
rd_record_page_find_field_row (RdRecordPage *self,
                               const char   *name)
{
  for (guint i = 0; i < self->dynamic_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->dynamic_rows, i);
      const RdFieldDesc *field = g_object_get_data (G_OBJECT (row), "field");

      if (field != NULL && g_str_equal (field->name, name))
        return row;
    }
  return rd_record_page_find_custom_row (self, name);
}

/* Shows @error on the row of the field it names (or as a toast). */
void
rd_record_page_show_error (RdRecordPage *self,
                           const GError *error)
{
  g_autofree char *name = rd_store_error_get_field (error);
  GtkWidget *row = name ? rd_record_page_find_field_row (self, name) : NULL;

  if (row != NULL)
    rd_record_page_mark_row (row, error->message);
  rd_record_page_toast (self, error->message);
}

/* Puts the value typed in @row into @record; FALSE with the error on the row. */
gboolean
rd_record_page_take_row_value (GtkWidget *row,
                RdRecord  *record)
{
  const RdFieldDesc *field = g_object_get_data (G_OBJECT (row), "field");
  const char *text;

  if (field->flags & RD_FIELD_BOOLEAN)
    {
      rd_record_set_int (record, field->name, rd_record_page_switch_row_get_active (row));
      return TRUE;
    }
  if (ADW_IS_COMBO_ROW (row))
    {
      guint selected = adw_combo_row_get_selected (ADW_COMBO_ROW (row));

      if (field->enum_values != NULL && selected < g_strv_length ((char **) field->enum_values))
        rd_record_set_string (record, field->name, field->enum_values[selected]);
      return TRUE;
    }

  text = RD_IS_TEXT_ROW (row) ? rd_text_row_get_text (RD_TEXT_ROW (row))
                              : gtk_editable_get_text (GTK_EDITABLE (row));
  if (*text == '\0')
    {
      rd_record_set_null (record, field->name);
      return TRUE;
    }

  if (is_time_field (field))
    {
      gint64 ms;

      if (!rd_record_page_parse_time (text, &ms))
        {
          rd_record_page_mark_row (row, _("Write a date as YYYY-MM-DD or YYYY-MM-DD HH:MM"));
          return FALSE;
        }
      rd_record_set_int (record, field->name, ms);
    }
  else if (field->type == RD_FIELD_INT)
    {
      char *end = NULL;
      gint64 value = g_ascii_strtoll (text, &end, 10);

      if (end == NULL || *end != '\0')
        {
          rd_record_page_mark_row (row, _("Write a whole number"));
          return FALSE;
        }
      rd_record_set_int (record, field->name, value);
    }
  else if (field->type == RD_FIELD_REAL)
    {
      char *end = NULL;
      double value = g_ascii_strtod (text, &end);

      if (end == NULL || *end != '\0')
        {
          rd_record_page_mark_row (row, _("Write a number, e.g. 1500.50"));
          return FALSE;
        }
      rd_record_set_double (record, field->name, value);
    }
  else
    {
      rd_record_set_string (record, field->name, text);
    }
  return TRUE;
}

gboolean
rd_record_page_update (RdRecordPage *self,
                       RdRecord     *changes,
                       GtkWidget    *row)
{
  g_autoptr(GError) error = NULL;

  rd_record_set_id (changes, self->id);
  if (!rd_store_update (self->store, changes, &error))
    {
      if (row != NULL)
        rd_record_page_mark_row (row, error->message);
      rd_record_page_toast (self, error->message);
      return FALSE;
    }
  if (row != NULL)
    rd_record_page_mark_row (row, NULL);
  rd_record_page_emit_changed (self, self->table, self->id);
  return TRUE;
}

/* --- field rows ------------------------------------------------------------- */

static void
field_apply_cb (AdwEntryRow  *row,
                RdRecordPage *self)
{
  g_autoptr(RdRecord) changes = rd_record_new (self->table);

  if (self->id == NULL)
    return;
  if (rd_record_page_take_row_value (GTK_WIDGET (row), changes))
    rd_record_page_update (self, changes, GTK_WIDGET (row));
}

static void
field_changed_cb (GtkEditable  *row,
                  RdRecordPage *self)
{
  if (!self->loading)
    rd_record_page_mark_row (GTK_WIDGET (row), NULL);
}

static void
combo_selected_cb (AdwComboRow  *row,
                   GParamSpec   *pspec,
                   RdRecordPage *self)
{
  g_autoptr(RdRecord) changes = rd_record_new (self->table);

  if (self->loading || self->id == NULL)
    return;
  if (rd_record_page_take_row_value (GTK_WIDGET (row), changes))
    rd_record_page_update (self, changes, GTK_WIDGET (row));
}

void
rd_record_page_add_row (RdRecordPage        *self,
                        AdwPreferencesGroup *group,
                        GtkWidget           *row)
{
  adw_preferences_group_add (group, row);
  g_ptr_array_add (self->dynamic_rows, row);
  g_object_set_data (G_OBJECT (row), "group", group);
}

static GtkWidget *
rd_record_page_field_row (RdRecordPage      *self,
                          const RdFieldDesc *field)
{
  GtkWidget *row;

  if (field->flags & RD_FIELD_BOOLEAN)
    {
      row = rd_record_page_switch_row (self, field);
    }
  else if (field->flags & RD_FIELD_ENUM)
    {
      g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
      const char *value = self->record ? rd_record_get_string (self->record, field->name) : NULL;
      guint selected = 0;

      for (guint i = 0; field->enum_values[i] != NULL; i++)
        {
          gtk_string_list_append (labels, rd_labels_value (field->enum_values[i]));
          if (g_strcmp0 (value, field->enum_values[i]) == 0)
            selected = i;
        }
      row = adw_combo_row_new ();
      adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (labels));
      adw_combo_row_set_selected (ADW_COMBO_ROW (row), selected);
      g_signal_connect (row, "notify::selected", G_CALLBACK (combo_selected_cb), self);
    }
  else if (field->flags & RD_FIELD_LONG_TEXT)
    {
      row = rd_text_row_new ();
      if (self->record != NULL)
        rd_text_row_set_text (RD_TEXT_ROW (row), rd_record_get_string (self->record, field->name));
      rd_text_row_set_show_apply_button (RD_TEXT_ROW (row), self->id != NULL);
      g_signal_connect (row, "apply", G_CALLBACK (field_apply_cb), self);
      g_signal_connect (row, "changed", G_CALLBACK (field_changed_cb), self);
    }
  else
    {
      g_autofree char *text = NULL;

      row = adw_entry_row_new ();
      if (self->record != NULL && rd_record_has_field (self->record, field->name))
        {
          if (is_time_field (field))
            text = rd_labels_time (rd_record_get_int (self->record, field->name, 0));
          else if (field->type == RD_FIELD_INT)
            text = g_strdup_printf ("%" G_GINT64_FORMAT, rd_record_get_int (self->record, field->name, 0));
          else if (field->type == RD_FIELD_REAL)
            text = g_strdup_printf ("%.2f", rd_record_get_double (self->record, field->name, 0));
          else
            text = g_strdup (rd_record_get_string (self->record, field->name));
        }
      gtk_editable_set_text (GTK_EDITABLE (row), text ? text : "");
      adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (row), self->id != NULL);
      if (field->flags & RD_FIELD_EMAIL)
        adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (row), GTK_INPUT_PURPOSE_EMAIL);
      g_signal_connect (row, "apply", G_CALLBACK (field_apply_cb), self);
      g_signal_connect (row, "changed", G_CALLBACK (field_changed_cb), self);
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), rd_labels_table_field (self->table, field->name));
  g_object_set_data (G_OBJECT (row), "field", (gpointer) field);
  return row;
}

/* --- phones ----------------------------------------------------------------- */

static GtkWidget *
rd_record_page_phone_row (RdRecordPage *self,
                          JsonObject   *phone)
{
  const char *raw = json_object_get_string_member_with_default (phone, "raw", "");
  const char *e164 = json_object_get_string_member_with_default (phone, "e164", NULL);
  const char *kind = json_object_get_string_member_with_default (phone, "kind", "mobile");
  gboolean invalid = json_object_get_int_member_with_default (phone, "invalid", 0) != 0;
  g_autofree char *formatted = NULL;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *call = gtk_button_new_from_icon_name ("call-start-symbolic");

  if (!invalid && e164 != NULL)
    formatted = rd_phone_number_format (e164, rd_store_get_default_region (self->store),
                                        RD_PHONE_FORMAT_INTERNATIONAL);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), formatted ? formatted : raw);
  if (invalid)
    {
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Not a valid phone number: kept as typed"));
      gtk_widget_add_css_class (row, "error");
    }
  else
    {
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), rd_labels_value (kind));
    }

  /* The softphone is not part of this build: a visible, disabled action. */
  gtk_widget_set_valign (call, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (call, "flat");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (call), "win.dial");
  gtk_widget_set_tooltip_text (call, _("Calling needs the softphone, which is not set up yet"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), call);
  /* The call center's PBX rings the agent's desk phone, then dials this number. */
  if (self->cti_extension != NULL && !invalid && e164 != NULL)
    {
      GtkWidget *pbx = gtk_button_new_from_icon_name ("phone-symbolic");
      g_autofree char *tip = g_strdup_printf (_("Call from the desk phone (extension %s)"),
                                              self->cti_extension);

      gtk_widget_set_valign (pbx, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (pbx, "flat");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (pbx), "win.cti-call");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (pbx), "s", e164);
      gtk_widget_set_tooltip_text (pbx, tip);
      g_object_set_data (G_OBJECT (row), "cti-call", pbx);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), pbx);
    }
  return row;
}

static void
rd_record_page_add_phone_cb (RdRecordPage *self,
                             AdwEntryRow  *row)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));

  if (self->id == NULL || *text == '\0')
    return;

  id = rd_store_add_phone (self->store, self->table, self->id, text, NULL, &error);
  if (id == NULL)
    {
      rd_record_page_mark_row (GTK_WIDGET (row), error->message);
      return;
    }
  rd_record_page_mark_row (GTK_WIDGET (row), NULL);
  gtk_editable_set_text (GTK_EDITABLE (row), "");
  rd_record_page_emit_changed (self, self->table, self->id);
  rd_record_page_reload (self);
}

/* --- related records and timeline --------------------------------------------- */

static void
related_activated_cb (AdwActionRow *row,
                      RdRecordPage *self)
{
  rd_record_page_emit_open_record (self,
                 g_object_get_data (G_OBJECT (row), "table"),
                 g_object_get_data (G_OBJECT (row), "id"));
}

static void
rd_record_page_add_related (RdRecordPage *self,
                            const char   *table,
                            const char   *field)
{
  g_autofree char *query = g_strdup_printf ("%s = '%s'", field, self->id);
  g_autoptr(GPtrArray) rows = rd_store_list (self->store, table, query, NULL, 0, 50, NULL);

  for (guint i = 0; rows != NULL && i < rows->len; i++)
    {
      RdRecord *record = g_ptr_array_index (rows, i);
      const RdTableDesc *desc = rd_schema_lookup (table);
      GtkWidget *row = adw_action_row_new ();
      const char *status = rd_record_get_string (record, "status");
      g_autofree char *subtitle = g_strdup_printf ("%s · %s", rd_labels_table (table),
                                                   status ? rd_labels_value (status) : "");

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), rd_record_get_string (record, desc->title_field));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "table", g_strdup (table), g_free);
      g_object_set_data_full (G_OBJECT (row), "id", g_strdup (rd_record_get_id (record)), g_free);
      g_signal_connect (row, "activated", G_CALLBACK (related_activated_cb), self);
      rd_record_page_add_row (self, self->related_group, row);
    }
}

/* --- SLA ---------------------------------------------------------------------- */

static char *
format_span (gint64 seconds)
{
  int minutes = (int) MIN (seconds / 60, G_MAXINT);

  if (minutes >= 60 * 24)
    return g_strdup_printf (_("%d d %d h"), minutes / (60 * 24), (minutes / 60) % 24);
  if (minutes >= 60)
    return g_strdup_printf (_("%d h %d min"), minutes / 60, minutes % 60);
  return g_strdup_printf (_("%d min"), minutes);
}

static gboolean
rd_record_page_update_sla (gpointer user_data)
{
  RdRecordPage *self = user_data;
  gint64 due = self->record ? rd_record_get_int (self->record, "sla_due", 0) : 0;
  const char *status = self->record ? rd_record_get_string (self->record, "status") : NULL;
  gint64 left = due / 1000 - g_get_real_time () / G_USEC_PER_SEC;
  g_autofree char *span = NULL;
  g_autofree char *text = NULL;

  gtk_widget_remove_css_class (GTK_WIDGET (self->sla_label), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->sla_label), "success");
  if (g_strcmp0 (status, "closed") == 0)
    {
      text = g_strdup (_("Resolved"));
      gtk_widget_add_css_class (GTK_WIDGET (self->sla_label), "success");
    }
  else if (due <= 0)
    {
      text = g_strdup (_("No SLA"));
    }
  else if (left >= 0)
    {
      span = format_span (left);
      text = g_strdup_printf (_("SLA: %s left"), span);
    }
  else
    {
      span = format_span (-left);
      text = g_strdup_printf (_("SLA: overdue by %s"), span);
      gtk_widget_add_css_class (GTK_WIDGET (self->sla_label), "error");
    }
  gtk_label_set_label (self->sla_label, text);
  return G_SOURCE_CONTINUE;
}

static void
rd_record_page_back_cb (RdRecordPage *self,
                        GtkButton    *button)
{
  g_signal_emit (self, signals[BACK], 0);
}

/* --- loading ---------------------------------------------------------------------- */

static void
rd_record_page_clear (RdRecordPage *self)
{
  for (guint i = 0; i < self->dynamic_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->dynamic_rows, i);

      adw_preferences_group_remove (g_object_get_data (G_OBJECT (row), "group"), row);
    }
  g_ptr_array_set_size (self->dynamic_rows, 0);
  rd_record_page_clear_custom (self);
  g_clear_handle_id (&self->sla_timer, g_source_remove);
}

void
rd_record_page_reload (RdRecordPage *self)
{
  const RdTableDesc *desc = rd_schema_lookup (self->table);
  gboolean is_new = self->id == NULL;
  gboolean has_phones, is_person;
  const char *title;

  g_return_if_fail (desc != NULL);

  self->loading = TRUE;
  rd_record_page_clear (self);
  g_clear_object (&self->record);
  if (!is_new)
    {
      g_autoptr(GError) error = NULL;

      self->record = rd_store_get (self->store, self->table, self->id, &error);
      if (self->record == NULL)
        {
          rd_record_page_toast (self, error->message);
          self->loading = FALSE;
          return;
        }
    }

  title = self->record ? rd_record_get_string (self->record, desc->title_field) : NULL;
  if (is_new)
    {
      g_autofree char *new_title = g_strdup_printf (_("New in %s"), rd_labels_table (self->table));
      gtk_label_set_label (self->title_label, new_title);
    }
  else
    {
      gtk_label_set_label (self->title_label, title ? title : "");
    }

  for (guint i = 0; i < desc->n_fields; i++)
    if (is_editable_field (&desc->fields[i]))
      rd_record_page_add_row (self, self->fields_group, rd_record_page_field_row (self, &desc->fields[i]));
  if (!is_new && !(desc->flags & (RD_TABLE_CHILD | RD_TABLE_SHARED)) && !g_str_equal (self->table, "users") &&
      !g_str_equal (self->table, "teams"))
    rd_record_page_add_owner_row (self);
  rd_record_page_add_custom (self);

  has_phones = (desc->flags & RD_TABLE_HAS_PHONES) != 0;
  is_person = has_phones;
  gtk_widget_set_visible (GTK_WIDGET (self->phones_group), has_phones);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->add_phone_row),
                                 is_new ? _("Phone") : _("Add Phone"));
  adw_entry_row_set_show_apply_button (self->add_phone_row, !is_new);
  if (has_phones && self->record != NULL)
    {
      JsonArray *phones = rd_record_get_array (self->record, "phones");

      for (guint i = 0; phones != NULL && i < json_array_get_length (phones); i++)
        rd_record_page_add_row (self, self->phones_group,
                                rd_record_page_phone_row (self, json_array_get_object_element (phones, i)));
    }

  /* Shared records (articles) are documents: no follow-ups, no timeline. */
  gtk_widget_set_visible (GTK_WIDGET (self->followup_group), !is_new && !(desc->flags & RD_TABLE_SHARED));
  /* People get call-backs; so does an activity (the next try of the to-do
   * list, for the same record). */
  gtk_widget_set_visible (GTK_WIDGET (self->callback_row),
                          is_person || (!is_new && g_str_equal (self->table, "activities")));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->note_row),
                                 g_str_equal (self->table, "tickets") ? _("Add Comment") : _("Add Note"));

  gtk_widget_set_visible (GTK_WIDGET (self->related_group), FALSE);
  if (!is_new && (g_str_equal (self->table, "contacts") || g_str_equal (self->table, "organizations")))
    {
      const char *field = g_str_equal (self->table, "contacts") ? "contact_id" : "org_id";

      gtk_widget_set_visible (GTK_WIDGET (self->related_group), TRUE);
      rd_record_page_add_related (self, "deals", field);
      if (g_str_equal (self->table, "contacts"))
        rd_record_page_add_related (self, "tickets", "contact_id");
      else
        rd_record_page_add_related (self, "contacts", "org_id");
    }

  rd_record_page_update_documents (self);
  gtk_widget_set_visible (GTK_WIDGET (self->timeline_group), !is_new && !(desc->flags & RD_TABLE_SHARED));
  if (!is_new && !(desc->flags & RD_TABLE_SHARED))
    rd_record_page_fill_timeline (self);

  gtk_widget_set_visible (GTK_WIDGET (self->create_button), is_new);
  rd_record_page_update_items (self);
  rd_record_page_update_sms (self);
  rd_record_page_update_score (self);
  rd_record_page_update_triage (self);
  rd_record_page_update_reply (self);
  rd_record_page_update_email (self);
  gtk_widget_set_visible (GTK_WIDGET (self->convert_button),
                          !is_new && g_str_equal (self->table, "leads") &&
                          g_strcmp0 (rd_record_get_string (self->record, "status"), "converted") != 0 &&
                          g_strcmp0 (rd_record_get_string (self->record, "status"), "lost") != 0);
  gtk_widget_set_visible (GTK_WIDGET (self->resolve_button),
                          !is_new && g_str_equal (self->table, "tickets") &&
                          g_strcmp0 (rd_record_get_string (self->record, "status"), "closed") != 0);
  gtk_widget_set_visible (GTK_WIDGET (self->done_button),
                          !is_new && g_str_equal (self->table, "activities") &&
                          rd_record_get_int (self->record, "done", 0) == 0);

  gtk_widget_set_visible (GTK_WIDGET (self->sla_label), !is_new && g_str_equal (self->table, "tickets"));
  if (!is_new && g_str_equal (self->table, "tickets"))
    {
      rd_record_page_update_sla (self);
      self->sla_timer = g_timeout_add_seconds (30, rd_record_page_update_sla, self);
    }

  self->loading = FALSE;
}

/* --- GObject ------------------------------------------------------------------------ */

static void
rd_record_page_dispose (GObject *object)
{
  RdRecordPage *self = RD_RECORD_PAGE (object);

  g_clear_handle_id (&self->sla_timer, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), RD_TYPE_RECORD_PAGE);
  g_clear_object (&self->record);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (rd_record_page_parent_class)->dispose (object);
}

static void
rd_record_page_finalize (GObject *object)
{
  RdRecordPage *self = RD_RECORD_PAGE (object);

  g_clear_pointer (&self->table, g_free);
  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->cti_extension, g_free);
  g_clear_pointer (&self->dynamic_rows, g_ptr_array_unref);
  g_clear_pointer (&self->triage_team_ids, g_ptr_array_unref);
  g_clear_pointer (&self->suggested_tags, g_free);
  g_clear_pointer (&self->suggested_group, g_free);
  g_clear_pointer (&self->custom_groups, g_ptr_array_unref);
  g_clear_pointer (&self->custom_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (rd_record_page_parent_class)->finalize (object);
}

static void
rd_record_page_class_init (RdRecordPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rd_record_page_dispose;
  object_class->finalize = rd_record_page_finalize;
  g_type_ensure (RD_TYPE_LINE_ITEMS_EDITOR);
  g_type_ensure (RD_TYPE_PROJECT_PLAN);
  g_type_ensure (RD_TYPE_PRICE_LIST_EDITOR);

  /**
   * RdRecordPage::changed:
   * @table: the table of the written record
   * @id: its id
   *
   * The page wrote to the store (lists showing it should refresh).
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
  signals[OPEN_RECORD] =
    g_signal_new ("open-record", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
  signals[BACK] =
    g_signal_new ("back", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  g_type_ensure (RD_TYPE_DOCUMENTS_SECTION);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ringdesk/Ringdesk/rd-record-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RdRecordPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, RdRecordPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, RdRecordPage, sla_label);
  gtk_widget_class_bind_template_child (widget_class, RdRecordPage, sms_button);
  gtk_widget_class_bind_template_child (widget_class, RdRecordPage, email_button);
  gtk_widget_class_bind_template_child (widget_class, RdRecordPage, convert_button);
  gtk_widget_class_bind_template_child (widget_class, RdRecordPage, resolve_button);
  gtk_widget_class_bind_template_child (widget_class, RdRecordPage, done_button);
  gtk_widget_class_bind_template_child (widget_class, RdRecordPage, create_button);
  gtk_widget_class_bind_template_child (widget_class, RdRecordPage, fields_group);
  gtk_widget_class_bind_template_child (widget_class, RdRecordPage, score_group);
  gtk_widget_class_bind_template_child (widget_class, RdRecordPage, triage_group);
  gtk_widget_class_bind_template_child (widget_class, RdRecordPage, triage_button);
  gtk_widget_class_bind_template_child (widget_class, RdRecordPage, triage_tags_row);
  gtk_widget_class_bind_template_child (widget_class, RdRecordPage, triage_group_row);
  gtk_widget_class_bind_template_child (widget_class, RdRecordPage, line_items_editor);
  gtk_widget_class_bind_template_child (widget_class, RdRecordPage, project_plan);
  gtk_widget_class_bind_template_child (widget_class, RdRecordPage, price_list_editor);
  gtk_widget_class_bind_template_callback (widget_class, rd_record_page_items_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, rd_record_page_items_failed_cb);
  gtk_widget_class_bind_template_callback (widget_class, rd_record_page_items_open_cb);
  gtk_widget_class_bind_template_child (widget_class, RdRecordPage, phones_group);
  gtk_widget_class_bind_template_child (widget_class, RdRecordPage, followup_group);
  gtk_widget_class_bind_template_child (widget_class, RdRecordPage, related_group);
  gtk_widget_class_bind_template_child (widget_class, RdRecordPage, timeline_group);
  gtk_widget_class_bind_template_child (widget_class, RdRecordPage, documents_section);
  gtk_widget_class_bind_template_child (widget_class, RdRecordPage, add_phone_row);
  gtk_widget_class_bind_template_child (widget_class, RdRecordPage, note_row);
  gtk_widget_class_bind_template_child (widget_class, RdRecordPage, callback_row);
  gtk_widget_class_bind_template_child (widget_class, RdRecordPage, reply_row);
  gtk_widget_class_bind_template_callback (widget_class, rd_record_page_back_cb);
  gtk_widget_class_bind_template_callback (widget_class, rd_record_page_convert_cb);
  gtk_widget_class_bind_template_callback (widget_class, rd_record_page_triage_cb);
  gtk_widget_class_bind_template_callback (widget_class, rd_record_page_send_sms_cb);
  gtk_widget_class_bind_template_callback (widget_class, rd_record_page_send_email_cb);
  gtk_widget_class_bind_template_callback (widget_class, rd_record_page_resolve_cb);
  gtk_widget_class_bind_template_callback (widget_class, rd_record_page_done_cb);
  gtk_widget_class_bind_template_callback (widget_class, rd_record_page_create_cb);
  gtk_widget_class_bind_template_callback (widget_class, rd_record_page_add_phone_cb);
  gtk_widget_class_bind_template_callback (widget_class, rd_record_page_add_note_cb);
  gtk_widget_class_bind_template_callback (widget_class, rd_record_page_callback_cb);
  gtk_widget_class_bind_template_callback (widget_class, rd_record_page_reply_cb);
  gtk_widget_class_bind_template_callback (widget_class, rd_record_page_documents_changed_cb);
}

static void
rd_record_page_init (RdRecordPage *self)
{
  self->dynamic_rows = g_ptr_array_new ();
  self->custom_groups = g_ptr_array_new ();
  self->custom_rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
rd_record_page_new (void)
{
  return g_object_new (RD_TYPE_RECORD_PAGE, NULL);
}

/** The store the page reads and writes (the window's, on the UI thread). */
void
rd_record_page_set_store (RdRecordPage *self,
                          RdStore      *store)
{
  g_return_if_fail (RD_IS_RECORD_PAGE (self));
  g_set_object (&self->store, store);
}

/** Offers click-to-call through the PBX on @extension beside each phone (NULL: none). */
void
rd_record_page_set_cti_extension (RdRecordPage *self,
                                  const char   *extension)
{
  g_return_if_fail (RD_IS_RECORD_PAGE (self));

  if (g_strcmp0 (self->cti_extension, extension) == 0)
    return;
  g_free (self->cti_extension);
  self->cti_extension = g_strdup (extension);
  if (self->table != NULL && self->id != NULL)
    rd_record_page_reload (self);
}

/** Shows record @id of @table, or the empty form for a new one when @id is NULL. */
void
rd_record_page_show (RdRecordPage *self,
                     const char   *table,
                     const char   *id)
{
  g_return_if_fail (RD_IS_RECORD_PAGE (self));
  g_return_if_fail (self->store != NULL && table != NULL);

  /* @table and @id may be our own strings. */
  table = g_intern_string (table);
  g_free (self->id == id ? NULL : self->id);
  self->id = self->id == id ? self->id : g_strdup (id);
  g_free (self->table);
  self->table = g_strdup (table);
  rd_record_page_reload (self);
}

const char *
rd_record_page_get_table (RdRecordPage *self)
{
  g_return_val_if_fail (RD_IS_RECORD_PAGE (self), NULL);
  return self->table;
}

/** The id of the record shown, or NULL for a new one. */
const char *
rd_record_page_get_id (RdRecordPage *self)
{
  g_return_val_if_fail (RD_IS_RECORD_PAGE (self), NULL);
  return self->id;
}

/** The row editing @field (for tests and focus), or NULL. */
GtkWidget *
rd_record_page_get_field_row (RdRecordPage *self,
                              const char   *field)
{
  g_return_val_if_fail (RD_IS_RECORD_PAGE (self), NULL);
  return rd_record_page_find_field_row (self, field);
}

/** The text of the SLA line of a ticket. */
const char *
rd_record_page_get_sla_text (RdRecordPage *self)
{
  g_return_val_if_fail (RD_IS_RECORD_PAGE (self), NULL);
  return gtk_label_get_label (self->sla_label);
}
