/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The query string of GET /api/v1/reports/NAME (?from=&to=&by=&tz=&campaign=&limit=...),
 * decoded by libsoup as the server's handler gets it, read by the reports' parameter
 * parser; a query it takes also gets its periods cut as the reports cut them. */
#include <stddef.h>
#include <stdint.h>

#include <libsoup/soup.h>

#include "rd-reports.h"
#include "rd-report-private.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr(GHashTable) params = soup_form_decode (text);
  g_autoptr(GError) error = NULL;
  RdReportQuery query = { 0 };

  if (rd_report_query_parse (&query, params, 1700000000000, &error))
    {
      g_autofree char *sql = rd_report_period_sql (&query, "started_at");
      guint n = rd_report_n_periods (&query);
      guint steps = 0;

      g_assert (error == NULL && sql != NULL);
      /* The periods as the reports walk them: each ends past where it starts. */
      for (gint64 t = query.from_ms; t < query.to_ms && steps < 100000; steps++)
        {
          gint64 end = rd_report_period_end (&query, t);

          g_assert (end > t);
          (void) rd_report_period (&query, t);
          g_assert (rd_report_period_index (&query, t) < MAX (n, 1));
          t = end;
        }
    }
  else
    g_assert (error != NULL);
  rd_report_query_clear (&query);
  return 0;
}
