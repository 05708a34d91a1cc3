/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "rd-call-log.h"
#include "rd-call-private.h"
#include "rd-store.h"
#include "rd-sync-client.h"
#include "rd-test-server.h"

/* Call records (CDR) through a real ringdesk-server on loopback: the SIP status and the
 * agent's wrap-up (disposition, notes) are ordinary synced fields of "calls". */

typedef struct {
  char         *dir;
  RdStore      *store;
  RdSyncClient *client;
} Replica;

typedef struct {
  RdTestServer *server;
} Fixture;

static Replica *
replica_new (RdTestServer *server,
             const char   *user,
             const char   *password)
{
  Replica *replica = g_new0 (Replica, 1);
  g_autoptr(GError) error = NULL;

  replica->dir = g_dir_make_tmp ("rd-test-calls-XXXXXX", &error);
  g_assert_no_error (error);
  replica->store = rd_store_open_dir (replica->dir, &error);
  g_assert_no_error (error);
  replica->client = rd_sync_client_new (replica->store, server->base_url, &error);
  g_assert_no_error (error);
  rd_sync_client_login (replica->client, user, password, NULL, &error);
  g_assert_no_error (error);
  return replica;
}

static void
replica_free (Replica *replica)
{
  g_autoptr(GDir) dir = g_dir_open (replica->dir, 0, NULL);
  const char *name;

  g_clear_object (&replica->client);
  g_clear_object (&replica->store);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (replica->dir, name, NULL);
      g_unlink (child);
    }
  g_rmdir (replica->dir);
  g_free (replica->dir);
  g_free (replica);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Replica, replica_free)

static void
replica_sync (Replica *replica)
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
  fixture->server = rd_test_server_new (NULL);
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
  g_autoptr(Replica) alice = replica_new (fixture->server, "alice", "alice-password");
  g_autoptr(Replica) maria = NULL;
  g_autoptr(Replica) carl = NULL;
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
  maria = replica_new (fixture->server, "maria", "maria-password");
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
  carl = replica_new (fixture->server, "carl", "carl-password");
  replica_sync (carl);
  g_clear_object (&seen);
  seen = rd_store_get (carl->store, "calls", id, &error);
  g_assert_null (seen);
  g_assert_error (error, RD_STORE_ERROR, RD_STORE_ERROR_NOT_FOUND);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/server/calls/record-synced", Fixture, NULL,
              fixture_setup, test_call_record, fixture_teardown);

  return g_test_run ();
}
