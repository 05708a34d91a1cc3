/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A small blocking HTTP/1.1 client on GSocketClient, for RdSyncClient: core
 * may not use libsoup, and sync runs off the UI thread anyway. One connection
 * per request (Connection: close), Content-Length request bodies, responses
 * with Content-Length, chunked encoding or read to EOF. Plain http only: put
 * TLS in front of the server with a proxy on the same host, or extend this
 * with GTlsClientConnection. */

#define RD_HTTP_ERROR (rd_http_error_quark ())

typedef enum {
  RD_HTTP_ERROR_URL,        /* not an http://HOST:PORT URL */
  RD_HTTP_ERROR_PROTOCOL,   /* the peer did not speak HTTP/1.x as expected */
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
