/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "rd-baresip-engine.h"
#include "rd-call-log.h"
#include "rd-phone.h"
#include "rd-ring-tone.h"

G_BEGIN_DECLS

#define RD_TYPE_SOFTPHONE (rd_softphone_get_type ())
G_DECLARE_FINAL_TYPE (RdSoftphone, rd_softphone, RD, SOFTPHONE, GObject)

/* The app's softphone: the engine, RdPhone and the call log over the window's replica,
 * configured from the SIP settings (password from the keyring), and the desktop
 * notification with Answer / Decline for incoming calls. Properties: registration
 * (RdRegistrationState), registration-reason. */
RdSoftphone     *rd_softphone_new           (GApplication *application,
                                             GSettings    *settings,
                                             RdStore      *store,
                                             const char   *recordings_dir);
/* Starts the engine when a SIP user and domain are set; FALSE when none is. */
gboolean         rd_softphone_start         (RdSoftphone  *self);
/* Desktop notifications for incoming calls (on by default; tests without a
 * notification server turn them off). */
void             rd_softphone_reload_account (RdSoftphone *self);
void             rd_softphone_set_notifications (RdSoftphone *self,
                                                 gboolean     notifications);
RdPhone         *rd_softphone_get_phone     (RdSoftphone  *self);
RdRingTone      *rd_softphone_get_ring_tone (RdSoftphone  *self);
RdCallLog       *rd_softphone_get_call_log  (RdSoftphone  *self);
RdBaresipEngine *rd_softphone_get_engine    (RdSoftphone  *self);
gboolean         rd_softphone_get_records_on_demand (RdSoftphone *self);
/* Dials a call center leg (@uri, "sip:TOKEN@HOST:PORT"): from a local account of its own
 * that never registers, so the engine runs even without a SIP account in the settings. */
RdCall          *rd_softphone_dial_leg      (RdSoftphone  *self,
                                             const char   *uri,
                                             GError      **error);
/* The account line built from the settings ("<sip:user@domain>;…"), NULL without one. */
char            *rd_softphone_account_line  (GSettings    *settings);

G_END_DECLS
