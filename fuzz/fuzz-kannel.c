/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Kannel's callbacks to the server: the query string of a delivery report
 * (?id=&type=&reply=) or of an incoming SMS (?from=&to=&text=&coding=&charset=), decoded by
 * libsoup as the server's handlers get it, then read by both callback parsers. */
#include <stddef.h>
#include <stdint.h>

#include <libsoup/soup.h>

#include "rd-kannel-callbacks.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr(GHashTable) query = soup_form_decode (text);

  {
    g_autoptr(GError) error = NULL;
    const char *message_id = NULL;
    const char *reply = NULL;
    RdSmsReport report;

    if (rd_kannel_parse_dlr (query, &message_id, &report, &reply, &error))
      g_assert (message_id != NULL);
    else
      g_assert (error != NULL);
  }
  {
    g_autoptr(GError) error = NULL;
    const char *from = NULL;
    const char *to = NULL;
    g_autofree char *sms = rd_kannel_parse_inbound (query, &from, &to, &error);

    if (sms != NULL)
      g_assert (g_utf8_validate (sms, -1, NULL));
    else
      g_assert (error != NULL);
  }
  return 0;
}
