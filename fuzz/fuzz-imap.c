/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The one part of an IMAP server's answers the client reads itself (libcurl reads the
 * rest): the untagged "* SEARCH 1 2 3" lines of UID SEARCH, as rd_imap_fetch_new_async
 * hands them to rd_imap_parse_search. Every UID returned must be one the text wrote,
 * between 1 and 2^32-1. */
#include <stddef.h>
#include <stdint.h>

#include <glib.h>

#include "rd-imap-client.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr(GArray) uids = rd_imap_parse_search (text);

  g_assert (uids != NULL);
  for (guint i = 0; i < uids->len; i++)
    {
      g_autofree char *digits = g_strdup_printf ("%u", g_array_index (uids, guint32, i));

      g_assert (g_array_index (uids, guint32, i) >= 1);
      g_assert (g_strstr_len (text, -1, digits) != NULL);
    }
  return 0;
}
