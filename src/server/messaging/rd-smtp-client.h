/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "rd-mail-curl.h"

G_BEGIN_DECLS

/* Hands one message to an SMTP server through libcurl (EHLO, STARTTLS when offered, AUTH
 * PLAIN or LOGIN as the server lists them, MAIL FROM, RCPT TO each, DATA), in a worker
 * thread. Errors are RD_MAIL_ERROR: UNAVAILABLE (try again) or REJECTED (final). */
void     rd_smtp_send_async  (const RdMailServer  *server,
                              const char          *from,
                              const char *const   *recipients,
                              GBytes              *message,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data);
gboolean rd_smtp_send_finish (GAsyncResult        *result,
                              GError             **error);

G_END_DECLS
