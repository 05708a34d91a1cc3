/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include <sqlite3.h>

#include "rd-csv-import.h"
#include "rd-phone-number.h"
#include "rd-record.h"
#include "rd-schema.h"
#include "rd-store.h"
#include "rd-store-fetcher-private.h"

/* The rows of one list page from the replica, for RdPagedModel: a table,
 * an optional filter (the store's advanced-search syntax, e.g. "status = new"),
 * optional quick-search text and an order. Immutable: a new search makes a
 * new fetcher (and model), so a page never mixes two queries.
 *
 * It runs in RdPagedModel's worker thread with its own RdStore connection
 * (RdStore is one connection per thread; WAL lets it read while the UI
 * thread writes). Quick search on contacts, leads and organizations uses the
 * store's FTS/phone-suffix search, whose matches are collected once (up to
 * RD_STORE_FETCHER_QUICK_LIMIT) and paged from memory. On deals and tickets
 * it asks the store's FTS5 index of that table (every word a prefix) for the
 * ids of the best RD_STORE_FETCHER_FTS_LIMIT matches and pages
 * `(filter) and (id = … or …)` in SQL, so that filter and sort apply as
 * usual. Calls search by number (any format, any part) or by who the call was with (the
 * store's quick search over people: `parent_id = …`), disposition and notes. Activities
 * have no FTS index in the store: there it is a LIKE condition on the title field, paged
 * in SQL.
 *
 * Deep pages: SQLite's OFFSET walks every row it skips (seconds at row
 * 900,000 of a million). For the plain list in title order the fetcher
 * keeps anchors, the (title, id) of the last row of each page it fetched,
 * and asks for the rows after the nearest anchor below the wanted offset
 * (`name >= X and (name > X or id > Y)`, one index range), with only the
 * rest as OFFSET. Scrolling down is then one index seek per page. */

struct _RdStoreReader
{
  GMutex   lock;
  char    *db_path;
  RdStore *store;   /* opened on first use, in a worker */
};

static void
rd_store_reader_clear (gpointer data)
{
  RdStoreReader *reader = data;

  g_clear_object (&reader->store);
  g_clear_pointer (&reader->db_path, g_free);
  g_mutex_clear (&reader->lock);
}

/** A shared read connection to the replica file @db_path (opened lazily). */
RdStoreReader *
rd_store_reader_new (const char *db_path)
{
  RdStoreReader *reader = g_atomic_rc_box_new0 (RdStoreReader);

  g_mutex_init (&reader->lock);
  reader->db_path = g_strdup (db_path);
  return reader;
}

RdStoreReader *
rd_store_reader_ref (RdStoreReader *reader)
{
  return g_atomic_rc_box_acquire (reader);
}

void
rd_store_reader_unref (RdStoreReader *reader)
{
  g_atomic_rc_box_release_full (reader, rd_store_reader_clear);
}

struct _RdStoreFetcher
{
  GObject    parent_instance;

  RdStoreReader *reader;
  char      *db_path;
  char      *table;
  char      *filter;
  char      *quick_text;
  char      *order_by;

  RdStore   *store;     /* the reader's, while locked */
  GPtrArray *matches;   /* quick search: the matching rows of this table */
  char      *fts_ids;   /* FTS search: "id = 'a' or id = 'b'…", per count */
  GTree     *anchors;   /* offset → Anchor: the row just before that offset */
};

typedef struct
{
  char *title;
  char *id;
} Anchor;

static void
anchor_free (gpointer data)
{
  Anchor *anchor = data;

  g_free (anchor->title);
  g_free (anchor->id);
  g_free (anchor);
}

static int
compare_offsets (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  guint x = GPOINTER_TO_UINT (a), y = GPOINTER_TO_UINT (b);

  return x < y ? -1 : x > y;
}

/* Anchors only help the plain list in ascending title order. */
static gboolean
uses_anchors (RdStoreFetcher *self)
{
  const RdTableDesc *desc = rd_schema_lookup (self->table);

  return desc != NULL && self->filter == NULL && self->quick_text == NULL &&
         (self->order_by == NULL || g_str_equal (self->order_by, desc->title_field));
}

/* A value as a quoted literal of the store's query language, or NULL when it
 * holds both kinds of quote. */
static char *
quote_value (const char *value)
{
  if (strchr (value, '\'') == NULL)
    return g_strdup_printf ("'%s'", value);
  if (strchr (value, '"') == NULL)
    return g_strdup_printf ("\"%s\"", value);
  return NULL;
}

static gboolean
uses_store_quick_search (RdStoreFetcher *self)
{
  return self->quick_text != NULL &&
         (g_str_equal (self->table, "contacts") || g_str_equal (self->table, "leads") ||
          g_str_equal (self->table, "organizations"));
}

/* Tables the store keeps an FTS5 index of (rd-schema.c, migration 2) that
 * rd_store_quick_search() does not cover. */
static gboolean
uses_fts_table (RdStoreFetcher *self)
{
  return self->quick_text != NULL &&
         (g_str_equal (self->table, "deals") || g_str_equal (self->table, "tickets") ||
          g_str_equal (self->table, "articles") || g_str_equal (self->table, "products") ||
          g_str_equal (self->table, "projects"));
}

/* The call log's quick search: by number (any format, any part of it) or by who the call
 * was with (the store's quick search over contacts and leads), its disposition and notes. */
static gboolean
uses_call_search (RdStoreFetcher *self)
{
  return self->quick_text != NULL && g_str_equal (self->table, "calls");
}

static char *
rd_store_fetcher_call_condition (RdStoreFetcher  *self,
                                 RdStore         *store,
                                 GError         **error)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GString) digits = g_string_new (NULL);
  g_autoptr(GString) condition = g_string_new (NULL);
  gboolean phone_like = TRUE;

  for (const char *p = self->quick_text; *p; p++)
    {
      if (*p != '\'' && *p != '"' && *p != '%' && *p != '_' && *p != '\\')
        g_string_append_c (text, *p);
      if (g_ascii_isdigit (*p))
        g_string_append_c (digits, *p);
      else if (strchr (" +-().", *p) == NULL)
        phone_like = FALSE;
    }
  g_strstrip (text->str);
  g_string_set_size (text, strlen (text->str));
  if (text->len == 0)
    return NULL;

  if (phone_like && digits->len >= 4)
    {
      g_autofree char *e164 = rd_phone_number_to_e164 (self->quick_text, rd_store_get_default_region (store));
      const char *d = e164 != NULL ? e164 + 1 : digits->str;   /* "+7999…" → "7999…" */

      g_string_append_printf (condition, "from_number like '%%%s%%' or to_number like '%%%s%%'", d, d);
      return g_string_free (g_steal_pointer (&condition), FALSE);
    }

  {
    g_autoptr(GPtrArray) people = rd_store_quick_search (store, text->str, 0, RD_STORE_FETCHER_FTS_LIMIT, error);

    if (people == NULL)
      return NULL;
    for (guint i = 0; i < people->len; i++)
      {
        const char *id = rd_record_get_id (people->pdata[i]);

        if (id != NULL && strchr (id, '\'') == NULL)
          g_string_append_printf (condition, "parent_id = '%s' or ", id);
      }
  }
  g_string_append_printf (condition, "disposition like '%%%s%%' or notes like '%%%s%%'", text->str, text->str);
  return g_string_free (g_steal_pointer (&condition), FALSE);
}

/* The FTS5 query for the words of @text: each word a quoted prefix, all of
 * them required. NULL when there is no word. */
static char *
fts_match_expression (const char *text)
{
  g_auto(GStrv) words = g_strsplit_set (text, " \t\n", -1);
  g_autoptr(GString) match = g_string_new (NULL);

  for (guint i = 0; words[i] != NULL; i++)
    {
      g_autoptr(GString) word = g_string_new (NULL);

      for (const char *p = words[i]; *p; p++)
        if (*p != '"')
          g_string_append_c (word, *p);
      if (word->len == 0)
        continue;
      g_string_append_printf (match, "%s\"%s\"*", match->len ? " " : "", word->str);
    }
  return match->len ? g_string_free (g_steal_pointer (&match), FALSE) : NULL;
}

/* The ids of the best FTS matches of the quick text in this table, as a
 * condition of the store's query language ("id = ''" for none). */
static char *
rd_store_fetcher_fts_ids (RdStoreFetcher  *self,
                          RdStore         *store,
                          GError         **error)
{
  g_autofree char *match = fts_match_expression (self->quick_text);
  g_autofree char *sql = NULL;
  g_autoptr(GString) ids = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;
  sqlite3 *db = rd_store_get_db (store);
  int rc;

  if (match == NULL)
    return NULL;
  sql = g_strdup_printf ("SELECT s.id FROM %1$s_fts f JOIN %1$s s ON s.rowid = f.rowid "
                         "WHERE %1$s_fts MATCH ?1 AND s.deleted = 0 ORDER BY f.rank LIMIT %2$d",
                         self->table, RD_STORE_FETCHER_FTS_LIMIT);
  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_QUERY, "Search: %s", sqlite3_errmsg (db));
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, match, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *id = (const char *) sqlite3_column_text (stmt, 0);

      /* Ids are the store's UUIDs; anything with a quote cannot be one. */
      if (id == NULL || strchr (id, '\'') != NULL)
        continue;
      g_string_append_printf (ids, "%sid = '%s'", ids->len ? " or " : "", id);
    }
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_QUERY, "Search: %s", sqlite3_errmsg (db));
      sqlite3_finalize (stmt);
      return NULL;
    }
  sqlite3_finalize (stmt);

  /* …and the records whose custom fields have the words in a text value. */
  if (sqlite3_prepare_v2 (db, "SELECT v.parent_id FROM custom_values_fts f JOIN custom_values v ON v.rowid = f.rowid"
                              " JOIN custom_fields d ON d.id = v.field_id AND d.deleted = 0"
                              " WHERE custom_values_fts MATCH ?1 AND v.deleted = 0 AND v.parent_tbl = ?2"
                              " ORDER BY v.rowid DESC LIMIT ?3", -1, &stmt, NULL) == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, match, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, self->table, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int (stmt, 3, RD_STORE_FETCHER_FTS_LIMIT);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          const char *id = (const char *) sqlite3_column_text (stmt, 0);

          if (id != NULL && strchr (id, '\'') == NULL)
            g_string_append_printf (ids, "%sid = '%s'", ids->len ? " or " : "", id);
        }
    }
  sqlite3_finalize (stmt);
  return ids->len ? g_string_free (g_steal_pointer (&ids), FALSE) : g_strdup ("id = ''");
}

/** Keeps a connection of the app small: the store's defaults (64 MB page
 * cache, 256 MB memory map) suit the server and bulk loads, but the app
 * opens a few connections and a list that scrolls through a million rows
 * would touch all of it; the OS file cache serves the pages anyway. */
void
rd_store_reader_tune (RdStore *store)
{
  sqlite3_exec (rd_store_get_db (store), "PRAGMA cache_size = -4096; PRAGMA mmap_size = 0;",
                NULL, NULL, NULL);
}

static RdStore *
rd_store_fetcher_ensure_store (RdStoreFetcher  *self,
                               GError         **error)
{
  if (self->reader->store == NULL &&
      (self->reader->store = rd_store_open (self->reader->db_path, error)) != NULL)
    rd_store_reader_tune (self->reader->store);
  self->store = self->reader->store;
  return self->store;
}

/* The SQL-side query: the filter, and the quick text as the FTS matches'
 * ids (self->fts_ids, collected at count) or for tables without FTS as a
 * LIKE on the title field. */
static char *
rd_store_fetcher_query (RdStoreFetcher *self)
{
  g_autofree char *like = NULL;

  if (uses_fts_table (self) || uses_call_search (self))
    {
      if (self->filter != NULL && self->fts_ids != NULL)
        return g_strdup_printf ("(%s) and (%s)", self->filter, self->fts_ids);
      if (self->fts_ids != NULL)
        return g_strdup (self->fts_ids);
      return g_strdup (self->filter);
    }
  if (self->quick_text != NULL && !uses_store_quick_search (self))
    {
      const RdTableDesc *desc = rd_schema_lookup (self->table);
      g_autoptr(GString) quoted = g_string_new (NULL);

      for (const char *p = self->quick_text; *p; p++)
        if (*p != '\'' && *p != '"')
          g_string_append_c (quoted, *p);
      like = g_strdup_printf ("%s like '%%%s%%'", desc ? desc->title_field : "name", quoted->str);
    }

  if (self->filter != NULL && like != NULL)
    return g_strdup_printf ("(%s) and %s", self->filter, like);
  if (like != NULL)
    return g_steal_pointer (&like);
  return g_strdup (self->filter);
}

/* Does @record pass the filter? Only "field = value" filters are applied
 * to quick-search matches, which is what the list pages make. */
static gboolean
record_passes_filter (RdRecord   *record,
                      const char *filter)
{
  g_auto(GStrv) parts = NULL;
  const char *value;

  if (filter == NULL)
    return TRUE;

  parts = g_strsplit (filter, " = ", 2);
  if (g_strv_length (parts) != 2)
    return TRUE;

  value = rd_record_get_string (record, g_strstrip (parts[0]));
  g_strstrip (parts[1]);
  if (parts[1][0] == '\'' || parts[1][0] == '"')
    {
      gsize len = strlen (parts[1]);

      if (len >= 2)
        parts[1][len - 1] = '\0';
      return g_strcmp0 (value, parts[1] + 1) == 0;
    }
  return g_strcmp0 (value, parts[1]) == 0;
}

static gboolean
rd_store_fetcher_collect_matches (RdStoreFetcher  *self,
                                  GError         **error)
{
  g_autoptr(GPtrArray) found = NULL;
  RdStore *store = rd_store_fetcher_ensure_store (self, error);

  if (store == NULL)
    return FALSE;

  found = rd_store_quick_search (store, self->quick_text, 0, RD_STORE_FETCHER_QUICK_LIMIT, error);
  if (found == NULL)
    return FALSE;

  g_clear_pointer (&self->matches, g_ptr_array_unref);
  self->matches = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < found->len; i++)
    {
      RdRecord *record = g_ptr_array_index (found, i);

      if (g_strcmp0 (rd_record_get_table (record), self->table) != 0 &&
          g_strcmp0 (rd_record_get_string (record, "table"), self->table) != 0)
        continue;
      if (!record_passes_filter (record, self->filter))
        continue;
      g_ptr_array_add (self->matches, g_object_ref (record));
    }
  return TRUE;
}

static GType
rd_store_fetcher_get_item_type (RdPageFetcher *fetcher)
{
  return RD_TYPE_RECORD;
}

static gboolean
rd_store_fetcher_count_locked (RdPageFetcher  *fetcher,
                        guint          *n_rows,
                        GCancellable   *cancellable,
                        GError        **error)
{
  RdStoreFetcher *self = RD_STORE_FETCHER (fetcher);
  g_autofree char *query = NULL;
  RdStore *store;
  gint64 count;

  if (uses_store_quick_search (self))
    {
      if (!rd_store_fetcher_collect_matches (self, error))
        return FALSE;
      *n_rows = self->matches->len;
      return TRUE;
    }

  store = rd_store_fetcher_ensure_store (self, error);
  if (store == NULL)
    return FALSE;

  if (uses_fts_table (self) || uses_call_search (self))
    {
      g_clear_pointer (&self->fts_ids, g_free);
      self->fts_ids = uses_call_search (self) ? rd_store_fetcher_call_condition (self, store, error)
                                              : rd_store_fetcher_fts_ids (self, store, error);
      if (self->fts_ids == NULL && error != NULL && *error != NULL)
        return FALSE;
    }
  query = rd_store_fetcher_query (self);
  /* A new count means the rows may have moved: forget the anchors. */
  g_clear_pointer (&self->anchors, g_tree_destroy);
  count = rd_store_count (store, self->table, query, error);
  if (count < 0)
    return FALSE;
  *n_rows = (guint) MIN (count, G_MAXUINT);
  return TRUE;
}

static GPtrArray *
rd_store_fetcher_fetch_anchored (RdStoreFetcher  *self,
                                 RdStore         *store,
                                 guint            offset,
                                 guint            limit,
                                 GError         **error)
{
  const RdTableDesc *desc = rd_schema_lookup (self->table);
  g_autofree char *query = NULL;
  GPtrArray *rows;
  GTreeNode *node = NULL;
  guint start = 0;

  if (self->anchors == NULL)
    self->anchors = g_tree_new_full (compare_offsets, NULL, NULL, anchor_free);

  /* The nearest anchor at or below @offset. */
  node = g_tree_upper_bound (self->anchors, GUINT_TO_POINTER (offset));
  node = node ? g_tree_node_previous (node) : g_tree_node_last (self->anchors);
  if (node != NULL)
    {
      Anchor *anchor = g_tree_node_value (node);
      g_autofree char *title = quote_value (anchor->title);
      g_autofree char *id = quote_value (anchor->id);

      if (title != NULL && id != NULL)
        {
          start = GPOINTER_TO_UINT (g_tree_node_key (node));
          query = g_strdup_printf ("%s >= %s and (%s > %s or id > %s)",
                                   desc->title_field, title, desc->title_field, title, id);
        }
    }

  rows = rd_store_list (store, self->table, query, desc->title_field, offset - start, limit, error);
  if (rows != NULL && rows->len > 0)
    {
      RdRecord *last = g_ptr_array_index (rows, rows->len - 1);
      const char *title = rd_record_get_string (last, desc->title_field);

      if (title != NULL)
        {
          Anchor *anchor = g_new0 (Anchor, 1);

          anchor->title = g_strdup (title);
          anchor->id = g_strdup (rd_record_get_id (last));
          g_tree_replace (self->anchors, GUINT_TO_POINTER (offset + rows->len), anchor);
        }
    }
  return rows;
}

static GPtrArray *
rd_store_fetcher_fetch_locked (RdPageFetcher  *fetcher,
                        guint           offset,
                        guint           limit,
                        GCancellable   *cancellable,
                        GError        **error)
{
  RdStoreFetcher *self = RD_STORE_FETCHER (fetcher);
  g_autofree char *query = NULL;
  RdStore *store;

  if (uses_store_quick_search (self))
    {
      GPtrArray *page = g_ptr_array_new_with_free_func (g_object_unref);

      if (self->matches == NULL && !rd_store_fetcher_collect_matches (self, error))
        {
          g_ptr_array_unref (page);
          return NULL;
        }
      for (guint i = offset; i < offset + limit && i < self->matches->len; i++)
        g_ptr_array_add (page, g_object_ref (g_ptr_array_index (self->matches, i)));
      return page;
    }

  store = rd_store_fetcher_ensure_store (self, error);
  if (store == NULL)
    return NULL;

  if (uses_anchors (self))
    return rd_store_fetcher_fetch_anchored (self, store, offset, limit, error);

  query = rd_store_fetcher_query (self);
  return rd_store_list (store, self->table, query, self->order_by, offset, limit, error);
}

static gboolean
rd_store_fetcher_count (RdPageFetcher  *fetcher,
                        guint          *n_rows,
                        GCancellable   *cancellable,
                        GError        **error)
{
  RdStoreFetcher *self = RD_STORE_FETCHER (fetcher);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->reader->lock);

  return rd_store_fetcher_count_locked (fetcher, n_rows, cancellable, error);
}

static GPtrArray *
rd_store_fetcher_fetch (RdPageFetcher  *fetcher,
                        guint           offset,
                        guint           limit,
                        GCancellable   *cancellable,
                        GError        **error)
{
  RdStoreFetcher *self = RD_STORE_FETCHER (fetcher);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->reader->lock);
  GPtrArray *rows = rd_store_fetcher_fetch_locked (fetcher, offset, limit, cancellable, error);

  if (rows != NULL && self->reader->store != NULL)
    rd_store_fetcher_add_details (self->reader->store, self->table, rows);
  return rows;
}

static void
rd_store_fetcher_iface_init (RdPageFetcherInterface *iface)
{
  iface->get_item_type = rd_store_fetcher_get_item_type;
  iface->count = rd_store_fetcher_count;
  iface->fetch = rd_store_fetcher_fetch;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (RdStoreFetcher, rd_store_fetcher, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (RD_TYPE_PAGE_FETCHER, rd_store_fetcher_iface_init))

static void
rd_store_fetcher_finalize (GObject *object)
{
  RdStoreFetcher *self = RD_STORE_FETCHER (object);

  self->store = NULL;
  g_clear_pointer (&self->reader, rd_store_reader_unref);
  g_clear_pointer (&self->matches, g_ptr_array_unref);
  g_clear_pointer (&self->fts_ids, g_free);
  g_clear_pointer (&self->anchors, g_tree_destroy);
  g_clear_pointer (&self->db_path, g_free);
  g_clear_pointer (&self->table, g_free);
  g_clear_pointer (&self->filter, g_free);
  g_clear_pointer (&self->quick_text, g_free);
  g_clear_pointer (&self->order_by, g_free);

  G_OBJECT_CLASS (rd_store_fetcher_parent_class)->finalize (object);
}

static void
rd_store_fetcher_class_init (RdStoreFetcherClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rd_store_fetcher_finalize;
}

static void
rd_store_fetcher_init (RdStoreFetcher *self)
{
}

static char *
dup_nonempty (const char *text)
{
  g_autofree char *copy = g_strstrip (g_strdup (text ? text : ""));

  return *copy ? g_steal_pointer (&copy) : NULL;
}

/** Rows of @table in the replica at @db_path, matching @filter (advanced
 * search, or NULL) and @quick_text (or NULL), ordered by @order_by (a field,
 * "-field" descending, NULL for the title). */
RdStoreFetcher *
rd_store_fetcher_new (const char *db_path,
                      const char *table,
                      const char *filter,
                      const char *quick_text,
                      const char *order_by)
{
  RdStoreFetcher *self;

  g_return_val_if_fail (db_path != NULL && table != NULL, NULL);

  self = g_object_new (RD_TYPE_STORE_FETCHER, NULL);
  self->reader = rd_store_reader_new (db_path);
  self->db_path = g_strdup (db_path);
  self->table = g_strdup (table);
  self->filter = dup_nonempty (filter);
  self->quick_text = dup_nonempty (quick_text);
  self->order_by = dup_nonempty (order_by);
  return self;
}

/** Like rd_store_fetcher_new(), on a read connection shared with other fetchers. */
RdStoreFetcher *
rd_store_fetcher_new_shared (RdStoreReader *reader,
                             const char    *table,
                             const char    *filter,
                             const char    *quick_text,
                             const char    *order_by)
{
  RdStoreFetcher *self;

  g_return_val_if_fail (reader != NULL && table != NULL, NULL);

  self = g_object_new (RD_TYPE_STORE_FETCHER, NULL);
  self->reader = rd_store_reader_ref (reader);
  self->db_path = g_strdup (reader->db_path);
  self->table = g_strdup (table);
  self->filter = dup_nonempty (filter);
  self->quick_text = dup_nonempty (quick_text);
  self->order_by = dup_nonempty (order_by);
  return self;
}

/** Writes exactly the rows the list shows (filter and quick search) to
 * @path as CSV with rd_csv_export(), on a connection of its own (a long
 * export does not hold up the list). Blocking: call it in a worker. Quick
 * search matches are searched again, so the file has what the replica has
 * now. */
gboolean
rd_store_fetcher_export (RdStoreFetcher  *self,
                         const char      *path,
                         guint           *n_rows,
                         GError         **error)
{
  g_autoptr(RdStore) store = NULL;
  g_autofree char *condition = NULL;
  g_autofree char *query = NULL;

  g_return_val_if_fail (RD_IS_STORE_FETCHER (self), FALSE);

  store = rd_store_open (self->db_path, error);
  if (store == NULL)
    return FALSE;

  if (uses_store_quick_search (self))
    {
      g_autoptr(GPtrArray) found = rd_store_quick_search (store, self->quick_text, 0,
                                                          RD_STORE_FETCHER_QUICK_LIMIT, error);
      g_autoptr(GString) ids = g_string_new (NULL);

      if (found == NULL)
        return FALSE;
      for (guint i = 0; i < found->len; i++)
        {
          RdRecord *record = g_ptr_array_index (found, i);
          const char *id = rd_record_get_id (record);

          if ((g_strcmp0 (rd_record_get_table (record), self->table) != 0 &&
               g_strcmp0 (rd_record_get_string (record, "table"), self->table) != 0) ||
              id == NULL || strchr (id, '\'') != NULL)
            continue;
          g_string_append_printf (ids, "%sid = '%s'", ids->len ? " or " : "", id);
        }
      condition = ids->len ? g_string_free (g_steal_pointer (&ids), FALSE) : g_strdup ("id = ''");
    }
  else if (uses_fts_table (self) || uses_call_search (self))
    {
      condition = uses_call_search (self) ? rd_store_fetcher_call_condition (self, store, error)
                                          : rd_store_fetcher_fts_ids (self, store, error);
      if (condition == NULL && error != NULL && *error != NULL)
        return FALSE;
    }

  if (condition != NULL)
    query = self->filter ? g_strdup_printf ("(%s) and (%s)", self->filter, condition)
                         : g_steal_pointer (&condition);
  else
    query = rd_store_fetcher_query (self);
  return rd_csv_export (store, self->table, query, path, n_rows, error);
}
