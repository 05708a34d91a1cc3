/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "rd-phone.h"

G_BEGIN_DECLS

#define RD_TYPE_DIALPAD (rd_dialpad_get_type ())
G_DECLARE_FINAL_TYPE (RdDialpad, rd_dialpad, RD, DIALPAD, GtkWidget)

/* Number entry, keys and a Call button. The number is normalized to E.164 (with
 * @region for numbers without a country code) before dialing; sip: addresses are dialed
 * as they are. Actions: dialpad.key (s), dialpad.call. Signal: dialed (RdCall *call). */
/* What goes to the engine for what an agent typed: E.164 for a phone number (read with
 * @region), a sip: address as it is; NULL when it is neither. */
char       *rd_dial_target        (const char *text,
                                   const char *region);

GtkWidget  *rd_dialpad_new        (RdPhone    *phone,
                                   const char *region);
void        rd_dialpad_set_number (RdDialpad  *self,
                                   const char *number);
const char *rd_dialpad_get_number (RdDialpad  *self);
const char *rd_dialpad_get_error  (RdDialpad  *self);

G_END_DECLS
