/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>

#include "rd-baresip-recording.h"
#include "rd-wav.h"

typedef struct {
  char   *snd_dir;
  gint64  media_started;
  GArray *spans;  /* double pairs, or NULL: all */
  char   *dest;
} Collect;

static void
collect_free (Collect *c)
{
  g_free (c->snd_dir);
  g_free (c->dest);
  g_clear_pointer (&c->spans, g_array_unref);
  g_free (c);
}

/* Unix time from "dump-2026-11-25-13-09-45-enc.wav", or -1. */
static gint64
dump_time (const char *name)
{
  int y, mo, d, h, mi, s;
  char kind[4];
  g_autoptr(GDateTime) dt = NULL;

  if (sscanf (name, "dump-%d-%d-%d-%d-%d-%d-%3[a-z].wav", &y, &mo, &d, &h, &mi, &s, kind) != 7)
    return -1;
  dt = g_date_time_new_local (y, mo, d, h, mi, s);
  return dt != NULL ? g_date_time_to_unix (dt) : -1;
}

/* libsndfile fixes the RIFF size on close: until then the file is still being written. */
static gboolean
wav_closed (const char *path)
{
  gsize len = 0;
  GStatBuf st;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) in = g_file_read (file, NULL, NULL);
  guint8 buf[8];
  guint32 riff;

  if (in == NULL || g_stat (path, &st) != 0)
    return FALSE;
  if (!g_input_stream_read_all (G_INPUT_STREAM (in), buf, sizeof buf, &len, NULL, NULL)
      || len != sizeof buf)
    return FALSE;
  riff = buf[4] | (buf[5] << 8) | (buf[6] << 16) | ((guint32) buf[7] << 24);
  return (gint64) riff + 8 == (gint64) st.st_size;
}

static char *
find_pair (const char *snd_dir,
           gint64      media_started)
{
  g_autoptr(GDir) dir = g_dir_open (snd_dir, 0, NULL);
  const char *name;
  char *best = NULL;
  gint64 best_delta = G_MAXINT64;

  if (dir == NULL)
    return NULL;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      gint64 t;
      gint64 delta;

      if (!g_str_has_suffix (name, "-enc.wav"))
        continue;
      t = dump_time (name);
      if (t < 0)
        continue;
      delta = ABS (t - media_started);
      if (delta < best_delta && delta <= 5)
        {
          best_delta = delta;
          g_free (best);
          /* the common prefix: "dump-…-" */
          best = g_strndup (name, strlen (name) - strlen ("enc.wav"));
        }
    }

  return best;
}

static void
collect_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Collect *c = task_data;
  g_autofree char *prefix = NULL;
  g_autofree char *enc_path = NULL;
  g_autofree char *dec_path = NULL;
  g_autoptr(RdWav) enc = NULL;
  g_autoptr(RdWav) dec = NULL;
  g_autoptr(GError) error = NULL;
  gint64 deadline = g_get_monotonic_time () + 3 * G_TIME_SPAN_SECOND;

  /* Bounded wait for baresip to close the files (it does so as the call is freed). */
  for (;;)
    {
      g_clear_pointer (&prefix, g_free);
      prefix = find_pair (c->snd_dir, c->media_started);
      if (prefix != NULL)
        {
          g_free (enc_path);
          g_free (dec_path);
          enc_path = g_strconcat (c->snd_dir, "/", prefix, "enc.wav", NULL);
          dec_path = g_strconcat (c->snd_dir, "/", prefix, "dec.wav", NULL);
          if (wav_closed (enc_path) && wav_closed (dec_path))
            break;
        }
      if (g_get_monotonic_time () > deadline || g_cancellable_is_cancelled (cancellable))
        break;
      g_usleep (50 * 1000);
    }

  if (prefix == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                               "No recording found in “%s”", c->snd_dir);
      return;
    }

  if (c->spans != NULL && c->spans->len == 0)
    {
      /* Recorded by baresip, never asked for by the agent: nothing stays. A pair still
       * being written belongs to a call that goes on: never delete that one. */
      if (!wav_closed (enc_path) || !wav_closed (dec_path))
        {
          g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_BUSY,
                                   "“%s” is still being written", enc_path);
          return;
        }
      g_unlink (enc_path);
      g_unlink (dec_path);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                               "Recording was not asked for: deleted");
      return;
    }

  enc = rd_wav_read (enc_path, &error);
  if (enc != NULL)
    dec = rd_wav_read (dec_path, &error);
  if (dec != NULL && c->spans != NULL)
    {
      const double *spans = (const double *) (gpointer) c->spans->data;
      RdWav *kept = rd_wav_keep_spans (enc, spans, c->spans->len / 2);

      rd_wav_free (enc);
      enc = kept;
      kept = rd_wav_keep_spans (dec, spans, c->spans->len / 2);
      rd_wav_free (dec);
      dec = kept;
      if (enc->frames == 0 && dec->frames == 0)
        {
          /* Every span the agent asked for was over before the files began. */
          g_unlink (enc_path);
          g_unlink (dec_path);
          g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                                   "Nothing recorded in the spans asked for: deleted");
          return;
        }
    }
  if (dec == NULL || !rd_wav_write_stereo (c->dest, enc, dec, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_unlink (enc_path);
  g_unlink (dec_path);
  g_task_return_pointer (task, g_strdup (c->dest), g_free);
}

void
rd_baresip_recording_collect_async (const char          *snd_dir,
                                    gint64               media_started,
                                    GArray              *spans,
                                    const char          *dest,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  Collect *c = g_new0 (Collect, 1);

  c->snd_dir = g_strdup (snd_dir);
  c->media_started = media_started;
  c->spans = spans != NULL ? g_array_ref (spans) : NULL;
  c->dest = g_strdup (dest);
  g_task_set_source_tag (task, rd_baresip_recording_collect_async);
  g_task_set_task_data (task, c, (GDestroyNotify) collect_free);
  g_task_run_in_thread (task, collect_thread);
}

char *
rd_baresip_recording_collect_finish (GAsyncResult  *result,
                                     GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}
