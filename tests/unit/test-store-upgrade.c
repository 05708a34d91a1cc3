/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "rd-schema.h"
#include "rd-store.h"

/* Upgrades from every earlier store schema, with data the earlier version's own code wrote:
 * tests/fixtures/store/store-vN.db were made by ringdesk-cli built at the main commit where
 * version N appeared (tests/fixtures/README.md: init, import contacts, lead add), then
 * compacted. Each is copied, opened with today's code (which migrates it), and read back:
 * the contact with its phone (caller-id lookup) and e-mail, the lead, the search index; then
 * a new record is written. */

typedef struct {
  int         version;
  const char *commit;
} Fixture;

static const Fixture fixtures[] = {
  { 2, "6dc37a3" }, { 3, "4f6990c" }, { 4, "9205bfe" }, { 5, "a6708e7" }, { 6, "db69322" },
};

static int
file_version (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int version = -1;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  if (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return version;
}

static gint64
count_emails (RdStore    *store,
              const char *address)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (rd_store_get_db (store),
                                       "SELECT count(*) FROM emails WHERE address = ?", -1, &stmt,
                                       NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, address, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

static void
test_upgrade (gconstpointer data)
{
  const Fixture *fixture = data;
  const char *source_dir = g_getenv ("RD_TEST_SOURCE_DIR");
  g_autofree char *name = g_strdup_printf ("store-v%d.db", fixture->version);
  g_autofree char *source = g_build_filename (source_dir ? source_dir : ".", "tests", "fixtures",
                                              "store", name, NULL);
  g_autofree char *dir = g_dir_make_tmp ("rd-test-upgrade-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "replica.db", NULL);
  g_autofree char *contact_name = g_strdup_printf ("Fixture Contact v%d", fixture->version);
  g_autofree char *lead_name = g_strdup_printf ("Fixture Lead v%d", fixture->version);
  g_autofree char *email = g_strdup_printf ("contact-v%d@example.org", fixture->version);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RdStore) store = NULL;
  g_autoptr(GPtrArray) callers = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GPtrArray) leads = NULL;
  g_autoptr(RdRecord) record = rd_record_new ("leads");
  gsize length = 0;
  gboolean contact_seen = FALSE;

  g_test_message ("%s, made by ringdesk-cli at %s", source, fixture->commit);
  g_assert_true (g_file_get_contents (source, &contents, &length, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, contents, length, &error));
  g_assert_cmpint (file_version (path), ==, fixture->version);

  store = rd_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_cmpint (rd_schema_get_version (rd_store_get_db (store)), ==, RD_SCHEMA_VERSION);

  /* The contact, found by its number as a caller would be, with its e-mail. */
  callers = rd_store_lookup_number (store, "+7 495 123-00-00", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < callers->len; i++)
    {
      RdRecord *caller = g_ptr_array_index (callers, i);

      if (g_strcmp0 (rd_record_get_string (caller, "name"), contact_name) == 0)
        contact_seen = TRUE;
    }
  g_assert_true (contact_seen);
  g_assert_cmpint (count_emails (store, email), ==, 1);

  /* The lead, and the search index over both. */
  leads = rd_store_list (store, "leads", NULL, NULL, 0, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (leads->len, ==, 1);
  g_assert_cmpstr (rd_record_get_string (g_ptr_array_index (leads, 0), "name"), ==, lead_name);
  found = rd_store_quick_search (store, "Fixture", 0, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, >=, 2);

  /* And the upgraded file takes new records. */
  rd_record_set_string (record, "name", "After the upgrade");
  g_assert_true (rd_store_insert (store, record, &error));
  g_assert_no_error (error);

  g_clear_object (&store);
  g_unlink (path);
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);

    g_unlink (wal);
    g_unlink (shm);
  }
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (fixtures); i++)
    {
      g_autofree char *test = g_strdup_printf ("/store/upgrade/from-v%d", fixtures[i].version);

      g_test_add_data_func (test, &fixtures[i], test_upgrade);
    }
  return g_test_run ();
}
