/* SPDX-License-Identifier: GPL-3.0-or-later */
/* RdPagedModel: refreshing after writes, fetching the cached pages again in the worker and
 * reporting exactly the rows that changed. */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include "rd-paged-model-private.h"

/* --- refresh ------------------------------------------------------------ */

typedef struct
{
  guint   serial;
  guint   n_items;
  GArray *indices;   /* pages to fetch again: the loaded ones */
  GPtrArray *pages;  /* their new items, NULL past the end */
} RefreshData;

static void
refresh_data_free (gpointer data)
{
  RefreshData *refresh = data;

  g_clear_pointer (&refresh->indices, g_array_unref);
  g_clear_pointer (&refresh->pages, g_ptr_array_unref);
  g_free (refresh);
}

static void
items_free (gpointer items)
{
  if (items != NULL)
    g_ptr_array_unref (items);
}

static gboolean
rd_paged_model_refresh_run (RdPagedModel  *self,
                            RefreshData   *refresh,
                            GCancellable  *cancellable,
                            GError       **error)
{
  {
    g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->fetch_lock);

    if (!rd_page_fetcher_count (self->fetcher, &refresh->n_items, cancellable, error))
      return FALSE;
  }

  refresh->pages = g_ptr_array_new_with_free_func (items_free);
  for (guint i = 0; i < refresh->indices->len; i++)
    {
      guint index = g_array_index (refresh->indices, guint, i);
      GPtrArray *items = NULL;

      if ((guint64) index * self->page_size < refresh->n_items)
        {
          items = rd_paged_model_fetch_locked (self, index, cancellable, error);
          if (items == NULL)
            return FALSE;
        }
      g_ptr_array_add (refresh->pages, items);
    }

  return TRUE;
}

static int
compare_uint (gconstpointer a,
              gconstpointer b)
{
  guint x = *(const guint *) a;
  guint y = *(const guint *) b;

  return x < y ? -1 : x > y;
}

static void
rd_paged_model_refresh_apply (RdPagedModel *self,
                              RefreshData  *refresh)
{
  g_autoptr(GArray) handed = g_array_new (FALSE, FALSE, sizeof (guint));
  GHashTableIter iter;
  gpointer key;
  guint old_n_items = self->n_items;

  g_hash_table_iter_init (&iter, self->handed);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      guint index = GPOINTER_TO_UINT (key);
      g_array_append_val (handed, index);
    }
  g_array_sort (handed, compare_uint);
  g_hash_table_remove_all (self->handed);

  self->generation++;
  self->n_items = refresh->n_items;
  rd_paged_model_drop_pages (self);
  for (guint i = 0; i < refresh->indices->len; i++)
    {
      GPtrArray *items = g_ptr_array_index (refresh->pages, i);

      if (items != NULL)
        rd_paged_model_store_page (self, g_array_index (refresh->indices, guint, i),
                                   g_ptr_array_ref (items));
    }

  if (old_n_items != self->n_items)
    {
      g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n_items, self->n_items);
      rd_paged_model_notify_n_items (self);
      return;
    }

  /* Same count: only the pages a view may hold can have changed for it. */
  for (guint i = 0; i < handed->len; i++)
    {
      guint index = g_array_index (handed, guint, i);
      guint length = rd_paged_model_page_length (self, index);

      if (length > 0)
        g_list_model_items_changed (G_LIST_MODEL (self), index * self->page_size,
                                    length, length);
    }
}

static GArray *
rd_paged_model_loaded_indices (RdPagedModel *self)
{
  GArray *indices = g_array_new (FALSE, FALSE, sizeof (guint));

  /* Most recently used first, so the rows on screen are fetched first. */
  for (GList *l = self->lru.head; l != NULL; l = l->next)
    {
      Page *page = l->data;
      g_array_append_val (indices, page->index);
    }
  return indices;
}

static void
rd_paged_model_refresh_thread (GTask        *task,
                               gpointer      source_object,
                               gpointer      task_data,
                               GCancellable *cancellable)
{
  GError *error = NULL;

  if (!rd_paged_model_refresh_run (source_object, task_data, cancellable, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
rd_paged_model_refresh_cb (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  RdPagedModel *self = RD_PAGED_MODEL (object);
  RefreshData *refresh = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;

  if (refresh->serial != self->refresh_serial)
    {
      /* A newer refresh runs; its result wins. */
      g_clear_error (&error);
      return;
    }

  self->refreshing = FALSE;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    rd_paged_model_set_error (self, error);
  else
    rd_paged_model_refresh_apply (self, refresh);

  if (!g_cancellable_is_cancelled (self->cancellable))
    rd_paged_model_fetch_next (self);
  rd_paged_model_update_loading (self);
}

/** Counts the rows again and reloads the pages a view may show. */
void
rd_paged_model_refresh (RdPagedModel *self)
{
  g_autoptr(GTask) task = NULL;
  RefreshData *refresh;

  g_return_if_fail (RD_IS_PAGED_MODEL (self));

  refresh = g_new0 (RefreshData, 1);
  refresh->serial = ++self->refresh_serial;
  refresh->indices = rd_paged_model_loaded_indices (self);
  g_clear_error (&self->error);

  if (self->synchronous)
    {
      GError *error = NULL;

      if (!rd_paged_model_refresh_run (self, refresh, NULL, &error))
        rd_paged_model_set_error (self, error);
      else
        rd_paged_model_refresh_apply (self, refresh);
      refresh_data_free (refresh);
      return;
    }

  self->refreshing = TRUE;
  rd_paged_model_update_loading (self);
  task = g_task_new (self, self->cancellable, rd_paged_model_refresh_cb, NULL);
  g_task_set_source_tag (task, rd_paged_model_refresh);
  g_task_set_task_data (task, refresh, refresh_data_free);
  g_task_run_in_thread (task, rd_paged_model_refresh_thread);
}

/** Tells the model that the app itself changed rows in a known way (say,
 * deleted row 5): the affected pages are fetched again and items-changed
 * says exactly (@position, @removed, @added). */
void
rd_paged_model_rows_changed (RdPagedModel *self,
                             guint         position,
                             guint         removed,
                             guint         added)
{
  g_autoptr(GArray) waiting = g_array_new (FALSE, FALSE, sizeof (guint));
  GHashTableIter iter;
  gpointer key;
  guint first, last;
  gint64 shift = (gint64) added - (gint64) removed;

  g_return_if_fail (RD_IS_PAGED_MODEL (self));
  g_return_if_fail (position + removed <= self->n_items);

  if (removed == 0 && added == 0)
    return;

  first = position / self->page_size;
  if (removed == added)
    last = (position + removed - 1) / self->page_size;
  else
    last = G_MAXUINT;   /* rows shifted: every later page moved */

  self->generation++;
  g_hash_table_iter_init (&iter, self->pages);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      guint index = GPOINTER_TO_UINT (key);
      Page *page;

      if (index < first || index > last)
        continue;
      page = g_hash_table_lookup (self->pages, key);
      if (!page->loaded && index > first)
        g_array_append_val (waiting, index);
      if (page->lru_link != NULL)
        g_queue_delete_link (&self->lru, page->lru_link);
      g_queue_remove_all (&self->wanted, key);
      g_hash_table_iter_remove (&iter);
    }

  if (shift != 0)
    {
      g_autoptr(GArray) moved = g_array_new (FALSE, FALSE, sizeof (guint));

      /* Items a view holds moved to other pages; a later refresh must know. */
      g_hash_table_iter_init (&iter, self->handed);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        {
          gint64 start = (gint64) GPOINTER_TO_UINT (key) * self->page_size + shift;
          gint64 end = start + self->page_size - 1;

          for (gint64 p = MAX (start, 0) / self->page_size; p <= MAX (end, 0) / self->page_size; p++)
            {
              guint index = p;
              g_array_append_val (moved, index);
            }
        }
      for (guint i = 0; i < moved->len; i++)
        g_hash_table_add (self->handed, GUINT_TO_POINTER (g_array_index (moved, guint, i)));
    }

  self->n_items = self->n_items - removed + added;
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);

  /* Placeholders of pages that were still loading moved with their rows:
   * say where they are now so that a view asks for the real rows. */
  g_array_sort (waiting, compare_uint);
  for (guint i = 0; i < waiting->len; i++)
    {
      gint64 start = (gint64) g_array_index (waiting, guint, i) * self->page_size + shift;
      gint64 end = start + self->page_size;

      start = MAX (start, (gint64) position + added);
      end = MIN (end, (gint64) self->n_items);
      if (start < end)
        g_list_model_items_changed (G_LIST_MODEL (self), start, end - start, end - start);
    }

  if (removed != added)
    rd_paged_model_notify_n_items (self);
}
