/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rd-server-session.h"

G_BEGIN_DECLS

#define RD_TYPE_ENQUIRIES_WINDOW (rd_enquiries_window_get_type ())

G_DECLARE_FINAL_TYPE (RdEnquiriesWindow, rd_enquiries_window, RD, ENQUIRIES_WINDOW, AdwWindow)

/* The portal's queues for support (docs/portal.md): registrations waiting for approval
 * (approve, decline) and the Contact us enquiries of one status, searched by keyword on the
 * server, each with its actions (accept, resolve, reject, back to the queue). The server
 * decides who may (admins, managers, the support team). */
RdEnquiriesWindow *rd_enquiries_window_new       (GtkWindow         *parent,
                                                  RdServerSession   *session);
/* TRUE while a page or an action is on its way. */
gboolean           rd_enquiries_window_get_busy  (RdEnquiriesWindow *self);
/* The enquiries shown. */
guint              rd_enquiries_window_get_n_shown (RdEnquiriesWindow *self);
/* The registrations waiting for approval shown. */
guint              rd_enquiries_window_get_n_registrations (RdEnquiriesWindow *self);
/* The server's refusal or failure shown at the top, or NULL. */
const char        *rd_enquiries_window_get_error (RdEnquiriesWindow *self);
/* Reads the list again (the status and search shown). */
void               rd_enquiries_window_reload    (RdEnquiriesWindow *self);

G_END_DECLS
