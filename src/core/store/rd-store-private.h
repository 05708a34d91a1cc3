/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The struct of RdStore and the helpers the rd-store-*.c files share, for them alone. */

#include "rd-custom-fields.h"
#include "rd-store-bulk.h"

G_BEGIN_DECLS

struct _RdStore
{
  GObject      parent_instance;
  sqlite3     *db;
  char        *path;
  char        *site;
  char        *region;
  char        *user;
  RdHlc       *hlc;
  GHashTable  *stmts;        /* SQL text -> sqlite3_stmt* (finalized on close) */
  GHashTable  *site_numbers; /* site text -> GINT_TO_POINTER (n + 1) */
  GPtrArray   *site_names;   /* n -> site text (NULL holes possible) */
  int          depth;        /* transaction nesting */
  int          read_depth;   /* of which read-only (rd_store_read_begin) */
  guint64      light;        /* bit d: level d was opened by rd_store_begin_light, no savepoint */
  guint        savepoint_seq;
  gboolean     capture;
  RdHlcValue   acked_hlc;    /* HLC of the newest local change the server acknowledged */
  GHashTable  *e164_cache;   /* raw -> E.164 ("" = does not parse); bounded, see rd_store_e164 */
};

/* Reloads the site-number cache from the sites table (after a rollback undid some). */
gboolean rd_store_load_sites (RdStore  *self,
                              GError  **error);

/* rd-store-records-read.c: the descriptor of @table, or NULL with
 * RD_STORE_ERROR_UNKNOWN_TABLE. */
const RdTableDesc *rd_store_lookup_table (const char  *table,
                                          GError     **error);

/* rd-store-contacts.c: stamps contacted_at, qualified_at or closed_at into the fields @f of
 * a lead write that changes its status (docs/intelligence.md). */
gboolean rd_store_stamp_lead_status (RdStore     *self,
                                     const char  *id,
                                     JsonObject  *f,
                                     gboolean     is_new,
                                     GError     **error);
/* rd-store-phones.c: a child's parent may own it (@need: the flag its table needs, 0 for
 * any) and is live; a phone's region hint is NULL or known. Both set the error. */
gboolean   rd_store_check_parent    (RdStore           *self,
                                     const char        *parent_table,
                                     const char        *parent_id,
                                     RdTableFlags       need,
                                     GError           **error);
gboolean   rd_store_check_region    (const char        *region,
                                     GError           **error);

/* rd-store-custom.c: a record's custom values. */
typedef struct {
  RdCustomField *field;
  JsonNode      *value;   /* checked and normalized; a null node clears the field */
} RdStoreCustomValue;

void       rd_store_custom_value_free (RdStoreCustomValue *value);
/* The "custom" object of a record checked against the live definitions of @t: a GPtrArray
 * of RdStoreCustomValue (definition and normalized value), NULL with the error. */
GPtrArray *rd_store_prepare_custom  (RdStore           *self,
                                     const RdTableDesc *t,
                                     JsonObject        *custom,
                                     GError           **error);
/* Writes prepared values for record @id (@owner: the new record's; updates read it). */
gboolean   rd_store_write_custom    (RdStore           *self,
                                     const RdTableDesc *t,
                                     const char        *id,
                                     const char        *owner,
                                     GPtrArray         *values,
                                     gboolean           is_new,
                                     GError           **error);
/* Sets the record's "custom" object from its values (live definitions only). */
void       rd_store_attach_custom   (RdStore           *self,
                                     RdRecord          *record);

/* rd-store-addresses.c: structured addresses. */
/* The entries of an "addresses" array checked and normalized (JsonObjects; empty ones are
 * dropped, kind defaults to work), NULL with the error. */
GPtrArray *rd_store_check_addresses (RdStore           *self,
                                     JsonArray         *addresses,
                                     GError           **error);
/* The first country of checked addresses (the record's), or NULL. */
const char *rd_store_addresses_country (GPtrArray      *checked);
gboolean   rd_store_insert_addresses (RdStore          *self,
                                      const char       *table,
                                      const char       *parent_id,
                                      const char       *owner,
                                      GPtrArray        *checked,
                                      GError          **error);
/* Brings the live addresses of @parent_id in line with @checked (same id or same contents
 * kept, changed fields written, the rest tombstoned, new ones added). */
gboolean   rd_store_replace_addresses (RdStore         *self,
                                       const char      *table,
                                       const char      *parent_id,
                                       GPtrArray       *checked,
                                       GError         **error);
/* The live addresses of a record, oldest first (the first is its primary address). */
JsonArray *rd_store_read_addresses  (RdStore           *self,
                                     const char        *parent_id);
/* Reads the record's phones that have no E.164 again for @region (its new country). */
gboolean   rd_store_reread_phones   (RdStore           *self,
                                     const char        *parent_id,
                                     const char        *region,
                                     GError           **error);
/* rd-store-catalog.c: the catalog's and projects' rules, before a local write of @f to
 * row @id of @t and after it (a line item's deal gets its new amount). */
gboolean rd_store_catalog_check   (RdStore            *self,
                                   const RdTableDesc  *t,
                                   const char         *id,
                                   JsonObject         *f,
                                   gboolean            is_new,
                                   GError            **error);
gboolean rd_store_catalog_written (RdStore            *self,
                                   const RdTableDesc  *t,
                                   const char         *id,
                                   GError            **error);

G_END_DECLS
