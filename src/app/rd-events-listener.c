/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "rd-events-listener.h"

/* Listens to the server's announcements on /api/v1/events (docs/sync.md):
 * `{"type": "sequence", "seq": N}` on connect and whenever the server's log
 * grows. A WebSocket first (libsoup 3); when the handshake fails, long polls
 * (`?since=N&timeout=25`); when those fail too, it waits and tries the
 * WebSocket again, the wait doubling from 1 s up to 60 s. A closed socket
 * is retried the same way. "sequence" is emitted on the main context for
 * every announcement; the sync controller syncs when it passes its cursor.
 * "cti-call" carries a call of the PBX that rings this user (docs/cti.md).
 * A listener given live boards (rd_events_listener_set_boards(), managers) asks for them
 * in the WebSocket's query (?boards=KEY,...) and emits "board" for each push; boards are
 * not long-polled, so it only retries the WebSocket.
 * Both sessions check an https server against the same CA database (the
 * user's CA file, or the system's). */

#define RETRY_MIN_MS   1000
#define RETRY_MAX_MS   60000
#define LONG_POLL_SECONDS 25
#define KEEPALIVE_SECONDS 30

struct _RdEventsListener
{
  GObject                  parent_instance;

  char                    *server_url;
  char                    *token;
  gboolean                 use_websocket;
  char                    *boards;       /* live boards' keys, or NULL */

  SoupSession             *session;      /* long polls: with a timeout */
  SoupSession             *ws_session;   /* the WebSocket: no I/O timeout, keepalive pings */
  SoupWebsocketConnection *connection;
  GCancellable            *cancellable;
  guint                    retry;
  guint                    retry_ms;
  gboolean                 running;

  RdEventsMode             mode;
  gint64                   sequence;
};

enum {
  PROP_0,
  PROP_MODE,
  N_PROPS
};

enum {
  SEQUENCE,
  CTI_CALL,
  BOARD,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (RdEventsListener, rd_events_listener, G_TYPE_OBJECT)

static void rd_events_listener_connect (RdEventsListener *self);
static void rd_events_listener_long_poll (RdEventsListener *self);

static void
rd_events_listener_set_mode (RdEventsListener *self,
                             RdEventsMode      mode)
{
  if (self->mode == mode)
    return;
  self->mode = mode;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODE]);
}

/* One announcement's text: {"type": "sequence", "seq": N}, or a PBX's call ("cti-call"). */
static void
rd_events_listener_announce (RdEventsListener *self,
                             const char       *text,
                             gsize             length)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;
  gint64 seq;

  if (!json_parser_load_from_data (parser, text, length, NULL) ||
      json_parser_get_root (parser) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_debug ("Events: not an announcement: %.*s", (int) MIN (length, 80), text);
      return;
    }
  object = json_node_get_object (json_parser_get_root (parser));
  if (g_strcmp0 (json_object_get_string_member_with_default (object, "type", NULL), "cti-call") == 0)
    {
      g_signal_emit (self, signals[CTI_CALL], 0, json_parser_get_root (parser));
      return;
    }
  if (g_strcmp0 (json_object_get_string_member_with_default (object, "type", NULL), "board") == 0)
    {
      g_signal_emit (self, signals[BOARD], 0, json_parser_get_root (parser));
      return;
    }
  if (!json_object_has_member (object, "seq"))
    return;
  seq = json_object_get_int_member (object, "seq");
  self->sequence = seq;
  g_signal_emit (self, signals[SEQUENCE], 0, seq);
}

static SoupMessage *
rd_events_listener_message (RdEventsListener *self,
                            const char       *query)
{
  g_autofree char *base = g_strdup (self->server_url);
  g_autofree char *uri = NULL;
  SoupMessage *message;

  /* Tolerate a trailing slash on the address. */
  while (g_str_has_suffix (base, "/"))
    base[strlen (base) - 1] = '\0';
  uri = g_strconcat (base, "/api/v1/events", query ? "?" : "", query ? query : "", NULL);
  message = soup_message_new ("GET", uri);
  if (message != NULL && self->token != NULL)
    {
      g_autofree char *header = g_strdup_printf ("Bearer %s", self->token);

      soup_message_headers_replace (soup_message_get_request_headers (message),
                                    "Authorization", header);
    }
  return message;
}

static gboolean
rd_events_listener_retry_cb (gpointer user_data)
{
  RdEventsListener *self = user_data;

  self->retry = 0;
  rd_events_listener_connect (self);
  return G_SOURCE_REMOVE;
}

/* Waits (backing off) and tries the WebSocket again. */
static void
rd_events_listener_schedule_retry (RdEventsListener *self)
{
  rd_events_listener_set_mode (self, RD_EVENTS_MODE_IDLE);
  if (!self->running || self->retry != 0)
    return;
  g_debug ("Events: retrying in %u ms", self->retry_ms);
  self->retry = g_timeout_add (self->retry_ms, rd_events_listener_retry_cb, self);
  self->retry_ms = MIN (self->retry_ms * 2, RETRY_MAX_MS);
}

/* --- long poll --------------------------------------------------------------------- */

static void
rd_events_listener_long_poll_cb (GObject      *object,
                                 GAsyncResult *result,
                                 gpointer      user_data)
{
  g_autoptr(RdEventsListener) self = user_data;
  SoupMessage *message = soup_session_get_async_result_message (SOUP_SESSION (object), result);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  guint status;

  body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || !self->running)
    return;

  status = message ? soup_message_get_status (message) : 0;
  if (body == NULL || status != SOUP_STATUS_OK)
    {
      g_debug ("Events: long poll failed: %s", error ? error->message : soup_status_get_phrase (status));
      rd_events_listener_schedule_retry (self);
      return;
    }

  self->retry_ms = RETRY_MIN_MS;
  rd_events_listener_announce (self, g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  rd_events_listener_long_poll (self);
}

static void
rd_events_listener_long_poll (RdEventsListener *self)
{
  g_autofree char *query = g_strdup_printf ("since=%" G_GINT64_FORMAT "&timeout=%d",
                                            MAX (self->sequence, 0), LONG_POLL_SECONDS);
  g_autoptr(SoupMessage) message = rd_events_listener_message (self, query);

  if (message == NULL)
    {
      rd_events_listener_schedule_retry (self);
      return;
    }
  rd_events_listener_set_mode (self, RD_EVENTS_MODE_LONG_POLL);
  soup_session_send_and_read_async (self->session, message, G_PRIORITY_DEFAULT, self->cancellable,
                                    rd_events_listener_long_poll_cb, g_object_ref (self));
}

/* --- WebSocket --------------------------------------------------------------------- */

static void
rd_events_listener_message_cb (SoupWebsocketConnection *connection,
                               gint                     type,
                               GBytes                  *message,
                               gpointer                 user_data)
{
  RdEventsListener *self = user_data;

  if (type == SOUP_WEBSOCKET_DATA_TEXT)
    rd_events_listener_announce (self, g_bytes_get_data (message, NULL), g_bytes_get_size (message));
}

static void
rd_events_listener_closed_cb (SoupWebsocketConnection *connection,
                              gpointer                 user_data)
{
  RdEventsListener *self = user_data;

  g_debug ("Events: the WebSocket closed (%u)", soup_websocket_connection_get_close_code (connection));
  g_signal_handlers_disconnect_by_data (connection, self);
  g_clear_object (&self->connection);
  rd_events_listener_schedule_retry (self);
}

static void
rd_events_listener_connected_cb (GObject      *object,
                                 GAsyncResult *result,
                                 gpointer      user_data)
{
  g_autoptr(RdEventsListener) self = user_data;
  g_autoptr(GError) error = NULL;
  SoupWebsocketConnection *connection;

  connection = soup_session_websocket_connect_finish (SOUP_SESSION (object), result, &error);
  if (connection == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || !self->running)
        return;
      if (self->boards != NULL)
        {
          g_debug ("Events: no WebSocket for the boards (%s)", error->message);
          rd_events_listener_schedule_retry (self);
          return;
        }
      g_debug ("Events: no WebSocket (%s): long poll", error->message);
      rd_events_listener_long_poll (self);
      return;
    }
  if (!self->running)
    {
      soup_websocket_connection_close (connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
      g_object_unref (connection);
      return;
    }

  self->connection = connection;
  self->retry_ms = RETRY_MIN_MS;
  soup_websocket_connection_set_keepalive_interval (connection, KEEPALIVE_SECONDS);
  /* a board lists every agent of a campaign: past libsoup's 128 KiB for a big one */
  if (self->boards != NULL)
    soup_websocket_connection_set_max_incoming_payload_size (connection, 16 * 1024 * 1024);
  g_signal_connect (connection, "message", G_CALLBACK (rd_events_listener_message_cb), self);
  g_signal_connect (connection, "closed", G_CALLBACK (rd_events_listener_closed_cb), self);
  rd_events_listener_set_mode (self, RD_EVENTS_MODE_WEBSOCKET);
}

static void
rd_events_listener_connect (RdEventsListener *self)
{
  g_autoptr(SoupMessage) message = NULL;

  if (!self->running)
    return;
  if (!self->use_websocket)
    {
      rd_events_listener_long_poll (self);
      return;
    }
  {
    g_autofree char *escaped = self->boards != NULL ? g_uri_escape_string (self->boards, ",/", TRUE) : NULL;
    g_autofree char *query = escaped != NULL ? g_strconcat ("boards=", escaped, NULL) : NULL;

    message = rd_events_listener_message (self, query);
  }
  if (message == NULL)
    {
      g_debug ("Events: bad server address %s", self->server_url);
      return;
    }
  soup_session_websocket_connect_async (self->ws_session, message, NULL, NULL, G_PRIORITY_DEFAULT,
                                        self->cancellable, rd_events_listener_connected_cb,
                                        g_object_ref (self));
}

/* --- GObject --------------------------------------------------------------------- */

static void
rd_events_listener_dispose (GObject *object)
{
  RdEventsListener *self = RD_EVENTS_LISTENER (object);

  rd_events_listener_stop (self);
  g_clear_object (&self->session);
  g_clear_object (&self->ws_session);

  G_OBJECT_CLASS (rd_events_listener_parent_class)->dispose (object);
}

static void
rd_events_listener_finalize (GObject *object)
{
  RdEventsListener *self = RD_EVENTS_LISTENER (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->server_url, g_free);
  g_clear_pointer (&self->token, g_free);
  g_clear_pointer (&self->boards, g_free);

  G_OBJECT_CLASS (rd_events_listener_parent_class)->finalize (object);
}

static void
rd_events_listener_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  RdEventsListener *self = RD_EVENTS_LISTENER (object);

  switch (prop_id)
    {
    case PROP_MODE:
      g_value_set_int (value, self->mode);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rd_events_listener_class_init (RdEventsListenerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rd_events_listener_dispose;
  object_class->finalize = rd_events_listener_finalize;
  object_class->get_property = rd_events_listener_get_property;

  properties[PROP_MODE] =
    g_param_spec_int ("mode", NULL, NULL, RD_EVENTS_MODE_IDLE, RD_EVENTS_MODE_LONG_POLL,
                      RD_EVENTS_MODE_IDLE,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RdEventsListener::sequence:
   * @seq: the server's sequence
   */
  signals[SEQUENCE] =
    g_signal_new ("sequence", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  /* A call on the call center's PBX for this user ({"type": "cti-call", ...}, docs/cti.md). */
  signals[CTI_CALL] =
    g_signal_new ("cti-call", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, JSON_TYPE_NODE);
  /* A live board pushed ({"type": "board", "key", "now", "board"}, docs/api.md). */
  signals[BOARD] =
    g_signal_new ("board", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, JSON_TYPE_NODE);
}

static void
rd_events_listener_init (RdEventsListener *self)
{
  self->use_websocket = TRUE;
  self->retry_ms = RETRY_MIN_MS;
  self->sequence = -1;
  /* A long poll waits up to LONG_POLL_SECONDS; a server that says nothing
   * for longer than that is gone. An idle WebSocket is kept alive by pings
   * instead: its socket must not time out. */
  self->session = soup_session_new_with_options ("timeout", LONG_POLL_SECONDS + 15, NULL);
  self->ws_session = soup_session_new_with_options ("timeout", 0, "idle-timeout", 0, NULL);
}

/** A listener for @server_url's announcements, signed in with @token (the
 * app's session token). Idle until started. */
RdEventsListener *
rd_events_listener_new (const char *server_url,
                        const char *token)
{
  RdEventsListener *self;

  g_return_val_if_fail (server_url != NULL, NULL);

  self = g_object_new (RD_TYPE_EVENTS_LISTENER, NULL);
  self->server_url = g_strdup (server_url);
  self->token = g_strdup (token);
  return self;
}

void
rd_events_listener_start (RdEventsListener *self)
{
  g_return_if_fail (RD_IS_EVENTS_LISTENER (self));

  if (self->running)
    return;
  self->running = TRUE;
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->retry_ms = RETRY_MIN_MS;
  rd_events_listener_connect (self);
}

/** Closes the socket, cancels a long poll or a retry. */
void
rd_events_listener_stop (RdEventsListener *self)
{
  g_return_if_fail (RD_IS_EVENTS_LISTENER (self));

  self->running = FALSE;
  g_clear_handle_id (&self->retry, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  if (self->connection != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->connection, self);
      if (soup_websocket_connection_get_state (self->connection) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (self->connection, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);
      g_clear_object (&self->connection);
    }
  rd_events_listener_set_mode (self, RD_EVENTS_MODE_IDLE);
}

RdEventsMode
rd_events_listener_get_mode (RdEventsListener *self)
{
  g_return_val_if_fail (RD_IS_EVENTS_LISTENER (self), RD_EVENTS_MODE_IDLE);
  return self->mode;
}

/** The last sequence the server announced (-1: none yet). */
gint64
rd_events_listener_get_sequence (RdEventsListener *self)
{
  g_return_val_if_fail (RD_IS_EVENTS_LISTENER (self), -1);
  return self->sequence;
}

/** Checks an https server's certificate against @database (a private CA,
 * see rd_tls_load_ca_file()) on both the WebSocket and the long polls;
 * NULL: the system's CAs. Set before start. */
void
rd_events_listener_set_tls_database (RdEventsListener *self,
                                     GTlsDatabase     *database)
{
  g_autoptr(GTlsDatabase) system = NULL;

  g_return_if_fail (RD_IS_EVENTS_LISTENER (self));
  g_return_if_fail (database == NULL || G_IS_TLS_DATABASE (database));

  if (database == NULL)
    database = system = g_tls_backend_get_default_database (g_tls_backend_get_default ());
  soup_session_set_tls_database (self->session, database);
  soup_session_set_tls_database (self->ws_session, database);
}

/** FALSE: long polls only (servers or proxies without WebSockets; tests). */
void
rd_events_listener_set_use_websocket (RdEventsListener *self,
                                      gboolean          use_websocket)
{
  g_return_if_fail (RD_IS_EVENTS_LISTENER (self));
  self->use_websocket = use_websocket;
}

/** Asks for the live boards @keys ("campaigns/ID,queues/ID", NULL: none) from the next
 * connection on; a running listener reconnects with them. */
void
rd_events_listener_set_boards (RdEventsListener *self,
                               const char       *keys)
{
  g_return_if_fail (RD_IS_EVENTS_LISTENER (self));

  if (g_strcmp0 (self->boards, keys) == 0)
    return;
  g_free (self->boards);
  self->boards = g_strdup (keys);
  if (self->running)
    {
      rd_events_listener_stop (self);
      rd_events_listener_start (self);
    }
}
