/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "rd-query-terms.h"
#include "rd-ticket-text.h"

/* GLib 2.74 has no g_ptr_array_sort_values(). */
static gint
text_compare (gconstpointer a,
              gconstpointer b)
{
  return strcmp (*(char **) a, *(char **) b);
}


static void
add_unique_sorted (GPtrArray  *out,
                   const char *text)
{
  guint at;

  if (g_ptr_array_find_with_equal_func (out, text, g_str_equal, &at))
    return;
  g_ptr_array_add (out, g_strdup (text));
}

GPtrArray *
rd_ticket_text_terms (const char *subject,
                      const char *description)
{
  g_autofree char *text = g_strconcat (subject ? subject : "", "\n", description ? description : "", NULL);
  g_autoptr(GPtrArray) terms = rd_query_terms_new (text);
  GPtrArray *stems = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < terms->len; i++)
    add_unique_sorted (stems, ((RdQueryTerm *) terms->pdata[i])->stem);
  g_ptr_array_sort (stems, text_compare);
  return stems;
}

GPtrArray *
rd_ticket_text_tags (const char *tags)
{
  g_auto(GStrv) parts = g_strsplit (tags ? tags : "", ",", -1);
  GPtrArray *labels = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_autofree char *label = g_strstrip (g_utf8_strdown (parts[i], -1));

      if (*label != '\0')
        add_unique_sorted (labels, label);
    }
  g_ptr_array_sort (labels, text_compare);
  return labels;
}
