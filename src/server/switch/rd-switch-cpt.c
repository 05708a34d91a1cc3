/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Call-progress tone detection in early media (rd-switch-cpt.h). Each 20 ms frame is given
 * one class by Goertzel filters: silence, a tone of a family (a 400-450 Hz single tone, or
 * 480+620 Hz), a segment frequency of a special information tone, or anything else. The
 * classes then make runs: on/off cadences (busy, congestion) and SIT's three segments. */
#include <math.h>
#include <string.h>

#include "rd-switch-cpt.h"

#define RATE          8000
#define FRAME_MS      20
#define FRAME_SAMPLES 160

/* Below this mean square (RMS 100 of 32767, about -50 dBFS) a frame is silence. */
#define SILENCE_POWER 10000.0
/* The share of a frame's energy a tone must hold: a frame the tone covers by less than this
 * (the edge of a tone burst) or that holds other sound besides (speech) is not the tone. */
#define TONE_SHARE    0.7
#define DUAL_EACH     0.25

/* Cadences, in frames: busy 0.35/0.35 s (Russia), 0.375 (UK), 0.5/0.5 (CEPT, North
 * America); congestion 0.175 (Russia), 0.2, 0.25 (CEPT, North American reorder). */
#define BUSY_MIN      (290 / FRAME_MS)
#define BUSY_MAX      (640 / FRAME_MS)
#define CONG_MIN      (140 / FRAME_MS)
#define CONG_MAX      (290 / FRAME_MS - 1)
#define CADENCE_SLACK (100 / FRAME_MS)   /* on and off of one cadence differ by at most this */
#define GAP_NOISE_MAX 2                  /* frames of other sound a cadence's gap may hold */
#define GAP_QUIET     0.1                /* a gap's frame is quiet 10 dB below the tone */

/* SIT: segments of 274 (short) or 380 ms (long), at most 4 ms apart (30 ms in E.180) */
#define SIT_SEG_MIN   (200 / FRAME_MS)
#define SIT_SEG_MAX   (480 / FRAME_MS)
#define SIT_LONG_MS   327
#define SIT_GAP_MAX   2
#define SIT_THIRD_MS  200                /* heard this much of the third segment: decided */

enum {
  F400, F425, F450, F480, F620,
  F914, F950, F985,
  F1371, F1400, F1429,
  F1777, F1800,
  N_FREQS
};

static const double freqs[N_FREQS] = {
  400.0, 425.0, 450.0, 480.0, 620.0,
  913.8, 950.0, 985.2,
  1370.6, 1400.0, 1428.5,
  1776.7, 1800.0,
};

/* Tone families of the cadences (run_family) */
enum {
  FAMILY_NONE,
  FAMILY_SINGLE,          /* 400-450 Hz: CEPT, Russia, the UK */
  FAMILY_NANP,            /* 480+620 Hz: North American busy and reorder */
};

/* SIT segment variants: low and high Bellcore frequencies, and E.180's */
enum {
  SIT_NONE = -1,
  SIT_LOW,
  SIT_HIGH,
  SIT_ITU,
};

typedef struct {
  double power;           /* mean square */
  gboolean silent;
  int family;             /* FAMILY_* */
  int sit_segment;        /* 0..2, or -1 */
  int sit_variant;        /* SIT_* */
} FrameClass;

/* 2 cos(2 pi f / rate) of each filter, once */
static const float *
coefficients (void)
{
  static float k[N_FREQS];
  static gsize done;

  if (g_once_init_enter (&done))
    {
      for (int f = 0; f < N_FREQS; f++)
        k[f] = (float) (2.0 * cos (2.0 * G_PI * freqs[f] / RATE));
      g_once_init_leave (&done, 1);
    }
  return k;
}

/* Every filter over one frame at once (independent chains: the CPU runs them side by
 * side). share[f]: |X(f)|^2 over what a full-frame sine of the frame's energy would give,
 * 1 for a pure tone at f, the share of the frame it covers for a tone that starts or stops
 * in it. */
static void
goertzel_shares (const gint16 *s,
                 double        energy,
                 double       *share)
{
  const float *k = coefficients ();
  float s1[N_FREQS] = { 0 }, s2[N_FREQS] = { 0 };

  for (guint i = 0; i < FRAME_SAMPLES; i++)
    for (int f = 0; f < N_FREQS; f++)
      {
        float s0 = s[i] + k[f] * s1[f] - s2[f];

        s2[f] = s1[f];
        s1[f] = s0;
      }
  for (int f = 0; f < N_FREQS; f++)
    share[f] = ((double) s1[f] * s1[f] + (double) s2[f] * s2[f] - (double) k[f] * s1[f] * s2[f]) /
               (energy * FRAME_SAMPLES / 2.0);
}

/* The best of @n frequencies from @first: its index in *@best, its share returned. */
static double
best_of (const double *share,
         int           first,
         int           n,
         int          *best)
{
  *best = first;
  for (int i = first + 1; i < first + n; i++)
    if (share[i] > share[*best])
      *best = i;
  return share[*best];
}

static FrameClass
classify (const gint16 *s)
{
  /* the first two segments' filters are low, E.180, high */
  static const int variants[3] = { SIT_LOW, SIT_ITU, SIT_HIGH };
  FrameClass fc = { 0.0, FALSE, FAMILY_NONE, -1, SIT_NONE };
  double share[N_FREQS];
  double energy = 0.0;
  int best;

  for (guint i = 0; i < FRAME_SAMPLES; i++)
    energy += (double) s[i] * s[i];
  fc.power = energy / FRAME_SAMPLES;
  if (fc.power < SILENCE_POWER)
    {
      fc.silent = TRUE;
      return fc;
    }
  goertzel_shares (s, energy, share);

  if (share[F480] >= DUAL_EACH && share[F620] >= DUAL_EACH &&
      share[F480] + share[F620] >= TONE_SHARE)
    fc.family = FAMILY_NANP;
  else if (best_of (share, F400, 3, &best) >= TONE_SHARE && share[F480] < 0.15 && share[F620] < 0.15)
    fc.family = FAMILY_SINGLE;
  else if (best_of (share, F914, 3, &best) >= TONE_SHARE)
    fc.sit_segment = 0, fc.sit_variant = variants[best - F914];
  else if (best_of (share, F1371, 3, &best) >= TONE_SHARE)
    fc.sit_segment = 1, fc.sit_variant = variants[best - F1371];
  else if (best_of (share, F1777, 2, &best) >= TONE_SHARE)
    fc.sit_segment = 2, fc.sit_variant = best == F1777 ? SIT_LOW : SIT_ITU;
  return fc;
}

void
rd_cpt_init (RdCpt *cpt)
{
  memset (cpt, 0, sizeof *cpt);
}

static RdCptSignal
decide (RdCpt       *cpt,
        RdCptSignal  signal)
{
  cpt->signal = signal;
  cpt->decided_ms = cpt->elapsed_ms;
  return signal;
}

/* ---- busy and congestion ------------------------------------------------------------- */

static gboolean
within (guint frames,
        guint min,
        guint max)
{
  return frames >= min && frames <= max;
}

/* A tone run of the cadence's family just ended after the gap before it: on, off, on.
 * The first on may have been cut by the start of early media: not longer than the second. */
static RdCptSignal
cadence (RdCpt *cpt)
{
  guint on1 = cpt->prev_on_frames, off = cpt->prev_off_frames, on2 = cpt->run_frames;

  if (off == 0 || on1 < 2 || on1 > on2 + CADENCE_SLACK ||
      (off > on2 ? off - on2 : on2 - off) > CADENCE_SLACK)
    return RD_CPT_NONE;
  if (within (on2, BUSY_MIN, BUSY_MAX) && within (off, BUSY_MIN, BUSY_MAX))
    return RD_CPT_BUSY;
  if (within (on2, CONG_MIN, CONG_MAX) && within (off, CONG_MIN, CONG_MAX))
    return RD_CPT_CONGESTION;
  return RD_CPT_NONE;
}

static RdCptSignal
cadence_frame (RdCpt            *cpt,
               const FrameClass *fc)
{
  RdCptSignal signal = RD_CPT_NONE;

  if (cpt->run_family != FAMILY_NONE && fc->family == cpt->run_family)
    {
      cpt->run_frames++;
      cpt->run_power += fc->power;
      return RD_CPT_NONE;
    }
  if (cpt->run_family != FAMILY_NONE)
    {
      /* a tone run ended */
      if (cpt->prev_family == cpt->run_family)
        signal = cadence (cpt);
      cpt->prev_family = cpt->run_family;
      cpt->prev_on_frames = cpt->run_frames;
      cpt->prev_power = cpt->run_power / cpt->run_frames;
      cpt->prev_off_frames = 0;
      cpt->run_family = FAMILY_NONE;
      cpt->run_frames = 0;
      cpt->gap_frames = 0;
      cpt->gap_noisy = 0;
      if (signal != RD_CPT_NONE)
        return signal;
    }
  if (fc->family != FAMILY_NONE)
    {
      /* a tone run starts: after a clean gap it continues the cadence of the one before */
      if (fc->family != cpt->prev_family || cpt->gap_noisy > GAP_NOISE_MAX)
        cpt->prev_family = FAMILY_NONE;
      cpt->prev_off_frames = cpt->gap_frames;
      cpt->run_family = fc->family;
      cpt->run_frames = 1;
      cpt->run_power = fc->power;
      return RD_CPT_NONE;
    }
  /* a line's steady noise is no sound in the gap; what is near the tone's level is */
  cpt->gap_frames++;
  if (!fc->silent && fc->power > cpt->prev_power * GAP_QUIET)
    cpt->gap_noisy++;
  return RD_CPT_NONE;
}

/* ---- special information tones ------------------------------------------------------- */

/* Bellcore's codes by (first high, first long, second high, second long). */
static RdCptSignal
sit_code (gboolean high1,
          gboolean long1,
          gboolean high2,
          gboolean long2)
{
  static const RdCptSignal codes[16] = {
    [0x0] = RD_CPT_SIT_INTERCEPT,   /* L S  L S */
    [0x3] = RD_CPT_SIT_REORDER,     /* L S  H L */
    [0x5] = RD_CPT_SIT_NO_CIRCUIT,  /* L L  L L */
    [0xc] = RD_CPT_SIT_VACANT,      /* H L  L S */
    [0x9] = RD_CPT_SIT_REORDER,     /* H S  L L */
    [0xf] = RD_CPT_SIT_NO_CIRCUIT,  /* H L  H L */
    [0xa] = RD_CPT_SIT_INEFFECTIVE, /* H S  H S */
  };
  guint index = (high1 ? 8 : 0) | (long1 ? 4 : 0) | (high2 ? 2 : 0) | (long2 ? 1 : 0);
  RdCptSignal code = codes[index];

  return code != RD_CPT_NONE ? code : RD_CPT_SIT;
}

static RdCptSignal
sit_decide (RdCpt *cpt)
{
  /* the frames between two segments were half of each */
  guint ms1 = cpt->sit_frames[0] * FRAME_MS;
  guint ms2 = cpt->sit_frames[1] * FRAME_MS;

  if (!within (cpt->sit_frames[0], SIT_SEG_MIN, SIT_SEG_MAX) ||
      !within (cpt->sit_frames[1], SIT_SEG_MIN, SIT_SEG_MAX))
    return RD_CPT_NONE;
  if (cpt->sit_variant[0] == SIT_ITU || cpt->sit_variant[1] == SIT_ITU ||
      cpt->sit_variant[2] == SIT_ITU)
    return RD_CPT_SIT;
  return sit_code (cpt->sit_variant[0] == SIT_HIGH, ms1 >= SIT_LONG_MS,
                   cpt->sit_variant[1] == SIT_HIGH, ms2 >= SIT_LONG_MS);
}

static RdCptSignal
sit_frame (RdCpt            *cpt,
           const FrameClass *fc)
{
  int seg = fc->sit_segment;
  guint stage = cpt->sit_stage;

  if (seg < 0)
    {
      if (stage > 0 && ++cpt->sit_gap > SIT_GAP_MAX)
        cpt->sit_stage = 0;
      return RD_CPT_NONE;
    }
  if (stage > 0 && seg == (int) stage - 1 && fc->sit_variant == cpt->sit_variant[seg])
    cpt->sit_frames[seg] += 1 + cpt->sit_gap;     /* a gap inside a segment: a dropout */
  else if (stage > 0 && seg == (int) stage && cpt->sit_frames[stage - 1] >= SIT_SEG_MIN)
    {
      /* the next segment: the gap was half the one before, half this one */
      cpt->sit_frames[stage - 1] += cpt->sit_gap / 2;
      cpt->sit_stage = stage + 1;
      cpt->sit_variant[seg] = fc->sit_variant;
      cpt->sit_frames[seg] = 1 + (cpt->sit_gap + 1) / 2;
    }
  else if (seg == 0)
    {
      cpt->sit_stage = 1;
      cpt->sit_variant[0] = fc->sit_variant;
      cpt->sit_frames[0] = 1;
    }
  else
    cpt->sit_stage = 0;
  cpt->sit_gap = 0;
  if (cpt->sit_stage == 3 && cpt->sit_frames[2] * FRAME_MS >= SIT_THIRD_MS)
    {
      RdCptSignal signal = sit_decide (cpt);

      cpt->sit_stage = 0;
      return signal;
    }
  return RD_CPT_NONE;
}

/* ---- frames ------------------------------------------------------------------------ */

static RdCptSignal
frame (RdCpt *cpt)
{
  FrameClass fc = classify (cpt->frame);
  RdCptSignal signal;

  cpt->elapsed_ms += FRAME_MS;
  signal = sit_frame (cpt, &fc);
  if (signal == RD_CPT_NONE)
    signal = cadence_frame (cpt, &fc);
  return signal != RD_CPT_NONE ? decide (cpt, signal) : RD_CPT_NONE;
}

RdCptSignal
rd_cpt_feed (RdCpt        *cpt,
             const gint16 *samples,
             gsize         n)
{
  for (gsize i = 0; i < n && cpt->signal == RD_CPT_NONE; )
    {
      gsize take = MIN (n - i, (gsize) (FRAME_SAMPLES - cpt->fill));

      memcpy (cpt->frame + cpt->fill, samples + i, take * sizeof (gint16));
      cpt->fill += take;
      i += take;
      if (cpt->fill == FRAME_SAMPLES)
        {
          cpt->fill = 0;
          frame (cpt);
        }
    }
  return cpt->signal;
}

const char *
rd_cpt_signal_name (RdCptSignal signal)
{
  switch (signal)
    {
    case RD_CPT_BUSY:
      return "busy-tone";
    case RD_CPT_CONGESTION:
      return "congestion-tone";
    case RD_CPT_SIT_INTERCEPT:
      return "sit-intercept";
    case RD_CPT_SIT_VACANT:
      return "sit-vacant";
    case RD_CPT_SIT_REORDER:
      return "sit-reorder";
    case RD_CPT_SIT_NO_CIRCUIT:
      return "sit-no-circuit";
    case RD_CPT_SIT_INEFFECTIVE:
      return "sit-ineffective";
    case RD_CPT_SIT:
      return "sit";
    case RD_CPT_NONE:
    default:
      return "none";
    }
}
