/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "rd-server-session.h"

G_BEGIN_DECLS

#define RD_TYPE_USERS_PAGE (rd_users_page_get_type ())

G_DECLARE_FINAL_TYPE (RdUsersPage, rd_users_page, RD, USERS_PAGE, GtkWidget)

GtkWidget *rd_users_page_new          (void);
void       rd_users_page_set_session  (RdUsersPage     *self,
                                       RdServerSession *session);
void       rd_users_page_reload       (RdUsersPage     *self);
gboolean   rd_users_page_get_busy     (RdUsersPage     *self);
guint      rd_users_page_get_n_users  (RdUsersPage     *self);
guint      rd_users_page_get_n_signups (RdUsersPage    *self);
void       rd_users_page_set_role     (RdUsersPage     *self,
                                       const char      *name,
                                       const char      *role);
void       rd_users_page_set_disabled (RdUsersPage     *self,
                                       const char      *name,
                                       gboolean         disabled);
void       rd_users_page_approve      (RdUsersPage     *self,
                                       const char      *name,
                                       const char      *role);
void       rd_users_page_add_user     (RdUsersPage     *self,
                                       const char      *name,
                                       const char      *password,
                                       const char      *role);

G_END_DECLS
