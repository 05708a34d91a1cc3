/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "rd-custom-fields.h"
#include "rd-store.h"
#include "rd-sync-client.h"
#include "rd-test-server.h"

/* Custom fields through a real ringdesk-server: an admin's definitions reach every replica,
 * an agent's are refused by the server; two replicas editing two custom fields of one record
 * at once both keep both values; the same field set on two replicas at once is one row with
 * the last writer's value; values and addresses move out and in with their record. */

typedef struct {
  RdTestServer *server;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->server = rd_test_server_new (NULL);
  rd_test_server_add_user (fixture->server, "root", "admin", NULL, "root-password");
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

static RdSyncStats
replica_sync (RdTestReplica *replica)
{
  g_autoptr(GError) error = NULL;
  RdSyncStats stats = { 0 };

  rd_sync_client_sync (replica->client, &stats, NULL, &error);
  g_assert_no_error (error);
  return stats;
}

static gint64
count_sql (sqlite3    *db,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 count = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return count;
}

static gint64
server_count (RdTestServer *server,
              const char   *sql)
{
  g_autofree char *path = g_build_filename (server->data_dir, "merged.db", NULL);
  sqlite3 *db = NULL;
  gint64 count;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  count = count_sql (db, sql);
  sqlite3_close (db);
  return count;
}

static void
define (RdTestReplica *replica,
        const char    *key,
        RdCustomType   type)
{
  g_autoptr(RdCustomField) field = rd_custom_field_new ("contacts", key, key, type);
  g_autoptr(GError) error = NULL;

  g_assert_true (rd_store_define_custom_field (replica->store, field, &error));
  g_assert_no_error (error);
}

static void
set_value (RdTestReplica *replica,
           const char    *id,
           const char    *key,
           const char    *text)
{
  g_autoptr(RdRecord) changes = rd_record_new ("contacts");
  g_autoptr(GError) error = NULL;
  JsonObject *custom = json_object_new ();

  json_object_set_string_member (custom, key, text);
  rd_record_set_id (changes, id);
  json_object_set_object_member (rd_record_get_fields (changes), "custom", custom);
  g_assert_true (rd_store_update (replica->store, changes, &error));
  g_assert_no_error (error);
}

/* The value of custom field @key of contact @id as text, NULL when none or no contact. */
static char *
get_value (RdTestReplica *replica,
           const char    *id,
           const char    *key)
{
  g_autoptr(RdRecord) record = rd_store_get (replica->store, "contacts", id, NULL);
  g_autoptr(RdCustomField) field = rd_store_get_custom_field (replica->store, "contacts", key);
  JsonNode *custom;

  if (record == NULL || field == NULL)
    return NULL;
  custom = json_object_get_member (rd_record_get_fields (record), "custom");
  return rd_custom_field_format (field, json_object_get_member (json_node_get_object (custom), key));
}

static void
test_definitions_and_merge (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(RdTestReplica) root = rd_test_replica_new (fixture->server, "root", "root-password");
  g_autoptr(RdTestReplica) alice = rd_test_replica_new (fixture->server, "alice", "alice-password");
  g_autoptr(RdTestReplica) maria = rd_test_replica_new (fixture->server, "maria", "maria-password");
  g_autoptr(RdRecord) contact = rd_record_new ("contacts");
  g_autoptr(GError) error = NULL;
  RdSyncStats stats;
  const char *id;

  /* The admin defines the fields; every replica gets them, other teams too. */
  define (root, "tier", RD_CUSTOM_TEXT);
  define (root, "score", RD_CUSTOM_NUMBER);
  stats = replica_sync (root);
  g_assert_cmpuint (stats.refused, ==, 0);
  replica_sync (alice);
  replica_sync (maria);
  g_assert_nonnull (rd_store_get_custom_field (alice->store, "contacts", "tier"));
  g_assert_nonnull (rd_store_get_custom_field (maria->store, "contacts", "score"));
  {
    g_autoptr(RdTestReplica) carl = rd_test_replica_new (fixture->server, "carl", "carl-password");

    replica_sync (carl);
    g_assert_nonnull (rd_store_get_custom_field (carl->store, "contacts", "score"));
  }

  /* An agent's definition is refused by the server (kept there as refused, not merged). */
  define (alice, "sneaky", RD_CUSTOM_TEXT);
  stats = replica_sync (alice);
  g_assert_cmpuint (stats.refused, >, 0);
  g_assert_cmpint (server_count (fixture->server, "SELECT count(*) FROM custom_fields WHERE key = 'sneaky'"), ==, 0);
  g_assert_cmpint (server_count (fixture->server, "SELECT count(*) FROM custom_fields"), ==, 2);
  g_assert_cmpint (server_count (fixture->server, "SELECT count(*) FROM conflicts WHERE tbl = 'custom_fields'"
                                                  " AND kept_site = 'refused'"), >, 0);

  /* Alice's contact, seen by her manager. */
  rd_record_set_string (contact, "name", "Olga Sokolova");
  g_assert_true (rd_store_insert (alice->store, contact, &error));
  g_assert_no_error (error);
  id = rd_record_get_id (contact);
  replica_sync (alice);
  replica_sync (maria);

  /* Offline, alice sets one custom field and maria another: both survive everywhere. */
  set_value (alice, id, "tier", "Gold");
  set_value (maria, id, "score", "7");
  replica_sync (alice);
  replica_sync (maria);
  replica_sync (alice);
  for (guint i = 0; i < 2; i++)
    {
      RdTestReplica *replica = i == 0 ? alice : maria;
      g_autofree char *tier = get_value (replica, id, "tier");
      g_autofree char *score = get_value (replica, id, "score");

      g_assert_cmpstr (tier, ==, "Gold");
      g_assert_cmpstr (score, ==, "7");
      g_assert_cmpint (count_sql (rd_store_get_db (replica->store),
                                  "SELECT count(*) FROM conflicts WHERE tbl = 'custom_values'"), ==, 0);
    }
  g_assert_cmpint (server_count (fixture->server, "SELECT count(*) FROM custom_values WHERE deleted = 0"), ==, 2);

  /* The same field at once: one row, the later value on both, the other kept for review. */
  set_value (alice, id, "tier", "Silver");
  g_usleep (2000);
  set_value (maria, id, "tier", "Platinum");
  replica_sync (alice);
  replica_sync (maria);
  replica_sync (alice);
  {
    g_autofree char *a = get_value (alice, id, "tier");
    g_autofree char *m = get_value (maria, id, "tier");

    g_assert_cmpstr (a, ==, "Platinum");
    g_assert_cmpstr (m, ==, "Platinum");
  }
  g_assert_cmpint (server_count (fixture->server, "SELECT count(*) FROM custom_values WHERE deleted = 0"), ==, 2);
  g_assert_cmpint (server_count (fixture->server, "SELECT count(*) FROM conflicts WHERE tbl = 'custom_values'"
                                                  " AND lost_value = '\"Silver\"'"), ==, 1);
  /* Searchable on the other replica like a built-in field. */
  g_assert_cmpint (rd_store_count (alice->store, "contacts", "tier = Platinum and score >= 7", &error), ==, 1);
  g_assert_no_error (error);
}

static void
test_move_out_and_in (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(RdTestReplica) root = rd_test_replica_new (fixture->server, "root", "root-password");
  g_autoptr(RdTestReplica) alice = rd_test_replica_new (fixture->server, "alice", "alice-password");
  g_autoptr(RdTestReplica) carl = rd_test_replica_new (fixture->server, "carl", "carl-password");
  g_autoptr(RdRecord) contact = rd_record_new ("contacts");
  g_autoptr(RdRecord) changes = rd_record_new ("contacts");
  g_autoptr(GError) error = NULL;
  JsonArray *addresses = json_array_new ();
  JsonObject *address = json_object_new ();
  g_autofree char *carl_id = NULL;
  const char *id;

  define (root, "tier", RD_CUSTOM_TEXT);
  replica_sync (root);
  replica_sync (alice);
  replica_sync (carl);
  carl_id = g_strdup (rd_store_get_user (carl->store));

  rd_record_set_string (contact, "name", "Moving Person");
  json_object_set_string_member (address, "city", "Omsk");
  json_object_set_string_member (address, "country", "RU");
  json_array_add_object_element (addresses, address);
  json_object_set_array_member (rd_record_get_fields (contact), "addresses", addresses);
  g_assert_true (rd_store_insert (alice->store, contact, &error));
  g_assert_no_error (error);
  id = rd_record_get_id (contact);
  set_value (alice, id, "tier", "Gold");
  replica_sync (alice);
  replica_sync (carl);
  g_assert_cmpint (count_sql (rd_store_get_db (carl->store), "SELECT count(*) FROM custom_values"), ==, 0);

  /* The admin gives the record to carl (another team): it leaves alice's replica with its
   * value and address, and reaches carl's with them. */
  replica_sync (root);
  rd_record_set_id (changes, id);
  rd_record_set_string (changes, "owner", carl_id);
  g_assert_true (rd_store_update (root->store, changes, &error));
  g_assert_no_error (error);
  replica_sync (root);
  replica_sync (alice);
  replica_sync (carl);
  g_assert_cmpint (count_sql (rd_store_get_db (alice->store), "SELECT count(*) FROM contacts"), ==, 0);
  g_assert_cmpint (count_sql (rd_store_get_db (alice->store), "SELECT count(*) FROM custom_values"), ==, 0);
  g_assert_cmpint (count_sql (rd_store_get_db (alice->store), "SELECT count(*) FROM addresses"), ==, 0);
  {
    g_autofree char *tier = get_value (carl, id, "tier");
    g_autoptr(RdRecord) moved = rd_store_get (carl->store, "contacts", id, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (tier, ==, "Gold");
    g_assert_cmpuint (json_array_get_length (rd_record_get_array (moved, "addresses")), ==, 1);
  }
  /* and carl may edit it */
  set_value (carl, id, "tier", "Silver");
  g_assert_cmpuint (replica_sync (carl).refused, ==, 0);
  replica_sync (root);
  {
    g_autofree char *tier = get_value (root, id, "tier");
    g_assert_cmpstr (tier, ==, "Silver");
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/server/custom-fields/definitions-and-merge", Fixture, NULL,
              fixture_setup, test_definitions_and_merge, fixture_teardown);
  g_test_add ("/server/custom-fields/move-out-and-in", Fixture, NULL,
              fixture_setup, test_move_out_and_in, fixture_teardown);
  return g_test_run ();
}
