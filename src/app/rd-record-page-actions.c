/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include <glib/gi18n.h>

#include "rd-record-page-private.h"
#include "rd-sms-dialog.h"
#include "rd-schema.h"

/* What the 360 page does besides editing fields: assign, follow up (note or
 * comment, call-back), convert a lead, resolve a ticket, mark an activity
 * done, create a new record, send an SMS. */

/* --- assignment ------------------------------------------------------------- */

static void
owner_selected_cb (AdwComboRow  *row,
                   GParamSpec   *pspec,
                   RdRecordPage *self)
{
  GPtrArray *ids = g_object_get_data (G_OBJECT (row), "user-ids");
  guint selected = adw_combo_row_get_selected (row);
  g_autoptr(RdRecord) changes = rd_record_new (self->table);

  if (self->loading || self->id == NULL || selected >= ids->len)
    return;
  rd_record_set_string (changes, "owner", g_ptr_array_index (ids, selected));
  if (rd_record_page_update (self, changes, GTK_WIDGET (row)))
    rd_record_page_toast (self, _("Assigned"));
}

/* "Assigned to": the users the replica knows (synced from the server);
 * none offline, then there is no row. The store moves the record's
 * children with it. */
void
rd_record_page_add_owner_row (RdRecordPage *self)
{
  g_autoptr(GPtrArray) users = rd_store_list (self->store, "users", NULL, "name", 0, 500, NULL);
  g_autoptr(GtkStringList) names = NULL;
  GPtrArray *ids;
  const char *owner;
  guint selected = GTK_INVALID_LIST_POSITION;
  GtkWidget *row;

  if (users == NULL || users->len == 0 || self->record == NULL)
    return;

  owner = rd_record_get_string (self->record, "owner");
  names = gtk_string_list_new (NULL);
  ids = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < users->len; i++)
    {
      RdRecord *user = g_ptr_array_index (users, i);

      gtk_string_list_append (names, rd_record_get_string (user, "name") ?: rd_record_get_id (user));
      g_ptr_array_add (ids, g_strdup (rd_record_get_id (user)));
      if (g_strcmp0 (owner, rd_record_get_id (user)) == 0)
        selected = i;
    }

  row = adw_combo_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Assigned To"));
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (names));
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), selected);
  g_object_set_data_full (G_OBJECT (row), "user-ids", ids, (GDestroyNotify) g_ptr_array_unref);
  g_signal_connect (row, "notify::selected", G_CALLBACK (owner_selected_cb), self);
  rd_record_page_add_row (self, self->fields_group, row);
  g_object_set_data (G_OBJECT (row), "owner-row", GINT_TO_POINTER (1));
}

/** Assigns the record shown to user @user_id (as the "Assigned to" row does). */
gboolean
rd_record_page_assign (RdRecordPage *self,
                       const char   *user_id)
{
  for (guint i = 0; i < self->dynamic_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->dynamic_rows, i);
      GPtrArray *ids = g_object_get_data (G_OBJECT (row), "user-ids");

      for (guint j = 0; ids != NULL && j < ids->len; j++)
        if (g_str_equal (g_ptr_array_index (ids, j), user_id))
          {
            adw_combo_row_set_selected (ADW_COMBO_ROW (row), j);
            return TRUE;
          }
    }
  return FALSE;
}

/* --- follow-ups --------------------------------------------------------------- */

void
rd_record_page_add_note_cb (RdRecordPage *self,
                            AdwEntryRow  *row)
{
  g_autoptr(RdRecord) note = rd_record_new ("notes");
  g_autoptr(GError) error = NULL;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));

  if (self->id == NULL || *text == '\0')
    return;

  rd_record_set_string (note, "parent_tbl", self->table);
  rd_record_set_string (note, "parent_id", self->id);
  rd_record_set_string (note, "body", text);
  if (!rd_store_insert (self->store, note, &error))
    {
      rd_record_page_mark_row (GTK_WIDGET (row), error->message);
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (row), "");
  rd_record_page_emit_changed (self, "notes", rd_record_get_id (note));
  rd_record_page_reload (self);
}

void
rd_record_page_callback_cb (RdRecordPage *self,
                            AdwEntryRow  *row)
{
  g_autoptr(RdRecord) activity = rd_record_new ("activities");
  g_autoptr(GError) error = NULL;
  g_autofree char *subject = NULL;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  gint64 due;

  if (self->id == NULL)
    return;
  if (!rd_record_page_parse_time (text, &due))
    {
      rd_record_page_mark_row (GTK_WIDGET (row), _("Write a date as YYYY-MM-DD or YYYY-MM-DD HH:MM"));
      return;
    }

  if (g_str_equal (self->table, "activities") && self->record != NULL)
    {
      /* From an activity: another try for the same record, same subject. */
      const char *parent_tbl = rd_record_get_string (self->record, "parent_tbl");
      const char *parent_id = rd_record_get_string (self->record, "parent_id");

      subject = g_strdup (gtk_label_get_label (self->title_label));
      if (parent_tbl != NULL && parent_id != NULL)
        {
          rd_record_set_string (activity, "parent_tbl", parent_tbl);
          rd_record_set_string (activity, "parent_id", parent_id);
        }
    }
  else
    {
      subject = g_strdup_printf (_("Call back %s"), gtk_label_get_label (self->title_label));
      rd_record_set_string (activity, "parent_tbl", self->table);
      rd_record_set_string (activity, "parent_id", self->id);
    }
  rd_record_set_string (activity, "kind", "call");
  rd_record_set_string (activity, "subject", subject);
  rd_record_set_int (activity, "due", due);
  /* The store keeps no default for done, and "done = 0" does not match NULL. */
  rd_record_set_int (activity, "done", 0);
  if (!rd_store_insert (self->store, activity, &error))
    {
      rd_record_page_mark_row (GTK_WIDGET (row), error->message);
      return;
    }
  rd_record_page_mark_row (GTK_WIDGET (row), NULL);
  gtk_editable_set_text (GTK_EDITABLE (row), "");
  rd_record_page_toast (self, _("Call-back scheduled"));
  rd_record_page_emit_changed (self, "activities", rd_record_get_id (activity));
  rd_record_page_reload (self);
}

/* --- actions -------------------------------------------------------------------- */

void
rd_record_page_resolve_cb (RdRecordPage *self,
                           GtkButton    *button)
{
  g_autoptr(RdRecord) changes = rd_record_new (self->table);

  rd_record_set_string (changes, "status", "closed");
  if (rd_record_get_string (self->record, "resolution") == NULL)
    rd_record_set_string (changes, "resolution", _("Resolved"));
  if (rd_record_page_update (self, changes, NULL))
    rd_record_page_reload (self);
}

void
rd_record_page_done_cb (RdRecordPage *self,
                        GtkButton    *button)
{
  g_autoptr(RdRecord) changes = rd_record_new (self->table);

  rd_record_set_int (changes, "done", 1);
  if (rd_record_page_update (self, changes, NULL))
    rd_record_page_reload (self);
}

static void
convert_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     RdRecordPage     *self)
{
  GtkWidget *entry = g_object_get_data (G_OBJECT (dialog), "deal-entry");
  g_autoptr(RdRecord) deal = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contact_id = NULL;
  g_autofree char *org_id = NULL;
  g_autofree char *deal_id = NULL;
  const char *deal_name = gtk_editable_get_text (GTK_EDITABLE (entry));

  if (g_strcmp0 (response, "convert") != 0)
    return;

  if (*deal_name != '\0')
    {
      deal = rd_record_new ("deals");
      rd_record_set_string (deal, "name", deal_name);
    }

  if (!rd_store_convert_lead (self->store, self->id, deal, &contact_id, &org_id, &deal_id, &error))
    {
      rd_record_page_toast (self, error->message);
      return;
    }

  rd_record_page_toast (self, _("Lead converted"));
  rd_record_page_emit_changed (self, self->table, self->id);
  rd_record_page_emit_open_record (self, "contacts", contact_id);
}

/** Opens the lead conversion dialog (contact, organization, optional deal). */
void
rd_record_page_convert (RdRecordPage *self)
{
  GtkWidget *dialog;
  GtkWidget *entry = gtk_entry_new ();
  g_autofree char *deal_name = NULL;
  const char *company;

  g_return_if_fail (RD_IS_RECORD_PAGE (self));
  g_return_if_fail (g_strcmp0 (self->table, "leads") == 0 && self->record != NULL);

  company = rd_record_get_string (self->record, "company");
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   _("Convert Lead?"),
                                   company ? _("A contact and an organization are made from this lead.")
                                           : _("A contact is made from this lead."));
  deal_name = g_strdup_printf (_("Deal with %s"), company ? company : rd_record_get_string (self->record, "name"));
  gtk_editable_set_text (GTK_EDITABLE (entry), deal_name);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Deal name (empty: no deal)"));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  g_object_set_data (G_OBJECT (dialog), "deal-entry", entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "convert", _("_Convert"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "convert",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "convert");
  g_signal_connect (dialog, "response", G_CALLBACK (convert_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
rd_record_page_convert_cb (RdRecordPage *self,
                           GtkButton    *button)
{
  rd_record_page_convert (self);
}

/** Stores the new record typed into the form; TRUE on success. */
gboolean
rd_record_page_create (RdRecordPage *self)
{
  g_autoptr(RdRecord) record = rd_record_new (self->table);
  g_autoptr(GError) error = NULL;
  const char *phone = gtk_editable_get_text (GTK_EDITABLE (self->add_phone_row));

  g_return_val_if_fail (RD_IS_RECORD_PAGE (self), FALSE);
  g_return_val_if_fail (self->id == NULL, FALSE);

  for (guint i = 0; i < self->dynamic_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->dynamic_rows, i);
      const RdFieldDesc *field = g_object_get_data (G_OBJECT (row), "field");

      if (field == NULL)
        continue;
      if (!rd_record_page_take_row_value (row, record))
        return FALSE;
    }
  if (!rd_record_page_take_custom (self, record))
    return FALSE;
  /* A person typed as first and last name only is named after them. */
  if (g_str_equal (self->table, "contacts") && rd_record_get_string (record, "name") == NULL)
    {
      g_autofree char *joined = g_strjoin (" ",
                                           rd_record_get_string (record, "first_name") ?: "",
                                           rd_record_get_string (record, "last_name") ?: "", NULL);

      g_strstrip (joined);
      if (*joined != '\0')
        rd_record_set_string (record, "name", joined);
    }
  if (*phone != '\0')
    rd_record_add_phone (record, phone, NULL);

  if (!rd_store_insert (self->store, record, &error))
    {
      rd_record_page_show_error (self, error);
      return FALSE;
    }

  gtk_editable_set_text (GTK_EDITABLE (self->add_phone_row), "");
  rd_record_page_emit_changed (self, self->table, rd_record_get_id (record));
  rd_record_page_show (self, self->table, rd_record_get_id (record));
  return TRUE;
}

void
rd_record_page_create_cb (RdRecordPage *self,
                          GtkButton    *button)
{
  rd_record_page_create (self);
}


/* --- Send SMS ------------------------------------------------------------------- */

static const char *const sms_tables[] = { "contacts", "leads", "organizations", "tickets", NULL };

/* Shown on records that can hang an SMS on; usable with a valid number and a server (the
 * server sends it: a replica working offline cannot). */
void
rd_record_page_update_sms (RdRecordPage *self)
{
  g_autofree char *token = NULL;
  gboolean shown, online, reachable;

  shown = self->id != NULL && self->record != NULL && g_strv_contains (sms_tables, self->table);
  gtk_widget_set_visible (GTK_WIDGET (self->sms_button), shown);
  if (!shown)
    return;
  token = rd_store_get_meta (self->store, "sync.token");
  online = token != NULL;
  reachable = rd_sms_dialog_can_send_to (self->store, self->record);
  gtk_widget_set_sensitive (GTK_WIDGET (self->sms_button), online && reachable);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->sms_button),
                               !online ? _("Sending SMS needs a signed-in server")
                               : !reachable ? (g_str_equal (self->table, "tickets")
                                                 ? _("The ticket’s contact has no valid phone number")
                                                 : _("No valid phone number to send to"))
                               : NULL);
}

static void
sms_sent_cb (RdSmsDialog  *dialog,
             const char   *message_id,
             RdRecordPage *self)
{
  rd_record_page_toast (self, _("SMS queued for sending"));
  rd_record_page_refresh_timeline (self);
}

/** Opens the Send SMS dialog for the shown record; returns it (for tests). */
GtkWidget *
rd_record_page_send_sms (RdRecordPage *self)
{
  RdSmsDialog *dialog;

  g_return_val_if_fail (RD_IS_RECORD_PAGE (self), NULL);
  g_return_val_if_fail (self->record != NULL, NULL);

  dialog = rd_sms_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                              self->store, self->record);
  g_signal_connect_object (dialog, "sent", G_CALLBACK (sms_sent_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return GTK_WIDGET (dialog);
}

void
rd_record_page_send_sms_cb (RdRecordPage *self,
                            GtkButton    *button)
{
  rd_record_page_send_sms (self);
}

/* A document attached, deleted or brought back: lists, dashboard and a sync soon. */
void
rd_record_page_documents_changed_cb (RdRecordPage       *self,
                                     const char         *document_id,
                                     RdDocumentsSection *section)
{
  rd_record_page_emit_changed (self, "documents", document_id);
}

/* Files attach to any record people work (not to users, teams or child rows). */
void
rd_record_page_update_documents (RdRecordPage *self)
{
  const RdTableDesc *desc = rd_schema_lookup (self->table);
  gboolean takes = self->id != NULL && desc != NULL && !(desc->flags & RD_TABLE_CHILD) &&
                   !g_str_equal (self->table, "users") && !g_str_equal (self->table, "teams");

  rd_documents_section_set_record (self->documents_section, self->store, self->table,
                                   takes ? self->id : NULL);
}

void
rd_record_page_refresh_documents (RdRecordPage *self)
{
  g_return_if_fail (RD_IS_RECORD_PAGE (self));
  rd_documents_section_refresh (self->documents_section);
}

GtkWidget *
rd_record_page_get_documents (RdRecordPage *self)
{
  g_return_val_if_fail (RD_IS_RECORD_PAGE (self), NULL);
  return GTK_WIDGET (self->documents_section);
}
