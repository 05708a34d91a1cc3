/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rd-csv-import.h"

G_BEGIN_DECLS

/* CSV import of the product and service catalog. The header row names the columns with the
 * names rd_csv_export() writes for products (name, code, kind, unit_price, currency,
 * tax_rate, active, description; id, owner and created_at are read as known and left
 * alone), so an exported catalog imports back. A row whose id or code is a known product's
 * updates that product; any other row is a new one. Prices and rates take a decimal point
 * or comma ("1 250,50"); active takes 1/0, yes/no, true/false, да/нет. Of @options: the
 * delimiter, the encoding, dry_run and skip_bad (else all-or-nothing); one transaction. */
gboolean rd_csv_import_products (RdStore                   *store,
                                 const char                *path,
                                 const RdCsvImportOptions  *options,
                                 RdCsvImportReport        **report,
                                 GError                   **error);

G_END_DECLS
