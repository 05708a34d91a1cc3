/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <sqlite3.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "rd-audio-sink.h"
#include "rd-test-server.h"

#include "rd-application.h"
#include "rd-secrets.h"
#include "rd-storage-error.h"
#include "rd-sync-client.h"
#include "rd-test-ui.h"
#include "rd-window.h"

/* Sign-in against a real ringdesk-server on 127.0.0.1 (RdTestServer from the
 * integration tests), with the real keyring: the test runs under
 * tests/run-with-keyring.sh. */

#define ALICE_PASSWORD "correct horse battery"

/* --- driving the app ------------------------------------------------------ */

typedef struct _SignInFixture SignInFixture;
typedef void (*Scenario) (SignInFixture *fixture, RdWindow *window);

struct _SignInFixture
{
  RdTestServer     *server;
  char             *tmp;
  char             *replica_dir;
  Scenario          scenario;
  RdWindow         *window;
};

static void
settle (SignInFixture *fixture)
{
  rd_test_ui_settle (GTK_WIDGET (fixture->window), 4);
}

static gboolean
stacks_still (gpointer data)
{
  GtkStack *main_stack = GTK_STACK (gtk_widget_get_template_child (data, RD_TYPE_WINDOW, "main_stack"));
  GtkStack *stack = GTK_STACK (gtk_widget_get_template_child (data, RD_TYPE_WINDOW, "stack"));

  return !gtk_stack_get_transition_running (main_stack) && !gtk_stack_get_transition_running (stack);
}

/* Past page transitions, so that a screenshot shows one page. */
static void
settle_page (SignInFixture *fixture)
{
  settle (fixture);
  g_assert_true (rd_test_ui_wait (stacks_still, fixture->window, 10000));
  settle (fixture);
}

static void
window_added_cb (GtkApplication *app,
                 GtkWindow      *window,
                 SignInFixture  *fixture)
{
  fixture->window = RD_WINDOW (window);
}

static void
activate_after_cb (GApplication  *app,
                   SignInFixture *fixture)
{
  settle (fixture);
  fixture->scenario (fixture, fixture->window);
  /* Let the focused entry see its focus-out before the window goes. */
  gtk_window_set_focus (GTK_WINDOW (fixture->window), NULL);
  settle (fixture);
  gtk_window_destroy (GTK_WINDOW (fixture->window));
}

static void
run_app (SignInFixture *fixture,
         Scenario       scenario,
         gboolean       with_server)
{
  g_autoptr(RdApplication) app = rd_application_new ();
  char *argv[] = { "ringdesk", "--replica", fixture->replica_dir, "--server", fixture->server->base_url, NULL };

  fixture->scenario = scenario;
  g_signal_connect (app, "window-added", G_CALLBACK (window_added_cb), fixture);
  g_signal_connect_after (app, "activate", G_CALLBACK (activate_after_cb), fixture);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), with_server ? 5 : 3, argv), ==, 0);
}

static void
fixture_setup (SignInFixture *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  fixture->server = rd_test_server_new (NULL);
  rd_test_server_add_user (fixture->server, "alice", "agent", NULL, ALICE_PASSWORD);
  fixture->tmp = g_dir_make_tmp ("rd-sign-in-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->replica_dir = g_build_filename (fixture->tmp, "replica", NULL);

  /* The memory settings backend lives as long as the process. */
  g_settings_reset (settings, "username");
  g_settings_reset (settings, "server-url");
  g_settings_reset (settings, "work-offline");
}

static void
fixture_teardown (SignInFixture *fixture,
                  gconstpointer  data)
{
  g_clear_pointer (&fixture->server, rd_test_server_free);
  rd_test_ui_remove_tree (fixture->tmp);
  g_free (fixture->replica_dir);
  g_free (fixture->tmp);
}

static void
click (RdWindow   *window,
       const char *button_name)
{
  GObject *button = gtk_widget_get_template_child (GTK_WIDGET (rd_window_get_sign_in_page (window)),
                                                   RD_TYPE_SIGN_IN_PAGE, button_name);

  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (button)));
  g_signal_emit_by_name (button, "clicked");
}

static gboolean
not_busy (gpointer data)
{
  return !rd_sign_in_page_get_busy (data);
}

static gboolean
signed_in (gpointer data)
{
  return !rd_window_get_signing_in (data);
}

/* --- tests --------------------------------------------------------------- */

static void
bad_password_scenario (SignInFixture *fixture,
                       RdWindow      *window)
{
  RdSignInPage *page = rd_window_get_sign_in_page (window);

  /* With a server and nothing kept, the sign-in page shows, filled in. */
  g_assert_true (rd_window_get_signing_in (window));
  rd_test_ui_save_screenshot (GTK_WIDGET (window), "screenshot-sign-in");

  rd_test_ui_type_into (window, "username_row", "alice");
  rd_test_ui_type_into (window, "password_row", "wrong");
  click (window, "sign_in_button");
  g_assert_true (rd_sign_in_page_get_busy (page));
  g_assert_true (rd_test_ui_wait (not_busy, page, 10000));

  /* The server's own message, shown on the page. */
  g_assert_nonnull (rd_sign_in_page_get_error (page));
  g_assert_true (rd_window_get_signing_in (window));
  settle (fixture);
  rd_test_ui_save_screenshot (GTK_WIDGET (window), "screenshot-sign-in-error");
}

static void
test_bad_password (SignInFixture *fixture,
                   gconstpointer  data)
{
  run_app (fixture, bad_password_scenario, TRUE);
}

static void
bad_url_scenario (SignInFixture *fixture,
                  RdWindow      *window)
{
  RdSignInPage *page = rd_window_get_sign_in_page (window);

  rd_test_ui_type_into (window, "server_row", "ftp://example.org");
  rd_test_ui_type_into (window, "username_row", "alice");
  click (window, "sign_in_button");

  /* Refused on the field, before any network. */
  g_assert_false (rd_sign_in_page_get_busy (page));
  g_assert_nonnull (rd_sign_in_page_get_error (page));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (page), RD_TYPE_SIGN_IN_PAGE, "server_row")),
                                           "error"));
}

static void
test_bad_url (SignInFixture *fixture,
              gconstpointer  data)
{
  run_app (fixture, bad_url_scenario, TRUE);
}

static void
sign_in_scenario (SignInFixture *fixture,
                  RdWindow      *window)
{
  rd_test_ui_type_into (window, "username_row", "alice");
  rd_test_ui_type_into (window, "password_row", ALICE_PASSWORD);
  click (window, "sign_in_button");
  g_assert_true (rd_test_ui_wait (signed_in, window, 10000));

  g_assert_nonnull (rd_server_session_get_token (rd_window_get_session (window)));
  g_assert_cmpstr (rd_server_session_get_role (rd_window_get_session (window)), ==, "agent");
  settle_page (fixture);
  rd_test_ui_save_screenshot (GTK_WIDGET (window), "screenshot-signed-in");
}

static void
auto_sign_in_scenario (SignInFixture *fixture,
                       RdWindow      *window)
{
  /* The password came from the keyring: no typing. */
  g_assert_true (rd_test_ui_wait (signed_in, window, 10000));
  g_assert_cmpstr (rd_server_session_get_username (rd_window_get_session (window)), ==, "alice");
}

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  char **password = user_data;
  g_autoptr(GError) error = NULL;

  *password = rd_secrets_lookup_finish (result, &error);
  g_assert_no_error (error);
  if (*password == NULL)
    *password = g_strdup ("");
}

static gboolean
pointer_set (gpointer data)
{
  return *(char **) data != NULL;
}

static void
test_sign_in_keeps_password (SignInFixture *fixture,
                             gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *password = NULL;
  g_autofree char *username = NULL;

  run_app (fixture, sign_in_scenario, TRUE);

  /* The account is remembered, and the password is in the real keyring. */
  username = g_settings_get_string (settings, "username");
  g_assert_cmpstr (username, ==, "alice");
  rd_secrets_lookup_async (RD_SECRET_ACCOUNT, fixture->server->base_url, "alice", NULL, lookup_cb, &password);
  g_assert_true (rd_test_ui_wait (pointer_set, &password, 10000));
  g_assert_cmpstr (password, ==, ALICE_PASSWORD);

  /* The next start signs in by itself. */
  run_app (fixture, auto_sign_in_scenario, TRUE);
}

static gboolean
sync_offline (gpointer data)
{
  return rd_sync_controller_get_state (data) == RD_SYNC_STATE_OFFLINE;
}

static gboolean
synced_once (gpointer data)
{
  RdSyncController *sync = rd_window_get_sync (data);

  return sync != NULL && rd_sync_controller_get_n_syncs (sync) > 0 &&
         rd_sync_controller_get_state (sync) == RD_SYNC_STATE_SYNCED;
}

static gboolean
events_websocket (gpointer data)
{
  return rd_sync_controller_get_events_mode (data) == RD_EVENTS_MODE_WEBSOCKET;
}

static gboolean
idle_sync (gpointer data)
{
  return rd_sync_controller_get_state (data) != RD_SYNC_STATE_SYNCING;
}

/* How many times @username logged in, from the server's own audit log. */
static gint64
server_logins (SignInFixture *fixture,
               const char    *username)
{
  g_autofree char *path = g_build_filename (fixture->server->data_dir, "server.db", NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*) FROM audit_log WHERE action = 'login' AND actor = ?",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, username, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

/* A second agent's replica, driven by the core's sync client (as
 * ringdesk-cli does): logs in as alice and syncs. */
static RdStore *
second_replica (SignInFixture  *fixture,
                RdSyncClient  **client)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_build_filename (fixture->tmp, "second", NULL);
  RdStore *store = rd_store_open_dir (dir, &error);

  g_assert_no_error (error);
  *client = rd_sync_client_new (store, fixture->server->base_url, &error);
  g_assert_no_error (error);
  g_assert_true (rd_sync_client_login (*client, "alice", ALICE_PASSWORD, NULL, &error));
  g_assert_no_error (error);
  return store;
}

static void
sync_scenario (SignInFixture *fixture,
               RdWindow      *window)
{
  g_autoptr(RdSyncClient) client = NULL;
  g_autoptr(RdStore) second = NULL;
  g_autoptr(RdRecord) contact = rd_record_new ("contacts");
  g_autoptr(RdRecord) changes = NULL;
  g_autoptr(GError) error = NULL;
  RdSyncStats stats = { 0 };
  RdSyncController *sync;
  guint n_syncs;

  rd_test_ui_type_into (window, "username_row", "alice");
  rd_test_ui_type_into (window, "password_row", ALICE_PASSWORD);
  click (window, "sign_in_button");
  g_assert_true (rd_test_ui_wait (signed_in, window, 10000));
  g_assert_true (rd_test_ui_wait (synced_once, window, 20000));
  sync = rd_window_get_sync (window);
  g_assert_true (g_str_has_prefix (rd_sync_controller_get_status_text (sync), "Synced at "));
  /* The sync worker took the sign-in's session over: one login, not two. */
  g_assert_cmpint (server_logins (fixture, "alice"), ==, 1);
  /* The timer cannot be what brings the change: an hour away. */
  rd_sync_controller_set_interval (sync, 3600);
  g_assert_true (rd_test_ui_wait (events_websocket, sync, 10000));
  g_assert_true (rd_test_ui_wait (idle_sync, sync, 10000));
  n_syncs = rd_sync_controller_get_n_syncs (sync);

  /* The other agent adds a contact and syncs it to the server… */
  second = second_replica (fixture, &client);
  rd_record_set_string (contact, "name", "Boris From Elsewhere");
  g_assert_true (rd_store_insert (second, contact, &error));
  g_assert_no_error (error);
  g_assert_true (rd_sync_client_sync (client, &stats, NULL, &error));
  g_assert_no_error (error);

  /* …and the server's announcement on the WebSocket brings it into this
   * window's list at once: no sync_now, no timer. */
  rd_window_show_page (window, "contacts");
  g_assert_true (rd_test_ui_wait_list (rd_window_get_list (window, "contacts"), 1, 10000));
  g_assert_cmpuint (rd_sync_controller_get_n_syncs (sync), >, n_syncs);
  g_assert_cmpint (rd_sync_controller_get_events_mode (sync), ==, RD_EVENTS_MODE_WEBSOCKET);
  settle_page (fixture);
  rd_test_ui_save_screenshot (GTK_WIDGET (window), "screenshot-live-sync");

  /* An edit here goes the other way. */
  rd_window_open_record (window, "contacts", rd_record_get_id (contact));
  {
    GtkWidget *row = rd_record_page_get_field_row (rd_window_get_record_page (window), "title");

    gtk_editable_set_text (GTK_EDITABLE (row), "Night Shift Lead");
    g_signal_emit_by_name (row, "apply");
  }
  for (int i = 0; i < 100; i++)
    {
      g_autoptr(RdRecord) seen = NULL;

      g_assert_true (rd_sync_client_sync (client, &stats, NULL, &error));
      g_assert_no_error (error);
      seen = rd_store_get (second, "contacts", rd_record_get_id (contact), &error);
      g_assert_no_error (error);
      if (g_strcmp0 (rd_record_get_string (seen, "title"), "Night Shift Lead") == 0)
        {
          changes = g_steal_pointer (&seen);
          break;
        }
      /* Let the window's sync run. */
      for (int j = 0; j < 20; j++)
        g_main_context_iteration (NULL, FALSE), g_usleep (5000);
    }
  g_assert_nonnull (changes);
  settle_page (fixture);
  rd_test_ui_save_screenshot (GTK_WIDGET (window), "screenshot-synced");

  /* The server goes away: the window says since when it is offline. */
  rd_test_server_stop (fixture->server);
  rd_sync_controller_sync_now (sync);
  g_assert_true (rd_test_ui_wait (sync_offline, sync, 20000));
  g_assert_true (g_str_has_prefix (rd_sync_controller_get_status_text (sync), "Offline since "));
}

static gboolean
sync_failed (gpointer data)
{
  return rd_sync_controller_get_state (data) == RD_SYNC_STATE_FAILED;
}

/* One count from the database at @path (read-only); @arg binds ?1 if not NULL. */
static gint64
count_rows (const char *path,
            const char *sql,
            const char *arg)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (arg != NULL)
    sqlite3_bind_text (stmt, 1, arg, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

/* The server's disk fills up (its merged.db may not grow: RD_SQLITE_MAX_PAGES, read by the
 * server started now, not by this process, which opened its stores before): the window
 * says so in the user's words, in Russian too; the edit waits in the outbox and goes out
 * once the server has space again. */
static void
server_full_scenario (SignInFixture *fixture,
                      RdWindow      *window)
{
  g_autoptr(RdStore) replica = NULL;
  g_autoptr(RdRecord) contact = rd_record_new ("contacts");
  g_autoptr(GError) error = NULL;
  g_autofree char *merged = g_build_filename (fixture->server->data_dir, "merged.db", NULL);
  g_autofree char *replica_db = g_build_filename (fixture->replica_dir, "replica.db", NULL);
  RdSyncController *sync;

  rd_test_ui_type_into (window, "username_row", "alice");
  rd_test_ui_type_into (window, "password_row", ALICE_PASSWORD);
  click (window, "sign_in_button");
  g_assert_true (rd_test_ui_wait (signed_in, window, 10000));
  g_assert_true (rd_test_ui_wait (synced_once, window, 20000));
  sync = rd_window_get_sync (window);
  rd_sync_controller_set_interval (sync, 3600);
  g_assert_true (rd_test_ui_wait (idle_sync, sync, 10000));

  rd_test_server_stop (fixture->server);
  g_setenv ("RD_SQLITE_MAX_PAGES", "1", TRUE);   /* no page more than it has */
  rd_test_server_start (fixture->server);
  g_unsetenv ("RD_SQLITE_MAX_PAGES");

  /* An edit in the replica, as the app's pages make them (same file, WAL). */
  replica = rd_store_open_dir (fixture->replica_dir, &error);
  g_assert_no_error (error);
  rd_record_set_string (contact, "name", "Kept While The Disk Was Full");
  for (int i = 0; i < 200; i++)
    {
      g_autoptr(RdRecord) more = rd_record_new ("contacts");
      g_autofree char *name = g_strdup_printf ("Filler %d with a long enough name to need pages", i);

      rd_record_set_string (more, "name", name);
      g_assert_true (rd_store_insert (replica, more, &error));
    }
  g_assert_true (rd_store_insert (replica, contact, &error));
  g_assert_no_error (error);

  rd_sync_controller_sync_now (sync);
  g_assert_true (rd_test_ui_wait (sync_failed, sync, 20000));
  g_assert_cmpstr (rd_sync_controller_get_status_text (sync), ==,
                   "Sync failed: The server cannot store data now (its disk is full). "
                   "Your changes are kept and sent later.");
  settle_page (fixture);
  rd_test_ui_save_screenshot (GTK_WIDGET (window), "screenshot-server-full");
  {
    g_autoptr(GError) full = g_error_new_literal (RD_SYNC_ERROR, RD_SYNC_ERROR_SERVER_FULL, "507");
    g_autoptr(GError) disk = g_error_new_literal (RD_STORE_ERROR, RD_STORE_ERROR_DISK_FULL, "full");

    g_assert_nonnull (setlocale (LC_ALL, "C.UTF-8"));
    g_setenv ("LANGUAGE", "ru", TRUE);
    bindtextdomain (GETTEXT_PACKAGE, RD_TEST_LOCALEDIR);
    bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
    textdomain (GETTEXT_PACKAGE);
    g_assert_cmpstr (rd_storage_error_text (full), ==,
                     "Сервер сейчас не может сохранять данные (его диск заполнен). "
                     "Ваши изменения сохранены и будут отправлены позже.");
    g_assert_true (g_str_has_prefix (rd_storage_error_text (disk), "Диск заполнен"));
    g_unsetenv ("LANGUAGE");
    textdomain (GETTEXT_PACKAGE);
  }
  g_assert_cmpint (count_rows (replica_db, "SELECT count(*) FROM outbox", NULL), >, 0);

  /* Space again: the same edits go out, nothing was lost. */
  rd_test_server_stop (fixture->server);
  rd_test_server_start (fixture->server);
  rd_sync_controller_sync_now (sync);
  g_assert_true (rd_test_ui_wait (synced_once, window, 20000));
  g_assert_cmpint (count_rows (merged, "SELECT count(*) FROM contacts WHERE name = ?",
                               "Kept While The Disk Was Full"), ==, 1);
}

static void
test_server_full (SignInFixture *fixture,
                  gconstpointer  data)
{
  run_app (fixture, server_full_scenario, TRUE);
}

static void
test_sync_second_replica (SignInFixture *fixture,
                          gconstpointer  data)
{
  run_app (fixture, sync_scenario, TRUE);
}

static gboolean
users_idle (gpointer data)
{
  return !rd_users_page_get_busy (data);
}

static void
admin_scenario (SignInFixture *fixture,
                RdWindow      *window)
{
  RdUsersPage *users = rd_window_get_users_page (window);
  g_autoptr(RdTestResponse) signup = NULL;
  g_autoptr(RdTestResponse) alice = NULL;
  g_autofree char *token = NULL;

  signup = rd_test_request_json (fixture->server, "POST", "/api/v1/signup", NULL,
                                 "{\"username\":\"newbie\",\"password\":\"a long enough secret\"}");
  g_assert_cmpuint (signup->status, <, 300);

  rd_test_ui_type_into (window, "username_row", "root");
  rd_test_ui_type_into (window, "password_row", ALICE_PASSWORD);
  click (window, "sign_in_button");
  g_assert_true (rd_test_ui_wait (signed_in, window, 10000));

  /* An admin sees Users: accounts and the sign-up waiting. */
  g_assert_true (rd_window_show_page (window, "users"));
  g_assert_true (rd_test_ui_wait (users_idle, users, 10000));
  g_assert_cmpuint (rd_users_page_get_n_users (users), ==, 2);
  g_assert_cmpuint (rd_users_page_get_n_signups (users), ==, 1);
  settle_page (fixture);
  rd_test_ui_save_screenshot (GTK_WIDGET (window), "screenshot-users");

  rd_users_page_approve (users, "newbie", "agent");
  g_assert_true (rd_test_ui_wait (users_idle, users, 10000));
  g_assert_cmpuint (rd_users_page_get_n_signups (users), ==, 0);
  g_assert_cmpuint (rd_users_page_get_n_users (users), ==, 3);

  rd_users_page_set_role (users, "alice", "manager");
  g_assert_true (rd_test_ui_wait (users_idle, users, 10000));
  rd_users_page_set_disabled (users, "alice", TRUE);
  g_assert_true (rd_test_ui_wait (users_idle, users, 10000));

  token = rd_test_login (fixture->server, "root", ALICE_PASSWORD);
  alice = rd_test_request (fixture->server, "GET", "/api/v1/users/alice", token, NULL, NULL, 0);
  g_assert_cmpuint (alice->status, ==, 200);
  g_assert_cmpstr (rd_test_response_string (alice, "role"), ==, "manager");
  g_assert_true (json_object_get_boolean_member (json_node_get_object (alice->body), "disabled"));
}

static void
test_admin_users (SignInFixture *fixture,
                  gconstpointer  data)
{
  rd_test_server_add_user (fixture->server, "root", "admin", NULL, ALICE_PASSWORD);
  run_app (fixture, admin_scenario, TRUE);
}

static void
offline_scenario (SignInFixture *fixture,
                  RdWindow      *window)
{
  g_assert_true (rd_window_get_signing_in (window));
  click (window, "offline_button");
  g_assert_false (rd_window_get_signing_in (window));
  g_assert_null (rd_window_get_session (window));
}

static void
test_work_offline (SignInFixture *fixture,
                   gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  run_app (fixture, offline_scenario, TRUE);
  g_assert_true (g_settings_get_boolean (settings, "work-offline"));
}

typedef struct
{
  gint64 seq;
  guint  n;
  gint64 past;
} Announced;

static void
announced_cb (RdEventsListener *events,
              gint64            seq,
              Announced        *announced)
{
  announced->seq = seq;
  announced->n++;
}

static gboolean
announced_past (gpointer data)
{
  Announced *announced = data;

  return announced->seq > announced->past;
}

static gboolean
announced_any (gpointer data)
{
  return ((Announced *) data)->n >= 1;
}

static gboolean
listener_in_mode (gpointer data)
{
  RdEventsListener *events = data;

  return rd_events_listener_get_mode (events) != RD_EVENTS_MODE_IDLE;
}

static gboolean
listener_idle (gpointer data)
{
  return rd_events_listener_get_mode (data) == RD_EVENTS_MODE_IDLE;
}

static gboolean
listener_on_socket (gpointer data)
{
  return rd_events_listener_get_mode (data) == RD_EVENTS_MODE_WEBSOCKET;
}

/* The listener on its own against the real server: the WebSocket, and the
 * long poll it falls back to, both announce a push from another replica;
 * the WebSocket comes back after a server restart. */
static void
test_events_listener (SignInFixture *fixture,
                      gconstpointer  data)
{
  for (int websocket = 1; websocket >= 0; websocket--)
    {
      g_autofree char *token = rd_test_login (fixture->server, "alice", ALICE_PASSWORD);
      g_autoptr(RdEventsListener) events = rd_events_listener_new (fixture->server->base_url, token);
      g_autoptr(RdSyncClient) client = NULL;
      g_autoptr(RdStore) second = NULL;
      g_autoptr(RdRecord) contact = rd_record_new ("contacts");
      g_autoptr(GError) error = NULL;
      g_autofree char *dir = g_strdup_printf ("%s/listener-%d", fixture->tmp, websocket);
      RdSyncStats stats = { 0 };
      Announced announced = { -1, 0, 0 };

      rd_events_listener_set_use_websocket (events, websocket);
      g_signal_connect (events, "sequence", G_CALLBACK (announced_cb), &announced);
      rd_events_listener_start (events);
      g_assert_true (rd_test_ui_wait (listener_in_mode, events, 10000));
      g_assert_cmpint (rd_events_listener_get_mode (events), ==,
                       websocket ? RD_EVENTS_MODE_WEBSOCKET : RD_EVENTS_MODE_LONG_POLL);
      /* The first announcement says where the server is now. */
      g_assert_true (rd_test_ui_wait (announced_any, &announced, 10000));
      g_assert_cmpint (announced.seq, >=, 0);
      announced.past = announced.seq;

      second = rd_store_open_dir (dir, &error);
      g_assert_no_error (error);
      client = rd_sync_client_new (second, fixture->server->base_url, &error);
      g_assert_no_error (error);
      g_assert_true (rd_sync_client_login (client, "alice", ALICE_PASSWORD, NULL, &error));
      rd_record_set_string (contact, "name", websocket ? "Via Socket" : "Via Long Poll");
      g_assert_true (rd_store_insert (second, contact, &error));
      g_assert_no_error (error);
      g_assert_true (rd_sync_client_sync (client, &stats, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (stats.pushed, >, 0);

      /* The push grew the server's log: announced without asking. */
      g_assert_true (rd_test_ui_wait (announced_past, &announced, 10000));
      g_assert_cmpint (rd_events_listener_get_sequence (events), ==, announced.seq);

      if (websocket)
        {
          g_autoptr(RdRecord) later = rd_record_new ("contacts");

          /* The server goes away and comes back on the same address: the
           * listener notices, retries with backoff and listens again. */
          rd_test_server_stop (fixture->server);
          g_assert_true (rd_test_ui_wait (listener_idle, events, 10000));
          rd_test_server_start (fixture->server);
          g_assert_true (rd_test_ui_wait (listener_on_socket, events, 30000));
          announced.past = announced.seq;
          rd_record_set_string (later, "name", "After The Restart");
          g_assert_true (rd_store_insert (second, later, &error));
          g_assert_true (rd_sync_client_sync (client, &stats, NULL, &error));
          g_assert_no_error (error);
          g_assert_true (rd_test_ui_wait (announced_past, &announced, 10000));
        }
      rd_events_listener_stop (events);
      g_assert_cmpint (rd_events_listener_get_mode (events), ==, RD_EVENTS_MODE_IDLE);
    }
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  /* No sound card here: a sink that keeps time like a speaker. */
  rd_audio_sink_set_default ("fakesink sync=true");

  g_test_add ("/ui/sign-in/bad-password", SignInFixture, NULL,
              fixture_setup, test_bad_password, fixture_teardown);
  g_test_add ("/ui/sign-in/bad-url", SignInFixture, NULL,
              fixture_setup, test_bad_url, fixture_teardown);
  g_test_add ("/ui/sign-in/keeps-password", SignInFixture, NULL,
              fixture_setup, test_sign_in_keeps_password, fixture_teardown);
  g_test_add ("/ui/sign-in/sync-second-replica", SignInFixture, NULL,
              fixture_setup, test_sync_second_replica, fixture_teardown);
  g_test_add ("/ui/sign-in/server-full", SignInFixture, NULL,
              fixture_setup, test_server_full, fixture_teardown);
  g_test_add ("/ui/sign-in/events-listener", SignInFixture, NULL,
              fixture_setup, test_events_listener, fixture_teardown);
  g_test_add ("/ui/sign-in/admin-users", SignInFixture, NULL,
              fixture_setup, test_admin_users, fixture_teardown);
  g_test_add ("/ui/sign-in/work-offline", SignInFixture, NULL,
              fixture_setup, test_work_offline, fixture_teardown);

  return g_test_run ();
}
