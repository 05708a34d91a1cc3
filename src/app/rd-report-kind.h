/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "rd-chart.h"

G_BEGIN_DECLS

/* The reports the Reports page lists: which server reports (GET /reports/NAME) each shows,
 * which filters apply, and the chart drawn from its rows. Plain data, not a GObject. */

typedef enum
{
  RD_REPORT_FILTER_CAMPAIGN = 1 << 0,
  RD_REPORT_FILTER_AGENT    = 1 << 1,
  RD_REPORT_FILTER_TEAM     = 1 << 2,
  RD_REPORT_FILTER_BY       = 1 << 3,
  RD_REPORT_FILTER_RANGE    = 1 << 4,
  RD_REPORT_FILTER_NUMBER   = 1 << 5,
} RdReportFilters;

typedef struct
{
  const char          *name;          /* the server's report name: "agents" */
  const char          *title;         /* untranslated (N_): translated when shown */
} RdReportPart;

typedef struct
{
  const char          *id;            /* "agent-performance" */
  const char          *title;
  const char          *description;
  const RdReportPart  *parts;         /* the first is shown first; NULL-named at the end */
  RdReportFilters      filters;
  const char          *default_by;    /* "day", "hour-of-day", "total" or NULL */
  gboolean             paged;         /* keyset cursor: Load More */
  gboolean             has_chart;
  RdChartKind          chart_kind;
  const char          *category;      /* the column along the x axis (or the slices);
                                       * "@period" the period, "@first" the first column */
  const char * const  *series;        /* columns drawn, summed per category */
  double               scale;         /* applied to the values (ms → hours) */
  const char          *y_title;
} RdReportKind;

/* Every report, in the order the page lists them; @n_kinds set. */
const RdReportKind *rd_report_kinds           (guint        *n_kinds);
const RdReportKind *rd_report_kind_lookup     (const char   *id);
guint               rd_report_kind_n_parts    (const RdReportKind *kind);

/* The column's title in words ("Talk Time"), translated; unknown names as they are. */
const char         *rd_report_column_title    (const char   *column);
/* A cell as shown: a time as "YYYY-MM-DD HH:MM:SS" local, *_ms as h:mm:ss, rates as %,
 * null as empty. @type is the server's column type (int, real, text, time). */
char               *rd_report_format_cell     (const char   *column,
                                               const char   *type,
                                               JsonNode     *value);
/* A ratio in large type on a board's tile: "2.3 %", "48 %". */
char               *rd_report_format_tile_percent (double ratio);
/* The number behind a cell (0 for null or text). */
double              rd_report_cell_number     (JsonNode     *value);

G_END_DECLS
