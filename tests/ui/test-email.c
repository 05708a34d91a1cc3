/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <sys/prctl.h>
#include <locale.h>

#include "rd-audio-sink.h"
#include "rd-email-dialog.h"
#include "rd-rich-text.h"
#include "rd-test-server.h"
#include "rd-test-ui.h"

/* Send E-Mail in the signed-in app against a real ringdesk-server whose --smtp is a real
 * SMTP server on loopback (aiosmtpd, tests/integration/email/smtp-peer.py, plain): the
 * record page's button, a template, the text made bold and a bulleted list, a file attached,
 * the signature; Send; the SMTP server has the HTML with <b> and <ul>, the plain part with
 * the signature, the attachment; the timeline shows the e-mail "Sent" (by the events
 * WebSocket and a sync). A reply to it quotes it and names it in In-Reply-To. In English and
 * in Russian, with screenshots. STARTTLS, AUTH, IMAP and the refusals are the integration
 * test `email`. */

#define PASSWORD "correct horse battery"
#define DEBIAN_PYTHON "/usr/bin/python3"

typedef struct
{
  RdTestServer *server;
  GSubprocess  *smtp;
  char         *tmp;
  char         *outbox;
  char         *replica_dir;
  char         *contact_id;
  char         *message_id;
  gboolean      russian;
  RdWindow     *window;
} EmailFixture;

static char *
peer_script (const char *name)
{
  const char *source = g_getenv ("RD_TEST_SOURCE_DIR");

  return g_build_filename (source ? source : ".", "tests", "integration", "email", name, NULL);
}

static guint
free_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_assert_true (g_socket_bind (socket, any, FALSE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

/* The SMTP server goes when the test does, even one that aborts before its teardown. */
static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static void
fixture_setup (EmailFixture  *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(RdTestReplica) other = NULL;
  g_autoptr(RdRecord) contact = rd_record_new ("contacts");
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autofree char *script = peer_script ("smtp-peer.py");
  g_autofree char *port = g_strdup_printf ("%u", free_port ());
  g_autofree char *url = g_strdup_printf ("smtp://127.0.0.1:%s", port);
  g_autofree char *ready = NULL;
  const char *args[] = { "--smtp", url, "--mail-from", "support@ringdesk.test", NULL };

  fixture->russian = GPOINTER_TO_INT (data);
  fixture->tmp = g_dir_make_tmp ("rd-ui-email-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->replica_dir = g_build_filename (fixture->tmp, "replica", NULL);
  fixture->outbox = g_build_filename (fixture->tmp, "smtp", NULL);
  g_assert_cmpint (g_mkdir (fixture->outbox, 0700), ==, 0);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  fixture->smtp = g_subprocess_launcher_spawn (launcher, &error, DEBIAN_PYTHON, script, port,
                                               fixture->outbox, "-", NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (fixture->smtp));
  ready = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ready, ==, "ready");

  fixture->server = rd_test_server_new (args);
  rd_test_server_add_user (fixture->server, "alice", "agent", NULL, PASSWORD);
  other = rd_test_replica_new (fixture->server, "alice", PASSWORD);
  rd_record_set_string (contact, "name", fixture->russian ? "Анна Петрова" : "Anna Petrova");
  rd_record_set_string (contact, "first_name", fixture->russian ? "Анна" : "Anna");
  rd_record_add_email (contact, "anna@example.org", "work");
  g_assert_true (rd_store_insert (other->store, contact, &error));
  g_assert_no_error (error);
  g_assert_true (rd_sync_client_sync (other->client, NULL, NULL, &error));
  g_assert_no_error (error);
  fixture->contact_id = g_strdup (rd_record_get_id (contact));

  g_settings_reset (settings, "username");
  g_settings_reset (settings, "server-url");
  g_settings_reset (settings, "work-offline");
  g_settings_set_string (settings, "email-signature",
                         fixture->russian ? "Алиса Смирнова\nСлужба поддержки" : "Alice Smith\nRingdesk Support");
}

static void
fixture_teardown (EmailFixture  *fixture,
                  gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  g_settings_reset (settings, "email-signature");
  g_clear_pointer (&fixture->server, rd_test_server_free);
  g_subprocess_send_signal (fixture->smtp, SIGTERM);
  g_subprocess_wait (fixture->smtp, NULL, NULL);
  g_clear_object (&fixture->smtp);
  rd_test_ui_remove_tree (fixture->tmp);
  g_free (fixture->outbox);
  g_free (fixture->replica_dir);
  g_free (fixture->contact_id);
  g_free (fixture->message_id);
  g_free (fixture->tmp);
}

/* Part @what of received message @n as mime-part.py decodes it. */
static char *
received (EmailFixture *fixture,
          guint         n,
          const char   *what)
{
  g_autofree char *script = peer_script ("mime-part.py");
  g_autofree char *name = g_strdup_printf ("%u.eml", n);
  g_autofree char *path = g_build_filename (fixture->outbox, name, NULL);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, DEBIAN_PYTHON, script,
                              path, what, NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, &text, NULL, &error));
  g_assert_no_error (error);
  return text;
}

typedef struct {
  EmailFixture *fixture;
  guint         n;
} ReceivedWait;

static gboolean
has_received (gpointer data)
{
  ReceivedWait *wait = data;
  g_autofree char *name = g_strdup_printf ("%u.eml", wait->n);
  g_autofree char *path = g_build_filename (wait->fixture->outbox, name, NULL);

  return g_file_test (path, G_FILE_TEST_EXISTS);
}

static gboolean
has_contact (gpointer data)
{
  EmailFixture *fixture = data;
  RdStore *store = rd_window_get_store (fixture->window);
  g_autoptr(RdRecord) contact = store ? rd_store_get (store, "contacts", fixture->contact_id, NULL) : NULL;

  return contact != NULL;
}

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

static gboolean
shows_sent (gpointer data)
{
  return g_strcmp0 (timeline_status (data), "sent") == 0;
}

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

static void
sent_cb (RdEmailDialog *dialog,
         const char    *id,
         EmailFixture  *fixture)
{
  g_free (fixture->message_id);
  fixture->message_id = g_strdup (id);
}

static gboolean
dialog_gone (gpointer data)
{
  return *(gpointer *) data == NULL;
}

/* Selects characters @from…@to of line @line. */
static void
select_in_line (GtkTextBuffer *buffer,
                int            line,
                int            from,
                int            to)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_iter_at_line_offset (buffer, &start, line, from);
  gtk_text_buffer_get_iter_at_line_offset (buffer, &end, line, to);
  gtk_text_buffer_select_range (buffer, &start, &end);
}

static void
compose (EmailFixture  *fixture,
         RdEmailDialog *dialog)
{
  GtkTextBuffer *buffer = rd_email_dialog_get_buffer (dialog);
  g_autofree char *attachment = g_build_filename (fixture->tmp, "price-list.txt", NULL);
  GtkTextIter start, end;
  const char *name = fixture->russian ? "Анна" : "Anna";
  g_autofree char *text = g_strdup_printf (fixture->russian ? "Здравствуйте, %s!\nНаши предложения:\nпервое\nвторое\n"
                                                            : "Hello %s,\nour offers:\nthe first\nthe second\n",
                                           name);
  int at = fixture->russian ? 14 : 6;

  rd_email_dialog_use_template (dialog, 1);
  g_assert_cmpstr (rd_email_dialog_get_subject (dialog), ==,
                   fixture->russian ? "Мы не смогли до вас дозвониться" : "We tried to reach you");
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  g_assert_true (g_str_has_prefix (gtk_text_buffer_get_text (buffer, &start, &end, FALSE),
                                   fixture->russian ? "Здравствуйте, Анна" : "Hello Anna"));

  /* The text typed over the template's, the signature kept at its end. */
  gtk_text_buffer_get_start_iter (buffer, &start);
  end = start;
  g_assert_true (gtk_text_iter_forward_search (&start, "\n\n-- \n", 0, NULL, &end, NULL));
  gtk_text_iter_backward_chars (&end, 5);
  gtk_text_buffer_delete (buffer, &start, &end);
  gtk_text_buffer_get_start_iter (buffer, &start);
  gtk_text_buffer_insert (buffer, &start, text, -1);

  select_in_line (buffer, 0, at, at + g_utf8_strlen (name, -1));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "email.bold", NULL));
  select_in_line (buffer, 2, 0, 1);
  gtk_text_buffer_get_iter_at_line_offset (buffer, &end, 3, 2);
  gtk_text_buffer_get_iter_at_line_offset (buffer, &start, 2, 0);
  gtk_text_buffer_select_range (buffer, &start, &end);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "email.bullets", NULL));

  g_assert_true (g_file_set_contents (attachment, "Widget: 10 EUR\nGadget: 12 EUR\n", -1, NULL));
  rd_email_dialog_add_attachment (dialog, attachment);
  gtk_text_buffer_get_start_iter (buffer, &start);
  gtk_text_buffer_place_cursor (buffer, &start);
}

static void
scenario (EmailFixture *fixture)
{
  RdWindow *window = fixture->window;
  RdRecordPage *page = rd_window_get_record_page (window);
  GtkWidget *button;
  RdEmailDialog *dialog;
  ReceivedWait wait = { fixture, 1 };
  g_autofree char *html = NULL, *plain = NULL, *files = NULL, *first_id = NULL, *in_reply_to = NULL;
  g_autofree char *subject = NULL;
  const char *suffix = fixture->russian ? "-ru" : "";
  g_autofree char *shot_compose = g_strconcat ("screenshot-email-compose", suffix, NULL);
  g_autofree char *shot_timeline = g_strconcat ("screenshot-email-timeline", suffix, NULL);
  g_autofree char *shot_reply = g_strconcat ("screenshot-email-reply", suffix, NULL);

  g_assert_true (rd_test_ui_sign_in (window, "alice", PASSWORD, 10000));
  g_assert_true (rd_test_ui_wait (has_contact, fixture, 20000));
  rd_window_open_record (window, "contacts", fixture->contact_id);
  rd_test_ui_settle (GTK_WIDGET (window), 4);

  button = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (page), RD_TYPE_RECORD_PAGE,
                                                       "email_button"));
  g_assert_true (gtk_widget_get_visible (button));
  g_assert_true (gtk_widget_is_sensitive (button));

  dialog = RD_EMAIL_DIALOG (rd_record_page_send_email (page, NULL));
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_signal_connect (dialog, "sent", G_CALLBACK (sent_cb), fixture);
  g_assert_cmpuint (rd_email_dialog_get_addresses (dialog)->len, ==, 1);
  compose (fixture, dialog);
  rd_test_ui_settle (GTK_WIDGET (dialog), 2);
  g_assert_cmpuint (rd_test_ui_save_screenshot (GTK_WIDGET (dialog), shot_compose), >, 10);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "email.send", NULL));
  g_assert_true (rd_test_ui_wait (dialog_gone, &dialog, 20000));
  g_assert_nonnull (fixture->message_id);

  /* What the SMTP server received. */
  g_assert_true (rd_test_ui_wait (has_received, &wait, 20000));
  html = received (fixture, 1, "html");
  plain = received (fixture, 1, "plain");
  files = received (fixture, 1, "attachments");
  g_test_message ("html: %s", html);
  g_assert_nonnull (strstr (html, fixture->russian ? "<b>Анна</b>" : "<b>Anna</b>"));
  g_assert_nonnull (strstr (html, fixture->russian ? "<ul>\n<li>первое</li>\n<li>второе</li>\n</ul>"
                                                   : "<ul>\n<li>the first</li>\n<li>the second</li>\n</ul>"));
  g_assert_nonnull (strstr (plain, fixture->russian ? "• первое\n• второе" : "• the first\n• the second"));
  g_assert_nonnull (strstr (plain, fixture->russian ? "-- \nАлиса Смирнова\nСлужба поддержки"
                                                    : "-- \nAlice Smith\nRingdesk Support"));
  g_assert_cmpstr (files, ==, "price-list.txt 30\n");

  /* Sent, in the open timeline, by the server's event and a sync. */
  g_assert_true (rd_test_ui_wait (shows_sent, page, 20000));
  show_timeline (window);
  /* The timeline alone: the window's bottom has the "queued" toast over its newest row. */
  g_assert_cmpuint (rd_test_ui_save_screenshot (
    GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (page), RD_TYPE_RECORD_PAGE, "timeline_group")),
    shot_timeline), >, 10);

  /* A reply to it: "Re:", the text quoted, In-Reply-To its Message-ID. */
  first_id = received (fixture, 1, "header:Message-ID");
  dialog = RD_EMAIL_DIALOG (rd_record_page_send_email (page, fixture->message_id));
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_assert_true (g_str_has_prefix (rd_email_dialog_get_subject (dialog), "Re: "));
  {
    GtkTextIter start, end;
    g_autofree char *text = NULL;

    gtk_text_buffer_get_bounds (rd_email_dialog_get_buffer (dialog), &start, &end);
    text = gtk_text_buffer_get_text (rd_email_dialog_get_buffer (dialog), &start, &end, FALSE);
    g_assert_nonnull (strstr (text, fixture->russian ? "> • первое" : "> • the first"));
    gtk_text_buffer_insert (rd_email_dialog_get_buffer (dialog), &start,
                            fixture->russian ? "Напоминаем о нашем письме." : "A reminder of our e-mail.", -1);
  }
  rd_test_ui_settle (GTK_WIDGET (dialog), 2);
  g_assert_cmpuint (rd_test_ui_save_screenshot (GTK_WIDGET (dialog), shot_reply), >, 10);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "email.send", NULL));
  g_assert_true (rd_test_ui_wait (dialog_gone, &dialog, 20000));
  wait.n = 2;
  g_assert_true (rd_test_ui_wait (has_received, &wait, 20000));
  in_reply_to = received (fixture, 2, "header:In-Reply-To");
  subject = received (fixture, 2, "header:Subject");
  g_assert_cmpstr (in_reply_to, ==, first_id);
  g_assert_true (g_str_has_prefix (subject, "Re: "));
  g_clear_pointer (&html, g_free);
  html = received (fixture, 2, "html");
  g_assert_nonnull (strstr (html, "<blockquote>"));
}

/* The test's scenario on the app's window. */
static void
scenario_cb (RdWindow *window,
             gpointer  data)
{
  EmailFixture *fixture = data;

  fixture->window = window;
  scenario (fixture);
}

static void
run_app (EmailFixture *fixture)
{
  char *argv[] = { "ringdesk", "--replica", fixture->replica_dir, "--server",
                   fixture->server->base_url, NULL };

  rd_test_ui_run_app (argv, scenario_cb, fixture);
}

static void
test_compose_and_send (EmailFixture  *fixture,
                       gconstpointer  data)
{
  run_app (fixture);
}

static void
test_russian (EmailFixture  *fixture,
              gconstpointer  data)
{
  g_assert_nonnull (setlocale (LC_ALL, "C.UTF-8"));
  g_setenv ("LANGUAGE", "ru", TRUE);
  bindtextdomain (GETTEXT_PACKAGE, RD_TEST_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_assert_cmpstr (_("Send E-Mail"), ==, "Отправить письмо");

  run_app (fixture);

  g_unsetenv ("LANGUAGE");
  textdomain (GETTEXT_PACKAGE);
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  rd_audio_sink_set_default ("fakesink sync=true");
  if (!g_file_test (DEBIAN_PYTHON, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("needs " DEBIAN_PYTHON " with python3-aiosmtpd");
      return 0;
    }
  g_test_add ("/ui/email/compose-and-send", EmailFixture, GINT_TO_POINTER (FALSE), fixture_setup,
              test_compose_and_send, fixture_teardown);
  g_test_add ("/ui/email/russian", EmailFixture, GINT_TO_POINTER (TRUE), fixture_setup,
              test_russian, fixture_teardown);
  return g_test_run ();
}
