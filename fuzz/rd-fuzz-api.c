/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "rd-call-filer.h"
#include "rd-center-cti.h"
#include "rd-cti-desk.h"
#include "rd-portal-db.h"
#include "rd-portal.h"
#include "rd-server-crypto.h"
#include "rd-server.h"

#include "rd-fuzz-api.h"

static GMutex lock;
static GCond ready;
static gboolean started;
static guint port;
static char *data_dir;
static char *agent_token;
static char *pbx_token;
static char *portal_cookie;
static char *portal_csrf;
static char *portal_ticket;

/* The server's objects, in statics so that they stay reachable (LeakSanitizer) while the
 * server thread serves until the process ends. */
static GMainContext *context;
static RdServerDb *db;
static RdServerSync *merged;
static RdCenterDb *center;
static RdServer *server;
static RdAgentDesk *desk;
static RdCallFiler *filer;
static RdCtiDesk *cti;
static RdPortal *portal;

int LLVMFuzzerInitialize (int *argc, char ***argv);

/* The server frees what a request allocated in its own thread, after the answer went out:
 * libFuzzer would see more mallocs than frees in almost every input and scan for leaks after
 * each (80 % of the time). Its per-input check is off for these harnesses; LeakSanitizer's
 * check at exit still runs, and the server's objects are kept reachable (above) so that what
 * it reports is a leak. */
int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  static char *args[256];
  static char no_leaks[] = "-detect_leaks=0";
  int n = MIN (*argc, (int) G_N_ELEMENTS (args) - 2);

  for (int i = 0; i < n; i++)
    args[i] = (*argv)[i];
  /* libFuzzer reads a flag anywhere on its command line. */
  args[n++] = no_leaks;
  args[n] = NULL;
  *argc = n;
  *argv = args;
  return 0;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static gboolean
drained_cb (gpointer user_data)
{
  g_mutex_lock (&lock);
  *(gboolean *) user_data = TRUE;
  g_cond_broadcast (&ready);
  g_mutex_unlock (&lock);
  return G_SOURCE_REMOVE;
}

/* Lets the server finish what the last requests left (their connections' clean-up, a
 * password job in a worker): LeakSanitizer's check at exit comes after this, on a quiet
 * server, so that memory in flight is not reported as lost. */
static void
drain_server (void)
{
  for (guint round = 0; round < 3; round++)
    {
      gboolean drained = FALSE;

      g_usleep (20 * 1000);
      g_main_context_invoke (context, drained_cb, &drained);
      g_mutex_lock (&lock);
      while (!drained)
        g_cond_wait (&ready, &lock);
      g_mutex_unlock (&lock);
    }
}

static void
remove_data_dir (void)
{
  if (started)
    drain_server ();
  if (data_dir != NULL)
    remove_tree (data_dir);
}

/* The accounts the requests come from, made as the admin commands make them. */
static void
add_accounts (RdServerDb           *db,
              RdCenterDb           *center,
              const RdPasswordCost *cost)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = rd_password_hash ("agent1-password", cost, &error);
  g_autofree char *token_hash = NULL;
  g_autoptr(RdUser) agent = NULL;
  g_autoptr(JsonNode) pbx = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  g_assert_no_error (error);
  agent = rd_server_db_add_user (db, "agent1", RD_ROLE_AGENT, NULL, hash, &error);
  g_assert_no_error (error);
  agent_token = rd_token_new ();
  token_hash = rd_token_hash (agent_token);
  g_assert (rd_server_db_add_session (db, token_hash, agent->id, now, now + 86400, "127.0.0.1",
                                      &error));

  pbx_token = rd_token_new ();
  g_free (token_hash);
  token_hash = rd_token_hash (pbx_token);
  pbx = rd_center_cti_pbx_add (center, "pbx1", token_hash, "admin", &error);
  g_assert_no_error (error);
  g_assert (rd_center_cti_extension_set (center, "1001", "agent1", &error));
}

/* An approved customer with a live session, as the staff API approves one. */
static void
add_customer (RdPortal             *portal,
              RdServerDb           *db,
              const RdPasswordCost *cost)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = rd_password_hash ("customer-password", cost, &error);
  g_autofree char *admin_hash = rd_password_hash ("admin-password", cost, &error);
  g_autoptr(RdUser) admin = rd_server_db_add_user (db, "admin", RD_ROLE_ADMIN, NULL, admin_hash, &error);
  g_autoptr(RdCustomer) customer = NULL;
  g_autoptr(RdCustomer) approved = NULL;
  g_autofree char *token = rd_token_new ();
  g_autofree char *token_hash = rd_token_hash (token);

  g_assert_no_error (error);
  customer = rd_portal_db_add_customer (rd_portal_get_db (portal), "customer@example.org",
                                        "Customer One", hash, &error);
  g_assert_no_error (error);
  approved = rd_portal_decide_customer (portal, customer->id, TRUE, admin, &error);
  g_assert_no_error (error);
  portal_csrf = rd_token_new ();
  g_assert (rd_portal_db_add_session (rd_portal_get_db (portal), token_hash, customer->id,
                                      portal_csrf,
                                      g_get_real_time () / G_USEC_PER_SEC + 86400, &error));
  portal_cookie = g_strdup_printf ("rdp_session=%s", token);
}

static gpointer
serve_cb (gpointer user_data)
{
  g_autoptr(GError) error = NULL;
  char *center_path;
  RdServerOptions options;
  RdPortalOptions portal_options;

  context = g_main_context_new ();
  g_main_context_push_thread_default (context);

  rd_server_options_init_default (&options);
  /* The cheapest hashes, and no limit a fuzzer's stream of requests would reach. */
  options.cost.opslimit = 1;
  options.cost.memlimit = 8192;
  options.sync_limit = 0;
  options.events_limit = 0;
  /* A window of one second: the limiters keep a time per attempt within their window. */
  options.login_limit_user = 1000000;
  options.login_limit_address = 1000000;
  options.login_window = 1;
  g_assert (rd_server_crypto_init (&error));
  g_assert (rd_password_set_dummy_cost (&options.cost, &error));

  db = rd_server_db_open (data_dir, &error);
  g_assert_no_error (error);
  merged = rd_server_sync_open (data_dir, &error);
  g_assert_no_error (error);
  center_path = g_build_filename (data_dir, "callcenter.db", NULL);
  center = rd_center_db_open (center_path, &error);
  g_assert_no_error (error);
  g_free (center_path);

  /* Scratch files: no waiting for the disk, and a small page cache that fills at once (a
   * cache still growing is "more mallocs than frees" for libFuzzer, which then runs a leak
   * scan after every input). */
  sqlite3_exec (rd_server_db_get_handle (db), "PRAGMA synchronous = OFF; PRAGMA cache_size = 64",
                NULL, NULL, NULL);
  sqlite3_exec (rd_store_get_db (rd_server_sync_get_store (merged)),
                "PRAGMA synchronous = OFF; PRAGMA cache_size = 64", NULL, NULL, NULL);

  server = rd_server_new (db, merged, &options);
  rd_server_set_center (server, center);
  desk = rd_agent_desk_new (center);
  rd_server_set_desk (server, desk);
  filer = rd_call_filer_new (center, merged, db, desk, data_dir);
  g_signal_connect_swapped (filer, "sequence", G_CALLBACK (rd_server_notify_sequence), server);
  cti = rd_cti_desk_new (center, merged, filer, data_dir);
  rd_server_set_cti (server, cti);

  rd_portal_options_init_default (&portal_options);
  portal_options.cost = options.cost;
  portal_options.limit_user = 1000000;
  portal_options.limit_address = 1000000;
  portal_options.window = 1;
  portal = rd_portal_new (data_dir, db, merged, &portal_options, &error);
  g_assert_no_error (error);
  rd_server_set_portal (server, portal);

  add_accounts (db, center, &options.cost);
  add_customer (portal, db, &options.cost);
  g_assert (rd_server_listen (server, "127.0.0.1:0", &port, &error));

  g_mutex_lock (&lock);
  started = TRUE;
  g_cond_broadcast (&ready);
  g_mutex_unlock (&lock);

  /* Serves until the process ends: the objects live as long. */
  for (;;)
    g_main_context_iteration (context, TRUE);
  return NULL;
}

static void
ensure_started (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *location = NULL;
  g_autofree char *form = NULL;
  g_autofree char *headers = NULL;
  guint status;

  if (data_dir != NULL)
    return;
  data_dir = g_dir_make_tmp ("rd-fuzz-api-XXXXXX", &error);
  g_assert_no_error (error);
  atexit (remove_data_dir);
  g_thread_unref (g_thread_new ("rd-fuzz-api", serve_cb, NULL));
  g_mutex_lock (&lock);
  while (!started)
    g_cond_wait (&ready, &lock);
  g_mutex_unlock (&lock);

  /* The customer's ticket, opened through the portal as a customer opens one. */
  headers = g_strdup_printf ("Cookie: %s\r\nContent-Type: application/x-www-form-urlencoded\r\n",
                             portal_cookie);
  form = g_strdup_printf ("csrf=%s&subject=Printer&text=It+is+on+fire", portal_csrf);
  status = rd_fuzz_api_request ("POST", "/portal/tickets/new", headers, form, strlen (form),
                                &location);
  g_assert_cmpuint (status, ==, 303);
  g_assert (location != NULL && g_str_has_prefix (location, "/portal/tickets/"));
  portal_ticket = g_strdup (location + strlen ("/portal/tickets/"));
}

const char *
rd_fuzz_api_agent_token (void)
{
  ensure_started ();
  return agent_token;
}

const char *
rd_fuzz_api_pbx_token (void)
{
  ensure_started ();
  return pbx_token;
}

const char *
rd_fuzz_api_portal_cookie (void)
{
  ensure_started ();
  return portal_cookie;
}

const char *
rd_fuzz_api_portal_csrf (void)
{
  ensure_started ();
  return portal_csrf;
}

const char *
rd_fuzz_api_portal_ticket (void)
{
  ensure_started ();
  return portal_ticket;
}

static gboolean
send_all (int         fd,
          const char *data,
          gsize       size)
{
  while (size > 0)
    {
      ssize_t n = send (fd, data, size, MSG_NOSIGNAL);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      data += n, size -= n;
    }
  return TRUE;
}

/* The value of header @name in the answer's head, or NULL. */
static char *
answer_header (const char *answer,
               const char *name)
{
  const char *end = strstr (answer, "\r\n\r\n");
  gsize len = strlen (name);

  for (const char *p = strstr (answer, "\r\n"); p != NULL && p < end; p = strstr (p + 2, "\r\n"))
    if (g_ascii_strncasecmp (p + 2, name, len) == 0 && p[2 + len] == ':')
      {
        const char *value = p + 2 + len + 1;

        while (*value == ' ')
          value++;
        return g_strndup (value, strcspn (value, "\r\n"));
      }
  return NULL;
}

guint
rd_fuzz_api_request (const char  *method,
                     const char  *path,
                     const char  *headers,
                     const void  *body,
                     size_t       size,
                     char       **location)
{
  struct sockaddr_in addr = { 0 };
  struct timeval tv = { 10, 0 };
  g_autoptr(GString) answer = g_string_new (NULL);
  g_autofree char *head = NULL;
  char buf[4096];
  guint status = 0;
  int sent_errno = 0, recv_errno = 0;
  ssize_t n;
  int fd;

  if (!started)
    ensure_started ();
  fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  g_assert (fd >= 0);
  setsockopt (fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  addr.sin_port = htons (port);
  while (connect (fd, (struct sockaddr *) &addr, sizeof addr) != 0 && errno != EISCONN)
    g_assert (errno == EINTR || errno == EALREADY);

  head = g_strdup_printf ("%s %s HTTP/1.1\r\nHost: 127.0.0.1:%u\r\nConnection: close\r\n"
                          "%sContent-Length: %" G_GSIZE_FORMAT "\r\n\r\n",
                          method, path, port, headers ? headers : "", size);
  if (!send_all (fd, head, strlen (head)) || !send_all (fd, body, size))
    sent_errno = errno;
  /* libFuzzer's -timeout is a SIGALRM each second: an interrupted read goes on. */
  while ((n = recv (fd, buf, sizeof buf, 0)) > 0 || (n < 0 && errno == EINTR))
    if (n > 0)
      g_string_append_len (answer, buf, n);
  if (n < 0)
    recv_errno = errno;
  close (fd);

  if (g_str_has_prefix (answer->str, "HTTP/1.1 ") && answer->len >= 12)
    status = (guint) g_ascii_strtoull (answer->str + 9, NULL, 10);
  if (location != NULL)
    *location = answer_header (answer->str, "Location");
  /* What the caller's finding needs to be understood. */
  if (status == 0)
    g_printerr ("rd-fuzz-api: %s %s: no answer (send: %s, receive: %s, %" G_GSIZE_FORMAT
                " bytes: %.200s)\n", method, path, sent_errno ? g_strerror (sent_errno) : "ok",
                recv_errno ? g_strerror (recv_errno) : "ok", answer->len, answer->str);
  return status;
}
