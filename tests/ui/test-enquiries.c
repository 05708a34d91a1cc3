/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <sqlite3.h>
#include <string.h>

#include "rd-test-server.h"

#include "rd-enquiries-window.h"
#include "rd-test-ui.h"

/* The Enquiries window against a real ringdesk-server: support (a member of the support
 * team) approves a customer's registration, sees the unaccepted Contact us enquiries, finds one by keyword, accepts, resolves,
 * returns it to the queue and rejects it, each change on the server with who made it; an
 * agent of another team sees the server's refusal and no enquiry. Enquiries are put into
 * the server's portal.db directly (the portal's form is tested in portal-http). */

#define PASSWORD "a long enough password"

typedef struct
{
  RdTestServer *server;
} EnquiriesFixture;

static void
seed (RdTestServer *server,
      const char   *id,
      const char   *name,
      const char   *message,
      gint64        created)
{
  g_autofree char *path = g_build_filename (server->data_dir, "portal.db", NULL);
  char *sql = sqlite3_mprintf ("INSERT INTO enquiries (id, name, email, message, created) "
                                          "VALUES (%Q, %Q, 'someone@example.org', %Q, %lld)",
                                          id, name, message, (long long) created);
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_free (sql);
  sqlite3_close (db);
}

/* A registration waiting for approval, as the portal's register form leaves it. */
static void
seed_customer (RdTestServer *server,
               const char   *email,
               const char   *name)
{
  g_autofree char *path = g_build_filename (server->data_dir, "portal.db", NULL);
  char *sql = sqlite3_mprintf ("INSERT INTO customers (email, name, created, password_hash) "
                               "VALUES (%Q, %Q, 1000, 'x')", email, name);
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_free (sql);
  sqlite3_close (db);
}

static void
fixture_setup (EnquiriesFixture *f,
               gconstpointer     data)
{
  f->server = rd_test_server_new (NULL);
  rd_test_server_add_user (f->server, "sue", "agent", "support", PASSWORD);
  rd_test_server_add_user (f->server, "sam", "agent", "sales", PASSWORD);
  seed (f->server, "0190a000-0000-7000-8000-000000000001", "Vic", "What are your wholesale prices?", 1000);
  seed (f->server, "0190a000-0000-7000-8000-000000000002", "Wes", "Do you ship to Kazan?", 2000);
  seed_customer (f->server, "ann@example.com", "Ann Customer");
}

static void
fixture_teardown (EnquiriesFixture *f,
                  gconstpointer     data)
{
  g_clear_pointer (&f->server, rd_test_server_free);
}

typedef struct {
  gboolean      done;
  gboolean      ok;
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

static RdServerSession *
session_for (EnquiriesFixture *f,
             const char       *user)
{
  RdServerSession *session = rd_server_session_new (f->server->base_url);
  SignIn s = { FALSE, FALSE };

  rd_server_session_sign_in_async (session, user, PASSWORD, NULL, signed_in_cb, &s);
  g_assert_true (rd_test_ui_wait (sign_in_done, &s, 10000));
  g_assert_true (s.ok);
  return session;
}

static gboolean
idle (gpointer data)
{
  return !rd_enquiries_window_get_busy (data);
}

static void
wait_idle (RdEnquiriesWindow *window)
{
  g_assert_true (rd_test_ui_wait (idle, window, 10000));
  rd_test_ui_settle (GTK_WIDGET (window), 2);
}

static void
click (RdEnquiriesWindow *window,
       const char        *name)
{
  GtkWidget *button = rd_test_ui_find_named (GTK_WIDGET (window), name);

  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  wait_idle (window);
  /* The action's own reload. */
  wait_idle (window);
}

static void
show_status (RdEnquiriesWindow *window,
             guint              position)
{
  adw_combo_row_set_selected (ADW_COMBO_ROW (gtk_widget_get_template_child (
    GTK_WIDGET (window), RD_TYPE_ENQUIRIES_WINDOW, "status_row")), position);
  wait_idle (window);
}

/* The enquiry @id as the server has it. */
static JsonObject *
server_enquiry (EnquiriesFixture *f,
                const char       *id)
{
  g_autofree char *token = rd_test_login (f->server, "sue", PASSWORD);
  g_autofree char *path = g_strconcat ("/api/v1/enquiries/", id, NULL);
  g_autoptr(RdTestResponse) r = rd_test_request_json (f->server, "GET", path, token, NULL);

  g_assert_cmpuint (r->status, ==, 200);
  return json_object_ref (json_node_get_object (r->body));
}

static void
assert_server (EnquiriesFixture *f,
               const char       *id,
               const char       *status,
               const char       *by)
{
  g_autoptr(JsonObject) enquiry = server_enquiry (f, id);

  g_assert_cmpstr (json_object_get_string_member (enquiry, "status"), ==, status);
  g_assert_cmpstr (json_object_get_string_member (enquiry, "handled_by"), ==, by);
}

static void
test_support (EnquiriesFixture *f,
              gconstpointer     data)
{
  g_autoptr(RdServerSession) session = session_for (f, "sue");
  RdEnquiriesWindow *window = rd_enquiries_window_new (NULL, session);
  const char *vic = "0190a000-0000-7000-8000-000000000001";
  GtkWidget *search = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window),
                                                                 RD_TYPE_ENQUIRIES_WINDOW,
                                                                 "search_entry"));

  gtk_window_present (GTK_WINDOW (window));
  wait_idle (window);
  g_assert_null (rd_enquiries_window_get_error (window));
  g_assert_cmpuint (rd_enquiries_window_get_n_shown (window), ==, 2);
  g_assert_cmpuint (rd_enquiries_window_get_n_registrations (window), ==, 1);
  rd_test_ui_save_screenshot (GTK_WIDGET (window), "screenshot-enquiries");

  click (window, "approve:1");
  g_assert_cmpuint (rd_enquiries_window_get_n_registrations (window), ==, 0);
  {
    g_autofree char *token = rd_test_login (f->server, "sue", PASSWORD);
    g_autoptr(RdTestResponse) r = rd_test_request_json (f->server, "GET",
                                                        "/api/v1/customers?status=approved",
                                                        token, NULL);
    JsonArray *customers = json_object_get_array_member (json_node_get_object (r->body), "customers");
    JsonObject *ann = json_array_get_object_element (customers, 0);

    g_assert_cmpuint (json_array_get_length (customers), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (ann, "decided_by"), ==, "sue");
    g_assert_nonnull (json_object_get_string_member (ann, "contact_id"));
  }

  gtk_editable_set_text (GTK_EDITABLE (search), "wholesale");
  rd_enquiries_window_reload (window);
  wait_idle (window);
  g_assert_cmpuint (rd_enquiries_window_get_n_shown (window), ==, 1);

  click (window, "accept:0190a000-0000-7000-8000-000000000001");
  assert_server (f, vic, "accepted", "sue");
  g_assert_cmpuint (rd_enquiries_window_get_n_shown (window), ==, 0);

  show_status (window, 1);                     /* Accepted */
  g_assert_cmpuint (rd_enquiries_window_get_n_shown (window), ==, 1);
  rd_test_ui_save_screenshot (GTK_WIDGET (window), "screenshot-enquiries-accepted");
  click (window, "resolve:0190a000-0000-7000-8000-000000000001");
  assert_server (f, vic, "resolved", "sue");

  show_status (window, 2);                     /* Resolved */
  click (window, "unaccept:0190a000-0000-7000-8000-000000000001");
  assert_server (f, vic, "unaccepted", NULL);

  show_status (window, 0);                     /* back in the queue */
  g_assert_cmpuint (rd_enquiries_window_get_n_shown (window), ==, 1);
  click (window, "reject:0190a000-0000-7000-8000-000000000001");
  assert_server (f, vic, "rejected", "sue");

  gtk_editable_set_text (GTK_EDITABLE (search), "");
  show_status (window, 4);                     /* All */
  g_assert_cmpuint (rd_enquiries_window_get_n_shown (window), ==, 2);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_agent_refused (EnquiriesFixture *f,
                    gconstpointer     data)
{
  g_autoptr(RdServerSession) session = session_for (f, "sam");
  RdEnquiriesWindow *window = rd_enquiries_window_new (NULL, session);

  gtk_window_present (GTK_WINDOW (window));
  wait_idle (window);
  g_assert_nonnull (rd_enquiries_window_get_error (window));
  g_assert_nonnull (strstr (rd_enquiries_window_get_error (window), "support"));
  g_assert_cmpuint (rd_enquiries_window_get_n_shown (window), ==, 0);
  g_assert_cmpuint (rd_enquiries_window_get_n_registrations (window), ==, 0);
  rd_test_ui_save_screenshot (GTK_WIDGET (window), "screenshot-enquiries-refused");
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_russian (EnquiriesFixture *f,
              gconstpointer     data)
{
  g_autoptr(RdServerSession) session = NULL;
  RdEnquiriesWindow *window;
  AdwPreferencesGroup *registrations;

  g_assert_nonnull (setlocale (LC_ALL, "C.UTF-8"));
  g_setenv ("LANGUAGE", "ru", TRUE);
  bindtextdomain (GETTEXT_PACKAGE, RD_TEST_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);   /* forget the catalogues looked up so far */

  session = session_for (f, "sue");
  window = rd_enquiries_window_new (NULL, session);
  gtk_window_present (GTK_WINDOW (window));
  wait_idle (window);
  registrations = ADW_PREFERENCES_GROUP (gtk_widget_get_template_child (
    GTK_WIDGET (window), RD_TYPE_ENQUIRIES_WINDOW, "registrations_group"));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Обращения с сайта");
  g_assert_cmpstr (adw_preferences_group_get_title (registrations), ==, "Регистрации, ждущие одобрения");
  g_assert_nonnull (rd_test_ui_find_named (GTK_WIDGET (window), "accept:0190a000-0000-7000-8000-000000000002"));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (rd_test_ui_find_named (
    GTK_WIDGET (window), "accept:0190a000-0000-7000-8000-000000000002"))), ==, "Принять");
  rd_test_ui_save_screenshot (GTK_WIDGET (window), "screenshot-enquiries-russian");
  gtk_window_destroy (GTK_WINDOW (window));

  g_unsetenv ("LANGUAGE");
  textdomain (GETTEXT_PACKAGE);
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/ui/enquiries/support", EnquiriesFixture, NULL, fixture_setup, test_support,
              fixture_teardown);
  g_test_add ("/ui/enquiries/agent-refused", EnquiriesFixture, NULL, fixture_setup,
              test_agent_refused, fixture_teardown);
  g_test_add ("/ui/enquiries/russian", EnquiriesFixture, NULL, fixture_setup, test_russian,
              fixture_teardown);

  return g_test_run ();
}
