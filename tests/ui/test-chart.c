/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <cairo-pdf.h>
#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "rd-chart.h"
#include "rd-report-pdf.h"

/* RdChart and RdReportDoc without a server: every kind paints, the description carries
 * the numbers, the pages of a long table. */

static const char *const hours[] = { "08", "09", "10" };
static const char *const results[] = { "Person", "Busy" };
static const double values[] = { 1, 12, 12,    /* Person per hour */
                                 0, 11, 12 };  /* Busy per hour */

/* Distinct colours painted on a white @width × @height surface. */
static guint
paint (RdChart *chart,
       int      width,
       int      height)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  cairo_t *cr = cairo_create (surface);
  GdkRGBA black = { 0, 0, 0, 1 };
  g_autoptr(GHashTable) colours = g_hash_table_new (NULL, NULL);
  guint n;

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  rd_chart_draw (chart, cr, width, height, &black);
  cairo_surface_flush (surface);
  for (int y = 0; y < height; y++)
    {
      guint32 *row = (guint32 *) (cairo_image_surface_get_data (surface) + y * cairo_image_surface_get_stride (surface));

      for (int x = 0; x < width; x++)
        g_hash_table_add (colours, GUINT_TO_POINTER (row[x] & 0xffffff));
    }
  n = g_hash_table_size (colours);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  return n;
}

static void
test_chart_kinds (void)
{
  RdChart *chart = RD_CHART (g_object_ref_sink (rd_chart_new (RD_CHART_STACKED_BARS)));
  guint empty = paint (chart, 400, 300);

  rd_chart_set_data (chart, hours, 3, results, 2, values);
  rd_chart_set_axis_titles (chart, NULL, "Calls");
  g_assert_cmpuint (rd_chart_get_n_categories (chart), ==, 3);
  g_assert_cmpuint (rd_chart_get_n_series (chart), ==, 2);
  g_assert_cmpfloat (rd_chart_get_value (chart, 1, 2), ==, 12);
  for (RdChartKind kind = RD_CHART_PIE; kind <= RD_CHART_LINE; kind++)
    {
      rd_chart_set_kind (chart, kind);
      /* the series' colours, the axes, anti-aliased text: far more than "No data" */
      g_assert_cmpuint (paint (chart, 400, 300), >, empty + 4);
      g_assert_cmpuint (paint (chart, 60, 40), >, 1);     /* a tiny area does not crash */
    }
  g_assert_finalize_object (chart);
}

static void
test_chart_describe (void)
{
  RdChart *chart = RD_CHART (g_object_ref_sink (rd_chart_new (RD_CHART_LINE)));
  g_autofree char *empty = rd_chart_describe (chart);
  g_autofree char *text = NULL;

  g_assert_cmpstr (empty, ==, "No data");
  rd_chart_set_data (chart, hours, 3, results, 2, values);
  text = rd_chart_describe (chart);
  g_assert_cmpstr (text, ==, "08: Person 1, Busy 0\n09: Person 12, Busy 11\n10: Person 12, Busy 12\n");
  g_assert_finalize_object (chart);
}

static RdReportDoc *
doc_with_rows (guint rows,
               guint columns)
{
  RdReportDoc *doc = rd_report_doc_new ("Call Detail Records");

  g_ptr_array_add (doc->filters, g_strdup ("From: 2026-12-01"));
  for (guint c = 0; c < columns; c++)
    {
      g_autofree char *title = g_strdup_printf ("Column %u", c);

      rd_report_doc_add_column (doc, title, c % 2 == 1);
    }
  for (guint r = 0; r < rows; r++)
    {
      char **cells = g_new0 (char *, columns + 1);

      for (guint c = 0; c < columns; c++)
        cells[c] = g_strdup_printf ("r%u c%u", r, c);
      rd_report_doc_add_row (doc, cells);
    }
  return doc;
}

static guint
pages_of (RdReportDoc *doc)
{
  cairo_surface_t *surface = cairo_pdf_surface_create (NULL, 595.276, 841.89);
  cairo_t *cr = cairo_create (surface);
  guint n = rd_report_doc_n_pages (doc, cr, 595.276, 841.89);

  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  return n;
}

static void
test_pdf_pages (void)
{
  g_autoptr(RdReportDoc) none = doc_with_rows (0, 4);
  g_autoptr(RdReportDoc) few = doc_with_rows (10, 4);
  g_autoptr(RdReportDoc) many = doc_with_rows (500, 4);
  g_autoptr(RdReportDoc) wide = doc_with_rows (10, 40);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("rd-report-pdf-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "many.pdf", NULL);
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_cmpuint (pages_of (none), ==, 1);      /* the head and "No rows" */
  g_assert_cmpuint (pages_of (few), ==, 1);
  g_assert_cmpuint (pages_of (wide), ==, 1);      /* 40 columns: smaller type, cut cells */
  g_assert_cmpuint (pages_of (many), >, 5);
  /* a chart on the first page leaves room for fewer rows, never more pages than rows */
  g_assert_cmpuint (pages_of (many), <, 500);

  g_assert_true (rd_report_pdf_write (many, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));
  g_unlink (path);
  g_rmdir (dir);

  g_assert_false (rd_report_pdf_write (few, "/nonexistent/folder/x.pdf", &error));
  g_assert_nonnull (error);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  g_test_add_func ("/chart/kinds", test_chart_kinds);
  g_test_add_func ("/chart/describe", test_chart_describe);
  g_test_add_func ("/report-pdf/pages", test_pdf_pages);
  return g_test_run ();
}
