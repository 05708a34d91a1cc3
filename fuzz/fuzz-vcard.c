/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A vCard file's text (3.0 or 4.0, any number of cards) through the vCard reader. */
#include <stddef.h>
#include <stdint.h>

#include "rd-vcard.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cards = NULL;

  /* rd_vcard_import() reads the file as text and hands it over the same way (a NUL ends
   * it). */
  cards = rd_vcard_parse (text, &error);
  g_assert ((cards != NULL) != (error != NULL));
  return 0;
}
