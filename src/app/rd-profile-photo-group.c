/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include <glib/gi18n.h>

#include "rd-profile-photo-group.h"
#include "rd-profile-photo.h"

struct _RdProfilePhotoGroup
{
  AdwPreferencesGroup  parent_instance;

  RdServerSession     *session;
  GCancellable        *cancellable;
  guint                busy;

  AdwAvatar           *avatar;
  AdwActionRow        *photo_row;
};

G_DEFINE_FINAL_TYPE (RdProfilePhotoGroup, rd_profile_photo_group, ADW_TYPE_PREFERENCES_GROUP)

static void
toast (RdProfilePhotoGroup *self,
       const char          *text)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (ADW_IS_PREFERENCES_WINDOW (root))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (root), adw_toast_new (text));
}

static char *
photo_path (RdProfilePhotoGroup *self)
{
  g_autofree char *escaped = g_uri_escape_string (rd_server_session_get_username (self->session),
                                                  NULL, FALSE);

  return g_strdup_printf ("users/%s/photo", escaped);
}

static void
sent_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(RdProfilePhotoGroup) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = rd_server_session_request_finish (RD_SERVER_SESSION (object), result,
                                                                 &error);
  GdkPaintable *image = g_object_get_data (G_OBJECT (self), "pending-image");

  self->busy--;
  if (answer == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *text = g_strdup_printf (_("The server did not take the photo: %s"),
                                                   error->message);

          toast (self, text);
        }
      return;
    }
  adw_avatar_set_custom_image (self->avatar, image);
  toast (self, image != NULL ? _("Photo saved") : _("Photo removed"));
}

static void
file_loaded_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(RdProfilePhotoGroup) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_file_load_bytes_finish (G_FILE (object), result, NULL, &error);
  g_autoptr(GBytes) png = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;

  if (bytes != NULL)
    png = rd_profile_photo_square_png (bytes, RD_PROFILE_PHOTO_SIZE, &error);
  if (png != NULL)
    texture = gdk_texture_new_from_bytes (png, &error);
  if (texture == NULL)
    {
      self->busy--;
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *text = g_strdup_printf (_("Cannot use this picture: %s"), error->message);

          toast (self, text);
        }
      return;
    }
  g_object_set_data_full (G_OBJECT (self), "pending-image", g_steal_pointer (&texture), g_object_unref);
  path = photo_path (self);
  rd_server_session_send_async (self->session, "PUT", path, "image/png", png, self->cancellable,
                                sent_cb, g_object_ref (self));
}

void
rd_profile_photo_group_set_file (RdProfilePhotoGroup *self,
                                 GFile               *file)
{
  g_return_if_fail (RD_IS_PROFILE_PHOTO_GROUP (self));
  g_return_if_fail (self->session != NULL);

  self->busy++;
  g_file_load_bytes_async (file, self->cancellable, file_loaded_cb, g_object_ref (self));
}

void
rd_profile_photo_group_remove (RdProfilePhotoGroup *self)
{
  g_autofree char *path = NULL;

  g_return_if_fail (RD_IS_PROFILE_PHOTO_GROUP (self));
  g_return_if_fail (self->session != NULL);

  g_object_set_data (G_OBJECT (self), "pending-image", NULL);
  path = photo_path (self);
  self->busy++;
  rd_server_session_request_async (self->session, "DELETE", path, NULL, self->cancellable,
                                   sent_cb, g_object_ref (self));
}

static void
chosen_cb (GtkNativeDialog     *chooser,
           int                  response,
           RdProfilePhotoGroup *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      rd_profile_photo_group_set_file (self, file);
    }
  g_object_unref (chooser);
}

static void
choose_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  g_autoptr(GtkFileFilter) images = gtk_file_filter_new ();
  GtkFileChooserNative *chooser;

  gtk_file_filter_set_name (images, _("Pictures"));
  gtk_file_filter_add_pixbuf_formats (images);
  chooser = gtk_file_chooser_native_new (_("Choose a Photo"), GTK_WINDOW (gtk_widget_get_root (widget)),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Choose"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), images);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (chosen_cb), widget, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  rd_profile_photo_group_remove (RD_PROFILE_PHOTO_GROUP (widget));
}

void
rd_profile_photo_group_set_session (RdProfilePhotoGroup *self,
                                    RdServerSession     *session)
{
  gboolean signed_in;

  g_return_if_fail (RD_IS_PROFILE_PHOTO_GROUP (self));

  g_set_object (&self->session, session);
  signed_in = session != NULL && rd_server_session_get_signed_in (session);
  gtk_widget_set_visible (GTK_WIDGET (self), signed_in);
  if (!signed_in)
    return;
  adw_avatar_set_text (self->avatar, rd_server_session_get_username (session));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->photo_row),
                                 rd_server_session_get_username (session));
  rd_profile_photo_show (self->avatar, session, rd_server_session_get_username (session),
                         self->cancellable);
}

gboolean
rd_profile_photo_group_get_busy (RdProfilePhotoGroup *self)
{
  g_return_val_if_fail (RD_IS_PROFILE_PHOTO_GROUP (self), FALSE);
  return self->busy > 0;
}

AdwAvatar *
rd_profile_photo_group_get_avatar (RdProfilePhotoGroup *self)
{
  g_return_val_if_fail (RD_IS_PROFILE_PHOTO_GROUP (self), NULL);
  return self->avatar;
}

static void
rd_profile_photo_group_dispose (GObject *object)
{
  RdProfilePhotoGroup *self = RD_PROFILE_PHOTO_GROUP (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (self), RD_TYPE_PROFILE_PHOTO_GROUP);
  G_OBJECT_CLASS (rd_profile_photo_group_parent_class)->dispose (object);
}

static void
rd_profile_photo_group_finalize (GObject *object)
{
  RdProfilePhotoGroup *self = RD_PROFILE_PHOTO_GROUP (object);

  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (rd_profile_photo_group_parent_class)->finalize (object);
}

static void
rd_profile_photo_group_class_init (RdProfilePhotoGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rd_profile_photo_group_dispose;
  object_class->finalize = rd_profile_photo_group_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/ringdesk/Ringdesk/rd-profile-photo-group.ui");
  gtk_widget_class_bind_template_child (widget_class, RdProfilePhotoGroup, avatar);
  gtk_widget_class_bind_template_child (widget_class, RdProfilePhotoGroup, photo_row);
  gtk_widget_class_install_action (widget_class, "photo.choose", NULL, choose_action);
  gtk_widget_class_install_action (widget_class, "photo.remove", NULL, remove_action);
}

static void
rd_profile_photo_group_init (RdProfilePhotoGroup *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}
