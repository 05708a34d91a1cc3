/* SPDX-License-Identifier: GPL-3.0-or-later */
/* /api/v1/queues: managers (and admins) create, edit and delete their team's inbound
 * queues, see who waits, their figures and the callbacks owed; agents may not (403). */
#include "config.h"

#include "rd-api-handlers.h"
#include "rd-server-sync.h"

static RdCenterDb *
center (RdApiRequest *req)
{
  return rd_server_get_center (req->server);
}

static gboolean
may_see (RdApiRequest *req,
         JsonObject   *queue)
{
  const char *team = json_object_get_string_member_with_default (queue, "team", NULL);

  return req->caller->role == RD_ROLE_ADMIN || team == NULL || g_strcmp0 (team, req->caller->team) == 0;
}

/* The caller is one of @queue's members, by name or by team. */
static gboolean
is_member (RdApiRequest *req,
           JsonObject   *queue)
{
  JsonArray *members = json_object_get_array_member (queue, "members");

  for (guint k = 0; members != NULL && k < json_array_get_length (members); k++)
    {
      JsonObject *m = json_array_get_object_element (members, k);

      if (g_strcmp0 (json_object_get_string_member_with_default (m, "agent", NULL), req->caller->name) == 0 ||
          (req->caller->team != NULL &&
           g_strcmp0 (json_object_get_string_member_with_default (m, "team", NULL), req->caller->team) == 0))
        return TRUE;
    }
  return FALSE;
}

/* The queue of the path, for a manager or admin who may see it (404 otherwise). */
static JsonNode *
visible (RdApiRequest  *req,
         const char    *action,
         GError       **error)
{
  if (!rd_api_require_role (req, RD_API_ROLES_MANAGER, action, error))
    return NULL;
  return rd_api_queues_visible (req, req->params[0], error);
}

/* The overflow queue named in @fields must be one the caller sees too. */
static gboolean
check_overflow (RdApiRequest  *req,
                JsonObject    *fields,
                GError       **error)
{
  const char *id = json_object_get_string_member_with_default (fields, "overflow_queue_id", NULL);
  g_autoptr(JsonNode) other = id != NULL ? rd_center_queue_get (center (req), id, NULL) : NULL;

  if (id != NULL && other != NULL && !may_see (req, json_node_get_object (other)))
    {
      g_set_error (error, RD_API_ERROR, RD_API_ERROR_BAD_REQUEST, "“overflow_queue_id”: no queue %s", id);
      return FALSE;
    }
  return TRUE;
}

static void
reloaded (RdApiRequest *req)
{
  if (rd_server_get_queues (req->server) != NULL)
    rd_queues_reload (rd_server_get_queues (req->server));
}

void
rd_api_queues_list (RdApiRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) all = NULL;
  JsonArray *out;
  JsonArray *rows;

  if (!rd_api_require_role (req, RD_API_ROLES_MANAGER, "list queues", &error) ||
      (all = rd_center_queue_list (center (req), NULL, &error)) == NULL)
    {
      rd_api_reply_error (req, error);
      return;
    }
  out = json_array_new ();
  rows = json_node_get_array (all);
  for (guint i = 0; i < json_array_get_length (rows); i++)
    if (may_see (req, json_array_get_object_element (rows, i)))
      json_array_add_element (out, json_node_copy (json_array_get_element (rows, i)));
  rd_api_reply_json (req, SOUP_STATUS_OK, json_node_init_array (json_node_alloc (), out));
}

void
rd_api_queues_create (RdApiRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) fields = NULL;
  JsonNode *queue = NULL;

  if (!rd_api_require_role (req, RD_API_ROLES_MANAGER, "create queues", &error) ||
      (fields = rd_api_read_object (req, &error)) == NULL ||
      !check_overflow (req, fields, &error) ||
      (queue = rd_center_queue_create (center (req), fields,
                                       req->caller->role == RD_ROLE_ADMIN ? NULL : req->caller->team,
                                       &error)) == NULL)
    {
      rd_api_reply_error (req, error);
      return;
    }
  rd_api_audit (req, req->caller->name, "queue-create",
                json_object_get_string_member (json_node_get_object (queue), "id"), NULL);
  reloaded (req);
  rd_api_reply_json (req, SOUP_STATUS_CREATED, queue);
}

void
rd_api_queues_show (RdApiRequest *req)
{
  g_autoptr(GError) error = NULL;
  JsonNode *queue = visible (req, "read queues", &error);

  if (queue == NULL)
    rd_api_reply_error (req, error);
  else
    rd_api_reply_json (req, SOUP_STATUS_OK, queue);
}

void
rd_api_queues_update (RdApiRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonObject) fields = NULL;
  JsonNode *queue = NULL;

  if ((before = visible (req, "edit queues", &error)) == NULL ||
      (fields = rd_api_read_object (req, &error)) == NULL ||
      !check_overflow (req, fields, &error) ||
      (queue = rd_center_queue_update (center (req), req->params[0], fields, &error)) == NULL)
    {
      rd_api_reply_error (req, error);
      return;
    }
  rd_api_audit (req, req->caller->name, "queue-update", req->params[0], NULL);
  reloaded (req);
  rd_api_reply_json (req, SOUP_STATUS_OK, queue);
}

void
rd_api_queues_delete (RdApiRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) queue = NULL;

  if ((queue = visible (req, "delete queues", &error)) == NULL ||
      !rd_center_queue_delete (center (req), req->params[0], &error))
    {
      rd_api_reply_error (req, error);
      return;
    }
  rd_api_audit (req, req->caller->name, "queue-delete", req->params[0], NULL);
  reloaded (req);
  rd_api_reply_ok (req);
}

void
rd_api_queues_waiting (RdApiRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) queue = visible (req, "see who waits", &error);
  RdQueues *queues = rd_server_get_queues (req->server);

  if (queue == NULL)
    rd_api_reply_error (req, error);
  else
    rd_api_reply_json (req, SOUP_STATUS_OK,
                       queues != NULL ? rd_queues_waiting (queues, req->params[0])
                                      : json_node_init_array (json_node_alloc (), json_array_new ()));
}

void
rd_api_queues_stats (RdApiRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) queue = NULL;
  JsonNode *stats = NULL;
  guint64 from = 0, to = 0;

  if ((queue = visible (req, "read queue figures", &error)) == NULL ||
      !rd_api_query_uint64 (req, "from", 0, G_MAXINT64, &from, &error) ||
      !rd_api_query_uint64 (req, "to", (guint64) G_MAXINT64, G_MAXINT64, &to, &error) ||
      (stats = rd_center_queue_stats (center (req), req->params[0], (gint64) from, (gint64) to, &error)) == NULL)
    rd_api_reply_error (req, error);
  else
    rd_api_reply_json (req, SOUP_STATUS_OK, stats);
}

void
rd_api_queues_callbacks (RdApiRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) queue = NULL;
  JsonNode *rows = NULL;
  const char *state = req->query != NULL ? g_hash_table_lookup (req->query, "state") : NULL;

  if ((queue = visible (req, "read callbacks", &error)) == NULL)
    goto fail;
  if (state != NULL && g_strcmp0 (state, "open") != 0 && g_strcmp0 (state, "all") != 0)
    {
      g_set_error_literal (&error, RD_API_ERROR, RD_API_ERROR_BAD_REQUEST, "“state” is open or all");
      goto fail;
    }
  rows = rd_center_queue_callbacks (center (req), req->params[0], g_strcmp0 (state, "all") != 0, &error);
  if (rows == NULL)
    goto fail;
  rd_api_reply_json (req, SOUP_STATUS_OK, rows);
  return;

fail:
  rd_api_reply_error (req, error);
}

void
rd_api_queues_callback_done (RdApiRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) queue = NULL;

  /* a member agent (or support) closes the callback they made */
  if (rd_role_is_frontline (req->caller->role))
    {
      const char *ids[] = { req->params[0], NULL };

      if (!rd_api_queues_check_member (req, ids, &error) ||
          !rd_center_queue_callback_done (center (req), req->params[0], req->params[1], req->caller->name, &error))
        rd_api_reply_error (req, error);
      else
        rd_api_reply_ok (req);
      return;
    }
  if ((queue = visible (req, "close callbacks", &error)) == NULL ||
      !rd_center_queue_callback_done (center (req), req->params[0], req->params[1], req->caller->name, &error))
    {
      rd_api_reply_error (req, error);
      return;
    }
  rd_api_reply_ok (req);
}

/* The server's recording of a call that waited in the queue (a voicemail is in it, from
 * the callback's message_at_ms): audio/wav, 404 for a call of another queue or still up. */
void
rd_api_queues_call_recording (RdApiRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) queue = NULL;
  g_autoptr(JsonNode) call = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *path = NULL;
  JsonObject *row;
  const char *name;
  char *contents = NULL;
  gsize length = 0;

  if ((queue = visible (req, "hear queue calls", &error)) == NULL)
    goto fail;
  call = rd_center_call_get (center (req), req->params[1], NULL);
  row = call != NULL ? json_node_get_object (call) : NULL;
  if (row == NULL ||
      (g_strcmp0 (json_object_get_string_member_with_default (row, "queue_id", NULL), req->params[0]) != 0 &&
       g_strcmp0 (json_object_get_string_member_with_default (row, "overflow_from", NULL), req->params[0]) != 0))
    {
      g_set_error (&error, RD_API_ERROR, RD_API_ERROR_NOT_FOUND, "no call %s in this queue", req->params[1]);
      goto fail;
    }
  name = json_object_get_string_member_with_default (row, "recording", NULL);
  data_dir = g_path_get_dirname (rd_server_sync_get_path (rd_server_get_sync (req->server)));
  if (name != NULL)
    path = g_build_filename (data_dir, "call-recordings", name, NULL);
  if (path == NULL || json_object_get_null_member (row, "ended_at") ||
      !g_file_get_contents (path, &contents, &length, NULL))
    {
      g_set_error (&error, RD_API_ERROR, RD_API_ERROR_NOT_FOUND, "call %s has no recording", req->params[1]);
      goto fail;
    }
  soup_server_message_set_status (req->msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (req->msg, "audio/wav", SOUP_MEMORY_TAKE, contents, length);
  return;

fail:
  rd_api_reply_error (req, error);
}

/* The caller's state in queue @o: logged in to it now, and how many callers wait there. */
static void
add_queue_state (RdApiRequest *req,
                 JsonObject   *o)
{
  const char *id = json_object_get_string_member (o, "id");
  RdQueues *queues = rd_server_get_queues (req->server);
  g_autoptr(JsonNode) waiting = queues != NULL ? rd_queues_waiting (queues, id) : NULL;

  json_object_set_boolean_member (o, "logged_in",
                                  rd_agent_desk_in_queue (rd_server_get_desk (req->server), req->caller->name, id));
  json_object_set_int_member (o, "waiting", waiting != NULL ? json_array_get_length (json_node_get_array (waiting)) : 0);
}

/* GET /agent/queues: the queues the caller may log in to; GET /agent/callbacks: the open
 * callbacks of those queues, for their team to make. */
static JsonNode *
member_queues (RdApiRequest  *req,
               GError       **error)
{
  g_autoptr(JsonNode) all = rd_center_queue_list (center (req), NULL, error);
  JsonArray *out;
  JsonArray *rows;

  if (all == NULL)
    return NULL;
  out = json_array_new ();
  rows = json_node_get_array (all);
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *q = json_array_get_object_element (rows, i);

      if (may_see (req, q) && is_member (req, q))
        {
          JsonObject *o = json_object_new ();

          json_object_set_string_member (o, "id", json_object_get_string_member (q, "id"));
          json_object_set_string_member (o, "name", json_object_get_string_member (q, "name"));
          json_object_set_member (o, "numbers", json_node_copy (json_object_get_member (q, "numbers")));
          add_queue_state (req, o);
          json_array_add_object_element (out, o);
        }
    }
  return json_node_init_array (json_node_alloc (), out);
}

void
rd_api_agent_queues (RdApiRequest *req)
{
  g_autoptr(GError) error = NULL;
  JsonNode *queues = member_queues (req, &error);

  if (queues == NULL)
    rd_api_reply_error (req, error);
  else
    rd_api_reply_json (req, SOUP_STATUS_OK, queues);
}

void
rd_api_agent_callbacks (RdApiRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) queues = member_queues (req, &error);
  JsonArray *out;

  if (queues == NULL)
    {
      rd_api_reply_error (req, error);
      return;
    }
  out = json_array_new ();
  for (guint i = 0; i < json_array_get_length (json_node_get_array (queues)); i++)
    {
      JsonObject *q = json_array_get_object_element (json_node_get_array (queues), i);
      g_autoptr(JsonNode) rows = rd_center_queue_callbacks (center (req), json_object_get_string_member (q, "id"),
                                                            TRUE, NULL);

      for (guint k = 0; rows != NULL && k < json_array_get_length (json_node_get_array (rows)); k++)
        {
          JsonNode *row = json_array_get_element (json_node_get_array (rows), k);

          json_object_set_string_member (json_node_get_object (row), "queue_name",
                                         json_object_get_string_member (q, "name"));
          json_array_add_element (out, json_node_copy (row));
        }
    }
  rd_api_reply_json (req, SOUP_STATUS_OK, json_node_init_array (json_node_alloc (), out));
}

/* POST /agent/callbacks/CB/call: the caller (a member of its queue) calls it back now. */
void
rd_api_agent_callback_call (RdApiRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) queues = member_queues (req, &error);
  RdQueues *engine = rd_server_get_queues (req->server);
  g_autofree char *queue_id = NULL;
  g_autofree char *call_id = NULL;
  JsonNode *reply;

  for (guint i = 0; queues != NULL && queue_id == NULL && i < json_array_get_length (json_node_get_array (queues)); i++)
    {
      const char *id = json_object_get_string_member (json_array_get_object_element (json_node_get_array (queues), i), "id");
      g_autoptr(JsonNode) rows = rd_center_queue_callbacks (center (req), id, TRUE, NULL);

      for (guint k = 0; rows != NULL && k < json_array_get_length (json_node_get_array (rows)); k++)
        if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (json_node_get_array (rows), k), "id"),
                       req->params[0]) == 0)
          queue_id = g_strdup (id);
    }
  if (queues != NULL && queue_id == NULL)
    g_set_error (&error, RD_API_ERROR, RD_API_ERROR_NOT_FOUND,
                 "no open callback %s in a queue of yours", req->params[0]);
  else if (queues != NULL && engine == NULL)
    g_set_error_literal (&error, RD_API_ERROR, RD_API_ERROR_CONFLICT, "this server places no calls (no --sip-listen)");
  if (error != NULL ||
      (call_id = rd_queues_call_back (engine, req->caller->name, queue_id, req->params[0], &error)) == NULL)
    {
      rd_api_reply_error (req, error);
      return;
    }
  reply = json_node_init_object (json_node_alloc (), json_object_new ());
  json_object_set_string_member (json_node_get_object (reply), "call_id", call_id);
  json_object_set_string_member (json_node_get_object (reply), "queue_id", queue_id);
  rd_api_reply_json (req, SOUP_STATUS_OK, reply);
}

gboolean
rd_api_queues_check_member (RdApiRequest       *req,
                            const char * const *queues,
                            GError            **error)
{
  for (guint i = 0; queues != NULL && queues[i] != NULL; i++)
    {
      g_autoptr(JsonNode) node = rd_center_queue_get (center (req), queues[i], NULL);
      JsonObject *queue = node != NULL ? json_node_get_object (node) : NULL;

      if (queue == NULL || !may_see (req, queue))
        {
          g_set_error (error, RD_API_ERROR, RD_API_ERROR_NOT_FOUND, "no queue %s", queues[i]);
          return FALSE;
        }
      if (!is_member (req, queue))
        {
          g_set_error (error, RD_API_ERROR, RD_API_ERROR_FORBIDDEN, "%s is not a member of queue “%s”",
                       req->caller->name, json_object_get_string_member (queue, "name"));
          return FALSE;
        }
    }
  return TRUE;
}

char **
rd_api_queues_visible_ids (RdApiRequest  *req,
                           GError       **error)
{
  g_autoptr(JsonNode) all = rd_center_queue_list (center (req), NULL, error);
  GPtrArray *ids;
  JsonArray *rows;

  if (all == NULL)
    return NULL;
  ids = g_ptr_array_new ();
  rows = json_node_get_array (all);
  for (guint i = 0; i < json_array_get_length (rows); i++)
    if (may_see (req, json_array_get_object_element (rows, i)))
      g_ptr_array_add (ids, g_strdup (json_object_get_string_member (json_array_get_object_element (rows, i), "id")));
  g_ptr_array_add (ids, NULL);
  return (char **) g_ptr_array_free (ids, FALSE);
}

JsonNode *
rd_api_queues_visible (RdApiRequest  *req,
                       const char    *id,
                       GError       **error)
{
  g_autoptr(JsonNode) queue = id != NULL ? rd_center_queue_get (center (req), id, NULL) : NULL;

  if (queue == NULL || !may_see (req, json_node_get_object (queue)))
    {
      g_set_error (error, RD_API_ERROR, RD_API_ERROR_NOT_FOUND, "no queue %s", id != NULL ? id : "");
      return NULL;
    }
  return g_steal_pointer (&queue);
}
