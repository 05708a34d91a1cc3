/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include "rd-http-client.h"
#include "rd-recording-upload.h"
#include "rd-store.h"
#include "rd-sync-client.h"
#include "rd-test-server.h"

/* The sync transport against a real ringdesk-server on loopback: https with a
 * self-signed certificate made by openssl here, kept-alive connections, and
 * the per-user rate limit of the sync endpoints. */

typedef struct {
  char         *dir;       /* certificates and replicas */
  char         *cert;
  char         *key;
  char         *other_cert;
  RdTestServer *server;
} Fixture;

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

/* A self-signed certificate for 127.0.0.1 (its own CA). */
static void
make_certificate (const char *cert,
                  const char *key)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) openssl = NULL;

  openssl = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                              &error, "openssl", "req", "-x509", "-newkey", "ec",
                              "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                              "-keyout", key, "-out", cert, "-days", "2",
                              "-subj", "/CN=127.0.0.1",
                              "-addext", "subjectAltName=IP:127.0.0.1", NULL);
  g_assert_no_error (error);
  g_subprocess_wait_check (openssl, NULL, &error);
  g_assert_no_error (error);
}

static void
add_users (RdTestServer *server)
{
  rd_test_server_add_user (server, "alice", "agent", "sales", "alice-password");
  rd_test_server_add_user (server, "bob", "agent", "sales", "bob-password");
}

static void
fixture_setup_tls (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *other_key = NULL;
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("rd-test-transport-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->cert = g_build_filename (fixture->dir, "server.crt", NULL);
  fixture->key = g_build_filename (fixture->dir, "server.key", NULL);
  fixture->other_cert = g_build_filename (fixture->dir, "other.crt", NULL);
  other_key = g_build_filename (fixture->dir, "other.key", NULL);
  make_certificate (fixture->cert, fixture->key);
  make_certificate (fixture->other_cert, other_key);

  {
    const char *args[] = { "--tls-cert", fixture->cert, "--tls-key", fixture->key, NULL };

    fixture->server = rd_test_server_new (args);
  }
  g_assert_true (g_str_has_prefix (fixture->server->base_url, "https://127.0.0.1:"));
  add_users (fixture->server);
}

static void
fixture_setup_plain (Fixture       *fixture,
                     gconstpointer  data)
{
  const char * const *args = data;
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("rd-test-transport-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->server = rd_test_server_new (args);
  add_users (fixture->server);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_clear_pointer (&fixture->server, rd_test_server_free);
  remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->cert);
  g_free (fixture->key);
  g_free (fixture->other_cert);
}

static RdStore *
open_replica (Fixture    *fixture,
              const char *name)
{
  g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
  g_autoptr(GError) error = NULL;
  RdStore *store;

  g_mkdir_with_parents (path, 0700);
  store = rd_store_open_dir (path, &error);
  g_assert_no_error (error);
  return store;
}

static char *
insert_lead (RdStore    *store,
             const char *name)
{
  g_autoptr(RdRecord) record = rd_record_new ("leads");
  g_autoptr(GError) error = NULL;

  rd_record_set_string (record, "name", name);
  rd_store_insert (store, record, &error);
  g_assert_no_error (error);
  return g_strdup (rd_record_get_id (record));
}

static gint64
count_lead (RdStore    *store,
            const char *id)
{
  sqlite3_stmt *stmt = NULL;
  gint64 count = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (rd_store_get_db (store),
                                       "SELECT count(*) FROM leads WHERE id = ?", -1, &stmt,
                                       NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return count;
}

/* Runs ringdesk-cli with @input on stdin; returns the exit status and stderr. */
static int
run_cli (const char  *input,
         char       **err,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) cli = NULL;
  g_autoptr(GError) error = NULL;
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (char *) RD_TEST_CLI_BIN);
  va_start (args, err);
  while ((arg = va_arg (args, const char *)))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  cli = g_subprocess_newv ((const char * const *) argv->pdata,
                           G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                           G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (cli, input, NULL, NULL, err, &error);
  g_assert_no_error (error);
  return g_subprocess_get_exit_status (cli);
}

/* ---- TLS ------------------------------------------------------------------ */

static void
test_tls_untrusted (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(RdStore) store = open_replica (fixture, "untrusted");
  g_autoptr(RdSyncClient) client = NULL;
  g_autoptr(GError) error = NULL;

  /* The system's CAs do not know a self-signed server: a clear refusal. */
  client = rd_sync_client_new (store, fixture->server->base_url, &error);
  g_assert_no_error (error);
  g_assert_false (rd_sync_client_login (client, "alice", "alice-password", NULL, &error));
  g_assert_error (error, RD_HTTP_ERROR, RD_HTTP_ERROR_TLS);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "certificate"));
  g_assert_nonnull (strstr (error->message, "not trusted"));
  g_assert_nonnull (strstr (error->message, "unknown authority"));
  g_assert_nonnull (strstr (error->message, "--ca-file"));
  g_clear_error (&error);

  /* Another CA is no better. */
  g_assert_true (rd_sync_client_set_ca_file (client, fixture->other_cert, &error));
  g_assert_false (rd_sync_client_login (client, "alice", "alice-password", NULL, &error));
  g_assert_error (error, RD_HTTP_ERROR, RD_HTTP_ERROR_TLS);
  g_assert_nonnull (strstr (error->message, fixture->other_cert));
  g_clear_error (&error);

  /* A CA file that is not one. */
  g_assert_false (rd_sync_client_set_ca_file (client, "/nonexistent/ca.pem", &error));
  g_assert_error (error, RD_HTTP_ERROR, RD_HTTP_ERROR_CA_FILE);
  g_clear_error (&error);

  /* Plain http to an https server fails rather than hangs. */
  {
    g_autofree char *plain = g_strdup_printf ("http://127.0.0.1:%u", fixture->server->port);
    g_autoptr(RdStore) other = open_replica (fixture, "plain");
    g_autoptr(RdSyncClient) wrong = rd_sync_client_new (other, plain, &error);

    g_assert_no_error (error);
    g_assert_false (rd_sync_client_login (wrong, "alice", "alice-password", NULL, &error));
    g_assert_nonnull (error);
  }
}

static void
test_tls_sync (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(RdStore) alice = open_replica (fixture, "alice");
  g_autoptr(RdStore) laptop = open_replica (fixture, "laptop");
  g_autoptr(RdSyncClient) a = NULL;
  g_autoptr(RdSyncClient) b = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *lead = NULL;
  RdSyncStats stats = { 0 };

  a = rd_sync_client_new (alice, fixture->server->base_url, &error);
  g_assert_no_error (error);
  g_assert_true (rd_sync_client_set_ca_file (a, fixture->cert, &error));
  rd_sync_client_login (a, "alice", "alice-password", NULL, &error);
  g_assert_no_error (error);

  lead = insert_lead (alice, "Over TLS");
  g_clear_object (&a);

  /* The replica remembers the server and its CA file. */
  a = rd_sync_client_new (alice, NULL, &error);
  g_assert_no_error (error);
  rd_sync_client_sync (a, &stats, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stats.pushed, >=, 1);

  /* Alice's second replica gets it over https too. */
  b = rd_sync_client_new (laptop, fixture->server->base_url, &error);
  g_assert_no_error (error);
  g_assert_true (rd_sync_client_set_ca_file (b, fixture->cert, &error));
  rd_sync_client_login (b, "alice", "alice-password", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_lead (laptop, lead), ==, 0);
  memset (&stats, 0, sizeof stats);
  rd_sync_client_sync (b, &stats, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stats.snapshot_rows, >=, 1);
  g_assert_cmpint (count_lead (laptop, lead), ==, 1);
}

static void
test_tls_cli (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *dir = g_build_filename (fixture->dir, "cli", NULL);
  g_autofree char *err = NULL;
  const char *url = fixture->server->base_url;

  g_assert_cmpint (run_cli ("alice-password\n", &err, "--replica", dir, "--server", url,
                            "login", "alice", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "not trusted"));
  g_assert_nonnull (strstr (err, "--ca-file"));
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli ("alice-password\n", &err, "--replica", dir, "--server", url,
                            "--ca-file", fixture->cert, "login", "alice", NULL), ==, 0);
  g_clear_pointer (&err, g_free);
  /* Remembered by the login. */
  g_assert_cmpint (run_cli ("", &err, "--replica", dir, "sync", NULL), ==, 0);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli ("", &err, "--replica", dir, "--ca-file", "/nonexistent.pem",
                            "sync", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "CA file"));
}

/* ---- keep-alive ------------------------------------------------------------- */

static void
test_keep_alive (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(RdStore) store = open_replica (fixture, "keep");
  g_autoptr(RdSyncClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *lead = NULL;
  RdHttpClient *http;
  RdSyncStats stats = { 0 };

  client = rd_sync_client_new (store, fixture->server->base_url, &error);
  g_assert_no_error (error);
  http = rd_sync_client_get_http (client);
  rd_sync_client_login (client, "alice", "alice-password", NULL, &error);
  g_assert_no_error (error);
  lead = insert_lead (store, "Kept alive");
  /* Login, snapshot, pull, push, pull: one connection. */
  rd_sync_client_sync (client, &stats, NULL, &error);
  g_assert_no_error (error);
  rd_sync_client_sync (client, &stats, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rd_http_client_get_connection_count (http), ==, 1);

  /* The server restarts: the kept connection is dead, the request goes again
   * on a new one and the sync succeeds. */
  rd_test_server_stop (fixture->server);
  rd_test_server_start (fixture->server);
  g_free (lead);
  lead = insert_lead (store, "After the restart");
  memset (&stats, 0, sizeof stats);
  rd_sync_client_sync (client, &stats, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stats.pushed, >=, 1);
  g_assert_cmpuint (rd_http_client_get_connection_count (http), ==, 2);

  /* Keep-alive off: one connection per request. */
  rd_http_client_set_keep_alive (http, FALSE);
  rd_sync_client_sync (client, &stats, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rd_http_client_get_connection_count (http), ==, 3);
  rd_sync_client_sync (client, &stats, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rd_http_client_get_connection_count (http), ==, 4);
}

static const char * const small_body_args[] = { "--max-body", "1", NULL };

/* After an answer that closes the connection (a 413 with Connection: close)
 * the next request works, on a new connection. */
static void
test_keep_alive_close (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *token = rd_test_login (fixture->server, "alice", "alice-password");
  g_autoptr(RdHttpClient) http = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) big = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GString) json = g_string_new ("{\"schema\": 2, \"pad\": \"");

  http = rd_http_client_new (fixture->server->base_url, &error);
  g_assert_no_error (error);
  rd_http_client_set_token (http, token);

  g_assert_cmpuint (rd_http_client_request (http, "GET", "/api/v1/sync/pull?since=0", NULL, NULL,
                                            &body, NULL, &error), ==, 200);
  g_assert_no_error (error);
  g_clear_pointer (&body, g_bytes_unref);
  g_assert_cmpuint (rd_http_client_get_connection_count (http), ==, 1);

  while (json->len < 2048)
    g_string_append_c (json, 'x');
  g_string_append (json, "\"}");
  big = g_bytes_new (json->str, json->len);
  g_assert_cmpuint (rd_http_client_request (http, "POST", "/api/v1/sync/push", "application/json",
                                            big, &body, NULL, &error), ==, 413);
  g_assert_no_error (error);
  g_clear_pointer (&body, g_bytes_unref);

  g_assert_cmpuint (rd_http_client_request (http, "GET", "/api/v1/sync/pull?since=0", NULL, NULL,
                                            &body, NULL, &error), ==, 200);
  g_assert_no_error (error);
  g_assert_cmpuint (rd_http_client_get_connection_count (http), ==, 2);
}

/* ---- rate limit --------------------------------------------------------------- */

static const char * const rate_limited_args[] = { "--sync-limit", "5", "--sync-window", "3600",
                                                   NULL };

static void
test_rate_limit (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *alice = rd_test_login (fixture->server, "alice", "alice-password");
  g_autofree char *alice2 = rd_test_login (fixture->server, "alice", "alice-password");
  g_autofree char *bob = rd_test_login (fixture->server, "bob", "bob-password");
  g_autoptr(RdTestResponse) limited = NULL;
  g_autoptr(RdTestResponse) other = NULL;
  g_autoptr(RdTestResponse) session = NULL;
  g_autoptr(RdStore) store = open_replica (fixture, "limited");
  g_autoptr(RdSyncClient) client = NULL;
  g_autoptr(GError) error = NULL;
  const char *paths[] = { "/api/v1/sync/pull?since=0", "/api/v1/sync/checksum",
                          "/api/v1/sync/snapshot", "/api/v1/sync/pull?since=0",
                          "/api/v1/sync/pull?since=0" };
  guint retry;

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(RdTestResponse) ok = rd_test_request (fixture->server, "GET", paths[i],
                                                      i % 2 ? alice2 : alice, NULL, NULL, 0);

      g_assert_cmpuint (ok->status, ==, 200);
    }

  /* The sixth in the window, by either token of the user: 429 with Retry-After. */
  limited = rd_test_request (fixture->server, "GET", "/api/v1/sync/pull?since=0", alice2,
                             NULL, NULL, 0);
  rd_test_assert_error (limited, 429, "rate-limited");
  g_assert_nonnull (limited->retry_after);
  retry = atoi (limited->retry_after);
  g_assert_cmpuint (retry, >, 0);
  g_assert_cmpuint (retry, <=, 3600);
  g_assert_nonnull (strstr (rd_test_response_string (limited, "message"), "retry in"));
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (limited->body),
                                               "retry_after"), ==, retry);

  {
    g_autoptr(RdTestResponse) push = rd_test_request_json (fixture->server, "POST",
                                                           "/api/v1/sync/push", alice,
                                                           "{\"schema\": 2, \"changes\": []}");

    rd_test_assert_error (push, 429, "rate-limited");
  }

  /* Other users and other endpoints are not affected. */
  other = rd_test_request (fixture->server, "GET", "/api/v1/sync/pull?since=0", bob,
                           NULL, NULL, 0);
  g_assert_cmpuint (other->status, ==, 200);
  session = rd_test_request (fixture->server, "GET", "/api/v1/session", alice, NULL, NULL, 0);
  g_assert_cmpuint (session->status, ==, 200);

  /* The sync client names it. */
  client = rd_sync_client_new (store, fixture->server->base_url, &error);
  g_assert_no_error (error);
  rd_sync_client_login (client, "alice", "alice-password", NULL, &error);
  g_assert_no_error (error);
  g_assert_false (rd_sync_client_sync (client, NULL, NULL, &error));
  g_assert_error (error, RD_SYNC_ERROR, RD_SYNC_ERROR_RATE_LIMITED);
  g_assert_nonnull (strstr (error->message, "retry in"));
}

static void
test_rate_limit_default (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *alice = rd_test_login (fixture->server, "alice", "alice-password");

  /* The default is generous: a burst of a hundred sync requests passes. */
  for (guint i = 0; i < 100; i++)
    {
      g_autoptr(RdTestResponse) ok = rd_test_request (fixture->server, "GET",
                                                      "/api/v1/sync/pull?since=0", alice,
                                                      NULL, NULL, 0);

      g_assert_cmpuint (ok->status, ==, 200);
    }
}

/* Recordings go up and come down over https on the CA the replica logged
 * in with (kept in its meta table): the app's sync worker uploads them. */
static void
test_tls_recordings (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(RdStore) alice = open_replica (fixture, "alice");
  g_autoptr(RdStore) laptop = open_replica (fixture, "laptop");
  g_autoptr(RdSyncClient) a = NULL;
  g_autoptr(RdSyncClient) b = NULL;
  g_autoptr(RdRecord) call = rd_record_new ("calls");
  g_autoptr(GError) error = NULL;
  g_autofree char *wav = g_build_filename (fixture->dir, "call.wav", NULL);
  g_autofree char *fetched = g_build_filename (fixture->dir, "fetched.wav", NULL);
  g_autofree char *contents = NULL;
  guchar header[64] = { 0 };
  RdSyncStats stats = { 0 };
  guint uploaded = 0;
  gsize length = 0;

  /* Enough of a WAV for the server's check: RIFF....WAVE. */
  memcpy (header, "RIFF", 4);
  memcpy (header + 8, "WAVEfmt ", 8);
  g_assert_true (g_file_set_contents (wav, (const char *) header, sizeof header, NULL));

  a = rd_sync_client_new (alice, fixture->server->base_url, &error);
  g_assert_true (rd_sync_client_set_ca_file (a, fixture->cert, &error));
  g_assert_true (rd_sync_client_login (a, "alice", "alice-password", NULL, &error));
  g_assert_no_error (error);
  rd_record_set_string (call, "direction", "outbound");
  rd_record_set_string (call, "from_number", "+74951112233");
  rd_record_set_string (call, "to_number", "+79991234567");
  rd_record_set_int (call, "started_at", g_get_real_time () / 1000 - 60000);
  rd_record_set_string (call, "recording", wav);
  g_assert_true (rd_store_insert (alice, call, &error));
  g_assert_no_error (error);
  g_assert_true (rd_sync_client_sync (a, &stats, NULL, &error));
  g_assert_no_error (error);

  g_assert_true (rd_recording_upload_pending (alice, &uploaded, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (uploaded, ==, 1);

  b = rd_sync_client_new (laptop, fixture->server->base_url, &error);
  g_assert_true (rd_sync_client_set_ca_file (b, fixture->cert, &error));
  g_assert_true (rd_sync_client_login (b, "alice", "alice-password", NULL, &error));
  g_assert_true (rd_sync_client_sync (b, &stats, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (rd_recording_download (laptop, rd_record_get_id (call), fetched, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (fetched, &contents, &length, NULL));
  g_assert_cmpmem (contents, length, header, sizeof header);

  /* Without the CA the same server is refused, as the sync is. */
  g_assert_true (rd_store_set_meta (laptop, "sync.ca_file", NULL, &error));
  g_assert_false (rd_recording_download (laptop, rd_record_get_id (call), fetched, NULL, &error));
  g_assert_error (error, RD_HTTP_ERROR, RD_HTTP_ERROR_TLS);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/server/transport/tls/untrusted", Fixture, NULL,
              fixture_setup_tls, test_tls_untrusted, fixture_teardown);
  g_test_add ("/server/transport/tls/sync", Fixture, NULL,
              fixture_setup_tls, test_tls_sync, fixture_teardown);
  g_test_add ("/server/transport/tls/recordings", Fixture, NULL,
              fixture_setup_tls, test_tls_recordings, fixture_teardown);
  g_test_add ("/server/transport/tls/cli", Fixture, NULL,
              fixture_setup_tls, test_tls_cli, fixture_teardown);
  g_test_add ("/server/transport/keep-alive", Fixture, NULL,
              fixture_setup_plain, test_keep_alive, fixture_teardown);
  g_test_add ("/server/transport/keep-alive/connection-close", Fixture, small_body_args,
              fixture_setup_plain, test_keep_alive_close, fixture_teardown);
  g_test_add ("/server/transport/rate-limit/limited", Fixture, rate_limited_args,
              fixture_setup_plain, test_rate_limit, fixture_teardown);
  g_test_add ("/server/transport/rate-limit/default", Fixture, NULL,
              fixture_setup_plain, test_rate_limit_default, fixture_teardown);

  return g_test_run ();
}
