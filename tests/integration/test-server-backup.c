/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "rd-store.h"
#include "rd-sync-client.h"
#include "rd-test-server.h"

/* `ringdesk-server backup` while the server serves a stream of pushes, and `restore` into a
 * fresh data dir: the restored server starts, its changes log is the original's up to the
 * backup's sequence, its rows are the original's at that point, and a replica loaded from it
 * verifies clean. Restores that would lose something are refused. */

typedef struct {
  RdTestServer *server;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->server = rd_test_server_new (NULL);
  rd_test_server_add_user (fixture->server, "alice", "agent", "sales", "alice-password");
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_clear_pointer (&fixture->server, rd_test_server_free);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

typedef struct {
  RdTestReplica *replica;
  gint           pushed;    /* syncs done, read atomically */
  gint           stop;
} Pusher;

/* A lead per sync, until told to stop. */
static gpointer
push_cb (gpointer user_data)
{
  Pusher *pusher = user_data;

  for (guint i = 0; !g_atomic_int_get (&pusher->stop) && i < 2000; i++)
    {
      g_autoptr(RdRecord) record = rd_record_new ("leads");
      g_autoptr(GError) error = NULL;
      g_autofree char *name = g_strdup_printf ("lead %u", i);

      rd_record_set_string (record, "name", name);
      rd_record_set_string (record, "title", "pushed while backing up");
      rd_store_insert (pusher->replica->store, record, &error);
      g_assert_no_error (error);
      rd_sync_client_sync (pusher->replica->client, NULL, NULL, &error);
      g_assert_no_error (error);
      g_atomic_int_inc (&pusher->pushed);
    }
  return NULL;
}

static void
wait_pushed (Pusher *pusher,
             gint    count)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (g_atomic_int_get (&pusher->pushed) < count)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (10 * 1000);
    }
}

/* One text per query row, lines joined: what two databases are compared by. */
static char *
dump (const char *path,
      const char *sql,
      gint64      limit)
{
  g_autoptr(GString) out = g_string_new (NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, limit);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      for (int c = 0; c < sqlite3_column_count (stmt); c++)
        g_string_append_printf (out, "%s|", sqlite3_column_text (stmt, c)
                                            ? (const char *) sqlite3_column_text (stmt, c) : "NULL");
      g_string_append_c (out, '\n');
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gint64
backup_seq (const char *backup)
{
  g_autofree char *path = g_build_filename (backup, "backup.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *databases;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  databases = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                            "databases");
  for (guint i = 0; i < json_array_get_length (databases); i++)
    {
      JsonObject *db = json_array_get_object_element (databases, i);

      if (g_str_equal (json_object_get_string_member (db, "path"), "merged.db"))
        return json_object_get_int_member (db, "seq");
    }
  g_assert_not_reached ();
}

static void
test_backup_during_pushes (Fixture       *fixture,
                           gconstpointer  data)
{
  RdTestServer *server = fixture->server;
  g_autoptr(RdTestReplica) alice = rd_test_replica_new (server, "alice", "alice-password");
  g_autofree char *parent = g_dir_make_tmp ("rd-test-backup-XXXXXX", NULL);
  g_autofree char *backup = g_build_filename (parent, "backup", NULL);
  g_autofree char *recordings = g_build_filename (server->data_dir, "recordings", NULL);
  g_autofree char *recording = g_build_filename (recordings, "call-1.wav", NULL);
  g_autofree char *merged = g_build_filename (server->data_dir, "merged.db", NULL);
  g_autofree char *out = NULL;
  g_autoptr(RdTestServer) restored = NULL;
  g_autoptr(RdTestReplica) again = NULL;
  g_autoptr(GError) error = NULL;
  Pusher pusher = { alice, 0, 0 };
  GThread *thread;
  gint64 seq;

  g_assert_cmpint (g_mkdir_with_parents (recordings, 0700), ==, 0);
  g_assert_true (g_file_set_contents (recording, "RIFF recording bytes", -1, NULL));

  thread = g_thread_new ("pusher", push_cb, &pusher);
  wait_pushed (&pusher, 5);
  g_assert_cmpint (rd_test_server_admin (server, NULL, &out, "backup", backup, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "backed up 4 databases"));
  wait_pushed (&pusher, g_atomic_int_get (&pusher.pushed) + 5);
  g_atomic_int_set (&pusher.stop, 1);
  g_thread_join (thread);

  /* The backup holds a point in the middle of the stream. */
  seq = backup_seq (backup);
  g_assert_cmpint (seq, >, 0);
  {
    g_autofree char *last = dump (merged, "SELECT max(seq) FROM changes WHERE ?1 = ?1", 0);

    g_assert_cmpint (g_ascii_strtoll (last, NULL, 10), >, seq);
  }

  /* Restored into a fresh data dir, a server starts on it. */
  restored = rd_test_server_new (NULL);
  rd_test_server_stop (restored);
  remove_tree (restored->data_dir);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (rd_test_server_admin (restored, NULL, &out, "restore", backup, NULL), ==, 0);
  rd_test_server_start (restored);

  /* The log is the original's up to the backup's sequence, and nothing after it. */
  {
    g_autofree char *path = g_build_filename (restored->data_dir, "merged.db", NULL);
    const char *log = "SELECT seq, kind, tbl, row_id, field, value, hlc, site FROM changes"
                      " WHERE seq <= ?1 ORDER BY seq";
    g_autofree char *before = dump (merged, log, seq);
    g_autofree char *after = dump (path, log, G_MAXINT64);
    /* The rows of the leads that were in by then, as the original holds them still (they
     * were never edited after). */
    const char *rows = "SELECT id, owner, name, title, hlc FROM leads WHERE id IN"
                       " (SELECT row_id FROM changes WHERE seq <= ?1) ORDER BY id";
    g_autofree char *rows_before = dump (merged, rows, seq);
    g_autofree char *rows_after = dump (path, rows, G_MAXINT64);

    g_assert_cmpstr (after, ==, before);
    g_assert_cmpstr (rows_after, ==, rows_before);
    g_assert_cmpuint (strlen (rows_after), >, 0);
  }

  /* The recording came along, byte for byte. */
  {
    g_autofree char *path = g_build_filename (restored->data_dir, "recordings", "call-1.wav", NULL);
    g_autofree char *text = NULL;

    g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
    g_assert_cmpstr (text, ==, "RIFF recording bytes");
  }

  /* Accounts too: alice signs in, and her replica from the restored server verifies. */
  again = rd_test_replica_new (restored, "alice", "alice-password");
  rd_sync_client_sync (again->client, NULL, NULL, &error);
  g_assert_no_error (error);
  {
    gboolean match = FALSE;

    g_assert_true (rd_sync_client_verify (again->client, &match, NULL, &error));
    g_assert_no_error (error);
    g_assert_true (match);
    g_assert_cmpint (rd_sync_client_get_cursor (again->client), ==, seq);
  }

  /* Alice's own replica went on past the backup: pointed at the restored server, its verify
   * sees a server behind it (not "busy" for ever) and the next sync loads it again; the
   * leads pushed after the backup are gone with the restore, as docs/deploy.md says. */
  {
    g_autoptr(RdSyncClient) client = rd_sync_client_new (alice->store, restored->base_url, &error);
    gboolean match = TRUE;
    gint64 leads;

    g_assert_no_error (error);
    g_assert_true (rd_sync_client_login (client, "alice", "alice-password", NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpint (rd_sync_client_get_cursor (client), >, seq);
    g_assert_true (rd_sync_client_verify (client, &match, NULL, &error));
    g_assert_no_error (error);
    g_assert_false (match);
    g_assert_true (rd_sync_client_sync (client, NULL, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpint (rd_sync_client_get_cursor (client), ==, seq);
    g_assert_true (rd_sync_client_verify (client, &match, NULL, &error));
    g_assert_no_error (error);
    g_assert_true (match);
    leads = rd_store_count (alice->store, "leads", NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpint (leads, ==, rd_store_count (again->store, "leads", NULL, NULL));
  }

  remove_tree (parent);
}

static void
write_bytes (const char *path,
             const char *text)
{
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
}

/* A restore that would overwrite or take in something broken refuses, and writes nothing. */
static void
test_restore_refusals (Fixture       *fixture,
                       gconstpointer  data)
{
  RdTestServer *server = fixture->server;
  g_autofree char *parent = g_dir_make_tmp ("rd-test-backup-XXXXXX", NULL);
  g_autofree char *backup = g_build_filename (parent, "backup", NULL);
  g_autofree char *bogus = g_build_filename (parent, "bogus", NULL);
  g_autofree char *target = g_build_filename (parent, "target", NULL);
  g_autofree char *portal = g_build_filename (backup, "portal.db", NULL);
  g_autoptr(RdTestServer) other = rd_test_server_new (NULL);
  char *saved = other->data_dir;   /* put back before other is freed */

  g_assert_cmpint (rd_test_server_admin (server, NULL, NULL, "backup", backup, NULL), ==, 0);
  /* A second backup into the same folder: refused, the first intact. */
  g_assert_cmpint (rd_test_server_admin (server, NULL, NULL, "backup", backup, NULL), ==, 1);

  /* Into the data dir itself: refused (the next backup would copy this one). */
  {
    g_autofree char *within = g_build_filename (server->data_dir, "backups", "b1", NULL);

    g_assert_cmpint (rd_test_server_admin (server, NULL, NULL, "backup", within, NULL), ==, 1);
    g_assert_false (g_file_test (within, G_FILE_TEST_EXISTS));
  }

  /* Into a data dir in use: refused (it holds databases). */
  g_assert_cmpint (rd_test_server_admin (other, NULL, NULL, "restore", backup, NULL), ==, 1);

  /* From a folder that is not a backup. */
  other->data_dir = target;
  g_assert_cmpint (g_mkdir (bogus, 0700), ==, 0);
  g_assert_cmpint (rd_test_server_admin (other, NULL, NULL, "restore", bogus, NULL), ==, 1);
  g_assert_false (g_file_test (target, G_FILE_TEST_EXISTS));

  /* From a backup with a database spoilt: every database is checked before the first write. */
  write_bytes (portal, "SQLite format 3 — no longer");
  g_assert_cmpint (rd_test_server_admin (other, NULL, NULL, "restore", backup, NULL), ==, 1);
  g_assert_false (g_file_test (target, G_FILE_TEST_EXISTS));

  other->data_dir = saved;
  remove_tree (parent);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/server/backup/during-pushes", Fixture, NULL,
              fixture_setup, test_backup_during_pushes, fixture_teardown);
  g_test_add ("/server/backup/restore-refusals", Fixture, NULL,
              fixture_setup, test_restore_refusals, fixture_teardown);
  return g_test_run ();
}
