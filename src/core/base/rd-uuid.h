/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A new UUIDv7 (RFC 9562) as 36-char lowercase text: time-ordered, never reused. */
char     *rd_uuid_v7        (void);

/* Writes a UUIDv7 into @out (37 bytes with the NUL), without allocating. */
void      rd_uuid_v7_into   (char out[37]);

/* A name-based UUID (version 5, SHA-1, RFC 9562) of @name in Ringdesk's namespace: the same
 * name gives the same id on every replica. For rows two replicas may create independently
 * that must be one row (a custom field's value of one record, a field definition). */
void      rd_uuid_v5_into   (const char *name,
                             char        out[37]);

/* TRUE when @text looks like a UUID (8-4-4-4-12 hex digits). */
gboolean  rd_uuid_is_valid  (const char *text);

G_END_DECLS
