/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "rd-document-type.h"
#include "rd-store.h"

G_BEGIN_DECLS

/* A replica's documents (docs/documents.md): the `documents` record says what a file is,
 * its bytes live in the replica's folder as documents/ID. Nothing outside that folder is
 * ever read or written: a path is made from a document id, which must be a UUID. */

/* The path of document @document_id's file (it may not exist), or NULL with
 * RD_DOCUMENT_ERROR_INVALID when the id is no UUID or the path leaves the folder. */
char     *rd_document_files_path   (RdStore       *store,
                                    const char    *document_id,
                                    GError       **error);

/* Attaches @bytes to record @parent_id of @parent_tbl as @name: checks the size limit
 * (@max_size, 0 for the default) and the type sniffed from the bytes, writes the file, then
 * inserts the record (owner: the parent's; uploaded_by: the name the replica signed in
 * with). Returns the
 * document's id, or NULL (nothing written) with the reason. */
char     *rd_document_attach       (RdStore       *store,
                                    const char    *parent_tbl,
                                    const char    *parent_id,
                                    const char    *name,
                                    GBytes        *bytes,
                                    gsize          max_size,
                                    GError       **error);

/* The bytes of the document's local file, checked against its record (size, SHA-256);
 * G_IO_ERROR_NOT_FOUND when the replica has not fetched it. */
GBytes   *rd_document_read         (RdStore       *store,
                                    const char    *document_id,
                                    GError       **error);

/* Keeps @bytes (fetched from the server) as the document's local file, after checking them
 * against its record: RD_DOCUMENT_ERROR_INVALID when size or SHA-256 differ. */
gboolean  rd_document_keep         (RdStore       *store,
                                    const char    *document_id,
                                    GBytes        *bytes,
                                    GError       **error);

/* Undoes rd_store_delete() of a document (the Undo of its toast): clears its tombstone,
 * an ordinary captured edit. RD_STORE_ERROR_NOT_FOUND unless it is a deleted document. */
gboolean  rd_document_restore      (RdStore       *store,
                                    const char    *document_id,
                                    GError       **error);

/* Whether the replica holds the document's file. */
gboolean  rd_document_has_file     (RdStore       *store,
                                    const char    *document_id);

G_END_DECLS
