/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "rd-tls.h"

/* A CA file is a few kilobytes (a whole system bundle some hundreds): a
 * bigger file is not one, and is not read whole to find out. */
#define CA_FILE_MAX_BYTES (4 * 1024 * 1024)

G_DEFINE_QUARK (rd-tls-error-quark, rd_tls_error)

/** Loads the CA certificates (PEM) in @path as the only ones a server's
 * certificate is checked against; a clear error when the file cannot be
 * read or holds no certificate (GIO would take such a file as an empty
 * list and refuse every server without saying why). */
GTlsDatabase *
rd_tls_load_ca_file (const char  *path,
                     GError     **error)
{
  g_autofree char *absolute = NULL;
  g_autofree char *display = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GError) local = NULL;
  g_autolist(GTlsCertificate) certificates = NULL;
  GStatBuf st;
  GTlsDatabase *database;

  g_return_val_if_fail (path != NULL && *path != '\0', NULL);

  /* GIO wants an absolute path for a trust file. */
  absolute = g_canonicalize_filename (path, NULL);
  display = g_filename_display_name (absolute);
  name = g_filename_display_basename (absolute);

  if (!g_tls_backend_supports_tls (g_tls_backend_get_default ()))
    {
      g_set_error_literal (error, RD_TLS_ERROR, RD_TLS_ERROR_CA_FILE,
                           _("This system has no TLS support (install glib-networking)"));
      return NULL;
    }
  if (g_stat (absolute, &st) != 0 || !S_ISREG (st.st_mode))
    {
      g_set_error (error, RD_TLS_ERROR, RD_TLS_ERROR_CA_FILE,
                   _("Cannot read the certificate authority file %s"), display);
      return NULL;
    }
  if (st.st_size > CA_FILE_MAX_BYTES)
    {
      g_set_error (error, RD_TLS_ERROR, RD_TLS_ERROR_CA_FILE,
                   _("%s is not a certificate file (PEM)"), name);
      return NULL;
    }

  certificates = g_tls_certificate_list_new_from_file (absolute, &local);
  if (local != NULL)
    {
      g_set_error (error, RD_TLS_ERROR, RD_TLS_ERROR_CA_FILE,
                   _("Cannot read the certificate authority file %s: %s"), display, local->message);
      return NULL;
    }
  if (certificates == NULL)
    {
      g_set_error (error, RD_TLS_ERROR, RD_TLS_ERROR_CA_FILE,
                   _("%s is not a certificate file (PEM)"), name);
      return NULL;
    }

  database = g_tls_file_database_new (absolute, &local);
  if (database == NULL)
    {
      g_set_error (error, RD_TLS_ERROR, RD_TLS_ERROR_CA_FILE,
                   _("Cannot read the certificate authority file %s: %s"), display, local->message);
      return NULL;
    }
  return database;
}

/** Says why the server's certificate is not trusted (@errors from the
 * handshake, 0 when unknown) and what the user can do about it. */
char *
rd_tls_describe_untrusted (GTlsCertificateFlags  errors,
                           const char           *ca_file)
{
  static const struct {
    GTlsCertificateFlags flag;
    const char          *text;
  } reasons[] = {
    { G_TLS_CERTIFICATE_UNKNOWN_CA, N_("it is signed by an unknown certificate authority") },
    { G_TLS_CERTIFICATE_BAD_IDENTITY, N_("it was issued for another server name") },
    { G_TLS_CERTIFICATE_NOT_ACTIVATED, N_("it is not valid yet (check the clock)") },
    { G_TLS_CERTIFICATE_EXPIRED, N_("it has expired") },
    { G_TLS_CERTIFICATE_REVOKED, N_("it has been revoked") },
    { G_TLS_CERTIFICATE_INSECURE, N_("it uses an insecure algorithm") },
    { G_TLS_CERTIFICATE_GENERIC_ERROR, N_("it could not be checked") },
  };
  g_autoptr(GString) text = g_string_new (_("The server’s certificate is not trusted"));
  gboolean first = TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (reasons); i++)
    if (errors & reasons[i].flag)
      {
        g_string_append (text, first ? ": " : "; ");
        g_string_append (text, _(reasons[i].text));
        first = FALSE;
      }
  g_string_append (text, ".");

  /* An unknown authority is what a private CA looks like: point at the choice. */
  if (errors == 0 || (errors & G_TLS_CERTIFICATE_UNKNOWN_CA) != 0)
    {
      g_string_append_c (text, ' ');
      if (ca_file != NULL && *ca_file != '\0')
        {
          g_autofree char *name = g_filename_display_basename (ca_file);

          g_string_append_printf (text, _("It was checked against %s: choose your server’s own certificate under “Certificate Authority”."),
                                  name);
        }
      else
        {
          g_string_append (text, _("If your server uses a private certificate authority, choose its certificate under “Certificate Authority”."));
        }
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}
