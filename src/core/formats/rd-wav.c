/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "rd-wav.h"

static guint32
le32 (const guint8 *p)
{
  return p[0] | (p[1] << 8) | (p[2] << 16) | ((guint32) p[3] << 24);
}

static guint16
le16 (const guint8 *p)
{
  return p[0] | (p[1] << 8);
}

void
rd_wav_free (RdWav *wav)
{
  if (wav == NULL)
    return;
  g_free (wav->samples);
  g_free (wav);
}

double
rd_wav_duration (const RdWav *wav)
{
  return wav->rate > 0 ? (double) wav->frames / wav->rate : 0.0;
}

RdWav *
rd_wav_read (const char  *path,
             GError     **error)
{
  g_autofree guint8 *data = NULL;
  g_autoptr(RdWav) wav = g_new0 (RdWav, 1);
  gsize len = 0;
  gsize pos = 12;
  gboolean have_fmt = FALSE;

  if (!g_file_get_contents (path, (char **) &data, &len, error))
    return NULL;

  if (len < 12 || memcmp (data, "RIFF", 4) != 0 || memcmp (data + 8, "WAVE", 4) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "“%s” is not a WAV file", path);
      return NULL;
    }

  while (pos + 8 <= len)
    {
      const guint8 *chunk = data + pos;
      gsize size = le32 (chunk + 4);
      gsize avail = len - pos - 8;

      if (memcmp (chunk, "fmt ", 4) == 0 && size >= 16 && avail >= 16)
        {
          if (le16 (chunk + 8) != 1 || le16 (chunk + 22) != 16)
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           "“%s” is not 16-bit PCM", path);
              return NULL;
            }
          wav->channels = le16 (chunk + 10);
          wav->rate = le32 (chunk + 12);
          have_fmt = wav->channels > 0;
        }
      else if (memcmp (chunk, "data", 4) == 0 && have_fmt)
        {
          /* A writer killed before closing leaves the size unset: take what is there. */
          if (size > avail || size == 0)
            size = avail;
          wav->frames = size / (2 * wav->channels);
          wav->samples = g_new (gint16, wav->frames * wav->channels + 1);
          for (gsize i = 0; i < wav->frames * wav->channels; i++)
            wav->samples[i] = (gint16) le16 (chunk + 8 + 2 * i);
          return g_steal_pointer (&wav);
        }

      pos += 8 + size + (size & 1);
    }

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "“%s” has no audio data", path);
  return NULL;
}

RdWav *
rd_wav_keep_spans (const RdWav  *wav,
                   const double *spans,
                   gsize         n_spans)
{
  RdWav *out = g_new0 (RdWav, 1);
  gsize n = 0;

  out->rate = wav->rate;
  out->channels = wav->channels;
  out->samples = g_new (gint16, wav->frames * wav->channels + 1);
  for (gsize i = 0; i < n_spans; i++)
    {
      double start = MAX (spans[2 * i], 0.0);
      double end = spans[2 * i + 1];
      gsize from = MIN ((gsize) (start * wav->rate), wav->frames);
      gsize to = end < 0.0 ? 0 : MIN ((gsize) (end * wav->rate), wav->frames);

      if (to <= from)
        continue;
      memcpy (out->samples + n * wav->channels, wav->samples + from * wav->channels,
              (to - from) * wav->channels * sizeof (gint16));
      n += to - from;
    }
  out->frames = n;
  return out;
}

static void
put16 (GByteArray *out,
       guint16     v)
{
  guint8 b[2] = { v & 0xff, v >> 8 };
  g_byte_array_append (out, b, 2);
}

static void
put32 (GByteArray *out,
       guint32     v)
{
  guint8 b[4] = { v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, v >> 24 };
  g_byte_array_append (out, b, 4);
}

gboolean
rd_wav_write_stereo (const char   *path,
                     const RdWav  *left,
                     const RdWav  *right,
                     GError      **error)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  gsize frames = MAX (left->frames, right->frames);
  guint rate = left->rate;

  if (left->rate != right->rate || left->channels != 1 || right->channels != 1)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           "Recording halves differ in format");
      return FALSE;
    }

  g_byte_array_append (out, (const guint8 *) "RIFF", 4);
  put32 (out, 36 + frames * 4);
  g_byte_array_append (out, (const guint8 *) "WAVEfmt ", 8);
  put32 (out, 16);
  put16 (out, 1);
  put16 (out, 2);
  put32 (out, rate);
  put32 (out, rate * 4);
  put16 (out, 4);
  put16 (out, 16);
  g_byte_array_append (out, (const guint8 *) "data", 4);
  put32 (out, frames * 4);
  for (gsize i = 0; i < frames; i++)
    {
      put16 (out, (guint16) (i < left->frames ? left->samples[i] : 0));
      put16 (out, (guint16) (i < right->frames ? right->samples[i] : 0));
    }

  return g_file_set_contents_full (path, (const char *) out->data, out->len,
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}
