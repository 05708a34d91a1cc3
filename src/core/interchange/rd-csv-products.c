/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CSV import of products and services (the catalog): header-named columns, update by id or
 * code, bad rows reported with their line. */
#include "config.h"

#include <string.h>

#include "rd-csv-products.h"
#include "rd-csv-table.h"
#include "rd-record.h"
#include "rd-store-bulk.h"

static const char *const columns[] = {
  "name", "code", "kind", "unit_price", "currency", "tax_rate", "active", "description", NULL,
};
/* Columns an export has that the import reads past. */
static const char *const ignored[] = { "id", "owner", "created_at", NULL };

typedef struct {
  RdStore                  *store;
  const RdCsvImportOptions *options;
  RdCsvImportReport        *report;
  int                       index[G_N_ELEMENTS (columns)];   /* column of each field, -1 */
  int                       id_index;
  gboolean                  have_header;
} Import;

static void
row_error_free (RdCsvRowError *e)
{
  g_free (e->message);
  g_free (e);
}

static void
add_bad (Import     *im,
         guint       line,
         const char *message)
{
  RdCsvRowError *e = g_new0 (RdCsvRowError, 1);

  e->line = line;
  e->message = g_strdup (message);
  g_ptr_array_add (im->report->errors, e);
  im->report->bad++;
}

/* "1 250,50" or "1250.50" → 1250.5. */
static gboolean
parse_number (const char *text,
              double     *value)
{
  g_autoptr(GString) clean = g_string_new (NULL);
  char *end = NULL;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || c == 0x00A0 || c == 0x202F)
        continue;
      g_string_append_c (clean, c == ',' ? '.' : (char) *p);
      if (c > 0x7f)
        return FALSE;
    }
  if (clean->len == 0)
    return FALSE;
  *value = g_ascii_strtod (clean->str, &end);
  return end != NULL && *end == '\0';
}

static gboolean
parse_active (const char *text,
              gint64     *value)
{
  static const char *const yes[] = { "1", "yes", "true", "да", NULL };
  static const char *const no[] = { "0", "no", "false", "нет", NULL };
  g_autofree char *low = g_utf8_strdown (text, -1);

  g_strstrip (low);
  if (g_strv_contains (yes, low))
    *value = 1;
  else if (g_strv_contains (no, low))
    *value = 0;
  else
    return FALSE;
  return TRUE;
}

static gboolean
read_header (Import     *im,
             guint       line,
             GPtrArray  *fields,
             GError    **error)
{
  for (gsize c = 0; columns[c] != NULL; c++)
    im->index[c] = -1;
  im->id_index = -1;

  for (guint i = 0; i < fields->len; i++)
    {
      g_autofree char *name = g_utf8_strdown (fields->pdata[i] ? fields->pdata[i] : "", -1);
      gboolean known = FALSE;

      g_strstrip (name);
      for (gsize c = 0; columns[c] != NULL; c++)
        if (g_str_equal (name, columns[c]))
          {
            im->index[c] = i;
            known = TRUE;
          }
      if (g_str_equal (name, "id"))
        im->id_index = i;
      if (!known && !g_strv_contains (ignored, name) && *name != '\0')
        {
          g_set_error (error, RD_CSV_ERROR, RD_CSV_ERROR_MAPPING,
                       "line %u: unknown column “%s”; the columns are name, code, kind, unit_price, "
                       "currency, tax_rate, active and description", line, name);
          return FALSE;
        }
    }
  if (im->index[0] < 0)
    {
      g_set_error (error, RD_CSV_ERROR, RD_CSV_ERROR_MAPPING,
                   "line %u: the header has no “name” column", line);
      return FALSE;
    }
  im->have_header = TRUE;
  return TRUE;
}

/* The id of the product a row updates (by id, then by code), or NULL. */
static char *
known_product (Import     *im,
               const char *id,
               const char *code)
{
  sqlite3_stmt *stmt;
  char *found = NULL;

  if (id != NULL && *id != '\0' && rd_store_row_exists (im->store, "products", id))
    return g_strdup (id);
  if (code == NULL || *code == '\0')
    return NULL;
  stmt = rd_store_stmt (im->store, "SELECT id FROM products WHERE code = ? AND deleted = 0"
                                   " ORDER BY created_at LIMIT 1", NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, code, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    found = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  rd_store_stmt_done (stmt);
  return found;
}

static gboolean
row_cb (guint       line,
        GPtrArray  *fields,
        const char *bad,
        gpointer    user_data,
        GError    **error)
{
  Import *im = user_data;
  g_autoptr(RdRecord) record = rd_record_new ("products");
  g_autoptr(GError) local_error = NULL;
  g_autofree char *known = NULL;
  const char *id = NULL;
  const char *code = NULL;

  if (!im->have_header)
    {
      if (bad != NULL)
        {
          g_set_error (error, RD_CSV_ERROR, RD_CSV_ERROR_READ, "line %u: %s", line, bad);
          return FALSE;
        }
      return read_header (im, line, fields, error);
    }

  im->report->rows++;
  if (bad != NULL)
    {
      add_bad (im, line, bad);
      return TRUE;
    }

  for (gsize c = 0; columns[c] != NULL; c++)
    {
      const char *text = im->index[c] >= 0 && (guint) im->index[c] < fields->len
                         ? fields->pdata[im->index[c]] : NULL;
      g_autofree char *message = NULL;

      if (im->index[c] >= 0 && (guint) im->index[c] < fields->len && text == NULL)
        {
          message = g_strdup_printf ("%s: not valid text in this encoding", columns[c]);
          add_bad (im, line, message);
          return TRUE;
        }
      if (text == NULL || *text == '\0')
        continue;

      if (g_str_equal (columns[c], "unit_price") || g_str_equal (columns[c], "tax_rate"))
        {
          double value;

          if (!parse_number (text, &value))
            {
              message = g_strdup_printf ("%s: “%s” is not a number", columns[c], text);
              add_bad (im, line, message);
              return TRUE;
            }
          rd_record_set_double (record, columns[c], value);
        }
      else if (g_str_equal (columns[c], "active"))
        {
          gint64 value;

          if (!parse_active (text, &value))
            {
              message = g_strdup_printf ("active: “%s” is not yes or no", text);
              add_bad (im, line, message);
              return TRUE;
            }
          rd_record_set_int (record, "active", value);
        }
      else if (g_str_equal (columns[c], "kind"))
        {
          g_autofree char *low = g_utf8_strdown (text, -1);
          rd_record_set_string (record, "kind", low);
        }
      else if (g_str_equal (columns[c], "currency"))
        {
          g_autofree char *up = g_utf8_strup (text, -1);
          rd_record_set_string (record, "currency", up);
        }
      else
        rd_record_set_string (record, columns[c], text);
    }

  if (im->id_index >= 0 && (guint) im->id_index < fields->len)
    id = fields->pdata[im->id_index];
  code = rd_record_get_string (record, "code");
  known = known_product (im, id, code);

  if (known != NULL)
    {
      rd_record_set_id (record, known);
      if (!rd_store_update (im->store, record, &local_error))
        {
          if (local_error->code == RD_STORE_ERROR_FAILED)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          add_bad (im, line, local_error->message);
          return TRUE;
        }
      im->report->updated++;
      return TRUE;
    }

  if (!rd_store_insert (im->store, record, &local_error))
    {
      if (local_error->code == RD_STORE_ERROR_FAILED)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      add_bad (im, line, local_error->message);
      return TRUE;
    }
  im->report->created++;
  return TRUE;
}

gboolean
rd_csv_import_products (RdStore                   *store,
                        const char                *path,
                        const RdCsvImportOptions  *options,
                        RdCsvImportReport        **out_report,
                        GError                   **error)
{
  g_autoptr(RdCsvImportReport) report = g_new0 (RdCsvImportReport, 1);
  g_autofree char *contents = NULL;
  g_autofree char *converted = NULL;
  RdCsvImportOptions defaults;
  const char *text;
  gsize len = 0;
  Import im = { 0 };

  g_return_val_if_fail (RD_IS_STORE (store), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (options == NULL)
    {
      rd_csv_import_options_init (&defaults);
      options = &defaults;
    }
  report->errors = g_ptr_array_new_with_free_func ((GDestroyNotify) row_error_free);
  report->warnings = g_ptr_array_new_with_free_func ((GDestroyNotify) row_error_free);

  if (!g_file_get_contents (path, &contents, &len, error))
    {
      g_prefix_error (error, "Cannot read the CSV file: ");
      if (error != NULL && *error != NULL)
        {
          (*error)->domain = RD_CSV_ERROR;
          (*error)->code = RD_CSV_ERROR_READ;
        }
      return FALSE;
    }
  text = rd_csv_decode (contents, len, options->encoding, &converted, &len, error);
  if (text == NULL)
    return FALSE;
  report->delimiter = options->delimiter ? options->delimiter : rd_csv_detect_delimiter (text, len);

  im.store = store;
  im.options = options;
  im.report = report;

  if (!rd_store_begin (store, error))
    return FALSE;
  if (!rd_csv_read_rows (text, len, report->delimiter, options->start_row, row_cb, &im, error))
    {
      rd_store_rollback (store);
      return FALSE;
    }
  if (!im.have_header)
    {
      rd_store_rollback (store);
      g_set_error (error, RD_CSV_ERROR, RD_CSV_ERROR_MAPPING, "The file has no header row");
      return FALSE;
    }

  if (options->dry_run || (report->bad > 0 && !options->skip_bad))
    rd_store_rollback (store);
  else if (!rd_store_commit (store, error))
    return FALSE;
  else
    report->committed = TRUE;

  if (report->bad > 0 && !options->skip_bad)
    {
      g_set_error (error, RD_CSV_ERROR, RD_CSV_ERROR_BAD_ROWS,
                   "%u of %u rows cannot be imported; nothing was imported", report->bad, report->rows);
      if (out_report != NULL)
        *out_report = g_steal_pointer (&report);
      return FALSE;
    }
  if (out_report != NULL)
    *out_report = g_steal_pointer (&report);
  return TRUE;
}
