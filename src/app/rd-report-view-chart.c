/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include <glib/gi18n.h>

#include "rd-report-row.h"
#include "rd-api-call.h"
#include "rd-report-view-private.h"

/* The view's chart, made from the rows the table shows: the kind's series columns summed
 * per category, so that a report per campaign and hour draws one bar per hour. */

/* --- the chart -------------------------------------------------------------------------- */

static char *
category_of (RdReportView *self,
             RdReportRow  *row,
             int          *hour)
{
  const char *column = self->kind->category;
  JsonNode *value;

  *hour = -1;
  /* the CRM reports group by a column of their part's own: the first one */
  if (g_strcmp0 (column, "@first") == 0)
    column = self->columns != NULL && json_array_get_length (self->columns) > 0
      ? rd_api_string (json_array_get_object_element (self->columns, 0), "name") : NULL;
  if (g_strcmp0 (column, "@period") != 0)
    {
      char *text = rd_report_format_cell (column, rd_report_view_column_type (self, column),
                                          rd_report_row_get (row, column));

      /* a disposition without a label: its code */
      if (*text == '\0' && rd_report_row_get (row, "disposition") != NULL)
        {
          g_free (text);
          text = rd_report_format_cell ("disposition", "text", rd_report_row_get (row, "disposition"));
        }
      return text;
    }
  value = rd_report_row_get (row, "hour");
  if (value != NULL && !JSON_NODE_HOLDS_NULL (value))
    {
      *hour = (int) rd_report_cell_number (value);
      return g_strdup_printf ("%02d", *hour);
    }
  value = rd_report_row_get (row, "period");
  if (value == NULL || JSON_NODE_HOLDS_NULL (value))
    return g_strdup (_("All"));
  return rd_report_format_cell ("period", "time", value);
}

/* The chart from the rows: each series column summed per category (campaigns folded). */
void
rd_report_view_update_chart (RdReportView *self)
{
  g_autoptr(GPtrArray) categories = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) series = g_ptr_array_new ();
  g_autoptr(GHashTable) index = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GArray) values = g_array_new (FALSE, TRUE, sizeof (double));
  guint n_rows = g_list_model_get_n_items (G_LIST_MODEL (self->rows));
  guint n_series = 0;
  gboolean hours = FALSE;

  if (self->kind == NULL)
    return;
  gtk_widget_set_visible (self->chart_toggle, self->kind->has_chart);
  gtk_widget_set_visible (self->chart_frame, self->kind->has_chart &&
                          gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->chart_toggle)));
  if (!self->kind->has_chart)
    return;
  while (self->kind->series[n_series] != NULL)
    g_ptr_array_add (series, (gpointer) rd_report_column_title (self->kind->series[n_series++]));

  /* by hour of the day: all 24 hours along the axis, called or not */
  for (guint r = 0; r < n_rows; r++)
    {
      g_autoptr(RdReportRow) row = g_list_model_get_item (G_LIST_MODEL (self->rows), r);
      int hour;
      g_autofree char *category = category_of (self, row, &hour);

      if (hour >= 0)
        hours = TRUE;
    }
  if (hours)
    for (int h = 0; h < 24; h++)
      g_ptr_array_add (categories, g_strdup_printf ("%02d", h));
  for (guint i = 0; i < categories->len; i++)
    g_hash_table_insert (index, g_ptr_array_index (categories, i), GUINT_TO_POINTER (i + 1));

  for (guint r = 0; r < n_rows; r++)
    {
      g_autoptr(RdReportRow) row = g_list_model_get_item (G_LIST_MODEL (self->rows), r);
      int hour;
      g_autofree char *category = category_of (self, row, &hour);
      guint c = GPOINTER_TO_UINT (g_hash_table_lookup (index, category));

      if (c == 0)
        {
          g_ptr_array_add (categories, g_steal_pointer (&category));
          c = categories->len;
          g_hash_table_insert (index, g_ptr_array_index (categories, c - 1), GUINT_TO_POINTER (c));
        }
      for (guint s = 0; s < n_series; s++)
        {
          guint at = (c - 1) * n_series + s;

          if (values->len <= at)
            g_array_set_size (values, categories->len * n_series);
          g_array_index (values, double, at) +=
            rd_report_cell_number (rd_report_row_get (row, self->kind->series[s])) * self->kind->scale;
        }
    }
  g_array_set_size (values, categories->len * n_series);

  /* the chart wants series-major values */
  {
    g_autoptr(GArray) by_series = g_array_sized_new (FALSE, TRUE, sizeof (double), values->len);

    for (guint s = 0; s < n_series; s++)
      for (guint c = 0; c < categories->len; c++)
        g_array_append_val (by_series, g_array_index (values, double, c * n_series + s));
    rd_chart_set_kind (self->chart, self->kind->chart_kind);
    rd_chart_set_axis_titles (self->chart,
                              self->kind->chart_kind == RD_CHART_PIE ? NULL
                              : hours ? rd_report_column_title ("hour")
                              : g_strcmp0 (self->kind->category, "@period") == 0 ? rd_report_column_title ("period")
                              : g_strcmp0 (self->kind->category, "@first") == 0 && self->columns != NULL &&
                                json_array_get_length (self->columns) > 0
                                ? rd_report_column_title (rd_api_string (json_array_get_object_element (self->columns, 0), "name"))
                              : rd_report_column_title (self->kind->category),
                              self->kind->y_title ? _(self->kind->y_title) : NULL);
    rd_chart_set_data (self->chart, (const char * const *) categories->pdata, categories->len,
                       (const char * const *) series->pdata, n_series, (double *) by_series->data);
  }
}

