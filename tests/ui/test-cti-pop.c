/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>

#include "rd-audio-sink.h"
#include "rd-test-server.h"
#include "rd-test-ui.h"

/* The screen pop of a call on the call center's own PBX (CTI, docs/cti.md): the signed-in
 * agent's app is told over the events WebSocket when a PBX posts a ring for her extension,
 * and opens the caller's record before she answers. A ring for a colleague's extension
 * opens nothing; a number nobody has opens nothing either (only a toast names it).
 * Click-to-call: with the server connected to an Asterisk (here the stand-in of the
 * integration tests, tests/integration/cti/ami-standin.js), each phone of the record has a
 * "Call from the desk phone" button, whose click reaches the PBX as an Originate. */

#define PASSWORD "correct horse battery"

typedef struct
{
  GSubprocess  *standin;    /* the AMI stand-in, for click-to-call */
  GAsyncQueue  *actions;    /* its lines, read by a thread */
  RdTestServer *server;
  char         *tmp;
  char         *replica_dir;
  char         *contact_id;
  char         *pbx_token;
  RdWindow     *window;
} CtiFixture;

static char *
json_member (RdTestResponse *response,
             const char     *name)
{
  g_assert_nonnull (response->body);
  return g_strdup (json_object_get_string_member (json_node_get_object (response->body), name));
}

typedef struct {
  GInputStream *stdout_pipe;
  GAsyncQueue  *lines;
} Reader;

/* The stand-in's stdout, a line at a time, into a queue the test polls (owns @data). */
static gpointer
read_standin (gpointer data)
{
  Reader *reader = data;
  g_autoptr(GDataInputStream) in = g_data_input_stream_new (reader->stdout_pipe);
  char *line;

  while ((line = g_data_input_stream_read_line_utf8 (in, NULL, NULL, NULL)) != NULL)
    g_async_queue_push (reader->lines, line);
  g_object_unref (reader->stdout_pipe);
  g_async_queue_unref (reader->lines);
  g_free (reader);
  return NULL;
}

/* Starts the AMI stand-in; its port, or 0 when its npm package is not installed. */
static guint
start_standin (CtiFixture *fixture,
               const char *secret_file)
{
  g_autofree char *dir = g_build_filename (g_getenv ("RD_TEST_SOURCE_DIR"), "tests", "integration", "cti", NULL);
  g_autofree char *script = g_build_filename (dir, "ami-standin.js", NULL);
  g_autofree char *modules = g_build_filename (dir, "node_modules", "asterisk-ami-test-server", NULL);
  g_autofree char *first = NULL;
  g_autoptr(JsonNode) listening = NULL;
  g_autoptr(GError) error = NULL;
  Reader *reader;

  if (!g_file_test (modules, G_FILE_TEST_IS_DIR) || g_find_program_in_path ("node") == NULL)
    return 0;
  g_assert_true (g_file_set_contents (secret_file, "ami-secret\n", -1, &error));
  fixture->standin = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                                       "node", script, "0", "ringdesk", "ami-secret", NULL);
  g_assert_no_error (error);
  fixture->actions = g_async_queue_new_full (g_free);
  reader = g_new0 (Reader, 1);
  reader->stdout_pipe = g_object_ref (g_subprocess_get_stdout_pipe (fixture->standin));
  reader->lines = g_async_queue_ref (fixture->actions);
  g_thread_unref (g_thread_new ("standin", read_standin, reader));
  first = g_async_queue_timeout_pop (fixture->actions, 10 * G_USEC_PER_SEC);
  g_assert_nonnull (first);
  listening = json_from_string (first, &error);
  g_assert_no_error (error);
  return json_object_get_int_member (json_node_get_object (listening), "listening");
}

static void
fixture_setup (CtiFixture    *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(RdTestReplica) other = NULL;
  g_autoptr(RdRecord) contact = rd_record_new ("contacts");
  g_autoptr(RdTestResponse) pbx = NULL;
  g_autoptr(RdTestResponse) mapped = NULL;
  g_autofree char *root = NULL;

  fixture->tmp = g_dir_make_tmp ("rd-ui-cti-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->replica_dir = g_build_filename (fixture->tmp, "replica", NULL);
  if (data != NULL)
    {
      g_autofree char *secret_file = g_build_filename (fixture->tmp, "ami-secret", NULL);
      guint port = start_standin (fixture, secret_file);
      g_autofree char *ami = g_strdup_printf ("127.0.0.1:%u", port);
      const char *args[] = { "--ami", ami, "--ami-user", "ringdesk", "--ami-secret-file", secret_file,
                             "--ami-context", "from-crm", NULL };

      if (port == 0)
        return;
      fixture->server = rd_test_server_new (args);
    }
  else
    fixture->server = rd_test_server_new (NULL);
  rd_test_server_add_user (fixture->server, "root", "admin", NULL, PASSWORD);
  rd_test_server_add_user (fixture->server, "alice", "agent", NULL, PASSWORD);
  rd_test_server_add_user (fixture->server, "bob", "agent", NULL, PASSWORD);

  /* A PBX token, and extensions 201 (Alice) and 202 (Bob). */
  root = rd_test_login (fixture->server, "root", PASSWORD);
  pbx = rd_test_request_json (fixture->server, "POST", "/api/v1/cti/pbxes", root, "{\"name\": \"pbx\"}");
  g_assert_cmpuint (pbx->status, ==, 201);
  fixture->pbx_token = json_member (pbx, "token");
  mapped = rd_test_request_json (fixture->server, "PUT", "/api/v1/cti/extensions/201", root,
                                 "{\"agent\": \"alice\"}");
  g_assert_cmpuint (mapped->status, ==, 200);
  g_clear_pointer (&mapped, rd_test_response_free);
  mapped = rd_test_request_json (fixture->server, "PUT", "/api/v1/cti/extensions/202", root,
                                 "{\"agent\": \"bob\"}");
  g_assert_cmpuint (mapped->status, ==, 200);

  /* Alice's contact, made on another replica of hers and synced to the server. */
  other = rd_test_replica_new (fixture->server, "alice", PASSWORD);
  rd_record_set_string (contact, "name", "Anna Petrova");
  rd_record_set_string (contact, "first_name", "Anna");
  rd_record_add_phone (contact, "8 916 123-45-67", "mobile");
  g_assert_true (rd_store_insert (other->store, contact, &error));
  g_assert_no_error (error);
  g_assert_true (rd_sync_client_sync (other->client, NULL, NULL, &error));
  g_assert_no_error (error);
  fixture->contact_id = g_strdup (rd_record_get_id (contact));

  g_settings_reset (settings, "username");
  g_settings_reset (settings, "server-url");
  g_settings_reset (settings, "work-offline");
}

static void
fixture_teardown (CtiFixture    *fixture,
                  gconstpointer  data)
{
  g_clear_pointer (&fixture->server, rd_test_server_free);
  if (fixture->standin != NULL)
    {
      g_subprocess_force_exit (fixture->standin);
      g_subprocess_wait (fixture->standin, NULL, NULL);
    }
  g_clear_object (&fixture->standin);
  g_clear_pointer (&fixture->actions, g_async_queue_unref);
  rd_test_ui_remove_tree (fixture->tmp);
  g_free (fixture->replica_dir);
  g_free (fixture->contact_id);
  g_free (fixture->pbx_token);
  g_free (fixture->tmp);
}

static gboolean
has_contact (gpointer data)
{
  CtiFixture *fixture = data;
  RdStore *store = rd_window_get_store (fixture->window);
  g_autoptr(RdRecord) contact = store ? rd_store_get (store, "contacts", fixture->contact_id, NULL) : NULL;

  return contact != NULL;
}

static gboolean
websocket_open (gpointer data)
{
  CtiFixture *fixture = data;
  RdSyncController *sync = rd_window_get_sync (fixture->window);

  return sync != NULL && rd_sync_controller_get_events_mode (sync) == RD_EVENTS_MODE_WEBSOCKET;
}

static gboolean
shows_anna (gpointer data)
{
  CtiFixture *fixture = data;
  RdRecordPage *page = rd_window_get_record_page (fixture->window);

  return g_strcmp0 (rd_window_get_visible_page (fixture->window), "record") == 0 &&
         g_strcmp0 (rd_record_page_get_id (page), fixture->contact_id) == 0;
}

/* A ring from the PBX: 200 and not a duplicate. */
static void
post_ring (CtiFixture *fixture,
           const char *call_id,
           const char *from,
           const char *extension)
{
  g_autofree char *body = g_strdup_printf ("{\"pbx_call_id\": \"%s\", \"event\": \"ring\", \"from\": \"%s\","
                                           " \"to\": \"+74951234567\", \"extension\": \"%s\"}",
                                           call_id, from, extension);
  g_autoptr(RdTestResponse) response = rd_test_request_json (fixture->server, "POST", "/api/v1/cti/events",
                                                             fixture->pbx_token, body);

  g_assert_cmpuint (response->status, ==, 200);
  g_assert_false (json_object_get_boolean_member (json_node_get_object (response->body), "duplicate"));
}

static GtkWidget *find_cti_button (GtkWidget *widget);

static void
scenario (CtiFixture *fixture)
{
  RdWindow *window = fixture->window;
  g_autofree char *before = NULL;

  g_assert_true (rd_test_ui_sign_in (window, "alice", PASSWORD, 10000));
  g_assert_true (rd_test_ui_wait (has_contact, fixture, 20000));
  g_assert_true (rd_test_ui_wait (websocket_open, fixture, 20000));
  rd_test_ui_settle (GTK_WIDGET (window), 10);
  before = g_strdup (rd_window_get_visible_page (window));
  g_assert_cmpstr (before, !=, "record");

  /* Bob's extension rings: nothing opens in Alice's app. Then an unknown number for her. */
  post_ring (fixture, "c-bob", "+79161234567", "202");
  post_ring (fixture, "c-unknown", "+79169999999", "201");
  rd_test_ui_settle (GTK_WIDGET (window), 60);
  g_assert_cmpstr (rd_window_get_visible_page (window), ==, before);

  /* Anna calls Alice's extension: her contact opens before anyone answers. */
  post_ring (fixture, "c-anna", "+79161234567", "201");
  g_assert_true (rd_test_ui_wait (shows_anna, fixture, 10000));
  rd_test_ui_settle (GTK_WIDGET (window), 40);
  /* No Asterisk behind this server: no click-to-call. */
  g_assert_null (find_cti_button (GTK_WIDGET (rd_window_get_record_page (window))));
  g_assert_cmpuint (rd_test_ui_save_screenshot (GTK_WIDGET (window), "screenshot-cti-pop"), >, 10);
}

/* The button of the record page whose action is win.cti-call, or NULL. */
static GtkWidget *
find_cti_button (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (child) &&
          g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (child)), "win.cti-call") == 0)
        return child;
      if ((found = find_cti_button (child)) != NULL)
        return found;
    }
  return NULL;
}

static gboolean
has_cti_button (gpointer data)
{
  CtiFixture *fixture = data;
  GtkWidget *button = find_cti_button (GTK_WIDGET (rd_window_get_record_page (fixture->window)));

  return button != NULL && gtk_widget_is_sensitive (button);
}

typedef struct {
  CtiFixture *fixture;
  JsonNode   *originate;
} OriginateWait;

/* Pops the stand-in's lines until an Originate came. */
static gboolean
originated (gpointer data)
{
  OriginateWait *wait = data;
  char *line;

  while (wait->originate == NULL && (line = g_async_queue_try_pop (wait->fixture->actions)) != NULL)
    {
      g_autoptr(JsonNode) node = json_from_string (line, NULL);
      JsonObject *object = node != NULL ? json_node_get_object (node) : NULL;

      if (object != NULL && json_object_has_member (object, "action") &&
          g_strcmp0 (json_object_get_string_member (json_object_get_object_member (object, "action"), "Action"),
                     "Originate") == 0)
        wait->originate = json_node_copy (json_object_get_member (object, "action"));
      g_free (line);
    }
  return wait->originate != NULL;
}

static void
click_to_call (CtiFixture *fixture)
{
  RdWindow *window = fixture->window;
  OriginateWait wait = { fixture, NULL };
  JsonObject *action;
  GtkWidget *button;

  g_assert_true (rd_test_ui_sign_in (window, "alice", PASSWORD, 10000));
  g_assert_true (rd_test_ui_wait (has_contact, fixture, 20000));
  rd_window_open_record (window, "contacts", fixture->contact_id);
  g_assert_true (rd_test_ui_wait (has_cti_button, fixture, 10000));
  rd_test_ui_settle (GTK_WIDGET (window), 10);
  button = find_cti_button (GTK_WIDGET (rd_window_get_record_page (window)));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (button), ==, "Call from the desk phone (extension 201)");
  rd_test_ui_save_screenshot (GTK_WIDGET (window), "screenshot-cti-click-to-call");
  g_assert_true (gtk_widget_activate (button));
  g_assert_true (rd_test_ui_wait (originated, &wait, 10000));
  action = json_node_get_object (wait.originate);
  g_assert_cmpstr (json_object_get_string_member (action, "Channel"), ==, "PJSIP/201");
  g_assert_cmpstr (json_object_get_string_member (action, "Exten"), ==, "+79161234567");
  g_assert_cmpstr (json_object_get_string_member (action, "Context"), ==, "from-crm");
  g_assert_cmpstr (json_object_get_string_member (action, "Variable"), ==, "RINGDESK_AGENT=alice");
  json_node_unref (wait.originate);
}

/* The test's scenario on the app's window. */
static void
scenario_cb (RdWindow *window,
             gpointer  data)
{
  CtiFixture *fixture = data;

  fixture->window = window;
  if (fixture->standin != NULL)
    click_to_call (fixture);
  else
    scenario (fixture);
}

static void
test_pop (CtiFixture    *fixture,
          gconstpointer  data)
{
  char *argv[] = { "ringdesk", "--replica", fixture->replica_dir, "--server", NULL, NULL };

  if (fixture->server == NULL)
    {
      g_test_skip ("no AMI stand-in: run tools/install-deps (npm ci in tests/integration/cti)");
      return;
    }
  argv[4] = fixture->server->base_url;
  rd_test_ui_run_app (argv, scenario_cb, fixture);
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  rd_audio_sink_set_default ("fakesink sync=true");
  g_test_add ("/ui/cti/pop", CtiFixture, NULL, fixture_setup, test_pop, fixture_teardown);
  g_test_add ("/ui/cti/click-to-call", CtiFixture, "ami", fixture_setup, test_pop, fixture_teardown);
  return g_test_run ();
}
