/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>

#include "rd-profile-photo.h"

GBytes *
rd_profile_photo_square_png (GBytes  *image,
                             int      size,
                             GError **error)
{
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (image);
  g_autoptr(GdkPixbuf) loaded = gdk_pixbuf_new_from_stream (stream, NULL, error);
  g_autoptr(GdkPixbuf) oriented = NULL;
  g_autoptr(GdkPixbuf) square = NULL;
  g_autoptr(GdkPixbuf) scaled = NULL;
  g_autofree char *buffer = NULL;
  gsize length = 0;
  int width, height, side;

  if (loaded == NULL)
    return NULL;
  /* A phone's photo says its orientation in EXIF. */
  oriented = gdk_pixbuf_apply_embedded_orientation (loaded);
  width = gdk_pixbuf_get_width (oriented);
  height = gdk_pixbuf_get_height (oriented);
  side = MIN (width, height);
  square = gdk_pixbuf_new_subpixbuf (oriented, (width - side) / 2, (height - side) / 2, side, side);
  scaled = gdk_pixbuf_scale_simple (square, size, size, GDK_INTERP_BILINEAR);
  if (scaled == NULL ||
      !gdk_pixbuf_save_to_buffer (scaled, &buffer, &length, "png", error, NULL))
    return NULL;
  return g_bytes_new_take (g_steal_pointer (&buffer), length);
}

static void
photo_fetched_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(AdwAvatar) avatar = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = rd_server_session_fetch_finish (RD_SERVER_SESSION (object), result, &error);
  g_autoptr(GdkTexture) texture = NULL;

  /* No photo (404), offline or cancelled: the initials stay. */
  if (bytes == NULL)
    return;
  texture = gdk_texture_new_from_bytes (bytes, &error);
  if (texture != NULL)
    adw_avatar_set_custom_image (avatar, GDK_PAINTABLE (texture));
}

void
rd_profile_photo_show (AdwAvatar       *avatar,
                       RdServerSession *session,
                       const char      *name,
                       GCancellable    *cancellable)
{
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (ADW_IS_AVATAR (avatar));

  if (session == NULL || name == NULL || !rd_server_session_get_signed_in (session))
    return;
  escaped = g_uri_escape_string (name, NULL, FALSE);
  path = g_strdup_printf ("users/%s/photo", escaped);
  rd_server_session_fetch_async (session, path, cancellable, photo_fetched_cb, g_object_ref (avatar));
}
