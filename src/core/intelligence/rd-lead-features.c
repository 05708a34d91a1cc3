/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include "rd-lead-features.h"

/* Counts are read on a log scale (log1p): the tenth call says less than the first. Texts
 * (source, industry, dispositions) are lower-cased and trimmed, so "Web" and "web " are one
 * feature. The history of the status is the lead's own contacted_at, qualified_at and
 * closed_at (stamped by the store with the status, synced): a lead that went through
 * "qualified" before it was lost still says so, on every replica alike. */

void
rd_feature_free (RdFeature *feature)
{
  if (feature == NULL)
    return;
  g_free (feature->name);
  g_free (feature);
}

gboolean
rd_lead_status_is_closed (const char *status)
{
  return g_strcmp0 (status, "converted") == 0 || g_strcmp0 (status, "lost") == 0;
}

static void
add_value (GHashTable *values,
           const char *name,
           double      value)
{
  double *old = g_hash_table_lookup (values, name);

  if (old != NULL)
    *old += value;
  else
    {
      double *v = g_new (double, 1);

      *v = value;
      g_hash_table_insert (values, g_strdup (name), v);
    }
}

static void
add_category (GHashTable *values,
              const char *prefix,
              const char *text,
              double      value)
{
  g_autofree char *trimmed = g_strstrip (g_utf8_strdown (text != NULL ? text : "", -1));
  g_autofree char *name = g_strconcat (prefix, "=", *trimmed ? trimmed : "none", NULL);

  add_value (values, name, value);
}

static gboolean
query_error (sqlite3  *db,
             GError  **error)
{
  g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_FAILED, "Cannot read the lead’s history: %s",
               sqlite3_errmsg (db));
  return FALSE;
}

/* Runs @sql with @lead_id bound to ?1, calling @row for each result row. */
static gboolean
each_row (sqlite3     *db,
          const char  *sql,
          const char  *lead_id,
          void       (*row) (sqlite3_stmt *stmt, GHashTable *values, gpointer data),
          GHashTable  *values,
          gpointer     data,
          GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      sqlite3_finalize (stmt);
      return query_error (db, error);
    }
  sqlite3_bind_text (stmt, 1, lead_id, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    row (stmt, values, data);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return query_error (db, error);
  return TRUE;
}

static void
call_counts_cb (sqlite3_stmt *stmt,
                GHashTable   *values,
                gpointer      data)
{
  add_value (values, "calls_made", log1p (sqlite3_column_double (stmt, 0)));
  add_value (values, "calls_answered", log1p (sqlite3_column_double (stmt, 1)));
  add_value (values, "talk_minutes", log1p (sqlite3_column_double (stmt, 2) / 60.0));
}

static void
disposition_cb (sqlite3_stmt *stmt,
                GHashTable   *values,
                gpointer      data)
{
  add_category (values, "disposition", (const char *) sqlite3_column_text (stmt, 0),
                log1p (sqlite3_column_double (stmt, 1)));
}

static void
activities_cb (sqlite3_stmt *stmt,
               GHashTable   *values,
               gpointer      data)
{
  add_value (values, "activities_done", log1p (sqlite3_column_double (stmt, 0)));
}

static gint
feature_compare (gconstpointer a,
                 gconstpointer b)
{
  const RdFeature *fa = *(RdFeature **) a;
  const RdFeature *fb = *(RdFeature **) b;

  return strcmp (fa->name, fb->name);
}

GPtrArray *
rd_lead_features_collect (RdStore     *store,
                          const char  *lead_id,
                          gint64       now_ms,
                          GError     **error)
{
  g_autoptr(GHashTable) values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(RdRecord) lead = NULL;
  sqlite3 *db;
  const char *status;
  gint64 created, closed, until;
  GPtrArray *features;
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (RD_IS_STORE (store), NULL);

  lead = rd_store_get (store, "leads", lead_id, error);
  if (lead == NULL)
    return NULL;
  db = rd_store_get_db (store);

  add_category (values, "source", rd_record_get_string (lead, "source"), 1.0);
  add_category (values, "industry", rd_record_get_string (lead, "industry"), 1.0);

  if (!each_row (db,
                 "SELECT count(*) FILTER (WHERE direction = 'outbound'),"
                 "       count(*) FILTER (WHERE answered_at IS NOT NULL OR bill_sec > 0),"
                 "       coalesce(sum(bill_sec), 0)"
                 " FROM calls WHERE parent_id = ?1 AND deleted = 0",
                 lead_id, call_counts_cb, values, NULL, error) ||
      !each_row (db,
                 "SELECT disposition, count(*) FROM calls"
                 " WHERE parent_id = ?1 AND deleted = 0 AND disposition IS NOT NULL AND disposition != ''"
                 " GROUP BY lower(trim(disposition))",
                 lead_id, disposition_cb, values, NULL, error) ||
      !each_row (db,
                 "SELECT count(*) FROM activities WHERE parent_id = ?1 AND deleted = 0 AND done = 1",
                 lead_id, activities_cb, values, NULL, error))
    return NULL;

  /* The status history the lead's own row keeps (synced: every replica reads the same). */
  status = rd_record_get_string (lead, "status");
  if (g_strcmp0 (status, "contacted") == 0 || rd_record_get_int (lead, "contacted_at", 0) > 0)
    add_value (values, "status=contacted", 1.0);
  if (g_strcmp0 (status, "qualified") == 0 || rd_record_get_int (lead, "qualified_at", 0) > 0)
    add_value (values, "status=qualified", 1.0);

  created = rd_record_get_int (lead, "created_at", 0);
  closed = rd_record_get_int (lead, "closed_at", 0);
  until = rd_lead_status_is_closed (status) && closed > 0 ? closed : now_ms;
  /* Whole days: a lead open 30 days says the same whether it closed at 09:00 or 17:00. */
  add_value (values, "days_open", created > 0 && until > created
                                  ? log1p ((double) ((until - created) / 86400000)) : 0.0);

  features = g_ptr_array_new_with_free_func ((GDestroyNotify) rd_feature_free);
  g_hash_table_iter_init (&iter, values);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      RdFeature *feature = g_new0 (RdFeature, 1);

      feature->name = g_strdup (key);
      feature->value = *(double *) value;
      g_ptr_array_add (features, feature);
    }
  g_ptr_array_sort (features, feature_compare);
  return features;
}
