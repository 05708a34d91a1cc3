/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "rd-chart.h"

G_BEGIN_DECLS

/* A report laid out on paper: the title, the filters, the chart and the table (the header
 * repeated on each page, "Page N of M" at the foot). The same pages are written to a PDF
 * (A4, cairo) and printed (rd_report_print()). Not a GObject: a document of strings. */
typedef struct
{
  char      *title;
  GPtrArray *filters;     /* char*: "From 2026-12-01" … */
  GPtrArray *columns;     /* char*: the column titles */
  GPtrArray *numeric;     /* GINT_TO_POINTER: right-aligned columns */
  GPtrArray *rows;        /* GStrv, one cell per column */
  RdChart   *chart;       /* or NULL */
  gboolean   landscape;   /* for wide tables (the CDR) */
  int        stretch_column; /* the column that takes the width left over (a quote's product), or -1 */
  gboolean   head_lines;  /* the filters one per line (a quote's header) instead of one line */
  GPtrArray *summary;     /* GStrv {label, value}: right-aligned under the table (a quote's totals) */
  char      *notes;       /* a paragraph after the summary (a quote's validity and terms), or NULL */
} RdReportDoc;

RdReportDoc *rd_report_doc_new        (const char   *title);
void         rd_report_doc_free       (RdReportDoc  *doc);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdReportDoc, rd_report_doc_free)
void         rd_report_doc_add_column (RdReportDoc  *doc,
                                       const char   *title,
                                       gboolean      numeric);
/* Takes @cells (one per column). */
void         rd_report_doc_add_row    (RdReportDoc  *doc,
                                       char        **cells);
/* Adds a {@label, @value} line to the summary under the table; @bold for the last total. */
void         rd_report_doc_add_summary (RdReportDoc *doc,
                                        const char  *label,
                                        const char  *value,
                                        gboolean     bold);
/* The pages @doc takes on paper of @width × @height points, laid out with @cr's fonts. */
guint        rd_report_doc_n_pages    (RdReportDoc  *doc,
                                       cairo_t      *cr,
                                       double        width,
                                       double        height);
void         rd_report_doc_draw_page  (RdReportDoc  *doc,
                                       cairo_t      *cr,
                                       double        width,
                                       double        height,
                                       guint         page);
/* Writes @doc as a PDF on A4 (landscape when the doc says so) to @path. */
gboolean     rd_report_pdf_write      (RdReportDoc  *doc,
                                       const char   *path,
                                       GError      **error);
/* Prints @doc (GtkPrintOperation with the print dialog over @parent), taking it. */
void         rd_report_print          (RdReportDoc  *doc,
                                       GtkWindow    *parent);

/* The same operation exporting to the PDF @path without a dialog (taking @doc). */
gboolean     rd_report_print_export   (RdReportDoc  *doc,
                                       const char   *path,
                                       GError      **error);

G_END_DECLS
