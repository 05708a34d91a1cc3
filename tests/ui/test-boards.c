/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "rd-application.h"
#include "rd-audio-sink.h"
#include "rd-dialer-dashboard.h"
#include "rd-test-reports-fixture.h"
#include "rd-test-ui.h"
#include "rd-wallboard.h"

/* The live boards in the app, on the seeded day of rd-test-reports-fixture.c: the
 * wallboard and the dialer dashboard the server pushes over the events WebSocket, and the
 * supervisor's logout from an agent's row; English and Russian screenshots. */

typedef struct
{
  RdWallboard *wallboard;
  const char  *figure;
  const char  *value;
} FigureWait;

static gboolean
figure_says (gpointer data)
{
  FigureWait *w = data;

  return g_strcmp0 (rd_wallboard_get_figure (w->wallboard, w->figure), w->value) == 0;
}

static gboolean
wallboard_idle (gpointer data)
{
  return !rd_wallboard_get_busy (data) && g_strcmp0 (rd_wallboard_get_figure (data, "calls"), "–") != 0;
}

static void
wallboard_scenario (gpointer data)
{
  ReportsFixture *f = data;
  RdWallboard *wallboard;

  rd_reports_fixture_sign_in (f);
  /* the Live Agents page's button (F11 there) opens one */
  {
    GtkWidget *board = rd_reports_fixture_window_child (f, "agents_board");
    GList *windows;
    guint n_wallboards = 0;

    g_assert_true (gtk_widget_get_visible (rd_reports_fixture_window_child (f, "agents_row")));
    g_assert_true (rd_window_show_page (f->window, "agents"));
    g_assert_true (rd_test_ui_wait (rd_reports_fixture_workspace_shown, f->window, 5000));
    rd_reports_fixture_screenshot (f, "screenshot-agents-wallboard-button");
    g_assert_true (gtk_widget_activate_action (board, "board.wallboard", NULL));
    windows = gtk_application_get_windows (gtk_window_get_application (GTK_WINDOW (f->window)));
    for (GList *l = windows; l != NULL; l = l->next)
      if (RD_IS_WALLBOARD (l->data))
        {
          n_wallboards++;
          gtk_window_destroy (l->data);
          break;
        }
    g_assert_cmpuint (n_wallboards, ==, 1);
  }
  wallboard = rd_wallboard_new (rd_window_get_session (f->window));
  gtk_window_set_default_size (GTK_WINDOW (wallboard), 1920, 1080);
  gtk_window_present (GTK_WINDOW (wallboard));
  g_assert_true (rd_test_ui_wait (wallboard_idle, wallboard, 10000));
  /* today's 10 calls: 4 people and 1 abandoned answered, 20 % against the 3 % cap */
  g_assert_cmpstr (rd_wallboard_get_figure (wallboard, "calls"), ==, "10");
  g_assert_cmpstr (rd_wallboard_get_figure (wallboard, "answered"), ==, "5");
  g_assert_cmpstr (rd_wallboard_get_figure (wallboard, "abandoned"), ==, "1");
  g_assert_cmpstr (rd_wallboard_get_figure (wallboard, "abandon_rate"), ==, "20 %");
  g_assert_true (rd_wallboard_get_over_cap (wallboard));
  g_assert_cmpstr (rd_wallboard_get_figure (wallboard, "paused"), ==, "0");
  /* Olga joins the campaign (no switch here: she stays connecting, counted as paused)
   * and the server pushes it to the board */
  {
    g_autofree char *agents = g_strdup_printf ("/api/v1/campaigns/%s/agents", f->campaign_id);
    g_autofree char *start = g_strdup_printf ("/api/v1/campaigns/%s/start", f->campaign_id);
    g_autofree char *login = g_strdup_printf ("{\"campaign_id\": \"%s\"}", f->campaign_id);

    rd_reports_fixture_api_ok (f, "mira", MIRA_PASSWORD, "PUT", agents, "{\"agents\": [\"olga\"]}");
    rd_reports_fixture_api_ok (f, "mira", MIRA_PASSWORD, "POST", start, NULL);
    rd_reports_fixture_api_ok (f, "olga", OLGA_PASSWORD, "POST", "/api/v1/agent/login", login);
    g_assert_true (rd_test_ui_wait (figure_says, &(FigureWait) { wallboard, "paused", "1" }, 10000));
  }
  rd_test_ui_settle (GTK_WIDGET (wallboard), 4);
  {
    g_autofree char *name = g_strconcat ("screenshot-wallboard", f->suffix, NULL);

    g_assert_cmpuint (rd_test_ui_save_screenshot (GTK_WIDGET (wallboard), name), >, 10);
  }
  gtk_window_destroy (GTK_WINDOW (wallboard));
}


typedef struct
{
  RdDialerDashboard *dashboard;
  const char        *figure;
  const char        *value;
} DashboardWait;

static gboolean
dashboard_says (gpointer data)
{
  DashboardWait *w = data;

  return g_strcmp0 (rd_dialer_dashboard_get_figure (w->dashboard, w->figure), w->value) == 0;
}

static gboolean
dashboard_has_board (gpointer data)
{
  return rd_dialer_dashboard_get_updates (data) > 0 &&
         g_strcmp0 (rd_dialer_dashboard_get_figure (data, "dialed"), "–") != 0;
}

/* The dashboard the Live Agents page opens (F9): the seeded day's calls, Olga joining
 * and the supervisor logging her out from her row, each pushed by the server. */
static void
dashboard_scenario (gpointer data)
{
  ReportsFixture *f = data;
  RdDialerDashboard *dashboard = NULL;
  GtkWidget *board = rd_reports_fixture_window_child (f, "agents_board");
  g_autofree char *agents = g_strdup_printf ("/api/v1/campaigns/%s/agents", f->campaign_id);
  g_autofree char *start = g_strdup_printf ("/api/v1/campaigns/%s/start", f->campaign_id);
  g_autofree char *login = g_strdup_printf ("{\"campaign_id\": \"%s\"}", f->campaign_id);
  guint before;

  rd_reports_fixture_sign_in (f);
  g_assert_true (rd_window_show_page (f->window, "agents"));
  g_assert_true (rd_test_ui_wait (rd_reports_fixture_workspace_shown, f->window, 5000));
  g_assert_true (gtk_widget_activate_action (board, "board.dashboard", NULL));
  for (GList *l = gtk_application_get_windows (gtk_window_get_application (GTK_WINDOW (f->window)));
       l != NULL; l = l->next)
    if (RD_IS_DIALER_DASHBOARD (l->data))
      dashboard = l->data;
  g_assert_nonnull (dashboard);
  gtk_window_set_default_size (GTK_WINDOW (dashboard), 1280, 900);
  g_assert_true (rd_test_ui_wait (dashboard_has_board, dashboard, 10000));
  /* today's 10 calls: 4 people, 1 abandoned, 5 unanswered; nobody logged in */
  g_assert_cmpstr (rd_dialer_dashboard_get_figure (dashboard, "dialed"), ==, "10");
  g_assert_cmpstr (rd_dialer_dashboard_get_figure (dashboard, "answered"), ==, "5");
  g_assert_cmpstr (rd_dialer_dashboard_get_figure (dashboard, "abandoned"), ==, "1");
  g_assert_cmpstr (rd_dialer_dashboard_get_figure (dashboard, "logged_in"), ==, "0");
  g_assert_cmpstr (rd_dialer_dashboard_get_figure (dashboard, "dialable"), ==, "2");
  /* the unanswered ones under the day's calls */
  {
    g_autofree char *note = g_strdup_printf (_("%d busy · %d no answer"), 0, 5);

    g_assert_cmpstr (rd_dialer_dashboard_get_note (dashboard, "dialed"), ==, note);
  }
  /* over 30 days the seeded day's abandons count too: a rate against the cap, not none */
  g_assert_cmpstr (rd_dialer_dashboard_get_figure (dashboard, "abandon_rate"), !=, "–");

  /* Olga joins: pushed, her row says she is connecting */
  before = rd_dialer_dashboard_get_updates (dashboard);
  rd_reports_fixture_api_ok (f, "mira", MIRA_PASSWORD, "PUT", agents, "{\"agents\": [\"olga\"]}");
  rd_reports_fixture_api_ok (f, "mira", MIRA_PASSWORD, "POST", start, NULL);
  rd_reports_fixture_api_ok (f, "olga", OLGA_PASSWORD, "POST", "/api/v1/agent/login", login);
  g_assert_true (rd_test_ui_wait (dashboard_says, &(DashboardWait) { dashboard, "logged_in", "1" }, 10000));
  g_assert_cmpuint (rd_dialer_dashboard_get_updates (dashboard), >, before);
  g_assert_cmpstr (rd_dialer_dashboard_get_agent_state (dashboard, "olga"), ==, _("Connecting"));
  rd_test_ui_settle (GTK_WIDGET (dashboard), 4);
  {
    g_autofree char *name = g_strconcat ("screenshot-dashboard", f->suffix, NULL);

    g_assert_cmpuint (rd_test_ui_save_screenshot (GTK_WIDGET (dashboard), name), >, 10);
  }
  /* the supervisor logs her out from her row's menu */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dashboard), "dashboard.force", "(ss)", "olga", "logout"));
  g_assert_true (rd_test_ui_wait (dashboard_says, &(DashboardWait) { dashboard, "logged_in", "0" }, 10000));
  g_assert_null (rd_dialer_dashboard_get_agent_state (dashboard, "olga"));
  gtk_window_destroy (GTK_WINDOW (dashboard));
}

static void
test_wallboard (ReportsFixture *f,
                gconstpointer   data)
{
  rd_reports_fixture_run_app (f, "mira", MIRA_PASSWORD, wallboard_scenario);
}

static void
test_wallboard_russian (ReportsFixture *f,
                        gconstpointer   data)
{
  rd_reports_fixture_in_russian (f, wallboard_scenario);
}

static void
test_dashboard (ReportsFixture *f,
                gconstpointer   data)
{
  rd_reports_fixture_run_app (f, "mira", MIRA_PASSWORD, dashboard_scenario);
}

static void
test_dashboard_russian (ReportsFixture *f,
                        gconstpointer   data)
{
  rd_reports_fixture_in_russian (f, dashboard_scenario);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  rd_audio_sink_set_default ("fakesink sync=true");
  g_test_add ("/ui/boards/wallboard", ReportsFixture, NULL, rd_reports_fixture_setup, test_wallboard,
              rd_reports_fixture_teardown);
  g_test_add ("/ui/boards/wallboard-russian", ReportsFixture, NULL, rd_reports_fixture_setup,
              test_wallboard_russian, rd_reports_fixture_teardown);
  g_test_add ("/ui/boards/dashboard", ReportsFixture, NULL, rd_reports_fixture_setup, test_dashboard,
              rd_reports_fixture_teardown);
  g_test_add ("/ui/boards/dashboard-russian", ReportsFixture, NULL, rd_reports_fixture_setup,
              test_dashboard_russian, rd_reports_fixture_teardown);
  return g_test_run ();
}
