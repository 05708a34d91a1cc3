/* SPDX-License-Identifier: GPL-3.0-or-later */
/* RdReportTable: typed cells in a flat array, and the two ways they leave the server. */
#include "config.h"

#include <math.h>
#include <string.h>

#include "rd-report-table.h"

typedef struct {
  gboolean null;
  gint64   i;
  double   d;
  char    *s;
} Cell;

typedef struct {
  char         *name;
  RdReportType  type;
} Column;

struct _RdReportTable
{
  char       *name;
  GArray     *columns;   /* Column */
  GArray     *cells;     /* Cell, row after row */
  char       *next;
  JsonObject *meta;
};

static const char *const type_names[] = { "int", "real", "text", "time" };

static void
column_clear (Column *column)
{
  g_free (column->name);
}

static void
cell_clear (Cell *cell)
{
  g_free (cell->s);
}

RdReportTable *
rd_report_table_new (const char *name)
{
  RdReportTable *table = g_new0 (RdReportTable, 1);

  table->name = g_strdup (name);
  table->columns = g_array_new (FALSE, TRUE, sizeof (Column));
  g_array_set_clear_func (table->columns, (GDestroyNotify) column_clear);
  table->cells = g_array_new (FALSE, TRUE, sizeof (Cell));
  g_array_set_clear_func (table->cells, (GDestroyNotify) cell_clear);
  table->meta = json_object_new ();
  return table;
}

void
rd_report_table_free (RdReportTable *table)
{
  if (table == NULL)
    return;
  g_free (table->name);
  g_array_unref (table->columns);
  g_array_unref (table->cells);
  g_free (table->next);
  json_object_unref (table->meta);
  g_free (table);
}

void
rd_report_table_add_column (RdReportTable *table,
                            const char    *name,
                            RdReportType   type)
{
  Column column = { g_strdup (name), type };

  g_return_if_fail (table->cells->len == 0);
  g_array_append_val (table->columns, column);
}

guint
rd_report_table_n_columns (RdReportTable *table)
{
  return table->columns->len;
}

guint
rd_report_table_n_rows (RdReportTable *table)
{
  return table->columns->len > 0 ? table->cells->len / table->columns->len : 0;
}

static void
append (RdReportTable *table,
        Cell          *cell)
{
  g_array_append_vals (table->cells, cell, 1);
}

void
rd_report_table_int (RdReportTable *table,
                     gint64         value)
{
  Cell cell = { .i = value };

  append (table, &cell);
}

void
rd_report_table_real (RdReportTable *table,
                      double         value)
{
  Cell cell = { .null = isnan (value), .d = value };

  append (table, &cell);
}

void
rd_report_table_text (RdReportTable *table,
                      const char    *value)
{
  Cell cell = { .null = value == NULL, .s = g_strdup (value) };

  append (table, &cell);
}

void
rd_report_table_null (RdReportTable *table)
{
  Cell cell = { .null = TRUE };

  append (table, &cell);
}

gint64
rd_report_table_get_int (RdReportTable *table,
                         guint          row,
                         guint          column)
{
  guint index = row * table->columns->len + column;

  g_return_val_if_fail (index < table->cells->len, 0);
  return g_array_index (table->cells, Cell, index).i;
}

void
rd_report_table_set_next (RdReportTable *table,
                          const char    *cursor)
{
  g_free (table->next);
  table->next = g_strdup (cursor);
}

const char *
rd_report_table_get_next (RdReportTable *table)
{
  return table->next;
}

JsonObject *
rd_report_table_get_meta (RdReportTable *table)
{
  return table->meta;
}

static JsonNode *
cell_json (const Column *column,
           const Cell   *cell)
{
  JsonNode *node = json_node_new (JSON_NODE_VALUE);

  if (cell->null)
    {
      json_node_init_null (node);
      return node;
    }
  switch (column->type)
    {
    case RD_REPORT_INT:
    case RD_REPORT_TIME:
      json_node_set_int (node, cell->i);
      break;
    case RD_REPORT_REAL:
      json_node_set_double (node, cell->d);
      break;
    case RD_REPORT_TEXT:
    default:
      json_node_set_string (node, cell->s);
      break;
    }
  return node;
}

JsonNode *
rd_report_table_to_json (RdReportTable *table)
{
  JsonObject *root = json_object_new ();
  JsonArray *columns = json_array_new ();
  JsonArray *rows = json_array_new ();
  JsonObjectIter iter;
  const char *member;
  JsonNode *value;
  guint n = table->columns->len;

  json_object_set_string_member (root, "report", table->name);
  json_object_iter_init (&iter, table->meta);
  while (json_object_iter_next (&iter, &member, &value))
    json_object_set_member (root, member, json_node_copy (value));
  for (guint c = 0; c < n; c++)
    {
      const Column *column = &g_array_index (table->columns, Column, c);
      JsonObject *object = json_object_new ();

      json_object_set_string_member (object, "name", column->name);
      json_object_set_string_member (object, "type", type_names[column->type]);
      json_array_add_object_element (columns, object);
    }
  for (guint r = 0; n > 0 && r < table->cells->len / n; r++)
    {
      JsonObject *row = json_object_new ();

      for (guint c = 0; c < n; c++)
        json_object_set_member (row, g_array_index (table->columns, Column, c).name,
                                cell_json (&g_array_index (table->columns, Column, c),
                                           &g_array_index (table->cells, Cell, r * n + c)));
      json_array_add_object_element (rows, row);
    }
  json_object_set_array_member (root, "columns", columns);
  json_object_set_array_member (root, "rows", rows);
  if (table->next != NULL)
    json_object_set_string_member (root, "next", table->next);
  else
    json_object_set_null_member (root, "next");
  return json_node_init_object (json_node_alloc (), root);
}

static void
csv_field (GString    *out,
           const char *text)
{
  if (strpbrk (text, ",\"\r\n") == NULL)
    {
      g_string_append (out, text);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = text; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static void
csv_cell (GString      *out,
          const Column *column,
          const Cell   *cell)
{
  char number[G_ASCII_DTOSTR_BUF_SIZE];

  if (cell->null)
    return;
  switch (column->type)
    {
    case RD_REPORT_INT:
      g_string_append_printf (out, "%" G_GINT64_FORMAT, cell->i);
      break;
    case RD_REPORT_REAL:
      g_string_append (out, g_ascii_formatd (number, sizeof number, "%.6g", cell->d));
      break;
    case RD_REPORT_TIME:
      {
        g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (cell->i / 1000);

        if (time != NULL)
          {
            g_autofree char *text = g_date_time_format (time, "%Y-%m-%dT%H:%M:%S");

            g_string_append_printf (out, "%s.%03dZ", text, (int) (((cell->i % 1000) + 1000) % 1000));
          }
      }
      break;
    case RD_REPORT_TEXT:
    default:
      csv_field (out, cell->s);
      break;
    }
}

GBytes *
rd_report_table_to_csv (RdReportTable *table)
{
  GString *out = g_string_new (NULL);
  guint n = table->columns->len;

  for (guint c = 0; c < n; c++)
    {
      if (c > 0)
        g_string_append_c (out, ',');
      csv_field (out, g_array_index (table->columns, Column, c).name);
    }
  g_string_append (out, "\r\n");
  for (guint i = 0; i < table->cells->len; i++)
    {
      csv_cell (out, &g_array_index (table->columns, Column, i % n),
                &g_array_index (table->cells, Cell, i));
      g_string_append (out, i % n == n - 1 ? "\r\n" : ",");
    }
  return g_string_free_to_bytes (out);
}
