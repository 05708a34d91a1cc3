/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include "rd-catalog.h"
#include "rd-store-bulk.h"
#include "rd-sync-client.h"
#include "rd-test-server.h"

/* The catalog and line items through a real ringdesk-server: a manager's products reach an
 * agent's replica; the agent's own edit of the catalog is refused with its reason; line
 * items of one deal edited on two replicas at once converge, and the deal's amount on both
 * is the sum of the items they hold; a task dependency that would close a cycle made
 * offline on another replica is refused by the server. */

typedef struct {
  RdTestServer *server;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->server = rd_test_server_new (NULL);
  rd_test_server_add_user (fixture->server, "mia", "manager", "sales", "mia-password");
  rd_test_server_add_user (fixture->server, "alice", "agent", "sales", "alice-password");
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

static char *
add_product (RdStore    *store,
             const char *name,
             double      price,
             double      tax)
{
  g_autoptr(RdRecord) r = rd_record_new ("products");
  g_autoptr(GError) error = NULL;

  rd_record_set_string (r, "name", name);
  rd_record_set_double (r, "unit_price", price);
  rd_record_set_string (r, "currency", "RUB");
  rd_record_set_double (r, "tax_rate", tax);
  g_assert_true (rd_store_insert (store, r, &error));
  g_assert_no_error (error);
  return g_strdup (rd_record_get_id (r));
}

static void
set_field (RdStore    *store,
           const char *table,
           const char *id,
           const char *field,
           double      value)
{
  g_autoptr(RdRecord) r = rd_record_new (table);
  g_autoptr(GError) error = NULL;

  rd_record_set_id (r, id);
  rd_record_set_double (r, field, value);
  g_assert_true (rd_store_update (store, r, &error));
  g_assert_no_error (error);
}

static double
get_double (RdStore    *store,
            const char *table,
            const char *id,
            const char *field)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdRecord) r = rd_store_get (store, table, id, &error);

  g_assert_no_error (error);
  return rd_record_get_double (r, field, -1);
}

/* "name qty price discount" of every live item, in order: what both replicas must share. */
static char *
items_digest (RdStore    *store,
              const char *deal)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = rd_store_deal_line_items (store, deal, &error);
  GString *out = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < items->len; i++)
    g_string_append_printf (out, "%s %g %g %g; ", rd_record_get_string (items->pdata[i], "name"),
                            rd_record_get_double (items->pdata[i], "quantity", 0),
                            rd_record_get_double (items->pdata[i], "unit_price", 0),
                            rd_record_get_double (items->pdata[i], "discount", 0));
  return g_string_free (out, FALSE);
}

static void
test_catalog_refused_for_agents (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(RdTestReplica) mia = rd_test_replica_new (fixture->server, "mia", "mia-password");
  g_autoptr(RdTestReplica) alice = rd_test_replica_new (fixture->server, "alice", "alice-password");
  g_autofree char *headset = add_product (mia->store, "Headset H2", 1990, 20);
  g_autofree char *token = NULL;
  g_autofree char *body = NULL;
  g_autoptr(RdTestResponse) response = NULL;
  g_autoptr(RdRecord) agents = rd_record_new ("products");
  g_autoptr(GError) error = NULL;
  RdSyncStats stats;
  JsonObject *result;

  stats = replica_sync (mia);
  g_assert_cmpuint (stats.refused, ==, 0);
  replica_sync (alice);
  g_assert_cmpfloat (get_double (alice->store, "products", headset, "unit_price"), ==, 1990);

  /* The agent's replica lets her type (the app hides it); the server refuses the push. */
  set_field (alice->store, "products", headset, "unit_price", 1);
  rd_record_set_string (agents, "name", "Agent's own product");
  g_assert_true (rd_store_insert (alice->store, agents, &error));
  stats = replica_sync (alice);
  g_assert_cmpuint (stats.refused, >=, 2);
  replica_sync (mia);
  g_assert_cmpfloat (get_double (mia->store, "products", headset, "unit_price"), ==, 1990);
  g_assert_false (rd_store_row_exists (mia->store, "products", rd_record_get_id (agents)));

  /* The reason, as the API gives it. */
  token = rd_test_login (fixture->server, "alice", "alice-password");
  body = g_strdup_printf ("{\"schema\": %d, \"site\": \"0190a1b2-0000-7000-8000-0000000000a1\","
                          " \"changes\": [{\"op\": 1, \"table\": \"price_lists\","
                          " \"id\": \"0190a1b2-0000-7000-8000-0000000000b1\", \"field\": \"name\","
                          " \"value\": \"Mine\", \"hlc\": %" G_GUINT64_FORMAT "}]}",
                          RD_SCHEMA_VERSION, (guint64) (g_get_real_time () / 1000) << 16);
  response = rd_test_request_json (fixture->server, "POST", "/api/v1/sync/push", token, body);
  g_assert_cmpuint (response->status, ==, 200);
  result = json_array_get_object_element (json_object_get_array_member (json_node_get_object (response->body),
                                                                        "results"), 0);
  g_assert_cmpstr (json_object_get_string_member (result, "status"), ==, "refused");
  g_assert_nonnull (strstr (json_object_get_string_member (result, "reason"), "managers and admins only"));
}

static void
test_line_items_converge (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(RdTestReplica) mia = rd_test_replica_new (fixture->server, "mia", "mia-password");
  g_autoptr(RdTestReplica) alice = rd_test_replica_new (fixture->server, "alice", "alice-password");
  g_autofree char *headset = add_product (mia->store, "Headset H2", 1990, 20);
  g_autofree char *cable = add_product (mia->store, "Cable", 300, 20);
  g_autofree char *setup = add_product (mia->store, "Setup", 5000, 0);
  g_autoptr(RdRecord) deal = rd_record_new ("deals");
  g_autoptr(GError) error = NULL;
  g_autofree char *item = NULL;
  g_autofree char *alice_items = NULL;
  g_autofree char *mia_items = NULL;
  g_autofree char *added = NULL;
  RdDealTotals alice_totals, mia_totals;

  replica_sync (mia);
  replica_sync (alice);

  /* Alice's deal with two headsets; her manager sees it. */
  rd_record_set_string (deal, "name", "Office fit-out");
  g_assert_true (rd_store_insert (alice->store, deal, &error));
  item = rd_store_add_line_item (alice->store, rd_record_get_id (deal), headset, 2, &error);
  g_assert_no_error (error);
  replica_sync (alice);
  replica_sync (mia);
  g_assert_cmpfloat_with_epsilon (get_double (mia->store, "deals", rd_record_get_id (deal), "amount"), 4776, 0.001);

  /* Offline on both: alice takes a third headset and adds cables; mia gives 10 % off the
   * headsets and adds the setup. Different items and fields: all of it must survive. */
  set_field (alice->store, "line_items", item, "quantity", 3);
  g_free (rd_store_add_line_item (alice->store, rd_record_get_id (deal), cable, 5, &error));
  g_assert_no_error (error);
  set_field (mia->store, "line_items", item, "discount", 10);
  added = rd_store_add_line_item (mia->store, rd_record_get_id (deal), setup, 1, &error);
  g_assert_no_error (error);

  /* Both sync, in turns, until nothing moves (bounded). */
  for (guint round = 0; round < 3; round++)
    {
      replica_sync (alice);
      replica_sync (mia);
    }

  alice_items = items_digest (alice->store, rd_record_get_id (deal));
  mia_items = items_digest (mia->store, rd_record_get_id (deal));
  g_assert_cmpstr (alice_items, ==, mia_items);
  g_assert_cmpstr (alice_items, ==, "Headset H2 3 1990 10; Cable 5 300 0; Setup 1 5000 0; ");

  /* 3 × 1990 − 10 % = 5373 + 1074.60 tax; 1500 + 300 tax; 5000: 13247.60 on both. */
  g_assert_true (rd_store_deal_totals (alice->store, rd_record_get_id (deal), &alice_totals, &error));
  g_assert_true (rd_store_deal_totals (mia->store, rd_record_get_id (deal), &mia_totals, &error));
  g_assert_cmpfloat_with_epsilon (alice_totals.total, 13247.60, 0.001);
  g_assert_cmpfloat_with_epsilon (mia_totals.total, 13247.60, 0.001);
  g_assert_cmpfloat_with_epsilon (get_double (alice->store, "deals", rd_record_get_id (deal), "amount"), 13247.60, 0.001);
  g_assert_cmpfloat_with_epsilon (get_double (mia->store, "deals", rd_record_get_id (deal), "amount"), 13247.60, 0.001);
}

static char *
add_task (RdStore    *store,
          const char *project,
          const char *title)
{
  g_autoptr(RdRecord) r = rd_record_new ("project_tasks");
  g_autoptr(GError) error = NULL;

  rd_record_set_string (r, "parent_tbl", "projects");
  rd_record_set_string (r, "parent_id", project);
  rd_record_set_string (r, "title", title);
  g_assert_true (rd_store_insert (store, r, &error));
  g_assert_no_error (error);
  return g_strdup (rd_record_get_id (r));
}

static void
test_task_cycle_refused (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(RdTestReplica) mia = rd_test_replica_new (fixture->server, "mia", "mia-password");
  g_autoptr(RdTestReplica) alice = rd_test_replica_new (fixture->server, "alice", "alice-password");
  g_autoptr(RdRecord) project = rd_record_new ("projects");
  g_autoptr(RdRecord) a = rd_record_new ("project_tasks");
  g_autoptr(RdRecord) b = rd_record_new ("project_tasks");
  g_autoptr(GError) error = NULL;
  g_autofree char *design = NULL;
  g_autofree char *build = NULL;
  RdSyncStats stats;

  rd_record_set_string (project, "name", "Rollout");
  g_assert_true (rd_store_insert (alice->store, project, &error));
  design = add_task (alice->store, rd_record_get_id (project), "Design");
  build = add_task (alice->store, rd_record_get_id (project), "Build");
  replica_sync (alice);
  replica_sync (mia);
  g_assert_true (rd_store_row_exists (mia->store, "project_tasks", build));

  /* Each makes half of a cycle offline; each half is fine where it was made. */
  rd_record_set_id (a, build);
  rd_record_set_string (a, "depends_on", design);
  g_assert_true (rd_store_update (alice->store, a, &error));
  rd_record_set_id (b, design);
  rd_record_set_string (b, "depends_on", build);
  g_assert_true (rd_store_update (mia->store, b, &error));
  g_assert_no_error (error);

  stats = replica_sync (alice);
  g_assert_cmpuint (stats.refused, ==, 0);
  stats = replica_sync (mia);
  g_assert_cmpuint (stats.refused, ==, 1);

  /* The server kept the first; a new replica sees no cycle. */
  {
    g_autoptr(RdTestReplica) fresh = rd_test_replica_new (fixture->server, "alice", "alice-password");
    g_autoptr(RdRecord) d = NULL;
    g_autoptr(RdRecord) bt = NULL;

    replica_sync (fresh);
    d = rd_store_get (fresh->store, "project_tasks", design, &error);
    bt = rd_store_get (fresh->store, "project_tasks", build, &error);
    g_assert_null (rd_record_get_string (d, "depends_on"));
    g_assert_cmpstr (rd_record_get_string (bt, "depends_on"), ==, design);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/server/catalog/agent-refused", Fixture, NULL,
              fixture_setup, test_catalog_refused_for_agents, fixture_teardown);
  g_test_add ("/server/catalog/line-items-converge", Fixture, NULL,
              fixture_setup, test_line_items_converge, fixture_teardown);
  g_test_add ("/server/projects/cycle-refused", Fixture, NULL,
              fixture_setup, test_task_cycle_refused, fixture_teardown);
  return g_test_run ();
}
