/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rd-store.h"

G_BEGIN_DECLS

#define RD_TYPE_EMAIL_DIALOG (rd_email_dialog_get_type ())
G_DECLARE_FINAL_TYPE (RdEmailDialog, rd_email_dialog, RD, EMAIL_DIALOG, AdwWindow)

/* TRUE when @record (a contact, lead, organization, or a ticket through its contact) has
 * an e-mail address to write to. */
gboolean       rd_email_dialog_can_send_to    (RdStore       *store,
                                               RdRecord      *record);

/* The Send E-Mail dialog for @record of @store; @signature (may be NULL) ends the text. */
RdEmailDialog *rd_email_dialog_new            (GtkWindow     *parent,
                                               RdStore       *store,
                                               RdRecord      *record,
                                               const char    *signature);
/* Makes it a reply to received message @message: its sender, "Re: " its subject, its text
 * quoted under the signature. */
void           rd_email_dialog_set_reply      (RdEmailDialog *self,
                                               RdRecord      *message);

GPtrArray     *rd_email_dialog_get_addresses  (RdEmailDialog *self);
GtkTextBuffer *rd_email_dialog_get_buffer     (RdEmailDialog *self);
void           rd_email_dialog_set_subject    (RdEmailDialog *self,
                                               const char    *subject);
const char    *rd_email_dialog_get_subject    (RdEmailDialog *self);
/* Fills subject and text from built-in template @index (1…; 0 is "none"). */
void           rd_email_dialog_use_template   (RdEmailDialog *self,
                                               guint          index);
/* Adds the file at @path to the attachments (what the file chooser does). */
void           rd_email_dialog_add_attachment (RdEmailDialog *self,
                                               const char    *path);
const char * const *rd_email_dialog_get_attachments (RdEmailDialog *self);

G_END_DECLS
