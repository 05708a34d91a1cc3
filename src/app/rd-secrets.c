/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>

#include "rd-secrets.h"

static const SecretSchema *
rd_secrets_schema (void)
{
  static const SecretSchema schema = {
    APP_ID ".Password", SECRET_SCHEMA_NONE,
    {
      { "kind", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "user", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };

  return &schema;
}

static const char *
kind_name (RdSecretKind kind)
{
  return kind == RD_SECRET_SIP ? "sip" : "account";
}

/** Stores @password for (@kind, @server, @user), replacing an older one. */
void
rd_secrets_store_async (RdSecretKind         kind,
                        const char          *server,
                        const char          *user,
                        const char          *password,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autofree char *label = NULL;

  if (kind == RD_SECRET_SIP)
    label = g_strdup_printf (_("Ringdesk SIP password for %s@%s"), user, server);
  else
    label = g_strdup_printf (_("Ringdesk password for %s on %s"), user, server);

  secret_password_store (rd_secrets_schema (), SECRET_COLLECTION_DEFAULT, label, password,
                         cancellable, callback, user_data,
                         "kind", kind_name (kind), "server", server, "user", user,
                         NULL);
}

gboolean
rd_secrets_store_finish (GAsyncResult  *result,
                         GError       **error)
{
  return secret_password_store_finish (result, error);
}

/** Looks up the password for (@kind, @server, @user); finishes with NULL and
 * no error when there is none. */
void
rd_secrets_lookup_async (RdSecretKind         kind,
                         const char          *server,
                         const char          *user,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  secret_password_lookup (rd_secrets_schema (), cancellable, callback, user_data,
                          "kind", kind_name (kind), "server", server, "user", user,
                          NULL);
}

char *
rd_secrets_lookup_finish (GAsyncResult  *result,
                          GError       **error)
{
  char *secret = secret_password_lookup_finish (result, error);
  char *copy = g_strdup (secret);

  secret_password_free (secret);
  return copy;
}

/** Forgets the password for (@kind, @server, @user). */
void
rd_secrets_clear_async (RdSecretKind         kind,
                        const char          *server,
                        const char          *user,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  secret_password_clear (rd_secrets_schema (), cancellable, callback, user_data,
                         "kind", kind_name (kind), "server", server, "user", user,
                         NULL);
}

gboolean
rd_secrets_clear_finish (GAsyncResult  *result,
                         GError       **error)
{
  return secret_password_clear_finish (result, error);
}
