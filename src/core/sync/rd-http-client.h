/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A small blocking HTTP/1.1 client on GSocketClient, for RdSyncClient: core
 * may not use libsoup, and sync runs off the UI thread anyway. http:// and
 * https:// (GIO's TLS, i.e. glib-networking); one kept-alive connection reused
 * between requests (a request that finds it closed by the server is sent once
 * more on a new one), Content-Length request bodies, responses with
 * Content-Length, chunked encoding or read to EOF. */

#define RD_HTTP_ERROR (rd_http_error_quark ())

typedef enum {
  RD_HTTP_ERROR_URL,        /* not an http://HOST:PORT URL */
  RD_HTTP_ERROR_PROTOCOL,   /* the peer did not speak HTTP/1.x as expected */
  RD_HTTP_ERROR_TLS,        /* no TLS support, or the server's certificate is not trusted */
  RD_HTTP_ERROR_CA_FILE,    /* the --ca-file could not be read */
} RdHttpError;

GQuark rd_http_error_quark (void);

#define RD_TYPE_HTTP_CLIENT (rd_http_client_get_type ())
G_DECLARE_FINAL_TYPE (RdHttpClient, rd_http_client, RD, HTTP_CLIENT, GObject)

/* Called with each complete body line (without the newline); FALSE stops. */
typedef gboolean (*RdHttpLineFunc) (const char  *line,
                                    gsize        length,
                                    gpointer     user_data,
                                    GError     **error);

RdHttpClient *rd_http_client_new       (const char    *base_url,
                                        GError       **error);
const char   *rd_http_client_get_url   (RdHttpClient  *self);
/* The bearer token sent with every request (NULL: none). */
void          rd_http_client_set_token (RdHttpClient  *self,
                                        const char    *token);
/* Seconds to wait for the connection and for each read (default 30). */
void          rd_http_client_set_timeout (RdHttpClient *self,
                                          guint         seconds);

/* Trusts the CA certificates (PEM) in @ca_file for https, instead of the
 * system's, e.g. a self-signed server's own certificate. NULL: the system's. */
gboolean      rd_http_client_set_ca_file (RdHttpClient *self,
                                          const char   *ca_file,
                                          GError      **error);
const char   *rd_http_client_get_ca_file (RdHttpClient *self);
/* Keep the connection open between requests (default TRUE). */
void          rd_http_client_set_keep_alive (RdHttpClient *self,
                                             gboolean      keep_alive);
/* Connections opened so far (for tests and benchmarks). */
guint         rd_http_client_get_connection_count (RdHttpClient *self);
/* Closes the kept-alive connection, if any. */
void          rd_http_client_close (RdHttpClient *self);

/* Sends one request; returns the status and the whole body in @body. */
guint         rd_http_client_request   (RdHttpClient  *self,
                                        const char    *method,
                                        const char    *path,
                                        const char    *content_type,
                                        GBytes        *request_body,
                                        GBytes       **body,
                                        GCancellable  *cancellable,
                                        GError       **error);
/* Sends a GET and hands a 2xx body to @func line by line (NDJSON); other
 * statuses put their body in @error_body. Returns the status, 0 on error. */
guint         rd_http_client_get_lines (RdHttpClient  *self,
                                        const char    *path,
                                        RdHttpLineFunc func,
                                        gpointer       user_data,
                                        GBytes       **error_body,
                                        GCancellable  *cancellable,
                                        GError       **error);

G_END_DECLS
