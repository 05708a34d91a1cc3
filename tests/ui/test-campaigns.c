/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "rd-test-phone.h"
#include "rd-test-server.h"

#include "rd-agent-call-popover.h"
#include "rd-application.h"
#include "rd-audio-sink.h"
#include "rd-call-banner.h"
#include "rd-lead-history.h"
#include "rd-record-page.h"
#include "rd-recording-player.h"
#include "rd-test-ui.h"
#include "rd-window.h"

/* The campaign workspace end to end: a real ringdesk-server with its switch and dialer
 * (--sip-listen, --trunk to a sipp customer that answers and waits for BYE), a manager's
 * campaign with one lead, and the app signed in as the agent: Join (the app's baresip
 * dials the leg), Ready, the customer's card, Hang Up, a disposition, Submit; the call
 * row on the server keeps the disposition. Runs under tests/run-with-keyring.sh. */

#define OLGA_PASSWORD "olga's long password"
#define MIRA_PASSWORD "mira's long password"

typedef struct
{
  RdTestServer *server;
  RdTestSipp   *customer;
  char         *tmp;
  char         *replica_dir;
  char         *campaign_id;
  RdWindow     *window;
  gboolean      preview;
  gboolean      transfer;
} CampaignFixture;

static void
settle (CampaignFixture *f)
{
  rd_test_ui_settle (GTK_WIDGET (f->window), 4);
}

static void
api_ok (CampaignFixture *f,
        const char      *token,
        const char      *method,
        const char      *path,
        const char      *json,
        JsonObject     **answer)
{
  g_autoptr(RdTestResponse) r = rd_test_request_json (f->server, method, path, token, json);

  if (r->status != 200 && r->status != 201)
    g_error ("%s %s: %u %s", method, path, r->status, r->text);
  if (answer != NULL)
    *answer = json_object_ref (json_node_get_object (r->body));
}

/* Anna was called twice before (another campaign run): busy, then a call-back asked for. */
static void
add_earlier_calls (CampaignFixture *f)
{
  g_autofree char *db_path = g_build_filename (f->server->data_dir, "callcenter.db", NULL);
  gint64 day = 24 * 3600 * G_GINT64_CONSTANT (1000);
  gint64 now = g_get_real_time () / 1000;
  g_autofree char *sql = g_strdup_printf (
    "INSERT INTO calls (id, direction, campaign_id, lead_id, number, agent, created_at, ended_at,"
    "  result, disposition, notes)"
    " SELECT '01000000-0000-7000-8000-00000000000' || n, 'outbound', '%s', l.id, l.phone, 'olga',"
    "   %" G_GINT64_FORMAT " - n * %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT " - n * %" G_GINT64_FORMAT " + 60000,"
    "   CASE n WHEN 2 THEN 'busy' ELSE 'human' END, CASE n WHEN 1 THEN 'callback' END,"
    "   CASE n WHEN 1 THEN 'Call after lunch' END"
    " FROM leads l, (SELECT 1 AS n UNION SELECT 2) WHERE l.name = 'Anna Test'",
    f->campaign_id, now, day, now, day);
  sqlite3 *db = NULL;
  char *error = NULL;

  g_assert_cmpint (sqlite3_open (db_path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  if (sqlite3_exec (db, sql, NULL, NULL, &error) != SQLITE_OK)
    g_error ("earlier calls: %s", error);
  g_assert_cmpint (sqlite3_changes (db), ==, 2);
  sqlite3_close (db);
}

static void
fixture_setup (CampaignFixture *f,
               gconstpointer    data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *trunk = NULL;
  g_autofree char *mira = NULL;
  g_autofree char *path = NULL;
  g_autoptr(JsonObject) campaign = NULL;
  g_autoptr(RdTestResponse) upload = NULL;
  gboolean preview = g_strcmp0 (data, "preview") == 0;
  /* preview: Boris's card comes first and is skipped; Anna's is dialled */
  const char *csv = preview ? "name,phone,phone2,company\nBoris Skip,+7 916 100-00-02,,Other\n"
                              "Anna Test,+7 916 100-00-01,+7 916 100-00-09,Acme\n"
                            : "name,phone,company\nAnna Test,+7 916 100-00-01,Acme\n";
  g_autofree char *body = NULL;

  f->preview = preview;
  f->transfer = g_strcmp0 (data, "transfer") == 0;
  /* transfer: sipp is the customer, the number she is handed to, and a number dialled */
  f->customer = rd_test_sipp_start_n ("uas-answer-hold.xml", NULL, f->transfer ? 3 : 1, &error);
  g_assert_no_error (error);
  trunk = g_strdup_printf ("127.0.0.1:%u", f->customer->port);
  {
    const char *args[] = { "--sip-listen", "127.0.0.1:0", "--trunk", trunk, NULL };
    f->server = rd_test_server_new (args);
  }
  rd_test_server_add_user (f->server, "mira", "manager", NULL, MIRA_PASSWORD);
  rd_test_server_add_user (f->server, "olga", "agent", NULL, OLGA_PASSWORD);
  mira = rd_test_login (f->server, "mira", MIRA_PASSWORD);

  upload = rd_test_request (f->server, "POST", "/api/v1/leadsets?name=x&country=RU", mira,
                            "text/csv", csv, -1);
  g_assert_cmpuint (upload->status, ==, 201);
  body = g_strdup_printf ("{\"name\": \"Spring Offer\", \"dial_method\": \"%s\","
                          " \"caller_id\": \"+74951234567\", \"calling_hours_start\": \"00:00\","
                          " \"calling_hours_end\": \"23:59\", \"wrap_up_timeout\": 120,"
                          " \"script\": \"Hello {name}, this is Olga from Ringdesk. I see you work at {company}.\"}",
                          preview ? "preview" : "progressive");
  api_ok (f, mira, "POST", "/api/v1/campaigns", body, &campaign);
  f->campaign_id = g_strdup (json_object_get_string_member (campaign, "id"));
  path = g_strdup_printf ("/api/v1/campaigns/%s/leadsets/%s", f->campaign_id,
                          rd_test_response_string (upload, "id"));
  api_ok (f, mira, "PUT", path, NULL, NULL);
  g_free (path);
  path = g_strdup_printf ("/api/v1/campaigns/%s/agents", f->campaign_id);
  api_ok (f, mira, "PUT", path, "{\"agents\": [\"olga\"]}", NULL);
  g_free (path);
  if (preview)
    add_earlier_calls (f);
  path = g_strdup_printf ("/api/v1/campaigns/%s/start", f->campaign_id);
  api_ok (f, mira, "POST", path, NULL, NULL);

  f->tmp = g_dir_make_tmp ("rd-campaigns-XXXXXX", &error);
  g_assert_no_error (error);
  f->replica_dir = g_build_filename (f->tmp, "replica", NULL);
  g_settings_reset (settings, "username");
  g_settings_reset (settings, "server-url");
  g_settings_reset (settings, "work-offline");
  g_settings_set_string (settings, "default-region", "RU");
}

static void
fixture_teardown (CampaignFixture *f,
                  gconstpointer    data)
{
  g_clear_pointer (&f->server, rd_test_server_free);
  g_clear_pointer (&f->customer, rd_test_sipp_free);
  rd_test_ui_remove_tree (f->tmp);
  g_free (f->replica_dir);
  g_free (f->tmp);
  g_free (f->campaign_id);
}

/* --- waits ------------------------------------------------------------------------------ */

static gboolean
campaigns_loaded (gpointer data)
{
  return rd_campaigns_page_get_n_campaigns (data) > 0;
}

typedef struct {
  RdCampaignsPage *page;
  const char      *state;
} StateWait;

static gboolean
in_state (gpointer data)
{
  StateWait *wait = data;
  return g_strcmp0 (rd_campaigns_page_get_state (wait->page), wait->state) == 0;
}

static void
wait_state (RdCampaignsPage *page,
            const char      *state,
            guint            timeout_ms)
{
  StateWait wait = { page, state };

  if (!rd_test_ui_wait (in_state, &wait, timeout_ms))
    g_error ("the agent did not become %s (still %s)", state, rd_campaigns_page_get_state (page));
}

static gboolean
card_shows_anna (gpointer data)
{
  return g_strcmp0 (rd_campaign_call_card_get_lead_name (rd_campaigns_page_get_call_card (data)),
                    "Anna Test") == 0;
}

static gboolean
card_shows_boris (gpointer data)
{
  return g_strcmp0 (rd_campaign_call_card_get_lead_name (rd_campaigns_page_get_call_card (data)),
                    "Boris Skip") == 0;
}

static gboolean
not_wrap_up (gpointer data)
{
  const char *state = rd_campaigns_page_get_state (data);
  return g_strcmp0 (state, "ready") == 0 || g_strcmp0 (state, "paused") == 0;
}

typedef struct {
  RdCampaignsPage *page;
  RdCall          *old;
} LegWait;

static gboolean
new_leg_up (gpointer data)
{
  LegWait *wait = data;
  RdCall *leg = rd_campaigns_page_get_leg (wait->page);

  return leg != NULL && leg != wait->old && rd_call_get_state (leg) == RD_CALL_STATE_ESTABLISHED
         && gtk_widget_get_visible (GTK_WIDGET (wait->page));
}

static gboolean
sipp_done_cb (gpointer data)
{
  return ((RdTestSipp *) data)->done;
}

/* --- the scenario ---------------------------------------------------------------------- */

static void
activate (CampaignFixture *f,
          const char      *action)
{
  g_assert_true (g_action_group_get_action_enabled (rd_campaigns_page_get_actions (rd_window_get_campaigns_page (f->window)),
                                                    action + strlen ("campaign.")));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), action, NULL));
}

/* The first column of the first row of @sql (one ? bound to @arg) in the server's
 * callcenter.db; NULL when empty or no row. */
static char *
center_value (CampaignFixture *f,
              const char      *sql,
              const char      *arg)
{
  g_autofree char *db_path = g_build_filename (f->server->data_dir, "callcenter.db", NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, arg, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

/* @column of the server's call row @call_id. */
static char *
call_column (CampaignFixture *f,
             const char      *call_id,
             const char      *column)
{
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM calls WHERE id = ?", column);

  return center_value (f, sql, call_id);
}

typedef struct {
  RdStore    *store;
  const char *center_call_id;
  RdRecord   *found;
} FiledWait;

/* The CRM call record the server filed for the campaign call, once synced here. */
static gboolean
call_filed (gpointer data)
{
  FiledWait *wait = data;
  g_autoptr(GPtrArray) calls = rd_store_list (wait->store, "calls", NULL, NULL, 0, 100, NULL);

  for (guint i = 0; calls != NULL && i < calls->len; i++)
    if (g_strcmp0 (rd_record_get_string (calls->pdata[i], "center_call_id"), wait->center_call_id) == 0 &&
        rd_record_get_string (calls->pdata[i], "disposition") != NULL)
      {
        g_set_object (&wait->found, calls->pdata[i]);
        return TRUE;
      }
  return FALSE;
}

/* The title of the timeline row that holds a recording player. */
static const char *
player_row_title (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      const char *title;

      if (ADW_IS_ACTION_ROW (child) && rd_test_ui_find (child, RD_TYPE_RECORDING_PLAYER) != NULL)
        return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child));
      if ((title = player_row_title (child)) != NULL)
        return title;
    }
  return NULL;
}

static gboolean
player_playing (gpointer data)
{
  return rd_recording_player_get_playing (data);
}

/* The call in the CRM: in the agent's replica by sync, on the timeline of the lead it made
 * (Anna is in no CRM record here), with its disposition, notes, duration and player. */
static void
check_crm_call (CampaignFixture *f,
                const char      *call_id)
{
  RdWindow *window = f->window;
  FiledWait wait = { rd_window_get_store (window), call_id, NULL };
  g_autoptr(RdRecord) lead = NULL;
  RdRecordPage *page = rd_window_get_record_page (window);
  GtkScrolledWindow *scroller;
  g_autofree char *fetched = NULL, *original = NULL, *served = NULL;
  gsize fetched_len = 0, original_len = 0;
  GtkWidget *player;

  g_assert_true (rd_test_ui_wait (call_filed, &wait, 20000));
  g_assert_cmpstr (rd_record_get_string (wait.found, "disposition"), ==, "Sale");
  g_assert_cmpstr (rd_record_get_string (wait.found, "notes"), ==, "Two licences");
  g_assert_cmpstr (rd_record_get_string (wait.found, "parent_tbl"), ==, "leads");
  lead = rd_store_get (wait.store, "leads", rd_record_get_string (wait.found, "parent_id"), NULL);
  g_assert_nonnull (lead);
  g_assert_cmpstr (rd_record_get_string (lead, "tags"), ==, "renewal, vip");

  rd_window_open_record (window, "leads", rd_record_get_id (lead));
  rd_test_ui_settle (GTK_WIDGET (window), 30);   /* past the pages' cross-fade */
  g_assert_cmpstr (player_row_title (GTK_WIDGET (page)), ==, "Sale");
  scroller = GTK_SCROLLED_WINDOW (gtk_widget_get_template_child (GTK_WIDGET (page), RD_TYPE_RECORD_PAGE,
                                                                 "scroller"));
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (scroller),
                            gtk_adjustment_get_upper (gtk_scrolled_window_get_vadjustment (scroller)));
  rd_test_ui_settle (GTK_WIDGET (window), 4);
  g_assert_cmpuint (rd_test_ui_save_screenshot (GTK_WIDGET (window), "screenshot-campaign-crm-call"), >, 10);

  /* Play: the campaign's recording comes from the server (GET /recordings/ID) and plays. */
  player = rd_test_ui_find (GTK_WIDGET (page), RD_TYPE_RECORDING_PLAYER);
  g_assert_nonnull (player);
  rd_recording_player_play (RD_RECORDING_PLAYER (player));
  g_assert_true (rd_test_ui_wait (player_playing, player, 15000));
  g_assert_true (g_file_get_contents (rd_recording_player_get_path (RD_RECORDING_PLAYER (player)),
                                      &fetched, &fetched_len, NULL));
  served = g_strdup_printf ("%s/recordings/%s.wav", f->server->data_dir, rd_record_get_id (wait.found));
  g_assert_true (g_file_get_contents (served, &original, &original_len, NULL));
  g_assert_cmpmem (fetched, fetched_len, original, original_len);
  g_assert_cmpuint (fetched_len, >, 8000);
  rd_recording_player_pause (RD_RECORDING_PLAYER (player));
  g_clear_object (&wait.found);
  g_assert_true (rd_window_show_page (window, "campaigns"));
}

static void
campaign_scenario (CampaignFixture *f)
{
  RdWindow *window = f->window;
  RdCampaignsPage *page = rd_window_get_campaigns_page (window);
  RdCampaignCallCard *card = rd_campaigns_page_get_call_card (page);
  RdCallBanner *banner;
  g_autofree char *call_id = NULL;
  g_autofree char *disposition = NULL;
  g_autofree char *notes = NULL;
  g_autofree char *tags = NULL;
  GObject *notes_row;
  GObject *tags_row;
  RdCall *leg;
  g_autoptr(RdCall) old_leg = NULL;
  GtkWidget *row;
  GtkWidget *join;

  g_assert_true (rd_test_ui_sign_in (window, "olga", OLGA_PASSWORD, 10000));

  /* Signed in: the page is in the sidebar and lists the agent's campaign. */
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), RD_TYPE_WINDOW,
                                                                                    "campaigns_row"))));
  g_assert_true (rd_window_show_page (window, "campaigns"));
  g_assert_true (rd_test_ui_wait (campaigns_loaded, page, 10000));
  g_assert_cmpuint (rd_campaigns_page_get_n_campaigns (page), ==, 1);
  settle (f);
  rd_test_ui_save_screenshot (GTK_WIDGET (window), "screenshot-campaigns");

  /* Join: the leg is dialled and answered by the switch; the agent is paused (login). */
  row = rd_test_ui_find_named (GTK_WIDGET (page), f->campaign_id);
  g_assert_nonnull (row);
  join = rd_test_ui_find (row, GTK_TYPE_BUTTON);
  g_assert_true (gtk_widget_is_sensitive (join));
  g_signal_emit_by_name (join, "clicked");
  wait_state (page, "paused", 20000);
  leg = rd_campaigns_page_get_leg (page);
  g_assert_nonnull (leg);
  g_assert_true (rd_call_get_leg (leg));
  g_assert_cmpint (rd_call_get_state (leg), ==, RD_CALL_STATE_ESTABLISHED);
  /* The leg is not a call the banner shows. */
  banner = RD_CALL_BANNER (rd_test_ui_find (GTK_WIDGET (window), RD_TYPE_CALL_BANNER));
  g_assert_nonnull (banner);
  g_assert_null (rd_call_banner_get_call (banner));

  /* Ready (F9's action): the dialer calls Anna, sipp answers, she is put through. */
  activate (f, "campaign.ready");
  wait_state (page, "on_call", 30000);
  g_assert_true (rd_test_ui_wait (card_shows_anna, page, 5000));
  g_assert_null (rd_call_banner_get_call (banner));
  settle (f);
  g_assert_cmpuint (rd_test_ui_save_screenshot (GTK_WIDGET (window), "screenshot-campaign-call"), >, 10);
  call_id = g_strdup (rd_campaign_call_card_get_call_id (card));
  g_assert_nonnull (call_id);

  /* Hang up: the customer's call ends (sipp gets its BYE), the leg stays. */
  activate (f, "campaign.hangup");
  wait_state (page, "wrap_up", 10000);
  g_assert_true (rd_test_ui_wait (sipp_done_cb, f->customer, 10000));
  g_assert_cmpint (f->customer->status, ==, 0);
  g_assert_false (rd_call_is_closed (rd_campaigns_page_get_leg (page)));

  g_assert_true (rd_campaign_call_card_select_code (card, "sale"));
  notes_row = gtk_widget_get_template_child (GTK_WIDGET (card), RD_TYPE_CAMPAIGN_CALL_CARD, "notes_row");
  gtk_editable_set_text (GTK_EDITABLE (notes_row), "Two licences");
  tags_row = gtk_widget_get_template_child (GTK_WIDGET (card), RD_TYPE_CAMPAIGN_CALL_CARD, "tags_row");
  g_assert_true (ADW_IS_ENTRY_ROW (tags_row));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (tags_row)));
  gtk_editable_set_text (GTK_EDITABLE (tags_row), "renewal, vip ,  ");
  settle (f);
  rd_test_ui_save_screenshot (GTK_WIDGET (window), "screenshot-campaign-wrap-up");
  activate (f, "campaign.submit");
  g_assert_true (rd_test_ui_wait (not_wrap_up, page, 10000));

  /* The server's call row keeps what the agent chose. */
  disposition = call_column (f, call_id, "disposition");
  notes = call_column (f, call_id, "notes");
  tags = call_column (f, call_id, "tags");
  g_assert_cmpstr (disposition, ==, "sale");
  g_assert_cmpstr (notes, ==, "Two licences");
  /* The tags as typed, split and trimmed; the form is empty again for the next call. */
  g_assert_cmpstr (tags, ==, "[\"renewal\",\"vip\"]");
  check_crm_call (f, call_id);

  /* The leg drops (the network, the engine): the page asks for a new one and dials it
   * within the server's grace; the agent stays in the campaign. */
  old_leg = g_object_ref (rd_campaigns_page_get_leg (page));
  g_assert_true (rd_phone_hang_up (rd_softphone_get_phone (rd_window_get_softphone (window)), old_leg, NULL));
  g_assert_true (rd_test_ui_wait (new_leg_up, &(LegWait) { page, old_leg }, 15000));
  g_assert_true (rd_call_is_closed (old_leg));
  g_assert_true (not_wrap_up (page));
  /* The closed leg left no call record in the agent's call log. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) calls = rd_store_list (rd_window_get_store (window), "calls", NULL, NULL,
                                                0, 100, &error);

    g_assert_no_error (error);
    for (guint i = 0; i < calls->len; i++)
      {
        const char *from = rd_record_get_string (g_ptr_array_index (calls, i), "from_number");
        g_assert_true (from == NULL || strstr (from, "ringdesk-leg") == NULL);
      }
  }

  /* Leave: logged out, the leg hung up, back to the list. */
  activate (f, "campaign.leave");
  wait_state (page, "logout", 10000);
  g_assert_null (rd_campaigns_page_get_leg (page));
}

/* Preview: the card comes before the call; Skip passes it on, Dial calls the next one. */
static void
preview_scenario (CampaignFixture *f)
{
  RdWindow *window = f->window;
  RdCampaignsPage *page = rd_window_get_campaigns_page (window);
  RdCampaignCallCard *card = rd_campaigns_page_get_call_card (page);
  GtkWidget *dial = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (page), RD_TYPE_CAMPAIGNS_PAGE,
                                                               "preview_dial_button"));
  g_autofree char *call_id = NULL;
  g_autofree char *disposition = NULL;
  g_autofree char *number = NULL;
  g_autofree char *skipped = NULL;
  RdLeadHistory *history;
  GtkWidget *other;
  g_autofree char *tags = NULL;
  GtkWidget *row;

  g_assert_true (rd_test_ui_sign_in (window, "olga", OLGA_PASSWORD, 10000));
  g_assert_true (rd_window_show_page (window, "campaigns"));
  g_assert_true (rd_test_ui_wait (campaigns_loaded, page, 10000));
  row = rd_test_ui_find_named (GTK_WIDGET (page), f->campaign_id);
  g_assert_nonnull (row);
  g_signal_emit_by_name (rd_test_ui_find (row, GTK_TYPE_BUTTON), "clicked");
  wait_state (page, "paused", 20000);
  g_assert_false (gtk_widget_get_visible (dial));

  /* Ready: Boris's card, not a call; Dial and Skip shown. */
  activate (f, "campaign.ready");
  wait_state (page, "previewing", 20000);
  g_assert_true (rd_test_ui_wait (card_shows_boris, page, 5000));
  g_assert_true (gtk_widget_get_visible (dial));
  settle (f);
  rd_test_ui_save_screenshot (GTK_WIDGET (window), "screenshot-campaign-preview");

  /* Skip, saying why (the split button's menu): Anna's card follows, with her other number
   * and her earlier calls. Dial This on the other number: she answers there and is put
   * through. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "campaign.preview-skip-why", "s", "wrong-person"));
  g_assert_true (rd_test_ui_wait (card_shows_anna, page, 10000));
  skipped = center_value (f, "SELECT reason FROM agent_states WHERE agent = ? AND reason LIKE 'skip:%'", "olga");
  g_assert_cmpstr (skipped, ==, "skip: wrong-person");
  settle (f);
  history = RD_LEAD_HISTORY (gtk_widget_get_template_child (GTK_WIDGET (card), RD_TYPE_CAMPAIGN_CALL_CARD,
                                                            "history_group"));
  g_assert_cmpuint (rd_lead_history_get_n_calls (history), ==, 2);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (history)));
  other = rd_test_ui_find_named (GTK_WIDGET (card), "+79161000009");
  g_assert_nonnull (other);
  g_assert_true (gtk_widget_is_sensitive (other));
  rd_test_ui_save_screenshot (GTK_WIDGET (window), "screenshot-campaign-preview-history");
  g_signal_emit_by_name (other, "clicked");
  wait_state (page, "on_call", 20000);
  /* On the call the other numbers are shown, no more to dial. */
  g_assert_null (rd_test_ui_find_named (GTK_WIDGET (card), "+79161000009"));
  g_assert_false (gtk_widget_get_visible (dial));
  call_id = g_strdup (rd_campaign_call_card_get_call_id (card));
  g_assert_nonnull (call_id);
  activate (f, "campaign.hangup");
  wait_state (page, "wrap_up", 10000);
  g_assert_true (rd_campaign_call_card_select_code (card, "sale"));
  activate (f, "campaign.submit");
  g_assert_true (rd_test_ui_wait (not_wrap_up, page, 10000));
  disposition = call_column (f, call_id, "disposition");
  g_assert_cmpstr (disposition, ==, "sale");
  number = call_column (f, call_id, "number");
  g_assert_cmpstr (number, ==, "+79161000009");
  tags = call_column (f, call_id, "tags");
  g_assert_null (tags);

  /* A pause shows its words, not its code. */
  wait_state (page, "ready", 10000);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "campaign.pause", "s", "lunch"));
  wait_state (page, "paused", 10000);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (gtk_widget_get_template_child (
                     GTK_WIDGET (page), RD_TYPE_CAMPAIGNS_PAGE, "state_label"))), ==, "Paused (Lunch)");

  activate (f, "campaign.leave");
  wait_state (page, "logout", 10000);
}

static GtkWidget *
page_child (RdCampaignsPage *page,
            const char      *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (page), RD_TYPE_CAMPAIGNS_PAGE, name));
}

/* The bar says the agent talks to the number and offers to complete. */
static gboolean
consulting (gpointer data)
{
  return gtk_widget_get_visible (page_child (data, "transfer_bar"))
         && gtk_widget_get_visible (page_child (data, "transfer_complete_button"));
}

static GtkEditable *
popover_entry (GtkWidget  *popover,
               const char *name)
{
  return GTK_EDITABLE (gtk_widget_get_template_child (popover, RD_TYPE_AGENT_CALL_POPOVER, name));
}

/* The Call / Transfer menu: the customer handed to a number after a consult, then a number
 * dialled by the agent herself. */
static void
transfer_scenario (CampaignFixture *f)
{
  RdWindow *window = f->window;
  RdCampaignsPage *page = rd_window_get_campaigns_page (window);
  RdCampaignCallCard *card = rd_campaigns_page_get_call_card (page);
  GtkWidget *popover = page_child (page, "call_popover");
  GtkWidget *bar = page_child (page, "transfer_bar");
  g_autofree char *call_id = NULL;
  g_autofree char *disposition = NULL;
  g_autofree char *transferred_to = NULL;

  g_assert_true (rd_test_ui_sign_in (window, "olga", OLGA_PASSWORD, 10000));
  g_assert_true (rd_window_show_page (window, "campaigns"));
  g_assert_true (rd_test_ui_wait (campaigns_loaded, page, 10000));
  g_signal_emit_by_name (rd_test_ui_find (rd_test_ui_find_named (GTK_WIDGET (page), f->campaign_id),
                                          GTK_TYPE_BUTTON), "clicked");
  wait_state (page, "paused", 20000);
  activate (f, "campaign.ready");
  wait_state (page, "on_call", 30000);
  g_assert_true (rd_test_ui_wait (card_shows_anna, page, 5000));
  call_id = g_strdup (rd_campaign_call_card_get_call_id (card));

  /* F7's action opens the menu: on a call it offers the transfer, not a new call. */
  activate (f, "campaign.call-menu");
  settle (f);
  g_assert_true (gtk_widget_get_visible (popover));
  g_assert_true (gtk_widget_is_visible (GTK_WIDGET (popover_entry (popover, "transfer_entry"))));
  g_assert_false (gtk_widget_is_visible (GTK_WIDGET (popover_entry (popover, "dial_entry"))));
  gtk_editable_set_text (popover_entry (popover, "transfer_entry"), "8 916 600-00-01");
  settle (f);
  g_assert_cmpuint (rd_test_ui_save_screenshot (popover, "screenshot-campaign-transfer-menu"), >, 10);
  /* Enter in the number consults first. */
  g_signal_emit_by_name (popover_entry (popover, "transfer_entry"), "activate");
  g_assert_true (rd_test_ui_wait (consulting, page, 15000));
  settle (f);
  g_assert_true (gtk_widget_get_visible (bar));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (page_child (page, "transfer_label"))), "+7 916 600-00-01"));
  g_assert_false (gtk_widget_get_sensitive (page_child (page, "call_button")));
  rd_test_ui_save_screenshot (GTK_WIDGET (window), "screenshot-campaign-consult");

  activate (f, "campaign.transfer-complete");
  wait_state (page, "wrap_up", 10000);
  settle (f);
  g_assert_false (gtk_widget_get_visible (bar));
  g_assert_true (rd_campaign_call_card_select_code (card, "sale"));
  activate (f, "campaign.submit");
  g_assert_true (rd_test_ui_wait (not_wrap_up, page, 10000));
  disposition = call_column (f, call_id, "disposition");
  transferred_to = call_column (f, call_id, "transferred_to");
  g_assert_cmpstr (disposition, ==, "sale");
  g_assert_cmpstr (transferred_to, ==, "+79166000001");

  /* Between customers the menu dials a number: the agent is on that call, its card up. */
  wait_state (page, "ready", 10000);
  activate (f, "campaign.call-menu");
  settle (f);
  g_assert_true (gtk_widget_is_visible (GTK_WIDGET (popover_entry (popover, "dial_entry"))));
  gtk_editable_set_text (popover_entry (popover, "dial_entry"), "+7 916 100-00-05");
  settle (f);
  rd_test_ui_save_screenshot (popover, "screenshot-campaign-dial-menu");
  g_signal_emit_by_name (popover_entry (popover, "dial_entry"), "activate");
  g_assert_false (gtk_widget_get_visible (popover));
  wait_state (page, "on_call", 20000);
  activate (f, "campaign.hangup");
  wait_state (page, "wrap_up", 10000);
  g_assert_true (rd_campaign_call_card_select_code (card, "not-interested"));
  activate (f, "campaign.submit");
  g_assert_true (rd_test_ui_wait (not_wrap_up, page, 10000));
  activate (f, "campaign.leave");
  wait_state (page, "logout", 10000);
}

/* The test's scenario on the app's window. */
static void
scenario_cb (RdWindow *window,
             gpointer  data)
{
  CampaignFixture *f = data;

  f->window = window;
  if (f->preview)
    preview_scenario (f);
  else if (f->transfer)
    transfer_scenario (f);
  else
    campaign_scenario (f);
}

static void
test_campaign_call (CampaignFixture *f,
                    gconstpointer    data)
{
  char *argv[] = { "ringdesk", "--replica", f->replica_dir, "--server", f->server->base_url, NULL };

  rd_test_ui_run_app (argv, scenario_cb, f);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  /* No sound card here: a sink that keeps time like a speaker. */
  rd_audio_sink_set_default ("fakesink sync=true");
  g_test_add ("/ui/campaigns/join-call-dispose", CampaignFixture, NULL,
              fixture_setup, test_campaign_call, fixture_teardown);
  g_test_add ("/ui/campaigns/preview-skip-dial", CampaignFixture, "preview",
              fixture_setup, test_campaign_call, fixture_teardown);
  g_test_add ("/ui/campaigns/transfer-dial", CampaignFixture, "transfer",
              fixture_setup, test_campaign_call, fixture_teardown);
  return g_test_run ();
}
