/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "rd-test-phone.h"
#include "rd-wav.h"

/* Record on demand with two real engines: the agent (2 kHz tone) answers a caller
 * (1 kHz tone) and presses Record during the call. */

#define WAIT_MS 10000

typedef struct {
  char         *tmp;
  char         *rec_dir;
  RdTestEngine *agent;
  RdTestEngine *caller;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *tone_1k = NULL;
  g_autofree char *tone_2k = NULL;
  g_autofree char *src_1k = NULL;
  g_autofree char *src_2k = NULL;

  f->tmp = g_dir_make_tmp ("rd-phone-rec-XXXXXX", NULL);
  g_assert_nonnull (f->tmp);
  f->rec_dir = g_build_filename (f->tmp, "recordings", NULL);
  tone_1k = rd_test_make_tone (f->tmp, 1000, 120);
  tone_2k = rd_test_make_tone (f->tmp, 2000, 120);
  src_1k = g_strdup_printf ("aufile,%s", tone_1k);
  src_2k = g_strdup_printf ("aufile,%s", tone_2k);
  f->agent = rd_test_engine_new_full ("agent", src_2k, f->rec_dir, TRUE);
  f->caller = rd_test_engine_new_full ("caller", src_1k, NULL, FALSE);
  f->agent->auto_answer = TRUE;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_remove (child);
    }
  g_rmdir (path);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_pointer (&f->caller, rd_test_engine_free);
  g_clear_pointer (&f->agent, rd_test_engine_free);
  remove_tree (f->tmp);
  g_free (f->tmp);
  g_free (f->rec_dir);
}

/* Every file below @path (recursively): the engine's dir holds its config and logs. */
static void
list_files (const char *path,
            GPtrArray  *out,
            const char *skip_suffix)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        list_files (child, out, skip_suffix);
      else if (skip_suffix == NULL || !g_str_has_suffix (name, skip_suffix))
        g_ptr_array_add (out, g_steal_pointer (&child));
    }
}

/* Audio files anywhere in the engine's private dir or the recordings dir. */
static guint
count_audio (Fixture *f)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  guint n = 0;

  list_files (rd_baresip_engine_get_config_dir (f->agent->engine), files, NULL);
  list_files (f->rec_dir, files, NULL);
  for (guint i = 0; i < files->len; i++)
    if (g_str_has_suffix (g_ptr_array_index (files, i), ".wav"))
      n++;
  return n;
}

static gboolean
any_audio (gpointer data)
{
  return count_audio (data) > 0;
}

static gboolean
has_recording (gpointer data)
{
  return rd_call_get_recording_path (data) != NULL;
}

static gboolean
is_closed (gpointer data)
{
  return rd_call_is_closed (data);
}

/* Lets @ms of audio flow: a bounded wait for a condition that never holds. */
static void
let_audio_flow (RdCall *call,
                guint   ms)
{
  g_assert_false (rd_test_wait (is_closed, call, ms));
}

static RdCall *
connect_call (Fixture  *f,
              RdCall  **out)
{
  g_autofree char *agent_uri = rd_test_engine_uri (f->agent);
  g_autoptr(GError) error = NULL;
  RdCall *in;

  *out = rd_phone_dial (f->caller->phone, agent_uri, &error);
  g_assert_no_error (error);
  g_assert_true (rd_test_wait_call_state (*out, RD_CALL_STATE_ESTABLISHED, WAIT_MS));
  in = rd_test_engine_last_call (f->agent);
  g_assert_true (rd_test_wait_call_state (in, RD_CALL_STATE_ESTABLISHED, WAIT_MS));
  return in;
}

static void
hang_up (Fixture *f,
         RdCall  *in,
         RdCall  *out)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (rd_phone_hang_up (f->agent->phone, in, &error));
  g_assert_no_error (error);
  g_assert_true (rd_test_wait_call_state (in, RD_CALL_STATE_CLOSED, WAIT_MS));
  g_assert_true (rd_test_wait_call_state (out, RD_CALL_STATE_CLOSED, WAIT_MS));
}

static double
dominant_hz (const RdWav *wav,
             guint        channel)
{
  double best_power = 0.0;
  double best_hz = 0.0;

  for (double hz = 200.0; hz <= 3800.0; hz += 50.0)
    {
      double power = rd_test_goertzel (wav->samples + channel, wav->frames, 2, wav->rate, hz);
      if (power > best_power)
        {
          best_power = power;
          best_hz = hz;
        }
    }
  return best_hz;
}

static double
seconds_between (gint64     from_us,
                 GDateTime *to)
{
  return (double) (g_date_time_to_unix (to) * G_USEC_PER_SEC
                   + g_date_time_get_microsecond (to) - from_us) / G_USEC_PER_SEC;
}

/* Record pressed 1.5 s into the call: the recording holds the call from the press on. */
static void
test_on_demand (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(RdCall) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RdWav) wav = NULL;
  g_autoptr(GPtrArray) kept = g_ptr_array_new_with_free_func (g_free);
  RdCall *in = connect_call (f, &out);
  gint64 pressed;
  double expected;

  let_audio_flow (in, 1500);
  g_assert_false (rd_call_get_recording (in));
  g_assert_false (any_audio (f));  /* nothing is written before the press */

  pressed = g_get_real_time ();
  g_assert_true (rd_phone_set_recording (f->agent->phone, in, TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (rd_call_get_recording (in));
  let_audio_flow (in, 2000);
  /* The peer's call went on: the media update (hold + resume) did not end it. */
  g_assert_cmpint (rd_call_get_state (out), ==, RD_CALL_STATE_ESTABLISHED);

  hang_up (f, in, out);
  g_assert_true (rd_test_wait (has_recording, in, WAIT_MS));
  wav = rd_wav_read (rd_call_get_recording_path (in), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (wav->channels, ==, 2);
  expected = seconds_between (pressed, rd_call_get_ended (in));
  g_test_message ("recording %.3f s, press to end %.3f s", rd_wav_duration (wav), expected);
  g_assert_cmpfloat (ABS (rd_wav_duration (wav) - expected), <, 0.5);
  g_assert_cmpfloat (dominant_hz (wav, 1), ==, 1000.0);  /* the caller's channel */
  g_assert_cmpfloat (dominant_hz (wav, 0), ==, 2000.0);  /* the agent's own */

  /* baresip's two dump files are gone: only the call's recording is left. */
  g_assert_cmpuint (count_audio (f), ==, 1);
}

/* Record, Stop, Record again: only the two recorded spans are kept; then a call with no
 * press leaves no audio anywhere (sndfile was unloaded when the first call ended). */
static void
test_on_demand_stop (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(RdCall) out = NULL;
  g_autoptr(RdCall) out2 = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RdWav) wav = NULL;
  g_autofree char *first_path = NULL;
  RdCall *in = connect_call (f, &out);
  RdCall *in2;
  gint64 start1, stop1, start2;
  double expected;

  let_audio_flow (in, 1000);
  start1 = g_get_real_time ();
  g_assert_true (rd_phone_set_recording (f->agent->phone, in, TRUE, &error));
  let_audio_flow (in, 1500);
  stop1 = g_get_real_time ();
  g_assert_true (rd_phone_set_recording (f->agent->phone, in, FALSE, &error));
  g_assert_false (rd_call_get_recording (in));
  let_audio_flow (in, 1500);
  start2 = g_get_real_time ();
  g_assert_true (rd_phone_set_recording (f->agent->phone, in, TRUE, &error));
  g_assert_no_error (error);
  let_audio_flow (in, 1000);
  hang_up (f, in, out);

  g_assert_true (rd_test_wait (has_recording, in, WAIT_MS));
  wav = rd_wav_read (rd_call_get_recording_path (in), &error);
  g_assert_no_error (error);
  expected = (double) (stop1 - start1) / G_USEC_PER_SEC
           + seconds_between (start2, rd_call_get_ended (in));
  g_test_message ("recording %.3f s, recorded spans %.3f s", rd_wav_duration (wav), expected);
  g_assert_cmpfloat (ABS (rd_wav_duration (wav) - expected), <, 0.5);
  g_assert_cmpfloat (dominant_hz (wav, 1), ==, 1000.0);
  first_path = g_strdup (rd_call_get_recording_path (in));
  g_assert_cmpuint (count_audio (f), ==, 1);

  /* A second call, nobody presses Record. */
  g_remove (first_path);
  in2 = connect_call (f, &out2);
  g_assert_true (in2 != in);
  let_audio_flow (in2, 1500);
  hang_up (f, in2, out2);
  g_assert_false (rd_test_wait (any_audio, f, 1500));
  g_assert_null (rd_call_get_recording_path (in2));
}

/* No press at all: no file anywhere, and asking to record a call that is over fails. */
static void
test_on_demand_none (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(RdCall) out = NULL;
  g_autoptr(GError) error = NULL;
  RdCall *in = connect_call (f, &out);

  let_audio_flow (in, 2000);
  hang_up (f, in, out);
  g_assert_false (rd_test_wait (any_audio, f, 1500));
  g_assert_null (rd_call_get_recording_path (in));

  g_assert_false (rd_phone_set_recording (f->agent->phone, in, TRUE, &error));
  g_assert_error (error, RD_PHONE_ERROR, RD_PHONE_ERROR_WRONG_STATE);
}

static gboolean
two_audio_files (gpointer data)
{
  return count_audio (data) == 2;
}

/* Call waiting while a call is recorded: the second call's audio starts while sndfile is
 * loaded, so baresip writes it too; nobody asked, so nothing of it is kept. The recorded
 * call is held meanwhile and still kept from the press to its end. */
static void
test_on_demand_waiting (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(RdTestEngine) second = rd_test_engine_new_full ("second", NULL, NULL, FALSE);
  g_autofree char *agent_uri = rd_test_engine_uri (f->agent);
  g_autoptr(RdCall) out = NULL;
  g_autoptr(RdCall) out2 = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RdWav) wav = NULL;
  RdCall *in = connect_call (f, &out);
  RdCall *in2;
  gint64 pressed;
  double expected;

  let_audio_flow (in, 1000);
  pressed = g_get_real_time ();
  g_assert_true (rd_phone_set_recording (f->agent->phone, in, TRUE, &error));
  let_audio_flow (in, 1500);

  /* The agent answers the second caller (auto_answer: rd_phone_answer of the waiting
   * call), which holds the first. */
  out2 = rd_phone_dial (second->phone, agent_uri, &error);
  g_assert_no_error (error);
  g_assert_true (rd_test_wait_call_state (out2, RD_CALL_STATE_ESTABLISHED, WAIT_MS));
  in2 = rd_test_engine_last_call (f->agent);
  g_assert_true (in2 != in);
  g_assert_true (rd_test_wait_call_state (in, RD_CALL_STATE_HELD, WAIT_MS));
  g_assert_false (rd_call_get_recording (in2));
  let_audio_flow (in2, 1500);
  hang_up (f, in2, out2);

  /* The second call's dump files go; the first call's two stay open. */
  g_assert_true (rd_test_wait (two_audio_files, f, WAIT_MS));
  g_assert_null (rd_call_get_recording_path (in2));
  g_assert_true (rd_test_wait_call_state (in, RD_CALL_STATE_ESTABLISHED, WAIT_MS));
  let_audio_flow (in, 1000);
  hang_up (f, in, out);

  g_assert_true (rd_test_wait (has_recording, in, WAIT_MS));
  wav = rd_wav_read (rd_call_get_recording_path (in), &error);
  g_assert_no_error (error);
  expected = seconds_between (pressed, rd_call_get_ended (in));
  g_test_message ("recording %.3f s, press to end %.3f s", rd_wav_duration (wav), expected);
  g_assert_cmpfloat (ABS (rd_wav_duration (wav) - expected), <, 0.5);
  g_assert_cmpfloat (dominant_hz (wav, 1), ==, 1000.0);
  g_assert_cmpuint (count_audio (f), ==, 1);
}

/* The other order: the first call is not recorded; the agent answers a second caller
 * (the first is held) and records that one. When it ends the first call is resumed (a
 * re-INVITE) while sndfile is still loaded, so baresip starts writing it too: those files
 * go when it ends, and only the second call's recording is left. */
static void
test_on_demand_resumed (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(RdTestEngine) second = rd_test_engine_new_full ("second", NULL, NULL, FALSE);
  g_autofree char *agent_uri = rd_test_engine_uri (f->agent);
  g_autoptr(RdCall) out = NULL;
  g_autoptr(RdCall) out2 = NULL;
  g_autoptr(GError) error = NULL;
  RdCall *in = connect_call (f, &out);
  RdCall *in2;

  let_audio_flow (in, 1000);
  out2 = rd_phone_dial (second->phone, agent_uri, &error);
  g_assert_no_error (error);
  g_assert_true (rd_test_wait_call_state (out2, RD_CALL_STATE_ESTABLISHED, WAIT_MS));
  in2 = rd_test_engine_last_call (f->agent);
  g_assert_true (rd_test_wait_call_state (in, RD_CALL_STATE_HELD, WAIT_MS));
  let_audio_flow (in2, 1000);
  g_assert_true (rd_phone_set_recording (f->agent->phone, in2, TRUE, &error));
  g_assert_no_error (error);
  let_audio_flow (in2, 1500);
  hang_up (f, in2, out2);
  g_assert_true (rd_test_wait (has_recording, in2, WAIT_MS));

  /* The first call is back and goes on for a while, then ends. */
  g_assert_true (rd_test_wait_call_state (in, RD_CALL_STATE_ESTABLISHED, WAIT_MS));
  let_audio_flow (in, 1500);
  hang_up (f, in, out);
  g_assert_false (rd_test_wait (has_recording, in, 1500));
  g_assert_cmpuint (count_audio (f), ==, 1);
}

/* The setting changes while the engine runs: "always" records the next call whole with
 * no press; back to "on demand", a call with no press leaves nothing. */
static void
test_switch_mode (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(RdCall) out = NULL;
  g_autoptr(RdCall) out2 = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RdWav) wav = NULL;
  g_autofree char *first_path = NULL;
  RdCall *in;
  RdCall *in2;

  rd_baresip_engine_set_record_on_demand (f->agent->engine, FALSE);
  in = connect_call (f, &out);
  g_assert_true (rd_call_get_recording (in));
  let_audio_flow (in, 1500);
  hang_up (f, in, out);
  g_assert_true (rd_test_wait (has_recording, in, WAIT_MS));
  wav = rd_wav_read (rd_call_get_recording_path (in), &error);
  g_assert_no_error (error);
  g_test_message ("recording %.3f s, call %.3f s", rd_wav_duration (wav),
                  rd_call_get_bill_seconds (in));
  g_assert_cmpfloat (ABS (rd_wav_duration (wav) - rd_call_get_bill_seconds (in)), <, 0.5);
  first_path = g_strdup (rd_call_get_recording_path (in));
  g_remove (first_path);

  rd_baresip_engine_set_record_on_demand (f->agent->engine, TRUE);
  in2 = connect_call (f, &out2);
  g_assert_true (in2 != in);
  g_assert_false (rd_call_get_recording (in2));
  let_audio_flow (in2, 1500);
  hang_up (f, in2, out2);
  g_assert_false (rd_test_wait (any_audio, f, 1500));
}

static gboolean
is_held (gpointer data)
{
  return rd_call_get_held (data);
}

/* Record pressed while the agent holds the call: the recording starts when the call is
 * taken off hold (nothing to record before), and holds the peer's half. */
static void
test_on_demand_held (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(RdCall) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RdWav) wav = NULL;
  RdCall *in = connect_call (f, &out);
  gint64 pressed, resumed;
  double expected;

  let_audio_flow (in, 1000);
  g_assert_true (rd_phone_set_held (f->agent->phone, in, TRUE, &error));
  g_assert_true (rd_test_wait (is_held, in, WAIT_MS));
  pressed = g_get_real_time ();
  g_assert_true (rd_phone_set_recording (f->agent->phone, in, TRUE, &error));
  g_assert_no_error (error);
  let_audio_flow (in, 1000);
  g_assert_true (rd_call_get_held (in));   /* still held: the media update left it so */
  g_assert_false (any_audio (f));   /* nothing written while held */
  g_assert_true (rd_phone_set_held (f->agent->phone, in, FALSE, &error));
  g_assert_true (rd_test_wait_call_state (in, RD_CALL_STATE_ESTABLISHED, WAIT_MS));
  resumed = g_get_real_time ();
  let_audio_flow (in, 1500);
  hang_up (f, in, out);

  g_assert_true (rd_test_wait (has_recording, in, WAIT_MS));
  wav = rd_wav_read (rd_call_get_recording_path (in), &error);
  g_assert_no_error (error);
  expected = seconds_between (resumed, rd_call_get_ended (in));
  g_test_message ("recording %.3f s, resume to end %.3f s (pressed %.3f s before the resume)",
                  rd_wav_duration (wav), expected, (double) (resumed - pressed) / G_USEC_PER_SEC);
  g_assert_cmpfloat (ABS (rd_wav_duration (wav) - expected), <, 0.5);
  g_assert_cmpfloat (dominant_hz (wav, 1), ==, 1000.0);
  g_assert_cmpuint (count_audio (f), ==, 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/phone/recording/on-demand", test_on_demand);
  ADD ("/phone/recording/on-demand-stop", test_on_demand_stop);
  ADD ("/phone/recording/on-demand-none", test_on_demand_none);
  ADD ("/phone/recording/on-demand-waiting", test_on_demand_waiting);
  ADD ("/phone/recording/on-demand-resumed", test_on_demand_resumed);
  ADD ("/phone/recording/switch-mode", test_switch_mode);
  ADD ("/phone/recording/on-demand-held", test_on_demand_held);

  return g_test_run ();
}
