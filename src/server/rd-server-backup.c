/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "rd-server-backup.h"

#define MANIFEST "backup.json"
#define FORMAT 1

G_DEFINE_QUARK (rd-backup-error-quark, rd_backup_error)

static gboolean
is_database (const char *name)
{
  return g_str_has_suffix (name, ".db");
}

/* SQLite's own files beside a database: the backup API reads through them. */
static gboolean
is_sqlite_side_file (const char *name)
{
  return g_str_has_suffix (name, ".db-wal") || g_str_has_suffix (name, ".db-shm") ||
         g_str_has_suffix (name, ".db-journal");
}

static gint
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* The paths under @root (relative, sorted): databases in @databases, other files in @files. */
static gboolean
list_tree (const char  *root,
           const char  *relative,
           GPtrArray   *databases,
           GPtrArray   *files,
           GError     **error)
{
  g_autofree char *path = relative ? g_build_filename (root, relative, NULL) : g_strdup (root);
  g_autoptr(GDir) dir = g_dir_open (path, 0, error);
  const char *name;

  if (dir == NULL)
    return FALSE;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = relative ? g_build_filename (relative, name, NULL) : g_strdup (name);
      g_autofree char *full = g_build_filename (root, child, NULL);

      if (g_file_test (full, G_FILE_TEST_IS_SYMLINK))
        continue;   /* nothing the server writes is a link: not followed out of the folder */
      if (g_file_test (full, G_FILE_TEST_IS_DIR))
        {
          if (!list_tree (root, child, databases, files, error))
            return FALSE;
        }
      else if (is_database (name))
        g_ptr_array_add (databases, g_steal_pointer (&child));
      else if (!is_sqlite_side_file (name))
        g_ptr_array_add (files, g_steal_pointer (&child));
    }
  g_ptr_array_sort (databases, compare_paths);
  g_ptr_array_sort (files, compare_paths);
  return TRUE;
}

static gboolean
sqlite_failed (sqlite3     *db,
               const char  *what,
               const char  *path,
               GError     **error)
{
  g_set_error (error, RD_BACKUP_ERROR, RD_BACKUP_ERROR_FAILED, "%s %s: %s", what, path,
               db ? sqlite3_errmsg (db) : "out of memory");
  return FALSE;
}

/* @from copied into the new file @to by the online backup API: one step over the whole
 * database, so one read transaction, so one consistent point, while the server writes on
 * (WAL: a reader does not block writers). */
static gboolean
copy_database (const char  *from,
               const char  *to,
               GError     **error)
{
  sqlite3 *source = NULL, *target = NULL;
  sqlite3_backup *backup;
  gboolean ok = FALSE;
  int rc = SQLITE_OK;

  if (sqlite3_open_v2 (from, &source, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    {
      sqlite_failed (source, "cannot open", from, error);
      goto out;
    }
  sqlite3_busy_timeout (source, 10000);
  if (sqlite3_open_v2 (to, &target, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK)
    {
      sqlite_failed (target, "cannot create", to, error);
      goto out;
    }
  backup = sqlite3_backup_init (target, "main", source, "main");
  if (backup == NULL)
    {
      sqlite_failed (target, "cannot back up", from, error);
      goto out;
    }
  for (guint tries = 0; tries < 200; tries++)
    {
      rc = sqlite3_backup_step (backup, -1);
      if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED)
        break;
      g_usleep (50 * 1000);   /* a checkpoint holds the lock for a moment */
    }
  sqlite3_backup_finish (backup);
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, RD_BACKUP_ERROR, RD_BACKUP_ERROR_FAILED, "cannot back up %s: %s",
                   from, sqlite3_errstr (rc));
      goto out;
    }
  /* A self-contained file: no -wal beside it. */
  if (sqlite3_exec (target, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL) != SQLITE_OK)
    {
      sqlite_failed (target, "cannot finish", to, error);
      goto out;
    }
  ok = TRUE;

out:
  sqlite3_close (source);
  sqlite3_close (target);
  if (!ok)
    g_unlink (to);
  return ok;
}

static gint64
query_int (sqlite3    *db,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value = -1;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

/* What backup.json says of a database: its schema version, and the last sequence of its
 * changes log when it has one (merged.db). */
static void
describe_database (JsonBuilder *builder,
                   const char  *relative,
                   const char  *path)
{
  sqlite3 *db = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "path");
  json_builder_add_string_value (builder, relative);
  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK)
    {
      json_builder_set_member_name (builder, "user_version");
      json_builder_add_int_value (builder, query_int (db, "PRAGMA user_version"));
      if (query_int (db, "SELECT count(*) FROM sqlite_master WHERE name = 'changes'") == 1)
        {
          json_builder_set_member_name (builder, "seq");
          json_builder_add_int_value (builder, query_int (db, "SELECT coalesce(max(seq), 0) FROM changes"));
        }
    }
  sqlite3_close (db);
  json_builder_end_object (builder);
}

static gboolean
make_parent (const char  *path,
             GError     **error)
{
  g_autofree char *parent = g_path_get_dirname (path);

  if (g_mkdir_with_parents (parent, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, RD_BACKUP_ERROR, RD_BACKUP_ERROR_FAILED, "cannot create %s: %s",
                   parent, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

static gboolean
copy_plain_file (const char  *from,
                 const char  *to,
                 gboolean     may_vanish,
                 GError     **error)
{
  g_autoptr(GFile) source = g_file_new_for_path (from);
  g_autoptr(GFile) target = g_file_new_for_path (to);
  g_autoptr(GError) local = NULL;

  if (!g_file_copy (source, target, G_FILE_COPY_NOFOLLOW_SYMLINKS, NULL, NULL, NULL, &local))
    {
      /* A file the server removed meanwhile (a mail sent, a temporary file) is not missed. */
      if (may_vanish && g_error_matches (local, G_IO_ERROR, G_IO_ERROR_NOT_FOUND) &&
          !g_file_query_exists (source, NULL))
        return TRUE;
      g_set_error (error, RD_BACKUP_ERROR, RD_BACKUP_ERROR_FAILED, "cannot copy %s: %s", from,
                   local->message);
      return FALSE;
    }
  return TRUE;
}

/* @path is @dir or under it (both made absolute; no link is resolved). */
static gboolean
inside (const char *path,
        const char *dir)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) folder = g_file_new_for_path (dir);

  return g_file_equal (file, folder) || g_file_has_prefix (file, folder);
}

gboolean
rd_server_backup (const char  *data_dir,
                  const char  *dest,
                  guint       *n_databases,
                  guint       *n_files,
                  GError     **error)
{
  g_autoptr(GPtrArray) databases = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *partial = g_strconcat (dest, ".partial", NULL);
  g_autofree char *manifest = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *created = g_date_time_format_iso8601 (now);

  if (g_file_test (dest, G_FILE_TEST_EXISTS) || g_file_test (partial, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, RD_BACKUP_ERROR, RD_BACKUP_ERROR_EXISTS,
                   "%s exists: a backup goes into a new folder (a %s is an interrupted one:"
                   " remove it)", g_file_test (dest, G_FILE_TEST_EXISTS) ? dest : partial, partial);
      return FALSE;
    }
  if (inside (dest, data_dir))
    {
      g_set_error (error, RD_BACKUP_ERROR, RD_BACKUP_ERROR_INVALID,
                   "%s is inside the data dir %s: the next backup would copy this one",
                   dest, data_dir);
      return FALSE;
    }
  if (!list_tree (data_dir, NULL, databases, files, error))
    return FALSE;
  if (databases->len == 0)
    {
      g_set_error (error, RD_BACKUP_ERROR, RD_BACKUP_ERROR_INVALID,
                   "%s holds no database: not a ringdesk-server data dir", data_dir);
      return FALSE;
    }
  if (g_mkdir_with_parents (partial, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, RD_BACKUP_ERROR, RD_BACKUP_ERROR_FAILED, "cannot create %s: %s",
                   partial, g_strerror (saved));
      return FALSE;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_int_value (builder, FORMAT);
  json_builder_set_member_name (builder, "created");
  json_builder_add_string_value (builder, created);
  json_builder_set_member_name (builder, "databases");
  json_builder_begin_array (builder);
  /* The databases first, then the files: a row never names a file the backup lacks. */
  for (guint i = 0; i < databases->len; i++)
    {
      const char *relative = g_ptr_array_index (databases, i);
      g_autofree char *from = g_build_filename (data_dir, relative, NULL);
      g_autofree char *to = g_build_filename (partial, relative, NULL);

      if (!make_parent (to, error) || !copy_database (from, to, error))
        return FALSE;
      describe_database (builder, relative, to);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "files");
  json_builder_begin_array (builder);
  for (guint i = 0; i < files->len; i++)
    {
      const char *relative = g_ptr_array_index (files, i);
      g_autofree char *from = g_build_filename (data_dir, relative, NULL);
      g_autofree char *to = g_build_filename (partial, relative, NULL);

      if (!make_parent (to, error) || !copy_plain_file (from, to, TRUE, error))
        return FALSE;
      if (g_file_test (to, G_FILE_TEST_EXISTS))
        json_builder_add_string_value (builder, relative);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  text = json_to_string (root, TRUE);
  manifest = g_build_filename (partial, MANIFEST, NULL);
  if (!g_file_set_contents (manifest, text, -1, error) || g_rename (partial, dest) != 0)
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, RD_BACKUP_ERROR, RD_BACKUP_ERROR_FAILED, "cannot finish %s: %s",
                     dest, g_strerror (errno));
      return FALSE;
    }
  if (n_databases != NULL)
    *n_databases = databases->len;
  if (n_files != NULL)
    *n_files = files->len;
  return TRUE;
}

/* The manifest's list @member (paths relative to the backup), each checked to stay inside. */
static GPtrArray *
manifest_paths (JsonObject  *manifest,
                const char  *member,
                GError     **error)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  JsonNode *node = json_object_get_member (manifest, member);
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, RD_BACKUP_ERROR, RD_BACKUP_ERROR_INVALID, MANIFEST " has no %s", member);
      return NULL;
    }
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      const char *path = NULL;

      if (JSON_NODE_HOLDS_OBJECT (element))
        path = json_object_get_string_member_with_default (json_node_get_object (element), "path", NULL);
      else if (JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_STRING)
        path = json_node_get_string (element);
      if (path == NULL || *path == '\0' || g_path_is_absolute (path) || strstr (path, "..") != NULL)
        {
          g_set_error (error, RD_BACKUP_ERROR, RD_BACKUP_ERROR_INVALID,
                       MANIFEST ": %s entry %u is not a path inside the backup", member, i);
          return NULL;
        }
      g_ptr_array_add (paths, g_strdup (path));
    }
  return g_steal_pointer (&paths);
}

static gboolean
check_database (const char  *path,
                GError     **error)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gboolean ok = FALSE;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
      sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    ok = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ok") == 0;
  if (!ok)
    g_set_error (error, RD_BACKUP_ERROR, RD_BACKUP_ERROR_INVALID,
                 "%s fails its integrity check (%s): this backup cannot be restored", path,
                 stmt != NULL && sqlite3_column_text (stmt, 0) ? (const char *) sqlite3_column_text (stmt, 0)
                                                              : sqlite3_errmsg (db));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return ok;
}

gboolean
rd_server_restore (const char  *source,
                   const char  *data_dir,
                   guint       *n_databases,
                   guint       *n_files,
                   GError     **error)
{
  g_autofree char *manifest_path = g_build_filename (source, MANIFEST, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) databases = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GError) local = NULL;
  JsonObject *manifest;

  if (!json_parser_load_from_file (parser, manifest_path, &local) ||
      json_parser_get_root (parser) == NULL || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, RD_BACKUP_ERROR, RD_BACKUP_ERROR_INVALID,
                   "%s is not a ringdesk-server backup (no readable " MANIFEST ": %s)", source,
                   local ? local->message : "not an object");
      return FALSE;
    }
  manifest = json_node_get_object (json_parser_get_root (parser));
  if (json_object_get_int_member_with_default (manifest, "format", 0) != FORMAT)
    {
      g_set_error (error, RD_BACKUP_ERROR, RD_BACKUP_ERROR_INVALID,
                   "%s: backup format %" G_GINT64_FORMAT " (this server reads %d)", source,
                   json_object_get_int_member_with_default (manifest, "format", 0), FORMAT);
      return FALSE;
    }
  if ((databases = manifest_paths (manifest, "databases", error)) == NULL ||
      (files = manifest_paths (manifest, "files", error)) == NULL)
    return FALSE;

  /* Nothing of a data dir in use is overwritten. */
  if (g_file_test (data_dir, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GPtrArray) present = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GPtrArray) other = g_ptr_array_new_with_free_func (g_free);

      if (!list_tree (data_dir, NULL, present, other, error))
        return FALSE;
      if (present->len > 0 || other->len > 0)
        {
          g_set_error (error, RD_BACKUP_ERROR, RD_BACKUP_ERROR_EXISTS,
                       "%s is not empty (it holds %s): restore into a new data dir, or move"
                       " this one aside first", data_dir,
                       (const char *) g_ptr_array_index (present->len ? present : other, 0));
          return FALSE;
        }
    }
  /* Every database checked before the first write. */
  for (guint i = 0; i < databases->len; i++)
    {
      g_autofree char *from = g_build_filename (source, g_ptr_array_index (databases, i), NULL);

      if (!check_database (from, error))
        return FALSE;
    }
  for (guint i = 0; i < databases->len; i++)
    {
      g_autofree char *from = g_build_filename (source, g_ptr_array_index (databases, i), NULL);
      g_autofree char *to = g_build_filename (data_dir, g_ptr_array_index (databases, i), NULL);

      if (!make_parent (to, error) || !copy_database (from, to, error))
        return FALSE;
    }
  for (guint i = 0; i < files->len; i++)
    {
      g_autofree char *from = g_build_filename (source, g_ptr_array_index (files, i), NULL);
      g_autofree char *to = g_build_filename (data_dir, g_ptr_array_index (files, i), NULL);

      if (!make_parent (to, error) || !copy_plain_file (from, to, FALSE, error))
        return FALSE;
    }
  if (n_databases != NULL)
    *n_databases = databases->len;
  if (n_files != NULL)
    *n_files = files->len;
  return TRUE;
}
