/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

#include "rd-hlc.h"
#include "rd-record.h"
#include "rd-schema.h"

G_BEGIN_DECLS

/* RdStore: one replica file (SQLite, WAL, foreign keys on). Every write goes through the
 * store's capture path: in one transaction it validates, stamps the HLC, updates the row's
 * field versions and appends one outbox row per changed field. A failed write changes
 * nothing. Not thread-safe: use one RdStore per thread (WAL lets several readers run). */

#define RD_STORE_ERROR (rd_store_error_quark ())

typedef enum {
  RD_STORE_ERROR_FAILED,          /* SQLite or I/O trouble (internal) */
  RD_STORE_ERROR_NOT_FOUND,       /* no live record with that id */
  RD_STORE_ERROR_REQUIRED,        /* a required field is missing or empty */
  RD_STORE_ERROR_INVALID_VALUE,   /* wrong type, value outside its enum, bad e-mail */
  RD_STORE_ERROR_INVALID_PHONE,   /* a number to look up that is not valid (stored phones never fail: kept, flagged) */
  RD_STORE_ERROR_FOREIGN_KEY,     /* a reference to a record that does not exist */
  RD_STORE_ERROR_UNKNOWN_TABLE,   /* not a synced table */
  RD_STORE_ERROR_UNKNOWN_FIELD,   /* not a field of that table (or read-only) */
  RD_STORE_ERROR_INVALID_STATE,   /* e.g. converting a lead that is not qualified */
  RD_STORE_ERROR_SCHEMA_TOO_NEW,  /* the file was written by a newer Ringdesk */
  RD_STORE_ERROR_QUERY,           /* a search query that does not parse */
  RD_STORE_ERROR_CLOCK_SKEW,      /* a remote timestamp too far in the future */
  RD_STORE_ERROR_DISK_FULL,       /* the file cannot grow (disk full, quota): nothing was written */
  RD_STORE_ERROR_READ_ONLY,       /* the file or its folder cannot be written: nothing was written */
} RdStoreError;

#define RD_TYPE_STORE (rd_store_get_type ())
G_DECLARE_FINAL_TYPE (RdStore, rd_store, RD, STORE, GObject)

GQuark       rd_store_error_quark        (void);

/* The RdStoreError for a SQLite result code: DISK_FULL for SQLITE_FULL, READ_ONLY for
 * SQLITE_READONLY (and a journal that cannot be made), else FAILED. */
RdStoreError rd_store_error_for_sqlite   (int           sqlite_code);
/* Whether @error is trouble of the storage (FAILED, DISK_FULL, READ_ONLY) rather than of
 * the data: a caller stops and keeps its input instead of refusing a row. */
gboolean     rd_store_error_is_storage   (const GError *error);

/* For a validation error ("FIELD: message"), the field it names (free it), else NULL. */
char        *rd_store_error_get_field    (const GError *error);

/* ---- open, close, settings ------------------------------------------------------------ */

/* Opens (creating if needed) the replica at @path and runs the migrations. */
RdStore     *rd_store_open               (const char  *path,
                                          GError     **error);

/* Opens DIR/replica.db, creating DIR (0700) if needed. */
RdStore     *rd_store_open_dir           (const char  *replica_dir,
                                          GError     **error);

/* Closes the database now; later calls fail. Also done on finalize. */
void         rd_store_close              (RdStore     *self);

/* The file path of the replica. */
const char  *rd_store_get_path           (RdStore     *self);

/* The raw connection, for read-only queries (reports, the server). Do not write. */
sqlite3     *rd_store_get_db             (RdStore     *self);

/* This replica's site id (a UUID kept in the meta table). */
const char  *rd_store_get_site           (RdStore     *self);

/* The store's hybrid logical clock (set its clock function in tests). */
RdHlc       *rd_store_get_hlc            (RdStore     *self);

/* The region used to read phone numbers without a country code ("RU" by default; kept). */
const char  *rd_store_get_default_region (RdStore     *self);
gboolean     rd_store_set_default_region (RdStore     *self,
                                          const char  *region,
                                          GError     **error);

/* The user id stamped as owner on new records and as author in the audit log (may be NULL). */
const char  *rd_store_get_user           (RdStore     *self);
void         rd_store_set_user           (RdStore     *self,
                                          const char  *user_id);

/* A persistent key/value in the meta table (NULL when unset). */
char        *rd_store_get_meta           (RdStore     *self,
                                          const char  *key);
gboolean     rd_store_set_meta           (RdStore     *self,
                                          const char  *key,
                                          const char  *value,
                                          GError     **error);

/* Turns outbox capture off for a bulk snapshot load from the server (field versions are
 * still kept). On by default; the only caller that turns it off is the snapshot import. */
void         rd_store_set_capture        (RdStore     *self,
                                          gboolean     capture);

/* ---- transactions (nest: inner levels are savepoints) ---------------------------------
 * Single writes (insert, update, delete, apply) check everything first and open no savepoint
 * inside a caller's transaction: if one fails with RD_STORE_ERROR_FAILED (SQLite trouble),
 * roll your transaction back. Validation errors never leave anything behind. */

gboolean     rd_store_begin              (RdStore     *self,
                                          GError     **error);
gboolean     rd_store_commit             (RdStore     *self,
                                          GError     **error);
/* Undoes everything since the matching rd_store_begin(); never fails visibly. */
void         rd_store_rollback           (RdStore     *self);

/* ---- records --------------------------------------------------------------------------- */

/* Validates and stores a new @record: gives it a UUIDv7 id (unless it has one), the current
 * user as owner (unless set), created_at, and stores its "phones"/"emails" arrays. */
gboolean     rd_store_insert             (RdStore     *self,
                                          RdRecord    *record,
                                          GError     **error);

/* Changes the fields present in @changes (id required; others untouched). A "phones" or
 * "emails" array replaces that set (unchanged entries keep their ids). */
gboolean     rd_store_update             (RdStore     *self,
                                          RdRecord    *changes,
                                          GError     **error);

/* Tombstones a record (deleted = 1) and its phones and e-mails. */
gboolean     rd_store_delete             (RdStore     *self,
                                          const char  *table,
                                          const char  *id,
                                          GError     **error);

/* A live record with all fields (+ phones and emails where the table has them). */
RdRecord    *rd_store_get                (RdStore     *self,
                                          const char  *table,
                                          const char  *id,
                                          GError     **error);

/* Which table a live id belongs to (contacts, leads, ...), or NULL. */
const char  *rd_store_find_table         (RdStore     *self,
                                          const char  *id);

/* Live records of @table matching @query (advanced-search syntax, see rd_store_search(); NULL
 * for all), ordered by @order_by (a field, "-field" for descending; NULL = title field), then
 * id, so pages are stable. Returns a GPtrArray of RdRecord (without phones/emails). */
GPtrArray   *rd_store_list               (RdStore     *self,
                                          const char  *table,
                                          const char  *query,
                                          const char  *order_by,
                                          guint        offset,
                                          guint        limit,
                                          GError     **error);

/* The number of live records of @table matching @query (NULL for all); -1 on error. */
gint64       rd_store_count              (RdStore     *self,
                                          const char  *table,
                                          const char  *query,
                                          GError     **error);

/* ---- phones, e-mails, caller id ------------------------------------------------------- */

/* Adds a phone to a contact/lead/organization; returns its id. A number that is not valid
 * for the default region (libphonenumber's full validation, not only its length) is kept
 * as typed with invalid = 1 and no E.164 (no error): it never pops nor is dialled.
 * @kind NULL = "mobile". */
char        *rd_store_add_phone          (RdStore     *self,
                                          const char  *parent_table,
                                          const char  *parent_id,
                                          const char  *raw,
                                          const char  *kind,
                                          GError     **error);

/* rd_store_add_phone() reading @raw for @region (ISO 3166, "DE"; NULL = the default
 * region). An unknown @region is an error (RD_STORE_ERROR_INVALID_VALUE). */
char        *rd_store_add_phone_in_region (RdStore    *self,
                                           const char *parent_table,
                                           const char *parent_id,
                                           const char *raw,
                                           const char *kind,
                                           const char *region,
                                           GError    **error);

/* Adds an e-mail address (syntax checked, stored lower-case); returns its id. */
char        *rd_store_add_email          (RdStore     *self,
                                          const char  *parent_table,
                                          const char  *parent_id,
                                          const char  *address,
                                          const char  *kind,
                                          GError     **error);

/* The screen-pop query: the live contacts, leads and organizations owning @number (any
 * format; read with the default region), by one index lookup on E.164. Each result is the
 * parent record with phones/emails and a "matched_phone" field. Empty array when none. */
GPtrArray   *rd_store_lookup_number      (RdStore     *self,
                                          const char  *number,
                                          GError     **error);

/* @number (any format) as E.164 with the store's default region, or NULL when it is not
 * a phone number that libphonenumber says is valid for its country ("030 1234567" in a
 * RU store: NULL, not +7 030…). The one place numbers are normalised: the store's phones,
 * its lookups, screen pops and call records all ask here (recent answers are remembered).
 * Importers that read rows in another thread use rd_phone_number_to_valid_e164(), which
 * this calls. */
char        *rd_store_e164               (RdStore     *self,
                                          const char  *number);

/* rd_store_e164() reading @number for @region (NULL = the default region). */
char        *rd_store_e164_in_region     (RdStore     *self,
                                          const char  *number,
                                          const char  *region);

/* The numbers a message from @record can go to: the E.164 of its valid phones, or of its
 * contact's for a ticket (read from the store; @record as rd_store_get() returns it).
 * Empty when there are none. */
GPtrArray   *rd_store_record_numbers     (RdStore     *self,
                                          RdRecord    *record);

/* rd_store_lookup_number() for a number already in E.164 (from rd_store_e164()): no
 * second parse. An @e164 no phone row holds gives an empty array. */
GPtrArray   *rd_store_lookup_e164        (RdStore     *self,
                                          const char  *e164,
                                          GError     **error);

/* ---- leads and timeline ---------------------------------------------------------------- */

/* Converts a lead (status must not be converted or lost) in one transaction: a contact
 * (name, title, phones, e-mails copied), an organization when the lead has a company (an
 * existing one of the same name is reused), and a deal when @deal is non-NULL (its fields,
 * linked to the new contact and org). The lead gets status converted and converted_*_ids.
 * Out ids are set on success (deal_id NULL when no deal). */
gboolean     rd_store_convert_lead       (RdStore     *self,
                                          const char  *lead_id,
                                          RdRecord    *deal,
                                          char       **contact_id,
                                          char       **org_id,
                                          char       **deal_id,
                                          GError     **error);

/* A record's history, newest first: calls, notes, activities, messages attached to it
 * (for a contact, also those of the lead it came from) and field changes from the audit
 * log. Items are RdRecords of table "calls"/"notes"/"activities"/"messages"/"changes" with
 * an "at" field (ms since the epoch) and a "summary". Stable order: (at, id) descending. */
GPtrArray   *rd_store_timeline           (RdStore     *self,
                                          const char  *id,
                                          guint        offset,
                                          guint        limit,
                                          GError     **error);

/* ---- search ---------------------------------------------------------------------------- */

/* The search box: contacts, leads and organizations whose name, organization, e-mail or
 * tags start with the words of @text (contacts, leads, organizations, then contacts of
 * matching organizations; each newest first), or whose phone ends with its digits (6 or
 * more, any format; ordered by name, id). Records come without phones/emails. */
GPtrArray   *rd_store_quick_search       (RdStore     *self,
                                          const char  *text,
                                          guint        offset,
                                          guint        limit,
                                          GError     **error);

/* Advanced search on one table. @query: conditions `field OP value` joined by `and`/`or`
 * with parentheses; OP is =, !=, <, <=, >, >=, like (with % wildcards); values are numbers
 * or 'quoted' / "quoted" / bare words. Example: `status = new and (amount >= 1000 or
 * name like 'Iv%')`. Same order and paging as rd_store_list(). */
GPtrArray   *rd_store_search             (RdStore     *self,
                                          const char  *table,
                                          const char  *query,
                                          const char  *order_by,
                                          guint        offset,
                                          guint        limit,
                                          GError     **error);

/* Full-text search (FTS5) over contacts, leads, organizations, deals, tickets, notes and
 * messages: every word of @text must match (prefix). Ordered by relevance, then table, id.
 * Records carry a "snippet" field. */
GPtrArray   *rd_store_fts                (RdStore     *self,
                                          const char  *text,
                                          guint        offset,
                                          guint        limit,
                                          GError     **error);

/* ---- replication (used by the sync client and the server) ----------------------------- */

/* Merges one field received from another site: per-field last-writer-wins by (hlc, site).
 * Creates the row when unknown. The losing value is kept in the conflicts table (when the
 * remote value loses, or when it overwrites a local change still in the outbox); *lost is
 * TRUE when the remote value lost. Writes no outbox row. Fails on clock skew > 5 min. */
gboolean     rd_store_apply_remote_field (RdStore     *self,
                                          const char  *table,
                                          const char  *row_id,
                                          const char  *field,
                                          const char  *json_value,
                                          RdHlcValue   hlc,
                                          const char  *site,
                                          gboolean    *lost,
                                          GError     **error);

/* One captured change waiting for the server. */
typedef struct {
  gint64      seq;
  char       *table;
  char       *row_id;
  char       *field;
  char       *value;   /* JSON text */
  RdHlcValue  hlc;
  char       *site;
} RdOutboxEntry;

void         rd_outbox_entry_free        (RdOutboxEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdOutboxEntry, rd_outbox_entry_free)

/* The outbox rows with seq > @after_seq, oldest first, at most @limit rows, as a GPtrArray of
 * RdOutboxEntry, one per field change. A new row is stored as ONE outbox row (field "*", value
 * a JSON object of its non-null fields) and comes out here as one entry per field, all with
 * that row's seq: the array can hold more than @limit entries. */
GPtrArray   *rd_store_outbox_peek        (RdStore     *self,
                                          gint64       after_seq,
                                          guint        limit,
                                          GError     **error);

/* Removes the outbox entries with seq <= @up_to_seq (the server acknowledged them). */
gboolean     rd_store_outbox_ack         (RdStore     *self,
                                          gint64       up_to_seq,
                                          GError     **error);

/* The (hlc, site) version of one field of a row; FALSE when it has none. */
gboolean     rd_store_get_field_version  (RdStore     *self,
                                          const char  *table,
                                          const char  *row_id,
                                          const char  *field,
                                          RdHlcValue  *hlc,
                                          char       **site);

/* Every field of a row (owner and deleted included) with its value and version:
 * {"field": {"value": V, "hlc": N, "site": "..."}} — what a snapshot or a full-row move-in
 * sends. NULL with RD_STORE_ERROR_NOT_FOUND when the row is unknown (tombstones are found). */
JsonObject  *rd_store_get_row_versions   (RdStore     *self,
                                          const char  *table,
                                          const char  *row_id,
                                          GError     **error);

/* Conflicts kept by merges ("Review changes"), oldest first: RdRecords of table "conflicts"
 * whose id is the conflict number, with tbl, row_id, field, kept_value, kept_hlc, kept_site,
 * lost_value, lost_hlc, lost_site, at, resolved. */
GPtrArray   *rd_store_list_conflicts     (RdStore     *self,
                                          gboolean     unresolved_only,
                                          guint        offset,
                                          guint        limit,
                                          GError     **error);

/* Marks a conflict resolved. With @use_lost_value the lost value is written again as a new
 * local edit (captured, so it reaches the server and wins by its newer HLC). The resolution
 * itself goes to the server and the other replicas with the next push (conflicts.resolved:
 * 0 open, 1 resolved here and not yet told, 2 resolved and told, or resolved elsewhere). */
gboolean     rd_store_resolve_conflict   (RdStore     *self,
                                          gint64       conflict_id,
                                          gboolean     use_lost_value,
                                          GError     **error);

G_END_DECLS
