/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef enum
{
  RD_DASHBOARD_TICKETS_BY_STATUS,
  RD_DASHBOARD_TICKETS_BY_GROUP,
  RD_DASHBOARD_LEADS_BY_STATUS,
  RD_DASHBOARD_LEADS_BY_INDUSTRY,
  RD_DASHBOARD_CALLS_BY_OUTCOME,
  RD_DASHBOARD_N_CHARTS
} RdDashboardChart;

#define RD_TYPE_DASHBOARD_PAGE (rd_dashboard_page_get_type ())

G_DECLARE_FINAL_TYPE (RdDashboardPage, rd_dashboard_page, RD, DASHBOARD_PAGE, GtkWidget)

GtkWidget  *rd_dashboard_page_new       (void);
void        rd_dashboard_page_set_chart (RdDashboardPage    *self,
                                         RdDashboardChart    chart,
                                         const char * const *labels,
                                         const char * const *keys,
                                         const gint64       *values,
                                         guint               n_bars);
void        rd_dashboard_page_load      (RdDashboardPage    *self,
                                         const char         *db_path);
gboolean    rd_dashboard_page_get_loading (RdDashboardPage  *self);
GtkWidget  *rd_dashboard_page_get_chart (RdDashboardPage    *self,
                                         RdDashboardChart    chart);

G_END_DECLS
