/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the app says when a write cannot be stored: a full disk, a read-only replica, a full
 * server. Core's messages are English and technical; these are the user's. */
#include "config.h"

#include <glib/gi18n.h>

#include "rd-storage-error.h"
#include "rd-store.h"
#include "rd-sync-client.h"

const char *
rd_storage_error_text (const GError *error)
{
  if (g_error_matches (error, RD_STORE_ERROR, RD_STORE_ERROR_DISK_FULL))
    return _("The disk is full: free some space. Nothing was half-written; your changes are kept and sync resumes then.");
  if (g_error_matches (error, RD_STORE_ERROR, RD_STORE_ERROR_READ_ONLY))
    return _("The replica file cannot be written (it or its folder is read-only). Your changes are kept.");
  if (g_error_matches (error, RD_SYNC_ERROR, RD_SYNC_ERROR_SERVER_FULL))
    return _("The server cannot store data now (its disk is full). Your changes are kept and sent later.");
  return NULL;
}
