/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Load held (docs/reliability.md): AGENTS agents, each with their own account, replica and
 * event stream (WebSocket /api/v1/events), edit and sync against one ringdesk-server on
 * loopback for MINUTES minutes, while a probe measures edit A -> B: an edit pushed by one
 * agent, announced on a teammate's event stream and found by the teammate's pull.
 *
 *   bench-load [--agents N] [--minutes M] [--rate EDITS_PER_S] [--team-size K]
 *              defaults 1000 2 20 10 (the full run: --minutes 10)
 *
 * Prints one figure a line: setup times, streams open, edits, p50/p99/max of A -> B,
 * errors (every failed request, stream lost or probe not seen in 10 s), server RSS. */
#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include "rd-http-client.h"
#include "rd-store.h"
#include "rd-sync-client.h"

#define PASSWORD "bench-password"

typedef struct {
  guint                    index;
  char                    *name;
  char                    *dir;
  RdStore                 *store;
  RdSyncClient            *client;
  char                    *token;
  char                    *record;      /* the team's contact this agent edits */
  SoupWebsocketConnection *ws;
  gint                     seen_seq;    /* the last sequence its stream announced (atomic) */
  GMutex                   lock;        /* one thread at a time on store and client */
} Agent;

typedef struct {
  Agent     *agents;
  guint      n_agents;
  guint      team_size;
  double     rate;
  gint64     end_us;
  gint       errors;
  gint       edits;
  gint       streams_lost;
  gint       watched;                   /* the agent the probe waits on, or -1 */
  GMutex     watch_lock;
  GCond      watch_cond;
  GArray    *latencies;                 /* ms, the probe's */
  GSubprocess *server;
  char      *url;
  char      *base_dir;
  gint       next_agent;
} Bench;

static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static double
since_s (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1e6;
}

static gint64
rss_kb (GSubprocess *process)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/status", g_subprocess_get_identifier (process));
  g_autofree char *text = NULL;
  const char *line;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return -1;
  line = strstr (text, "VmRSS:");
  return line ? g_ascii_strtoll (line + 6, NULL, 10) : -1;
}

/* CPU seconds (user + system) the process has used, from /proc/PID/stat. */
static double
cpu_s (const char *pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/stat", pid);
  g_autofree char *text = NULL;
  g_auto(GStrv) fields = NULL;
  const char *after;

  if (!g_file_get_contents (path, &text, NULL, NULL) || (after = strrchr (text, ')')) == NULL)
    return -1;
  fields = g_strsplit (after + 2, " ", 0);
  if (g_strv_length (fields) < 13)
    return -1;
  return (g_ascii_strtod (fields[11], NULL) + g_ascii_strtod (fields[12], NULL)) /
         sysconf (_SC_CLK_TCK);
}

static void
error_at (Bench      *bench,
          const char *what,
          GError     *error)
{
  if (g_atomic_int_add (&bench->errors, 1) < 20)
    g_printerr ("error: %s: %s\n", what, error ? error->message : "?");
}

/* ---- the server and the accounts --------------------------------------------------- */

static void
start_server (Bench *bench)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  g_autofree char *data_dir = g_build_filename (bench->base_dir, "server", NULL);
  g_autoptr(GSubprocess) admin = NULL;

  admin = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error,
                            RD_BENCH_SERVER_BIN, "--data-dir", data_dir, "--pwhash-ops", "1",
                            "--pwhash-mem", "8", "user", "add", "boss", "--role", "admin", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (admin, PASSWORD "\n", NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  /* One address logs in a thousand agents: its login limit must not refuse them. */
  bench->server = g_subprocess_launcher_spawn (launcher, &error, RD_BENCH_SERVER_BIN,
                                               "--data-dir", data_dir, "--listen", "127.0.0.1:0",
                                               "--pwhash-ops", "1", "--pwhash-mem", "8",
                                               "--login-limit-address", "1000000", NULL);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (bench->server));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  bench->url = g_strdup_printf ("http://127.0.0.1:%d", atoi (strrchr (line, ':') + 1));
}

static JsonObject *
request (RdHttpClient *http,
         const char   *method,
         const char   *path,
         const char   *body,
         guint         want,
         GError      **error)
{
  g_autoptr(GBytes) request_body = body ? g_bytes_new (body, strlen (body)) : NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(JsonNode) node = NULL;
  guint status;

  status = rd_http_client_request (http, method, path, body ? "application/json" : NULL,
                                   request_body, &answer, NULL, error);
  if (status == 0)
    return NULL;
  if (answer != NULL)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      gsize length = 0;
      const char *text = g_bytes_get_data (answer, &length);

      if (json_parser_load_from_data (parser, text, length, NULL))
        node = json_node_ref (json_parser_get_root (parser));
    }
  if (status != want || node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s %s: answered %u", method, path,
                   status);
      return NULL;
    }
  return json_object_ref (json_node_get_object (node));
}

/* The agents' accounts, through the admin API (POST /users), teams of team_size. */
static void
create_accounts (Bench *bench)
{
  g_autoptr(RdHttpClient) http = rd_http_client_new (bench->url, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) session = request (http, "POST", "/api/v1/session",
                                           "{\"username\": \"boss\", \"password\": \"" PASSWORD "\"}",
                                           200, &error);

  g_assert_no_error (error);
  rd_http_client_set_token (http, json_object_get_string_member (session, "token"));
  for (guint i = 0; i < bench->n_agents; i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"username\": \"%s\", \"password\": \"" PASSWORD "\","
                                               " \"role\": \"agent\", \"team\": \"t%03u\"}",
                                               bench->agents[i].name, i / bench->team_size);
      g_autoptr(JsonObject) user = request (http, "POST", "/api/v1/users", body, 201, &error);

      if (user == NULL)
        {
          error_at (bench, "create an account", error);
          g_clear_error (&error);
        }
    }
}

/* Each agent's replica and login, in a pool of threads. */
static void
open_agent_cb (gpointer data,
               gpointer user_data)
{
  Agent *agent = data;
  Bench *bench = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *db = g_build_filename (agent->dir, "replica.db", NULL);

  g_mkdir_with_parents (agent->dir, 0700);
  agent->store = rd_store_open (db, &error);
  if (agent->store != NULL)
    agent->client = rd_sync_client_new (agent->store, bench->url, &error);
  if (agent->client == NULL ||
      !rd_sync_client_login (agent->client, agent->name, PASSWORD, NULL, &error))
    {
      error_at (bench, "open and log in an agent", error);
      return;
    }
  agent->token = rd_store_get_meta (agent->store, "sync.token");
}

/* The first agent of each team makes the team's contact; every agent then syncs it in. */
static void
team_record_cb (gpointer data,
                gpointer user_data)
{
  Agent *agent = data;
  Bench *bench = user_data;
  g_autoptr(GError) error = NULL;

  if (agent->client == NULL)
    return;
  if (agent->index % bench->team_size == 0)
    {
      g_autoptr(RdRecord) record = rd_record_new ("contacts");
      g_autofree char *owner = g_strdup_printf ("team:t%03u", agent->index / bench->team_size);

      rd_record_set_string (record, "name", agent->name);
      rd_record_set_string (record, "owner", owner);
      if (!rd_store_insert (agent->store, record, &error))
        {
          error_at (bench, "the team's contact", error);
          return;
        }
      agent->record = g_strdup (rd_record_get_id (record));
    }
  if (!rd_sync_client_sync (agent->client, NULL, NULL, &error))
    error_at (bench, "first sync", error);
}

static void
share_records (Bench *bench)
{
  for (guint i = 0; i < bench->n_agents; i++)
    if (bench->agents[i].record == NULL)
      bench->agents[i].record = g_strdup (bench->agents[i - i % bench->team_size].record);
}

static void
run_pool (Bench   *bench,
          GFunc    func)
{
  GThreadPool *pool = g_thread_pool_new (func, bench, 4, TRUE, NULL);

  for (guint i = 0; i < bench->n_agents; i++)
    g_thread_pool_push (pool, &bench->agents[i], NULL);
  g_thread_pool_free (pool, FALSE, TRUE);
}

/* ---- event streams ----------------------------------------------------------------- */

static void
stream_message_cb (SoupWebsocketConnection *ws,
                   int                      type,
                   GBytes                  *message,
                   Agent                   *agent)
{
  Bench *bench = g_object_get_data (G_OBJECT (ws), "bench");
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize length = 0;
  const char *text = g_bytes_get_data (message, &length);
  JsonNode *node;
  gint64 seq;

  if (!json_parser_load_from_data (parser, text, length, NULL))
    return;
  node = json_parser_get_root (parser);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return;
  seq = json_object_get_int_member_with_default (json_node_get_object (node), "seq", 0);
  if (seq <= 0)
    return;
  g_atomic_int_set (&agent->seen_seq, (gint) seq);
  if (g_atomic_int_get (&bench->watched) == (gint) agent->index)
    {
      g_mutex_lock (&bench->watch_lock);
      g_cond_broadcast (&bench->watch_cond);
      g_mutex_unlock (&bench->watch_lock);
    }
}

static void
stream_closed_cb (SoupWebsocketConnection *ws,
                  Bench                   *bench)
{
  if (g_get_monotonic_time () < bench->end_us)
    g_atomic_int_inc (&bench->streams_lost);
}

typedef struct {
  Bench *bench;
  Agent *agent;
  gint  *pending;
} Connecting;

static void
stream_connected_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      data)
{
  Connecting *c = data;
  g_autoptr(GError) error = NULL;

  c->agent->ws = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &error);
  if (c->agent->ws == NULL)
    error_at (c->bench, "event stream", error);
  else
    {
      g_object_set_data (G_OBJECT (c->agent->ws), "bench", c->bench);
      g_signal_connect (c->agent->ws, "message", G_CALLBACK (stream_message_cb), c->agent);
      g_signal_connect (c->agent->ws, "closed", G_CALLBACK (stream_closed_cb), c->bench);
    }
  (*c->pending)--;
  g_free (c);
}

static guint
open_streams (Bench       *bench,
              SoupSession *session)
{
  gint pending = 0;
  guint open = 0;
  gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;

  for (guint i = 0; i < bench->n_agents; i++)
    {
      Agent *agent = &bench->agents[i];
      g_autofree char *url = NULL;
      g_autoptr(SoupMessage) msg = NULL;
      Connecting *c;

      if (agent->token == NULL)
        continue;
      url = g_strdup_printf ("ws%s/api/v1/events?token=%s", bench->url + 4, agent->token);
      msg = soup_message_new ("GET", url);
      c = g_new0 (Connecting, 1);
      *c = (Connecting) { bench, agent, &pending };
      pending++;
      soup_session_websocket_connect_async (session, msg, NULL, NULL, G_PRIORITY_DEFAULT, NULL,
                                            stream_connected_cb, c);
      /* A few handshakes in flight at most. */
      while (pending > 32 && g_get_monotonic_time () < deadline)
        g_main_context_iteration (NULL, TRUE);
    }
  while (pending > 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  for (guint i = 0; i < bench->n_agents; i++)
    open += bench->agents[i].ws != NULL &&
            soup_websocket_connection_get_state (bench->agents[i].ws) == SOUP_WEBSOCKET_STATE_OPEN;
  return open;
}

/* ---- the load: edits and syncs at a steady rate -------------------------------------- */

/* Load edits write the title; the probe writes the name, so that no load edit of a teammate
 * wins the merge over the probe's value. */
static gboolean
edit_and_sync (Bench      *bench,
               Agent      *agent,
               const char *field,
               const char *value)
{
  g_autoptr(RdRecord) change = rd_record_new ("contacts");
  g_autoptr(GError) error = NULL;
  gboolean ok;

  g_mutex_lock (&agent->lock);
  rd_record_set_id (change, agent->record);
  rd_record_set_string (change, field, value);
  ok = rd_store_update (agent->store, change, &error) &&
       rd_sync_client_sync (agent->client, NULL, NULL, &error);
  g_mutex_unlock (&agent->lock);
  if (!ok)
    error_at (bench, "edit and sync", error);
  else
    g_atomic_int_inc (&bench->edits);
  return ok;
}

static gpointer
load_thread (gpointer data)
{
  Bench *bench = data;
  /* Two threads share the rate. */
  gint64 interval = (gint64) (2e6 / bench->rate);
  gint64 next = g_get_monotonic_time ();

  while (g_get_monotonic_time () < bench->end_us)
    {
      guint i = (guint) g_atomic_int_add (&bench->next_agent, 1) % bench->n_agents;
      Agent *agent = &bench->agents[i];
      g_autofree char *value = g_strdup_printf ("load %u %" G_GINT64_FORMAT, i, next);

      if (agent->client != NULL)
        edit_and_sync (bench, agent, "title", value);
      next += interval;
      if (next > g_get_monotonic_time ())
        g_usleep (next - g_get_monotonic_time ());
    }
  return NULL;
}

/* A -> B: A edits the team's contact and pushes; B, a teammate, hears a new sequence on its
 * stream, pulls, and finds the value (pulling again on each later announcement). */
static gpointer
probe_thread (gpointer data)
{
  Bench *bench = data;
  guint k = 0;

  while (g_get_monotonic_time () < bench->end_us)
    {
      guint team = g_random_int_range (0, bench->n_agents / bench->team_size);
      Agent *a = &bench->agents[team * bench->team_size + g_random_int_range (0, bench->team_size)];
      Agent *b = &bench->agents[team * bench->team_size + g_random_int_range (0, bench->team_size)];
      g_autofree char *value = g_strdup_printf ("probe %u", k++);
      gint64 start, deadline;
      gint seen;
      gboolean found = FALSE;

      if (a == b || a->client == NULL || b->client == NULL || b->ws == NULL)
        continue;
      g_atomic_int_set (&bench->watched, (gint) b->index);
      seen = g_atomic_int_get (&b->seen_seq);
      start = g_get_monotonic_time ();
      deadline = start + 10 * G_USEC_PER_SEC;
      if (!edit_and_sync (bench, a, "name", value))
        continue;
      while (!found && g_get_monotonic_time () < deadline)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(RdRecord) got = NULL;

          g_mutex_lock (&bench->watch_lock);
          while (g_atomic_int_get (&b->seen_seq) == seen &&
                 g_get_monotonic_time () < deadline)
            g_cond_wait_until (&bench->watch_cond, &bench->watch_lock, deadline);
          g_mutex_unlock (&bench->watch_lock);
          seen = g_atomic_int_get (&b->seen_seq);

          g_mutex_lock (&b->lock);
          if (rd_sync_client_pull (b->client, NULL, NULL, &error))
            got = rd_store_get (b->store, "contacts", b->record, &error);
          g_mutex_unlock (&b->lock);
          if (got == NULL)
            {
              error_at (bench, "the probe's pull", error);
              break;
            }
          found = g_strcmp0 (rd_record_get_string (got, "name"), value) == 0;
        }
      g_atomic_int_set (&bench->watched, -1);
      if (!found)
        {
          error_at (bench, "the probe's edit not seen in 10 s", NULL);
          continue;
        }
      {
        double ms = (g_get_monotonic_time () - start) / 1000.0;

        g_mutex_lock (&bench->watch_lock);
        g_array_append_val (bench->latencies, ms);
        g_mutex_unlock (&bench->watch_lock);
      }
      g_usleep (200000);
    }
  return NULL;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* Wakes the main loop so that it looks at the clock. */
static gboolean
tick_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

int
main (int    argc,
      char **argv)
{
  int agents = 1000, team_size = 10;
  double minutes = 2, rate = 20;
  const GOptionEntry entries[] = {
    { "agents", 0, 0, G_OPTION_ARG_INT, &agents, "Agents, each with an account and a stream (1000)", "N" },
    { "minutes", 0, 0, G_OPTION_ARG_DOUBLE, &minutes, "Minutes the load is held (2; the full run 10)", "M" },
    { "rate", 0, 0, G_OPTION_ARG_DOUBLE, &rate, "Edits and syncs per second over all agents (20)", "R" },
    { "team-size", 0, 0, G_OPTION_ARG_INT, &team_size, "Agents per team, who see each other's edits (10)", "K" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— agents holding streams and syncing edits");
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupSession) session = NULL;
  Bench bench = { 0 };
  struct rlimit fds;
  gint64 start, rss_start, rss_peak = 0, next_report;
  guint open, tick;
  double server_cpu, bench_cpu;
  GThread *threads[3];
  int status;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || agents < 2 || team_size < 2 ||
      rate <= 0 || minutes <= 0)
    {
      g_printerr ("bench-load: %s\n", error ? error->message : "bad arguments");
      return 2;
    }
  team_size = MIN (team_size, agents);
  agents -= agents % team_size;

  /* Each agent holds a WebSocket, a keep-alive connection and a replica (3 files): a
   * thousand agents need several thousand descriptors, here and in the server (which
   * inherits this limit and raises its own to the hard limit too). */
  getrlimit (RLIMIT_NOFILE, &fds);
  fds.rlim_cur = fds.rlim_max;
  setrlimit (RLIMIT_NOFILE, &fds);
  printf ("fd_limit %lu\n", (unsigned long) fds.rlim_cur);

  bench.n_agents = agents;
  bench.team_size = team_size;
  bench.rate = rate;
  bench.watched = -1;
  bench.latencies = g_array_new (FALSE, FALSE, sizeof (double));
  bench.end_us = G_MAXINT64;
  g_mutex_init (&bench.watch_lock);
  g_cond_init (&bench.watch_cond);
  bench.base_dir = g_dir_make_tmp ("rd-bench-load-XXXXXX", &error);
  g_assert_no_error (error);
  bench.agents = g_new0 (Agent, agents);
  for (int i = 0; i < agents; i++)
    {
      bench.agents[i].index = i;
      bench.agents[i].name = g_strdup_printf ("agent%04d", i);
      bench.agents[i].dir = g_build_filename (bench.base_dir, bench.agents[i].name, NULL);
      g_mutex_init (&bench.agents[i].lock);
    }

  start_server (&bench);
  rss_start = rss_kb (bench.server);
  printf ("agents %d\nteam_size %d\n", agents, team_size);

  start = g_get_monotonic_time ();
  create_accounts (&bench);
  printf ("accounts_created_s %.1f\n", since_s (start));
  start = g_get_monotonic_time ();
  run_pool (&bench, open_agent_cb);
  printf ("replicas_logged_in_s %.1f\n", since_s (start));
  /* The team's first agents create their contacts, then everyone syncs them in. */
  {
    GThreadPool *pool = g_thread_pool_new (team_record_cb, &bench, 4, TRUE, NULL);

    for (int i = 0; i < agents; i += team_size)
      g_thread_pool_push (pool, &bench.agents[i], NULL);
    g_thread_pool_free (pool, FALSE, TRUE);
    share_records (&bench);
    pool = g_thread_pool_new (team_record_cb, &bench, 4, TRUE, NULL);
    for (int i = 0; i < agents; i++)
      if (i % team_size != 0)
        g_thread_pool_push (pool, &bench.agents[i], NULL);
    g_thread_pool_free (pool, FALSE, TRUE);
  }
  fflush (stdout);

  session = soup_session_new_with_options ("max-conns", agents + 16, "max-conns-per-host", agents + 16, NULL);
  start = g_get_monotonic_time ();
  open = open_streams (&bench, session);
  printf ("streams_open %u\nstreams_open_s %.1f\n", open, since_s (start));
  printf ("server_rss_idle_kb %" G_GINT64_FORMAT "\nserver_rss_streams_kb %" G_GINT64_FORMAT "\n",
          rss_start, rss_kb (bench.server));
  fflush (stdout);

  /* The load, held. */
  {
    g_autofree char *self_pid = g_strdup_printf ("%d", getpid ());

    server_cpu = cpu_s (g_subprocess_get_identifier (bench.server));
    bench_cpu = cpu_s (self_pid);
  }
  start = g_get_monotonic_time ();
  bench.end_us = start + (gint64) (minutes * 60 * G_USEC_PER_SEC);
  threads[0] = g_thread_new ("load", load_thread, &bench);
  threads[1] = g_thread_new ("load", load_thread, &bench);
  threads[2] = g_thread_new ("probe", probe_thread, &bench);
  next_report = start + 30 * G_USEC_PER_SEC;
  tick = g_timeout_add (100, tick_cb, NULL);
  while (g_get_monotonic_time () < bench.end_us)
    {
      g_main_context_iteration (NULL, TRUE);
      if (g_get_monotonic_time () >= next_report)
        {
          gint64 rss = rss_kb (bench.server);

          rss_peak = MAX (rss_peak, rss);
          g_printerr ("# %.0f s: %d edits, %u probes, %d errors, server RSS %" G_GINT64_FORMAT " kB\n",
                      since_s (start), g_atomic_int_get (&bench.edits), bench.latencies->len,
                      g_atomic_int_get (&bench.errors), rss);
          next_report += 30 * G_USEC_PER_SEC;
        }
    }
  g_source_remove (tick);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_thread_join (threads[i]);
  rss_peak = MAX (rss_peak, rss_kb (bench.server));

  open = 0;
  for (int i = 0; i < agents; i++)
    open += bench.agents[i].ws != NULL &&
            soup_websocket_connection_get_state (bench.agents[i].ws) == SOUP_WEBSOCKET_STATE_OPEN;
  g_array_sort (bench.latencies, compare_double);
  printf ("minutes %.1f\nedits %d\nedits_per_s %.1f\n", minutes, bench.edits,
          bench.edits / since_s (start));
  {
    g_autofree char *self_pid = g_strdup_printf ("%d", getpid ());
    double held = since_s (start);

    /* Where the two cores went while the load was held (the rest: other processes). */
    printf ("server_cpu_share %.2f\nbench_cpu_share %.2f\n",
            (cpu_s (g_subprocess_get_identifier (bench.server)) - server_cpu) / held,
            (cpu_s (self_pid) - bench_cpu) / held);
  }
  printf ("probes %u\n", bench.latencies->len);
  if (bench.latencies->len > 0)
    {
      GArray *l = bench.latencies;

      printf ("edit_a_to_b_p50_ms %.1f\n", g_array_index (l, double, l->len / 2));
      printf ("edit_a_to_b_p99_ms %.1f\n", g_array_index (l, double, MIN (l->len - 1, l->len * 99 / 100)));
      printf ("edit_a_to_b_max_ms %.1f\n", g_array_index (l, double, l->len - 1));
    }
  printf ("streams_open_at_end %u\nstreams_lost %d\n", open, bench.streams_lost);
  /* A stream that never opened was counted when it failed. */
  printf ("errors %d\n", bench.errors + bench.streams_lost);
  printf ("server_rss_peak_kb %" G_GINT64_FORMAT "\n", rss_peak);
  fflush (stdout);

  for (int i = 0; i < agents; i++)
    {
      if (bench.agents[i].ws != NULL)
        soup_websocket_connection_close (bench.agents[i].ws, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
    }
  g_subprocess_send_signal (bench.server, SIGTERM);
  g_subprocess_wait (bench.server, NULL, NULL);
  status = g_subprocess_get_if_exited (bench.server) ? g_subprocess_get_exit_status (bench.server) : -1;
  printf ("server_exit %d\n", status);
  for (int i = 0; i < agents; i++)
    {
      g_clear_object (&bench.agents[i].ws);
      g_clear_object (&bench.agents[i].client);
      g_clear_object (&bench.agents[i].store);
    }
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", bench.base_dir);

    if (system (cmd) != 0)
      g_printerr ("could not remove %s\n", bench.base_dir);
  }
  return 0;
}
