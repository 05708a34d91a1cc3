/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "rd-application.h"
#include "rd-test-ui.h"

static guint
count_colours (GdkTexture *texture)
{
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  gsize stride = (gsize) width * 4;
  g_autofree guchar *pixels = g_malloc (stride * height);
  g_autoptr(GHashTable) colours = g_hash_table_new (NULL, NULL);

  gdk_texture_download (texture, pixels, stride);
  for (int y = 0; y < height; y += 2)
    for (int x = 0; x < width; x += 2)
      {
        guint32 pixel;

        memcpy (&pixel, pixels + y * stride + x * 4, 4);
        g_hash_table_add (colours, GUINT_TO_POINTER (pixel));
      }

  return g_hash_table_size (colours);
}

static void
after_paint_cb (GdkFrameClock *clock,
                gboolean      *painted)
{
  *painted = TRUE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

static void
wait_for_paint (GtkWidget *widget)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  gboolean painted = FALSE;
  gulong handler;

  if (clock == NULL)
    return;

  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &painted);
  gtk_widget_queue_draw (widget);
  rd_test_ui_wait (is_true, &painted, 2000);
  g_signal_handler_disconnect (clock, handler);
}

guint
rd_test_ui_save_screenshot (GtkWidget  *widget,
                            const char *name)
{
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file_name = g_strconcat (name, ".png", NULL);
  g_autofree char *path = NULL;
  const char *dir = g_getenv ("RD_TEST_OUTPUT_DIR");
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  graphene_rect_t bounds;

  /* Let the frame clock lay out and paint what changed since the last frame (a
   * widget shown a moment ago has no allocation before that). */
  wait_for_paint (widget);

  GTK_WIDGET_GET_CLASS (widget)->snapshot (widget, snapshot);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);

  graphene_rect_init (&bounds, 0, 0,
                      gtk_widget_get_width (widget), gtk_widget_get_height (widget));
  texture = gsk_renderer_render_texture (renderer, node, &bounds);

  path = g_build_filename (dir ? dir : g_get_tmp_dir (), file_name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);

  return count_colours (texture);
}

gboolean
rd_test_ui_wait (gboolean (*done) (gpointer data),
                 gpointer   data,
                 guint      timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!done (data) && g_get_monotonic_time () < deadline)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }

  return done (data);
}

void
rd_test_ui_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        rd_test_ui_remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

typedef struct {
  guint frames;
  guint target;
} Settle;

static gboolean
settle_tick_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       user_data)
{
  ((Settle *) user_data)->frames++;
  return G_SOURCE_CONTINUE;
}

static gboolean
settled (gpointer data)
{
  Settle *settle = data;

  return settle->frames >= settle->target;
}

void
rd_test_ui_settle (GtkWidget *widget,
                   guint      frames)
{
  Settle settle = { 0, frames };
  guint id = gtk_widget_add_tick_callback (widget, settle_tick_cb, &settle, NULL);

  g_assert_true (rd_test_ui_wait (settled, &settle, 10000));
  gtk_widget_remove_tick_callback (widget, id);
}

GtkWidget *
rd_test_ui_find (GtkWidget *root,
                 GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = rd_test_ui_find (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

GtkWidget *
rd_test_ui_find_named (GtkWidget  *root,
                       const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = rd_test_ui_find_named (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
child_revealed (gpointer data)
{
  return gtk_revealer_get_child_revealed (data);
}

gboolean
rd_test_ui_wait_revealed (GtkRevealer *revealer,
                          guint        frames,
                          guint        timeout_ms)
{
  if (!rd_test_ui_wait (child_revealed, revealer, timeout_ms))
    return FALSE;
  rd_test_ui_settle (GTK_WIDGET (revealer), frames);
  return TRUE;
}

typedef struct
{
  RdListPage *page;
  guint       count;
} ListWait;

static gboolean
list_has (gpointer data)
{
  ListWait *wait = data;
  RdPagedModel *model = rd_list_page_get_model (wait->page);

  return model != NULL && !rd_paged_model_get_loading (model) &&
         g_list_model_get_n_items (G_LIST_MODEL (model)) == wait->count;
}

gboolean
rd_test_ui_wait_list (RdListPage *page,
                      guint       count,
                      guint       timeout_ms)
{
  ListWait wait = { page, count };

  return rd_test_ui_wait (list_has, &wait, timeout_ms);
}

void
rd_test_ui_type_into (RdWindow   *window,
                      const char *row_name,
                      const char *text)
{
  GObject *row = gtk_widget_get_template_child (GTK_WIDGET (rd_window_get_sign_in_page (window)),
                                                RD_TYPE_SIGN_IN_PAGE, row_name);

  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

static gboolean
signed_in (gpointer data)
{
  return !rd_window_get_signing_in (data);
}

gboolean
rd_test_ui_sign_in (RdWindow   *window,
                    const char *user,
                    const char *password,
                    guint       timeout_ms)
{
  rd_test_ui_type_into (window, "username_row", user);
  rd_test_ui_type_into (window, "password_row", password);
  g_signal_emit_by_name (gtk_widget_get_template_child (GTK_WIDGET (rd_window_get_sign_in_page (window)),
                                                        RD_TYPE_SIGN_IN_PAGE, "sign_in_button"),
                         "clicked");
  return rd_test_ui_wait (signed_in, window, timeout_ms);
}

typedef struct {
  RdWindow         *window;
  RdTestUiScenario  scenario;
  gpointer          data;
} AppRun;

static void
app_window_added_cb (GtkApplication *app,
                     GtkWindow      *window,
                     AppRun         *run)
{
  if (RD_IS_WINDOW (window))
    run->window = RD_WINDOW (window);
}

static void
app_activated_cb (GApplication *app,
                  AppRun       *run)
{
  g_assert_nonnull (run->window);
  rd_test_ui_settle (GTK_WIDGET (run->window), 4);
  run->scenario (run->window, run->data);
  gtk_window_set_focus (GTK_WINDOW (run->window), NULL);
  rd_test_ui_settle (GTK_WIDGET (run->window), 4);
  gtk_window_destroy (GTK_WINDOW (run->window));
}

void
rd_test_ui_run_app (char             **argv,
                    RdTestUiScenario   scenario,
                    gpointer           data)
{
  g_autoptr(RdApplication) app = rd_application_new ();
  AppRun run = { NULL, scenario, data };

  g_signal_connect (app, "window-added", G_CALLBACK (app_window_added_cb), &run);
  g_signal_connect_after (app, "activate", G_CALLBACK (app_activated_cb), &run);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), (int) g_strv_length (argv), argv), ==, 0);
}
