/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* RdPagedModel's struct and the helpers shared by rd-paged-model.c (pages, fetches,
 * GListModel) and rd-paged-model-refresh.c (refresh and exact items-changed). */

#include "rd-paged-model.h"

G_BEGIN_DECLS

typedef struct
{
  guint      index;
  gboolean   loaded;
  GPtrArray *items;   /* rows, or placeholders made on demand while loading */
  GList     *lru_link;
} Page;

struct _RdPagedModel
{
  GObject        parent_instance;

  RdPageFetcher *fetcher;
  GType          item_type;
  guint          page_size;
  guint          max_pages;
  gboolean       synchronous;

  guint          n_items;
  GHashTable    *pages;       /* page index → Page */
  GQueue         lru;         /* loaded pages, most recent first */
  GHashTable    *handed;      /* page indices handed out since the last refresh */
  GQueue         wanted;      /* page indices to fetch, most recent last */

  GMutex         fetch_lock;  /* one fetcher call at a time */
  GCancellable  *cancellable;
  guint          generation;  /* bumped when the rows change under the pages */
  guint          refresh_serial;
  gboolean       refreshing;
  gboolean       fetching;
  gboolean       loading;
  guint          n_fetches;
  GError        *error;
};

guint      rd_paged_model_page_length    (RdPagedModel  *self,
                                          guint          index);
void       rd_paged_model_update_loading (RdPagedModel  *self);
void       rd_paged_model_set_error      (RdPagedModel  *self,
                                          GError        *error);
void       rd_paged_model_drop_pages     (RdPagedModel  *self);
void       rd_paged_model_store_page     (RdPagedModel  *self,
                                          guint          index,
                                          GPtrArray     *items);
GPtrArray *rd_paged_model_fetch_locked   (RdPagedModel  *self,
                                          guint          index,
                                          GCancellable  *cancellable,
                                          GError       **error);
/* Fetches the next wanted page in the worker (asynchronous mode). */
void       rd_paged_model_fetch_next     (RdPagedModel  *self);
void       rd_paged_model_notify_n_items (RdPagedModel  *self);

G_END_DECLS
