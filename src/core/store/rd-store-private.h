/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The struct of RdStore and the helpers the rd-store-*.c files share, for them alone. */

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
