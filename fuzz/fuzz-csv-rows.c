/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A leadset or DNC list file as the server reads it (rd-center-import.c): decoded from
 * UTF-8 or CP1251, its delimiter detected or given, then read as rows from a start row.
 * Input: one byte (bits 0-2 delimiter: 0 detect, 1 ',', 2 ';', 3 TAB, 4 '|', else detect;
 * bit 3 CP1251; bits 4-5 start row) then the file. */
#include <stddef.h>
#include <stdint.h>

#include "rd-csv-table.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static gboolean
row_cb (guint        line,
        GPtrArray   *fields,
        const char  *bad,
        gpointer     user_data,
        GError     **error)
{
  guint *rows = user_data;

  g_assert (line > 0);
  for (guint i = 0; bad == NULL && i < fields->len; i++)
    if (fields->pdata[i] != NULL)
      g_assert (g_utf8_validate (fields->pdata[i], -1, NULL));
  (*rows)++;
  return TRUE;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static const char delimiters[] = { 0, ',', ';', '\t', '|', 0, 0, 0 };
  g_autofree char *converted = NULL;
  g_autoptr(GError) error = NULL;
  const char *text;
  char delimiter;
  gsize len = 0;
  guint rows = 0;

  if (size < 1)
    return 0;
  text = rd_csv_decode ((const char *) data + 1, size - 1, (data[0] & 8) ? "CP1251" : "UTF-8",
                        &converted, &len, &error);
  if (text == NULL)
    {
      g_assert (error != NULL);
      return 0;
    }
  delimiter = delimiters[data[0] & 7];
  if (delimiter == 0)
    delimiter = rd_csv_detect_delimiter (text, len);
  if (!rd_csv_read_rows (text, len, delimiter, (data[0] >> 4) & 3, row_cb, &rows, &error))
    g_assert (error != NULL);
  return 0;
}
