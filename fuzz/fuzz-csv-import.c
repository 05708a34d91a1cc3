/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A CSV file through the contact import, with the options the import dialog and
 * `ringdesk-cli import` give. Input: one byte of options, one of duplicates and start
 * row, then (when the options say so) a mapping line, then the file.
 *
 *   options: bits 0-2 delimiter (0 detect, 1 ',', 2 ';', 3 TAB, 4 '|', else detect),
 *            bit 3 CP1251, bit 4 header row, bit 5 mapping line, bit 6 skip bad rows,
 *            bit 7 commit (else a dry run)
 *   second:  bits 0-1 duplicates (create, skip, update), bits 2-3 start row,
 *            bits 4-5 country (the store's, DE, US, the unknown ZZ) */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "rd-csv-import.h"
#include "rd-fuzz-store.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static const char delimiters[] = { 0, ',', ';', '\t', '|', 0, 0, 0 };
  static const char *const countries[] = { NULL, "DE", "US", "ZZ" };
  RdStore *store = rd_fuzz_store ();
  RdCsvImportOptions options;
  g_autoptr(RdCsvImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *mapping = NULL;
  gboolean ok;

  if (size < 2)
    return 0;

  rd_csv_import_options_init (&options);
  options.delimiter = delimiters[data[0] & 7];
  options.encoding = (data[0] & 8) ? "CP1251" : "UTF-8";
  options.header = (data[0] & 16) != 0;
  options.skip_bad = (data[0] & 64) != 0;
  options.dry_run = (data[0] & 128) == 0;
  options.duplicates = (data[1] & 3) % 3;
  options.start_row = (data[1] >> 2) & 3;
  options.country = countries[(data[1] >> 4) & 3];

  if (data[0] & 32)
    {
      const uint8_t *eol = memchr (data + 2, '\n', size - 2);
      size_t len = eol ? (size_t) (eol - (data + 2)) : size - 2;

      mapping = g_strndup ((const char *) data + 2, len);
      options.mapping = mapping;
      data += len + (eol ? 1 : 0);
      size -= len + (eol ? 1 : 0);
    }
  data += 2, size -= 2;

  ok = rd_csv_import_contacts (store, rd_fuzz_write_input (data, size), &options,
                               &report, &error);
  g_assert (ok == (error == NULL));
  g_assert (!ok || report != NULL);
  return 0;
}
