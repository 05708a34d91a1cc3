/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The AMI wire format: messages of "Key: Value" lines, each message ending in a blank line. */
#include "config.h"

#include <string.h>

#include "rd-ami-message.h"

/* A line longer than this is no AMI line: it is dropped rather than buffered forever. */
#define MAX_LINE 65536

struct _RdAmiMessage
{
  GPtrArray *keys;
  GPtrArray *values;
};

struct _RdAmiParser
{
  GString      *buffer;   /* bytes after the last complete line */
  RdAmiMessage *current;  /* the message being read; NULL between messages */
  GQueue        ready;    /* complete messages */
};

RdAmiMessage *
rd_ami_message_new (void)
{
  RdAmiMessage *message = g_new0 (RdAmiMessage, 1);

  message->keys = g_ptr_array_new_with_free_func (g_free);
  message->values = g_ptr_array_new_with_free_func (g_free);
  return message;
}

void
rd_ami_message_free (RdAmiMessage *message)
{
  if (message == NULL)
    return;
  g_ptr_array_unref (message->keys);
  g_ptr_array_unref (message->values);
  g_free (message);
}

void
rd_ami_message_add (RdAmiMessage *message,
                    const char   *key,
                    const char   *value)
{
  g_ptr_array_add (message->keys, g_strdup (key));
  g_ptr_array_add (message->values, g_strdup (value != NULL ? value : ""));
}

const char *
rd_ami_message_get (const RdAmiMessage *message,
                    const char         *key)
{
  for (guint i = 0; i < message->keys->len; i++)
    if (g_ascii_strcasecmp (message->keys->pdata[i], key) == 0)
      return message->values->pdata[i];
  return NULL;
}

guint
rd_ami_message_size (const RdAmiMessage *message)
{
  return message->keys->len;
}

char *
rd_ami_message_to_string (const RdAmiMessage *message)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < message->keys->len; i++)
    {
      /* A value never carries a line break onto the wire: it would start a new key. */
      g_autofree char *value = g_strdup (message->values->pdata[i]);

      g_strdelimit (value, "\r\n", ' ');
      g_string_append_printf (out, "%s: %s\r\n", (char *) message->keys->pdata[i], value);
    }
  g_string_append (out, "\r\n");
  return g_string_free (out, FALSE);
}

RdAmiParser *
rd_ami_parser_new (void)
{
  RdAmiParser *parser = g_new0 (RdAmiParser, 1);

  parser->buffer = g_string_new (NULL);
  g_queue_init (&parser->ready);
  return parser;
}

void
rd_ami_parser_reset (RdAmiParser *parser)
{
  g_string_truncate (parser->buffer, 0);
  g_clear_pointer (&parser->current, rd_ami_message_free);
}

void
rd_ami_parser_free (RdAmiParser *parser)
{
  if (parser == NULL)
    return;
  rd_ami_parser_reset (parser);
  g_string_free (parser->buffer, TRUE);
  g_queue_clear_full (&parser->ready, (GDestroyNotify) rd_ami_message_free);
  g_free (parser);
}

static void
parser_line (RdAmiParser *parser,
             char        *line)
{
  char *colon;

  if (*line == '\0')
    {
      if (parser->current != NULL)
        g_queue_push_tail (&parser->ready, g_steal_pointer (&parser->current));
      return;
    }
  colon = strchr (line, ':');
  if (colon == NULL)
    {
      /* The greeting ("Asterisk Call Manager/5.0.1") or a banner between messages; inside
       * a message, a line of command output, which nothing here reads. */
      g_debug ("ami: skipped line “%s”", line);
      return;
    }
  *colon = '\0';
  if (parser->current == NULL)
    parser->current = rd_ami_message_new ();
  /* "Key: Value": one space after the colon by the format; more are kept as the value's. */
  rd_ami_message_add (parser->current, g_strstrip (line), colon[1] == ' ' ? colon + 2 : colon + 1);
}

void
rd_ami_parser_feed (RdAmiParser *parser,
                    const char  *data,
                    gsize        length)
{
  gsize start = 0;

  g_string_append_len (parser->buffer, data, length);
  for (gsize i = 0; i < parser->buffer->len; i++)
    {
      if (parser->buffer->str[i] != '\n')
        continue;
      parser->buffer->str[i] = '\0';
      if (i > start && parser->buffer->str[i - 1] == '\r')
        parser->buffer->str[i - 1] = '\0';
      parser_line (parser, parser->buffer->str + start);
      start = i + 1;
    }
  g_string_erase (parser->buffer, 0, start);
  if (parser->buffer->len > MAX_LINE)
    {
      g_warning ("ami: a line of over %d bytes: dropped", MAX_LINE);
      g_string_truncate (parser->buffer, 0);
    }
}

RdAmiMessage *
rd_ami_parser_next (RdAmiParser *parser)
{
  return g_queue_pop_head (&parser->ready);
}
