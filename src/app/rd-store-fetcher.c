/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include "rd-record.h"
#include "rd-store.h"
#include "rd-store-fetcher.h"

/* The rows of one list page from the replica, for RdPagedModel: a table,
 * an optional filter (the store's advanced-search syntax, e.g. "status = new"),
 * optional quick-search text and an order. Immutable: a new search makes a
 * new fetcher (and model), so a page never mixes two queries.
 *
 * It runs in RdPagedModel's worker thread with its own RdStore connection
 * (RdStore is one connection per thread; WAL lets it read while the UI
 * thread writes). Quick search on contacts, leads and organizations uses the
 * store's FTS/phone-suffix search, whose matches are collected once (up to
 * RD_STORE_FETCHER_QUICK_LIMIT) and paged from memory; on other tables it
 * is a LIKE condition on the title field, paged in SQL. */

struct _RdStoreFetcher
{
  GObject    parent_instance;

  char      *db_path;
  char      *table;
  char      *filter;
  char      *quick_text;
  char      *order_by;

  RdStore   *store;     /* opened in the worker on first use */
  GPtrArray *matches;   /* quick search: the matching rows of this table */
};

static gboolean
uses_store_quick_search (RdStoreFetcher *self)
{
  return self->quick_text != NULL &&
         (g_str_equal (self->table, "contacts") || g_str_equal (self->table, "leads") ||
          g_str_equal (self->table, "organizations"));
}

static RdStore *
rd_store_fetcher_ensure_store (RdStoreFetcher  *self,
                               GError         **error)
{
  if (self->store == NULL)
    self->store = rd_store_open (self->db_path, error);
  return self->store;
}

/* The SQL-side query: the filter, and for tables without FTS the quick text
 * as a LIKE on the title field. */
static char *
rd_store_fetcher_query (RdStoreFetcher *self)
{
  g_autofree char *like = NULL;

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
rd_store_fetcher_count (RdPageFetcher  *fetcher,
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

  query = rd_store_fetcher_query (self);
  count = rd_store_count (store, self->table, query, error);
  if (count < 0)
    return FALSE;
  *n_rows = (guint) MIN (count, G_MAXUINT);
  return TRUE;
}

static GPtrArray *
rd_store_fetcher_fetch (RdPageFetcher  *fetcher,
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

  query = rd_store_fetcher_query (self);
  return rd_store_list (store, self->table, query, self->order_by, offset, limit, error);
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

  g_clear_object (&self->store);
  g_clear_pointer (&self->matches, g_ptr_array_unref);
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
  self->db_path = g_strdup (db_path);
  self->table = g_strdup (table);
  self->filter = dup_nonempty (filter);
  self->quick_text = dup_nonempty (quick_text);
  self->order_by = dup_nonempty (order_by);
  return self;
}
