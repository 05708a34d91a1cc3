/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "rd-server-session.h"
#include "rd-tls.h"
#include "rd-events-listener.h"

/* The app's session with ringdesk-server: signs in with
 * POST /api/v1/session {"username","password"} → {"token","expires","user"}
 * (docs/api.md) and keeps the bearer token for the sync client. libsoup is
 * asynchronous here: the UI thread never waits on the network. An https
 * server's certificate is checked against the system's CAs, or only against
 * the CA file the user chose (rd_server_session_set_ca_file()); a certificate
 * that fails is refused with RD_TLS_ERROR_UNTRUSTED, never accepted anyway. */

struct _RdServerSession
{
  GObject      parent_instance;

  SoupSession *soup;
  char        *server_url;
  char        *ca_file;
  char        *username;
  char        *role;
  char        *user_id;
  char        *token;
  GDateTime   *expires;
};

enum {
  PROP_0,
  PROP_SERVER_URL,
  PROP_USERNAME,
  PROP_ROLE,
  PROP_SIGNED_IN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (RdServerSession, rd_server_session, G_TYPE_OBJECT)
G_DEFINE_QUARK (rd-server-session-error-quark, rd_server_session_error)

/** Checks what the user typed as a server address and returns it as an
 * http(s) URL without a trailing slash ("example.org:8080" gets "http://"). */
char *
rd_server_session_normalize_url (const char  *text,
                                 GError     **error)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text ? text : ""));
  g_autofree char *with_scheme = NULL;
  g_autoptr(GUri) uri = NULL;
  const char *scheme;
  gsize len;

  if (*stripped == '\0')
    {
      g_set_error_literal (error, RD_SERVER_SESSION_ERROR, RD_SERVER_SESSION_ERROR_BAD_URL,
                           _("Enter the server address"));
      return NULL;
    }

  if (strstr (stripped, "://") == NULL)
    with_scheme = g_strconcat ("http://", stripped, NULL);
  else
    with_scheme = g_steal_pointer (&stripped);

  uri = g_uri_parse (with_scheme, G_URI_FLAGS_NONE, NULL);
  scheme = uri ? g_uri_get_scheme (uri) : NULL;
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0' ||
      (g_strcmp0 (scheme, "http") != 0 && g_strcmp0 (scheme, "https") != 0))
    {
      g_set_error_literal (error, RD_SERVER_SESSION_ERROR, RD_SERVER_SESSION_ERROR_BAD_URL,
                           _("This is not a server address, e.g. https://crm.example.org"));
      return NULL;
    }

  len = strlen (with_scheme);
  while (len > 0 && with_scheme[len - 1] == '/')
    with_scheme[--len] = '\0';
  return g_steal_pointer (&with_scheme);
}

static void
rd_server_session_set_string (RdServerSession *self,
                              char           **field,
                              const char      *value,
                              GParamSpec      *pspec)
{
  if (g_strcmp0 (*field, value) == 0)
    return;

  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), pspec);
}

/* Turns a JSON error body {error, message} (or anything else) into a GError. */
static GError *
error_from_response (guint       status,
                     GBytes     *body)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  const char *message = NULL;
  gsize size = 0;
  const char *data = body ? g_bytes_get_data (body, &size) : NULL;

  if (data != NULL && json_parser_load_from_data (parser, data, size, NULL) &&
      json_parser_get_root (parser) != NULL &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    message = json_object_get_string_member_with_default (json_node_get_object (json_parser_get_root (parser)),
                                                          "message", NULL);

  if (status == SOUP_STATUS_UNAUTHORIZED || status == SOUP_STATUS_FORBIDDEN)
    return g_error_new_literal (RD_SERVER_SESSION_ERROR, RD_SERVER_SESSION_ERROR_BAD_CREDENTIALS,
                                message ? message : _("Wrong user name or password"));

  return g_error_new (RD_SERVER_SESSION_ERROR, RD_SERVER_SESSION_ERROR_SERVER,
                      _("The server answered %u: %s"), status,
                      message ? message : soup_status_get_phrase (status));
}

static gboolean
rd_server_session_take_reply (RdServerSession  *self,
                              GBytes           *body,
                              GError          **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize size = 0;
  const char *data = g_bytes_get_data (body, &size);
  JsonObject *reply, *user_object = NULL;
  JsonNode *user;
  const char *token, *expires, *name = NULL, *role = NULL, *user_id = NULL;

  if (!json_parser_load_from_data (parser, data, size, NULL) ||
      json_parser_get_root (parser) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    goto bad;

  reply = json_node_get_object (json_parser_get_root (parser));
  token = json_object_get_string_member_with_default (reply, "token", NULL);
  expires = json_object_get_string_member_with_default (reply, "expires", NULL);
  if (token == NULL || *token == '\0')
    goto bad;

  /* "user" is an object {name|username, role…} or just the name. */
  user = json_object_get_member (reply, "user");
  if (user != NULL && JSON_NODE_HOLDS_OBJECT (user))
    {
      user_object = json_node_get_object (user);
      name = json_object_get_string_member_with_default (user_object, "username", NULL);
      if (name == NULL)
        name = json_object_get_string_member_with_default (user_object, "name", NULL);
      role = json_object_get_string_member_with_default (user_object, "role", NULL);
      user_id = json_object_get_string_member_with_default (user_object, "id", NULL);
    }
  else if (user != NULL && JSON_NODE_HOLDS_VALUE (user) &&
           json_node_get_value_type (user) == G_TYPE_STRING)
    {
      name = json_node_get_string (user);
    }

  g_free (self->token);
  self->token = g_strdup (token);
  g_free (self->user_id);
  self->user_id = g_strdup (user_id);
  g_clear_pointer (&self->expires, g_date_time_unref);
  if (expires != NULL)
    self->expires = g_date_time_new_from_iso8601 (expires, NULL);
  if (name != NULL)
    rd_server_session_set_string (self, &self->username, name, properties[PROP_USERNAME]);
  rd_server_session_set_string (self, &self->role, role, properties[PROP_ROLE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIGNED_IN]);
  return TRUE;

bad:
  g_set_error_literal (error, RD_SERVER_SESSION_ERROR, RD_SERVER_SESSION_ERROR_PROTOCOL,
                       _("The server sent an answer Ringdesk does not understand"));
  return FALSE;
}

/* One request in flight: the message, and why its server's certificate
 * was refused (if it was). */
typedef struct
{
  SoupMessage          *message;
  GTlsCertificateFlags  tls_errors;
} Request;

static void
request_free (gpointer data)
{
  Request *request = data;

  g_signal_handlers_disconnect_by_data (request->message, request);
  g_clear_object (&request->message);
  g_free (request);
}

static gboolean
accept_certificate_cb (SoupMessage          *message,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       gpointer              user_data)
{
  Request *request = user_data;

  /* Only asked for a certificate that failed validation: note why, refuse. */
  request->tls_errors = errors;
  return FALSE;
}

/* Takes @message into @task's data. */
static void
rd_server_session_track (GTask       *task,
                         SoupMessage *message)
{
  Request *request = g_new0 (Request, 1);

  request->message = message;
  g_signal_connect (message, "accept-certificate", G_CALLBACK (accept_certificate_cb), request);
  g_task_set_task_data (task, request, request_free);
}

/* The error of a request that got no answer: a refused certificate in
 * words, anything else as "cannot reach". */
static void
rd_server_session_return_network_error (RdServerSession *self,
                                        GTask           *task,
                                        GError          *error)
{
  Request *request = g_task_get_task_data (task);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_task_return_error (task, g_error_copy (error));
  else if (request->tls_errors != 0 || g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE))
    {
      g_autofree char *text = rd_tls_describe_untrusted (request->tls_errors, self->ca_file);

      g_debug ("TLS: %s", error->message);
      g_task_return_new_error (task, RD_TLS_ERROR, RD_TLS_ERROR_UNTRUSTED, "%s", text);
    }
  else
    g_task_return_new_error (task, RD_SERVER_SESSION_ERROR, RD_SERVER_SESSION_ERROR_NETWORK,
                             _("Cannot reach the server: %s"), error->message);
}

static void
rd_server_session_send_cb (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RdServerSession *self = g_task_get_source_object (task);
  SoupMessage *message = ((Request *) g_task_get_task_data (task))->message;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  guint status;

  body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (body == NULL)
    {
      rd_server_session_return_network_error (g_task_get_source_object (task), task, error);
      return;
    }

  status = soup_message_get_status (message);
  if (status != SOUP_STATUS_OK && status != SOUP_STATUS_CREATED)
    {
      g_task_return_error (task, error_from_response (status, body));
      return;
    }

  if (!rd_server_session_take_reply (self, body, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/** Signs in as @username; on success the session holds a token. */
void
rd_server_session_sign_in_async (RdServerSession     *self,
                                 const char          *username,
                                 const char          *password,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *url = NULL;
  g_autofree char *json = NULL;
  g_autoptr(GBytes) request = NULL;
  SoupMessage *message;

  g_return_if_fail (RD_IS_SERVER_SESSION (self));
  g_return_if_fail (username != NULL && password != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rd_server_session_sign_in_async);

  url = g_strconcat (self->server_url, "/api/v1/session", NULL);
  message = soup_message_new (SOUP_METHOD_POST, url);
  if (message == NULL)
    {
      g_task_return_new_error (task, RD_SERVER_SESSION_ERROR, RD_SERVER_SESSION_ERROR_BAD_URL,
                               _("This is not a server address, e.g. https://crm.example.org"));
      return;
    }
  rd_server_session_track (task, message);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "username");
  json_builder_add_string_value (builder, username);
  json_builder_set_member_name (builder, "password");
  json_builder_add_string_value (builder, password);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json = json_generator_to_data (generator, NULL);
  request = g_bytes_new (json, strlen (json));

  rd_server_session_set_string (self, &self->username, username, properties[PROP_USERNAME]);
  soup_message_set_request_body_from_bytes (message, "application/json", request);
  soup_message_headers_replace (soup_message_get_request_headers (message), "Accept", "application/json");
  soup_session_send_and_read_async (self->soup, message, G_PRIORITY_DEFAULT, cancellable,
                                    rd_server_session_send_cb, g_steal_pointer (&task));
}

gboolean
rd_server_session_sign_in_finish (RdServerSession  *self,
                                  GAsyncResult     *result,
                                  GError          **error)
{
  g_return_val_if_fail (RD_IS_SERVER_SESSION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --- authenticated JSON calls --------------------------------------------------- */

static void
rd_server_session_request_cb (GObject      *object,
                              GAsyncResult *result,
                              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SoupMessage *message = ((Request *) g_task_get_task_data (task))->message;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  guint status;
  gsize size = 0;
  const char *data;

  body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (body == NULL)
    {
      rd_server_session_return_network_error (g_task_get_source_object (task), task, error);
      return;
    }

  status = soup_message_get_status (message);
  if (status < 200 || status >= 300)
    {
      g_task_return_error (task, error_from_response (status, body));
      return;
    }

  data = g_bytes_get_data (body, &size);
  if (size == 0)
    {
      g_task_return_pointer (task, json_node_new (JSON_NODE_NULL), (GDestroyNotify) json_node_unref);
      return;
    }
  if (!json_parser_load_from_data (parser, data, size, NULL))
    {
      g_task_return_new_error (task, RD_SERVER_SESSION_ERROR, RD_SERVER_SESSION_ERROR_PROTOCOL,
                               _("The server sent an answer Ringdesk does not understand"));
      return;
    }
  g_task_return_pointer (task, json_node_copy (json_parser_get_root (parser)),
                         (GDestroyNotify) json_node_unref);
}

/** Calls @method @path (under /api/v1/) with the session's token and
 * @json_body (or NULL); finishes with the JSON answer. */
void
rd_server_session_request_async (RdServerSession     *self,
                                 const char          *method,
                                 const char          *path,
                                 const char          *json_body,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GBytes) bytes = json_body != NULL ? g_bytes_new (json_body, strlen (json_body)) : NULL;

  rd_server_session_send_async (self, method, path, "application/json", bytes,
                                cancellable, callback, user_data);
}

/** Calls @method @path (under /api/v1/) with the session's token and @body
 * (or NULL) of @content_type ("text/csv"); finishes with the JSON answer
 * (rd_server_session_request_finish()). */
void
rd_server_session_send_async (RdServerSession     *self,
                              const char          *method,
                              const char          *path,
                              const char          *content_type,
                              GBytes              *body,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *url = NULL;
  g_autofree char *authorization = NULL;
  SoupMessage *message;

  g_return_if_fail (RD_IS_SERVER_SESSION (self));
  g_return_if_fail (method != NULL && path != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rd_server_session_send_async);

  if (self->token == NULL)
    {
      g_task_return_new_error (task, RD_SERVER_SESSION_ERROR, RD_SERVER_SESSION_ERROR_BAD_CREDENTIALS,
                               _("Not signed in"));
      return;
    }

  url = g_strconcat (self->server_url, "/api/v1/", path, NULL);
  message = soup_message_new (method, url);
  if (message == NULL)
    {
      g_task_return_new_error (task, RD_SERVER_SESSION_ERROR, RD_SERVER_SESSION_ERROR_BAD_URL,
                               _("This is not a server address, e.g. https://crm.example.org"));
      return;
    }
  rd_server_session_track (task, message);
  authorization = g_strconcat ("Bearer ", self->token, NULL);
  soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization", authorization);
  soup_message_headers_replace (soup_message_get_request_headers (message), "Accept", "application/json");
  if (body != NULL)
    soup_message_set_request_body_from_bytes (message, content_type, body);
  soup_session_send_and_read_async (self->soup, message, G_PRIORITY_DEFAULT, cancellable,
                                    rd_server_session_request_cb, g_steal_pointer (&task));
}

static void
rd_server_session_fetch_cb (GObject      *object,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SoupMessage *message = ((Request *) g_task_get_task_data (task))->message;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  guint status;

  body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (body == NULL)
    {
      rd_server_session_return_network_error (g_task_get_source_object (task), task, error);
      return;
    }
  status = soup_message_get_status (message);
  if (status < 200 || status >= 300)
    {
      g_task_return_error (task, error_from_response (status, body));
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&body), (GDestroyNotify) g_bytes_unref);
}

/** GETs @path (under /api/v1/) with the session's token and finishes with the body as it
 * came (a CSV, a recording): rd_server_session_fetch_finish(). */
void
rd_server_session_fetch_async (RdServerSession     *self,
                               const char          *path,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *url = NULL;
  g_autofree char *authorization = NULL;
  SoupMessage *message;

  g_return_if_fail (RD_IS_SERVER_SESSION (self));
  g_return_if_fail (path != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rd_server_session_fetch_async);
  url = g_strconcat (self->server_url, "/api/v1/", path, NULL);
  message = self->token != NULL ? soup_message_new (SOUP_METHOD_GET, url) : NULL;
  if (message == NULL)
    {
      g_task_return_new_error (task, RD_SERVER_SESSION_ERROR, RD_SERVER_SESSION_ERROR_BAD_CREDENTIALS,
                               _("Not signed in"));
      return;
    }
  rd_server_session_track (task, message);
  authorization = g_strconcat ("Bearer ", self->token, NULL);
  soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization", authorization);
  soup_session_send_and_read_async (self->soup, message, G_PRIORITY_DEFAULT, cancellable,
                                    rd_server_session_fetch_cb, g_steal_pointer (&task));
}

/** The body of rd_server_session_fetch_async() (free with g_bytes_unref). */
GBytes *
rd_server_session_fetch_finish (RdServerSession  *self,
                                GAsyncResult     *result,
                                GError          **error)
{
  g_return_val_if_fail (RD_IS_SERVER_SESSION (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/** The JSON answer of rd_server_session_request_async() (free with json_node_unref). */
JsonNode *
rd_server_session_request_finish (RdServerSession  *self,
                                  GAsyncResult     *result,
                                  GError          **error)
{
  g_return_val_if_fail (RD_IS_SERVER_SESSION (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
rd_server_session_finalize (GObject *object)
{
  RdServerSession *self = RD_SERVER_SESSION (object);

  g_clear_object (&self->soup);
  g_clear_pointer (&self->server_url, g_free);
  g_clear_pointer (&self->ca_file, g_free);
  g_clear_pointer (&self->username, g_free);
  g_clear_pointer (&self->role, g_free);
  g_clear_pointer (&self->user_id, g_free);
  g_clear_pointer (&self->token, g_free);
  g_clear_pointer (&self->expires, g_date_time_unref);

  G_OBJECT_CLASS (rd_server_session_parent_class)->finalize (object);
}

static void
rd_server_session_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  RdServerSession *self = RD_SERVER_SESSION (object);

  switch (prop_id)
    {
    case PROP_SERVER_URL:
      g_value_set_string (value, self->server_url);
      break;
    case PROP_USERNAME:
      g_value_set_string (value, self->username);
      break;
    case PROP_ROLE:
      g_value_set_string (value, self->role);
      break;
    case PROP_SIGNED_IN:
      g_value_set_boolean (value, self->token != NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rd_server_session_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  RdServerSession *self = RD_SERVER_SESSION (object);

  switch (prop_id)
    {
    case PROP_SERVER_URL:
      self->server_url = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rd_server_session_class_init (RdServerSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rd_server_session_finalize;
  object_class->get_property = rd_server_session_get_property;
  object_class->set_property = rd_server_session_set_property;

  properties[PROP_SERVER_URL] =
    g_param_spec_string ("server-url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_USERNAME] =
    g_param_spec_string ("username", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ROLE] =
    g_param_spec_string ("role", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SIGNED_IN] =
    g_param_spec_boolean ("signed-in", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rd_server_session_init (RdServerSession *self)
{
  self->soup = soup_session_new_with_options ("timeout", 30,
                                              "user-agent", "Ringdesk/" PACKAGE_VERSION,
                                              NULL);
}

/** Makes a session with the server at @server_url (see
 * rd_server_session_normalize_url()); not signed in yet. */
RdServerSession *
rd_server_session_new (const char *server_url)
{
  g_return_val_if_fail (server_url != NULL, NULL);

  return g_object_new (RD_TYPE_SERVER_SESSION, "server-url", server_url, NULL);
}

/** Checks the server's certificate against the CA certificates in @ca_file
 * only (a private CA), or against the system's with NULL or "". FALSE, and
 * the session unchanged, when the file cannot be used. */
gboolean
rd_server_session_set_ca_file (RdServerSession  *self,
                               const char       *ca_file,
                               GError          **error)
{
  g_autoptr(GTlsDatabase) database = NULL;

  g_return_val_if_fail (RD_IS_SERVER_SESSION (self), FALSE);

  if (ca_file != NULL && *ca_file == '\0')
    ca_file = NULL;
  if (ca_file != NULL)
    database = rd_tls_load_ca_file (ca_file, error);
  else
    database = g_tls_backend_get_default_database (g_tls_backend_get_default ());
  if (ca_file != NULL && database == NULL)
    return FALSE;

  soup_session_set_tls_database (self->soup, database);
  g_free (self->ca_file);
  self->ca_file = ca_file ? g_canonicalize_filename (ca_file, NULL) : NULL;
  return TRUE;
}

/** The CA file the server's certificate is checked against, or NULL for the
 * system's CAs. */
const char *
rd_server_session_get_ca_file (RdServerSession *self)
{
  g_return_val_if_fail (RD_IS_SERVER_SESSION (self), NULL);
  return self->ca_file;
}

const char *
rd_server_session_get_server_url (RdServerSession *self)
{
  g_return_val_if_fail (RD_IS_SERVER_SESSION (self), NULL);
  return self->server_url;
}

const char *
rd_server_session_get_username (RdServerSession *self)
{
  g_return_val_if_fail (RD_IS_SERVER_SESSION (self), NULL);
  return self->username;
}

/** The signed-in user's role ("admin", "manager", "agent", "support"), if the server said. */
const char *
rd_server_session_get_role (RdServerSession *self)
{
  g_return_val_if_fail (RD_IS_SERVER_SESSION (self), NULL);
  return self->role;
}

/** The signed-in user's id (the owner of the records they create), or NULL. */
const char *
rd_server_session_get_user_id (RdServerSession *self)
{
  g_return_val_if_fail (RD_IS_SERVER_SESSION (self), NULL);
  return self->user_id;
}

/** The bearer token, or NULL before sign-in. */
const char *
rd_server_session_get_token (RdServerSession *self)
{
  g_return_val_if_fail (RD_IS_SERVER_SESSION (self), NULL);
  return self->token;
}

GDateTime *
rd_server_session_get_expires (RdServerSession *self)
{
  g_return_val_if_fail (RD_IS_SERVER_SESSION (self), NULL);
  return self->expires;
}

gboolean
rd_server_session_get_signed_in (RdServerSession *self)
{
  g_return_val_if_fail (RD_IS_SERVER_SESSION (self), FALSE);
  return self->token != NULL;
}

/** A listener of the server's events WebSocket signed in as this session, checking the
 * server against the session's CA file (for windows that watch live boards). Idle until
 * started; NULL when not signed in. */
RdEventsListener *
rd_server_session_new_events_listener (RdServerSession *self)
{
  RdEventsListener *listener;

  g_return_val_if_fail (RD_IS_SERVER_SESSION (self), NULL);
  if (self->token == NULL)
    return NULL;
  listener = rd_events_listener_new (self->server_url, self->token);
  if (self->ca_file != NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GTlsDatabase) database = rd_tls_load_ca_file (self->ca_file, &error);

      if (database != NULL)
        rd_events_listener_set_tls_database (listener, database);
      else
        g_warning ("%s", error->message);
    }
  return listener;
}
