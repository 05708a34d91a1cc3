/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>

#include "rd-http-client.h"

#define MAX_HEADER_LINE 8192
#define MAX_HEADERS 100
#define MAX_BODY ((gsize) 512 * 1024 * 1024)

struct _RdHttpClient
{
  GObject  parent_instance;

  char    *url;
  char    *host;
  guint16  port;
  char    *prefix;    /* path of the base URL without the trailing slash */
  char    *token;
  guint    timeout;
  gboolean tls;
  gboolean keep_alive;

  char              *ca_file;
  GTlsDatabase      *ca_database;
  GSocketClient     *client;
  GSocketConnection *connection;   /* kept alive between requests, or NULL */
  GDataInputStream  *in;           /* reads @connection */
  guint              connections;
  GTlsCertificateFlags tls_errors; /* of the last refused handshake */
};

G_DEFINE_FINAL_TYPE (RdHttpClient, rd_http_client, G_TYPE_OBJECT)
G_DEFINE_QUARK (rd-http-error-quark, rd_http_error)

static void
rd_http_client_finalize (GObject *object)
{
  RdHttpClient *self = (RdHttpClient *) object;

  g_free (self->url);
  g_free (self->host);
  g_free (self->prefix);
  g_free (self->token);
  g_free (self->ca_file);
  rd_http_client_close (self);
  g_clear_object (&self->ca_database);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (rd_http_client_parent_class)->finalize (object);
}

static void
rd_http_client_class_init (RdHttpClientClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rd_http_client_finalize;
}

static void
rd_http_client_init (RdHttpClient *self)
{
  self->timeout = 30;
  self->keep_alive = TRUE;
}

RdHttpClient *
rd_http_client_new (const char  *base_url,
                    GError     **error)
{
  g_autoptr(RdHttpClient) self = NULL;
  g_autoptr(GUri) uri = NULL;
  const char *path;

  gboolean tls;

  uri = g_uri_parse (base_url, G_URI_FLAGS_NONE, NULL);
  tls = uri && g_strcmp0 (g_uri_get_scheme (uri), "https") == 0;
  if (uri == NULL || (!tls && g_strcmp0 (g_uri_get_scheme (uri), "http") != 0) ||
      g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      g_set_error (error, RD_HTTP_ERROR, RD_HTTP_ERROR_URL,
                   "“%s” is not a server URL like http://127.0.0.1:8470 or "
                   "https://sync.example.com", base_url);
      return NULL;
    }
  if (tls && !g_tls_backend_supports_tls (g_tls_backend_get_default ()))
    {
      g_set_error (error, RD_HTTP_ERROR, RD_HTTP_ERROR_TLS,
                   "https is not available: GIO has no TLS backend (install glib-networking)");
      return NULL;
    }

  self = g_object_new (RD_TYPE_HTTP_CLIENT, NULL);
  self->url = g_strdup (base_url);
  self->tls = tls;
  self->host = g_strdup (g_uri_get_host (uri));
  self->port = g_uri_get_port (uri) > 0 ? g_uri_get_port (uri) : (tls ? 443 : 80);
  path = g_uri_get_path (uri);
  self->prefix = g_strdup (path ? path : "");
  if (g_str_has_suffix (self->prefix, "/"))
    self->prefix[strlen (self->prefix) - 1] = '\0';

  return g_steal_pointer (&self);
}

const char *
rd_http_client_get_url (RdHttpClient *self)
{
  g_return_val_if_fail (RD_IS_HTTP_CLIENT (self), NULL);
  return self->url;
}

void
rd_http_client_set_token (RdHttpClient *self,
                          const char   *token)
{
  g_return_if_fail (RD_IS_HTTP_CLIENT (self));
  g_free (self->token);
  self->token = g_strdup (token);
}

void
rd_http_client_set_timeout (RdHttpClient *self,
                            guint         seconds)
{
  g_return_if_fail (RD_IS_HTTP_CLIENT (self));
  self->timeout = seconds;
}

gboolean
rd_http_client_set_ca_file (RdHttpClient  *self,
                            const char    *ca_file,
                            GError       **error)
{
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(GError) local = NULL;

  g_return_val_if_fail (RD_IS_HTTP_CLIENT (self), FALSE);

  if (ca_file)
    {
      if (!g_tls_backend_supports_tls (g_tls_backend_get_default ()))
        {
          g_set_error (error, RD_HTTP_ERROR, RD_HTTP_ERROR_TLS,
                       "a CA file needs TLS, and GIO has none (install glib-networking)");
          return FALSE;
        }
      database = g_tls_file_database_new (ca_file, &local);
      if (database == NULL)
        {
          g_set_error (error, RD_HTTP_ERROR, RD_HTTP_ERROR_CA_FILE,
                       "cannot use the CA file %s: %s", ca_file, local->message);
          return FALSE;
        }
    }

  rd_http_client_close (self);
  g_clear_object (&self->client);
  g_set_object (&self->ca_database, database);
  g_free (self->ca_file);
  self->ca_file = g_strdup (ca_file);
  return TRUE;
}

const char *
rd_http_client_get_ca_file (RdHttpClient *self)
{
  g_return_val_if_fail (RD_IS_HTTP_CLIENT (self), NULL);
  return self->ca_file;
}

void
rd_http_client_set_keep_alive (RdHttpClient *self,
                               gboolean      keep_alive)
{
  g_return_if_fail (RD_IS_HTTP_CLIENT (self));
  self->keep_alive = keep_alive;
  if (!keep_alive)
    rd_http_client_close (self);
}

guint
rd_http_client_get_connection_count (RdHttpClient *self)
{
  g_return_val_if_fail (RD_IS_HTTP_CLIENT (self), 0);
  return self->connections;
}

void
rd_http_client_close (RdHttpClient *self)
{
  g_return_if_fail (RD_IS_HTTP_CLIENT (self));

  g_clear_object (&self->in);
  if (self->connection)
    g_io_stream_close (G_IO_STREAM (self->connection), NULL, NULL);
  g_clear_object (&self->connection);
}

/* ---- connecting ------------------------------------------------------------ */

static gboolean
accept_certificate_cb (GTlsConnection       *connection,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       RdHttpClient         *self)
{
  /* Only called for a certificate that failed validation: note why, refuse. */
  self->tls_errors = errors;
  return FALSE;
}

static void
client_event_cb (GSocketClient      *client,
                 GSocketClientEvent  event,
                 GSocketConnectable *connectable,
                 GIOStream          *connection,
                 RdHttpClient       *self)
{
  if (event != G_SOCKET_CLIENT_TLS_HANDSHAKING || !G_IS_TLS_CLIENT_CONNECTION (connection))
    return;

  if (self->ca_database)
    g_tls_connection_set_database (G_TLS_CONNECTION (connection), self->ca_database);
  g_signal_connect_object (connection, "accept-certificate",
                           G_CALLBACK (accept_certificate_cb), self, 0);
}

/* A certificate error in words: what is wrong and what to do. */
static void
set_certificate_error (RdHttpClient  *self,
                       GError       **error)
{
  static const struct {
    GTlsCertificateFlags flag;
    const char          *text;
  } reasons[] = {
    { G_TLS_CERTIFICATE_UNKNOWN_CA, "it is signed by an unknown authority (a self-signed "
                                    "server? trust its CA certificate with --ca-file FILE)" },
    { G_TLS_CERTIFICATE_BAD_IDENTITY, "it was issued for another host name" },
    { G_TLS_CERTIFICATE_NOT_ACTIVATED, "it is not valid yet (check the clocks)" },
    { G_TLS_CERTIFICATE_EXPIRED, "it has expired" },
    { G_TLS_CERTIFICATE_REVOKED, "it has been revoked" },
    { G_TLS_CERTIFICATE_INSECURE, "it uses an insecure algorithm" },
    { G_TLS_CERTIFICATE_GENERIC_ERROR, "it could not be checked" },
  };
  g_autoptr(GString) why = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (reasons); i++)
    if (self->tls_errors & reasons[i].flag)
      g_string_append_printf (why, "%s%s", why->len ? "; " : "", reasons[i].text);

  g_set_error (error, RD_HTTP_ERROR, RD_HTTP_ERROR_TLS,
               "the TLS certificate of %s:%u is not trusted: %s%s%s", self->host, self->port,
               why->str, self->ca_file ? " — checked against the CA file " : "",
               self->ca_file ? self->ca_file : "");
}

static gboolean
ensure_connection (RdHttpClient  *self,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autoptr(GError) local = NULL;

  if (self->connection)
    return TRUE;

  if (self->client == NULL)
    {
      self->client = g_socket_client_new ();
      g_socket_client_set_tls (self->client, self->tls);
      g_signal_connect_object (self->client, "event", G_CALLBACK (client_event_cb), self, 0);
    }
  g_socket_client_set_timeout (self->client, self->timeout);

  self->tls_errors = 0;
  self->connection = g_socket_client_connect_to_host (self->client, self->host, self->port,
                                                      cancellable, &local);
  if (self->connection == NULL)
    {
      if (self->tls && self->tls_errors != 0)
        set_certificate_error (self, error);
      else if (self->tls && local->domain == G_TLS_ERROR)
        g_set_error (error, RD_HTTP_ERROR, RD_HTTP_ERROR_TLS,
                     "TLS with %s:%u failed: %s (is it an https server?)", self->host,
                     self->port, local->message);
      else
        g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  self->connections++;
  /* Requests are written whole and answers awaited: Nagle would hold a
   * request behind the peer's delayed ACK of the last segment (40 ms). */
  g_socket_set_option (g_socket_connection_get_socket (self->connection), IPPROTO_TCP,
                       TCP_NODELAY, 1, NULL);

  self->in = g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (self->connection)));
  g_data_input_stream_set_newline_type (self->in, G_DATA_STREAM_NEWLINE_TYPE_LF);
  g_buffered_input_stream_set_buffer_size (G_BUFFERED_INPUT_STREAM (self->in), 65536);
  return TRUE;
}

/* ---- response reading ---------------------------------------------------- */

typedef gboolean (*BodyFunc) (const guint8 *data,
                              gsize         length,
                              gpointer      user_data,
                              GError      **error);

static gboolean
protocol_error (GError    **error,
                const char *what)
{
  g_set_error (error, RD_HTTP_ERROR, RD_HTTP_ERROR_PROTOCOL,
               "the server’s answer is not valid HTTP (%s)", what);
  return FALSE;
}

static char *
read_line (GDataInputStream  *in,
           GCancellable      *cancellable,
           GError           **error)
{
  gsize length = 0;
  char *line = g_data_input_stream_read_line (in, &length, cancellable, error);

  if (line == NULL)
    {
      if (error && *error == NULL)
        protocol_error (error, "the connection closed early");
      return NULL;
    }
  if (length > MAX_HEADER_LINE)
    {
      g_free (line);
      protocol_error (error, "a line is too long");
      return NULL;
    }
  if (length > 0 && line[length - 1] == '\r')
    line[length - 1] = '\0';

  return line;
}

static gboolean
read_exact (GDataInputStream  *in,
            gsize              length,
            BodyFunc           func,
            gpointer           user_data,
            GCancellable      *cancellable,
            GError           **error)
{
  guint8 buffer[16384];

  while (length > 0)
    {
      gsize want = MIN (length, sizeof buffer);
      gsize got = 0;

      if (!g_input_stream_read_all (G_INPUT_STREAM (in), buffer, want, &got, cancellable, error))
        return FALSE;
      if (got < want)
        return protocol_error (error, "the body is shorter than announced");
      if (!func (buffer, got, user_data, error))
        return FALSE;
      length -= got;
    }

  return TRUE;
}

static gboolean
read_to_eof (GDataInputStream  *in,
             BodyFunc           func,
             gpointer           user_data,
             GCancellable      *cancellable,
             GError           **error)
{
  guint8 buffer[16384];
  gssize got;

  while ((got = g_input_stream_read (G_INPUT_STREAM (in), buffer, sizeof buffer,
                                     cancellable, error)) > 0)
    if (!func (buffer, got, user_data, error))
      return FALSE;

  return got == 0;
}

static gboolean
read_chunked (GDataInputStream  *in,
              BodyFunc           func,
              gpointer           user_data,
              GCancellable      *cancellable,
              GError           **error)
{
  for (;;)
    {
      g_autofree char *line = read_line (in, cancellable, error);
      guint64 size;
      char *end = NULL;

      if (line == NULL)
        return FALSE;
      size = g_ascii_strtoull (line, &end, 16);
      if (end == line || size > MAX_BODY)
        return protocol_error (error, "a bad chunk size");
      if (size == 0)
        {
          /* Trailers, then the empty line. */
          for (guint i = 0; i < MAX_HEADERS; i++)
            {
              g_autofree char *trailer = read_line (in, cancellable, error);

              if (trailer == NULL)
                return FALSE;
              if (*trailer == '\0')
                return TRUE;
            }
          return protocol_error (error, "too many trailers");
        }
      if (!read_exact (in, size, func, user_data, cancellable, error))
        return FALSE;
      {
        g_autofree char *crlf = read_line (in, cancellable, error);

        if (crlf == NULL)
          return FALSE;
        if (*crlf != '\0')
          return protocol_error (error, "a chunk without its CRLF");
      }
    }
}

/* Writes the request and reads the status line. A kept-alive connection the
 * server has closed meanwhile fails here: the request goes once more on a new
 * connection (every request of the protocol may be repeated: pushes are
 * idempotent). */
static char *
send_request (RdHttpClient  *self,
              const char    *head,
              gsize          head_length,
              GBytes        *request_body,
              GCancellable  *cancellable,
              GError       **error)
{
  for (guint attempt = 0; ; attempt++)
    {
      g_autoptr(GError) local = NULL;
      gboolean reused = self->connection != NULL;
      char *status_line = NULL;
      GOutputStream *out;

      if (!ensure_connection (self, cancellable, error))
        return NULL;
      g_socket_set_timeout (g_socket_connection_get_socket (self->connection), self->timeout);

      out = g_io_stream_get_output_stream (G_IO_STREAM (self->connection));
      if (g_output_stream_write_all (out, head, head_length, NULL, cancellable, &local) &&
          (request_body == NULL ||
           g_output_stream_write_all (out, g_bytes_get_data (request_body, NULL),
                                      g_bytes_get_size (request_body), NULL, cancellable,
                                      &local)))
        status_line = read_line (self->in, cancellable, &local);
      if (status_line)
        return status_line;

      rd_http_client_close (self);
      if (!reused || attempt > 0 ||
          g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
          g_error_matches (local, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return NULL;
        }
    }
}

static guint
exchange (RdHttpClient   *self,
          const char     *method,
          const char     *path,
          const char     *content_type,
          GBytes         *request_body,
          BodyFunc        ok_func,
          gpointer        ok_data,
          BodyFunc        other_func,
          gpointer        other_data,
          GCancellable   *cancellable,
          GError        **error)
{
  g_autoptr(GString) head = g_string_new (NULL);
  g_autofree char *status_line = NULL;
  gboolean chunked = FALSE, have_length = FALSE, keep;
  guint64 content_length = 0;
  guint status;
  BodyFunc func;
  gpointer data;
  GDataInputStream *in;

  g_string_append_printf (head, "%s %s%s HTTP/1.1\r\nHost: %s:%u\r\n%s"
                                "Accept: application/json\r\nUser-Agent: libringdesk\r\n",
                          method, self->prefix, path, self->host, self->port,
                          self->keep_alive ? "" : "Connection: close\r\n");
  if (self->token)
    g_string_append_printf (head, "Authorization: Bearer %s\r\n", self->token);
  if (request_body)
    g_string_append_printf (head, "Content-Type: %s\r\nContent-Length: %" G_GSIZE_FORMAT "\r\n",
                            content_type ? content_type : "application/json",
                            g_bytes_get_size (request_body));
  g_string_append (head, "\r\n");

  status_line = send_request (self, head->str, head->len, request_body, cancellable, error);
  if (status_line == NULL)
    return 0;
  in = self->in;
  /* "HTTP/1.x DDD": three digits from 100 on, so that 0 stays the failure (with @error). */
  if (!g_str_has_prefix (status_line, "HTTP/1.") || strlen (status_line) < 12 ||
      status_line[8] != ' ' || !g_ascii_isdigit (status_line[9]) ||
      !g_ascii_isdigit (status_line[10]) || !g_ascii_isdigit (status_line[11]) ||
      (status_line[12] != '\0' && status_line[12] != ' ') || status_line[9] == '0')
    {
      rd_http_client_close (self);
      protocol_error (error, "no status line");
      return 0;
    }
  status = (guint) g_ascii_strtoull (status_line + 9, NULL, 10);
  /* HTTP/1.0 closes unless told otherwise; we never ask it to stay. */
  keep = self->keep_alive && status_line[7] == '1';

  for (guint i = 0; ; i++)
    {
      g_autofree char *line = NULL;
      char *colon;

      if (i > MAX_HEADERS)
        {
          rd_http_client_close (self);
          protocol_error (error, "too many headers");
          return 0;
        }
      line = read_line (in, cancellable, error);
      if (line == NULL)
        {
          rd_http_client_close (self);
          return 0;
        }
      if (*line == '\0')
        break;
      colon = strchr (line, ':');
      if (colon == NULL)
        continue;
      *colon = '\0';
      g_strstrip (colon + 1);
      if (g_ascii_strcasecmp (line, "Transfer-Encoding") == 0 &&
          g_ascii_strcasecmp (colon + 1, "chunked") == 0)
        chunked = TRUE;
      else if (g_ascii_strcasecmp (line, "Connection") == 0 &&
               g_ascii_strcasecmp (colon + 1, "close") == 0)
        keep = FALSE;
      else if (g_ascii_strcasecmp (line, "Content-Length") == 0)
        {
          if (!g_ascii_string_to_unsigned (colon + 1, 10, 0, MAX_BODY, &content_length, NULL))
            {
              rd_http_client_close (self);
              protocol_error (error, "a bad Content-Length");
              return 0;
            }
          have_length = TRUE;
        }
    }

  func = status / 100 == 2 ? ok_func : other_func;
  data = status / 100 == 2 ? ok_data : other_data;
  if (g_str_equal (method, "HEAD") || status == 204 || status == 304)
    ;
  else if (chunked)
    {
      if (!read_chunked (in, func, data, cancellable, error))
        {
          keep = FALSE;
          status = 0;
        }
    }
  else if (have_length)
    {
      if (!read_exact (in, content_length, func, data, cancellable, error))
        {
          keep = FALSE;
          status = 0;
        }
    }
  else
    {
      keep = FALSE;
      if (!read_to_eof (in, func, data, cancellable, error))
        status = 0;
    }

  if (!keep)
    rd_http_client_close (self);
  return status;
}

static gboolean
collect_cb (const guint8  *data,
            gsize          length,
            gpointer       user_data,
            GError       **error)
{
  GByteArray *array = user_data;

  if (array->len + length > MAX_BODY)
    return protocol_error (error, "the body is too large");
  g_byte_array_append (array, data, length);
  return TRUE;
}

guint
rd_http_client_request (RdHttpClient  *self,
                        const char    *method,
                        const char    *path,
                        const char    *content_type,
                        GBytes        *request_body,
                        GBytes       **body,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autoptr(GByteArray) array = g_byte_array_new ();
  guint status;

  g_return_val_if_fail (RD_IS_HTTP_CLIENT (self), 0);

  status = exchange (self, method, path, content_type, request_body, collect_cb, array,
                     collect_cb, array, cancellable, error);
  if (status != 0 && body)
    *body = g_byte_array_free_to_bytes (g_steal_pointer (&array));
  return status;
}

typedef struct {
  GByteArray     *pending;
  RdHttpLineFunc  func;
  gpointer        user_data;
} LineSplitter;

static gboolean
split_lines_cb (const guint8  *data,
                gsize          length,
                gpointer       user_data,
                GError       **error)
{
  LineSplitter *splitter = user_data;
  gsize start = 0;

  for (gsize i = 0; i < length; i++)
    {
      if (data[i] != '\n')
        continue;
      if (splitter->pending->len > 0)
        {
          g_byte_array_append (splitter->pending, data + start, i - start);
          g_byte_array_append (splitter->pending, (const guint8 *) "", 1);
          if (!splitter->func ((const char *) splitter->pending->data,
                               splitter->pending->len - 1, splitter->user_data, error))
            return FALSE;
          g_byte_array_set_size (splitter->pending, 0);
        }
      else
        {
          g_autofree char *line = g_strndup ((const char *) data + start, i - start);

          if (!splitter->func (line, i - start, splitter->user_data, error))
            return FALSE;
        }
      start = i + 1;
    }

  if (start < length)
    {
      if (splitter->pending->len + (length - start) > MAX_HEADER_LINE * 1024)
        return protocol_error (error, "a body line is too long");
      g_byte_array_append (splitter->pending, data + start, length - start);
    }

  return TRUE;
}

guint
rd_http_client_get_lines (RdHttpClient   *self,
                          const char     *path,
                          RdHttpLineFunc  func,
                          gpointer        user_data,
                          GBytes        **error_body,
                          GCancellable   *cancellable,
                          GError        **error)
{
  g_autoptr(GByteArray) pending = g_byte_array_new ();
  g_autoptr(GByteArray) other = g_byte_array_new ();
  LineSplitter splitter = { pending, func, user_data };
  guint status;

  g_return_val_if_fail (RD_IS_HTTP_CLIENT (self), 0);

  status = exchange (self, "GET", path, NULL, NULL, split_lines_cb, &splitter,
                     collect_cb, other, cancellable, error);
  if (status / 100 == 2 && pending->len > 0)
    {
      g_byte_array_append (pending, (const guint8 *) "", 1);
      if (!func ((const char *) pending->data, pending->len - 1, user_data, error))
        return 0;
    }
  if (status != 0 && error_body)
    *error_body = g_byte_array_free_to_bytes (g_steal_pointer (&other));
  return status;
}
