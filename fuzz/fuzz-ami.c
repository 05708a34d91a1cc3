/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Asterisk Manager Interface bytes as they come off the socket: split in three reads,
 * parsed into messages, each written back out as the client would. */
#include <stddef.h>
#include <stdint.h>

#include "rd-ami-message.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
drain (RdAmiParser *parser)
{
  RdAmiMessage *message;

  while ((message = rd_ami_parser_next (parser)) != NULL)
    {
      g_autofree char *wire = rd_ami_message_to_string (message);

      g_assert (wire != NULL);

      (void) rd_ami_message_get (message, "Event");
      (void) rd_ami_message_get (message, "Response");
      (void) rd_ami_message_size (message);
      rd_ami_message_free (message);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(RdAmiParser) parser = rd_ami_parser_new ();
  size_t a, b;

  if (size < 2)
    return 0;

  a = MIN ((size_t) data[0], size - 2);
  b = MIN (a + data[1], size - 2);
  data += 2, size -= 2;

  rd_ami_parser_feed (parser, (const char *) data, a);
  drain (parser);
  rd_ami_parser_feed (parser, (const char *) data + a, b - a);
  drain (parser);
  rd_ami_parser_feed (parser, (const char *) data + b, size - b);
  drain (parser);

  /* A dropped connection mid-message, then the stream again from the start. */
  rd_ami_parser_reset (parser);
  rd_ami_parser_feed (parser, (const char *) data, size);
  drain (parser);
  return 0;
}
