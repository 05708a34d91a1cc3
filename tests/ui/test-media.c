/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gtk/gtk.h>

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "rd-audio-sink.h"
#include "rd-recording-player.h"
#include "rd-store.h"
#include "rd-ring-tone.h"
#include "rd-test-ui.h"

/* GStreamer in the app without a sound card: main() injects a clocked fakesink
 * (rd_audio_sink_set_default), so time passes as it would on a speaker. */

static gboolean
tone_advanced (gpointer data)
{
  return rd_ring_tone_get_position_ms (data) >= 300;
}

static gboolean
tone_paused (gpointer data)
{
  return !rd_ring_tone_get_sounding (data);
}

static gboolean
tone_sounding (gpointer data)
{
  return rd_ring_tone_get_sounding (data);
}

static void
test_ring_tone (void)
{
  g_autoptr(RdRingTone) tone = rd_ring_tone_new ();

  g_assert_cmpstr (rd_audio_sink_get_default (), ==, "fakesink sync=true");
  g_assert_false (rd_ring_tone_is_playing (tone));
  g_assert_cmpint (rd_ring_tone_get_position_ms (tone), ==, 0);

  g_assert_true (rd_ring_tone_start (tone));
  g_assert_true (rd_ring_tone_start (tone));   /* idempotent */
  g_assert_true (rd_ring_tone_is_playing (tone));
  g_assert_true (rd_test_ui_wait (tone_advanced, tone, 10000));

  g_assert_cmpint (rd_ring_tone_get_kind (tone), ==, RD_RING_TONE_RING);

  /* On another call it becomes the call-waiting tone at once, from its first beep. */
  rd_ring_tone_set_kind (tone, RD_RING_TONE_WAITING);
  g_assert_cmpint (rd_ring_tone_get_kind (tone), ==, RD_RING_TONE_WAITING);
  g_assert_true (rd_ring_tone_is_playing (tone));
  g_assert_true (rd_ring_tone_get_sounding (tone));
  g_assert_true (rd_test_ui_wait (tone_paused, tone, 10000));    /* after its 200 ms beep */
  g_assert_true (rd_test_ui_wait (tone_sounding, tone, 10000));  /* the second beep */

  rd_ring_tone_stop (tone);
  g_assert_false (rd_ring_tone_is_playing (tone));
  g_assert_false (rd_ring_tone_get_sounding (tone));
  g_assert_cmpint (rd_ring_tone_get_position_ms (tone), ==, 0);
  rd_ring_tone_stop (tone);
  g_assert_cmpint (rd_ring_tone_get_kind (tone), ==, RD_RING_TONE_WAITING);   /* kept for the next start */
}

/* A mono 16-bit 8 kHz WAV of @seconds of a 1 kHz sine, written by hand. */
static char *
write_wav (const char *dir,
           guint       seconds)
{
  const guint rate = 8000;
  const guint n = rate * seconds;
  g_autofree char *path = g_build_filename (dir, "call.wav", NULL);
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  guint32 u32;
  guint16 u16;

#define PUT(p, len) g_byte_array_append (bytes, (const guint8 *) (p), len)
#define PUT32(v) (u32 = GUINT32_TO_LE (v), PUT (&u32, 4))
#define PUT16(v) (u16 = GUINT16_TO_LE (v), PUT (&u16, 2))
  PUT ("RIFF", 4); PUT32 (36 + n * 2); PUT ("WAVE", 4);
  PUT ("fmt ", 4); PUT32 (16); PUT16 (1); PUT16 (1); PUT32 (rate); PUT32 (rate * 2);
  PUT16 (2); PUT16 (16);
  PUT ("data", 4); PUT32 (n * 2);
  for (guint i = 0; i < n; i++)
    PUT16 ((guint16) (gint16) (8000 * sin (2 * G_PI * 1000 * i / rate)));
#undef PUT
#undef PUT32
#undef PUT16

  g_assert_true (g_file_set_contents (path, (const char *) bytes->data, bytes->len, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

typedef struct {
  RdRecordingPlayer *player;
  gint64             mark;
  gboolean           finished;
} PlayerWait;

static gboolean
position_past_mark (gpointer data)
{
  PlayerWait *w = data;

  return rd_recording_player_get_position_ms (w->player) > w->mark;
}

static gboolean
player_finished (gpointer data)
{
  return ((PlayerWait *) data)->finished;
}

static void
finished_cb (RdRecordingPlayer *player,
             PlayerWait        *w)
{
  w->finished = TRUE;
}

static gboolean
count_frames_cb (GtkWidget     *widget,
                 GdkFrameClock *clock,
                 gpointer       user_data)
{
  (*(guint *) user_data)++;
  return G_SOURCE_CONTINUE;
}

static gboolean
painted (gpointer data)
{
  return *(guint *) data >= 5;
}

static void
test_recording_player (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("rd-ui-media-XXXXXX", &error);
  g_autofree char *wav = write_wav (dir, 2);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *player = rd_recording_player_new (wav);
  PlayerWait w = { RD_RECORDING_PLAYER (player), 0, FALSE };
  GtkLabel *label;
  guint frames;

  gtk_window_set_default_size (GTK_WINDOW (window), 420, -1);
  gtk_window_set_child (GTK_WINDOW (window), player);
  gtk_window_present (GTK_WINDOW (window));
  g_signal_connect (player, "finished", G_CALLBACK (finished_cb), &w);
  g_assert_cmpstr (rd_recording_player_get_path (w.player), ==, wav);
  g_assert_false (rd_recording_player_get_playing (w.player));

  /* Plays, and the position advances. */
  rd_recording_player_play (w.player);
  g_assert_true (rd_recording_player_get_playing (w.player));
  w.mark = 200;
  g_assert_true (rd_test_ui_wait (position_past_mark, &w, 10000));
  w.mark = rd_recording_player_get_position_ms (w.player);
  g_assert_true (rd_test_ui_wait (position_past_mark, &w, 10000));
  g_assert_cmpint (rd_recording_player_get_duration_ms (w.player), >=, 1900);
  g_assert_cmpint (rd_recording_player_get_duration_ms (w.player), <=, 2100);

  /* Pause holds the position. */
  rd_recording_player_pause (w.player);
  g_assert_false (rd_recording_player_get_playing (w.player));
  frames = 0;
  gtk_widget_add_tick_callback (window, count_frames_cb, &frames, NULL);
  g_assert_true (rd_test_ui_wait (painted, &frames, 10000));
  rd_test_ui_save_screenshot (window, "screenshot-recording-player");

  /* To the end: "finished", the position at the duration, the label says so. */
  rd_recording_player_play (w.player);
  g_assert_true (rd_test_ui_wait (player_finished, &w, 10000));
  g_assert_false (rd_recording_player_get_playing (w.player));
  g_assert_cmpint (rd_recording_player_get_position_ms (w.player), ==,
                   rd_recording_player_get_duration_ms (w.player));
  label = GTK_LABEL (gtk_widget_get_last_child (player));
  g_assert_cmpstr (gtk_label_get_label (label), ==, "0:02 / 0:02");

  /* Seek back and play again from there. */
  rd_recording_player_seek_ms (w.player, 1500);
  g_assert_cmpint (rd_recording_player_get_position_ms (w.player), ==, 1500);
  w.finished = FALSE;
  rd_recording_player_play (w.player);
  g_assert_true (rd_test_ui_wait (player_finished, &w, 10000));

  gtk_window_destroy (GTK_WINDOW (window));
  g_unlink (wav);
  g_rmdir (dir);
}

static gboolean
button_sensitive (gpointer data)
{
  return gtk_widget_get_sensitive (data);
}

/* A recording made on another machine: on play the player asks the replica's server; with
 * no server it says why on its button and plays nothing. */
static void
test_recording_fetch_without_server (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("rd-ui-fetch-XXXXXX", &error);
  g_autofree char *db = g_build_filename (dir, "replica.db", NULL);
  g_autofree char *wav = g_build_filename (dir, "recordings", "c.wav", NULL);
  g_autoptr(RdStore) store = rd_store_open (db, &error);
  GtkWidget *player = g_object_ref_sink (rd_recording_player_new (wav));
  GtkWidget *button = gtk_widget_get_first_child (player);

  g_assert_no_error (error);
  rd_recording_player_set_fetch (RD_RECORDING_PLAYER (player), db,
                                 "0190a1b2-0000-7000-8000-000000000009");
  rd_recording_player_play (RD_RECORDING_PLAYER (player));
  g_assert_false (gtk_widget_get_sensitive (button));   /* fetching */
  g_assert_true (rd_test_ui_wait (button_sensitive, button, 10000));
  g_assert_false (rd_recording_player_get_playing (RD_RECORDING_PLAYER (player)));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (button), "no server"));
  g_assert_false (g_file_test (wav, G_FILE_TEST_EXISTS));

  g_object_unref (player);
  g_clear_object (&store);
  rd_test_ui_remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  /* No sound card here: a sink that keeps time like a speaker. */
  rd_audio_sink_set_default ("fakesink sync=true");

  g_test_add_func ("/ui/media/ring-tone", test_ring_tone);
  g_test_add_func ("/ui/media/recording-player", test_recording_player);
  g_test_add_func ("/ui/media/recording-fetch-without-server", test_recording_fetch_without_server);

  return g_test_run ();
}
