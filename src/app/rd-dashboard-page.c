/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "rd-bar-chart.h"
#include "rd-dashboard-page.h"

/* The dashboard: one bar chart per figure. It only shows what it is given
 * (the window feeds it report queries on the replica) and says which list
 * to open when a bar is clicked: "open-list" (page, field, value). */

struct _RdDashboardPage
{
  GtkWidget   parent_instance;

  GtkWidget  *scroller;
  RdBarChart *charts[RD_DASHBOARD_N_CHARTS];
};

/* What a click on a bar of each chart opens: the list page and the field
 * the bar's key filters. */
static const struct {
  const char *page;
  const char *field;
} chart_targets[RD_DASHBOARD_N_CHARTS] = {
  [RD_DASHBOARD_TICKETS_BY_STATUS]  = { "tickets", "status" },
  [RD_DASHBOARD_TICKETS_BY_GROUP]   = { "tickets", "group" },
  [RD_DASHBOARD_LEADS_BY_STATUS]    = { "leads", "status" },
  [RD_DASHBOARD_LEADS_BY_INDUSTRY]  = { "leads", "industry" },
  [RD_DASHBOARD_CALLS_BY_OUTCOME]   = { "calls", "outcome" },
};

enum {
  OPEN_LIST,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (RdDashboardPage, rd_dashboard_page, GTK_TYPE_WIDGET)

static void
rd_dashboard_page_bar_activated_cb (RdBarChart *chart,
                                    guint       index,
                                    const char *key,
                                    gpointer    user_data)
{
  RdDashboardPage *self = RD_DASHBOARD_PAGE (user_data);

  for (guint i = 0; i < RD_DASHBOARD_N_CHARTS; i++)
    {
      if (self->charts[i] == chart)
        {
          g_signal_emit (self, signals[OPEN_LIST], 0,
                         chart_targets[i].page, chart_targets[i].field, key);
          return;
        }
    }
}

static void
rd_dashboard_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), RD_TYPE_DASHBOARD_PAGE);

  G_OBJECT_CLASS (rd_dashboard_page_parent_class)->dispose (object);
}

static void
rd_dashboard_page_class_init (RdDashboardPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rd_dashboard_page_dispose;

  /**
   * RdDashboardPage::open-list:
   * @page: the list page to show ("tickets", "leads", "calls")
   * @field: the field to filter on ("status", "group", "industry", "outcome")
   * @value: the value of the clicked bar
   */
  signals[OPEN_LIST] =
    g_signal_new ("open-list", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3,
                  G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);

  g_type_ensure (RD_TYPE_BAR_CHART);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ringdesk/Ringdesk/rd-dashboard-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RdDashboardPage, scroller);
  gtk_widget_class_bind_template_child_full (widget_class, "tickets_by_status", FALSE,
                                             G_STRUCT_OFFSET (RdDashboardPage, charts[RD_DASHBOARD_TICKETS_BY_STATUS]));
  gtk_widget_class_bind_template_child_full (widget_class, "tickets_by_group", FALSE,
                                             G_STRUCT_OFFSET (RdDashboardPage, charts[RD_DASHBOARD_TICKETS_BY_GROUP]));
  gtk_widget_class_bind_template_child_full (widget_class, "leads_by_status", FALSE,
                                             G_STRUCT_OFFSET (RdDashboardPage, charts[RD_DASHBOARD_LEADS_BY_STATUS]));
  gtk_widget_class_bind_template_child_full (widget_class, "leads_by_industry", FALSE,
                                             G_STRUCT_OFFSET (RdDashboardPage, charts[RD_DASHBOARD_LEADS_BY_INDUSTRY]));
  gtk_widget_class_bind_template_child_full (widget_class, "calls_by_outcome", FALSE,
                                             G_STRUCT_OFFSET (RdDashboardPage, charts[RD_DASHBOARD_CALLS_BY_OUTCOME]));
  gtk_widget_class_bind_template_callback (widget_class, rd_dashboard_page_bar_activated_cb);
}

static void
rd_dashboard_page_init (RdDashboardPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
rd_dashboard_page_new (void)
{
  return g_object_new (RD_TYPE_DASHBOARD_PAGE, NULL);
}

/** Shows @n_bars figures in @chart; @keys are what "open-list" reports. */
void
rd_dashboard_page_set_chart (RdDashboardPage    *self,
                             RdDashboardChart    chart,
                             const char * const *labels,
                             const char * const *keys,
                             const gint64       *values,
                             guint               n_bars)
{
  g_return_if_fail (RD_IS_DASHBOARD_PAGE (self));
  g_return_if_fail (chart < RD_DASHBOARD_N_CHARTS);

  rd_bar_chart_set_bars (self->charts[chart], labels, keys, values, n_bars);
}

GtkWidget *
rd_dashboard_page_get_chart (RdDashboardPage  *self,
                             RdDashboardChart  chart)
{
  g_return_val_if_fail (RD_IS_DASHBOARD_PAGE (self), NULL);
  g_return_val_if_fail (chart < RD_DASHBOARD_N_CHARTS, NULL);

  return GTK_WIDGET (self->charts[chart]);
}
