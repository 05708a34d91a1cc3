/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Shared by rd-store-fetcher.c (queries, pages, anchors) and rd-store-fetcher-details.c. */

#include "rd-store.h"
#include "rd-store-fetcher.h"

G_BEGIN_DECLS

/* Adds to the records of a page of @table what its list shows besides their own fields:
 * the first phone and e-mail, the names of the records they refer to, a call's party. */
void rd_store_fetcher_add_details (RdStore    *store,
                                   const char *table,
                                   GPtrArray  *rows);

G_END_DECLS
