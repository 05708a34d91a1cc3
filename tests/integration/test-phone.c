/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>

#include "rd-call-log.h"
#include "rd-test-phone.h"
#include "rd-wav.h"

#define WAIT_MS 10000

typedef struct {
  char *tmp;
  char *tone_1k;
  char *tone_2k;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->tmp = g_dir_make_tmp ("rd-phone-XXXXXX", NULL);
  g_assert_nonnull (f->tmp);
  f->tone_1k = rd_test_make_tone (f->tmp, 1000, 120);
  f->tone_2k = rd_test_make_tone (f->tmp, 2000, 120);
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
  remove_tree (f->tmp);
  g_free (f->tmp);
  g_free (f->tone_1k);
  g_free (f->tone_2k);
}

static char *
source_of (const char *tone)
{
  return g_strdup_printf ("aufile,%s", tone);
}

static gboolean
has_ended (gpointer data)
{
  RdTestEngine *te = data;
  return te->ended->len > 0;
}

static gboolean
has_call (gpointer data)
{
  return rd_test_engine_last_call (data) != NULL;
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

static gboolean
is_muted (gpointer data)
{
  return rd_call_get_muted (data);
}

static gboolean
is_ready (gpointer data)
{
  return rd_baresip_engine_get_ready (data);
}

/* --- sipp peers -------------------------------------------------------------------------- */

static void
test_incoming_from_sipp (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(RdTestEngine) agent = rd_test_engine_new ("agent", NULL, NULL);
  g_autofree char *remote = g_strdup_printf ("127.0.0.1:%u",
                                             rd_baresip_engine_get_sip_port (agent->engine));
  g_autoptr(GError) error = NULL;
  g_autoptr(RdTestSipp) sipp = rd_test_sipp_start ("uac-call.xml", remote, &error);
  RdCall *call;

  g_assert_no_error (error);
  g_assert_true (rd_test_wait (has_call, agent, WAIT_MS));
  call = rd_test_engine_last_call (agent);

  /* The caller id is there before anyone answers: the screen pop's input. */
  g_assert_cmpint (rd_call_get_direction (call), ==, RD_CALL_DIRECTION_INCOMING);
  g_assert_cmpint (rd_call_get_state (call), ==, RD_CALL_STATE_INCOMING);
  g_assert_cmpstr (rd_call_get_peer_name (call), ==, "Alice Example");
  g_assert_true (g_str_has_prefix (rd_call_get_peer_uri (call), "sip:+7-999-123-45-67@"));
  g_assert_cmpstr (rd_call_get_number (call), ==, "+79991234567");
  g_assert_cmpstr (rd_call_get_account (call), ==, "sip:agent@127.0.0.1");
  g_assert_nonnull (rd_call_get_id (call));
  g_assert_null (rd_call_get_answered (call));

  g_assert_true (rd_phone_answer (agent->phone, call, &error));
  g_assert_no_error (error);
  g_assert_true (rd_test_wait_call_state (call, RD_CALL_STATE_ESTABLISHED, WAIT_MS));
  g_assert_nonnull (rd_call_get_answered (call));
  g_assert_cmpuint (g_list_model_get_n_items (rd_phone_get_calls (agent->phone)), ==, 1);

  g_assert_true (rd_phone_hang_up (agent->phone, call, &error));
  g_assert_no_error (error);
  g_assert_true (rd_test_wait_call_state (call, RD_CALL_STATE_CLOSED, WAIT_MS));
  g_assert_cmpstr (rd_call_get_hangup_cause (call), ==, RD_CALL_CAUSE_LOCAL_HANGUP);
  g_assert_cmpuint (rd_call_get_sip_status (call), ==, 0);
  g_assert_true (rd_test_sipp_wait (sipp, WAIT_MS));
  g_assert_cmpuint (agent->ended->len, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (rd_phone_get_calls (agent->phone)), ==, 0);
}

typedef struct {
  RdScreenPopKind  kind;
  char            *match;
  guint            pops;
} PopWatch;

static void
screen_pop_cb (RdCallLog   *log,
               RdCall      *call,
               RdScreenPop *pop,
               PopWatch    *w)
{
  w->pops++;
  w->kind = pop->kind;
  g_free (w->match);
  w->match = pop->matches->len > 0
    ? g_strdup (rd_record_get_id (g_ptr_array_index (pop->matches, 0))) : NULL;
}

static gboolean
popped (gpointer data)
{
  return ((PopWatch *) data)->pops > 0;
}

static gboolean
has_record (gpointer data)
{
  return rd_call_log_get_record_id (data) != NULL;
}

static void
test_call_log_pop (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *db = g_build_filename (f->tmp, "replica.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(RdStore) store = rd_store_open (db, &error);
  g_autoptr(RdRecord) contact = rd_record_new ("contacts");
  g_autoptr(RdTestEngine) agent = rd_test_engine_new ("agent", NULL, NULL);
  g_autoptr(RdCallLog) log = NULL;
  g_autofree char *remote = NULL;
  g_autoptr(RdTestSipp) sipp = NULL;
  g_autoptr(RdRecord) record = NULL;
  g_autoptr(GPtrArray) timeline = NULL;
  PopWatch w = { 0, };
  RdCall *call;

  g_assert_no_error (error);
  rd_record_set_string (contact, "name", "Anna Petrova");
  rd_record_add_phone (contact, "8 (999) 123-45-67", "work");
  g_assert_true (rd_store_insert (store, contact, &error));
  g_assert_no_error (error);

  log = rd_call_log_new (store, "agent-1");
  rd_call_log_attach (log, agent->phone);
  g_signal_connect (log, "screen-pop", G_CALLBACK (screen_pop_cb), &w);

  /* sipp calls as "+7-999-123-45-67": the pop finds the contact stored as 8 (999)…. */
  remote = g_strdup_printf ("127.0.0.1:%u", rd_baresip_engine_get_sip_port (agent->engine));
  sipp = rd_test_sipp_start ("uac-call.xml", remote, &error);
  g_assert_no_error (error);
  g_assert_true (rd_test_wait (popped, &w, WAIT_MS));
  call = rd_test_engine_last_call (agent);
  g_assert_cmpint (rd_call_get_state (call), ==, RD_CALL_STATE_INCOMING);
  g_assert_cmpint (w.kind, ==, RD_SCREEN_POP_ONE);
  g_assert_cmpstr (w.match, ==, rd_record_get_id (contact));

  g_assert_true (rd_phone_answer (agent->phone, call, &error));
  g_assert_true (rd_test_wait_call_state (call, RD_CALL_STATE_ESTABLISHED, WAIT_MS));
  g_assert_true (rd_phone_hang_up (agent->phone, call, &error));
  g_assert_true (rd_test_wait (has_record, call, WAIT_MS));
  g_assert_true (rd_test_sipp_wait (sipp, WAIT_MS));

  record = rd_store_get (store, "calls", rd_call_log_get_record_id (call), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rd_record_get_string (record, "from_number"), ==, "+79991234567");
  g_assert_cmpstr (rd_record_get_string (record, "direction"), ==, "inbound");
  g_assert_cmpstr (rd_record_get_string (record, "parent_id"), ==, rd_record_get_id (contact));
  g_assert_cmpstr (rd_record_get_string (record, "hangup_cause"), ==, "local hangup");
  g_assert_cmpint (rd_record_get_int (record, "answered_at", 0), >, 0);

  timeline = rd_store_timeline (store, rd_record_get_id (contact), 0, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (timeline->len, >=, 1);
  g_free (w.match);
}

typedef struct {
  const char  *scenario;
  RdCallState  reached;      /* the state to see before it ends */
  const char  *cause;
  guint        sip_status;
  gboolean     answered;
} Outcome;

static const Outcome outcome_answered = { "uas-answer.xml", RD_CALL_STATE_ESTABLISHED,
                                          RD_CALL_CAUSE_REMOTE_HANGUP, 0, TRUE };
static const Outcome outcome_busy = { "uas-busy.xml", RD_CALL_STATE_DIALING,
                                      RD_CALL_CAUSE_BUSY, 486, FALSE };
static const Outcome outcome_declined = { "uas-decline.xml", RD_CALL_STATE_DIALING,
                                          RD_CALL_CAUSE_DECLINED, 603, FALSE };
static const Outcome outcome_no_answer = { "uas-noanswer.xml", RD_CALL_STATE_ALERTING,
                                           RD_CALL_CAUSE_NO_ANSWER, 0, FALSE };

static void
test_outgoing_to_sipp (Fixture       *f,
                       gconstpointer  data)
{
  const Outcome *outcome = data;
  g_autofree char *src_1k = source_of (f->tone_1k);
  g_autoptr(RdTestEngine) agent = rd_test_engine_new ("agent", src_1k, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(RdTestSipp) sipp = rd_test_sipp_start (outcome->scenario, NULL, &error);
  g_autofree char *uri = NULL;
  g_autoptr(RdCall) call = NULL;
  g_autofree char *db = g_build_filename (f->tmp, "replica.db", NULL);
  g_autoptr(RdStore) store = rd_store_open (db, &error);
  g_autoptr(RdCallLog) log = NULL;
  g_autoptr(RdRecord) record = NULL;

  g_assert_no_error (error);
  log = rd_call_log_new (store, "agent-1");
  rd_call_log_attach (log, agent->phone);
  rd_phone_set_no_answer_timeout (agent->phone, 2);
  uri = g_strdup_printf ("sip:service@127.0.0.1:%u", sipp->port);
  call = rd_phone_dial (agent->phone, uri, &error);
  g_assert_no_error (error);
  g_assert_nonnull (call);
  g_assert_cmpint (rd_call_get_direction (call), ==, RD_CALL_DIRECTION_OUTGOING);

  if (outcome->reached != RD_CALL_STATE_DIALING)
    g_assert_true (rd_test_wait_call_state (call, outcome->reached, WAIT_MS));
  g_assert_true (rd_test_wait_call_state (call, RD_CALL_STATE_CLOSED, WAIT_MS));

  g_assert_nonnull (rd_call_get_id (call));
  g_assert_cmpstr (rd_call_get_hangup_cause (call), ==, outcome->cause);
  g_assert_cmpuint (rd_call_get_sip_status (call), ==, outcome->sip_status);
  g_assert_nonnull (rd_call_get_ended (call));
  g_assert_cmpfloat (rd_call_get_total_seconds (call), >, 0.0);
  if (outcome->answered)
    {
      g_assert_nonnull (rd_call_get_answered (call));
      g_assert_cmpfloat (rd_call_get_bill_seconds (call), >, 0.0);
      g_assert_cmpfloat (rd_call_get_bill_seconds (call), <=, rd_call_get_total_seconds (call));
      g_test_message ("answered call: bill %.2f s, total %.2f s",
                      rd_call_get_bill_seconds (call), rd_call_get_total_seconds (call));
    }
  else
    {
      g_assert_null (rd_call_get_answered (call));
      g_assert_cmpfloat (rd_call_get_bill_seconds (call), ==, 0.0);
    }
  g_assert_true (rd_test_sipp_wait (sipp, WAIT_MS));
  g_assert_true (rd_test_wait (has_ended, agent, WAIT_MS));

  /* The call record keeps the cause and the SIP status of the end. */
  g_assert_nonnull (rd_call_log_get_record_id (call));
  record = rd_store_get (store, "calls", rd_call_log_get_record_id (call), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rd_record_get_string (record, "hangup_cause"), ==, outcome->cause);
  g_assert_cmpint (rd_record_get_int (record, "sip_status", 0), ==, outcome->sip_status);
  g_assert_cmpint (rd_record_get_int (record, "answered_at", 0) != 0, ==, outcome->answered);
}

static gboolean
registered (gpointer data)
{
  return rd_phone_get_registration (data, "sip:agent@127.0.0.1") == RD_REGISTRATION_REGISTERED;
}

static gboolean
file_contains (const char *dir,
               const char *needle)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          if (file_contains (path, needle))
            return TRUE;
        }
      else if (g_file_get_contents (path, &contents, NULL, NULL)
               && strstr (contents, needle) != NULL)
        return TRUE;
    }
  return FALSE;
}

static void
test_register_digest (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdTestSipp) registrar = rd_test_sipp_start ("uas-register.xml", NULL, &error);
  g_autoptr(RdBaresipEngine) engine = rd_baresip_engine_new ();
  g_autoptr(RdPhone) phone = rd_phone_new (RD_PHONE_BACKEND (engine));
  g_autofree char *account = NULL;

  g_assert_no_error (error);
  account = g_strdup_printf ("<sip:agent@127.0.0.1>;outbound=\"sip:127.0.0.1:%u\";regint=600",
                             registrar->port);

  /* Bad input is refused clearly, and nothing is half-added. */
  g_assert_false (rd_phone_add_account (phone, "agent@127.0.0.1", "x", &error));
  g_assert_error (error, RD_PHONE_ERROR, RD_PHONE_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (rd_phone_add_account (phone, account, "bad;pass", &error));
  g_assert_error (error, RD_PHONE_ERROR, RD_PHONE_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  g_assert_true (rd_phone_add_account (phone, account, "s3cret-Pass", &error));
  g_assert_no_error (error);
  g_assert_true (rd_phone_start (phone, &error));
  g_assert_no_error (error);

  /* The registrar checks the digest: the password reached baresip over ctrl_tcp. */
  g_assert_true (rd_test_wait (registered, phone, WAIT_MS));
  g_assert_true (rd_test_sipp_wait (registrar, WAIT_MS));

  /* …and it is in no file of the engine's private dir (config, accounts, log). */
  g_assert_false (file_contains (rd_baresip_engine_get_config_dir (engine), "s3cret-Pass"));
  rd_phone_stop (phone);
}

typedef struct {
  guint registered;
  guint registering;
} RegWatch;

static void
registration_cb (RdPhone             *phone,
                 const char          *aor,
                 RdRegistrationState  state,
                 const char          *reason,
                 RegWatch            *w)
{
  if (state == RD_REGISTRATION_REGISTERED)
    w->registered++;
  else if (state == RD_REGISTRATION_REGISTERING)
    w->registering++;
}

static gboolean
registered_twice (gpointer data)
{
  return ((RegWatch *) data)->registered >= 2;
}

static gboolean
registered_once (gpointer data)
{
  return ((RegWatch *) data)->registered >= 1;
}

static void
test_reregister (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdTestSipp) registrar = rd_test_sipp_start_n ("uas-register-any.xml", NULL, 10,
                                                                 &error);
  g_autoptr(RdBaresipEngine) engine = rd_baresip_engine_new ();
  g_autoptr(RdPhone) phone = rd_phone_new (RD_PHONE_BACKEND (engine));
  g_autofree char *account = NULL;
  RegWatch w = { 0, };

  g_assert_no_error (error);
  g_signal_connect (phone, "registration-changed", G_CALLBACK (registration_cb), &w);
  account = g_strdup_printf ("<sip:agent@127.0.0.1>;outbound=\"sip:127.0.0.1:%u\";regint=600",
                             registrar->port);
  g_assert_true (rd_phone_add_account (phone, account, NULL, &error));
  g_assert_true (rd_phone_start (phone, &error));
  g_assert_true (rd_test_wait (registered_once, &w, WAIT_MS));

  /* What a network change triggers: the account registers anew. */
  rd_baresip_engine_reregister (engine);
  g_assert_true (rd_test_wait (registered_twice, &w, WAIT_MS));
  g_assert_cmpuint (w.registering, >=, 2);
  g_assert_cmpint (rd_phone_get_registration (phone, "sip:agent@127.0.0.1"), ==,
                   RD_REGISTRATION_REGISTERED);
  rd_phone_stop (phone);
}

/* --- two engines ------------------------------------------------------------------------- */

static void
test_tone_recording (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *rec_dir = g_build_filename (f->tmp, "recordings", NULL);
  g_autofree char *src_1k = source_of (f->tone_1k);
  g_autofree char *src_2k = source_of (f->tone_2k);
  g_autoptr(RdTestEngine) agent = rd_test_engine_new ("agent", src_2k, rec_dir);
  g_autoptr(RdTestEngine) caller = rd_test_engine_new ("caller", src_1k, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *agent_uri = rd_test_engine_uri (agent);
  g_autoptr(RdWav) wav = NULL;
  g_autoptr(RdCall) out = NULL;
  RdCall *in;
  double call_seconds;
  double best_power = 0.0;
  double best_hz = 0.0;
  double agent_1k, agent_2k;

  agent->auto_answer = TRUE;
  out = rd_phone_dial (caller->phone, agent_uri, &error);
  g_assert_no_error (error);
  g_assert_true (rd_test_wait_call_state (out, RD_CALL_STATE_ESTABLISHED, WAIT_MS));
  in = rd_test_engine_last_call (agent);
  g_assert_true (rd_test_wait_call_state (in, RD_CALL_STATE_ESTABLISHED, WAIT_MS));
  g_assert_cmpstr (rd_call_get_id (in), ==, rd_call_get_id (out));

  /* Let two seconds of audio flow: a bounded wait for a condition that never holds. */
  g_assert_false (rd_test_wait (is_closed, in, 2000));

  g_assert_true (rd_phone_hang_up (agent->phone, in, &error));
  g_assert_no_error (error);
  g_assert_true (rd_test_wait_call_state (in, RD_CALL_STATE_CLOSED, WAIT_MS));
  g_assert_true (rd_test_wait_call_state (out, RD_CALL_STATE_CLOSED, WAIT_MS));
  g_assert_cmpstr (rd_call_get_hangup_cause (out), ==, RD_CALL_CAUSE_REMOTE_HANGUP);
  g_assert_true (rd_test_wait (has_recording, in, WAIT_MS));

  wav = rd_wav_read (rd_call_get_recording_path (in), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (wav->channels, ==, 2);
  g_assert_cmpuint (wav->rate, ==, 8000);
  call_seconds = rd_call_get_bill_seconds (in);
  g_test_message ("recording %.3f s, call %.3f s", rd_wav_duration (wav), call_seconds);
  g_assert_cmpfloat (ABS (rd_wav_duration (wav) - call_seconds), <, 0.5);

  /* Right channel: what the caller sent, a 1 kHz tone. */
  for (double hz = 200.0; hz <= 3800.0; hz += 50.0)
    {
      double power = rd_test_goertzel (wav->samples + 1, wav->frames, 2, wav->rate, hz);
      if (power > best_power)
        {
          best_power = power;
          best_hz = hz;
        }
    }
  g_test_message ("dominant frequency of the caller's channel: %.0f Hz", best_hz);
  g_assert_cmpfloat (best_hz, ==, 1000.0);

  /* Left channel: the agent's own 2 kHz. */
  agent_1k = rd_test_goertzel (wav->samples, wav->frames, 2, wav->rate, 1000.0);
  agent_2k = rd_test_goertzel (wav->samples, wav->frames, 2, wav->rate, 2000.0);
  g_assert_cmpfloat (agent_2k, >, 100.0 * agent_1k);
}

static void
test_hold_mute_dtmf (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *src_1k = source_of (f->tone_1k);
  g_autoptr(RdTestEngine) agent = rd_test_engine_new ("agent", src_1k, NULL);
  g_autoptr(RdTestEngine) peer = rd_test_engine_new ("peer", src_1k, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *peer_uri = rd_test_engine_uri (peer);
  g_autoptr(RdCall) call = NULL;

  peer->auto_answer = TRUE;
  call = rd_phone_dial (agent->phone, peer_uri, &error);
  g_assert_no_error (error);

  /* Not yet connected: in-call commands are refused, not lost in the engine. */
  g_assert_false (rd_phone_send_dtmf (agent->phone, call, "1", &error));
  g_assert_error (error, RD_PHONE_ERROR, RD_PHONE_ERROR_WRONG_STATE);
  g_clear_error (&error);

  g_assert_true (rd_test_wait_call_state (call, RD_CALL_STATE_ESTABLISHED, WAIT_MS));

  g_assert_true (rd_phone_set_held (agent->phone, call, TRUE, &error));
  g_assert_true (rd_test_wait_call_state (call, RD_CALL_STATE_HELD, WAIT_MS));
  g_assert_true (rd_call_get_held (call));
  g_assert_true (rd_phone_set_held (agent->phone, call, FALSE, &error));
  g_assert_true (rd_test_wait_call_state (call, RD_CALL_STATE_ESTABLISHED, WAIT_MS));
  g_assert_false (rd_call_get_held (call));

  g_assert_true (rd_phone_set_muted (agent->phone, call, TRUE, &error));
  g_assert_true (rd_test_wait (is_muted, call, WAIT_MS));
  g_assert_true (rd_phone_set_muted (agent->phone, call, FALSE, &error));
  g_assert_no_error (error);

  /* DTMF: the peer engine reports each digit it received (RFC 4733 events). */
  g_assert_false (rd_phone_send_dtmf (agent->phone, call, "12x", &error));
  g_assert_error (error, RD_PHONE_ERROR, RD_PHONE_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_true (rd_phone_send_dtmf (agent->phone, call, "159#*0", &error));
  g_assert_no_error (error);
  for (gint64 end = g_get_monotonic_time () + WAIT_MS * 1000;
       peer->dtmf->len < 6 && g_get_monotonic_time () < end;)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (peer->dtmf->str, ==, "159#*0");
  g_assert_false (rd_call_get_muted (call));

  g_assert_true (rd_phone_hang_up (agent->phone, call, &error));
  g_assert_true (rd_test_wait_call_state (call, RD_CALL_STATE_CLOSED, WAIT_MS));
  g_assert_cmpstr (rd_call_get_hangup_cause (call), ==, RD_CALL_CAUSE_LOCAL_HANGUP);
}

static void
test_blind_transfer (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(RdTestEngine) agent = rd_test_engine_new ("agent", NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(RdTestSipp) sipp = rd_test_sipp_start ("uas-refer.xml", NULL, &error);
  g_autofree char *uri = NULL;
  g_autoptr(RdCall) call = NULL;

  g_assert_no_error (error);
  uri = g_strdup_printf ("sip:customer@127.0.0.1:%u", sipp->port);
  call = rd_phone_dial (agent->phone, uri, &error);
  g_assert_no_error (error);
  g_assert_true (rd_test_wait_call_state (call, RD_CALL_STATE_ESTABLISHED, WAIT_MS));

  g_assert_false (rd_phone_transfer (agent->phone, call, "sip:bad target", &error));
  g_assert_error (error, RD_PHONE_ERROR, RD_PHONE_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* sipp checks the REFER's Refer-To and answers with NOTIFY "200 OK". */
  g_assert_true (rd_phone_transfer (agent->phone, call, "sip:colleague@127.0.0.1:5999", &error));
  g_assert_no_error (error);
  g_assert_true (rd_test_wait_call_state (call, RD_CALL_STATE_CLOSED, WAIT_MS));
  g_assert_cmpstr (rd_call_get_hangup_cause (call), ==, RD_CALL_CAUSE_TRANSFERRED);
  g_assert_true (rd_test_sipp_wait (sipp, WAIT_MS));
}

typedef struct {
  RdPhone  *phone;
  RdCall   *call;
  gboolean  finished;
  gboolean  transferred;
} TransferWatch;

static void
transfer_finished_cb (RdPhone       *phone,
                      RdCall        *call,
                      gboolean       transferred,
                      TransferWatch *w)
{
  g_assert_true (call == w->call);
  w->finished = TRUE;
  w->transferred = transferred;
}

static gboolean
transfer_done (gpointer data)
{
  return ((TransferWatch *) data)->finished;
}

static void
test_attended_transfer (Fixture       *f,
                        gconstpointer  data)
{
  gboolean colleague_answers = GPOINTER_TO_INT (data);
  g_autofree char *src_1k = source_of (f->tone_1k);
  g_autoptr(RdTestEngine) agent = rd_test_engine_new ("agent", NULL, NULL);
  g_autoptr(RdTestEngine) caller = rd_test_engine_new ("caller", src_1k, NULL);
  g_autoptr(RdTestEngine) colleague = rd_test_engine_new ("colleague", NULL, NULL);
  g_autofree char *agent_uri = rd_test_engine_uri (agent);
  g_autofree char *colleague_uri = rd_test_engine_uri (colleague);
  g_autoptr(GError) error = NULL;
  TransferWatch w = { agent->phone, NULL, FALSE, FALSE };
  g_autoptr(RdCall) out = NULL;
  RdCall *in;
  g_autoptr(RdCall) consult = NULL;
  RdCall *colleague_call;

  agent->auto_answer = TRUE;
  out = rd_phone_dial (caller->phone, agent_uri, &error);
  g_assert_no_error (error);
  g_assert_true (rd_test_wait_call_state (out, RD_CALL_STATE_ESTABLISHED, WAIT_MS));
  in = rd_test_engine_last_call (agent);
  g_assert_true (rd_test_wait_call_state (in, RD_CALL_STATE_ESTABLISHED, WAIT_MS));
  agent->auto_answer = FALSE;
  w.call = in;
  g_signal_connect (agent->phone, "transfer-finished", G_CALLBACK (transfer_finished_cb), &w);

  /* Step 1: the caller is held while the agent consults the colleague. */
  rd_phone_set_no_answer_timeout (agent->phone, 3);
  consult = rd_phone_start_attended_transfer (agent->phone, in, colleague_uri, &error);
  g_assert_no_error (error);
  g_assert_nonnull (consult);
  g_assert_true (rd_test_wait_call_state (in, RD_CALL_STATE_HELD, WAIT_MS));
  g_assert_true (rd_test_wait (has_call, colleague, WAIT_MS));
  colleague_call = rd_test_engine_last_call (colleague);

  if (!colleague_answers)
    {
      /* The colleague lets it ring: after the ring timeout the caller is back. */
      g_assert_true (rd_test_wait (transfer_done, &w, WAIT_MS));
      g_assert_false (w.transferred);
      g_assert_cmpstr (rd_call_get_hangup_cause (consult), ==, RD_CALL_CAUSE_NO_ANSWER);
      g_assert_true (rd_test_wait_call_state (in, RD_CALL_STATE_ESTABLISHED, WAIT_MS));
      g_assert_false (rd_call_get_held (in));
      g_assert_true (rd_test_wait_call_state (colleague_call, RD_CALL_STATE_CLOSED, WAIT_MS));
      g_assert_cmpint (rd_call_get_state (out), ==, RD_CALL_STATE_ESTABLISHED);

      g_assert_true (rd_phone_hang_up (agent->phone, in, &error));
      g_assert_true (rd_test_wait_call_state (out, RD_CALL_STATE_CLOSED, WAIT_MS));
      return;
    }

  g_assert_false (rd_phone_complete_attended_transfer (agent->phone, in, &error));
  g_assert_error (error, RD_PHONE_ERROR, RD_PHONE_ERROR_WRONG_STATE);
  g_clear_error (&error);

  g_assert_true (rd_phone_answer (colleague->phone, colleague_call, &error));
  g_assert_true (rd_test_wait_call_state (consult, RD_CALL_STATE_ESTABLISHED, WAIT_MS));

  /* Step 2: connect. The caller's engine follows the REFER and calls the colleague. */
  colleague->auto_answer = TRUE;
  g_assert_true (rd_phone_complete_attended_transfer (agent->phone, in, &error));
  g_assert_no_error (error);
  g_assert_true (rd_test_wait (transfer_done, &w, WAIT_MS));
  g_assert_true (w.transferred);
  g_assert_cmpstr (rd_call_get_hangup_cause (in), ==, RD_CALL_CAUSE_TRANSFERRED);
  g_assert_cmpstr (rd_call_get_hangup_cause (consult), ==, RD_CALL_CAUSE_TRANSFERRED);

  /* The caller now talks with the colleague. */
  g_assert_cmpuint (colleague->calls->len, ==, 2);
  g_assert_true (rd_test_wait_call_state (rd_test_engine_last_call (colleague),
                                          RD_CALL_STATE_ESTABLISHED, WAIT_MS));
  g_assert_true (g_str_has_prefix (rd_call_get_peer_uri (rd_test_engine_last_call (colleague)),
                                   "sip:caller@"));
  g_assert_true (rd_test_wait_call_state (rd_test_engine_last_call (caller),
                                          RD_CALL_STATE_ESTABLISHED, WAIT_MS));
  g_assert_true (rd_test_engine_last_call (caller) != out);
}

static void
test_kill_engine (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *src_1k = source_of (f->tone_1k);
  g_autoptr(RdTestEngine) agent = rd_test_engine_new ("agent", src_1k, NULL);
  g_autoptr(RdTestEngine) peer = rd_test_engine_new ("peer", src_1k, NULL);
  g_autofree char *peer_uri = rd_test_engine_uri (peer);
  g_autoptr(GError) error = NULL;
  g_autoptr(RdCall) call = NULL;
  g_autoptr(RdCall) again = NULL;
  int pid;
  gint64 killed_at;

  g_autofree char *db = g_build_filename (f->tmp, "replica.db", NULL);
  g_autoptr(RdStore) store = rd_store_open (db, &error);
  g_autoptr(RdCallLog) log = NULL;
  g_autoptr(RdRecord) record = NULL;

  g_assert_no_error (error);
  log = rd_call_log_new (store, "agent-1");
  rd_call_log_attach (log, agent->phone);

  peer->auto_answer = TRUE;
  call = rd_phone_dial (agent->phone, peer_uri, &error);
  g_assert_no_error (error);
  g_assert_true (rd_test_wait_call_state (call, RD_CALL_STATE_ESTABLISHED, WAIT_MS));

  pid = rd_baresip_engine_get_pid (agent->engine);
  g_assert_cmpint (pid, >, 0);
  g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
  killed_at = g_get_monotonic_time ();

  /* The interrupted call ends as failed with its cause, and is handed on (not lost). */
  g_assert_true (rd_test_wait_call_state (call, RD_CALL_STATE_CLOSED, WAIT_MS));
  g_assert_cmpstr (rd_call_get_hangup_cause (call), ==, RD_CALL_CAUSE_ENGINE_STOPPED);
  g_assert_true (rd_test_wait (has_ended, agent, WAIT_MS));
  g_assert_true (g_ptr_array_index (agent->ended, 0) == call);
  g_assert_nonnull (rd_call_log_get_record_id (call));
  record = rd_store_get (store, "calls", rd_call_log_get_record_id (call), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rd_record_get_string (record, "hangup_cause"), ==, "engine stopped");
  g_assert_cmpstr (rd_call_log_status (rd_record_get_string (record, "hangup_cause"), TRUE),
                   ==, "failed");

  /* A new child comes up, with the account again. */
  g_assert_true (rd_test_wait (is_ready, agent->engine,
                               WAIT_MS));
  g_test_message ("engine back %.0f ms after kill -9",
                  (g_get_monotonic_time () - killed_at) / 1000.0);
  /* One restart, or more when a fresh child lost a race for its random port. */
  g_test_message ("restarts: %u", rd_baresip_engine_get_restarts (agent->engine));
  g_assert_cmpuint (rd_baresip_engine_get_restarts (agent->engine), >=, 1);
  g_assert_cmpint (rd_baresip_engine_get_pid (agent->engine), !=, pid);

  again = rd_phone_dial (agent->phone, peer_uri, &error);
  g_assert_no_error (error);
  g_assert_true (rd_test_wait_call_state (again, RD_CALL_STATE_ESTABLISHED, WAIT_MS));
  g_assert_true (rd_phone_hang_up (agent->phone, again, &error));
  g_assert_true (rd_test_wait_call_state (again, RD_CALL_STATE_CLOSED, WAIT_MS));
  g_assert_cmpstr (rd_call_get_hangup_cause (again), ==, RD_CALL_CAUSE_LOCAL_HANGUP);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, data, func) \
  g_test_add (path, Fixture, data, fixture_set_up, func, fixture_tear_down)

  ADD ("/phone/incoming/sipp-caller", NULL, test_incoming_from_sipp);
  ADD ("/phone/outgoing/answered", &outcome_answered, test_outgoing_to_sipp);
  ADD ("/phone/outgoing/busy", &outcome_busy, test_outgoing_to_sipp);
  ADD ("/phone/outgoing/declined", &outcome_declined, test_outgoing_to_sipp);
  ADD ("/phone/outgoing/no-answer", &outcome_no_answer, test_outgoing_to_sipp);
  ADD ("/phone/register/digest", NULL, test_register_digest);
  ADD ("/phone/register/again", NULL, test_reregister);
  ADD ("/phone/engines/tone-recording", NULL, test_tone_recording);
  ADD ("/phone/engines/hold-mute-dtmf", NULL, test_hold_mute_dtmf);
  ADD ("/phone/transfer/blind", NULL, test_blind_transfer);
  ADD ("/phone/transfer/attended", GINT_TO_POINTER (TRUE), test_attended_transfer);
  ADD ("/phone/transfer/attended-fallback", GINT_TO_POINTER (FALSE), test_attended_transfer);
  ADD ("/phone/supervision/kill-9", NULL, test_kill_engine);
  ADD ("/phone/call-log/sipp-pop", NULL, test_call_log_pop);

  return g_test_run ();
}
