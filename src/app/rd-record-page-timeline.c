/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "rd-labels.h"
#include "rd-phone-number.h"
#include "rd-recording-player.h"
#include "rd-record-page-private.h"

/* The record page's timeline: calls (their disposition, number, duration, campaign and
 * notes, with their recording inline), notes, activities,
 * messages (an SMS with its direction, number and status, which delivery reports change
 * through sync; an e-mail through rd-record-page-email.c) and field changes, newest first. */

#define TIMELINE_ROW "rd-timeline-row"

/* A call with its recording on this machine plays inline in its timeline row. */
static void
rd_record_page_add_recording (RdRecordPage *self,
                              AdwActionRow *row,
                              const char   *call_id)
{
  g_autoptr(RdRecord) call = rd_store_get (self->store, "calls", call_id, NULL);
  const char *recording = call != NULL ? rd_record_get_string (call, "recording") : NULL;
  g_autofree char *dir = NULL;
  g_autofree char *name = NULL;
  g_autofree char *fetched = NULL;
  GtkWidget *player;

  if (recording == NULL)
    return;
  /* Recorded here, fetched before, or fetched from the server on play. */
  dir = g_path_get_dirname (rd_store_get_path (self->store));
  name = g_strconcat (call_id, ".wav", NULL);
  fetched = g_build_filename (dir, "recordings", name, NULL);
  if (g_file_test (recording, G_FILE_TEST_IS_REGULAR))
    player = rd_recording_player_new (recording);
  else
    {
      player = rd_recording_player_new (fetched);
      if (!g_file_test (fetched, G_FILE_TEST_IS_REGULAR))
        rd_recording_player_set_fetch (RD_RECORDING_PLAYER (player),
                                       rd_store_get_path (self->store), call_id);
    }
  gtk_widget_set_size_request (player, 260, -1);
  adw_action_row_add_suffix (row, player);
}

/* A call: what the agent made of it (its disposition) as the title, then "Call · Outbound ·
 * +7 916 123-45-67 · 2:05 · Spring Offer", the wrap-up notes under it, the time as a tooltip. */
static void
rd_record_page_call_row (RdRecordPage *self,
                         AdwActionRow *row,
                         const char   *id,
                         const char   *when)
{
  g_autoptr(RdRecord) call = rd_store_get (self->store, "calls", id, NULL);
  g_autoptr(GString) subtitle = g_string_new (_("Call"));
  g_autofree char *formatted = NULL;
  const char *direction, *number, *disposition, *campaign, *notes;
  gint64 bill;

  if (call == NULL)
    return;
  direction = rd_record_get_string (call, "direction");
  number = rd_record_get_string (call, g_strcmp0 (direction, "inbound") == 0 ? "from_number" : "to_number");
  disposition = rd_record_get_string (call, "disposition");
  campaign = rd_record_get_string (call, "campaign");
  notes = rd_record_get_string (call, "notes");
  bill = rd_record_get_int (call, "bill_sec", -1);
  if (number != NULL)
    formatted = rd_phone_number_format (number, rd_store_get_default_region (self->store),
                                        RD_PHONE_FORMAT_INTERNATIONAL);

  if (direction != NULL)
    g_string_append_printf (subtitle, " · %s", rd_labels_value (direction));
  if (number != NULL)
    g_string_append_printf (subtitle, " · %s", formatted ? formatted : number);
  if (rd_record_get_int (call, "answered_at", 0) > 0 && bill >= 0)
    g_string_append_printf (subtitle, " · %d:%02d", (int) (bill / 60), (int) (bill % 60));
  else if (rd_record_get_int (call, "ended_at", 0) > 0)
    g_string_append_printf (subtitle, " · %s", _("not answered"));
  if (campaign != NULL)
    g_string_append_printf (subtitle, " · %s", campaign);
  g_string_append_printf (subtitle, " · %s", when);
  if (notes != NULL && *notes != '\0')
    g_string_append_printf (subtitle, "\n%s", notes);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 disposition != NULL ? disposition
                                 : g_strcmp0 (direction, "inbound") == 0 ? _("Incoming call")
                                 : _("Outgoing call"));
  adw_action_row_set_subtitle (row, subtitle->str);
  adw_action_row_set_subtitle_lines (row, 4);
  gtk_widget_set_tooltip_text (GTK_WIDGET (row), when);
}

/* "SMS · Outgoing · +7 916 123-45-67 · Delivered · time"; a failure or a wait says why. */
static void
rd_record_page_message_row (RdRecordPage *self,
                            AdwActionRow *row,
                            const char   *id,
                            const char   *when)
{
  g_autoptr(RdRecord) message = rd_store_get (self->store, "messages", id, NULL);
  g_autofree char *number = NULL;
  g_autofree char *subtitle = NULL;
  const char *status, *reason, *body, *address;

  if (message == NULL)
    return;
  if (g_strcmp0 (rd_record_get_string (message, "channel"), "email") == 0)
    {
      rd_record_page_email_row (self, row, message, when);
      return;
    }
  status = rd_record_get_string (message, "status");
  reason = rd_record_get_string (message, "reason");
  body = rd_record_get_string (message, "body");
  address = rd_record_get_string (message, "address");
  if (address != NULL)
    number = rd_phone_number_format (address, rd_store_get_default_region (self->store),
                                     RD_PHONE_FORMAT_INTERNATIONAL);
  subtitle = g_strdup_printf ("%s · %s · %s%s%s%s%s",
                              rd_labels_value (rd_record_get_string (message, "channel")),
                              rd_labels_value (rd_record_get_string (message, "direction")),
                              number ? number : (address ? address : ""),
                              status ? " · " : "", status ? rd_labels_value (status) : "",
                              reason ? ": " : "", reason ? reason : "");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), body ? body : "");
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);
  gtk_widget_set_tooltip_text (GTK_WIDGET (row), when);
  if (g_strcmp0 (status, "failed") == 0)
    gtk_widget_add_css_class (GTK_WIDGET (row), "error");
  g_object_set_data_full (G_OBJECT (row), "message-status", g_strdup (status), g_free);
}

void
rd_record_page_fill_timeline (RdRecordPage *self)
{
  g_autoptr(GPtrArray) items = rd_store_timeline (self->store, self->id, 0, 50, NULL);

  for (guint i = 0; items != NULL && i < items->len; i++)
    {
      RdRecord *item = g_ptr_array_index (items, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *when = rd_labels_time (rd_record_get_int (item, "at", 0));
      g_autofree char *subtitle = g_strdup_printf ("%s · %s", rd_labels_table (rd_record_get_table (item)), when);
      const char *summary = rd_record_get_string (item, "summary");

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), summary ? summary : "");
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      if (g_strcmp0 (rd_record_get_table (item), "calls") == 0)
        {
          rd_record_page_call_row (self, ADW_ACTION_ROW (row), rd_record_get_id (item), when);
          rd_record_page_add_recording (self, ADW_ACTION_ROW (row), rd_record_get_id (item));
        }
      if (g_strcmp0 (rd_record_get_table (item), "messages") == 0)
        rd_record_page_message_row (self, ADW_ACTION_ROW (row), rd_record_get_id (item), when);
      g_object_set_data (G_OBJECT (row), TIMELINE_ROW, GINT_TO_POINTER (1));
      rd_record_page_add_row (self, self->timeline_group, row);
    }

  if (items == NULL || items->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Nothing has happened yet"));
      gtk_widget_add_css_class (row, "dim-label");
      g_object_set_data (G_OBJECT (row), TIMELINE_ROW, GINT_TO_POINTER (1));
      rd_record_page_add_row (self, self->timeline_group, row);
    }
}

/** Reads the timeline again (a sync brought a message's new status), leaving the other
 * rows (and what is being typed in them) alone. */
void
rd_record_page_refresh_timeline (RdRecordPage *self)
{
  g_return_if_fail (RD_IS_RECORD_PAGE (self));

  if (self->id == NULL || self->store == NULL)
    return;
  for (guint i = self->dynamic_rows->len; i > 0; i--)
    {
      GtkWidget *row = g_ptr_array_index (self->dynamic_rows, i - 1);

      if (g_object_get_data (G_OBJECT (row), TIMELINE_ROW) == NULL)
        continue;
      adw_preferences_group_remove (self->timeline_group, row);
      g_ptr_array_remove_index (self->dynamic_rows, i - 1);
    }
  rd_record_page_fill_timeline (self);
}
