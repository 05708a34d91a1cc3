/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "rd-api-handlers.h"
#include "rd-rate-limit.h"
#include "rd-server-sync.h"
#include "rd-ws-limit-stream.h"

/* /api/v1/events: a WebSocket that says {"type": "sequence", "seq": N} each
 * time the changes log grows (replicas then pull), the caller's agent state and the calls
 * of an outside PBX that ring their extension ("cti-call"), or, without an Upgrade
 * header, a long poll: GET /api/v1/events?since=N&timeout=S answers as soon
 * as the sequence passes N, or after S seconds. The token comes in the
 * Authorization header or as ?token= (browsers cannot set headers on a
 * WebSocket). */

#define LONG_POLL_DEFAULT 25
#define LONG_POLL_MAX 120
/* A replica sends nothing on its stream but pongs and the close: any message larger than
 * this (a frame, or fragments together) closes the socket with 1009. */
#define EVENTS_MAX_MESSAGE (64 * 1024)

/* Per user: how many streams are open, and a sliding window of openings (the server's
 * --events-max and --events-limit). */
typedef struct {
  RdRateLimit *opens;    /* NULL: no limit */
  GHashTable  *open;     /* user uuid -> GUINT_TO_POINTER (streams open) */
} EventsState;

static void
events_state_free (gpointer data)
{
  EventsState *state = data;

  g_clear_object (&state->opens);
  g_hash_table_unref (state->open);
  g_free (state);
}

static EventsState *
events_state (RdServer *server)
{
  return g_object_get_data (G_OBJECT (server), "rd-events-state");
}

static void
stream_opened (RdServer   *server,
               const char *user)
{
  EventsState *state = events_state (server);
  guint n;

  if (state == NULL)
    return;
  n = GPOINTER_TO_UINT (g_hash_table_lookup (state->open, user));
  g_hash_table_replace (state->open, g_strdup (user), GUINT_TO_POINTER (n + 1));
}

static void
stream_closed (RdServer   *server,
               const char *user)
{
  EventsState *state = events_state (server);
  guint n;

  if (state == NULL)   /* the server is going away */
    return;
  n = GPOINTER_TO_UINT (g_hash_table_lookup (state->open, user));
  if (n <= 1)
    g_hash_table_remove (state->open, user);
  else
    g_hash_table_replace (state->open, g_strdup (user), GUINT_TO_POINTER (n - 1));
}

/* 429 when the caller holds --events-max streams already or opened --events-limit in the
 * window; otherwise counts the opening. */
static gboolean
check_events_limits (RdApiRequest  *req,
                     GError       **error)
{
  const RdServerOptions *options = rd_server_get_options (req->server);
  EventsState *state = events_state (req->server);
  const char *user = req->caller->uuid;
  guint open = GPOINTER_TO_UINT (g_hash_table_lookup (state->open, user));
  gint64 now = g_get_monotonic_time ();

  if (options->events_max > 0 && open >= options->events_max)
    {
      req->retry_after = 30;
      g_set_error (error, RD_API_ERROR, RD_API_ERROR_RATE_LIMITED,
                   "%s has %u event streams open, the most allowed; close one or retry in %u s",
                   req->caller->name, open, req->retry_after);
      return FALSE;
    }
  if (state->opens != NULL && !rd_rate_limit_check (state->opens, user, now, &req->retry_after))
    {
      g_set_error (error, RD_API_ERROR, RD_API_ERROR_RATE_LIMITED,
                   "more than %u event streams opened by %s in %u s; retry in %u s",
                   options->events_limit, req->caller->name, options->sync_window, req->retry_after);
      return FALSE;
    }
  if (state->opens != NULL)
    rd_rate_limit_record (state->opens, user, now);
  return TRUE;
}

static char *
sequence_message (guint64 seq)
{
  return g_strdup_printf ("{\"type\":\"sequence\",\"seq\":%" G_GUINT64_FORMAT "}", seq);
}

static gboolean
authenticate_events (RdApiRequest  *req,
                     GError       **error)
{
  const char *token = req->query ? g_hash_table_lookup (req->query, "token") : NULL;

  if (token && *token)
    {
      g_autofree char *header = g_strdup_printf ("Bearer %s", token);

      soup_message_headers_replace (soup_server_message_get_request_headers (req->msg),
                                    "Authorization", header);
    }

  return rd_api_authenticate (req, error);
}

/* ---- long poll -------------------------------------------------------------- */

typedef struct {
  SoupServerMessage *msg;
  RdServer          *server;
  char              *user;      /* counted in the open streams until the poll ends */
  gulong             handler;
  guint              timeout;
  gboolean           answered;
} LongPoll;

static void
long_poll_answer (LongPoll *poll,
                  guint64   seq)
{
  g_autofree char *body = NULL;

  if (poll->answered)
    return;
  poll->answered = TRUE;

  g_clear_signal_handler (&poll->handler, poll->server);
  g_clear_handle_id (&poll->timeout, g_source_remove);

  body = sequence_message (seq);
  soup_server_message_set_status (poll->msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (poll->msg, "application/json", SOUP_MEMORY_COPY,
                                    body, strlen (body));
  soup_server_message_unpause (poll->msg);
}

static void
long_poll_free (gpointer data)
{
  LongPoll *poll = data;

  g_clear_signal_handler (&poll->handler, poll->server);
  g_clear_handle_id (&poll->timeout, g_source_remove);
  if (poll->user != NULL)
    stream_closed (poll->server, poll->user);
  g_free (poll->user);
  g_free (poll);
}

static void
long_poll_sequence_cb (RdServer *server,
                       guint64   seq,
                       LongPoll *poll)
{
  long_poll_answer (poll, seq);
}

static gboolean
long_poll_timeout_cb (gpointer data)
{
  LongPoll *poll = data;

  poll->timeout = 0;
  long_poll_answer (poll, rd_server_sync_get_seq (rd_server_get_sync (poll->server)));
  return G_SOURCE_REMOVE;
}

static void
long_poll_finished_cb (SoupServerMessage *msg,
                       LongPoll          *poll)
{
  /* The client went away or the answer is written: stop listening. */
  poll->answered = TRUE;
  g_clear_signal_handler (&poll->handler, poll->server);
  g_clear_handle_id (&poll->timeout, g_source_remove);
  if (poll->user != NULL)
    stream_closed (poll->server, poll->user);
  g_clear_pointer (&poll->user, g_free);
}

static void
long_poll (RdApiRequest *req)
{
  g_autoptr(GError) error = NULL;
  guint64 since, timeout, seq;
  LongPoll *poll;

  if (!rd_api_query_uint64 (req, "since", 0, G_MAXINT64, &since, &error) ||
      !rd_api_query_uint64 (req, "timeout", LONG_POLL_DEFAULT, LONG_POLL_MAX, &timeout, &error))
    {
      rd_api_reply_error (req, error);
      return;
    }

  seq = rd_server_sync_get_seq (rd_server_get_sync (req->server));
  poll = g_new0 (LongPoll, 1);
  poll->msg = req->msg;
  poll->server = req->server;
  poll->user = g_strdup (req->caller->uuid);
  stream_opened (req->server, poll->user);
  g_object_set_data_full (G_OBJECT (req->msg), "rd-long-poll", poll, long_poll_free);
  g_signal_connect (req->msg, "finished", G_CALLBACK (long_poll_finished_cb), poll);

  soup_server_message_pause (req->msg);
  if (seq > since || timeout == 0)
    {
      long_poll_answer (poll, seq);
      return;
    }

  /* A status now keeps libsoup from treating the paused request as a failed
   * WebSocket handshake (same path); the body comes when we answer. */
  soup_server_message_set_status (req->msg, SOUP_STATUS_OK, NULL);
  poll->handler = g_signal_connect (req->server, "sequence",
                                    G_CALLBACK (long_poll_sequence_cb), poll);
  poll->timeout = g_timeout_add_seconds (timeout, long_poll_timeout_cb, poll);
}

/* ---- WebSocket ------------------------------------------------------------- */

static void
websocket_sequence_cb (RdServer                *server,
                       guint64                  seq,
                       SoupWebsocketConnection *connection)
{
  g_autofree char *text = NULL;

  if (soup_websocket_connection_get_state (connection) != SOUP_WEBSOCKET_STATE_OPEN)
    return;
  text = sequence_message (seq);
  soup_websocket_connection_send_text (connection, text);
}

/* The caller's own agent session changed: {"type": "agent", "state": S}; the app reads
 * GET /agent for the rest. */
static void
websocket_agent_cb (RdAgentDesk             *desk,
                    const char              *agent,
                    const char              *state,
                    SoupWebsocketConnection *connection)
{
  const char *name = g_object_get_data (G_OBJECT (connection), "rd-events-name");
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;

  (void) desk;
  if (g_strcmp0 (name, agent) != 0 ||
      soup_websocket_connection_get_state (connection) != SOUP_WEBSOCKET_STATE_OPEN)
    return;
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "agent");
  json_builder_set_member_name (builder, "state");
  json_builder_add_string_value (builder, state);
  json_builder_end_object (builder);
  node = json_builder_get_root (builder);
  text = json_to_string (node, FALSE);
  soup_websocket_connection_send_text (connection, text);
}

/* A call on an outside PBX for the caller: {"type": "cti-call", "event": ..., "record": ...}
 * (docs/cti.md), so the app pops the record before the agent answers. */
static void
websocket_cti_cb (RdCtiDesk               *cti,
                  const char              *agent,
                  JsonNode                *message,
                  SoupWebsocketConnection *connection)
{
  const char *name = g_object_get_data (G_OBJECT (connection), "rd-events-name");
  g_autofree char *text = NULL;

  (void) cti;
  if (g_strcmp0 (name, agent) != 0 ||
      soup_websocket_connection_get_state (connection) != SOUP_WEBSOCKET_STATE_OPEN)
    return;
  text = json_to_string (message, FALSE);
  soup_websocket_connection_send_text (connection, text);
}

/* A live board the socket watches changed: {"type": "board", "key", "now", "board"}. */
static void
websocket_board_cb (RdLiveBoard             *boards,
                    const char              *key,
                    const char              *message,
                    SoupWebsocketConnection *connection)
{
  const char * const *keys = g_object_get_data (G_OBJECT (connection), "rd-events-boards");

  (void) boards;
  if (keys != NULL && g_strv_contains (keys, key) &&
      soup_websocket_connection_get_state (connection) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_send_text (connection, message);
}

static void
websocket_closed_cb (SoupWebsocketConnection *connection,
                     RdServer                *server)
{
  const char *user = g_object_get_data (G_OBJECT (connection), "rd-events-user");
  const char * const *keys = g_object_get_data (G_OBJECT (connection), "rd-events-boards");
  RdLiveBoard *boards = keys != NULL ? rd_server_get_boards (server) : NULL;

  g_signal_handlers_disconnect_by_func (server, websocket_sequence_cb, connection);
  if (rd_server_get_desk (server) != NULL)
    g_signal_handlers_disconnect_by_func (rd_server_get_desk (server), websocket_agent_cb, connection);
  if (rd_server_get_cti (server) != NULL)
    g_signal_handlers_disconnect_by_func (rd_server_get_cti (server), websocket_cti_cb, connection);
  if (boards != NULL)
    {
      g_signal_handlers_disconnect_by_func (boards, websocket_board_cb, connection);
      for (guint i = 0; keys[i] != NULL; i++)
        rd_live_board_unwatch (boards, keys[i]);
    }
  if (user != NULL)
    stream_closed (server, user);
  g_object_unref (connection);
}

static void
websocket_cb (SoupServer              *soup,
              SoupServerMessage       *msg,
              const char              *path,
              SoupWebsocketConnection *connection,
              gpointer                 user_data)
{
  RdServer *server = user_data;
  const char *user = g_object_get_data (G_OBJECT (msg), "rd-events-user");
  g_autofree char *text = NULL;

  /* Held until the socket closes, and counted among the user's open streams. */
  g_object_ref (connection);
  if (user != NULL)
    {
      g_object_set_data_full (G_OBJECT (connection), "rd-events-user", g_strdup (user), g_free);
      stream_opened (server, user);
    }
  g_signal_connect_object (server, "sequence", G_CALLBACK (websocket_sequence_cb),
                           connection, 0);
  g_object_set_data_full (G_OBJECT (connection), "rd-events-name",
                          g_strdup (g_object_get_data (G_OBJECT (msg), "rd-events-name")), g_free);
  if (rd_server_get_desk (server) != NULL)
    g_signal_connect_object (rd_server_get_desk (server), "changed", G_CALLBACK (websocket_agent_cb),
                             connection, 0);
  if (rd_server_get_cti (server) != NULL)
    g_signal_connect_object (rd_server_get_cti (server), "pop", G_CALLBACK (websocket_cti_cb),
                             connection, 0);
  if (g_object_get_data (G_OBJECT (msg), "rd-events-boards") != NULL)
    {
      /* the boards asked for and checked at the handshake (events_cb) */
      char **keys = g_object_steal_data (G_OBJECT (msg), "rd-events-boards");
      RdLiveBoard *boards = rd_server_get_boards (server);

      g_object_set_data_full (G_OBJECT (connection), "rd-events-boards", keys, (GDestroyNotify) g_strfreev);
      g_signal_connect_object (boards, "updated", G_CALLBACK (websocket_board_cb), connection, 0);
      for (guint i = 0; keys[i] != NULL; i++)
        rd_live_board_watch (boards, keys[i]);
    }
  g_signal_connect (connection, "closed", G_CALLBACK (websocket_closed_cb), server);

  text = sequence_message (rd_server_sync_get_seq (rd_server_get_sync (server)));
  soup_websocket_connection_send_text (connection, text);
}

/* After the 101: the socket becomes a WebSocket whose input passes the size guard (as
 * libsoup's own upgrade, with a wrapped stream). */
static void
websocket_upgrade_cb (SoupServerMessage *msg,
                      RdServer          *server)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  g_autoptr(GIOStream) stream = NULL;
  g_autoptr(GIOStream) wrapped = NULL;
  g_autoptr(SoupWebsocketConnection) connection = NULL;
  g_autoptr(SoupServerMessage) held = g_object_ref (msg);   /* alive through the switch */
  RdWsLimitStream *limit = NULL;
  GUri *uri = soup_server_message_get_uri (msg);

  if (soup_server_message_get_status (msg) != SOUP_STATUS_SWITCHING_PROTOCOLS)
    return;
  stream = soup_server_message_steal_connection (msg);
  if (stream == NULL)
    return;
  wrapped = rd_ws_limit_wrap (stream, EVENTS_MAX_MESSAGE, &limit);
  connection = soup_websocket_connection_new (wrapped, uri, SOUP_WEBSOCKET_CONNECTION_SERVER,
                                              soup_message_headers_get_one (headers, "Origin"),
                                              NULL, NULL);
  soup_websocket_connection_set_max_incoming_payload_size (connection, EVENTS_MAX_MESSAGE);
  rd_ws_limit_stream_watch (limit, connection);
  websocket_cb (rd_server_get_soup_server (server), msg, g_uri_get_path (uri), connection, server);
}

static void
events_cb (SoupServer        *soup,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  RdServer *server = user_data;
  g_autoptr(RdApiRequest) req = rd_api_request_new (server, msg, query);
  g_autoptr(GError) error = NULL;
  const char *upgrade;

  if (!g_str_equal (path, "/api/v1/events"))
    {
      g_set_error (&error, RD_API_ERROR, RD_API_ERROR_NOT_FOUND, "no resource at %s", path);
      rd_api_reply_error (req, error);
      return;
    }
  if (!g_str_equal (req->method, "GET"))
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Allow", "GET");
      g_set_error (&error, RD_API_ERROR, RD_API_ERROR_METHOD_NOT_ALLOWED,
                   "%s accepts only GET (a WebSocket or a long poll)", path);
      rd_api_reply_error (req, error);
      return;
    }
  if (!authenticate_events (req, &error) || !check_events_limits (req, &error))
    {
      rd_api_reply_error (req, error);
      return;
    }

  upgrade = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                          "Upgrade");
  if (query != NULL && g_hash_table_lookup (query, "boards") != NULL)
    {
      /* live boards (managers): over a WebSocket only, each key checked before it opens */
      g_auto(GStrv) keys = NULL;

      if (upgrade == NULL || g_ascii_strcasecmp (upgrade, "websocket") != 0)
        g_set_error_literal (&error, RD_API_ERROR, RD_API_ERROR_BAD_REQUEST,
                             "live boards are pushed over a WebSocket: GET /boards/KEY reads one");
      else
        keys = rd_api_boards_keys (req, g_hash_table_lookup (query, "boards"), &error);
      if (keys == NULL)
        {
          rd_api_reply_error (req, error);
          return;
        }
      g_object_set_data_full (G_OBJECT (msg), "rd-events-boards", g_steal_pointer (&keys),
                              (GDestroyNotify) g_strfreev);
    }
  if (upgrade && g_ascii_strcasecmp (upgrade, "websocket") == 0)
    {
      /* The handshake is ours (no extensions: no permessage-deflate to inflate), so that
       * the socket is read through the message-size guard once it switches. */
      if (!soup_websocket_server_process_handshake (msg, NULL, NULL, NULL, NULL))
        return;   /* libsoup set the error status */
      g_object_set_data_full (G_OBJECT (msg), "rd-events-user", g_strdup (req->caller->uuid), g_free);
      g_object_set_data_full (G_OBJECT (msg), "rd-events-name", g_strdup (req->caller->name), g_free);
      g_signal_connect_object (msg, "wrote-informational", G_CALLBACK (websocket_upgrade_cb),
                               server, 0);
      return;
    }

  long_poll (req);
}

void
rd_api_events_install (RdServer *server)
{
  SoupServer *soup = rd_server_get_soup_server (server);
  const RdServerOptions *options = rd_server_get_options (server);
  EventsState *state = g_new0 (EventsState, 1);

  if (options->events_limit > 0)
    state->opens = rd_rate_limit_new (options->events_limit, options->sync_window);
  state->open = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_object_set_data_full (G_OBJECT (server), "rd-events-state", state, events_state_free);

  soup_server_add_handler (soup, "/api/v1/events", events_cb, server, NULL);
}
