/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

#include "rd-document-files.h"
#include "rd-schema.h"
#include "rd-store-bulk.h"
#include "rd-uuid.h"

/* REPLICA_DIR/documents, absolute and without "." or ".." (a relative --replica works). */
static char *
files_folder (RdStore *store)
{
  g_autofree char *replica_dir = g_path_get_dirname (rd_store_get_path (store));
  g_autofree char *folder = g_build_filename (replica_dir, "documents", NULL);

  return g_canonicalize_filename (folder, NULL);
}

char *
rd_document_files_path (RdStore     *store,
                        const char  *document_id,
                        GError     **error)
{
  g_autofree char *folder = NULL;
  g_autofree char *path = NULL;
  g_autofree char *canonical = NULL;
  g_autofree char *prefix = NULL;

  g_return_val_if_fail (RD_IS_STORE (store), NULL);

  if (document_id == NULL || !rd_uuid_is_valid (document_id))
    {
      g_set_error (error, RD_DOCUMENT_ERROR, RD_DOCUMENT_ERROR_INVALID,
                   "“%s” is no document id", document_id ? document_id : "");
      return NULL;
    }
  folder = files_folder (store);
  path = g_build_filename (folder, document_id, NULL);
  /* A UUID has no separator, but the check is what keeps the promise, not the id's shape. */
  canonical = g_canonicalize_filename (path, NULL);
  prefix = g_strconcat (folder, G_DIR_SEPARATOR_S, NULL);
  if (!g_str_has_prefix (canonical, prefix) || strchr (canonical + strlen (prefix), '/') != NULL)
    {
      g_set_error (error, RD_DOCUMENT_ERROR, RD_DOCUMENT_ERROR_INVALID,
                   "the path of document %s leaves the replica's documents folder", document_id);
      return NULL;
    }
  return g_steal_pointer (&canonical);
}

gboolean
rd_document_has_file (RdStore    *store,
                      const char *document_id)
{
  g_autofree char *path = rd_document_files_path (store, document_id, NULL);

  return path != NULL && g_file_test (path, G_FILE_TEST_IS_REGULAR);
}

static gboolean
write_file (const char  *path,
            GBytes      *bytes,
            GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  gsize length = 0;
  const char *data = g_bytes_get_data (bytes, &length);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "cannot create %s: %s",
                   dir, g_strerror (errno));
      return FALSE;
    }
  /* Atomic: a reader sees no file or the whole file. */
  return g_file_set_contents_full (path, data, length, G_FILE_SET_CONTENTS_CONSISTENT, 0600,
                                   error);
}

char *
rd_document_attach (RdStore     *store,
                    const char  *parent_tbl,
                    const char  *parent_id,
                    const char  *name,
                    GBytes      *bytes,
                    gsize        max_size,
                    GError     **error)
{
  g_autoptr(RdRecord) record = rd_record_new ("documents");
  g_autofree char *clean = rd_document_clean_name (name);
  g_autofree char *sha256 = NULL;
  g_autofree char *path = NULL;
  g_autofree char *id = NULL;
  g_autofree char *uploader = NULL;
  const char *content_type;
  const guint8 *data;
  gsize length = 0;

  g_return_val_if_fail (RD_IS_STORE (store), NULL);
  g_return_val_if_fail (bytes != NULL, NULL);

  if (clean == NULL)
    {
      g_set_error_literal (error, RD_DOCUMENT_ERROR, RD_DOCUMENT_ERROR_INVALID,
                           "a document needs a file name");
      return NULL;
    }
  data = g_bytes_get_data (bytes, &length);
  content_type = rd_document_check (data, length, max_size, error);
  if (content_type == NULL)
    return NULL;

  id = rd_uuid_v7 ();
  path = rd_document_files_path (store, id, error);
  if (path == NULL || !write_file (path, bytes, error))
    return NULL;

  sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  rd_record_set_id (record, id);
  rd_record_set_string (record, "parent_tbl", parent_tbl);
  rd_record_set_string (record, "parent_id", parent_id);
  rd_record_set_string (record, "name", clean);
  rd_record_set_string (record, "content_type", content_type);
  rd_record_set_int (record, "size", (gint64) length);
  rd_record_set_string (record, "sha256", sha256);
  /* The name the replica signed in with (the server refuses any other): the app shows it
   * without needing the users table, which replicas do not all hold. */
  uploader = rd_store_get_meta (store, "sync.username");
  if (uploader != NULL)
    rd_record_set_string (record, "uploaded_by", uploader);
  rd_record_set_int (record, "created_at", g_get_real_time () / 1000);
  if (!rd_store_insert (store, record, error))
    {
      /* No file without its record. */
      g_unlink (path);
      return NULL;
    }
  return g_steal_pointer (&id);
}

/* Whether @bytes are what document @record says: its size and SHA-256. */
static gboolean
matches_record (RdRecord    *record,
                GBytes      *bytes,
                GError     **error)
{
  g_autofree char *sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);

  if ((gint64) g_bytes_get_size (bytes) != rd_record_get_int (record, "size", -1) ||
      g_strcmp0 (sha256, rd_record_get_string (record, "sha256")) != 0)
    {
      g_set_error (error, RD_DOCUMENT_ERROR, RD_DOCUMENT_ERROR_INVALID,
                   "the bytes of “%s” do not match its record (size or SHA-256)",
                   rd_record_get_string (record, "name"));
      return FALSE;
    }
  return TRUE;
}

GBytes *
rd_document_read (RdStore     *store,
                  const char  *document_id,
                  GError     **error)
{
  g_autoptr(RdRecord) record = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_return_val_if_fail (RD_IS_STORE (store), NULL);

  path = rd_document_files_path (store, document_id, error);
  if (path == NULL)
    return NULL;
  record = rd_store_get (store, "documents", document_id, error);
  if (record == NULL)
    return NULL;
  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;
  bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
  if (!matches_record (record, bytes, error))
    return NULL;
  return g_steal_pointer (&bytes);
}

gboolean
rd_document_keep (RdStore     *store,
                  const char  *document_id,
                  GBytes      *bytes,
                  GError     **error)
{
  g_autoptr(RdRecord) record = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (RD_IS_STORE (store), FALSE);

  path = rd_document_files_path (store, document_id, error);
  if (path == NULL)
    return FALSE;
  record = rd_store_get (store, "documents", document_id, error);
  if (record == NULL || !matches_record (record, bytes, error))
    return FALSE;
  return write_file (path, bytes, error);
}

gboolean
rd_document_restore (RdStore     *store,
                     const char  *document_id,
                     GError     **error)
{
  g_autoptr(JsonObject) changes = json_object_new ();
  sqlite3_stmt *stmt = NULL;
  gboolean tombstoned = FALSE;

  g_return_val_if_fail (RD_IS_STORE (store), FALSE);

  if (sqlite3_prepare_v2 (rd_store_get_db (store),
                          "SELECT deleted FROM documents WHERE id = ?", -1, &stmt, NULL) == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, document_id, -1, SQLITE_TRANSIENT);
      tombstoned = sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int (stmt, 0) != 0;
    }
  sqlite3_finalize (stmt);
  if (!tombstoned)
    {
      g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_NOT_FOUND, "No deleted document %s",
                   document_id);
      return FALSE;
    }

  /* The tombstone is an ordinary field (SYNC.md): clearing it is a captured, merged edit. */
  json_object_set_int_member (changes, "deleted", 0);
  if (!rd_store_begin_light (store, error))
    return FALSE;
  if (!rd_store_write_row (store, rd_schema_lookup ("documents"), document_id, changes, FALSE, error))
    {
      rd_store_rollback (store);
      return FALSE;
    }
  return rd_store_commit (store, error);
}
