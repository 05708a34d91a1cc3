/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rd-store.h"

G_BEGIN_DECLS

#define RD_TYPE_SMS_DIALOG (rd_sms_dialog_get_type ())

G_DECLARE_FINAL_TYPE (RdSmsDialog, rd_sms_dialog, RD, SMS_DIALOG, AdwWindow)

/* "Send SMS" from @record (a contact, lead, organization, or a ticket: its contact's
 * phones) of @store's replica, through the server it syncs with (docs/messaging.md). */
RdSmsDialog *rd_sms_dialog_new          (GtkWindow   *parent,
                                         RdStore     *store,
                                         RdRecord    *record);
/* The numbers offered (E.164), in order. */
GPtrArray   *rd_sms_dialog_get_numbers  (RdSmsDialog *self);
/* What the counter says now. */
const char  *rd_sms_dialog_get_counter  (RdSmsDialog *self);
void         rd_sms_dialog_set_text     (RdSmsDialog *self,
                                         const char  *text);
char        *rd_sms_dialog_get_text     (RdSmsDialog *self);
/* Fills the text from template @index (0 = none). */
void         rd_sms_dialog_use_template (RdSmsDialog *self,
                                         guint        index);
/* TRUE when a record with @record's phones can take an SMS (a valid number). */
gboolean     rd_sms_dialog_can_send_to  (RdStore     *store,
                                         RdRecord    *record);

G_END_DECLS
