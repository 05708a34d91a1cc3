/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "rd-record-page-private.h"

/* A ticket's answer box: what an agent writes there is a `messages` row of the ticket with
 * channel "portal", outbound, signed with the agent's user name. It syncs like every
 * write; the server's portal shows it in the customer's thread (docs/portal.md), and the
 * customer's messages arrive here by sync into the timeline. */

/* The name the replica signed in with, for the customer to see who answered. */
static char *
agent_name (RdRecordPage *self)
{
  char *name = rd_store_get_meta (self->store, "sync.username");

  return name != NULL ? name : g_strdup (g_get_user_name ());
}

/* A ticket of a portal customer: its contact is one the server made at approval (tag
 * "portal"), or its thread already has portal messages. */
static gboolean
is_portal_ticket (RdRecordPage *self)
{
  const char *contact_id;
  g_autoptr(RdRecord) contact = NULL;
  g_autofree char *query = NULL;
  g_auto(GStrv) tags = NULL;

  if (self->id == NULL || self->record == NULL || !g_str_equal (self->table, "tickets"))
    return FALSE;
  contact_id = rd_record_get_string (self->record, "contact_id");
  if (contact_id != NULL)
    contact = rd_store_get (self->store, "contacts", contact_id, NULL);
  if (contact != NULL && rd_record_get_string (contact, "tags") != NULL)
    {
      tags = g_strsplit (rd_record_get_string (contact, "tags"), ",", -1);
      for (guint i = 0; tags[i]; i++)
        if (g_str_equal (g_strstrip (tags[i]), "portal"))
          return TRUE;
    }
  query = g_strdup_printf ("parent_id = '%s' and channel = 'portal'", self->id);
  return rd_store_count (self->store, "messages", query, NULL) > 0;
}

void
rd_record_page_update_reply (RdRecordPage *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->reply_row), is_portal_ticket (self));
}

void
rd_record_page_reply_cb (RdRecordPage *self,
                         AdwEntryRow  *row)
{
  g_autoptr(RdRecord) message = rd_record_new ("messages");
  g_autoptr(GError) error = NULL;
  g_autofree char *author = NULL;
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  if (self->id == NULL || !g_str_equal (self->table, "tickets") || *text == '\0')
    return;

  author = agent_name (self);
  rd_record_set_string (message, "parent_tbl", "tickets");
  rd_record_set_string (message, "parent_id", self->id);
  rd_record_set_string (message, "channel", "portal");
  rd_record_set_string (message, "direction", "outbound");
  rd_record_set_string (message, "address", author);
  rd_record_set_string (message, "body", text);
  rd_record_set_string (message, "status", "sent");
  rd_record_set_int (message, "created_at", g_get_real_time () / 1000);
  if (!rd_store_insert (self->store, message, &error))
    {
      rd_record_page_mark_row (GTK_WIDGET (row), error->message);
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (row), "");
  rd_record_page_emit_changed (self, "messages", rd_record_get_id (message));
  rd_record_page_reload (self);
  rd_record_page_toast (self, _("Reply added to the portal thread"));
}
