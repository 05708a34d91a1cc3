/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include <glib/gi18n.h>

#include "rd-application.h"
#include "rd-call-banner.h"
#include "rd-dialpad.h"
#include "rd-softphone.h"
#include "rd-window-private.h"

/* The window's phone: the softphone on the window's replica, the call banner above the
 * pages (its "open record", "create contact/lead" and wrap-up), the registration toasts,
 * and the dialpad dialog. */

static void
rd_window_call_open_record_cb (RdWindow   *self,
                               const char *table,
                               const char *id)
{
  rd_window_open_record (self, table, id);
}

/* "Create Contact" / "Create Lead" on the banner of an unknown caller: the record is made
 * at once, named after the caller id, becomes the call's record, and opens for the agent to
 * complete. */
static void
rd_window_call_create (RdWindow     *self,
                       const char   *table,
                       const char   *number,
                       RdCallBanner *banner)
{
  RdCall *call = rd_call_banner_get_call (banner);
  g_autoptr(RdRecord) record = rd_record_new (table);
  g_autoptr(GError) error = NULL;
  const char *name = call != NULL ? rd_call_get_peer_name (call) : NULL;

  if (self->store == NULL || self->softphone == NULL)
    return;
  rd_record_set_string (record, "name", name != NULL && *name != '\0' ? name : number);
  rd_record_add_phone (record, number, "mobile");
  if (!rd_store_insert (self->store, record, &error))
    {
      rd_window_toast (self, error->message);
      return;
    }
  if (call != NULL
      && !rd_call_log_set_parent (rd_softphone_get_call_log (self->softphone), call,
                                  table, rd_record_get_id (record), &error))
    rd_window_toast (self, error->message);
  rd_window_rows_changed_cb (self, table, rd_record_get_id (record), NULL);
  rd_window_open_record (self, table, rd_record_get_id (record));
}

static void
rd_window_call_create_contact_cb (RdWindow     *self,
                                  const char   *number,
                                  RdCallBanner *banner)
{
  rd_window_call_create (self, "contacts", number, banner);
}

static void
rd_window_call_create_lead_cb (RdWindow     *self,
                               const char   *number,
                               RdCallBanner *banner)
{
  rd_window_call_create (self, "leads", number, banner);
}

/* A saved wrap-up changed a call record: the call log shows it, sync sends it. */
static void
rd_window_call_wrapup_saved_cb (RdWindow   *self,
                                const char *record_id)
{
  rd_window_rows_changed_cb (self, "calls", record_id, NULL);
}

/* Registration shows where the agent looks: a toast when the phone is ready or failed. */
static void
rd_window_registration_cb (RdWindow    *self,
                           GParamSpec  *pspec,
                           RdSoftphone *softphone)
{
  RdRegistrationState state;
  g_autofree char *reason = NULL;
  g_autofree char *text = NULL;

  g_object_get (softphone, "registration", &state, "registration-reason", &reason, NULL);
  if (state == RD_REGISTRATION_REGISTERED)
    rd_window_toast (self, _("Phone ready"));
  else if (state == RD_REGISTRATION_FAILED)
    {
      /* Translators: %s is what the SIP registrar answered, e.g. "403 Forbidden" */
      text = g_strdup_printf (_("Phone not registered: %s"), reason != NULL ? reason : "");
      rd_window_toast (self, text);
    }
}

static void
rd_window_records_on_demand_cb (RdSoftphone  *softphone,
                                GParamSpec   *pspec,
                                RdCallBanner *banner)
{
  rd_call_banner_set_can_record (banner, rd_softphone_get_records_on_demand (softphone));
}

/* The softphone works on this window's replica: calls are recorded there and the screen
 * pop reads it. The banner sits above the pages; "win.dial" (Ctrl+K) needs a SIP account. */
void
rd_window_start_softphone (RdWindow *self)
{
  GApplication *app = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  g_autofree char *recordings = NULL;

  if (self->call_banner != NULL)
    {
      gtk_box_remove (self->content_box, self->call_banner);
      self->call_banner = NULL;
    }
  g_clear_object (&self->softphone);

  recordings = g_build_filename (rd_application_get_replica_dir (RD_APPLICATION (app)),
                                 "recordings", NULL);
  self->softphone = rd_softphone_new (app, self->settings, self->store, recordings);
  g_signal_connect_object (self->softphone, "notify::registration",
                           G_CALLBACK (rd_window_registration_cb), self, G_CONNECT_SWAPPED);
  self->call_banner = rd_call_banner_new (rd_softphone_get_phone (self->softphone),
                                          rd_softphone_get_call_log (self->softphone));
  {
    g_autofree char *region = g_settings_get_string (self->settings, "default-region");
    rd_call_banner_set_region (RD_CALL_BANNER (self->call_banner), region);
  }
  rd_call_banner_set_can_record (RD_CALL_BANNER (self->call_banner),
                                 rd_softphone_get_records_on_demand (self->softphone));
  g_signal_connect_object (self->softphone, "notify::records-on-demand",
                           G_CALLBACK (rd_window_records_on_demand_cb), self->call_banner, 0);
  g_signal_connect_swapped (self->call_banner, "open-record",
                            G_CALLBACK (rd_window_call_open_record_cb), self);
  g_signal_connect_swapped (self->call_banner, "create-contact",
                            G_CALLBACK (rd_window_call_create_contact_cb), self);
  g_signal_connect_swapped (self->call_banner, "create-lead",
                            G_CALLBACK (rd_window_call_create_lead_cb), self);
  g_signal_connect_swapped (self->call_banner, "wrapup-saved",
                            G_CALLBACK (rd_window_call_wrapup_saved_cb), self);
  gtk_box_insert_child_after (self->content_box, self->call_banner,
                              gtk_widget_get_first_child (GTK_WIDGET (self->content_box)));
  g_settings_bind (self->settings, "auto-create-callers",
                   rd_softphone_get_call_log (self->softphone), "auto-create", G_SETTINGS_BIND_GET);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.dial",
                                 rd_softphone_start (self->softphone));
}

/** The softphone of the window (NULL before the replica is open). */
RdSoftphone *
rd_window_get_softphone (RdWindow *self)
{
  g_return_val_if_fail (RD_IS_WINDOW (self), NULL);
  return self->softphone;
}

/** Opens the dialpad, with @number (a tel: or sip: link, or NULL) filled in. */
void
rd_window_open_dialpad (RdWindow   *self,
                        const char *number)
{
  g_autofree char *region = NULL;
  GtkWidget *dialog;
  GtkWidget *dialpad;
  GtkWidget *box;

  g_return_if_fail (RD_IS_WINDOW (self));

  if (self->softphone == NULL)
    return;

  region = g_settings_get_string (self->settings, "default-region");
  dialog = adw_window_new ();
  gtk_window_set_title (GTK_WINDOW (dialog), _("Dial"));
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (self));
  gtk_window_set_resizable (GTK_WINDOW (dialog), FALSE);
  dialpad = rd_dialpad_new (rd_softphone_get_phone (self->softphone), region);
  rd_dialpad_set_number (RD_DIALPAD (dialpad), number);
  /* Once the call is placed the banner takes over. */
  g_signal_connect_swapped (dialpad, "dialed", G_CALLBACK (gtk_window_destroy), dialog);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_box_append (GTK_BOX (box), dialpad);
  adw_window_set_content (ADW_WINDOW (dialog), box);
  gtk_window_present (GTK_WINDOW (dialog));
}

