/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The server's certificate authority, chosen by the user for a server whose
 * https certificate is signed by a private CA (docs/deploy.md): loading the
 * CA file, and words for a certificate that is not trusted. Validation is
 * never turned off: without a CA file the system's CAs decide. Not a
 * GObject: two functions and an error domain. */

#define RD_TLS_ERROR (rd_tls_error_quark ())

typedef enum
{
  RD_TLS_ERROR_CA_FILE,        /* the CA file cannot be read or holds no certificate */
  RD_TLS_ERROR_UNTRUSTED,      /* the server's certificate failed validation */
} RdTlsError;

GQuark        rd_tls_error_quark           (void);
GTlsDatabase *rd_tls_load_ca_file          (const char           *path,
                                            GError              **error);
char         *rd_tls_describe_untrusted    (GTlsCertificateFlags  errors,
                                            const char           *ca_file);

G_END_DECLS
