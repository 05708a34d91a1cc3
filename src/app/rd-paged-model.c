/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include "rd-paged-model-private.h"

/* A GListModel over a query that may have a million rows. It never loads
 * the whole query: it counts the rows, then fetches fixed-size pages when a
 * view asks for an item, keeps the last few pages (LRU) and forgets the rest.
 *
 * Asynchronous mode (the default): counting and fetching run in a worker
 * thread; until its page arrives an item is a placeholder (an item of the
 * same type made with g_object_new() and no properties), and when the page
 * arrives the model says items-changed for exactly that page. Synchronous
 * mode fetches on the spot: for small tables and for tests.
 *
 * items-changed is exact: a refresh whose count did not change reports only
 * the pages that were handed out since the last refresh (a view can hold no
 * other item), after fetching the cached ones again in the worker, so rows
 * on screen change in one step without flashing placeholders. */

#define DEFAULT_MAX_PAGES 8

enum {
  PROP_0,
  PROP_FETCHER,
  PROP_PAGE_SIZE,
  PROP_SYNCHRONOUS,
  PROP_MAX_PAGES,
  PROP_LOADING,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

void
rd_paged_model_notify_n_items (RdPagedModel *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static void
page_free (gpointer data)
{
  Page *page = data;

  g_clear_pointer (&page->items, g_ptr_array_unref);
  g_free (page);
}

guint
rd_paged_model_page_length (RdPagedModel *self,
                            guint         index)
{
  guint offset = index * self->page_size;

  if (offset >= self->n_items)
    return 0;
  return MIN (self->page_size, self->n_items - offset);
}

void
rd_paged_model_update_loading (RdPagedModel *self)
{
  gboolean loading = self->refreshing || self->fetching || self->wanted.length > 0;

  if (loading == self->loading)
    return;

  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

void
rd_paged_model_set_error (RdPagedModel *self,
                          GError       *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_error_free (error);
      return;
    }
  g_debug ("Paged model: %s", error->message);
  g_clear_error (&self->error);
  self->error = error;
}

void
rd_paged_model_drop_pages (RdPagedModel *self)
{
  g_hash_table_remove_all (self->pages);
  g_queue_clear (&self->lru);
  g_queue_clear (&self->wanted);
}

/* Takes a loaded page into the cache, as the most recently used one, and
 * forgets the least recently used ones beyond max_pages. */
void
rd_paged_model_store_page (RdPagedModel *self,
                           guint         index,
                           GPtrArray    *items)
{
  Page *page = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (index));

  if (page == NULL)
    {
      page = g_new0 (Page, 1);
      page->index = index;
      g_hash_table_insert (self->pages, GUINT_TO_POINTER (index), page);
    }
  else if (page->lru_link != NULL)
    {
      g_queue_delete_link (&self->lru, page->lru_link);
    }

  g_clear_pointer (&page->items, g_ptr_array_unref);
  page->items = items;
  page->loaded = TRUE;
  g_queue_push_head (&self->lru, page);
  page->lru_link = self->lru.head;

  while (self->lru.length > self->max_pages)
    {
      Page *old = g_queue_pop_tail (&self->lru);

      g_hash_table_remove (self->pages, GUINT_TO_POINTER (old->index));
    }
}

GPtrArray *
rd_paged_model_fetch_locked (RdPagedModel  *self,
                             guint          index,
                             GCancellable  *cancellable,
                             GError       **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->fetch_lock);

  g_atomic_int_inc (&self->n_fetches);
  return rd_page_fetcher_fetch (self->fetcher, index * self->page_size, self->page_size,
                                cancellable, error);
}

/* --- asynchronous page fetch ---------------------------------------------- */

typedef struct
{
  guint      index;
  guint      generation;
  GPtrArray *items;
} FetchData;

static void
fetch_data_free (gpointer data)
{
  FetchData *fetch = data;

  g_clear_pointer (&fetch->items, g_ptr_array_unref);
  g_free (fetch);
}

static void
rd_paged_model_fetch_thread (GTask        *task,
                             gpointer      source_object,
                             gpointer      task_data,
                             GCancellable *cancellable)
{
  RdPagedModel *self = source_object;
  FetchData *fetch = task_data;
  GError *error = NULL;

  fetch->items = rd_paged_model_fetch_locked (self, fetch->index, cancellable, &error);
  if (fetch->items == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
rd_paged_model_fetch_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  RdPagedModel *self = RD_PAGED_MODEL (object);
  FetchData *fetch = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;
  guint length;

  self->fetching = FALSE;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      rd_paged_model_set_error (self, error);
      /* Forget the pending page so that the next get_item asks again. */
      if (fetch->generation == self->generation)
        g_hash_table_remove (self->pages, GUINT_TO_POINTER (fetch->index));
    }
  else if (fetch->generation == self->generation &&
           g_hash_table_contains (self->pages, GUINT_TO_POINTER (fetch->index)))
    {
      rd_paged_model_store_page (self, fetch->index, g_steal_pointer (&fetch->items));
      length = rd_paged_model_page_length (self, fetch->index);
      if (length > 0)
        g_list_model_items_changed (G_LIST_MODEL (self), fetch->index * self->page_size,
                                    length, length);
    }
  else if (fetch->generation != self->generation)
    {
      Page *page = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (fetch->index));

      /* Rows changed while fetching: placeholders still wait, fetch again. */
      if (page != NULL && !page->loaded)
        g_queue_push_tail (&self->wanted, GUINT_TO_POINTER (fetch->index));
    }

  if (!g_cancellable_is_cancelled (self->cancellable))
    rd_paged_model_fetch_next (self);
  rd_paged_model_update_loading (self);
}

/* Starts fetching the most recently wanted page, if no fetch is running. */
void
rd_paged_model_fetch_next (RdPagedModel *self)
{
  g_autoptr(GTask) task = NULL;
  FetchData *fetch;

  if (self->fetching || self->refreshing || self->wanted.length == 0)
    return;

  fetch = g_new0 (FetchData, 1);
  fetch->index = GPOINTER_TO_UINT (g_queue_pop_tail (&self->wanted));
  fetch->generation = self->generation;

  self->fetching = TRUE;
  task = g_task_new (self, self->cancellable, rd_paged_model_fetch_cb, NULL);
  g_task_set_source_tag (task, rd_paged_model_fetch_next);
  g_task_set_task_data (task, fetch, fetch_data_free);
  g_task_run_in_thread (task, rd_paged_model_fetch_thread);
}

/* --- GListModel -------------------------------------------------------- */

static GType
rd_paged_model_get_item_type (GListModel *model)
{
  return RD_PAGED_MODEL (model)->item_type;
}

static guint
rd_paged_model_get_n_items (GListModel *model)
{
  return RD_PAGED_MODEL (model)->n_items;
}

static gpointer
rd_paged_model_get_item (GListModel *model,
                         guint       position)
{
  RdPagedModel *self = RD_PAGED_MODEL (model);
  guint index = position / self->page_size;
  guint slot = position % self->page_size;
  Page *page;

  if (position >= self->n_items)
    return NULL;

  g_hash_table_add (self->handed, GUINT_TO_POINTER (index));
  page = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (index));

  if (page == NULL && self->synchronous)
    {
      g_autoptr(GError) error = NULL;
      GPtrArray *items = rd_paged_model_fetch_locked (self, index, NULL, &error);

      if (items == NULL)
        {
          rd_paged_model_set_error (self, g_steal_pointer (&error));
          items = g_ptr_array_new_with_free_func (g_object_unref);
        }
      rd_paged_model_store_page (self, index, items);
      page = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (index));
    }
  else if (page == NULL)
    {
      page = g_new0 (Page, 1);
      page->index = index;
      page->items = g_ptr_array_new_with_free_func (g_object_unref);
      g_hash_table_insert (self->pages, GUINT_TO_POINTER (index), page);
      g_queue_push_tail (&self->wanted, GUINT_TO_POINTER (index));
      rd_paged_model_fetch_next (self);
      rd_paged_model_update_loading (self);
    }
  else if (page->loaded && page->lru_link != self->lru.head)
    {
      g_queue_unlink (&self->lru, page->lru_link);
      g_queue_push_head_link (&self->lru, page->lru_link);
    }

  /* Placeholders while loading; also if the query shrank under a loaded page. */
  while (page->items->len <= slot)
    g_ptr_array_add (page->items, g_object_new (self->item_type, NULL));

  return g_object_ref (g_ptr_array_index (page->items, slot));
}

static void
rd_paged_model_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = rd_paged_model_get_item_type;
  iface->get_n_items = rd_paged_model_get_n_items;
  iface->get_item = rd_paged_model_get_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (RdPagedModel, rd_paged_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      rd_paged_model_list_model_init))

/* --- GObject -------------------------------------------------------------- */

static void
rd_paged_model_constructed (GObject *object)
{
  RdPagedModel *self = RD_PAGED_MODEL (object);

  G_OBJECT_CLASS (rd_paged_model_parent_class)->constructed (object);

  g_return_if_fail (self->fetcher != NULL);
  self->item_type = rd_page_fetcher_get_item_type (self->fetcher);
  g_return_if_fail (g_type_is_a (self->item_type, G_TYPE_OBJECT));

  rd_paged_model_refresh (self);
}

static void
rd_paged_model_dispose (GObject *object)
{
  RdPagedModel *self = RD_PAGED_MODEL (object);

  g_cancellable_cancel (self->cancellable);
  rd_paged_model_drop_pages (self);

  G_OBJECT_CLASS (rd_paged_model_parent_class)->dispose (object);
}

static void
rd_paged_model_finalize (GObject *object)
{
  RdPagedModel *self = RD_PAGED_MODEL (object);

  g_clear_object (&self->fetcher);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->pages, g_hash_table_unref);
  g_clear_pointer (&self->handed, g_hash_table_unref);
  g_clear_error (&self->error);
  g_mutex_clear (&self->fetch_lock);

  G_OBJECT_CLASS (rd_paged_model_parent_class)->finalize (object);
}

static void
rd_paged_model_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  RdPagedModel *self = RD_PAGED_MODEL (object);

  switch (prop_id)
    {
    case PROP_FETCHER:
      g_value_set_object (value, self->fetcher);
      break;
    case PROP_PAGE_SIZE:
      g_value_set_uint (value, self->page_size);
      break;
    case PROP_SYNCHRONOUS:
      g_value_set_boolean (value, self->synchronous);
      break;
    case PROP_MAX_PAGES:
      g_value_set_uint (value, self->max_pages);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->n_items);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rd_paged_model_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  RdPagedModel *self = RD_PAGED_MODEL (object);

  switch (prop_id)
    {
    case PROP_FETCHER:
      self->fetcher = g_value_dup_object (value);
      break;
    case PROP_PAGE_SIZE:
      self->page_size = g_value_get_uint (value);
      break;
    case PROP_SYNCHRONOUS:
      self->synchronous = g_value_get_boolean (value);
      break;
    case PROP_MAX_PAGES:
      rd_paged_model_set_max_pages (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rd_paged_model_class_init (RdPagedModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = rd_paged_model_constructed;
  object_class->dispose = rd_paged_model_dispose;
  object_class->finalize = rd_paged_model_finalize;
  object_class->get_property = rd_paged_model_get_property;
  object_class->set_property = rd_paged_model_set_property;

  properties[PROP_FETCHER] =
    g_param_spec_object ("fetcher", NULL, NULL, RD_TYPE_PAGE_FETCHER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PAGE_SIZE] =
    g_param_spec_uint ("page-size", NULL, NULL, 1, G_MAXUINT16, 256,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SYNCHRONOUS] =
    g_param_spec_boolean ("synchronous", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MAX_PAGES] =
    g_param_spec_uint ("max-pages", NULL, NULL, 1, 1024, DEFAULT_MAX_PAGES,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rd_paged_model_init (RdPagedModel *self)
{
  self->page_size = 256;
  self->max_pages = DEFAULT_MAX_PAGES;
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, page_free);
  self->handed = g_hash_table_new (NULL, NULL);
  self->cancellable = g_cancellable_new ();
  g_mutex_init (&self->fetch_lock);
  g_queue_init (&self->lru);
  g_queue_init (&self->wanted);
}

/** Makes a model over @fetcher's rows, @page_size rows a page; it counts
 * them at once (in a worker thread unless @synchronous). */
RdPagedModel *
rd_paged_model_new (RdPageFetcher *fetcher,
                    guint          page_size,
                    gboolean       synchronous)
{
  g_return_val_if_fail (RD_IS_PAGE_FETCHER (fetcher), NULL);

  return g_object_new (RD_TYPE_PAGED_MODEL,
                       "fetcher", fetcher,
                       "page-size", page_size,
                       "synchronous", synchronous,
                       NULL);
}

RdPageFetcher *
rd_paged_model_get_fetcher (RdPagedModel *self)
{
  g_return_val_if_fail (RD_IS_PAGED_MODEL (self), NULL);
  return self->fetcher;
}

guint
rd_paged_model_get_page_size (RdPagedModel *self)
{
  g_return_val_if_fail (RD_IS_PAGED_MODEL (self), 0);
  return self->page_size;
}

guint
rd_paged_model_get_max_pages (RdPagedModel *self)
{
  g_return_val_if_fail (RD_IS_PAGED_MODEL (self), 0);
  return self->max_pages;
}

/** Sets how many loaded pages the model keeps. */
void
rd_paged_model_set_max_pages (RdPagedModel *self,
                              guint         max_pages)
{
  g_return_if_fail (RD_IS_PAGED_MODEL (self));
  g_return_if_fail (max_pages > 0);

  if (self->max_pages == max_pages)
    return;

  self->max_pages = max_pages;
  while (self->lru.length > self->max_pages)
    {
      Page *old = g_queue_pop_tail (&self->lru);
      g_hash_table_remove (self->pages, GUINT_TO_POINTER (old->index));
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_PAGES]);
}

/** TRUE while a count or a page fetch is running or waiting. */
gboolean
rd_paged_model_get_loading (RdPagedModel *self)
{
  g_return_val_if_fail (RD_IS_PAGED_MODEL (self), FALSE);
  return self->loading;
}

/** How many loaded pages the cache holds now. */
guint
rd_paged_model_get_n_cached_pages (RdPagedModel *self)
{
  g_return_val_if_fail (RD_IS_PAGED_MODEL (self), 0);
  return self->lru.length;
}

/** How many page fetches the model has asked of its fetcher so far. */
guint
rd_paged_model_get_n_fetches (RdPagedModel *self)
{
  g_return_val_if_fail (RD_IS_PAGED_MODEL (self), 0);
  return g_atomic_int_get (&self->n_fetches);
}

/** The error of the last failed count or fetch, or NULL. */
const GError *
rd_paged_model_get_error (RdPagedModel *self)
{
  g_return_val_if_fail (RD_IS_PAGED_MODEL (self), NULL);
  return self->error;
}
