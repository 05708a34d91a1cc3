/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rd-bench-phone.h"

char *
rd_bench_caller_number (guint i)
{
  return g_strdup_printf ("+7 9%02u %03u-%02u-%02u", (i / 10000000) % 100, (i / 10000) % 1000,
                          (i / 100) % 100, i % 100);
}

void
rd_bench_fill_contacts (RdStore *store,
                        guint    contacts)
{
  g_autoptr(GError) error = NULL;

  /* A replica as a snapshot load makes it: no outbox. */
  rd_store_set_capture (store, FALSE);
  for (guint i = 0; i < contacts; i++)
    {
      g_autoptr(RdRecord) contact = rd_record_new ("contacts");
      g_autofree char *name = g_strdup_printf ("Contact %u", i);
      g_autofree char *number = rd_bench_caller_number (i);

      if (i % 20000 == 0)
        {
          if (i > 0 && !rd_store_commit (store, &error))
            g_error ("commit: %s", error->message);
          if (!rd_store_begin (store, &error))
            g_error ("begin: %s", error->message);
        }
      rd_record_set_string (contact, "name", name);
      rd_record_add_phone (contact, number, "mobile");
      if (!rd_store_insert (store, contact, &error))
        g_error ("insert: %s", error->message);
    }
  if (!rd_store_commit (store, &error))
    g_error ("commit: %s", error->message);
  rd_store_set_capture (store, TRUE);
}

static int
cmp_double (const void *a,
            const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

double
rd_bench_percentile (GArray *values,
                     double  p)
{
  gsize i;

  if (values->len == 0)
    return 0.0;
  i = (gsize) (p * (values->len - 1) + 0.5);
  return g_array_index (values, double, i);
}

void
rd_bench_sort (GArray *values)
{
  g_array_sort (values, cmp_double);
}
