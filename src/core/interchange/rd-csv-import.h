/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rd-store.h"

G_BEGIN_DECLS

/* CSV import of contacts (libcsv). One transaction either way; a dry run rolls it back and
 * reports what would have happened. */

#define RD_CSV_ERROR (rd_csv_error_quark ())

typedef enum {
  RD_CSV_ERROR_READ,       /* the file cannot be read */
  RD_CSV_ERROR_ENCODING,   /* not valid text in the chosen encoding */
  RD_CSV_ERROR_MAPPING,    /* a mapping that names an unknown field or column */
  RD_CSV_ERROR_BAD_ROWS,   /* all-or-nothing import with bad rows: nothing imported */
  RD_CSV_ERROR_COUNTRY,    /* the default country is not an ISO 3166 code libphonenumber knows */
} RdCsvError;

typedef enum {
  RD_CSV_DUPLICATES_CREATE,  /* import duplicates as new contacts */
  RD_CSV_DUPLICATES_SKIP,    /* skip rows whose phone or e-mail is already known */
  RD_CSV_DUPLICATES_UPDATE,  /* update the known contact with the row's fields */
} RdCsvDuplicates;

/* Called every few hundred rows and at the end. */
typedef void (*RdCsvProgressFunc) (guint64  bytes_done,
                                   guint64  bytes_total,
                                   guint    rows_done,
                                   gpointer user_data);

typedef struct {
  char               delimiter;   /* 0 = detect (, ; TAB |) */
  const char        *encoding;    /* NULL or "UTF-8" (a BOM is skipped), or "CP1251" */
  gboolean           header;      /* the first row read names the columns */
  guint              start_row;   /* 1-based line to start reading at (0 or 1 = the top) */
  const char        *mapping;     /* "name=1,phone=3,email=Mail": field=column number or header
                                   * name; NULL = header names that are field names */
  const char        *country;     /* ISO 3166 alpha-2 ("DE", any case) the numbers of a row
                                   * without a country column are read for; NULL = the store's
                                   * default region */
  RdCsvDuplicates    duplicates;  /* matched by any valid phone (E.164) or e-mail */
  gboolean           dry_run;     /* roll back, report only */
  gboolean           skip_bad;    /* import the good rows, report the bad; else all-or-nothing */
  RdCsvProgressFunc  progress;
  gpointer           progress_data;
} RdCsvImportOptions;

/* One rejected row (or, in warnings, an imported row with a note): the line where it
 * starts and why. */
typedef struct {
  guint  line;
  char  *message;
} RdCsvRowError;

typedef struct {
  guint      rows;       /* data rows read */
  guint      created;
  guint      updated;
  guint      skipped;    /* duplicates skipped */
  guint      bad;
  guint      invalid_numbers;  /* numbers of created or updated rows that are not valid for
                                * their country: kept as typed, without E.164, never dialled */
  gboolean   committed;  /* FALSE for a dry run or a rejected all-or-nothing import */
  char       delimiter;  /* the one used */
  GPtrArray *errors;     /* RdCsvRowError: the bad rows (as many as @bad) */
  GPtrArray *warnings;   /* RdCsvRowError: rows imported with a number kept as typed */
} RdCsvImportReport;

GQuark              rd_csv_error_quark          (void);

/* Defaults: detect delimiter, UTF-8, header on, duplicates skipped, all-or-nothing. */
void                rd_csv_import_options_init  (RdCsvImportOptions *options);

void                rd_csv_import_report_free   (RdCsvImportReport  *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdCsvImportReport, rd_csv_import_report_free)

/* The fields a column can map to: name, first_name, last_name, title, organization, tags,
 * description, owner, phone, phone_mobile, phone_work, phone_home, email, email_work,
 * email_home, country, street, city, region, postal_code, address_kind (NULL-terminated),
 * and the keys of the custom fields of contacts. The address columns make the contact's
 * primary address; its country (a name or an ISO 3166 code; an unknown one makes the row
 * bad) is also the region the row's numbers are read and validated for. Without a mapping,
 * headers map by these names (any case, "Postal Code", "ZIP", "State" too) and custom
 * fields by their key or label. */
const char * const *rd_csv_import_fields        (void);

/* Imports @path into @store. *@report (when given) is set whenever the file could be read,
 * even when FALSE is returned for bad rows (RD_CSV_ERROR_BAD_ROWS). */
gboolean            rd_csv_import_contacts      (RdStore                   *store,
                                                 const char                *path,
                                                 const RdCsvImportOptions  *options,
                                                 RdCsvImportReport        **report,
                                                 GError                   **error);

/* Runs rd_csv_import_contacts() in a worker thread on its own connection to the replica
 * file of @store (RdStore is one-thread). @options is copied (its strings too). The
 * progress callback runs in the worker thread: hop to your main context before touching
 * widgets. Cancelling @cancellable rolls the whole import back (G_IO_ERROR_CANCELLED). */
void                rd_csv_import_contacts_async  (RdStore                   *store,
                                                   const char                *path,
                                                   const RdCsvImportOptions  *options,
                                                   GCancellable              *cancellable,
                                                   GAsyncReadyCallback        callback,
                                                   gpointer                   user_data);

/* The report (also on failure when the file was read, like the sync call) and the result. */
gboolean            rd_csv_import_contacts_finish (RdStore                   *store,
                                                   GAsyncResult              *result,
                                                   RdCsvImportReport        **report,
                                                   GError                   **error);

/* Writes the live records of @table matching @query (NULL = all) as CSV with a header row:
 * the record's fields, and for contacts/leads/organizations "phones" and "emails" columns
 * (values joined by "; ") and the primary address (street, city, region, postal_code,
 * country, address_kind), then one column per custom field (by key; values as
 * rd_custom_field_format() writes them). UTF-8, comma, CRLF, quoted as needed. */
gboolean            rd_csv_export               (RdStore                   *store,
                                                 const char                *table,
                                                 const char                *query,
                                                 const char                *path,
                                                 guint                     *n_rows,
                                                 GError                   **error);

G_END_DECLS
