/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>

#include "rd-http-client.h"
#include "rd-store.h"
#include "rd-sync-client.h"

/* Replication figures on loopback, one per line (docs/sync.md):
 *   bench-sync [CONTACTS] [EDITS] [IDLE_SOCKETS]   defaults 1000000 200 1000
 * A real ringdesk-server is spawned on 127.0.0.1 with a random port. */

typedef struct {
  char        *data_dir;
  GSubprocess *process;
  char        *url;
  guint        port;
} Server;

static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static void
run_admin (const char *data_dir,
           const char *name)
{
  g_autoptr(GSubprocess) p = NULL;
  g_autoptr(GError) error = NULL;

  p = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error,
                        RD_BENCH_SERVER_BIN, "--data-dir", data_dir, "--pwhash-ops", "1",
                        "--pwhash-mem", "8", "user", "add", name, "--role", "admin", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (p, "bench-password\n", NULL, NULL, NULL, &error);
  g_assert_no_error (error);
}

static void
server_start (Server *server)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  server->process = g_subprocess_launcher_spawn (launcher, &error, RD_BENCH_SERVER_BIN,
                                                 "--data-dir", server->data_dir,
                                                 "--listen", "127.0.0.1:0",
                                                 "--pwhash-ops", "1", "--pwhash-mem", "8",
                                                 "--max-body", "65536", NULL);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server->process));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  server->port = atoi (strrchr (line, ':') + 1);
  server->url = g_strdup_printf ("http://127.0.0.1:%u", server->port);
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

static double
elapsed_s (gint64 start)
{
  return (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static RdStore *
open_replica (char **dir)
{
  g_autoptr(GError) error = NULL;
  RdStore *store;

  *dir = g_dir_make_tmp ("rd-bench-replica-XXXXXX", &error);
  g_assert_no_error (error);
  store = rd_store_open_dir (*dir, &error);
  g_assert_no_error (error);
  return store;
}

static RdSyncClient *
login (RdStore    *store,
       const char *url)
{
  g_autoptr(GError) error = NULL;
  RdSyncClient *client = rd_sync_client_new (store, url, &error);

  g_assert_no_error (error);
  rd_sync_client_login (client, "bench", "bench-password", NULL, &error);
  g_assert_no_error (error);
  return client;
}

/* ---- capture overhead and the plain baseline -------------------------------- */

static double
plain_insert_s (guint n)
{
  g_autofree char *dir = g_dir_make_tmp ("rd-bench-plain-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "plain.db", NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 start;

  sqlite3_open (path, &db);
  sqlite3_exec (db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
                    "CREATE TABLE contacts (id TEXT PRIMARY KEY, owner TEXT, hlc INTEGER,"
                    " deleted INTEGER, name TEXT, created_at INTEGER)", NULL, NULL, NULL);
  sqlite3_prepare_v2 (db, "INSERT INTO contacts VALUES (?, ?, ?, 0, ?, ?)", -1, &stmt, NULL);
  start = g_get_monotonic_time ();
  sqlite3_exec (db, "BEGIN", NULL, NULL, NULL);
  for (guint i = 0; i < n; i++)
    {
      char id[40], name[40];

      g_snprintf (id, sizeof id, "%08x-0000-7000-8000-%012x", i, i);
      g_snprintf (name, sizeof name, "Contact %u", i);
      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, "shared", -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 3, i);
      sqlite3_bind_text (stmt, 4, name, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 5, i);
      sqlite3_step (stmt);
      sqlite3_reset (stmt);
    }
  sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  g_unlink (path);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (dir);

  return elapsed_s (start);
}

/* Inserts @n contacts through the store; with @capture, every field goes to the outbox. */
static double
store_insert_s (RdStore  *store,
                guint     n,
                gboolean  capture)
{
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  rd_store_set_capture (store, capture);
  rd_store_begin (store, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RdRecord) record = rd_record_new ("contacts");
      char name[40];

      g_snprintf (name, sizeof name, "Contact %u", i);
      rd_record_set_string (record, "name", name);
      rd_record_set_string (record, "owner", "shared");
      rd_store_insert (store, record, &error);
      g_assert_no_error (error);
      if (i % 50000 == 49999)
        {
          rd_store_commit (store, &error);
          rd_store_begin (store, &error);
        }
    }
  rd_store_commit (store, &error);
  g_assert_no_error (error);
  rd_store_set_capture (store, TRUE);

  return elapsed_s (start);
}

/* ---- edit latency over the WebSocket ------------------------------------------- */

typedef struct {
  GMainLoop *loop;
  gint64     want_seq;
  gint64     got_seq;
} Waiter;

static void
message_cb (SoupWebsocketConnection *ws,
            int                      type,
            GBytes                  *message,
            Waiter                  *waiter)
{
  g_autoptr(JsonNode) node = json_from_string (g_bytes_get_data (message, NULL), NULL);

  if (node && JSON_NODE_HOLDS_OBJECT (node))
    waiter->got_seq = json_object_get_int_member_with_default (json_node_get_object (node),
                                                               "seq", 0);
  if (waiter->got_seq >= waiter->want_seq)
    g_main_loop_quit (waiter->loop);
}

static gboolean
timeout_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

static void
connected_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  SoupWebsocketConnection **ws = data;
  g_autoptr(GError) error = NULL;

  *ws = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &error);
  if (error)
    g_printerr ("websocket: %s\n", error->message);
}

static SoupWebsocketConnection *
connect_events (SoupSession *session,
                const char  *url,
                const char  *token)
{
  g_autofree char *ws_url = g_strdup_printf ("ws%s/api/v1/events?token=%s", url + 4, token);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", ws_url);
  SoupWebsocketConnection *ws = NULL;
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  soup_session_websocket_connect_async (session, msg, NULL, NULL, G_PRIORITY_DEFAULT, NULL,
                                        connected_cb, &ws);
  while (ws == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  return ws;
}

int
main (int    argc,
      char **argv)
{
  guint contacts = argc > 1 ? atoi (argv[1]) : 1000000;
  guint edits = argc > 2 ? atoi (argv[2]) : 200;
  guint idle = argc > 3 ? atoi (argv[3]) : 1000;
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  Server server = { 0 };
  double plain_s, capture_s, nocapture_s;
  gint64 start;

  server.data_dir = g_dir_make_tmp ("rd-bench-server-XXXXXX", &error);
  g_assert_no_error (error);
  run_admin (server.data_dir, "bench");

  /* 1. Capture overhead: the same rows through the store, and plain SQLite. */
  {
    g_autofree char *dir = NULL;
    g_autoptr(RdStore) store = open_replica (&dir);
    guint n = MIN (contacts, 100000);

    plain_s = plain_insert_s (n);
    capture_s = store_insert_s (store, n, TRUE);
    printf ("plain_insert_us %.2f\n", plain_s * 1e6 / n);
    printf ("capture_insert_us %.2f\n", capture_s * 1e6 / n);
    printf ("capture_overhead_x %.2f\n", capture_s / plain_s);
    fflush (stdout);
  }

  /* 2. Seed the server's merged rows directly (no capture), then serve them. */
  {
    g_autofree char *path = g_build_filename (server.data_dir, "merged.db", NULL);
    g_autoptr(RdStore) merged = rd_store_open (path, &error);

    g_assert_no_error (error);
    nocapture_s = store_insert_s (merged, contacts, FALSE);
    printf ("seed_contacts %u\n", contacts);
    printf ("seed_s %.1f\n", nocapture_s);
    fflush (stdout);
  }
  plain_s = plain_insert_s (contacts);
  printf ("plain_insert_s %.1f\n", plain_s);
  server_start (&server);
  printf ("server_rss_idle_kb %" G_GINT64_FORMAT "\n", rss_kb (server.process));

  /* 3. Server memory (before the snapshot grows its heap) with many idle WebSocket clients. */
  {
    g_autoptr(GPtrArray) sockets = g_ptr_array_new_with_free_func (g_object_unref);
    g_autofree char *dir = NULL;
    g_autoptr(RdStore) store = open_replica (&dir);
    g_autoptr(RdSyncClient) client = login (store, server.url);
    g_autofree char *token = rd_store_get_meta (store, "sync.token");
    gint64 before = rss_kb (server.process);

    for (guint i = 0; i < idle; i++)
      {
        SoupWebsocketConnection *ws = connect_events (session, server.url, token);

        if (ws == NULL)
          break;
        g_ptr_array_add (sockets, ws);
      }
    for (guint i = 0; i < 100; i++)
      g_main_context_iteration (NULL, FALSE);
    printf ("idle_websockets %u\n", sockets->len);
    printf ("server_rss_before_ws_kb %" G_GINT64_FORMAT "\n", before);
    printf ("server_rss_with_ws_kb %" G_GINT64_FORMAT "\n", rss_kb (server.process));
    fflush (stdout);
  }

  /* 4. Snapshot into a new replica. */
  {
    g_autofree char *dir = NULL;
    g_autoptr(RdStore) store = open_replica (&dir);
    g_autoptr(RdSyncClient) client = login (store, server.url);
    RdSyncStats stats = { 0 };
    double s;

    start = g_get_monotonic_time ();
    rd_sync_client_sync (client, &stats, NULL, &error);
    g_assert_no_error (error);
    s = elapsed_s (start);
    printf ("snapshot_rows %u\n", stats.snapshot_rows);
    printf ("snapshot_s %.1f\n", s);
    printf ("snapshot_vs_plain_insert_x %.1f\n", s / plain_s);
    fflush (stdout);
  }

  /* 5. Ingest: batches of 1000 field changes pushed as fast as the server takes them. */
  {
    g_autofree char *dir = NULL;
    g_autoptr(RdStore) store = open_replica (&dir);
    g_autoptr(RdSyncClient) client = login (store, server.url);
    guint n = 50000;
    RdSyncStats stats = { 0 };

    rd_store_set_capture (store, TRUE);
    store_insert_s (store, n / 3, TRUE);   /* name, owner, created_at: 3 fields a contact */
    rd_sync_client_set_batch (client, 1000, 2000);
    start = g_get_monotonic_time ();
    rd_sync_client_push (client, &stats, NULL, &error);
    g_assert_no_error (error);
    printf ("ingest_changes %u\n", stats.pushed);
    printf ("ingest_changes_per_s %.0f\n", stats.pushed / elapsed_s (start));
    fflush (stdout);
  }

  /* 6. One edit from replica A visible in replica B: A writes and pushes; B hears
   * "sequence N" on its WebSocket and pulls. */
  {
    g_autofree char *dir_a = NULL, *dir_b = NULL;
    g_autoptr(RdStore) a = open_replica (&dir_a);
    g_autoptr(RdStore) b = open_replica (&dir_b);
    g_autoptr(RdSyncClient) client_a = login (a, server.url);
    g_autoptr(RdSyncClient) client_b = login (b, server.url);
    g_autofree char *token = rd_store_get_meta (b, "sync.token");
    g_autoptr(SoupWebsocketConnection) ws = NULL;
    g_autoptr(GArray) latencies = g_array_new (FALSE, FALSE, sizeof (double));
    g_autoptr(RdRecord) record = rd_record_new ("contacts");
    Waiter waiter = { g_main_loop_new (NULL, FALSE), 0, 0 };
    const char *id;

    /* Both start from the current sequence, without a million-row snapshot. */
    {
      g_autofree char *seq = NULL;
      g_autoptr(RdHttpClient) http = rd_http_client_new (server.url, NULL);
      g_autoptr(GBytes) body = NULL;

      rd_http_client_set_token (http, token);
      rd_http_client_request (http, "GET", "/api/v1/events?since=0&timeout=0", NULL, NULL, &body,
                              NULL, &error);
      g_assert_no_error (error);
      seq = g_strdup_printf ("%" G_GINT64_FORMAT,
        json_object_get_int_member (json_node_get_object (json_from_string (g_bytes_get_data (body, NULL), NULL)), "seq"));
      rd_store_set_meta (a, "sync.cursor", seq, NULL);
      rd_store_set_meta (b, "sync.cursor", seq, NULL);
    }

    rd_record_set_string (record, "name", "Latency");
    rd_record_set_string (record, "owner", "shared");
    rd_store_insert (a, record, &error);
    g_assert_no_error (error);
    id = rd_record_get_id (record);
    rd_sync_client_sync (client_a, NULL, NULL, &error);
    rd_sync_client_sync (client_b, NULL, NULL, &error);
    g_assert_no_error (error);

    ws = connect_events (session, server.url, token);
    g_assert_nonnull (ws);
    g_signal_connect (ws, "message", G_CALLBACK (message_cb), &waiter);

    for (guint i = 0; i < edits; i++)
      {
        g_autoptr(RdRecord) change = rd_record_new ("contacts");
        g_autofree char *title = g_strdup_printf ("Title %u", i);
        g_autofree char *seen = NULL;
        RdSyncStats stats = { 0 };
        guint timeout;
        double ms;

        start = g_get_monotonic_time ();
        rd_record_set_id (change, id);
        rd_record_set_string (change, "title", title);
        rd_store_update (a, change, &error);
        g_assert_no_error (error);
        rd_sync_client_push (client_a, &stats, NULL, &error);
        g_assert_no_error (error);

        waiter.want_seq = waiter.got_seq + 1;
        timeout = g_timeout_add_seconds (10, timeout_cb, waiter.loop);
        g_main_loop_run (waiter.loop);
        g_source_remove (timeout);
        rd_sync_client_pull (client_b, NULL, NULL, &error);
        g_assert_no_error (error);
        ms = (g_get_monotonic_time () - start) / 1000.0;
        {
          g_autoptr(RdRecord) got = rd_store_get (b, "contacts", id, &error);

          g_assert_no_error (error);
          g_assert_cmpstr (rd_record_get_string (got, "title"), ==, title);
        }
        g_array_append_val (latencies, ms);
      }
    g_array_sort (latencies, compare_double);
    printf ("edit_latency_p50_ms %.1f\n", g_array_index (latencies, double, latencies->len / 2));
    printf ("edit_latency_p99_ms %.1f\n",
            g_array_index (latencies, double, MIN (latencies->len - 1, latencies->len * 99 / 100)));
    fflush (stdout);
    soup_websocket_connection_close (ws, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
    g_main_loop_unref (waiter.loop);
  }

  g_subprocess_send_signal (server.process, SIGTERM);
  g_subprocess_wait (server.process, NULL, NULL);
  return 0;
}
