/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>

#include "rd-test-server.h"

#include "rd-application.h"
#include "rd-ca-file-row.h"
#include "rd-preferences-window.h"
#include "rd-tls.h"
#include "rd-test-ui.h"
#include "rd-window.h"

/* Sign-in to an on-premises server whose https certificate is signed by a
 * private CA (docs/deploy.md): a real ringdesk-server on 127.0.0.1 with
 * --tls-cert/--tls-key made by openssl, the real keyring (the test runs
 * under tests/run-with-keyring.sh). Without the CA file the sign-in is
 * refused with words that point at "Certificate Authority"; with it chosen
 * (through the file chooser itself) the sign-in, the first sync and the
 * events WebSocket all go over https. */

#define ALICE_PASSWORD "correct horse battery"

typedef struct _TlsFixture TlsFixture;
typedef void (*Scenario) (TlsFixture *fixture, RdWindow *window);

struct _TlsFixture
{
  RdTestServer *server;
  char         *tmp;
  char         *replica_dir;
  char         *ca_cert;       /* the private CA that signed the server's certificate */
  char         *other_ca;      /* a CA that signed nothing of the server's */
  char         *not_a_cert;
  Scenario      scenario;
  RdWindow     *window;
};

/* --- certificates ---------------------------------------------------------- */

static void
run_openssl (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) openssl = NULL;

  openssl = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                               &error);
  g_assert_no_error (error);
  g_subprocess_wait_check (openssl, NULL, &error);
  g_assert_no_error (error);
}

/* A CA certificate and key: what an organization's private CA is. */
static void
make_ca (const char *cert,
         const char *key,
         const char *name)
{
  g_autofree char *subject = g_strconcat ("/CN=", name, NULL);
  const char *argv[] = {
    "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
    "-nodes", "-keyout", key, "-out", cert, "-days", "2", "-subj", subject,
    "-addext", "basicConstraints=critical,CA:TRUE",
    "-addext", "keyUsage=critical,keyCertSign,cRLSign", NULL
  };

  run_openssl (argv);
}

/* The server's certificate for 127.0.0.1, signed by the CA. */
static void
make_server_certificate (const char *cert,
                         const char *key,
                         const char *ca_cert,
                         const char *ca_key)
{
  const char *argv[] = {
    "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
    "-nodes", "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=127.0.0.1",
    "-addext", "subjectAltName=IP:127.0.0.1", "-addext", "basicConstraints=critical,CA:FALSE",
    "-CA", ca_cert, "-CAkey", ca_key, NULL
  };

  run_openssl (argv);
}

/* --- driving the app ------------------------------------------------------- */

static void
settle (TlsFixture *fixture)
{
  rd_test_ui_settle (GTK_WIDGET (fixture->window), 4);
}

static void
window_added_cb (GtkApplication *app,
                 GtkWindow      *window,
                 TlsFixture     *fixture)
{
  if (!RD_IS_WINDOW (window))
    return;
  fixture->window = RD_WINDOW (window);
}

static void
activate_after_cb (GApplication *app,
                   TlsFixture   *fixture)
{
  settle (fixture);
  fixture->scenario (fixture, fixture->window);
  gtk_window_set_focus (GTK_WINDOW (fixture->window), NULL);
  settle (fixture);
  gtk_window_destroy (GTK_WINDOW (fixture->window));
}

static void
run_app (TlsFixture *fixture,
         Scenario    scenario)
{
  g_autoptr(RdApplication) app = rd_application_new ();
  char *argv[] = { "ringdesk", "--replica", fixture->replica_dir, "--server", fixture->server->base_url, NULL };

  fixture->scenario = scenario;
  g_signal_connect (app, "window-added", G_CALLBACK (window_added_cb), fixture);
  g_signal_connect_after (app, "activate", G_CALLBACK (activate_after_cb), fixture);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 5, argv), ==, 0);
}

static void
fixture_setup (TlsFixture    *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *ca_key = NULL;
  g_autofree char *other_key = NULL;
  g_autofree char *cert = NULL;
  g_autofree char *key = NULL;

  fixture->tmp = g_dir_make_tmp ("rd-sign-in-tls-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->replica_dir = g_build_filename (fixture->tmp, "replica", NULL);
  fixture->ca_cert = g_build_filename (fixture->tmp, "company-ca.crt", NULL);
  fixture->other_ca = g_build_filename (fixture->tmp, "other-ca.crt", NULL);
  fixture->not_a_cert = g_build_filename (fixture->tmp, "notes.txt", NULL);
  ca_key = g_build_filename (fixture->tmp, "company-ca.key", NULL);
  other_key = g_build_filename (fixture->tmp, "other-ca.key", NULL);
  cert = g_build_filename (fixture->tmp, "server.crt", NULL);
  key = g_build_filename (fixture->tmp, "server.key", NULL);
  make_ca (fixture->ca_cert, ca_key, "Ringdesk Test Company CA");
  make_ca (fixture->other_ca, other_key, "Somebody Else's CA");
  make_server_certificate (cert, key, fixture->ca_cert, ca_key);
  g_assert_true (g_file_set_contents (fixture->not_a_cert, "not a certificate\n", -1, NULL));

  {
    const char *args[] = { "--tls-cert", cert, "--tls-key", key, NULL };

    fixture->server = rd_test_server_new (args);
  }
  g_assert_true (g_str_has_prefix (fixture->server->base_url, "https://127.0.0.1:"));
  rd_test_server_add_user (fixture->server, "alice", "agent", NULL, ALICE_PASSWORD);

  /* The memory settings backend lives as long as the process. */
  g_settings_reset (settings, "username");
  g_settings_reset (settings, "server-url");
  g_settings_reset (settings, "server-ca-file");
  g_settings_reset (settings, "work-offline");
}

static void
fixture_teardown (TlsFixture    *fixture,
                  gconstpointer  data)
{
  g_clear_pointer (&fixture->server, rd_test_server_free);
  rd_test_ui_remove_tree (fixture->tmp);
  g_free (fixture->replica_dir);
  g_free (fixture->ca_cert);
  g_free (fixture->other_ca);
  g_free (fixture->not_a_cert);
  g_free (fixture->tmp);
}

static GObject *
page_child (RdWindow   *window,
            const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (rd_window_get_sign_in_page (window)),
                                                  RD_TYPE_SIGN_IN_PAGE, name);

  g_assert_nonnull (child);
  return child;
}

static RdCaFileRow *
ca_row (RdWindow *window)
{
  return RD_CA_FILE_ROW (page_child (window, "ca_row"));
}

static void
sign_in (RdWindow   *window,
         const char *password)
{
  GObject *button = page_child (window, "sign_in_button");

  gtk_editable_set_text (GTK_EDITABLE (page_child (window, "username_row")), "alice");
  gtk_editable_set_text (GTK_EDITABLE (page_child (window, "password_row")), password);
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (button)));
  g_signal_emit_by_name (button, "clicked");
}

static gboolean
not_busy (gpointer data)
{
  return !rd_sign_in_page_get_busy (data);
}

static gboolean
signed_in (gpointer data)
{
  return !rd_window_get_signing_in (data);
}

static gboolean
synced_once (gpointer data)
{
  RdSyncController *sync = rd_window_get_sync (data);

  return sync != NULL && rd_sync_controller_get_n_syncs (sync) > 0 &&
         rd_sync_controller_get_state (sync) == RD_SYNC_STATE_SYNCED;
}

static gboolean
events_websocket (gpointer data)
{
  return rd_sync_controller_get_events_mode (data) == RD_EVENTS_MODE_WEBSOCKET;
}

static gboolean
chooser_dialog_open (gpointer data)
{
  GtkFileChooser **dialog = data;
  GListModel *toplevels = gtk_window_get_toplevels ();   /* transfer none */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (GTK_IS_FILE_CHOOSER_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        {
          *dialog = GTK_FILE_CHOOSER (window);
          return TRUE;
        }
    }
  return FALSE;
}

typedef struct
{
  GtkFileChooser *dialog;
  GFile          *file;
} Selection;

static gboolean
file_selected (gpointer data)
{
  Selection *selection = data;
  g_autoptr(GFile) selected = gtk_file_chooser_get_file (selection->dialog);

  return selected != NULL && g_file_equal (selected, selection->file);
}

/* Picks @path the way a user does: the row's button, the desktop's file
 * chooser (GTK's own dialog where there is no portal), "Choose". */
static void
choose_in_file_chooser (TlsFixture *fixture,
                        RdWindow   *window,
                        const char *path)
{
  RdCaFileRow *row = ca_row (window);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GtkFileChooser *dialog = NULL;
  Selection selection;

  /* A click on the row is a click on its button. */
  g_assert_true (adw_action_row_get_activatable_widget (ADW_ACTION_ROW (row)) ==
                 GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (row), RD_TYPE_CA_FILE_ROW, "choose_button")));
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (row)));
  adw_action_row_activate (ADW_ACTION_ROW (row));
  g_assert_true (rd_test_ui_wait (chooser_dialog_open, &dialog, 10000));
  g_assert_true (gtk_file_chooser_set_file (dialog, file, NULL));
  selection.dialog = dialog;
  selection.file = file;
  g_assert_true (rd_test_ui_wait (file_selected, &selection, 10000));
  settle (fixture);
  rd_test_ui_save_screenshot (GTK_WIDGET (dialog), "screenshot-sign-in-ca-chooser");
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
  g_assert_null (rd_ca_file_row_get_chooser (row));
}

/* --- tests ------------------------------------------------------------------ */

static void
untrusted_scenario (TlsFixture *fixture,
                    RdWindow   *window)
{
  RdSignInPage *page = rd_window_get_sign_in_page (window);

  /* The row is there, on the system's certificates. */
  g_assert_cmpstr (rd_sign_in_page_get_ca_file (page), ==, "");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (ca_row (window))), ==, "System certificates");

  sign_in (window, ALICE_PASSWORD);
  g_assert_true (rd_test_ui_wait (not_busy, page, 20000));

  /* Refused, saying why and where to go: no way around it. */
  g_assert_true (rd_window_get_signing_in (window));
  g_assert_null (rd_window_get_session (window) );
  g_assert_nonnull (rd_sign_in_page_get_error (page));
  g_assert_true (g_str_has_prefix (rd_sign_in_page_get_error (page),
                                   "The server’s certificate is not trusted: it is signed by an unknown certificate authority."));
  g_assert_nonnull (strstr (rd_sign_in_page_get_error (page), "“Certificate Authority”"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (ca_row (window)), "error"));
  settle (fixture);
  rd_test_ui_save_screenshot (GTK_WIDGET (window), "screenshot-sign-in-untrusted");
}

static void
test_untrusted (TlsFixture    *fixture,
                gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *username = NULL;

  run_app (fixture, untrusted_scenario);
  username = g_settings_get_string (settings, "username");
  g_assert_cmpstr (username, ==, "");
}

/* The same refusal in Russian, from the build's catalogue: the words fit the page. */
static void
untrusted_russian_scenario (TlsFixture *fixture,
                            RdWindow   *window)
{
  RdSignInPage *page = rd_window_get_sign_in_page (window);

  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (ca_row (window))), ==, "Системные сертификаты");
  sign_in (window, ALICE_PASSWORD);
  g_assert_true (rd_test_ui_wait (not_busy, page, 20000));
  g_assert_true (g_str_has_prefix (rd_sign_in_page_get_error (page),
                                   "Сертификату сервера нельзя доверять: он подписан неизвестным центром сертификации."));
  g_assert_nonnull (strstr (rd_sign_in_page_get_error (page), "«Центр сертификации»"));
  settle (fixture);
  rd_test_ui_save_screenshot (GTK_WIDGET (window), "screenshot-sign-in-untrusted-russian");
}

static void
test_untrusted_russian (TlsFixture    *fixture,
                        gconstpointer  data)
{
  g_assert_nonnull (setlocale (LC_ALL, "C.UTF-8"));
  g_setenv ("LANGUAGE", "ru", TRUE);
  bindtextdomain (GETTEXT_PACKAGE, RD_TEST_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);   /* forget the catalogues looked up so far */
  g_assert_cmpstr (_("Certificate Authority"), ==, "Центр сертификации");

  run_app (fixture, untrusted_russian_scenario);

  g_unsetenv ("LANGUAGE");
  textdomain (GETTEXT_PACKAGE);
  g_assert_cmpstr (_("Certificate Authority"), ==, "Certificate Authority");
}

static gboolean
idle_sync (gpointer data)
{
  return rd_sync_controller_get_state (data) != RD_SYNC_STATE_SYNCING;
}

static void
ca_file_scenario (TlsFixture *fixture,
                  RdWindow   *window)
{
  RdSignInPage *page = rd_window_get_sign_in_page (window);
  g_autoptr(GError) error = NULL;
  g_autoptr(RdStore) second = NULL;
  g_autoptr(RdSyncClient) client = NULL;
  g_autoptr(RdRecord) contact = rd_record_new ("contacts");
  g_autofree char *second_dir = g_build_filename (fixture->tmp, "second", NULL);
  g_autofree char *kept = NULL;
  RdSyncStats stats = { 0 };
  RdSyncController *sync;
  guint n_syncs;

  /* First refused (the system's CAs do not know the company's)… */
  sign_in (window, ALICE_PASSWORD);
  g_assert_true (rd_test_ui_wait (not_busy, page, 20000));
  g_assert_true (rd_window_get_signing_in (window));

  /* …then the company's CA certificate, chosen in the file chooser. */
  choose_in_file_chooser (fixture, window, fixture->ca_cert);
  g_assert_cmpstr (rd_sign_in_page_get_ca_file (page), ==, fixture->ca_cert);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (ca_row (window))), ==, "company-ca.crt");
  g_assert_null (rd_sign_in_page_get_error (page));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (ca_row (window)), "error"));
  settle (fixture);
  rd_test_ui_save_screenshot (GTK_WIDGET (window), "screenshot-sign-in-ca");

  sign_in (window, ALICE_PASSWORD);
  g_assert_true (rd_test_ui_wait (signed_in, window, 20000));
  g_assert_cmpstr (rd_server_session_get_ca_file (rd_window_get_session (window)), ==, fixture->ca_cert);

  /* The first sync (the worker's RdSyncClient) over https… */
  g_assert_true (rd_test_ui_wait (synced_once, window, 30000));
  sync = rd_window_get_sync (window);
  g_assert_true (g_str_has_prefix (rd_sync_controller_get_status_text (sync), "Synced at "));
  kept = rd_store_get_meta (rd_window_get_store (window), "sync.ca_file");
  g_assert_cmpstr (kept, ==, fixture->ca_cert);

  /* …and the listener's WebSocket on the same CA. */
  rd_sync_controller_set_interval (sync, 3600);
  g_assert_true (rd_test_ui_wait (events_websocket, sync, 20000));
  g_assert_true (rd_test_ui_wait (idle_sync, sync, 20000));
  n_syncs = rd_sync_controller_get_n_syncs (sync);

  /* Another agent's contact comes in through the announcement on it. */
  second = rd_store_open_dir (second_dir, &error);
  g_assert_no_error (error);
  client = rd_sync_client_new (second, fixture->server->base_url, &error);
  g_assert_no_error (error);
  g_assert_true (rd_sync_client_set_ca_file (client, fixture->ca_cert, &error));
  g_assert_true (rd_sync_client_login (client, "alice", ALICE_PASSWORD, NULL, &error));
  g_assert_no_error (error);
  rd_record_set_string (contact, "name", "Over Private TLS");
  g_assert_true (rd_store_insert (second, contact, &error));
  g_assert_true (rd_sync_client_sync (client, &stats, NULL, &error));
  g_assert_no_error (error);
  rd_window_show_page (window, "contacts");
  g_assert_true (rd_test_ui_wait_list (rd_window_get_list (window, "contacts"), 1, 20000));
  g_assert_cmpuint (rd_sync_controller_get_n_syncs (sync), >, n_syncs);
  g_assert_cmpint (rd_sync_controller_get_events_mode (sync), ==, RD_EVENTS_MODE_WEBSOCKET);
}

static void
auto_sign_in_scenario (TlsFixture *fixture,
                       RdWindow   *window)
{
  /* The next start: the CA file from the settings, the password from the keyring. */
  g_assert_cmpstr (rd_sign_in_page_get_ca_file (rd_window_get_sign_in_page (window)), ==, fixture->ca_cert);
  g_assert_true (rd_test_ui_wait (signed_in, window, 20000));
  g_assert_true (rd_test_ui_wait (synced_once, window, 30000));
}

static void
test_ca_file (TlsFixture    *fixture,
              gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *ca_file = NULL;

  run_app (fixture, ca_file_scenario);
  ca_file = g_settings_get_string (settings, "server-ca-file");
  g_assert_cmpstr (ca_file, ==, fixture->ca_cert);

  run_app (fixture, auto_sign_in_scenario);
}

static void
wrong_ca_scenario (TlsFixture *fixture,
                   RdWindow   *window)
{
  RdSignInPage *page = rd_window_get_sign_in_page (window);
  g_autoptr(GError) error = NULL;

  /* A CA file, but not the one that signed the server's certificate. */
  g_assert_true (rd_ca_file_row_choose_file (ca_row (window), fixture->other_ca, &error));
  g_assert_no_error (error);
  sign_in (window, ALICE_PASSWORD);
  g_assert_true (rd_test_ui_wait (not_busy, page, 20000));
  g_assert_true (rd_window_get_signing_in (window));
  g_assert_nonnull (rd_sign_in_page_get_error (page));
  g_assert_nonnull (strstr (rd_sign_in_page_get_error (page), "not trusted"));
  g_assert_nonnull (strstr (rd_sign_in_page_get_error (page), "It was checked against other-ca.crt"));
}

static void
test_wrong_ca (TlsFixture    *fixture,
               gconstpointer  data)
{
  run_app (fixture, wrong_ca_scenario);
}

static void
wrong_name_scenario (TlsFixture *fixture,
                     RdWindow   *window)
{
  RdSignInPage *page = rd_window_get_sign_in_page (window);
  g_autofree char *by_name = g_strdup_printf ("https://localhost:%u", fixture->server->port);
  g_autoptr(GError) error = NULL;

  /* The right CA, but the certificate names 127.0.0.1 only: the CA file
   * does not make a certificate for another name acceptable. */
  g_assert_true (rd_ca_file_row_choose_file (ca_row (window), fixture->ca_cert, &error));
  gtk_editable_set_text (GTK_EDITABLE (page_child (window, "server_row")), by_name);
  sign_in (window, ALICE_PASSWORD);
  g_assert_true (rd_test_ui_wait (not_busy, page, 20000));
  g_assert_true (rd_window_get_signing_in (window));
  g_assert_cmpstr (rd_sign_in_page_get_error (page), ==,
                   "The server’s certificate is not trusted: it was issued for another server name.");
}

static void
test_wrong_name (TlsFixture    *fixture,
                 gconstpointer  data)
{
  run_app (fixture, wrong_name_scenario);
}

static void
bad_file_scenario (TlsFixture *fixture,
                   RdWindow   *window)
{
  RdSignInPage *page = rd_window_get_sign_in_page (window);
  g_autoptr(GError) error = NULL;

  /* The kept file is gone: said at the sign-in, before any network. */
  g_assert_cmpstr (rd_sign_in_page_get_ca_file (page), !=, "");
  sign_in (window, ALICE_PASSWORD);
  g_assert_false (rd_sign_in_page_get_busy (page));
  g_assert_true (g_str_has_prefix (rd_sign_in_page_get_error (page),
                                   "Cannot read the certificate authority file "));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (ca_row (window)), "error"));

  /* A file that holds no certificate is refused when chosen, the old choice kept. */
  g_assert_false (rd_ca_file_row_choose_file (ca_row (window), fixture->not_a_cert, &error));
  g_assert_error (error, RD_TLS_ERROR, RD_TLS_ERROR_CA_FILE);
  g_assert_cmpstr (rd_sign_in_page_get_error (page), ==, error->message);
  g_assert_nonnull (strstr (error->message, "is not a certificate file"));
  g_clear_error (&error);
  g_assert_false (rd_ca_file_row_choose_file (ca_row (window), fixture->tmp, &error));
  g_assert_error (error, RD_TLS_ERROR, RD_TLS_ERROR_CA_FILE);
  g_clear_error (&error);

  /* Cleared: the system's certificates again, and the refusal is about them. */
  g_signal_emit_by_name (gtk_widget_get_template_child (GTK_WIDGET (ca_row (window)), RD_TYPE_CA_FILE_ROW,
                                                        "clear_button"), "clicked");
  g_assert_cmpstr (rd_sign_in_page_get_ca_file (page), ==, "");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (ca_row (window))), ==, "System certificates");
  sign_in (window, ALICE_PASSWORD);
  g_assert_true (rd_test_ui_wait (not_busy, page, 20000));
  g_assert_nonnull (strstr (rd_sign_in_page_get_error (page), "unknown certificate authority"));
}

static void
test_bad_file (TlsFixture    *fixture,
               gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *gone = g_build_filename (fixture->tmp, "gone.crt", NULL);

  g_settings_set_string (settings, "server-ca-file", gone);
  run_app (fixture, bad_file_scenario);
}

/* Preferences: the same row on the same setting. */
static void
test_preferences (TlsFixture    *fixture,
                  gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  RdPreferencesWindow *prefs = rd_preferences_window_new (NULL);
  RdCaFileRow *row = RD_CA_FILE_ROW (gtk_widget_get_template_child (GTK_WIDGET (prefs), RD_TYPE_PREFERENCES_WINDOW,
                                                                    "ca_row"));
  g_autoptr(GError) error = NULL;
  g_autofree char *value = NULL;

  g_assert_cmpstr (rd_ca_file_row_get_file (row), ==, "");
  g_assert_true (rd_ca_file_row_choose_file (row, fixture->ca_cert, &error));
  value = g_settings_get_string (settings, "server-ca-file");
  g_assert_cmpstr (value, ==, fixture->ca_cert);
  g_clear_pointer (&value, g_free);
  gtk_window_present (GTK_WINDOW (prefs));
  rd_test_ui_save_screenshot (GTK_WIDGET (prefs), "screenshot-preferences-ca");

  g_assert_false (rd_ca_file_row_choose_file (row, fixture->not_a_cert, &error));
  g_clear_error (&error);
  value = g_settings_get_string (settings, "server-ca-file");
  g_assert_cmpstr (value, ==, fixture->ca_cert);
  g_clear_pointer (&value, g_free);

  g_settings_set_string (settings, "server-ca-file", "");
  g_assert_cmpstr (rd_ca_file_row_get_file (row), ==, "");
  gtk_window_destroy (GTK_WINDOW (prefs));
}

static gboolean
sync_failed (gpointer data)
{
  return rd_sync_controller_get_state (data) == RD_SYNC_STATE_FAILED;
}

/* The sync worker on a CA that did not sign the server's certificate: it
 * says so in the sync state ("failed", not "offline": waiting will not help). */
static void
test_sync_untrusted (TlsFixture    *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdStore) store = NULL;
  g_autoptr(RdSyncController) sync = NULL;
  g_autofree char *dir = g_build_filename (fixture->tmp, "worker", NULL);
  g_autofree char *gone = g_build_filename (fixture->tmp, "gone.crt", NULL);

  store = rd_store_open_dir (dir, &error);
  g_assert_no_error (error);
  sync = rd_sync_controller_new (rd_store_get_path (store));
  g_assert_false (rd_sync_controller_set_ca_file (sync, gone, &error));
  g_assert_error (error, RD_TLS_ERROR, RD_TLS_ERROR_CA_FILE);
  g_clear_error (&error);
  g_assert_true (rd_sync_controller_set_ca_file (sync, fixture->other_ca, &error));
  g_assert_no_error (error);
  rd_sync_controller_start (sync, fixture->server->base_url, "alice", ALICE_PASSWORD);
  g_assert_true (rd_test_ui_wait (sync_failed, sync, 20000));
  g_assert_cmpstr (rd_sync_controller_get_status_text (sync), ==,
                   "Sync failed: the server’s certificate is not trusted");
  g_assert_cmpuint (rd_sync_controller_get_n_syncs (sync), ==, 0);
  rd_sync_controller_stop (sync);
}

/* The listener's long-poll session on its own: the CA makes it listen, and
 * the WebSocket one was tried first on the same database. */
static gboolean
in_long_poll (gpointer data)
{
  return rd_events_listener_get_mode (data) == RD_EVENTS_MODE_LONG_POLL;
}

static void
sequence_cb (RdEventsListener *events,
             gint64            seq,
             gint64           *last)
{
  *last = seq;
}

static gboolean
announced (gpointer data)
{
  return *(gint64 *) data >= 0;
}

static void
test_long_poll (TlsFixture    *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsDatabase) database = rd_tls_load_ca_file (fixture->ca_cert, &error);
  g_autoptr(RdSyncClient) client = NULL;
  g_autoptr(RdStore) store = NULL;
  g_autofree char *dir = g_build_filename (fixture->tmp, "token", NULL);
  g_autoptr(RdEventsListener) events = NULL;
  g_autofree char *token = NULL;
  gint64 last = -1;

  g_assert_no_error (error);
  store = rd_store_open_dir (dir, &error);
  g_assert_no_error (error);
  client = rd_sync_client_new (store, fixture->server->base_url, &error);
  g_assert_true (rd_sync_client_set_ca_file (client, fixture->ca_cert, &error));
  g_assert_true (rd_sync_client_login (client, "alice", ALICE_PASSWORD, NULL, &error));
  g_assert_no_error (error);
  token = rd_store_get_meta (store, "sync.token");
  /* Something in the server's log: a long poll from 0 answers at once. */
  {
    g_autoptr(RdRecord) contact = rd_record_new ("contacts");
    RdSyncStats stats = { 0 };

    rd_record_set_string (contact, "name", "Long Poll Over TLS");
    g_assert_true (rd_store_insert (store, contact, &error));
    g_assert_true (rd_sync_client_sync (client, &stats, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (stats.pushed, >, 0);
  }

  events = rd_events_listener_new (fixture->server->base_url, token);
  rd_events_listener_set_tls_database (events, database);
  rd_events_listener_set_use_websocket (events, FALSE);
  g_signal_connect (events, "sequence", G_CALLBACK (sequence_cb), &last);
  rd_events_listener_start (events);
  g_assert_true (rd_test_ui_wait (in_long_poll, events, 10000));
  g_assert_true (rd_test_ui_wait (announced, &last, 20000));
  g_assert_cmpint (last, >, 0);
  g_assert_cmpint (rd_events_listener_get_mode (events), ==, RD_EVENTS_MODE_LONG_POLL);
  rd_events_listener_stop (events);
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);

  g_test_add ("/ui/sign-in-tls/untrusted", TlsFixture, NULL,
              fixture_setup, test_untrusted, fixture_teardown);
  g_test_add ("/ui/sign-in-tls/untrusted-russian", TlsFixture, NULL,
              fixture_setup, test_untrusted_russian, fixture_teardown);
  g_test_add ("/ui/sign-in-tls/ca-file", TlsFixture, NULL,
              fixture_setup, test_ca_file, fixture_teardown);
  g_test_add ("/ui/sign-in-tls/wrong-ca", TlsFixture, NULL,
              fixture_setup, test_wrong_ca, fixture_teardown);
  g_test_add ("/ui/sign-in-tls/wrong-name", TlsFixture, NULL,
              fixture_setup, test_wrong_name, fixture_teardown);
  g_test_add ("/ui/sign-in-tls/bad-file", TlsFixture, NULL,
              fixture_setup, test_bad_file, fixture_teardown);
  g_test_add ("/ui/sign-in-tls/preferences", TlsFixture, NULL,
              fixture_setup, test_preferences, fixture_teardown);
  g_test_add ("/ui/sign-in-tls/sync-untrusted", TlsFixture, NULL,
              fixture_setup, test_sync_untrusted, fixture_teardown);
  g_test_add ("/ui/sign-in-tls/long-poll", TlsFixture, NULL,
              fixture_setup, test_long_poll, fixture_teardown);

  return g_test_run ();
}
