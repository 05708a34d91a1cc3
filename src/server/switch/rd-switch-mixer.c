/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A supervisor on an agent's leg (libre thread only): listen, whisper, barge.
 *
 * The monitored agent's leg and the supervisor's leg share one RdMonitor; the customer is
 * whoever the agent's leg is bridged to at the moment, so a supervisor stays on an agent
 * from call to call. Each side's audio (customer, agent, supervisor) is decoded into a
 * small buffer of its own; a 20 ms clock takes one frame from each and sends every leg
 * whose audio is mixed the sum of the others it may hear:
 *
 *   listen    supervisor <- customer + agent; the customer and the agent as bridged
 *   whisper   supervisor <- customer + agent; agent <- customer + supervisor
 *   barge     supervisor <- customer + agent; agent <- customer + supervisor;
 *             customer <- agent + supervisor
 *
 * A leg whose audio is not mixed keeps the plain relay (rd-switch-media.c), so listening
 * adds no delay to the call itself. A side is played from its buffer once it holds
 * RD_MIX_PREFILL frames (a cushion for packets that come a little late), and trimmed back
 * to it when it grows past RD_MIX_MAX (a far end whose clock runs fast). */
#include <string.h>

#include "rd-switch-private.h"

#define RD_MIX_PREFILL  2                /* 40 ms */
#define RD_MIX_MAX      8                /* 160 ms */
#define RD_MIX_BUFFER   (RD_MIX_MAX * RD_FRAME_SAMPLES + 8000 / 10)

enum { SIDE_CUSTOMER, SIDE_AGENT, SIDE_SUPERVISOR, N_SIDES };

struct _RdMonitor {
  RdLeg *supervisor;
  RdLeg *agent;
  RdSwitchMonitorMode mode;
  int16_t buf[N_SIDES][RD_MIX_BUFFER];
  size_t len[N_SIDES];
  bool primed[N_SIDES];
  uint32_t customer_serial;         /* whose audio buf[SIDE_CUSTOMER] holds */
  struct tmr tmr;
  uint64_t t0;
  uint64_t frames;
  uint64_t key;                     /* the mixer's source key for restamping */
  uint32_t ts;
};

static uint32_t monitor_serial;

static RdLeg *
customer_of (RdMonitor *m)
{
  RdLeg *c = m->agent->peer;

  return c != NULL && !c->closing ? c : NULL;
}

bool
rd_mixer_mixes (RdLeg *leg)
{
  RdMonitor *m = leg->monitor;

  if (m != NULL && leg == m->agent)
    return m->mode >= RD_SWITCH_MONITOR_WHISPER;
  if (m != NULL && leg == m->supervisor)
    return true;
  /* a customer bridged to a monitored agent */
  m = leg->peer != NULL ? leg->peer->monitor : NULL;
  return m != NULL && leg->peer == m->agent && m->mode == RD_SWITCH_MONITOR_BARGE;
}

static void
side_push (RdMonitor *m, int side, const int16_t *s, size_t n)
{
  size_t room;

  if (n > RD_MIX_BUFFER)
    s += n - RD_MIX_BUFFER, n = RD_MIX_BUFFER;
  room = RD_MIX_BUFFER - m->len[side];
  if (n > room) {
    size_t drop = n - room;

    memmove (m->buf[side], m->buf[side] + drop, (m->len[side] - drop) * sizeof (int16_t));
    m->len[side] -= drop;
  }
  memcpy (m->buf[side] + m->len[side], s, n * sizeof (int16_t));
  m->len[side] += n;
  if (m->len[side] >= RD_MIX_PREFILL * RD_FRAME_SAMPLES)
    m->primed[side] = true;
}

void
rd_mixer_push_g711 (RdLeg *leg, uint8_t pt, const uint8_t *p, size_t n)
{
  RdMonitor *m = leg->monitor;
  int16_t s[RD_MIX_BUFFER];
  int side;

  if (m != NULL)
    side = leg == m->supervisor ? SIDE_SUPERVISOR : SIDE_AGENT;
  else if (leg->peer != NULL && leg->peer->monitor != NULL && leg->peer->monitor->agent == leg->peer) {
    m = leg->peer->monitor;
    side = SIDE_CUSTOMER;
    if (m->customer_serial != leg->serial) {   /* a new customer: none of the last one's audio */
      m->customer_serial = leg->serial;
      m->len[side] = 0;
      m->primed[side] = false;
    }
  } else
    return;
  if (n > RD_MIX_BUFFER)
    n = RD_MIX_BUFFER;
  for (size_t i = 0; i < n; i++)
    s[i] = pt == 0 ? g711_ulaw2pcm (p[i]) : g711_alaw2pcm (p[i]);
  side_push (m, side, s, n);
}

/* One frame of a side: its oldest samples, or silence while it is not primed. */
static void
side_take (RdMonitor *m, int side, int16_t *out)
{
  size_t take;

  if (!m->primed[side] || m->len[side] == 0) {
    m->primed[side] = false;
    memset (out, 0, RD_FRAME_SAMPLES * sizeof (int16_t));
    return;
  }
  if (m->len[side] > RD_MIX_MAX * RD_FRAME_SAMPLES) {
    size_t drop = m->len[side] - RD_MIX_PREFILL * RD_FRAME_SAMPLES;

    memmove (m->buf[side], m->buf[side] + drop, (m->len[side] - drop) * sizeof (int16_t));
    m->len[side] -= drop;
  }
  take = m->len[side] < RD_FRAME_SAMPLES ? m->len[side] : RD_FRAME_SAMPLES;
  memcpy (out, m->buf[side], take * sizeof (int16_t));
  memset (out + take, 0, (RD_FRAME_SAMPLES - take) * sizeof (int16_t));
  memmove (m->buf[side], m->buf[side] + take, (m->len[side] - take) * sizeof (int16_t));
  m->len[side] -= take;
}

static void
mix2 (const int16_t *a, const int16_t *b, int16_t *out)
{
  for (size_t i = 0; i < RD_FRAME_SAMPLES; i++) {
    int v = a[i] + b[i];

    out[i] = (int16_t) (v > 32767 ? 32767 : v < -32768 ? -32768 : v);
  }
}

static void
send_frame (RdMonitor *m, RdLeg *leg, const int16_t *s)
{
  struct mbuf *mb;
  bool marker = false;
  uint32_t ts;

  if (leg->closing || leg->player != NULL || !leg->have_raddr)
    return;                         /* a prompt playing to the leg has the line */
  mb = mbuf_alloc (RTP_HEADER_SIZE + RD_FRAME_SAMPLES);
  if (mb == NULL)
    return;
  mb->pos = mb->end = RTP_HEADER_SIZE;
  for (size_t i = 0; i < RD_FRAME_SAMPLES; i++)
    (void) mbuf_write_u8 (mb, leg->tx_pt == 0 ? g711_pcm2ulaw (s[i]) : g711_pcm2alaw (s[i]));
  mb->pos = RTP_HEADER_SIZE;
  ts = rd_media_restamp (leg, m->key, m->ts, &marker);
  (void) rtp_send (leg->rtp, &leg->raddr, false, marker, (uint8_t) leg->tx_pt, ts, mb);
  mem_deref (mb);
}

static void
mix_frame (RdMonitor *m)
{
  int16_t side[N_SIDES][RD_FRAME_SAMPLES], out[RD_FRAME_SAMPLES];
  RdLeg *customer = customer_of (m);

  if (customer == NULL || customer->serial != m->customer_serial) {
    m->len[SIDE_CUSTOMER] = 0;      /* between calls, or a customer not heard yet */
    m->primed[SIDE_CUSTOMER] = false;
  }
  for (int i = 0; i < N_SIDES; i++)
    side_take (m, i, side[i]);

  mix2 (side[SIDE_CUSTOMER], side[SIDE_AGENT], out);
  send_frame (m, m->supervisor, out);
  if (m->mode >= RD_SWITCH_MONITOR_WHISPER) {
    mix2 (side[SIDE_CUSTOMER], side[SIDE_SUPERVISOR], out);
    send_frame (m, m->agent, out);
  }
  if (m->mode == RD_SWITCH_MONITOR_BARGE && customer != NULL) {
    mix2 (side[SIDE_AGENT], side[SIDE_SUPERVISOR], out);
    if (customer->player == NULL)   /* what the customer hears, on their recording */
      rd_recorder_push (customer, 1, out, RD_FRAME_SAMPLES);
    send_frame (m, customer, out);
  }
  m->ts += RD_FRAME_SAMPLES;
}

static void
mixer_tick (void *arg)
{
  RdMonitor *m = arg;
  uint64_t now = tmr_jiffies ();
  uint64_t due = (now - m->t0) / RD_PTIME_MS + 1, next;

  /* A loop held up for long does not send a burst: it starts again from now. */
  if (due > m->frames + RD_MIX_MAX)
    m->frames = due - 1;
  while (m->frames < due) {
    mix_frame (m);
    m->frames++;
  }
  next = m->t0 + m->frames * RD_PTIME_MS;
  tmr_start (&m->tmr, next > now ? next - now : 0, mixer_tick, m);
}

void
rd_mixer_detach (RdLeg *leg)
{
  RdMonitor *m = leg->monitor;

  if (m == NULL)
    return;
  tmr_cancel (&m->tmr);
  m->supervisor->monitor = NULL;
  m->agent->monitor = NULL;
  g_free (m);
}

int
rd_mixer_attach (RdLeg *supervisor, RdLeg *agent, RdSwitchMonitorMode mode)
{
  RdMonitor *m;

  if (mode == RD_SWITCH_MONITOR_OFF) {
    if (supervisor->monitor != NULL && supervisor->monitor->agent == agent)
      rd_mixer_detach (supervisor);
    return 0;
  }
  /* A supervisor's leg listens; it is nobody's bridge, and an agent has one supervisor. */
  if (supervisor == agent || supervisor->peer != NULL || supervisor->closing || agent->closing
      || (agent->monitor != NULL && agent->monitor->supervisor != supervisor)
      || (supervisor->monitor != NULL && supervisor->monitor->supervisor != supervisor))
    return EINVAL;
  if (supervisor->monitor != NULL && supervisor->monitor->agent == agent) {
    supervisor->monitor->mode = mode;
    return 0;
  }
  rd_mixer_detach (supervisor);
  m = g_new0 (RdMonitor, 1);
  m->supervisor = supervisor;
  m->agent = agent;
  m->mode = mode;
  m->key = (3ULL << 62) | ++monitor_serial;
  m->ts = rand_u32 ();
  m->t0 = tmr_jiffies ();
  tmr_init (&m->tmr);
  supervisor->monitor = m;
  agent->monitor = m;
  tmr_start (&m->tmr, RD_PTIME_MS, mixer_tick, m);
  return 0;
}
