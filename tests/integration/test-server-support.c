/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "rd-store.h"
#include "rd-sync-client.h"
#include "rd-test-server.h"

/* The support role against a real ringdesk-server on loopback: it pulls and
 * writes tickets, contacts and organizations, never sales records (leads,
 * deals, pipelines, stages, nor the notes, phones and calls on them), and the
 * endpoints of sales work refuse it (docs/sync.md "Roles", docs/api.md). An
 * agent of the same team, who sees the same owners, is the control: what
 * support misses is the role's rule, not the owner's. */

typedef struct {
  RdTestServer *server;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->server = rd_test_server_new (NULL);
  rd_test_server_add_user (fixture->server, "root", "admin", NULL, "root-password");
  rd_test_server_add_user (fixture->server, "sara", "support", "help", "sara-password");
  rd_test_server_add_user (fixture->server, "bob", "agent", "help", "bob-password");
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_clear_pointer (&fixture->server, rd_test_server_free);
}

static void
replica_sync (RdTestReplica *replica,
              RdSyncStats   *stats)
{
  g_autoptr(GError) error = NULL;
  RdSyncStats local = { 0 };

  rd_sync_client_sync (replica->client, stats ? stats : &local, NULL, &error);
  g_assert_no_error (error);
}

/* Inserts a row of @table with NULL-terminated field/value pairs; returns its id. */
static char *
insert (RdTestReplica *replica,
        const char    *table,
        ...)
{
  g_autoptr(RdRecord) record = rd_record_new (table);
  g_autoptr(GError) error = NULL;
  const char *field;
  va_list args;

  va_start (args, table);
  while ((field = va_arg (args, const char *)) != NULL)
    rd_record_set_string (record, field, va_arg (args, const char *));
  va_end (args);
  rd_store_insert (replica->store, record, &error);
  g_assert_no_error (error);
  return g_strdup (rd_record_get_id (record));
}

static gint64
count (RdTestReplica *replica,
       const char    *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (rd_store_get_db (replica->store), sql, -1, &stmt, NULL),
                   ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

typedef struct {
  char *contact, *lead, *deal, *pipeline, *ticket, *lead_note, *ticket_note, *lead_call;
} Seed;

static void
seed_clear (Seed *seed)
{
  g_free (seed->contact);
  g_free (seed->lead);
  g_free (seed->deal);
  g_free (seed->pipeline);
  g_free (seed->ticket);
  g_free (seed->lead_note);
  g_free (seed->ticket_note);
  g_free (seed->lead_call);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Seed, seed_clear)

/* Every record is given an owner both sara and bob see ("shared", the team). */
static void
seed (RdTestReplica *root,
      Seed          *s)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contact_phone = NULL, *lead_phone = NULL;

  s->contact = insert (root, "contacts", "name", "Olga Petrova", "owner", "shared", NULL);
  contact_phone = rd_store_add_phone (root->store, "contacts", s->contact, "+7 912 000-11-22",
                                      NULL, &error);
  g_assert_no_error (error);
  s->lead = insert (root, "leads", "name", "Big Prospect", "owner", "shared", NULL);
  lead_phone = rd_store_add_phone (root->store, "leads", s->lead, "+7 912 333-44-55", NULL, &error);
  g_assert_no_error (error);
  s->pipeline = insert (root, "pipelines", "name", "Sales", "owner", "shared", NULL);
  s->deal = insert (root, "deals", "name", "Contract 2027", "owner", "team:help", NULL);
  s->ticket = insert (root, "tickets", "subject", "Printer is on fire", "owner", "team:help",
                      "contact_id", s->contact, NULL);
  s->lead_note = insert (root, "notes", "parent_tbl", "leads", "parent_id", s->lead,
                         "body", "Budget is 2M", "owner", "shared", NULL);
  s->ticket_note = insert (root, "notes", "parent_tbl", "tickets", "parent_id", s->ticket,
                           "body", "Asked for a photo", "owner", "team:help", NULL);
  s->lead_call = insert (root, "calls", "parent_tbl", "leads", "parent_id", s->lead,
                         "direction", "outbound", "owner", "shared", NULL);
  replica_sync (root, NULL);
}

static void
assert_support_holdings (RdTestReplica *sara)
{
  g_assert_cmpint (count (sara, "SELECT count(*) FROM contacts"), ==, 1);
  g_assert_cmpint (count (sara, "SELECT count(*) FROM tickets"), ==, 1);
  g_assert_cmpint (count (sara, "SELECT count(*) FROM notes WHERE parent_tbl = 'tickets'"), ==, 1);
  g_assert_cmpint (count (sara, "SELECT count(*) FROM phones WHERE parent_tbl = 'contacts'"), ==, 1);
  g_assert_cmpint (count (sara, "SELECT count(*) FROM leads"), ==, 0);
  g_assert_cmpint (count (sara, "SELECT count(*) FROM deals"), ==, 0);
  g_assert_cmpint (count (sara, "SELECT count(*) FROM pipelines"), ==, 0);
  g_assert_cmpint (count (sara, "SELECT count(*) FROM notes WHERE parent_tbl = 'leads'"), ==, 0);
  g_assert_cmpint (count (sara, "SELECT count(*) FROM phones WHERE parent_tbl = 'leads'"), ==, 0);
  g_assert_cmpint (count (sara, "SELECT count(*) FROM calls"), ==, 0);
}

/* Pull (a replica that was there before the records) and snapshot (one made
 * after) give support the same rows; the checksum verify agrees with both. */
static void
test_pull_and_snapshot (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(RdTestReplica) root = rd_test_replica_new (fixture->server, "root", "root-password");
  g_autoptr(RdTestReplica) sara = rd_test_replica_new (fixture->server, "sara", "sara-password");
  g_autoptr(RdTestReplica) bob = rd_test_replica_new (fixture->server, "bob", "bob-password");
  g_autoptr(RdTestReplica) late = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(Seed) s = { 0 };
  gboolean match = FALSE;

  replica_sync (sara, NULL);
  seed (root, &s);

  replica_sync (sara, NULL);
  assert_support_holdings (sara);

  /* The control: an agent of the same team gets the sales records. */
  replica_sync (bob, NULL);
  g_assert_cmpint (count (bob, "SELECT count(*) FROM leads"), ==, 1);
  g_assert_cmpint (count (bob, "SELECT count(*) FROM deals"), ==, 1);
  g_assert_cmpint (count (bob, "SELECT count(*) FROM notes WHERE parent_tbl = 'leads'"), ==, 1);
  g_assert_cmpint (count (bob, "SELECT count(*) FROM calls"), ==, 1);

  late = rd_test_replica_new (fixture->server, "sara", "sara-password");
  replica_sync (late, NULL);
  assert_support_holdings (late);

  rd_sync_client_verify (sara->client, &match, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (match);
  rd_sync_client_verify (late->client, &match, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (match);

  /* Later edits of sales records do not leak either, a ticket edit does arrive. */
  {
    g_autoptr(RdRecord) lead = rd_record_new ("leads");
    g_autoptr(RdRecord) ticket = rd_record_new ("tickets");

    rd_record_set_id (lead, s.lead);
    rd_record_set_string (lead, "title", "CFO");
    rd_store_update (root->store, lead, &error);
    g_assert_no_error (error);
    rd_record_set_id (ticket, s.ticket);
    rd_record_set_string (ticket, "status", "in_progress");
    rd_store_update (root->store, ticket, &error);
    g_assert_no_error (error);
    replica_sync (root, NULL);
  }
  replica_sync (sara, NULL);
  assert_support_holdings (sara);
  g_assert_cmpint (count (sara, "SELECT count(*) FROM tickets WHERE status = 'in_progress'"), ==, 1);
}

/* Support works tickets and contacts; its writes to sales records are refused
 * one by one, with the reason, and the rest of the batch applies. */
static void
test_push (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(RdTestReplica) root = rd_test_replica_new (fixture->server, "root", "root-password");
  g_autoptr(RdTestReplica) sara = rd_test_replica_new (fixture->server, "sara", "sara-password");
  g_autoptr(GError) error = NULL;
  g_autofree char *token = rd_test_login (fixture->server, "sara", "sara-password");
  g_autofree char *own_lead = NULL, *reply = NULL, *body = NULL;
  g_auto(Seed) s = { 0 };
  RdSyncStats stats = { 0 };

  seed (root, &s);
  replica_sync (sara, NULL);

  /* Allowed: a ticket edit, a note on the ticket, a new contact. */
  {
    g_autoptr(RdRecord) ticket = rd_record_new ("tickets");

    rd_record_set_id (ticket, s.ticket);
    rd_record_set_string (ticket, "resolution", "Replaced the fuser");
    rd_store_update (sara->store, ticket, &error);
    g_assert_no_error (error);
  }
  reply = insert (sara, "notes", "parent_tbl", "tickets", "parent_id", s.ticket,
                  "body", "Fuser replaced", "owner", "team:help", NULL);
  g_free (insert (sara, "contacts", "name", "Ivan Sidorov", "owner", "shared", NULL));
  /* Refused: a lead of its own (the replica holds it, the server does not take it). */
  own_lead = insert (sara, "leads", "name", "Not my job", NULL);

  replica_sync (sara, &stats);
  g_assert_cmpuint (stats.refused, >=, 1);
  g_assert_cmpuint (stats.pushed, >=, 3);

  replica_sync (root, NULL);
  g_assert_cmpint (count (root, "SELECT count(*) FROM tickets WHERE resolution = 'Replaced the fuser'"),
                   ==, 1);
  g_assert_cmpint (count (root, "SELECT count(*) FROM notes WHERE body = 'Fuser replaced'"), ==, 1);
  g_assert_cmpint (count (root, "SELECT count(*) FROM contacts WHERE name = 'Ivan Sidorov'"), ==, 1);
  g_assert_cmpint (count (root, "SELECT count(*) FROM leads WHERE name = 'Not my job'"), ==, 0);

  /* A raw push (a replica of its own making): the existing lead, the note on
   * it, a new note attached to the lead (all its fields: no half of it is
   * left parentless), and a ticket note, which applies. */
  {
    gint64 hlc = (g_get_real_time () / 1000) << 16;
    const char *sneaky = "01900000-0000-7000-8000-0000000000d1";
    g_autoptr(GString) changes = g_string_new (NULL);
    const char *expect[] = { "may not write leads", "belongs to a sales record",
                             "belongs to a sales record", "belongs to a sales record",
                             "belongs to a sales record", NULL };
    g_autoptr(RdTestResponse) response = NULL;
    g_autofree char *sql = NULL;
    JsonArray *results;

    g_string_append_printf (changes,
      "{\"op\": 1, \"table\": \"leads\", \"id\": \"%s\", \"field\": \"title\", \"value\": \"x\", \"hlc\": %" G_GINT64_FORMAT "},"
      "{\"op\": 2, \"table\": \"notes\", \"id\": \"%s\", \"field\": \"body\", \"value\": \"y\", \"hlc\": %" G_GINT64_FORMAT "},"
      "{\"op\": 3, \"table\": \"notes\", \"id\": \"%s\", \"field\": \"body\", \"value\": \"Psst\", \"hlc\": %" G_GINT64_FORMAT "},"
      "{\"op\": 4, \"table\": \"notes\", \"id\": \"%s\", \"field\": \"parent_tbl\", \"value\": \"leads\", \"hlc\": %" G_GINT64_FORMAT "},"
      "{\"op\": 5, \"table\": \"notes\", \"id\": \"%s\", \"field\": \"parent_id\", \"value\": \"%s\", \"hlc\": %" G_GINT64_FORMAT "},"
      "{\"op\": 6, \"table\": \"notes\", \"id\": \"%s\", \"field\": \"body\", \"value\": \"Fuser replaced again\", \"hlc\": %" G_GINT64_FORMAT "}",
      s.lead, hlc, s.lead_note, hlc, sneaky, hlc, sneaky, hlc, sneaky, s.lead, hlc, reply, hlc);
    body = g_strdup_printf ("{\"schema\": %d, \"site\": \"01900000-0000-7000-8000-0000000000c1\", "
                            "\"changes\": [%s]}", RD_SCHEMA_VERSION, changes->str);
    response = rd_test_request_json (fixture->server, "POST", "/api/v1/sync/push", token, body);
    g_assert_cmpuint (response->status, ==, 200);
    results = json_object_get_array_member (json_node_get_object (response->body), "results");
    g_assert_cmpuint (json_array_get_length (results), ==, 6);
    for (guint i = 0; i < 6; i++)
      {
        JsonObject *result = json_array_get_object_element (results, i);
        const char *status = json_object_get_string_member (result, "status");

        g_test_message ("result %u: %s", i, status);
        if (expect[i] != NULL)
          {
            g_assert_cmpstr (status, ==, "refused");
            g_assert_nonnull (strstr (json_object_get_string_member (result, "reason"), expect[i]));
          }
        else
          g_assert_cmpstr (status, ==, "applied");
      }

    replica_sync (root, NULL);
    sql = g_strdup_printf ("SELECT count(*) FROM notes WHERE id = '%s'", sneaky);
    g_assert_cmpint (count (root, sql), ==, 0);
    g_assert_cmpint (count (root, "SELECT count(*) FROM notes WHERE body = 'Fuser replaced again'"), ==, 1);
    g_assert_cmpint (count (root, "SELECT count(*) FROM leads WHERE title = 'x'"), ==, 0);
    g_assert_cmpint (count (root, "SELECT count(*) FROM notes WHERE body = 'y'"), ==, 0);
  }
}

static void
assert_status (Fixture    *fixture,
               const char *method,
               const char *path,
               const char *token,
               const char *json,
               guint       status)
{
  g_autoptr(RdTestResponse) response =
    rd_test_request_json (fixture->server, method, path, token, json);

  g_test_message ("%s %s: %u %s", method, path, response->status, response->text);
  if (status >= 400)
    rd_test_assert_error (response, status, status == 403 ? "forbidden" :
                                            status == 404 ? "not-found" : "bad-request");
  else
    g_assert_cmpuint (response->status, ==, status);
}

/* The endpoints: campaigns and sales reports refuse support, the enquiries
 * queue takes it, it reads only its own account, an admin assigns the role. */
static void
test_endpoints (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(RdTestReplica) root = rd_test_replica_new (fixture->server, "root", "root-password");
  g_autofree char *sara = rd_test_login (fixture->server, "sara", "sara-password");
  g_autofree char *bob = rd_test_login (fixture->server, "bob", "bob-password");
  g_autofree char *admin = rd_test_login (fixture->server, "root", "root-password");
  g_autofree char *recording = NULL;
  g_auto(Seed) s = { 0 };

  seed (root, &s);

  assert_status (fixture, "GET", "/api/v1/campaigns", sara, NULL, 403);
  assert_status (fixture, "GET", "/api/v1/campaigns", bob, NULL, 200);
  assert_status (fixture, "GET", "/api/v1/campaigns/schema", sara, NULL, 403);
  assert_status (fixture, "GET", "/api/v1/campaigns/01900000-0000-7000-8000-000000000001", sara, NULL, 403);
  assert_status (fixture, "POST", "/api/v1/agent/login", sara,
                 "{\"campaign_id\": \"01900000-0000-7000-8000-000000000001\"}", 403);
  assert_status (fixture, "GET", "/api/v1/pause-codes?campaign=01900000-0000-7000-8000-000000000001",
                 sara, NULL, 403);
  assert_status (fixture, "GET", "/api/v1/reports/campaign", sara, NULL, 403);
  assert_status (fixture, "GET", "/api/v1/reports/agents?agent=bob", sara, NULL, 403);
  assert_status (fixture, "GET", "/api/v1/users/bob", sara, NULL, 403);
  assert_status (fixture, "GET", "/api/v1/users/sara", sara, NULL, 200);
  assert_status (fixture, "GET", "/api/v1/users", sara, NULL, 403);
  assert_status (fixture, "GET", "/api/v1/enquiries", sara, NULL, 200);
  assert_status (fixture, "GET", "/api/v1/enquiries", bob, NULL, 403);
  /* A call on a lead is sales work: its recording is "no such call" to support. */
  recording = g_strdup_printf ("/api/v1/recordings/%s", s.lead_call);
  assert_status (fixture, "GET", recording, sara, NULL, 404);

  {
    g_autoptr(RdTestResponse) list =
      rd_test_request (fixture->server, "GET", "/api/v1/reports", sara, NULL, NULL, 0);

    g_assert_cmpuint (list->status, ==, 200);
    g_assert_nonnull (strstr (list->text, "\"agents\""));
    g_assert_null (strstr (list->text, "\"campaign\""));
    g_assert_null (strstr (list->text, "\"leadsets\""));
  }

  /* Roles: only an admin gives one; "support" is one of them. */
  assert_status (fixture, "PATCH", "/api/v1/users/bob", sara, "{\"role\": \"support\"}", 403);
  assert_status (fixture, "PATCH", "/api/v1/users/bob", admin, "{\"role\": \"helper\"}", 400);
  assert_status (fixture, "PATCH", "/api/v1/users/bob", admin, "{\"role\": \"support\"}", 200);
  {
    g_autoptr(RdTestResponse) shown =
      rd_test_request (fixture->server, "GET", "/api/v1/users/bob", admin, NULL, NULL, 0);

    g_assert_cmpstr (rd_test_response_string (shown, "role"), ==, "support");
  }
  /* The change holds at once: bob's next request is a support account's. */
  assert_status (fixture, "GET", "/api/v1/campaigns", bob, NULL, 403);
  assert_status (fixture, "POST", "/api/v1/users", admin,
                 "{\"username\": \"sveta\", \"password\": \"sveta-password-1\", \"role\": \"support\"}", 201);
}

/* An agent made support: a replica made after the change holds no sales record,
 * and the old replica's next verify finds the divergence. */
static void
test_role_change (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(RdTestReplica) root = rd_test_replica_new (fixture->server, "root", "root-password");
  g_autoptr(RdTestReplica) before = rd_test_replica_new (fixture->server, "bob", "bob-password");
  g_autoptr(RdTestReplica) after = NULL;
  g_autofree char *admin = rd_test_login (fixture->server, "root", "root-password");
  g_auto(Seed) s = { 0 };

  seed (root, &s);
  replica_sync (before, NULL);
  g_assert_cmpint (count (before, "SELECT count(*) FROM leads"), ==, 1);

  assert_status (fixture, "PATCH", "/api/v1/users/bob", admin, "{\"role\": \"support\"}", 200);
  after = rd_test_replica_new (fixture->server, "bob", "bob-password");
  replica_sync (after, NULL);
  assert_support_holdings (after);

  /* The replica from before: its verify sees the difference (the rows it still holds
   * stay until it is made anew: docs/sync.md, "Roles"). */
  {
    RdSyncStats stats = { 0 };

    rd_sync_client_set_verify_period (before->client, 1, 0);
    replica_sync (before, &stats);
    g_assert_true (stats.verified);
    g_assert_true (stats.repaired);
  }
}

/* Migration 2 of server.db: a database of version 1 (whose CHECK knows three
 * roles) keeps its accounts and sessions and takes support accounts. */
static void
test_accounts_migration (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->server->data_dir, "server.db", NULL);
  g_autofree char *token = rd_test_login (fixture->server, "bob", "bob-password");
  g_autofree char *sveta = NULL;
  sqlite3 *db = NULL;

  rd_test_server_stop (fixture->server);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
                                 "PRAGMA writable_schema = ON;"
                                 "UPDATE sqlite_schema SET sql = replace (sql, ', ''support''', '')"
                                 "  WHERE type = 'table' AND name = 'users';"
                                 "UPDATE users SET role = 'agent' WHERE role = 'support';"
                                 "PRAGMA writable_schema = RESET;"
                                 "PRAGMA user_version = 1;", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  rd_test_server_start (fixture->server);
  rd_test_server_add_user (fixture->server, "sveta", "support", "help", "sveta-password");
  sveta = rd_test_login (fixture->server, "sveta", "sveta-password");
  assert_status (fixture, "GET", "/api/v1/campaigns", sveta, NULL, 403);
  /* The session made before the migration still works. */
  assert_status (fixture, "GET", "/api/v1/users/bob", token, NULL, 200);
  assert_status (fixture, "PATCH", "/api/v1/users/nobody", token, "{\"role\": \"support\"}", 403);

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  {
    sqlite3_stmt *stmt = NULL;

    g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpint (sqlite3_column_int (stmt, 0), >=, 2);
    sqlite3_finalize (stmt);
    /* The CHECK still refuses what is no role. */
    g_assert_cmpint (sqlite3_exec (db, "UPDATE users SET role = 'helper' WHERE name = 'bob'",
                                   NULL, NULL, NULL), ==, SQLITE_CONSTRAINT);
  }
  sqlite3_close (db);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/server/support/pull-and-snapshot", Fixture, NULL,
              fixture_setup, test_pull_and_snapshot, fixture_teardown);
  g_test_add ("/server/support/push", Fixture, NULL, fixture_setup, test_push, fixture_teardown);
  g_test_add ("/server/support/endpoints", Fixture, NULL,
              fixture_setup, test_endpoints, fixture_teardown);
  g_test_add ("/server/support/role-change", Fixture, NULL,
              fixture_setup, test_role_change, fixture_teardown);
  g_test_add ("/server/support/accounts-migration", Fixture, NULL,
              fixture_setup, test_accounts_migration, fixture_teardown);

  return g_test_run ();
}
