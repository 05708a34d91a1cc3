/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef enum
{
  RD_CHART_PIE,            /* the first series over the categories, as a donut */
  RD_CHART_STACKED_BARS,   /* a bar per category, the series stacked */
  RD_CHART_LINE,           /* a line per series over the categories */
} RdChartKind;

#define RD_TYPE_CHART_KIND (rd_chart_kind_get_type ())
GType rd_chart_kind_get_type (void);

#define RD_TYPE_CHART (rd_chart_get_type ())
G_DECLARE_FINAL_TYPE (RdChart, rd_chart, RD, CHART, GtkWidget)

/* A cairo chart of a report's numbers: categories (hours, agents, dispositions) along
 * the x axis (or the slices), series (call results, peak and average) stacked, drawn as
 * lines or, for a pie, the first one. Axis labels, a legend, and the same numbers as
 * the accessible description, for screen readers (the report's table beside it is
 * the visual alternative). rd_chart_draw() paints it on any cairo context (the PDF). */
GtkWidget   *rd_chart_new            (RdChartKind         kind);
RdChartKind  rd_chart_get_kind       (RdChart            *self);
void         rd_chart_set_kind       (RdChart            *self,
                                      RdChartKind         kind);
/* @values holds @n_series rows of @n_categories values. */
void         rd_chart_set_data       (RdChart            *self,
                                      const char * const *categories,
                                      guint               n_categories,
                                      const char * const *series,
                                      guint               n_series,
                                      const double       *values);
void         rd_chart_set_axis_titles (RdChart           *self,
                                      const char         *x_title,
                                      const char         *y_title);
guint        rd_chart_get_n_categories (RdChart          *self);
guint        rd_chart_get_n_series   (RdChart            *self);
double       rd_chart_get_value      (RdChart            *self,
                                      guint               series,
                                      guint               category);
/* The numbers in words, one line per category (the accessible description). */
char        *rd_chart_describe       (RdChart            *self);
void         rd_chart_draw           (RdChart            *self,
                                      cairo_t            *cr,
                                      double              width,
                                      double              height,
                                      const GdkRGBA      *foreground);

G_END_DECLS
