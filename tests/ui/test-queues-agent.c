/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <sqlite3.h>
#include <string.h>

#include "rd-test-phone.h"
#include "rd-test-server.h"

#include "rd-agent-queues.h"
#include "rd-application.h"
#include "rd-audio-sink.h"
#include "rd-campaign-call-card.h"
#include "rd-campaigns-page.h"
#include "rd-test-ui.h"
#include "rd-window.h"

/* A queue's agent in the app, end to end: a real ringdesk-server with its switch
 * (--sip-listen) and a sipp customer as the trunk, a manager's queue "Support" with its
 * own dispositions, and the app signed in as the agent. On the Campaigns page she switches
 * Support on and takes its calls (the app's baresip dials the leg); a sipp caller dials
 * the queue's number, waits and hangs up; the callback the server owes appears under Queue
 * Callbacks; Call Back puts her through to the caller (the trunk's sipp answers), Hang Up,
 * a disposition of Support's own list, Submit: the call row and the closed callback are on
 * the server. In English and, shorter, in Russian. Runs under tests/run-with-keyring.sh. */

#define OLGA_PASSWORD "olga's long password"
#define MIRA_PASSWORD "mira's long password"
#define QUEUE_NUMBER  "+15550100"
#define CALLER_NUMBER "+79161000002"
#define RINGING_NUMBER "+15550102"

typedef struct
{
  RdTestServer *server;
  RdTestSipp   *customer;
  RdTestSipp   *caller;
  RdTestSipp   *ringing_caller;
  char         *sip_remote;
  char         *tmp;
  char         *replica_dir;
  char         *queue_id;
  RdWindow     *window;
  gboolean      russian;
} QueueFixture;

static void
fixture_setup (QueueFixture  *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(RdTestResponse) queue = NULL;
  g_autofree char *trunk = NULL;
  g_autofree char *sip_listen = NULL;
  g_autofree char *mira = NULL;
  guint sip_port = rd_test_free_udp_port ();

  f->russian = g_strcmp0 (data, "ru") == 0;
  /* the trunk: the caller called back answers and holds until the agent hangs up */
  f->customer = rd_test_sipp_start ("uas-answer-hold.xml", NULL, &error);
  g_assert_no_error (error);
  trunk = g_strdup_printf ("127.0.0.1:%u", f->customer->port);
  sip_listen = g_strdup_printf ("127.0.0.1:%u", sip_port);
  f->sip_remote = g_strdup (sip_listen);
  {
    const char *args[] = { "--sip-listen", sip_listen, "--trunk", trunk, NULL };
    f->server = rd_test_server_new (args);
  }
  rd_test_server_add_user (f->server, "mira", "manager", "north", MIRA_PASSWORD);
  rd_test_server_add_user (f->server, "olga", "agent", "north", OLGA_PASSWORD);
  mira = rd_test_login (f->server, "mira", MIRA_PASSWORD);
  queue = rd_test_request_json (f->server, "POST", "/api/v1/queues", mira,
                                "{\"name\": \"Support\", \"numbers\": [\"" QUEUE_NUMBER "\"],"
                                " \"members\": [{\"team\": \"north\"}], \"announce_period\": 0,"
                                " \"wrap_up_timeout\": 120, \"dispositions\": ["
                                "   {\"code\": \"billing\", \"label\": \"Billing question\"},"
                                "   {\"code\": \"fixed\", \"label\": \"Fixed on the call\"}]}");
  g_assert_cmpuint (queue->status, ==, 201);
  f->queue_id = g_strdup (rd_test_response_string (queue, "id"));
  {
    /* a queue whose calls ring for the agent until answered */
    g_autoptr(RdTestResponse) ringing = rd_test_request_json (f->server, "POST", "/api/v1/queues", mira,
      "{\"name\": \"Ringing\", \"numbers\": [\"" RINGING_NUMBER "\"], \"members\": [{\"team\": \"north\"}],"
      " \"announce_period\": 0, \"answer_mode\": \"accept\", \"ring_timeout\": 60}");

    g_assert_cmpuint (ringing->status, ==, 201);
  }

  f->tmp = g_dir_make_tmp ("rd-queues-agent-XXXXXX", &error);
  g_assert_no_error (error);
  f->replica_dir = g_build_filename (f->tmp, "replica", NULL);
  g_settings_reset (settings, "username");
  g_settings_reset (settings, "server-url");
  g_settings_reset (settings, "work-offline");
  g_settings_set_string (settings, "default-region", "RU");
}

static void
fixture_teardown (QueueFixture  *f,
                  gconstpointer  data)
{
  g_clear_pointer (&f->server, rd_test_server_free);
  g_clear_pointer (&f->customer, rd_test_sipp_free);
  g_clear_pointer (&f->caller, rd_test_sipp_free);
  g_clear_pointer (&f->ringing_caller, rd_test_sipp_free);
  rd_test_ui_remove_tree (f->tmp);
  g_free (f->replica_dir);
  g_free (f->tmp);
  g_free (f->queue_id);
  g_free (f->sip_remote);
}

/* --- waits ------------------------------------------------------------------------------ */

static void
settle (QueueFixture *f)
{
  rd_test_ui_settle (GTK_WIDGET (f->window), 6);
}

static RdAgentQueues *
page_queues (RdCampaignsPage *page,
             const char      *name)
{
  return RD_AGENT_QUEUES (gtk_widget_get_template_child (GTK_WIDGET (page), RD_TYPE_CAMPAIGNS_PAGE, name));
}

static gboolean
queues_listed (gpointer data)
{
  return rd_agent_queues_get_n_queues (data) == 2;
}

static gboolean
callback_listed (gpointer data)
{
  return rd_agent_queues_get_n_callbacks (data) == 1;
}

static gboolean
no_callback (gpointer data)
{
  return rd_agent_queues_get_n_callbacks (data) == 0;
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
not_wrap_up (gpointer data)
{
  const char *state = rd_campaigns_page_get_state (data);

  return g_strcmp0 (state, "ready") == 0 || g_strcmp0 (state, "paused") == 0;
}

static gboolean
answer_shown (gpointer data)
{
  return gtk_widget_get_visible (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (data), RD_TYPE_CAMPAIGNS_PAGE,
                                                                            "answer_button")))
         && gtk_widget_get_visible (GTK_WIDGET (rd_campaigns_page_get_call_card (data)));
}

static gboolean
sipp_done_cb (gpointer data)
{
  return ((RdTestSipp *) data)->done;
}

/* The button labelled @label under @root (mnemonics included), or NULL. */
static GtkWidget *
find_button (GtkWidget  *root,
             const char *label)
{
  if (GTK_IS_BUTTON (root) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (root)), label) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The first column of the first row of @sql (one ? bound to @arg) in callcenter.db. */
static char *
center_value (QueueFixture *f,
              const char   *sql,
              const char   *arg)
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

/* --- the scenario ---------------------------------------------------------------------- */

static void
activate (QueueFixture *f,
          const char   *action)
{
  g_assert_true (g_action_group_get_action_enabled (rd_campaigns_page_get_actions (rd_window_get_campaigns_page (f->window)),
                                                    action + strlen ("campaign.")));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), action, NULL));
}

/* On the list: every queue switched on (All), then Take Queue Calls; the leg is up, she is
 * paused. */
static void
log_in_to_support (QueueFixture *f)
{
  RdCampaignsPage *page = rd_window_get_campaigns_page (f->window);
  RdAgentQueues *list = page_queues (page, "queue_list");
  GtkWidget *toggle;

  g_assert_true (rd_window_show_page (f->window, "campaigns"));
  g_assert_true (rd_test_ui_wait (queues_listed, list, 10000));
  settle (f);
  toggle = rd_test_ui_find (GTK_WIDGET (list), GTK_TYPE_SWITCH);
  g_assert_nonnull (toggle);
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (toggle)));
  g_auto(GStrv) none = rd_agent_queues_get_selected (list);
  g_assert_null (none[0]);
  g_signal_emit_by_name (gtk_widget_get_template_child (GTK_WIDGET (list), RD_TYPE_AGENT_QUEUES, "all_button"),
                         "clicked");
  settle (f);
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (toggle)));
  rd_test_ui_save_screenshot (GTK_WIDGET (f->window), f->russian ? "screenshot-queues-list-ru" : "screenshot-queues-list");
  g_signal_emit_by_name (gtk_widget_get_template_child (GTK_WIDGET (list), RD_TYPE_AGENT_QUEUES, "join_button"),
                         "clicked");
  wait_state (page, "paused", 20000);
}

/* A caller dials Support, waits 2.5 s while she is paused and hangs up: a callback. */
static void
caller_gives_up (QueueFixture *f)
{
  RdCampaignsPage *page = rd_window_get_campaigns_page (f->window);
  RdAgentQueues *desk = page_queues (page, "queue_desk");
  g_autoptr(GError) error = NULL;

  f->caller = rd_test_sipp_start ("uac-queue-abandon.xml", f->sip_remote, &error);
  g_assert_no_error (error);
  g_assert_true (rd_test_ui_wait (sipp_done_cb, f->caller, 20000));
  g_assert_cmpint (f->caller->status, ==, 0);
  g_assert_true (rd_test_ui_wait (callback_listed, desk, 15000));
  settle (f);
}

static void
english_scenario (QueueFixture *f)
{
  RdWindow *window = f->window;
  RdCampaignsPage *page = rd_window_get_campaigns_page (window);
  RdAgentQueues *desk = page_queues (page, "queue_desk");
  RdCampaignCallCard *card = rd_campaigns_page_get_call_card (page);
  g_autofree char *call_id = NULL;
  g_autofree char *value = NULL;
  GtkWidget *call_back;

  g_assert_true (rd_test_ui_sign_in (window, "olga", OLGA_PASSWORD, 10000));
  log_in_to_support (f);
  /* her queues, switched on, in the desk: logged in */
  g_assert_cmpuint (rd_agent_queues_get_n_queues (desk), ==, 2);
  caller_gives_up (f);
  g_assert_cmpuint (rd_test_ui_save_screenshot (GTK_WIDGET (window), "screenshot-queues-callbacks"), >, 10);

  /* Call Back: the server dials the caller from her line; the trunk answers */
  call_back = find_button (GTK_WIDGET (desk), "_Call Back");
  g_assert_nonnull (call_back);
  g_signal_emit_by_name (call_back, "clicked");
  wait_state (page, "on_call", 20000);
  call_id = g_strdup (rd_campaign_call_card_get_call_id (card));
  g_assert_nonnull (call_id);
  value = center_value (f, "SELECT number || ' ' || direction || ' ' || queue_id FROM calls WHERE id = ?", call_id);
  {
    g_autofree char *expected = g_strdup_printf (CALLER_NUMBER " outbound %s", f->queue_id);

    g_assert_cmpstr (value, ==, expected);
  }
  g_clear_pointer (&value, g_free);
  /* reached: the callback is done, by her */
  g_assert_true (rd_test_ui_wait (no_callback, desk, 15000));
  value = center_value (f, "SELECT done_by FROM queue_callbacks WHERE last_call_id = ?", call_id);
  g_assert_cmpstr (value, ==, "olga");
  g_clear_pointer (&value, g_free);
  settle (f);
  rd_test_ui_save_screenshot (GTK_WIDGET (window), "screenshot-queues-call-back");

  /* Hang Up; the wrap-up offers Support's own codes */
  activate (f, "campaign.hangup");
  wait_state (page, "wrap_up", 10000);
  g_assert_false (rd_campaign_call_card_select_code (card, "resolved"));
  g_assert_true (rd_campaign_call_card_select_code (card, "billing"));
  settle (f);
  rd_test_ui_save_screenshot (GTK_WIDGET (window), "screenshot-queues-wrap-up");
  activate (f, "campaign.submit");
  g_assert_true (rd_test_ui_wait (not_wrap_up, page, 10000));
  value = center_value (f, "SELECT disposition FROM calls WHERE id = ?", call_id);
  g_assert_cmpstr (value, ==, "billing");
  g_clear_pointer (&value, g_free);

  /* Ringing (answer_mode accept): the call rings for her with its card; Answer (F6) */
  wait_state (page, "paused", 10000);
  activate (f, "campaign.ready");
  wait_state (page, "ready", 10000);
  {
    g_autoptr(GError) error = NULL;

    f->ringing_caller = rd_test_sipp_start ("uac-queue-held.xml", f->sip_remote, &error);
    g_assert_no_error (error);
  }
  g_assert_true (rd_test_ui_wait (answer_shown, page, 15000));
  g_assert_cmpstr (rd_campaigns_page_get_state (page), ==, "ready");
  g_clear_pointer (&call_id, g_free);
  call_id = g_strdup (rd_campaign_call_card_get_call_id (card));
  g_assert_nonnull (call_id);
  settle (f);
  rd_test_ui_save_screenshot (GTK_WIDGET (window), "screenshot-queues-ringing");
  activate (f, "campaign.answer");
  wait_state (page, "on_call", 10000);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (page), RD_TYPE_CAMPAIGNS_PAGE,
                                                                                     "answer_button"))));
  value = center_value (f, "SELECT agent FROM calls WHERE id = ? AND bridged_at IS NOT NULL", call_id);
  g_assert_cmpstr (value, ==, "olga");
  g_clear_pointer (&value, g_free);
  activate (f, "campaign.hangup");
  wait_state (page, "wrap_up", 10000);
  g_assert_true (rd_test_ui_wait (sipp_done_cb, f->ringing_caller, 10000));
  g_assert_true (rd_campaign_call_card_select_code (card, "resolved"));
  activate (f, "campaign.submit");
  g_assert_true (rd_test_ui_wait (not_wrap_up, page, 10000));
  activate (f, "campaign.leave");
  wait_state (page, "logout", 10000);
}

/* The same page in Russian: her queue, the callback, the words. */
static void
russian_scenario (QueueFixture *f)
{
  RdCampaignsPage *page = rd_window_get_campaigns_page (f->window);
  RdAgentQueues *desk = page_queues (page, "queue_desk");

  g_assert_true (rd_test_ui_sign_in (f->window, "olga", OLGA_PASSWORD, 10000));
  log_in_to_support (f);
  caller_gives_up (f);
  g_assert_nonnull (find_button (GTK_WIDGET (desk), "_Перезвонить"));
  g_assert_cmpuint (rd_test_ui_save_screenshot (GTK_WIDGET (f->window), "screenshot-queues-callbacks-ru"), >, 10);
  activate (f, "campaign.leave");
  wait_state (page, "logout", 10000);
}

static void
scenario_cb (RdWindow *window,
             gpointer  data)
{
  QueueFixture *f = data;

  f->window = window;
  if (f->russian)
    russian_scenario (f);
  else
    english_scenario (f);
}

static void
run (QueueFixture *f)
{
  char *argv[] = { "ringdesk", "--replica", f->replica_dir, "--server", f->server->base_url, NULL };

  rd_test_ui_run_app (argv, scenario_cb, f);
}

static void
test_english (QueueFixture  *f,
              gconstpointer  data)
{
  run (f);
}

static void
test_russian (QueueFixture  *f,
              gconstpointer  data)
{
  g_assert_nonnull (setlocale (LC_ALL, "C.UTF-8"));
  g_setenv ("LANGUAGE", "ru", TRUE);
  bindtextdomain (GETTEXT_PACKAGE, RD_TEST_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);   /* forget the catalogues looked up so far */
  g_assert_cmpstr (_("Queue Callbacks"), ==, "Обратные звонки очередей");

  run (f);

  g_unsetenv ("LANGUAGE");
  textdomain (GETTEXT_PACKAGE);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  /* No sound card here: a sink that keeps time like a speaker. */
  rd_audio_sink_set_default ("fakesink sync=true");
  g_test_add ("/ui/queues/log-in-call-back-dispose", QueueFixture, NULL,
              fixture_setup, test_english, fixture_teardown);
  g_test_add ("/ui/queues/russian", QueueFixture, "ru",
              fixture_setup, test_russian, fixture_teardown);
  return g_test_run ();
}
