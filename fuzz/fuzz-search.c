/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The search box and the advanced search's query language (`status = new and (amount >=
 * 1000 or name like 'Iv%')`) on a replica. Input: one byte choosing the table (bits 0-2)
 * and the order (bit 3: newest name first), then the query text; the same text also goes
 * to the quick search and the full-text search. */
#include <stddef.h>
#include <stdint.h>

#include "rd-fuzz-store.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static const char *const tables[] = {
    "contacts", "leads", "organizations", "deals", "tickets", "calls", "messages", "nope",
  };
  RdStore *store = rd_fuzz_store ();
  g_autofree char *text = NULL;
  const char *table;
  const char *order;

  if (size < 1)
    return 0;
  table = tables[data[0] & 7];
  order = (data[0] & 8) ? "-name" : NULL;
  text = g_strndup ((const char *) data + 1, size - 1);

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) found = rd_store_search (store, table, text, order, 0, 20, &error);

    g_assert ((found != NULL) != (error != NULL));
  }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) found = rd_store_quick_search (store, text, 0, 20, &error);

    g_assert ((found != NULL) != (error != NULL));
  }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) found = rd_store_fts (store, text, 0, 20, &error);

    g_assert ((found != NULL) != (error != NULL));
  }
  return 0;
}
