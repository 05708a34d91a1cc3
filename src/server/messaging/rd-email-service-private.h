/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rd-retry.h"

#include "rd-email-service.h"
#include "rd-mail-curl.h"

G_BEGIN_DECLS

/* Shared by rd-email-service.c (sending, retries), rd-email-inbound.c (filing incoming
 * mail) and rd-email-imap.c (watching the mailbox). */

struct _RdEmailService
{
  GObject        parent_instance;

  RdServerSync  *sync;
  char          *mail_dir;
  RdMailServer  *smtp;           /* NULL: no sending */
  char          *default_from;
  RdRetryPolicy  retry;
  GHashTable    *pending;        /* message id -> Pending: sends in flight or waiting */
  GCancellable  *cancellable;

  RdMailServer  *imap;           /* NULL: no fetching */
  guint          imap_source;
  gboolean       imap_busy;
  guint32        imap_last_uid;
};

/* Writes @records through the server's merge and log, and says "sequence". */
gboolean  rd_email_service_write      (RdEmailService  *self,
                                       GPtrArray       *records,
                                       GError         **error);

/* Where message @id keeps its files (made when @create). */
char     *rd_email_service_message_dir (RdEmailService *self,
                                        const char     *id,
                                        gboolean        create,
                                        GError        **error);

/* Saves @attachments under message @id's folder; returns their JSON list
 * [{name, content_type, size}] for the row's `attachments`, or NULL when there are none. */
char     *rd_email_service_save_attachments (RdEmailService  *self,
                                             const char      *id,
                                             GPtrArray       *attachments,
                                             GError         **error);

G_END_DECLS
