/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "rd-api.h"
#include "rd-password-pool.h"

G_DEFINE_QUARK (rd-api-error-quark, rd_api_error)

static const struct {
  guint       status;
  const char *name;
} api_errors[] = {
  [RD_API_ERROR_BAD_REQUEST] = { 400, "bad-request" },
  [RD_API_ERROR_UNAUTHORIZED] = { 401, "unauthorized" },
  [RD_API_ERROR_FORBIDDEN] = { 403, "forbidden" },
  [RD_API_ERROR_NOT_FOUND] = { 404, "not-found" },
  [RD_API_ERROR_METHOD_NOT_ALLOWED] = { 405, "method-not-allowed" },
  [RD_API_ERROR_CONFLICT] = { 409, "conflict" },
  [RD_API_ERROR_TOO_LARGE] = { 413, "too-large" },
  [RD_API_ERROR_UNSUPPORTED_MEDIA_TYPE] = { 415, "unsupported-media-type" },
  [RD_API_ERROR_RATE_LIMITED] = { 429, "rate-limited" },
  [RD_API_ERROR_INTERNAL] = { 500, "internal" },
  [RD_API_ERROR_STORAGE_FULL] = { 507, "storage-full" },
};

RdApiRequest *
rd_api_request_new (RdServer          *server,
                    SoupServerMessage *msg,
                    GHashTable        *query)
{
  RdApiRequest *req = g_atomic_rc_box_new0 (RdApiRequest);
  GSocketAddress *remote = soup_server_message_get_remote_address (msg);

  req->server = g_object_ref (server);
  req->msg = g_object_ref (msg);
  req->method = soup_server_message_get_method (msg);
  req->query = query ? g_hash_table_ref (query) : NULL;
  if (G_IS_INET_SOCKET_ADDRESS (remote))
    req->address = g_inet_address_to_string (
      g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (remote)));
  else
    req->address = g_strdup ("unknown");

  return req;
}

RdApiRequest *
rd_api_request_ref (RdApiRequest *req)
{
  return g_atomic_rc_box_acquire (req);
}

static void
request_clear (RdApiRequest *req)
{
  g_clear_object (&req->server);
  g_clear_object (&req->msg);
  g_clear_pointer (&req->params, g_strfreev);
  g_clear_pointer (&req->query, g_hash_table_unref);
  g_clear_pointer (&req->address, g_free);
  g_clear_pointer (&req->caller, rd_user_free);
  g_clear_pointer (&req->token_hash, g_free);
}

void
rd_api_request_unref (RdApiRequest *req)
{
  g_atomic_rc_box_release_full (req, (GDestroyNotify) request_clear);
}

guint
rd_api_error_status (const GError  *error,
                     const char   **name)
{
  RdApiError code = RD_API_ERROR_INTERNAL;

  if (error->domain == RD_API_ERROR && (guint) error->code < G_N_ELEMENTS (api_errors))
    code = error->code;
  else if (error->domain == RD_SERVER_DB_ERROR)
    {
      switch (error->code)
        {
        case RD_SERVER_DB_ERROR_NOT_FOUND:
          code = RD_API_ERROR_NOT_FOUND;
          break;
        case RD_SERVER_DB_ERROR_EXISTS:
          code = RD_API_ERROR_CONFLICT;
          break;
        case RD_SERVER_DB_ERROR_INVALID:
          code = RD_API_ERROR_BAD_REQUEST;
          break;
        default:
          break;
        }
    }
  else if (error->domain == RD_CENTER_ERROR)
    {
      switch (error->code)
        {
        case RD_CENTER_ERROR_NOT_FOUND:
          code = RD_API_ERROR_NOT_FOUND;
          break;
        case RD_CENTER_ERROR_EXISTS:
          code = RD_API_ERROR_CONFLICT;
          break;
        case RD_CENTER_ERROR_INVALID:
          code = RD_API_ERROR_BAD_REQUEST;
          break;
        default:
          break;
        }
    }
  else if (g_error_matches (error, RD_STORE_ERROR, RD_STORE_ERROR_DISK_FULL) ||
           g_error_matches (error, RD_STORE_ERROR, RD_STORE_ERROR_READ_ONLY))
    code = RD_API_ERROR_STORAGE_FULL;
  else if (error->domain == RD_REPORT_ERROR)
    code = error->code == RD_REPORT_ERROR_SQLITE ? RD_API_ERROR_INTERNAL : RD_API_ERROR_BAD_REQUEST;
  else if (error->domain == RD_AGENT_DESK_ERROR)
    code = error->code == RD_AGENT_DESK_ERROR_TOKEN ? RD_API_ERROR_FORBIDDEN : RD_API_ERROR_CONFLICT;
  else if (error->domain == RD_CSV_ERROR || error->domain == JSON_PARSER_ERROR)
    code = RD_API_ERROR_BAD_REQUEST;
  else if (error->domain == RD_PORTAL_ERROR || error->domain == RD_PORTAL_DB_ERROR)
    {
      static const RdApiError portal[] = {
        [RD_PORTAL_ERROR_INVALID] = RD_API_ERROR_BAD_REQUEST,
        [RD_PORTAL_ERROR_NOT_FOUND] = RD_API_ERROR_NOT_FOUND,
        [RD_PORTAL_ERROR_STATE] = RD_API_ERROR_CONFLICT,
        [RD_PORTAL_ERROR_FAILED] = RD_API_ERROR_INTERNAL,
      };
      static const RdApiError portal_db[] = {
        [RD_PORTAL_DB_ERROR_SQLITE] = RD_API_ERROR_INTERNAL,
        [RD_PORTAL_DB_ERROR_NOT_FOUND] = RD_API_ERROR_NOT_FOUND,
        [RD_PORTAL_DB_ERROR_EXISTS] = RD_API_ERROR_CONFLICT,
        [RD_PORTAL_DB_ERROR_STATE] = RD_API_ERROR_CONFLICT,
      };

      if (error->domain == RD_PORTAL_ERROR && (guint) error->code < G_N_ELEMENTS (portal))
        code = portal[error->code];
      else if (error->domain == RD_PORTAL_DB_ERROR && (guint) error->code < G_N_ELEMENTS (portal_db))
        code = portal_db[error->code];
    }

  if (name)
    *name = api_errors[code].name;
  return api_errors[code].status;
}

static void
set_json_body (SoupServerMessage *msg,
               JsonNode          *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  gsize length = 0;
  char *text;

  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, &length);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, text, length);
}

void
rd_api_reply_json (RdApiRequest *req,
                   guint         status,
                   JsonNode     *node)
{
  g_autoptr(JsonNode) owned = node;

  soup_server_message_set_status (req->msg, status, NULL);
  soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                "Cache-Control", "no-store");
  set_json_body (req->msg, owned);
}

void
rd_api_reply_ok (RdApiRequest *req)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "ok");
  json_builder_add_boolean_value (builder, TRUE);
  json_builder_end_object (builder);
  rd_api_reply_json (req, SOUP_STATUS_OK, json_builder_get_root (builder));
}

void
rd_api_reply_error (RdApiRequest *req,
                    const GError *error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (req->msg);
  const char *name = NULL;
  guint status = rd_api_error_status (error, &name);
  const char *message = error->message;

  if (status == SOUP_STATUS_INTERNAL_SERVER_ERROR)
    {
      /* The details are for the operator, not the client. */
      g_warning ("%s %s: %s", req->method,
                 g_uri_get_path (soup_server_message_get_uri (req->msg)), error->message);
      message = "the server could not complete the request; see its log";
    }
  else if (status == 507)
    {
      /* A message, not a warning: nothing is wrong with the server but its disk. */
      g_message ("%s %s: %s", req->method,
                 g_uri_get_path (soup_server_message_get_uri (req->msg)), error->message);
      message = "the server cannot store data now (its disk is full or read-only); "
                "nothing of this request was applied";
    }

  if (status == SOUP_STATUS_UNAUTHORIZED)
    soup_message_headers_replace (headers, "WWW-Authenticate", "Bearer realm=\"ringdesk\"");
  if (status == 429 && req->retry_after > 0)
    {
      g_autofree char *seconds = g_strdup_printf ("%u", req->retry_after);

      soup_message_headers_replace (headers, "Retry-After", seconds);
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_add_string_value (builder, name);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  if (status == 429 && req->retry_after > 0)
    {
      json_builder_set_member_name (builder, "retry_after");
      json_builder_add_int_value (builder, req->retry_after);
    }
  json_builder_end_object (builder);

  rd_api_reply_json (req, status, json_builder_get_root (builder));
}

/* json-glib parses recursively: refuse deep nesting before it can exhaust the
 * stack. Brackets inside strings do not count. */
#define MAX_JSON_DEPTH 64

/* An escaped NUL (\u0000) in a string: json-glib keeps it, and every C string
 * after it is cut there (“admin1\u0000x” would log in as admin1). */
static gboolean
is_escaped_nul (const char *data,
                gsize       length,
                gsize       i)
{
  return i + 5 < length && data[i + 1] == 'u' && data[i + 2] == '0' && data[i + 3] == '0' &&
         data[i + 4] == '0' && data[i + 5] == '0';
}

/* One pass over the text before it is parsed: its nesting and NULs in any string (member
 * names included), for every JSON body the API reads. */
static gboolean
json_text_ok (const char  *data,
              gsize        length,
              GError     **error)
{
  gboolean in_string = FALSE;
  guint depth = 0;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            {
              if (is_escaped_nul (data, length, i))
                {
                  g_set_error (error, RD_API_ERROR, RD_API_ERROR_BAD_REQUEST,
                               "a text in the body contains a NUL character (\\u0000)");
                  return FALSE;
                }
              i++;
            }
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (++depth > MAX_JSON_DEPTH)
            {
              g_set_error (error, RD_API_ERROR, RD_API_ERROR_BAD_REQUEST,
                           "the body nests deeper than %d levels", MAX_JSON_DEPTH);
              return FALSE;
            }
        }
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
    }

  return TRUE;
}

JsonObject *
rd_api_read_object (RdApiRequest  *req,
                    GError       **error)
{
  SoupMessageBody *body = soup_server_message_get_request_body (req->msg);
  const char *content_type;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;
  const char *data;
  gsize length;

  content_type = soup_message_headers_get_content_type (
    soup_server_message_get_request_headers (req->msg), NULL);
  if (content_type == NULL || g_ascii_strcasecmp (content_type, "application/json") != 0)
    {
      g_set_error (error, RD_API_ERROR, RD_API_ERROR_UNSUPPORTED_MEDIA_TYPE,
                   "the body must be application/json, not %s",
                   content_type ? content_type : "missing");
      return NULL;
    }

  bytes = soup_message_body_flatten (body);
  data = g_bytes_get_data (bytes, &length);
  if (length > rd_server_get_body_limit (req->server, req->msg))
    {
      g_set_error (error, RD_API_ERROR, RD_API_ERROR_TOO_LARGE,
                   "the body has %" G_GSIZE_FORMAT " bytes; the limit is %" G_GSIZE_FORMAT,
                   length, rd_server_get_body_limit (req->server, req->msg));
      return NULL;
    }
  if (length == 0)
    {
      g_set_error (error, RD_API_ERROR, RD_API_ERROR_BAD_REQUEST, "the body is empty");
      return NULL;
    }
  if (memchr (data, '\0', length) != NULL || !g_utf8_validate (data, length, NULL))
    {
      g_set_error (error, RD_API_ERROR, RD_API_ERROR_BAD_REQUEST,
                   "the body is not valid UTF-8 text");
      return NULL;
    }

  if (!json_text_ok (data, length, error))
    return NULL;

  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      g_set_error (error, RD_API_ERROR, RD_API_ERROR_BAD_REQUEST,
                   "the body is not valid JSON: %s", local_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, RD_API_ERROR, RD_API_ERROR_BAD_REQUEST,
                   "the body must be a JSON object");
      return NULL;
    }

  return json_object_ref (json_node_get_object (root));
}

gboolean
rd_api_check_members (JsonObject         *object,
                      const char * const *allowed,
                      GError            **error)
{
  JsonObjectIter iter;
  const char *name;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, NULL))
    if (!g_strv_contains (allowed, name))
      {
        g_autofree char *list = g_strjoinv (", ", (char **) allowed);

        g_set_error (error, RD_API_ERROR, RD_API_ERROR_BAD_REQUEST,
                     "unknown member “%s” (expected: %s)", name, list);
        return FALSE;
      }

  return TRUE;
}

gboolean
rd_api_get_string (JsonObject   *object,
                   const char   *member,
                   gboolean      required,
                   const char  **value,
                   GError      **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *value = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (!required)
        return TRUE;
      g_set_error (error, RD_API_ERROR, RD_API_ERROR_BAD_REQUEST,
                   "“%s” is required", member);
      return FALSE;
    }

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, RD_API_ERROR, RD_API_ERROR_BAD_REQUEST,
                   "“%s” must be a string", member);
      return FALSE;
    }

  *value = json_node_get_string (node);
  if (**value == '\0')
    {
      g_set_error (error, RD_API_ERROR, RD_API_ERROR_BAD_REQUEST,
                   "“%s” must not be empty", member);
      return FALSE;
    }

  return TRUE;
}

gboolean
rd_api_get_bool (JsonObject   *object,
                 const char   *member,
                 gboolean     *present,
                 gboolean     *value,
                 GError      **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *present = FALSE;
  if (node == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      g_set_error (error, RD_API_ERROR, RD_API_ERROR_BAD_REQUEST,
                   "“%s” must be true or false", member);
      return FALSE;
    }

  *present = TRUE;
  *value = json_node_get_boolean (node);
  return TRUE;
}

gboolean
rd_api_query_uint64 (RdApiRequest  *req,
                     const char    *name,
                     guint64        fallback,
                     guint64        max,
                     guint64       *value,
                     GError       **error)
{
  const char *text = req->query ? g_hash_table_lookup (req->query, name) : NULL;
  g_autoptr(GError) local_error = NULL;

  if (text == NULL)
    {
      *value = fallback;
      return TRUE;
    }

  if (!g_ascii_string_to_unsigned (text, 10, 0, max, value, &local_error))
    {
      g_set_error (error, RD_API_ERROR, RD_API_ERROR_BAD_REQUEST,
                   "query parameter “%s”: %s", name, local_error->message);
      return FALSE;
    }

  return TRUE;
}

gboolean
rd_api_authenticate (RdApiRequest  *req,
                     GError       **error)
{
  const char *header;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *token_hash = NULL;
  RdUser *user;

  header = soup_message_headers_get_one (soup_server_message_get_request_headers (req->msg),
                                         "Authorization");
  if (header == NULL || g_ascii_strncasecmp (header, "Bearer ", 7) != 0 || header[7] == '\0')
    {
      g_set_error (error, RD_API_ERROR, RD_API_ERROR_UNAUTHORIZED,
                   "this request needs “Authorization: Bearer TOKEN” (POST /api/v1/session)");
      return FALSE;
    }

  token_hash = rd_token_hash (header + 7);
  user = rd_server_db_lookup_session (rd_server_get_db (req->server), token_hash,
                                      g_get_real_time () / G_USEC_PER_SEC, NULL, &local_error);
  if (user == NULL)
    {
      if (g_error_matches (local_error, RD_SERVER_DB_ERROR, RD_SERVER_DB_ERROR_NOT_FOUND))
        g_set_error (error, RD_API_ERROR, RD_API_ERROR_UNAUTHORIZED,
                     "the token is unknown, expired or revoked; log in again");
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  g_clear_pointer (&req->caller, rd_user_free);
  req->caller = user;
  g_free (req->token_hash);
  req->token_hash = g_steal_pointer (&token_hash);
  return TRUE;
}

gboolean
rd_api_require_role (RdApiRequest  *req,
                     guint          roles,
                     const char    *action,
                     GError       **error)
{
  GString *needed;

  g_return_val_if_fail (req->caller != NULL, FALSE);

  if (roles & (1u << req->caller->role))
    return TRUE;

  needed = g_string_new (NULL);
  {
    static const RdRole order[] = { RD_ROLE_ADMIN, RD_ROLE_MANAGER, RD_ROLE_AGENT, RD_ROLE_SUPPORT };

    for (guint i = 0; i < G_N_ELEMENTS (order); i++)
      if (roles & (1u << order[i]))
        g_string_append_printf (needed, "%s%s", needed->len ? " or " : "",
                                rd_role_to_string (order[i]));
  }
  g_set_error (error, RD_API_ERROR, RD_API_ERROR_FORBIDDEN,
               "role %s may not %s (needs %s)", rd_role_to_string (req->caller->role),
               action, needed->str);
  g_string_free (needed, TRUE);
  return FALSE;
}

void
rd_api_audit (RdApiRequest *req,
              const char   *actor,
              const char   *action,
              const char   *target,
              const char   *detail)
{
  g_autoptr(GError) error = NULL;

  if (actor == NULL && req->caller)
    actor = req->caller->name;

  if (!rd_server_db_audit (rd_server_get_db (req->server), actor, action, target,
                           req->address, detail, &error))
    g_warning ("audit log: %s", error->message);
}

char *
rd_api_format_time (gint64 unix_seconds)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (unix_seconds);

  return time ? g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ") : g_strdup ("");
}

JsonNode *
rd_api_user_to_json (const RdUser *user)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *created = rd_api_format_time (user->created);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, user->name);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, user->uuid);
  json_builder_set_member_name (builder, "role");
  json_builder_add_string_value (builder, rd_role_to_string (user->role));
  json_builder_set_member_name (builder, "team");
  if (user->team)
    json_builder_add_string_value (builder, user->team);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "disabled");
  json_builder_add_boolean_value (builder, user->disabled);
  json_builder_set_member_name (builder, "created");
  json_builder_add_string_value (builder, created);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

typedef struct {
  RdApiRequest    *req;
  char            *password;
  char            *current_hash;  /* checked against current first, when set */
  char            *current;
  RdPasswordCost   cost;
  RdApiHashedFunc  func;
  gpointer         user_data;
  GDestroyNotify   destroy;
} HashJob;

static void
hash_job_free (HashJob *job)
{
  if (job->destroy)
    job->destroy (job->user_data);
  if (job->password)
    memset (job->password, 0, strlen (job->password));
  g_free (job->password);
  if (job->current)
    memset (job->current, 0, strlen (job->current));
  g_free (job->current);
  g_free (job->current_hash);
  rd_api_request_unref (job->req);
  g_free (job);
}

static void
hash_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  HashJob *job = task_data;
  GError *error = NULL;
  char *hash;

  if (job->current_hash && !rd_password_verify (job->current_hash, job->current))
    {
      g_task_return_new_error (task, RD_API_ERROR, RD_API_ERROR_FORBIDDEN,
                               "the current password is wrong");
      return;
    }
  hash = rd_password_hash (job->password, &job->cost, &error);

  if (hash)
    g_task_return_pointer (task, hash, g_free);
  else
    g_task_return_error (task, error);
}

static void
hash_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  HashJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = g_task_propagate_pointer (G_TASK (result), &error);

  job->func (job->req, hash, error, job->user_data);
  soup_server_message_unpause (job->req->msg);
}

void
rd_api_hash_password (RdApiRequest    *req,
                      const char      *password,
                      RdApiHashedFunc  func,
                      gpointer         user_data,
                      GDestroyNotify   destroy)
{
  rd_api_hash_password_checked (req, NULL, NULL, password, func, user_data, destroy);
}

void
rd_api_hash_password_checked (RdApiRequest    *req,
                              const char      *current_hash,
                              const char      *current,
                              const char      *password,
                              RdApiHashedFunc  func,
                              gpointer         user_data,
                              GDestroyNotify   destroy)
{
  g_autoptr(GTask) task = g_task_new (req->server, NULL, hash_done_cb, NULL);
  HashJob *job = g_new0 (HashJob, 1);

  job->req = rd_api_request_ref (req);
  job->password = g_strdup (password);
  job->current_hash = g_strdup (current_hash);
  job->current = g_strdup (current);
  job->cost = rd_server_get_options (req->server)->cost;
  job->func = func;
  job->user_data = user_data;
  job->destroy = destroy;

  soup_server_message_pause (req->msg);
  g_task_set_source_tag (task, rd_api_hash_password);
  g_task_set_task_data (task, job, (GDestroyNotify) hash_job_free);
  rd_password_pool_run (task, hash_thread);
}
