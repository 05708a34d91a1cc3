/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The store's low-level API: prepared statements, light transactions, row writers without
 * records. For the parts of libringdesk that move rows in bulk (interchange/, sync/);
 * the app, the CLI and the server use rd-store.h. The struct stays in rd-store-private.h. */

#include <sqlite3.h>

#include "rd-store.h"

G_BEGIN_DECLS

/* A cached prepared statement, reset and with bindings cleared. Call rd_store_stmt_done()
 * when finished with it. */
sqlite3_stmt *rd_store_stmt         (RdStore      *self,
                                     const char   *sql,
                                     GError      **error);
void          rd_store_stmt_done    (sqlite3_stmt *stmt);

/* For single writes that validate everything before their first statement: a transaction
 * at the top level, nothing (no savepoint) when nested, because savepoints copy every page
 * they touch and halved the write rate. A nested light level cannot undo its statements: a
 * failure after writing (an SQLite error, RD_STORE_ERROR_FAILED) must make the enclosing
 * transaction roll back, which every caller in core does. rd_store_commit/rollback end it. */
gboolean      rd_store_begin_light  (RdStore      *self,
                                     GError      **error);

/* Runs every check rd_store_insert() would run on @record (fields, phones, e-mails)
 * without writing anything. */
gboolean      rd_store_check_insert (RdStore      *self,
                                     RdRecord     *record,
                                     GError      **error);

/* A read transaction around several queries (one lock instead of one per statement);
 * nests inside any transaction. Every read_begin needs its read_end. */
void          rd_store_read_begin   (RdStore      *self);
void          rd_store_read_end     (RdStore      *self);

/* An RdStoreError from a SQLite result code and message (see rd_store_error_for_sqlite()). */
void          rd_store_set_sqlite_error (GError     **error,
                                         int          sqlite_code,
                                         const char  *what,
                                         const char  *message);
/* Sets an RdStoreError from the connection's last error (FAILED, DISK_FULL, READ_ONLY) and
 * returns FALSE. */
gboolean      rd_store_set_sql_error (RdStore     *self,
                                      GError     **error,
                                      const char  *what);

/* Runs SQL without results. */
gboolean      rd_store_exec         (RdStore      *self,
                                     const char   *sql,
                                     GError      **error);

/* The small number standing for @site in packed field versions (registered on first use). */
int           rd_store_site_number  (RdStore      *self,
                                     const char   *site,
                                     GError      **error);
const char   *rd_store_site_name    (RdStore      *self,
                                     int           number);

/* Current wall time in ms (the HLC's clock, so tests control it). */
gint64        rd_store_now_ms       (RdStore      *self);

/* Binds a JSON scalar node to parameter @index. */
void          rd_store_bind_node    (sqlite3_stmt *stmt,
                                     int           index,
                                     JsonNode     *node);

/* Reads column @col as a JSON node (new). */
JsonNode     *rd_store_column_node  (sqlite3_stmt *stmt,
                                     int           col);

/* Appends @node as compact JSON text. */
void          rd_store_append_json  (GString      *out,
                                     JsonNode     *node);
void          rd_store_append_json_string (GString    *out,
                                           const char *s);

/* One column value for rd_store_insert_new_row(): text when @text is set, else @num. */
typedef struct {
  const char *name;
  const char *text;
  gint64      num;
} RdColumnValue;

/* What rd_store_write_row (@is_new = TRUE) does for a row of already checked, non-null
 * values (in capture order), without a JsonObject: used for phones and e-mails, several per
 * imported contact. */
gboolean      rd_store_insert_new_row (RdStore             *self,
                                       const RdTableDesc   *t,
                                       const char          *id,
                                       const RdColumnValue *values,
                                       guint                n_values,
                                       GError             **error);

/* The capture path: writes @changes (field -> value, already validated) to row @id of @t,
 * inserting it when @is_new. One HLC stamp; field versions; outbox (when capture is on);
 * audit log for changed fields of existing rows. Only fields whose value differs count. */
gboolean      rd_store_write_row    (RdStore           *self,
                                     const RdTableDesc *t,
                                     const char        *id,
                                     JsonObject        *changes,
                                     gboolean           is_new,
                                     GError           **error);

/* Checks and normalizes one field value for a local write (in place in @changes). */
gboolean      rd_store_validate_field (RdStore           *self,
                                       const RdTableDesc *t,
                                       const char        *field,
                                       JsonObject        *changes,
                                       GError           **error);

/* TRUE when a live row @id exists in @table. */
gboolean      rd_store_row_exists   (RdStore      *self,
                                     const char   *table,
                                     const char   *id);

/* The owner of a live row (new string) or NULL. */
char         *rd_store_row_owner    (RdStore      *self,
                                     const char   *table,
                                     const char   *id);

/* Reads one row as a record (NULL when missing or deleted unless @with_deleted). */
RdRecord     *rd_store_read_row     (RdStore           *self,
                                     const RdTableDesc *t,
                                     const char        *id,
                                     gboolean           with_deleted);

/* Reads the current row of @stmt (SELECT * on a synced table) into a record. */
RdRecord     *rd_store_record_from_stmt (const char   *table,
                                         sqlite3_stmt *stmt);

/* Adds "phones", "emails" and "addresses" arrays and the "custom" object to @record from
 * the child tables (what the table has). */
void          rd_store_attach_children (RdStore   *self,
                                        RdRecord  *record);

/* Only "phones" and "emails" (the screen pop's lookup: one index search less per match). */
void          rd_store_attach_phones_emails (RdStore  *self,
                                             RdRecord *record);

/* The phones/emails insert used by records and imports (inside a transaction). */
char         *rd_store_insert_phone (RdStore      *self,
                                     const char   *parent_table,
                                     const char   *parent_id,
                                     const char   *owner,
                                     const char   *raw,
                                     const char   *kind,
                                     const char   *region,   /* NULL = the default */
                                     GError      **error);
char         *rd_store_insert_email (RdStore      *self,
                                     const char   *parent_table,
                                     const char   *parent_id,
                                     const char   *owner,
                                     const char   *address,
                                     const char   *kind,
                                     GError      **error);

/* The same rows from values already checked and normalized (an importer's bulk path):
 * @id is the new row's UUID, @e164 NULL for a number that is not valid (from
 * rd_phone_number_to_valid_e164()), @kind NULL for none. */
gboolean      rd_store_write_phone  (RdStore      *self,
                                     const char   *id,
                                     const char   *parent_table,
                                     const char   *parent_id,
                                     const char   *owner,
                                     const char   *raw,
                                     const char   *kind,
                                     const char   *e164,
                                     GError      **error);
gboolean      rd_store_write_email  (RdStore      *self,
                                     const char   *id,
                                     const char   *parent_table,
                                     const char   *parent_id,
                                     const char   *owner,
                                     const char   *address,
                                     const char   *kind,
                                     GError      **error);

/* A structured address row from checked values (the importers' bulk path); @country an
 * alpha-2 code or NULL, @kind NULL for "work". */
gboolean      rd_store_write_address (RdStore     *self,
                                      const char  *id,
                                      const char  *parent_table,
                                      const char  *parent_id,
                                      const char  *owner,
                                      const char  *kind,
                                      const char  *street,
                                      const char  *city,
                                      const char  *region,
                                      const char  *postal_code,
                                      const char  *country,
                                      GError     **error);

/* One custom value of record @parent_id: the row (name-based id of record and field) is
 * made, changed or cleared as needed. @value already checked (rd_custom_field_parse). */
gboolean      rd_store_write_custom_value (RdStore    *self,
                                           const char *parent_table,
                                           const char *parent_id,
                                           const char *owner,
                                           const char *field_id,
                                           JsonNode   *value,
                                           GError    **error);

/* The id of the custom_values row of field @field_id of record @parent_id. */
void          rd_store_custom_value_id (const char *parent_id,
                                        const char *field_id,
                                        char        out[37]);

/* The country of a record's primary address (its first with a country), or NULL. */
char         *rd_store_record_country (RdStore    *self,
                                       const char *parent_id);

/* TRUE when @address (already lower case) is what the store accepts as an e-mail. */
gboolean      rd_store_email_valid  (const char   *address);

/* Reversed ASCII digits of @e164 or, when NULL, of @raw: the phone suffix-search key. */
char         *rd_store_digits_rev   (const char   *e164,
                                     const char   *raw);

/* Builds a SQL WHERE fragment (with ?NNN parameters appended to @params) from the
 * advanced-search syntax; validates fields against @t and, with @store, its custom
 * fields and address fields. */
char         *rd_store_parse_query  (RdStore           *store,
                                     const RdTableDesc *t,
                                     const char        *query,
                                     GPtrArray         *params,
                                     GError           **error);

G_END_DECLS
