/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Call-progress tones in a customer leg's early media (183 Session Progress with SDP):
 * what the carrier plays before any answer when the call cannot go through. Special
 * information tones (Bellcore/Telcordia SR-2275 codes and ITU-T E.180's 950/1400/1800 Hz),
 * busy and congestion cadences (480+620 Hz North American, 400-450 Hz European and
 * Russian). Ringback (440+480 Hz, 425 Hz 1 s on 4 s off) and speech decide nothing. Pure C
 * on 8 kHz 16-bit samples, Goertzel per 20 ms frame, no libre: the switch feeds it (one per
 * leg, on its thread) and the unit test feeds it generated signals. */

typedef enum {
  RD_CPT_NONE,            /* nothing decided (yet) */
  RD_CPT_BUSY,            /* busy tone: on/off 290-640 ms each */
  RD_CPT_CONGESTION,      /* congestion (reorder) tone: on/off 140-290 ms each */
  RD_CPT_SIT_INTERCEPT,   /* IC: 913.8 short, 1370.6 short: number changed, not in service */
  RD_CPT_SIT_VACANT,      /* VC: 985.2 long, 1370.6 short: vacant code */
  RD_CPT_SIT_REORDER,     /* RO: 913.8 short + 1428.5 long, or 985.2 short + 1370.6 long */
  RD_CPT_SIT_NO_CIRCUIT,  /* NC: 985.2 long + 1428.5 long, or 913.8 long + 1370.6 long */
  RD_CPT_SIT_INEFFECTIVE, /* IO: 985.2 short, 1428.5 short: ineffective other */
  RD_CPT_SIT,             /* a SIT of no Bellcore code (ITU-T E.180, reserved codes) */
} RdCptSignal;

typedef struct {
  /* where the frame being filled is */
  gint16 frame[160];
  guint fill;
  guint elapsed_ms;       /* audio analysed so far (whole frames) */
  RdCptSignal signal;
  guint decided_ms;       /* elapsed_ms when it decided */
  /* cadence (busy, congestion): the runs of one tone family and the gaps between them */
  int run_family;         /* the family of the current tone run, or 0 in a gap */
  guint run_frames;
  double run_power;       /* the sum of its frames' mean squares */
  guint gap_frames;
  guint gap_noisy;        /* frames in the gap that were neither silence nor the tone */
  int prev_family;        /* the tone run before the current gap / run */
  guint prev_on_frames;
  double prev_power;      /* its frames' mean square */
  guint prev_off_frames;  /* the gap between prev and the current run, 0: none */
  /* special information tone: three segments in a row */
  guint sit_stage;        /* 0 none, 1..3 the segment being heard */
  int sit_variant[3];
  guint sit_frames[3];
  guint sit_gap;
} RdCpt;

void        rd_cpt_init        (RdCpt        *cpt);
/* Feeds @n samples (any length; analysed per 20 ms); returns the signal decided so far.
 * Once decided, further audio changes nothing. */
RdCptSignal rd_cpt_feed        (RdCpt        *cpt,
                                const gint16 *samples,
                                gsize         n);
/* The hangup cause the signal gives a call ("busy-tone", "sit-vacant" …; static). */
const char *rd_cpt_signal_name (RdCptSignal   signal);

G_END_DECLS
