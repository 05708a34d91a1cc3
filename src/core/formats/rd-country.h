/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Countries of ISO 3166-1 (from iso-codes, built in: rd-country-table.h). The store keeps
 * an address's country as its alpha-2 code ("DE"), which is also the region its record's
 * phone numbers are read for. */

/* The alpha-2 code (static string) of @text: an alpha-2 or alpha-3 code, or a country's
 * name in English or Russian ("de", "DEU", "Germany", "Германия", "Russia", "USA"), any
 * case, surrounding blanks ignored. NULL when it names no country. */
const char *rd_country_code           (const char *text);

/* The name of @code ("DE") in English, or in Russian when @russian: "Germany",
 * "Германия" (static strings). NULL for an unknown code. */
const char *rd_country_name           (const char *code,
                                       gboolean    russian);

/* The number of countries and the alpha-2 code of the @i-th (alphabetical by code). */
guint       rd_country_count          (void);
const char *rd_country_code_at        (guint       i);

G_END_DECLS
