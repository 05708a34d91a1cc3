/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>

#include "rd-audio-sink.h"
#include "rd-sms-dialog.h"
#include "rd-test-server.h"
#include "rd-test-ui.h"

/* Send SMS in the signed-in app against a real ringdesk-server: the record page's button,
 * the dialog with a template, Send; the queued message in the record's timeline; then a
 * delivery report at the server (the gateway's callback, as Kannel would call it) reaches
 * the open timeline through the events WebSocket and a sync: "Delivered". The gateway
 * itself is not running here (its sendsms port is closed, so the server keeps retrying):
 * the real Kannel path is the integration test `sms`. */

#define PASSWORD "correct horse battery"
#define SECRET "ui-test-secret-0123456789"

typedef struct
{
  RdTestServer *server;
  char         *tmp;
  char         *replica_dir;
  char         *contact_id;
  char         *message_id;
  RdWindow     *window;
} SmsFixture;

static void
fixture_setup (SmsFixture    *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *conf = NULL;
  g_autoptr(RdTestReplica) other = NULL;
  g_autoptr(RdRecord) contact = rd_record_new ("contacts");
  const char *args[] = { "--sms-config", NULL, NULL };

  fixture->tmp = g_dir_make_tmp ("rd-ui-sms-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->replica_dir = g_build_filename (fixture->tmp, "replica", NULL);
  conf = g_build_filename (fixture->tmp, "sms.conf", NULL);
  g_assert_true (g_file_set_contents (conf,
    "[kannel]\nsendsms-url = http://127.0.0.1:9/cgi-bin/sendsms\nusername = u\npassword = p\n"
    "callback-url = http://127.0.0.1:9\ncallback-secret = " SECRET "\ntimeout = 2\n"
    "[sms]\nretry-attempts = 1000\nretry-delay-ms = 1000\nretry-max-delay-ms = 1000\n",
    -1, &error));
  g_assert_no_error (error);
  args[1] = conf;
  fixture->server = rd_test_server_new (args);
  rd_test_server_add_user (fixture->server, "alice", "agent", NULL, PASSWORD);

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
fixture_teardown (SmsFixture    *fixture,
                  gconstpointer  data)
{
  g_clear_pointer (&fixture->server, rd_test_server_free);
  rd_test_ui_remove_tree (fixture->tmp);
  g_free (fixture->replica_dir);
  g_free (fixture->contact_id);
  g_free (fixture->message_id);
  g_free (fixture->tmp);
}

static gboolean
has_contact (gpointer data)
{
  SmsFixture *fixture = data;
  RdStore *store = rd_window_get_store (fixture->window);
  g_autoptr(RdRecord) contact = store ? rd_store_get (store, "contacts", fixture->contact_id, NULL) : NULL;

  return contact != NULL;
}

/* The status the timeline shows for a message row (the first one found). */
static const char *
timeline_status (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      const char *status = g_object_get_data (G_OBJECT (child), "message-status");

      if (status == NULL)
        status = timeline_status (child);
      if (status != NULL)
        return status;
    }
  return NULL;
}

/* Scrolls the record page to its end, where the timeline is, for the screenshot. */
static void
show_timeline (RdWindow *window)
{
  GtkScrolledWindow *scroller = GTK_SCROLLED_WINDOW (gtk_widget_get_template_child (
    GTK_WIDGET (rd_window_get_record_page (window)), RD_TYPE_RECORD_PAGE, "scroller"));
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (scroller);

  rd_test_ui_settle (GTK_WIDGET (window), 2);
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  rd_test_ui_settle (GTK_WIDGET (window), 4);
}

typedef struct {
  RdRecordPage *page;
  const char   *status;
} StatusWait;

static gboolean
shows_status (gpointer data)
{
  StatusWait *wait = data;

  return g_strcmp0 (timeline_status (GTK_WIDGET (wait->page)), wait->status) == 0;
}

static void
sent_cb (RdSmsDialog *dialog,
         const char  *id,
         SmsFixture  *fixture)
{
  fixture->message_id = g_strdup (id);
}

static gboolean
dialog_gone (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static void
scenario (SmsFixture *fixture)
{
  RdWindow *window = fixture->window;
  RdRecordPage *page = rd_window_get_record_page (window);
  GtkWidget *button;
  RdSmsDialog *dialog;
  StatusWait wait = { page, "queued" };
  g_autofree char *text = NULL;
  g_autofree char *dlr = NULL;
  g_autoptr(RdTestResponse) response = NULL;

  g_assert_true (rd_test_ui_sign_in (window, "alice", PASSWORD, 10000));
  g_assert_true (rd_test_ui_wait (has_contact, fixture, 20000));
  rd_window_open_record (window, "contacts", fixture->contact_id);
  rd_test_ui_settle (GTK_WIDGET (window), 4);

  button = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (page), RD_TYPE_RECORD_PAGE,
                                                       "sms_button"));
  g_assert_true (gtk_widget_get_visible (button));
  g_assert_true (gtk_widget_is_sensitive (button));

  dialog = RD_SMS_DIALOG (rd_record_page_send_sms (page));
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_signal_connect (dialog, "sent", G_CALLBACK (sent_cb), fixture);
  rd_sms_dialog_use_template (dialog, 2);
  text = rd_sms_dialog_get_text (dialog);
  g_assert_true (g_str_has_prefix (text, "Hello Anna, thank you"));
  rd_test_ui_settle (GTK_WIDGET (dialog), 2);
  rd_test_ui_save_screenshot (GTK_WIDGET (dialog), "screenshot-sms-send");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "sms.send", NULL));
  g_assert_true (rd_test_ui_wait (dialog_gone, &dialog, 20000));
  g_assert_nonnull (fixture->message_id);

  /* In the timeline at once: the send synced. The gateway is unreachable: queued. */
  g_assert_true (rd_test_ui_wait (shows_status, &wait, 10000));
  show_timeline (window);
  rd_test_ui_save_screenshot (GTK_WIDGET (window), "screenshot-sms-queued");

  /* The gateway reports delivery; the open timeline follows by itself. */
  dlr = g_strdup_printf ("/api/v1/sms/kannel/dlr?secret=" SECRET "&id=%s&type=1",
                         fixture->message_id);
  response = rd_test_request (fixture->server, "GET", dlr, NULL, NULL, NULL, 0);
  g_assert_cmpuint (response->status, ==, 200);
  wait.status = "delivered";
  g_assert_true (rd_test_ui_wait (shows_status, &wait, 20000));
  show_timeline (window);
  g_assert_cmpuint (rd_test_ui_save_screenshot (GTK_WIDGET (window), "screenshot-sms-delivered"), >, 10);
}

/* The test's scenario on the app's window. */
static void
scenario_cb (RdWindow *window,
             gpointer  data)
{
  SmsFixture *fixture = data;

  fixture->window = window;
  scenario (fixture);
}

static void
test_send_and_deliver (SmsFixture    *fixture,
                       gconstpointer  data)
{
  char *argv[] = { "ringdesk", "--replica", fixture->replica_dir, "--server",
                   fixture->server->base_url, NULL };

  rd_test_ui_run_app (argv, scenario_cb, fixture);
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  rd_audio_sink_set_default ("fakesink sync=true");
  g_test_add ("/ui/sms/send-and-deliver", SmsFixture, NULL, fixture_setup,
              test_send_and_deliver, fixture_teardown);
  return g_test_run ();
}
