/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "rd-cli.h"
#include "rd-cli-store.h"
#include "rd-sync-client.h"

/* `ringdesk-cli --replica DIR [--server URL] [--ca-file FILE] login USER | sync | status | sms | email`. */

static RdSyncClient *
open_client (RdCliGlobal  *global,
             RdStore      *store,
             GError      **error)
{
  g_autoptr(RdSyncClient) client = rd_sync_client_new (store, global->server_url, error);

  if (client == NULL)
    return NULL;
  if (global->ca_file && !rd_sync_client_set_ca_file (client, global->ca_file, error))
    return NULL;
  return g_steal_pointer (&client);
}

static RdStore *
open_replica (RdCliGlobal  *global,
              GError      **error)
{
  if (global->replica_dir == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "--replica DIR is required");
      return NULL;
    }

  return rd_store_open_dir (global->replica_dir, error);
}

static gint64
count_rows (RdStore    *store,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 count = -1;

  if (sqlite3_prepare_v2 (rd_store_get_db (store), sql, -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return count;
}

RdCliStatus
rd_cli_login_run (RdCliGlobal  *global,
                  int           argc,
                  char        **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdStore) store = NULL;
  g_autoptr(RdSyncClient) client = NULL;
  char password[1026];
  gsize length;

  if (argc != 2)
    return rd_cli_fail (RD_CLI_USER_ERROR,
                        "usage: ringdesk-cli --replica DIR --server URL login USER "
                        "(password on stdin)");

  store = open_replica (global, &error);
  if (store == NULL)
    return rd_cli_fail_error (error);
  client = open_client (global, store, &error);
  if (client == NULL)
    return rd_cli_fail_error (error);

  if (fgets (password, sizeof password, stdin) == NULL)
    return rd_cli_fail (RD_CLI_USER_ERROR, "login: no password on stdin");
  length = strcspn (password, "\r\n");
  password[length] = '\0';

  if (!rd_sync_client_login (client, argv[1], password, NULL, &error))
    {
      memset (password, 0, sizeof password);
      return rd_cli_fail (RD_CLI_USER_ERROR, "login: %s", error->message);
    }
  memset (password, 0, sizeof password);

  g_print ("logged in to %s as %s\n", rd_sync_client_get_server (client), argv[1]);
  return RD_CLI_OK;
}

RdCliStatus
rd_cli_sync_run (RdCliGlobal  *global,
                 int           argc,
                 char        **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdStore) store = NULL;
  g_autoptr(RdSyncClient) client = NULL;
  g_autoptr(GOptionContext) context = g_option_context_new ("— sync the replica with its server");
  RdSyncStats stats = { 0 };
  int batch = 0, verify_minutes = 10, verify_syncs = 0, timeout = 0;
  gboolean verify = FALSE, watch = FALSE, rebuild = FALSE, match = TRUE;
  gboolean ok;
  const GOptionEntry entries[] = {
    { "batch", 0, 0, G_OPTION_ARG_INT, &batch,
      "Changes per push and per pull request (default 500 / 2000)", "N" },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &timeout,
      "Seconds a stalled request may wait before it fails (default 30)", "S" },
    { "watch", 0, 0, G_OPTION_ARG_NONE, &watch,
      "Keep syncing: wait for the server's events (long poll) and sync again, until killed", NULL },
    { "verify", 0, 0, G_OPTION_ARG_NONE, &verify,
      "Then compare checksums with the server (a mismatch re-loads a snapshot next time)", NULL },
    { "rebuild", 0, 0, G_OPTION_ARG_NONE, &rebuild,
      "Push the outbox, then load every row again from the server (a fresh snapshot)", NULL },
    { "verify-minutes", 0, 0, G_OPTION_ARG_INT, &verify_minutes,
      "Verify checksums automatically when this many minutes passed since the last verify "
      "(default 10; 0: never)", "M" },
    { "verify-syncs", 0, 0, G_OPTION_ARG_INT, &verify_syncs,
      "... or every N syncs (default 0: not by count)", "N" },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return rd_cli_fail (RD_CLI_USER_ERROR, "sync: %s", error->message);
  if (argc != 1 || batch < 0 || verify_minutes < 0 || verify_syncs < 0 || timeout < 0)
    return rd_cli_fail (RD_CLI_USER_ERROR, "usage: ringdesk-cli --replica DIR sync [--batch N] [--timeout S] [--verify] [--watch] [--rebuild] "
                        "[--verify-minutes M] [--verify-syncs N]");

  store = open_replica (global, &error);
  if (store == NULL)
    return rd_cli_fail_error (error);
  client = open_client (global, store, &error);
  if (client == NULL)
    return rd_cli_fail (RD_CLI_USER_ERROR, "sync: %s", error->message);

  if (batch > 0)
    rd_sync_client_set_batch (client, batch, batch);
  if (timeout > 0)
    rd_sync_client_set_timeout (client, (guint) timeout);
  rd_sync_client_set_verify_period (client, verify_syncs, (guint) verify_minutes * 60);
  ok = rebuild ? rd_sync_client_rebuild (client, &stats, NULL, &error)
               : rd_sync_client_sync (client, &stats, NULL, &error);
  while (ok && watch)
    {
      gint64 seq;

      g_print ("pulled %u, pushed %u, refused %u, at sequence %" G_GINT64_FORMAT "\n",
               stats.pulled, stats.pushed, stats.refused, rd_sync_client_get_cursor (client));
      fflush (stdout);
      memset (&stats, 0, sizeof stats);
      /* Local edits made meanwhile by another process go out at least every poll. */
      seq = rd_sync_client_wait (client, 25, NULL, &error);
      ok = seq >= 0 && rd_sync_client_sync (client, &stats, NULL, &error);
    }
  if (ok && verify)
    ok = rd_sync_client_verify (client, &match, NULL, &error);
  if (global->json)
    g_print ("{\"ok\": %s, \"snapshot_rows\": %u, \"pulled\": %u, \"evicted\": %u, "
             "\"pushed\": %u, \"refused\": %u, \"verified\": %s, \"repaired\": %s, "
             "\"cursor\": %" G_GINT64_FORMAT "}\n",
             ok ? "true" : "false", stats.snapshot_rows, stats.pulled, stats.evicted,
             stats.pushed, stats.refused, stats.verified ? "true" : "false",
             stats.repaired ? "true" : "false", rd_sync_client_get_cursor (client));
  else
    g_print ("snapshot rows %u, pulled %u, evicted %u, pushed %u, refused %u, at sequence %"
             G_GINT64_FORMAT "\n", stats.snapshot_rows, stats.pulled, stats.evicted,
             stats.pushed, stats.refused, rd_sync_client_get_cursor (client));

  if (ok && !global->json && stats.verified)
    g_print ("periodic checksums: %s\n",
             stats.repaired ? "DIFFERED, snapshot re-loaded" : "match");
  if (ok && verify)
    g_print ("checksums: %s\n", match ? "match" : "DIFFER (the next sync loads a snapshot)");
  if (ok && !match)
    return RD_CLI_INTERNAL_ERROR;

  if (!ok)
    {
      /* Unreachable server or a refused batch: the outbox keeps every change. */
      gboolean user = error->domain == RD_SYNC_ERROR;

      return rd_cli_fail (user ? RD_CLI_USER_ERROR : RD_CLI_INTERNAL_ERROR, "sync: %s",
                          error->message);
    }

  return RD_CLI_OK;
}

RdCliStatus
rd_cli_status_run (RdCliGlobal  *global,
                   int           argc,
                   char        **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdStore) store = NULL;
  g_autofree char *server = NULL;
  g_autofree char *username = NULL;
  g_autofree char *cursor = NULL;
  gint64 outbox, conflicts;

  if (argc != 1)
    return rd_cli_fail (RD_CLI_USER_ERROR, "usage: ringdesk-cli --replica DIR status");

  store = open_replica (global, &error);
  if (store == NULL)
    return rd_cli_fail_error (error);

  server = rd_store_get_meta (store, "sync.server");
  username = rd_store_get_meta (store, "sync.username");
  cursor = rd_store_get_meta (store, "sync.cursor");
  outbox = count_rows (store, "SELECT count(*) FROM outbox");
  conflicts = count_rows (store, "SELECT count(*) FROM conflicts WHERE resolved = 0");

  if (global->json)
    g_print ("{\"server\": \"%s\", \"user\": \"%s\", \"site\": \"%s\", \"cursor\": %s, "
             "\"outbox\": %" G_GINT64_FORMAT ", \"conflicts\": %" G_GINT64_FORMAT "}\n",
             server ? server : "", username ? username : "", rd_store_get_site (store),
             cursor ? cursor : "0", outbox, conflicts);
  else
    g_print ("server:    %s\nuser:      %s\nsite:      %s\nsequence:  %s\n"
             "outbox:    %" G_GINT64_FORMAT " changes waiting\n"
             "conflicts: %" G_GINT64_FORMAT " to review\n",
             server ? server : "(not logged in)", username ? username : "-",
             rd_store_get_site (store), cursor ? cursor : "0 (never synced)", outbox, conflicts);

  return RD_CLI_OK;
}

/* `sms RECORD_ID PHONE TEXT`: an SMS from a record of the replica through the server's
 * gateway, then a sync, so the message row is in the replica; prints the server's row. */
RdCliStatus
rd_cli_sms_run (RdCliGlobal  *global,
                int           argc,
                char        **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdStore) store = NULL;
  g_autoptr(RdSyncClient) client = NULL;
  g_autoptr(JsonObject) message = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;

  if (argc != 4)
    return rd_cli_fail (RD_CLI_USER_ERROR,
                        "usage: ringdesk-cli --replica DIR sms RECORD_ID PHONE TEXT");

  store = open_replica (global, &error);
  if (store == NULL)
    return rd_cli_fail_error (error);
  client = open_client (global, store, &error);
  if (client == NULL)
    return rd_cli_fail (RD_CLI_USER_ERROR, "sms: %s", error->message);
  message = rd_sync_client_send_sms (client, argv[1], argv[2], argv[3], NULL, &error);
  if (message == NULL)
    return rd_cli_fail (RD_CLI_USER_ERROR, "sms: %s", error->message);
  if (!rd_sync_client_sync (client, NULL, NULL, &error))
    return rd_cli_fail (RD_CLI_INTERNAL_ERROR, "sms: sent, but the sync after it failed: %s",
                        error->message);

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, message);
  text = json_to_string (node, FALSE);
  g_print ("%s\n", text);
  return RD_CLI_OK;
}

/* `email RECORD_ID TO SUBJECT TEXT [--cc A] [--html FILE] [--attach FILE] [--reply-to ID]`:
 * an e-mail from a record of the replica through the server's SMTP, then a sync; prints the
 * server's row. */
RdCliStatus
rd_cli_email_run (RdCliGlobal  *global,
                  int           argc,
                  char        **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdStore) store = NULL;
  g_autoptr(RdSyncClient) client = NULL;
  g_autoptr(JsonObject) message = NULL;
  g_autoptr(JsonObject) email = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL, *html_file = NULL, *html = NULL, *reply_to = NULL;
  g_auto(GStrv) cc = NULL;
  g_auto(GStrv) attach = NULL;
  JsonArray *to, *copies;
  const GOptionEntry entries[] = {
    { "cc", 0, 0, G_OPTION_ARG_STRING_ARRAY, &cc, "A copy to this address (repeat for more)", "ADDRESS" },
    { "html", 0, 0, G_OPTION_ARG_FILENAME, &html_file, "The HTML part, read from FILE (TEXT stays the plain part)", "FILE" },
    { "attach", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &attach, "Attach FILE (repeat for more; 10 MB in all)", "FILE" },
    { "reply-to", 0, 0, G_OPTION_ARG_STRING, &reply_to, "Answer this message (its id): In-Reply-To and References", "ID" },
    { NULL }
  };

  if (!rd_cli_parse_options (global, "RECORD_ID TO SUBJECT TEXT — send an e-mail from a record",
                             entries, &argc, &argv))
    return RD_CLI_USER_ERROR;
  if (argc != 5)
    return rd_cli_fail (RD_CLI_USER_ERROR,
                        "usage: ringdesk-cli --replica DIR email RECORD_ID TO SUBJECT TEXT "
                        "[--cc A] [--html FILE] [--attach FILE] [--reply-to ID]");
  if (html_file != NULL && !g_file_get_contents (html_file, &html, NULL, &error))
    return rd_cli_fail (RD_CLI_USER_ERROR, "email: --html: %s", error->message);

  to = json_array_new ();
  json_array_add_string_element (to, argv[2]);
  json_object_set_array_member (email, "to", to);
  copies = json_array_new ();
  for (gsize i = 0; cc != NULL && cc[i] != NULL; i++)
    json_array_add_string_element (copies, cc[i]);
  json_object_set_array_member (email, "cc", copies);
  json_object_set_string_member (email, "subject", argv[3]);
  json_object_set_string_member (email, "text", argv[4]);
  if (html != NULL)
    json_object_set_string_member (email, "html", html);
  if (reply_to != NULL)
    json_object_set_string_member (email, "reply_to_message", reply_to);

  store = open_replica (global, &error);
  if (store == NULL)
    return rd_cli_fail_error (error);
  client = open_client (global, store, &error);
  if (client == NULL)
    return rd_cli_fail (RD_CLI_USER_ERROR, "email: %s", error->message);
  message = rd_sync_client_send_email (client, argv[1], email, (const char * const *) attach,
                                       NULL, &error);
  if (message == NULL)
    return rd_cli_fail (RD_CLI_USER_ERROR, "email: %s", error->message);
  if (!rd_sync_client_sync (client, NULL, NULL, &error))
    return rd_cli_fail (RD_CLI_INTERNAL_ERROR, "email: sent, but the sync after it failed: %s",
                        error->message);

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, message);
  text = json_to_string (node, FALSE);
  g_print ("%s\n", text);
  return RD_CLI_OK;
}
