/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CSV uploads of leadsets and DNC lists: options, the mapping of columns to fields, the
 * report; rows come from the interchange part's CSV reader. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "rd-center-db-private.h"
#include "rd-csv-import.h"
#include "rd-csv-table.h"

void
rd_center_import_options_init (RdCenterImportOptions *options)
{
  memset (options, 0, sizeof *options);
  options->header = TRUE;
}

void
rd_center_import_report_free (RdCenterImportReport *report)
{
  if (report == NULL)
    return;
  g_free (report->id);
  g_clear_pointer (&report->errors, g_ptr_array_unref);
  g_free (report);
}

static void
row_error_free (RdCenterRowError *e)
{
  g_free (e->message);
  g_free (e);
}

JsonNode *
rd_center_import_report_to_json (const RdCenterImportReport *report)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  char delimiter[2] = { report->delimiter, 0 };

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  if (report->id != NULL)
    json_builder_add_string_value (b, report->id);
  else
    json_builder_add_null_value (b);
#define COUNT(name) json_builder_set_member_name (b, #name); json_builder_add_int_value (b, report->name)
  COUNT (rows);
  COUNT (imported);
  COUNT (invalid_numbers);
  COUNT (duplicates);
  COUNT (dnc);
  COUNT (bad);
#undef COUNT
  json_builder_set_member_name (b, "delimiter");
  json_builder_add_string_value (b, delimiter);
  json_builder_set_member_name (b, "committed");
  json_builder_add_boolean_value (b, report->committed);
  json_builder_set_member_name (b, "errors");
  json_builder_begin_array (b);
  for (guint i = 0; report->errors != NULL && i < report->errors->len; i++)
    {
      RdCenterRowError *e = report->errors->pdata[i];

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "line");
      json_builder_add_int_value (b, e->line);
      json_builder_set_member_name (b, "message");
      json_builder_add_string_value (b, e->message);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

typedef struct {
  const char * const          *targets;
  guint                        n_targets;
  const RdCenterImportOptions *options;
  RdCenterImportReport        *report;
  RdCenterImportRowFunc        func;
  gpointer                     user_data;
  int                         *columns;     /* per target: 0-based column, -1 unmapped */
  char                       **wanted;      /* per target: a header name still to resolve */
  GPtrArray                   *header;      /* column names, once read */
  gboolean                     header_done;
} Import;

static void
add_row_error (RdCenterImportReport *report,
               guint                 line,
               const char           *message)
{
  RdCenterRowError *e = g_new0 (RdCenterRowError, 1);

  e->line = line;
  e->message = g_strdup (message);
  g_ptr_array_add (report->errors, e);
  report->bad++;
}

static int
target_index (Import     *im,
              const char *name)
{
  for (guint t = 0; t < im->n_targets; t++)
    if (g_ascii_strcasecmp (im->targets[t], name) == 0)
      return (int) t;
  return -1;
}

/* "field=3,field=Header": column numbers are 1-based. */
static gboolean
parse_mapping (Import      *im,
               const char  *spec,
               GError     **error)
{
  g_auto(GStrv) pairs = g_strsplit (spec, ",", -1);

  for (guint i = 0; pairs[i] != NULL; i++)
    {
      g_auto(GStrv) kv = g_strsplit (pairs[i], "=", 2);
      char *end = NULL;
      long column;
      int t;

      if (g_strv_length (kv) != 2 || *g_strstrip (kv[0]) == '\0' || *g_strstrip (kv[1]) == '\0')
        {
          g_set_error (error, RD_CSV_ERROR, RD_CSV_ERROR_MAPPING,
                       "the mapping \"%s\" is not field=column", pairs[i]);
          return FALSE;
        }
      t = target_index (im, kv[0]);
      if (t < 0)
        {
          g_autofree char *known = g_strjoinv (", ", (char **) im->targets);

          g_set_error (error, RD_CSV_ERROR, RD_CSV_ERROR_MAPPING,
                       "unknown field \"%s\" in the mapping; fields are %s", kv[0], known);
          return FALSE;
        }
      column = strtol (kv[1], &end, 10);
      if (end != NULL && *end == '\0' && column >= 1 && column <= 10000)
        im->columns[t] = (int) column - 1;
      else
        {
          g_free (im->wanted[t]);
          im->wanted[t] = g_strdup (kv[1]);
        }
    }
  return TRUE;
}

static gboolean
read_header (Import     *im,
             GPtrArray  *fields,
             GError    **error)
{
  im->header = g_ptr_array_new_with_free_func (g_free);
  for (guint c = 0; c < fields->len; c++)
    g_ptr_array_add (im->header, g_strstrip (g_strdup (fields->pdata[c] != NULL ? fields->pdata[c] : "")));

  for (guint t = 0; t < im->n_targets; t++)
    {
      gboolean explicit_map = im->options->mapping != NULL;
      const char *name = im->wanted[t] != NULL ? im->wanted[t] : (explicit_map ? NULL : im->targets[t]);

      if (name == NULL || im->columns[t] >= 0)
        continue;
      for (guint c = 0; c < im->header->len; c++)
        if (g_ascii_strcasecmp (im->header->pdata[c], name) == 0)
          {
            im->columns[t] = (int) c;
            break;
          }
      if (im->columns[t] < 0 && im->wanted[t] != NULL)
        {
          g_set_error (error, RD_CSV_ERROR, RD_CSV_ERROR_MAPPING,
                       "the mapping names a column \"%s\" that the header does not have",
                       im->wanted[t]);
          return FALSE;
        }
    }
  return TRUE;
}

/* @values has holes (NULL for a column not mapped or empty): g_strfreev() would stop at the
 * first one. */
static void
free_values (char  **values,
             guint   n)
{
  for (guint i = 0; i < n; i++)
    g_free (values[i]);
  g_free (values);
}

static gboolean
row_cb (guint        line,
        GPtrArray   *fields,
        const char  *bad,
        gpointer     user_data,
        GError     **error)
{
  Import *im = user_data;
  g_autoptr(GError) row_error = NULL;
  g_autoptr(JsonObject) extra = NULL;
  char **values;
  gboolean mapped_any = FALSE;

  if (bad != NULL)
    {
      im->report->rows++;
      add_row_error (im->report, line, bad);
      return TRUE;
    }
  if (im->options->header && !im->header_done)
    {
      im->header_done = TRUE;
      return read_header (im, fields, error);
    }

  im->report->rows++;
  for (guint c = 0; c < fields->len; c++)
    if (fields->pdata[c] == NULL)
      {
        g_autofree char *message = g_strdup_printf ("column %u is not valid text", c + 1);

        add_row_error (im->report, line, message);
        return TRUE;
      }

  values = g_new0 (char *, im->n_targets + 1);
  for (guint t = 0; t < im->n_targets; t++)
    if (im->columns[t] >= 0 && (guint) im->columns[t] < fields->len)
      {
        char *v = g_strstrip (g_strdup (fields->pdata[im->columns[t]]));

        if (*v == '\0')
          g_free (v);
        else
          values[t] = v, mapped_any = TRUE;
      }

  if (im->header != NULL)
    for (guint c = 0; c < fields->len && c < im->header->len; c++)
      {
        gboolean used = FALSE;
        const char *v = fields->pdata[c];

        for (guint t = 0; t < im->n_targets && !used; t++)
          used = im->columns[t] == (int) c;
        if (used || *(const char *) im->header->pdata[c] == '\0' || *v == '\0')
          continue;
        if (extra == NULL)
          extra = json_object_new ();
        json_object_set_string_member (extra, im->header->pdata[c], v);
      }

  if (!mapped_any)
    add_row_error (im->report, line, "no mapped column has a value");
  else if (!im->func (line, values, extra, im->user_data, &row_error))
    {
      if (row_error != NULL && row_error->domain == RD_CENTER_ERROR &&
          row_error->code == RD_CENTER_ERROR_SQLITE)
        {
          g_propagate_error (error, g_steal_pointer (&row_error));
          free_values (values, im->n_targets);
          return FALSE;
        }
      add_row_error (im->report, line, row_error != NULL ? row_error->message : "cannot be read");
    }
  free_values (values, im->n_targets);
  return TRUE;
}

gboolean
rd_center_import_rows (const char                  *text,
                       gsize                        len,
                       const char * const          *targets,
                       const RdCenterImportOptions *options,
                       RdCenterImportReport        *report,
                       RdCenterImportRowFunc        func,
                       gpointer                     user_data,
                       GError                     **error)
{
  g_autofree char *converted = NULL;
  const char *decoded;
  Import im = { targets, g_strv_length ((char **) targets), options, report, func, user_data };
  gboolean ok = FALSE;
  gsize n = 0;

  report->errors = g_ptr_array_new_with_free_func ((GDestroyNotify) row_error_free);
  decoded = rd_csv_decode (text, len, options->encoding, &converted, &n, error);
  if (decoded == NULL)
    return FALSE;
  report->delimiter = options->delimiter != 0 ? options->delimiter : rd_csv_detect_delimiter (decoded, n);

  im.columns = g_new (int, im.n_targets);
  im.wanted = g_new0 (char *, im.n_targets + 1);
  for (guint t = 0; t < im.n_targets; t++)
    im.columns[t] = -1;

  if (options->mapping == NULL && !options->header)
    g_set_error (error, RD_CSV_ERROR, RD_CSV_ERROR_MAPPING,
                 "a file without a header row needs a mapping such as phone=1,first_name=2");
  else if (options->mapping == NULL || parse_mapping (&im, options->mapping, error))
    ok = rd_csv_read_rows (decoded, n, report->delimiter, options->start_row, row_cb, &im, error);

  if (ok && options->header && !im.header_done)
    {
      g_set_error (error, RD_CSV_ERROR, RD_CSV_ERROR_READ, "the file has no rows");
      ok = FALSE;
    }
  g_free (im.columns);
  g_strfreev (im.wanted);
  g_clear_pointer (&im.header, g_ptr_array_unref);
  return ok;
}
