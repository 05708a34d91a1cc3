/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "rd-application.h"
#include "rd-record-page.h"
#include "rd-test-server.h"
#include "rd-test-ui.h"

/* A portal ticket's thread end to end, in the signed-in app against a real ringdesk-server:
 * a customer registers on the portal (a libsoup session with cookies, the forms' CSRF
 * tokens), is approved through the API, raises a ticket and writes in its thread; the agent's
 * app gets the ticket by sync, shows the message in the ticket's timeline, answers in the
 * ticket page's reply row, and the answer reaches the customer's thread.json; the customer's
 * next message appears in the open timeline by itself (events, then a sync). */

#define PASSWORD "correct horse battery"

typedef struct
{
  RdTestServer *server;
  SoupSession  *customer;
  char         *tmp;
  char         *replica_dir;
  char         *ticket_id;
  RdWindow     *window;
} ThreadFixture;

/* ---- the customer's browser-less visits ------------------------------------------------ */

static char *
portal_send (ThreadFixture *f,
             const char    *method,
             const char    *path,
             const char    *form,
             guint         *status,
             char         **location)
{
  g_autofree char *url = g_strconcat (f->server->base_url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  if (form != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (form, strlen (form));

      soup_message_set_request_body_from_bytes (msg, "application/x-www-form-urlencoded", bytes);
    }
  body = soup_session_send_and_read (f->customer, msg, NULL, &error);
  g_assert_no_error (error);
  if (status != NULL)
    *status = soup_message_get_status (msg);
  if (location != NULL)
    *location = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                        "Location"));
  return g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
}

/* The CSRF token on the page at @path. */
static char *
csrf_of (ThreadFixture *f,
         const char    *path)
{
  g_autofree char *page = portal_send (f, "GET", path, NULL, NULL, NULL);
  const char *at = strstr (page, "name=\"csrf\" value=\"");

  g_assert_nonnull (at);
  at += strlen ("name=\"csrf\" value=\"");
  return g_strndup (at, strchr (at, '"') - at);
}

static void
portal_post (ThreadFixture *f,
             const char    *form_page,
             const char    *action,
             const char    *fields,
             guint          expected,
             char         **location)
{
  g_autofree char *csrf = csrf_of (f, form_page);
  g_autofree char *form = g_strdup_printf ("csrf=%s&%s", csrf, fields);
  g_autofree char *page = NULL;
  guint status = 0;

  page = portal_send (f, "POST", action, form, &status, location);
  g_assert_cmpuint (status, ==, expected);
}

static void
approve (ThreadFixture *f)
{
  g_autofree char *token = rd_test_login (f->server, "boss", PASSWORD);
  g_autoptr(RdTestResponse) list = rd_test_request_json (f->server, "GET",
                                                         "/api/v1/customers?status=pending",
                                                         token, NULL);
  JsonArray *customers = json_object_get_array_member (json_node_get_object (list->body), "customers");
  g_autofree char *path = NULL;
  g_autoptr(RdTestResponse) done = NULL;

  g_assert_cmpuint (json_array_get_length (customers), ==, 1);
  path = g_strdup_printf ("/api/v1/customers/%" G_GINT64_FORMAT "/approve",
                          json_object_get_int_member (json_array_get_object_element (customers, 0), "id"));
  done = rd_test_request_json (f->server, "POST", path, token, NULL);
  g_assert_cmpuint (done->status, ==, 200);
}

static void
fixture_setup (ThreadFixture *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *location = NULL;

  f->tmp = g_dir_make_tmp ("rd-ui-portal-XXXXXX", &error);
  g_assert_no_error (error);
  f->replica_dir = g_build_filename (f->tmp, "replica", NULL);
  f->server = rd_test_server_new (NULL);
  rd_test_server_add_user (f->server, "boss", "admin", NULL, PASSWORD);
  rd_test_server_add_user (f->server, "sam", "agent", "support", PASSWORD);

  f->customer = soup_session_new ();
  soup_session_add_feature_by_type (f->customer, SOUP_TYPE_COOKIE_JAR);
  portal_post (f, "/portal/register", "/portal/register",
               "name=Ann+Customer&email=ann%40example.com&password=ann-secret-1", 202, NULL);
  approve (f);
  portal_post (f, "/portal/signin", "/portal/signin",
               "email=ann%40example.com&password=ann-secret-1", 303, NULL);
  portal_post (f, "/portal/tickets/new", "/portal/tickets/new",
               "subject=The+printer+is+silent&text=It+prints+nothing.", 303, &location);
  g_assert_true (g_str_has_prefix (location, "/portal/tickets/"));
  f->ticket_id = g_strdup (location + strlen ("/portal/tickets/"));
  {
    g_autofree char *thread = g_strconcat (location, "/messages", NULL);

    portal_post (f, location, thread, "text=Any+news%3F", 303, NULL);
  }

  g_settings_reset (settings, "username");
  g_settings_reset (settings, "server-url");
  g_settings_reset (settings, "work-offline");
}

static void
fixture_teardown (ThreadFixture *f,
                  gconstpointer  data)
{
  g_clear_object (&f->customer);
  g_clear_pointer (&f->server, rd_test_server_free);
  rd_test_ui_remove_tree (f->tmp);
  g_free (f->replica_dir);
  g_free (f->ticket_id);
  g_free (f->tmp);
}

/* ---- waits ----------------------------------------------------------------------------- */

static gboolean
has_ticket (gpointer data)
{
  ThreadFixture *f = data;
  RdStore *store = rd_window_get_store (f->window);
  g_autoptr(RdRecord) ticket = store ? rd_store_get (store, "tickets", f->ticket_id, NULL) : NULL;

  return ticket != NULL;
}

static gboolean
label_shows (GtkWidget  *widget,
             const char *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_is_drawable (widget) &&
      g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    if (label_shows (child, text))
      return TRUE;
  return FALSE;
}

typedef struct {
  ThreadFixture *f;
  const char    *text;
} Wait;

static gboolean
timeline_shows (gpointer data)
{
  Wait *w = data;

  return label_shows (GTK_WIDGET (rd_window_get_record_page (w->f->window)), w->text);
}

static gboolean
customer_sees (gpointer data)
{
  Wait *w = data;
  g_autofree char *path = g_strdup_printf ("/portal/tickets/%s/thread.json", w->f->ticket_id);
  g_autofree char *json = portal_send (w->f, "GET", path, NULL, NULL, NULL);

  return strstr (json, w->text) != NULL;
}

static gboolean
transitions_done (gpointer data)
{
  GtkStack *main_stack = GTK_STACK (gtk_widget_get_template_child (data, RD_TYPE_WINDOW, "main_stack"));
  GtkStack *pages = GTK_STACK (gtk_widget_get_template_child (data, RD_TYPE_WINDOW, "stack"));

  return !gtk_stack_get_transition_running (main_stack) && !gtk_stack_get_transition_running (pages);
}

static void
show_timeline (RdWindow *window)
{
  GtkScrolledWindow *scroller = GTK_SCROLLED_WINDOW (gtk_widget_get_template_child (
    GTK_WIDGET (rd_window_get_record_page (window)), RD_TYPE_RECORD_PAGE, "scroller"));
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (scroller);

  g_assert_true (rd_test_ui_wait (transitions_done, window, 5000));
  rd_test_ui_settle (GTK_WIDGET (window), 2);
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  rd_test_ui_settle (GTK_WIDGET (window), 4);
}

static void
scenario (ThreadFixture *f)
{
  RdRecordPage *page = rd_window_get_record_page (f->window);
  GtkWidget *reply;
  Wait wait = { f, "Any news?" };
  g_autofree char *thread = g_strdup_printf ("/portal/tickets/%s", f->ticket_id);
  g_autofree char *post = g_strconcat (thread, "/messages", NULL);

  g_assert_true (rd_test_ui_sign_in (f->window, "sam", PASSWORD, 10000));
  g_assert_true (rd_test_ui_wait (has_ticket, f, 20000));
  rd_window_open_record (f->window, "tickets", f->ticket_id);
  g_assert_true (rd_test_ui_wait (timeline_shows, &wait, 10000));

  reply = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (page), RD_TYPE_RECORD_PAGE,
                                                      "reply_row"));
  g_assert_true (gtk_widget_get_visible (reply));
  gtk_editable_set_text (GTK_EDITABLE (reply), "Replace the drum.");
  g_signal_emit_by_name (reply, "apply");
  wait.text = "Replace the drum.";
  g_assert_true (rd_test_ui_wait (timeline_shows, &wait, 10000));
  /* Pushed by the app's sync, shown in the customer's thread. */
  g_assert_true (rd_test_ui_wait (customer_sees, &wait, 30000));

  /* The customer answers; the open timeline gets it without anyone touching the app. */
  portal_post (f, thread, post, "text=Thanks%2C+it+works.", 303, NULL);
  wait.text = "Thanks, it works.";
  g_assert_true (rd_test_ui_wait (timeline_shows, &wait, 30000));
  show_timeline (f->window);
  g_assert_cmpuint (rd_test_ui_save_screenshot (GTK_WIDGET (f->window), "screenshot-portal-thread"), >, 20);
}

/* The test's scenario on the app's window. */
static void
scenario_cb (RdWindow *window,
             gpointer  data)
{
  ThreadFixture *f = data;

  f->window = window;
  scenario (f);
}

static void
test_thread (ThreadFixture *f,
             gconstpointer  data)
{
  char *argv[] = { "ringdesk", "--replica", f->replica_dir, "--server", f->server->base_url, NULL };

  rd_test_ui_run_app (argv, scenario_cb, f);
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);

  g_test_add ("/ui/portal-thread/answer-and-live", ThreadFixture, NULL, fixture_setup,
              test_thread, fixture_teardown);
  return g_test_run ();
}
