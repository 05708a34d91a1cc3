/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Media for RdSwitch legs (libre thread only):
 *  - RTP relay between bridged legs, re-stamped per outbound leg so each far
 *    end sees one continuous stream (our SSRC/seq via rtp_send() on the
 *    outbound leg's own rtp_sock, timestamps re-based on source changes,
 *    marker bit set on each source switch); PCMU<->PCMA transcoding if the
 *    two legs negotiated different G.711 laws.
 *  - WAV prompt player: librem aufile (S16LE/8 kHz/mono) + g711, 20 ms
 *    frames paced by a libre tmr against an absolute schedule (no drift).
 *  - RFC 2833 receive with libre telev.
 *  - Call-progress tones (SIT, busy, congestion) in early media, and answering machines
 *    after the answer: the detectors are pure C (rd-switch-cpt.c, rd-switch-amd.c).
 */
#include <string.h>
#include "rd-switch-private.h"


struct _RdPlayer {
  RdLeg *leg;
  struct aufile *af;
  struct tmr tmr;
  uint64_t t0;
  uint32_t frames;
  uint32_t ts;
  uint64_t key;
};

static uint32_t player_serial;

static bool
is_g711 (uint8_t pt)
{
  return pt == 0 || pt == 8;
}

int
rd_media_update (RdLeg *leg)
{
  const struct list *l = sdp_media_format_lst (leg->sdpm, false);
  const struct sdp_format *tel;
  const struct sa *ra;
  struct le *le;
  int pt = -1;

  for (le = l ? l->head : NULL; le; le = le->next) {
    const struct sdp_format *f = le->data;
    if (f->sup && (f->pt == 0 || f->pt == 8)) {
      pt = f->pt;
      break;
    }
  }
  if (pt < 0)
    return ENOENT;
  leg->tx_pt = pt;
  tel = sdp_media_rformat (leg->sdpm, telev_rtpfmt);
  leg->telev_pt = tel ? tel->pt : -1;
  ra = sdp_media_raddr (leg->sdpm);
  if (ra && sa_isset (ra, SA_ALL)) {
    leg->raddr = *ra;
    leg->have_raddr = true;
  }
  return 0;
}

/* Map a source stream (key) onto this leg's outbound timeline. */
uint32_t
rd_media_restamp (RdLeg *out, uint64_t key, uint32_t in_ts, bool *marker)
{
  uint64_t now = tmr_jiffies ();

  if (!out->tx_started) {
    out->tx_off = rand_u32 () - in_ts;
    out->tx_started = true;
    *marker = true;
  } else if (key != out->tx_src) {
    uint64_t gap = (now - out->tx_last_ms) * 8;     /* 8 samples per ms */
    if (gap < RD_FRAME_SAMPLES)
      gap = RD_FRAME_SAMPLES;
    out->tx_off = out->tx_last_ts + (uint32_t) gap - in_ts;
    *marker = true;
  }
  out->tx_src = key;
  out->tx_last_ts = in_ts + out->tx_off;
  out->tx_last_ms = now;
  return out->tx_last_ts;
}

static void
transcode (struct mbuf *mb, uint8_t from, uint8_t to)
{
  uint8_t *p = mbuf_buf (mb);
  size_t i, n = mbuf_get_left (mb);

  for (i = 0; i < n; i++) {
    int16_t s = from == 0 ? g711_ulaw2pcm (p[i]) : g711_alaw2pcm (p[i]);
    p[i] = to == 0 ? g711_pcm2ulaw (s) : g711_pcm2alaw (s);
  }
}

/* ------------------------------------------------------ machine detection */

#define RD_AMD_TICK_MS   100
#define RD_AMD_RTP_GAP   300        /* no packet for this long: the far end is silent */

static void
amd_report (RdLeg *leg)
{
  RdAmd *amd = leg->amd;

  rd_switch_emit_amd (leg->sw, leg->id, rd_amd_result_name (amd->result), amd->reason,
                      amd->decided_ms);
  rd_media_amd_stop (leg);
}

static void
amd_feed (RdLeg *leg, uint8_t pt, const uint8_t *p, size_t n)
{
  int16_t s[RD_FRAME_SAMPLES * 4];

  if (n > G_N_ELEMENTS (s))
    n = G_N_ELEMENTS (s);
  for (size_t i = 0; i < n; i++)
    s[i] = pt == 0 ? g711_ulaw2pcm (p[i]) : g711_alaw2pcm (p[i]);
  if (rd_amd_feed (leg->amd, s, n) != RD_AMD_UNDECIDED)
    amd_report (leg);
}

/* RTP that stops is silence too: a line that sends nothing is analysed as it goes. */
static void
amd_tick (void *arg)
{
  RdLeg *leg = arg;
  uint64_t wall = tmr_jiffies () - leg->amd_t0;

  if (wall > leg->amd->elapsed_ms + RD_AMD_RTP_GAP &&
      rd_amd_silence (leg->amd, (guint) (wall - leg->amd->elapsed_ms - RD_AMD_RTP_GAP)) != RD_AMD_UNDECIDED) {
    amd_report (leg);
    return;
  }
  tmr_start (&leg->amd_tmr, RD_AMD_TICK_MS, amd_tick, leg);
}

int
rd_media_amd_start (RdLeg *leg)
{
  if (leg->amd || leg->closing)
    return EALREADY;
  leg->amd = g_new0 (RdAmd, 1);
  rd_amd_init (leg->amd, NULL);
  leg->amd_t0 = tmr_jiffies ();
  tmr_init (&leg->amd_tmr);
  tmr_start (&leg->amd_tmr, RD_AMD_TICK_MS, amd_tick, leg);
  return 0;
}

void
rd_media_amd_stop (RdLeg *leg)
{
  if (!leg->amd)
    return;
  tmr_cancel (&leg->amd_tmr);
  g_clear_pointer (&leg->amd, g_free);
}

/* ------------------------------------------------------- call progress */

/* The tone decided: the leg is hung up (CANCEL) from a timer, not from inside its own RTP
 * socket's handler. */
static void
cpt_hangup (void *arg)
{
  RdLeg *leg = arg;

  rd_switch_leg_remove (leg->sw, leg);
}

static void
cpt_feed (RdLeg *leg, uint8_t pt, const uint8_t *p, size_t n)
{
  int16_t s[RD_FRAME_SAMPLES * 4];
  RdCptSignal signal;
  RdOutcome outcome;
  g_autofree char *detail = NULL;

  if (n > G_N_ELEMENTS (s))
    n = G_N_ELEMENTS (s);
  for (size_t i = 0; i < n; i++)
    s[i] = pt == 0 ? g711_ulaw2pcm (p[i]) : g711_alaw2pcm (p[i]);
  signal = rd_cpt_feed (leg->cpt, s, n);
  if (signal == RD_CPT_NONE)
    return;
  outcome = rd_outcome_of_tone (signal);
  detail = g_strdup_printf ("%s after %u ms of early media", rd_cpt_signal_name (signal),
                            leg->cpt->decided_ms);
  rd_switch_emit_outcome (leg->sw, leg->id, outcome, 0, detail);
  leg->close_cause = outcome.cause;
  rd_media_cpt_stop (leg);
  tmr_cancel (&leg->ring_tmr);      /* decided: no NO_ANSWER after it */
  tmr_start (&leg->cpt_tmr, 0, cpt_hangup, leg);
}

void
rd_media_cpt_start (RdLeg *leg)
{
  if (leg->cpt || leg->answered || leg->closing || !leg->outgoing)
    return;
  leg->cpt = g_new0 (RdCpt, 1);
  rd_cpt_init (leg->cpt);
}

void
rd_media_cpt_stop (RdLeg *leg)
{
  g_clear_pointer (&leg->cpt, g_free);
}

void
rd_media_recv (const struct sa *src, const struct rtp_header *hdr,
               struct mbuf *mb, void *arg)
{
  RdLeg *leg = arg;
  RdLeg *b = leg->peer;
  bool marker = hdr->m;
  gint64 rx_us = g_get_monotonic_time ();
  uint32_t ts;

  (void) src;
  if (leg->closing)
    return;
  if (!leg->first_rx_us)
    leg->first_rx_us = rx_us;
  if (leg->telev_pt >= 0 && hdr->pt == leg->telev_pt) {
    int code;
    bool end;
    if (telev_recv (leg->telev, mb, &code, &end) == 0 && !end)
      rd_switch_emit (leg->sw, RD_SWITCH_EVENT_DTMF, leg->id, NULL, NULL, 0,
                      NULL, (char) telev_code2digit (code));
    return;                         /* DTMF is not relayed (re-generate) */
  }
  if (is_g711 (hdr->pt)) {          /* the far end's side of its own recording */
    if (leg->amd)
      amd_feed (leg, hdr->pt, mbuf_buf (mb), mbuf_get_left (mb));
    if (leg->cpt && !leg->answered)
      cpt_feed (leg, hdr->pt, mbuf_buf (mb), mbuf_get_left (mb));
    rd_recorder_push_g711 (leg, 0, hdr->pt, mbuf_buf (mb), mbuf_get_left (mb));
    rd_mixer_push_g711 (leg, hdr->pt, mbuf_buf (mb), mbuf_get_left (mb));
  }
  if (!is_g711 (hdr->pt) || !b || !b->have_raddr || b->player || b->closing
      || rd_mixer_mixes (b))        /* b hears the supervisor's mix instead */
    return;
  /* what b hears, on b's recording: before the payload is transcoded in place */
  rd_recorder_push_g711 (b, 1, hdr->pt, mbuf_buf (mb), mbuf_get_left (mb));
  if (b->tx_pt != hdr->pt)
    transcode (mb, hdr->pt, (uint8_t) b->tx_pt);
  /* Source key = (ingress leg, SSRC).  SSRC alone is not enough: a far
   * end may reuse one SSRC on every call (sipp pcap replay does), and then
   * a new call would not re-base and timestamps would jump backwards. */
  ts = rd_media_restamp (b, ((uint64_t) leg->serial << 32) | hdr->ssrc, hdr->ts,
                &marker);
  /* mb->pos is past the received header (>= 12 bytes of headroom):
   * rtp_send() writes b's header in place, no copy. */
  if (rtp_send (b->rtp, &b->raddr, false, marker, (uint8_t) b->tx_pt, ts,
                mb) == 0 &&
      !leg->fwd_reported) {
    leg->fwd_reported = true;
    rd_switch_emit_media (leg->sw, RD_SWITCH_EVENT_MEDIA_FORWARDED, leg->id,
                          b->id, rx_us);
  }
}

void
rd_media_unbridge (RdLeg *leg)
{
  if (leg->peer) {
    leg->peer->peer = NULL;
    leg->peer = NULL;
  }
}

int
rd_media_bridge (RdLeg *a, RdLeg *b)
{
  if (a == b)
    return EINVAL;
  /* Whoever is bridged talks now: a prompt still playing (a hold message, a broadcast the
   * listener pressed 1 in) stops, else it would cover what the peer says. */
  rd_media_stop (a);
  rd_media_stop (b);
  rd_media_unbridge (a);
  rd_media_unbridge (b);
  a->peer = b;
  b->peer = a;
  a->fwd_reported = false;
  b->fwd_reported = false;
  return 0;
}

/* ------------------------------------------------------------- player */

void
rd_media_stop (RdLeg *leg)
{
  RdPlayer *p = leg->player;

  if (!p)
    return;
  tmr_cancel (&p->tmr);
  mem_deref (p->af);
  g_free (p);
  leg->player = NULL;
}

static void
player_tick (void *arg)
{
  RdPlayer *p = arg;
  RdLeg *leg = p->leg;
  int16_t s[RD_FRAME_SAMPLES];
  size_t sz = sizeof (s), i;
  struct mbuf *mb;
  bool marker = false;
  uint64_t next, now;
  uint32_t ts;

  if (aufile_read (p->af, (uint8_t *) s, &sz) != 0 || sz == 0) {
    rd_switch_emit (leg->sw, RD_SWITCH_EVENT_PLAY_DONE, leg->id, NULL, NULL,
                    0, NULL, 0);
    rd_media_stop (leg);            /* frees p: return right away */
    return;
  }
  if (sz < sizeof (s))
    memset ((uint8_t *) s + sz, 0, sizeof (s) - sz);
  rd_recorder_push (leg, 1, s, RD_FRAME_SAMPLES);

  mb = mbuf_alloc (RTP_HEADER_SIZE + RD_FRAME_SAMPLES);
  if (mb) {
    mb->pos = mb->end = RTP_HEADER_SIZE;
    for (i = 0; i < RD_FRAME_SAMPLES; i++)
      (void) mbuf_write_u8 (mb, leg->tx_pt == 0 ? g711_pcm2ulaw (s[i])
                                                : g711_pcm2alaw (s[i]));
    mb->pos = RTP_HEADER_SIZE;
    ts = rd_media_restamp (leg, p->key, p->ts, &marker);
    if (leg->have_raddr)
      (void) rtp_send (leg->rtp, &leg->raddr, false, marker,
                       (uint8_t) leg->tx_pt, ts, mb);
    mem_deref (mb);
  }
  p->ts += RD_FRAME_SAMPLES;
  p->frames++;
  next = p->t0 + (uint64_t) p->frames * RD_PTIME_MS;
  now = tmr_jiffies ();
  tmr_start (&p->tmr, next > now ? next - now : 0, player_tick, p);
}

int
rd_media_play (RdLeg *leg, const char *path)
{
  struct aufile_prm prm;
  struct aufile *af = NULL;
  RdPlayer *p;
  int err;

  err = aufile_open (&af, &prm, path, AUFILE_READ);
  if (err)
    return err;
  /* librem 0.6.0 aufile has no resampler/mixdown: insist on 8k mono s16 */
  if (prm.fmt != AUFMT_S16LE || prm.srate != 8000 || prm.channels != 1) {
    mem_deref (af);
    return EINVAL;
  }
  rd_media_stop (leg);
  p = g_new0 (RdPlayer, 1);
  p->leg = leg;
  p->af = af;
  p->key = (1ULL << 63) | ++player_serial;
  p->ts = rand_u32 ();
  p->t0 = tmr_jiffies ();
  tmr_init (&p->tmr);
  leg->player = p;
  tmr_start (&p->tmr, 0, player_tick, p);
  return 0;
}
