/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "rd-intel-sim.h"
#include "rd-lead-scores.h"
#include "rd-store.h"
#include "rd-sync-client.h"
#include "rd-test-server.h"
#include "rd-uuid.h"

/* The lead score end to end (docs/intelligence.md) on a real ringdesk-server: a history
 * pushed from one replica, the model trained on the server when an admin asks (an agent
 * may not), its row pulled by two replicas that then score every lead the same, a push to
 * the models table refused, and the next training reaching them as version 2. */

typedef struct {
  RdTestServer *server;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  const char *const args[] = { "--train-interval", "0", NULL };

  fixture->server = rd_test_server_new (args);
  rd_test_server_add_user (fixture->server, "ada", "admin", NULL, "ada-password");
  rd_test_server_add_user (fixture->server, "root", "admin", NULL, "root-password");
  rd_test_server_add_user (fixture->server, "alice", "agent", "sales", "alice-password");
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
  RdSyncStats stats = { 0 };

  rd_sync_client_sync (replica->client, &stats, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stats.refused, ==, 0);
}

/* lead id -> score text (%.17g: every bit) of @store's lead_scores. */
static GHashTable *
scores_of (RdStore *store)
{
  GHashTable *scores = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (rd_store_get_db (store), "SELECT lead_id, score FROM lead_scores",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_insert (scores, g_strdup ((const char *) sqlite3_column_text (stmt, 0)),
                         g_strdup_printf ("%.17g", sqlite3_column_double (stmt, 1)));
  sqlite3_finalize (stmt);
  return scores;
}

static JsonObject *
trained (RdTestResponse *response,
         const char     *kind)
{
  JsonArray *models = json_object_get_array_member (json_node_get_object (response->body), "models");

  for (guint i = 0; i < json_array_get_length (models); i++)
    {
      JsonObject *model = json_array_get_object_element (models, i);

      if (g_strcmp0 (json_object_get_string_member (model, "kind"), kind) == 0)
        return model;
    }
  g_assert_not_reached ();
}

static void
test_lead_score_syncs (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(RdTestReplica) ada = rd_test_replica_new (fixture->server, "ada", "ada-password");
  g_autoptr(RdTestReplica) root = rd_test_replica_new (fixture->server, "root", "root-password");
  g_autofree char *admin_token = rd_test_login (fixture->server, "ada", "ada-password");
  g_autofree char *agent_token = rd_test_login (fixture->server, "alice", "alice-password");
  g_autoptr(RdTestResponse) refused = NULL;
  g_autoptr(RdTestResponse) early = NULL;
  g_autoptr(RdTestResponse) first = NULL;
  g_autoptr(RdTestResponse) second = NULL;
  g_autoptr(RdTestResponse) list = NULL;
  g_autoptr(GHashTable) ada_scores = NULL;
  g_autoptr(GHashTable) root_scores = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) model_error = NULL;
  gint64 now = g_get_real_time () / 1000;
  JsonObject *model;
  GHashTableIter iter;
  gpointer key, value;
  guint scored = 0;

  /* With no history yet the server says why it trains nothing. */
  early = rd_test_request_json (fixture->server, "POST", "/api/v1/models/train", admin_token, "{}");
  g_assert_cmpuint (early->status, ==, 200);
  model = trained (early, "lead_score");
  g_assert_false (json_object_get_boolean_member (model, "trained"));
  g_assert_nonnull (strstr (json_object_get_string_member (model, "message"), "Not enough closed leads"));

  g_assert_true (rd_intel_sim_leads (ada->store, 20261208, 200, 0.2, now, &error));
  g_assert_no_error (error);
  replica_sync (ada);

  /* The role is the server's to check. */
  refused = rd_test_request_json (fixture->server, "POST", "/api/v1/models/train", agent_token, "{}");
  rd_test_assert_error (refused, 403, "forbidden");

  first = rd_test_request_json (fixture->server, "POST", "/api/v1/models/train", admin_token, "{}");
  g_assert_cmpuint (first->status, ==, 200);
  model = trained (first, "lead_score");
  g_assert_true (json_object_get_boolean_member (model, "trained"));
  g_assert_cmpint (json_object_get_int_member (model, "version"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (model, "samples"), >, 100);

  /* Both replicas pull the row and score every open lead to the bit. */
  replica_sync (ada);
  replica_sync (root);
  g_assert_true (rd_lead_scores_refresh (ada->store, now, &scored, &model_error, &error));
  g_assert_no_error (error);
  g_assert_no_error (model_error);
  g_assert_cmpuint (scored, >, 20);
  g_assert_true (rd_lead_scores_refresh (root->store, now, &scored, &model_error, &error));
  g_assert_no_error (error);
  g_assert_no_error (model_error);
  ada_scores = scores_of (ada->store);
  root_scores = scores_of (root->store);
  g_assert_cmpuint (g_hash_table_size (ada_scores), ==, scored);
  g_assert_cmpuint (g_hash_table_size (root_scores), ==, scored);
  g_hash_table_iter_init (&iter, ada_scores);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_assert_cmpstr (g_hash_table_lookup (root_scores, key), ==, value);

  /* Any member of staff may see the models; nobody may push one. */
  list = rd_test_request (fixture->server, "GET", "/api/v1/models", agent_token, NULL, NULL, 0);
  g_assert_cmpuint (list->status, ==, 200);
  {
    g_autoptr(GPtrArray) rows = rd_store_list (ada->store, "models", "kind = lead_score", NULL, 0, 10, &error);
    g_autofree char *site = rd_uuid_v7 ();
    g_autofree char *push = NULL;
    g_autoptr(RdTestResponse) pushed = NULL;
    JsonObject *result;

    g_assert_no_error (error);
    g_assert_cmpuint (rows->len, ==, 1);
    push = g_strdup_printf ("{\"schema\": %d, \"site\": \"%s\", \"changes\": [{\"op\": 1, \"table\": \"models\","
                            " \"id\": \"%s\", \"field\": \"weights\", \"value\": \"[0]\", \"hlc\": %" G_GINT64_FORMAT "}]}",
                            RD_SCHEMA_VERSION, site, rd_record_get_id (rows->pdata[0]), (now << 16));
    pushed = rd_test_request_json (fixture->server, "POST", "/api/v1/sync/push", admin_token, push);
    g_assert_cmpuint (pushed->status, ==, 200);
    result = json_array_get_object_element (json_object_get_array_member (json_node_get_object (pushed->body), "results"), 0);
    g_assert_cmpstr (json_object_get_string_member (result, "status"), ==, "refused");
    g_assert_nonnull (strstr (json_object_get_string_member (result, "reason"), "written by the server only"));
  }

  /* The next training is version 2 of the same row, on both replicas. */
  second = rd_test_request_json (fixture->server, "POST", "/api/v1/models/train", admin_token, "{}");
  g_assert_cmpuint (second->status, ==, 200);
  g_assert_cmpint (json_object_get_int_member (trained (second, "lead_score"), "version"), ==, 2);
  replica_sync (root);
  {
    g_autoptr(GPtrArray) rows = rd_store_list (root->store, "models", "kind = lead_score", NULL, 0, 10, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (rows->len, ==, 1);
    g_assert_cmpint (rd_record_get_int (rows->pdata[0], "version", 0), ==, 2);
    g_assert_cmpstr (rd_record_get_string (rows->pdata[0], "weights"), !=, "[0]");
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/server/intelligence/lead-score-syncs", Fixture, NULL,
              fixture_setup, test_lead_score_syncs, fixture_teardown);
  return g_test_run ();
}
