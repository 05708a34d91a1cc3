/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include <glib/gi18n.h>

#include "rd-email-dialog.h"
#include "rd-labels.h"
#include "rd-record-page-private.h"

/* E-mail on the record page: the Send E-Mail… button (shown on records a message can hang
 * on, usable with an address and a signed-in server) and an e-mail's timeline row: its
 * subject, "E-mail · Outbound · to · Sent", the first lines of its text, and Reply on the
 * received ones. */

static const char *const email_tables[] = { "contacts", "leads", "organizations", "tickets", NULL };

void
rd_record_page_update_email (RdRecordPage *self)
{
  g_autofree char *token = NULL;
  gboolean shown, online, reachable;

  shown = self->id != NULL && self->record != NULL && g_strv_contains (email_tables, self->table);
  gtk_widget_set_visible (GTK_WIDGET (self->email_button), shown);
  if (!shown)
    return;
  token = rd_store_get_meta (self->store, "sync.token");
  online = token != NULL;
  reachable = rd_email_dialog_can_send_to (self->store, self->record);
  gtk_widget_set_sensitive (GTK_WIDGET (self->email_button), online && reachable);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->email_button),
                               !online ? _("Sending e-mail needs a signed-in server")
                               : !reachable ? (g_str_equal (self->table, "tickets")
                                                 ? _("The ticket’s contact has no e-mail address")
                                                 : _("No e-mail address to write to"))
                               : NULL);
}

static void
email_sent_cb (RdEmailDialog *dialog,
               const char    *message_id,
               RdRecordPage  *self)
{
  rd_record_page_toast (self, _("E-mail queued for sending"));
  rd_record_page_refresh_timeline (self);
}

GtkWidget *
rd_record_page_send_email (RdRecordPage *self,
                           const char   *reply_to)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *signature = g_settings_get_string (settings, "email-signature");
  g_autoptr(RdRecord) message = NULL;
  RdEmailDialog *dialog;

  g_return_val_if_fail (RD_IS_RECORD_PAGE (self), NULL);
  g_return_val_if_fail (self->record != NULL, NULL);

  dialog = rd_email_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                self->store, self->record, signature);
  if (reply_to != NULL && (message = rd_store_get (self->store, "messages", reply_to, NULL)) != NULL)
    rd_email_dialog_set_reply (dialog, message);
  g_signal_connect_object (dialog, "sent", G_CALLBACK (email_sent_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return GTK_WIDGET (dialog);
}

void
rd_record_page_send_email_cb (RdRecordPage *self,
                              GtkButton    *button)
{
  rd_record_page_send_email (self, NULL);
}

static void
reply_cb (GtkButton    *button,
          RdRecordPage *self)
{
  rd_record_page_send_email (self, g_object_get_data (G_OBJECT (button), "message-id"));
}

/* The first lines of @body, for the row (the whole text would make it a page). */
static char *
preview (const char *body)
{
  g_auto(GStrv) lines = g_strsplit (body ? body : "", "\n", 4);
  GString *out = g_string_new (NULL);

  for (guint i = 0; lines[i] != NULL && i < 3; i++)
    {
      if (g_str_has_prefix (lines[i], ">") || *g_strstrip (lines[i]) == '\0')
        continue;
      g_string_append_printf (out, "%s%s", out->len ? " " : "", lines[i]);
    }
  return g_string_free (out, FALSE);
}

void
rd_record_page_email_row (RdRecordPage *self,
                          AdwActionRow *row,
                          RdRecord     *message,
                          const char   *when)
{
  const char *status = rd_record_get_string (message, "status");
  const char *reason = rd_record_get_string (message, "reason");
  const char *subject = rd_record_get_string (message, "subject");
  const char *address = rd_record_get_string (message, "address");
  const char *direction = rd_record_get_string (message, "direction");
  const char *attachments = rd_record_get_string (message, "attachments");
  g_autofree char *text = preview (rd_record_get_string (message, "body"));
  g_autoptr(GString) subtitle = g_string_new (rd_labels_value ("email"));

  g_string_append_printf (subtitle, " · %s · %s", rd_labels_value (direction),
                          address ? address : "");
  if (status != NULL)
    g_string_append_printf (subtitle, " · %s", rd_labels_value (status));
  if (reason != NULL)
    g_string_append_printf (subtitle, ": %s", reason);
  if (attachments != NULL && g_strcmp0 (attachments, "[]") != 0)
    g_string_append_printf (subtitle, " · %s", _("with attachments"));
  if (*text != '\0')
    g_string_append_printf (subtitle, "\n%s", text);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 subject && *subject ? subject : _("(no subject)"));
  adw_action_row_set_subtitle (row, subtitle->str);
  adw_action_row_set_subtitle_lines (row, 3);
  gtk_widget_set_tooltip_text (GTK_WIDGET (row), when);
  if (g_strcmp0 (status, "failed") == 0)
    gtk_widget_add_css_class (GTK_WIDGET (row), "error");
  g_object_set_data_full (G_OBJECT (row), "message-status", g_strdup (status), g_free);

  if (g_strcmp0 (direction, "inbound") == 0)
    {
      GtkWidget *reply = gtk_button_new_with_mnemonic (_("_Reply"));

      gtk_widget_set_valign (reply, GTK_ALIGN_CENTER);
      g_object_set_data_full (G_OBJECT (reply), "message-id",
                              g_strdup (rd_record_get_id (message)), g_free);
      g_signal_connect_object (reply, "clicked", G_CALLBACK (reply_cb), self, 0);
      adw_action_row_add_suffix (row, reply);
    }
}
