/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "rd-store.h"
#include "rd-sync-client.h"
#include "rd-test-server.h"

/* Conflicts resolved on one replica reach the server and the other replicas: three
 * replicas of one team's lead against a real ringdesk-server on loopback. */

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
  rd_test_server_add_user (fixture->server, "maria", "manager", "sales", "maria-password");
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_clear_pointer (&fixture->server, rd_test_server_free);
}

static void
replica_sync (RdTestReplica *replica)
{
  g_autoptr(GError) error = NULL;

  rd_sync_client_sync (replica->client, NULL, NULL, &error);
  g_assert_no_error (error);
}

static void
update_field (RdTestReplica *replica,
              const char    *id,
              const char    *field,
              const char    *value)
{
  g_autoptr(RdRecord) changes = rd_record_new ("leads");
  g_autoptr(GError) error = NULL;

  rd_record_set_id (changes, id);
  rd_record_set_string (changes, field, value);
  rd_store_update (replica->store, changes, &error);
  g_assert_no_error (error);
}

static char *
get_title (RdTestReplica *replica,
           const char    *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdRecord) record = rd_store_get (replica->store, "leads", id, &error);

  g_assert_no_error (error);
  return g_strdup (rd_record_get_string (record, "title"));
}

/* The conflicts of @field in @db: how many, and how many of them are resolved. */
static void
count_conflicts (sqlite3    *db,
                 const char *field,
                 gint64     *all,
                 gint64     *resolved)
{
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*), count(*) FILTER (WHERE resolved != 0)"
                                           " FROM conflicts WHERE field = ?", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, field, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  *all = sqlite3_column_int64 (stmt, 0);
  *resolved = sqlite3_column_int64 (stmt, 1);
  sqlite3_finalize (stmt);
}

static void
assert_resolved (RdTestReplica *replica,
                 gboolean       resolved)
{
  gint64 all = 0, done = 0;

  count_conflicts (rd_store_get_db (replica->store), "title", &all, &done);
  g_assert_cmpint (all, ==, 1);
  g_assert_cmpint (done, ==, resolved ? 1 : 0);
}

static void
assert_server_resolved (RdTestServer *server,
                        gboolean      resolved)
{
  g_autofree char *path = g_build_filename (server->data_dir, "merged.db", NULL);
  sqlite3 *db = NULL;
  gint64 all = 0, done = 0;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  count_conflicts (db, "title", &all, &done);
  sqlite3_close (db);
  g_assert_cmpint (all, >=, 1);
  if (resolved)
    g_assert_cmpint (done, ==, all);
  else
    g_assert_cmpint (done, ==, 0);
}

/* The unresolved conflict's id in @replica. */
static gint64
open_conflict (RdTestReplica *replica)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) open = rd_store_list_conflicts (replica->store, TRUE, 0, 10, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (open->len, ==, 1);
  return g_ascii_strtoll (rd_record_get_id (g_ptr_array_index (open, 0)), NULL, 10);
}

/* Alice and Bob edit the title offline; Bob's later edit wins and Alice's is the conflict
 * on all three replicas and the server. Bob reviews it and takes Alice's value: the value
 * and the resolution reach the server, Alice and Maria; nobody is asked again. */
static void
test_resolved_three_replicas (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(RdTestReplica) alice = rd_test_replica_new (fixture->server, "alice", "alice-password");
  g_autoptr(RdTestReplica) bob = rd_test_replica_new (fixture->server, "bob", "bob-password");
  g_autoptr(RdTestReplica) maria = rd_test_replica_new (fixture->server, "maria", "maria-password");
  RdTestReplica *replicas[] = { alice, bob, maria };
  g_autoptr(RdRecord) record = rd_record_new ("leads");
  g_autoptr(GError) error = NULL;
  const char *lead;

  rd_record_set_string (record, "name", "Team lead");
  rd_record_set_string (record, "owner", "team:sales");
  rd_store_insert (alice->store, record, &error);
  g_assert_no_error (error);
  lead = rd_record_get_id (record);
  for (guint i = 0; i < G_N_ELEMENTS (replicas); i++)
    replica_sync (replicas[i]);

  update_field (alice, lead, "title", "Director");
  g_usleep (2000);   /* distinct milliseconds: Bob's edit has the later clock */
  update_field (bob, lead, "title", "CEO");
  replica_sync (alice);
  replica_sync (bob);
  for (guint i = 0; i < G_N_ELEMENTS (replicas); i++)
    replica_sync (replicas[i]);

  for (guint i = 0; i < G_N_ELEMENTS (replicas); i++)
    {
      g_autofree char *title = get_title (replicas[i], lead);

      g_assert_cmpstr (title, ==, "CEO");
      assert_resolved (replicas[i], FALSE);
    }
  assert_server_resolved (fixture->server, FALSE);

  /* Bob takes the lost value. */
  g_assert_true (rd_store_resolve_conflict (bob->store, open_conflict (bob), TRUE, &error));
  g_assert_no_error (error);
  replica_sync (bob);
  assert_server_resolved (fixture->server, TRUE);
  replica_sync (alice);
  replica_sync (maria);
  replica_sync (bob);

  for (guint i = 0; i < G_N_ELEMENTS (replicas); i++)
    {
      g_autofree char *title = get_title (replicas[i], lead);
      g_autoptr(GPtrArray) open = rd_store_list_conflicts (replicas[i]->store, TRUE, 0, 10, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (title, ==, "Director");
      assert_resolved (replicas[i], TRUE);
      g_assert_cmpuint (open->len, ==, 0);
    }

  /* Told once: another sync sends nothing more and changes nothing. */
  {
    gint64 before = 0, after = 0;
    g_autoptr(RdTestResponse) pull = NULL;
    g_autofree char *token = rd_test_login (fixture->server, "maria", "maria-password");

    pull = rd_test_request (fixture->server, "GET", "/api/v1/sync/pull?since=0", token, NULL, NULL, 0);
    g_assert_cmpuint (pull->status, ==, 200);
    before = g_strstr_len (pull->text, -1, "\"resolved\"") != NULL;
    g_assert_cmpint (before, ==, 1);
    replica_sync (bob);
    replica_sync (alice);
    g_clear_pointer (&pull, rd_test_response_free);
    pull = rd_test_request (fixture->server, "GET", "/api/v1/sync/pull?since=0", token, NULL, NULL, 0);
    after = 0;
    for (const char *p = pull->text; (p = strstr (p, "\"resolved\":")) != NULL; p++)
      after++;
    g_assert_cmpint (after, ==, 1);
  }
}

/* A conflict's "resolved" is a boolean: anything else refuses the batch (400), as any
 * malformed member does. */
static void
test_resolved_must_be_boolean (Fixture       *fixture,
                                     gconstpointer  data)
{
  g_autofree char *token = rd_test_login (fixture->server, "alice", "alice-password");
  g_autofree char *body = g_strdup_printf (
    "{\"schema\": %d, \"site\": \"01900000-0000-7000-8000-0000000000aa\", \"changes\": [],"
    " \"conflicts\": [{\"table\": \"leads\", \"id\": \"01900000-0000-7000-8000-0000000000cc\","
    " \"field\": \"title\", \"kept_value\": \"\\\"A\\\"\", \"kept_hlc\": 1, \"kept_site\": \"x\","
    " \"lost_value\": \"\\\"B\\\"\", \"lost_hlc\": 2, \"lost_site\": \"y\", \"resolved\": \"yes\"}]}",
    RD_SCHEMA_VERSION);
  g_autoptr(RdTestResponse) bad = rd_test_request_json (fixture->server, "POST", "/api/v1/sync/push",
                                                        token, body);

  rd_test_assert_error (bad, 400, "bad-request");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/server/sync/conflicts/resolved-three-replicas", Fixture, NULL,
              fixture_setup, test_resolved_three_replicas, fixture_teardown);
  g_test_add ("/server/sync/conflicts/resolved-must-be-boolean", Fixture, NULL,
              fixture_setup, test_resolved_must_be_boolean, fixture_teardown);
  return g_test_run ();
}
