/* SPDX-License-Identifier: GPL-3.0-or-later */

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

#include "rd-switch-amd.h"

/* The answering-machine detector on speech: espeak-ng speaks what a person says when they
 * pick up ("Hello?", "Алло?") and what a voicemail greeting says, sox makes it 8 kHz mono
 * with silence after it, as a phone line would carry it; and lines with nothing, noise
 * below the threshold, or a tone. */

static char *tmp_dir;

/* 8 kHz 16-bit mono samples of @text spoken in @voice, then @silence_ms of silence. */
static GArray *
speak (const char *voice,
       const char *text,
       guint       silence_ms)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *spoken = g_build_filename (tmp_dir, "spoken.wav", NULL);
  g_autofree char *line = g_build_filename (tmp_dir, "line.raw", NULL);
  g_autofree char *pad = g_strdup_printf ("%g", silence_ms / 1000.0);
  g_autoptr(GSubprocess) espeak = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error,
                                                    "espeak-ng", "-v", voice, "-w", spoken, "--", text, NULL);
  g_autoptr(GSubprocess) sox = NULL;
  g_autofree char *data = NULL;
  gsize length = 0;
  GArray *samples;

  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait_check (espeak, NULL, &error));
  g_assert_no_error (error);
  sox = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, "sox", spoken, "-r", "8000", "-c", "1",
                          "-b", "16", "-e", "signed-integer", "-t", "raw", line, "pad", "0", pad, NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait_check (sox, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (line, &data, &length, &error));
  samples = g_array_sized_new (FALSE, FALSE, sizeof (gint16), length / 2);
  g_array_append_vals (samples, data, length / 2);
  return samples;
}

/* Feeds @samples in 20 ms packets, as the switch does; the result and when it came. */
static RdAmdResult
classify (GArray *samples,
          RdAmd  *amd)
{
  rd_amd_init (amd, NULL);
  for (guint i = 0; i + 160 <= samples->len; i += 160)
    if (rd_amd_feed (amd, &g_array_index (samples, gint16, i), 160) != RD_AMD_UNDECIDED)
      break;
  return amd->result;
}

typedef struct {
  const char  *voice;
  const char  *text;
  RdAmdResult  expected;
} Case;

static void
check_case (const Case *c)
{
  g_autoptr(GArray) samples = speak (c->voice, c->text, 3000);
  RdAmd amd;

  classify (samples, &amd);
  g_test_message ("%s \"%s\": %s (%s) after %u ms of %u", c->voice, c->text,
                  rd_amd_result_name (amd.result), amd.reason, amd.decided_ms,
                  samples->len / 8);
  g_assert_cmpstr (rd_amd_result_name (amd.result), ==, rd_amd_result_name (c->expected));
}

static void
test_amd_people (void)
{
  static const Case people[] = {
    { "en", "Hello?", RD_AMD_HUMAN },
    { "en", "Yes, speaking.", RD_AMD_HUMAN },
    { "ru", "Алло?", RD_AMD_HUMAN },
    { "ru", "Да, слушаю.", RD_AMD_HUMAN },
  };

  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    check_case (&people[i]);
}

static void
test_amd_machines (void)
{
  static const Case machines[] = {
    { "en", "Hello, you have reached Anna Petrova. I cannot take your call right now. "
            "Please leave a message after the tone.", RD_AMD_MACHINE },
    { "en", "The person you are calling is not available. Please try again later.", RD_AMD_MACHINE },
    { "ru", "Здравствуйте, вы позвонили в компанию Ромашка. Оставьте сообщение после сигнала.",
      RD_AMD_MACHINE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (machines); i++)
    check_case (&machines[i]);
}

static void
test_amd_lines (void)
{
  g_autoptr(GArray) line = g_array_new (FALSE, TRUE, sizeof (gint16));
  RdAmd amd;

  /* nothing at all for 3 s: a machine waiting to record (Asterisk's initial silence) */
  g_array_set_size (line, 8000 * 3);
  g_assert_cmpint (classify (line, &amd), ==, RD_AMD_MACHINE);
  g_assert_cmpstr (amd.reason, ==, "initial-silence");
  g_assert_cmpuint (amd.decided_ms, ==, 2500);

  /* hiss below the threshold is silence too */
  for (guint i = 0; i < line->len; i++)
    g_array_index (line, gint16, i) = (gint16) ((i * 7919) % 201) - 100;
  g_assert_cmpint (classify (line, &amd), ==, RD_AMD_MACHINE);
  g_assert_cmpstr (amd.reason, ==, "initial-silence");

  /* a steady tone (a fax, a beep that goes on) is one long greeting */
  for (guint i = 0; i < line->len; i++)
    g_array_index (line, gint16, i) = (i / 4) % 2 ? 4000 : -4000;
  g_assert_cmpint (classify (line, &amd), ==, RD_AMD_MACHINE);
  g_assert_cmpstr (amd.reason, ==, "long-greeting");
  g_assert_cmpuint (amd.decided_ms, ==, 1500);

  /* RTP that stopped after the first word is counted by time: a person waiting */
  rd_amd_init (&amd, NULL);
  g_array_set_size (line, 8000 / 2);
  rd_amd_feed (&amd, (const gint16 *) line->data, line->len);
  g_assert_cmpint (rd_amd_silence (&amd, 1000), ==, RD_AMD_HUMAN);
  g_assert_cmpstr (amd.reason, ==, "after-greeting-silence");
  g_assert_cmpuint (amd.decided_ms, ==, 500 + 800);

  /* decided is decided */
  g_assert_cmpint (rd_amd_feed (&amd, (const gint16 *) line->data, line->len), ==, RD_AMD_HUMAN);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *espeak = g_find_program_in_path ("espeak-ng");
  g_autofree char *sox = g_find_program_in_path ("sox");
  int status;

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/amd/lines", test_amd_lines);
  if (espeak != NULL && sox != NULL)
    {
      g_test_add_func ("/amd/people", test_amd_people);
      g_test_add_func ("/amd/machines", test_amd_machines);
    }
  tmp_dir = g_dir_make_tmp ("rd-amd-XXXXXX", &error);
  g_assert_no_error (error);
  status = g_test_run ();
  {
    g_autofree char *spoken = g_build_filename (tmp_dir, "spoken.wav", NULL);
    g_autofree char *line = g_build_filename (tmp_dir, "line.raw", NULL);

    g_remove (spoken);
    g_remove (line);
    g_rmdir (tmp_dir);
  }
  g_free (tmp_dir);
  return status;
}
