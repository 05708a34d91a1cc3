/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rd-preferences-window.h"
#include "rd-test-ui.h"

/* Preferences: each row writes its setting; the checked ones refuse bad
 * input on the row and keep the old value. */

typedef struct
{
  RdPreferencesWindow *window;
  GSettings           *settings;
  guint                frames;
  guint                target;
} PrefsFixture;

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  PrefsFixture *fixture = user_data;

  fixture->frames++;
  return G_SOURCE_CONTINUE;
}

static gboolean
frames_done (gpointer data)
{
  PrefsFixture *fixture = data;

  return fixture->frames >= fixture->target;
}

static void
fixture_setup (PrefsFixture  *fixture,
               gconstpointer  data)
{
  fixture->settings = g_settings_new (APP_ID);
  g_settings_reset (fixture->settings, "default-region");
  g_settings_reset (fixture->settings, "server-url");
  g_settings_reset (fixture->settings, "color-scheme");
  fixture->window = rd_preferences_window_new (NULL);
  gtk_widget_add_tick_callback (GTK_WIDGET (fixture->window), tick_cb, fixture, NULL);
}

static void
fixture_teardown (PrefsFixture  *fixture,
                  gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->settings);
}

static GtkWidget *
row (PrefsFixture *fixture,
     const char   *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (fixture->window),
                                                    RD_TYPE_PREFERENCES_WINDOW, name));
}

static void
test_region (PrefsFixture  *fixture,
             gconstpointer  data)
{
  g_autofree char *region = NULL;

  g_assert_false (rd_preferences_window_apply_region (fixture->window, "Germany"));
  g_assert_true (gtk_widget_has_css_class (row (fixture, "region_row"), "error"));
  region = g_settings_get_string (fixture->settings, "default-region");
  g_assert_cmpstr (region, ==, "US");
  g_clear_pointer (&region, g_free);

  g_assert_true (rd_preferences_window_apply_region (fixture->window, " de "));
  region = g_settings_get_string (fixture->settings, "default-region");
  g_assert_cmpstr (region, ==, "DE");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row (fixture, "region_row"))), ==, "DE");
}

static void
test_server (PrefsFixture  *fixture,
             gconstpointer  data)
{
  g_autofree char *url = NULL;

  g_assert_false (rd_preferences_window_apply_server (fixture->window, "ftp://crm.example.org"));
  g_assert_true (gtk_widget_has_css_class (row (fixture, "server_row"), "error"));
  url = g_settings_get_string (fixture->settings, "server-url");
  g_assert_cmpstr (url, ==, "");
  g_clear_pointer (&url, g_free);

  /* A bare host gets http://, a trailing slash goes. */
  g_assert_true (rd_preferences_window_apply_server (fixture->window, "crm.example.org:8080/"));
  url = g_settings_get_string (fixture->settings, "server-url");
  g_assert_cmpstr (url, ==, "http://crm.example.org:8080");
}

static void
test_bound_rows (PrefsFixture  *fixture,
                 gconstpointer  data)
{
  g_autofree char *scheme = NULL;
  g_autofree char *transport = NULL;
  g_autofree char *user = NULL;

  /* Combo rows and entries write their settings at once. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (row (fixture, "theme_row")), 2);
  scheme = g_settings_get_string (fixture->settings, "color-scheme");
  g_assert_cmpstr (scheme, ==, "dark");
  adw_combo_row_set_selected (ADW_COMBO_ROW (row (fixture, "sip_transport_row")), 2);
  transport = g_settings_get_string (fixture->settings, "sip-transport");
  g_assert_cmpstr (transport, ==, "tls");
  gtk_editable_set_text (GTK_EDITABLE (row (fixture, "sip_user_row")), "1001");
  user = g_settings_get_string (fixture->settings, "sip-user");
  g_assert_cmpstr (user, ==, "1001");

  /* And follow the settings back. */
  g_settings_set_string (fixture->settings, "recording-mode", "never");
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (row (fixture, "recording_row"))), ==, 2);
  /* The ring tone's switch follows the setting both ways. */
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (row (fixture, "ring_tone_switch"))));
  g_settings_set_boolean (fixture->settings, "ring-tone", FALSE);
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (row (fixture, "ring_tone_switch"))));
  gtk_switch_set_active (GTK_SWITCH (row (fixture, "ring_tone_switch")), TRUE);
  g_assert_true (g_settings_get_boolean (fixture->settings, "ring-tone"));

  /* The e-mail signature: typed in its text view, kept in the setting, and back. */
  {
    GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (row (fixture, "signature_view")));
    g_autofree char *signature = NULL;

    gtk_text_buffer_set_text (buffer, "Alice Smith\nRingdesk Support", -1);
    signature = g_settings_get_string (fixture->settings, "email-signature");
    g_assert_cmpstr (signature, ==, "Alice Smith\nRingdesk Support");
    g_settings_reset (fixture->settings, "email-signature");
    g_clear_pointer (&signature, g_free);
    g_object_get (buffer, "text", &signature, NULL);
    g_assert_cmpstr (signature, ==, "");
  }

  g_settings_reset (fixture->settings, "color-scheme");
  gtk_window_present (GTK_WINDOW (fixture->window));
  fixture->target = fixture->frames + 5;
  g_assert_true (rd_test_ui_wait (frames_done, fixture, 10000));
  g_assert_cmpuint (rd_test_ui_save_screenshot (GTK_WIDGET (fixture->window), "screenshot-preferences"), >, 20);
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/ui/preferences/region", PrefsFixture, NULL, fixture_setup, test_region, fixture_teardown);
  g_test_add ("/ui/preferences/server", PrefsFixture, NULL, fixture_setup, test_server, fixture_teardown);
  g_test_add ("/ui/preferences/bound-rows", PrefsFixture, NULL, fixture_setup, test_bound_rows, fixture_teardown);

  return g_test_run ();
}
