/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>

#include "../integration/rd-test-phone.h"
#include "rd-dialpad.h"
#include "rd-test-ui.h"

/* The dialpad normalizes what the agent typed and dials it through a real engine; sipp
 * plays the callee (busy) and checks the number it was called on. */

static void
dialed_cb (RdDialpad  *dialpad,
           RdCall     *call,
           RdCall    **out)
{
  g_set_object (out, call);
}

static gboolean
engine_ready (gpointer data)
{
  return rd_baresip_engine_get_ready (data);
}

static gboolean
count_frames_cb (GtkWidget     *widget,
                 GdkFrameClock *clock,
                 gpointer       user_data)
{
  (*(guint *) user_data)++;
  return G_SOURCE_CONTINUE;
}

static gboolean
painted (gpointer data)
{
  return *(guint *) data >= 5;
}

static gboolean
call_closed (gpointer data)
{
  return rd_call_is_closed (data);
}

static void
test_dialpad_dials_normalized (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdTestSipp) sipp = rd_test_sipp_start ("uas-busy.xml", NULL, &error);
  g_autoptr(RdBaresipEngine) engine = rd_baresip_engine_new ();
  g_autoptr(RdPhone) phone = rd_phone_new (RD_PHONE_BACKEND (engine));
  g_autofree char *account = NULL;
  g_autoptr(RdCall) call = NULL;
  GtkWidget *window;
  RdDialpad *dialpad;
  guint frames = 0;

  g_assert_no_error (error);
  /* Numbers dialed on this account go to sip:NUMBER@127.0.0.1:PORT: sipp. */
  account = g_strdup_printf ("<sip:agent@127.0.0.1:%u>;regint=0", sipp->port);
  g_assert_true (rd_phone_add_account (phone, account, NULL, &error));
  g_assert_true (rd_phone_start (phone, &error));
  g_assert_true (rd_test_ui_wait (engine_ready, engine, 10000));

  window = gtk_window_new ();
  dialpad = RD_DIALPAD (rd_dialpad_new (phone, "RU"));
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (dialpad));
  gtk_widget_add_tick_callback (window, count_frames_cb, &frames, NULL);
  gtk_window_present (GTK_WINDOW (window));
  g_signal_connect (dialpad, "dialed", G_CALLBACK (dialed_cb), &call);

  /* Not a number: a clear error, nothing dialed. */
  rd_dialpad_set_number (dialpad, "hello");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialpad), "dialpad.call", NULL));
  g_assert_null (call);
  g_assert_nonnull (rd_dialpad_get_error (dialpad));

  /* Typed the Russian national way, plus two keys pressed on the pad. */
  rd_dialpad_set_number (dialpad, "8 (999) 123-45-");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialpad), "dialpad.key", "s", "6"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialpad), "dialpad.key", "s", "7"));
  g_assert_null (rd_dialpad_get_error (dialpad));
  g_assert_true (rd_test_ui_wait (painted, &frames, 10000));
  g_assert_cmpuint (rd_test_ui_save_screenshot (window, "screenshot-dialpad"), >, 2);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialpad), "dialpad.call", NULL));
  g_assert_nonnull (call);
  g_assert_null (rd_dialpad_get_error (dialpad));

  g_assert_true (rd_test_ui_wait (call_closed, call, 10000));
  g_assert_cmpstr (rd_call_get_number (call), ==, "+79991234567");
  g_assert_true (g_str_has_prefix (rd_call_get_peer_uri (call), "sip:+79991234567@127.0.0.1"));
  g_assert_cmpstr (rd_call_get_hangup_cause (call), ==, RD_CALL_CAUSE_BUSY);
  g_assert_true (rd_test_sipp_wait (sipp, 10000));

  gtk_window_destroy (GTK_WINDOW (window));
  rd_phone_stop (phone);
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/ui/dialpad/dials-normalized", test_dialpad_dials_normalized);

  return g_test_run ();
}
