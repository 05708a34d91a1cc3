/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Netstrings (D. J. Bernstein): "LEN:BYTES," — the framing of baresip's ctrl_tcp. */

#define RD_NETSTRING_ERROR (rd_netstring_error_quark ())

typedef enum {
  RD_NETSTRING_ERROR_MALFORMED,
  RD_NETSTRING_ERROR_TOO_LONG,
} RdNetstringError;

/* Frames larger than this are refused (ctrl_tcp messages are a few kB). */
#define RD_NETSTRING_MAX_LENGTH (1024 * 1024)

typedef struct _RdNetstringReader RdNetstringReader;

GQuark              rd_netstring_error_quark  (void);

/* Appends the netstring framing of @data (@len bytes) to @out. */
void                rd_netstring_append       (GString           *out,
                                               const char        *data,
                                               gsize              len);

RdNetstringReader  *rd_netstring_reader_new   (void);
void                rd_netstring_reader_free  (RdNetstringReader *reader);

/* Feeds bytes as they arrive; they may split or join frames anywhere. */
void                rd_netstring_reader_feed  (RdNetstringReader *reader,
                                               const char        *data,
                                               gsize              len);

/* Returns the next complete payload (NUL-terminated, free with g_bytes_unref), or NULL
 * when more bytes are needed or on a framing error (then @error is set and the reader
 * refuses further input: the stream cannot be resynchronised). */
GBytes             *rd_netstring_reader_next  (RdNetstringReader *reader,
                                               GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdNetstringReader, rd_netstring_reader_free)

G_END_DECLS
