/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

/* The replica schema: numbered forward migrations (PRAGMA user_version) and a descriptor
 * per synced table that the store uses for validation, capture and queries. */

#define RD_SCHEMA_VERSION 11

typedef enum {
  RD_FIELD_TEXT,
  RD_FIELD_INT,
  RD_FIELD_REAL,
  RD_FIELD_ANY,    /* any scalar, kept as given (a custom field's value: its definition has the type) */
} RdFieldType;

typedef enum {
  RD_FIELD_REQUIRED = 1 << 0,  /* must be non-empty on insert, cannot be cleared */
  RD_FIELD_EMAIL    = 1 << 1,  /* e-mail syntax, stored lower-case */
  RD_FIELD_ENUM     = 1 << 2,  /* one of enum_values */
  RD_FIELD_REF      = 1 << 3,  /* id of a live row in ref_table */
  RD_FIELD_PARENT   = 1 << 4,  /* parent_id: refers to the table named by parent_tbl */
  RD_FIELD_READONLY = 1 << 5,  /* set by the store itself (e.g. e164), not by callers */
  RD_FIELD_LONG_TEXT = 1 << 6, /* free text of many lines (an article's body): a UI hint */
  RD_FIELD_COUNTRY  = 1 << 7,  /* an ISO 3166 country, stored as its alpha-2 code ("DE") */
  RD_FIELD_BOOLEAN  = 1 << 8,  /* an INT that is 0 or 1 (a product's active): a UI hint, a switch */
} RdFieldFlags;

typedef struct {
  const char         *name;
  RdFieldType         type;
  RdFieldFlags        flags;
  const char * const *enum_values;   /* NULL-terminated, first is the default */
  const char         *ref_table;
} RdFieldDesc;

typedef enum {
  RD_TABLE_HAS_PHONES = 1 << 0,  /* rows own phones (parent_tbl/parent_id) */
  RD_TABLE_HAS_EMAILS = 1 << 1,  /* rows own emails */
  RD_TABLE_CHILD      = 1 << 2,  /* rows hang off a parent (parent_tbl/parent_id), copy its owner */
  RD_TABLE_TIMELINE   = 1 << 3,  /* rows appear on their parent's timeline */
  RD_TABLE_SHARED     = 1 << 4,  /* new rows have no owner (NULL: every member of staff sees them) */
  RD_TABLE_SERVER_ONLY = 1 << 5, /* written by the server alone: it refuses pushes (models) */
  RD_TABLE_HAS_ADDRESSES = 1 << 6,  /* rows own structured addresses (the addresses table) */
  RD_TABLE_HAS_CUSTOM = 1 << 7,  /* an admin may define custom fields for its rows (custom_values) */
  RD_TABLE_MANAGED    = 1 << 8,  /* written by managers and admins only (the catalog); the server refuses others */
} RdTableFlags;

typedef struct {
  const char        *name;        /* SQL table name, e.g. "contacts" */
  const RdFieldDesc *fields;      /* user fields (without id, owner, hlc, deleted, fv) */
  guint              n_fields;
  RdTableFlags       flags;
  const char        *title_field; /* the field that names a row ("name", "subject", "body") */
  const char        *time_field;  /* the timeline time field, or NULL */
} RdTableDesc;

/* Every synced table, in dependency order. */
const RdTableDesc *const *rd_schema_tables      (guint       *n_tables);

/* The descriptor of @name, or NULL when it is not a synced table. */
const RdTableDesc        *rd_schema_lookup      (const char  *name);

/* The descriptor of @field in @table, or NULL. System fields (owner, deleted) are found too. */
const RdFieldDesc        *rd_schema_field       (const RdTableDesc *table,
                                                 const char        *field);

/* The current version of the database (PRAGMA user_version). */
int                       rd_schema_get_version (sqlite3     *db);

/* Runs the forward migrations from the current version up to @target, each in one
 * transaction. Fails on a database newer than this code. */
gboolean                  rd_schema_migrate     (sqlite3     *db,
                                                 int          target,
                                                 GError     **error);

/* Moves the rows queued in fts_pending (by triggers) into the FTS5 tables. The store calls
 * it before every outermost commit; call it yourself after raw SQL writes. */
gboolean                  rd_schema_flush_fts   (sqlite3     *db,
                                                 GError     **error);

G_END_DECLS
