/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CSV import of contacts with libcsv, and CSV export of any list. */
#include "config.h"

#include <csv.h>
#include <stdio.h>
#include <string.h>

#include "rd-csv-import.h"
#include "rd-phone-number.h"
#include "rd-store-bulk.h"
#include "rd-uuid.h"

G_DEFINE_QUARK (rd-csv-error-quark, rd_csv_error)

enum {
  T_NAME, T_FIRST_NAME, T_LAST_NAME, T_TITLE, T_ORGANIZATION, T_TAGS, T_DESCRIPTION, T_OWNER,
  T_PHONE, T_PHONE_MOBILE, T_PHONE_WORK, T_PHONE_HOME, T_EMAIL, T_EMAIL_WORK, T_EMAIL_HOME,
  N_TARGETS
};

static const char *const targets[N_TARGETS + 1] = {
  "name", "first_name", "last_name", "title", "organization", "tags", "description", "owner",
  "phone", "phone_mobile", "phone_work", "phone_home", "email", "email_work", "email_home", NULL,
};

typedef struct {
  int   target;
  int   column;      /* 0-based, or -1 until resolved from the header */
  char *column_name;
} MapEntry;

/* The import runs in two threads: a reader (libcsv, mapping, per-field checks, E.164, new
 * ids) hands rows in batches to the writer (the caller's thread, which owns the store and
 * its transaction). The SQLite writes, the larger part of the work per row, no longer wait
 * for the parsing: about a quarter off an import's time here (docs/store.md). */
typedef struct {
  char       *raw;
  const char *kind;
  char       *e164;   /* NULL: does not parse */
  char        id[37];
} RowPhone;

typedef struct {
  char       *address;   /* as typed */
  char       *lower;
  const char *kind;
  char        id[37];
} RowEmail;

typedef struct {
  guint     line;                /* where the row starts */
  guint64   bytes_done;
  char     *bad;                 /* why the row cannot be read at all, or NULL */
  gboolean  plain;               /* checked by the reader: writable as it is (bulk path) */
  char     *text[N_TARGETS];     /* single-valued targets (name ... owner, organization) */
  GArray   *phones;              /* RowPhone */
  GArray   *emails;              /* RowEmail */
  char      id[37];              /* the new contact's id (plain rows) */
} Row;

#define ROWS_PER_BATCH 256
#define BATCHES_IN_FLIGHT 16

typedef struct {
  const RdCsvImportOptions *opts;
  const char               *text;
  gsize                     len;
  char                      delimiter;
  const char               *region;
  GPtrArray                *fields;          /* the record being read (char *, NULL = bad UTF-8) */
  guint                     line;            /* line of the piece being fed */
  guint                     piece_start_line;
  guint                     record_line;
  gboolean                  header_done;
  int                       expected_cols;
  GArray                   *map;             /* MapEntry */
  gboolean                  map_resolved;
  guint64                   bytes_done;
  GPtrArray                *batch;           /* Row, being filled */
  GAsyncQueue              *full;            /* batches for the writer; ends with END_OF_ROWS */
  GAsyncQueue              *slots;           /* one token per batch the reader may still send */
  int                       stop;            /* set by the writer: stop reading */
  GError                   *fatal;           /* read by the writer once END_OF_ROWS arrived */
} Reader;

typedef struct {
  RdStore                  *store;
  const RdCsvImportOptions *opts;
  RdCsvImportReport        *report;
  guint                     record_line;
  GHashTable               *orgs;            /* name -> id */
  GError                   *fatal;
  GCancellable             *cancellable;
  guint64                   bytes_total;
} Ctx;

static void
row_free (Row *row)
{
  g_free (row->bad);
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

void
rd_csv_import_options_init (RdCsvImportOptions *options)
{
  memset (options, 0, sizeof *options);
  options->header = TRUE;
  options->duplicates = RD_CSV_DUPLICATES_SKIP;
}

void
rd_csv_import_report_free (RdCsvImportReport *report)
{
  if (report == NULL)
    return;
  g_ptr_array_unref (report->errors);
  g_free (report);
}

static void
row_error_free (RdCsvRowError *e)
{
  g_free (e->message);
  g_free (e);
}

const char * const *
rd_csv_import_fields (void)
{
  return targets;
}

static void
add_bad (Ctx        *ctx,
         const char *format,
         ...) G_GNUC_PRINTF (2, 3);

static void
add_bad (Ctx        *ctx,
         const char *format,
         ...)
{
  RdCsvRowError *e = g_new0 (RdCsvRowError, 1);
  va_list args;

  va_start (args, format);
  e->line = ctx->record_line;
  e->message = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (ctx->report->errors, e);
  ctx->report->bad++;
}

/* ---- mapping ---------------------------------------------------------------------------- */

static gboolean
parse_mapping (const char  *spec,
               GArray      *map,
               GError     **error)
{
  g_auto(GStrv) parts = g_strsplit (spec, ",", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_auto(GStrv) kv = g_strsplit (parts[i], "=", 2);
      MapEntry e = { -1, -1, NULL };
      const char *key, *col;
      char *end = NULL;
      guint64 n;

      if (g_strstrip (parts[i])[0] == '\0')
        continue;
      if (kv[1] == NULL)
        {
          g_set_error (error, RD_CSV_ERROR, RD_CSV_ERROR_MAPPING,
                       "Mapping “%s” should look like field=column", parts[i]);
          return FALSE;
        }
      key = g_strstrip (kv[0]);
      col = g_strstrip (kv[1]);
      for (int t = 0; t < N_TARGETS; t++)
        if (g_ascii_strcasecmp (key, targets[t]) == 0)
          e.target = t;
      if (e.target < 0)
        {
          g_autofree char *known = g_strjoinv (", ", (char **) targets);
          g_set_error (error, RD_CSV_ERROR, RD_CSV_ERROR_MAPPING,
                       "Mapping: “%s” is not a contact field (one of %s)", key, known);
          return FALSE;
        }
      n = g_ascii_strtoull (col, &end, 10);
      if (end != col && *end == '\0')
        {
          if (n == 0 || n > 10000)
            {
              g_set_error (error, RD_CSV_ERROR, RD_CSV_ERROR_MAPPING,
                           "Mapping: column numbers start at 1 (got “%s”)", col);
              return FALSE;
            }
          e.column = (int) n - 1;
        }
      else if (*col == '\0')
        continue;   /* field= : skip */
      else
        e.column_name = g_strdup (col);
      g_array_append_val (map, e);
    }

  return TRUE;
}

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
        for (int t = 0; t < N_TARGETS; t++)
          if (header->pdata[c] != NULL && g_ascii_strcasecmp (g_strstrip ((char *) header->pdata[c]), targets[t]) == 0)
            {
              MapEntry e = { t, (int) c, NULL };
              g_array_append_val (ctx->map, e);
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
  r->batch = g_ptr_array_new_full (ROWS_PER_BATCH, (GDestroyNotify) row_free);
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
 * refuse) goes through rd_store_insert, which gives the precise error. */
static Row *
read_row (Reader *r)
{
  Row *row = g_new0 (Row, 1);
  gboolean plain;

  row->line = r->record_line;
  row->phones = g_array_new (FALSE, FALSE, sizeof (RowPhone));
  row->emails = g_array_new (FALSE, FALSE, sizeof (RowEmail));

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

      switch (e->target)
        {
        case T_PHONE: case T_PHONE_MOBILE: case T_PHONE_WORK: case T_PHONE_HOME:
          {
            RowPhone p = { value, e->target == T_PHONE_WORK ? "work" : e->target == T_PHONE_HOME ? "home" : "mobile",
                           rd_phone_number_to_e164 (value, r->region), "" };
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

static void
field_cb (void   *data,
          size_t  len,
          void   *user_data)
{
  Reader *r = user_data;

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
  Reader *r = user_data;

  reader_record (r);
  g_ptr_array_set_size (r->fields, 0);
}

#define END_OF_ROWS ((gpointer) &end_of_rows)
static const int end_of_rows = 0;

static gpointer
reader_thread (gpointer data)
{
  Reader *r = data;
  struct csv_parser parser;
  gsize pos = 0;

  if (csv_init (&parser, CSV_APPEND_NULL) != 0)
    {
      g_set_error_literal (&r->fatal, RD_CSV_ERROR, RD_CSV_ERROR_READ, "Cannot start the CSV parser");
      g_async_queue_push (r->full, END_OF_ROWS);
      return NULL;
    }
  csv_set_delim (&parser, (unsigned char) r->delimiter);

  /* Feed one line at a time so that each record knows the line it starts on. */
  while (pos < r->len && r->fatal == NULL && !g_atomic_int_get (&r->stop))
    {
      const char *nl = memchr (r->text + pos, '\n', r->len - pos);
      gsize piece = nl != NULL ? (gsize) (nl - (r->text + pos)) + 1 : r->len - pos;

      if (parser.pstate == 0 && r->fields->len == 0)
        r->piece_start_line = r->line;
      if (csv_parse (&parser, r->text + pos, piece, field_cb, record_cb, r) != piece)
        {
          g_set_error (&r->fatal, RD_CSV_ERROR, RD_CSV_ERROR_READ, "Line %u: %s", r->line,
                       csv_strerror (csv_error (&parser)));
          break;
        }
      pos += piece;
      r->bytes_done = pos;
      r->line++;
    }

  /* libcsv (non-strict) would accept a quote left open at the end of the file as a field
   * running to EOF: refuse that row instead. State 2 = FIELD_BEGUN. */
  if (r->fatal == NULL && !g_atomic_int_get (&r->stop) && parser.pstate == 2 && parser.quoted)
    {
      r->record_line = r->piece_start_line;
      emit_row (r, bad_row (r, "a quoted field is not closed before the end of the file"));
      csv_fini (&parser, NULL, NULL, NULL);
    }
  else if (r->fatal == NULL && !g_atomic_int_get (&r->stop))
    csv_fini (&parser, field_cb, record_cb, r);
  csv_free (&parser);

  send_batch (r);
  g_async_queue_push (r->full, END_OF_ROWS);
  return NULL;
}

/* ---- writing (the caller's thread) ------------------------------------------------------ */

static char *
find_contact_by (RdStore    *store,
                 const char *sql,
                 const char *value)
{
  sqlite3_stmt *stmt = rd_store_stmt (store, sql, NULL);
  char *id = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, value, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  rd_store_stmt_done (stmt);
  return id;
}

/* The live contact that has one of the row's numbers (E.164) or addresses, or NULL. */
static char *
find_duplicate (Ctx *ctx,
                Row *row)
{
  for (guint i = 0; i < row->phones->len; i++)
    {
      const char *e164 = g_array_index (row->phones, RowPhone, i).e164;
      char *id;

      if (e164 == NULL)
        continue;
      id = find_contact_by (ctx->store, "SELECT p.parent_id FROM phones p JOIN contacts c ON c.id = p.parent_id "
                                        "WHERE p.e164 = ? AND p.deleted = 0 AND c.deleted = 0 LIMIT 1", e164);
      if (id != NULL)
        return id;
    }
  for (guint i = 0; i < row->emails->len; i++)
    {
      char *id = find_contact_by (ctx->store, "SELECT e.parent_id FROM emails e JOIN contacts c ON c.id = e.parent_id "
                                              "WHERE e.address = ? AND e.deleted = 0 AND c.deleted = 0 LIMIT 1",
                                  g_array_index (row->emails, RowEmail, i).lower);
      if (id != NULL)
        return id;
    }
  return NULL;
}

/* The id of the live organization called @name, or NULL. Writes nothing. */
static const char *
known_org (Ctx        *ctx,
           const char *name)
{
  const char *known = g_hash_table_lookup (ctx->orgs, name);

  if (known == NULL)
    {
      known = find_contact_by (ctx->store, "SELECT id FROM organizations WHERE name = ? AND deleted = 0 "
                                           "ORDER BY id LIMIT 1", name);
      if (known != NULL)
        g_hash_table_insert (ctx->orgs, g_strdup (name), (char *) known);
    }
  return known;
}

static gboolean
org_for_name (Ctx         *ctx,
              const char  *name,
              char       **org_id,
              GError     **error)
{
  g_autoptr(RdRecord) org = NULL;
  const char *known = known_org (ctx, name);

  if (known != NULL)
    {
      *org_id = g_strdup (known);
      return TRUE;
    }

  org = rd_record_new ("organizations");
  rd_record_set_string (org, "name", name);
  if (!rd_store_insert (ctx->store, org, error))
    return FALSE;
  g_hash_table_insert (ctx->orgs, g_strdup (name), g_strdup (rd_record_get_id (org)));
  *org_id = g_strdup (rd_record_get_id (org));
  return TRUE;
}

/* Adds the row's phones and e-mails that @id does not have yet; applies the other fields. */
static gboolean
update_existing (Ctx       *ctx,
                 const char *id,
                 RdRecord  *row,
                 GError   **error)
{
  g_autoptr(RdRecord) existing = rd_store_get (ctx->store, "contacts", id, error);
  g_autoptr(RdRecord) changes = NULL;
  JsonArray *phones = rd_record_get_array (row, "phones");
  JsonArray *emails = rd_record_get_array (row, "emails");
  JsonArray *have_p, *have_e;

  if (existing == NULL)
    return FALSE;
  have_p = rd_record_get_array (existing, "phones");
  have_e = rd_record_get_array (existing, "emails");

  changes = rd_record_new_from_json ("contacts", rd_record_get_fields (row));
  rd_record_set_id (changes, id);
  rd_record_remove_field (changes, "phones");
  rd_record_remove_field (changes, "emails");
  if (!rd_store_update (ctx->store, changes, error))
    return FALSE;

  for (guint i = 0; phones != NULL && i < json_array_get_length (phones); i++)
    {
      JsonObject *p = json_array_get_object_element (phones, i);
      const char *raw = json_object_get_string_member (p, "raw");
      g_autofree char *e164 = rd_phone_number_to_e164 (raw, rd_store_get_default_region (ctx->store));
      gboolean have = FALSE;

      for (guint j = 0; j < json_array_get_length (have_p) && !have; j++)
        {
          JsonObject *h = json_array_get_object_element (have_p, j);
          have = g_strcmp0 (json_object_get_string_member_with_default (h, "raw", NULL), raw) == 0 ||
                 (e164 != NULL && g_strcmp0 (json_object_get_string_member_with_default (h, "e164", NULL), e164) == 0);
        }
      if (!have)
        {
          g_autofree char *pid = rd_store_add_phone (ctx->store, "contacts", id, raw,
                                                     json_object_get_string_member_with_default (p, "kind", NULL), error);
          if (pid == NULL)
            return FALSE;
        }
    }
  for (guint i = 0; emails != NULL && i < json_array_get_length (emails); i++)
    {
      JsonObject *e = json_array_get_object_element (emails, i);
      g_autofree char *lower = g_utf8_strdown (json_object_get_string_member (e, "address"), -1);
      gboolean have = FALSE;

      for (guint j = 0; j < json_array_get_length (have_e) && !have; j++)
        have = g_strcmp0 (json_object_get_string_member (json_array_get_object_element (have_e, j), "address"), lower) == 0;
      if (!have)
        {
          g_autofree char *eid = rd_store_add_email (ctx->store, "contacts", id, lower,
                                                     json_object_get_string_member_with_default (e, "kind", NULL), error);
          if (eid == NULL)
            return FALSE;
        }
    }
  return TRUE;
}

/* The general path: the row as a record through rd_store_insert/update, which check every
 * field and give the precise error of a bad row. */
static gboolean
import_row (Ctx       *ctx,
            Row       *row,
            GError   **error)
{
  g_autoptr(RdRecord) contact = rd_record_new ("contacts");
  g_autofree char *dup = NULL;
  const char *org_name = row->text[T_ORGANIZATION];

  for (guint t = 0; t < N_TARGETS; t++)
    if (row->text[t] != NULL && t != T_ORGANIZATION)
      rd_record_set_string (contact, targets[t], row->text[t]);
  for (guint i = 0; i < row->phones->len; i++)
    rd_record_add_phone (contact, g_array_index (row->phones, RowPhone, i).raw, g_array_index (row->phones, RowPhone, i).kind);
  for (guint i = 0; i < row->emails->len; i++)
    rd_record_add_email (contact, g_array_index (row->emails, RowEmail, i).address, g_array_index (row->emails, RowEmail, i).kind);

  /* Every check before the first write: a bad row then leaves nothing behind without a
   * savepoint per row (savepoints halved the import rate). rd_store_insert/update check the
   * whole record before they write, so a separate check is needed only when something else
   * is written first (a new organization) or the row meets a duplicate (a bad row is then
   * reported bad, not skipped, and an update never half-applies). */
  if (ctx->opts->duplicates != RD_CSV_DUPLICATES_CREATE)
    dup = find_duplicate (ctx, row);
  if ((dup != NULL || (org_name != NULL && known_org (ctx, org_name) == NULL)) &&
      !rd_store_check_insert (ctx->store, contact, error))
    return FALSE;
  if (org_name != NULL)
    {
      g_autofree char *org_id = NULL;

      if (!org_for_name (ctx, org_name, &org_id, error))
        return FALSE;
      rd_record_set_string (contact, "org_id", org_id);
    }

  if (dup != NULL && ctx->opts->duplicates == RD_CSV_DUPLICATES_SKIP)
    {
      ctx->report->skipped++;
      return TRUE;
    }
  if (dup != NULL)
    {
      if (!update_existing (ctx, dup, contact, error))
        return FALSE;
      ctx->report->updated++;
      return TRUE;
    }

  if (!rd_store_insert (ctx->store, contact, error))
    return FALSE;
  ctx->report->created++;
  return TRUE;
}

/* The bulk path for a new contact the reader has already checked: the same rows, field
 * versions and outbox entries rd_store_insert writes (tests/unit/test-csv.c compares the
 * two), without a record, JSON objects or a second check per field. */
static gboolean
import_plain_row (Ctx       *ctx,
                  Row       *row,
                  GError   **error)
{
  const char *owner = rd_store_get_user (ctx->store);
  g_autofree char *joined = NULL;
  g_autofree char *org_id = NULL;
  RdColumnValue v[N_TARGETS + 2];
  guint n = 0;
  static const int columns[] = { T_NAME, T_FIRST_NAME, T_LAST_NAME, T_TITLE, T_TAGS, T_DESCRIPTION };

  if (ctx->opts->duplicates != RD_CSV_DUPLICATES_CREATE)
    {
      g_autofree char *dup = find_duplicate (ctx, row);

      if (dup != NULL)
        return import_row (ctx, row, error);
    }
  if (row->text[T_ORGANIZATION] != NULL && !org_for_name (ctx, row->text[T_ORGANIZATION], &org_id, error))
    return FALSE;

  if (row->text[T_NAME] == NULL)
    {
      /* A person may be given as first/last name only (as rd_store_insert does). */
      joined = g_strjoin (" ", row->text[T_FIRST_NAME] ? row->text[T_FIRST_NAME] : "",
                          row->text[T_LAST_NAME] ? row->text[T_LAST_NAME] : "", NULL);
      g_strstrip (joined);
    }
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    {
      const char *value = columns[i] == T_NAME && joined != NULL ? joined : row->text[columns[i]];

      if (value != NULL)
        v[n++] = (RdColumnValue) { targets[columns[i]], value, 0 };
    }
  if (org_id != NULL)
    v[n++] = (RdColumnValue) { "org_id", org_id, 0 };
  v[n++] = (RdColumnValue) { "created_at", NULL, g_get_real_time () / 1000 };
  if (owner != NULL)
    v[n++] = (RdColumnValue) { "owner", owner, 0 };

  if (!rd_store_insert_new_row (ctx->store, rd_schema_lookup ("contacts"), row->id, v, n, error))
    return FALSE;
  for (guint i = 0; i < row->phones->len; i++)
    {
      RowPhone *p = &g_array_index (row->phones, RowPhone, i);

      if (!rd_store_write_phone (ctx->store, p->id, "contacts", row->id, owner, p->raw, p->kind, p->e164, error))
        return FALSE;
    }
  for (guint i = 0; i < row->emails->len; i++)
    {
      RowEmail *e = &g_array_index (row->emails, RowEmail, i);

      if (!rd_store_write_email (ctx->store, e->id, "contacts", row->id, owner, e->lower, e->kind, error))
        return FALSE;
    }
  ctx->report->created++;
  return TRUE;
}

static void
write_row (Ctx *ctx,
           Row *row)
{
  g_autoptr(GError) error = NULL;

  ctx->record_line = row->line;
  ctx->report->rows++;
  if (g_cancellable_set_error_if_cancelled (ctx->cancellable, &ctx->fatal))
    return;

  if (row->bad != NULL)
    add_bad (ctx, "%s", row->bad);
  else if (!rd_store_begin_light (ctx->store, &error))
    g_propagate_error (&ctx->fatal, g_steal_pointer (&error));
  else if (row->plain ? import_plain_row (ctx, row, &error) : import_row (ctx, row, &error))
    {
      if (!rd_store_commit (ctx->store, &error))
        g_propagate_error (&ctx->fatal, g_steal_pointer (&error));
    }
  else
    {
      rd_store_rollback (ctx->store);
      if (error->domain == RD_STORE_ERROR && error->code == RD_STORE_ERROR_FAILED)
        g_propagate_error (&ctx->fatal, g_steal_pointer (&error));
      else
        add_bad (ctx, "%s", error->message);
    }

  if (ctx->opts->progress != NULL && ctx->report->rows % 500 == 0)
    ctx->opts->progress (row->bytes_done, ctx->bytes_total, ctx->report->rows, ctx->opts->progress_data);
}

/* The delimiter that appears most often outside quotes in the first lines. */
static char
detect_delimiter (const char *text,
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

static gboolean import_contacts (RdStore *, const char *, const RdCsvImportOptions *, GCancellable *,
                                 RdCsvImportReport **, GError **);

gboolean
rd_csv_import_contacts (RdStore                   *store,
                        const char                *path,
                        const RdCsvImportOptions  *options,
                        RdCsvImportReport        **out_report,
                        GError                   **error)
{
  return import_contacts (store, path, options, NULL, out_report, error);
}

static gint64
pragma_int (RdStore    *store,
            const char *sql)
{
  sqlite3_stmt *stmt = rd_store_stmt (store, sql, NULL);
  gint64 value = 0;

  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  rd_store_stmt_done (stmt);
  return value;
}

static gboolean import_contacts_in_txn (RdStore *, const char *, const RdCsvImportOptions *, GCancellable *,
                                        RdCsvImportReport **, GError **);

/* The import writes one transaction into indexes spread over the whole file (names, E.164,
 * reversed digits, e-mails, FTS): with the default 64 MB page cache the dirty pages spill
 * into the WAL mid-transaction and are read back from it. It gets a bigger page cache and
 * memory map while it runs (pages are only allocated as they are touched), then the
 * connection's own settings come back. */
#define IMPORT_CACHE_KIB G_GINT64_CONSTANT (262144)
#define IMPORT_MMAP_BYTES G_GINT64_CONSTANT (2147418112)

static gboolean
import_contacts (RdStore                   *store,
                 const char                *path,
                 const RdCsvImportOptions  *options,
                 GCancellable              *cancellable,
                 RdCsvImportReport        **out_report,
                 GError                   **error)
{
  gint64 cache = pragma_int (store, "PRAGMA cache_size");
  gint64 mmap = pragma_int (store, "PRAGMA mmap_size");
  g_autofree char *set = g_strdup_printf ("PRAGMA cache_size = %" G_GINT64_FORMAT "; PRAGMA mmap_size = %" G_GINT64_FORMAT,
                                          cache < 0 ? MIN (cache, -IMPORT_CACHE_KIB) : MAX (cache, IMPORT_CACHE_KIB / 4),
                                          MAX (mmap, IMPORT_MMAP_BYTES));
  g_autofree char *restore = g_strdup_printf ("PRAGMA cache_size = %" G_GINT64_FORMAT "; PRAGMA mmap_size = %" G_GINT64_FORMAT,
                                              cache, mmap);
  gboolean ok;

  rd_store_exec (store, set, NULL);   /* only a speed-up: the import runs without it */
  ok = import_contacts_in_txn (store, path, options, cancellable, out_report, error);
  rd_store_exec (store, restore, NULL);
  return ok;
}

static gboolean
import_contacts_in_txn (RdStore                   *store,
                        const char                *path,
                        const RdCsvImportOptions  *options,
                        GCancellable              *cancellable,
                        RdCsvImportReport        **out_report,
                        GError                   **error)
{
  g_autoptr(RdCsvImportReport) report = g_new0 (RdCsvImportReport, 1);
  g_autofree char *contents = NULL;
  g_autofree char *converted = NULL;
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) map = g_array_new (FALSE, TRUE, sizeof (MapEntry));
  g_autoptr(GHashTable) orgs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GAsyncQueue) full = g_async_queue_new ();
  g_autoptr(GAsyncQueue) slots = g_async_queue_new ();
  g_autofree char *region = NULL;
  RdCsvImportOptions defaults;
  GThread *thread;
  const char *text;
  gsize len = 0;
  Reader reader = { 0 };
  Ctx ctx = { 0 };
  gboolean stopping = FALSE;

  g_return_val_if_fail (RD_IS_STORE (store), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (options == NULL)
    {
      rd_csv_import_options_init (&defaults);
      options = &defaults;
    }
  report->errors = g_ptr_array_new_with_free_func ((GDestroyNotify) row_error_free);

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
  text = contents;

  if (options->encoding != NULL && g_ascii_strcasecmp (options->encoding, "UTF-8") != 0 &&
      g_ascii_strcasecmp (options->encoding, "UTF8") != 0)
    {
      g_autoptr(GError) conv_error = NULL;
      gsize written = 0;

      converted = g_convert (contents, len, "UTF-8", options->encoding, NULL, &written, &conv_error);
      if (converted == NULL)
        {
          g_set_error (error, RD_CSV_ERROR, RD_CSV_ERROR_ENCODING,
                       "The file is not valid %s text: %s", options->encoding, conv_error->message);
          return FALSE;
        }
      text = converted;
      len = written;
    }
  else if (len >= 3 && memcmp (text, "\xef\xbb\xbf", 3) == 0)
    {
      text += 3;
      len -= 3;
    }

  if (options->mapping != NULL && !parse_mapping (options->mapping, map, error))
    return FALSE;

  report->delimiter = options->delimiter != 0 ? options->delimiter : detect_delimiter (text, len);

  ctx.store = store;
  ctx.opts = options;
  ctx.report = report;
  ctx.orgs = orgs;
  ctx.bytes_total = len;
  ctx.cancellable = cancellable;

  if (!rd_store_begin (store, error))
    return FALSE;

  region = g_strdup (rd_store_get_default_region (store));
  reader.opts = options;
  reader.text = text;
  reader.len = len;
  reader.delimiter = report->delimiter;
  reader.region = region;
  reader.fields = fields;
  reader.line = 1;
  reader.piece_start_line = 1;
  reader.expected_cols = -1;
  reader.map = map;
  reader.batch = g_ptr_array_new_full (ROWS_PER_BATCH, (GDestroyNotify) row_free);
  reader.full = full;
  reader.slots = slots;
  for (int i = 0; i < BATCHES_IN_FLIGHT; i++)
    g_async_queue_push (slots, GINT_TO_POINTER (1));
  thread = g_thread_new ("rd-csv-reader", reader_thread, &reader);

  /* Write what the reader hands over, in file order; after a fatal error only drain. */
  for (;;)
    {
      GPtrArray *batch = g_async_queue_pop (full);

      if (batch == END_OF_ROWS)
        break;
      for (guint i = 0; i < batch->len && !stopping; i++)
        {
          write_row (&ctx, batch->pdata[i]);
          stopping = ctx.fatal != NULL;
        }
      g_ptr_array_unref (batch);
      if (stopping)
        g_atomic_int_set (&reader.stop, 1);
      g_async_queue_push (slots, GINT_TO_POINTER (1));
    }
  g_thread_join (thread);
  g_ptr_array_unref (reader.batch);
  if (ctx.fatal == NULL && reader.fatal != NULL)
    ctx.fatal = g_steal_pointer (&reader.fatal);
  g_clear_error (&reader.fatal);

  for (guint i = 0; i < map->len; i++)
    g_free (g_array_index (map, MapEntry, i).column_name);

  if (options->progress != NULL)
    options->progress (ctx.fatal == NULL ? len : reader.bytes_done, len, report->rows, options->progress_data);

  if (ctx.fatal != NULL)
    {
      rd_store_rollback (store);
      g_propagate_error (error, ctx.fatal);
      return FALSE;
    }

  if (report->bad > 0 && !options->skip_bad)
    {
      RdCsvRowError *first = report->errors->pdata[0];

      rd_store_rollback (store);
      g_set_error (error, RD_CSV_ERROR, RD_CSV_ERROR_BAD_ROWS,
                   "%u bad row%s (line %u: %s); nothing was imported%s", report->bad,
                   report->bad == 1 ? "" : "s", first->line, first->message,
                   options->dry_run ? " (dry run)" : "");
      if (out_report != NULL)
        *out_report = g_steal_pointer (&report);
      return FALSE;
    }

  if (options->dry_run)
    rd_store_rollback (store);
  else if (!rd_store_commit (store, error))
    return FALSE;
  else
    report->committed = TRUE;

  if (out_report != NULL)
    *out_report = g_steal_pointer (&report);
  return TRUE;
}

/* ---- async ------------------------------------------------------------------------------ */

typedef struct {
  char               *db_path;
  char               *region;
  char               *user;
  char               *path;
  char               *encoding;
  char               *mapping;
  RdCsvImportOptions  options;
  RdCsvImportReport  *report;
} ImportJob;

static void
import_job_free (ImportJob *job)
{
  g_free (job->db_path);
  g_free (job->region);
  g_free (job->user);
  g_free (job->path);
  g_free (job->encoding);
  g_free (job->mapping);
  rd_csv_import_report_free (job->report);
  g_free (job);
}

static void
import_thread_cb (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  ImportJob *job = task_data;
  g_autoptr(RdStore) store = NULL;
  GError *error = NULL;
  gboolean ok;

  store = rd_store_open (job->db_path, &error);
  if (store == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  rd_store_set_default_region (store, job->region, NULL);
  if (job->user != NULL)
    rd_store_set_user (store, job->user);

  ok = import_contacts (store, job->path, &job->options, cancellable, &job->report, &error);
  rd_store_close (store);
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
rd_csv_import_contacts_async (RdStore                   *store,
                              const char                *path,
                              const RdCsvImportOptions  *options,
                              GCancellable              *cancellable,
                              GAsyncReadyCallback        callback,
                              gpointer                   user_data)
{
  g_autoptr(GTask) task = NULL;
  ImportJob *job;

  g_return_if_fail (RD_IS_STORE (store));
  g_return_if_fail (path != NULL);

  job = g_new0 (ImportJob, 1);
  job->db_path = g_strdup (rd_store_get_path (store));
  job->region = g_strdup (rd_store_get_default_region (store));
  job->user = g_strdup (rd_store_get_user (store));
  job->path = g_strdup (path);
  if (options != NULL)
    job->options = *options;
  else
    rd_csv_import_options_init (&job->options);
  job->encoding = g_strdup (job->options.encoding);
  job->mapping = g_strdup (job->options.mapping);
  job->options.encoding = job->encoding;
  job->options.mapping = job->mapping;

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, rd_csv_import_contacts_async);
  g_task_set_task_data (task, job, (GDestroyNotify) import_job_free);
  g_task_run_in_thread (task, import_thread_cb);
}

gboolean
rd_csv_import_contacts_finish (RdStore             *store,
                               GAsyncResult        *result,
                               RdCsvImportReport  **report,
                               GError             **error)
{
  ImportJob *job;

  g_return_val_if_fail (g_task_is_valid (result, store), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rd_csv_import_contacts_async, FALSE);

  job = g_task_get_task_data (G_TASK (result));
  if (report != NULL)
    *report = g_steal_pointer (&job->report);
  return g_task_propagate_boolean (G_TASK (result), error);
}
