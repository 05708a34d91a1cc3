/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include "rd-page-fetcher.h"

G_DEFINE_INTERFACE (RdPageFetcher, rd_page_fetcher, G_TYPE_OBJECT)

static void
rd_page_fetcher_default_init (RdPageFetcherInterface *iface)
{
}

/** Returns the GType of the items this fetcher makes. */
GType
rd_page_fetcher_get_item_type (RdPageFetcher *self)
{
  g_return_val_if_fail (RD_IS_PAGE_FETCHER (self), G_TYPE_INVALID);

  return RD_PAGE_FETCHER_GET_IFACE (self)->get_item_type (self);
}

/** Counts the rows of the query; may block, call it from a worker thread. */
gboolean
rd_page_fetcher_count (RdPageFetcher  *self,
                       guint          *n_rows,
                       GCancellable   *cancellable,
                       GError        **error)
{
  g_return_val_if_fail (RD_IS_PAGE_FETCHER (self), FALSE);
  g_return_val_if_fail (n_rows != NULL, FALSE);

  return RD_PAGE_FETCHER_GET_IFACE (self)->count (self, n_rows, cancellable, error);
}

/** Fetches up to @limit rows from @offset; may block, call it from a worker thread. */
GPtrArray *
rd_page_fetcher_fetch (RdPageFetcher  *self,
                       guint           offset,
                       guint           limit,
                       GCancellable   *cancellable,
                       GError        **error)
{
  g_return_val_if_fail (RD_IS_PAGE_FETCHER (self), NULL);

  return RD_PAGE_FETCHER_GET_IFACE (self)->fetch (self, offset, limit, cancellable, error);
}
