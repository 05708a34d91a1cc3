/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A new UUIDv7 (RFC 9562) as 36-char lowercase text: time-ordered, never reused. */
char     *rd_uuid_v7        (void);

/* Writes a UUIDv7 into @out (37 bytes with the NUL), without allocating. */
void      rd_uuid_v7_into   (char out[37]);

/* TRUE when @text looks like a UUID (8-4-4-4-12 hex digits). */
gboolean  rd_uuid_is_valid  (const char *text);

G_END_DECLS
