/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "rd-document-files.h"
#include "rd-store.h"

G_BEGIN_DECLS

/* Documents' bytes to and from the server the replica is logged in to
 * (PUT/GET /api/v1/documents/ID, docs/documents.md), as call recordings go. */

/* Uploads every live document of this replica whose file it holds and the server has not
 * taken yet (marked "document.uploaded.ID" in the meta table). A 404 (the record not pushed
 * yet) waits for the next round; a refusal (413, 415, 400) is kept as the document's
 * "document.refused.ID" meta, with the server's message, and not retried. No server: TRUE.
 * FALSE on a network error (offline: the next sync tries again). @uploaded may be NULL. */
gboolean rd_document_upload_pending (RdStore       *store,
                                     guint         *uploaded,
                                     GCancellable  *cancellable,
                                     GError       **error);

/* Makes sure the replica holds document @document_id's file: fetches it from the server
 * when it does not (checked against the record before it is kept). */
gboolean rd_document_fetch          (RdStore       *store,
                                     const char    *document_id,
                                     GCancellable  *cancellable,
                                     GError       **error);

/* Where a document's bytes are, for the app to say. */
typedef enum {
  RD_DOCUMENT_STATE_WAITING,    /* attached here, not on the server yet (offline, or soon) */
  RD_DOCUMENT_STATE_UPLOADED,   /* on the server (and here) */
  RD_DOCUMENT_STATE_REMOTE,     /* on the server only: fetched when opened */
  RD_DOCUMENT_STATE_REFUSED,    /* the server refused it (rd_document_get_refusal()) */
} RdDocumentState;

RdDocumentState rd_document_get_state   (RdStore    *store,
                                         const char *document_id);
/* The server's reason for refusing the document, or NULL (free it). */
char           *rd_document_get_refusal (RdStore    *store,
                                         const char *document_id);

G_END_DECLS
