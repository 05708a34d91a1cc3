/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rd-test-server.h"

#include "rd-preferences-window.h"
#include "rd-server-session.h"
#include "rd-test-ui.h"

/* One's own password in Preferences against a real ringdesk-server: the server asks for the
 * current password, so the window does; a wrong one is shown on its row and changes
 * nothing; the right one changes it, and the session signs in again with the new one. */

#define OLD_PASSWORD "old-password-1"
#define NEW_PASSWORD "new-password-2"

typedef struct {
  RdTestServer        *server;
  RdServerSession     *session;
  RdPreferencesWindow *window;
  char                *changed_to;
} Fixture;

typedef struct {
  gboolean done;
  gboolean ok;
} SignIn;

static void
signed_in_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  SignIn *s = data;

  s->ok = rd_server_session_sign_in_finish (RD_SERVER_SESSION (source), result, NULL);
  s->done = TRUE;
}

static gboolean
sign_in_done (gpointer data)
{
  return ((SignIn *) data)->done;
}

static void
password_changed_cb (RdPreferencesWindow *window,
                     const char          *password,
                     Fixture             *f)
{
  g_free (f->changed_to);
  f->changed_to = g_strdup (password);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  SignIn s = { FALSE, FALSE };

  f->server = rd_test_server_new (NULL);
  rd_test_server_add_user (f->server, "alice", "agent", "sales", OLD_PASSWORD);
  f->session = rd_server_session_new (f->server->base_url);
  rd_server_session_sign_in_async (f->session, "alice", OLD_PASSWORD, NULL, signed_in_cb, &s);
  g_assert_true (rd_test_ui_wait (sign_in_done, &s, 10000));
  g_assert_true (s.ok);

  f->window = rd_preferences_window_new (NULL);
  g_signal_connect (f->window, "password-changed", G_CALLBACK (password_changed_cb), f);
  gtk_window_present (GTK_WINDOW (f->window));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->session);
  g_clear_pointer (&f->changed_to, g_free);
  g_clear_pointer (&f->server, rd_test_server_free);
}

static GtkWidget *
child (Fixture    *f,
       const char *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (f->window),
                                                    RD_TYPE_PREFERENCES_WINDOW, name));
}

static gboolean
group_sensitive (gpointer data)
{
  return gtk_widget_get_sensitive (data);
}

/* Types the three rows, applies, and waits until the window is done with the server. */
static void
change (Fixture    *f,
        const char *current,
        const char *password,
        const char *repeated)
{
  gtk_editable_set_text (GTK_EDITABLE (child (f, "current_password_row")), current);
  gtk_editable_set_text (GTK_EDITABLE (child (f, "new_password_row")), password);
  gtk_editable_set_text (GTK_EDITABLE (child (f, "repeat_password_row")), repeated);
  g_signal_emit_by_name (child (f, "repeat_password_row"), "apply");
  g_assert_true (rd_test_ui_wait (group_sensitive, child (f, "password_group"), 15000));
  rd_test_ui_settle (GTK_WIDGET (f->window), 2);
}

static gboolean
logs_in (Fixture    *f,
         const char *password)
{
  g_autofree char *body = g_strdup_printf ("{\"username\": \"alice\", \"password\": \"%s\"}", password);
  g_autoptr(RdTestResponse) r = rd_test_request_json (f->server, "POST", "/api/v1/session", NULL, body);

  return r->status == 200;
}

static void
test_hidden_offline (Fixture       *f,
                     gconstpointer  data)
{
  g_assert_false (gtk_widget_get_visible (child (f, "password_group")));
  rd_preferences_window_set_session (f->window, f->session);
  g_assert_true (gtk_widget_get_visible (child (f, "password_group")));
  rd_preferences_window_set_session (f->window, NULL);
  g_assert_false (gtk_widget_get_visible (child (f, "password_group")));
}

static void
test_change (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *old_token = g_strdup (rd_server_session_get_token (f->session));

  rd_preferences_window_set_session (f->window, f->session);

  /* Checked in the window: nothing goes to the server. */
  change (f, "", NEW_PASSWORD, NEW_PASSWORD);
  g_assert_true (gtk_widget_has_css_class (child (f, "current_password_row"), "error"));
  change (f, OLD_PASSWORD, "short", "short");
  g_assert_true (gtk_widget_has_css_class (child (f, "new_password_row"), "error"));
  change (f, OLD_PASSWORD, NEW_PASSWORD, "new-password-3");
  g_assert_true (gtk_widget_has_css_class (child (f, "repeat_password_row"), "error"));

  /* The server refuses a wrong current password: nothing changes. */
  change (f, "not-the-password", NEW_PASSWORD, NEW_PASSWORD);
  g_assert_true (gtk_widget_has_css_class (child (f, "current_password_row"), "error"));
  g_assert_null (f->changed_to);
  rd_test_ui_save_screenshot (GTK_WIDGET (f->window), "screenshot-change-password-wrong");
  g_assert_true (logs_in (f, OLD_PASSWORD));

  /* The right one: changed, and the session signed in again with the new password. */
  change (f, OLD_PASSWORD, NEW_PASSWORD, NEW_PASSWORD);
  g_assert_cmpstr (f->changed_to, ==, NEW_PASSWORD);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (f, "current_password_row"))), ==, "");
  g_assert_false (logs_in (f, OLD_PASSWORD));
  g_assert_true (logs_in (f, NEW_PASSWORD));
  g_assert_cmpstr (rd_server_session_get_token (f->session), !=, old_token);
  {
    g_autoptr(RdTestResponse) r = rd_test_request (f->server, "GET", "/api/v1/session",
                                                   rd_server_session_get_token (f->session),
                                                   NULL, NULL, 0);
    g_autoptr(RdTestResponse) old = rd_test_request (f->server, "GET", "/api/v1/session",
                                                     old_token, NULL, NULL, 0);

    g_assert_cmpuint (r->status, ==, 200);
    g_assert_cmpuint (old->status, ==, 401);
  }
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/ui/change-password/hidden-offline", Fixture, NULL, fixture_setup,
              test_hidden_offline, fixture_teardown);
  g_test_add ("/ui/change-password/change", Fixture, NULL, fixture_setup, test_change,
              fixture_teardown);

  return g_test_run ();
}
