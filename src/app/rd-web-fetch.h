/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Fetches an http(s) address's body (a CSV a manager points to, say), at most @max_bytes:
 * an address that is not http(s), an answer that is not 2xx or is larger fails with
 * G_IO_ERROR and a sentence saying so. */
void    rd_web_fetch_async  (const char          *url,
                             gsize                max_bytes,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data);
GBytes *rd_web_fetch_finish (GAsyncResult        *result,
                             GError             **error);

G_END_DECLS
