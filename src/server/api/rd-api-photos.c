/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

#include "rd-api-handlers.h"
#include "rd-document-type.h"
#include "rd-server-sync.h"
#include "rd-uuid.h"

/* /api/v1/users/NAME/photo: a user's profile photo (docs/documents.md, "Profile photos"),
 * a PNG or JPEG of at most RD_PHOTO_MAX_SIZE (the app sends a 256-pixel square PNG), kept
 * as DATA_DIR/photos/UUID. PUT and DELETE: the user themselves or an admin; GET: any
 * signed-in member of staff (colleagues see each other's photos in lists and call banners). */

#define RD_PHOTO_MAX_SIZE (1024 * 1024)

/* The account named in the path and the path of its photo; 404 for no such user. */
static RdUser *
photo_owner (RdApiRequest  *req,
             char         **path,
             GError       **error)
{
  g_autoptr(RdUser) user = rd_server_db_find_user (rd_server_get_db (req->server), req->params[0], error);
  g_autofree char *data_dir = NULL;

  if (user == NULL)
    return NULL;
  /* The file is named by the account's uuid, which the server made: never by the request. */
  if (!rd_uuid_is_valid (user->uuid))
    {
      g_set_error (error, RD_API_ERROR, RD_API_ERROR_INTERNAL, "account %s has no uuid", user->name);
      return NULL;
    }
  data_dir = g_path_get_dirname (rd_server_sync_get_path (rd_server_get_sync (req->server)));
  *path = g_build_filename (data_dir, "photos", user->uuid, NULL);
  return g_steal_pointer (&user);
}

static gboolean
may_change (RdApiRequest  *req,
            RdUser        *user,
            GError       **error)
{
  if (req->caller->role == RD_ROLE_ADMIN || req->caller->id == user->id)
    return TRUE;
  g_set_error (error, RD_API_ERROR, RD_API_ERROR_FORBIDDEN,
               "role %s may only change its own photo", rd_role_to_string (req->caller->role));
  return FALSE;
}

void
rd_api_photos_put (RdApiRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *path = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(RdUser) user = photo_owner (req, &path, &error);
  g_autoptr(GBytes) bytes = NULL;
  const char *type = NULL;
  const guint8 *data;
  gsize length = 0;

  if (user == NULL || !may_change (req, user, &error))
    {
      rd_api_reply_error (req, error);
      return;
    }
  bytes = soup_message_body_flatten (soup_server_message_get_request_body (req->msg));
  data = g_bytes_get_data (bytes, &length);
  type = rd_document_check (data, length, RD_PHOTO_MAX_SIZE, &local);
  if (type == NULL)
    g_set_error (&error, RD_API_ERROR,
                 g_error_matches (local, RD_DOCUMENT_ERROR, RD_DOCUMENT_ERROR_TOO_LARGE)
                   ? RD_API_ERROR_TOO_LARGE : RD_API_ERROR_UNSUPPORTED_MEDIA_TYPE,
                 "a photo: %s", local->message);
  else if (!g_str_equal (type, "image/png") && !g_str_equal (type, "image/jpeg"))
    g_set_error (&error, RD_API_ERROR, RD_API_ERROR_UNSUPPORTED_MEDIA_TYPE,
                 "a photo must be a PNG or JPEG image, not %s", type);
  if (error != NULL)
    {
      rd_api_reply_error (req, error);
      return;
    }

  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_set_error (&error, RD_API_ERROR, RD_API_ERROR_INTERNAL, "cannot create %s: %s",
                   dir, g_strerror (errno));
      rd_api_reply_error (req, error);
      return;
    }
  if (!g_file_set_contents_full (path, (const char *) data, length,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
    {
      g_prefix_error (&error, "storing the photo: ");
      rd_api_reply_error (req, error);
      return;
    }
  rd_api_audit (req, NULL, "photo.put", user->name, type);
  rd_api_reply_ok (req);
}

void
rd_api_photos_get (RdApiRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(RdUser) user = photo_owner (req, &path, &error);
  char *contents = NULL;
  gsize length = 0;
  const char *type;

  if (user == NULL)
    {
      rd_api_reply_error (req, error);
      return;
    }
  if (!g_file_get_contents (path, &contents, &length, NULL))
    {
      g_set_error (&error, RD_API_ERROR, RD_API_ERROR_NOT_FOUND, "%s has no photo", user->name);
      rd_api_reply_error (req, error);
      return;
    }
  type = rd_document_sniff ((const guint8 *) contents, length, NULL);
  soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                "X-Content-Type-Options", "nosniff");
  soup_server_message_set_status (req->msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (req->msg, type ? type : "application/octet-stream",
                                    SOUP_MEMORY_TAKE, contents, length);
}

void
rd_api_photos_delete (RdApiRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(RdUser) user = photo_owner (req, &path, &error);

  if (user == NULL || !may_change (req, user, &error))
    {
      rd_api_reply_error (req, error);
      return;
    }
  if (g_unlink (path) != 0 && errno != ENOENT)
    {
      g_set_error (&error, RD_API_ERROR, RD_API_ERROR_INTERNAL, "cannot remove the photo: %s",
                   g_strerror (errno));
      rd_api_reply_error (req, error);
      return;
    }
  rd_api_audit (req, NULL, "photo.delete", user->name, NULL);
  rd_api_reply_ok (req);
}
