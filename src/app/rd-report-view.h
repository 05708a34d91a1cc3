/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

#include "rd-chart.h"
#include "rd-report-kind.h"
#include "rd-report-pdf.h"
#include "rd-server-session.h"

G_BEGIN_DECLS

#define RD_TYPE_REPORT_VIEW (rd_report_view_get_type ())
G_DECLARE_FINAL_TYPE (RdReportView, rd_report_view, RD, REPORT_VIEW, GtkWidget)

/* One report of the Reports page: its filters, the chart where it has one, the table
 * (GtkColumnView of the server's rows, GET /reports/NAME), Export CSV (the server's
 * ?format=csv), Export PDF and Print (rd-report-pdf.c). The CDR pages by the server's
 * cursor (Load More), searches by number and plays a row's recording inline. */
void         rd_report_view_set_session   (RdReportView       *self,
                                           RdServerSession    *session);
/* The country a national number typed in the CDR's search is read for ("RU"). */
void         rd_report_view_set_region    (RdReportView       *self,
                                           const char         *region);
/* Shows @kind with today's range and no filters, and loads it. */
void         rd_report_view_open          (RdReportView       *self,
                                           const RdReportKind *kind);
const RdReportKind *rd_report_view_get_kind (RdReportView     *self);
/* Filters as typed (YYYY-MM-DD; NULL leaves one as it is), then rd_report_view_reload(). */
void         rd_report_view_set_range     (RdReportView       *self,
                                           const char         *from,
                                           const char         *to);
void         rd_report_view_set_number    (RdReportView       *self,
                                           const char         *number);
void         rd_report_view_set_agent     (RdReportView       *self,
                                           const char         *agent);
void         rd_report_view_set_part      (RdReportView       *self,
                                           guint               part);
void         rd_report_view_reload        (RdReportView       *self);
void         rd_report_view_load_more     (RdReportView       *self);
gboolean     rd_report_view_get_busy      (RdReportView       *self);
gboolean     rd_report_view_get_has_more  (RdReportView       *self);
/* The last error said (NULL when the last load worked). */
const char  *rd_report_view_get_error     (RdReportView       *self);
guint        rd_report_view_get_n_rows    (RdReportView       *self);
/* The cell as the table shows it. */
char        *rd_report_view_get_cell      (RdReportView       *self,
                                           guint               row,
                                           const char         *column);
JsonObject  *rd_report_view_get_row       (RdReportView       *self,
                                           guint               row);
RdChart     *rd_report_view_get_chart     (RdReportView       *self);
/* The report as a document (title, filters, chart, table) for a PDF or the printer. */
RdReportDoc *rd_report_view_make_doc      (RdReportView       *self);
/* Exports without a dialog (the buttons ask for the file first). The CSV is fetched
 * (busy until written); the PDF is written at once. */
void         rd_report_view_export_csv    (RdReportView       *self,
                                           GFile              *file);
gboolean     rd_report_view_export_pdf    (RdReportView       *self,
                                           const char         *path,
                                           GError            **error);
/* Fetches the recording of row @row's call and plays it in the bar under the table. */
void         rd_report_view_play_recording (RdReportView      *self,
                                           guint               row);
/* The player of the last recording fetched, or NULL. */
GtkWidget   *rd_report_view_get_player    (RdReportView       *self);

G_END_DECLS
