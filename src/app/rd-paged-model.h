/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "rd-page-fetcher.h"

G_BEGIN_DECLS

#define RD_TYPE_PAGED_MODEL (rd_paged_model_get_type ())

G_DECLARE_FINAL_TYPE (RdPagedModel, rd_paged_model, RD, PAGED_MODEL, GObject)

RdPagedModel  *rd_paged_model_new           (RdPageFetcher *fetcher,
                                             guint          page_size,
                                             gboolean       synchronous);
RdPageFetcher *rd_paged_model_get_fetcher   (RdPagedModel  *self);
guint          rd_paged_model_get_page_size (RdPagedModel  *self);
guint          rd_paged_model_get_max_pages (RdPagedModel  *self);
void           rd_paged_model_set_max_pages (RdPagedModel  *self,
                                             guint          max_pages);
gboolean       rd_paged_model_get_loading   (RdPagedModel  *self);
guint          rd_paged_model_get_n_cached_pages (RdPagedModel *self);
guint          rd_paged_model_get_n_fetches (RdPagedModel  *self);
const GError  *rd_paged_model_get_error     (RdPagedModel  *self);
void           rd_paged_model_refresh       (RdPagedModel  *self);
void           rd_paged_model_rows_changed  (RdPagedModel  *self,
                                             guint          position,
                                             guint          removed,
                                             guint          added);

G_END_DECLS
