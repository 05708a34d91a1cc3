/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rd-server-session.h"

G_BEGIN_DECLS

/* Profile photos (docs/documents.md, "Profile photos"): a picture made into a square PNG of
 * RD_PROFILE_PHOTO_SIZE pixels (the middle of it, scaled) for the server, and avatars that
 * show a colleague's photo, or their initials while there is none. */

#define RD_PROFILE_PHOTO_SIZE 256

/* The middle square of picture @image (any format GdkPixbuf reads), scaled to @size, as
 * PNG; NULL with the loader's error for what is no picture. */
GBytes *rd_profile_photo_square_png (GBytes          *image,
                                     int              size,
                                     GError         **error);

/* Shows @name's photo from the server in @avatar (its text and initials stay as set until
 * the photo arrives, and when there is none). */
void    rd_profile_photo_show       (AdwAvatar       *avatar,
                                     RdServerSession *session,
                                     const char      *name,
                                     GCancellable    *cancellable);

G_END_DECLS
