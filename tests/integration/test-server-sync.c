/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "rd-store.h"
#include "rd-sync-client.h"
#include "rd-test-server.h"

/* Replication end to end: real ringdesk-server on loopback, replicas as core
 * RdStore + RdSyncClient (and ringdesk-cli where a process must die). */


typedef struct {
  RdTestServer *server;
} Fixture;

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      g_unlink (child);
    }
  g_rmdir (path);
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

static char *
insert_lead (RdTestReplica    *replica,
             const char *name)
{
  g_autoptr(RdRecord) record = rd_record_new ("leads");
  g_autoptr(GError) error = NULL;

  rd_record_set_string (record, "name", name);
  rd_store_insert (replica->store, record, &error);
  g_assert_no_error (error);
  return g_strdup (rd_record_get_id (record));
}

static void
update_field (RdTestReplica    *replica,
              const char *table,
              const char *id,
              const char *field,
              const char *value)
{
  g_autoptr(RdRecord) changes = rd_record_new (table);
  g_autoptr(GError) error = NULL;

  rd_record_set_id (changes, id);
  rd_record_set_string (changes, field, value);
  rd_store_update (replica->store, changes, &error);
  g_assert_no_error (error);
}

/* The field's value in the replica; NULL when the record is not there. */
static char *
get_field (RdTestReplica    *replica,
           const char *table,
           const char *id,
           const char *field)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdRecord) record = rd_store_get (replica->store, table, id, &error);

  if (record == NULL)
    {
      g_assert_error (error, RD_STORE_ERROR, RD_STORE_ERROR_NOT_FOUND);
      return NULL;
    }
  return g_strdup (rd_record_get_string (record, field));
}

static gint64
count_sql (sqlite3    *db,
           const char *sql,
           const char *arg)
{
  sqlite3_stmt *stmt = NULL;
  gint64 count = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (arg)
    sqlite3_bind_text (stmt, 1, arg, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return count;
}

static gint64
replica_count (RdTestReplica    *replica,
               const char *sql,
               const char *arg)
{
  return count_sql (rd_store_get_db (replica->store), sql, arg);
}

/* Field changes waiting in the replica's outbox (a new row is one "*" outbox row that
 * rd_store_outbox_peek hands out as one change per field). */
static gint64
replica_pending_changes (RdTestReplica *replica)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = rd_store_outbox_peek (replica->store, 0, G_MAXINT, &error);

  g_assert_no_error (error);
  return entries->len;
}

/* A read-only look into the server's merged database. */
static gint64
server_count (RdTestServer *server,
              const char   *sql)
{
  g_autofree char *path = g_build_filename (server->data_dir, "merged.db", NULL);
  sqlite3 *db = NULL;
  gint64 count;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  count = count_sql (db, sql, NULL);
  sqlite3_close (db);
  return count;
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->server = rd_test_server_new (NULL);
  rd_test_server_add_user (fixture->server, "root", "admin", NULL, "root-password");
  rd_test_server_add_user (fixture->server, "maria", "manager", "sales", "maria-password");
  rd_test_server_add_user (fixture->server, "alice", "agent", "sales", "alice-password");
  rd_test_server_add_user (fixture->server, "bob", "agent", "sales", "bob-password");
  rd_test_server_add_user (fixture->server, "carl", "agent", "support", "carl-password");
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_clear_pointer (&fixture->server, rd_test_server_free);
}

static void
test_roundtrip (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(RdTestReplica) alice = rd_test_replica_new (fixture->server, "alice", "alice-password");
  g_autoptr(RdTestReplica) root = NULL;
  g_autoptr(RdTestReplica) maria = NULL;
  g_autoptr(RdTestReplica) bob = NULL;
  g_autofree char *lead = insert_lead (alice, "Ivan Petrov");
  g_autofree char *company = NULL;
  g_autofree char *seen_by_maria = NULL;
  g_autofree char *seen_by_bob = NULL;
  RdSyncStats stats;

  stats = replica_sync (alice);
  g_assert_cmpuint (stats.pushed, >, 0);
  g_assert_cmpuint (stats.refused, ==, 0);
  g_assert_cmpint (replica_count (alice, "SELECT count(*) FROM outbox", NULL), ==, 0);

  /* A new admin replica loads the lead by snapshot and edits it. */
  root = rd_test_replica_new (fixture->server, "root", "root-password");
  stats = replica_sync (root);
  g_assert_cmpuint (stats.snapshot_rows, >=, 1);
  {
    g_autofree char *name = get_field (root, "leads", lead, "name");

    g_assert_cmpstr (name, ==, "Ivan Petrov");
  }
  update_field (root, "leads", lead, "company", "Romashka");
  replica_sync (root);

  replica_sync (alice);
  company = get_field (alice, "leads", lead, "company");
  g_assert_cmpstr (company, ==, "Romashka");

  /* The manager of alice's team sees it; another agent does not. */
  maria = rd_test_replica_new (fixture->server, "maria", "maria-password");
  replica_sync (maria);
  seen_by_maria = get_field (maria, "leads", lead, "name");
  g_assert_cmpstr (seen_by_maria, ==, "Ivan Petrov");

  bob = rd_test_replica_new (fixture->server, "bob", "bob-password");
  replica_sync (bob);
  seen_by_bob = get_field (bob, "leads", lead, "name");
  g_assert_null (seen_by_bob);
  g_assert_cmpint (replica_count (bob, "SELECT count(*) FROM leads", NULL), ==, 0);
}

static void
test_same_field (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(RdTestReplica) alice = rd_test_replica_new (fixture->server, "alice", "alice-password");
  g_autoptr(RdTestReplica) root = rd_test_replica_new (fixture->server, "root", "root-password");
  g_autofree char *lead = insert_lead (alice, "Anna");
  g_autofree char *a = NULL;
  g_autofree char *r = NULL;
  const char *loser;

  replica_sync (alice);
  replica_sync (root);

  /* Both offline, both edit the title. */
  update_field (alice, "leads", lead, "title", "Director");
  g_usleep (2000);   /* distinct milliseconds, so the later edit has the later clock */
  update_field (root, "leads", lead, "title", "CEO");

  replica_sync (alice);   /* pushes Director */
  replica_sync (root);    /* pulls Director (loses to its pending CEO), pushes CEO */
  replica_sync (alice);   /* pulls CEO and the kept loser */
  replica_sync (root);

  a = get_field (alice, "leads", lead, "title");
  r = get_field (root, "leads", lead, "title");
  g_assert_cmpstr (a, ==, r);
  g_assert_cmpstr (a, ==, "CEO");
  loser = "\"Director\"";

  /* The other value is kept for review on both replicas and on the server. */
  g_assert_cmpint (replica_count (alice, "SELECT count(*) FROM conflicts WHERE field = 'title' "
                                         "AND lost_value = ?", loser), ==, 1);
  g_assert_cmpint (replica_count (root, "SELECT count(*) FROM conflicts WHERE field = 'title' "
                                        "AND lost_value = ?", loser), ==, 1);
  g_assert_cmpint (server_count (fixture->server,
                                 "SELECT count(*) FROM conflicts WHERE field = 'title' "
                                 "AND lost_value = '\"Director\"'"), ==, 1);
}

static void
test_different_fields (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(RdTestReplica) alice = rd_test_replica_new (fixture->server, "alice", "alice-password");
  g_autoptr(RdTestReplica) root = rd_test_replica_new (fixture->server, "root", "root-password");
  g_autofree char *lead = insert_lead (alice, "Boris");

  replica_sync (alice);
  replica_sync (root);

  update_field (alice, "leads", lead, "title", "Engineer");
  update_field (root, "leads", lead, "company", "Vector");
  replica_sync (alice);
  replica_sync (root);
  replica_sync (alice);

  for (guint i = 0; i < 2; i++)
    {
      RdTestReplica *replica = i == 0 ? alice : root;
      g_autofree char *title = get_field (replica, "leads", lead, "title");
      g_autofree char *company = get_field (replica, "leads", lead, "company");

      g_assert_cmpstr (title, ==, "Engineer");
      g_assert_cmpstr (company, ==, "Vector");
      g_assert_cmpint (replica_count (replica, "SELECT count(*) FROM conflicts", NULL), ==, 0);
    }
}

static void
test_visibility_reassign (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(RdTestReplica) alice = rd_test_replica_new (fixture->server, "alice", "alice-password");
  g_autoptr(RdTestReplica) bob = rd_test_replica_new (fixture->server, "bob", "bob-password");
  g_autoptr(RdTestReplica) carl = rd_test_replica_new (fixture->server, "carl", "carl-password");
  g_autoptr(RdTestReplica) root = rd_test_replica_new (fixture->server, "root", "root-password");
  g_autofree char *lead = insert_lead (alice, "Galina");
  g_autofree char *bob_id = g_strdup (rd_store_get_user (bob->store));
  g_autoptr(GError) error = NULL;
  g_autofree char *phone = rd_store_add_phone (alice->store, "leads", lead, "+7 912 345-67-89",
                                               NULL, &error);
  g_autofree char *in_bob = NULL;
  g_autofree char *in_alice = NULL;
  g_autofree char *in_carl = NULL;
  RdSyncStats stats;
  guint refused;

  replica_sync (alice);
  replica_sync (bob);
  replica_sync (carl);
  replica_sync (root);
  g_assert_cmpint (replica_count (bob, "SELECT count(*) FROM leads", NULL), ==, 0);

  /* An agent cannot give the lead away, nor write to a lead it cannot see. */
  update_field (alice, "leads", lead, "owner", bob_id);
  stats = replica_sync (alice);
  g_assert_cmpuint (stats.refused, >=, 1);   /* the lead, and its phone that followed it */
  g_assert_cmpuint (stats.pushed, ==, 0);
  refused = stats.refused;
  g_assert_cmpint (replica_count (bob, "SELECT count(*) FROM leads", NULL), ==, 0);

  /* The admin reassigns it to bob: it moves into bob's replica and out of alice's. */
  replica_sync (root);
  update_field (root, "leads", lead, "owner", bob_id);
  replica_sync (root);

  stats = replica_sync (bob);
  in_bob = get_field (bob, "leads", lead, "name");
  g_assert_cmpstr (in_bob, ==, "Galina");
  /* Its phone follows it (children carry the parent's owner). */
  g_assert_nonnull (phone);
  g_assert_cmpint (replica_count (bob, "SELECT count(*) FROM phones WHERE parent_id = ?", lead),
                   ==, 1);

  stats = replica_sync (alice);
  g_assert_cmpuint (stats.evicted, >=, 1);
  in_alice = get_field (alice, "leads", lead, "name");
  g_assert_null (in_alice);
  g_assert_cmpint (replica_count (alice, "SELECT count(*) FROM leads WHERE id = ?", lead), ==, 0);
  g_assert_cmpint (replica_count (alice, "SELECT count(*) FROM phones WHERE parent_id = ?", lead),
                   ==, 0);

  /* Carl (another team) never had it and never gets it, not even a field. */
  replica_sync (carl);
  in_carl = get_field (carl, "leads", lead, "name");
  g_assert_null (in_carl);
  g_assert_cmpint (replica_count (carl, "SELECT count(*) FROM leads", NULL), ==, 0);
  g_assert_cmpint (replica_count (carl, "SELECT count(*) FROM phones", NULL), ==, 0);

  /* Bob may now edit it; alice's edits are refused and kept on the server. */
  update_field (bob, "leads", lead, "title", "Buyer");
  stats = replica_sync (bob);
  g_assert_cmpuint (stats.refused, ==, 0);
  g_assert_cmpint (server_count (fixture->server,
                                 "SELECT count(*) FROM conflicts WHERE kept_site = 'refused'"),
                   ==, refused);
}

/* ---- faults ------------------------------------------------------------------ */

typedef struct {
  char     *dir;
  char     *url;
  gboolean  ok;
  GError   *error;
} PushJob;

static gpointer
push_thread (gpointer data)
{
  PushJob *job = data;
  g_autoptr(RdStore) store = rd_store_open_dir (job->dir, &job->error);
  g_autoptr(RdSyncClient) client = NULL;

  if (store == NULL)
    return NULL;
  client = rd_sync_client_new (store, job->url, &job->error);
  if (client == NULL)
    return NULL;
  rd_sync_client_set_batch (client, 100, 100);
  job->ok = rd_sync_client_push (client, NULL, NULL, &job->error);
  return NULL;
}

static void
test_kill_server_mid_push (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(RdTestReplica) alice = rd_test_replica_new (fixture->server, "alice", "alice-password");
  g_autoptr(GThread) thread = NULL;
  PushJob job = { 0 };
  gint64 captured, logged, deadline;
  g_autoptr(GError) error = NULL;

  replica_sync (alice);
  rd_store_begin (alice->store, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 3000; i++)
    {
      g_autofree char *name = g_strdup_printf ("Lead %u", i);
      g_autofree char *id = insert_lead (alice, name);
    }
  rd_store_commit (alice->store, &error);
  g_assert_no_error (error);
  /* 3000 new rows: one outbox row each, handed out as one change per field. */
  g_assert_cmpint (replica_count (alice, "SELECT count(*) FROM outbox", NULL), ==, 3000);
  captured = replica_pending_changes (alice);
  g_assert_cmpint (captured, >, 3000);

  /* Push from another thread (its own store on the same file); kill -9 the
   * server as soon as part of the outbox has reached it. */
  job.dir = alice->dir;
  job.url = fixture->server->base_url;
  thread = g_thread_new ("push", push_thread, &job);
  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while (server_count (fixture->server, "SELECT count(*) FROM changes") < 500 &&
         g_get_monotonic_time () < deadline)
    g_usleep (1000);
  rd_test_server_kill (fixture->server);
  g_thread_join (g_steal_pointer (&thread));

  logged = server_count (fixture->server, "SELECT count(*) FROM changes WHERE kind = 'change'");
  g_test_message ("killed with %" G_GINT64_FORMAT " of %" G_GINT64_FORMAT " changes logged",
                  logged, captured);
  g_assert_false (job.ok);   /* the push could not finish: the server died under it */
  g_assert_nonnull (job.error);
  g_clear_error (&job.error);
  g_assert_cmpint (logged, <, captured);
  /* Whatever the server has not acknowledged is still in the outbox. */
  g_assert_cmpint (replica_pending_changes (alice), >=, captured - logged);

  rd_test_server_start (fixture->server);
  replica_sync (alice);

  /* Every change exactly once on the server, none left behind. */
  g_assert_cmpint (replica_count (alice, "SELECT count(*) FROM outbox", NULL), ==, 0);
  g_assert_cmpint (server_count (fixture->server,
                                 "SELECT count(*) FROM changes WHERE kind = 'change'"),
                   ==, captured);
  g_assert_cmpint (server_count (fixture->server, "SELECT count(*) FROM leads"), ==, 3000);
  g_assert_cmpint (server_count (fixture->server,
                                 "SELECT count(*) FROM (SELECT site, hlc, tbl, row_id, field "
                                 "FROM changes GROUP BY 1, 2, 3, 4, 5 HAVING count(*) > 1)"),
                   ==, 0);
}

static void
test_kill_client_mid_pull (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(RdTestReplica) alice = rd_test_replica_new (fixture->server, "alice", "alice-password");
  g_autoptr(RdTestReplica) root = rd_test_replica_new (fixture->server, "root", "root-password");
  g_autoptr(GSubprocess) cli = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *mine = NULL;
  g_autofree char *local_lead = NULL;
  g_autofree char *after = NULL;
  gint64 deadline, total;

  replica_sync (root);   /* empty snapshot: root pulls from now on */
  rd_store_begin (alice->store, &error);
  for (guint i = 0; i < 2000; i++)
    {
      g_autofree char *name = g_strdup_printf ("Lead %u", i);
      g_free (mine);
      mine = insert_lead (alice, name);
    }
  rd_store_commit (alice->store, &error);
  g_assert_no_error (error);
  replica_sync (alice);
  total = server_count (fixture->server, "SELECT max(seq) FROM changes");

  /* A local edit waits in root's outbox while it pulls. */
  local_lead = insert_lead (root, "Made offline by root");
  g_clear_object (&root->client);
  g_clear_object (&root->store);

  cli = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, RD_TEST_CLI_BIN,
                          "--replica", root->dir, "sync", "--batch", "50", NULL);
  g_assert_no_error (error);

  /* Kill -9 once part of the log is applied (the cursor moved). */
  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  {
    g_autofree char *path = g_build_filename (root->dir, "replica.db", NULL);
    gint64 cursor = 0;

    while (cursor < 500 && g_get_monotonic_time () < deadline)
      {
        sqlite3 *db = NULL;

        if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK)
          {
            sqlite3_busy_timeout (db, 1000);
            cursor = count_sql (db, "SELECT coalesce(CAST(value AS INTEGER), 0) FROM meta "
                                    "WHERE key = 'sync.cursor'", NULL);
          }
        sqlite3_close (db);
        g_usleep (500);
      }
    g_subprocess_send_signal (cli, SIGKILL);
    g_subprocess_wait (cli, NULL, NULL);
    g_test_message ("client killed at cursor %" G_GINT64_FORMAT " of %" G_GINT64_FORMAT,
                    cursor, total);
  }

  root->store = rd_store_open_dir (root->dir, &error);
  g_assert_no_error (error);
  root->client = rd_sync_client_new (root->store, NULL, &error);
  g_assert_no_error (error);

  /* The interrupted pull left whole batches only, and the local edit is still queued. */
  g_assert_cmpint (replica_count (root, "SELECT count(*) FROM outbox WHERE row_id = ?",
                                  local_lead), >, 0);
  g_assert_cmpint (rd_sync_client_get_cursor (root->client), <, total);

  replica_sync (root);
  g_assert_cmpint (replica_count (root, "SELECT count(*) FROM outbox", NULL), ==, 0);
  g_assert_cmpint (replica_count (root, "SELECT count(*) FROM leads", NULL), ==, 2001);
  after = get_field (root, "leads", mine, "name");
  g_assert_cmpstr (after, ==, "Lead 1999");
  g_assert_cmpint (server_count (fixture->server, "SELECT count(*) FROM leads"), ==, 2001);
}

/* ---- the protocol refuses bad batches whole ------------------------------ */

static void
test_push_refusals (Fixture       *fixture,
                    gconstpointer  data)
{
  RdTestServer *server = fixture->server;
  g_autofree char *token = rd_test_login (server, "alice", "alice-password");
  gint64 now_hlc = (g_get_real_time () / 1000) << 16;
  gint64 future_hlc = ((g_get_real_time () / 1000) + 10 * 60 * 1000) << 16;
  const char *site = "01900000-0000-7000-8000-000000000001";
  const char *row = "01900000-0000-7000-8000-0000000000aa";
  struct {
    const char *changes;
    guint       status;
    const char *error;
  } cases[] = {
    { "[{\"op\": 1, \"table\": \"leads\", \"id\": \"@ROW@\", \"field\": \"name\", \"value\": \"x\", \"hlc\": @NOW@},"
      " {\"op\": 2, \"table\": \"leads\", \"id\": \"not-a-uuid\", \"field\": \"name\", \"value\": \"y\", \"hlc\": @NOW@}]", 400, "bad-request" },
    { "[{\"op\": 1, \"table\": \"leads\", \"id\": \"@ROW@\", \"field\": \"name\", \"value\": \"x\", \"hlc\": @NOW@},"
      " {\"op\": 2, \"table\": \"leads\", \"id\": \"@ROW@\", \"field\": \"name\", \"value\": \"y\", \"hlc\": @FUTURE@}]", 400, "bad-request" },
    { "[{\"op\": 1, \"table\": \"nope\", \"id\": \"@ROW@\", \"field\": \"name\", \"value\": \"x\", \"hlc\": @NOW@}]", 400, "bad-request" },
    { "[{\"op\": 1, \"table\": \"leads\", \"id\": \"@ROW@\", \"field\": \"shoe_size\", \"value\": \"x\", \"hlc\": @NOW@}]", 400, "bad-request" },
    { "[{\"op\": 1, \"table\": \"leads\", \"id\": \"@ROW@\", \"field\": \"name\", \"value\": [1], \"hlc\": @NOW@}]", 400, "bad-request" },
    { "[{\"op\": 1, \"table\": \"leads\", \"id\": \"@ROW@\", \"field\": \"name\", \"value\": \"x\", \"hlc\": \"soon\"}]", 400, "bad-request" },
    { "[{\"op\": 1, \"table\": \"leads\", \"id\": \"@ROW@\", \"field\": \"name\", \"hlc\": @NOW@}]", 400, "bad-request" },
    { "[{\"op\": -1, \"table\": \"leads\", \"id\": \"@ROW@\", \"field\": \"name\", \"value\": \"x\", \"hlc\": @NOW@}]", 400, "bad-request" },
    { "[{\"op\": 1, \"table\": \"leads\", \"id\": \"@ROW@\", \"field\": \"name\", \"value\": \"x\", \"hlc\": @NOW@, \"extra\": 1}]", 400, "bad-request" },
    { "[42]", 400, "bad-request" },
    { "{}", 400, "bad-request" },
  };
  const char *bodies[] = {
    "{\"schema\": 1, \"site\": \"01900000-0000-7000-8000-000000000001\", \"changes\": []}",
    "{\"schema\": 99, \"site\": \"01900000-0000-7000-8000-000000000001\", \"changes\": []}",
    "{\"schema\": \"2\", \"site\": \"01900000-0000-7000-8000-000000000001\", \"changes\": []}",
    "{\"site\": \"01900000-0000-7000-8000-000000000001\", \"changes\": []}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GString) template = g_string_new (cases[i].changes);
      g_autofree char *now_text = g_strdup_printf ("%" G_GINT64_FORMAT, now_hlc);
      g_autofree char *future_text = g_strdup_printf ("%" G_GINT64_FORMAT, future_hlc);
      g_autofree char *changes = NULL;

      g_string_replace (template, "@NOW@", now_text, 0);
      g_string_replace (template, "@FUTURE@", future_text, 0);
      g_string_replace (template, "@ROW@", row, 0);
      changes = g_strdup (template->str);
      g_autofree char *body = g_strdup_printf ("{\"schema\": %d, \"site\": \"%s\", \"changes\": %s}",
                                               RD_SCHEMA_VERSION, site, changes);
      g_autoptr(RdTestResponse) response =
        rd_test_request_json (server, "POST", "/api/v1/sync/push", token, body);

      g_test_message ("push case %u", i);
      rd_test_assert_error (response, cases[i].status, cases[i].error);
    }

  /* The skew is named. */
  {
    g_autofree char *body = g_strdup_printf (
      "{\"schema\": %d, \"site\": \"%s\", \"changes\": [{\"op\": 1, \"table\": \"leads\", "
      "\"id\": \"%s\", \"field\": \"name\", \"value\": \"x\", \"hlc\": %" G_GINT64_FORMAT "}]}",
      RD_SCHEMA_VERSION, site, row, future_hlc);
    g_autoptr(RdTestResponse) response =
      rd_test_request_json (server, "POST", "/api/v1/sync/push", token, body);

    rd_test_assert_error (response, 400, "bad-request");
    g_assert_nonnull (strstr (rd_test_response_string (response, "message"), "ahead"));
  }

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      const char *body = bodies[i];
      g_autoptr(RdTestResponse) response =
        rd_test_request_json (server, "POST", "/api/v1/sync/push", token, body);

      rd_test_assert_error (response, i < 2 ? 409 : 400, i < 2 ? "conflict" : "bad-request");
      if (i < 2)
        g_assert_nonnull (strstr (rd_test_response_string (response, "message"), "schema"));
    }

  /* Bad pulls. */
  {
    const char *paths[] = {
      "/api/v1/sync/pull?since=-1", "/api/v1/sync/pull?limit=0", "/api/v1/sync/pull?limit=x",
      "/api/v1/sync/pull?since=1e3", "/api/v1/events?since=abc", "/api/v1/events?timeout=999",
    };

    for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
      {
        g_autoptr(RdTestResponse) response =
          rd_test_request (server, "GET", paths[i], token, NULL, NULL, 0);

        rd_test_assert_error (response, 400, "bad-request");
      }
  }

  /* Nothing of all that was applied; the server still serves. */
  g_assert_cmpint (server_count (server, "SELECT count(*) FROM changes"), ==, 0);
  {
    g_autoptr(RdTestResponse) pull =
      rd_test_request (server, "GET", "/api/v1/sync/pull?since=0", token, NULL, NULL, 0);
    g_autoptr(RdTestResponse) anonymous =
      rd_test_request (server, "GET", "/api/v1/sync/pull?since=0", NULL, NULL, NULL, 0);

    g_assert_cmpuint (pull->status, ==, 200);
    rd_test_assert_error (anonymous, 401, "unauthorized");
  }
}

static void
test_idempotent_push (Fixture       *fixture,
                      gconstpointer  data)
{
  RdTestServer *server = fixture->server;
  g_autofree char *token = rd_test_login (server, "alice", "alice-password");
  gint64 hlc = (g_get_real_time () / 1000) << 16;
  g_autofree char *body = g_strdup_printf (
    "{\"schema\": %d, \"site\": \"01900000-0000-7000-8000-000000000001\", \"changes\": ["
    "{\"op\": 1, \"table\": \"contacts\", \"id\": \"01900000-0000-7000-8000-0000000000bb\", "
    "\"field\": \"name\", \"value\": \"Olga\", \"hlc\": %" G_GINT64_FORMAT "}]}",
    RD_SCHEMA_VERSION, hlc);
  g_autoptr(RdTestResponse) first = rd_test_request_json (server, "POST", "/api/v1/sync/push",
                                                          token, body);
  g_autoptr(RdTestResponse) again = rd_test_request_json (server, "POST", "/api/v1/sync/push",
                                                          token, body);

  g_assert_cmpuint (first->status, ==, 200);
  g_assert_nonnull (strstr (first->text, "\"applied\""));
  g_assert_cmpuint (again->status, ==, 200);
  g_assert_nonnull (strstr (again->text, "\"duplicate\""));
  g_assert_cmpint (server_count (server, "SELECT count(*) FROM changes"), ==, 1);
}

static void
test_checksums (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(RdTestReplica) alice = rd_test_replica_new (fixture->server, "alice", "alice-password");
  g_autoptr(RdTestReplica) bob = rd_test_replica_new (fixture->server, "bob", "bob-password");
  g_autoptr(GError) error = NULL;
  g_autofree char *lead = insert_lead (alice, "Checked");
  g_autofree char *other = insert_lead (bob, "Not for alice");
  gboolean match = FALSE;
  RdSyncStats stats;

  replica_sync (bob);
  replica_sync (alice);
  rd_sync_client_verify (alice->client, &match, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (match);

  /* A replica that drifted (here: a row's clock altered behind the store's back)
   * is caught, and the next sync repairs it with a fresh snapshot. */
  g_assert_cmpint (sqlite3_exec (rd_store_get_db (alice->store),
                                 "UPDATE leads SET hlc = hlc + 1", NULL, NULL, NULL), ==, SQLITE_OK);
  rd_sync_client_verify (alice->client, &match, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (match);
  g_assert_cmpint (sqlite3_exec (rd_store_get_db (alice->store),
                                 "UPDATE leads SET hlc = hlc - 1", NULL, NULL, NULL), ==, SQLITE_OK);
  stats = replica_sync (alice);
  g_assert_cmpuint (stats.snapshot_rows, >=, 1);
  rd_sync_client_verify (alice->client, &match, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (match);
}

static gint64
fake_clock (gpointer user_data)
{
  return *(gint64 *) user_data;
}

/* The periodic verify inside an ordinary sync: a replica that lost a row
 * behind the store's back is repaired once the period has passed. */
static void
test_periodic_verify (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(RdTestReplica) alice = rd_test_replica_new (fixture->server, "alice", "alice-password");
  g_autofree char *lead = insert_lead (alice, "Kept");
  g_autofree char *gone = insert_lead (alice, "Lost behind the store's back");
  const char *where = "SELECT count(*) FROM leads WHERE id = ?";
  g_autofree char *delete = g_strdup_printf ("DELETE FROM leads WHERE id = '%s'", gone);
  gint64 now = 1800000000;
  RdSyncStats stats;

  rd_sync_client_set_clock (alice->client, fake_clock, &now);
  rd_sync_client_set_verify_period (alice->client, 0, 600);
  stats = replica_sync (alice);   /* snapshot, push; the period starts */
  g_assert_false (stats.verified);
  stats = replica_sync (alice);   /* pulls its own changes back: nothing pending */
  g_assert_false (stats.verified);
  g_assert_cmpint (replica_count (alice, where, gone), ==, 1);

  g_assert_cmpint (sqlite3_exec (rd_store_get_db (alice->store), delete, NULL, NULL, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (replica_count (alice, where, gone), ==, 0);

  /* Within the period: an ordinary sync does not notice. */
  now += 599;
  stats = replica_sync (alice);
  g_assert_false (stats.verified);
  g_assert_cmpint (replica_count (alice, where, gone), ==, 0);

  /* The period has passed: the same call verifies, finds the difference and
   * re-loads a snapshot, all in this one sync. */
  now += 1;
  stats = replica_sync (alice);
  g_assert_true (stats.verified);
  g_assert_true (stats.repaired);
  g_assert_cmpuint (stats.snapshot_rows, >=, 2);
  g_assert_cmpint (replica_count (alice, where, gone), ==, 1);

  /* A new period started; a consistent replica verifies clean. */
  stats = replica_sync (alice);
  g_assert_false (stats.verified);
  now += 600;
  stats = replica_sync (alice);
  g_assert_true (stats.verified);
  g_assert_false (stats.repaired);

  /* By count: every third sync, whatever the clock says. */
  rd_sync_client_set_verify_period (alice->client, 3, 0);
  for (guint i = 1; i <= 6; i++)
    {
      stats = replica_sync (alice);
      g_assert_cmpint (stats.verified, ==, i % 3 == 0);
    }

  /* Disabled: never. */
  rd_sync_client_set_verify_period (alice->client, 0, 0);
  now += 100000;
  stats = replica_sync (alice);
  g_assert_false (stats.verified);
}

static void
test_long_poll (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(RdTestReplica) alice = rd_test_replica_new (fixture->server, "alice", "alice-password");
  g_autoptr(RdTestReplica) bob = rd_test_replica_new (fixture->server, "bob", "bob-password");
  g_autoptr(GError) error = NULL;
  g_autofree char *lead = NULL;
  gint64 seq;

  replica_sync (alice);
  replica_sync (bob);

  /* Nothing new: the poll times out and says where the server is. */
  seq = rd_sync_client_wait (bob->client, 1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (seq, ==, rd_sync_client_get_cursor (bob->client));

  /* Something new: the poll answers at once with a sequence past bob's cursor. */
  lead = insert_lead (alice, "Shared news");
  update_field (alice, "leads", lead, "owner", "team:sales");   /* an agent may give it to the team */
  g_assert_cmpuint (replica_sync (alice).refused, ==, 0);
  seq = rd_sync_client_wait (bob->client, 60, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (seq, >, rd_sync_client_get_cursor (bob->client));

  /* Bob, in the team, now receives the lead. */
  replica_sync (bob);
  g_assert_cmpint (replica_count (bob, "SELECT count(*) FROM leads WHERE id = ?", lead), ==, 1);
}

typedef struct {
  GPtrArray               *messages;
  SoupWebsocketConnection *ws;
  GError                  *error;
  gboolean                 done;
} WsState;

static void
ws_message_cb (SoupWebsocketConnection *ws,
               int                      type,
               GBytes                  *message,
               WsState                 *state)
{
  g_ptr_array_add (state->messages, g_strndup (g_bytes_get_data (message, NULL),
                                               g_bytes_get_size (message)));
}

static void
ws_connected_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  WsState *state = data;

  state->ws = soup_session_websocket_connect_finish (SOUP_SESSION (source), result,
                                                     &state->error);
  state->done = TRUE;
}

/* Connects and waits (bounded) for the handshake's outcome. */
static void
ws_connect (RdTestServer *server,
            const char   *token,
            WsState      *state)
{
  g_autofree char *url = g_strdup_printf ("ws://127.0.0.1:%u/api/v1/events?token=%s",
                                          server->port, token);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  soup_session_websocket_connect_async (server->session, msg, NULL, NULL, G_PRIORITY_DEFAULT,
                                        NULL, ws_connected_cb, state);
  while (!state->done && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (state->done);
}

static void
wait_messages (WsState *state,
               guint    count)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (state->messages->len < count && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (state->messages->len, >=, count);
}

static void
test_websocket (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(RdTestReplica) alice = rd_test_replica_new (fixture->server, "alice", "alice-password");
  g_autofree char *token = rd_store_get_meta (alice->store, "sync.token");
  g_autofree char *lead = NULL;
  g_autofree char *expected = NULL;
  WsState state = { g_ptr_array_new_with_free_func (g_free), NULL, NULL, FALSE };
  WsState refused = { g_ptr_array_new_with_free_func (g_free), NULL, NULL, FALSE };

  ws_connect (fixture->server, token, &state);
  g_assert_no_error (state.error);
  g_signal_connect (state.ws, "message", G_CALLBACK (ws_message_cb), &state);
  wait_messages (&state, 1);
  g_assert_cmpstr (g_ptr_array_index (state.messages, 0), ==, "{\"type\":\"sequence\",\"seq\":0}");

  /* A push is announced with the new sequence. */
  lead = insert_lead (alice, "Announced");
  replica_sync (alice);
  wait_messages (&state, 2);
  expected = g_strdup_printf ("\"seq\":%" G_GINT64_FORMAT "}",
                              server_count (fixture->server, "SELECT max(seq) FROM changes"));
  g_assert_true (g_str_has_suffix (g_ptr_array_index (state.messages, state.messages->len - 1),
                                   expected));

  /* A bad token never gets a socket. */
  ws_connect (fixture->server, "not-a-token", &refused);
  g_assert_null (refused.ws);
  g_assert_nonnull (refused.error);

  soup_websocket_connection_close (state.ws, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  g_clear_object (&state.ws);
  g_clear_error (&refused.error);
  g_ptr_array_unref (state.messages);
  g_ptr_array_unref (refused.messages);
}

/* ---- event stream limits ------------------------------------------------------- */

static const char * const events_limited_args[] = { "--events-max", "2", "--events-limit", "6",
                                                     "--sync-window", "3600", NULL };

static void
fixture_setup_events_limited (Fixture       *fixture,
                              gconstpointer  data)
{
  fixture->server = rd_test_server_new (events_limited_args);
  rd_test_server_add_user (fixture->server, "alice", "agent", "sales", "alice-password");
  rd_test_server_add_user (fixture->server, "bob", "agent", "sales", "bob-password");
}

static guint
events_poll (Fixture    *fixture,
             const char *token)
{
  g_autoptr(RdTestResponse) poll = rd_test_request (fixture->server, "GET", "/api/v1/events?since=0&timeout=0",
                                                    token, NULL, NULL, 0);

  if (poll->status == 429)
    rd_test_assert_error (poll, 429, "rate-limited");
  return poll->status;
}

/* A user may hold --events-max streams (WebSockets and long polls together) and open
 * --events-limit per window; others are not affected, and a closed stream frees its place. */
static void
test_events_limits (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *alice = rd_test_login (fixture->server, "alice", "alice-password");
  g_autofree char *bob = rd_test_login (fixture->server, "bob", "bob-password");
  WsState first = { g_ptr_array_new_with_free_func (g_free), NULL, NULL, FALSE };
  WsState second = { g_ptr_array_new_with_free_func (g_free), NULL, NULL, FALSE };
  WsState third = { g_ptr_array_new_with_free_func (g_free), NULL, NULL, FALSE };
  g_autoptr(RdTestResponse) refused = NULL;
  gint64 deadline;
  guint status = 0;

  ws_connect (fixture->server, alice, &first);
  g_assert_no_error (first.error);
  ws_connect (fixture->server, alice, &second);
  g_assert_no_error (second.error);

  /* A third stream of alice's, socket or long poll, is refused; bob's is not. */
  ws_connect (fixture->server, alice, &third);
  g_assert_null (third.ws);
  g_assert_nonnull (third.error);
  refused = rd_test_request (fixture->server, "GET", "/api/v1/events?since=0&timeout=0", alice, NULL, NULL, 0);
  rd_test_assert_error (refused, 429, "rate-limited");
  g_assert_nonnull (refused->retry_after);
  g_assert_nonnull (strstr (rd_test_response_string (refused, "message"), "event streams open"));
  g_assert_cmpuint (events_poll (fixture, bob), ==, 200);

  /* Closing one frees its place (the server hears the close a moment later). */
  soup_websocket_connection_close (first.ws, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < deadline && (status = events_poll (fixture, alice)) != 200)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (20000);
    }
  g_assert_cmpuint (status, ==, 200);   /* alice's third opening */

  /* Openings per window: three more pass, the seventh is refused. */
  for (int i = 0; i < 3; i++)
    g_assert_cmpuint (events_poll (fixture, alice), ==, 200);
  g_clear_pointer (&refused, rd_test_response_free);
  refused = rd_test_request (fixture->server, "GET", "/api/v1/events?since=0&timeout=0", alice, NULL, NULL, 0);
  rd_test_assert_error (refused, 429, "rate-limited");
  g_assert_nonnull (strstr (rd_test_response_string (refused, "message"), "event streams opened"));
  g_assert_cmpuint (atoi (refused->retry_after), >, 0);

  soup_websocket_connection_close (second.ws, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  g_clear_object (&first.ws);
  g_clear_object (&second.ws);
  g_clear_error (&third.error);
  g_ptr_array_unref (first.messages);
  g_ptr_array_unref (second.messages);
  g_ptr_array_unref (third.messages);
}

typedef struct {
  gboolean    done;
  gboolean    ok;
  RdSyncStats stats;
  GError     *error;
} AsyncResult;

static void
sync_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  AsyncResult *out = data;

  out->ok = rd_sync_client_sync_finish (result, &out->stats, &out->error);
  out->done = TRUE;
}

static void
test_async (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(RdTestReplica) alice = rd_test_replica_new (fixture->server, "alice", "alice-password");
  g_autofree char *lead = insert_lead (alice, "From the UI thread");
  g_autofree char *path = g_build_filename (alice->dir, "replica.db", NULL);
  AsyncResult result = { 0 };
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  /* The worker syncs on its own store while this thread keeps its own. */
  rd_sync_client_sync_async (path, NULL, sync_done_cb, &result);
  while (!result.done && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (result.done);
  g_assert_no_error (result.error);
  g_assert_true (result.ok);
  g_assert_cmpuint (result.stats.pushed, >, 0);
  g_assert_cmpint (replica_count (alice, "SELECT count(*) FROM outbox", NULL), ==, 0);
  g_assert_cmpint (server_count (fixture->server, "SELECT count(*) FROM leads"), ==, 1);
}

static void
test_delete_audited (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(RdTestReplica) alice = rd_test_replica_new (fixture->server, "alice", "alice-password");
  g_autoptr(RdTestReplica) root = rd_test_replica_new (fixture->server, "root", "root-password");
  g_autofree char *lead = insert_lead (alice, "To be deleted");
  g_autofree char *admin = rd_test_login (fixture->server, "root", "root-password");
  g_autofree char *target = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RdTestResponse) audit = NULL;
  g_autoptr(RdRecord) gone = NULL;

  replica_sync (alice);
  replica_sync (root);
  rd_store_delete (alice->store, "leads", lead, &error);
  g_assert_no_error (error);
  replica_sync (alice);
  replica_sync (root);

  /* The tombstone reached the other replica ... */
  gone = rd_store_get (root->store, "leads", lead, &error);
  g_assert_null (gone);
  g_assert_error (error, RD_STORE_ERROR, RD_STORE_ERROR_NOT_FOUND);

  /* ... and the deletion is in the audit log, with who did it. */
  audit = rd_test_request (fixture->server, "GET", "/api/v1/audit?limit=10000", admin,
                           NULL, NULL, 0);
  g_assert_cmpuint (audit->status, ==, 200);
  target = g_strdup_printf ("\"actor\":\"alice\",\"action\":\"record-delete\",\"target\":\"leads/%s\"",
                            lead);
  g_assert_nonnull (strstr (audit->text, target));
}

static void
test_cli (Fixture       *fixture,
          gconstpointer  data)
{
  g_autofree char *dir = g_dir_make_tmp ("rd-test-cli-XXXXXX", NULL);
  g_autoptr(GSubprocess) login = NULL;
  g_autoptr(GSubprocess) sync = NULL;
  g_autoptr(GSubprocess) status = NULL;
  g_autoptr(GSubprocess) bad = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;

  login = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE,
                            &error, RD_TEST_CLI_BIN, "--replica", dir, "--server",
                            fixture->server->base_url, "login", "alice", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (login, "alice-password\n", NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (login), ==, 0);

  bad = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                          &error, RD_TEST_CLI_BIN, "--replica", dir, "--server",
                          fixture->server->base_url, "login", "alice", NULL);
  g_subprocess_communicate_utf8 (bad, "wrong-password\n", NULL, NULL, NULL, &error);
  g_assert_cmpint (g_subprocess_get_exit_status (bad), ==, 1);

  sync = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error, RD_TEST_CLI_BIN,
                           "--replica", dir, "sync", NULL);
  g_subprocess_wait_check (sync, NULL, &error);
  g_assert_no_error (error);

  status = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, RD_TEST_CLI_BIN,
                             "--replica", dir, "--json", "status", NULL);
  g_subprocess_communicate_utf8 (status, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (out, "\"user\": \"alice\""));
  g_assert_nonnull (strstr (out, "\"outbox\": 0"));

  remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/server/sync/events-limits", Fixture, NULL,
              fixture_setup_events_limited, test_events_limits, fixture_teardown);
  g_test_add ("/server/sync/roundtrip", Fixture, NULL,
              fixture_setup, test_roundtrip, fixture_teardown);
  g_test_add ("/server/sync/same-field", Fixture, NULL,
              fixture_setup, test_same_field, fixture_teardown);
  g_test_add ("/server/sync/different-fields", Fixture, NULL,
              fixture_setup, test_different_fields, fixture_teardown);
  g_test_add ("/server/sync/visibility-reassign", Fixture, NULL,
              fixture_setup, test_visibility_reassign, fixture_teardown);
  g_test_add ("/server/sync/push-refusals", Fixture, NULL,
              fixture_setup, test_push_refusals, fixture_teardown);
  g_test_add ("/server/sync/idempotent-push", Fixture, NULL,
              fixture_setup, test_idempotent_push, fixture_teardown);
  g_test_add ("/server/sync/kill-server-mid-push", Fixture, NULL,
              fixture_setup, test_kill_server_mid_push, fixture_teardown);
  g_test_add ("/server/sync/kill-client-mid-pull", Fixture, NULL,
              fixture_setup, test_kill_client_mid_pull, fixture_teardown);
  g_test_add ("/server/sync/checksums", Fixture, NULL,
              fixture_setup, test_checksums, fixture_teardown);
  g_test_add ("/server/sync/periodic-verify", Fixture, NULL,
              fixture_setup, test_periodic_verify, fixture_teardown);
  g_test_add ("/server/sync/long-poll", Fixture, NULL,
              fixture_setup, test_long_poll, fixture_teardown);
  g_test_add ("/server/sync/websocket", Fixture, NULL,
              fixture_setup, test_websocket, fixture_teardown);
  g_test_add ("/server/sync/async", Fixture, NULL,
              fixture_setup, test_async, fixture_teardown);
  g_test_add ("/server/sync/delete-audited", Fixture, NULL,
              fixture_setup, test_delete_audited, fixture_teardown);
  g_test_add ("/server/sync/cli", Fixture, NULL,
              fixture_setup, test_cli, fixture_teardown);

  return g_test_run ();
}
