/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "rd-ws-limit-stream.h"

/* A frame is a 2-byte head, 0, 2 or 8 bytes of extended length and, from a client, a
 * 4-byte mask, then its payload (RFC 6455 5.2). Only the lengths matter here: the bytes go
 * on to libsoup unchanged until a message is too big. */

#define MAX_HEAD 14
#define CLOSE_GRACE_SECONDS 2

struct _RdWsLimitStream
{
  GFilterInputStream  parent_instance;

  gsize               max_message;
  guint8              head[MAX_HEAD];
  guint               head_len;
  guint64             payload_left;   /* of the current frame */
  guint64             message;        /* the data frames of the current message so far */
  gboolean            tripped;
  GWeakRef            connection;
  guint               grace_id;
};

static void rd_ws_limit_stream_pollable_init (GPollableInputStreamInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RdWsLimitStream, rd_ws_limit_stream, G_TYPE_FILTER_INPUT_STREAM,
                               G_IMPLEMENT_INTERFACE (G_TYPE_POLLABLE_INPUT_STREAM,
                                                      rd_ws_limit_stream_pollable_init))

/* The head's full length once its first two bytes are in (0 before). */
static guint
head_length (const guint8 *head,
             guint         have)
{
  guint len7;

  if (have < 2)
    return 0;
  len7 = head[1] & 0x7f;
  return 2 + (len7 == 126 ? 2 : len7 == 127 ? 8 : 0) + ((head[1] & 0x80) ? 4 : 0);
}

static guint64
payload_length (const guint8 *head)
{
  guint len7 = head[1] & 0x7f;
  guint64 len = 0;

  if (len7 < 126)
    return len7;
  for (guint i = 0; i < (len7 == 126 ? 2u : 8u); i++)
    len = (len << 8) | head[2 + i];
  return len;
}

static gboolean
grace_over_cb (gpointer user_data)
{
  RdWsLimitStream *self = user_data;
  g_autoptr(SoupWebsocketConnection) connection = g_weak_ref_get (&self->connection);

  self->grace_id = 0;
  /* The peer did not answer the close: end it (libsoup then says "closed"). */
  if (connection && soup_websocket_connection_get_state (connection) != SOUP_WEBSOCKET_STATE_CLOSED)
    g_io_stream_close (soup_websocket_connection_get_io_stream (connection), NULL, NULL);
  return G_SOURCE_REMOVE;
}

static void
trip (RdWsLimitStream *self)
{
  g_autoptr(SoupWebsocketConnection) connection = g_weak_ref_get (&self->connection);

  self->tripped = TRUE;
  if (connection && soup_websocket_connection_get_state (connection) == SOUP_WEBSOCKET_STATE_OPEN)
    {
      g_message ("events: a WebSocket message of over %" G_GSIZE_FORMAT " bytes; closing (1009)",
                 self->max_message);
      soup_websocket_connection_close (connection, SOUP_WEBSOCKET_CLOSE_TOO_BIG,
                                       "message too big");
    }
  if (self->grace_id == 0)
    self->grace_id = g_timeout_add_seconds_full (G_PRIORITY_DEFAULT, CLOSE_GRACE_SECONDS,
                                                 grace_over_cb, g_object_ref (self),
                                                 g_object_unref);
}

/* Follows the frames through @count bytes of @data; FALSE once a message goes over the
 * limit inside them. */
static gboolean
scan (RdWsLimitStream *self,
      const guint8    *data,
      gsize            count)
{
  gsize i = 0;

  while (i < count)
    {
      guint opcode;
      guint64 len;

      if (self->payload_left > 0)
        {
          guint64 n = MIN (self->payload_left, count - i);

          self->payload_left -= n;
          i += n;
          continue;
        }

      self->head[self->head_len++] = data[i++];
      if (self->head_len < 2 || self->head_len < head_length (self->head, self->head_len))
        continue;

      opcode = self->head[0] & 0x0f;
      len = payload_length (self->head);
      self->head_len = 0;
      self->payload_left = len;
      if (opcode >= 8)   /* control frames: libsoup allows 125 bytes */
        continue;
      if (opcode != 0)   /* a text or binary frame starts a message; 0 continues it */
        self->message = 0;
      self->message += len;
      if (self->message > self->max_message)
        return FALSE;
      if (self->head[0] & 0x80)   /* FIN */
        self->message = 0;
    }

  return TRUE;
}

/* What a read of @n bytes gives libsoup: all of them, or, once a message went over the
 * limit, nothing (the read is dropped and the caller told to wait; the end of the stream
 * still comes through), so the oversized message never reaches libsoup's buffer. */
static gssize
pass_or_drop (RdWsLimitStream *self,
              guint8          *buffer,
              gssize           n,
              GError         **error)
{
  if (n <= 0)
    return n;
  if (!self->tripped && scan (self, buffer, n))
    return n;
  if (!self->tripped)
    trip (self);
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK,
                       "dropped: the message went over the limit");
  return -1;
}

static gssize
rd_ws_limit_stream_read (GInputStream  *stream,
                         void          *buffer,
                         gsize          count,
                         GCancellable  *cancellable,
                         GError       **error)
{
  RdWsLimitStream *self = RD_WS_LIMIT_STREAM (stream);
  GInputStream *base = g_filter_input_stream_get_base_stream (G_FILTER_INPUT_STREAM (stream));

  for (;;)
    {
      g_autoptr(GError) local_error = NULL;
      gssize n = g_input_stream_read (base, buffer, count, cancellable, error);

      n = pass_or_drop (self, buffer, n, &local_error);
      if (n >= 0 || !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        {
          if (local_error)
            g_propagate_error (error, g_steal_pointer (&local_error));
          return n;
        }
      /* blocking: keep dropping until the peer closes */
    }
}

static gboolean
rd_ws_limit_stream_can_poll (GPollableInputStream *stream)
{
  GInputStream *base = g_filter_input_stream_get_base_stream (G_FILTER_INPUT_STREAM (stream));

  return G_IS_POLLABLE_INPUT_STREAM (base) &&
         g_pollable_input_stream_can_poll (G_POLLABLE_INPUT_STREAM (base));
}

static gboolean
rd_ws_limit_stream_is_readable (GPollableInputStream *stream)
{
  GInputStream *base = g_filter_input_stream_get_base_stream (G_FILTER_INPUT_STREAM (stream));

  return g_pollable_input_stream_is_readable (G_POLLABLE_INPUT_STREAM (base));
}

static GSource *
rd_ws_limit_stream_create_source (GPollableInputStream *stream,
                                  GCancellable         *cancellable)
{
  GInputStream *base = g_filter_input_stream_get_base_stream (G_FILTER_INPUT_STREAM (stream));
  g_autoptr(GSource) base_source =
    g_pollable_input_stream_create_source (G_POLLABLE_INPUT_STREAM (base), NULL);

  return g_pollable_source_new_full (stream, base_source, cancellable);
}

static gssize
rd_ws_limit_stream_read_nonblocking (GPollableInputStream  *stream,
                                     void                  *buffer,
                                     gsize                  count,
                                     GError               **error)
{
  RdWsLimitStream *self = RD_WS_LIMIT_STREAM (stream);
  GInputStream *base = g_filter_input_stream_get_base_stream (G_FILTER_INPUT_STREAM (stream));
  gssize n = g_pollable_input_stream_read_nonblocking (G_POLLABLE_INPUT_STREAM (base), buffer,
                                                       count, NULL, error);

  return pass_or_drop (self, buffer, n, error);
}

static void
rd_ws_limit_stream_pollable_init (GPollableInputStreamInterface *iface)
{
  iface->can_poll = rd_ws_limit_stream_can_poll;
  iface->is_readable = rd_ws_limit_stream_is_readable;
  iface->create_source = rd_ws_limit_stream_create_source;
  iface->read_nonblocking = rd_ws_limit_stream_read_nonblocking;
}

static void
rd_ws_limit_stream_finalize (GObject *object)
{
  RdWsLimitStream *self = (RdWsLimitStream *) object;

  g_weak_ref_clear (&self->connection);
  G_OBJECT_CLASS (rd_ws_limit_stream_parent_class)->finalize (object);
}

static void
rd_ws_limit_stream_class_init (RdWsLimitStreamClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rd_ws_limit_stream_finalize;
  G_INPUT_STREAM_CLASS (klass)->read_fn = rd_ws_limit_stream_read;
}

static void
rd_ws_limit_stream_init (RdWsLimitStream *self)
{
  g_weak_ref_init (&self->connection, NULL);
}

GIOStream *
rd_ws_limit_wrap (GIOStream        *base,
                  gsize             max_message,
                  RdWsLimitStream **limit)
{
  RdWsLimitStream *input = g_object_new (RD_TYPE_WS_LIMIT_STREAM,
                                         "base-stream", g_io_stream_get_input_stream (base),
                                         "close-base-stream", FALSE, NULL);
  GIOStream *wrapped;

  input->max_message = max_message;
  wrapped = g_simple_io_stream_new (G_INPUT_STREAM (input), g_io_stream_get_output_stream (base));
  /* The connection (socket, TLS) lives as long as its wrapper and closes with it. */
  g_object_set_data_full (G_OBJECT (wrapped), "rd-ws-base", g_object_ref (base), g_object_unref);
  *limit = input;
  g_object_unref (input);
  return wrapped;
}

void
rd_ws_limit_stream_watch (RdWsLimitStream         *self,
                          SoupWebsocketConnection *connection)
{
  g_return_if_fail (RD_IS_WS_LIMIT_STREAM (self));
  g_weak_ref_set (&self->connection, connection);
}

gboolean
rd_ws_limit_stream_tripped (RdWsLimitStream *self)
{
  g_return_val_if_fail (RD_IS_WS_LIMIT_STREAM (self), FALSE);
  return self->tripped;
}
