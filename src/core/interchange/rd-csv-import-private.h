/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Internals shared by rd-csv-import.c, rd-csv-import-reader.c and rd-csv-import-writer.c:
 * the rows the reader thread hands to the writer, and each side's state. */

#include "rd-csv-import.h"
#include "rd-custom-fields.h"

G_BEGIN_DECLS

enum {
  T_NAME, T_FIRST_NAME, T_LAST_NAME, T_TITLE, T_ORGANIZATION, T_TAGS, T_DESCRIPTION, T_OWNER,
  T_PHONE, T_PHONE_MOBILE, T_PHONE_WORK, T_PHONE_HOME, T_EMAIL, T_EMAIL_WORK, T_EMAIL_HOME,
  T_COUNTRY, T_STREET, T_CITY, T_REGION, T_POSTAL_CODE, T_ADDRESS_KIND,
  N_TARGETS
};

/* A target >= T_CUSTOM is the custom field T_CUSTOM + i of the import's field list. */
#define T_CUSTOM 1000

/* The field names, indexed by the T_ values (NULL-terminated). */
extern const char *const rd_csv_import_targets[N_TARGETS + 1];

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
  char       *e164;   /* NULL: not valid for the row's country (kept as typed) */
  char        id[37];
} RowPhone;

typedef struct {
  char       *address;   /* as typed */
  char       *lower;
  const char *kind;
  char        id[37];
} RowEmail;

typedef struct {
  guint     field;      /* index into the import's custom fields */
  JsonNode *value;      /* checked by rd_custom_field_parse_text */
} RowCustom;

typedef struct {
  guint     line;                /* where the row starts */
  guint64   bytes_done;
  char     *bad;                 /* why the row cannot be read at all, or NULL */
  gboolean  plain;               /* checked by the reader: writable as it is (bulk path) */
  char     *text[N_TARGETS];     /* single-valued targets (name ... owner, organization) */
  char     *country;             /* the row's country column ("DE"), NULL = the import's */
  const char *phone_region;      /* what its numbers were read for */
  gboolean  has_address;         /* street, city, region, postal code or country mapped */
  char     *address_kind;        /* checked: work, home, billing, shipping, other */
  GArray   *phones;              /* RowPhone */
  GArray   *emails;              /* RowEmail */
  GArray   *custom;              /* RowCustom */
  char      id[37];              /* the new contact's id (plain rows) */
  char      address_id[37];
} Row;

#define ROWS_PER_BATCH 256
#define BATCHES_IN_FLIGHT 16

typedef struct {
  const RdCsvImportOptions *opts;
  const char               *text;
  gsize                     len;
  char                      delimiter;
  const char               *region;          /* the import's default country */
  GPtrArray                *fields;          /* the record being read (char *, NULL = bad UTF-8) */
  guint                     record_line;     /* where it starts */
  gboolean                  header_done;
  int                       expected_cols;
  GArray                   *map;             /* MapEntry */
  GPtrArray                *custom_fields;   /* RdCustomField of contacts (copies: the reader's own) */
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
  const char               *region;          /* the import's default country */
  guint                     record_line;
  GHashTable               *orgs;            /* name -> id */
  GPtrArray                *custom_fields;   /* RdCustomField of contacts */
  GError                   *fatal;
  GCancellable             *cancellable;
  guint64                   bytes_total;
} Ctx;

/* The last item the reader pushes on Reader.full: one address, shared by both threads. */
extern const int rd_csv_import_end_of_rows;
#define END_OF_ROWS ((gpointer) &rd_csv_import_end_of_rows)

/* @text ("de", " DE ", "Germany", "Германия") as its ISO 3166 alpha-2 code ("DE"), or NULL. */
char    *rd_csv_import_country       (const char *text);

/* The target a header names ("City", "Postal Code", "ZIP", a custom field's key or label),
 * or -1. */
int      rd_csv_import_header_target (const char *header,
                                      GPtrArray  *custom_fields);

/* Frees a Row (the GDestroyNotify of a batch). */
void     rd_csv_import_row_free      (Row      *row);

/* The reader thread (GThreadFunc on a Reader): parses r->text and sends batches to r->full. */
gpointer rd_csv_import_reader_thread (gpointer  data);

/* Writes one row the reader sent, in the import's transaction; a fatal error goes to
 * ctx->fatal, a bad row to the report. */
void     rd_csv_import_write_row     (Ctx      *ctx,
                                      Row      *row);

G_END_DECLS
