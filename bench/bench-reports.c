/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>

#include "rd-center-db.h"
#include "rd-reports.h"

/* The reports on a big callcenter.db (docs/reports.md), one figure per line:
 *   bench-reports [--calls N] [--states N] [--days D] [--agents A] [--runs R] [--dir DIR]
 * defaults 10,000,000 calls, 1,000,000 agent states, 90 days, 200 agents, 7 runs.
 * Generates the file straight into DIR/callcenter.db (one transaction, prepared
 * statements; kept for the next run with the same --dir and sizes), starts ringdesk-server
 * on it and times over HTTP the agent performance report for the last 30 days and every
 * agent, and CDR pages of 100 rows for several filters; beside each, the same report run
 * in this process (no HTTP, no JSON) and its bare-SQLite floor: the module's SQL alone,
 * every row stepped, nothing made of them. Medians of R runs after one warm-up. */

#define DAY_MS (24 * 3600 * G_GINT64_CONSTANT (1000))

typedef struct {
  guint64  calls, states;
  guint    days, agents, runs;
  char    *dir;
} Options;

static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static void
exec (sqlite3    *db,
      const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

static sqlite3_stmt *
prepare (sqlite3    *db,
         const char *sql)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  return stmt;
}

static void
step_reset (sqlite3_stmt *stmt)
{
  if (sqlite3_step (stmt) != SQLITE_DONE)
    g_error ("insert: %s", sqlite3_errmsg (sqlite3_db_handle (stmt)));
  sqlite3_reset (stmt);
}

/* Day 0 of the generated data: 90 days before 2026-12-01. */
static gint64
day0 (const Options *o)
{
  return G_GINT64_CONSTANT (1796083200000) - (gint64) o->days * DAY_MS;
}

/* A time-ordered id, as UUIDv7 is: the index on id grows at its end. */
static void
call_id (char   *buffer,
         gint64  ms,
         guint64 n)
{
  snprintf (buffer, 40, "%012" G_GINT64_MODIFIER "x-7000-8000-%012" G_GINT64_MODIFIER "x", ms, n);
}

/* Per agent and day one session of states back to back; an on_call state is a call bridged
 * to the agent; the other calls (the dialer's attempts nobody answered) are spread over
 * the day. Everything inserted in time order, day by day. */
static void
generate (const Options *o,
          const char    *path,
          char         **campaigns)
{
  static const char *const misses[] = { "no-answer", "no-answer", "no-answer", "busy", "failed", "machine", "abandoned", "cancelled" };
  static const char *const codes[] = { "break", "lunch", "training" };
  static const char *const dispositions[] = { "sale", "not-interested", "callback", "no-answer" };
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  guint64 states_per_day = o->states / (o->days * o->agents), n_calls = 0, n_states = 0;
  sqlite3 *db = NULL;
  sqlite3_stmt *state, *call;
  gint64 start = g_get_monotonic_time ();
  char id[40];

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  exec (db, "PRAGMA cache_size = -1048576; PRAGMA synchronous = OFF; BEGIN");
  state = prepare (db, "INSERT INTO agent_states (agent, campaign_id, state, reason, started_at, ended_at)"
                       " VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  call = prepare (db, "INSERT INTO calls (id, direction, campaign_id, lead_id, number, agent, created_at,"
                      " ringing_at, answered_at, bridged_at, ended_at, result, disposition)"
                      " VALUES (?1, 'outbound', ?2, ?3, ?4, ?5, ?6, ?6 + 300, ?7, ?8, ?9, ?10, ?11)");
  for (guint d = 0; d < o->days; d++)
    {
      gint64 day = day0 (o) + d * DAY_MS;
      guint64 agent_calls = 0, others;

      for (guint a = 0; a < o->agents; a++)
        {
          g_autofree char *agent = g_strdup_printf ("agent-%03u", a);
          const char *campaign = campaigns[a % 4];
          gint64 t = day + 8 * 3600000 + g_rand_int_range (rand, 0, 1800000);

          for (guint64 s = 0; s < states_per_day; s++)
            {
              int pick = g_rand_int_range (rand, 0, 100);
              const char *name = s == 0 ? "login" : s + 1 == states_per_day ? "logout"
                : pick < 40 ? "ready" : pick < 70 ? "on_call" : pick < 85 ? "wrap_up"
                : pick < 95 ? "paused" : "previewing";
              gint64 len = g_str_equal (name, "logout") ? 0 : g_rand_int_range (rand, 5000, 600000);

              sqlite3_bind_text (state, 1, agent, -1, SQLITE_STATIC);
              sqlite3_bind_text (state, 2, campaign, -1, SQLITE_STATIC);
              sqlite3_bind_text (state, 3, name, -1, SQLITE_STATIC);
              if (g_str_equal (name, "paused"))
                sqlite3_bind_text (state, 4, codes[pick % 3], -1, SQLITE_STATIC);
              else
                sqlite3_bind_null (state, 4);
              sqlite3_bind_int64 (state, 5, t);
              sqlite3_bind_int64 (state, 6, t + len);
              step_reset (state);
              n_states++;
              if (g_str_equal (name, "on_call"))
                {
                  g_autofree char *number = g_strdup_printf ("+4930%07d", g_rand_int_range (rand, 2000000, 9999999));
                  g_autofree char *lead = g_strdup_printf ("lead-%08d", g_rand_int_range (rand, 0, 2000000));

                  call_id (id, t - 8000, n_calls++);
                  sqlite3_bind_text (call, 1, id, -1, SQLITE_STATIC);
                  sqlite3_bind_text (call, 2, campaign, -1, SQLITE_STATIC);
                  sqlite3_bind_text (call, 3, lead, -1, SQLITE_STATIC);
                  sqlite3_bind_text (call, 4, number, -1, SQLITE_STATIC);
                  sqlite3_bind_text (call, 5, agent, -1, SQLITE_STATIC);
                  sqlite3_bind_int64 (call, 6, t - 8000);
                  sqlite3_bind_int64 (call, 7, t - 500);
                  sqlite3_bind_int64 (call, 8, t);
                  sqlite3_bind_int64 (call, 9, t + len);
                  sqlite3_bind_text (call, 10, "human", -1, SQLITE_STATIC);
                  sqlite3_bind_text (call, 11, dispositions[pick % 4], -1, SQLITE_STATIC);
                  step_reset (call);
                  agent_calls++;
                }
              t += len;
            }
        }
      /* The day's unanswered attempts, in time order over 08:00-21:00. */
      others = (o->calls / o->days > agent_calls) ? o->calls / o->days - agent_calls : 0;
      for (guint64 i = 0; i < others; i++)
        {
          gint64 at = day + 8 * 3600000 + (gint64) (i * (13 * 3600000.0 / others));
          const char *result = misses[g_rand_int_range (rand, 0, G_N_ELEMENTS (misses))];
          g_autofree char *number = g_strdup_printf ("+4930%07d", g_rand_int_range (rand, 2000000, 9999999));
          g_autofree char *lead = g_strdup_printf ("lead-%08d", g_rand_int_range (rand, 0, 2000000));
          gboolean answered = g_str_equal (result, "machine") || g_str_equal (result, "abandoned");

          call_id (id, at, n_calls++);
          sqlite3_bind_text (call, 1, id, -1, SQLITE_STATIC);
          sqlite3_bind_text (call, 2, campaigns[i % 4], -1, SQLITE_STATIC);
          sqlite3_bind_text (call, 3, lead, -1, SQLITE_STATIC);
          sqlite3_bind_text (call, 4, number, -1, SQLITE_STATIC);
          sqlite3_bind_null (call, 5);
          sqlite3_bind_int64 (call, 6, at);
          if (answered)
            sqlite3_bind_int64 (call, 7, at + 6000);
          else
            sqlite3_bind_null (call, 7);
          sqlite3_bind_null (call, 8);
          sqlite3_bind_int64 (call, 9, at + g_rand_int_range (rand, 2000, 30000));
          sqlite3_bind_text (call, 10, result, -1, SQLITE_STATIC);
          sqlite3_bind_null (call, 11);
          step_reset (call);
        }
    }
  sqlite3_finalize (state);
  sqlite3_finalize (call);
  exec (db, "COMMIT");
  sqlite3_close (db);
  printf ("reports_generated_calls %" G_GUINT64_FORMAT "\n", n_calls);
  printf ("reports_generated_states %" G_GUINT64_FORMAT "\n", n_states);
  printf ("reports_generate_s %.1f\n", (g_get_monotonic_time () - start) / 1e6);
  fflush (stdout);
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof (double), compare_doubles);
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

typedef struct {
  SoupSession *session;
  char        *url;
  char        *token;
  RdReports   *reports;
} Bench;

static double
time_http (Bench      *b,
           const char *path,
           gsize      *bytes)
{
  g_autofree char *uri = g_strconcat (b->url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);
  g_autofree char *auth = g_strdup_printf ("Bearer %s", b->token);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  gint64 t0;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  t0 = g_get_monotonic_time ();
  body = soup_session_send_and_read (b->session, msg, NULL, &error);
  g_assert_no_error (error);
  if (soup_message_get_status (msg) != 200)
    g_error ("%s: %u %s", path, soup_message_get_status (msg), (const char *) g_bytes_get_data (body, NULL));
  *bytes = g_bytes_get_size (body);
  return (g_get_monotonic_time () - t0) / 1000.0;
}

/* One figure: the report over HTTP, in this process, and its floor; medians in ms. */
static void
figure (Bench         *b,
        const Options *o,
        const char    *label,
        const char    *name,
        const char    *params)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/reports/%s?%s", name, params);
  g_autoptr(GHashTable) query_params = soup_form_decode (params);
  g_autofree double *http = g_new0 (double, o->runs);
  g_autofree double *module = g_new0 (double, o->runs);
  g_autofree double *floor = g_new0 (double, o->runs);
  g_autoptr(GError) error = NULL;
  RdReportQuery query;
  guint64 floor_rows = 0;
  guint rows = 0;
  gsize bytes = 0;

  g_assert_true (rd_report_query_parse (&query, query_params, g_get_real_time () / 1000, &error));
  for (guint r = 0; r <= o->runs; r++)
    {
      g_autoptr(RdReportTable) table = NULL;
      gint64 t0;
      double h = time_http (b, path, &bytes);

      t0 = g_get_monotonic_time ();
      table = rd_reports_run (b->reports, name, &query, &error);
      g_assert_no_error (error);
      rows = rd_report_table_n_rows (table);
      if (r > 0)
        module[r - 1] = (g_get_monotonic_time () - t0) / 1000.0;
      t0 = g_get_monotonic_time ();
      g_assert_true (rd_reports_run_floor (b->reports, name, &query, &floor_rows, &error));
      if (r > 0)
        {
          floor[r - 1] = (g_get_monotonic_time () - t0) / 1000.0;
          http[r - 1] = h;
        }
    }
  printf ("reports_%s_http_ms %.1f\n", label, median (http, o->runs));
  printf ("reports_%s_module_ms %.1f\n", label, median (module, o->runs));
  printf ("reports_%s_sqlite_floor_ms %.1f\n", label, median (floor, o->runs));
  printf ("reports_%s_rows %u\n", label, rows);
  printf ("reports_%s_floor_rows %" G_GUINT64_FORMAT "\n", label, floor_rows);
  printf ("reports_%s_bytes %" G_GSIZE_FORMAT "\n", label, bytes);
  fflush (stdout);
  rd_report_query_clear (&query);
}

static GSubprocess *
server_start (const char  *dir,
              char       **url)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  GSubprocess *process;

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  process = g_subprocess_launcher_spawn (launcher, &error, RD_BENCH_SERVER_BIN, "--data-dir", dir,
                                         "--listen", "127.0.0.1:0", "--pwhash-ops", "1",
                                         "--pwhash-mem", "8", NULL);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (line != NULL && g_str_has_prefix (line, "listening on "));
  *url = g_strdup (line + strlen ("listening on "));
  return process;
}

static char *
login (Bench *b)
{
  g_autofree char *uri = g_strconcat (b->url, "/api/v1/session", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", uri);
  const char *json = "{\"username\": \"boss\", \"password\": \"bench-password\"}";
  g_autoptr(GBytes) request = g_bytes_new_static (json, strlen (json));
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  soup_message_set_request_body_from_bytes (msg, "application/json", request);
  reply = soup_session_send_and_read (b->session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (reply, NULL), g_bytes_get_size (reply), NULL));
  return g_strdup (json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)), "token"));
}

int
main (int    argc,
      char **argv)
{
  Options o = { 10000000, 1000000, 90, 200, 7, NULL };
  g_autofree char *marker = NULL, *path = NULL, *expected = NULL, *have = NULL;
  g_autofree char *number = NULL, *last30 = NULL, *params = NULL;
  char *campaigns[4];
  g_autoptr(GSubprocess) server = NULL;
  Bench b = { 0, };
  gint64 to;

  for (int i = 1; i + 1 < argc; i += 2)
    {
      if (g_str_equal (argv[i], "--calls"))
        o.calls = g_ascii_strtoull (argv[i + 1], NULL, 10);
      else if (g_str_equal (argv[i], "--states"))
        o.states = g_ascii_strtoull (argv[i + 1], NULL, 10);
      else if (g_str_equal (argv[i], "--days"))
        o.days = (guint) g_ascii_strtoull (argv[i + 1], NULL, 10);
      else if (g_str_equal (argv[i], "--agents"))
        o.agents = (guint) g_ascii_strtoull (argv[i + 1], NULL, 10);
      else if (g_str_equal (argv[i], "--runs"))
        o.runs = (guint) g_ascii_strtoull (argv[i + 1], NULL, 10);
      else if (g_str_equal (argv[i], "--dir"))
        o.dir = g_strdup (argv[i + 1]);
      else
        g_error ("unknown option %s (see the comment at the top of bench-reports.c)", argv[i]);
    }
  g_assert_true (o.days >= 31 && o.agents > 0 && o.runs > 0);
  if (o.dir == NULL)
    o.dir = g_dir_make_tmp ("bench-reports-XXXXXX", NULL);
  g_mkdir_with_parents (o.dir, 0700);
  path = g_build_filename (o.dir, "callcenter.db", NULL);
  marker = g_build_filename (o.dir, "bench-sizes", NULL);
  expected = g_strdup_printf ("%" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT " %u %u\n", o.calls, o.states, o.days, o.agents);

  printf ("reports_calls %" G_GUINT64_FORMAT "\nreports_states %" G_GUINT64_FORMAT "\n", o.calls, o.states);
  printf ("reports_days %u\nreports_agents %u\n", o.days, o.agents);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(RdCenterDb) center = NULL;
    g_autoptr(JsonNode) list = NULL;

    if (!g_file_get_contents (marker, &have, NULL, NULL) || !g_str_equal (have, expected))
      {
        g_remove (path);
        center = rd_center_db_open (path, &error);   /* the schema, with its migrations */
        g_assert_no_error (error);
        for (int c = 0; c < 4; c++)
          {
            g_autoptr(JsonObject) fields = json_object_new ();
            g_autofree char *name = g_strdup_printf ("Campaign %d", c);
            g_autoptr(JsonNode) made = NULL;

            json_object_set_string_member (fields, "name", name);
            made = rd_center_campaign_create (center, fields, &error);
            g_assert_no_error (error);
          }
        g_clear_object (&center);
      }
    center = rd_center_db_open (path, &error);
    g_assert_no_error (error);
    list = rd_center_campaign_list (center, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
    for (int c = 0; c < 4; c++)
      campaigns[c] = g_strdup (json_object_get_string_member (json_array_get_object_element (json_node_get_array (list), c), "id"));
  }
  if (have == NULL || !g_str_equal (have, expected))
    {
      generate (&o, path, campaigns);
      g_file_set_contents (marker, expected, -1, NULL);
    }

  {
    const char *argv_add[] = { RD_BENCH_SERVER_BIN, "--data-dir", o.dir, "--pwhash-ops", "1", "--pwhash-mem", "8",
                               "user", "add", "boss", "--role", "admin", NULL };
    g_autoptr(GSubprocess) add = g_subprocess_newv (argv_add, G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                                    G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                                    G_SUBPROCESS_FLAGS_STDERR_SILENCE, NULL);

    g_subprocess_communicate_utf8 (add, "bench-password\n", NULL, NULL, NULL, NULL);
  }
  server = server_start (o.dir, &b.url);
  b.session = soup_session_new ();
  b.token = login (&b);
  b.reports = rd_reports_new (path);

  to = day0 (&o) + (gint64) o.days * DAY_MS;
  last30 = g_strdup_printf ("from=%" G_GINT64_FORMAT "&to=%" G_GINT64_FORMAT, to - 30 * DAY_MS, to);
  figure (&b, &o, "agents_30d_by_day", "agents", last30);
  params = g_strdup_printf ("%s&by=total", last30);
  figure (&b, &o, "agents_30d_total", "agents", params);
  g_free (params);
  params = g_strdup_printf ("%s&agent=agent-017", last30);
  figure (&b, &o, "agents_30d_one_agent", "agents", params);
  g_free (params);
  params = g_strdup_printf ("%s&limit=100", last30);
  figure (&b, &o, "cdr_30d", "cdr", params);
  g_free (params);
  params = g_strdup_printf ("%s&limit=100&agent=agent-017", last30);
  figure (&b, &o, "cdr_30d_agent", "cdr", params);
  g_free (params);
  params = g_strdup_printf ("%s&limit=100&campaign=%s&result=busy", last30, campaigns[1]);
  figure (&b, &o, "cdr_30d_campaign_busy", "cdr", params);
  g_free (params);
  {
    /* a number that was called: its calls are a handful among millions */
    sqlite3 *db = NULL;
    sqlite3_stmt *pick;

    g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
    pick = prepare (db, "SELECT substr(number, 2) FROM calls WHERE created_at >= ?1 LIMIT 1");
    sqlite3_bind_int64 (pick, 1, to - 10 * DAY_MS);
    g_assert_cmpint (sqlite3_step (pick), ==, SQLITE_ROW);
    number = g_strdup ((const char *) sqlite3_column_text (pick, 0));
    sqlite3_finalize (pick);
    sqlite3_close (db);
  }
  params = g_strdup_printf ("%s&limit=100&number=%%2B%s", last30, number);
  figure (&b, &o, "cdr_30d_number", "cdr", params);
  g_free (params);
  /* A page deep in the range: the keyset cursor of a row 20 days back. */
  params = g_strdup_printf ("%s&limit=100&cursor=%" G_GINT64_FORMAT ".z", last30, to - 20 * DAY_MS);
  figure (&b, &o, "cdr_30d_deep_page", "cdr", params);
  g_free (params);
  params = g_strdup_printf ("%s&limit=100&number=%s", last30, number + strlen (number) - 6);
  figure (&b, &o, "cdr_30d_partial_number", "cdr", params);

  g_subprocess_send_signal (server, SIGTERM);
  g_subprocess_wait (server, NULL, NULL);
  g_object_unref (b.reports);
  g_object_unref (b.session);
  g_free (b.url);
  g_free (b.token);
  for (int c = 0; c < 4; c++)
    g_free (campaigns[c]);
  g_free (o.dir);
  return 0;
}
