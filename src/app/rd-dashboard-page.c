/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "rd-bar-chart.h"
#include "rd-call-log.h"
#include "rd-dashboard-page.h"
#include "rd-labels.h"
#include "rd-store.h"
#include "rd-store-fetcher.h"

/* The dashboard: one bar chart per figure. It only shows what it is given
 * (the window feeds it report queries on the replica) and says which list
 * to open when a bar is clicked: "open-list" (page, field, value). */

struct _RdDashboardPage
{
  GtkWidget     parent_instance;

  GCancellable *cancellable;
  gboolean      loading;

  GtkWidget  *scroller;
  RdBarChart *charts[RD_DASHBOARD_N_CHARTS];
};

/* What a click on a bar of each chart opens: the list page and the field
 * the bar's key filters. */
static const struct {
  const char *page;
  const char *field;
} chart_targets[RD_DASHBOARD_N_CHARTS] = {
  [RD_DASHBOARD_TICKETS_BY_STATUS]  = { "tickets", "status" },
  [RD_DASHBOARD_TICKETS_BY_GROUP]   = { "tickets", "group_id" },
  [RD_DASHBOARD_LEADS_BY_STATUS]    = { "leads", "status" },
  [RD_DASHBOARD_LEADS_BY_INDUSTRY]  = { "leads", "industry" },
  [RD_DASHBOARD_CALLS_BY_OUTCOME]   = { "calls", NULL },   /* key "disposition:X" or "status:Y" */
};

enum {
  OPEN_LIST,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (RdDashboardPage, rd_dashboard_page, GTK_TYPE_WIDGET)

static void
rd_dashboard_page_bar_activated_cb (RdBarChart *chart,
                                    guint       index,
                                    const char *key,
                                    gpointer    user_data)
{
  RdDashboardPage *self = RD_DASHBOARD_PAGE (user_data);

  for (guint i = 0; i < RD_DASHBOARD_N_CHARTS; i++)
    {
      if (self->charts[i] == chart && chart_targets[i].field == NULL && key != NULL && strchr (key, ':') != NULL)
        {
          g_autofree char *field = g_strndup (key, strchr (key, ':') - key);

          g_signal_emit (self, signals[OPEN_LIST], 0, chart_targets[i].page, field, strchr (key, ':') + 1);
          return;
        }
      if (self->charts[i] == chart)
        {
          g_signal_emit (self, signals[OPEN_LIST], 0,
                         chart_targets[i].page, chart_targets[i].field, key);
          return;
        }
    }
}

/* --- figures from the replica ---------------------------------------------- */

typedef struct
{
  GPtrArray *labels[RD_DASHBOARD_N_CHARTS];
  GPtrArray *keys[RD_DASHBOARD_N_CHARTS];
  GArray    *values[RD_DASHBOARD_N_CHARTS];
} Figures;

static void
figures_free (gpointer data)
{
  Figures *figures = data;

  for (guint i = 0; i < RD_DASHBOARD_N_CHARTS; i++)
    {
      g_clear_pointer (&figures->labels[i], g_ptr_array_unref);
      g_clear_pointer (&figures->keys[i], g_ptr_array_unref);
      g_clear_pointer (&figures->values[i], g_array_unref);
    }
  g_free (figures);
}

/* The report queries, one per chart: (label, key, count) rows. Read-only
 * SQL on the store's connection, in the worker thread. */
static const char *const chart_sql[RD_DASHBOARD_N_CHARTS] = {
  [RD_DASHBOARD_TICKETS_BY_STATUS] =
    "SELECT status, status, count(*) FROM tickets WHERE deleted = 0 GROUP BY status ORDER BY 3 DESC",
  [RD_DASHBOARD_TICKETS_BY_GROUP] =
    "SELECT coalesce(teams.name, tickets.group_id, ''), coalesce(tickets.group_id, ''), count(*) "
    "FROM tickets LEFT JOIN teams ON teams.id = tickets.group_id "
    "WHERE tickets.deleted = 0 GROUP BY tickets.group_id ORDER BY 3 DESC",
  [RD_DASHBOARD_LEADS_BY_STATUS] =
    "SELECT status, status, count(*) FROM leads WHERE deleted = 0 GROUP BY status ORDER BY 3 DESC",
  [RD_DASHBOARD_LEADS_BY_INDUSTRY] =
    "SELECT coalesce(industry, ''), coalesce(industry, ''), count(*) FROM leads WHERE deleted = 0 "
    "GROUP BY industry ORDER BY 3 DESC LIMIT 12",
  /* Folded in run_calls_query: the agent's disposition where there is one, else how the
   * call ended (rd_call_log_status). */
  [RD_DASHBOARD_CALLS_BY_OUTCOME] =
    "SELECT disposition, hangup_cause, coalesce(answered_at, 0) > 0, count(*) FROM calls "
    "WHERE deleted = 0 AND started_at >= ?1 GROUP BY 1, 2, 3",
};

typedef struct {
  char   *key;
  char   *label;
  gint64  count;
} Bar;

static void
bar_free (gpointer data)
{
  Bar *bar = data;

  g_free (bar->key);
  g_free (bar->label);
  g_free (bar);
}

static int
bar_by_count (gconstpointer a,
              gconstpointer b)
{
  const Bar *x = *(const Bar * const *) a, *y = *(const Bar * const *) b;

  return x->count < y->count ? 1 : x->count > y->count ? -1 : g_strcmp0 (x->key, y->key);
}

/* Today's calls by outcome: one bar per disposition, and for calls without one a bar per
 * status class (answered, missed, busy, failed), with keys "disposition:X" / "status:Y"
 * that the calls page understands. */
static gboolean
run_calls_query (sqlite3    *db,
                 gint64      day_start_ms,
                 Figures    *figures,
                 GError    **error)
{
  guint chart = RD_DASHBOARD_CALLS_BY_OUTCOME;
  g_autoptr(GHashTable) bars = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, bar_free);
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();
  sqlite3_stmt *stmt = NULL;
  GHashTableIter iter;
  Bar *bar;
  int rc;

  figures->labels[chart] = g_ptr_array_new_with_free_func (g_free);
  figures->keys[chart] = g_ptr_array_new_with_free_func (g_free);
  figures->values[chart] = g_array_new (FALSE, FALSE, sizeof (gint64));
  if (sqlite3_prepare_v2 (db, chart_sql[chart], -1, &stmt, NULL) != SQLITE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", sqlite3_errmsg (db));
      return FALSE;
    }
  sqlite3_bind_int64 (stmt, 1, day_start_ms);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *disposition = (const char *) sqlite3_column_text (stmt, 0);
      const char *status = rd_call_log_status ((const char *) sqlite3_column_text (stmt, 1),
                                               sqlite3_column_int (stmt, 2));
      g_autofree char *key = disposition != NULL && *disposition != '\0'
                               ? g_strconcat ("disposition:", disposition, NULL)
                               : g_strconcat ("status:", status, NULL);

      bar = g_hash_table_lookup (bars, key);
      if (bar == NULL)
        {
          bar = g_new0 (Bar, 1);
          bar->key = g_steal_pointer (&key);
          bar->label = g_strdup (disposition != NULL && *disposition != '\0' ? rd_labels_value (disposition)
                                                                               : rd_labels_call_status (status));
          g_hash_table_insert (bars, bar->key, bar);
        }
      bar->count += sqlite3_column_int64 (stmt, 3);
    }
  if (rc != SQLITE_DONE)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", sqlite3_errmsg (db));
  sqlite3_finalize (stmt);

  g_hash_table_iter_init (&iter, bars);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &bar))
    g_ptr_array_add (sorted, bar);
  g_ptr_array_sort (sorted, bar_by_count);
  for (guint i = 0; i < sorted->len; i++)
    {
      bar = sorted->pdata[i];
      g_ptr_array_add (figures->labels[chart], g_strdup (bar->label));
      g_ptr_array_add (figures->keys[chart], g_strdup (bar->key));
      g_array_append_val (figures->values[chart], bar->count);
    }
  return rc == SQLITE_DONE;
}

static gboolean
run_chart_query (sqlite3    *db,
                 guint       chart,
                 gint64      day_start_ms,
                 Figures    *figures,
                 GError    **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  figures->labels[chart] = g_ptr_array_new_with_free_func (g_free);
  figures->keys[chart] = g_ptr_array_new_with_free_func (g_free);
  figures->values[chart] = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (sqlite3_prepare_v2 (db, chart_sql[chart], -1, &stmt, NULL) != SQLITE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", sqlite3_errmsg (db));
      return FALSE;
    }
  if (sqlite3_bind_parameter_count (stmt) > 0)
    sqlite3_bind_int64 (stmt, 1, day_start_ms);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *label = (const char *) sqlite3_column_text (stmt, 0);
      const char *key = (const char *) sqlite3_column_text (stmt, 1);
      gint64 count = sqlite3_column_int64 (stmt, 2);

      g_ptr_array_add (figures->labels[chart],
                       g_strdup (label && *label ? rd_labels_value (label) : _("(none)")));
      g_ptr_array_add (figures->keys[chart], g_strdup (key ? key : ""));
      g_array_append_val (figures->values[chart], count);
    }

  if (rc != SQLITE_DONE)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", sqlite3_errmsg (db));
  sqlite3_finalize (stmt);
  return rc == SQLITE_DONE;
}

static void
rd_dashboard_page_load_thread (GTask        *task,
                               gpointer      source_object,
                               gpointer      task_data,
                               GCancellable *cancellable)
{
  const char *db_path = task_data;
  g_autoptr(RdStore) store = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) day_start = g_date_time_new_local (g_date_time_get_year (now),
                                                           g_date_time_get_month (now),
                                                           g_date_time_get_day_of_month (now), 0, 0, 0);
  Figures *figures = g_new0 (Figures, 1);
  GError *error = NULL;

  store = rd_store_open (db_path, &error);
  if (store != NULL)
    rd_store_reader_tune (store);
  for (guint i = 0; store != NULL && i < RD_DASHBOARD_N_CHARTS && error == NULL; i++)
    if (i == RD_DASHBOARD_CALLS_BY_OUTCOME)
      run_calls_query (rd_store_get_db (store), g_date_time_to_unix (day_start) * 1000, figures, &error);
    else
      run_chart_query (rd_store_get_db (store), i, g_date_time_to_unix (day_start) * 1000, figures, &error);

  if (error != NULL)
    {
      figures_free (figures);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, figures, figures_free);
}

static void
rd_dashboard_page_load_cb (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  RdDashboardPage *self = RD_DASHBOARD_PAGE (object);
  g_autoptr(GError) error = NULL;
  Figures *figures = g_task_propagate_pointer (G_TASK (result), &error);

  self->loading = FALSE;
  if (figures == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Dashboard: %s", error->message);
      return;
    }

  for (guint i = 0; i < RD_DASHBOARD_N_CHARTS; i++)
    rd_bar_chart_set_bars (self->charts[i],
                           (const char * const *) figures->labels[i]->pdata,
                           (const char * const *) figures->keys[i]->pdata,
                           (const gint64 *) (gpointer) figures->values[i]->data,
                           figures->values[i]->len);
  figures_free (figures);
}

/** Runs the report queries on the replica at @db_path (in a worker) and
 * shows their figures. */
void
rd_dashboard_page_load (RdDashboardPage *self,
                        const char      *db_path)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (RD_IS_DASHBOARD_PAGE (self));
  g_return_if_fail (db_path != NULL);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->loading = TRUE;

  task = g_task_new (self, self->cancellable, rd_dashboard_page_load_cb, NULL);
  g_task_set_source_tag (task, rd_dashboard_page_load);
  g_task_set_task_data (task, g_strdup (db_path), g_free);
  g_task_run_in_thread (task, rd_dashboard_page_load_thread);
}

/** TRUE while the figures are being read. */
gboolean
rd_dashboard_page_get_loading (RdDashboardPage *self)
{
  g_return_val_if_fail (RD_IS_DASHBOARD_PAGE (self), FALSE);
  return self->loading;
}

static void
rd_dashboard_page_dispose (GObject *object)
{
  RdDashboardPage *self = RD_DASHBOARD_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (object), RD_TYPE_DASHBOARD_PAGE);

  G_OBJECT_CLASS (rd_dashboard_page_parent_class)->dispose (object);
}

static void
rd_dashboard_page_class_init (RdDashboardPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rd_dashboard_page_dispose;

  /**
   * RdDashboardPage::open-list:
   * @page: the list page to show ("tickets", "leads", "calls")
   * @field: the field to filter on ("status", "group_id", "industry", "disposition")
   * @value: the value of the clicked bar
   */
  signals[OPEN_LIST] =
    g_signal_new ("open-list", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3,
                  G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);

  g_type_ensure (RD_TYPE_BAR_CHART);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ringdesk/Ringdesk/rd-dashboard-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RdDashboardPage, scroller);
  gtk_widget_class_bind_template_child_full (widget_class, "tickets_by_status", FALSE,
                                             G_STRUCT_OFFSET (RdDashboardPage, charts[RD_DASHBOARD_TICKETS_BY_STATUS]));
  gtk_widget_class_bind_template_child_full (widget_class, "tickets_by_group", FALSE,
                                             G_STRUCT_OFFSET (RdDashboardPage, charts[RD_DASHBOARD_TICKETS_BY_GROUP]));
  gtk_widget_class_bind_template_child_full (widget_class, "leads_by_status", FALSE,
                                             G_STRUCT_OFFSET (RdDashboardPage, charts[RD_DASHBOARD_LEADS_BY_STATUS]));
  gtk_widget_class_bind_template_child_full (widget_class, "leads_by_industry", FALSE,
                                             G_STRUCT_OFFSET (RdDashboardPage, charts[RD_DASHBOARD_LEADS_BY_INDUSTRY]));
  gtk_widget_class_bind_template_child_full (widget_class, "calls_by_outcome", FALSE,
                                             G_STRUCT_OFFSET (RdDashboardPage, charts[RD_DASHBOARD_CALLS_BY_OUTCOME]));
  gtk_widget_class_bind_template_callback (widget_class, rd_dashboard_page_bar_activated_cb);
}

static void
rd_dashboard_page_init (RdDashboardPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
rd_dashboard_page_new (void)
{
  return g_object_new (RD_TYPE_DASHBOARD_PAGE, NULL);
}

/** Shows @n_bars figures in @chart; @keys are what "open-list" reports. */
void
rd_dashboard_page_set_chart (RdDashboardPage    *self,
                             RdDashboardChart    chart,
                             const char * const *labels,
                             const char * const *keys,
                             const gint64       *values,
                             guint               n_bars)
{
  g_return_if_fail (RD_IS_DASHBOARD_PAGE (self));
  g_return_if_fail (chart < RD_DASHBOARD_N_CHARTS);

  rd_bar_chart_set_bars (self->charts[chart], labels, keys, values, n_bars);
}

GtkWidget *
rd_dashboard_page_get_chart (RdDashboardPage  *self,
                             RdDashboardChart  chart)
{
  g_return_val_if_fail (RD_IS_DASHBOARD_PAGE (self), NULL);
  g_return_val_if_fail (chart < RD_DASHBOARD_N_CHARTS, NULL);

  return GTK_WIDGET (self->charts[chart]);
}
