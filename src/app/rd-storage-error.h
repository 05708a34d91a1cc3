/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The user's words (translated) for a storage error: the replica's disk full or read-only
 * (RD_STORE_ERROR_DISK_FULL, _READ_ONLY), the server's storage full
 * (RD_SYNC_ERROR_SERVER_FULL); NULL for any other error. */
const char *rd_storage_error_text (const GError *error);

G_END_DECLS
