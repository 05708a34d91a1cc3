/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <curl/curl.h>
#include <glib.h>

G_BEGIN_DECLS

/* The mail servers the server talks to through libcurl (SMTP out, IMAP in): where, who,
 * and how a transfer's outcome reads as an error. Blocking calls; callers run them in a
 * worker thread (g_task_run_in_thread). */

#define RD_MAIL_ERROR (rd_mail_error_quark ())

typedef enum {
  RD_MAIL_ERROR_UNAVAILABLE,  /* not reached, timed out, or a 4xx "try later": retry */
  RD_MAIL_ERROR_REJECTED,     /* refused for good (5xx, wrong credentials): final */
} RdMailError;

GQuark rd_mail_error_quark (void);

typedef struct {
  char  *url;         /* smtp://host:port, smtps://…, imap://host:port/MAILBOX, imaps://… */
  char  *user;        /* NULL: no AUTH */
  char  *password;
  char  *ca_file;     /* trust this CA for TLS, besides the system's; may be NULL */
  guint  timeout;     /* seconds per transfer */
} RdMailServer;

RdMailServer *rd_mail_server_new   (const char         *url,
                                    const char         *user,
                                    const char         *password,
                                    const char         *ca_file);
RdMailServer *rd_mail_server_copy  (const RdMailServer *server);
void          rd_mail_server_free  (RdMailServer       *server);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdMailServer, rd_mail_server_free)

/* TRUE when @url is smtp:// or smtps:// (@smtp), or imap:// or imaps://, with a host. */
gboolean      rd_mail_server_url_is_valid (const char *url,
                                           gboolean    smtp);

/* A new easy handle for @server at @url: credentials, TLS (STARTTLS when the server
 * offers it on a plain URL; required on smtps/imaps), the CA, timeouts, no signals. */
CURL         *rd_mail_curl_new     (const RdMailServer *server,
                                    const char         *url);

/* The GError for @code of a transfer on @curl; @what names the step ("SMTP", "IMAP
 * SEARCH"). Connection trouble and 4xx answers are UNAVAILABLE, 5xx and login refusals
 * REJECTED. */
void          rd_mail_curl_error   (CURL               *curl,
                                    CURLcode            code,
                                    const char         *what,
                                    const char         *detail,
                                    GError            **error);

G_END_DECLS
