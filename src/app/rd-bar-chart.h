/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define RD_TYPE_BAR_CHART (rd_bar_chart_get_type ())

G_DECLARE_FINAL_TYPE (RdBarChart, rd_bar_chart, RD, BAR_CHART, GtkWidget)

GtkWidget  *rd_bar_chart_new             (void);
void        rd_bar_chart_set_bars        (RdBarChart         *self,
                                          const char * const *labels,
                                          const char * const *keys,
                                          const gint64       *values,
                                          guint               n_bars);
guint       rd_bar_chart_get_n_bars      (RdBarChart         *self);
const char *rd_bar_chart_get_bar_key     (RdBarChart         *self,
                                          guint               index);
gint64      rd_bar_chart_get_bar_value   (RdBarChart         *self,
                                          guint               index);
int         rd_bar_chart_bar_at          (RdBarChart         *self,
                                          double              x,
                                          double              y);
void        rd_bar_chart_activate_bar    (RdBarChart         *self,
                                          guint               index);

G_END_DECLS
