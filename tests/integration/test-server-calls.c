/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "rd-call-log.h"
#include "rd-http-client.h"
#include "rd-recording-upload.h"
#include "rd-test-phone.h"
#include "rd-call-private.h"
#include "rd-store.h"
#include "rd-sync-client.h"
#include "rd-test-server.h"

/* Call records (CDR) through a real ringdesk-server on loopback: the SIP status and the
 * agent's wrap-up (disposition, notes) are ordinary synced fields of "calls". */


typedef struct {
  RdTestServer *server;
} Fixture;


static void
replica_sync (RdTestReplica *replica)
{
  g_autoptr(GError) error = NULL;
  RdSyncStats stats = { 0 };

  rd_sync_client_sync (replica->client, &stats, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stats.refused, ==, 0);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  /* Recordings up to 256 KiB: enough for the test call, not for the 413 case; other bodies
   * up to 16 KiB, less than the recording (its own limit applies to it). */
  const char *const args[] = { "--max-recording", "256", "--max-body", "16", NULL };

  fixture->server = rd_test_server_new (args);
  rd_test_server_add_user (fixture->server, "maria", "manager", "sales", "maria-password");
  rd_test_server_add_user (fixture->server, "alice", "agent", "sales", "alice-password");
  rd_test_server_add_user (fixture->server, "carl", "agent", "support", "carl-password");
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_clear_pointer (&fixture->server, rd_test_server_free);
}

static void
test_call_record (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(RdTestReplica) alice = rd_test_replica_new (fixture->server, "alice", "alice-password");
  g_autoptr(RdTestReplica) maria = NULL;
  g_autoptr(RdTestReplica) carl = NULL;
  g_autoptr(RdRecord) lead = rd_record_new ("leads");
  g_autoptr(RdCallLog) log = rd_call_log_new (alice->store, NULL);
  g_autoptr(RdCall) call = rd_call_new ("c-486", "sip:alice@127.0.0.1",
                                        RD_CALL_DIRECTION_OUTGOING, "sip:+74951112233@pbx",
                                        NULL);
  g_autoptr(RdRecord) seen = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  rd_record_set_string (lead, "name", "Busy Buyer");
  g_assert_true (rd_store_insert (alice->store, lead, &error));
  g_assert_no_error (error);

  /* A busy outbound call: the record keeps the 486 the peer answered. */
  g_assert_true (rd_call_log_set_parent (log, call, "leads", rd_record_get_id (lead), &error));
  rd_call_close (call, RD_CALL_CAUSE_BUSY, 486);
  id = rd_call_log_write (log, call, &error);
  g_assert_no_error (error);
  g_assert_true (rd_call_log_set_disposition (log, id, "call back", "Try after lunch", &error));
  g_assert_no_error (error);
  replica_sync (alice);

  /* The manager of the team gets the whole record. */
  maria = rd_test_replica_new (fixture->server, "maria", "maria-password");
  replica_sync (maria);
  seen = rd_store_get (maria->store, "calls", id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (rd_record_get_int (seen, "sip_status", 0), ==, 486);
  g_assert_cmpstr (rd_record_get_string (seen, "hangup_cause"), ==, "busy");
  g_assert_cmpstr (rd_record_get_string (seen, "disposition"), ==, "call back");
  g_assert_cmpstr (rd_record_get_string (seen, "notes"), ==, "Try after lunch");
  g_assert_cmpstr (rd_record_get_string (seen, "parent_id"), ==, rd_record_get_id (lead));

  /* The manager edits the notes; the agent receives the change. */
  {
    g_autoptr(RdRecord) changes = rd_record_new ("calls");

    rd_record_set_id (changes, id);
    rd_record_set_string (changes, "notes", "Try after lunch; asks for Maria");
    g_assert_true (rd_store_update (maria->store, changes, &error));
    g_assert_no_error (error);
  }
  replica_sync (maria);
  replica_sync (alice);
  g_clear_object (&seen);
  seen = rd_store_get (alice->store, "calls", id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rd_record_get_string (seen, "notes"), ==, "Try after lunch; asks for Maria");
  g_assert_cmpint (rd_record_get_int (seen, "sip_status", 0), ==, 486);

  /* An agent of another team does not see the call. */
  carl = rd_test_replica_new (fixture->server, "carl", "carl-password");
  replica_sync (carl);
  g_clear_object (&seen);
  seen = rd_store_get (carl->store, "calls", id, &error);
  g_assert_null (seen);
  g_assert_error (error, RD_STORE_ERROR, RD_STORE_ERROR_NOT_FOUND);
}

/* The replica's HTTP client as the user it logged in as. */
static RdHttpClient *
replica_http (RdTestReplica *replica)
{
  g_autofree char *server = rd_store_get_meta (replica->store, "sync.server");
  g_autofree char *token = rd_store_get_meta (replica->store, "sync.token");
  g_autoptr(GError) error = NULL;
  RdHttpClient *http = rd_http_client_new (server, &error);

  g_assert_no_error (error);
  rd_http_client_set_token (http, token);
  return http;
}

static guint
put_bytes (RdTestReplica    *replica,
           const char *id,
           const char *content_type,
           GBytes     *bytes)
{
  g_autoptr(RdHttpClient) http = replica_http (replica);
  g_autofree char *path = g_strconcat ("/api/v1/recordings/", id, NULL);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  guint status = rd_http_client_request (http, "PUT", path, content_type, bytes, &answer,
                                         NULL, &error);

  g_assert_no_error (error);
  return status;
}

static guint
get_recording (RdTestReplica     *replica,
               const char  *id,
               GBytes     **body)
{
  g_autoptr(RdHttpClient) http = replica_http (replica);
  g_autofree char *path = g_strconcat ("/api/v1/recordings/", id, NULL);
  g_autoptr(GError) error = NULL;
  guint status = rd_http_client_request (http, "GET", path, NULL, NULL, body, NULL, &error);

  g_assert_no_error (error);
  return status;
}

static gboolean
call_recorded (gpointer data)
{
  return rd_call_get_recording_path (data) != NULL
      && rd_call_log_get_record_id (data) != NULL;
}

static gboolean
is_closed (gpointer data)
{
  return rd_call_is_closed (data);
}

/* A real call between two engines records a WAV; it goes up after its call record, and
 * whoever may see the call downloads the same bytes. */
static void
test_recording (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(RdTestReplica) alice = rd_test_replica_new (fixture->server, "alice", "alice-password");
  g_autoptr(RdTestReplica) maria = NULL;
  g_autoptr(RdTestReplica) carl = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("rd-test-rec-XXXXXX", &error);
  g_autofree char *rec_dir = g_build_filename (tmp, "recordings", NULL);
  g_autofree char *tone = rd_test_make_tone (tmp, 1000, 10);
  g_autofree char *source = g_strdup_printf ("aufile,%s", tone);
  g_autoptr(RdTestEngine) agent = rd_test_engine_new ("agent", NULL, rec_dir);
  g_autoptr(RdTestEngine) caller = rd_test_engine_new ("caller", source, NULL);
  g_autofree char *agent_uri = rd_test_engine_uri (agent);
  g_autoptr(RdCallLog) log = rd_call_log_new (alice->store, NULL);
  g_autoptr(RdCall) out = NULL;
  g_autoptr(GBytes) down = NULL;
  g_autoptr(GBytes) other = NULL;
  g_autofree char *local = NULL;
  g_autofree char *recording = NULL;
  gsize local_length;
  const char *id;
  RdCall *in;
  guint uploaded = 99;

  g_assert_no_error (error);
  rd_call_log_attach (log, agent->phone);
  agent->auto_answer = TRUE;
  out = rd_phone_dial (caller->phone, agent_uri, &error);
  g_assert_no_error (error);
  g_assert_true (rd_test_wait_call_state (out, RD_CALL_STATE_ESTABLISHED, 15000));
  in = rd_test_engine_last_call (agent);
  g_assert_true (rd_test_wait_call_state (in, RD_CALL_STATE_ESTABLISHED, 15000));
  g_assert_false (rd_test_wait (is_closed, in, 1500));   /* let audio flow */
  g_assert_true (rd_phone_hang_up (agent->phone, in, &error));
  g_assert_true (rd_test_wait (call_recorded, in, 15000));
  id = rd_call_log_get_record_id (in);

  /* Offline (nothing listens there): nothing is marked, the next round tries again. */
  {
    g_autofree char *server = rd_store_get_meta (alice->store, "sync.server");

    g_assert_true (rd_store_set_meta (alice->store, "sync.server", "http://127.0.0.1:1", NULL));
    g_assert_false (rd_recording_upload_pending (alice->store, &uploaded, NULL, &error));
    g_assert_nonnull (error);
    g_clear_error (&error);
    g_assert_cmpuint (uploaded, ==, 0);
    g_assert_false (rd_recording_is_uploaded (alice->store, id));
    g_assert_true (rd_store_set_meta (alice->store, "sync.server", server, NULL));
  }

  /* Before the record is pushed the server knows no such call: it waits. */
  g_assert_true (rd_recording_upload_pending (alice->store, &uploaded, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (uploaded, ==, 0);

  replica_sync (alice);
  g_assert_true (rd_recording_upload_pending (alice->store, &uploaded, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (uploaded, ==, 1);
  g_assert_true (rd_recording_is_uploaded (alice->store, id));
  g_assert_true (rd_recording_upload_pending (alice->store, &uploaded, NULL, &error));
  g_assert_cmpuint (uploaded, ==, 0);   /* once */

  /* The team's manager downloads the same bytes; the file sits in the data dir. */
  g_assert_true (g_file_get_contents (rd_call_get_recording_path (in), &local, &local_length,
                                      NULL));
  g_assert_cmpuint (local_length, >, 16 * 1024);
  maria = rd_test_replica_new (fixture->server, "maria", "maria-password");
  g_assert_cmpuint (get_recording (maria, id, &down), ==, 200);
  g_assert_cmpmem (g_bytes_get_data (down, NULL), g_bytes_get_size (down), local, local_length);
  {
    g_autofree char *name = g_strconcat (id, ".wav", NULL);
    g_autofree char *stored = g_build_filename (fixture->server->data_dir, "recordings", name,
                                                NULL);
    g_autofree char *fetched = g_build_filename (maria->dir, "recordings", name, NULL);
    g_autofree char *contents = NULL;
    gsize length = 0;

    g_assert_true (g_file_test (stored, G_FILE_TEST_IS_REGULAR));
    /* The manager's app fetches it for playback into her replica's folder. */
    g_assert_true (rd_recording_download (maria->store, id, fetched, NULL, &error));
    g_assert_no_error (error);
    g_assert_true (g_file_get_contents (fetched, &contents, &length, NULL));
    g_assert_cmpmem (contents, length, local, local_length);
    g_unlink (fetched);
    {
      g_autofree char *fetched_dir = g_path_get_dirname (fetched);
      g_rmdir (fetched_dir);
    }
  }

  /* Another team's agent may neither read nor write it. */
  carl = rd_test_replica_new (fixture->server, "carl", "carl-password");
  g_assert_cmpuint (get_recording (carl, id, &other), ==, 404);
  {
    g_autofree char *nowhere = g_build_filename (carl->dir, "recordings", "x.wav", NULL);

    g_assert_false (rd_recording_download (carl->store, id, nowhere, NULL, &error));
    g_assert_error (error, RD_RECORDING_UPLOAD_ERROR, RD_RECORDING_UPLOAD_ERROR_REFUSED);
    g_clear_error (&error);
    g_assert_false (g_file_test (nowhere, G_FILE_TEST_EXISTS));
  }
  {
    g_autoptr(GBytes) wav = g_bytes_new (local, local_length);
    g_assert_cmpuint (put_bytes (carl, id, "audio/wav", wav), ==, 404);
  }

  /* Not a WAV: 415, by type and by content; over the limit: 413. */
  {
    g_autoptr(GBytes) text = g_bytes_new_static ("hello, this is not audio at all, really!"
                                                 "...........", 51);
    g_autoptr(GBytes) wav = g_bytes_new (local, local_length);
    gsize big_length = 300 * 1024;
    g_autofree guint8 *big = g_malloc0 (big_length);
    g_autoptr(GBytes) too_big = NULL;

    memcpy (big, local, 44);
    too_big = g_bytes_new_take (g_steal_pointer (&big), big_length);
    g_assert_cmpuint (put_bytes (alice, id, "text/plain", wav), ==, 415);
    g_assert_cmpuint (put_bytes (alice, id, "audio/wav", text), ==, 415);
    g_assert_cmpuint (put_bytes (alice, id, "audio/wav", too_big), ==, 413);
    g_assert_cmpuint (put_bytes (alice, "not-a-uuid", "audio/wav", wav), ==, 400);
  }

  /* Still the first upload. */
  g_clear_pointer (&down, g_bytes_unref);
  g_assert_cmpuint (get_recording (alice, id, &down), ==, 200);
  g_assert_cmpuint (g_bytes_get_size (down), ==, local_length);

  recording = g_strdup (rd_call_get_recording_path (in));
  rd_test_engine_free (g_steal_pointer (&agent));
  rd_test_engine_free (g_steal_pointer (&caller));
  g_unlink (recording);
  g_rmdir (rec_dir);
  g_unlink (tone);
  g_rmdir (tmp);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/server/calls/record-synced", Fixture, NULL,
              fixture_setup, test_call_record, fixture_teardown);

  g_test_add ("/server/calls/recording", Fixture, NULL,
              fixture_setup, test_recording, fixture_teardown);

  return g_test_run ();
}
