/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* baresip 1.0.0's sndfile module writes two mono files per call into its snd_path,
 * named after the local time the audio started, not after the call:
 *   dump-YYYY-MM-DD-HH-MM-SS-enc.wav  (what we sent)   -dec.wav (what we received).
 * This finds the pair nearest to @media_started (unix seconds), waits until baresip has
 * closed them, and joins them into one stereo file @dest (left: agent, right: peer).
 * @spans (NULL: everything): pairs of seconds from the start of the files to keep
 * (record on demand); with no span the pair is deleted and nothing is written. */
void   rd_baresip_recording_collect_async  (const char          *snd_dir,
                                            gint64               media_started,
                                            GArray              *spans,
                                            const char          *dest,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
char  *rd_baresip_recording_collect_finish (GAsyncResult        *result,
                                            GError             **error);

G_END_DECLS
