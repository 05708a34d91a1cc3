/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "rd-application.h"
#include "rd-test-ui.h"
#include "rd-window.h"

typedef struct {
  char          *replica_dir;
  RdApplication *app;
  GtkWindow     *window;
  guint          frames;
  guint          colours;
  gboolean       failed_to_paint;
} WindowFixture;

static gboolean
count_frames_cb (GtkWidget     *widget,
                 GdkFrameClock *clock,
                 gpointer       user_data)
{
  WindowFixture *fixture = user_data;

  fixture->frames++;
  return G_SOURCE_CONTINUE;
}

static gboolean
painted (gpointer data)
{
  WindowFixture *fixture = data;

  /* A few frames after mapping, layout and first paint are done. */
  return fixture->frames >= 5;
}

static void
window_added_cb (GtkApplication *app,
                 GtkWindow      *window,
                 WindowFixture  *fixture)
{
  fixture->window = window;
  gtk_widget_add_tick_callback (GTK_WIDGET (window), count_frames_cb, fixture, NULL);
}

static void
activate_after_cb (GApplication  *app,
                   WindowFixture *fixture)
{
  g_assert_nonnull (fixture->window);
  g_assert_true (RD_IS_WINDOW (fixture->window));

  if (!rd_test_ui_wait (painted, fixture, 10000))
    fixture->failed_to_paint = TRUE;
  else
    fixture->colours = rd_test_ui_save_screenshot (GTK_WIDGET (fixture->window), "screenshot-main-window");

  gtk_window_destroy (fixture->window);
}

static void
test_window_starts_offline (void)
{
  g_autoptr(GError) error = NULL;
  WindowFixture fixture = { 0 };
  g_autofree char *tmp = g_dir_make_tmp ("rd-ui-XXXXXX", &error);
  char *argv[] = { "ringdesk", "--replica", NULL, NULL };
  int status;

  g_assert_no_error (error);
  fixture.replica_dir = g_build_filename (tmp, "replica", NULL);
  argv[2] = fixture.replica_dir;

  fixture.app = rd_application_new ();
  g_signal_connect (fixture.app, "window-added", G_CALLBACK (window_added_cb), &fixture);
  g_signal_connect_after (fixture.app, "activate", G_CALLBACK (activate_after_cb), &fixture);

  status = g_application_run (G_APPLICATION (fixture.app), 3, argv);

  g_assert_cmpint (status, ==, 0);
  g_assert_false (fixture.failed_to_paint);
  /* The replica folder was made for the offline, server-less start. */
  g_assert_true (g_file_test (fixture.replica_dir, G_FILE_TEST_IS_DIR));
  g_assert_cmpstr (rd_application_get_server_url (fixture.app), ==, NULL);
  /* A blank or single-colour window means nothing was painted. */
  g_assert_cmpuint (fixture.colours, >, 20);

  g_assert_finalize_object (fixture.app);
  g_rmdir (fixture.replica_dir);
  g_rmdir (tmp);
  g_free (fixture.replica_dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ui/window/starts-offline", test_window_starts_offline);

  return g_test_run ();
}
