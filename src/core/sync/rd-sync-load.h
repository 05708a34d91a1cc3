/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rd-store.h"

G_BEGIN_DECLS

/* Loads one snapshot row ({field, value, hlc, site} objects) into @self: a row it
 * does not hold is inserted with those field versions in one statement; a row it
 * holds is merged field by field. Call inside rd_store_begin()/commit. */
gboolean rd_sync_load_row (RdStore     *self,
                           const char  *table,
                           const char  *id,
                           JsonArray   *fields,
                           GError     **error);

G_END_DECLS
