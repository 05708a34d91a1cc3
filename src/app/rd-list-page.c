/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "rd-call-log.h"
#include "rd-labels.h"
#include "rd-recording-player.h"
#include "rd-list-page.h"
#include "rd-paged-model.h"
#include "rd-record.h"
#include "rd-store-fetcher.h"

/* One list of the sidebar (contacts, leads, tickets…): a GtkColumnView on
 * an RdPagedModel over the replica, with quick search as you type, a filter
 * and a sort. Each search, filter or sort makes a new fetcher and model
 * (the query of a model never changes under it); writes elsewhere call
 * rd_list_page_refresh(), which keeps the rows on screen and says exactly
 * what changed. */

#define PAGE_SIZE 200

typedef enum
{
  COLUMN_TEXT,
  COLUMN_VALUE,   /* an enum value, shown with its label */
  COLUMN_TIME,    /* ms since the epoch */
  COLUMN_AMOUNT,
  COLUMN_INT,
  COLUMN_BOOL,
  COLUMN_CALL_STATUS,   /* answered/missed/busy/failed from the call record, in colour */
  COLUMN_RECORDING,     /* an inline player when the recording is on this machine */
  COLUMN_SLA,           /* a ticket's SLA due time: red once passed, amber within the hour */
  COLUMN_DURATION,      /* seconds as m:ss or h:mm:ss */
} ColumnKind;

typedef struct
{
  const char *field;
  ColumnKind  kind;
  gboolean    expand;
} ColumnSpec;

typedef struct
{
  const char *label;   /* N_() */
  const char *query;   /* advanced search; "@now" is replaced by the time */
} FilterSpec;

typedef struct
{
  const char *label;   /* N_() */
  const char *order;
} SortSpec;

typedef struct
{
  const char       *table;
  const ColumnSpec *columns;
  const FilterSpec *filters;   /* NULL-label terminated; the first is "all" */
  const SortSpec   *sorts;
  const char       *empty_title;
} PageSpec;

#define END { NULL, 0, 0 }
#define FILTER_END { NULL, NULL }

/* "phone", "email" and "organization" are not columns of the table: the fetcher adds them
 * for the page (the first phone and e-mail, the organization's name). */
static const ColumnSpec contact_columns[] = {
  { "name", COLUMN_TEXT, TRUE }, { "organization", COLUMN_TEXT, TRUE },
  { "phone", COLUMN_TEXT, FALSE }, { "email", COLUMN_TEXT, FALSE },
  { "title", COLUMN_TEXT, FALSE }, END };
static const ColumnSpec org_columns[] = {
  { "name", COLUMN_TEXT, TRUE }, { "industry", COLUMN_TEXT, TRUE },
  { "phone", COLUMN_TEXT, FALSE }, { "website", COLUMN_TEXT, FALSE },
  { "created_at", COLUMN_TIME, FALSE }, END };
static const ColumnSpec lead_columns[] = {
  { "name", COLUMN_TEXT, TRUE }, { "company", COLUMN_TEXT, TRUE },
  { "phone", COLUMN_TEXT, FALSE }, { "email", COLUMN_TEXT, FALSE },
  { "status", COLUMN_VALUE, FALSE }, { "source", COLUMN_TEXT, FALSE }, END };
static const ColumnSpec deal_columns[] = {
  { "name", COLUMN_TEXT, TRUE }, { "organization", COLUMN_TEXT, TRUE },
  { "stage", COLUMN_TEXT, FALSE }, { "amount", COLUMN_AMOUNT, FALSE },
  { "status", COLUMN_VALUE, FALSE }, { "close_date", COLUMN_TIME, FALSE }, END };
static const ColumnSpec ticket_columns[] = {
  { "subject", COLUMN_TEXT, TRUE }, { "contact", COLUMN_TEXT, TRUE },
  { "status", COLUMN_VALUE, FALSE }, { "priority", COLUMN_VALUE, FALSE },
  { "assignee_name", COLUMN_TEXT, FALSE }, { "sla_due", COLUMN_SLA, FALSE }, END };
static const ColumnSpec activity_columns[] = {
  { "subject", COLUMN_TEXT, TRUE }, { "kind", COLUMN_VALUE, FALSE },
  { "due", COLUMN_TIME, FALSE }, { "done", COLUMN_BOOL, FALSE }, END };
/* "contact" (who the call was with) and "party" (the other side's number) come from the
 * fetcher. */
static const ColumnSpec call_columns[] = {
  { "started_at", COLUMN_TIME, FALSE }, { "hangup_cause", COLUMN_CALL_STATUS, FALSE },
  { "contact", COLUMN_TEXT, TRUE }, { "party", COLUMN_TEXT, TRUE },
  { "disposition", COLUMN_VALUE, FALSE }, { "bill_sec", COLUMN_DURATION, FALSE },
  { "recording", COLUMN_RECORDING, FALSE }, END };

static const FilterSpec no_filters[] = { { N_("All"), NULL }, FILTER_END };
static const FilterSpec lead_filters[] = {
  { N_("All"), NULL }, { N_("New"), "status = new" }, { N_("Contacted"), "status = contacted" },
  { N_("Qualified"), "status = qualified" }, { N_("Lost"), "status = lost" },
  { N_("Converted"), "status = converted" }, FILTER_END };
static const FilterSpec deal_filters[] = {
  { N_("All"), NULL }, { N_("Open"), "status = open" }, { N_("Won"), "status = won" },
  { N_("Lost"), "status = lost" }, FILTER_END };
static const FilterSpec ticket_filters[] = {
  { N_("All"), NULL }, { N_("Open"), "status = open" }, { N_("In Progress"), "status = in_progress" },
  { N_("Waiting"), "status = wait" }, { N_("Closed"), "status = closed" }, FILTER_END };
/* Tickets also filter by priority and by group (the teams of the replica),
 * each in a dropdown of its own; the three combine with "and". */
static const FilterSpec ticket_priorities[] = {
  { N_("All Priorities"), NULL }, { N_("Urgent"), "priority = urgent" },
  { N_("High"), "priority = high" }, { N_("Normal"), "priority = normal" },
  { N_("Low"), "priority = low" }, FILTER_END };
static const FilterSpec activity_filters[] = {
  { N_("All"), NULL }, { N_("Today and Overdue"), "done = 0 and due <= @today_end" },
  { N_("Overdue"), "done = 0 and due < @now" }, { N_("Done"), "done = 1" }, FILTER_END };
/* Calls filter by direction, status and period at once: three dropdowns of their own
 * (extra_filters), turned into one query by rd_call_log_filter_query(). */
static const FilterSpec call_filters[] = { { N_("All"), NULL }, FILTER_END };
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

static const SortSpec name_sorts[] = {
  { N_("By Name"), "name" }, { N_("Newest First"), "-created_at" }, { NULL, NULL } };
static const SortSpec lead_sorts[] = {
  { N_("By Name"), "name" }, { N_("Newest First"), "-created_at" }, { N_("By Status"), "status" }, { NULL, NULL } };
static const SortSpec deal_sorts[] = {
  { N_("By Name"), "name" }, { N_("Largest First"), "-amount" }, { N_("By Close Date"), "close_date" }, { NULL, NULL } };
static const SortSpec ticket_sorts[] = {
  { N_("By SLA Due"), "sla_due" }, { N_("Newest First"), "-created_at" }, { N_("By Subject"), "subject" }, { NULL, NULL } };
static const SortSpec activity_sorts[] = {
  { N_("By Due Time"), "due" }, { N_("By Subject"), "subject" }, { NULL, NULL } };
static const SortSpec call_sorts[] = {
  { N_("Newest First"), "-started_at" }, { N_("Oldest First"), "started_at" }, { NULL, NULL } };

static const PageSpec page_specs[] = {
  { "contacts", contact_columns, no_filters, name_sorts, N_("No Contacts") },
  { "organizations", org_columns, no_filters, name_sorts, N_("No Organizations") },
  { "leads", lead_columns, lead_filters, lead_sorts, N_("No Leads") },
  { "deals", deal_columns, deal_filters, deal_sorts, N_("No Deals") },
  { "tickets", ticket_columns, ticket_filters, ticket_sorts, N_("No Tickets") },
  { "activities", activity_columns, activity_filters, activity_sorts, N_("Nothing to Do") },
  { "calls", call_columns, call_filters, call_sorts, N_("No Calls") },
};

struct _RdListPage
{
  GtkWidget       parent_instance;

  guint           sla_timer;     /* tickets, while shown: SLA colours follow the clock */
  guint           sla_seconds;
  char           *table;
  const PageSpec *spec;
  char           *db_path;
  RdStoreReader  *reader;           /* one read connection for all searches */
  gboolean        stale;            /* the model waits for the page to be shown */
  RdPagedModel   *model;
  GPtrArray      *filter_queries;   /* one per filter dropdown entry (NULL = all) */
  GtkStringList  *filter_labels;
  GPtrArray      *group_ids;        /* one per group dropdown entry (NULL = all) */
  gboolean        filling_groups;   /* the group dropdown is being refilled */

  GtkWidget      *content;
  GtkSearchEntry *search_entry;
  GtkDropDown    *filter_dropdown;
  GtkWidget      *extra_filters;
  GtkDropDown    *priority_dropdown;
  GtkDropDown    *group_dropdown;
  GtkDropDown    *call_direction_dropdown;
  GtkDropDown    *call_status_dropdown;
  GtkDropDown    *call_period_dropdown;
  GtkDropDown    *sort_dropdown;
  GtkColumnView  *column_view;
  GtkStack       *list_stack;
  AdwStatusPage  *empty_page;
  GtkLabel       *count_label;
};

enum {
  PROP_0,
  PROP_TABLE,
  PROP_MODEL,
  N_PROPS
};

enum {
  RECORD_ACTIVATED,
  NEW_RECORD,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (RdListPage, rd_list_page, GTK_TYPE_WIDGET)

/* --- cells ---------------------------------------------------------------- */

static void
cell_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  const ColumnSpec *column = user_data;
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  /* Times, numbers and statuses are read whole or not at all ("2026-11-25 14:02"). */
  if (column->kind == COLUMN_TIME || column->kind == COLUMN_SLA)
    gtk_label_set_width_chars (GTK_LABEL (label), 16);
  else if (g_strcmp0 (column->field, "phone") == 0 || g_strcmp0 (column->field, "party") == 0)
    gtk_label_set_width_chars (GTK_LABEL (label), 17);
  else if (column->kind == COLUMN_CALL_STATUS)
    gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_NONE);
  gtk_list_item_set_child (item, label);
}

static const char *
call_status_of (RdRecord *record)
{
  return rd_call_log_status (rd_record_get_string (record, "hangup_cause"),
                             rd_record_get_int (record, "answered_at", 0) != 0);
}

/**
 * rd_list_page_sla_state:
 *
 * How a ticket's SLA stands at @now_ms: "error" once the due time has passed, "warning"
 * within the hour before it, NULL otherwise or when the ticket is closed or has none (the
 * style class its SLA cell gets).
 */
const char *
rd_list_page_sla_state (RdRecord *ticket,
                        gint64    now_ms)
{
  gint64 due = rd_record_get_int (ticket, "sla_due", 0);

  if (due <= 0 || g_strcmp0 (rd_record_get_string (ticket, "status"), "closed") == 0)
    return NULL;
  if (due < now_ms)
    return "error";
  if (due < now_ms + 3600 * 1000)
    return "warning";
  return NULL;
}

static char *
cell_text (RdRecord         *record,
           const ColumnSpec *column)
{
  switch (column->kind)
    {
    case COLUMN_VALUE:
      return g_strdup (rd_labels_value (rd_record_get_string (record, column->field)));
    case COLUMN_TIME:
    case COLUMN_SLA:
      return rd_labels_time (rd_record_get_int (record, column->field, 0));
    case COLUMN_AMOUNT:
      if (!rd_record_has_field (record, column->field))
        return g_strdup ("");
      /* with the deal's currency, when it has one */
      return g_strdup_printf ("%.2f%s%s", rd_record_get_double (record, column->field, 0),
                              rd_record_get_string (record, "currency") ? " " : "",
                              rd_record_get_string (record, "currency") ? rd_record_get_string (record, "currency") : "");
    case COLUMN_INT:
      if (!rd_record_has_field (record, column->field))
        return g_strdup ("");
      return g_strdup_printf ("%" G_GINT64_FORMAT, rd_record_get_int (record, column->field, 0));
    case COLUMN_BOOL:
      return g_strdup (rd_record_get_int (record, column->field, 0) ? "✓" : "");
    case COLUMN_DURATION:
      if (!rd_record_has_field (record, column->field))
        return g_strdup ("");
      {
        gint64 s = MAX (rd_record_get_int (record, column->field, 0), 0);

        if (s >= 3600)
          return g_strdup_printf ("%" G_GINT64_FORMAT ":%02d:%02d", s / 3600, (int) (s / 60 % 60), (int) (s % 60));
        return g_strdup_printf ("%" G_GINT64_FORMAT ":%02d", s / 60, (int) (s % 60));
      }
    case COLUMN_CALL_STATUS:
      /* the direction as the arrow call logs use: ↙ in, ↗ out */
      return g_strdup_printf ("%s %s",
                              g_strcmp0 (rd_record_get_string (record, "direction"), "inbound") == 0 ? "↙" : "↗",
                              rd_labels_call_status (call_status_of (record)));
    case COLUMN_TEXT:
    default:
      return g_strdup (rd_record_get_string (record, column->field));
    }
}

static void
cell_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  const ColumnSpec *column = user_data;
  RdRecord *record = gtk_list_item_get_item (item);
  g_autofree char *text = cell_text (record, column);
  GtkWidget *label = gtk_list_item_get_child (item);

  gtk_label_set_label (GTK_LABEL (label), text ? text : "");
  if (column->kind == COLUMN_SLA)
    {
      const char *state = rd_list_page_sla_state (record, g_get_real_time () / 1000);

      /* Rows are recycled: the class of the previous record goes first. */
      gtk_widget_remove_css_class (label, "error");
      gtk_widget_remove_css_class (label, "warning");
      if (state != NULL)
        gtk_widget_add_css_class (label, state);
    }
  if (column->kind == COLUMN_CALL_STATUS)
    {
      /* Rows are recycled: the class of the previous record goes first. */
      static const char *const classes[] = { "answered", "missed", "busy", "failed" };
      g_autofree char *mine = g_strconcat ("call-status-", call_status_of (record), NULL);

      for (gsize i = 0; i < G_N_ELEMENTS (classes); i++)
        {
          g_autofree char *name = g_strconcat ("call-status-", classes[i], NULL);
          gtk_widget_remove_css_class (label, name);
        }
      gtk_widget_add_css_class (label, mine);
    }
}

static void
recording_setup_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *item,
                    gpointer                  user_data)
{
  gtk_list_item_set_child (item, gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0));
}

static void
recording_bind_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   gpointer                  user_data)
{
  RdListPage *self = user_data;
  RdRecord *record = gtk_list_item_get_item (item);
  GtkBox *box = GTK_BOX (gtk_list_item_get_child (item));
  const char *recording = record != NULL ? rd_record_get_string (record, "recording") : NULL;
  GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (box));
  g_autofree char *path = NULL;
  gboolean fetch = FALSE;

  /* Recorded here, fetched before, or to fetch from the server on play. */
  if (recording != NULL && rd_record_get_id (record) != NULL && self->db_path != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (self->db_path);
      g_autofree char *name = g_strconcat (rd_record_get_id (record), ".wav", NULL);

      if (g_file_test (recording, G_FILE_TEST_IS_REGULAR))
        path = g_strdup (recording);
      else
        {
          path = g_build_filename (dir, "recordings", name, NULL);
          fetch = !g_file_test (path, G_FILE_TEST_IS_REGULAR);
        }
    }

  /* Keep a player that already plays this file (rows rebind on refresh). */
  if (child != NULL && path != NULL
      && g_strcmp0 (rd_recording_player_get_path (RD_RECORDING_PLAYER (child)), path) == 0)
    return;
  if (child != NULL)
    gtk_box_remove (box, child);
  if (path != NULL)
    {
      GtkWidget *player = rd_recording_player_new (path);

      if (fetch)
        rd_recording_player_set_fetch (RD_RECORDING_PLAYER (player), self->db_path,
                                       rd_record_get_id (record));
      rd_recording_player_set_compact (RD_RECORDING_PLAYER (player), TRUE);
      gtk_box_append (box, player);
    }
}

static void
rd_list_page_add_columns (RdListPage *self)
{
  for (const ColumnSpec *column = self->spec->columns; column->field != NULL; column++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      GtkColumnViewColumn *view_column;

      if (column->kind == COLUMN_RECORDING)
        {
          g_signal_connect (factory, "setup", G_CALLBACK (recording_setup_cb), NULL);
          g_signal_connect (factory, "bind", G_CALLBACK (recording_bind_cb), self);
        }
      else
        {
          g_signal_connect (factory, "setup", G_CALLBACK (cell_setup_cb), (gpointer) column);
          g_signal_connect (factory, "bind", G_CALLBACK (cell_bind_cb), (gpointer) column);
        }
      view_column = gtk_column_view_column_new (column->kind == COLUMN_CALL_STATUS
                                                ? C_("call log column", "Status")
                                                : rd_labels_field (column->field), factory);
      gtk_column_view_column_set_expand (view_column, column->expand);
      gtk_column_view_column_set_resizable (view_column, TRUE);
      gtk_column_view_append_column (self->column_view, view_column);
      g_object_unref (view_column);
    }
}

/* Fills @dropdown with the translations of @labels (NULL-terminated). */
static void
set_labels (GtkDropDown       *dropdown,
            const char *const *labels)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);

  for (guint i = 0; labels[i] != NULL; i++)
    gtk_string_list_append (list, _(labels[i]));
  gtk_drop_down_set_model (dropdown, G_LIST_MODEL (list));
}

static void
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

static char *
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

static void
rd_list_page_show_count (RdListPage *self)
{
  guint n = self->model ? g_list_model_get_n_items (G_LIST_MODEL (self->model)) : 0;
  g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u record", "%u records", n), n);

  gtk_label_set_label (self->count_label, text);
  gtk_stack_set_visible_child_name (self->list_stack,
                                    n == 0 && self->model && !rd_paged_model_get_loading (self->model)
                                    ? "empty" : "list");
}

static void
rd_list_page_model_notify_cb (RdListPage *self)
{
  rd_list_page_show_count (self);
}

static void
rd_list_page_rebuild (RdListPage *self)
{
  g_autoptr(RdStoreFetcher) fetcher = NULL;
  g_autoptr(GtkSelectionModel) selection = NULL;
  g_autofree char *filter = NULL;
  guint sort = gtk_drop_down_get_selected (self->sort_dropdown);
  const char *order = NULL;

  if (self->db_path == NULL)
    return;
  /* Pages nobody looks at cost nothing: build the model when shown. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->stale = TRUE;
      return;
    }
  self->stale = FALSE;

  if (sort != GTK_INVALID_LIST_POSITION)
    order = self->spec->sorts[sort].order;
  filter = rd_list_page_current_filter (self);

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_clear_object (&self->model);

  if (self->reader == NULL)
    self->reader = rd_store_reader_new (self->db_path);
  fetcher = rd_store_fetcher_new_shared (self->reader, self->table, filter,
                                         gtk_editable_get_text (GTK_EDITABLE (self->search_entry)), order);
  self->model = rd_paged_model_new (RD_PAGE_FETCHER (fetcher), PAGE_SIZE, FALSE);
  g_signal_connect_swapped (self->model, "notify::n-items", G_CALLBACK (rd_list_page_model_notify_cb), self);
  g_signal_connect_swapped (self->model, "notify::loading", G_CALLBACK (rd_list_page_model_notify_cb), self);

  selection = GTK_SELECTION_MODEL (gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->model))));
  gtk_single_selection_set_autoselect (GTK_SINGLE_SELECTION (selection), FALSE);
  gtk_column_view_set_model (self->column_view, selection);
  rd_list_page_show_count (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
}

static void
rd_list_page_search_changed_cb (RdListPage     *self,
                                GtkSearchEntry *entry)
{
  rd_list_page_rebuild (self);
}

static void
rd_list_page_search_activate_cb (RdListPage     *self,
                                 GtkSearchEntry *entry)
{
  /* Enter opens the first match. */
  if (self->model != NULL && g_list_model_get_n_items (G_LIST_MODEL (self->model)) > 0)
    gtk_widget_activate_action (GTK_WIDGET (self->column_view), "list.activate-item", "u", 0);
}

static void
rd_list_page_query_changed_cb (RdListPage *self)
{
  if (self->filling_groups)
    return;
  rd_list_page_rebuild (self);
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
static void
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

static void
rd_list_page_row_activated_cb (RdListPage    *self,
                               guint          position,
                               GtkColumnView *view)
{
  g_autoptr(RdRecord) record = g_list_model_get_item (G_LIST_MODEL (self->model), position);

  if (record == NULL || rd_record_get_id (record) == NULL)
    return;   /* a placeholder: its page is still loading */
  g_signal_emit (self, signals[RECORD_ACTIVATED], 0, self->table, rd_record_get_id (record));
}

static void
rd_list_page_search_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  RdListPage *self = RD_LIST_PAGE (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
rd_list_page_new_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  RdListPage *self = RD_LIST_PAGE (widget);

  g_signal_emit (self, signals[NEW_RECORD], 0, self->table);
}

/* --- GObject -------------------------------------------------------------- */

static gboolean
sla_tick_cb (gpointer user_data)
{
  rd_list_page_refresh (user_data);
  return G_SOURCE_CONTINUE;
}

static void
rd_list_page_map (GtkWidget *widget)
{
  RdListPage *self = RD_LIST_PAGE (widget);

  GTK_WIDGET_CLASS (rd_list_page_parent_class)->map (widget);
  if (self->stale)
    rd_list_page_rebuild (self);
  /* An SLA turns amber, then red, as time passes: the shown rows are read again. */
  if (g_str_equal (self->table, "tickets") && self->sla_timer == 0)
    self->sla_timer = g_timeout_add_seconds (self->sla_seconds, sla_tick_cb, self);
}

static void
rd_list_page_unmap (GtkWidget *widget)
{
  RdListPage *self = RD_LIST_PAGE (widget);

  g_clear_handle_id (&self->sla_timer, g_source_remove);
  GTK_WIDGET_CLASS (rd_list_page_parent_class)->unmap (widget);
}

/** How often a shown tickets list reads its rows again for the SLA colours (60 s). */
void
rd_list_page_set_sla_refresh (RdListPage *self,
                              guint       seconds)
{
  g_return_if_fail (RD_IS_LIST_PAGE (self));
  g_return_if_fail (seconds > 0);

  self->sla_seconds = seconds;
  if (self->sla_timer != 0)
    {
      g_source_remove (self->sla_timer);
      self->sla_timer = g_timeout_add_seconds (seconds, sla_tick_cb, self);
    }
}

static void
rd_list_page_constructed (GObject *object)
{
  RdListPage *self = RD_LIST_PAGE (object);

  G_OBJECT_CLASS (rd_list_page_parent_class)->constructed (object);

  for (guint i = 0; i < G_N_ELEMENTS (page_specs); i++)
    if (g_strcmp0 (page_specs[i].table, self->table) == 0)
      self->spec = &page_specs[i];
  g_return_if_fail (self->spec != NULL);

  rd_list_page_add_columns (self);
  rd_list_page_fill_dropdowns (self);
}

static void
rd_list_page_dispose (GObject *object)
{
  RdListPage *self = RD_LIST_PAGE (object);

  g_clear_handle_id (&self->sla_timer, g_source_remove);
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), RD_TYPE_LIST_PAGE);
  g_clear_object (&self->model);
  g_clear_object (&self->filter_labels);

  G_OBJECT_CLASS (rd_list_page_parent_class)->dispose (object);
}

static void
rd_list_page_finalize (GObject *object)
{
  RdListPage *self = RD_LIST_PAGE (object);

  g_clear_pointer (&self->table, g_free);
  g_clear_pointer (&self->db_path, g_free);
  g_clear_pointer (&self->reader, rd_store_reader_unref);
  g_clear_pointer (&self->filter_queries, g_ptr_array_unref);
  g_clear_pointer (&self->group_ids, g_ptr_array_unref);

  G_OBJECT_CLASS (rd_list_page_parent_class)->finalize (object);
}

static void
rd_list_page_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  RdListPage *self = RD_LIST_PAGE (object);

  switch (prop_id)
    {
    case PROP_TABLE:
      g_value_set_string (value, self->table);
      break;
    case PROP_MODEL:
      g_value_set_object (value, self->model);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rd_list_page_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  RdListPage *self = RD_LIST_PAGE (object);

  switch (prop_id)
    {
    case PROP_TABLE:
      self->table = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rd_list_page_class_init (RdListPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = rd_list_page_constructed;
  object_class->dispose = rd_list_page_dispose;
  object_class->finalize = rd_list_page_finalize;
  object_class->get_property = rd_list_page_get_property;
  object_class->set_property = rd_list_page_set_property;
  widget_class->map = rd_list_page_map;
  widget_class->unmap = rd_list_page_unmap;

  properties[PROP_TABLE] =
    g_param_spec_string ("table", NULL, NULL, "contacts",
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL, RD_TYPE_PAGED_MODEL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RdListPage::record-activated:
   * @table: the page's table
   * @id: the record's id
   */
  signals[RECORD_ACTIVATED] =
    g_signal_new ("record-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
  signals[NEW_RECORD] =
    g_signal_new ("new-record", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ringdesk/Ringdesk/rd-list-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RdListPage, content);
  gtk_widget_class_bind_template_child (widget_class, RdListPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, RdListPage, filter_dropdown);
  gtk_widget_class_bind_template_child (widget_class, RdListPage, extra_filters);
  gtk_widget_class_bind_template_child (widget_class, RdListPage, priority_dropdown);
  gtk_widget_class_bind_template_child (widget_class, RdListPage, group_dropdown);
  gtk_widget_class_bind_template_child (widget_class, RdListPage, call_direction_dropdown);
  gtk_widget_class_bind_template_child (widget_class, RdListPage, call_status_dropdown);
  gtk_widget_class_bind_template_child (widget_class, RdListPage, call_period_dropdown);
  gtk_widget_class_bind_template_child (widget_class, RdListPage, sort_dropdown);
  gtk_widget_class_bind_template_child (widget_class, RdListPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, RdListPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, RdListPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, RdListPage, count_label);
  gtk_widget_class_bind_template_callback (widget_class, rd_list_page_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, rd_list_page_search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, rd_list_page_query_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, rd_list_page_row_activated_cb);

  gtk_widget_class_install_action (widget_class, "page.search", NULL, rd_list_page_search_action);
  gtk_widget_class_install_action (widget_class, "page.new", NULL, rd_list_page_new_action);
}

static void
rd_list_page_init (RdListPage *self)
{
  self->sla_seconds = 60;
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
rd_list_page_new (const char *table)
{
  return g_object_new (RD_TYPE_LIST_PAGE, "table", table, NULL);
}

/** Lists the rows of the replica file @db_path (NULL: nothing). */
void
rd_list_page_set_db_path (RdListPage *self,
                          const char *db_path)
{
  g_return_if_fail (RD_IS_LIST_PAGE (self));

  if (g_strcmp0 (self->db_path, db_path) == 0)
    return;
  g_free (self->db_path);
  self->db_path = g_strdup (db_path);
  g_clear_pointer (&self->reader, rd_store_reader_unref);
  rd_list_page_load_groups (self);
  rd_list_page_rebuild (self);
}

/** Reads the rows again after a change to the replica. */
void
rd_list_page_refresh (RdListPage *self)
{
  g_return_if_fail (RD_IS_LIST_PAGE (self));

  if (self->model != NULL && !self->stale)
    rd_paged_model_refresh (self->model);
  rd_list_page_load_groups (self);
}

/** The number of entries of the group dropdown ("All Groups" and the
 * teams), 0 on pages without one. */
guint
rd_list_page_get_n_groups (RdListPage *self)
{
  g_return_val_if_fail (RD_IS_LIST_PAGE (self), 0);
  return self->group_ids ? self->group_ids->len : 0;
}

/** The model the list shows now (it changes with each search), or NULL. */
RdPagedModel *
rd_list_page_get_model (RdListPage *self)
{
  g_return_val_if_fail (RD_IS_LIST_PAGE (self), NULL);
  return self->model;
}

const char *
rd_list_page_get_table (RdListPage *self)
{
  g_return_val_if_fail (RD_IS_LIST_PAGE (self), NULL);
  return self->table;
}

/** Types @text into the search box (the list follows after the search delay). */
void
rd_list_page_set_search_text (RdListPage *self,
                              const char *text)
{
  g_return_if_fail (RD_IS_LIST_PAGE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text);
}

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

/** The quick-search text as typed ("" for none). */
const char *
rd_list_page_get_search_text (RdListPage *self)
{
  g_return_val_if_fail (RD_IS_LIST_PAGE (self), NULL);
  return gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
}
