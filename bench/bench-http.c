/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>

#include "rd-http-client.h"
#include "rd-store.h"
#include "rd-sync-client.h"

/* The sync transport on loopback (docs/sync.md), one figure per line:
 *   bench-http [REQUESTS]   default 500
 * Mean time of a small authenticated request (GET /api/v1/sync/pull, empty
 * log) over http and https, with the kept-alive connection and with a new
 * connection (and TLS handshake) per request. Spawns ringdesk-server twice on
 * 127.0.0.1 (plain, then with a self-signed certificate made by openssl). */

static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static void
run_checked (const char * const *argv,
             const char         *input)
{
  g_autoptr(GSubprocess) p = NULL;
  g_autoptr(GError) error = NULL;

  p = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                         G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (p, input, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (p));
}

static GSubprocess *
server_start (const char  *data_dir,
              const char  *cert,
              const char  *key,
              char       **url)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  GSubprocess *process;

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  if (cert)
    process = g_subprocess_launcher_spawn (launcher, &error, RD_BENCH_SERVER_BIN,
                                           "--data-dir", data_dir, "--listen", "127.0.0.1:0",
                                           "--sync-limit", "0", "--tls-cert", cert,
                                           "--tls-key", key, NULL);
  else
    process = g_subprocess_launcher_spawn (launcher, &error, RD_BENCH_SERVER_BIN,
                                           "--data-dir", data_dir, "--listen", "127.0.0.1:0",
                                           "--sync-limit", "0", NULL);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "listening on "));
  *url = g_strdup (line + strlen ("listening on "));
  return process;
}

static double
mean_request_us (RdHttpClient *http,
                 guint         requests)
{
  gint64 start = g_get_monotonic_time ();

  for (guint i = 0; i < requests; i++)
    {
      g_autoptr(GBytes) body = NULL;
      g_autoptr(GError) error = NULL;
      guint status = rd_http_client_request (http, "GET", "/api/v1/sync/pull?since=0&limit=1",
                                             NULL, NULL, &body, NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (status, ==, 200);
    }

  return (g_get_monotonic_time () - start) / (double) requests;
}

static void
measure (const char *label,
         const char *data_dir,
         const char *url,
         const char *ca_file,
         guint       requests)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *replica = g_build_filename (data_dir, "replica", NULL);
  g_autoptr(RdStore) store = NULL;
  g_autoptr(RdSyncClient) client = NULL;
  RdHttpClient *http;
  double kept, fresh;

  g_mkdir_with_parents (replica, 0700);
  store = rd_store_open_dir (replica, &error);
  g_assert_no_error (error);
  client = rd_sync_client_new (store, url, &error);
  g_assert_no_error (error);
  if (ca_file)
    g_assert_true (rd_sync_client_set_ca_file (client, ca_file, &error));
  rd_sync_client_login (client, "bench", "bench-password", NULL, &error);
  g_assert_no_error (error);
  http = rd_sync_client_get_http (client);

  kept = mean_request_us (http, requests);
  printf ("%s_request_keepalive_us %.1f\n", label, kept);
  rd_http_client_set_keep_alive (http, FALSE);
  fresh = mean_request_us (http, requests);
  printf ("%s_request_new_connection_us %.1f\n", label, fresh);
  printf ("%s_keepalive_speedup_x %.1f\n", label, fresh / kept);
  fflush (stdout);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

int
main (int    argc,
      char **argv)
{
  guint requests = argc > 1 ? (guint) atoi (argv[1]) : 500;
  g_autofree char *dir = g_dir_make_tmp ("rd-bench-http-XXXXXX", NULL);
  g_autofree char *data = g_build_filename (dir, "data", NULL);
  g_autofree char *cert = g_build_filename (dir, "server.crt", NULL);
  g_autofree char *key = g_build_filename (dir, "server.key", NULL);
  const char *add_user[] = { RD_BENCH_SERVER_BIN, "--data-dir", data, "--pwhash-ops", "1",
                             "--pwhash-mem", "8", "user", "add", "bench", "--role", "admin",
                             NULL };
  const char *openssl[] = { "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                            "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key,
                            "-out", cert, "-days", "2", "-subj", "/CN=127.0.0.1",
                            "-addext", "subjectAltName=IP:127.0.0.1", NULL };

  if (requests == 0)
    requests = 500;
  g_mkdir_with_parents (data, 0700);
  run_checked (add_user, "bench-password\n");
  run_checked (openssl, "");

  for (guint tls = 0; tls <= 1; tls++)
    {
      g_autofree char *url = NULL;
      g_autofree char *replica = g_build_filename (dir, tls ? "https" : "http", NULL);
      g_autoptr(GSubprocess) server = server_start (data, tls ? cert : NULL, key, &url);

      measure (tls ? "https" : "http", replica, url, tls ? cert : NULL, requests);
      g_subprocess_send_signal (server, SIGTERM);
      g_subprocess_wait (server, NULL, NULL);
    }

  remove_tree (dir);
  return 0;
}
