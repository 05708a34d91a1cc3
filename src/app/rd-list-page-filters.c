/* SPDX-License-Identifier: GPL-3.0-or-later */
/* RdListPage: the filter, priority, group, call and sort dropdowns, and the query they make. */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include <glib/gi18n.h>

#include "rd-labels.h"
#include "rd-list-page-private.h"
#include "rd-record.h"
#include "rd-recording-player.h"

/* Tickets also filter by priority and by group (the teams of the replica),
 * each in a dropdown of its own; the three combine with "and". */
static const FilterSpec ticket_priorities[] = {
  { N_("All Priorities"), NULL }, { N_("Urgent"), "priority = urgent" },
  { N_("High"), "priority = high" }, { N_("Normal"), "priority = normal" },
  { N_("Low"), "priority = low" }, FILTER_END };
static const char *const call_directions[] = { NULL, "inbound", "outbound" };
static const char *const call_direction_labels[] = {
  N_("All Directions"), N_("Inbound"), N_("Outbound"), NULL };
static const char *const call_statuses[] = { NULL, "answered", "missed", "busy", "failed" };
static const char *const call_status_labels[] = {
  N_("All Statuses"), N_("Answered"), N_("Missed"), N_("Busy"), N_("Failed"), NULL };
static const RdCallPeriod call_periods[] = {
  RD_CALL_PERIOD_ALL, RD_CALL_PERIOD_TODAY, RD_CALL_PERIOD_7_DAYS, RD_CALL_PERIOD_30_DAYS };
static const char *const call_period_labels[] = {
  N_("All Time"), N_("Today"), N_("Last 7 Days"), N_("Last 30 Days"), NULL };

static void
set_labels (GtkDropDown       *dropdown,
            const char *const *labels)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);

  for (guint i = 0; labels[i] != NULL; i++)
    gtk_string_list_append (list, _(labels[i]));
  gtk_drop_down_set_model (dropdown, G_LIST_MODEL (list));
}

void
rd_list_page_fill_dropdowns (RdListPage *self)
{
  g_autoptr(GtkStringList) sorts = gtk_string_list_new (NULL);

  self->filter_labels = gtk_string_list_new (NULL);
  self->filter_queries = g_ptr_array_new_with_free_func (g_free);
  for (const FilterSpec *filter = self->spec->filters; filter->label != NULL; filter++)
    {
      gtk_string_list_append (self->filter_labels, _(filter->label));
      g_ptr_array_add (self->filter_queries, g_strdup (filter->query));
    }
  gtk_drop_down_set_model (self->filter_dropdown, G_LIST_MODEL (self->filter_labels));
  gtk_widget_set_visible (GTK_WIDGET (self->filter_dropdown), self->filter_queries->len > 1);

  if (g_str_equal (self->table, "tickets"))
    {
      g_autoptr(GtkStringList) priorities = gtk_string_list_new (NULL);
      g_autoptr(GtkStringList) groups = gtk_string_list_new (NULL);

      for (const FilterSpec *filter = ticket_priorities; filter->label != NULL; filter++)
        gtk_string_list_append (priorities, _(filter->label));
      gtk_drop_down_set_model (self->priority_dropdown, G_LIST_MODEL (priorities));
      gtk_widget_set_visible (self->extra_filters, TRUE);

      /* Filled from the replica's teams (rd_list_page_load_groups). */
      self->group_ids = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (self->group_ids, NULL);
      gtk_string_list_append (groups, _("All Groups"));
      gtk_drop_down_set_model (self->group_dropdown, G_LIST_MODEL (groups));
    }

  if (g_str_equal (self->table, "calls"))
    {
      set_labels (self->call_direction_dropdown, call_direction_labels);
      set_labels (self->call_status_dropdown, call_status_labels);
      set_labels (self->call_period_dropdown, call_period_labels);
      gtk_widget_set_visible (GTK_WIDGET (self->priority_dropdown), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->group_dropdown), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->call_direction_dropdown), TRUE);
      gtk_widget_set_visible (GTK_WIDGET (self->call_status_dropdown), TRUE);
      gtk_widget_set_visible (GTK_WIDGET (self->call_period_dropdown), TRUE);
      gtk_widget_set_visible (self->extra_filters, TRUE);
    }

  for (const SortSpec *sort = self->spec->sorts; sort->label != NULL; sort++)
    gtk_string_list_append (sorts, _(sort->label));
  gtk_drop_down_set_model (self->sort_dropdown, G_LIST_MODEL (sorts));

  adw_status_page_set_title (self->empty_page, _(self->spec->empty_title));
}

/* --- the model ------------------------------------------------------------ */

char *
rd_list_page_current_filter (RdListPage *self)
{
  guint selected = gtk_drop_down_get_selected (self->filter_dropdown);
  const char *query;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) midnight = NULL;
  g_autofree char *now_ms = NULL;
  g_autofree char *today_end_ms = NULL;
  g_autofree char *today_start_ms = NULL;
  g_autofree char *week_start_ms = NULL;
  g_autoptr(GDateTime) today = NULL;
  g_autoptr(GDateTime) week = NULL;
  g_autoptr(GString) text = NULL;
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  g_autofree char *group_query = NULL;
  g_autofree char *call_query = NULL;

  query = (selected == GTK_INVALID_LIST_POSITION || selected >= self->filter_queries->len)
          ? NULL : g_ptr_array_index (self->filter_queries, selected);
  if (query != NULL)
    g_ptr_array_add (parts, (gpointer) query);
  if (self->group_ids != NULL)
    {
      guint priority = gtk_drop_down_get_selected (self->priority_dropdown);
      guint group = gtk_drop_down_get_selected (self->group_dropdown);

      if (priority != GTK_INVALID_LIST_POSITION && priority < G_N_ELEMENTS (ticket_priorities) - 1 &&
          ticket_priorities[priority].query != NULL)
        g_ptr_array_add (parts, (gpointer) ticket_priorities[priority].query);
      if (group != GTK_INVALID_LIST_POSITION && group < self->group_ids->len &&
          g_ptr_array_index (self->group_ids, group) != NULL)
        {
          group_query = g_strdup_printf ("group_id = '%s'", (char *) g_ptr_array_index (self->group_ids, group));
          g_ptr_array_add (parts, group_query);
        }
    }
  if (g_str_equal (self->table, "calls"))
    {
      guint direction = gtk_drop_down_get_selected (self->call_direction_dropdown);
      guint status = gtk_drop_down_get_selected (self->call_status_dropdown);
      guint period = gtk_drop_down_get_selected (self->call_period_dropdown);

      call_query = rd_call_log_filter_query (
        direction < G_N_ELEMENTS (call_directions) ? call_directions[direction] : NULL,
        status < G_N_ELEMENTS (call_statuses) ? call_statuses[status] : NULL,
        period < G_N_ELEMENTS (call_periods) ? call_periods[period] : RD_CALL_PERIOD_ALL, now);
      if (call_query != NULL)
        g_ptr_array_add (parts, call_query);
    }
  if (parts->len == 0)
    return NULL;

  midnight = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                    g_date_time_get_day_of_month (now), 23, 59, 59);
  now_ms = g_strdup_printf ("%" G_GINT64_FORMAT, g_date_time_to_unix (now) * 1000);
  today_end_ms = g_strdup_printf ("%" G_GINT64_FORMAT, g_date_time_to_unix (midnight) * 1000 + 999);
  if (parts->len == 1)
    text = g_string_new (g_ptr_array_index (parts, 0));
  else
    {
      text = g_string_new (NULL);
      for (guint i = 0; i < parts->len; i++)
        g_string_append_printf (text, "%s(%s)", i ? " and " : "", (char *) g_ptr_array_index (parts, i));
    }
  today = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                 g_date_time_get_day_of_month (now), 0, 0, 0);
  week = g_date_time_add_days (today, 1 - g_date_time_get_day_of_week (today));  /* Monday */
  today_start_ms = g_strdup_printf ("%" G_GINT64_FORMAT, g_date_time_to_unix (today) * 1000);
  week_start_ms = g_strdup_printf ("%" G_GINT64_FORMAT, g_date_time_to_unix (week) * 1000);
  g_string_replace (text, "@today_end", today_end_ms, 0);
  g_string_replace (text, "@today_start", today_start_ms, 0);
  g_string_replace (text, "@week_start", week_start_ms, 0);
  g_string_replace (text, "@now", now_ms, 0);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* --- the group dropdown (tickets) ------------------------------------------------- */

static void
rd_list_page_groups_thread (GTask        *task,
                            gpointer      source_object,
                            gpointer      task_data,
                            GCancellable *cancellable)
{
  g_autoptr(RdStore) store = NULL;
  GPtrArray *teams;
  GError *error = NULL;

  store = rd_store_open (task_data, &error);
  if (store == NULL || (teams = rd_store_list (store, "teams", NULL, "name", 0, 1000, &error)) == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, teams, (GDestroyNotify) g_ptr_array_unref);
}

static void
rd_list_page_groups_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  RdListPage *self = RD_LIST_PAGE (object);
  g_autoptr(GPtrArray) teams = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkStringList) labels = NULL;
  g_autofree char *selected_id = NULL;
  guint selected, position = 0;

  teams = g_task_propagate_pointer (G_TASK (result), &error);
  if (teams == NULL)
    {
      g_debug ("Groups: %s", error->message);
      return;
    }
  if (self->group_ids == NULL || self->group_dropdown == NULL)
    return;   /* disposed meanwhile */

  selected = gtk_drop_down_get_selected (self->group_dropdown);
  if (selected != GTK_INVALID_LIST_POSITION && selected < self->group_ids->len)
    selected_id = g_strdup (g_ptr_array_index (self->group_ids, selected));

  labels = gtk_string_list_new (NULL);
  g_ptr_array_set_size (self->group_ids, 0);
  g_ptr_array_add (self->group_ids, NULL);
  gtk_string_list_append (labels, _("All Groups"));
  for (guint i = 0; i < teams->len; i++)
    {
      RdRecord *team = g_ptr_array_index (teams, i);
      const char *name = rd_record_get_string (team, "name");

      if (g_strcmp0 (rd_record_get_id (team), selected_id) == 0)
        position = self->group_ids->len;
      g_ptr_array_add (self->group_ids, g_strdup (rd_record_get_id (team)));
      gtk_string_list_append (labels, name && *name ? name : rd_record_get_id (team));
    }

  self->filling_groups = TRUE;
  gtk_drop_down_set_model (self->group_dropdown, G_LIST_MODEL (labels));
  gtk_drop_down_set_selected (self->group_dropdown, position);
  self->filling_groups = FALSE;
  /* The team that was chosen is gone: show all groups. */
  if (selected_id != NULL && position == 0)
    rd_list_page_rebuild (self);
}

/* Reads the teams of the replica into the group dropdown, in a worker. */
void
rd_list_page_load_groups (RdListPage *self)
{
  g_autoptr(GTask) task = NULL;

  if (self->group_ids == NULL || self->db_path == NULL)
    return;
  task = g_task_new (self, NULL, rd_list_page_groups_cb, NULL);
  g_task_set_source_tag (task, rd_list_page_load_groups);
  g_task_set_task_data (task, g_strdup (self->db_path), g_free);
  g_task_run_in_thread (task, rd_list_page_groups_thread);
}

/* --- asked from outside ------------------------------------------------------ */


/** Shows only the rows whose @field is @value (as a click on the dashboard
 * asks): selects that filter, adding it to the dropdown if it is new. */
void
rd_list_page_show_filter (RdListPage *self,
                          const char *field,
                          const char *value)
{
  g_autofree char *query = NULL;
  g_autofree char *label = NULL;

  g_return_if_fail (RD_IS_LIST_PAGE (self));
  g_return_if_fail (field != NULL && value != NULL);

  query = g_strdup_printf ("%s = '%s'", field, value);
  for (guint i = 0; i < self->filter_queries->len; i++)
    {
      const char *known = g_ptr_array_index (self->filter_queries, i);
      g_autofree char *bare = g_strdup_printf ("%s = %s", field, value);

      if (g_strcmp0 (known, query) == 0 || g_strcmp0 (known, bare) == 0)
        {
          gtk_drop_down_set_selected (self->filter_dropdown, i);
          return;
        }
    }

  label = g_strdup_printf ("%s: %s", rd_labels_field (field), rd_labels_value (value));
  gtk_string_list_append (self->filter_labels, label);
  g_ptr_array_add (self->filter_queries, g_steal_pointer (&query));
  gtk_widget_set_visible (GTK_WIDGET (self->filter_dropdown), TRUE);
  gtk_drop_down_set_selected (self->filter_dropdown, self->filter_queries->len - 1);
}

/**
 * rd_list_page_show_calls:
 * @status: (nullable): a status class (answered, missed, busy, failed), NULL for any
 * @disposition: (nullable): the agent's disposition, NULL for any
 *
 * On the calls page: the calls of @period with that status and disposition, in either
 * direction (what a dashboard bar of today's calls stands for).
 */
void
rd_list_page_show_calls (RdListPage   *self,
                         const char   *status,
                         const char   *disposition,
                         RdCallPeriod  period)
{
  guint status_index = 0, period_index = 0;

  g_return_if_fail (RD_IS_LIST_PAGE (self));
  g_return_if_fail (g_str_equal (self->table, "calls"));

  for (guint i = 1; status != NULL && i < G_N_ELEMENTS (call_statuses); i++)
    if (g_str_equal (call_statuses[i], status))
      status_index = i;
  for (guint i = 0; i < G_N_ELEMENTS (call_periods); i++)
    if (call_periods[i] == period)
      period_index = i;
  gtk_drop_down_set_selected (self->call_direction_dropdown, 0);
  gtk_drop_down_set_selected (self->call_status_dropdown, status_index);
  gtk_drop_down_set_selected (self->call_period_dropdown, period_index);
  if (disposition != NULL)
    rd_list_page_show_filter (self, "disposition", disposition);
  else
    gtk_drop_down_set_selected (self->filter_dropdown, 0);
}

/** The filter the list applies now, in the store's search syntax, or NULL. */
char *
rd_list_page_dup_filter (RdListPage *self)
{
  g_return_val_if_fail (RD_IS_LIST_PAGE (self), NULL);
  return rd_list_page_current_filter (self);
}

/**
 * rd_list_page_set_sort:
 *
 * Chooses the sort whose order is @order ("-score", "name" …) in the sort dropdown, as
 * an agent would; FALSE when the page has no such sort.
 */
gboolean
rd_list_page_set_sort (RdListPage *self,
                       const char *order)
{
  g_return_val_if_fail (RD_IS_LIST_PAGE (self), FALSE);

  for (guint i = 0; self->spec->sorts[i].label != NULL; i++)
    if (g_strcmp0 (self->spec->sorts[i].order, order) == 0)
      {
        gtk_drop_down_set_selected (self->sort_dropdown, i);
        return TRUE;
      }
  return FALSE;
}
