/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What a document's bytes are, told by their first bytes and structure, never by the
 * file's name (docs/documents.md): the types a CRM attaches (PDF, images, office files,
 * plain text) and nothing else; executables and unknown types are refused by name. */

#define RD_DOCUMENT_ERROR (rd_document_error_quark ())

typedef enum {
  RD_DOCUMENT_ERROR_EMPTY,        /* no bytes at all */
  RD_DOCUMENT_ERROR_TOO_LARGE,    /* over the size limit */
  RD_DOCUMENT_ERROR_EXECUTABLE,   /* a program or script: never accepted */
  RD_DOCUMENT_ERROR_UNSUPPORTED,  /* a type documents do not take (archives, HTML, unknown) */
  RD_DOCUMENT_ERROR_INVALID,      /* a bad id, name or path; bytes that do not match their record */
} RdDocumentError;

GQuark rd_document_error_quark (void);

/* The default limit of one document, bytes (the server's --max-document). */
#define RD_DOCUMENT_DEFAULT_MAX_SIZE (25 * 1024 * 1024)

/* The content type of @data ("application/pdf", "image/png" …; a static string), or NULL
 * with RD_DOCUMENT_ERROR_EMPTY, _EXECUTABLE or _UNSUPPORTED and a message that says what
 * the bytes are and why they are refused. */
const char *rd_document_sniff         (const guint8  *data,
                                       gsize          length,
                                       GError       **error);

/* rd_document_sniff() and the size limit (@max_size 0: RD_DOCUMENT_DEFAULT_MAX_SIZE). */
const char *rd_document_check         (const guint8  *data,
                                       gsize          length,
                                       gsize          max_size,
                                       GError       **error);

/* Whether @content_type is one rd_document_sniff() can answer. */
gboolean    rd_document_type_is_known (const char    *content_type);

/* @name fit to show and to save as: its last path component, control characters and
 * slashes dropped, at most 200 bytes (cut at a character); NULL when nothing is left. */
char       *rd_document_clean_name    (const char    *name);

G_END_DECLS
