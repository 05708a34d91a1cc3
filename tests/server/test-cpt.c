/* SPDX-License-Identifier: GPL-3.0-or-later */

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "rd-switch-cpt.h"

/* The call-progress tone detector on generated lines: every special information tone code,
 * busy and congestion cadences of North America, CEPT countries, the UK and Russia, at a
 * loud and a quiet level, cut by the start of early media, under noise; and what must decide
 * nothing: ringback of each kind, noise, and speech from espeak-ng (an announcement, a
 * greeting). Each decision is reported with its time from the start of the signal. */

#define LEAD_IN_MS 300      /* early media starts with this much silence */

typedef struct {
  GArray *samples;          /* gint16, 8 kHz */
  GRand *rand;
} Line;

static Line *
line_new (void)
{
  Line *line = g_new0 (Line, 1);

  line->samples = g_array_new (FALSE, TRUE, sizeof (gint16));
  line->rand = g_rand_new_with_seed (1234);
  return line;
}

static void
line_free (Line *line)
{
  g_array_unref (line->samples);
  g_rand_free (line->rand);
  g_free (line);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Line, line_free)

static guint
line_ms (Line *line)
{
  return line->samples->len / 8;
}

/* @ms of one or two sines (@f2 0: one) at @amplitude each. */
static void
tone (Line   *line,
      double  f1,
      double  f2,
      guint   ms,
      double  amplitude)
{
  guint start = line->samples->len;
  guint n = ms * 8;

  g_array_set_size (line->samples, start + n);
  for (guint i = 0; i < n; i++)
    {
      double t = (double) (start + i) / 8000.0;
      double v = amplitude * sin (2 * G_PI * f1 * t);

      if (f2 > 0)
        v += amplitude * sin (2 * G_PI * f2 * t);
      g_array_index (line->samples, gint16, start + i) = (gint16) CLAMP (v, -32767, 32767);
    }
}

static void
silence (Line  *line,
         guint  ms)
{
  g_array_set_size (line->samples, line->samples->len + ms * 8);
}

/* A cadence of @on_ms tone, @off_ms silence for @total_ms, starting @skip_ms into it. */
static void
cadence (Line   *line,
         double  f1,
         double  f2,
         guint   on_ms,
         guint   off_ms,
         guint   total_ms,
         guint   skip_ms,
         double  amplitude)
{
  guint t = skip_ms;

  while (t < skip_ms + total_ms)
    {
      guint phase = t % (on_ms + off_ms);
      guint left = phase < on_ms ? on_ms - phase : on_ms + off_ms - phase;

      left = MIN (left, skip_ms + total_ms - t);
      if (phase < on_ms)
        tone (line, f1, f2, left, amplitude);
      else
        silence (line, left);
      t += left;
    }
}

/* White noise of RMS @rms added to the whole line. */
static void
add_noise (Line   *line,
           double  rms)
{
  double a = rms * sqrt (3.0);

  for (guint i = 0; i < line->samples->len; i++)
    {
      gint16 *s = &g_array_index (line->samples, gint16, i);

      *s = (gint16) CLAMP (*s + g_rand_double_range (line->rand, -a, a), -32767, 32767);
    }
}

/* Feeds @line in 20 ms packets, as the switch does; the signal, when it came in *@ms. */
static RdCptSignal
detect (Line  *line,
        guint *ms)
{
  RdCpt cpt;

  rd_cpt_init (&cpt);
  for (guint i = 0; i + 160 <= line->samples->len; i += 160)
    if (rd_cpt_feed (&cpt, &g_array_index (line->samples, gint16, i), 160) != RD_CPT_NONE)
      break;
  *ms = cpt.decided_ms;
  return cpt.signal;
}

static void
expect (Line        *line,
        const char  *what,
        RdCptSignal  expected,
        guint        max_ms)
{
  guint ms = 0;
  RdCptSignal signal = detect (line, &ms);

  if (signal != RD_CPT_NONE)
    g_test_message ("%s: %s %u ms after the signal began", what, rd_cpt_signal_name (signal),
                    ms - LEAD_IN_MS);
  else
    g_test_message ("%s: none in %u ms", what, line_ms (line));
  g_assert_cmpstr (rd_cpt_signal_name (signal), ==, rd_cpt_signal_name (expected));
  if (expected != RD_CPT_NONE)
    g_assert_cmpuint (ms - LEAD_IN_MS, <=, max_ms);
}

/* ---- special information tones --------------------------------------------------------- */

typedef struct {
  const char  *name;
  double       f1, f2, f3;
  guint        ms1, ms2, ms3;
  RdCptSignal  expected;
} Sit;

#define S 274
#define L 380
static const Sit sits[] = {
  { "intercept",            913.8, 1370.6, 1776.7, S, S, L, RD_CPT_SIT_INTERCEPT },
  { "vacant code",          985.2, 1370.6, 1776.7, L, S, L, RD_CPT_SIT_VACANT },
  { "reorder intra-LATA",   913.8, 1428.5, 1776.7, S, L, L, RD_CPT_SIT_REORDER },
  { "reorder inter-LATA",   985.2, 1370.6, 1776.7, S, L, L, RD_CPT_SIT_REORDER },
  { "no circuit intra-LATA", 985.2, 1428.5, 1776.7, L, L, L, RD_CPT_SIT_NO_CIRCUIT },
  { "no circuit inter-LATA", 913.8, 1370.6, 1776.7, L, L, L, RD_CPT_SIT_NO_CIRCUIT },
  { "ineffective other",    985.2, 1428.5, 1776.7, S, S, L, RD_CPT_SIT_INEFFECTIVE },
  { "reserved code",        913.8, 1428.5, 1776.7, L, S, L, RD_CPT_SIT },
  { "ITU-T E.180",          950.0, 1400.0, 1800.0, 330, 330, 330, RD_CPT_SIT },
};
#undef S
#undef L

static void
sit_line (Line       *line,
          const Sit  *sit,
          double      amplitude,
          guint       gap_ms)
{
  silence (line, LEAD_IN_MS);
  tone (line, sit->f1, 0, sit->ms1, amplitude);
  silence (line, gap_ms);
  tone (line, sit->f2, 0, sit->ms2, amplitude);
  silence (line, gap_ms);
  tone (line, sit->f3, 0, sit->ms3, amplitude);
  silence (line, 1000);
}

static void
test_cpt_sit (void)
{
  /* loud (-12 dBFS) and at E.180's -24 dBm0 (about -27 dBFS); back to back, and 4 ms apart */
  static const double levels[] = { 8000.0, 1500.0 };
  static const guint gaps[] = { 0, 4 };

  for (guint i = 0; i < G_N_ELEMENTS (sits); i++)
    for (guint l = 0; l < G_N_ELEMENTS (levels); l++)
      for (guint g = 0; g < G_N_ELEMENTS (gaps); g++)
        {
          g_autoptr(Line) line = line_new ();
          g_autofree char *what = g_strdup_printf ("SIT %s at %g, %u ms apart", sits[i].name,
                                                   levels[l], gaps[g]);

          sit_line (line, &sits[i], levels[l], gaps[g]);
          /* decided within the third segment */
          expect (line, what, sits[i].expected, sits[i].ms1 + sits[i].ms2 + 2 * gaps[g] + 260);
        }
}

static void
test_cpt_sit_noise (void)
{
  /* a line with noise 20 dB below the tones, and an announcement after them */
  for (guint i = 0; i < G_N_ELEMENTS (sits); i++)
    {
      g_autoptr(Line) line = line_new ();
      g_autofree char *what = g_strdup_printf ("SIT %s in noise", sits[i].name);

      sit_line (line, &sits[i], 3000.0, 0);
      add_noise (line, 3000.0 / G_SQRT2 / 10);
      expect (line, what, sits[i].expected, 1300);
    }
}

/* ---- busy and congestion ---------------------------------------------------------------- */

typedef struct {
  const char  *name;
  double       f1, f2;
  guint        on_ms, off_ms;
  RdCptSignal  expected;
} Cadence;

static const Cadence cadences[] = {
  { "North American busy 480+620 0.5/0.5",     480, 620, 500, 500, RD_CPT_BUSY },
  { "CEPT busy 425 0.5/0.5",                    425, 0,   500, 500, RD_CPT_BUSY },
  { "Russian busy 425 0.35/0.35",               425, 0,   350, 350, RD_CPT_BUSY },
  { "Russian busy 425 0.4/0.4",                 425, 0,   400, 400, RD_CPT_BUSY },
  { "UK busy 400 0.375/0.375",                  400, 0,   375, 375, RD_CPT_BUSY },
  { "North American reorder 480+620 0.25/0.25", 480, 620, 250, 250, RD_CPT_CONGESTION },
  { "CEPT congestion 425 0.25/0.25",            425, 0,   250, 250, RD_CPT_CONGESTION },
  { "congestion 425 0.2/0.2",                   425, 0,   200, 200, RD_CPT_CONGESTION },
  { "Russian congestion 425 0.175/0.175",       425, 0,   175, 175, RD_CPT_CONGESTION },
};

static void
cadence_line (Line          *line,
              const Cadence *c,
              guint          skip_ms,
              double         amplitude)
{
  silence (line, LEAD_IN_MS);
  cadence (line, c->f1, c->f2, c->on_ms, c->off_ms, 6000, skip_ms, amplitude);
}

static void
test_cpt_busy (void)
{
  static const double levels[] = { 8000.0, 1000.0 };

  for (guint i = 0; i < G_N_ELEMENTS (cadences); i++)
    for (guint l = 0; l < G_N_ELEMENTS (levels); l++)
      {
        const Cadence *c = &cadences[i];
        g_autoptr(Line) line = line_new ();
        g_autofree char *what = g_strdup_printf ("%s at %g", c->name, levels[l]);

        cadence_line (line, c, 0, levels[l]);
        /* decided as the second tone ends: one cycle and a half */
        expect (line, what, c->expected, 2 * c->on_ms + c->off_ms + 40);
      }
}

static void
test_cpt_busy_joined_late (void)
{
  /* early media starts in the middle of a tone, or of a gap */
  static const guint skips[] = { 100, 300, 600, 800 };

  for (guint i = 0; i < G_N_ELEMENTS (cadences); i++)
    for (guint s = 0; s < G_N_ELEMENTS (skips); s++)
      {
        const Cadence *c = &cadences[i];
        g_autoptr(Line) line = line_new ();
        g_autofree char *what = g_strdup_printf ("%s, joined %u ms in", c->name, skips[s]);

        cadence_line (line, c, skips[s], 4000.0);
        /* at worst: what is left of a cycle, then two tones and the gap between them */
        expect (line, what, c->expected, 3 * (c->on_ms + c->off_ms) + 40);
      }
}

static void
test_cpt_busy_noise (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (cadences); i++)
    {
      const Cadence *c = &cadences[i];
      g_autoptr(Line) line = line_new ();
      g_autofree char *what = g_strdup_printf ("%s, noise 20 dB below", c->name);

      cadence_line (line, c, 0, 4000.0);
      add_noise (line, 4000.0 / G_SQRT2 / 10);
      expect (line, what, c->expected, 3 * (c->on_ms + c->off_ms) + 40);
    }
}

/* ---- what decides nothing --------------------------------------------------------------- */

static void
test_cpt_ringback (void)
{
  static const Cadence rings[] = {
    { "North American ringback 440+480 2/4",      440, 480, 2000, 4000, RD_CPT_NONE },
    { "CEPT and Russian ringback 425 1/4",        425, 0,   1000, 4000, RD_CPT_NONE },
    { "ringback 425 1/3",                         425, 0,   1000, 3000, RD_CPT_NONE },
    { "ringback 425 1.5/3.5",                     425, 0,   1500, 3500, RD_CPT_NONE },
  };
  static const guint skips[] = { 0, 500, 3000 };

  for (guint i = 0; i < G_N_ELEMENTS (rings); i++)
    for (guint s = 0; s < G_N_ELEMENTS (skips); s++)
      {
        g_autoptr(Line) line = line_new ();
        g_autofree char *what = g_strdup_printf ("%s, joined %u ms in", rings[i].name, skips[s]);

        silence (line, LEAD_IN_MS);
        cadence (line, rings[i].f1, rings[i].f2, rings[i].on_ms, rings[i].off_ms, 20000,
                 skips[s], 4000.0);
        add_noise (line, 200.0);
        expect (line, what, RD_CPT_NONE, 0);
      }

  /* the UK's double ring, 400+450 0.4 on 0.2 off 0.4 on 2 off */
  {
    g_autoptr(Line) line = line_new ();

    silence (line, LEAD_IN_MS);
    for (guint r = 0; r < 7; r++)
      {
        tone (line, 400, 450, 400, 3000.0);
        silence (line, 200);
        tone (line, 400, 450, 400, 3000.0);
        silence (line, 2000);
      }
    expect (line, "UK ringback 400+450 0.4/0.2/0.4/2", RD_CPT_NONE, 0);
  }

  /* a continuous tone (a dial tone, a number-unobtainable tone) */
  {
    g_autoptr(Line) line = line_new ();

    silence (line, LEAD_IN_MS);
    tone (line, 425, 0, 10000, 3000.0);
    expect (line, "continuous 425 Hz", RD_CPT_NONE, 0);
  }
}

static void
test_cpt_noise (void)
{
  static const double levels[] = { 50.0, 500.0, 3000.0, 10000.0 };

  for (guint l = 0; l < G_N_ELEMENTS (levels); l++)
    {
      g_autoptr(Line) line = line_new ();
      g_autofree char *what = g_strdup_printf ("white noise, RMS %g", levels[l]);

      silence (line, 20000);
      add_noise (line, levels[l]);
      expect (line, what, RD_CPT_NONE, 0);
    }
  /* noise in bursts with the busy cadence is not a tone */
  {
    g_autoptr(Line) line = line_new ();

    silence (line, LEAD_IN_MS);
    for (guint r = 0; r < 10; r++)
      {
        guint start = line->samples->len;

        silence (line, 500);
        for (guint i = start; i < line->samples->len; i++)
          g_array_index (line->samples, gint16, i) = (gint16) g_rand_int_range (line->rand, -5000, 5000);
        silence (line, 500);
      }
    expect (line, "noise bursts 0.5/0.5", RD_CPT_NONE, 0);
  }
}

/* ---- speech --------------------------------------------------------------------------- */

static char *tmp_dir;

/* @text spoken in @voice at 8 kHz, appended to @line. */
static void
speak (Line       *line,
       const char *voice,
       const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *spoken = g_build_filename (tmp_dir, "spoken.wav", NULL);
  g_autofree char *raw = g_build_filename (tmp_dir, "line.raw", NULL);
  g_autoptr(GSubprocess) espeak = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error,
                                                    "espeak-ng", "-v", voice, "-w", spoken, "--", text, NULL);
  g_autoptr(GSubprocess) sox = NULL;
  g_autofree char *data = NULL;
  gsize length = 0;

  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait_check (espeak, NULL, &error));
  g_assert_no_error (error);
  sox = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, "sox", spoken, "-r", "8000", "-c", "1",
                          "-b", "16", "-e", "signed-integer", "-t", "raw", raw, NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait_check (sox, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (raw, &data, &length, &error));
  g_array_append_vals (line->samples, data, length / 2);
}

static const struct {
  const char *voice;
  const char *text;
} speech[] = {
  { "en", "The number you have dialed is not in service. Please check the number and try again." },
  { "en", "All circuits are busy now. Please try your call again later." },
  { "en", "Hello, you have reached Anna Petrova. I cannot take your call right now. "
          "Please leave a message after the tone." },
  { "en-us", "The subscriber you are calling is not available. Please try again later." },
  { "ru", "Абонент временно недоступен. Попробуйте позвонить позднее." },
  { "ru", "Неправильно набран номер. Пожалуйста, проверьте номер и наберите снова." },
  { "ru", "Здравствуйте, вы позвонили в компанию Ромашка. Оставьте сообщение после сигнала." },
  { "de", "Die gewählte Rufnummer ist nicht vergeben." },
};

static void
test_cpt_speech (void)
{
  guint total_ms = 0;

  for (guint i = 0; i < G_N_ELEMENTS (speech); i++)
    {
      g_autoptr(Line) line = line_new ();
      g_autoptr(Line) loud = line_new ();
      g_autofree char *what = g_strdup_printf ("%s \"%s\"", speech[i].voice, speech[i].text);

      silence (line, LEAD_IN_MS);
      speak (line, speech[i].voice, speech[i].text);
      total_ms += line_ms (line);
      expect (line, what, RD_CPT_NONE, 0);

      /* the same over a ringback (some carriers play both) */
      silence (loud, LEAD_IN_MS);
      cadence (loud, 425, 0, 1000, 4000, line_ms (line) - LEAD_IN_MS, 0, 2000.0);
      for (guint s = 0; s < MIN (loud->samples->len, line->samples->len); s++)
        {
          gint16 *v = &g_array_index (loud->samples, gint16, s);

          *v = (gint16) CLAMP (*v + g_array_index (line->samples, gint16, s), -32767, 32767);
        }
      expect (loud, "  the same over 425 Hz ringback", RD_CPT_NONE, 0);
    }
  g_test_message ("speech: no decision in %u ms of it", total_ms);
}

static void
test_cpt_sit_then_announcement (void)
{
  /* what a carrier plays: the SIT, then the announcement (speech decides nothing) */
  g_autoptr(Line) line = line_new ();

  sit_line (line, &sits[1], 2000.0, 0);
  speak (line, "en", "The number you have dialed is not in service.");
  expect (line, "vacant code SIT, then the announcement", RD_CPT_SIT_VACANT, 1000);
}

static void
test_cpt_feed (void)
{
  /* packets of any size (10 ms, 30 ms, odd) give the same decision as 20 ms ones */
  g_autoptr(Line) line = line_new ();
  static const guint sizes[] = { 80, 240, 77, 1 };

  cadence_line (line, &cadences[0], 0, 4000.0);
  for (guint k = 0; k < G_N_ELEMENTS (sizes); k++)
    {
      RdCpt cpt;
      guint i;

      rd_cpt_init (&cpt);
      for (i = 0; i < line->samples->len && cpt.signal == RD_CPT_NONE; i += sizes[k])
        rd_cpt_feed (&cpt, &g_array_index (line->samples, gint16, i),
                     MIN (sizes[k], line->samples->len - i));
      g_assert_cmpint (cpt.signal, ==, RD_CPT_BUSY);
      g_assert_cmpuint (cpt.decided_ms, ==, LEAD_IN_MS + 1500 + 20);
      /* decided is decided */
      g_assert_cmpint (rd_cpt_feed (&cpt, (const gint16 *) line->samples->data, 1600), ==, RD_CPT_BUSY);
      g_assert_cmpuint (cpt.decided_ms, ==, LEAD_IN_MS + 1500 + 20);
    }
  g_assert_cmpstr (rd_cpt_signal_name (RD_CPT_SIT_VACANT), ==, "sit-vacant");
  g_assert_cmpstr (rd_cpt_signal_name (RD_CPT_NONE), ==, "none");
}

static void
test_cpt_cost (void)
{
  /* what listening costs the switch's thread: a minute of noise (every filter runs) */
  g_autoptr(Line) line = line_new ();
  RdCpt cpt;
  gint64 t0;
  double us;

  silence (line, 60000);
  add_noise (line, 3000.0);
  rd_cpt_init (&cpt);
  t0 = g_get_monotonic_time ();
  for (guint i = 0; i + 160 <= line->samples->len; i += 160)
    rd_cpt_feed (&cpt, &g_array_index (line->samples, gint16, i), 160);
  us = (double) (g_get_monotonic_time () - t0) / (line->samples->len / 160);
  g_test_message ("cost: %.2f us per 20 ms frame (%.3f %% of a core per leg in early media)",
                  us, us / 20000.0 * 100.0);
  g_assert_cmpint (cpt.signal, ==, RD_CPT_NONE);
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
  g_test_add_func ("/cpt/sit", test_cpt_sit);
  g_test_add_func ("/cpt/sit/noise", test_cpt_sit_noise);
  g_test_add_func ("/cpt/busy", test_cpt_busy);
  g_test_add_func ("/cpt/busy/joined-late", test_cpt_busy_joined_late);
  g_test_add_func ("/cpt/busy/noise", test_cpt_busy_noise);
  g_test_add_func ("/cpt/ringback", test_cpt_ringback);
  g_test_add_func ("/cpt/noise", test_cpt_noise);
  g_test_add_func ("/cpt/feed", test_cpt_feed);
  g_test_add_func ("/cpt/cost", test_cpt_cost);
  if (espeak != NULL && sox != NULL)
    {
      g_test_add_func ("/cpt/speech", test_cpt_speech);
      g_test_add_func ("/cpt/sit/announcement", test_cpt_sit_then_announcement);
    }
  tmp_dir = g_dir_make_tmp ("rd-cpt-XXXXXX", &error);
  g_assert_no_error (error);
  status = g_test_run ();
  {
    g_autofree char *spoken = g_build_filename (tmp_dir, "spoken.wav", NULL);
    g_autofree char *raw = g_build_filename (tmp_dir, "line.raw", NULL);

    g_remove (spoken);
    g_remove (raw);
    g_rmdir (tmp_dir);
  }
  g_free (tmp_dir);
  return status;
}
