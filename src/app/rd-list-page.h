/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "rd-call-log.h"
#include "rd-paged-model.h"
#include "rd-record.h"

G_BEGIN_DECLS

#define RD_TYPE_LIST_PAGE (rd_list_page_get_type ())

G_DECLARE_FINAL_TYPE (RdListPage, rd_list_page, RD, LIST_PAGE, GtkWidget)

GtkWidget    *rd_list_page_new             (const char *table);
void          rd_list_page_set_db_path     (RdListPage *self,
                                            const char *db_path);
void          rd_list_page_refresh         (RdListPage *self);
gboolean      rd_list_page_set_sort        (RdListPage *self,
                                            const char *order);
RdPagedModel *rd_list_page_get_model       (RdListPage *self);
const char   *rd_list_page_get_table       (RdListPage *self);
void          rd_list_page_set_search_text (RdListPage *self,
                                            const char *text);
void          rd_list_page_show_filter     (RdListPage *self,
                                            const char *field,
                                            const char *value);

char         *rd_list_page_dup_filter      (RdListPage *self);

const char *rd_list_page_get_search_text (RdListPage *self);

guint       rd_list_page_get_n_groups (RdListPage *self);

void          rd_list_page_show_calls  (RdListPage   *self,
                                        const char   *status,
                                        const char   *disposition,
                                        RdCallPeriod  period);
void          rd_list_page_set_sla_refresh (RdListPage *self,
                                            guint       seconds);
const char   *rd_list_page_sla_state   (RdRecord   *ticket,
                                        gint64      now_ms);

G_END_DECLS
