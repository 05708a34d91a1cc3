/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <sqlite3.h>
#include <string.h>

#include "rd-test-server.h"

#include "rd-application.h"
#include "rd-audio-sink.h"
#include "rd-wallboard.h"
#include "rd-test-ui.h"
#include "rd-window.h"

/* The manager's report windows against a real ringdesk-server on loopback whose
 * callcenter.db holds a seeded day (yesterday, UTC): one agent's hour of states and her
 * one call (a sale, recorded), 250 dialer attempts of known results and dispositions,
 * and 10 calls today for the wallboard. The figures the test expects are the seed's,
 * written out here, not read back through the server's SQL. Runs under
 * tests/run-with-keyring.sh. */

#define MIRA_PASSWORD "mira's long password"
#define OLGA_PASSWORD "olga's long password"

#define HOUR_MS (G_GINT64_CONSTANT (3600000))
#define MIN_MS  (G_GINT64_CONSTANT (60000))
#define SEC_MS  (G_GINT64_CONSTANT (1000))

/* Olga's states yesterday from 08:00 (seconds): login 30, ready 600, on a call 300,
 * wrap-up 60, lunch 1800, ready 810, then logout: an hour. */
static const struct { const char *state; const char *reason; gint64 seconds; } olga_states[] = {
  { "login", NULL, 30 }, { "ready", NULL, 600 }, { "on_call", NULL, 300 },
  { "wrap_up", NULL, 60 }, { "paused", "lunch", 1800 }, { "ready", NULL, 810 },
};
#define DIALER_CALLS 250

typedef struct
{
  RdTestServer *server;
  char         *tmp;
  char         *replica_dir;
  char         *campaign_id;
  char         *yesterday;       /* YYYY-MM-DD (UTC: the tests run in UTC) */
  gint64        day_ms;          /* yesterday 00:00 UTC */
  RdWindow     *window;
  const char   *user;
  const char   *password;
  const char   *suffix;          /* of the screenshots: "" or "-russian" */
  void        (*scenario) (gpointer fixture);
} ReportsFixture;

static void
exec_sql (sqlite3    *db,
          const char *sql)
{
  char *error = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &error) != SQLITE_OK)
    g_error ("seed: %s in %s", error, sql);
}

/* A WAV of 0.5 s silence, 8 kHz mono 16 bit: what the server hands out as a recording. */
static void
write_recording (const char *path)
{
  guint32 samples = 4000, data = samples * 2;
  g_autoptr(GByteArray) wav = g_byte_array_new ();
  guint32 u32;
  guint16 u16;

#define PUT32(v) (u32 = GUINT32_TO_LE (v), g_byte_array_append (wav, (guint8 *) &u32, 4))
#define PUT16(v) (u16 = GUINT16_TO_LE (v), g_byte_array_append (wav, (guint8 *) &u16, 2))
  g_byte_array_append (wav, (guint8 *) "RIFF", 4); PUT32 (36 + data);
  g_byte_array_append (wav, (guint8 *) "WAVEfmt ", 8); PUT32 (16); PUT16 (1); PUT16 (1);
  PUT32 (8000); PUT32 (16000); PUT16 (2); PUT16 (16);
  g_byte_array_append (wav, (guint8 *) "data", 4); PUT32 (data);
  g_byte_array_set_size (wav, wav->len + data);
  memset (wav->data + wav->len - data, 0, data);
#undef PUT32
#undef PUT16
  g_assert_true (g_file_set_contents (path, (char *) wav->data, wav->len, NULL));
}

static void
seed (ReportsFixture *f)
{
  g_autofree char *db_path = g_build_filename (f->server->data_dir, "callcenter.db", NULL);
  g_autofree char *rec_dir = g_build_filename (f->server->data_dir, "call-recordings", NULL);
  g_autofree char *rec_path = g_build_filename (rec_dir, "olga-sale.wav", NULL);
  gint64 at = f->day_ms + 8 * HOUR_MS, now = g_get_real_time () / 1000;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (db_path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  exec_sql (db, "BEGIN");
  for (guint i = 0; i < G_N_ELEMENTS (olga_states); i++)
    {
      g_autofree char *sql = g_strdup_printf (
        "INSERT INTO agent_states (agent, campaign_id, state, reason, started_at, ended_at)"
        " VALUES ('olga', '%s', '%s', %s%s%s, %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ")",
        f->campaign_id, olga_states[i].state, olga_states[i].reason ? "'" : "",
        olga_states[i].reason ? olga_states[i].reason : "NULL", olga_states[i].reason ? "'" : "",
        at, at + olga_states[i].seconds * SEC_MS);

      exec_sql (db, sql);
      at += olga_states[i].seconds * SEC_MS;
    }
  {
    g_autofree char *sql = g_strdup_printf (
      "INSERT INTO agent_states (agent, campaign_id, state, started_at, ended_at)"
      " VALUES ('olga', '%s', 'logout', %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ")",
      f->campaign_id, at, at);

    exec_sql (db, sql);
  }
  /* her call: dialled 08:10:00, answered 08:10:20, bridged 08:10:30 (her on_call), ended 08:15:30 */
  {
    gint64 t = f->day_ms + 8 * HOUR_MS + 10 * MIN_MS;
    g_autofree char *sql = g_strdup_printf (
      "INSERT INTO calls (id, direction, campaign_id, number, agent, created_at, ringing_at,"
      "  answered_at, bridged_at, ended_at, result, hangup_cause, disposition, notes, recording)"
      " VALUES ('02000000-0000-7000-8000-000000000001', 'outbound', '%s', '+79161000001', 'olga',"
      "  %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ","
      "  'human', 'normal', 'sale', 'Bought the yearly plan', 'olga-sale.wav')",
      f->campaign_id, t, t + 2 * SEC_MS, t + 20 * SEC_MS, t + 30 * SEC_MS, t + 330 * SEC_MS);

    exec_sql (db, sql);
  }
  /* the dialer's attempts from 09:01, a minute apart: n % 5 = 0 busy, 1 no answer, 2 a person
   * (n % 10 = 2 call-back, 7 not interested), 3 abandoned, 4 machine */
  {
    g_autofree char *sql = g_strdup_printf (
      "WITH RECURSIVE n(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM n WHERE n < %d)"
      " INSERT INTO calls (id, direction, campaign_id, number, created_at, ringing_at, answered_at,"
      "   ended_at, result, disposition)"
      " SELECT printf('03000000-0000-7000-8000-%%012d', n), 'outbound', '%s',"
      "   '+49301234' || printf('%%04d', n), %" G_GINT64_FORMAT " + n * 60000, %" G_GINT64_FORMAT " + n * 60000 + 1000,"
      "   CASE WHEN n %% 5 IN (2, 3, 4) THEN %" G_GINT64_FORMAT " + n * 60000 + 9000 END,"
      "   %" G_GINT64_FORMAT " + n * 60000 + 30000,"
      "   CASE n %% 5 WHEN 0 THEN 'busy' WHEN 1 THEN 'no-answer' WHEN 2 THEN 'human'"
      "     WHEN 3 THEN 'abandoned' ELSE 'machine' END,"
      "   CASE n %% 10 WHEN 2 THEN 'callback' WHEN 7 THEN 'not_interested' END"
      " FROM n",
      DIALER_CALLS, f->campaign_id, f->day_ms + 9 * HOUR_MS, f->day_ms + 9 * HOUR_MS,
      f->day_ms + 9 * HOUR_MS, f->day_ms + 9 * HOUR_MS);

    exec_sql (db, sql);
  }
  /* today, for the wallboard: 10 calls a second apart: 4 people, 1 abandoned, 5 no answer */
  {
    g_autofree char *sql = g_strdup_printf (
      "WITH RECURSIVE n(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM n WHERE n < 10)"
      " INSERT INTO calls (id, direction, campaign_id, number, created_at, ended_at, result)"
      " SELECT printf('04000000-0000-7000-8000-%%012d', n), 'outbound', '%s',"
      "   '+4930555' || printf('%%04d', n), %" G_GINT64_FORMAT " - n * 1000, %" G_GINT64_FORMAT " - n * 500,"
      "   CASE WHEN n <= 4 THEN 'human' WHEN n = 5 THEN 'abandoned' ELSE 'no-answer' END FROM n",
      f->campaign_id, now, now);

    exec_sql (db, sql);
  }
  exec_sql (db, "COMMIT");
  sqlite3_close (db);
  g_assert_cmpint (g_mkdir_with_parents (rec_dir, 0700), ==, 0);
  write_recording (rec_path);
}

static void
fixture_setup (ReportsFixture *f,
               gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *mira = NULL;
  g_autoptr(RdTestResponse) made = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) midnight = g_date_time_new_utc (g_date_time_get_year (now), g_date_time_get_month (now),
                                                       g_date_time_get_day_of_month (now), 0, 0, 0);
  g_autoptr(GDateTime) yesterday = g_date_time_add_days (midnight, -1);

  f->server = rd_test_server_new (NULL);
  rd_test_server_add_user (f->server, "mira", "manager", "sales", MIRA_PASSWORD);
  rd_test_server_add_user (f->server, "olga", "agent", "sales", OLGA_PASSWORD);
  mira = rd_test_login (f->server, "mira", MIRA_PASSWORD);
  made = rd_test_request_json (f->server, "POST", "/api/v1/campaigns", mira,
                               "{\"name\": \"Spring Offer\", \"dial_method\": \"preview\","
                               " \"calling_hours_start\": \"00:00\", \"calling_hours_end\": \"23:59\"}");
  g_assert_cmpuint (made->status, ==, 201);
  f->campaign_id = g_strdup (rd_test_response_string (made, "id"));
  /* a leadset of two leads, attached: the leadsets report's row */
  {
    g_autoptr(RdTestResponse) upload = rd_test_request (f->server, "POST", "/api/v1/leadsets?name=Spring&country=RU", mira,
                                                        "text/csv", "name,phone\nAnna,+7 916 100-00-01\nVera,+7 916 100-00-02\n", -1);
    g_autofree char *path = NULL;
    g_autoptr(RdTestResponse) attached = NULL;

    g_assert_cmpuint (upload->status, ==, 201);
    path = g_strdup_printf ("/api/v1/campaigns/%s/leadsets/%s", f->campaign_id, rd_test_response_string (upload, "id"));
    attached = rd_test_request_json (f->server, "PUT", path, mira, NULL);
    g_assert_cmpuint (attached->status, ==, 200);
  }
  f->day_ms = g_date_time_to_unix (yesterday) * SEC_MS;
  f->yesterday = g_date_time_format (yesterday, "%Y-%m-%d");
  seed (f);

  f->tmp = g_dir_make_tmp ("rd-reports-XXXXXX", &error);
  g_assert_no_error (error);
  f->replica_dir = g_build_filename (f->tmp, "replica", NULL);
  f->suffix = "";
  g_settings_reset (settings, "username");
  g_settings_reset (settings, "server-url");
  g_settings_reset (settings, "work-offline");
  g_settings_set_string (settings, "default-region", "RU");
}

static void
fixture_teardown (ReportsFixture *f,
                  gconstpointer   data)
{
  g_clear_pointer (&f->server, rd_test_server_free);
  rd_test_ui_remove_tree (f->tmp);
  g_free (f->replica_dir);
  g_free (f->tmp);
  g_free (f->campaign_id);
  g_free (f->yesterday);
}

/* --- helpers ---------------------------------------------------------------------------- */

static gboolean
signed_in (gpointer data)
{
  return !rd_window_get_signing_in (data);
}

static gboolean
workspace_shown (gpointer data)
{
  GtkStack *main_stack = GTK_STACK (gtk_widget_get_template_child (data, RD_TYPE_WINDOW, "main_stack"));
  GtkStack *pages = GTK_STACK (gtk_widget_get_template_child (data, RD_TYPE_WINDOW, "stack"));

  return !gtk_stack_get_transition_running (main_stack) && !gtk_stack_get_transition_running (pages);
}

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

static void
api_ok (ReportsFixture *f,
        const char     *user,
        const char     *password,
        const char     *method,
        const char     *path,
        const char     *json)
{
  g_autofree char *token = rd_test_login (f->server, user, password);
  g_autoptr(RdTestResponse) r = rd_test_request_json (f->server, method, path, token, json);

  if (r->status != 200 && r->status != 201)
    g_error ("%s %s: %u %s", method, path, r->status, r->text);
}

static gboolean
wallboard_idle (gpointer data)
{
  return !rd_wallboard_get_busy (data) && g_strcmp0 (rd_wallboard_get_figure (data, "calls"), "–") != 0;
}

static void
settle (ReportsFixture *f)
{
  rd_test_ui_settle (GTK_WIDGET (f->window), 4);
}

static void
sign_in (ReportsFixture *f)
{
  GtkWidget *page = GTK_WIDGET (rd_window_get_sign_in_page (f->window));

  gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_template_child (page, RD_TYPE_SIGN_IN_PAGE, "username_row")), f->user);
  gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_template_child (page, RD_TYPE_SIGN_IN_PAGE, "password_row")), f->password);
  g_signal_emit_by_name (gtk_widget_get_template_child (page, RD_TYPE_SIGN_IN_PAGE, "sign_in_button"), "clicked");
  g_assert_true (rd_test_ui_wait (signed_in, f->window, 10000));
  g_assert_true (rd_test_ui_wait (workspace_shown, f->window, 5000));
}

static GtkWidget *
window_child (ReportsFixture *f,
              const char     *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (f->window), RD_TYPE_WINDOW, name));
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

static void
screenshot (ReportsFixture *f,
            const char     *name)
{
  g_autofree char *full = g_strconcat (name, f->suffix, NULL);

  settle (f);
  g_assert_cmpuint (rd_test_ui_save_screenshot (GTK_WIDGET (f->window), full), >, 10);
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

/* --- scenarios -------------------------------------------------------------------------- */

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

  sign_in (f);
  g_assert_true (gtk_widget_get_visible (window_child (f, "reports_row")));
  g_assert_true (rd_window_show_page (f->window, "reports"));
  g_assert_true (rd_test_ui_wait (workspace_shown, f->window, 5000));
  screenshot (f, "screenshot-reports");

  /* Agent performance: the seeded figures, the chart, the PDF */
  view = open_report (f, "agent-performance");
  check_agent_performance (f, view);
  screenshot (f, "screenshot-report-agent-performance");
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
  screenshot (f, "screenshot-report-cdr-recording");
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
  screenshot (f, "screenshot-report-cdr");
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
  screenshot (f, "screenshot-report-campaign");
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
  screenshot (f, "screenshot-report-dispositions");
  g_free (check_pdf (f, view, "report-dispositions", 1, "Spring Offer"));

  /* Lines: a line chart over the 24 hours */
  view = open_report (f, "lines");
  g_assert_cmpint (rd_chart_get_kind (rd_report_view_get_chart (view)), ==, RD_CHART_LINE);
  g_assert_cmpuint (rd_chart_get_n_categories (rd_report_view_get_chart (view)), ==, 24);
  screenshot (f, "screenshot-report-lines");

  /* the rest open and show rows */
  view = open_report (f, "agent-time");
  g_assert_cmpuint (rd_report_view_get_n_rows (view), >=, 1);
  screenshot (f, "screenshot-report-agent-time");
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
  screenshot (f, "screenshot-report-leadsets");
  for (guint i = 0; i < n_kinds; i++)
    g_assert_nonnull (rd_report_kind_lookup (kinds[i].id));
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
wallboard_scenario (gpointer data)
{
  ReportsFixture *f = data;
  RdWallboard *wallboard;

  sign_in (f);
  /* the Live Agents page's button (F11 there) opens one */
  {
    GtkWidget *board = window_child (f, "agents_board");
    GList *windows;
    guint n_wallboards = 0;

    g_assert_true (gtk_widget_get_visible (window_child (f, "agents_row")));
    g_assert_true (rd_window_show_page (f->window, "agents"));
    g_assert_true (rd_test_ui_wait (workspace_shown, f->window, 5000));
    screenshot (f, "screenshot-agents-wallboard-button");
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
   * and the board says so within its polls */
  {
    g_autofree char *agents = g_strdup_printf ("/api/v1/campaigns/%s/agents", f->campaign_id);
    g_autofree char *start = g_strdup_printf ("/api/v1/campaigns/%s/start", f->campaign_id);
    g_autofree char *login = g_strdup_printf ("{\"campaign_id\": \"%s\"}", f->campaign_id);

    api_ok (f, "mira", MIRA_PASSWORD, "PUT", agents, "{\"agents\": [\"olga\"]}");
    api_ok (f, "mira", MIRA_PASSWORD, "POST", start, NULL);
    api_ok (f, "olga", OLGA_PASSWORD, "POST", "/api/v1/agent/login", login);
    g_assert_true (rd_test_ui_wait (figure_says, &(FigureWait) { wallboard, "paused", "1" }, 10000));
  }
  rd_test_ui_settle (GTK_WIDGET (wallboard), 4);
  {
    g_autofree char *name = g_strconcat ("screenshot-wallboard", f->suffix, NULL);

    g_assert_cmpuint (rd_test_ui_save_screenshot (GTK_WIDGET (wallboard), name), >, 10);
  }
  gtk_window_destroy (GTK_WINDOW (wallboard));
}

static void
agent_scenario (gpointer data)
{
  ReportsFixture *f = data;

  sign_in (f);
  g_assert_true (gtk_widget_get_visible (window_child (f, "campaigns_row")));
  g_assert_false (gtk_widget_get_visible (window_child (f, "reports_row")));
}

/* --- running the app -------------------------------------------------------------------- */

/* The test's scenario on the app's window. */
static void
scenario_cb (RdWindow *window,
             gpointer  data)
{
  ReportsFixture *f = data;

  f->window = window;
  f->scenario (f);
}

static void
run_app (ReportsFixture *f,
         const char     *user,
         const char     *password,
         void          (*scenario) (gpointer fixture))
{
  char *argv[] = { "ringdesk", "--replica", f->replica_dir, "--server", f->server->base_url, NULL };

  f->user = user;
  f->password = password;
  f->scenario = scenario;
  rd_test_ui_run_app (argv, scenario_cb, f);
}

static void
in_russian (ReportsFixture *f,
            void          (*scenario) (gpointer fixture))
{
  g_assert_nonnull (setlocale (LC_ALL, "C.UTF-8"));
  g_setenv ("LANGUAGE", "ru", TRUE);
  bindtextdomain (GETTEXT_PACKAGE, RD_TEST_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);   /* forget the catalogues looked up so far */
  g_assert_cmpstr (_("Agent Performance"), ==, "Эффективность агентов");
  f->suffix = "-russian";
  run_app (f, "mira", MIRA_PASSWORD, scenario);
  g_unsetenv ("LANGUAGE");
  textdomain (GETTEXT_PACKAGE);
}

static void
test_manager (ReportsFixture *f,
              gconstpointer   data)
{
  run_app (f, "mira", MIRA_PASSWORD, manager_scenario);
}

static void
test_wallboard (ReportsFixture *f,
                gconstpointer   data)
{
  run_app (f, "mira", MIRA_PASSWORD, wallboard_scenario);
}

static void
test_agent (ReportsFixture *f,
            gconstpointer   data)
{
  run_app (f, "olga", OLGA_PASSWORD, agent_scenario);
}

static void
test_russian (ReportsFixture *f,
              gconstpointer   data)
{
  in_russian (f, manager_scenario);
}

static void
test_wallboard_russian (ReportsFixture *f,
                        gconstpointer   data)
{
  in_russian (f, wallboard_scenario);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  rd_audio_sink_set_default ("fakesink sync=true");
  g_test_add ("/ui/reports/manager", ReportsFixture, NULL, fixture_setup, test_manager, fixture_teardown);
  g_test_add ("/ui/reports/wallboard", ReportsFixture, NULL, fixture_setup, test_wallboard, fixture_teardown);
  g_test_add ("/ui/reports/agent-does-not-see-them", ReportsFixture, NULL,
              fixture_setup, test_agent, fixture_teardown);
  g_test_add ("/ui/reports/russian", ReportsFixture, NULL, fixture_setup, test_russian, fixture_teardown);
  g_test_add ("/ui/reports/wallboard-russian", ReportsFixture, NULL,
              fixture_setup, test_wallboard_russian, fixture_teardown);
  return g_test_run ();
}
