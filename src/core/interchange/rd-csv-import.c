/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CSV import of contacts: options, the mapping option, the delimiter, and the run (sync and
 * async) that starts the reader thread and writes what it sends. */
#include "config.h"

#include <string.h>

#include "rd-csv-import-private.h"
#include "rd-country.h"
#include "rd-csv-table.h"
#include "rd-fault.h"
#include "rd-phone-number.h"
#include "rd-store-bulk.h"

G_DEFINE_QUARK (rd-csv-error-quark, rd_csv_error)

const char *const rd_csv_import_targets[N_TARGETS + 1] = {
  "name", "first_name", "last_name", "title", "organization", "tags", "description", "owner",
  "phone", "phone_mobile", "phone_work", "phone_home", "email", "email_work", "email_home",
  "country", "street", "city", "region", "postal_code", "address_kind", NULL,
};

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
  g_clear_pointer (&report->warnings, g_ptr_array_unref);
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
  return rd_csv_import_targets;
}

char *
rd_csv_import_country (const char *text)
{
  return g_strdup (rd_country_code (text));
}

/* Headers other CRMs and spreadsheets write for the address columns. */
static const struct {
  const char *header;
  int         target;
} header_aliases[] = {
  { "zip", T_POSTAL_CODE }, { "zip_code", T_POSTAL_CODE }, { "postcode", T_POSTAL_CODE },
  { "postal", T_POSTAL_CODE }, { "state", T_REGION }, { "province", T_REGION },
  { "street_address", T_STREET }, { "address", T_STREET }, { "address_line", T_STREET },
  { "town", T_CITY }, { "company", T_ORGANIZATION }, { "mobile", T_PHONE_MOBILE },
  { "e_mail", T_EMAIL },
};

int
rd_csv_import_header_target (const char *header,
                             GPtrArray  *custom_fields)
{
  g_autofree char *stripped = NULL;
  g_autofree char *norm = NULL;
  g_autofree char *folded = NULL;

  if (header == NULL)
    return -1;
  stripped = g_strstrip (g_strdup (header));
  norm = g_ascii_strdown (stripped, -1);
  g_strdelimit (norm, " -", '_');
  for (int t = 0; t < N_TARGETS; t++)
    if (g_str_equal (norm, rd_csv_import_targets[t]))
      return t;
  for (gsize i = 0; i < G_N_ELEMENTS (header_aliases); i++)
    if (g_str_equal (norm, header_aliases[i].header))
      return header_aliases[i].target;

  folded = g_utf8_casefold (stripped, -1);
  for (guint i = 0; custom_fields != NULL && i < custom_fields->len; i++)
    {
      RdCustomField *field = custom_fields->pdata[i];
      g_autofree char *label = g_utf8_casefold (field->label, -1);

      if (g_str_equal (norm, field->key) || g_str_equal (folded, label))
        return T_CUSTOM + (int) i;
    }
  return -1;
}

/* ---- mapping ---------------------------------------------------------------------------- */

static void
map_entry_clear (gpointer data)
{
  g_free (((MapEntry *) data)->column_name);
}

static gboolean
parse_mapping (const char  *spec,
               GArray      *map,
               GPtrArray   *custom_fields,
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
        if (g_ascii_strcasecmp (key, rd_csv_import_targets[t]) == 0)
          e.target = t;
      for (guint f = 0; e.target < 0 && custom_fields != NULL && f < custom_fields->len; f++)
        if (g_ascii_strcasecmp (key, ((RdCustomField *) custom_fields->pdata[f])->key) == 0)
          e.target = T_CUSTOM + (int) f;
      if (e.target < 0)
        {
          g_autofree char *known = g_strjoinv (", ", (char **) rd_csv_import_targets);
          g_set_error (error, RD_CSV_ERROR, RD_CSV_ERROR_MAPPING,
                       "Mapping: “%s” is not a contact field (one of %s, or a custom field's key)", key, known);
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
  g_autoptr(GPtrArray) custom_fields = NULL;
  g_autoptr(GPtrArray) reader_fields = g_ptr_array_new_with_free_func ((GDestroyNotify) rd_custom_field_free);
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
  report->warnings = g_ptr_array_new_with_free_func ((GDestroyNotify) row_error_free);

  if (options->country == NULL)
    region = g_strdup (rd_store_get_default_region (store));
  else if ((region = g_strstrip (g_ascii_strup (options->country, -1))) == NULL ||
           strlen (region) != 2 || !rd_phone_number_region_supported (region))
    {
      g_set_error (error, RD_CSV_ERROR, RD_CSV_ERROR_COUNTRY,
                   "Unknown country “%s”: use a two-letter ISO 3166 code such as DE or RU",
                   options->country);
      return FALSE;
    }

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

  /* The custom fields of contacts: mapped by key, or found by a header (key or label). The
   * reader thread gets copies of its own. */
  custom_fields = rd_store_list_custom_fields (store, "contacts", error);
  if (custom_fields == NULL)
    return FALSE;
  for (guint i = 0; i < custom_fields->len; i++)
    g_ptr_array_add (reader_fields, rd_custom_field_copy (custom_fields->pdata[i]));

  /* The names go with the map on every path, a mapping refused halfway included. */
  g_array_set_clear_func (map, map_entry_clear);
  if (options->mapping != NULL && !parse_mapping (options->mapping, map, custom_fields, error))
    return FALSE;

  report->delimiter = options->delimiter != 0 ? options->delimiter : rd_csv_detect_delimiter (text, len);

  ctx.store = store;
  ctx.opts = options;
  ctx.report = report;
  ctx.orgs = orgs;
  ctx.custom_fields = custom_fields;
  ctx.region = region;
  ctx.bytes_total = len;
  ctx.cancellable = cancellable;

  if (!rd_store_begin (store, error))
    return FALSE;

  reader.opts = options;
  reader.text = text;
  reader.len = len;
  reader.delimiter = report->delimiter;
  reader.region = region;
  reader.fields = fields;
  reader.expected_cols = -1;
  reader.map = map;
  reader.custom_fields = reader_fields;
  reader.batch = g_ptr_array_new_full (ROWS_PER_BATCH, (GDestroyNotify) rd_csv_import_row_free);
  reader.full = full;
  reader.slots = slots;
  for (int i = 0; i < BATCHES_IN_FLIGHT; i++)
    g_async_queue_push (slots, GINT_TO_POINTER (1));
  thread = g_thread_new ("rd-csv-reader", rd_csv_import_reader_thread, &reader);

  /* Write what the reader hands over, in file order; after a fatal error only drain. */
  for (;;)
    {
      GPtrArray *batch = g_async_queue_pop (full);

      if (batch == END_OF_ROWS)
        break;
      for (guint i = 0; i < batch->len && !stopping; i++)
        {
          rd_csv_import_write_row (&ctx, batch->pdata[i]);
          stopping = ctx.fatal != NULL;
        }
      g_ptr_array_unref (batch);
      rd_fault_point ("import.batch");   /* rows written, the import's transaction open */
      if (stopping)
        g_atomic_int_set (&reader.stop, 1);
      g_async_queue_push (slots, GINT_TO_POINTER (1));
    }
  g_thread_join (thread);
  g_ptr_array_unref (reader.batch);
  if (ctx.fatal == NULL && reader.fatal != NULL)
    ctx.fatal = g_steal_pointer (&reader.fatal);
  g_clear_error (&reader.fatal);

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
  char               *country;
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
  g_free (job->country);
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
  job->country = g_strdup (job->options.country);
  job->options.encoding = job->encoding;
  job->options.mapping = job->mapping;
  job->options.country = job->country;

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
