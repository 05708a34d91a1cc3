/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include "rd-test-server.h"

static const char * const cheap_cost[] = {
  "--pwhash-ops", "1", "--pwhash-mem", "8",
};

/* If the test dies on an assertion, the server goes with it. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static void
spawn (RdTestServer *server)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  /* A restart keeps the port, so that clients find the server again. */
  g_autofree char *listen_arg = g_strdup_printf ("127.0.0.1:%u", server->port);
  g_autofree char *line = NULL;
  /* The uninstalled build: the phone zone table from the source tree. */
  g_autofree char *zones = g_build_filename (g_getenv ("RD_TEST_SOURCE_DIR"), "data",
                                             "phone-timezones.tsv", NULL);
  const char *port_text;
  gboolean https;

  g_ptr_array_add (argv, (char *) RD_TEST_SERVER_BIN);
  g_ptr_array_add (argv, (char *) "--phone-zones");
  g_ptr_array_add (argv, zones);
  g_ptr_array_add (argv, (char *) "--data-dir");
  g_ptr_array_add (argv, server->data_dir);
  g_ptr_array_add (argv, (char *) "--listen");
  g_ptr_array_add (argv, listen_arg);
  for (guint i = 0; i < G_N_ELEMENTS (cheap_cost); i++)
    g_ptr_array_add (argv, (char *) cheap_cost[i]);
  for (guint i = 0; i < server->extra_args->len; i++)
    g_ptr_array_add (argv, g_ptr_array_index (server->extra_args, i));
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  if (!server->fatal_warnings)
    g_subprocess_launcher_unsetenv (launcher, "G_DEBUG");
  server->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata,
                                                  &error);
  g_assert_no_error (error);

  /* The first line names the port; EOF (a crash) ends the read too. */
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server->process));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  https = g_str_has_prefix (line, "listening on https://127.0.0.1:");
  g_assert_true (https || g_str_has_prefix (line, "listening on http://127.0.0.1:"));
  port_text = strrchr (line, ':') + 1;
  server->port = atoi (port_text);
  g_assert_cmpuint (server->port, >, 0);
  g_free (server->base_url);
  server->base_url = g_strdup_printf ("%s://127.0.0.1:%u", https ? "https" : "http",
                                      server->port);
}

RdTestServer *
rd_test_server_new (const char * const *extra_args)
{
  return rd_test_server_new_full (extra_args, TRUE);
}

RdTestServer *
rd_test_server_new_full (const char * const *extra_args,
                         gboolean            fatal_warnings)
{
  RdTestServer *server = g_new0 (RdTestServer, 1);
  g_autoptr(GError) error = NULL;

  server->fatal_warnings = fatal_warnings;
  server->data_dir = g_dir_make_tmp ("rd-test-server-XXXXXX", &error);
  g_assert_no_error (error);
  server->extra_args = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; extra_args && extra_args[i]; i++)
    g_ptr_array_add (server->extra_args, g_strdup (extra_args[i]));
  server->session = soup_session_new_with_options ("timeout", 30, NULL);

  spawn (server);
  return server;
}

void
rd_test_server_start (RdTestServer *server)
{
  g_assert_null (server->process);
  spawn (server);
}

static void
stop (RdTestServer *server,
      int           signum)
{
  g_autoptr(GError) error = NULL;

  if (server->process == NULL)
    return;

  g_subprocess_send_signal (server->process, signum);
  g_subprocess_wait (server->process, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&server->process);
  /* Connections to the old process are dead. */
  soup_session_abort (server->session);
}

void
rd_test_server_stop (RdTestServer *server)
{
  stop (server, SIGTERM);
}

void
rd_test_server_kill (RdTestServer *server)
{
  stop (server, SIGKILL);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

void
rd_test_server_free (RdTestServer *server)
{
  stop (server, SIGTERM);
  remove_tree (server->data_dir);
  g_free (server->data_dir);
  g_free (server->base_url);
  g_clear_object (&server->session);
  g_ptr_array_unref (server->extra_args);
  g_free (server);
}

int
rd_test_server_admin (RdTestServer  *server,
                      const char    *input,
                      char         **out,
                      ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stdout_text = NULL;
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (char *) RD_TEST_SERVER_BIN);
  g_ptr_array_add (argv, (char *) "--data-dir");
  g_ptr_array_add (argv, server->data_dir);
  for (guint i = 0; i < G_N_ELEMENTS (cheap_cost); i++)
    g_ptr_array_add (argv, (char *) cheap_cost[i]);
  va_start (args, out);
  while ((arg = va_arg (args, const char *)))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                               &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, input ? input : "", NULL, &stdout_text, NULL, &error);
  g_assert_no_error (error);
  if (out)
    *out = g_steal_pointer (&stdout_text);

  return g_subprocess_get_exit_status (process);
}

void
rd_test_server_add_user (RdTestServer *server,
                         const char   *name,
                         const char   *role,
                         const char   *team,
                         const char   *password)
{
  g_autofree char *input = g_strdup_printf ("%s\n", password);
  int status;

  if (team)
    status = rd_test_server_admin (server, input, NULL, "user", "add", name, "--role", role,
                                   "--team", team, NULL);
  else
    status = rd_test_server_admin (server, input, NULL, "user", "add", name, "--role", role,
                                   NULL);
  g_assert_cmpint (status, ==, 0);
}

void
rd_test_response_free (RdTestResponse *response)
{
  if (response == NULL)
    return;
  g_clear_pointer (&response->body, json_node_unref);
  g_free (response->text);
  g_free (response->retry_after);
  g_free (response->content_type);
  g_free (response);
}

RdTestResponse *
rd_test_request (RdTestServer *server,
                 const char   *method,
                 const char   *path,
                 const char   *token,
                 const char   *content_type,
                 const char   *body,
                 gssize        body_length)
{
  g_autofree char *url = g_strconcat (server->base_url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  SoupMessageHeaders *headers;
  RdTestResponse *response;
  const char *data;
  gsize length;

  g_assert_nonnull (msg);
  headers = soup_message_get_request_headers (msg);
  if (token)
    {
      g_autofree char *value = g_strdup_printf ("Bearer %s", token);

      soup_message_headers_replace (headers, "Authorization", value);
    }
  if (body)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, body_length < 0 ? strlen (body)
                                                                   : (gsize) body_length);

      soup_message_set_request_body_from_bytes (msg, content_type, bytes);
    }
  else if (content_type)
    soup_message_headers_replace (headers, "Content-Type", content_type);

  reply = soup_session_send_and_read (server->session, msg, NULL, &error);
  g_assert_no_error (error);

  response = g_new0 (RdTestResponse, 1);
  response->status = soup_message_get_status (msg);
  data = g_bytes_get_data (reply, &length);
  response->text = g_strndup (data ? data : "", length);
  response->retry_after = g_strdup (soup_message_headers_get_one (
    soup_message_get_response_headers (msg), "Retry-After"));
  response->content_type = g_strdup (soup_message_headers_get_content_type (
    soup_message_get_response_headers (msg), NULL));
  if (length > 0 && json_parser_load_from_data (parser, response->text, -1, NULL))
    response->body = json_node_copy (json_parser_get_root (parser));

  return response;
}

RdTestResponse *
rd_test_request_json (RdTestServer *server,
                      const char   *method,
                      const char   *path,
                      const char   *token,
                      const char   *json)
{
  return rd_test_request (server, method, path, token,
                          json ? "application/json" : NULL, json, -1);
}

const char *
rd_test_response_string (const RdTestResponse *response,
                         const char           *member)
{
  JsonObject *object;

  if (response->body == NULL || !JSON_NODE_HOLDS_OBJECT (response->body))
    return NULL;
  object = json_node_get_object (response->body);
  if (!json_object_has_member (object, member))
    return NULL;
  return json_object_get_string_member_with_default (object, member, NULL);
}

char *
rd_test_login (RdTestServer *server,
               const char   *name,
               const char   *password)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *body = NULL;
  g_autoptr(RdTestResponse) response = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "username");
  json_builder_add_string_value (builder, name);
  json_builder_set_member_name (builder, "password");
  json_builder_add_string_value (builder, password);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  body = json_to_string (root, FALSE);

  response = rd_test_request_json (server, "POST", "/api/v1/session", NULL, body);
  if (response->status != 200)
    g_error ("login of %s: %u %s", name, response->status, response->text);
  g_assert_nonnull (rd_test_response_string (response, "token"));

  return g_strdup (rd_test_response_string (response, "token"));
}

void
rd_test_assert_error_impl (const char           *where,
                           const RdTestResponse *response,
                           guint                 status,
                           const char           *error)
{
  const char *name = rd_test_response_string (response, "error");
  const char *message = rd_test_response_string (response, "message");

  if (response->status != status || g_strcmp0 (name, error) != 0 || message == NULL ||
      *message == '\0' || g_strcmp0 (response->content_type, "application/json") != 0)
    g_error ("%s: expected %u %s, got %u %s: %s", where, status, error, response->status,
             response->content_type ? response->content_type : "(no type)", response->text);
}

char *
rd_test_server_raw (RdTestServer *server,
                    const char   *request,
                    gsize         length)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GByteArray) reply = g_byte_array_new ();
  GInputStream *in;
  guint8 buffer[4096];
  gssize n;

  g_socket_client_set_timeout (client, 10);
  connection = g_socket_client_connect_to_host (client, "127.0.0.1", server->port, NULL, &error);
  g_assert_no_error (error);

  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                             request, length, NULL, NULL, &error);
  g_assert_no_error (error);
  g_socket_shutdown (g_socket_connection_get_socket (connection), FALSE, TRUE, NULL);

  in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  while ((n = g_input_stream_read (in, buffer, sizeof buffer, NULL, NULL)) > 0)
    g_byte_array_append (reply, buffer, n);
  g_byte_array_append (reply, (const guint8 *) "", 1);

  return (char *) g_byte_array_free (g_steal_pointer (&reply), FALSE);
}

RdTestReplica *
rd_test_replica_new (RdTestServer *server,
                     const char   *user,
                     const char   *password)
{
  RdTestReplica *replica = g_new0 (RdTestReplica, 1);
  g_autoptr(GError) error = NULL;

  replica->dir = g_dir_make_tmp ("rd-test-replica-XXXXXX", &error);
  g_assert_no_error (error);
  replica->store = rd_store_open_dir (replica->dir, &error);
  g_assert_no_error (error);
  replica->client = rd_sync_client_new (replica->store, server->base_url, &error);
  g_assert_no_error (error);
  rd_sync_client_login (replica->client, user, password, NULL, &error);
  g_assert_no_error (error);

  return replica;
}

void
rd_test_replica_free (RdTestReplica *replica)
{
  g_autoptr(GDir) dir = g_dir_open (replica->dir, 0, NULL);
  const char *name;

  g_clear_object (&replica->client);
  g_clear_object (&replica->store);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (replica->dir, name, NULL);

      g_unlink (child);
    }
  g_rmdir (replica->dir);
  g_free (replica->dir);
  g_free (replica);
}
