/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "rd-page-fetcher.h"

G_BEGIN_DECLS

#define RD_TYPE_STORE_FETCHER (rd_store_fetcher_get_type ())

G_DECLARE_FINAL_TYPE (RdStoreFetcher, rd_store_fetcher, RD, STORE_FETCHER, GObject)

/* Quick search results are collected once per query, up to this many rows. */
#define RD_STORE_FETCHER_QUICK_LIMIT 5000

RdStoreFetcher *rd_store_fetcher_new (const char *db_path,
                                      const char *table,
                                      const char *filter,
                                      const char *quick_text,
                                      const char *order_by);

G_END_DECLS
