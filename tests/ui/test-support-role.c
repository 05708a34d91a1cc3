/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <sqlite3.h>

#include "rd-test-server.h"
#include "rd-test-ui.h"
#include "rd-users-page.h"

/* The support role in the app against a real ringdesk-server: an admin makes an agent a
 * support account on the Users page (the role's combo), the server holds it; the support
 * account signs in and sees contacts and tickets but no Leads, Deals, Pipeline or
 * Campaigns page, and its replica holds the team's ticket and no lead (the server's rule;
 * test-server-support covers it in depth). In English and in Russian. */

#define PASSWORD "correct horse battery"

typedef struct
{
  RdTestServer *server;
  char         *tmp;
  char         *replica_dir;
  gboolean      russian;
  RdWindow     *window;
} SupportFixture;

static void
fixture_setup (SupportFixture *f,
               gconstpointer   data)
{
  g_autoptr(GError) error = NULL;

  f->server = rd_test_server_new (NULL);
  rd_test_server_add_user (f->server, "root", "admin", NULL, PASSWORD);
  rd_test_server_add_user (f->server, "sara", "agent", "help", PASSWORD);
  f->tmp = g_dir_make_tmp ("rd-support-XXXXXX", &error);
  g_assert_no_error (error);
  f->replica_dir = g_build_filename (f->tmp, "replica", NULL);

  /* A lead and a ticket, both owned by keys sara sees. */
  {
    g_autoptr(RdTestReplica) root = rd_test_replica_new (f->server, "root", PASSWORD);
    g_autoptr(RdRecord) lead = rd_record_new ("leads");
    g_autoptr(RdRecord) ticket = rd_record_new ("tickets");
    RdSyncStats stats = { 0 };

    rd_record_set_string (lead, "name", "Big Prospect");
    rd_record_set_string (lead, "owner", "shared");
    rd_store_insert (root->store, lead, &error);
    g_assert_no_error (error);
    rd_record_set_string (ticket, "subject", "Printer is on fire");
    rd_record_set_string (ticket, "owner", "team:help");
    rd_store_insert (root->store, ticket, &error);
    g_assert_no_error (error);
    rd_sync_client_sync (root->client, &stats, NULL, &error);
    g_assert_no_error (error);
  }
}

static void
fixture_teardown (SupportFixture *f,
                  gconstpointer   data)
{
  g_clear_pointer (&f->server, rd_test_server_free);
  if (g_getenv ("RD_TEST_KEEP") == NULL)
    rd_test_ui_remove_tree (f->tmp);
  g_free (f->replica_dir);
  g_free (f->tmp);
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
settle_page (RdWindow *window)
{
  rd_test_ui_settle (GTK_WIDGET (window), 4);
  g_assert_true (rd_test_ui_wait (stacks_still, window, 10000));
  rd_test_ui_settle (GTK_WIDGET (window), 4);
}

static gboolean
users_idle (gpointer data)
{
  return !rd_users_page_get_busy (data) && rd_users_page_get_n_users (data) > 0;
}

/* The users page's row of @name (an AdwComboRow titled with the name). */
static AdwComboRow *
user_row (GtkWidget  *root,
          const char *name)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      AdwComboRow *found;

      if (ADW_IS_COMBO_ROW (child) &&
          g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child)), name) == 0)
        return ADW_COMBO_ROW (child);
      if ((found = user_row (child, name)) != NULL)
        return found;
    }
  return NULL;
}

static const char *
selected_label (AdwComboRow *row)
{
  GtkStringObject *item = adw_combo_row_get_selected_item (row);

  return item != NULL ? gtk_string_object_get_string (item) : NULL;
}

static gboolean
row_hidden (RdWindow   *window,
            const char *page)
{
  GtkWidget *row = rd_test_ui_find_named (GTK_WIDGET (window), page);

  g_assert_nonnull (row);
  return !gtk_widget_get_visible (row);
}

/* A count in the app's replica @name (read beside the app: WAL allows it). */
static gint64
replica_count (SupportFixture *f,
               const char     *name,
               const char     *sql)
{
  g_autofree char *path = g_build_filename (f->tmp, name, "replica.db", NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

static void
admin_scenario (RdWindow *window,
                gpointer  data)
{
  SupportFixture *f = data;
  RdUsersPage *users = rd_window_get_users_page (window);
  g_autofree char *token = NULL;
  g_autoptr(RdTestResponse) sara = NULL;
  AdwComboRow *row;

  g_assert_true (rd_test_ui_sign_in (window, "root", PASSWORD, 10000));
  g_assert_true (rd_window_show_page (window, "users"));
  g_assert_true (rd_test_ui_wait (users_idle, users, 10000));
  row = user_row (GTK_WIDGET (users), "sara");
  g_assert_nonnull (row);
  g_assert_cmpstr (selected_label (row), ==, f->russian ? "Оператор" : "Agent");

  /* The role combo lists Support; choosing it is the server's change. */
  adw_combo_row_set_selected (row, 3);
  g_assert_true (rd_test_ui_wait (users_idle, users, 10000));
  row = user_row (GTK_WIDGET (users), "sara");
  g_assert_cmpstr (selected_label (row), ==, f->russian ? "Поддержка" : "Support");
  settle_page (window);
  rd_test_ui_save_screenshot (GTK_WIDGET (window),
                              f->russian ? "screenshot-support-users-ru" : "screenshot-support-users");

  token = rd_test_login (f->server, "root", PASSWORD);
  sara = rd_test_request (f->server, "GET", "/api/v1/users/sara", token, NULL, NULL, 0);
  g_assert_cmpstr (rd_test_response_string (sara, "role"), ==, "support");
}

static void
support_scenario (RdWindow *window,
                  gpointer  data)
{
  SupportFixture *f = data;
  RdListPage *tickets;

  g_assert_true (rd_test_ui_sign_in (window, "sara", PASSWORD, 10000));
  rd_test_ui_settle (GTK_WIDGET (window), 4);

  /* The sales pages are hidden; the pages of support work are there. */
  g_assert_true (row_hidden (window, "leads"));
  g_assert_true (row_hidden (window, "deals"));
  g_assert_true (row_hidden (window, "pipeline"));
  g_assert_true (row_hidden (window, "campaigns"));
  g_assert_false (row_hidden (window, "contacts"));
  g_assert_false (row_hidden (window, "tickets"));
  g_assert_true (row_hidden (window, "users"));

  /* The team's ticket arrives by sync; the shared lead does not. */
  g_assert_true (rd_window_show_page (window, "tickets"));
  tickets = rd_window_get_list (window, "tickets");
  g_assert_true (rd_test_ui_wait_list (tickets, 1, 20000));
  g_assert_cmpint (replica_count (f, "sara", "SELECT count(*) FROM tickets"), ==, 1);
  g_assert_cmpint (replica_count (f, "sara", "SELECT count(*) FROM leads"), ==, 0);
  settle_page (window);
  rd_test_ui_save_screenshot (GTK_WIDGET (window),
                              f->russian ? "screenshot-support-tickets-ru" : "screenshot-support-tickets");
}

static void
run (SupportFixture  *f,
     RdTestUiScenario scenario,
     const char      *replica)
{
  g_autofree char *dir = g_build_filename (f->tmp, replica, NULL);
  char *argv[] = { "ringdesk", "--replica", dir, "--server", f->server->base_url, NULL };
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  /* Each account signs in afresh: the memory settings backend lives as long as the
   * process, and the previous run's remembered user would sign in again. */
  g_settings_reset (settings, "username");
  g_settings_reset (settings, "server-url");
  rd_test_ui_run_app (argv, scenario, f);
}

static void
test_support (SupportFixture *f,
              gconstpointer   data)
{
  f->russian = data != NULL;
  if (f->russian)
    {
      g_assert_nonnull (setlocale (LC_ALL, "C.UTF-8"));
      g_setenv ("LANGUAGE", "ru", TRUE);
      bindtextdomain (GETTEXT_PACKAGE, RD_TEST_LOCALEDIR);
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      textdomain (GETTEXT_PACKAGE);
      g_assert_cmpstr (_("Support"), ==, "Поддержка");
    }

  run (f, admin_scenario, "root");
  run (f, support_scenario, "sara");

  if (f->russian)
    {
      g_unsetenv ("LANGUAGE");
      textdomain (GETTEXT_PACKAGE);
    }
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  g_test_add ("/ui/support/role-and-pages", SupportFixture, NULL,
              fixture_setup, test_support, fixture_teardown);
  g_test_add ("/ui/support/russian", SupportFixture, "ru",
              fixture_setup, test_support, fixture_teardown);
  return g_test_run ();
}
