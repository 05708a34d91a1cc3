/* SPDX-License-Identifier: GPL-3.0-or-later */
/* RdAmiClient: a logged-in AMI connection that comes back by itself. */
#include "config.h"

#include <string.h>

#include "rd-ami-client.h"

#define AMI_DEFAULT_PORT 5038
#define READ_CHUNK       8192

struct _RdAmiClient
{
  GObject            parent_instance;

  char              *address;
  char              *username;
  char              *secret;
  guint              backoff_min_ms;
  guint              backoff_max_ms;
  guint              keepalive_s;

  GSocketClient     *socket_client;
  GSocketConnection *connection;
  GCancellable      *cancellable;   /* of the current connection */
  RdAmiParser       *parser;
  guint              backoff_ms;
  guint              retry_id;
  guint              ping_id;
  guint              login_timeout_id;
  guint64            next_action;
  char              *login_id;
  char              *ping_id_pending;  /* the Ping not answered yet */
  gboolean           running;
  gboolean           logged_in;
};

G_DEFINE_FINAL_TYPE (RdAmiClient, rd_ami_client, G_TYPE_OBJECT)

enum { SIGNAL_CONNECTED, SIGNAL_DISCONNECTED, SIGNAL_MESSAGE, N_SIGNALS };
static guint signals[N_SIGNALS];

static void connect_now (RdAmiClient *self);
static void read_more (RdAmiClient *self);

static gboolean
retry_cb (gpointer user_data)
{
  RdAmiClient *self = user_data;

  self->retry_id = 0;
  connect_now (self);
  return G_SOURCE_REMOVE;
}

/* Closes the connection (if any) and, while running, connects again after the backoff. */
static void
drop (RdAmiClient *self,
      const char  *why)
{
  gboolean was_logged_in = self->logged_in;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->connection != NULL)
    g_io_stream_close (G_IO_STREAM (self->connection), NULL, NULL);
  g_clear_object (&self->connection);
  g_clear_handle_id (&self->ping_id, g_source_remove);
  g_clear_handle_id (&self->login_timeout_id, g_source_remove);
  g_clear_pointer (&self->ping_id_pending, g_free);
  g_clear_pointer (&self->login_id, g_free);
  rd_ami_parser_reset (self->parser);
  self->logged_in = FALSE;
  if (was_logged_in)
    {
      g_message ("ami: %s: disconnected: %s", self->address, why);
      g_signal_emit (self, signals[SIGNAL_DISCONNECTED], 0);
    }
  if (!self->running || self->retry_id != 0)
    return;
  g_message ("ami: %s: %s; connecting again in %u ms", self->address, why, self->backoff_ms);
  self->retry_id = g_timeout_add (self->backoff_ms, retry_cb, self);
  self->backoff_ms = MIN (self->backoff_ms * 2, self->backoff_max_ms);
}

static gboolean
write_message (RdAmiClient   *self,
               RdAmiMessage  *message,
               GError       **error)
{
  g_autofree char *text = rd_ami_message_to_string (message);
  GOutputStream *out;

  if (self->connection == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED, "not connected to Asterisk");
      return FALSE;
    }
  out = g_io_stream_get_output_stream (G_IO_STREAM (self->connection));
  /* Actions are a few hundred bytes on a socket that is read all the time: written at once. */
  return g_output_stream_write_all (out, text, strlen (text), NULL, self->cancellable, error);
}

static char *
stamp_action (RdAmiClient  *self,
              RdAmiMessage *action)
{
  char *id = g_strdup_printf ("rd-%" G_GUINT64_FORMAT, ++self->next_action);

  rd_ami_message_add (action, "ActionID", id);
  return id;
}

static gboolean
ping_cb (gpointer user_data)
{
  RdAmiClient *self = user_data;
  g_autoptr(RdAmiMessage) ping = NULL;
  g_autoptr(GError) error = NULL;

  if (self->ping_id_pending != NULL)
    {
      self->ping_id = 0;
      drop (self, "no answer to the keepalive Ping");
      return G_SOURCE_REMOVE;
    }
  ping = rd_ami_message_new ();
  rd_ami_message_add (ping, "Action", "Ping");
  self->ping_id_pending = stamp_action (self, ping);
  if (!write_message (self, ping, &error))
    {
      self->ping_id = 0;
      drop (self, error->message);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

/* A peer that takes the connection and never answers the Login (a hung Asterisk, or one
 * whose kernel still accepts) is as dead as one that refuses it. */
static gboolean
login_timeout_cb (gpointer user_data)
{
  RdAmiClient *self = user_data;

  self->login_timeout_id = 0;
  drop (self, "no answer to the Login");
  return G_SOURCE_REMOVE;
}

static void
logged_in (RdAmiClient *self)
{
  g_clear_handle_id (&self->login_timeout_id, g_source_remove);
  self->logged_in = TRUE;
  self->backoff_ms = self->backoff_min_ms;
  g_message ("ami: %s: logged in as %s", self->address, self->username);
  if (self->keepalive_s > 0)
    self->ping_id = g_timeout_add_seconds (self->keepalive_s, ping_cb, self);
  g_signal_emit (self, signals[SIGNAL_CONNECTED], 0);
}

/* Handles one message; FALSE when the connection was dropped. */
static gboolean
handle_message (RdAmiClient  *self,
                RdAmiMessage *message)
{
  const char *response = rd_ami_message_get (message, "Response");
  const char *action_id = rd_ami_message_get (message, "ActionID");

  if (self->login_id != NULL && g_strcmp0 (action_id, self->login_id) == 0)
    {
      g_clear_pointer (&self->login_id, g_free);
      if (g_ascii_strcasecmp (response != NULL ? response : "", "Success") != 0)
        {
          g_autofree char *why = g_strdup_printf ("login as %s refused: %s", self->username,
                                                  rd_ami_message_get (message, "Message"));

          g_warning ("ami: %s: %s", self->address, why);
          drop (self, why);
          return FALSE;
        }
      logged_in (self);
      return TRUE;
    }
  if (self->ping_id_pending != NULL && g_strcmp0 (action_id, self->ping_id_pending) == 0)
    {
      g_clear_pointer (&self->ping_id_pending, g_free);
      return TRUE;
    }
  if (self->logged_in)
    g_signal_emit (self, signals[SIGNAL_MESSAGE], 0, message);
  return TRUE;
}

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  RdAmiClient *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, &error);
  RdAmiMessage *message;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_object_unref (self);
      return;
    }
  if (bytes == NULL || g_bytes_get_size (bytes) == 0)
    {
      drop (self, bytes == NULL ? error->message : "the peer closed the connection");
      g_object_unref (self);
      return;
    }
  rd_ami_parser_feed (self->parser, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  while ((message = rd_ami_parser_next (self->parser)) != NULL)
    {
      gboolean alive = handle_message (self, message);

      rd_ami_message_free (message);
      if (!alive)
        {
          g_object_unref (self);
          return;
        }
    }
  read_more (self);
  g_object_unref (self);
}

static void
read_more (RdAmiClient *self)
{
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (self->connection));

  g_input_stream_read_bytes_async (in, READ_CHUNK, G_PRIORITY_DEFAULT, self->cancellable, read_cb,
                                   g_object_ref (self));
}

static void
connected_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  RdAmiClient *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(RdAmiMessage) login = NULL;
  GSocketConnection *connection = g_socket_client_connect_to_host_finish (G_SOCKET_CLIENT (source),
                                                                          result, &error);

  if (connection == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        drop (self, error->message);
      g_object_unref (self);
      return;
    }
  self->connection = connection;
  login = rd_ami_message_new ();
  rd_ami_message_add (login, "Action", "Login");
  rd_ami_message_add (login, "Username", self->username);
  rd_ami_message_add (login, "Secret", self->secret);
  rd_ami_message_add (login, "Events", "on");
  self->login_id = stamp_action (self, login);
  if (!write_message (self, login, &error))
    drop (self, error->message);
  else
    {
      self->login_timeout_id = g_timeout_add_seconds (MAX (2 * self->keepalive_s, 2), login_timeout_cb, self);
      read_more (self);
    }
  g_object_unref (self);
}

static void
connect_now (RdAmiClient *self)
{
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_socket_client_connect_to_host_async (self->socket_client, self->address, AMI_DEFAULT_PORT,
                                         self->cancellable, connected_cb, g_object_ref (self));
}

void
rd_ami_client_start (RdAmiClient *self)
{
  g_return_if_fail (RD_IS_AMI_CLIENT (self));

  if (self->running)
    return;
  self->running = TRUE;
  self->backoff_ms = self->backoff_min_ms;
  connect_now (self);
}

void
rd_ami_client_stop (RdAmiClient *self)
{
  g_return_if_fail (RD_IS_AMI_CLIENT (self));

  self->running = FALSE;
  g_clear_handle_id (&self->retry_id, g_source_remove);
  drop (self, "stopped");
}

gboolean
rd_ami_client_is_connected (RdAmiClient *self)
{
  g_return_val_if_fail (RD_IS_AMI_CLIENT (self), FALSE);
  return self->logged_in;
}

gboolean
rd_ami_client_send (RdAmiClient   *self,
                    RdAmiMessage  *action,
                    char         **action_id,
                    GError       **error)
{
  g_autofree char *id = NULL;

  g_return_val_if_fail (RD_IS_AMI_CLIENT (self), FALSE);

  if (!self->logged_in)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED,
                   "not connected to Asterisk at %s; trying again", self->address);
      return FALSE;
    }
  id = stamp_action (self, action);
  if (!write_message (self, action, error))
    {
      drop (self, "a write failed");
      return FALSE;
    }
  if (action_id != NULL)
    *action_id = g_steal_pointer (&id);
  return TRUE;
}

void
rd_ami_client_set_timing (RdAmiClient *self,
                          guint        backoff_min_ms,
                          guint        backoff_max_ms,
                          guint        keepalive_s)
{
  g_return_if_fail (RD_IS_AMI_CLIENT (self));
  self->backoff_min_ms = MAX (backoff_min_ms, 10);
  self->backoff_max_ms = MAX (backoff_max_ms, self->backoff_min_ms);
  self->keepalive_s = keepalive_s;
}

static void
rd_ami_client_dispose (GObject *object)
{
  RdAmiClient *self = RD_AMI_CLIENT (object);

  self->running = FALSE;
  g_clear_handle_id (&self->retry_id, g_source_remove);
  g_clear_handle_id (&self->ping_id, g_source_remove);
  g_clear_handle_id (&self->login_timeout_id, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->connection);
  g_clear_object (&self->socket_client);
  G_OBJECT_CLASS (rd_ami_client_parent_class)->dispose (object);
}

static void
rd_ami_client_finalize (GObject *object)
{
  RdAmiClient *self = RD_AMI_CLIENT (object);

  g_clear_pointer (&self->parser, rd_ami_parser_free);
  g_free (self->address);
  g_free (self->username);
  if (self->secret != NULL)
    memset (self->secret, 0, strlen (self->secret));
  g_free (self->secret);
  g_free (self->login_id);
  g_free (self->ping_id_pending);
  G_OBJECT_CLASS (rd_ami_client_parent_class)->finalize (object);
}

static void
rd_ami_client_class_init (RdAmiClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rd_ami_client_dispose;
  object_class->finalize = rd_ami_client_finalize;

  signals[SIGNAL_CONNECTED] = g_signal_new ("connected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                            0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_DISCONNECTED] = g_signal_new ("disconnected", G_TYPE_FROM_CLASS (klass),
                                               G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* An event or response (RdAmiMessage *, valid during the emission). */
  signals[SIGNAL_MESSAGE] = g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
}

static void
rd_ami_client_init (RdAmiClient *self)
{
  self->socket_client = g_socket_client_new ();
  self->parser = rd_ami_parser_new ();
  self->backoff_min_ms = 1000;
  self->backoff_max_ms = 30000;
  self->keepalive_s = 20;
}

RdAmiClient *
rd_ami_client_new (const char *host_and_port,
                   const char *username,
                   const char *secret)
{
  RdAmiClient *self = g_object_new (RD_TYPE_AMI_CLIENT, NULL);

  self->address = g_strdup (host_and_port);
  self->username = g_strdup (username);
  self->secret = g_strdup (secret);
  return self;
}
