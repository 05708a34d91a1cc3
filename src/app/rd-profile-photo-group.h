/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rd-server-session.h"

G_BEGIN_DECLS

/* The Profile Photo group of Preferences: the signed-in user's avatar, Choose Photo… (any
 * picture, made a 256-pixel square PNG) and Remove; hidden when not signed in. */

#define RD_TYPE_PROFILE_PHOTO_GROUP (rd_profile_photo_group_get_type ())
G_DECLARE_FINAL_TYPE (RdProfilePhotoGroup, rd_profile_photo_group, RD, PROFILE_PHOTO_GROUP,
                      AdwPreferencesGroup)

void       rd_profile_photo_group_set_session (RdProfilePhotoGroup *self,
                                               RdServerSession     *session);
/* Makes @file the user's photo, as the file chooser does. */
void       rd_profile_photo_group_set_file    (RdProfilePhotoGroup *self,
                                               GFile               *file);
void       rd_profile_photo_group_remove      (RdProfilePhotoGroup *self);
gboolean   rd_profile_photo_group_get_busy    (RdProfilePhotoGroup *self);
AdwAvatar *rd_profile_photo_group_get_avatar  (RdProfilePhotoGroup *self);

G_END_DECLS
