/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gstdio.h>

#include "rd-paths.h"

char *
rd_paths_replica_dir (const char *account)
{
  g_return_val_if_fail (account != NULL && *account != '\0', NULL);

  return g_build_filename (g_get_user_data_dir (), "ringdesk", account, NULL);
}

char *
rd_paths_replica_db (const char *replica_dir)
{
  g_return_val_if_fail (replica_dir != NULL, NULL);

  return g_build_filename (replica_dir, "replica.db", NULL);
}

gboolean
rd_paths_ensure_dir (const char  *dir,
                     GError     **error)
{
  g_return_val_if_fail (dir != NULL, FALSE);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Cannot create folder “%s”: %s", dir, g_strerror (saved_errno));
      return FALSE;
    }

  return TRUE;
}

char *
rd_paths_account_slug (const char *username,
                       const char *server_url)
{
  g_autoptr(GString) slug = g_string_new (NULL);
  const char *host = server_url;

  g_return_val_if_fail (username != NULL && *username != '\0', NULL);

  if (host == NULL || *host == '\0')
    return g_strdup (username);

  if (strstr (host, "://") != NULL)
    host = strstr (host, "://") + 3;

  g_string_append (slug, username);
  g_string_append_c (slug, '@');
  g_string_append (slug, host);

  /* Keep letters, digits and a few separators; everything else becomes '_'. */
  for (gsize i = 0; i < slug->len; i++)
    {
      char c = slug->str[i];

      if (!g_ascii_isalnum (c) && c != '@' && c != '.' && c != '-' && c != '_')
        slug->str[i] = '_';
    }

  return g_string_free (g_steal_pointer (&slug), FALSE);
}
