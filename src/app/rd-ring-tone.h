/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define RD_TYPE_RING_TONE (rd_ring_tone_get_type ())
G_DECLARE_FINAL_TYPE (RdRingTone, rd_ring_tone, RD, RING_TONE, GObject)

/* A ring tone generated with GStreamer (a 425 Hz sine, 1 s on / 3 s off), played while a
 * call rings, into rd_audio_sink_get_default() (else autoaudiosink). While the agent is on
 * another call it is the call-waiting tone instead: two short, quieter beeps every 5 s. */
typedef enum {
  RD_RING_TONE_RING,
  RD_RING_TONE_WAITING,
} RdRingToneKind;

RdRingTone *rd_ring_tone_new         (void);
/* Starts ringing (idempotent). FALSE with a message logged when GStreamer cannot play. */
gboolean    rd_ring_tone_start       (RdRingTone *self);
void        rd_ring_tone_stop        (RdRingTone *self);
gboolean    rd_ring_tone_is_playing  (RdRingTone *self);
void        rd_ring_tone_set_kind    (RdRingTone     *self,
                                      RdRingToneKind  kind);
RdRingToneKind rd_ring_tone_get_kind (RdRingTone *self);
gboolean    rd_ring_tone_get_sounding (RdRingTone *self);
/* How long the tone has played since start, in ms (the pipeline's position); 0 stopped. */
gint64      rd_ring_tone_get_position_ms (RdRingTone *self);

G_END_DECLS
