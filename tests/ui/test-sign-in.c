/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "rd-application.h"
#include "rd-secrets.h"
#include "rd-test-ui.h"
#include "rd-window.h"

/* Sign-in against POST /api/v1/session, with the real keyring (the test runs
 * under tests/run-with-keyring.sh).
 *
 * FakeSessionServer: the server branch's ringdesk-server is not merged into
 * this branch yet, so a SoupServer on 127.0.0.1 answers the documented
 * session call (docs/api.md): alice/secret gets a token, anything else 401
 * with a JSON {error, message}. Replace with the real server once merged. */

typedef struct
{
  SoupServer *server;
  char       *url;
  guint       sign_ins;
} FakeSessionServer;

static void
fake_session_cb (SoupServer        *server,
                 SoupServerMessage *message,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  FakeSessionServer *fake = user_data;
  SoupMessageBody *body = soup_server_message_get_request_body (message);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

  if (g_strcmp0 (soup_server_message_get_method (message), "POST") != 0)
    {
      soup_server_message_set_status (message, 405, NULL);
      return;
    }

  fake->sign_ins++;
  if (strstr (text, "\"username\":\"alice\"") && strstr (text, "\"password\":\"secret\""))
    {
      const char *reply = "{\"token\":\"t0k3n\",\"expires\":\"2030-01-01T00:00:00Z\","
                          "\"user\":{\"username\":\"alice\",\"role\":\"agent\"}}";

      soup_server_message_set_status (message, 200, NULL);
      soup_server_message_set_response (message, "application/json", SOUP_MEMORY_STATIC,
                                        reply, strlen (reply));
    }
  else
    {
      const char *reply = "{\"error\":\"unauthorized\",\"message\":\"Wrong user name or password\"}";

      soup_server_message_set_status (message, 401, NULL);
      soup_server_message_set_response (message, "application/json", SOUP_MEMORY_STATIC,
                                        reply, strlen (reply));
    }
}

static void
fake_server_start (FakeSessionServer *fake)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSList) uris = NULL;

  fake->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (fake->server, "/api/v1/session", fake_session_cb, fake, NULL);
  g_assert_true (soup_server_listen_local (fake->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (fake->server);
  fake->url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);
}

static void
fake_server_stop (FakeSessionServer *fake)
{
  soup_server_disconnect (fake->server);
  g_clear_object (&fake->server);
  g_clear_pointer (&fake->url, g_free);
}

/* --- driving the app ------------------------------------------------------ */

typedef struct _SignInFixture SignInFixture;
typedef void (*Scenario) (SignInFixture *fixture, RdWindow *window);

struct _SignInFixture
{
  FakeSessionServer fake;
  char             *tmp;
  char             *replica_dir;
  Scenario          scenario;
  RdWindow         *window;
  guint             frames;
  guint             target;
};

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  SignInFixture *fixture = user_data;

  fixture->frames++;
  return G_SOURCE_CONTINUE;
}

static gboolean
frames_done (gpointer data)
{
  SignInFixture *fixture = data;

  return fixture->frames >= fixture->target;
}

static void
settle (SignInFixture *fixture)
{
  fixture->target = fixture->frames + 4;
  g_assert_true (rd_test_ui_wait (frames_done, fixture, 10000));
}

static void
window_added_cb (GtkApplication *app,
                 GtkWindow      *window,
                 SignInFixture  *fixture)
{
  fixture->window = RD_WINDOW (window);
  gtk_widget_add_tick_callback (GTK_WIDGET (window), tick_cb, fixture, NULL);
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
  char *argv[] = { "ringdesk", "--replica", fixture->replica_dir, "--server", fixture->fake.url, NULL };

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

  fake_server_start (&fixture->fake);
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
  fake_server_stop (&fixture->fake);
  g_rmdir (fixture->replica_dir);
  g_rmdir (fixture->tmp);
  g_free (fixture->replica_dir);
  g_free (fixture->tmp);
}

static void
type_into (RdWindow   *window,
           const char *row_name,
           const char *text)
{
  GObject *row = gtk_widget_get_template_child (GTK_WIDGET (rd_window_get_sign_in_page (window)),
                                                RD_TYPE_SIGN_IN_PAGE, row_name);

  g_assert_nonnull (row);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
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

  type_into (window, "username_row", "alice");
  type_into (window, "password_row", "wrong");
  click (window, "sign_in_button");
  g_assert_true (rd_sign_in_page_get_busy (page));
  g_assert_true (rd_test_ui_wait (not_busy, page, 10000));

  g_assert_cmpstr (rd_sign_in_page_get_error (page), ==, "Wrong user name or password");
  g_assert_true (rd_window_get_signing_in (window));
  settle (fixture);
  rd_test_ui_save_screenshot (GTK_WIDGET (window), "screenshot-sign-in-error");
}

static void
test_bad_password (SignInFixture *fixture,
                   gconstpointer  data)
{
  run_app (fixture, bad_password_scenario, TRUE);
  g_assert_cmpuint (fixture->fake.sign_ins, ==, 1);
}

static void
bad_url_scenario (SignInFixture *fixture,
                  RdWindow      *window)
{
  RdSignInPage *page = rd_window_get_sign_in_page (window);

  type_into (window, "server_row", "ftp://example.org");
  type_into (window, "username_row", "alice");
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
  g_assert_cmpuint (fixture->fake.sign_ins, ==, 0);
}

static void
sign_in_scenario (SignInFixture *fixture,
                  RdWindow      *window)
{
  type_into (window, "username_row", "alice");
  type_into (window, "password_row", "secret");
  click (window, "sign_in_button");
  g_assert_true (rd_test_ui_wait (signed_in, window, 10000));

  g_assert_cmpstr (rd_server_session_get_token (rd_window_get_session (window)), ==, "t0k3n");
  g_assert_cmpstr (rd_server_session_get_role (rd_window_get_session (window)), ==, "agent");
  /* Past the crossfade from the sign-in page. */
  for (int i = 0; i < 6; i++)
    settle (fixture);
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
  g_assert_cmpuint (fixture->fake.sign_ins, ==, 1);

  /* The account is remembered, and the password is in the real keyring. */
  username = g_settings_get_string (settings, "username");
  g_assert_cmpstr (username, ==, "alice");
  rd_secrets_lookup_async (RD_SECRET_ACCOUNT, fixture->fake.url, "alice", NULL, lookup_cb, &password);
  g_assert_true (rd_test_ui_wait (pointer_set, &password, 10000));
  g_assert_cmpstr (password, ==, "secret");

  /* The next start signs in by itself. */
  run_app (fixture, auto_sign_in_scenario, TRUE);
  g_assert_cmpuint (fixture->fake.sign_ins, ==, 2);
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
  g_assert_cmpuint (fixture->fake.sign_ins, ==, 0);
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);

  g_test_add ("/ui/sign-in/bad-password", SignInFixture, NULL,
              fixture_setup, test_bad_password, fixture_teardown);
  g_test_add ("/ui/sign-in/bad-url", SignInFixture, NULL,
              fixture_setup, test_bad_url, fixture_teardown);
  g_test_add ("/ui/sign-in/keeps-password", SignInFixture, NULL,
              fixture_setup, test_sign_in_keeps_password, fixture_teardown);
  g_test_add ("/ui/sign-in/work-offline", SignInFixture, NULL,
              fixture_setup, test_work_offline, fixture_teardown);

  return g_test_run ();
}
