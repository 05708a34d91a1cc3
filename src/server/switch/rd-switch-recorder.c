/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A leg's call recording, on the libre thread: an 8 kHz 16-bit stereo WAV whose left
 * channel is what the far end says (the leg's RTP in) and whose right channel is what it
 * hears (the peer's audio relayed to it, or a prompt played to it). A 20 ms clock writes
 * one frame per tick from each channel's buffer, RD_REC_JITTER frames behind real time,
 * silence where a side sent nothing, so the two stay aligned whatever the packets do. The WAV's sizes are written when the
 * recording stops (the leg closes). */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "rd-switch-private.h"

#define RD_REC_FRAME   RD_FRAME_SAMPLES
#define RD_REC_BUFFER  (8000 / 2)   /* 500 ms a channel: older samples are dropped */
/* Frames the clock stays behind real time, so a side whose packets (or whose prompt's
 * timer) come a little late under load is not padded with silence it then follows. */
#define RD_REC_JITTER  5            /* 100 ms */

struct _RdRecorder {
  FILE *f;
  int16_t buf[2][RD_REC_BUFFER];
  size_t len[2];
  uint64_t t0;
  uint64_t frames;
  uint32_t data_bytes;
  struct tmr tmr;
};

static void
put_u32 (uint8_t *p, uint32_t v)
{
  p[0] = v & 0xff; p[1] = (v >> 8) & 0xff; p[2] = (v >> 16) & 0xff; p[3] = v >> 24;
}

static void
put_u16 (uint8_t *p, uint16_t v)
{
  p[0] = v & 0xff; p[1] = v >> 8;
}

static void
write_header (FILE *f, uint32_t data_bytes)
{
  uint8_t h[44];

  memcpy (h, "RIFF", 4);
  put_u32 (h + 4, 36 + data_bytes);
  memcpy (h + 8, "WAVEfmt ", 8);
  put_u32 (h + 16, 16);
  put_u16 (h + 20, 1);              /* PCM */
  put_u16 (h + 22, 2);              /* stereo: far end, what it hears */
  put_u32 (h + 24, 8000);
  put_u32 (h + 28, 8000 * 2 * 2);
  put_u16 (h + 32, 4);
  put_u16 (h + 34, 16);
  memcpy (h + 36, "data", 4);
  put_u32 (h + 40, data_bytes);
  (void) fwrite (h, 1, sizeof h, f);
}

static void
write_frames (RdRecorder *r, uint64_t upto)
{
  int16_t out[RD_REC_FRAME * 2];

  while (r->frames < upto) {
    for (int ch = 0; ch < 2; ch++) {
      size_t take = r->len[ch] < RD_REC_FRAME ? r->len[ch] : RD_REC_FRAME;

      for (size_t i = 0; i < RD_REC_FRAME; i++)
        out[2 * i + ch] = i < take ? r->buf[ch][i] : 0;
      memmove (r->buf[ch], r->buf[ch] + take, (r->len[ch] - take) * sizeof (int16_t));
      r->len[ch] -= take;
    }
    if (fwrite (out, sizeof out, 1, r->f) == 1)
      r->data_bytes += sizeof out;
    r->frames++;
  }
}

static void
recorder_tick (void *arg)
{
  RdRecorder *r = arg;
  uint64_t due = (tmr_jiffies () - r->t0) / RD_PTIME_MS;

  if (due > RD_REC_JITTER)
    write_frames (r, due - RD_REC_JITTER);
  tmr_start (&r->tmr, RD_PTIME_MS, recorder_tick, r);
}

int
rd_recorder_start (RdLeg *leg, const char *path)
{
  RdRecorder *r;
  int fd;

  if (leg->recorder)
    return EALREADY;
  fd = open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0)
    return errno;
  r = g_new0 (RdRecorder, 1);
  r->f = fdopen (fd, "wb");
  if (!r->f) {
    int err = errno;

    close (fd);
    g_free (r);
    return err;
  }
  write_header (r->f, 0);
  r->t0 = tmr_jiffies ();
  tmr_init (&r->tmr);
  tmr_start (&r->tmr, RD_PTIME_MS, recorder_tick, r);
  leg->recorder = r;
  return 0;
}

void
rd_recorder_push (RdLeg *leg, int channel, const int16_t *s, size_t n)
{
  RdRecorder *r = leg->recorder;
  size_t room;

  if (!r || channel < 0 || channel > 1)
    return;
  if (n > RD_REC_BUFFER)
    s += n - RD_REC_BUFFER, n = RD_REC_BUFFER;
  room = RD_REC_BUFFER - r->len[channel];
  if (n > room) {                   /* a side ahead of the clock: its oldest go */
    size_t drop = n - room;

    memmove (r->buf[channel], r->buf[channel] + drop, (r->len[channel] - drop) * sizeof (int16_t));
    r->len[channel] -= drop;
  }
  memcpy (r->buf[channel] + r->len[channel], s, n * sizeof (int16_t));
  r->len[channel] += n;
}

void
rd_recorder_push_g711 (RdLeg *leg, int channel, uint8_t pt, const uint8_t *p, size_t n)
{
  int16_t s[RD_REC_BUFFER];

  if (!leg->recorder)
    return;
  if (n > RD_REC_BUFFER)
    n = RD_REC_BUFFER;
  for (size_t i = 0; i < n; i++)
    s[i] = pt == 0 ? g711_ulaw2pcm (p[i]) : g711_alaw2pcm (p[i]);
  rd_recorder_push (leg, channel, s, n);
}

void
rd_recorder_stop (RdLeg *leg)
{
  RdRecorder *r = leg->recorder;

  if (!r)
    return;
  tmr_cancel (&r->tmr);
  write_frames (r, (tmr_jiffies () - r->t0) / RD_PTIME_MS);
  if (fseek (r->f, 0, SEEK_SET) == 0)
    write_header (r->f, r->data_bytes);
  fclose (r->f);
  g_free (r);
  leg->recorder = NULL;
}
