/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "rd-call.h"

G_BEGIN_DECLS

#define RD_TYPE_CALL_NOTIFIER (rd_call_notifier_get_type ())
G_DECLARE_FINAL_TYPE (RdCallNotifier, rd_call_notifier, RD, CALL_NOTIFIER, GObject)

/* The desktop notification of a ringing call, with Answer and Decline: they activate the
 * application's actions "softphone-answer" / "softphone-decline" with the call's id.
 * Through GApplication (GNOME Shell's org.gtk.Notifications, the portal), except where
 * only a freedesktop notification server runs (dunst, XFCE, KDE…): there GLib 2.74's
 * backend cannot take a notification back (its CloseNotification carries a wrong id) and
 * forgets one whose button was pressed, so the call's notification would stay on screen
 * after the call was answered; this object then speaks org.freedesktop.Notifications
 * itself. */
RdCallNotifier *rd_call_notifier_new      (GApplication   *application);
void            rd_call_notifier_show     (RdCallNotifier *self,
                                           RdCall         *call,
                                           const char     *title,
                                           const char     *body);
/* Takes the call's notification back (the call was answered, declined or ended). */
void            rd_call_notifier_withdraw (RdCallNotifier *self,
                                           RdCall         *call);

G_END_DECLS
