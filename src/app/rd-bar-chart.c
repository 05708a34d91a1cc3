/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include <glib/gi18n.h>

#include "rd-bar-chart.h"

/* A horizontal bar chart drawn with cairo (Debian has no chart library for
 * GTK 4): one row per bar, label on the left, bar, value on the right.
 * Horizontal bars keep long labels readable in a narrow window. A click on a
 * bar, or Enter on the focused one, emits "bar-activated" with the bar's key
 * (say, the status "open") so the dashboard can open the filtered list. */

#define ROW_HEIGHT  28
#define BAR_HEIGHT  18
#define GAP         8

typedef struct
{
  char   *label;
  char   *key;
  gint64  value;
} Bar;

struct _RdBarChart
{
  GtkWidget  parent_instance;

  GArray    *bars;
  int        hover;
  int        focus_bar;
};

enum {
  BAR_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (RdBarChart, rd_bar_chart, GTK_TYPE_WIDGET)

static void
bar_clear (gpointer data)
{
  Bar *bar = data;

  g_clear_pointer (&bar->label, g_free);
  g_clear_pointer (&bar->key, g_free);
}

static gint64
rd_bar_chart_max_value (RdBarChart *self)
{
  gint64 max = 0;

  for (guint i = 0; i < self->bars->len; i++)
    max = MAX (max, g_array_index (self->bars, Bar, i).value);
  return max;
}

static void
get_colors (GtkWidget *widget,
            GdkRGBA   *fg,
            GdkRGBA   *accent)
{
  GtkStyleContext *context = gtk_widget_get_style_context (widget);

  gtk_style_context_get_color (context, fg);
  if (!gtk_style_context_lookup_color (context, "accent_bg_color", accent))
    gdk_rgba_parse (accent, "#3584e4");
}

static int
label_column_width (RdBarChart  *self,
                    PangoLayout *layout,
                    int          width)
{
  int widest = 0;

  for (guint i = 0; i < self->bars->len; i++)
    {
      int w;

      pango_layout_set_text (layout, g_array_index (self->bars, Bar, i).label, -1);
      pango_layout_get_pixel_size (layout, &w, NULL);
      widest = MAX (widest, w);
    }
  return MIN (widest, width * 2 / 5);
}

static void
rd_bar_chart_snapshot (GtkWidget   *widget,
                       GtkSnapshot *snapshot)
{
  RdBarChart *self = RD_BAR_CHART (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, NULL);
  gint64 max = rd_bar_chart_max_value (self);
  GdkRGBA fg, accent;
  cairo_t *cr;
  int label_w, value_w = 0;

  get_colors (widget, &fg, &accent);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

  if (self->bars->len == 0)
    {
      int w, h;

      pango_layout_set_text (layout, _("No data"), -1);
      pango_layout_get_pixel_size (layout, &w, &h);
      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.55);
      cairo_move_to (cr, (width - w) / 2.0, (height - h) / 2.0);
      pango_cairo_show_layout (cr, layout);
      cairo_destroy (cr);
      return;
    }

  label_w = label_column_width (self, layout, width);
  for (guint i = 0; i < self->bars->len; i++)
    {
      g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, g_array_index (self->bars, Bar, i).value);
      int w;

      pango_layout_set_text (layout, text, -1);
      pango_layout_get_pixel_size (layout, &w, NULL);
      value_w = MAX (value_w, w);
    }

  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  for (guint i = 0; i < self->bars->len; i++)
    {
      const Bar *bar = &g_array_index (self->bars, Bar, i);
      g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, bar->value);
      double y = i * ROW_HEIGHT;
      double bar_x = label_w + GAP;
      double full = MAX (0, width - bar_x - value_w - GAP);
      double bar_w = max > 0 ? full * (double) MAX (bar->value, 0) / (double) max : 0;
      int h;

      /* label */
      pango_layout_set_width (layout, label_w * PANGO_SCALE);
      pango_layout_set_text (layout, bar->label, -1);
      pango_layout_get_pixel_size (layout, NULL, &h);
      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, fg.alpha);
      cairo_move_to (cr, 0, y + (ROW_HEIGHT - h) / 2.0);
      pango_cairo_show_layout (cr, layout);

      /* track and bar */
      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.08);
      cairo_rectangle (cr, bar_x, y + (ROW_HEIGHT - BAR_HEIGHT) / 2.0, full, BAR_HEIGHT);
      cairo_fill (cr);
      cairo_set_source_rgba (cr, accent.red, accent.green, accent.blue,
                             (int) i == self->hover ? 1.0 : 0.8);
      cairo_rectangle (cr, bar_x, y + (ROW_HEIGHT - BAR_HEIGHT) / 2.0, MAX (bar_w, bar->value > 0 ? 2 : 0), BAR_HEIGHT);
      cairo_fill (cr);

      if ((int) i == self->focus_bar && gtk_widget_has_focus (widget))
        {
          cairo_set_source_rgba (cr, accent.red, accent.green, accent.blue, 1.0);
          cairo_set_line_width (cr, 2);
          cairo_rectangle (cr, bar_x - 2, y + (ROW_HEIGHT - BAR_HEIGHT) / 2.0 - 2, full + 4, BAR_HEIGHT + 4);
          cairo_stroke (cr);
        }

      /* value */
      pango_layout_set_width (layout, -1);
      pango_layout_set_text (layout, text, -1);
      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, fg.alpha);
      cairo_move_to (cr, width - value_w, y + (ROW_HEIGHT - h) / 2.0);
      pango_cairo_show_layout (cr, layout);
    }

  cairo_destroy (cr);
}

static void
rd_bar_chart_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  RdBarChart *self = RD_BAR_CHART (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 160;
      *natural = 320;
    }
  else
    {
      *minimum = *natural = MAX (1, self->bars->len) * ROW_HEIGHT;
    }
}

/** Returns the index of the bar at (@x, @y), or -1. */
int
rd_bar_chart_bar_at (RdBarChart *self,
                     double      x,
                     double      y)
{
  int index;

  g_return_val_if_fail (RD_IS_BAR_CHART (self), -1);

  if (y < 0 || x < 0 || x > gtk_widget_get_width (GTK_WIDGET (self)))
    return -1;
  index = (int) (y / ROW_HEIGHT);
  return index < (int) self->bars->len ? index : -1;
}

/** Emits "bar-activated" for bar @index, as a click on it does. */
void
rd_bar_chart_activate_bar (RdBarChart *self,
                           guint       index)
{
  g_return_if_fail (RD_IS_BAR_CHART (self));
  g_return_if_fail (index < self->bars->len);

  g_signal_emit (self, signals[BAR_ACTIVATED], 0, index,
                 g_array_index (self->bars, Bar, index).key);
}

static void
rd_bar_chart_released_cb (GtkGestureClick *gesture,
                          int              n_press,
                          double           x,
                          double           y,
                          RdBarChart      *self)
{
  int index = rd_bar_chart_bar_at (self, x, y);

  if (index < 0)
    return;

  self->focus_bar = index;
  gtk_widget_grab_focus (GTK_WIDGET (self));
  rd_bar_chart_activate_bar (self, index);
}

static void
rd_bar_chart_set_hover (RdBarChart *self,
                        int         hover)
{
  if (hover == self->hover)
    return;

  self->hover = hover;
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), hover >= 0 ? "pointer" : NULL);
  if (hover >= 0)
    {
      const Bar *bar = &g_array_index (self->bars, Bar, hover);
      g_autofree char *tip = g_strdup_printf ("%s: %" G_GINT64_FORMAT, bar->label, bar->value);

      gtk_widget_set_tooltip_text (GTK_WIDGET (self), tip);
    }
  else
    {
      gtk_widget_set_tooltip_text (GTK_WIDGET (self), NULL);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
rd_bar_chart_motion_cb (GtkEventControllerMotion *motion,
                        double                    x,
                        double                    y,
                        RdBarChart               *self)
{
  rd_bar_chart_set_hover (self, rd_bar_chart_bar_at (self, x, y));
}

static void
rd_bar_chart_leave_cb (GtkEventControllerMotion *motion,
                       RdBarChart               *self)
{
  rd_bar_chart_set_hover (self, -1);
}

static gboolean
rd_bar_chart_key_pressed_cb (GtkEventControllerKey *key,
                             guint                  keyval,
                             guint                  keycode,
                             GdkModifierType        state,
                             RdBarChart            *self)
{
  int n = self->bars->len;

  if (n == 0)
    return FALSE;

  switch (keyval)
    {
    case GDK_KEY_Up:
      self->focus_bar = MAX (0, self->focus_bar - 1);
      break;
    case GDK_KEY_Down:
      self->focus_bar = MIN (n - 1, self->focus_bar + 1);
      break;
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_space:
      rd_bar_chart_activate_bar (self, CLAMP (self->focus_bar, 0, n - 1));
      return TRUE;
    default:
      return FALSE;
    }

  gtk_widget_queue_draw (GTK_WIDGET (self));
  return TRUE;
}

static void
rd_bar_chart_finalize (GObject *object)
{
  RdBarChart *self = RD_BAR_CHART (object);

  g_clear_pointer (&self->bars, g_array_unref);

  G_OBJECT_CLASS (rd_bar_chart_parent_class)->finalize (object);
}

static void
rd_bar_chart_class_init (RdBarChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = rd_bar_chart_finalize;
  widget_class->snapshot = rd_bar_chart_snapshot;
  widget_class->measure = rd_bar_chart_measure;

  /**
   * RdBarChart::bar-activated:
   * @index: the bar's position
   * @key: the bar's key, as given to rd_bar_chart_set_bars()
   */
  signals[BAR_ACTIVATED] =
    g_signal_new ("bar-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_STRING);

  gtk_widget_class_set_css_name (widget_class, "barchart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
rd_bar_chart_init (RdBarChart *self)
{
  GtkGesture *click = gtk_gesture_click_new ();
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkEventController *key = gtk_event_controller_key_new ();

  self->bars = g_array_new (FALSE, TRUE, sizeof (Bar));
  g_array_set_clear_func (self->bars, bar_clear);
  self->hover = -1;

  g_signal_connect (click, "released", G_CALLBACK (rd_bar_chart_released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  g_signal_connect (motion, "motion", G_CALLBACK (rd_bar_chart_motion_cb), self);
  g_signal_connect (motion, "leave", G_CALLBACK (rd_bar_chart_leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
  g_signal_connect (key, "key-pressed", G_CALLBACK (rd_bar_chart_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), key);
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
}

GtkWidget *
rd_bar_chart_new (void)
{
  return g_object_new (RD_TYPE_BAR_CHART, NULL);
}

/** Replaces the bars: @labels to show, @keys to report on activation
 * (NULL: the labels), @values. */
void
rd_bar_chart_set_bars (RdBarChart         *self,
                       const char * const *labels,
                       const char * const *keys,
                       const gint64       *values,
                       guint               n_bars)
{
  g_return_if_fail (RD_IS_BAR_CHART (self));
  g_return_if_fail (n_bars == 0 || (labels != NULL && values != NULL));

  g_array_set_size (self->bars, 0);
  for (guint i = 0; i < n_bars; i++)
    {
      Bar bar = {
        .label = g_strdup (labels[i]),
        .key = g_strdup (keys ? keys[i] : labels[i]),
        .value = values[i],
      };
      g_array_append_val (self->bars, bar);
    }

  self->hover = -1;
  self->focus_bar = 0;
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

guint
rd_bar_chart_get_n_bars (RdBarChart *self)
{
  g_return_val_if_fail (RD_IS_BAR_CHART (self), 0);
  return self->bars->len;
}

const char *
rd_bar_chart_get_bar_key (RdBarChart *self,
                          guint       index)
{
  g_return_val_if_fail (RD_IS_BAR_CHART (self), NULL);
  g_return_val_if_fail (index < self->bars->len, NULL);
  return g_array_index (self->bars, Bar, index).key;
}

gint64
rd_bar_chart_get_bar_value (RdBarChart *self,
                            guint       index)
{
  g_return_val_if_fail (RD_IS_BAR_CHART (self), 0);
  g_return_val_if_fail (index < self->bars->len, 0);
  return g_array_index (self->bars, Bar, index).value;
}
