/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gtk/gtk.h>

#include "rd-ring-tone.h"
#include "rd-test-ui.h"

/* GStreamer in the app without a sound card: $RINGDESK_AUDIO_SINK is a clocked fakesink
 * (tests/meson.build), so time passes as it would on a speaker. */

static gboolean
tone_advanced (gpointer data)
{
  return rd_ring_tone_get_position_ms (data) >= 300;
}

static void
test_ring_tone (void)
{
  g_autoptr(RdRingTone) tone = rd_ring_tone_new ();

  g_assert_nonnull (g_getenv ("RINGDESK_AUDIO_SINK"));
  g_assert_false (rd_ring_tone_is_playing (tone));
  g_assert_cmpint (rd_ring_tone_get_position_ms (tone), ==, 0);

  g_assert_true (rd_ring_tone_start (tone));
  g_assert_true (rd_ring_tone_start (tone));   /* idempotent */
  g_assert_true (rd_ring_tone_is_playing (tone));
  g_assert_true (rd_test_ui_wait (tone_advanced, tone, 10000));

  rd_ring_tone_stop (tone);
  g_assert_false (rd_ring_tone_is_playing (tone));
  g_assert_cmpint (rd_ring_tone_get_position_ms (tone), ==, 0);
  rd_ring_tone_stop (tone);
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ui/media/ring-tone", test_ring_tone);

  return g_test_run ();
}
