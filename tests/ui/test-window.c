/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "rd-audio-sink.h"
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
  gboolean       offline_label;
  gboolean       folded;
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

/* The first widget of @type under @widget, or NULL. */
static GtkWidget *
find_widget (GtkWidget *widget,
             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The first label under @widget whose text starts with @prefix, or NULL. */
static GtkLabel *
find_label (GtkWidget  *widget,
            const char *prefix)
{
  if (GTK_IS_LABEL (widget) && g_str_has_prefix (gtk_label_get_label (GTK_LABEL (widget)), prefix))
    return GTK_LABEL (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found = find_label (child, prefix);

      if (found != NULL)
        return found;
    }

  return NULL;
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

  /* At its default width the sidebar and the page stand side by side (an idle
   * call banner once made the content too wide and folded the window). */
  fixture->folded = adw_leaflet_get_folded (ADW_LEAFLET (find_widget (GTK_WIDGET (fixture->window),
                                                                      ADW_TYPE_LEAFLET)));

  /* With no server the window says so where the sync state lives. */
  fixture->offline_label = find_label (GTK_WIDGET (fixture->window), "Offline — no server configured") != NULL;

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
  g_assert_true (fixture.offline_label);
  g_assert_false (fixture.folded);
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
  /* No sound card here: a sink that keeps time like a speaker. */
  rd_audio_sink_set_default ("fakesink sync=true");

  g_test_add_func ("/ui/window/starts-offline", test_window_starts_offline);

  return g_test_run ();
}
