/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The ctrl_tcp stream from the softphone engine: bytes split anywhere go through the
 * netstring reader, and each payload through the engine's JSON message handler (responses
 * and events of baresip's ctrl_tcp, docs/softphone.md). */
#include <stddef.h>
#include <stdint.h>

#include "rd-baresip-engine-private.h"
#include "rd-netstring.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static RdBaresipEngine *engine;
  g_autoptr(RdNetstringReader) reader = rd_netstring_reader_new ();
  size_t split;

  /* One engine for the whole run, as the app has: the calls and commands it keeps from one
   * input meet the next inputs' events. */
  if (engine == NULL)
    engine = rd_baresip_engine_new ();

  if (size == 0)
    return 0;

  /* The first byte says where the stream is cut in two reads. */
  split = data[0] % size;
  data++, size--;
  split = MIN (split, size);

  rd_netstring_reader_feed (reader, (const char *) data, split);
  for (int part = 0; part < 2; part++)
    {
      GBytes *payload;
      g_autoptr(GError) error = NULL;

      while ((payload = rd_netstring_reader_next (reader, &error)) != NULL)
        {
          rd_baresip_engine_handle_message (engine, payload);
          g_bytes_unref (payload);
        }
      if (error != NULL)
        break;
      if (part == 0)
        rd_netstring_reader_feed (reader, (const char *) data + split, size - split);
    }

  /* Timers the handler may have armed (the SDP wait) run here, never a child process. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  return 0;
}
