/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Passwords in the user's keyring (libsecret): the account password for a
 * server, and the SIP password of the softphone. Not a GObject: a schema and
 * four thin calls. */

typedef enum
{
  RD_SECRET_ACCOUNT,   /* sign-in password for (server URL, user name) */
  RD_SECRET_SIP,       /* SIP password for (SIP domain, SIP user) */
} RdSecretKind;

void      rd_secrets_store_async   (RdSecretKind         kind,
                                    const char          *server,
                                    const char          *user,
                                    const char          *password,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data);
gboolean  rd_secrets_store_finish  (GAsyncResult        *result,
                                    GError             **error);
void      rd_secrets_lookup_async  (RdSecretKind         kind,
                                    const char          *server,
                                    const char          *user,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data);
char     *rd_secrets_lookup_finish (GAsyncResult        *result,
                                    GError             **error);
void      rd_secrets_clear_async   (RdSecretKind         kind,
                                    const char          *server,
                                    const char          *user,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data);
gboolean  rd_secrets_clear_finish  (GAsyncResult        *result,
                                    GError             **error);

G_END_DECLS
