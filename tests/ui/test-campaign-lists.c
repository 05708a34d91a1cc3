/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "rd-test-server.h"

#include "rd-application.h"
#include "rd-test-ui.h"
#include "rd-window.h"

/* The manager's lists against a real ringdesk-server on loopback: the do-not-call lists
 * (a number refused as not valid and the refusal shown, one added and listed with who
 * added it, a campaign's list uploaded from a CSV with a dry run first, searched, a number
 * removed after the confirmation) and a campaign's own pause code added in the editor; an
 * agent has no way to them; both in Russian. Runs under tests/run-with-keyring.sh. */

#define MIRA_PASSWORD "mira's long password"
#define OLGA_PASSWORD "olga's long password"

/* Line 3: a number valid nowhere. */
static const char dnc_csv[] =
  "number,reason\n"
  "+7 916 100-00-02,complaint\n"
  "+7 123,typo\n"
  "8 916 100-00-03,\n";

typedef struct
{
  RdTestServer *server;
  char         *tmp;
  char         *replica_dir;
  char         *csv_path;
  char         *campaign_id;
  RdWindow     *window;
  const char   *user;
  const char   *password;
  void        (*scenario) (gpointer fixture);
} ListsFixture;

static void
settle (ListsFixture *f)
{
  rd_test_ui_settle (GTK_WIDGET (f->window), 4);
}

static void
fixture_setup (ListsFixture  *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *token = NULL;
  g_autoptr(RdTestResponse) made = NULL;

  f->server = rd_test_server_new (NULL);
  rd_test_server_add_user (f->server, "mira", "manager", "sales", MIRA_PASSWORD);
  rd_test_server_add_user (f->server, "olga", "agent", "sales", OLGA_PASSWORD);
  token = rd_test_login (f->server, "mira", MIRA_PASSWORD);
  made = rd_test_request_json (f->server, "POST", "/api/v1/campaigns", token,
                               "{\"name\": \"Winter Offer\", \"dial_method\": \"progressive\"}");
  g_assert_cmpuint (made->status, ==, 201);
  f->campaign_id = g_strdup (json_object_get_string_member (json_node_get_object (made->body), "id"));
  f->tmp = g_dir_make_tmp ("rd-campaign-lists-XXXXXX", &error);
  g_assert_no_error (error);
  f->replica_dir = g_build_filename (f->tmp, "replica", NULL);
  f->csv_path = g_build_filename (f->tmp, "complaints.csv", NULL);
  g_assert_true (g_file_set_contents (f->csv_path, dnc_csv, -1, NULL));
  g_settings_reset (settings, "username");
  g_settings_reset (settings, "server-url");
  g_settings_reset (settings, "work-offline");
  g_settings_set_string (settings, "default-region", "RU");
}

static void
fixture_teardown (ListsFixture  *f,
                  gconstpointer  data)
{
  g_clear_pointer (&f->server, rd_test_server_free);
  rd_test_ui_remove_tree (f->tmp);
  g_free (f->replica_dir);
  g_free (f->csv_path);
  g_free (f->campaign_id);
  g_free (f->tmp);
}

/* --- helpers ---------------------------------------------------------------------------- */

static gboolean
signed_in (gpointer data)
{
  return !rd_window_get_signing_in (data);
}

static gboolean
workspace_shown (gpointer data)
{
  GtkStack *main_stack = GTK_STACK (gtk_widget_get_template_child (data, RD_TYPE_WINDOW, "main_stack"));
  GtkStack *pages = GTK_STACK (gtk_widget_get_template_child (data, RD_TYPE_WINDOW, "stack"));

  return !gtk_stack_get_transition_running (main_stack) && !gtk_stack_get_transition_running (pages);
}

static gboolean
page_idle (gpointer data)
{
  return !rd_campaign_manager_page_get_busy (data);
}

static gboolean
editor_idle (gpointer data)
{
  return !rd_campaign_editor_get_busy (data) && rd_campaign_editor_get_setting_row (data, "name") != NULL;
}

static gboolean
dnc_idle (gpointer data)
{
  return !rd_dnc_window_get_busy (data);
}

static gboolean
showing_list (gpointer data)
{
  GtkStack *stack = GTK_STACK (gtk_widget_get_template_child (data, RD_TYPE_CAMPAIGN_MANAGER_PAGE, "stack"));
  return g_strcmp0 (gtk_stack_get_visible_child_name (stack), "list") == 0 && page_idle (data);
}

static void
sign_in (ListsFixture *f)
{
  g_assert_true (rd_test_ui_sign_in (f->window, f->user, f->password, 10000));
  g_assert_true (rd_test_ui_wait (signed_in, f->window, 10000));
  g_assert_true (rd_test_ui_wait (workspace_shown, f->window, 5000));
}

static RdCampaignManagerPage *
show_manager_page (ListsFixture *f)
{
  RdCampaignManagerPage *page = rd_window_get_campaign_manager_page (f->window);

  g_assert_true (rd_window_show_page (f->window, "campaign-manager"));
  g_assert_true (rd_test_ui_wait (page_idle, page, 10000));
  g_assert_true (rd_test_ui_wait (workspace_shown, f->window, 5000));
  return page;
}

static void
click (GtkWidget *button)
{
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

static GtkWidget *
dnc_child (RdDncWindow *window,
           const char  *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), RD_TYPE_DNC_WINDOW, name));
}

static GtkWidget *
editor_child (RdCampaignEditor *editor,
              const char       *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (editor), RD_TYPE_CAMPAIGN_EDITOR, name));
}

/* Types a number (and reason) into the Add a Number rows and clicks Add Number. */
static void
add_number (RdDncWindow *window,
            const char  *number,
            const char  *reason)
{
  gtk_editable_set_text (GTK_EDITABLE (dnc_child (window, "number_row")), number);
  gtk_editable_set_text (GTK_EDITABLE (dnc_child (window, "reason_row")), reason);
  click (dnc_child (window, "add_button"));
  g_assert_true (rd_test_ui_wait (dnc_idle, window, 10000));
}

static const char *
report_title (RdDncWindow *window)
{
  return adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (dnc_child (window, "report_group")));
}

static const char *
report_text (RdDncWindow *window)
{
  return adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (dnc_child (window, "report_group")));
}

static JsonObject *
server_get (ListsFixture *f,
            const char   *path)
{
  g_autofree char *token = rd_test_login (f->server, "mira", MIRA_PASSWORD);
  g_autoptr(RdTestResponse) r = rd_test_request_json (f->server, "GET", path, token, NULL);

  g_assert_cmpuint (r->status, ==, 200);
  return json_object_ref (json_node_get_object (r->body));
}

/* The number @e164 of the server's list at @path, or NULL. */
static JsonObject *
find_number (JsonObject *list,
             const char *e164)
{
  JsonArray *numbers = json_object_get_array_member (list, "numbers");

  for (guint i = 0; i < json_array_get_length (numbers); i++)
    {
      JsonObject *n = json_array_get_object_element (numbers, i);

      if (g_strcmp0 (json_object_get_string_member (n, "number"), e164) == 0)
        return n;
    }
  return NULL;
}

static guint
n_numbers (JsonObject *list)
{
  return json_array_get_length (json_object_get_array_member (list, "numbers"));
}

/* The confirmation dialog over @parent, answered @response. */
static void
answer_dialog (GtkWindow  *parent,
               const char *response)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_window_get_transient_for (window) == parent)
        {
          adw_message_dialog_response (ADW_MESSAGE_DIALOG (window), response);
          gtk_window_destroy (window);
          return;
        }
    }
  g_assert_not_reached ();
}

/* Scrolls the editor so that @group is at the top. */
static void
scroll_to (ListsFixture     *f,
           RdCampaignEditor *editor,
           const char       *group)
{
  GtkScrolledWindow *scroller = GTK_SCROLLED_WINDOW (editor_child (editor, "scroller"));
  GtkWidget *content = gtk_viewport_get_child (GTK_VIEWPORT (gtk_scrolled_window_get_child (scroller)));
  double x, y;

  settle (f);
  g_assert_true (gtk_widget_translate_coordinates (editor_child (editor, group), content, 0, 0, &x, &y));
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (scroller), y - 12);
  settle (f);
}

/* --- the scenarios ---------------------------------------------------------------------- */

static void
dnc_scenario (ListsFixture *f,
              RdDncWindow  *window)
{
  g_autofree char *campaign_path = g_strdup_printf ("/api/v1/dnc?campaign=%s", f->campaign_id);
  g_autoptr(JsonObject) global = NULL;
  g_autoptr(JsonObject) list = NULL;
  g_autoptr(JsonObject) after = NULL;
  JsonObject *report;
  JsonObject *number;

  g_assert_true (rd_test_ui_wait (dnc_idle, window, 10000));
  g_assert_cmpuint (rd_dnc_window_get_n_numbers (window), ==, 0);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (dnc_child (window, "country_row"))), ==, "RU");

  /* Not a number of Russia: the server refuses it, the window says why. */
  add_number (window, "+7 123", "asked");
  g_assert_true (gtk_widget_get_visible (dnc_child (window, "report_group")));
  g_assert_cmpstr (report_title (window), ==, _("Not Added"));
  g_assert_nonnull (strstr (report_text (window), "not a valid phone number"));
  g_assert_cmpuint (rd_dnc_window_get_n_numbers (window), ==, 0);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (dnc_child (window, "add_expander")), TRUE);
  rd_test_ui_settle (GTK_WIDGET (window), 30);
  rd_test_ui_save_screenshot (GTK_WIDGET (window), "screenshot-dnc-refused");
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (dnc_child (window, "add_expander")), FALSE);

  /* A national number read for the region: listed with the reason and who added it. */
  add_number (window, "8 916 100-00-01", "asked on the phone");
  g_assert_cmpstr (report_title (window), ==, _("Added"));
  g_assert_cmpuint (rd_dnc_window_get_n_numbers (window), ==, 1);
  {
    GtkWidget *row = rd_test_ui_find_named (GTK_WIDGET (window), "+79161000001");

    g_assert_nonnull (row);
    g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "asked on the phone"));
    g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "mira"));
  }
  global = server_get (f, "/api/v1/dnc");
  number = find_number (global, "+79161000001");
  g_assert_nonnull (number);
  g_assert_cmpstr (json_object_get_string_member (number, "added_by"), ==, "mira");

  /* The campaign's own list: empty; the file's dry run keeps nothing. */
  g_assert_true (rd_dnc_window_select_list (window, f->campaign_id));
  g_assert_true (rd_test_ui_wait (dnc_idle, window, 10000));
  g_assert_cmpuint (rd_dnc_window_get_n_numbers (window), ==, 0);
  g_assert_false (gtk_widget_is_sensitive (dnc_child (window, "dry_run_button")));
  rd_dnc_window_set_file (window, f->csv_path);
  g_assert_true (rd_test_ui_wait (dnc_idle, window, 10000));
  rd_dnc_window_upload (window, TRUE);
  g_assert_true (rd_test_ui_wait (dnc_idle, window, 10000));
  report = rd_dnc_window_get_report (window);
  g_assert_nonnull (report);
  g_assert_cmpint (json_object_get_int_member (report, "rows"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (report, "imported"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (report, "invalid_numbers"), ==, 1);
  g_assert_false (json_object_get_boolean_member (report, "committed"));
  g_assert_nonnull (strstr (report_text (window), _("Dry run: nothing was kept.")));
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (
                     json_object_get_array_member (report, "errors"), 0), "line"), ==, 3);
  g_assert_cmpuint (rd_dnc_window_get_n_numbers (window), ==, 0);
  list = server_get (f, campaign_path);
  g_assert_cmpuint (n_numbers (list), ==, 0);

  /* Upload: two numbers on the campaign's list, the one not valid said with its line. */
  click (dnc_child (window, "upload_button"));
  g_assert_true (rd_test_ui_wait (dnc_idle, window, 10000));
  report = rd_dnc_window_get_report (window);
  g_assert_cmpint (json_object_get_int_member (report, "imported"), ==, 2);
  g_assert_true (json_object_get_boolean_member (report, "committed"));
  g_assert_nonnull (strstr (report_text (window), _("Uploaded.")));
  g_assert_cmpuint (rd_dnc_window_get_n_numbers (window), ==, 2);
  g_assert_nonnull (rd_test_ui_find_named (GTK_WIDGET (window), "+79161000002"));
  g_assert_nonnull (rd_test_ui_find_named (GTK_WIDGET (window), "+79161000003"));
  g_assert_false (gtk_widget_is_sensitive (dnc_child (window, "upload_button")));
  g_clear_pointer (&list, json_object_unref);
  list = server_get (f, campaign_path);
  g_assert_cmpuint (n_numbers (list), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (find_number (list, "+79161000002"), "reason"), ==, "complaint");
  rd_test_ui_settle (GTK_WIDGET (window), 4);
  rd_test_ui_save_screenshot (GTK_WIDGET (window), "screenshot-dnc-upload");

  /* Search on the server, by the digits as typed. */
  gtk_editable_set_text (GTK_EDITABLE (dnc_child (window, "search_entry")), "100-00-03");
  g_signal_emit_by_name (dnc_child (window, "search_entry"), "search-changed");
  g_assert_true (rd_test_ui_wait (dnc_idle, window, 10000));
  g_assert_cmpuint (rd_dnc_window_get_n_numbers (window), ==, 1);
  g_assert_nonnull (rd_test_ui_find_named (GTK_WIDGET (window), "+79161000003"));
  gtk_editable_set_text (GTK_EDITABLE (dnc_child (window, "search_entry")), "");
  g_signal_emit_by_name (dnc_child (window, "search_entry"), "search-changed");
  g_assert_true (rd_test_ui_wait (dnc_idle, window, 10000));
  g_assert_cmpuint (rd_dnc_window_get_n_numbers (window), ==, 2);

  /* Remove: Cancel keeps it, Remove takes it off the campaign's list only. */
  click (rd_test_ui_find_named (rd_test_ui_find_named (GTK_WIDGET (window), "+79161000002"), "remove"));
  answer_dialog (GTK_WINDOW (window), "cancel");
  g_assert_true (rd_test_ui_wait (dnc_idle, window, 10000));
  g_assert_cmpuint (rd_dnc_window_get_n_numbers (window), ==, 2);
  click (rd_test_ui_find_named (rd_test_ui_find_named (GTK_WIDGET (window), "+79161000002"), "remove"));
  answer_dialog (GTK_WINDOW (window), "remove");
  g_assert_true (rd_test_ui_wait (dnc_idle, window, 10000));
  g_assert_cmpuint (rd_dnc_window_get_n_numbers (window), ==, 1);
  g_assert_null (rd_test_ui_find_named (GTK_WIDGET (window), "+79161000002"));
  after = server_get (f, campaign_path);
  g_assert_cmpuint (n_numbers (after), ==, 1);
  g_assert_nonnull (find_number (after, "+79161000003"));
  g_clear_pointer (&global, json_object_unref);
  global = server_get (f, "/api/v1/dnc");
  g_assert_cmpuint (n_numbers (global), ==, 1);

  /* A longer list comes a page at a time: 55 more on the global list, 50 shown, then 6. */
  {
    g_autoptr(GString) csv = g_string_new ("number\n");
    g_autofree char *long_path = g_build_filename (f->tmp, "long.csv", NULL);

    for (guint i = 0; i < 55; i++)
      g_string_append_printf (csv, "+7 916 200-%02u-%02u\n", i / 10, i % 10);
    g_assert_true (g_file_set_contents (long_path, csv->str, -1, NULL));
    g_assert_true (rd_dnc_window_select_list (window, NULL));
    g_assert_true (rd_test_ui_wait (dnc_idle, window, 10000));
    g_assert_false (gtk_widget_get_visible (dnc_child (window, "pager")));
    rd_dnc_window_set_file (window, long_path);
    g_assert_true (rd_test_ui_wait (dnc_idle, window, 10000));
    rd_dnc_window_upload (window, FALSE);
    g_assert_true (rd_test_ui_wait (dnc_idle, window, 10000));
    g_assert_cmpint (json_object_get_int_member (rd_dnc_window_get_report (window), "imported"), ==, 55);
    g_assert_cmpuint (rd_dnc_window_get_n_numbers (window), ==, 50);
    g_assert_true (gtk_widget_get_visible (dnc_child (window, "pager")));
    g_assert_false (gtk_widget_is_sensitive (dnc_child (window, "previous_button")));
    click (dnc_child (window, "next_button"));
    g_assert_true (rd_test_ui_wait (dnc_idle, window, 10000));
    g_assert_cmpuint (rd_dnc_window_get_n_numbers (window), ==, 6);
    g_assert_false (gtk_widget_is_sensitive (dnc_child (window, "next_button")));
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (dnc_child (window, "page_label"))), ==, "Numbers 51–56");
    click (dnc_child (window, "previous_button"));
    g_assert_true (rd_test_ui_wait (dnc_idle, window, 10000));
    g_assert_cmpuint (rd_dnc_window_get_n_numbers (window), ==, 50);
  }
}

static void
pause_codes_scenario (ListsFixture          *f,
                      RdCampaignManagerPage *page,
                      const char            *screenshot)
{
  RdCampaignEditor *editor = rd_campaign_manager_page_get_editor (page);
  g_autofree char *path = g_strdup_printf ("/api/v1/pause-codes?campaign=%s", f->campaign_id);
  g_autoptr(JsonObject) codes = NULL;
  JsonArray *array;
  gboolean found = FALSE;
  guint n_global;

  click (rd_test_ui_find_named (rd_test_ui_find_named (GTK_WIDGET (page), f->campaign_id), "edit"));
  g_assert_true (rd_test_ui_wait (editor_idle, editor, 10000));
  /* The global ones, read-only. */
  n_global = rd_campaign_editor_get_n_pause_codes (editor);
  g_assert_cmpuint (n_global, ==, 5);
  g_assert_nonnull (rd_test_ui_find_named (editor_child (editor, "pause_codes_group"), "lunch"));
  g_assert_null (rd_test_ui_find_named (rd_test_ui_find_named (editor_child (editor, "pause_codes_group"), "lunch"),
                                        "remove"));

  /* A code the server refuses (a space in it): said in a toast, nothing added. */
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (editor_child (editor, "add_pause_code_row")), TRUE);
  gtk_editable_set_text (GTK_EDITABLE (editor_child (editor, "pause_code_row")), "team talk");
  gtk_editable_set_text (GTK_EDITABLE (editor_child (editor, "pause_label_row")), "Team talk");
  click (editor_child (editor, "add_pause_code_button"));
  g_assert_true (rd_test_ui_wait (editor_idle, editor, 10000));
  g_assert_cmpuint (rd_campaign_editor_get_n_pause_codes (editor), ==, n_global);

  gtk_editable_set_text (GTK_EDITABLE (editor_child (editor, "pause_code_row")), "coaching");
  gtk_editable_set_text (GTK_EDITABLE (editor_child (editor, "pause_label_row")), "Coaching");
  click (editor_child (editor, "add_pause_code_button"));
  g_assert_true (rd_test_ui_wait (editor_idle, editor, 10000));
  g_assert_cmpuint (rd_campaign_editor_get_n_pause_codes (editor), ==, n_global + 1);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (editor_child (editor, "pause_code_row"))), ==, "");
  scroll_to (f, editor, "pause_codes_group");
  rd_test_ui_save_screenshot (GTK_WIDGET (f->window), screenshot);

  rd_campaign_editor_save (editor);
  g_assert_true (rd_test_ui_wait (showing_list, page, 10000));
  codes = server_get (f, path);
  array = json_object_get_array_member (codes, "pause_codes");
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *code = json_array_get_object_element (array, i);

      found |= g_strcmp0 (json_object_get_string_member (code, "code"), "coaching") == 0 &&
               g_strcmp0 (json_object_get_string_member (code, "label"), "Coaching") == 0 &&
               g_strcmp0 (json_object_get_string_member_with_default (code, "campaign_id", NULL), f->campaign_id) == 0;
    }
  g_assert_true (found);
}

static void
manager_scenario (gpointer data)
{
  ListsFixture *f = data;
  RdCampaignManagerPage *page;
  RdDncWindow *window;

  sign_in (f);
  page = show_manager_page (f);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (gtk_widget_get_template_child (
                   GTK_WIDGET (page), RD_TYPE_CAMPAIGN_MANAGER_PAGE, "dnc_button"))));
  window = rd_campaign_manager_page_open_dnc (page);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  dnc_scenario (f, window);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_null (window);

  pause_codes_scenario (f, page, "screenshot-campaign-editor-pause-codes");
}

static void
agent_scenario (gpointer data)
{
  ListsFixture *f = data;
  RdCampaignManagerPage *page = rd_window_get_campaign_manager_page (f->window);
  GtkWidget *row = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (f->window), RD_TYPE_WINDOW,
                                                              "campaign_manager_row"));

  sign_in (f);
  /* No sidebar entry to the manager's page, so no Do-Not-Call Lists button ever shown. */
  g_assert_false (gtk_widget_get_visible (row));
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (gtk_widget_get_template_child (
                    GTK_WIDGET (page), RD_TYPE_CAMPAIGN_MANAGER_PAGE, "dnc_button"))));
}

static void
russian_scenario (gpointer data)
{
  ListsFixture *f = data;
  RdCampaignManagerPage *page;
  RdDncWindow *window;

  sign_in (f);
  page = show_manager_page (f);
  window = rd_campaign_manager_page_open_dnc (page);
  g_assert_true (rd_test_ui_wait (dnc_idle, window, 10000));
  add_number (window, "8 916 100-00-01", "просил не звонить");
  add_number (window, "12", "");
  g_assert_cmpstr (report_title (window), ==, "Не добавлен");
  g_assert_cmpuint (rd_dnc_window_get_n_numbers (window), ==, 1);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (dnc_child (window, "add_expander")), TRUE);
  rd_test_ui_settle (GTK_WIDGET (window), 30);
  rd_test_ui_save_screenshot (GTK_WIDGET (window), "screenshot-dnc-russian");
  rd_dnc_window_set_file (window, f->csv_path);
  g_assert_true (rd_test_ui_wait (dnc_idle, window, 10000));
  rd_dnc_window_upload (window, TRUE);
  g_assert_true (rd_test_ui_wait (dnc_idle, window, 10000));
  g_assert_nonnull (rd_dnc_window_get_report (window));
  rd_test_ui_settle (GTK_WIDGET (window), 4);
  rd_test_ui_save_screenshot (GTK_WIDGET (window), "screenshot-dnc-dry-run-russian");
  gtk_window_destroy (GTK_WINDOW (window));

  pause_codes_scenario (f, page, "screenshot-campaign-editor-pause-codes-russian");
}

/* --- running the app --------------------------------------------------------------------- */

/* The test's scenario on the app's window. */
static void
scenario_cb (RdWindow *window,
             gpointer  data)
{
  ListsFixture *f = data;

  f->window = window;
  f->scenario (f);
}

static void
run_app (ListsFixture *f,
         const char   *user,
         const char   *password,
         void        (*scenario) (gpointer fixture))
{
  char *argv[] = { "ringdesk", "--replica", f->replica_dir, "--server", f->server->base_url, NULL };

  f->user = user;
  f->password = password;
  f->scenario = scenario;
  rd_test_ui_run_app (argv, scenario_cb, f);
}

static void
test_manager (ListsFixture  *f,
              gconstpointer  data)
{
  run_app (f, "mira", MIRA_PASSWORD, manager_scenario);
}

static void
test_agent (ListsFixture  *f,
            gconstpointer  data)
{
  run_app (f, "olga", OLGA_PASSWORD, agent_scenario);
}

static void
test_russian (ListsFixture  *f,
              gconstpointer  data)
{
  g_assert_nonnull (setlocale (LC_ALL, "C.UTF-8"));
  g_setenv ("LANGUAGE", "ru", TRUE);
  bindtextdomain (GETTEXT_PACKAGE, RD_TEST_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);   /* forget the catalogues looked up so far */
  g_assert_cmpstr (_("Do-Not-Call Lists"), ==, "Списки «Не звонить»");

  run_app (f, "mira", MIRA_PASSWORD, russian_scenario);

  g_unsetenv ("LANGUAGE");
  textdomain (GETTEXT_PACKAGE);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  g_test_add ("/ui/campaign-lists/dnc-and-pause-codes", ListsFixture, NULL,
              fixture_setup, test_manager, fixture_teardown);
  g_test_add ("/ui/campaign-lists/agent-does-not-see-them", ListsFixture, NULL,
              fixture_setup, test_agent, fixture_teardown);
  g_test_add ("/ui/campaign-lists/russian", ListsFixture, NULL,
              fixture_setup, test_russian, fixture_teardown);
  return g_test_run ();
}
