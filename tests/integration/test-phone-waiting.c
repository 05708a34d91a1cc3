/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "rd-call-log.h"
#include "rd-test-phone.h"

/* Call waiting with three real engines: the agent talks to a first caller when a second
 * one calls. */

#define WAIT_MS 10000

typedef struct {
  char         *tmp;
  RdStore      *store;
  RdCallLog    *log;
  RdTestEngine *agent;
  RdTestEngine *first;
  RdTestEngine *second;
  RdCall       *out1;     /* the first caller's call */
  RdCall       *in1;      /* …as the agent sees it */
} Fixture;

static gboolean
has_call (gpointer data)
{
  return rd_test_engine_last_call (data) != NULL;
}

static gboolean
has_waiting (gpointer data)
{
  return rd_phone_get_waiting_call (data) != NULL;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db = NULL;
  g_autofree char *agent_uri = NULL;

  f->tmp = g_dir_make_tmp ("rd-phone-wait-XXXXXX", NULL);
  g_assert_nonnull (f->tmp);
  db = g_build_filename (f->tmp, "replica.db", NULL);
  f->store = rd_store_open (db, &error);
  g_assert_no_error (error);
  f->agent = rd_test_engine_new ("agent", NULL, NULL);
  f->first = rd_test_engine_new ("first", NULL, NULL);
  f->second = rd_test_engine_new ("second", NULL, NULL);
  f->log = rd_call_log_new (f->store, "agent-1");
  rd_call_log_attach (f->log, f->agent->phone);

  /* The first call is up. */
  agent_uri = rd_test_engine_uri (f->agent);
  f->out1 = rd_phone_dial (f->first->phone, agent_uri, &error);
  g_assert_no_error (error);
  g_assert_true (rd_test_wait (has_call, f->agent, WAIT_MS));
  f->in1 = rd_test_engine_last_call (f->agent);
  g_assert_nonnull (f->in1);
  g_assert_null (rd_phone_get_waiting_call (f->agent->phone));  /* nothing else is up */
  g_assert_true (rd_phone_answer (f->agent->phone, f->in1, &error));
  g_assert_true (rd_test_wait_call_state (f->in1, RD_CALL_STATE_ESTABLISHED, WAIT_MS));
  g_assert_true (rd_test_wait_call_state (f->out1, RD_CALL_STATE_ESTABLISHED, WAIT_MS));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->out1);
  g_clear_object (&f->log);
  g_clear_pointer (&f->second, rd_test_engine_free);
  g_clear_pointer (&f->first, rd_test_engine_free);
  g_clear_pointer (&f->agent, rd_test_engine_free);
  g_clear_object (&f->store);
  {
    g_autoptr(GDir) dir = g_dir_open (f->tmp, 0, NULL);
    const char *name;

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *path = g_build_filename (f->tmp, name, NULL);
        g_remove (path);
      }
  }
  g_rmdir (f->tmp);
  g_free (f->tmp);
}

static void
notify_count_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

/* The second caller rings: RdPhone names it the waiting call. */
static RdCall *
second_call (Fixture  *f,
             RdCall  **out2)
{
  g_autofree char *agent_uri = rd_test_engine_uri (f->agent);
  g_autoptr(GError) error = NULL;
  RdCall *waiting;

  *out2 = rd_phone_dial (f->second->phone, agent_uri, &error);
  g_assert_no_error (error);
  g_assert_true (rd_test_wait (has_waiting, f->agent->phone, WAIT_MS));
  waiting = rd_phone_get_waiting_call (f->agent->phone);
  g_assert_true (waiting != f->in1);
  g_assert_cmpint (rd_call_get_state (waiting), ==, RD_CALL_STATE_INCOMING);
  g_assert_nonnull (g_strstr_len (rd_call_get_peer_uri (waiting), -1, "sip:second@"));
  /* The first call goes on untouched while the second rings. */
  g_assert_cmpint (rd_call_get_state (f->in1), ==, RD_CALL_STATE_ESTABLISHED);
  return waiting;
}

static RdRecord *
record_of (Fixture *f,
           RdCall  *call)
{
  g_autoptr(GError) error = NULL;
  RdRecord *record;

  g_assert_nonnull (rd_call_log_get_record_id (call));
  record = rd_store_get (f->store, "calls", rd_call_log_get_record_id (call), &error);
  g_assert_no_error (error);
  return record;
}

static gboolean
has_record (gpointer data)
{
  return rd_call_log_get_record_id (data) != NULL;
}

/* Answer: the first call is held, the second answered; when the second ends the first
 * comes back. Both become answered call records. */
static void
test_answer (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(RdCall) out2 = NULL;
  g_autoptr(RdCall) waiting = NULL;
  g_autoptr(RdRecord) record1 = NULL;
  g_autoptr(RdRecord) record2 = NULL;
  g_autoptr(GError) error = NULL;
  guint notified = 0;

  g_signal_connect (f->agent->phone, "notify::waiting-call", G_CALLBACK (notify_count_cb),
                    &notified);
  waiting = g_object_ref (second_call (f, &out2));
  g_assert_cmpuint (notified, ==, 1);

  g_assert_true (rd_phone_answer_waiting (f->agent->phone, &error));
  g_assert_no_error (error);
  g_assert_true (rd_test_wait_call_state (waiting, RD_CALL_STATE_ESTABLISHED, WAIT_MS));
  g_assert_true (rd_test_wait_call_state (out2, RD_CALL_STATE_ESTABLISHED, WAIT_MS));
  g_assert_true (rd_test_wait_call_state (f->in1, RD_CALL_STATE_HELD, WAIT_MS));
  g_assert_null (rd_phone_get_waiting_call (f->agent->phone));
  g_assert_cmpuint (notified, ==, 2);
  g_assert_false (rd_phone_answer_waiting (f->agent->phone, &error));
  g_assert_error (error, RD_PHONE_ERROR, RD_PHONE_ERROR_WRONG_STATE);

  /* The second call ends: the first is resumed. */
  g_assert_true (rd_phone_hang_up (f->agent->phone, waiting, NULL));
  g_assert_true (rd_test_wait_call_state (waiting, RD_CALL_STATE_CLOSED, WAIT_MS));
  g_assert_true (rd_test_wait_call_state (f->in1, RD_CALL_STATE_ESTABLISHED, WAIT_MS));
  g_assert_false (rd_call_get_held (f->in1));
  g_assert_cmpint (rd_call_get_state (f->out1), ==, RD_CALL_STATE_ESTABLISHED);

  g_assert_true (rd_phone_hang_up (f->agent->phone, f->in1, NULL));
  g_assert_true (rd_test_wait_call_state (f->in1, RD_CALL_STATE_CLOSED, WAIT_MS));
  g_assert_true (rd_test_wait (has_record, f->in1, WAIT_MS));
  record1 = record_of (f, f->in1);
  record2 = record_of (f, waiting);
  g_assert_cmpstr (rd_call_log_status (rd_record_get_string (record2, "hangup_cause"),
                                       rd_record_get_int (record2, "answered_at", 0) != 0),
                   ==, "answered");
  g_assert_cmpstr (rd_call_log_status (rd_record_get_string (record1, "hangup_cause"),
                                       rd_record_get_int (record1, "answered_at", 0) != 0),
                   ==, "answered");
  g_signal_handlers_disconnect_by_data (f->agent->phone, &notified);
}

/* Decline: the second caller gets 486 Busy Here; the first call goes on. */
static void
test_decline (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(RdCall) out2 = NULL;
  g_autoptr(RdCall) waiting = NULL;
  g_autoptr(RdRecord) record = NULL;

  waiting = g_object_ref (second_call (f, &out2));
  g_assert_true (rd_phone_hang_up (f->agent->phone, waiting, NULL));
  g_assert_true (rd_test_wait_call_state (out2, RD_CALL_STATE_CLOSED, WAIT_MS));
  g_assert_cmpuint (rd_call_get_sip_status (out2), ==, 486);
  g_assert_cmpstr (rd_call_get_hangup_cause (out2), ==, RD_CALL_CAUSE_BUSY);
  g_assert_true (rd_test_wait_call_state (waiting, RD_CALL_STATE_CLOSED, WAIT_MS));
  g_assert_null (rd_phone_get_waiting_call (f->agent->phone));
  g_assert_cmpint (rd_call_get_state (f->in1), ==, RD_CALL_STATE_ESTABLISHED);
  g_assert_false (rd_call_get_held (f->in1));

  g_assert_true (rd_test_wait (has_record, waiting, WAIT_MS));
  record = record_of (f, waiting);
  g_assert_cmpstr (rd_record_get_string (record, "hangup_cause"), ==, RD_CALL_CAUSE_REJECTED);
  g_assert_cmpstr (rd_call_log_status (rd_record_get_string (record, "hangup_cause"), FALSE),
                   ==, "missed");
  g_assert_cmpint (rd_record_get_int (record, "answered_at", 0), ==, 0);
}

/* The second caller gives up before the agent decides: a missed call record. */
static void
test_missed (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(RdCall) out2 = NULL;
  g_autoptr(RdCall) waiting = NULL;
  g_autoptr(RdRecord) record = NULL;

  waiting = g_object_ref (second_call (f, &out2));
  g_assert_true (rd_phone_hang_up (f->second->phone, out2, NULL));
  g_assert_true (rd_test_wait_call_state (waiting, RD_CALL_STATE_CLOSED, WAIT_MS));
  g_assert_cmpstr (rd_call_get_hangup_cause (waiting), ==, RD_CALL_CAUSE_CANCELLED);
  g_assert_null (rd_phone_get_waiting_call (f->agent->phone));
  g_assert_cmpint (rd_call_get_state (f->in1), ==, RD_CALL_STATE_ESTABLISHED);

  g_assert_true (rd_test_wait (has_record, waiting, WAIT_MS));
  record = record_of (f, waiting);
  g_assert_cmpstr (rd_record_get_string (record, "direction"), ==, "inbound");
  g_assert_cmpstr (rd_call_log_status (rd_record_get_string (record, "hangup_cause"),
                                       rd_record_get_int (record, "answered_at", 0) != 0),
                   ==, "missed");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/phone/waiting/answer", test_answer);
  ADD ("/phone/waiting/decline", test_decline);
  ADD ("/phone/waiting/missed", test_missed);

  return g_test_run ();
}
