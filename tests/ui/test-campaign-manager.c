/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include <libsoup/soup.h>

#include "rd-test-server.h"

#include "rd-application.h"
#include "rd-test-ui.h"
#include "rd-window.h"

/* The manager's side of campaigns against a real ringdesk-server on loopback: as a
 * manager, a campaign made in the editor (a refusal of the server shown on the setting it
 * names, then saved with an agent), a leadset uploaded with a dry run first (a row without
 * a phone listed with its line, a number not valid kept as typed) and then imported,
 * attached in the editor with a disposition of our own, the campaign started and paused
 * from the list; an agent does not get the manager's page; the views in Russian. Runs
 * under tests/run-with-keyring.sh. */

#define MIRA_PASSWORD "mira's long password"
#define OLGA_PASSWORD "olga's long password"
#define ADA_PASSWORD "ada's long password"

/* Line 3: a number valid nowhere; line 4: no phone; line 6: a quote left open. */
static const char leads_csv[] =
  "Full Name,Phone,Firm,City\n"
  "Anna Test,+7 916 100-00-01,Acme,Moscow\n"
  "Boris Bad,+7 123,Other,Kazan\n"
  "No Phone,,Nowhere,Omsk\n"
  "Vera Good,8 916 100-00-02,Beta,Tver\n"
  "\"Broken Quote,+7 916 100-00-03,Gamma,Sochi\n";

typedef struct
{
  RdTestServer *server;
  char         *tmp;
  char         *replica_dir;
  char         *csv_path;
  RdWindow     *window;
  const char   *user;
  const char   *password;
  void        (*scenario) (gpointer fixture);
} ManagerFixture;

/* A web server on loopback with the leads at /exports/spring-leads.csv (else 404). */
static void
csv_handler (SoupServer        *server,
             SoupServerMessage *msg,
             const char        *path,
             GHashTable        *query,
             gpointer           user_data)
{
  if (g_strcmp0 (path, "/exports/spring-leads.csv") != 0)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "text/csv", SOUP_MEMORY_STATIC, leads_csv, strlen (leads_csv));
}

static SoupServer *
csv_server_new (guint *port)
{
  g_autoptr(GError) error = NULL;
  SoupServer *server = soup_server_new (NULL, NULL);
  g_autoptr(GSList) uris = NULL;

  soup_server_add_handler (server, NULL, csv_handler, NULL, NULL);
  g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  *port = g_uri_get_port (uris->data);
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);
  return server;
}

static void
settle (ManagerFixture *f)
{
  rd_test_ui_settle (GTK_WIDGET (f->window), 4);
}

static void
fixture_setup (ManagerFixture *f,
               gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  f->server = rd_test_server_new (NULL);
  rd_test_server_add_user (f->server, "mira", "manager", "sales", MIRA_PASSWORD);
  rd_test_server_add_user (f->server, "olga", "agent", "sales", OLGA_PASSWORD);
  f->tmp = g_dir_make_tmp ("rd-campaign-manager-XXXXXX", &error);
  g_assert_no_error (error);
  f->replica_dir = g_build_filename (f->tmp, "replica", NULL);
  f->csv_path = g_build_filename (f->tmp, "winter-leads.csv", NULL);
  g_assert_true (g_file_set_contents (f->csv_path, leads_csv, -1, NULL));
  g_settings_reset (settings, "username");
  g_settings_reset (settings, "server-url");
  g_settings_reset (settings, "work-offline");
  g_settings_set_string (settings, "default-region", "RU");
}

static void
fixture_teardown (ManagerFixture *f,
                  gconstpointer   data)
{
  g_clear_pointer (&f->server, rd_test_server_free);
  rd_test_ui_remove_tree (f->tmp);
  g_free (f->replica_dir);
  g_free (f->csv_path);
  g_free (f->tmp);
}

/* --- helpers ---------------------------------------------------------------------------- */

static gboolean
signed_in (gpointer data)
{
  return !rd_window_get_signing_in (data);
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
dialog_idle (gpointer data)
{
  return !rd_leadset_upload_dialog_get_busy (data);
}

static gboolean
workspace_shown (gpointer data)
{
  GtkStack *main_stack = GTK_STACK (gtk_widget_get_template_child (data, RD_TYPE_WINDOW, "main_stack"));
  GtkStack *pages = GTK_STACK (gtk_widget_get_template_child (data, RD_TYPE_WINDOW, "stack"));

  return !gtk_stack_get_transition_running (main_stack) && !gtk_stack_get_transition_running (pages);
}

static void
sign_in (ManagerFixture *f)
{
  GtkWidget *page = GTK_WIDGET (rd_window_get_sign_in_page (f->window));

  gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_template_child (page, RD_TYPE_SIGN_IN_PAGE, "username_row")), f->user);
  gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_template_child (page, RD_TYPE_SIGN_IN_PAGE, "password_row")), f->password);
  g_signal_emit_by_name (gtk_widget_get_template_child (page, RD_TYPE_SIGN_IN_PAGE, "sign_in_button"), "clicked");
  g_assert_true (rd_test_ui_wait (signed_in, f->window, 10000));
  /* The sign-in page fades out: screenshots wait for the workspace alone. */
  g_assert_true (rd_test_ui_wait (workspace_shown, f->window, 5000));
}

static GtkWidget *
window_child (ManagerFixture *f,
              const char     *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (f->window), RD_TYPE_WINDOW, name));
}

/* The widget under @root whose name is @name (rows are named by their id, buttons by what
 * they do). */
static guint
count_named (GtkWidget  *root,
             const char *name)
{
  guint n = g_strcmp0 (gtk_widget_get_name (root), name) == 0;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_named (child, name);
  return n;
}

static void
click (GtkWidget *button)
{
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

/* Clicks @action ("start", "edit" …) in the row of campaign @id. */
static void
click_in_row (RdCampaignManagerPage *page,
              const char            *id,
              const char            *action)
{
  GtkWidget *row = rd_test_ui_find_named (GTK_WIDGET (page), id);

  g_assert_nonnull (row);
  click (rd_test_ui_find_named (row, action));
}

typedef struct {
  RdCampaignManagerPage *page;
  const char            *name;
  const char            *status;
} StatusWait;

static gboolean
has_status (gpointer data)
{
  StatusWait *w = data;
  return g_strcmp0 (rd_campaign_manager_page_get_status (w->page, w->name), w->status) == 0;
}

typedef struct {
  RdCampaignManagerPage *page;
  const char            *id;
  const char            *text;
} RowWait;

/* The row of @id says @text in its subtitle. */
static gboolean
row_says (gpointer data)
{
  RowWait *w = data;
  GtkWidget *row = rd_test_ui_find_named (GTK_WIDGET (w->page), w->id);
  const char *subtitle = row != NULL ? adw_action_row_get_subtitle (ADW_ACTION_ROW (row)) : NULL;

  return subtitle != NULL && strstr (subtitle, w->text) != NULL;
}

static gboolean
showing_list (gpointer data)
{
  GtkStack *stack = GTK_STACK (gtk_widget_get_template_child (data, RD_TYPE_CAMPAIGN_MANAGER_PAGE, "stack"));
  return g_strcmp0 (gtk_stack_get_visible_child_name (stack), "list") == 0 && page_idle (data);
}

static gboolean
has_report (gpointer data)
{
  return dialog_idle (data) && rd_leadset_upload_dialog_get_report (data) != NULL;
}

static gboolean
has_columns (gpointer data)
{
  return dialog_idle (data) && rd_leadset_upload_dialog_get_n_columns (data) == 4;
}

static gboolean
one_leadset (gpointer data)
{
  return page_idle (data) && rd_campaign_manager_page_get_n_leadsets (data) == 1;
}

static gboolean
eight_dispositions (gpointer data)
{
  return !rd_campaign_editor_get_busy (data) && rd_campaign_editor_get_n_dispositions (data) == 8;
}

static gboolean
seven_dispositions (gpointer data)
{
  return !rd_campaign_editor_get_busy (data) && rd_campaign_editor_get_n_dispositions (data) == 7;
}

static gboolean
has_error_line (JsonObject *report,
                gint64      line)
{
  JsonArray *errors = json_object_get_array_member (report, "errors");

  for (guint i = 0; i < json_array_get_length (errors); i++)
    if (json_object_get_int_member (json_array_get_object_element (errors, i), "line") == line)
      return TRUE;
  return FALSE;
}

static JsonObject *
server_get (ManagerFixture *f,
            const char     *path)
{
  g_autofree char *token = rd_test_login (f->server, "mira", MIRA_PASSWORD);
  g_autoptr(RdTestResponse) r = rd_test_request_json (f->server, "GET", path, token, NULL);

  g_assert_cmpuint (r->status, ==, 200);
  return json_object_ref (json_node_get_object (r->body));
}

static gboolean
array_has (JsonArray  *array,
           const char *value)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    if (g_strcmp0 (json_array_get_string_element (array, i), value) == 0)
      return TRUE;
  return FALSE;
}

/* --- the scenarios ---------------------------------------------------------------------- */

static void
manager_scenario (gpointer data)
{
  ManagerFixture *f = data;
  RdCampaignManagerPage *page = rd_window_get_campaign_manager_page (f->window);
  RdCampaignEditor *editor = rd_campaign_manager_page_get_editor (page);
  RdLeadsetUploadDialog *dialog;
  JsonObject *report;
  GtkWidget *hours_row;
  g_autofree char *campaign_id = NULL;
  g_autofree char *leadset_id = NULL;
  g_autoptr(JsonObject) leadsets = NULL;
  g_autoptr(JsonObject) campaign = NULL;
  g_autofree char *path = NULL;

  sign_in (f);
  g_assert_true (gtk_widget_get_visible (window_child (f, "campaign_manager_row")));
  g_assert_true (rd_window_show_page (f->window, "campaign-manager"));
  g_assert_true (rd_test_ui_wait (page_idle, page, 10000));
  g_assert_true (rd_test_ui_wait (workspace_shown, f->window, 5000));
  g_assert_cmpuint (rd_campaign_manager_page_get_n_campaigns (page), ==, 0);

  /* New Campaign: the editor's rows come from the schema. */
  click (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (page), RD_TYPE_CAMPAIGN_MANAGER_PAGE, "new_button")));
  g_assert_true (rd_test_ui_wait (editor_idle, editor, 10000));
  g_assert_true (ADW_IS_COMBO_ROW (rd_campaign_editor_get_setting_row (editor, "dial_method")));
  g_assert_true (ADW_IS_ENTRY_ROW (rd_campaign_editor_get_setting_row (editor, "calling_hours_start")));
  g_assert_nonnull (rd_test_ui_find (rd_campaign_editor_get_setting_row (editor, "ring_timeout"), GTK_TYPE_SPIN_BUTTON));
  g_assert_nonnull (rd_test_ui_find (rd_campaign_editor_get_setting_row (editor, "press_one"), GTK_TYPE_SWITCH));
  g_assert_true (rd_campaign_editor_set_setting (editor, "name", "Winter Offer"));
  g_assert_true (rd_campaign_editor_set_setting (editor, "dial_method", "progressive"));
  g_assert_true (rd_campaign_editor_set_setting (editor, "caller_id", "+74951234567"));
  g_assert_true (rd_campaign_editor_set_setting (editor, "calling_hours_start", "22:00"));
  g_assert_true (rd_campaign_editor_set_setting (editor, "calling_hours_end", "08:00"));
  g_assert_true (rd_campaign_editor_set_agent (editor, "olga", TRUE));
  settle (f);
  rd_test_ui_save_screenshot (GTK_WIDGET (f->window), "screenshot-campaign-editor");

  /* The server refuses hours that end before they start: the row it names is marked. */
  rd_campaign_editor_save (editor);
  g_assert_true (rd_test_ui_wait (editor_idle, editor, 10000));
  g_assert_cmpstr (rd_campaign_editor_get_error_setting (editor), ==, "calling_hours_start");
  hours_row = rd_campaign_editor_get_setting_row (editor, "calling_hours_start");
  g_assert_true (gtk_widget_has_css_class (hours_row, "error"));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (hours_row), "before"));
  g_assert_false (showing_list (page));
  settle (f);
  rd_test_ui_save_screenshot (GTK_WIDGET (f->window), "screenshot-campaign-editor-error");

  g_assert_true (rd_campaign_editor_set_setting (editor, "calling_hours_start", "09:00"));
  g_assert_true (rd_campaign_editor_set_setting (editor, "calling_hours_end", "20:00"));
  rd_campaign_editor_save (editor);
  g_assert_true (rd_test_ui_wait (showing_list, page, 10000));
  g_assert_cmpuint (rd_campaign_manager_page_get_n_campaigns (page), ==, 1);
  /* Copies: the page reads its lists again every few seconds. */
  campaign_id = g_strdup (rd_campaign_manager_page_find_campaign (page, "Winter Offer"));
  g_assert_nonnull (campaign_id);
  g_assert_cmpstr (rd_campaign_manager_page_get_status (page, "Winter Offer"), ==, "stopped");

  /* A file where no row can be read: the server refuses it, the dialog says why. */
  {
    g_autofree char *bad = g_build_filename (f->tmp, "no-phones.csv", NULL);
    RdLeadsetUploadDialog *refused = rd_campaign_manager_page_upload (page);
    AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (gtk_widget_get_template_child (
                                   GTK_WIDGET (refused), RD_TYPE_LEADSET_UPLOAD_DIALOG, "report_group"));

    g_assert_true (g_file_set_contents (bad, "name,phone\nNo Phone,\n", -1, NULL));
    rd_leadset_upload_dialog_set_file (refused, bad);
    g_assert_true (rd_test_ui_wait (dialog_idle, refused, 10000));
    g_assert_cmpuint (rd_leadset_upload_dialog_get_n_columns (refused), ==, 2);
    rd_leadset_upload_dialog_run (refused, TRUE);
    g_assert_true (rd_test_ui_wait (dialog_idle, refused, 10000));
    g_assert_null (rd_leadset_upload_dialog_get_report (refused));
    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (group)));
    g_assert_cmpstr (adw_preferences_group_get_title (group), ==, "Not Uploaded");
    g_assert_nonnull (strstr (adw_preferences_group_get_description (group), "400"));
    gtk_window_destroy (GTK_WINDOW (refused));
  }

  /* The rows from a web address (a wrong one: the dialog says what it answered) and pasted
   * in: the same report as from the file. */
  {
    guint port = 0;
    g_autoptr(SoupServer) web = csv_server_new (&port);
    g_autofree char *missing = g_strdup_printf ("http://127.0.0.1:%u/exports/old.csv", port);
    g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u/exports/spring-leads.csv?dl=1", port);
    RdLeadsetUploadDialog *fetched = rd_campaign_manager_page_upload (page);
    RdLeadsetUploadDialog *pasted;
    AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (gtk_widget_get_template_child (
                                   GTK_WIDGET (fetched), RD_TYPE_LEADSET_UPLOAD_DIALOG, "report_group"));

    rd_leadset_upload_dialog_set_url (fetched, "ftp://127.0.0.1/leads.csv");
    g_assert_true (rd_test_ui_wait (dialog_idle, fetched, 10000));
    g_assert_nonnull (strstr (adw_preferences_group_get_description (group), "http://"));
    rd_leadset_upload_dialog_set_url (fetched, missing);
    g_assert_true (rd_test_ui_wait (dialog_idle, fetched, 10000));
    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (group)));
    g_assert_nonnull (strstr (adw_preferences_group_get_description (group), "404"));
    rd_leadset_upload_dialog_set_url (fetched, url);
    g_assert_true (rd_test_ui_wait (has_columns, fetched, 10000));
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (gtk_widget_get_template_child (
                       GTK_WIDGET (fetched), RD_TYPE_LEADSET_UPLOAD_DIALOG, "name_row"))), ==, "spring-leads");
    rd_leadset_upload_dialog_run (fetched, TRUE);
    g_assert_true (rd_test_ui_wait (has_report, fetched, 10000));
    g_assert_cmpint (json_object_get_int_member (rd_leadset_upload_dialog_get_report (fetched), "invalid_numbers"), ==, 1);
    g_assert_cmpint (json_object_get_int_member (rd_leadset_upload_dialog_get_report (fetched), "bad"), ==, 2);
    gtk_window_destroy (GTK_WINDOW (fetched));

    pasted = rd_campaign_manager_page_upload (page);
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (gtk_widget_get_template_child (
                                GTK_WIDGET (pasted), RD_TYPE_LEADSET_UPLOAD_DIALOG, "paste_view"))), leads_csv, -1);
    adw_expander_row_set_expanded (ADW_EXPANDER_ROW (gtk_widget_get_template_child (
                                     GTK_WIDGET (pasted), RD_TYPE_LEADSET_UPLOAD_DIALOG, "paste_row")), TRUE);
    rd_test_ui_settle (GTK_WIDGET (pasted), 30);
    rd_test_ui_save_screenshot (GTK_WIDGET (pasted), "screenshot-leadset-pasted");
    click (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (pasted), RD_TYPE_LEADSET_UPLOAD_DIALOG,
                                                       "use_pasted_button")));
    g_assert_true (rd_test_ui_wait (has_columns, pasted, 10000));
    gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_template_child (GTK_WIDGET (pasted), RD_TYPE_LEADSET_UPLOAD_DIALOG,
                                                                         "name_row")), "pasted");
    rd_leadset_upload_dialog_run (pasted, TRUE);
    g_assert_true (rd_test_ui_wait (has_report, pasted, 10000));
    g_assert_cmpint (json_object_get_int_member (rd_leadset_upload_dialog_get_report (pasted), "invalid_numbers"), ==, 1);
    g_assert_cmpint (json_object_get_int_member (rd_leadset_upload_dialog_get_report (pasted), "bad"), ==, 2);
    gtk_window_destroy (GTK_WINDOW (pasted));
  }

  /* Upload: the columns from the file's header, a dry run that keeps nothing. */
  dialog = rd_campaign_manager_page_upload (page);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  rd_leadset_upload_dialog_set_file (dialog, f->csv_path);
  g_assert_true (rd_test_ui_wait (has_columns, dialog, 10000));
  g_assert_true (rd_leadset_upload_dialog_map_column (dialog, 2, "company"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (gtk_widget_get_template_child (
                     GTK_WIDGET (dialog), RD_TYPE_LEADSET_UPLOAD_DIALOG, "country_row"))), ==, "RU");
  /* A country libphonenumber does not know holds both buttons back. */
  {
    GtkWidget *country = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (dialog), RD_TYPE_LEADSET_UPLOAD_DIALOG,
                                                                    "country_row"));
    GtkWidget *dry_run = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (dialog), RD_TYPE_LEADSET_UPLOAD_DIALOG,
                                                                    "dry_run_button"));

    gtk_editable_set_text (GTK_EDITABLE (country), "ZZ");
    g_assert_true (gtk_widget_has_css_class (country, "error"));
    g_assert_false (gtk_widget_is_sensitive (dry_run));
    gtk_editable_set_text (GTK_EDITABLE (country), "ru");
    g_assert_false (gtk_widget_has_css_class (country, "error"));
    click (dry_run);
  }
  g_assert_true (rd_test_ui_wait (has_report, dialog, 10000));
  report = rd_leadset_upload_dialog_get_report (dialog);
  g_assert_cmpint (json_object_get_int_member (report, "invalid_numbers"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (report, "bad"), ==, 2);
  g_assert_true (has_error_line (report, 4));
  g_assert_true (has_error_line (report, 6));
  g_assert_false (json_object_get_boolean_member_with_default (report, "committed", FALSE));
  rd_test_ui_settle (GTK_WIDGET (dialog), 4);
  rd_test_ui_save_screenshot (GTK_WIDGET (dialog), "screenshot-leadset-dry-run");
  leadsets = server_get (f, "/api/v1/leadsets");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (leadsets, "leadsets")), ==, 0);

  /* Import: the leadset is listed with its counts. */
  rd_leadset_upload_dialog_run (dialog, FALSE);
  g_assert_true (rd_test_ui_wait (has_report, dialog, 10000));
  report = rd_leadset_upload_dialog_get_report (dialog);
  g_assert_cmpint (json_object_get_int_member (report, "imported"), ==, 3);
  g_assert_true (rd_test_ui_wait (one_leadset, page, 10000));
  leadset_id = g_strdup (rd_campaign_manager_page_find_leadset (page, "winter-leads"));
  g_assert_nonnull (leadset_id);
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_null (dialog);

  /* Edit: attach the leadset, add a disposition of our own. */
  click_in_row (page, campaign_id, "edit");
  g_assert_true (rd_test_ui_wait (editor_idle, editor, 10000));
  g_assert_cmpuint (rd_campaign_editor_get_n_dispositions (editor), ==, 7);
  g_assert_true (rd_campaign_editor_set_leadset (editor, leadset_id, TRUE));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (gtk_widget_get_template_child (
                              GTK_WIDGET (editor), RD_TYPE_CAMPAIGN_EDITOR, "script_view"))),
                            "Hello {name}, this is Olga from Ringdesk.", -1);
  gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_template_child (GTK_WIDGET (editor), RD_TYPE_CAMPAIGN_EDITOR, "code_row")),
                         "demo-booked");
  gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_template_child (GTK_WIDGET (editor), RD_TYPE_CAMPAIGN_EDITOR, "label_row")),
                         "Demo booked");
  gtk_switch_set_active (GTK_SWITCH (gtk_widget_get_template_child (GTK_WIDGET (editor), RD_TYPE_CAMPAIGN_EDITOR, "closes_switch")),
                         TRUE);
  click (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (editor), RD_TYPE_CAMPAIGN_EDITOR, "add_disposition_button")));
  g_assert_true (rd_test_ui_wait (eight_dispositions, editor, 10000));
  {
    GtkScrolledWindow *scroller = GTK_SCROLLED_WINDOW (gtk_widget_get_template_child (GTK_WIDGET (editor),
                                                                                       RD_TYPE_CAMPAIGN_EDITOR, "scroller"));
    GtkWidget *agents = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (editor), RD_TYPE_CAMPAIGN_EDITOR,
                                                                   "agents_group"));
    GtkWidget *content = gtk_viewport_get_child (GTK_VIEWPORT (gtk_scrolled_window_get_child (scroller)));
    double x, y;

    /* The agents at the top: agents, leadsets, script, dispositions in view. */
    settle (f);
    g_assert_true (gtk_widget_translate_coordinates (agents, content, 0, 0, &x, &y));
    gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (scroller), y - 12);
    settle (f);
    rd_test_ui_save_screenshot (GTK_WIDGET (f->window), "screenshot-campaign-editor-lists");
  }
  /* A predefined one removed at once. */
  click (rd_test_ui_find_named (rd_test_ui_find_named (GTK_WIDGET (editor), "answering-machine"), "remove"));
  g_assert_true (rd_test_ui_wait (seven_dispositions, editor, 10000));
  g_assert_null (rd_test_ui_find_named (GTK_WIDGET (editor), "answering-machine"));
  rd_campaign_editor_save (editor);
  g_assert_true (rd_test_ui_wait (showing_list, page, 10000));

  path = g_strdup_printf ("/api/v1/campaigns/%s", campaign_id);
  campaign = server_get (f, path);
  g_assert_true (array_has (json_object_get_array_member (campaign, "leadsets"), leadset_id));
  g_assert_true (array_has (json_object_get_array_member (campaign, "agents"), "olga"));
  g_assert_cmpstr (json_object_get_string_member (campaign, "calling_hours_start"), ==, "09:00");
  g_assert_cmpstr (json_object_get_string_member (campaign, "script"), ==, "Hello {name}, this is Olga from Ringdesk.");
  {
    JsonArray *dispositions = json_object_get_array_member (campaign, "dispositions");
    gboolean booked = FALSE, machine = FALSE;

    for (guint i = 0; i < json_array_get_length (dispositions); i++)
      {
        JsonObject *d = json_array_get_object_element (dispositions, i);

        booked |= g_strcmp0 (json_object_get_string_member (d, "code"), "demo-booked") == 0 &&
                  json_object_get_boolean_member (d, "closes_lead");
        machine |= g_strcmp0 (json_object_get_string_member (d, "code"), "answering-machine") == 0;
      }
    g_assert_true (booked);
    g_assert_false (machine);
  }

  /* Edit, Back at once, New: the first editor's late answers add no rows to the second. */
  click_in_row (page, campaign_id, "edit");
  click (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (editor), RD_TYPE_CAMPAIGN_EDITOR, "back_button")));
  g_assert_true (showing_list (page) || rd_campaign_manager_page_get_busy (page));
  click (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (page), RD_TYPE_CAMPAIGN_MANAGER_PAGE, "new_button")));
  g_assert_true (rd_test_ui_wait (editor_idle, editor, 10000));
  g_assert_cmpuint (count_named (GTK_WIDGET (editor), "olga"), ==, 1);
  g_assert_cmpuint (count_named (GTK_WIDGET (editor), leadset_id), ==, 1);
  g_assert_cmpuint (rd_campaign_editor_get_n_dispositions (editor), ==, 0);
  click (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (editor), RD_TYPE_CAMPAIGN_EDITOR, "back_button")));
  g_assert_true (rd_test_ui_wait (showing_list, page, 10000));

  /* Start, then Pause: the row follows the server. */
  click_in_row (page, campaign_id, "start");
  g_assert_true (rd_test_ui_wait (has_status, &(StatusWait) { page, "Winter Offer", "running" }, 10000));
  g_assert_true (rd_test_ui_wait (page_idle, page, 10000));

  /* Olga joins (no switch here: she stays connecting): the row counts her within the
   * page's 5 s refresh, with the leads left. */
  {
    g_autofree char *olga = rd_test_login (f->server, "olga", OLGA_PASSWORD);
    g_autofree char *body = g_strdup_printf ("{\"campaign_id\": \"%s\"}", campaign_id);
    g_autoptr(RdTestResponse) login = rd_test_request_json (f->server, "POST", "/api/v1/agent/login", olga, body);

    g_assert_cmpuint (login->status, ==, 200);
    g_assert_true (rd_test_ui_wait (row_says, &(RowWait) { page, campaign_id, "Paused 1 · 2 leads left" }, 15000));
  }
  settle (f);
  rd_test_ui_save_screenshot (GTK_WIDGET (f->window), "screenshot-campaign-manager");
  click_in_row (page, campaign_id, "pause");
  g_assert_true (rd_test_ui_wait (has_status, &(StatusWait) { page, "Winter Offer", "paused" }, 10000));
  g_assert_true (rd_test_ui_wait (page_idle, page, 10000));
  click_in_row (page, campaign_id, "stop");
  g_assert_true (rd_test_ui_wait (has_status, &(StatusWait) { page, "Winter Offer", "stopped" }, 10000));

  /* Reset: the server answers how many leads start over (none tried yet). */
  g_assert_true (rd_test_ui_wait (page_idle, page, 10000));
  click_in_row (page, leadset_id, "reset");
  g_assert_true (rd_test_ui_wait (page_idle, page, 10000));
  g_assert_cmpuint (rd_campaign_manager_page_get_n_leadsets (page), ==, 1);

  /* Detach: the leadset's switch off and Save is a DELETE. */
  click_in_row (page, campaign_id, "edit");
  g_assert_true (rd_test_ui_wait (editor_idle, editor, 10000));
  g_assert_true (rd_campaign_editor_set_leadset (editor, leadset_id, FALSE));
  rd_campaign_editor_save (editor);
  g_assert_true (rd_test_ui_wait (showing_list, page, 10000));
  g_clear_pointer (&campaign, json_object_unref);
  campaign = server_get (f, path);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (campaign, "leadsets")), ==, 0);
  g_assert_true (array_has (json_object_get_array_member (campaign, "agents"), "olga"));
}

static void
agent_scenario (gpointer data)
{
  ManagerFixture *f = data;

  sign_in (f);
  g_assert_true (gtk_widget_get_visible (window_child (f, "campaigns_row")));
  g_assert_false (gtk_widget_get_visible (window_child (f, "campaign_manager_row")));
}

static void
admin_scenario (gpointer data)
{
  ManagerFixture *f = data;
  RdCampaignManagerPage *page = rd_window_get_campaign_manager_page (f->window);

  sign_in (f);
  g_assert_true (gtk_widget_get_visible (window_child (f, "campaign_manager_row")));
  g_assert_true (rd_window_show_page (f->window, "campaign-manager"));
  g_assert_true (rd_test_ui_wait (page_idle, page, 10000));
  g_assert_cmpuint (rd_campaign_manager_page_get_n_campaigns (page), ==, 0);
}

static void
russian_scenario (gpointer data)
{
  ManagerFixture *f = data;
  RdCampaignManagerPage *page = rd_window_get_campaign_manager_page (f->window);
  RdCampaignEditor *editor = rd_campaign_manager_page_get_editor (page);
  RdLeadsetUploadDialog *dialog;

  sign_in (f);
  g_assert_true (rd_window_show_page (f->window, "campaign-manager"));
  g_assert_true (rd_test_ui_wait (page_idle, page, 10000));
  g_assert_true (rd_test_ui_wait (workspace_shown, f->window, 5000));
  settle (f);
  rd_test_ui_save_screenshot (GTK_WIDGET (f->window), "screenshot-campaign-manager-russian");

  {
    g_autofree char *id = g_strdup (rd_campaign_manager_page_find_campaign (page, "Весна"));

    click_in_row (page, id, "edit");
  }
  g_assert_true (rd_test_ui_wait (editor_idle, editor, 10000));
  settle (f);
  rd_test_ui_save_screenshot (GTK_WIDGET (f->window), "screenshot-campaign-editor-russian");
  rd_campaign_editor_set_setting (editor, "calling_hours_start", "25:00");
  rd_campaign_editor_save (editor);
  g_assert_true (rd_test_ui_wait (editor_idle, editor, 10000));
  g_assert_cmpstr (rd_campaign_editor_get_error_setting (editor), ==, "calling_hours_start");

  dialog = rd_campaign_manager_page_upload (page);
  rd_leadset_upload_dialog_set_file (dialog, f->csv_path);
  g_assert_true (rd_test_ui_wait (has_columns, dialog, 10000));
  rd_leadset_upload_dialog_run (dialog, TRUE);
  g_assert_true (rd_test_ui_wait (has_report, dialog, 10000));
  rd_test_ui_settle (GTK_WIDGET (dialog), 4);
  rd_test_ui_save_screenshot (GTK_WIDGET (dialog), "screenshot-leadset-dry-run-russian");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* --- running the app --------------------------------------------------------------------- */

/* The test's scenario on the app's window. */
static void
scenario_cb (RdWindow *window,
             gpointer  data)
{
  ManagerFixture *f = data;

  f->window = window;
  f->scenario (f);
}

static void
run_app (ManagerFixture *f,
         const char     *user,
         const char     *password,
         void          (*scenario) (gpointer fixture))
{
  char *argv[] = { "ringdesk", "--replica", f->replica_dir, "--server", f->server->base_url, NULL };

  f->user = user;
  f->password = password;
  f->scenario = scenario;
  rd_test_ui_run_app (argv, scenario_cb, f);
}

static void
test_manager (ManagerFixture *f,
              gconstpointer   data)
{
  run_app (f, "mira", MIRA_PASSWORD, manager_scenario);
}

static void
test_agent (ManagerFixture *f,
            gconstpointer   data)
{
  run_app (f, "olga", OLGA_PASSWORD, agent_scenario);
}

static void
test_admin (ManagerFixture *f,
            gconstpointer   data)
{
  rd_test_server_add_user (f->server, "ada", "admin", NULL, ADA_PASSWORD);
  run_app (f, "ada", ADA_PASSWORD, admin_scenario);
}

static void
test_russian (ManagerFixture *f,
              gconstpointer   data)
{
  g_autofree char *token = rd_test_login (f->server, "mira", MIRA_PASSWORD);
  g_autoptr(RdTestResponse) made = rd_test_request_json (f->server, "POST", "/api/v1/campaigns", token,
                                                         "{\"name\": \"Весна\", \"dial_method\": \"preview\"}");

  g_assert_cmpuint (made->status, ==, 201);
  g_assert_nonnull (setlocale (LC_ALL, "C.UTF-8"));
  g_setenv ("LANGUAGE", "ru", TRUE);
  bindtextdomain (GETTEXT_PACKAGE, RD_TEST_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);   /* forget the catalogues looked up so far */
  g_assert_cmpstr (_("Campaign Manager"), ==, "Управление кампаниями");

  run_app (f, "mira", MIRA_PASSWORD, russian_scenario);

  g_unsetenv ("LANGUAGE");
  textdomain (GETTEXT_PACKAGE);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  g_test_add ("/ui/campaign-manager/create-upload-start", ManagerFixture, NULL,
              fixture_setup, test_manager, fixture_teardown);
  g_test_add ("/ui/campaign-manager/agent-does-not-see-it", ManagerFixture, NULL,
              fixture_setup, test_agent, fixture_teardown);
  g_test_add ("/ui/campaign-manager/admin-sees-it", ManagerFixture, NULL,
              fixture_setup, test_admin, fixture_teardown);
  g_test_add ("/ui/campaign-manager/russian", ManagerFixture, NULL,
              fixture_setup, test_russian, fixture_teardown);
  return g_test_run ();
}
