/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "rd-report-view.h"
#include "rd-server-session.h"

G_BEGIN_DECLS

#define RD_TYPE_REPORTS_PAGE (rd_reports_page_get_type ())
G_DECLARE_FINAL_TYPE (RdReportsPage, rd_reports_page, RD, REPORTS_PAGE, GtkWidget)

/* The Reports page of managers and admins: the list of reports (rd_report_kinds()), each
 * opening an RdReportView; "reports.back" returns to the list. */
void          rd_reports_page_set_session (RdReportsPage   *self,
                                           RdServerSession *session);
/* Opens the report @id ("cdr" …) as if its row was clicked; NULL for an unknown one. */
RdReportView *rd_reports_page_open        (RdReportsPage   *self,
                                           const char      *id);
RdReportView *rd_reports_page_get_view    (RdReportsPage   *self);
/* Back to the list. */
void          rd_reports_page_show_list   (RdReportsPage   *self);

G_END_DECLS
