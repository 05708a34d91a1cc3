/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* A report's result: typed columns and rows of cells, written as JSON or CSV. */

typedef enum {
  RD_REPORT_INT,    /* an integer (counts, durations in ms) */
  RD_REPORT_REAL,   /* a ratio or a mean; NAN is written as null / empty */
  RD_REPORT_TEXT,
  RD_REPORT_TIME,   /* Unix ms: a number in JSON, ISO 8601 UTC in CSV */
} RdReportType;

typedef struct _RdReportTable RdReportTable;

RdReportTable *rd_report_table_new        (const char    *name);
void           rd_report_table_free       (RdReportTable *table);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdReportTable, rd_report_table_free)

void           rd_report_table_add_column (RdReportTable *table,
                                           const char    *name,
                                           RdReportType   type);
guint          rd_report_table_n_columns  (RdReportTable *table);
guint          rd_report_table_n_rows     (RdReportTable *table);
/* Cells are appended in column order; a row is complete after n_columns cells. */
void           rd_report_table_int        (RdReportTable *table,
                                           gint64         value);
void           rd_report_table_real       (RdReportTable *table,
                                           double         value);
void           rd_report_table_text       (RdReportTable *table,
                                           const char    *value);
void           rd_report_table_null       (RdReportTable *table);
/* The cell's integer (INT and TIME columns), for tests of the module and summaries. */
gint64         rd_report_table_get_int    (RdReportTable *table,
                                           guint          row,
                                           guint          column);
/* The cursor of the next page (keyset paging), NULL on the last page. */
void           rd_report_table_set_next   (RdReportTable *table,
                                           const char    *cursor);
const char    *rd_report_table_get_next   (RdReportTable *table);
/* Extra members of the JSON answer (the filters applied, a cap), may be empty. */
JsonObject    *rd_report_table_get_meta   (RdReportTable *table);

/* {"report", ...meta, "columns": [{name, type}], "rows": [{column: value}], "next"}. */
JsonNode      *rd_report_table_to_json    (RdReportTable *table);
/* RFC 4180: a header row, CRLF line ends, fields quoted when they hold a comma, a quote
 * or a line end; UTF-8. */
GBytes        *rd_report_table_to_csv     (RdReportTable *table);

G_END_DECLS
