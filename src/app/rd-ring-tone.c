/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include <gst/gst.h>

#include "rd-audio-sink.h"
#include "rd-ring-tone.h"

/* The tone is made, not read from a file: audiotestsrc with its volume switched on and off
 * by a main-loop timer for the cadence. */

#define TONE_HZ     425
#define TONE_VOLUME 0.3
#define WAITING_VOLUME 0.12

/* On/off steps in ms, repeated: a ring (1 s on, 3 s off) and, while the agent is on another
 * call, the call-waiting tone (two short beeps every few seconds, quieter). */
static const guint ring_steps[] = { 1000, 3000 };
static const guint waiting_steps[] = { 200, 200, 200, 4400 };

struct _RdRingTone
{
  GObject     parent_instance;

  GstElement     *pipeline;
  GstElement     *source;
  guint           cadence;
  guint           step;       /* in the kind's steps; even = sounding */
  RdRingToneKind  kind;
};

static const guint *
kind_steps (RdRingToneKind kind,
            guint         *n_steps)
{
  *n_steps = kind == RD_RING_TONE_WAITING ? G_N_ELEMENTS (waiting_steps) : G_N_ELEMENTS (ring_steps);
  return kind == RD_RING_TONE_WAITING ? waiting_steps : ring_steps;
}

static double
kind_volume (RdRingToneKind kind)
{
  return kind == RD_RING_TONE_WAITING ? WAITING_VOLUME : TONE_VOLUME;
}

G_DEFINE_FINAL_TYPE (RdRingTone, rd_ring_tone, G_TYPE_OBJECT)

static void
rd_ring_tone_dispose (GObject *object)
{
  rd_ring_tone_stop (RD_RING_TONE (object));
  G_OBJECT_CLASS (rd_ring_tone_parent_class)->dispose (object);
}

static void
rd_ring_tone_class_init (RdRingToneClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = rd_ring_tone_dispose;
}

static void
rd_ring_tone_init (RdRingTone *self)
{
}

RdRingTone *
rd_ring_tone_new (void)
{
  return g_object_new (RD_TYPE_RING_TONE, NULL);
}

static gboolean
cadence_cb (gpointer user_data)
{
  RdRingTone *self = user_data;
  guint n_steps;
  const guint *steps = kind_steps (self->kind, &n_steps);

  self->step = (self->step + 1) % n_steps;
  g_object_set (self->source, "volume", self->step % 2 == 0 ? kind_volume (self->kind) : 0.0, NULL);
  self->cadence = g_timeout_add (steps[self->step], cadence_cb, self);
  return G_SOURCE_REMOVE;
}

/* Back to the first (sounding) step of the kind's cadence. */
static void
restart_cadence (RdRingTone *self)
{
  guint n_steps;
  const guint *steps = kind_steps (self->kind, &n_steps);

  g_clear_handle_id (&self->cadence, g_source_remove);
  self->step = 0;
  g_object_set (self->source, "volume", kind_volume (self->kind), NULL);
  self->cadence = g_timeout_add (steps[0], cadence_cb, self);
}

gboolean
rd_ring_tone_start (RdRingTone *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *description = NULL;
  const char *sink;

  g_return_val_if_fail (RD_IS_RING_TONE (self), FALSE);

  if (self->pipeline != NULL)
    return TRUE;
  if (!gst_init_check (NULL, NULL, &error))
    {
      g_message ("ring tone: no GStreamer: %s", error->message);
      return FALSE;
    }

  sink = rd_audio_sink_get_default ();
  if (sink == NULL)
    sink = "autoaudiosink";
  description = g_strdup_printf ("audiotestsrc name=tone wave=sine freq=%d volume=%g is-live=true"
                                 " ! audioconvert ! audioresample ! %s",
                                 TONE_HZ, kind_volume (self->kind), sink);
  self->pipeline = gst_parse_launch (description, &error);
  if (self->pipeline == NULL || error != NULL)
    {
      g_message ("ring tone: cannot build “%s”: %s", description,
                 error != NULL ? error->message : "unknown error");
      g_clear_object (&self->pipeline);
      return FALSE;
    }
  self->source = gst_bin_get_by_name (GST_BIN (self->pipeline), "tone");
  if (gst_element_set_state (self->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      g_message ("ring tone: the audio sink “%s” does not play", sink);
      rd_ring_tone_stop (self);
      return FALSE;
    }
  restart_cadence (self);
  return TRUE;
}

/** Which tone plays (now, if it plays, starting its cadence again, and at the next start). */
void
rd_ring_tone_set_kind (RdRingTone     *self,
                       RdRingToneKind  kind)
{
  g_return_if_fail (RD_IS_RING_TONE (self));

  if (self->kind == kind)
    return;
  self->kind = kind;
  if (self->pipeline != NULL)
    restart_cadence (self);
}

RdRingToneKind
rd_ring_tone_get_kind (RdRingTone *self)
{
  g_return_val_if_fail (RD_IS_RING_TONE (self), RD_RING_TONE_RING);
  return self->kind;
}

/** TRUE while the tone sounds (not in a pause of its cadence). */
gboolean
rd_ring_tone_get_sounding (RdRingTone *self)
{
  g_return_val_if_fail (RD_IS_RING_TONE (self), FALSE);
  return self->pipeline != NULL && self->step % 2 == 0;
}

void
rd_ring_tone_stop (RdRingTone *self)
{
  g_return_if_fail (RD_IS_RING_TONE (self));

  g_clear_handle_id (&self->cadence, g_source_remove);
  if (self->pipeline != NULL)
    gst_element_set_state (self->pipeline, GST_STATE_NULL);
  gst_clear_object (&self->source);
  gst_clear_object (&self->pipeline);
  self->step = 0;
}

gboolean
rd_ring_tone_is_playing (RdRingTone *self)
{
  g_return_val_if_fail (RD_IS_RING_TONE (self), FALSE);
  return self->pipeline != NULL;
}

gint64
rd_ring_tone_get_position_ms (RdRingTone *self)
{
  gint64 position = 0;

  g_return_val_if_fail (RD_IS_RING_TONE (self), 0);

  if (self->pipeline == NULL
      || !gst_element_query_position (self->pipeline, GST_FORMAT_TIME, &position))
    return 0;
  return position / GST_MSECOND;
}
