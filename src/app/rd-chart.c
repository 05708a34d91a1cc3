/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "rd-chart.h"

/* Drawn with pango-cairo only (no GtkStyleContext inside rd_chart_draw), so that the
 * same code paints the widget, a PDF page and a printed page. */

#define PAD          12.0
#define LEGEND_SWATCH 12.0

struct _RdChart
{
  GtkWidget    parent_instance;

  RdChartKind  kind;
  GPtrArray   *categories;   /* char* */
  GPtrArray   *series;       /* char* */
  GArray      *values;       /* double, series-major */
  char        *x_title;
  char        *y_title;
};

enum {
  PROP_0,
  PROP_KIND,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (RdChart, rd_chart, GTK_TYPE_WIDGET)

GType
rd_chart_kind_get_type (void)
{
  static gsize type;
  static const GEnumValue values[] = {
    { RD_CHART_PIE, "RD_CHART_PIE", "pie" },
    { RD_CHART_STACKED_BARS, "RD_CHART_STACKED_BARS", "stacked-bars" },
    { RD_CHART_LINE, "RD_CHART_LINE", "line" },
    { 0, NULL, NULL },
  };

  if (g_once_init_enter (&type))
    g_once_init_leave (&type, g_enum_register_static ("RdChartKind", values));
  return type;
}

/* A palette that stays apart in light and dark styles and in grey print. */
static void
palette (guint    index,
         GdkRGBA *rgba)
{
  static const char *const colors[] = {
    "#3584e4", "#2ec27e", "#f5c211", "#e66100", "#c01c28", "#9141ac",
    "#865e3c", "#5e5c64", "#1c71d8", "#26a269", "#e5a50a", "#a51d2d",
  };

  gdk_rgba_parse (rgba, colors[index % G_N_ELEMENTS (colors)]);
}

static double
value_at (RdChart *self,
          guint    series,
          guint    category)
{
  return g_array_index (self->values, double, series * self->categories->len + category);
}

/* 0, 1, 2, 2.5, 5 × 10^n: a round step giving about @n ticks up to @max. */
static double
nice_step (double max,
           int    n)
{
  double raw = max / n, magnitude, fraction;

  if (raw <= 0)
    return 1;
  magnitude = pow (10, floor (log10 (raw)));
  fraction = raw / magnitude;
  if (fraction <= 1)
    return magnitude;
  if (fraction <= 2)
    return 2 * magnitude;
  if (fraction <= 2.5)
    return 2.5 * magnitude;
  if (fraction <= 5)
    return 5 * magnitude;
  return 10 * magnitude;
}

static char *
format_number (double value)
{
  if (fabs (value - round (value)) < 1e-9)
    return g_strdup_printf ("%.0f", value);
  return g_strdup_printf ("%.2f", value);
}

static PangoLayout *
make_layout (cairo_t    *cr,
             double      size_pt)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string ("Sans");

  pango_font_description_set_absolute_size (font, size_pt * PANGO_SCALE);
  pango_layout_set_font_description (layout, font);
  return layout;
}

static void
show_text (cairo_t       *cr,
           PangoLayout   *layout,
           const char    *text,
           double         x,
           double         y,
           double         x_align,   /* 0 left, 0.5 centre, 1 right of x */
           double         y_align)
{
  int w, h;

  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, &w, &h);
  cairo_move_to (cr, x - w * x_align, y - h * y_align);
  pango_cairo_show_layout (cr, layout);
}

static void
set_rgba (cairo_t       *cr,
          const GdkRGBA *rgba,
          double         alpha)
{
  cairo_set_source_rgba (cr, rgba->red, rgba->green, rgba->blue, rgba->alpha * alpha);
}

/* The legend as rows of swatches at the foot; returns its height. */
static double
legend_height (RdChart     *self,
               PangoLayout *layout,
               double       width,
               GPtrArray   *names,
               gboolean     draw,
               cairo_t     *cr,
               double       y0,
               const GdkRGBA *fg)
{
  double x = PAD, y = y0, line_h = 0;

  for (guint i = 0; i < names->len; i++)
    {
      int w, h;
      double item_w;
      GdkRGBA color;

      pango_layout_set_text (layout, g_ptr_array_index (names, i), -1);
      pango_layout_get_pixel_size (layout, &w, &h);
      item_w = LEGEND_SWATCH + 6 + w + 18;
      line_h = MAX (line_h, h);
      if (x + item_w > width - PAD && x > PAD)
        {
          x = PAD;
          y += line_h + 4;
        }
      if (draw)
        {
          palette (i, &color);
          set_rgba (cr, &color, 1);
          cairo_rectangle (cr, x, y + (h - LEGEND_SWATCH) / 2, LEGEND_SWATCH, LEGEND_SWATCH);
          cairo_fill (cr);
          set_rgba (cr, fg, 1);
          cairo_move_to (cr, x + LEGEND_SWATCH + 6, y);
          pango_cairo_show_layout (cr, layout);
        }
      x += item_w;
    }
  return names->len > 0 ? y - y0 + line_h : 0;
}

static void
draw_pie (RdChart       *self,
          cairo_t       *cr,
          PangoLayout   *layout,
          double         width,
          double         height,
          const GdkRGBA *fg)
{
  double total = 0, angle = -G_PI / 2, cx, cy, r;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  double legend_h;

  for (guint c = 0; c < self->categories->len; c++)
    total += MAX (0, value_at (self, 0, c));
  for (guint c = 0; c < self->categories->len; c++)
    {
      double v = MAX (0, value_at (self, 0, c));
      g_autofree char *number = format_number (v);

      g_ptr_array_add (names, g_strdup_printf ("%s: %s (%.0f %%)",
                                               (char *) g_ptr_array_index (self->categories, c),
                                               number, total > 0 ? 100 * v / total : 0));
    }
  legend_h = legend_height (self, layout, width, names, FALSE, NULL, 0, fg);
  cx = width / 2;
  r = MAX (10, MIN (width - 2 * PAD, height - legend_h - 3 * PAD) / 2);
  cy = PAD + r;
  for (guint c = 0; c < self->categories->len && total > 0; c++)
    {
      double sweep = 2 * G_PI * MAX (0, value_at (self, 0, c)) / total;
      GdkRGBA color;

      /* a ring segment, not a pie slice with a hole painted over it: a PDF has no
       * "clear" and the widget's background shows through the hole */
      palette (c, &color);
      set_rgba (cr, &color, 1);
      cairo_new_path (cr);
      cairo_arc (cr, cx, cy, r, angle, angle + sweep);
      cairo_arc_negative (cr, cx, cy, r * 0.55, angle + sweep, angle);
      cairo_close_path (cr);
      cairo_fill (cr);
      angle += sweep;
    }
  /* the hole carries the total */
  set_rgba (cr, fg, 1);
  {
    g_autofree char *number = format_number (total);

    show_text (cr, layout, number, cx, cy, 0.5, 0.5);
  }
  legend_height (self, layout, width, names, TRUE, cr, cy + r + PAD, fg);
}

/* Bars or lines: the plot area with the y axis ticks, the category labels under it. */
static void
draw_axes_chart (RdChart       *self,
                 cairo_t       *cr,
                 PangoLayout   *layout,
                 double         width,
                 double         height,
                 const GdkRGBA *fg)
{
  guint n = self->categories->len;
  double max = 0, step, top, left = PAD, right = width - PAD, plot_top = PAD, bottom;
  double legend_h, slot, label_h = 0, y_label_w = 0;
  guint label_every = 1;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  gboolean stacked = self->kind == RD_CHART_STACKED_BARS;

  for (guint s = 0; s < self->series->len; s++)
    g_ptr_array_add (names, g_ptr_array_index (self->series, s));
  for (guint c = 0; c < n; c++)
    {
      double sum = 0;

      for (guint s = 0; s < self->series->len; s++)
        sum = stacked ? sum + MAX (0, value_at (self, s, c)) : MAX (sum, value_at (self, s, c));
      max = MAX (max, sum);
    }
  step = nice_step (max > 0 ? max : 1, 4);
  top = ceil ((max > 0 ? max : 1) / step) * step;

  /* widest y tick, height of a category label */
  for (double v = 0; v <= top + step / 2; v += step)
    {
      g_autofree char *text = format_number (v);
      int w, h;

      pango_layout_set_text (layout, text, -1);
      pango_layout_get_pixel_size (layout, &w, &h);
      y_label_w = MAX (y_label_w, w);
      label_h = h;
    }
  if (self->y_title != NULL)
    plot_top += label_h + 4;
  left += y_label_w + 6;
  legend_h = legend_height (self, layout, width, names, FALSE, NULL, 0, fg);
  bottom = height - PAD - legend_h - PAD - label_h - 4 - (self->x_title != NULL ? label_h + 4 : 0);
  if (bottom < plot_top + 20)
    bottom = plot_top + 20;
  slot = n > 0 ? (right - left) / n : right - left;

  /* thin out the category labels so they do not overlap */
  if (n > 0)
    {
      double widest = 0;

      for (guint c = 0; c < n; c++)
        {
          int w;

          pango_layout_set_text (layout, g_ptr_array_index (self->categories, c), -1);
          pango_layout_get_pixel_size (layout, &w, NULL);
          widest = MAX (widest, w);
        }
      label_every = MAX (1, (guint) ceil ((widest + 8) / MAX (slot, 1)));
    }

  /* grid and y ticks */
  cairo_set_line_width (cr, 1);
  for (double v = 0; v <= top + step / 2; v += step)
    {
      double y = bottom - (bottom - plot_top) * v / top;
      g_autofree char *text = format_number (v);

      set_rgba (cr, fg, v == 0 ? 0.6 : 0.15);
      cairo_move_to (cr, left, round (y) + 0.5);
      cairo_line_to (cr, right, round (y) + 0.5);
      cairo_stroke (cr);
      set_rgba (cr, fg, 0.8);
      show_text (cr, layout, text, left - 6, y, 1, 0.5);
    }
  set_rgba (cr, fg, 0.8);
  if (self->y_title != NULL)
    show_text (cr, layout, self->y_title, PAD, PAD, 0, 0);
  for (guint c = 0; c < n; c += label_every)
    show_text (cr, layout, g_ptr_array_index (self->categories, c),
               left + slot * (c + 0.5), bottom + 4, 0.5, 0);
  if (self->x_title != NULL)
    show_text (cr, layout, self->x_title, (left + right) / 2, bottom + 8 + label_h, 0.5, 0);

  for (guint s = 0; s < self->series->len; s++)
    {
      GdkRGBA color;

      palette (s, &color);
      set_rgba (cr, &color, 1);
      if (stacked)
        {
          for (guint c = 0; c < n; c++)
            {
              double below = 0, v = MAX (0, value_at (self, s, c)), bar_w = CLAMP (slot * 0.7, 2, 90);
              double y0, y1;

              for (guint t = 0; t < s; t++)
                below += MAX (0, value_at (self, t, c));
              y0 = bottom - (bottom - plot_top) * below / top;
              y1 = bottom - (bottom - plot_top) * (below + v) / top;
              cairo_rectangle (cr, left + slot * (c + 0.5) - bar_w / 2, y1, bar_w, y0 - y1);
            }
          cairo_fill (cr);
        }
      else
        {
          cairo_set_line_width (cr, 2.5);
          for (guint c = 0; c < n; c++)
            {
              double x = left + slot * (c + 0.5);
              double y = bottom - (bottom - plot_top) * MAX (0, value_at (self, s, c)) / top;

              if (c == 0)
                cairo_move_to (cr, x, y);
              else
                cairo_line_to (cr, x, y);
            }
          cairo_stroke (cr);
          for (guint c = 0; c < n; c++)
            {
              double x = left + slot * (c + 0.5);
              double y = bottom - (bottom - plot_top) * MAX (0, value_at (self, s, c)) / top;

              cairo_arc (cr, x, y, 3, 0, 2 * G_PI);
              cairo_fill (cr);
            }
        }
    }
  legend_height (self, layout, width, names, TRUE, cr,
                 height - PAD - legend_h, fg);
}

/** Paints the chart into @width × @height of @cr (at its current origin) with text and
 * axes in @foreground. */
void
rd_chart_draw (RdChart       *self,
               cairo_t       *cr,
               double         width,
               double         height,
               const GdkRGBA *foreground)
{
  g_autoptr(PangoLayout) layout = NULL;

  g_return_if_fail (RD_IS_CHART (self));

  cairo_save (cr);
  layout = make_layout (cr, 12);
  if (self->categories->len == 0 || self->series->len == 0)
    {
      set_rgba (cr, foreground, 0.55);
      show_text (cr, layout, _("No data"), width / 2, height / 2, 0.5, 0.5);
    }
  else if (self->kind == RD_CHART_PIE)
    draw_pie (self, cr, layout, width, height, foreground);
  else
    draw_axes_chart (self, cr, layout, width, height, foreground);
  cairo_restore (cr);
}

static void
rd_chart_snapshot (GtkWidget   *widget,
                   GtkSnapshot *snapshot)
{
  RdChart *self = RD_CHART (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  GdkRGBA fg;
  cairo_t *cr;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  rd_chart_draw (self, cr, width, height, &fg);
  cairo_destroy (cr);
}

static void
rd_chart_measure (GtkWidget      *widget,
                  GtkOrientation  orientation,
                  int             for_size,
                  int            *minimum,
                  int            *natural,
                  int            *minimum_baseline,
                  int            *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 240 : 200;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 480 : 260;
}

/** The chart's numbers as text: the title line, then "category: series value, …". */
char *
rd_chart_describe (RdChart *self)
{
  GString *text = g_string_new (NULL);

  g_return_val_if_fail (RD_IS_CHART (self), NULL);

  for (guint c = 0; c < self->categories->len; c++)
    {
      g_string_append_printf (text, "%s:", (char *) g_ptr_array_index (self->categories, c));
      for (guint s = 0; s < self->series->len; s++)
        {
          g_autofree char *number = format_number (value_at (self, s, c));

          g_string_append_printf (text, "%s %s %s", s > 0 ? "," : "",
                                  (char *) g_ptr_array_index (self->series, s), number);
        }
      g_string_append_c (text, '\n');
    }
  if (text->len == 0)
    g_string_append (text, _("No data"));
  return g_string_free (text, FALSE);
}

static void
rd_chart_update_description (RdChart *self)
{
  g_autofree char *text = rd_chart_describe (self);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);
}

void
rd_chart_set_data (RdChart            *self,
                   const char * const *categories,
                   guint               n_categories,
                   const char * const *series,
                   guint               n_series,
                   const double       *values)
{
  g_return_if_fail (RD_IS_CHART (self));

  g_ptr_array_set_size (self->categories, 0);
  g_ptr_array_set_size (self->series, 0);
  g_array_set_size (self->values, 0);
  for (guint c = 0; c < n_categories; c++)
    g_ptr_array_add (self->categories, g_strdup (categories[c]));
  for (guint s = 0; s < n_series; s++)
    g_ptr_array_add (self->series, g_strdup (series[s]));
  if (n_categories > 0 && n_series > 0)
    g_array_append_vals (self->values, values, n_categories * n_series);
  rd_chart_update_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
rd_chart_set_axis_titles (RdChart    *self,
                          const char *x_title,
                          const char *y_title)
{
  g_return_if_fail (RD_IS_CHART (self));

  g_free (self->x_title);
  self->x_title = g_strdup (x_title);
  g_free (self->y_title);
  self->y_title = g_strdup (y_title);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
rd_chart_get_n_categories (RdChart *self)
{
  g_return_val_if_fail (RD_IS_CHART (self), 0);
  return self->categories->len;
}

guint
rd_chart_get_n_series (RdChart *self)
{
  g_return_val_if_fail (RD_IS_CHART (self), 0);
  return self->series->len;
}

double
rd_chart_get_value (RdChart *self,
                    guint    series,
                    guint    category)
{
  g_return_val_if_fail (RD_IS_CHART (self), 0);
  g_return_val_if_fail (series < self->series->len && category < self->categories->len, 0);
  return value_at (self, series, category);
}

RdChartKind
rd_chart_get_kind (RdChart *self)
{
  g_return_val_if_fail (RD_IS_CHART (self), RD_CHART_PIE);
  return self->kind;
}

void
rd_chart_set_kind (RdChart     *self,
                   RdChartKind  kind)
{
  g_return_if_fail (RD_IS_CHART (self));

  if (self->kind == kind)
    return;
  self->kind = kind;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KIND]);
}

static void
rd_chart_finalize (GObject *object)
{
  RdChart *self = RD_CHART (object);

  g_clear_pointer (&self->categories, g_ptr_array_unref);
  g_clear_pointer (&self->series, g_ptr_array_unref);
  g_clear_pointer (&self->values, g_array_unref);
  g_clear_pointer (&self->x_title, g_free);
  g_clear_pointer (&self->y_title, g_free);
  G_OBJECT_CLASS (rd_chart_parent_class)->finalize (object);
}

static void
rd_chart_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  RdChart *self = RD_CHART (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rd_chart_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  RdChart *self = RD_CHART (object);

  switch (prop_id)
    {
    case PROP_KIND:
      rd_chart_set_kind (self, g_value_get_enum (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rd_chart_class_init (RdChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = rd_chart_finalize;
  object_class->get_property = rd_chart_get_property;
  object_class->set_property = rd_chart_set_property;
  widget_class->snapshot = rd_chart_snapshot;
  widget_class->measure = rd_chart_measure;

  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, RD_TYPE_CHART_KIND, RD_CHART_STACKED_BARS,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "chart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
rd_chart_init (RdChart *self)
{
  self->kind = RD_CHART_STACKED_BARS;
  self->categories = g_ptr_array_new_with_free_func (g_free);
  self->series = g_ptr_array_new_with_free_func (g_free);
  self->values = g_array_new (FALSE, TRUE, sizeof (double));
  rd_chart_update_description (self);
}

/** A new chart of @kind, empty until rd_chart_set_data(). */
GtkWidget *
rd_chart_new (RdChartKind kind)
{
  return g_object_new (RD_TYPE_CHART, "kind", kind, NULL);
}
