/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "rd-test-phone.h"
#include "rd-test-server.h"

#include "rd-agents-board.h"
#include "rd-application.h"
#include "rd-audio-sink.h"
#include "rd-test-ui.h"
#include "rd-window.h"

/* Live Agents end to end: a real ringdesk-server with its switch and dialer, a sipp
 * customer on the trunk, an agent whose own baresip (a test engine) holds her campaign
 * line and is bridged to the customer; the app signed in as her manager shows her On Call,
 * Listen dials the supervisor's line with the app's baresip, Whisper changes the mode on
 * the same line, Stop ends it. The server's answers are checked beside the page's. */

#define OLGA_PASSWORD "olga's long password"
#define MIRA_PASSWORD "mira's long password"

typedef struct
{
  RdTestServer *server;
  RdTestSipp   *customer;
  RdTestEngine *olga_phone;
  char         *mira;
  char         *tmp;
  char         *replica_dir;
  RdWindow     *window;
} BoardFixture;

static void
api_ok (BoardFixture *f,
        const char   *token,
        const char   *method,
        const char   *path,
        const char   *json,
        JsonObject  **answer)
{
  g_autoptr(RdTestResponse) r = rd_test_request_json (f->server, method, path, token, json);

  if (r->status != 200 && r->status != 201)
    g_error ("%s %s: %u %s", method, path, r->status, r->text);
  if (answer != NULL)
    *answer = json_object_ref (json_node_get_object (r->body));
}

typedef struct {
  BoardFixture *f;
  const char   *token;
  const char   *path;
  const char   *member;
  const char   *value;
} ApiWait;

/* The server's answer to GET @path has @member = @value ("true" for a boolean). */
static gboolean
api_says (gpointer data)
{
  ApiWait *w = data;
  g_autoptr(RdTestResponse) r = rd_test_request_json (w->f->server, "GET", w->path, w->token, NULL);
  JsonObject *o = r->status == 200 ? json_node_get_object (r->body) : NULL;
  JsonNode *node = o != NULL ? json_object_get_member (o, w->member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return json_node_get_boolean (node) == (g_strcmp0 (w->value, "true") == 0);
  return g_strcmp0 (json_node_get_string (node), w->value) == 0;
}

static void
wait_api (BoardFixture *f,
          const char   *token,
          const char   *path,
          const char   *member,
          const char   *value)
{
  ApiWait w = { f, token, path, member, value };

  if (!rd_test_ui_wait (api_says, &w, 20000))
    g_error ("GET %s never had %s = %s", path, member, value);
}

static void
fixture_setup (BoardFixture  *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *trunk = NULL;
  g_autofree char *olga = NULL;
  g_autofree char *path = NULL;
  g_autoptr(JsonObject) campaign = NULL;
  g_autoptr(JsonObject) login = NULL;
  g_autoptr(RdTestResponse) upload = NULL;
  g_autoptr(RdCall) leg = NULL;

  (void) data;
  f->customer = rd_test_sipp_start ("uas-answer-hold.xml", NULL, &error);
  g_assert_no_error (error);
  trunk = g_strdup_printf ("127.0.0.1:%u", f->customer->port);
  {
    const char *args[] = { "--sip-listen", "127.0.0.1:0", "--trunk", trunk, NULL };
    f->server = rd_test_server_new (args);
  }
  rd_test_server_add_user (f->server, "mira", "manager", NULL, MIRA_PASSWORD);
  rd_test_server_add_user (f->server, "olga", "agent", NULL, OLGA_PASSWORD);
  f->mira = rd_test_login (f->server, "mira", MIRA_PASSWORD);
  olga = rd_test_login (f->server, "olga", OLGA_PASSWORD);

  upload = rd_test_request (f->server, "POST", "/api/v1/leadsets?name=x&country=RU", f->mira,
                            "text/csv", "name,phone\nAnna Test,+7 916 100-00-01\n", -1);
  g_assert_cmpuint (upload->status, ==, 201);
  api_ok (f, f->mira, "POST", "/api/v1/campaigns",
          "{\"name\": \"Spring Offer\", \"dial_method\": \"progressive\", \"caller_id\": \"+74951234567\","
          " \"calling_hours_start\": \"00:00\", \"calling_hours_end\": \"23:59\"}", &campaign);
  path = g_strdup_printf ("/api/v1/campaigns/%s/leadsets/%s", json_object_get_string_member (campaign, "id"),
                          rd_test_response_string (upload, "id"));
  api_ok (f, f->mira, "PUT", path, NULL, NULL);
  g_free (path);
  path = g_strdup_printf ("/api/v1/campaigns/%s/agents", json_object_get_string_member (campaign, "id"));
  api_ok (f, f->mira, "PUT", path, "{\"agents\": [\"olga\"]}", NULL);
  g_free (path);
  path = g_strdup_printf ("/api/v1/campaigns/%s/start", json_object_get_string_member (campaign, "id"));
  api_ok (f, f->mira, "POST", path, NULL, NULL);

  f->tmp = g_dir_make_tmp ("rd-agents-board-XXXXXX", &error);
  g_assert_no_error (error);
  f->replica_dir = g_build_filename (f->tmp, "replica", NULL);

  /* Olga joins from her own phone and takes the customer. */
  {
    g_autofree char *body = g_strdup_printf ("{\"campaign_id\": \"%s\"}",
                                             json_object_get_string_member (campaign, "id"));

    api_ok (f, olga, "POST", "/api/v1/agent/login", body, &login);
  }
  f->olga_phone = rd_test_engine_new ("olga", NULL, NULL);
  leg = rd_phone_dial_leg (f->olga_phone->phone, NULL, json_object_get_string_member (login, "leg_uri"), &error);
  g_assert_no_error (error);
  wait_api (f, olga, "/api/v1/agent", "leg_up", "true");
  api_ok (f, olga, "POST", "/api/v1/agent/ready", "{}", NULL);
  wait_api (f, olga, "/api/v1/agent", "state", "on_call");

  g_settings_reset (settings, "username");
  g_settings_reset (settings, "server-url");
  g_settings_reset (settings, "work-offline");
  g_settings_set_string (settings, "default-region", "RU");
}

static void
fixture_teardown (BoardFixture  *f,
                  gconstpointer  data)
{
  (void) data;
  g_clear_pointer (&f->olga_phone, rd_test_engine_free);
  g_clear_pointer (&f->server, rd_test_server_free);
  g_clear_pointer (&f->customer, rd_test_sipp_free);
  rd_test_ui_remove_tree (f->tmp);
  g_free (f->replica_dir);
  g_free (f->tmp);
  g_free (f->mira);
}

/* --- the scenario ---------------------------------------------------------------------- */

typedef struct {
  GtkWidget  *root;
  const char *name;
  const char *text;
} RowWait;

/* The row named @name shows @text somewhere in its labels. */
static gboolean
row_shows (gpointer data)
{
  RowWait *w = data;
  GtkWidget *row = rd_test_ui_find_named (w->root, w->name);
  g_autoptr(GString) all = g_string_new (NULL);
  GtkWidget *stack[64];
  int top = 0;

  if (row == NULL)
    return FALSE;
  stack[top++] = row;
  while (top > 0)
    {
      GtkWidget *w2 = stack[--top];

      if (GTK_IS_LABEL (w2))
        g_string_append_printf (all, "%s|", gtk_label_get_label (GTK_LABEL (w2)));
      for (GtkWidget *c = gtk_widget_get_first_child (w2); c != NULL && top < 64; c = gtk_widget_get_next_sibling (c))
        stack[top++] = c;
    }
  return strstr (all->str, w->text) != NULL;
}

typedef struct {
  RdAgentsBoard *board;
  const char    *mode;
} ModeWait;

static gboolean
board_mode (gpointer data)
{
  ModeWait *w = data;
  return g_strcmp0 (rd_agents_board_get_mode (w->board), w->mode) == 0;
}

static GtkLabel *bar_label;

static gboolean
bar_says (gpointer data)
{
  return g_strcmp0 (gtk_label_get_label (bar_label), data) == 0;
}

static void
board_scenario (BoardFixture *f)
{
  RdWindow *window = f->window;
  RdAgentsBoard *board = RD_AGENTS_BOARD (gtk_widget_get_template_child (GTK_WIDGET (window), RD_TYPE_WINDOW,
                                                                          "agents_board"));
  RowWait on_call = { GTK_WIDGET (board), "olga", "On Call" };
  RowWait number = { GTK_WIDGET (board), "olga", "+79161000001" };
  ModeWait listen = { board, "listen" }, whisper = { board, "whisper" }, off = { board, "off" };

  bar_label = GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (board), RD_TYPE_AGENTS_BOARD, "monitor_label"));

  g_assert_true (rd_test_ui_sign_in (window, "mira", MIRA_PASSWORD, 10000));

  /* A manager has Live Agents; Olga is there, on her call, with the customer's number. */
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), RD_TYPE_WINDOW,
                                                                                    "agents_row"))));
  g_assert_true (rd_window_show_page (window, "agents"));
  g_assert_true (rd_test_ui_wait (row_shows, &on_call, 10000));
  g_assert_true (rd_test_ui_wait (row_shows, &number, 10000));

  /* Listen: the app's phone dials the supervisor's line; the server has it up. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (board), "board.monitor", "(ss)", "olga", "listen"));
  wait_api (f, f->mira, "/api/v1/supervisor/monitor", "leg_up", "true");
  wait_api (f, f->mira, "/api/v1/supervisor/monitor", "mode", "listen");
  g_assert_true (rd_test_ui_wait (board_mode, &listen, 10000));
  g_assert_true (rd_test_ui_wait (bar_says, (gpointer) "Listening to olga", 10000));
  rd_test_ui_settle (GTK_WIDGET (window), 30);
  rd_test_ui_save_screenshot (GTK_WIDGET (window), "screenshot-agents-board");

  /* Whisper on the same line, then Stop: the server ends it and the line. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (board), "board.mode", "s", "whisper"));
  wait_api (f, f->mira, "/api/v1/supervisor/monitor", "mode", "whisper");
  g_assert_true (rd_test_ui_wait (board_mode, &whisper, 10000));
  g_assert_true (rd_test_ui_wait (bar_says, (gpointer) "Whispering to olga", 10000));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (board), "board.stop", NULL));
  wait_api (f, f->mira, "/api/v1/supervisor/monitor", "mode", "off");
  g_assert_true (rd_test_ui_wait (board_mode, &off, 10000));
}

/* The test's scenario on the app's window. */
static void
scenario_cb (RdWindow *window,
             gpointer  data)
{
  BoardFixture *f = data;

  f->window = window;
  board_scenario (f);
}

static void
test_agents_board (BoardFixture  *f,
                   gconstpointer  data)
{
  char *argv[] = { "ringdesk", "--replica", f->replica_dir, "--server", f->server->base_url, NULL };

  (void) data;
  rd_test_ui_run_app (argv, scenario_cb, f);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  rd_audio_sink_set_default ("fakesink sync=true");
  g_test_add ("/ui/agents-board/listen-whisper-stop", BoardFixture, NULL,
              fixture_setup, test_agents_board, fixture_teardown);
  return g_test_run ();
}
