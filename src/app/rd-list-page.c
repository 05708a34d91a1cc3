/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "rd-call-log.h"
#include "rd-labels.h"
#include "rd-recording-player.h"
#include "rd-list-page-private.h"
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
  { "status", COLUMN_VALUE, FALSE }, { "source", COLUMN_TEXT, FALSE },
  { "score", COLUMN_SCORE, FALSE }, END };
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
static const ColumnSpec article_columns[] = {
  { "title", COLUMN_TEXT, TRUE }, { "tags", COLUMN_TEXT, TRUE },
  { "visibility", COLUMN_VALUE, FALSE }, { "language", COLUMN_VALUE, FALSE }, END };
static const ColumnSpec product_columns[] = {
  { "name", COLUMN_TEXT, TRUE }, { "code", COLUMN_TEXT, FALSE }, { "kind", COLUMN_VALUE, FALSE },
  { "unit_price", COLUMN_AMOUNT, FALSE },
  { "active", COLUMN_BOOL, FALSE }, END };
static const ColumnSpec price_list_columns[] = {
  { "name", COLUMN_TEXT, TRUE }, { "currency", COLUMN_TEXT, FALSE },
  { "active", COLUMN_BOOL, FALSE }, END };
static const ColumnSpec project_columns[] = {
  { "name", COLUMN_TEXT, TRUE }, { "status", COLUMN_VALUE, FALSE },
  { "start_date", COLUMN_TIME, FALSE }, { "due", COLUMN_TIME, FALSE }, END };

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
static const FilterSpec activity_filters[] = {
  { N_("All"), NULL }, { N_("Today and Overdue"), "done = 0 and due <= @today_end" },
  { N_("Overdue"), "done = 0 and due < @now" }, { N_("Done"), "done = 1" }, FILTER_END };
/* Calls filter by direction, status and period at once: three dropdowns of their own
 * (extra_filters), turned into one query by rd_call_log_filter_query(). */
static const FilterSpec call_filters[] = { { N_("All"), NULL }, FILTER_END };
static const FilterSpec article_filters[] = {
  { N_("All"), NULL }, { N_("Public"), "visibility = public" },
  { N_("Internal"), "visibility = internal" }, FILTER_END };
static const FilterSpec product_filters[] = {
  { N_("On Sale"), "active = 1" }, { N_("All"), NULL }, { N_("Not on Sale"), "active = 0" },
  { N_("Products"), "kind = product and active = 1" },
  { N_("Services"), "kind = service and active = 1" }, FILTER_END };
static const FilterSpec project_filters[] = {
  { N_("All"), NULL }, { N_("Planned"), "status = planned" }, { N_("Active"), "status = active" },
  { N_("On Hold"), "status = on_hold" }, { N_("Done"), "status = done" }, FILTER_END };

static const SortSpec name_sorts[] = {
  { N_("By Name"), "name" }, { N_("Newest First"), "-created_at" }, { NULL, NULL } };
static const SortSpec lead_sorts[] = {
  { N_("By Name"), "name" }, { N_("Newest First"), "-created_at" }, { N_("By Status"), "status" },
  { N_("Highest Score First"), "-score" }, { NULL, NULL } };
static const SortSpec deal_sorts[] = {
  { N_("By Name"), "name" }, { N_("Largest First"), "-amount" }, { N_("By Close Date"), "close_date" }, { NULL, NULL } };
static const SortSpec ticket_sorts[] = {
  { N_("By SLA Due"), "sla_due" }, { N_("Newest First"), "-created_at" }, { N_("By Subject"), "subject" }, { NULL, NULL } };
static const SortSpec activity_sorts[] = {
  { N_("By Due Time"), "due" }, { N_("By Subject"), "subject" }, { NULL, NULL } };
static const SortSpec call_sorts[] = {
  { N_("Newest First"), "-started_at" }, { N_("Oldest First"), "started_at" }, { NULL, NULL } };
static const SortSpec article_sorts[] = {
  { N_("By Title"), "title" }, { N_("Newest First"), "-created_at" }, { NULL, NULL } };
static const SortSpec product_sorts[] = {
  { N_("By Name"), "name" }, { N_("By Code"), "code" }, { N_("Cheapest First"), "unit_price" },
  { N_("Newest First"), "-created_at" }, { NULL, NULL } };
static const SortSpec project_sorts[] = {
  { N_("By Due Date"), "due" }, { N_("By Name"), "name" }, { N_("Newest First"), "-created_at" },
  { NULL, NULL } };

static const PageSpec page_specs[] = {
  { "contacts", contact_columns, no_filters, name_sorts, N_("No Contacts") },
  { "organizations", org_columns, no_filters, name_sorts, N_("No Organizations") },
  { "leads", lead_columns, lead_filters, lead_sorts, N_("No Leads") },
  { "deals", deal_columns, deal_filters, deal_sorts, N_("No Deals") },
  { "tickets", ticket_columns, ticket_filters, ticket_sorts, N_("No Tickets") },
  { "activities", activity_columns, activity_filters, activity_sorts, N_("Nothing to Do") },
  { "calls", call_columns, call_filters, call_sorts, N_("No Calls") },
  { "articles", article_columns, article_filters, article_sorts, N_("No Articles") },
  { "products", product_columns, product_filters, product_sorts, N_("No Products") },
  { "projects", project_columns, project_filters, project_sorts, N_("No Projects") },
  { "price_lists", price_list_columns, no_filters, name_sorts, N_("No Price Lists") },
};


enum {
  PROP_0,
  PROP_TABLE,
  PROP_MODEL,
  PROP_HEADER,
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

void
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
  /* Fields an admin added (here or on another replica) since: in the Columns menu. */
  rd_list_page_update_extra_columns (self);
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
  rd_list_page_update_extra_columns (self);
}

static void
rd_list_page_columns_changed_cb (RdListPage *self)
{
  rd_list_page_update_extra_columns (self);
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
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->extra_columns, g_ptr_array_unref);

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
    case PROP_HEADER:
      g_value_set_object (value, self->header);
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
    case PROP_HEADER:
      /* above the list, below the search and filters (the Activities page's project
       * tasks due) */
      g_return_if_fail (self->header == NULL);
      self->header = g_value_get_object (value);
      if (self->header != NULL)
        gtk_box_insert_child_after (GTK_BOX (self->content), self->header,
                                    gtk_widget_get_prev_sibling (GTK_WIDGET (self->list_stack)));
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
  properties[PROP_HEADER] =
    g_param_spec_object ("header", NULL, NULL, GTK_TYPE_WIDGET,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
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
  gtk_widget_class_bind_template_child (widget_class, RdListPage, columns_button);
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
  self->extra_columns = g_ptr_array_new_with_free_func (g_object_unref);
  gtk_widget_init_template (GTK_WIDGET (self));
  self->settings = g_settings_new (APP_ID);
  g_signal_connect_swapped (self->settings, "changed::list-columns",
                            G_CALLBACK (rd_list_page_columns_changed_cb), self);
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
  rd_list_page_update_extra_columns (self);
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

/** The quick-search text as typed ("" for none). */
const char *
rd_list_page_get_search_text (RdListPage *self)
{
  g_return_val_if_fail (RD_IS_LIST_PAGE (self), NULL);
  return gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
}
