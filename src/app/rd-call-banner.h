/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "rd-call-log.h"
#include "rd-phone.h"

G_BEGIN_DECLS

#define RD_TYPE_CALL_BANNER (rd_call_banner_get_type ())
G_DECLARE_FINAL_TYPE (RdCallBanner, rd_call_banner, RD, CALL_BANNER, GtkWidget)

/* The softphone banner: shows the newest live call of a phone with its screen pop and
 * the in-call controls (answer, decline/hang up, hold, mute, keypad). Actions (on the
 * widget): call.answer, call.hangup, call.hold (state), call.mute (state),
 * call.record (state: record on demand, shown after rd_call_banner_set_can_record()),
 * call.dtmf (s), call.open, call.choose ((ss): table, id of one of several matches),
 * call.create-contact, call.transfer (s: blind),
 * call.consult (s: attended, step 1), call.connect (step 2); call waiting (a second
 * caller while a call is up, shown in its own row): call.answer-waiting (holds the call
 * and answers), call.decline-waiting (486 Busy Here). Signals:
 *   open-record (const char *table, const char *id)   the pop's single match
 *   create-contact (const char *number)              an unknown caller
 *   create-lead (const char *number)                 the same, as a lead (call.create-lead)
 *   wrapup-saved (const char *record_id)             the agent saved a call's wrap-up
 * After a call ends, a wrap-up row (disposition + notes) stays until saved or skipped:
 * call.save-wrapup, call.skip-wrapup. */
GtkWidget *rd_call_banner_new       (RdPhone      *phone,
                                     RdCallLog    *call_log);
/* The region used to read numbers typed for a transfer (the replica's). */
void       rd_call_banner_set_region (RdCallBanner *self,
                                      const char   *region);
/* Shows the Record toggle (setting "recording-mode" is "on-demand"). */
void       rd_call_banner_set_can_record (RdCallBanner *self,
                                      gboolean      can_record);
/* The call shown, or NULL when the banner is hidden. */
RdCall    *rd_call_banner_get_call  (RdCallBanner *self);

G_END_DECLS
