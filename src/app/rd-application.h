/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define RD_TYPE_APPLICATION (rd_application_get_type ())

G_DECLARE_FINAL_TYPE (RdApplication, rd_application, RD, APPLICATION, AdwApplication)

RdApplication *rd_application_new             (void);

/* The replica folder this instance works on (--replica, or the account's default). */
const char    *rd_application_get_replica_dir (RdApplication *self);

/* The server URL (--server, or the "server-url" setting); NULL when working offline. */
const char    *rd_application_get_server_url  (RdApplication *self);

gboolean       rd_application_get_offline     (RdApplication *self);
void           rd_application_set_account     (RdApplication *self,
                                               const char    *server_url,
                                               const char    *username);
void           rd_application_set_offline     (RdApplication *self);
GSettings     *rd_application_get_settings    (RdApplication *self);

G_END_DECLS
