/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

#include "rd-api-handlers.h"
#include "rd-document-type.h"
#include "rd-server-sync.h"
#include "rd-uuid.h"

/* /api/v1/documents/ID: the bytes of document record ID (docs/documents.md), kept as
 * DATA_DIR/documents/ID. PUT stores them (at most --max-document; the type sniffed from
 * the bytes, which must be the record's, as must size and SHA-256), GET returns them. Both
 * only for a caller who may see the document, which is who may see the record it is
 * attached to (a child row carries its parent's owner; support never a lead's): else 404,
 * the same answer as for an id that does not exist. */

/* The document record @id when the caller may see it; 404 otherwise. */
static RdRecord *
visible_document (RdApiRequest  *req,
                  const char    *id,
                  GError       **error)
{
  RdServerSync *sync = rd_server_get_sync (req->server);
  g_autoptr(RdSyncViewer) viewer = NULL;

  if (!rd_uuid_is_valid (id))
    {
      g_set_error (error, RD_API_ERROR, RD_API_ERROR_BAD_REQUEST, "“%s” is no document id", id);
      return NULL;
    }
  viewer = rd_sync_viewer_new (rd_server_get_db (req->server), req->caller);
  if (!rd_server_sync_visible_record (sync, viewer, "documents", id))
    {
      g_set_error (error, RD_API_ERROR, RD_API_ERROR_NOT_FOUND, "no document %s", id);
      return NULL;
    }
  return rd_store_get (rd_server_sync_get_store (sync), "documents", id, error);
}

/* DATA_DIR/documents/ID; @id is a UUID (checked by visible_document), so the path
 * cannot leave the folder. */
static char *
document_path (RdApiRequest *req,
               const char   *id)
{
  g_autofree char *data_dir = g_path_get_dirname (rd_server_sync_get_path (
                                                    rd_server_get_sync (req->server)));

  return g_build_filename (data_dir, "documents", id, NULL);
}

/* The bytes against the limit, their sniffed type and the record. */
static gboolean
check_body (RdApiRequest  *req,
            RdRecord      *record,
            GBytes        *bytes,
            GError       **error)
{
  const RdServerOptions *options = rd_server_get_options (req->server);
  g_autoptr(GError) local = NULL;
  g_autofree char *sha256 = NULL;
  gsize length = 0;
  const guint8 *data = g_bytes_get_data (bytes, &length);
  const char *type = rd_document_check (data, length, options->max_document, &local);

  if (type == NULL)
    {
      g_set_error (error, RD_API_ERROR,
                   g_error_matches (local, RD_DOCUMENT_ERROR, RD_DOCUMENT_ERROR_TOO_LARGE)
                     ? RD_API_ERROR_TOO_LARGE : RD_API_ERROR_UNSUPPORTED_MEDIA_TYPE,
                   "%s", local->message);
      return FALSE;
    }
  if (g_strcmp0 (type, rd_record_get_string (record, "content_type")) != 0)
    {
      g_set_error (error, RD_API_ERROR, RD_API_ERROR_UNSUPPORTED_MEDIA_TYPE,
                   "the file is %s, but its record says %s", type,
                   rd_record_get_string (record, "content_type"));
      return FALSE;
    }
  sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  if ((gint64) length != rd_record_get_int (record, "size", -1) ||
      g_strcmp0 (sha256, rd_record_get_string (record, "sha256")) != 0)
    {
      g_set_error (error, RD_API_ERROR, RD_API_ERROR_BAD_REQUEST,
                   "the file (%" G_GSIZE_FORMAT " bytes, SHA-256 %s) is not the one its record "
                   "names (%" G_GINT64_FORMAT " bytes, SHA-256 %s)", length, sha256,
                   rd_record_get_int (record, "size", -1),
                   rd_record_get_string (record, "sha256"));
      return FALSE;
    }
  return TRUE;
}

void
rd_api_documents_put (RdApiRequest *req)
{
  const char *id = req->params[0];
  g_autoptr(GError) error = NULL;
  g_autoptr(RdRecord) record = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autofree char *path = NULL;
  g_autofree char *dir = NULL;
  const char *data;
  gsize length = 0;

  record = visible_document (req, id, &error);
  if (record == NULL)
    {
      rd_api_reply_error (req, error);
      return;
    }
  bytes = soup_message_body_flatten (soup_server_message_get_request_body (req->msg));
  if (!check_body (req, record, bytes, &error))
    {
      rd_api_reply_error (req, error);
      return;
    }

  path = document_path (req, id);
  dir = g_path_get_dirname (path);
  data = g_bytes_get_data (bytes, &length);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_set_error (&error, RD_API_ERROR, RD_API_ERROR_INTERNAL, "cannot create %s: %s",
                   dir, g_strerror (errno));
      rd_api_reply_error (req, error);
      return;
    }
  /* Atomic: a reader sees no file or the whole file. */
  if (!g_file_set_contents_full (path, data, length, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
    {
      g_prefix_error (&error, "storing the document: ");
      rd_api_reply_error (req, error);
      return;
    }

  rd_api_audit (req, NULL, "document.put", id, rd_record_get_string (record, "name"));
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, id);
  json_builder_set_member_name (builder, "bytes");
  json_builder_add_int_value (builder, (gint64) length);
  json_builder_set_member_name (builder, "content_type");
  json_builder_add_string_value (builder, rd_record_get_string (record, "content_type"));
  json_builder_end_object (builder);
  rd_api_reply_json (req, SOUP_STATUS_OK, json_builder_get_root (builder));
}

void
rd_api_documents_get (RdApiRequest *req)
{
  const char *id = req->params[0];
  g_autoptr(GError) error = NULL;
  g_autoptr(RdRecord) record = NULL;
  g_autofree char *path = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *disposition = NULL;
  SoupMessageHeaders *headers;
  const char *type;
  char *contents = NULL;
  gsize length = 0;

  record = visible_document (req, id, &error);
  if (record == NULL)
    {
      rd_api_reply_error (req, error);
      return;
    }
  path = document_path (req, id);
  if (!g_file_get_contents (path, &contents, &length, NULL))
    {
      g_set_error (&error, RD_API_ERROR, RD_API_ERROR_NOT_FOUND,
                   "document %s has no file on the server yet", id);
      rd_api_reply_error (req, error);
      return;
    }

  /* The type the bytes are, not what the record says (a record's fields are writable by
   * sync; the file was checked when it went up). */
  type = rd_document_sniff ((const guint8 *) contents, length, NULL);
  headers = soup_server_message_get_response_headers (req->msg);
  /* Never sniffed into something else by a browser; saved, not shown inline. */
  soup_message_headers_replace (headers, "X-Content-Type-Options", "nosniff");
  escaped = g_uri_escape_string (rd_record_get_string (record, "name"), NULL, FALSE);
  disposition = g_strdup_printf ("attachment; filename*=UTF-8''%s", escaped);
  soup_message_headers_replace (headers, "Content-Disposition", disposition);
  soup_server_message_set_status (req->msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (req->msg, type ? type : "application/octet-stream",
                                    SOUP_MEMORY_TAKE, contents, length);
}
