/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define RD_TYPE_PAGE_FETCHER (rd_page_fetcher_get_type ())

G_DECLARE_INTERFACE (RdPageFetcher, rd_page_fetcher, RD, PAGE_FETCHER, GObject)

/* Where RdPagedModel gets its rows from: a query on the replica, or anything
 * else that can count its rows and hand out a window of them. Both vfuncs
 * run in a worker thread (never two at once for one fetcher), so they must
 * not touch GTK and must keep their own database connection or lock. */
struct _RdPageFetcherInterface
{
  GTypeInterface parent_iface;

  /* The type of the items fetch() returns; fixed for the fetcher's life. */
  GType      (*get_item_type) (RdPageFetcher  *self);

  /* How many rows the query has now. */
  gboolean   (*count)         (RdPageFetcher  *self,
                               guint          *n_rows,
                               GCancellable   *cancellable,
                               GError        **error);

  /* Rows offset .. offset+limit-1 as items of get_item_type(); fewer when the
   * query has fewer rows now. */
  GPtrArray *(*fetch)         (RdPageFetcher  *self,
                               guint           offset,
                               guint           limit,
                               GCancellable   *cancellable,
                               GError        **error);
};

GType      rd_page_fetcher_get_item_type (RdPageFetcher  *self);
gboolean   rd_page_fetcher_count         (RdPageFetcher  *self,
                                          guint          *n_rows,
                                          GCancellable   *cancellable,
                                          GError        **error);
GPtrArray *rd_page_fetcher_fetch         (RdPageFetcher  *self,
                                          guint           offset,
                                          guint           limit,
                                          GCancellable   *cancellable,
                                          GError        **error);

G_END_DECLS
