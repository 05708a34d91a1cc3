/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "rd-mail-curl.h"

G_BEGIN_DECLS

/* Reads new mail from an IMAP mailbox through libcurl, in a worker thread: UID SEARCH for
 * the UIDs above the last one seen, then each message whole (UID FETCH BODY[]), oldest
 * first, at most @max messages a round. */

typedef struct {
  guint32  uid;
  GBytes  *message;
} RdImapMessage;

void       rd_imap_message_free     (RdImapMessage *message);

/* An array of RdImapMessage with UIDs greater than @after. */
void       rd_imap_fetch_new_async  (const RdMailServer  *server,
                                     guint32              after,
                                     guint                max,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data);
GPtrArray *rd_imap_fetch_new_finish (GAsyncResult        *result,
                                     GError             **error);

/* The UIDs a "* SEARCH 3 4 9" answer lists (exposed for tests). */
GArray    *rd_imap_parse_search     (const char          *answer);

G_END_DECLS
