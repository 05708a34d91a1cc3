/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

#include "rd-api-handlers.h"
#include "rd-server-sync.h"
#include "rd-uuid.h"

/* /api/v1/recordings/ID: the WAV recording of call record ID, kept as
 * DATA_DIR/recordings/ID.wav. PUT stores it (audio/wav, at most --max-recording),
 * GET returns it; both only for a caller who may see the call (else 404, as
 * for a call that does not exist: no one learns which ids exist). */

/* The call @id when the caller may see it; 404 otherwise. */
static gboolean
check_call (RdApiRequest  *req,
            const char    *id,
            GError       **error)
{
  RdServerSync *sync = rd_server_get_sync (req->server);
  g_autoptr(RdSyncViewer) viewer = NULL;
  g_autoptr(RdRecord) call = NULL;

  if (!rd_uuid_is_valid (id))
    {
      g_set_error (error, RD_API_ERROR, RD_API_ERROR_BAD_REQUEST, "“%s” is no call id", id);
      return FALSE;
    }
  call = rd_store_get (rd_server_sync_get_store (sync), "calls", id, NULL);
  viewer = rd_sync_viewer_new (rd_server_get_db (req->server), req->caller);
  if (call == NULL || !rd_sync_viewer_sees (viewer, rd_record_get_string (call, "owner")) ||
      !rd_sync_viewer_works_table (viewer, rd_record_get_string (call, "parent_tbl")))
    {
      g_set_error (error, RD_API_ERROR, RD_API_ERROR_NOT_FOUND, "no call %s", id);
      return FALSE;
    }
  return TRUE;
}

static char *
recording_path (RdApiRequest *req,
                const char   *id)
{
  g_autofree char *data_dir = g_path_get_dirname (rd_server_sync_get_path (
                                                    rd_server_get_sync (req->server)));
  g_autofree char *name = g_strconcat (id, ".wav", NULL);

  return g_build_filename (data_dir, "recordings", name, NULL);
}

static gboolean
is_wav_type (const char *content_type)
{
  return content_type != NULL
      && (g_ascii_strcasecmp (content_type, "audio/wav") == 0
          || g_ascii_strcasecmp (content_type, "audio/x-wav") == 0
          || g_ascii_strcasecmp (content_type, "audio/wave") == 0);
}

void
rd_api_recordings_put (RdApiRequest *req)
{
  const char *id = req->params[0];
  const RdServerOptions *options = rd_server_get_options (req->server);
  SoupMessageBody *body = soup_server_message_get_request_body (req->msg);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  const char *content_type;
  const guint8 *data;
  gsize length;

  if (!check_call (req, id, &error))
    {
      rd_api_reply_error (req, error);
      return;
    }

  content_type = soup_message_headers_get_content_type (
    soup_server_message_get_request_headers (req->msg), NULL);
  bytes = soup_message_body_flatten (body);
  data = g_bytes_get_data (bytes, &length);
  if (length > options->max_recording)
    g_set_error (&error, RD_API_ERROR, RD_API_ERROR_TOO_LARGE,
                 "the recording has %" G_GSIZE_FORMAT " bytes; the limit is %" G_GSIZE_FORMAT,
                 length, options->max_recording);
  else if (!is_wav_type (content_type))
    g_set_error (&error, RD_API_ERROR, RD_API_ERROR_UNSUPPORTED_MEDIA_TYPE,
                 "a recording must be audio/wav, not %s", content_type ? content_type : "missing");
  else if (length < 44 || memcmp (data, "RIFF", 4) != 0 || memcmp (data + 8, "WAVE", 4) != 0)
    g_set_error (&error, RD_API_ERROR, RD_API_ERROR_UNSUPPORTED_MEDIA_TYPE,
                 "the body is not a WAV file (no RIFF/WAVE header)");
  if (error != NULL)
    {
      rd_api_reply_error (req, error);
      return;
    }

  path = recording_path (req, id);
  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_set_error (&error, RD_API_ERROR, RD_API_ERROR_INTERNAL, "cannot create %s: %s",
                   dir, g_strerror (errno));
      rd_api_reply_error (req, error);
      return;
    }
  /* Atomic: a reader sees the old file or the whole new one. */
  if (!g_file_set_contents_full (path, (const char *) data, length,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
    {
      g_prefix_error (&error, "storing the recording: ");
      rd_api_reply_error (req, error);
      return;
    }

  rd_api_audit (req, NULL, "recording.put", id, NULL);
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, id);
  json_builder_set_member_name (builder, "bytes");
  json_builder_add_int_value (builder, (gint64) length);
  json_builder_end_object (builder);
  rd_api_reply_json (req, SOUP_STATUS_OK, json_builder_get_root (builder));
}

void
rd_api_recordings_get (RdApiRequest *req)
{
  const char *id = req->params[0];
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  char *contents = NULL;
  gsize length = 0;

  if (!check_call (req, id, &error))
    {
      rd_api_reply_error (req, error);
      return;
    }
  path = recording_path (req, id);
  if (!g_file_get_contents (path, &contents, &length, NULL))
    {
      g_set_error (&error, RD_API_ERROR, RD_API_ERROR_NOT_FOUND, "call %s has no recording", id);
      rd_api_reply_error (req, error);
      return;
    }
  soup_server_message_set_status (req->msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (req->msg, "audio/wav", SOUP_MEMORY_TAKE, contents, length);
}
