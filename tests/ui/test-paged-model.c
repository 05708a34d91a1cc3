/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gtk/gtk.h>

#include "rd-paged-model.h"
#include "rd-test-ui.h"

/* RdArrayFetcher: rows from an array of numbers held by the test, items are
 * GtkStringObjects. The store-backed fetchers are tested with a real replica
 * in test-lists; this one lets a test change rows between refreshes. */

#define RD_TYPE_ARRAY_FETCHER (rd_array_fetcher_get_type ())
G_DECLARE_FINAL_TYPE (RdArrayFetcher, rd_array_fetcher, RD, ARRAY_FETCHER, GObject)

struct _RdArrayFetcher
{
  GObject  parent_instance;
  GMutex   lock;
  GArray  *rows;
  gboolean fail;
};

static GType
array_fetcher_get_item_type (RdPageFetcher *fetcher)
{
  return GTK_TYPE_STRING_OBJECT;
}

static gboolean
array_fetcher_count (RdPageFetcher  *fetcher,
                     guint          *n_rows,
                     GCancellable   *cancellable,
                     GError        **error)
{
  RdArrayFetcher *self = RD_ARRAY_FETCHER (fetcher);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);

  *n_rows = self->rows->len;
  return TRUE;
}

static GPtrArray *
array_fetcher_fetch (RdPageFetcher  *fetcher,
                     guint           offset,
                     guint           limit,
                     GCancellable   *cancellable,
                     GError        **error)
{
  RdArrayFetcher *self = RD_ARRAY_FETCHER (fetcher);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  GPtrArray *items;

  if (self->fail)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "database is locked");
      return NULL;
    }

  items = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = offset; i < offset + limit && i < self->rows->len; i++)
    {
      char text[16];

      g_snprintf (text, sizeof text, "%d", g_array_index (self->rows, int, i));
      g_ptr_array_add (items, gtk_string_object_new (text));
    }
  return items;
}

static void
rd_array_fetcher_iface_init (RdPageFetcherInterface *iface)
{
  iface->get_item_type = array_fetcher_get_item_type;
  iface->count = array_fetcher_count;
  iface->fetch = array_fetcher_fetch;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (RdArrayFetcher, rd_array_fetcher, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (RD_TYPE_PAGE_FETCHER, rd_array_fetcher_iface_init))

static void
rd_array_fetcher_finalize (GObject *object)
{
  RdArrayFetcher *self = RD_ARRAY_FETCHER (object);

  g_array_unref (self->rows);
  g_mutex_clear (&self->lock);
  G_OBJECT_CLASS (rd_array_fetcher_parent_class)->finalize (object);
}

static void
rd_array_fetcher_class_init (RdArrayFetcherClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rd_array_fetcher_finalize;
}

static void
rd_array_fetcher_init (RdArrayFetcher *self)
{
  g_mutex_init (&self->lock);
  self->rows = g_array_new (FALSE, FALSE, sizeof (int));
}

static RdArrayFetcher *
array_fetcher_new (guint n_rows)
{
  RdArrayFetcher *self = g_object_new (RD_TYPE_ARRAY_FETCHER, NULL);

  for (guint i = 0; i < n_rows; i++)
    {
      int value = i;
      g_array_append_val (self->rows, value);
    }
  return self;
}

/* --- fixture: a model, its fetcher and the items-changed it emitted ------- */

typedef struct
{
  RdArrayFetcher *fetcher;
  RdPagedModel   *model;
  GArray         *changes;   /* triples position, removed, added */
  guint           mirror;    /* n_items as the signals tell it */
  guint           n_notify;
} ModelFixture;

static void
items_changed_cb (GListModel   *model,
                  guint         position,
                  guint         removed,
                  guint         added,
                  ModelFixture *fixture)
{
  guint triple[3] = { position, removed, added };

  /* The model is already in its new state when it says so. */
  g_assert_cmpuint (position + removed, <=, fixture->mirror);
  fixture->mirror = fixture->mirror - removed + added;
  g_assert_cmpuint (fixture->mirror, ==, g_list_model_get_n_items (model));
  g_array_append_vals (fixture->changes, triple, 3);
}

static void
n_items_notify_cb (GObject      *object,
                   GParamSpec   *pspec,
                   ModelFixture *fixture)
{
  fixture->n_notify++;
}

static gboolean
model_idle (gpointer data)
{
  ModelFixture *fixture = data;

  return !rd_paged_model_get_loading (fixture->model);
}

static void
fixture_open (ModelFixture *fixture,
              guint         n_rows,
              guint         page_size,
              gboolean      synchronous)
{
  fixture->fetcher = array_fetcher_new (n_rows);
  fixture->changes = g_array_new (FALSE, FALSE, sizeof (guint));
  fixture->model = g_object_new (RD_TYPE_PAGED_MODEL,
                                 "fetcher", fixture->fetcher,
                                 "page-size", page_size,
                                 "synchronous", synchronous,
                                 NULL);
  fixture->mirror = g_list_model_get_n_items (G_LIST_MODEL (fixture->model));
  g_signal_connect (fixture->model, "items-changed", G_CALLBACK (items_changed_cb), fixture);
  g_signal_connect (fixture->model, "notify::n-items", G_CALLBACK (n_items_notify_cb), fixture);
}

static void
fixture_close (ModelFixture *fixture)
{
  g_assert_true (rd_test_ui_wait (model_idle, fixture, 5000));
  g_assert_finalize_object (fixture->model);
  g_assert_finalize_object (fixture->fetcher);
  g_array_unref (fixture->changes);
}

static void
assert_changes (ModelFixture *fixture,
                const guint  *expected,
                guint         n_expected)
{
  g_assert_cmpuint (fixture->changes->len, ==, n_expected * 3);
  for (guint i = 0; i < n_expected * 3; i++)
    g_assert_cmpuint (g_array_index (fixture->changes, guint, i), ==, expected[i]);
  g_array_set_size (fixture->changes, 0);
}

static char *
item_text (ModelFixture *fixture,
           guint         position)
{
  g_autoptr(GtkStringObject) item = g_list_model_get_item (G_LIST_MODEL (fixture->model), position);

  g_assert_nonnull (item);
  return g_strdup (gtk_string_object_get_string (item));
}

#define assert_item(fixture, position, text) \
  G_STMT_START { \
    g_autofree char *_t = item_text ((fixture), (position)); \
    g_assert_cmpstr (_t, ==, (text)); \
  } G_STMT_END

/* --- tests -------------------------------------------------------------- */

static void
test_sync_pages (void)
{
  ModelFixture fixture = { 0 };

  fixture_open (&fixture, 1000, 100, TRUE);

  /* Counted at construction, nothing fetched yet. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture.model)), ==, 1000);
  g_assert_cmpuint (rd_paged_model_get_n_fetches (fixture.model), ==, 0);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (fixture.model)) == GTK_TYPE_STRING_OBJECT);

  assert_item (&fixture, 0, "0");
  assert_item (&fixture, 99, "99");
  g_assert_cmpuint (rd_paged_model_get_n_fetches (fixture.model), ==, 1);
  assert_item (&fixture, 999, "999");
  g_assert_cmpuint (rd_paged_model_get_n_fetches (fixture.model), ==, 2);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (fixture.model), 1000));
  g_assert_cmpuint (rd_paged_model_get_n_cached_pages (fixture.model), ==, 2);

  /* Fetching a page is no change of the model. */
  assert_changes (&fixture, NULL, 0);
  fixture_close (&fixture);
}

static void
test_sync_lru (void)
{
  ModelFixture fixture = { 0 };

  fixture_open (&fixture, 1000, 100, TRUE);
  rd_paged_model_set_max_pages (fixture.model, 3);

  assert_item (&fixture, 1, "1");
  assert_item (&fixture, 101, "101");
  assert_item (&fixture, 201, "201");
  assert_item (&fixture, 301, "301");
  g_assert_cmpuint (rd_paged_model_get_n_fetches (fixture.model), ==, 4);
  g_assert_cmpuint (rd_paged_model_get_n_cached_pages (fixture.model), ==, 3);

  /* Page 3 is the most recent: still cached. Page 0 was dropped. */
  assert_item (&fixture, 350, "350");
  g_assert_cmpuint (rd_paged_model_get_n_fetches (fixture.model), ==, 4);
  assert_item (&fixture, 50, "50");
  g_assert_cmpuint (rd_paged_model_get_n_fetches (fixture.model), ==, 5);

  /* Touching page 2 keeps it; the next load drops page 3, the least recent. */
  assert_item (&fixture, 250, "250");
  assert_item (&fixture, 450, "450");
  g_assert_cmpuint (rd_paged_model_get_n_fetches (fixture.model), ==, 6);
  assert_item (&fixture, 251, "251");
  g_assert_cmpuint (rd_paged_model_get_n_fetches (fixture.model), ==, 6);
  assert_item (&fixture, 351, "351");
  g_assert_cmpuint (rd_paged_model_get_n_fetches (fixture.model), ==, 7);

  fixture_close (&fixture);
}

static void
test_async_placeholder (void)
{
  ModelFixture fixture = { 0 };
  const guint counted[] = { 0, 0, 1000 };
  const guint page_two[] = { 200, 100, 100 };
  g_autoptr(GtkStringObject) placeholder = NULL;

  fixture_open (&fixture, 1000, 100, FALSE);

  /* The count runs in a worker: empty until it arrives, then one signal. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture.model)), ==, 0);
  g_assert_true (rd_paged_model_get_loading (fixture.model));
  g_assert_true (rd_test_ui_wait (model_idle, &fixture, 5000));
  assert_changes (&fixture, counted, 1);
  g_assert_cmpuint (fixture.n_notify, ==, 1);

  /* An item not loaded yet is a placeholder of the same type, at once. */
  placeholder = g_list_model_get_item (G_LIST_MODEL (fixture.model), 250);
  g_assert_true (GTK_IS_STRING_OBJECT (placeholder));
  g_assert_null (gtk_string_object_get_string (placeholder));
  g_assert_true (rd_paged_model_get_loading (fixture.model));

  /* Then exactly its page changes, and the real row is there. */
  g_assert_true (rd_test_ui_wait (model_idle, &fixture, 5000));
  assert_changes (&fixture, page_two, 1);
  assert_item (&fixture, 250, "250");
  g_assert_cmpuint (rd_paged_model_get_n_fetches (fixture.model), ==, 1);

  fixture_close (&fixture);
}

static void
test_async_last_page (void)
{
  ModelFixture fixture = { 0 };
  const guint counted[] = { 0, 0, 1050 };
  const guint last_page[] = { 1000, 50, 50 };
  g_autoptr(GObject) placeholder = NULL;

  fixture_open (&fixture, 1050, 100, FALSE);
  g_assert_true (rd_test_ui_wait (model_idle, &fixture, 5000));
  assert_changes (&fixture, counted, 1);

  /* The short last page changes only as far as the rows go. */
  placeholder = g_list_model_get_item (G_LIST_MODEL (fixture.model), 1049);
  g_assert_true (rd_test_ui_wait (model_idle, &fixture, 5000));
  assert_changes (&fixture, last_page, 1);
  assert_item (&fixture, 1049, "1049");

  fixture_close (&fixture);
}

static void
set_row (ModelFixture *fixture,
         guint         row,
         int           value)
{
  g_mutex_lock (&fixture->fetcher->lock);
  g_array_index (fixture->fetcher->rows, int, row) = value;
  g_mutex_unlock (&fixture->fetcher->lock);
}

static void
test_refresh_same_count (void)
{
  ModelFixture fixture = { 0 };
  const guint handed[] = { 0, 100, 100, 500, 100, 100 };

  fixture_open (&fixture, 1000, 100, TRUE);

  /* Nothing handed out: a refresh with the same count says nothing. */
  rd_paged_model_refresh (fixture.model);
  assert_changes (&fixture, NULL, 0);

  assert_item (&fixture, 550, "550");
  assert_item (&fixture, 5, "5");
  set_row (&fixture, 5, -5);
  set_row (&fixture, 550, -550);

  /* Only the two pages a view may hold change, in order; the cached pages
   * were fetched again before the signal, so no placeholder shows. */
  rd_paged_model_refresh (fixture.model);
  assert_changes (&fixture, handed, 2);
  g_assert_cmpuint (fixture.n_notify, ==, 0);
  g_assert_cmpuint (rd_paged_model_get_n_fetches (fixture.model), ==, 4);
  assert_item (&fixture, 5, "-5");
  assert_item (&fixture, 550, "-550");
  g_assert_cmpuint (rd_paged_model_get_n_fetches (fixture.model), ==, 4);

  fixture_close (&fixture);
}

static void
test_refresh_async_same_count (void)
{
  ModelFixture fixture = { 0 };
  const guint counted[] = { 0, 0, 300 };
  const guint page_one[] = { 100, 100, 100 };
  g_autoptr(GObject) item = NULL;

  fixture_open (&fixture, 300, 100, FALSE);
  g_assert_true (rd_test_ui_wait (model_idle, &fixture, 5000));
  assert_changes (&fixture, counted, 1);
  item = g_list_model_get_item (G_LIST_MODEL (fixture.model), 150);
  g_assert_true (rd_test_ui_wait (model_idle, &fixture, 5000));
  assert_changes (&fixture, page_one, 1);

  set_row (&fixture, 150, 7);
  rd_paged_model_refresh (fixture.model);
  /* Nothing changes until the worker is done. */
  assert_changes (&fixture, NULL, 0);
  assert_item (&fixture, 150, "150");
  g_assert_true (rd_test_ui_wait (model_idle, &fixture, 5000));
  assert_changes (&fixture, page_one, 1);
  assert_item (&fixture, 150, "7");

  fixture_close (&fixture);
}

static void
test_refresh_count_changed (void)
{
  ModelFixture fixture = { 0 };
  const guint grown[] = { 0, 1000, 1010 };
  const guint emptied[] = { 0, 1010, 0 };

  fixture_open (&fixture, 1000, 100, TRUE);
  assert_item (&fixture, 0, "0");

  g_mutex_lock (&fixture.fetcher->lock);
  for (int i = 1000; i < 1010; i++)
    g_array_append_val (fixture.fetcher->rows, i);
  g_mutex_unlock (&fixture.fetcher->lock);

  rd_paged_model_refresh (fixture.model);
  assert_changes (&fixture, grown, 1);
  g_assert_cmpuint (fixture.n_notify, ==, 1);
  assert_item (&fixture, 1009, "1009");

  g_mutex_lock (&fixture.fetcher->lock);
  g_array_set_size (fixture.fetcher->rows, 0);
  g_mutex_unlock (&fixture.fetcher->lock);

  rd_paged_model_refresh (fixture.model);
  assert_changes (&fixture, emptied, 1);
  g_assert_cmpuint (fixture.n_notify, ==, 2);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (fixture.model), 0));

  fixture_close (&fixture);
}

static void
test_rows_changed (void)
{
  ModelFixture fixture = { 0 };
  const guint removed[] = { 5, 1, 0 };
  const guint edited[] = { 42, 1, 1 };

  fixture_open (&fixture, 1000, 100, TRUE);
  assert_item (&fixture, 5, "5");
  assert_item (&fixture, 505, "505");

  /* The app deleted row 5 itself: exactly that, and later pages reload. */
  g_mutex_lock (&fixture.fetcher->lock);
  g_array_remove_index (fixture.fetcher->rows, 5);
  g_mutex_unlock (&fixture.fetcher->lock);
  rd_paged_model_rows_changed (fixture.model, 5, 1, 0);
  assert_changes (&fixture, removed, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture.model)), ==, 999);
  g_assert_cmpuint (fixture.n_notify, ==, 1);
  assert_item (&fixture, 5, "6");
  assert_item (&fixture, 505, "506");

  /* An edit in place changes one row and keeps the count. */
  set_row (&fixture, 42, 4242);
  rd_paged_model_rows_changed (fixture.model, 42, 1, 1);
  assert_changes (&fixture, edited, 1);
  g_assert_cmpuint (fixture.n_notify, ==, 1);
  assert_item (&fixture, 42, "4242");

  fixture_close (&fixture);
}

static void
test_fetch_error (void)
{
  ModelFixture fixture = { 0 };
  g_autoptr(GtkStringObject) item = NULL;

  fixture_open (&fixture, 100, 10, TRUE);
  fixture.fetcher->fail = TRUE;

  /* A failing page gives placeholders and an error; nothing crashes. */
  item = g_list_model_get_item (G_LIST_MODEL (fixture.model), 3);
  g_assert_nonnull (item);
  g_assert_null (gtk_string_object_get_string (item));
  g_assert_error (rd_paged_model_get_error (fixture.model), G_IO_ERROR, G_IO_ERROR_FAILED);

  /* Once the database answers again, a refresh brings the rows back. */
  fixture.fetcher->fail = FALSE;
  rd_paged_model_refresh (fixture.model);
  g_assert_null (rd_paged_model_get_error (fixture.model));
  assert_item (&fixture, 3, "3");

  fixture_close (&fixture);
}

/* --- widget level: a list view over a million rows ---------------------- */

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  gtk_list_item_set_child (list_item, gtk_label_new (NULL));
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             gpointer                  user_data)
{
  GtkStringObject *item = gtk_list_item_get_item (list_item);
  const char *text = gtk_string_object_get_string (item);

  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (list_item)), text ? text : "…");
}

typedef struct
{
  ModelFixture  model;
  GtkWidget    *window;
  GtkWidget    *scrolled;
  guint         frames;
  guint         target_frames;
} ViewFixture;

static gboolean
view_tick_cb (GtkWidget     *widget,
              GdkFrameClock *clock,
              gpointer       user_data)
{
  ViewFixture *fixture = user_data;

  fixture->frames++;
  return G_SOURCE_CONTINUE;
}

static gboolean
view_settled (gpointer data)
{
  ViewFixture *fixture = data;

  return fixture->frames >= fixture->target_frames &&
         !rd_paged_model_get_loading (fixture->model.model);
}

static char *
first_label_text (GtkWidget *widget)
{
  GtkWidget *child;

  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget))
    {
      graphene_point_t point;

      /* The first label drawn inside the visible area. */
      if (gtk_widget_compute_point (widget, gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW),
                                    &GRAPHENE_POINT_INIT (0, 0), &point) && point.y >= 0)
        return g_strdup (gtk_label_get_label (GTK_LABEL (widget)));
    }

  for (child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      char *text = first_label_text (child);

      if (text != NULL)
        return text;
    }
  return NULL;
}

static void
test_list_view_million (void)
{
  ViewFixture fixture = { 0 };
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  GtkWidget *view;
  GtkAdjustment *vadjustment;
  g_autofree char *top = NULL;
  g_autofree char *bottom = NULL;

  fixture_open (&fixture.model, 1000000, 200, FALSE);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), NULL);

  view = gtk_list_view_new (GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (G_LIST_MODEL (fixture.model.model)))),
                            g_object_ref (factory));
  fixture.window = gtk_window_new ();
  fixture.scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (fixture.scrolled), view);
  gtk_window_set_child (GTK_WINDOW (fixture.window), fixture.scrolled);
  gtk_window_set_default_size (GTK_WINDOW (fixture.window), 300, 400);
  gtk_widget_add_tick_callback (fixture.window, view_tick_cb, &fixture, NULL);
  gtk_window_present (GTK_WINDOW (fixture.window));

  fixture.target_frames = 5;
  g_assert_true (rd_test_ui_wait (view_settled, &fixture, 10000));
  top = first_label_text (view);
  g_assert_cmpstr (top, ==, "0");
  /* The screen needs one page; a million rows were never all loaded. */
  g_assert_cmpuint (rd_paged_model_get_n_fetches (fixture.model.model), <=, 2);
  rd_test_ui_save_screenshot (fixture.window, "screenshot-paged-list-top");

  /* Jump to the end: the last page is fetched, not the ones in between. */
  vadjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view));
  gtk_adjustment_set_value (vadjustment, gtk_adjustment_get_upper (vadjustment));
  fixture.target_frames = fixture.frames + 5;
  g_assert_true (rd_test_ui_wait (view_settled, &fixture, 10000));
  fixture.target_frames = fixture.frames + 5;
  g_assert_true (rd_test_ui_wait (view_settled, &fixture, 10000));
  bottom = first_label_text (view);
  g_assert_nonnull (bottom);
  g_assert_cmpint (atoi (bottom), >, 999900);
  g_assert_cmpuint (rd_paged_model_get_n_fetches (fixture.model.model), <=, 5);
  g_assert_cmpuint (rd_paged_model_get_n_cached_pages (fixture.model.model), <=,
                    rd_paged_model_get_max_pages (fixture.model.model));
  rd_test_ui_save_screenshot (fixture.window, "screenshot-paged-list-bottom");

  gtk_window_destroy (GTK_WINDOW (fixture.window));
  while (g_main_context_iteration (NULL, FALSE));
  fixture_close (&fixture.model);
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/paged-model/sync/pages", test_sync_pages);
  g_test_add_func ("/paged-model/sync/lru", test_sync_lru);
  g_test_add_func ("/paged-model/async/placeholder", test_async_placeholder);
  g_test_add_func ("/paged-model/async/last-page", test_async_last_page);
  g_test_add_func ("/paged-model/refresh/same-count", test_refresh_same_count);
  g_test_add_func ("/paged-model/refresh/async-same-count", test_refresh_async_same_count);
  g_test_add_func ("/paged-model/refresh/count-changed", test_refresh_count_changed);
  g_test_add_func ("/paged-model/rows-changed", test_rows_changed);
  g_test_add_func ("/paged-model/fetch-error", test_fetch_error);
  g_test_add_func ("/paged-model/list-view/million", test_list_view_million);

  return g_test_run ();
}
