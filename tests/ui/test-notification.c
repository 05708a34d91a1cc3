/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include "../integration/rd-test-phone.h"
#include "rd-audio-sink.h"
#include "rd-application.h"
#include "rd-call-banner.h"
#include "rd-test-ui.h"
#include "rd-window.h"

/* The inbound call's desktop notification, through a real notification server: dunst runs
 * on the test's own session bus (tests/run-with-keyring.sh) and X display (xvfb-run).
 * Its context menu ("dunstctl context") hands the notification's actions to a "dmenu"
 * script of ours that picks Answer (or Decline), and dunst invokes that action
 * (ActionInvoked), as a click would. Once the call is answered or declined, the
 * notification must be gone from the screen (RdCallNotifier). */

typedef struct {
  char          *tmp;
  char          *replica_dir;
  char          *menu_log;   /* what dunst offered the picker */
  const char    *pick;       /* "Answer" or "Decline" */
  GSubprocess   *dunst;
  RdApplication *app;
  RdWindow      *window;
  gboolean       done;
} NotifyFixture;

static gboolean
name_owned (gpointer data)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GVariant) reply = NULL;
  gboolean owned = FALSE;

  if (bus == NULL)
    return FALSE;
  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", (const char *) data),
                                       G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE, 2000,
                                       NULL, NULL);
  if (reply == NULL)
    return FALSE;
  g_variant_get (reply, "(b)", &owned);
  return owned;
}

/* How many notifications dunst shows now, or -1. */
static int
dunst_displayed (void)
{
  const char *argv[] = { "dunstctl", "count", "displayed", NULL };
  g_autofree char *out = NULL;
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, NULL,
                     &status, NULL)
      || !g_spawn_check_wait_status (status, NULL))
    return -1;
  return atoi (out);
}

static gboolean
one_shown (gpointer data)
{
  return dunst_displayed () == 1;
}

static gboolean
none_shown (gpointer data)
{
  return dunst_displayed () == 0;
}

static void
start_dunst (NotifyFixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *picker = g_build_filename (f->tmp, "pick.sh", NULL);
  g_autofree char *rc = g_build_filename (f->tmp, "dunstrc", NULL);
  g_autofree char *script = NULL;
  g_autofree char *config = NULL;
  g_autofree char *log = g_build_filename (f->tmp, "dunst.log", NULL);
  g_autoptr(GSubprocessLauncher) launcher = NULL;

  f->menu_log = g_build_filename (f->tmp, "menu.txt", NULL);
  script = g_strdup_printf ("#!/bin/sh\ncat > '%s'\ngrep -m1 '^#%s ' '%s'\n",
                            f->menu_log, f->pick, f->menu_log);
  g_assert_true (g_file_set_contents (picker, script, -1, &error));
  g_assert_cmpint (g_chmod (picker, 0700), ==, 0);
  config = g_strdup_printf ("[global]\n    dmenu = %s\n", picker);
  g_assert_true (g_file_set_contents (rc, config, -1, &error));

  g_assert_false (name_owned ("org.freedesktop.Notifications"));
  /* Not with the tests' G_DEBUG=fatal-warnings: dunst's own GLib warnings would end it. */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_subprocess_launcher_unsetenv (launcher, "G_DEBUG");
  g_subprocess_launcher_set_stderr_file_path (launcher, log);
  f->dunst = g_subprocess_launcher_spawn (launcher, &error, "dunst", "-config", rc, NULL);
  g_assert_no_error (error);   /* tools/install-deps installs dunst */
  g_assert_true (rd_test_ui_wait (name_owned, "org.freedesktop.Notifications", 10000));
}

static gboolean
engine_ready (gpointer data)
{
  RdSoftphone *softphone = rd_window_get_softphone (data);

  return softphone != NULL && rd_baresip_engine_get_ready (rd_softphone_get_engine (softphone));
}

static gboolean
banner_ringing (gpointer data)
{
  RdCall *call = rd_call_banner_get_call (data);
  return call != NULL && rd_call_get_state (call) == RD_CALL_STATE_INCOMING;
}

static gboolean
call_established (gpointer data)
{
  return rd_call_get_state (data) == RD_CALL_STATE_ESTABLISHED;
}

static gboolean
call_closed (gpointer data)
{
  return rd_call_is_closed (data);
}

/* A line of @text starts with @start. */
static gboolean
has_line (const char *text,
          const char *start)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], start))
      return TRUE;
  return FALSE;
}

static void
activate_after_cb (GApplication  *app,
                   NotifyFixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdTestSipp) caller = NULL;
  g_autoptr(RdCall) call = NULL;
  g_autofree char *remote = NULL;
  g_autofree char *menu = NULL;
  const char *context[] = { "dunstctl", "context", NULL };
  RdCallBanner *banner;
  int status = 0;

  f->window = RD_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_true (rd_test_ui_wait (engine_ready, f->window, 15000));
  banner = RD_CALL_BANNER (rd_test_ui_find (GTK_WIDGET (f->window), RD_TYPE_CALL_BANNER));

  remote = g_strdup_printf ("127.0.0.1:%u", rd_baresip_engine_get_sip_port (
                              rd_softphone_get_engine (rd_window_get_softphone (f->window))));
  caller = rd_test_sipp_start ("uac-call.xml", remote, &error);
  g_assert_no_error (error);
  g_assert_true (rd_test_ui_wait (banner_ringing, banner, 15000));
  call = g_object_ref (rd_call_banner_get_call (banner));

  /* The notification is up; the agent picks an action in dunst's menu. */
  g_assert_true (rd_test_ui_wait (one_shown, NULL, 10000));
  g_assert_true (g_spawn_sync (NULL, (char **) context, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               NULL, NULL, &status, &error));
  g_assert_no_error (error);

  if (g_str_equal (f->pick, "Answer"))
    {
      g_assert_true (rd_test_ui_wait (call_established, call, 10000));
      /* Answered: the notification is withdrawn. */
      g_assert_true (rd_test_ui_wait (none_shown, NULL, 10000));
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (banner), "call.hangup", NULL));
      g_assert_true (rd_test_ui_wait (call_closed, call, 10000));
      g_assert_true (rd_test_sipp_wait (caller, 10000));
    }
  else
    {
      /* Declined: the caller gets 486 (sipp's scenario wanted a 200: it fails, as it should). */
      g_assert_true (rd_test_ui_wait (call_closed, call, 10000));
      g_assert_cmpstr (rd_call_get_hangup_cause (call), ==, RD_CALL_CAUSE_REJECTED);
      g_assert_null (rd_call_get_answered (call));
      g_assert_true (rd_test_ui_wait (none_shown, NULL, 10000));
      rd_test_sipp_wait (caller, 10000);
    }

  /* What dunst offered: the call's two buttons. */
  g_assert_true (g_file_get_contents (f->menu_log, &menu, NULL, &error));
  g_test_message ("dunst menu: %s", menu);
  g_assert_true (has_line (menu, "#Answer (Incoming call) ["));
  g_assert_true (has_line (menu, "#Decline (Incoming call) ["));

  f->done = TRUE;
  gtk_window_destroy (GTK_WINDOW (f->window));
}

static void
test_notification (gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  NotifyFixture f = { 0 };
  char *argv[] = { "ringdesk", "--replica", NULL, NULL };

  f.pick = data;
  f.tmp = g_dir_make_tmp ("rd-ui-notify-XXXXXX", &error);
  g_assert_no_error (error);
  f.replica_dir = g_build_filename (f.tmp, "replica", NULL);
  argv[2] = f.replica_dir;
  start_dunst (&f);

  g_settings_set_string (settings, "sip-user", "agent");
  g_settings_set_string (settings, "sip-domain", "127.0.0.1");
  g_settings_set_string (settings, "default-region", "RU");
  g_settings_set_enum (settings, "recording-mode", 2);

  f.app = rd_application_new ();
  g_signal_connect_after (f.app, "activate", G_CALLBACK (activate_after_cb), &f);
  g_assert_cmpint (g_application_run (G_APPLICATION (f.app), 3, argv), ==, 0);
  g_assert_true (f.done);

  g_settings_reset (settings, "sip-user");
  g_settings_reset (settings, "sip-domain");
  g_settings_reset (settings, "recording-mode");
  g_clear_object (&f.app);
  g_subprocess_force_exit (f.dunst);
  g_subprocess_wait (f.dunst, NULL, NULL);
  g_clear_object (&f.dunst);
  rd_test_ui_remove_tree (f.tmp);
  g_free (f.tmp);
  g_free (f.replica_dir);
  g_free (f.menu_log);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  rd_audio_sink_set_default ("fakesink sync=true");

  g_test_add_data_func ("/ui/notification/answer", "Answer", test_notification);
  g_test_add_data_func ("/ui/notification/decline", "Decline", test_notification);

  return g_test_run ();
}
