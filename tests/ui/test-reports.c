/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "rd-application.h"
#include "rd-audio-sink.h"
#include "rd-test-reports-fixture.h"
#include "rd-test-ui.h"

/* The manager's report windows, their PDFs, CSV and print, on the seeded day of
 * rd-test-reports-fixture.c; an agent does not see them. */

#define MIN_MS  (G_GINT64_CONSTANT (60000))
#define SEC_MS  (G_GINT64_CONSTANT (1000))

static gboolean
stack_still (gpointer data)
{
  return !gtk_stack_get_transition_running (data);
}

static gboolean
view_idle (gpointer data)
{
  return !rd_report_view_get_busy (data);
}

/* Opens report @id for yesterday and waits for its rows. */
static RdReportView *
open_report (ReportsFixture *f,
             const char     *id)
{
  RdReportsPage *page = rd_window_get_reports_page (f->window);
  RdReportView *view = rd_reports_page_open (page, id);
  GtkStack *stack = GTK_STACK (gtk_widget_get_template_child (GTK_WIDGET (page), RD_TYPE_REPORTS_PAGE, "stack"));

  g_assert_nonnull (view);
  g_assert_true (rd_test_ui_wait (stack_still, stack, 5000));
  g_assert_true (rd_test_ui_wait (view_idle, view, 10000));
  rd_report_view_set_range (view, f->yesterday, f->yesterday);
  rd_report_view_reload (view);
  g_assert_true (rd_test_ui_wait (view_idle, view, 10000));
  g_assert_null (rd_report_view_get_error (view));
  return view;
}

static char *
output_path (const char *name)
{
  const char *dir = g_getenv ("RD_TEST_OUTPUT_DIR");

  return g_build_filename (dir ? dir : g_get_tmp_dir (), name, NULL);
}

/* Runs a poppler tool on @pdf and returns its output. */
static char *
poppler (const char *tool,
         const char *pdf,
         const char *extra)
{
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { tool, pdf, extra ? extra : "-", extra ? "-" : NULL, NULL };
  int status = 0;

  if (g_strcmp0 (tool, "pdfinfo") == 0)
    argv[2] = NULL;
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_cmpint (status, ==, 0);
  return g_steal_pointer (&out);
}

static guint
pdf_pages (const char *pdf)
{
  g_autofree char *info = poppler ("pdfinfo", pdf, NULL);
  const char *line = strstr (info, "Pages:");

  g_assert_nonnull (line);
  return (guint) g_ascii_strtoull (line + strlen ("Pages:"), NULL, 10);
}

/* pdftoppm -png -r 60 PDF PREFIX: one PNG per page, PREFIX-1.png … */
static void
pdf_to_png (const char *pdf,
            const char *prefix)
{
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "pdftoppm", "-png", "-r", "70", pdf, prefix, NULL };
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                               &status, &error));
  g_assert_no_error (error);
  g_assert_cmpint (status, ==, 0);
}

static gboolean
csv_written (gpointer data)
{
  return g_file_test (data, G_FILE_TEST_EXISTS);
}

static void
check_agent_performance (ReportsFixture *f,
                         RdReportView   *view)
{
  g_autofree char *calls = NULL, *talk = NULL, *wait = NULL, *wrap = NULL, *pause = NULL;
  g_autofree char *logged = NULL, *conversions = NULL, *agent = NULL;
  gint64 talk_s = 0, wait_s = 0, wrap_s = 0, pause_s = 0, logged_s = 0;
  RdChart *chart = rd_report_view_get_chart (view);

  /* the seed's own sums */
  for (guint i = 0; i < G_N_ELEMENTS (olga_states); i++)
    {
      const char *s = olga_states[i].state;
      gint64 d = olga_states[i].seconds;

      logged_s += d;
      if (g_str_equal (s, "on_call"))
        talk_s += d;
      else if (g_str_equal (s, "ready"))
        wait_s += d;
      else if (g_str_equal (s, "wrap_up"))
        wrap_s += d;
      else
        pause_s += d;
    }
  g_assert_cmpint (logged_s, ==, 3600);
  g_assert_cmpuint (rd_report_view_get_n_rows (view), ==, 1);
  agent = rd_report_view_get_cell (view, 0, "agent");
  calls = rd_report_view_get_cell (view, 0, "calls");
  conversions = rd_report_view_get_cell (view, 0, "conversions");
  talk = rd_report_view_get_cell (view, 0, "talk_ms");
  wait = rd_report_view_get_cell (view, 0, "wait_ms");
  wrap = rd_report_view_get_cell (view, 0, "wrap_ms");
  pause = rd_report_view_get_cell (view, 0, "pause_ms");
  logged = rd_report_view_get_cell (view, 0, "logged_ms");
  g_assert_cmpstr (agent, ==, "olga");
  g_assert_cmpstr (calls, ==, "1");
  g_assert_cmpstr (conversions, ==, "1");
  g_assert_cmpint (talk_s, ==, 300);
  g_assert_cmpstr (talk, ==, "5:00");
  g_assert_cmpint (wait_s, ==, 1410);
  g_assert_cmpstr (wait, ==, "23:30");
  g_assert_cmpint (wrap_s, ==, 60);
  g_assert_cmpstr (wrap, ==, "1:00");
  g_assert_cmpint (pause_s, ==, 1830);
  g_assert_cmpstr (pause, ==, "30:30");
  g_assert_cmpstr (logged, ==, "1:00:00");
  /* the stacked bars: one agent, talk/wait/wrap/pause in hours */
  g_assert_cmpuint (rd_chart_get_n_categories (chart), ==, 1);
  g_assert_cmpuint (rd_chart_get_n_series (chart), ==, 4);
  g_assert_cmpfloat_with_epsilon (rd_chart_get_value (chart, 0, 0), talk_s / 3600.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (rd_chart_get_value (chart, 3, 0), pause_s / 3600.0, 1e-9);
  {
    g_autofree char *description = rd_chart_describe (chart);

    g_assert_nonnull (strstr (description, "olga:"));
  }
}

static char *
check_pdf (ReportsFixture *f,
           RdReportView   *view,
           const char     *name,
           guint           min_pages,
           const char     *must_say)
{
  g_autofree char *file = g_strconcat (name, f->suffix, ".pdf", NULL);
  g_autofree char *pdf = output_path (file);
  g_autofree char *prefix_name = g_strconcat (name, f->suffix, NULL);
  g_autofree char *prefix = output_path (prefix_name);
  g_autofree char *text = NULL;
  g_autofree char *page_one = NULL;
  g_autoptr(GError) error = NULL;
  guint pages;

  g_assert_true (rd_report_view_export_pdf (view, pdf, &error));
  g_assert_no_error (error);
  pages = pdf_pages (pdf);
  g_assert_cmpuint (pages, >=, min_pages);
  text = poppler ("pdftotext", pdf, "-layout");
  g_assert_nonnull (strstr (text, must_say));
  g_assert_nonnull (strstr (text, f->yesterday));     /* the filters */
  {
    /* the foot of the last page: "TITLE — Page N of N" */
    g_autofree char *foot = g_strdup_printf (_("%s — Page %u of %u"), "", pages, pages);

    g_assert_nonnull (strstr (text, foot));
  }
  pdf_to_png (pdf, prefix);
  page_one = g_strdup_printf ("%s-%s1.png", prefix, pages >= 10 ? "0" : "");
  g_assert_true (g_file_test (page_one, G_FILE_TEST_EXISTS));
  g_test_message ("pdf: %s, %u pages, %s", pdf, pages, page_one);
  return g_steal_pointer (&text);
}

static void
manager_scenario (gpointer data)
{
  ReportsFixture *f = data;
  RdReportView *view;
  guint n_kinds;
  const RdReportKind *kinds = rd_report_kinds (&n_kinds);

  rd_reports_fixture_sign_in (f);
  g_assert_true (gtk_widget_get_visible (rd_reports_fixture_window_child (f, "reports_row")));
  g_assert_true (rd_window_show_page (f->window, "reports"));
  g_assert_true (rd_test_ui_wait (rd_reports_fixture_workspace_shown, f->window, 5000));
  rd_reports_fixture_screenshot (f, "screenshot-reports");

  /* Agent performance: the seeded figures, the chart, the PDF */
  view = open_report (f, "agent-performance");
  check_agent_performance (f, view);
  rd_reports_fixture_screenshot (f, "screenshot-report-agent-performance");
  {
    g_autofree char *text = check_pdf (f, view, "report-agent-performance", 1, "olga");

    /* the seeded figures on paper too: wait, pause, logged in */
    g_assert_nonnull (strstr (text, "23:30"));
    g_assert_nonnull (strstr (text, "30:30"));
    g_assert_nonnull (strstr (text, "1:00:00"));
  }

  /* CDR: 251 calls yesterday, 100 a page, newest first */
  view = open_report (f, "cdr");
  g_assert_cmpuint (rd_report_view_get_n_rows (view), ==, 100);
  g_assert_true (rd_report_view_get_has_more (view));
  {
    g_autofree char *number = rd_report_view_get_cell (view, 0, "number");

    g_assert_cmpstr (number, ==, "+493012340250");
  }
  rd_report_view_load_more (view);
  g_assert_true (rd_test_ui_wait (view_idle, view, 10000));
  g_assert_cmpuint (rd_report_view_get_n_rows (view), ==, 200);
  rd_report_view_load_more (view);
  g_assert_true (rd_test_ui_wait (view_idle, view, 10000));
  g_assert_cmpuint (rd_report_view_get_n_rows (view), ==, DIALER_CALLS + 1);
  g_assert_false (rd_report_view_get_has_more (view));
  {
    g_autofree char *number = rd_report_view_get_cell (view, DIALER_CALLS, "number");

    g_assert_cmpstr (number, ==, "+79161000001");   /* the oldest: Olga's at 08:10 */
  }
  /* searched by number, as typed in another format: the one call */
  rd_report_view_set_number (view, "8 (916) 100-00-01");
  rd_report_view_reload (view);
  g_assert_true (rd_test_ui_wait (view_idle, view, 10000));
  g_assert_null (rd_report_view_get_error (view));
  g_assert_cmpuint (rd_report_view_get_n_rows (view), ==, 1);
  {
    g_autofree char *disposition = rd_report_view_get_cell (view, 0, "disposition");

    g_assert_cmpstr (disposition, ==, "sale");
  }
  rd_report_view_play_recording (view, 0);
  g_assert_true (rd_test_ui_wait (view_idle, view, 10000));
  g_assert_nonnull (rd_report_view_get_player (view));
  rd_reports_fixture_screenshot (f, "screenshot-report-cdr-recording");
  /* digits of a number, anywhere in it */
  rd_report_view_set_number (view, "1234 0125");
  rd_report_view_reload (view);
  g_assert_true (rd_test_ui_wait (view_idle, view, 10000));
  g_assert_cmpuint (rd_report_view_get_n_rows (view), ==, 1);
  {
    g_autofree char *number = rd_report_view_get_cell (view, 0, "number");

    g_assert_cmpstr (number, ==, "+493012340125");
  }
  rd_report_view_set_number (view, NULL);
  rd_report_view_reload (view);
  g_assert_true (rd_test_ui_wait (view_idle, view, 10000));
  rd_report_view_load_more (view);
  g_assert_true (rd_test_ui_wait (view_idle, view, 10000));
  rd_report_view_load_more (view);
  g_assert_true (rd_test_ui_wait (view_idle, view, 10000));
  rd_reports_fixture_screenshot (f, "screenshot-report-cdr");
  g_free (check_pdf (f, view, "report-cdr", 3, "+493012340250"));
  /* Print draws the same pages (the print operation exporting instead of printing) */
  {
    g_autofree char *name = g_strconcat ("report-cdr-printed", f->suffix, ".pdf", NULL);
    g_autofree char *printed = output_path (name);
    g_autofree char *direct_name = g_strconcat ("report-cdr", f->suffix, ".pdf", NULL);
    g_autofree char *direct = output_path (direct_name);
    g_autofree char *text = NULL;
    g_autoptr(GError) error = NULL;

    g_assert_true (rd_report_print_export (rd_report_view_make_doc (view), printed, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (pdf_pages (printed), ==, pdf_pages (direct));
    text = poppler ("pdftotext", printed, "-layout");
    g_assert_nonnull (strstr (text, "+493012340250"));
  }
  /* Campaign: by hour of the day, 251 calls stacked by result */
  view = open_report (f, "campaign");
  {
    RdChart *chart = rd_report_view_get_chart (view);
    double total = 0;

    g_assert_cmpint (rd_chart_get_kind (chart), ==, RD_CHART_STACKED_BARS);
    g_assert_cmpuint (rd_chart_get_n_categories (chart), ==, 24);
    for (guint s = 0; s < rd_chart_get_n_series (chart); s++)
      for (guint c = 0; c < 24; c++)
        total += rd_chart_get_value (chart, s, c);
    g_assert_cmpfloat (total, ==, DIALER_CALLS + 1);
    g_assert_cmpfloat (rd_chart_get_value (chart, 0, 8), ==, 1);   /* a person at 08: Olga's */
  }
  rd_reports_fixture_screenshot (f, "screenshot-report-campaign");
  g_free (check_pdf (f, view, "report-campaign", 1, "Spring Offer"));

  /* Dispositions: a donut of 1 sale, 25 call-backs, 25 not interested */
  view = open_report (f, "dispositions");
  {
    RdChart *chart = rd_report_view_get_chart (view);
    double total = 0;

    g_assert_cmpint (rd_chart_get_kind (chart), ==, RD_CHART_PIE);
    g_assert_cmpuint (rd_chart_get_n_categories (chart), ==, 3);
    for (guint c = 0; c < 3; c++)
      total += rd_chart_get_value (chart, 0, c);
    g_assert_cmpfloat (total, ==, 51);
  }
  rd_reports_fixture_screenshot (f, "screenshot-report-dispositions");
  g_free (check_pdf (f, view, "report-dispositions", 1, "Spring Offer"));

  /* Lines: a line chart over the 24 hours */
  view = open_report (f, "lines");
  g_assert_cmpint (rd_chart_get_kind (rd_report_view_get_chart (view)), ==, RD_CHART_LINE);
  g_assert_cmpuint (rd_chart_get_n_categories (rd_report_view_get_chart (view)), ==, 24);
  rd_reports_fixture_screenshot (f, "screenshot-report-lines");

  /* the rest open and show rows */
  view = open_report (f, "agent-time");
  g_assert_cmpuint (rd_report_view_get_n_rows (view), >=, 1);
  rd_reports_fixture_screenshot (f, "screenshot-report-agent-time");
  rd_report_view_set_part (view, 2);      /* every state change */
  g_assert_true (rd_test_ui_wait (view_idle, view, 10000));
  g_assert_cmpuint (rd_report_view_get_n_rows (view), ==, G_N_ELEMENTS (olga_states) + 1);
  view = open_report (f, "leadsets");
  g_assert_cmpuint (rd_report_view_get_n_rows (view), ==, 1);
  {
    g_autofree char *leads = rd_report_view_get_cell (view, 0, "leads");
    g_autofree char *never = rd_report_view_get_cell (view, 0, "never_called");

    g_assert_cmpstr (leads, ==, "2");
    g_assert_cmpstr (never, ==, "2");
  }
  rd_reports_fixture_screenshot (f, "screenshot-report-leadsets");
  for (guint i = 0; i < n_kinds; i++)
    g_assert_nonnull (rd_report_kind_lookup (kinds[i].id));
  /* the queue "Support" yesterday: 5 offered, 3 answered (2 within 20 s), 1 abandoned, 1
   * voicemail; ASA (5 + 15 + 40) / 3 s, the longest wait 60 s (the voicemail's) */
  view = open_report (f, "queues");   /* by hour of day: they all came in at 10 */
  {
    const char *const expected[][2] = {
      { "queue", "Support" }, { "hour", "10" }, { "offered", "5" }, { "answered", "3" }, { "abandoned", "1" },
      { "voicemails", "1" }, { "service_level", "40.0 %" }, { "asa_ms", "0:20" },
      { "longest_wait_ms", "1:00" },
    };

    g_assert_cmpuint (rd_report_view_get_n_rows (view), ==, 1);
    for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
      {
        g_autofree char *cell = rd_report_view_get_cell (view, 0, expected[i][0]);

        g_assert_cmpstr (cell, ==, expected[i][1]);
      }
  }
  rd_reports_fixture_screenshot (f, "screenshot-report-queues");
  /* the CRM: 4 leads (new, 2 converted, lost): the converted row says 2; tickets by
   * priority: 2 high, 1 met its SLA in an hour, 1 breached */
  view = open_report (f, "crm-leads");
  g_assert_cmpuint (rd_report_view_get_n_rows (view), ==, 3);
  {
    g_autofree char *status = rd_report_view_get_cell (view, 0, "status");
    g_autofree char *leads = rd_report_view_get_cell (view, 0, "leads");

    g_assert_cmpstr (status, ==, _("Converted"));
    g_assert_cmpstr (leads, ==, "2");
  }
  rd_reports_fixture_screenshot (f, "screenshot-report-leads");
  view = open_report (f, "crm-tickets");
  rd_report_view_set_part (view, 2);   /* by priority */
  g_assert_true (rd_test_ui_wait (view_idle, view, 10000));
  g_assert_cmpuint (rd_report_view_get_n_rows (view), ==, 1);
  {
    const char *const expected[][2] = {
      { "priority", _("High") }, { "tickets", "2" }, { "sla_met", "1" }, { "sla_breached", "1" },
      { "avg_resolve_ms", "1:00:00" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
      {
        g_autofree char *cell = rd_report_view_get_cell (view, 0, expected[i][0]);

        g_assert_cmpstr (cell, ==, expected[i][1]);
      }
  }
  rd_reports_fixture_screenshot (f, "screenshot-report-tickets");
  view = open_report (f, "cdr");
  /* the CSV is the server's */
  {
    g_autofree char *csv = output_path ("report-cdr.csv");
    g_autoptr(GFile) file = g_file_new_for_path (csv);
    g_autofree char *contents = NULL;

    g_unlink (csv);
    rd_report_view_export_csv (view, file);
    g_assert_true (rd_test_ui_wait (view_idle, view, 10000));
    g_assert_true (csv_written (csv));
    g_assert_true (g_file_get_contents (csv, &contents, NULL, NULL));
    g_assert_true (g_str_has_prefix (contents, "id,created_at,"));
    g_assert_nonnull (strstr (contents, "+79161000001"));
  }

  rd_reports_page_show_list (rd_window_get_reports_page (f->window));
}

static void
agent_scenario (gpointer data)
{
  ReportsFixture *f = data;

  rd_reports_fixture_sign_in (f);
  g_assert_true (gtk_widget_get_visible (rd_reports_fixture_window_child (f, "campaigns_row")));
  g_assert_false (gtk_widget_get_visible (rd_reports_fixture_window_child (f, "reports_row")));
}

static void
test_manager (ReportsFixture *f,
              gconstpointer   data)
{
  rd_reports_fixture_run_app (f, "mira", MIRA_PASSWORD, manager_scenario);
}

static void
test_agent (ReportsFixture *f,
            gconstpointer   data)
{
  rd_reports_fixture_run_app (f, "olga", OLGA_PASSWORD, agent_scenario);
}

static void
test_russian (ReportsFixture *f,
              gconstpointer   data)
{
  rd_reports_fixture_in_russian (f, manager_scenario);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  rd_audio_sink_set_default ("fakesink sync=true");
  g_test_add ("/ui/reports/manager", ReportsFixture, NULL, rd_reports_fixture_setup, test_manager, rd_reports_fixture_teardown);
  g_test_add ("/ui/reports/agent-does-not-see-them", ReportsFixture, NULL,
              rd_reports_fixture_setup, test_agent, rd_reports_fixture_teardown);
  g_test_add ("/ui/reports/russian", ReportsFixture, NULL, rd_reports_fixture_setup, test_russian, rd_reports_fixture_teardown);
  return g_test_run ();
}
