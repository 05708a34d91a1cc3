/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ISO 3166-1 countries: codes and names, for addresses and the region of their phones. */
#include "config.h"

#include <string.h>

#include "rd-country.h"

typedef struct {
  const char *alpha2;
  const char *alpha3;
  const char *name;
  const char *common_name;
  const char *russian;
} RdCountryEntry;

#include "rd-country-table.h"

/* Names people write that are not the ISO ones (vCards, CSV files of other CRMs). */
static const struct {
  const char *name;
  const char *alpha2;
} aliases[] = {
  { "russia", "RU" }, { "россия", "RU" }, { "рф", "RU" },
  { "usa", "US" }, { "united states of america", "US" }, { "сша", "US" }, { "америка", "US" },
  { "uk", "GB" }, { "great britain", "GB" }, { "britain", "GB" }, { "england", "GB" },
  { "великобритания", "GB" }, { "англия", "GB" },
  { "deutschland", "DE" }, { "holland", "NL" }, { "the netherlands", "NL" },
  { "south korea", "KR" }, { "korea", "KR" }, { "north korea", "KP" },
  { "iran", "IR" }, { "vietnam", "VN" }, { "syria", "SY" }, { "moldova", "MD" },
  { "czech republic", "CZ" }, { "byelorussia", "BY" }, { "белоруссия", "BY" },
};

guint
rd_country_count (void)
{
  return G_N_ELEMENTS (rd_country_table);
}

const char *
rd_country_code_at (guint i)
{
  return i < G_N_ELEMENTS (rd_country_table) ? rd_country_table[i].alpha2 : NULL;
}

static const RdCountryEntry *
find_code (const char *code)
{
  gsize lo = 0, hi = G_N_ELEMENTS (rd_country_table);

  while (lo < hi)
    {
      gsize mid = (lo + hi) / 2;
      int cmp = strcmp (code, rd_country_table[mid].alpha2);

      if (cmp == 0)
        return &rd_country_table[mid];
      if (cmp < 0)
        hi = mid;
      else
        lo = mid + 1;
    }
  return NULL;
}

static gboolean
same_name (const char *folded,
           const char *name)
{
  g_autofree char *other = NULL;

  if (name == NULL)
    return FALSE;
  other = g_utf8_casefold (name, -1);
  return strcmp (folded, other) == 0;
}

const char *
rd_country_code (const char *text)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *folded = NULL;
  gsize len;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return NULL;
  trimmed = g_strstrip (g_strdup (text));
  len = strlen (trimmed);
  if (len == 0)
    return NULL;

  if (len == 2 || len == 3)
    {
      g_autofree char *upper = g_ascii_strup (trimmed, -1);

      if (len == 2)
        {
          const RdCountryEntry *e = find_code (upper);

          if (e != NULL)
            return e->alpha2;
        }
      else
        for (gsize i = 0; i < G_N_ELEMENTS (rd_country_table); i++)
          if (strcmp (rd_country_table[i].alpha3, upper) == 0)
            return rd_country_table[i].alpha2;
    }

  folded = g_utf8_casefold (trimmed, -1);
  for (gsize i = 0; i < G_N_ELEMENTS (rd_country_table); i++)
    if (same_name (folded, rd_country_table[i].name) || same_name (folded, rd_country_table[i].common_name) ||
        same_name (folded, rd_country_table[i].russian))
      return rd_country_table[i].alpha2;
  for (gsize i = 0; i < G_N_ELEMENTS (aliases); i++)
    if (same_name (folded, aliases[i].name))
      return find_code (aliases[i].alpha2)->alpha2;
  return NULL;
}

const char *
rd_country_name (const char *code,
                 gboolean    russian)
{
  g_autofree char *upper = NULL;
  const RdCountryEntry *e;

  if (code == NULL)
    return NULL;
  upper = g_ascii_strup (code, -1);
  e = find_code (upper);
  if (e == NULL)
    return NULL;
  if (russian)
    return e->russian;
  return e->common_name != NULL ? e->common_name : e->name;
}
