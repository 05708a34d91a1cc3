/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define RD_TYPE_RECORDING_PLAYER (rd_recording_player_get_type ())
G_DECLARE_FINAL_TYPE (RdRecordingPlayer, rd_recording_player, RD, RECORDING_PLAYER, GtkWidget)

/* Inline playback of a call recording with GStreamer's playbin: a play/pause button, a seek
 * bar and "position / duration". The audio sink is rd_audio_sink_get_default() when set,
 * else playbin's own choice.
 * Signals: finished ()   the recording played to its end */
GtkWidget *rd_recording_player_new          (const char        *path);
const char *rd_recording_player_get_path    (RdRecordingPlayer *self);
/* When the file at the player's path is missing on play, fetch the recording of call
 * @call_id from the server of the replica at @replica_path into that path first
 * (rd_recording_download(), in a worker thread). */
void       rd_recording_player_set_fetch    (RdRecordingPlayer *self,
                                             const char        *replica_path,
                                             const char        *call_id);
/* A narrow seek bar, for a table cell. */
void       rd_recording_player_set_compact  (RdRecordingPlayer *self,
                                             gboolean           compact);
void       rd_recording_player_play         (RdRecordingPlayer *self);
void       rd_recording_player_pause        (RdRecordingPlayer *self);
gboolean   rd_recording_player_get_playing  (RdRecordingPlayer *self);
/* Position and duration in ms (0 when not known yet). */
gint64     rd_recording_player_get_position_ms (RdRecordingPlayer *self);
gint64     rd_recording_player_get_duration_ms (RdRecordingPlayer *self);
void       rd_recording_player_seek_ms      (RdRecordingPlayer *self,
                                             gint64             position_ms);

G_END_DECLS
