/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "rd-test-store.h"

static gint64
fixture_clock_cb (gpointer user_data)
{
  StoreFixture *fx = user_data;

  return fx->now_ms;
}

void
store_fixture_setup (StoreFixture  *fx,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fx->dir = g_dir_make_tmp ("rd-store-XXXXXX", &error);
  g_assert_no_error (error);
  fx->path = g_build_filename (fx->dir, "replica.db", NULL);
  fx->store = rd_store_open (fx->path, &error);
  g_assert_no_error (error);
  fx->now_ms = 1700000000000;
  rd_hlc_set_clock (rd_store_get_hlc (fx->store), fixture_clock_cb, fx, NULL);
}

void
store_rm_rf (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        store_rm_rf (path);
      else
        g_remove (path);
    }
  g_rmdir (dir);
}

void
store_fixture_teardown (StoreFixture  *fx,
                        gconstpointer  data)
{
  g_assert_finalize_object (fx->store);
  store_rm_rf (fx->dir);
  g_free (fx->path);
  g_free (fx->dir);
}

char *
store_add_contact (RdStore    *store,
                   const char *name,
                   const char *phone1,
                   const char *phone2,
                   const char *email)
{
  g_autoptr(RdRecord) c = rd_record_new ("contacts");
  g_autoptr(GError) error = NULL;

  rd_record_set_string (c, "name", name);
  if (phone1 != NULL)
    rd_record_add_phone (c, phone1, "mobile");
  if (phone2 != NULL)
    rd_record_add_phone (c, phone2, "work");
  if (email != NULL)
    rd_record_add_email (c, email, NULL);
  g_assert_true (rd_store_insert (store, c, &error));
  g_assert_no_error (error);
  return g_strdup (rd_record_get_id (c));
}

gint64
store_count_sql (RdStore    *store,
                 const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (rd_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}
