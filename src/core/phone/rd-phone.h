/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "rd-call.h"
#include "rd-phone-backend.h"

G_BEGIN_DECLS

#define RD_TYPE_PHONE (rd_phone_get_type ())
G_DECLARE_FINAL_TYPE (RdPhone, rd_phone, RD, PHONE, GObject)

/* The one phone interface the UI sees (GNOME Calls' origin is the model). Signals:
 *   call-added (RdCall *call)       an incoming call (screen pop!) or a dialed one
 *   call-ended (RdCall *call)       a call closed; the call log writes its record
 *   registration-changed (const char *aor, RdRegistrationState state, const char *reason)
 *   transfer-finished (RdCall *call, gboolean transferred)   an attended transfer ended:
 *                                   FALSE means the caller is back with the agent
 *   dtmf-received (RdCall *call, const char *digit) */
RdPhone        *rd_phone_new                         (RdPhoneBackend  *backend);
RdPhoneBackend *rd_phone_get_backend                 (RdPhone         *self);
/* The calls that are not closed yet, oldest first (a GListModel of RdCall). */
GListModel     *rd_phone_get_calls                   (RdPhone         *self);

gboolean        rd_phone_start                       (RdPhone         *self,
                                                      GError         **error);
void            rd_phone_stop                        (RdPhone         *self);

gboolean        rd_phone_add_account                 (RdPhone         *self,
                                                      const char      *account,
                                                      const char      *password,
                                                      GError         **error);
/* Unregisters and forgets the account @aor (as "registration-changed" named it). */
gboolean        rd_phone_remove_account              (RdPhone         *self,
                                                      const char      *aor,
                                                      GError         **error);
RdRegistrationState rd_phone_get_registration        (RdPhone         *self,
                                                      const char      *aor);

/* Outgoing calls not answered within @seconds are hung up with cause "no answer"
 * (0: never). The default is 45 s. */
void            rd_phone_set_no_answer_timeout       (RdPhone         *self,
                                                      guint            seconds);

/* Calls @uri from the first account; returns the new call (transfer full). */
RdCall         *rd_phone_dial                        (RdPhone         *self,
                                                      const char      *uri,
                                                      GError         **error);
/* Calls @uri from @aor (NULL: the first account) as a call center leg, a technical call
 * no screen pop, ring, banner or call record sees (rd_call_get_leg()). */
RdCall         *rd_phone_dial_leg                    (RdPhone         *self,
                                                      const char      *aor,
                                                      const char      *uri,
                                                      GError         **error);
gboolean        rd_phone_answer                      (RdPhone         *self,
                                                      RdCall          *call,
                                                      GError         **error);
/* Call waiting: the incoming call ringing while another call is up, or NULL
 * (property "waiting-call"). Decline it with rd_phone_hang_up() (486 Busy Here). */
RdCall         *rd_phone_get_waiting_call            (RdPhone         *self);
/* Holds the call(s) that are up and answers the waiting call (rd_phone_answer() of the
 * waiting call does the same). When that call ends the held call is resumed. */
gboolean        rd_phone_answer_waiting              (RdPhone         *self,
                                                      GError         **error);
gboolean        rd_phone_hang_up                     (RdPhone         *self,
                                                      RdCall          *call,
                                                      GError         **error);
gboolean        rd_phone_set_held                    (RdPhone         *self,
                                                      RdCall          *call,
                                                      gboolean         held,
                                                      GError         **error);
gboolean        rd_phone_set_muted                   (RdPhone         *self,
                                                      RdCall          *call,
                                                      gboolean         muted,
                                                      GError         **error);
/* Record on demand: keep the call's audio from now on (TRUE), or stop keeping it. */
gboolean        rd_phone_set_recording               (RdPhone         *self,
                                                      RdCall          *call,
                                                      gboolean         recording,
                                                      GError         **error);
gboolean        rd_phone_send_dtmf                   (RdPhone         *self,
                                                      RdCall          *call,
                                                      const char      *digits,
                                                      GError         **error);
/* Blind transfer: REFER to @target; the call ends "transferred" when the target answers. */
gboolean        rd_phone_transfer                    (RdPhone         *self,
                                                      RdCall          *call,
                                                      const char      *target,
                                                      GError         **error);

/* Attended transfer, step 1: hold @call and call @target; returns the consultation call.
 * If the colleague does not answer (or hangs up before step 2), @call is resumed.
 * Returns the consultation call (transfer full). */
RdCall         *rd_phone_start_attended_transfer     (RdPhone         *self,
                                                      RdCall          *call,
                                                      const char      *target,
                                                      GError         **error);
/* Step 2: connect the caller to the colleague (see docs/softphone.md for what baresip
 * 1.0.0 allows: the consultation ends and the caller is referred to the colleague). */
gboolean        rd_phone_complete_attended_transfer  (RdPhone         *self,
                                                      RdCall          *call,
                                                      GError         **error);

G_END_DECLS
