/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "rd-store.h"
#include "rd-sync-client.h"
#include "rd-test-server.h"

/* What the checksum verify finds and what its repair restores, against a real
 * ringdesk-server on loopback with replicas as core RdStore + RdSyncClient: a value changed
 * in a replica file without its clock changing (a hand edit, a corrupt page), and a clock
 * forged ahead of the server's; and a rebuild of the whole replica. The server's values come
 * back; no unsynced edit is lost. */

typedef struct {
  RdTestServer *server;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->server = rd_test_server_new (NULL);
  rd_test_server_add_user (fixture->server, "alice", "agent", "sales", "alice-password");
  rd_test_server_add_user (fixture->server, "bob", "agent", "sales", "bob-password");
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_clear_pointer (&fixture->server, rd_test_server_free);
}

static RdSyncStats
replica_sync (RdTestReplica *replica)
{
  g_autoptr(GError) error = NULL;
  RdSyncStats stats = { 0 };

  rd_sync_client_sync (replica->client, &stats, NULL, &error);
  g_assert_no_error (error);
  return stats;
}

static gboolean
replica_verify (RdTestReplica *replica)
{
  g_autoptr(GError) error = NULL;
  gboolean match = FALSE;

  g_assert_true (rd_sync_client_verify (replica->client, &match, NULL, &error));
  g_assert_no_error (error);
  return match;
}

static char *
insert_lead (RdTestReplica *replica,
             const char    *name)
{
  g_autoptr(RdRecord) record = rd_record_new ("leads");
  g_autoptr(GError) error = NULL;

  rd_record_set_string (record, "name", name);
  rd_store_insert (replica->store, record, &error);
  g_assert_no_error (error);
  return g_strdup (rd_record_get_id (record));
}

static char *
lead_name (RdTestReplica *replica,
           const char    *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdRecord) record = rd_store_get (replica->store, "leads", id, &error);

  g_assert_no_error (error);
  return g_strdup (rd_record_get_string (record, "name"));
}

static void
exec_sql (RdTestReplica *replica,
          const char    *sql)
{
  char *message = NULL;

  if (sqlite3_exec (rd_store_get_db (replica->store), sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

/* The row's clock as the replica holds it. */
static gint64
lead_clock (RdTestReplica *replica,
            const char    *id)
{
  sqlite3_stmt *stmt = NULL;
  gint64 hlc = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (rd_store_get_db (replica->store),
                                       "SELECT hlc FROM leads WHERE id = ?", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    hlc = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return hlc;
}

/* A hand edit of the replica file: the value changes, the clock does not. The rows and
 * clocks agree with the server's; the values' sum does not, and the repair brings the
 * server's value back (a merge alone would keep the forged one: same clock, same site). */
static void
test_hand_edited_value (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(RdTestReplica) alice = rd_test_replica_new (fixture->server, "alice", "alice-password");
  g_autofree char *lead = insert_lead (alice, "Original");
  g_autofree char *other = insert_lead (alice, "Untouched");
  g_autofree char *edit = NULL;
  g_autofree char *name = NULL;
  gint64 clock;
  RdSyncStats stats;

  replica_sync (alice);
  replica_sync (alice);
  g_assert_true (replica_verify (alice));

  clock = lead_clock (alice, lead);
  edit = g_strdup_printf ("UPDATE leads SET name = 'Forged' WHERE id = '%s'", lead);
  exec_sql (alice, edit);
  g_assert_cmpint (lead_clock (alice, lead), ==, clock);
  name = lead_name (alice, lead);
  g_assert_cmpstr (name, ==, "Forged");

  g_assert_false (replica_verify (alice));

  /* An edit made before the repair runs is not lost with the forgotten rows: its row is
   * kept, and the edit pushed. */
  {
    g_autoptr(RdRecord) changes = rd_record_new ("leads");
    g_autoptr(GError) error = NULL;

    rd_record_set_id (changes, other);
    rd_record_set_string (changes, "name", "Edited meanwhile");
    rd_store_update (alice->store, changes, &error);
    g_assert_no_error (error);
  }
  stats = replica_sync (alice);
  g_assert_cmpuint (stats.snapshot_rows, >=, 2);
  g_assert_cmpuint (stats.pushed, >=, 1);
  g_clear_pointer (&name, g_free);
  name = lead_name (alice, lead);
  g_assert_cmpstr (name, ==, "Original");
  g_clear_pointer (&name, g_free);
  name = lead_name (alice, other);
  g_assert_cmpstr (name, ==, "Edited meanwhile");
  replica_sync (alice);
  g_assert_cmpint (lead_clock (alice, lead), ==, clock);
  g_assert_true (replica_verify (alice));

  /* The search index follows the repaired row: the forged word is gone, the real one back. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) forged = rd_store_quick_search (alice->store, "Forged", 0, 10, &error);
    g_autoptr(GPtrArray) original = NULL;

    g_assert_no_error (error);
    g_assert_cmpuint (forged->len, ==, 0);
    original = rd_store_quick_search (alice->store, "Original", 0, 10, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (original->len, ==, 1);
  }
}

/* A clock forged ahead of the server's wins every merge: before the repair forgot the
 * table's rows, such a replica was found different at every verify and never repaired. */
static void
test_forged_clock (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(RdTestReplica) alice = rd_test_replica_new (fixture->server, "alice", "alice-password");
  g_autoptr(RdTestReplica) bob = rd_test_replica_new (fixture->server, "bob", "bob-password");
  g_autofree char *lead = insert_lead (alice, "Shared name");
  g_autofree char *edit = NULL;
  g_autofree char *name = NULL;
  gint64 clock;

  replica_sync (alice);
  replica_sync (alice);
  clock = lead_clock (alice, lead);
  edit = g_strdup_printf ("UPDATE leads SET name = 'Ahead', hlc = hlc + 1000000 WHERE id = '%s'",
                          lead);
  exec_sql (alice, edit);

  g_assert_false (replica_verify (alice));
  replica_sync (alice);
  name = lead_name (alice, lead);
  g_assert_cmpstr (name, ==, "Shared name");
  g_assert_cmpint (lead_clock (alice, lead), ==, clock);
  g_assert_true (replica_verify (alice));

  /* Nothing of the forgery reached the server: a replica loaded from it now agrees. */
  replica_sync (bob);
  g_assert_true (replica_verify (bob));
}

/* A rebuild from the server at any time: the unsynced edits are pushed first and survive,
 * the rest comes back as the server has it. */
static void
test_rebuild (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(RdTestReplica) alice = rd_test_replica_new (fixture->server, "alice", "alice-password");
  g_autoptr(RdTestReplica) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *synced = insert_lead (alice, "Synced");
  g_autofree char *edit = NULL;
  g_autofree char *fresh = NULL;
  g_autofree char *name = NULL;
  RdSyncStats stats = { 0 };

  replica_sync (alice);
  replica_sync (alice);

  /* Unsynced work: a new lead and an edit; and a row spoilt behind the store's back. */
  fresh = insert_lead (alice, "Not yet pushed");
  {
    g_autoptr(RdRecord) changes = rd_record_new ("leads");

    rd_record_set_id (changes, synced);
    rd_record_set_string (changes, "title", "Edited offline");
    rd_store_update (alice->store, changes, &error);
    g_assert_no_error (error);
  }
  edit = g_strdup_printf ("UPDATE leads SET name = 'Spoilt' WHERE id = '%s'", synced);
  exec_sql (alice, edit);

  g_assert_true (rd_sync_client_rebuild (alice->client, &stats, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.pushed, >=, 2);
  g_assert_cmpuint (stats.snapshot_rows, ==, 2);

  name = lead_name (alice, fresh);
  g_assert_cmpstr (name, ==, "Not yet pushed");
  g_clear_pointer (&name, g_free);
  {
    g_autoptr(RdRecord) record = rd_store_get (alice->store, "leads", synced, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (rd_record_get_string (record, "title"), ==, "Edited offline");
    /* Only the title was captured: the name comes back as the server has it. */
    g_assert_cmpstr (rd_record_get_string (record, "name"), ==, "Synced");
  }
  g_assert_true (replica_verify (alice));

  /* The server has both edits: a replica made from it sees them. */
  again = rd_test_replica_new (fixture->server, "alice", "alice-password");
  replica_sync (again);
  name = lead_name (again, fresh);
  g_assert_cmpstr (name, ==, "Not yet pushed");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/server/sync/repair/hand-edited-value", Fixture, NULL,
              fixture_setup, test_hand_edited_value, fixture_teardown);
  g_test_add ("/server/sync/repair/forged-clock", Fixture, NULL,
              fixture_setup, test_forged_clock, fixture_teardown);
  g_test_add ("/server/sync/repair/rebuild", Fixture, NULL,
              fixture_setup, test_rebuild, fixture_teardown);
  return g_test_run ();
}
