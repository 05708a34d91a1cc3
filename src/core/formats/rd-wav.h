/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Just enough RIFF/WAVE for call recordings: 16-bit PCM in, 16-bit PCM out. */

typedef struct {
  guint    rate;
  guint    channels;
  gsize    frames;
  gint16  *samples;  /* interleaved, frames * channels */
} RdWav;

RdWav    *rd_wav_read          (const char   *path,
                                GError      **error);
void      rd_wav_free          (RdWav        *wav);
double    rd_wav_duration      (const RdWav  *wav);

/* Writes two mono streams of the same rate as one stereo file (the shorter is padded). */
gboolean  rd_wav_write_stereo  (const char   *path,
                                const RdWav  *left,
                                const RdWav  *right,
                                GError      **error);

/* A copy of @wav holding only the spans [start, end) in seconds (pairs in @spans, in
 * order), joined; spans past the end are cut short. */
RdWav    *rd_wav_keep_spans    (const RdWav  *wav,
                                const double *spans,
                                gsize         n_spans);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdWav, rd_wav_free)

G_END_DECLS
