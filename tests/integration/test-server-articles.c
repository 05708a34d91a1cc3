/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "rd-assistant.h"
#include "rd-store.h"
#include "rd-sync-client.h"
#include "rd-test-server.h"

/* The knowledge base end to end: an article written on one replica reaches a replica of
 * another team through a real ringdesk-server (articles are shared: every member of staff
 * sees internal and public ones), the assistant there finds it, and an edit made there
 * comes back and is searchable on the first. */

typedef struct {
  RdTestServer *server;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->server = rd_test_server_new (NULL);
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
replica_sync (RdTestReplica *replica)
{
  g_autoptr(GError) error = NULL;
  RdSyncStats stats = { 0 };

  rd_sync_client_sync (replica->client, &stats, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stats.refused, ==, 0);
}

/* The id of the best article for @question on @replica's assistant, or NULL. */
static char *
best_article (RdTestReplica *replica,
              const char    *question)
{
  g_autoptr(RdAssistant) assistant = rd_assistant_new (replica->store);
  g_autoptr(RdAnswer) answer = NULL;
  g_autoptr(RdPassage) best = NULL;
  g_autoptr(GError) error = NULL;

  answer = rd_assistant_ask (assistant, question, NULL, &error);
  g_assert_no_error (error);
  if (!rd_answer_get_confident (answer))
    return NULL;
  best = g_list_model_get_item (rd_answer_get_passages (answer), 0);
  return g_strdup (rd_passage_get_article_id (best));
}

static void
test_article_replicates (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(RdTestReplica) alice = rd_test_replica_new (fixture->server, "alice", "alice-password");
  g_autoptr(RdTestReplica) carl = rd_test_replica_new (fixture->server, "carl", "carl-password");
  g_autoptr(RdRecord) article = rd_record_new ("articles");
  g_autoptr(RdRecord) copy = NULL;
  g_autoptr(RdRecord) changes = rd_record_new ("articles");
  g_autoptr(GError) error = NULL;
  g_autofree char *found = NULL;
  g_autofree char *found_back = NULL;

  rd_record_set_string (article, "title", "Unlocking a locked account");
  rd_record_set_string (article, "body", "Ten wrong attempts lock a user for 30 minutes; "
                                         "an administrator presses Unlock under Users.");
  rd_record_set_string (article, "tags", "security");
  rd_record_set_string (article, "visibility", "internal");
  rd_record_set_string (article, "language", "en");
  g_assert_true (rd_store_insert (alice->store, article, &error));
  g_assert_no_error (error);
  replica_sync (alice);

  /* Carl is in another team and still gets it, internal as it is. */
  replica_sync (carl);
  copy = rd_store_get (carl->store, "articles", rd_record_get_id (article), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rd_record_get_string (copy, "title"), ==, "Unlocking a locked account");
  g_assert_cmpstr (rd_record_get_string (copy, "visibility"), ==, "internal");
  found = best_article (carl, "user is locked out after wrong attempts");
  g_assert_cmpstr (found, ==, rd_record_get_id (article));

  /* Carl's edit comes back to alice, and her index has its words. */
  rd_record_set_id (changes, rd_record_get_id (article));
  rd_record_set_string (changes, "body", "Ten wrong attempts lock a user for 30 minutes. "
                                         "Administrators lift the lockout under Users; check the audit log first.");
  g_assert_true (rd_store_update (carl->store, changes, &error));
  g_assert_no_error (error);
  replica_sync (carl);
  replica_sync (alice);
  found_back = best_article (alice, "where is the audit log of a lockout");
  g_assert_cmpstr (found_back, ==, rd_record_get_id (article));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/server/articles/replicate", Fixture, NULL,
              fixture_setup, test_article_replicates, fixture_teardown);
  return g_test_run ();
}
