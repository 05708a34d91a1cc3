/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rd-rate-limit.h"

/* A sliding-window log per key: the times of the last max_events events.
 * Memory is bounded by max_events per key; keys whose window has passed are
 * dropped whenever the table grows past a threshold. */

struct _RdRateLimit
{
  GObject     parent_instance;

  guint       max_events;
  gint64      window_us;
  GHashTable *keys;          /* char* -> GQueue* of gint64 (as pointers to slices) */
};

G_DEFINE_FINAL_TYPE (RdRateLimit, rd_rate_limit, G_TYPE_OBJECT)

#define PRUNE_THRESHOLD 4096

static void
queue_free (gpointer data)
{
  g_queue_free_full (data, g_free);
}

static void
rd_rate_limit_finalize (GObject *object)
{
  RdRateLimit *self = (RdRateLimit *) object;

  g_clear_pointer (&self->keys, g_hash_table_unref);

  G_OBJECT_CLASS (rd_rate_limit_parent_class)->finalize (object);
}

static void
rd_rate_limit_class_init (RdRateLimitClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rd_rate_limit_finalize;
}

static void
rd_rate_limit_init (RdRateLimit *self)
{
  self->keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, queue_free);
}

RdRateLimit *
rd_rate_limit_new (guint max_events,
                   guint window_seconds)
{
  RdRateLimit *self = g_object_new (RD_TYPE_RATE_LIMIT, NULL);

  self->max_events = MAX (max_events, 1);
  self->window_us = (gint64) MAX (window_seconds, 1) * G_USEC_PER_SEC;

  return self;
}

static void
expire (RdRateLimit *self,
        GQueue      *events,
        gint64       now_us)
{
  while (!g_queue_is_empty (events) &&
         *(gint64 *) g_queue_peek_head (events) <= now_us - self->window_us)
    g_free (g_queue_pop_head (events));
}

gboolean
rd_rate_limit_check (RdRateLimit *self,
                     const char  *key,
                     gint64       now_us,
                     guint       *retry_after)
{
  GQueue *events;
  gint64 wait_us;

  g_return_val_if_fail (RD_IS_RATE_LIMIT (self), TRUE);

  events = g_hash_table_lookup (self->keys, key);
  if (events == NULL)
    return TRUE;

  expire (self, events, now_us);
  if (g_queue_get_length (events) < self->max_events)
    return TRUE;

  wait_us = *(gint64 *) g_queue_peek_head (events) + self->window_us - now_us;
  if (retry_after)
    *retry_after = (guint) MAX (1, (wait_us + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
  return FALSE;
}

static void
prune (RdRateLimit *self,
       gint64       now_us)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->keys);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      expire (self, value, now_us);
      if (g_queue_is_empty (value))
        g_hash_table_iter_remove (&iter);
    }
}

void
rd_rate_limit_record (RdRateLimit *self,
                      const char  *key,
                      gint64       now_us)
{
  GQueue *events;

  g_return_if_fail (RD_IS_RATE_LIMIT (self));

  events = g_hash_table_lookup (self->keys, key);
  if (events == NULL)
    {
      if (g_hash_table_size (self->keys) >= PRUNE_THRESHOLD)
        prune (self, now_us);
      events = g_queue_new ();
      g_hash_table_insert (self->keys, g_strdup (key), events);
    }

  expire (self, events, now_us);
  g_queue_push_tail (events, g_memdup2 (&now_us, sizeof now_us));
  while (g_queue_get_length (events) > self->max_events)
    g_free (g_queue_pop_head (events));
}

void
rd_rate_limit_reset (RdRateLimit *self,
                     const char  *key)
{
  g_return_if_fail (RD_IS_RATE_LIMIT (self));

  g_hash_table_remove (self->keys, key);
}
