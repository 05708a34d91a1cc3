/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "rd-mail-curl.h"

G_DEFINE_QUARK (rd-mail-error-quark, rd_mail_error)

static void
ensure_curl (void)
{
  static gsize once = 0;

  if (g_once_init_enter (&once))
    {
      curl_global_init (CURL_GLOBAL_DEFAULT);
      g_once_init_leave (&once, 1);
    }
}

RdMailServer *
rd_mail_server_new (const char *url,
                    const char *user,
                    const char *password,
                    const char *ca_file)
{
  RdMailServer *server = g_new0 (RdMailServer, 1);

  server->url = g_strdup (url);
  server->user = g_strdup (user);
  server->password = g_strdup (password);
  server->ca_file = g_strdup (ca_file);
  server->timeout = 30;
  return server;
}

RdMailServer *
rd_mail_server_copy (const RdMailServer *server)
{
  RdMailServer *copy = rd_mail_server_new (server->url, server->user, server->password,
                                           server->ca_file);

  copy->timeout = server->timeout;
  return copy;
}

void
rd_mail_server_free (RdMailServer *server)
{
  if (server == NULL)
    return;
  g_free (server->url);
  g_free (server->user);
  if (server->password != NULL)
    memset (server->password, 0, strlen (server->password));
  g_free (server->password);
  g_free (server->ca_file);
  g_free (server);
}

gboolean
rd_mail_server_url_is_valid (const char *url,
                             gboolean    smtp)
{
  g_autoptr(GUri) uri = url ? g_uri_parse (url, G_URI_FLAGS_NONE, NULL) : NULL;
  const char *scheme = uri ? g_uri_get_scheme (uri) : NULL;

  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0' ||
      g_uri_get_userinfo (uri) != NULL)
    return FALSE;
  if (smtp)
    return g_strcmp0 (scheme, "smtp") == 0 || g_strcmp0 (scheme, "smtps") == 0;
  return g_strcmp0 (scheme, "imap") == 0 || g_strcmp0 (scheme, "imaps") == 0;
}

CURL *
rd_mail_curl_new (const RdMailServer *server,
                  const char         *url)
{
  CURL *curl;

  ensure_curl ();
  curl = curl_easy_init ();
  curl_easy_setopt (curl, CURLOPT_URL, url);
  curl_easy_setopt (curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (curl, CURLOPT_CONNECTTIMEOUT, 10L);
  curl_easy_setopt (curl, CURLOPT_TIMEOUT, (long) server->timeout);
  /* STARTTLS whenever the server offers it; smtps:// and imaps:// are TLS from the start. */
  curl_easy_setopt (curl, CURLOPT_USE_SSL, (long) CURLUSESSL_TRY);
  if (server->ca_file != NULL)
    curl_easy_setopt (curl, CURLOPT_CAINFO, server->ca_file);
  if (server->user != NULL)
    {
      curl_easy_setopt (curl, CURLOPT_USERNAME, server->user);
      curl_easy_setopt (curl, CURLOPT_PASSWORD, server->password ? server->password : "");
    }
  return curl;
}

void
rd_mail_curl_error (CURL        *curl,
                    CURLcode     code,
                    const char  *what,
                    const char  *detail,
                    GError     **error)
{
  long response = 0;
  gboolean final;

  curl_easy_getinfo (curl, CURLINFO_RESPONSE_CODE, &response);
  final = code == CURLE_LOGIN_DENIED || response >= 500 ||
          code == CURLE_REMOTE_ACCESS_DENIED || code == CURLE_URL_MALFORMAT;
  if (response == 421)   /* "service not available, closing": try later */
    final = FALSE;
  if (response > 0)
    g_set_error (error, RD_MAIL_ERROR, final ? RD_MAIL_ERROR_REJECTED : RD_MAIL_ERROR_UNAVAILABLE,
                 "%s: %s, the server answered %ld%s%s", what, curl_easy_strerror (code),
                 response, detail && *detail ? ": " : "", detail ? detail : "");
  else
    g_set_error (error, RD_MAIL_ERROR, final ? RD_MAIL_ERROR_REJECTED : RD_MAIL_ERROR_UNAVAILABLE,
                 "%s: %s%s%s", what, curl_easy_strerror (code),
                 detail && *detail ? ": " : "", detail ? detail : "");
}
