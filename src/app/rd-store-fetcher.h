/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "rd-page-fetcher.h"
#include "rd-store.h"

G_BEGIN_DECLS

#define RD_TYPE_STORE_FETCHER (rd_store_fetcher_get_type ())

G_DECLARE_FINAL_TYPE (RdStoreFetcher, rd_store_fetcher, RD, STORE_FETCHER, GObject)

/* Quick search results are collected once per query, up to this many rows. */
#define RD_STORE_FETCHER_QUICK_LIMIT 200
/* FTS search on deals and tickets: the best this many matches. */
#define RD_STORE_FETCHER_FTS_LIMIT 200

/* One read connection to a replica, shared by the successive fetchers of a
 * list (a new search makes a new fetcher, not a new connection); a mutex
 * keeps one user at a time. Reference counted. */
typedef struct _RdStoreReader RdStoreReader;

RdStoreReader  *rd_store_reader_new   (const char    *db_path);
void            rd_store_reader_tune  (RdStore       *store);
RdStoreReader  *rd_store_reader_ref   (RdStoreReader *reader);
void            rd_store_reader_unref (RdStoreReader *reader);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdStoreReader, rd_store_reader_unref)

RdStoreFetcher *rd_store_fetcher_new_shared (RdStoreReader *reader,
                                             const char    *table,
                                             const char    *filter,
                                             const char    *quick_text,
                                             const char    *order_by);
RdStoreFetcher *rd_store_fetcher_new (const char *db_path,
                                      const char *table,
                                      const char *filter,
                                      const char *quick_text,
                                      const char *order_by);

gboolean        rd_store_fetcher_export (RdStoreFetcher  *self,
                                         const char      *path,
                                         guint           *n_rows,
                                         GError         **error);

G_END_DECLS
