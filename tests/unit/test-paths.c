/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "rd-paths.h"

static void
test_paths_replica_dir (void)
{
  g_autofree char *dir = rd_paths_replica_dir ("local");
  g_autofree char *expected = g_build_filename (g_get_user_data_dir (), "ringdesk", "local", NULL);
  g_autofree char *db = rd_paths_replica_db (dir);

  g_assert_cmpstr (dir, ==, expected);
  g_assert_true (g_str_has_suffix (db, "/local/replica.db"));
}

static void
test_paths_slug (void)
{
  g_autofree char *a = rd_paths_account_slug ("anna", "https://crm.example.com:8443/");
  g_autofree char *b = rd_paths_account_slug ("anna", NULL);
  g_autofree char *c = rd_paths_account_slug ("a/b c", "http://127.0.0.1:80");

  g_assert_cmpstr (a, ==, "anna@crm.example.com_8443_");
  g_assert_cmpstr (b, ==, "anna");
  g_assert_cmpstr (c, ==, "a_b_c@127.0.0.1_80");
}

static void
test_paths_ensure_dir (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("rd-paths-XXXXXX", &error);
  g_autofree char *nested = NULL;
  g_autofree char *blocked = NULL;
  g_autofree char *file = NULL;

  g_assert_no_error (error);
  nested = g_build_filename (tmp, "a", "b", NULL);
  g_assert_true (rd_paths_ensure_dir (nested, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (nested, G_FILE_TEST_IS_DIR));

  /* A plain file in the way is a clear error, not a crash. */
  file = g_build_filename (tmp, "file", NULL);
  g_assert_true (g_file_set_contents (file, "x", 1, NULL));
  blocked = g_build_filename (file, "sub", NULL);
  g_assert_false (rd_paths_ensure_dir (blocked, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "Cannot create folder"));

  g_remove (file);
  g_rmdir (nested);
  g_autofree char *parent = g_path_get_dirname (nested);
  g_rmdir (parent);
  g_rmdir (tmp);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/paths/replica-dir", test_paths_replica_dir);
  g_test_add_func ("/paths/slug", test_paths_slug);
  g_test_add_func ("/paths/ensure-dir", test_paths_ensure_dir);

  return g_test_run ();
}
