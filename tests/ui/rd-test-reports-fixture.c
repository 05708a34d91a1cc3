/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <sqlite3.h>
#include <string.h>

#include "rd-test-reports-fixture.h"
#include "rd-test-ui.h"

#define HOUR_MS (G_GINT64_CONSTANT (3600000))
#define MIN_MS  (G_GINT64_CONSTANT (60000))
#define SEC_MS  (G_GINT64_CONSTANT (1000))

/* Olga's states yesterday from 08:00 (seconds): login 30, ready 600, on a call 300,
 * wrap-up 60, lunch 1800, ready 810, then logout: an hour. */
const RdReportsFixtureState olga_states[N_OLGA_STATES] = {
  { "login", NULL, 30 }, { "ready", NULL, 600 }, { "on_call", NULL, 300 },
  { "wrap_up", NULL, 60 }, { "paused", "lunch", 1800 }, { "ready", NULL, 810 },
};

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
  /* yesterday at 10:00 in the queue "Support" (threshold 20 s): answered after 5 s and 15 s,
   * answered after 40 s, abandoned after 30 s, a voicemail: offered 5, service level 2/5 */
  {
    g_autofree char *sql = g_strdup_printf (
      "INSERT INTO calls (id, direction, queue_id, number, created_at, answered_at, bridged_at, ended_at, result, disposition)"
      " VALUES ('05000000-0000-7000-8000-000000000001', 'inbound', '%1$s', '+15551000001', %2$" G_GINT64_FORMAT ","
      "   %2$" G_GINT64_FORMAT ", %2$" G_GINT64_FORMAT " + 5000, %2$" G_GINT64_FORMAT " + 65000, 'human', NULL),"
      " ('05000000-0000-7000-8000-000000000002', 'inbound', '%1$s', '+15551000002', %2$" G_GINT64_FORMAT " + 60000,"
      "   %2$" G_GINT64_FORMAT " + 60000, %2$" G_GINT64_FORMAT " + 75000, %2$" G_GINT64_FORMAT " + 95000, 'human', NULL),"
      " ('05000000-0000-7000-8000-000000000003', 'inbound', '%1$s', '+15551000003', %2$" G_GINT64_FORMAT " + 120000,"
      "   %2$" G_GINT64_FORMAT " + 120000, %2$" G_GINT64_FORMAT " + 160000, %2$" G_GINT64_FORMAT " + 200000, 'human', NULL),"
      " ('05000000-0000-7000-8000-000000000004', 'inbound', '%1$s', '+15551000004', %2$" G_GINT64_FORMAT " + 180000,"
      "   %2$" G_GINT64_FORMAT " + 180000, NULL, %2$" G_GINT64_FORMAT " + 210000, 'human', NULL),"
      " ('05000000-0000-7000-8000-000000000005', 'inbound', '%1$s', '+15551000005', %2$" G_GINT64_FORMAT " + 240000,"
      "   %2$" G_GINT64_FORMAT " + 240000, NULL, %2$" G_GINT64_FORMAT " + 300000, 'human', 'voicemail')",
      f->queue_id, f->day_ms + 10 * HOUR_MS);

    exec_sql (db, sql);
  }
  exec_sql (db, "COMMIT");
  sqlite3_close (db);
  /* the CRM yesterday, in the merged store: leads new, converted twice, lost; tickets one
   * closed an hour after it came (its SLA two hours), one open past its SLA */
  {
    g_autofree char *merged = g_build_filename (f->server->data_dir, "merged.db", NULL);
    g_autofree char *sql = g_strdup_printf (
      "INSERT INTO leads (id, owner, hlc, fv, name, status, source, created_at) VALUES"
      " ('06000000-0000-7000-8000-000000000001', 'shared', 1, '{}', 'Lead One', 'new', 'web', %1$" G_GINT64_FORMAT "),"
      " ('06000000-0000-7000-8000-000000000002', 'shared', 1, '{}', 'Lead Two', 'converted', 'web', %1$" G_GINT64_FORMAT "),"
      " ('06000000-0000-7000-8000-000000000003', 'shared', 1, '{}', 'Lead Three', 'converted', 'referral', %1$" G_GINT64_FORMAT "),"
      " ('06000000-0000-7000-8000-000000000004', 'shared', 1, '{}', 'Lead Four', 'lost', 'web', %1$" G_GINT64_FORMAT ");"
      "INSERT INTO tickets (id, owner, hlc, fv, subject, status, priority, sla_due, created_at) VALUES"
      " ('07000000-0000-7000-8000-000000000001', 'shared', 1, '{\"status\":[%2$" G_GINT64_FORMAT ",0]}', 'Printer',"
      "   'closed', 'high', %1$" G_GINT64_FORMAT " + 7200000, %1$" G_GINT64_FORMAT "),"
      " ('07000000-0000-7000-8000-000000000002', 'shared', 1, '{}', 'Router', 'open', 'high',"
      "   %1$" G_GINT64_FORMAT " + 7200000, %1$" G_GINT64_FORMAT ");",
      f->day_ms + 11 * HOUR_MS, (f->day_ms + 12 * HOUR_MS) << 16);

    g_assert_cmpint (sqlite3_open (merged, &db), ==, SQLITE_OK);
    exec_sql (db, sql);
    sqlite3_close (db);
  }
  g_assert_cmpint (g_mkdir_with_parents (rec_dir, 0700), ==, 0);
  write_recording (rec_path);
}

void
rd_reports_fixture_setup (ReportsFixture *f,
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
  {
    g_autoptr(RdTestResponse) queue = rd_test_request_json (f->server, "POST", "/api/v1/queues", mira,
                                                            "{\"name\": \"Support\", \"numbers\": [\"+15550100\"]}");

    g_assert_cmpuint (queue->status, ==, 201);
    f->queue_id = g_strdup (rd_test_response_string (queue, "id"));
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

void
rd_reports_fixture_teardown (ReportsFixture *f,
                  gconstpointer   data)
{
  g_clear_pointer (&f->server, rd_test_server_free);
  rd_test_ui_remove_tree (f->tmp);
  g_free (f->replica_dir);
  g_free (f->tmp);
  g_free (f->campaign_id);
  g_free (f->queue_id);
  g_free (f->yesterday);
}

static gboolean
signed_in (gpointer data)
{
  return !rd_window_get_signing_in (data);
}

gboolean
rd_reports_fixture_workspace_shown (gpointer data)
{
  GtkStack *main_stack = GTK_STACK (gtk_widget_get_template_child (data, RD_TYPE_WINDOW, "main_stack"));
  GtkStack *pages = GTK_STACK (gtk_widget_get_template_child (data, RD_TYPE_WINDOW, "stack"));

  return !gtk_stack_get_transition_running (main_stack) && !gtk_stack_get_transition_running (pages);
}

void
rd_reports_fixture_api_ok (ReportsFixture *f,
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

void
rd_reports_fixture_settle (ReportsFixture *f)
{
  rd_test_ui_settle (GTK_WIDGET (f->window), 4);
}

void
rd_reports_fixture_sign_in (ReportsFixture *f)
{
  GtkWidget *page = GTK_WIDGET (rd_window_get_sign_in_page (f->window));

  gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_template_child (page, RD_TYPE_SIGN_IN_PAGE, "username_row")), f->user);
  gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_template_child (page, RD_TYPE_SIGN_IN_PAGE, "password_row")), f->password);
  g_signal_emit_by_name (gtk_widget_get_template_child (page, RD_TYPE_SIGN_IN_PAGE, "sign_in_button"), "clicked");
  g_assert_true (rd_test_ui_wait (signed_in, f->window, 10000));
  g_assert_true (rd_test_ui_wait (rd_reports_fixture_workspace_shown, f->window, 5000));
}

GtkWidget *
rd_reports_fixture_window_child (ReportsFixture *f,
              const char     *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (f->window), RD_TYPE_WINDOW, name));
}

void
rd_reports_fixture_screenshot (ReportsFixture *f,
            const char     *name)
{
  g_autofree char *full = g_strconcat (name, f->suffix, NULL);

  rd_reports_fixture_settle (f);
  g_assert_cmpuint (rd_test_ui_save_screenshot (GTK_WIDGET (f->window), full), >, 10);
}

/* The test's scenario on the app's window. */
static void
scenario_cb (RdWindow *window,
             gpointer  data)
{
  ReportsFixture *f = data;

  f->window = window;
  f->scenario (f);
}

void
rd_reports_fixture_run_app (ReportsFixture *f,
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

void
rd_reports_fixture_in_russian (ReportsFixture *f,
            void          (*scenario) (gpointer fixture))
{
  g_assert_nonnull (setlocale (LC_ALL, "C.UTF-8"));
  g_setenv ("LANGUAGE", "ru", TRUE);
  bindtextdomain (GETTEXT_PACKAGE, RD_TEST_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);   /* forget the catalogues looked up so far */
  g_assert_cmpstr (_("Agent Performance"), ==, "Эффективность агентов");
  f->suffix = "-russian";
  rd_reports_fixture_run_app (f, "mira", MIRA_PASSWORD, scenario);
  g_unsetenv ("LANGUAGE");
  textdomain (GETTEXT_PACKAGE);
}
