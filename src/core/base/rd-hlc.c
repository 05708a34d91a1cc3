/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rd-hlc.h"

struct _RdHlc
{
  GObject         parent_instance;
  char           *site;
  RdHlcValue      last;
  RdHlcClockFunc  clock;
  gpointer        clock_data;
  GDestroyNotify  clock_destroy;
  GMutex          mutex;
};

G_DEFINE_TYPE (RdHlc, rd_hlc, G_TYPE_OBJECT)
G_DEFINE_QUARK (rd-hlc-error-quark, rd_hlc_error)

static gint64
wall_ms (RdHlc *self)
{
  if (self->clock != NULL)
    return self->clock (self->clock_data);

  return g_get_real_time () / 1000;
}

static void
rd_hlc_finalize (GObject *object)
{
  RdHlc *self = RD_HLC (object);

  if (self->clock_destroy != NULL)
    self->clock_destroy (self->clock_data);
  g_free (self->site);
  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (rd_hlc_parent_class)->finalize (object);
}

static void
rd_hlc_class_init (RdHlcClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rd_hlc_finalize;
}

static void
rd_hlc_init (RdHlc *self)
{
  g_mutex_init (&self->mutex);
}

RdHlc *
rd_hlc_new (const char *site)
{
  RdHlc *self = g_object_new (RD_TYPE_HLC, NULL);

  self->site = g_strdup (site);
  return self;
}

const char *
rd_hlc_get_site (RdHlc *self)
{
  g_return_val_if_fail (RD_IS_HLC (self), NULL);
  return self->site;
}

void
rd_hlc_set_clock (RdHlc          *self,
                  RdHlcClockFunc  func,
                  gpointer        user_data,
                  GDestroyNotify  destroy)
{
  g_return_if_fail (RD_IS_HLC (self));

  if (self->clock_destroy != NULL)
    self->clock_destroy (self->clock_data);
  self->clock = func;
  self->clock_data = user_data;
  self->clock_destroy = destroy;
}

RdHlcValue
rd_hlc_now (RdHlc *self)
{
  gint64 now;
  RdHlcValue value;

  g_return_val_if_fail (RD_IS_HLC (self), 0);

  g_mutex_lock (&self->mutex);
  now = wall_ms (self);
  if (now > rd_hlc_ms (self->last))
    value = rd_hlc_pack (now, 0);
  else
    value = self->last + 1;   /* same or earlier millisecond: bump the counter (carries into ms) */
  self->last = value;
  g_mutex_unlock (&self->mutex);

  return value;
}

gboolean
rd_hlc_update_from_remote (RdHlc       *self,
                           RdHlcValue   remote,
                           gint64       max_drift_ms,
                           GError     **error)
{
  gint64 now;

  g_return_val_if_fail (RD_IS_HLC (self), FALSE);

  if (max_drift_ms <= 0)
    max_drift_ms = RD_HLC_DEFAULT_MAX_DRIFT_MS;

  g_mutex_lock (&self->mutex);
  now = wall_ms (self);
  if (rd_hlc_ms (remote) > now + max_drift_ms)
    {
      g_mutex_unlock (&self->mutex);
      g_set_error (error, RD_HLC_ERROR, RD_HLC_ERROR_SKEW,
                   "Remote clock is %" G_GINT64_FORMAT " ms ahead of ours (limit %" G_GINT64_FORMAT " ms)",
                   rd_hlc_ms (remote) - now, max_drift_ms);
      return FALSE;
    }

  if (remote > self->last)
    self->last = remote;
  g_mutex_unlock (&self->mutex);

  return TRUE;
}

void
rd_hlc_observe (RdHlc      *self,
                RdHlcValue  value)
{
  g_return_if_fail (RD_IS_HLC (self));

  g_mutex_lock (&self->mutex);
  if (value > self->last)
    self->last = value;
  g_mutex_unlock (&self->mutex);
}

RdHlcValue
rd_hlc_last (RdHlc *self)
{
  RdHlcValue value;

  g_return_val_if_fail (RD_IS_HLC (self), 0);

  g_mutex_lock (&self->mutex);
  value = self->last;
  g_mutex_unlock (&self->mutex);
  return value;
}

int
rd_hlc_compare (RdHlcValue  a,
                const char *site_a,
                RdHlcValue  b,
                const char *site_b)
{
  if (a != b)
    return a < b ? -1 : 1;

  return g_strcmp0 (site_a, site_b);
}
