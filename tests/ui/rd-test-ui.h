/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "rd-list-page.h"
#include "rd-window.h"

G_BEGIN_DECLS

/* Renders @widget as it is painted now into OUTPUT_DIR/NAME.png, with the
 * window's own renderer. Returns the number of distinct colours it holds, so a
 * test can tell a painted window from a blank one. */
guint rd_test_ui_save_screenshot (GtkWidget  *widget,
                                  const char *name);

/* Iterates the main loop until @done returns TRUE or @timeout_ms pass;
 * returns what @done said last. */
gboolean rd_test_ui_wait (gboolean (*done) (gpointer data),
                          gpointer   data,
                          guint      timeout_ms);

/* Waits (bounded) until @widget's frame clock has painted @frames more frames: what was
 * changed before has been laid out and drawn. */
void rd_test_ui_settle (GtkWidget *widget,
                        guint      frames);

/* Waits until @revealer has slid its child open (at most @timeout_ms), then for @frames
 * frames painted since (rd_test_ui_settle). Returns whether it opened. */
gboolean rd_test_ui_wait_revealed (GtkRevealer *revealer,
                                   guint        frames,
                                   guint        timeout_ms);

/* Waits (at most @timeout_ms) until @page's list has loaded and holds @count rows. */
gboolean rd_test_ui_wait_list (RdListPage *page,
                               guint       count,
                               guint       timeout_ms);

/* The first widget of @type at or under @root (depth first), or NULL. */
GtkWidget *rd_test_ui_find (GtkWidget *root,
                            GType      type);

/* The first widget under @root (or @root) whose widget name is @name. */
GtkWidget *rd_test_ui_find_named (GtkWidget  *root,
                                  const char *name);

/* Sets the text of the sign-in page's row @row_name ("username_row", "server_row" …). */
void rd_test_ui_type_into (RdWindow   *window,
                           const char *row_name,
                           const char *text);

/* Types @user and @password on @window's sign-in page, clicks Sign In and waits (at most
 * @timeout_ms) until the sign-in is over. Returns whether it ended. */
gboolean rd_test_ui_sign_in (RdWindow   *window,
                             const char *user,
                             const char *password,
                             guint       timeout_ms);

/* Removes @path and everything under it (a test's temporary folder). */
void rd_test_ui_remove_tree (const char *path);

/* What a test does with the app's window once the app has activated it. */
typedef void (*RdTestUiScenario) (RdWindow *window,
                                  gpointer  data);

/* Runs the app with @argv (NULL-terminated, the program's name first), calls @scenario
 * with its window once activated, then closes the window (the focus cleared first, so no
 * entry warns of a lost focus-out) and returns when the app has quit with 0. */
void rd_test_ui_run_app (char             **argv,
                         RdTestUiScenario   scenario,
                         gpointer           data);

G_END_DECLS
