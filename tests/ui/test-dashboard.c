/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>

#include "rd-bar-chart.h"
#include "rd-dashboard-page.h"
#include "rd-test-ui.h"

typedef struct
{
  GtkWidget *window;
  GtkWidget *page;
  guint      frames;
  guint      target;
  char      *opened;
} DashboardFixture;

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  DashboardFixture *fixture = user_data;

  fixture->frames++;
  return G_SOURCE_CONTINUE;
}

static gboolean
frames_done (gpointer data)
{
  DashboardFixture *fixture = data;

  return fixture->frames >= fixture->target;
}

static void
open_list_cb (RdDashboardPage  *page,
              const char       *list,
              const char       *field,
              const char       *value,
              DashboardFixture *fixture)
{
  g_free (fixture->opened);
  fixture->opened = g_strdup_printf ("%s/%s=%s", list, field, value);
}

static void
fixture_setup (DashboardFixture *fixture,
               gconstpointer     data)
{
  fixture->window = gtk_window_new ();
  fixture->page = rd_dashboard_page_new ();
  gtk_window_set_child (GTK_WINDOW (fixture->window), fixture->page);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 900, 700);
  g_signal_connect (fixture->page, "open-list", G_CALLBACK (open_list_cb), fixture);
  gtk_widget_add_tick_callback (fixture->window, tick_cb, fixture, NULL);
}

static void
fixture_teardown (DashboardFixture *fixture,
                  gconstpointer     data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_free (fixture->opened);
}

static void
present_and_settle (DashboardFixture *fixture)
{
  gtk_window_present (GTK_WINDOW (fixture->window));
  fixture->target = fixture->frames + 5;
  g_assert_true (rd_test_ui_wait (frames_done, fixture, 10000));
}

static void
test_chart_hit_and_activate (DashboardFixture *fixture,
                             gconstpointer     data)
{
  const char *labels[] = { "Open", "Pending", "Resolved" };
  const char *keys[] = { "open", "pending", "resolved" };
  const gint64 values[] = { 12, 0, 30 };
  RdBarChart *chart = RD_BAR_CHART (rd_dashboard_page_get_chart (RD_DASHBOARD_PAGE (fixture->page),
                                                                 RD_DASHBOARD_TICKETS_BY_STATUS));

  rd_dashboard_page_set_chart (RD_DASHBOARD_PAGE (fixture->page), RD_DASHBOARD_TICKETS_BY_STATUS,
                               labels, keys, values, 3);
  present_and_settle (fixture);

  g_assert_cmpuint (rd_bar_chart_get_n_bars (chart), ==, 3);
  g_assert_cmpstr (rd_bar_chart_get_bar_key (chart, 2), ==, "resolved");
  g_assert_cmpint (rd_bar_chart_get_bar_value (chart, 0), ==, 12);
  /* One row per bar, top to bottom; nothing below the last one. */
  g_assert_cmpint (rd_bar_chart_bar_at (chart, 100, 5), ==, 0);
  g_assert_cmpint (rd_bar_chart_bar_at (chart, 100, 28 * 2 + 5), ==, 2);
  g_assert_cmpint (rd_bar_chart_bar_at (chart, 100, 28 * 3 + 5), ==, -1);
  g_assert_cmpint (rd_bar_chart_bar_at (chart, -1, 5), ==, -1);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (chart)), >=, 28 * 3);

  /* Activating a bar opens the list it stands for, filtered by its key. */
  rd_bar_chart_activate_bar (chart, 1);
  g_assert_cmpstr (fixture->opened, ==, "tickets/status=pending");
}

static void
test_dashboard_screenshot (DashboardFixture *fixture,
                           gconstpointer     data)
{
  const char *status[] = { "New", "Contacted", "Qualified", "Lost" };
  const gint64 status_n[] = { 40, 25, 12, 8 };
  const char *industry[] = { "Retail", "Healthcare", "Manufacturing and industrial equipment" };
  const gint64 industry_n[] = { 17, 9, 3 };
  RdBarChart *leads;

  rd_dashboard_page_set_chart (RD_DASHBOARD_PAGE (fixture->page), RD_DASHBOARD_LEADS_BY_STATUS,
                               status, NULL, status_n, 4);
  rd_dashboard_page_set_chart (RD_DASHBOARD_PAGE (fixture->page), RD_DASHBOARD_LEADS_BY_INDUSTRY,
                               industry, NULL, industry_n, 3);
  present_and_settle (fixture);

  /* Without keys, a bar reports its label. */
  leads = RD_BAR_CHART (rd_dashboard_page_get_chart (RD_DASHBOARD_PAGE (fixture->page),
                                                     RD_DASHBOARD_LEADS_BY_INDUSTRY));
  rd_bar_chart_activate_bar (leads, 0);
  g_assert_cmpstr (fixture->opened, ==, "leads/industry=Retail");

  /* Empty charts say so rather than draw nothing. */
  g_assert_cmpuint (rd_bar_chart_get_n_bars (RD_BAR_CHART (rd_dashboard_page_get_chart (RD_DASHBOARD_PAGE (fixture->page),
                                                                                        RD_DASHBOARD_CALLS_BY_OUTCOME))), ==, 0);
  g_assert_cmpuint (rd_test_ui_save_screenshot (fixture->window, "screenshot-dashboard-widget"), >, 20);
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/ui/dashboard/chart/hit-and-activate", DashboardFixture, NULL,
              fixture_setup, test_chart_hit_and_activate, fixture_teardown);
  g_test_add ("/ui/dashboard/screenshot", DashboardFixture, NULL,
              fixture_setup, test_dashboard_screenshot, fixture_teardown);

  return g_test_run ();
}
