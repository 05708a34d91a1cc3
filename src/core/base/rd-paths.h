/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The account name used for a replica that works offline, with no server. */
#define RD_LOCAL_ACCOUNT "local"

/* $XDG_DATA_HOME/ringdesk/<account>: where an account's replica lives. */
char     *rd_paths_replica_dir       (const char *account);

/* DIR/replica.db */
char     *rd_paths_replica_db        (const char *replica_dir);

/* Creates DIR (mode 0700) and its parents; FALSE with @error when it cannot. */
gboolean  rd_paths_ensure_dir        (const char *dir,
                                      GError    **error);

/* Turns "user@https://crm.example.com:8443" style names into a safe folder name. */
char     *rd_paths_account_slug      (const char *username,
                                      const char *server_url);

G_END_DECLS
