/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CSV text as rows of fields: decoding, delimiter detection, and a line-aware record reader. */
#include "config.h"

#include <csv.h>
#include <string.h>

#include "rd-csv-import.h"
#include "rd-csv-table.h"

const char *
rd_csv_decode (const char  *contents,
               gsize        len,
               const char  *encoding,
               char       **converted,
               gsize       *out_len,
               GError     **error)
{
  *converted = NULL;
  if (encoding != NULL && g_ascii_strcasecmp (encoding, "UTF-8") != 0 &&
      g_ascii_strcasecmp (encoding, "UTF8") != 0)
    {
      g_autoptr(GError) conv_error = NULL;

      *converted = g_convert (contents, len, "UTF-8", encoding, NULL, out_len, &conv_error);
      if (*converted == NULL)
        g_set_error (error, RD_CSV_ERROR, RD_CSV_ERROR_ENCODING,
                     "The file is not valid %s text: %s", encoding, conv_error->message);
      return *converted;
    }

  if (len >= 3 && memcmp (contents, "\xef\xbb\xbf", 3) == 0)
    {
      contents += 3;
      len -= 3;
    }
  *out_len = len;
  return contents;
}

char
rd_csv_detect_delimiter (const char *text,
                         gsize       len)
{
  const char candidates[] = { ',', ';', '\t', '|' };
  guint counts[G_N_ELEMENTS (candidates)] = { 0 };
  gboolean quoted = FALSE;
  guint lines = 0;
  guint best = 0;

  for (gsize i = 0; i < len && i < 64 * 1024 && lines < 5; i++)
    {
      if (text[i] == '"')
        quoted = !quoted;
      else if (!quoted && text[i] == '\n')
        lines++;
      else if (!quoted)
        for (guint k = 0; k < G_N_ELEMENTS (candidates); k++)
          if (text[i] == candidates[k])
            counts[k]++;
    }

  for (guint k = 1; k < G_N_ELEMENTS (candidates); k++)
    if (counts[k] > counts[best])
      best = k;
  return candidates[best];
}

typedef struct {
  GPtrArray         *fields;
  guint              piece_start_line;
  guint              record_line;
  RdCsvRecordFunc    record;
  gpointer           user_data;
  gboolean           stopped;
} Records;

static void
field_cb (void   *data,
          size_t  len,
          void   *user_data)
{
  Records *r = user_data;

  if (r->fields->len == 0)
    r->record_line = r->piece_start_line;
  if (g_utf8_validate (data != NULL ? data : "", len, NULL))
    g_ptr_array_add (r->fields, g_strndup (data != NULL ? data : "", len));
  else
    g_ptr_array_add (r->fields, NULL);
}

static void
record_cb (int   c,
           void *user_data)
{
  Records *r = user_data;

  if (!r->stopped && !r->record (r->record_line, r->fields, NULL, r->user_data))
    r->stopped = TRUE;
  g_ptr_array_set_size (r->fields, 0);
}

gboolean
rd_csv_read_records (const char        *text,
                     gsize              len,
                     char               delimiter,
                     GPtrArray         *fields,
                     RdCsvRecordFunc    record,
                     RdCsvFedFunc       fed,
                     gpointer           user_data,
                     GError           **error)
{
  Records r = { fields, 1, 1, record, user_data, FALSE };
  struct csv_parser parser;
  guint line = 1;
  gsize pos = 0;

  if (csv_init (&parser, CSV_APPEND_NULL) != 0)
    {
      g_set_error_literal (error, RD_CSV_ERROR, RD_CSV_ERROR_READ, "Cannot start the CSV parser");
      return FALSE;
    }
  csv_set_delim (&parser, (unsigned char) delimiter);

  /* One line at a time, so that each record knows the line it starts on. */
  while (pos < len && !r.stopped)
    {
      const char *nl = memchr (text + pos, '\n', len - pos);
      gsize piece = nl != NULL ? (gsize) (nl - (text + pos)) + 1 : len - pos;

      if (parser.pstate == 0 && fields->len == 0)
        r.piece_start_line = line;
      if (csv_parse (&parser, text + pos, piece, field_cb, record_cb, &r) != piece)
        {
          g_set_error (error, RD_CSV_ERROR, RD_CSV_ERROR_READ, "Line %u: %s", line,
                       csv_strerror (csv_error (&parser)));
          csv_free (&parser);
          return FALSE;
        }
      pos += piece;
      line++;
      if (!r.stopped && fed != NULL && !fed (pos, user_data))
        r.stopped = TRUE;
    }

  /* libcsv (non-strict) takes a quote left open at the end as a field running to the end of
   * the file: that record is reported bad instead. State 2 = FIELD_BEGUN. */
  if (!r.stopped && parser.pstate == 2 && parser.quoted)
    {
      record (r.piece_start_line, NULL, "a quoted field is not closed before the end of the file",
              user_data);
      csv_fini (&parser, NULL, NULL, NULL);
    }
  else if (!r.stopped)
    csv_fini (&parser, field_cb, record_cb, &r);
  g_ptr_array_set_size (fields, 0);
  csv_free (&parser);
  return TRUE;
}

typedef struct {
  guint         start_row;
  RdCsvRowFunc  func;
  gpointer      user_data;
  GError       *error;
} Rows;

static gboolean
row_cb (guint       line,
        GPtrArray  *fields,
        const char *bad,
        gpointer    user_data)
{
  Rows *r = user_data;
  gboolean empty = fields != NULL;

  for (guint i = 0; fields != NULL && i < fields->len && empty; i++)
    {
      const char *f = fields->pdata[i];

      empty = f != NULL && f[strspn (f, " \t\r")] == '\0';
    }
  if (empty || line < r->start_row)
    return TRUE;
  r->func (line, fields, bad, r->user_data, &r->error);
  return r->error == NULL;
}

gboolean
rd_csv_read_rows (const char    *text,
                  gsize          len,
                  char           delimiter,
                  guint          start_row,
                  RdCsvRowFunc   func,
                  gpointer       user_data,
                  GError       **error)
{
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  Rows r = { start_row, func, user_data, NULL };

  if (!rd_csv_read_records (text, len, delimiter, fields, row_cb, NULL, &r, error))
    {
      g_clear_error (&r.error);
      return FALSE;
    }
  if (r.error != NULL)
    {
      g_propagate_error (error, r.error);
      return FALSE;
    }
  return TRUE;
}
