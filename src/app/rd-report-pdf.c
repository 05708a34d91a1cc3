/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n.h>
#include <pango/pangocairo.h>

#include "rd-report-pdf.h"

#define A4_WIDTH     595.276
#define A4_HEIGHT    841.890
#define MARGIN       36.0
#define CHART_HEIGHT 250.0
#define CELL_PAD     4.0
#define MIN_FONT     5.0
#define MAX_FONT     8.5

/* Where each page's rows start, the columns' widths and the font that makes them fit. */
typedef struct
{
  double  font;
  double  row_height;
  double  head_height;  /* title, filters and chart on the first page */
  GArray *widths;       /* double per column */
  GArray *page_starts;  /* guint: the first row of each page */
} Layout;

RdReportDoc *
rd_report_doc_new (const char *title)
{
  RdReportDoc *doc = g_new0 (RdReportDoc, 1);

  doc->title = g_strdup (title);
  doc->filters = g_ptr_array_new_with_free_func (g_free);
  doc->columns = g_ptr_array_new_with_free_func (g_free);
  doc->numeric = g_ptr_array_new ();
  doc->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  doc->summary = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  doc->stretch_column = -1;
  return doc;
}

void
rd_report_doc_add_summary (RdReportDoc *doc,
                           const char  *label,
                           const char  *value,
                           gboolean     bold)
{
  char **line = g_new0 (char *, 4);

  line[0] = g_strdup (label);
  line[1] = g_strdup (value);
  line[2] = bold ? g_strdup ("bold") : NULL;
  g_ptr_array_add (doc->summary, line);
}

void
rd_report_doc_free (RdReportDoc *doc)
{
  if (doc == NULL)
    return;
  g_free (doc->title);
  g_ptr_array_unref (doc->filters);
  g_ptr_array_unref (doc->columns);
  g_ptr_array_unref (doc->numeric);
  g_ptr_array_unref (doc->rows);
  g_ptr_array_unref (doc->summary);
  g_free (doc->notes);
  g_clear_object (&doc->chart);
  g_free (doc);
}

void
rd_report_doc_add_column (RdReportDoc *doc,
                          const char  *title,
                          gboolean     numeric)
{
  g_ptr_array_add (doc->columns, g_strdup (title));
  g_ptr_array_add (doc->numeric, GINT_TO_POINTER (numeric));
}

void
rd_report_doc_add_row (RdReportDoc  *doc,
                       char        **cells)
{
  g_return_if_fail (g_strv_length (cells) == doc->columns->len);
  g_ptr_array_add (doc->rows, cells);
}

static PangoLayout *
text_layout (cairo_t    *cr,
             double      size,
             gboolean    bold)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string ("Sans");
  cairo_font_options_t *options = cairo_font_options_create ();

  /* no hinting: the same widths on a PDF, a printer and the screen */
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  pango_cairo_context_set_font_options (pango_layout_get_context (layout), options);
  cairo_font_options_destroy (options);
  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  if (bold)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, font);
  return layout;
}

static double
text_width (PangoLayout *layout,
            const char  *text)
{
  PangoRectangle logical;

  pango_layout_set_width (layout, -1);
  pango_layout_set_text (layout, text, -1);
  pango_layout_get_extents (layout, NULL, &logical);
  return (double) logical.width / PANGO_SCALE;
}

static char *
filters_line (RdReportDoc *doc)
{
  g_autoptr(GString) line = g_string_new (NULL);

  for (guint i = 0; i < doc->filters->len; i++)
    g_string_append_printf (line, "%s%s", i == 0 ? "" : doc->head_lines ? "\n" : "   ·   ",
                            (char *) g_ptr_array_index (doc->filters, i));
  return g_string_free (g_steal_pointer (&line), FALSE);
}

static double
head_height (RdReportDoc *doc,
             cairo_t     *cr,
             double       width)
{
  g_autoptr(PangoLayout) title = text_layout (cr, 18, TRUE);
  g_autoptr(PangoLayout) small = text_layout (cr, 9, FALSE);
  g_autofree char *filters = filters_line (doc);
  int h1, h2;

  pango_layout_set_text (title, doc->title, -1);
  pango_layout_get_size (title, NULL, &h1);
  pango_layout_set_width (small, (width - 2 * MARGIN) * PANGO_SCALE);
  pango_layout_set_wrap (small, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text (small, filters, -1);
  pango_layout_get_size (small, NULL, &h2);
  return (double) h1 / PANGO_SCALE + 6 + (double) h2 / PANGO_SCALE + 12 +
         (doc->chart != NULL ? CHART_HEIGHT + 12 : 0);
}

static void draw_cell (cairo_t *cr, PangoLayout *layout, const char *text, double x, double y,
                       double w, gboolean right);

/* The summary lines and the notes under the table, on its last page. */
#define SUMMARY_FONT 9.5

static double
tail_height (RdReportDoc *doc,
             cairo_t     *cr,
             double       width)
{
  double h = 0;

  if (doc->summary->len > 0)
    h += 10 + doc->summary->len * SUMMARY_FONT * 1.7;
  if (doc->notes != NULL)
    {
      g_autoptr(PangoLayout) small = text_layout (cr, 9, FALSE);
      int nh;

      pango_layout_set_width (small, (width - 2 * MARGIN) * PANGO_SCALE);
      pango_layout_set_wrap (small, PANGO_WRAP_WORD_CHAR);
      pango_layout_set_text (small, doc->notes, -1);
      pango_layout_get_size (small, NULL, &nh);
      h += 16 + (double) nh / PANGO_SCALE;
    }
  return h;
}

static void
draw_tail (RdReportDoc *doc,
           cairo_t     *cr,
           double       width,
           double       y)
{
  g_autoptr(PangoLayout) body = text_layout (cr, SUMMARY_FONT, FALSE);
  g_autoptr(PangoLayout) bold = text_layout (cr, SUMMARY_FONT, TRUE);
  double right = width - MARGIN;

  y += 10;
  for (guint i = 0; i < doc->summary->len; i++)
    {
      char **line = g_ptr_array_index (doc->summary, i);
      PangoLayout *font = line[2] != NULL ? bold : body;

      cairo_set_source_rgb (cr, 0, 0, 0);
      if (line[2] != NULL)
        {
          cairo_move_to (cr, right - 250, y - 2);
          cairo_line_to (cr, right, y - 2);
          cairo_set_line_width (cr, 0.6);
          cairo_stroke (cr);
        }
      draw_cell (cr, font, line[0], right - 250, y, 130, FALSE);
      draw_cell (cr, font, line[1], right - 120, y, 120, TRUE);
      y += SUMMARY_FONT * 1.7;
    }
  if (doc->notes != NULL)
    {
      g_autoptr(PangoLayout) small = text_layout (cr, 9, FALSE);

      y += 16;
      pango_layout_set_width (small, (width - 2 * MARGIN) * PANGO_SCALE);
      pango_layout_set_wrap (small, PANGO_WRAP_WORD_CHAR);
      pango_layout_set_text (small, doc->notes, -1);
      cairo_set_source_rgb (cr, 0.2, 0.2, 0.2);
      cairo_move_to (cr, MARGIN, y);
      pango_cairo_show_layout (cr, small);
    }
}

static void
layout_clear (Layout *layout)
{
  g_clear_pointer (&layout->widths, g_array_unref);
  g_clear_pointer (&layout->page_starts, g_array_unref);
}

/* The widest cell of each column at @font; the font goes down until the table fits the
 * width, and what is still too wide is cut (cells are ellipsized). */
static void
layout_columns (RdReportDoc *doc,
                cairo_t     *cr,
                double       avail,
                Layout      *layout)
{
  layout->widths = g_array_sized_new (FALSE, TRUE, sizeof (double), doc->columns->len);
  for (double font = MAX_FONT; ; font -= 0.5)
    {
      g_autoptr(PangoLayout) body = text_layout (cr, font, FALSE);
      g_autoptr(PangoLayout) bold = text_layout (cr, font, TRUE);
      double total = 0;

      g_array_set_size (layout->widths, 0);
      for (guint c = 0; c < doc->columns->len; c++)
        {
          double w = text_width (bold, g_ptr_array_index (doc->columns, c));

          for (guint r = 0; r < doc->rows->len && r < 2000; r++)
            w = MAX (w, text_width (body, ((char **) g_ptr_array_index (doc->rows, r))[c]));
          w = MIN (w, 160) + 2 * CELL_PAD;
          g_array_append_val (layout->widths, w);
          total += w;
        }
      layout->font = font;
      if (total <= avail || font <= MIN_FONT)
        {
          /* cut every column by the same share */
          if (total > avail)
            for (guint c = 0; c < layout->widths->len; c++)
              g_array_index (layout->widths, double, c) *= avail / total;
          else if (doc->stretch_column >= 0 && (guint) doc->stretch_column < layout->widths->len)
            g_array_index (layout->widths, double, doc->stretch_column) += avail - total;
          break;
        }
    }
}

static void
layout_make (RdReportDoc *doc,
             cairo_t     *cr,
             double       width,
             double       height,
             Layout      *layout)
{
  double avail_h = height - 2 * MARGIN - 18;   /* the foot line */
  double y;
  guint first = 0;

  layout_columns (doc, cr, width - 2 * MARGIN, layout);
  layout->row_height = layout->font * 1.6;
  layout->head_height = head_height (doc, cr, width);
  layout->page_starts = g_array_new (FALSE, FALSE, sizeof (guint));
  g_array_append_val (layout->page_starts, first);
  y = layout->head_height + layout->row_height;   /* the header row */
  for (guint r = 0; r < doc->rows->len; r++)
    {
      if (y + layout->row_height > avail_h)
        {
          g_array_append_val (layout->page_starts, r);
          y = layout->row_height;
        }
      y += layout->row_height;
    }
  /* the totals and terms go on a page of their own when the last one is full */
  if (y + tail_height (doc, cr, width) > avail_h)
    {
      guint end = doc->rows->len;

      g_array_append_val (layout->page_starts, end);
    }
}

guint
rd_report_doc_n_pages (RdReportDoc *doc,
                       cairo_t     *cr,
                       double       width,
                       double       height)
{
  Layout layout = { 0 };
  guint n;

  layout_make (doc, cr, width, height, &layout);
  n = layout.page_starts->len;
  layout_clear (&layout);
  return n;
}

static void
draw_cell (cairo_t     *cr,
           PangoLayout *layout,
           const char  *text,
           double       x,
           double       y,
           double       w,
           gboolean     right)
{
  pango_layout_set_width (layout, (int) ((w - 2 * CELL_PAD) * PANGO_SCALE));
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_alignment (layout, right ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
  pango_layout_set_text (layout, text, -1);
  cairo_move_to (cr, x + CELL_PAD, y);
  pango_cairo_show_layout (cr, layout);
}

static void
draw_head (RdReportDoc *doc,
           cairo_t     *cr,
           double       width)
{
  g_autoptr(PangoLayout) title = text_layout (cr, 18, TRUE);
  g_autoptr(PangoLayout) small = text_layout (cr, 9, FALSE);
  g_autofree char *filters = filters_line (doc);
  GdkRGBA black = { 0, 0, 0, 1 };
  int h;
  double y = MARGIN;

  cairo_set_source_rgb (cr, 0, 0, 0);
  pango_layout_set_text (title, doc->title, -1);
  cairo_move_to (cr, MARGIN, y);
  pango_cairo_show_layout (cr, title);
  pango_layout_get_size (title, NULL, &h);
  y += (double) h / PANGO_SCALE + 6;
  pango_layout_set_width (small, (width - 2 * MARGIN) * PANGO_SCALE);
  pango_layout_set_wrap (small, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text (small, filters, -1);
  cairo_set_source_rgb (cr, 0.3, 0.3, 0.3);
  cairo_move_to (cr, MARGIN, y);
  pango_cairo_show_layout (cr, small);
  pango_layout_get_size (small, NULL, &h);
  y += (double) h / PANGO_SCALE + 12;
  if (doc->chart != NULL)
    {
      cairo_save (cr);
      cairo_translate (cr, MARGIN, y);
      rd_chart_draw (doc->chart, cr, width - 2 * MARGIN, CHART_HEIGHT, &black);
      cairo_restore (cr);
    }
}

void
rd_report_doc_draw_page (RdReportDoc *doc,
                         cairo_t     *cr,
                         double       width,
                         double       height,
                         guint        page)
{
  Layout layout = { 0 };
  g_autoptr(PangoLayout) body = NULL;
  g_autoptr(PangoLayout) bold = NULL;
  g_autoptr(PangoLayout) foot = NULL;
  g_autofree char *foot_text = NULL;
  guint first, end;
  double y = MARGIN, x;

  layout_make (doc, cr, width, height, &layout);
  if (page >= layout.page_starts->len)
    {
      layout_clear (&layout);
      return;
    }
  body = text_layout (cr, layout.font, FALSE);
  bold = text_layout (cr, layout.font, TRUE);
  first = g_array_index (layout.page_starts, guint, page);
  end = page + 1 < layout.page_starts->len ? g_array_index (layout.page_starts, guint, page + 1)
                                           : doc->rows->len;
  if (page == 0)
    {
      draw_head (doc, cr, width);
      y += layout.head_height;
    }

  /* the header row, on a grey band (not on a page that only holds the summary) */
  if (first == end && first > 0)
    goto tail;
  cairo_set_source_rgb (cr, 0.9, 0.9, 0.9);
  cairo_rectangle (cr, MARGIN, y, width - 2 * MARGIN, layout.row_height);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  x = MARGIN;
  for (guint c = 0; c < doc->columns->len; c++)
    {
      double w = g_array_index (layout.widths, double, c);

      draw_cell (cr, bold, g_ptr_array_index (doc->columns, c), x, y + layout.font * 0.25, w,
                 GPOINTER_TO_INT (g_ptr_array_index (doc->numeric, c)));
      x += w;
    }
  y += layout.row_height;

  for (guint r = first; r < end; r++)
    {
      char **cells = g_ptr_array_index (doc->rows, r);

      if ((r - first) % 2 == 1)
        {
          cairo_set_source_rgb (cr, 0.96, 0.96, 0.96);
          cairo_rectangle (cr, MARGIN, y, width - 2 * MARGIN, layout.row_height);
          cairo_fill (cr);
        }
      cairo_set_source_rgb (cr, 0, 0, 0);
      x = MARGIN;
      for (guint c = 0; c < doc->columns->len; c++)
        {
          double w = g_array_index (layout.widths, double, c);

          draw_cell (cr, body, cells[c], x, y + layout.font * 0.25, w,
                     GPOINTER_TO_INT (g_ptr_array_index (doc->numeric, c)));
          x += w;
        }
      y += layout.row_height;
    }
  if (doc->rows->len == 0 && doc->summary->len == 0)
    {
      cairo_set_source_rgb (cr, 0.4, 0.4, 0.4);
      draw_cell (cr, body, _("No rows for these filters"), MARGIN, y + 4, width - 2 * MARGIN, FALSE);
    }

tail:
  if (page + 1 == layout.page_starts->len)
    draw_tail (doc, cr, width, y);

  /* TRANSLATORS: the foot of a printed report: its title, then "Page 2 of 5" */
  foot_text = g_strdup_printf (_("%s — Page %u of %u"), doc->title, page + 1, layout.page_starts->len);
  foot = text_layout (cr, 8, FALSE);
  cairo_set_source_rgb (cr, 0.4, 0.4, 0.4);
  draw_cell (cr, foot, foot_text, MARGIN, height - MARGIN - 10, width - 2 * MARGIN, TRUE);
  layout_clear (&layout);
}

/** Writes @doc to @path as a PDF of A4 pages. */
gboolean
rd_report_pdf_write (RdReportDoc  *doc,
                     const char   *path,
                     GError      **error)
{
  double width = doc->landscape ? A4_HEIGHT : A4_WIDTH;
  double height = doc->landscape ? A4_WIDTH : A4_HEIGHT;
  cairo_surface_t *surface = cairo_pdf_surface_create (path, width, height);
  cairo_t *cr = cairo_create (surface);
  cairo_status_t status;
  guint n;

  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, doc->title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Ringdesk");
  n = rd_report_doc_n_pages (doc, cr, width, height);
  for (guint page = 0; page < n; page++)
    {
      rd_report_doc_draw_page (doc, cr, width, height, page);
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Cannot write %s: %s"), path,
                   cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}

/* --- printing: the same pages through GtkPrintOperation ---------------------------------- */

static void
begin_print_cb (GtkPrintOperation *operation,
                GtkPrintContext   *context,
                RdReportDoc       *doc)
{
  gtk_print_operation_set_n_pages (operation,
                                   rd_report_doc_n_pages (doc, gtk_print_context_get_cairo_context (context),
                                                          gtk_print_context_get_width (context),
                                                          gtk_print_context_get_height (context)));
}

static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page,
              RdReportDoc       *doc)
{
  rd_report_doc_draw_page (doc, gtk_print_context_get_cairo_context (context),
                           gtk_print_context_get_width (context),
                           gtk_print_context_get_height (context), page);
}

static void
done_cb (GtkPrintOperation       *operation,
         GtkPrintOperationResult  result,
         gpointer                 data)
{
  g_autoptr(GError) error = NULL;

  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      gtk_print_operation_get_error (operation, &error);
      g_warning ("Printing failed: %s", error ? error->message : "?");
    }
  g_object_unref (operation);
}

/* An operation over @doc (taken) on A4 with the document's own margins. */
static GtkPrintOperation *
print_operation_new (RdReportDoc *doc)
{
  GtkPrintOperation *operation = gtk_print_operation_new ();
  g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();
  g_autoptr(GtkPaperSize) a4 = gtk_paper_size_new (GTK_PAPER_NAME_A4);

  gtk_page_setup_set_paper_size (setup, a4);
  gtk_page_setup_set_orientation (setup, doc->landscape ? GTK_PAGE_ORIENTATION_LANDSCAPE
                                                        : GTK_PAGE_ORIENTATION_PORTRAIT);
  /* the margins are the document's own */
  gtk_page_setup_set_top_margin (setup, 0, GTK_UNIT_POINTS);
  gtk_page_setup_set_bottom_margin (setup, 0, GTK_UNIT_POINTS);
  gtk_page_setup_set_left_margin (setup, 0, GTK_UNIT_POINTS);
  gtk_page_setup_set_right_margin (setup, 0, GTK_UNIT_POINTS);
  gtk_print_operation_set_default_page_setup (operation, setup);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_job_name (operation, doc->title);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  g_signal_connect (operation, "begin-print", G_CALLBACK (begin_print_cb), doc);
  g_signal_connect (operation, "draw-page", G_CALLBACK (draw_page_cb), doc);
  g_object_set_data_full (G_OBJECT (operation), "rd-report-doc", doc, (GDestroyNotify) rd_report_doc_free);
  return operation;
}

void
rd_report_print (RdReportDoc *doc,
                 GtkWindow   *parent)
{
  GtkPrintOperation *operation = print_operation_new (doc);
  g_autoptr(GError) error = NULL;

  g_signal_connect (operation, "done", G_CALLBACK (done_cb), NULL);
  gtk_print_operation_set_allow_async (operation, TRUE);
  if (gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, parent, &error) ==
      GTK_PRINT_OPERATION_RESULT_ERROR)
    g_warning ("Printing failed: %s", error->message);
}

/** Runs the print operation of rd_report_print() without a dialog, exporting its pages to
 * the PDF @path (GTK_PRINT_OPERATION_ACTION_EXPORT): what the printer would get. Takes @doc. */
gboolean
rd_report_print_export (RdReportDoc  *doc,
                        const char   *path,
                        GError      **error)
{
  g_autoptr(GtkPrintOperation) operation = print_operation_new (doc);

  gtk_print_operation_set_export_filename (operation, path);
  return gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_EXPORT, NULL, error) !=
         GTK_PRINT_OPERATION_RESULT_ERROR;
}
