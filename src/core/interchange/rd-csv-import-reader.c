/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The reader thread of a CSV import: libcsv, the column mapping against the header, the
 * per-row checks, E.164 and new ids; rows go to the writer in batches. */
#include "config.h"

#include <string.h>

#include "rd-csv-import-private.h"
#include "rd-csv-table.h"
#include "rd-phone-number.h"
#include "rd-store-bulk.h"
#include "rd-uuid.h"

const int rd_csv_import_end_of_rows = 0;

void
rd_csv_import_row_free (Row *row)
{
  g_free (row->bad);
  g_free (row->country);
  g_free (row->address_kind);
  for (guint i = 0; row->custom != NULL && i < row->custom->len; i++)
    json_node_unref (g_array_index (row->custom, RowCustom, i).value);
  g_clear_pointer (&row->custom, g_array_unref);
  for (guint t = 0; t < N_TARGETS; t++)
    g_free (row->text[t]);
  for (guint i = 0; row->phones != NULL && i < row->phones->len; i++)
    {
      RowPhone *p = &g_array_index (row->phones, RowPhone, i);

      g_free (p->raw);
      g_free (p->e164);
    }
  for (guint i = 0; row->emails != NULL && i < row->emails->len; i++)
    {
      RowEmail *e = &g_array_index (row->emails, RowEmail, i);

      g_free (e->address);
      g_free (e->lower);
    }
  g_clear_pointer (&row->phones, g_array_unref);
  g_clear_pointer (&row->emails, g_array_unref);
  g_free (row);
}

/* ---- mapping against the header --------------------------------------------------------- */

static gboolean
resolve_mapping (Reader     *ctx,
                 GPtrArray  *header)
{
  if (ctx->map_resolved)
    return TRUE;
  ctx->map_resolved = TRUE;

  /* No mapping given: columns whose header names a field. */
  if (ctx->opts->mapping == NULL)
    {
      for (guint c = 0; header != NULL && c < header->len; c++)
        {
          int t = rd_csv_import_header_target (header->pdata[c], ctx->custom_fields);
          gboolean taken = FALSE;

          /* the first column of a target wins ("Company" and "Organization" both) */
          for (guint i = 0; i < ctx->map->len && !taken; i++)
            taken = g_array_index (ctx->map, MapEntry, i).target == t &&
                    t != T_PHONE && t != T_EMAIL && t != T_PHONE_MOBILE && t != T_PHONE_WORK &&
                    t != T_PHONE_HOME && t != T_EMAIL_WORK && t != T_EMAIL_HOME;
          if (t >= 0 && !taken)
            {
              MapEntry e = { t, (int) c, NULL };
              g_array_append_val (ctx->map, e);
            }
        }
      if (ctx->map->len == 0)
        {
          g_set_error (&ctx->fatal, RD_CSV_ERROR, RD_CSV_ERROR_MAPPING,
                       "No column maps to a contact field: give a mapping such as name=1,phone=2");
          return FALSE;
        }
      return TRUE;
    }

  for (guint i = 0; i < ctx->map->len; i++)
    {
      MapEntry *e = &g_array_index (ctx->map, MapEntry, i);

      if (e->column_name == NULL)
        continue;
      for (guint c = 0; header != NULL && c < header->len && e->column < 0; c++)
        if (header->pdata[c] != NULL && g_strcmp0 (g_strstrip ((char *) header->pdata[c]), e->column_name) == 0)
          e->column = (int) c;
      if (e->column < 0)
        {
          g_set_error (&ctx->fatal, RD_CSV_ERROR, RD_CSV_ERROR_MAPPING,
                       "Mapping: no column named “%s”%s", e->column_name,
                       header == NULL ? " (there is no header row)" : "");
          return FALSE;
        }
    }
  return TRUE;
}

/* ---- reading (the reader thread) -------------------------------------------------------- */

static void
send_batch (Reader *r)
{
  if (r->batch->len == 0)
    return;
  g_async_queue_pop (r->slots);   /* waits while the writer is BATCHES_IN_FLIGHT behind */
  g_async_queue_push (r->full, r->batch);
  r->batch = g_ptr_array_new_full (ROWS_PER_BATCH, (GDestroyNotify) rd_csv_import_row_free);
}

static void
emit_row (Reader *r,
          Row    *row)
{
  row->bytes_done = r->bytes_done;
  g_ptr_array_add (r->batch, row);
  if (r->batch->len >= ROWS_PER_BATCH)
    send_batch (r);
}

static Row *
bad_row (Reader     *r,
         const char *format,
         ...) G_GNUC_PRINTF (2, 3);

static Row *
bad_row (Reader     *r,
         const char *format,
         ...)
{
  Row *row = g_new0 (Row, 1);
  va_list args;

  va_start (args, format);
  row->line = r->record_line;
  row->bad = g_strdup_vprintf (format, args);
  va_end (args);
  return row;
}

/* The mapped values of the record just read, and whether the bulk path may write them as
 * they are: what it cannot vouch for (a mapped owner, no name, an e-mail the store would
 * refuse) goes through rd_store_insert, which gives the precise error. Numbers get an
 * E.164 only when valid for the row's country (its country column, else the import's). */
static Row *
read_row (Reader *r)
{
  Row *row = g_new0 (Row, 1);
  gboolean plain;

  row->line = r->record_line;
  row->phones = g_array_new (FALSE, FALSE, sizeof (RowPhone));
  row->emails = g_array_new (FALSE, FALSE, sizeof (RowEmail));
  row->custom = g_array_new (FALSE, FALSE, sizeof (RowCustom));

  for (guint i = 0; i < r->map->len; i++)
    {
      MapEntry *e = &g_array_index (r->map, MapEntry, i);
      char *value;

      if (e->column < 0 || (guint) e->column >= r->fields->len)
        continue;
      value = g_strstrip (g_strdup (r->fields->pdata[e->column]));
      if (*value == '\0')
        {
          g_free (value);
          continue;
        }

      if (e->target >= T_CUSTOM)
        {
          RdCustomField *field = r->custom_fields->pdata[e->target - T_CUSTOM];
          g_autoptr(GError) error = NULL;
          RowCustom c = { e->target - T_CUSTOM, rd_custom_field_parse_text (field, value, &error) };

          g_free (value);
          if (c.value == NULL)
            {
              Row *bad = bad_row (r, "%s", error->message);

              rd_csv_import_row_free (row);
              return bad;
            }
          g_array_append_val (row->custom, c);
          continue;
        }

      switch (e->target)
        {
        case T_PHONE: case T_PHONE_MOBILE: case T_PHONE_WORK: case T_PHONE_HOME:
          {
            RowPhone p = { value, e->target == T_PHONE_WORK ? "work" : e->target == T_PHONE_HOME ? "home" : "mobile",
                           NULL, "" };
            g_array_append_val (row->phones, p);
          }
          break;
        case T_EMAIL: case T_EMAIL_WORK: case T_EMAIL_HOME:
          {
            RowEmail m = { value, g_utf8_strdown (value, -1), e->target == T_EMAIL_HOME ? "home" : "work", "" };
            g_array_append_val (row->emails, m);
          }
          break;
        default:
          g_free (row->text[e->target]);
          row->text[e->target] = value;
          break;
        }
    }

  /* The country may come after the phones in the mapping: read them once it is known. It is
   * the primary address's country, and the region of the row's numbers. */
  if (row->text[T_COUNTRY] != NULL)
    {
      row->country = rd_csv_import_country (row->text[T_COUNTRY]);
      if (row->country == NULL)
        {
          Row *bad = bad_row (r, "unknown country “%s”: use a country's name or its two-letter ISO 3166 code such as DE or RU",
                              row->text[T_COUNTRY]);

          rd_csv_import_row_free (row);
          return bad;
        }
    }
  if (row->text[T_ADDRESS_KIND] != NULL)
    {
      static const char *const kinds[] = { "work", "home", "billing", "shipping", "other", NULL };
      g_autofree char *kind = g_ascii_strdown (row->text[T_ADDRESS_KIND], -1);

      if (!g_strv_contains (kinds, kind))
        {
          Row *bad = bad_row (r, "address_kind: “%s” is not one of work, home, billing, shipping, other",
                              row->text[T_ADDRESS_KIND]);

          rd_csv_import_row_free (row);
          return bad;
        }
      row->address_kind = g_steal_pointer (&kind);
    }
  row->has_address = row->country != NULL || row->text[T_STREET] != NULL || row->text[T_CITY] != NULL ||
                     row->text[T_REGION] != NULL || row->text[T_POSTAL_CODE] != NULL;
  row->phone_region = row->country != NULL && rd_phone_number_region_supported (row->country) ? row->country : r->region;
  for (guint i = 0; i < row->phones->len; i++)
    {
      RowPhone *p = &g_array_index (row->phones, RowPhone, i);

      p->e164 = rd_phone_number_to_valid_e164 (p->raw, row->phone_region);
    }

  plain = row->text[T_OWNER] == NULL &&
          (row->text[T_NAME] != NULL || row->text[T_FIRST_NAME] != NULL || row->text[T_LAST_NAME] != NULL);
  for (guint i = 0; plain && i < row->emails->len; i++)
    plain = rd_store_email_valid (g_array_index (row->emails, RowEmail, i).lower);
  row->plain = plain;
  if (plain)
    {
      rd_uuid_v7_into (row->id);
      for (guint i = 0; i < row->phones->len; i++)
        rd_uuid_v7_into (g_array_index (row->phones, RowPhone, i).id);
      for (guint i = 0; i < row->emails->len; i++)
        rd_uuid_v7_into (g_array_index (row->emails, RowEmail, i).id);
      if (row->has_address)
        rd_uuid_v7_into (row->address_id);
    }
  return row;
}

static void
reader_record (Reader *r)
{
  gboolean all_empty = TRUE;
  gboolean bad_text = FALSE;

  if (r->fatal != NULL)
    return;
  if (r->opts->start_row > 1 && r->record_line < r->opts->start_row)
    return;

  for (guint i = 0; i < r->fields->len; i++)
    {
      if (r->fields->pdata[i] == NULL)
        bad_text = TRUE;
      else if (*(char *) r->fields->pdata[i] != '\0')
        all_empty = FALSE;
    }

  if (r->opts->header && !r->header_done)
    {
      r->header_done = TRUE;
      r->expected_cols = r->fields->len;
      resolve_mapping (r, r->fields);
      return;
    }
  if (all_empty && !bad_text)
    return;   /* a line of empty cells */

  if (!r->map_resolved && !resolve_mapping (r, NULL))
    return;
  if (r->expected_cols < 0)
    r->expected_cols = r->fields->len;

  if (bad_text)
    emit_row (r, bad_row (r, "the text is not valid UTF-8 (is the file in CP1251?)"));
  else if ((int) r->fields->len != r->expected_cols)
    emit_row (r, bad_row (r, "expected %d columns, found %u", r->expected_cols, r->fields->len));
  else
    emit_row (r, read_row (r));
}

static gboolean
record_cb (guint       line,
           GPtrArray  *fields,
           const char *bad,
           gpointer    user_data)
{
  Reader *r = user_data;

  r->record_line = line;
  if (bad != NULL)
    {
      if (r->fatal == NULL)
        emit_row (r, bad_row (r, "%s", bad));
    }
  else
    reader_record (r);
  return r->fatal == NULL;
}

static gboolean
progress_cb (gsize    bytes_done,
             gpointer user_data)
{
  Reader *r = user_data;

  r->bytes_done = bytes_done;
  return r->fatal == NULL && !g_atomic_int_get (&r->stop);
}

gpointer
rd_csv_import_reader_thread (gpointer data)
{
  Reader *r = data;
  GError *error = NULL;

  if (!rd_csv_read_records (r->text, r->len, r->delimiter, r->fields, record_cb, progress_cb, r,
                            &error) && r->fatal == NULL)
    r->fatal = error;
  else
    g_clear_error (&error);
  send_batch (r);
  g_async_queue_push (r->full, END_OF_ROWS);
  return NULL;
}
