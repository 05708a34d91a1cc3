/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include <glib/gi18n.h>

#include "rd-api-call.h"
#include "rd-report-row.h"
#include "rd-report-view-private.h"

G_DEFINE_FINAL_TYPE (RdReportView, rd_report_view, GTK_TYPE_WIDGET)

#define PAGE_ROWS 100

static const char *const by_values[] = { "day", "hour", "hour-of-day", "total" };

/* --- filters ---------------------------------------------------------------------------- */

const char *
rd_report_view_part_name (RdReportView *self)
{
  guint part = gtk_drop_down_get_selected (self->part_dropdown);

  if (self->kind == NULL)
    return NULL;
  if (part >= rd_report_kind_n_parts (self->kind))
    part = 0;
  return self->kind->parts[part].name;
}

const char *
rd_report_view_by (RdReportView *self)
{
  guint by = gtk_drop_down_get_selected (self->by_dropdown);

  if (self->kind == NULL || !(self->kind->filters & RD_REPORT_FILTER_BY) || by >= G_N_ELEMENTS (by_values))
    return NULL;
  return by_values[by];
}

const char *
rd_report_view_campaign_id (RdReportView *self)
{
  guint i = gtk_drop_down_get_selected (self->campaign_dropdown);

  if (self->kind == NULL || !(self->kind->filters & RD_REPORT_FILTER_CAMPAIGN) ||
      i == 0 || i >= self->campaign_ids->len)
    return NULL;
  return g_ptr_array_index (self->campaign_ids, i);
}

/* The zone days are cut in: this computer's, as an offset (the server reads "+03:00"). */
static char *
local_tz (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  gint64 offset = g_date_time_get_utc_offset (now) / G_TIME_SPAN_MINUTE;

  return g_strdup_printf ("%c%02d:%02d", offset < 0 ? '-' : '+', (int) (ABS (offset) / 60), (int) (ABS (offset) % 60));
}

static void
add_param (GString    *path,
           const char *name,
           const char *value)
{
  if (value == NULL || *value == '\0')
    return;
  rd_api_add_query (path, name, value);
}

static char *
entry_text (GtkEntry *entry)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
}

char *
rd_report_view_path (RdReportView *self,
                     const char   *format,
                     const char   *cursor,
                     guint         limit)
{
  GString *path = g_string_new ("reports/");
  RdReportFilters filters = self->kind->filters;
  g_autofree char *tz = local_tz ();
  g_autofree char *from = entry_text (self->from_entry);
  g_autofree char *to = entry_text (self->to_entry);
  g_autofree char *agent = entry_text (self->agent_entry);
  g_autofree char *team = entry_text (self->team_entry);
  g_autofree char *number = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->number_entry))));
  g_autofree char *limit_text = limit > 0 ? g_strdup_printf ("%u", limit) : NULL;

  g_string_append (path, rd_report_view_part_name (self));
  if (filters & RD_REPORT_FILTER_RANGE)
    {
      add_param (path, "from", from);
      add_param (path, "to", to);
      add_param (path, "tz", tz);
    }
  add_param (path, "by", rd_report_view_by (self));
  add_param (path, "campaign", rd_report_view_campaign_id (self));
  if (filters & RD_REPORT_FILTER_AGENT)
    add_param (path, "agent", agent);
  if (filters & RD_REPORT_FILTER_TEAM)
    add_param (path, "team", team);
  if ((filters & RD_REPORT_FILTER_NUMBER) && *number != '\0')
    {
      add_param (path, "number", number);
      add_param (path, "country", self->region);
    }
  add_param (path, "limit", limit_text);
  add_param (path, "cursor", cursor);
  add_param (path, "format", format);
  return g_string_free (path, FALSE);
}

static void
set_shown (GtkWidget *widget,
           gboolean   shown)
{
  gtk_widget_set_visible (widget, shown);
}

static void
today_text (char   *buffer,
            gsize   size)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *text = g_date_time_format (now, "%Y-%m-%d");

  g_strlcpy (buffer, text, size);
}

/* --- the table -------------------------------------------------------------------------- */

void
rd_report_view_busy (RdReportView *self,
                     int           delta)
{
  self->busy += delta;
  gtk_spinner_set_spinning (self->spinner, self->busy > 0);
}

const char *
rd_report_view_column_type (RdReportView *self,
                            const char   *column)
{
  guint n = self->columns != NULL ? json_array_get_length (self->columns) : 0;

  for (guint i = 0; i < n; i++)
    {
      JsonObject *c = json_array_get_object_element (self->columns, i);

      if (g_strcmp0 (rd_api_string (c, "name"), column) == 0)
        return rd_api_string (c, "type");
    }
  return NULL;
}

static void
cell_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  data)
{
  GtkWidget *label = gtk_label_new (NULL);
  int chars = GPOINTER_TO_INT (data);   /* negative: a number, right-aligned */

  gtk_label_set_xalign (GTK_LABEL (label), chars < 0 ? 1 : 0);
  gtk_label_set_width_chars (GTK_LABEL (label), ABS (chars));
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 40);
  gtk_widget_set_margin_start (label, 4);
  gtk_widget_set_margin_end (label, 4);
  gtk_list_item_set_child (item, label);
}

static void
cell_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              RdReportView             *self)
{
  const char *column = g_object_get_data (G_OBJECT (factory), "rd-column");
  RdReportRow *row = gtk_list_item_get_item (item);
  g_autofree char *text = rd_report_format_cell (column, rd_report_view_column_type (self, column),
                                                 rd_report_row_get (row, column));

  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)), text);
  gtk_widget_set_tooltip_text (gtk_list_item_get_child (item), *text ? text : NULL);
}

static void
play_clicked_cb (GtkButton    *button,
                 RdReportView *self)
{
  RdReportRow *row = g_object_get_data (G_OBJECT (button), "rd-row");
  guint position;

  if (row != NULL && g_list_store_find (self->rows, row, &position))
    rd_report_view_play_recording (self, position);
}

static void
recording_setup_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *item,
                    RdReportView             *self)
{
  GtkWidget *button = gtk_button_new_from_icon_name ("media-playback-start-symbolic");

  gtk_widget_set_tooltip_text (button, _("Play the recording"));
  gtk_widget_set_halign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  g_signal_connect_object (button, "clicked", G_CALLBACK (play_clicked_cb), self, 0);
  gtk_list_item_set_child (item, button);
}

static void
recording_bind_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   RdReportView             *self)
{
  RdReportRow *row = gtk_list_item_get_item (item);
  GtkWidget *button = gtk_list_item_get_child (item);

  g_object_set_data (G_OBJECT (button), "rd-row", row);
  gtk_widget_set_visible (button, rd_report_cell_number (rd_report_row_get (row, "has_recording")) != 0);
}

static void
recording_unbind_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *item,
                     RdReportView             *self)
{
  g_object_set_data (G_OBJECT (gtk_list_item_get_child (item)), "rd-row", NULL);
}

gboolean
rd_report_view_is_numeric (const char *type,
                           const char *column)
{
  return g_strcmp0 (type, "int") == 0 || g_strcmp0 (type, "real") == 0 || g_str_has_suffix (column, "_ms");
}

/* Ids are for the CSV; on screen the names beside them say it. */
static const char *const hidden_columns[] = { "id", "campaign_id", "leadset_id", "queue_id", "lead_id", NULL };
/* The CDR's columns a reader looks for come first. */
static const char *const cdr_first[] = {
  "created_at", "direction", "campaign", "number", "agent", "has_recording", "result",
  "disposition", "total_ms", "talk_ms", NULL,
};

static int
column_rank (RdReportView *self,
             const char   *name)
{
  if (self->kind->paged)
    for (int i = 0; cdr_first[i] != NULL; i++)
      if (g_strcmp0 (cdr_first[i], name) == 0)
        return i;
  return G_N_ELEMENTS (cdr_first);
}

static int
compare_columns (gconstpointer a,
                 gconstpointer b,
                 gpointer      data)
{
  RdReportView *self = data;
  JsonObject *ca = json_node_get_object (*(JsonNode **) a);
  JsonObject *cb = json_node_get_object (*(JsonNode **) b);

  return column_rank (self, rd_api_string (ca, "name")) - column_rank (self, rd_api_string (cb, "name"));
}

static void
rd_report_view_set_columns (RdReportView *self,
                            JsonArray    *columns)
{
  GListModel *current = gtk_column_view_get_columns (self->table);
  g_autoptr(GPtrArray) shown = g_ptr_array_new ();

  while (g_list_model_get_n_items (current) > 0)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (current, 0);

      gtk_column_view_remove_column (self->table, column);
    }
  g_clear_pointer (&self->columns, json_array_unref);
  self->columns = json_array_ref (columns);

  for (guint i = 0; i < json_array_get_length (columns); i++)
    {
      JsonNode *node = json_array_get_element (columns, i);

      if (JSON_NODE_HOLDS_OBJECT (node) &&
          !g_strv_contains (hidden_columns, rd_api_string (json_node_get_object (node), "name") ?: ""))
        g_ptr_array_add (shown, node);
    }
  g_ptr_array_sort_with_data (shown, compare_columns, self);   /* stable: the rest keep the server's order */

  for (guint i = 0; i < shown->len; i++)
    {
      JsonObject *c = json_node_get_object (g_ptr_array_index (shown, i));
      const char *name = rd_api_string (c, "name");
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) column = NULL;

      if (name == NULL)
        {
          g_object_unref (factory);
          continue;
        }
      g_object_set_data_full (G_OBJECT (factory), "rd-column", g_strdup (name), g_free);
      if (g_str_equal (name, "has_recording"))
        {
          g_signal_connect_object (factory, "setup", G_CALLBACK (recording_setup_cb), self, 0);
          g_signal_connect_object (factory, "bind", G_CALLBACK (recording_bind_cb), self, 0);
          g_signal_connect_object (factory, "unbind", G_CALLBACK (recording_unbind_cb), self, 0);
        }
      else
        {
          const char *type = rd_api_string (c, "type");
          int chars = g_strcmp0 (type, "time") == 0 ? 19
                    : rd_report_view_is_numeric (type, name) ? -7
                    : g_str_equal (name, "number") || g_str_equal (name, "caller_id") ? 15 : 10;

          g_signal_connect (factory, "setup", G_CALLBACK (cell_setup_cb), GINT_TO_POINTER (chars));
          g_signal_connect_object (factory, "bind", G_CALLBACK (cell_bind_cb), self, 0);
        }
      column = gtk_column_view_column_new (rd_report_column_title (name), factory);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_append_column (self->table, column);
    }
}

/* --- loading ---------------------------------------------------------------------------- */

static void
rd_report_view_set_error (RdReportView *self,
                          const char   *error)
{
  g_free (self->error);
  self->error = g_strdup (error);
}

static void
rd_report_view_update_status (RdReportView *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->rows));
  g_autofree char *text = NULL;

  if (self->error != NULL)
    text = g_strdup (self->error);
  else if (self->next != NULL)
    /* TRANSLATORS: a paged report: the rows shown so far, more on the server */
    text = g_strdup_printf (ngettext ("%u row shown, more to load", "%u rows shown, more to load", n), n);
  else
    text = g_strdup_printf (ngettext ("%u row", "%u rows", n), n);
  gtk_label_set_label (self->status_label, text);
  gtk_widget_set_visible (self->more_button, self->next != NULL);
}

static void
report_done_cb (GObject      *owner,
                JsonNode     *answer,
                const GError *error,
                gpointer      data)
{
  RdReportView *self = RD_REPORT_VIEW (owner);
  guint generation = GPOINTER_TO_UINT (data) >> 1;
  gboolean append = GPOINTER_TO_UINT (data) & 1;
  JsonObject *object = rd_api_object (answer);
  JsonArray *rows, *columns;
  JsonNode *next;

  rd_report_view_busy (self, -1);
  if (generation != self->generation)
    return;                     /* the filters changed while it was on its way */
  if (error != NULL || object == NULL)
    {
      rd_report_view_set_error (self, error != NULL ? error->message : _("The server sent an answer Ringdesk does not understand"));
      rd_report_view_update_status (self);
      return;
    }
  rd_report_view_set_error (self, NULL);
  columns = rd_api_array (object, "columns");
  rows = rd_api_array (object, "rows");
  if (!append && columns != NULL)
    rd_report_view_set_columns (self, columns);
  if (!append)
    g_list_store_remove_all (self->rows);
  for (guint i = 0; rows != NULL && i < json_array_get_length (rows); i++)
    {
      g_autoptr(RdReportRow) row = rd_report_row_new (json_array_get_object_element (rows, i));

      g_list_store_append (self->rows, row);
    }
  next = json_object_get_member (object, "next");
  g_clear_pointer (&self->next, g_free);
  if (next != NULL && JSON_NODE_HOLDS_VALUE (next) && json_node_get_value_type (next) == G_TYPE_STRING)
    self->next = g_strdup (json_node_get_string (next));
  rd_report_view_update_chart (self);
  rd_report_view_update_status (self);
}

static void
rd_report_view_load (RdReportView *self,
                     const char   *cursor)
{
  g_autofree char *path = NULL;
  gboolean append = cursor != NULL;

  if (self->session == NULL || self->kind == NULL)
    return;
  if (!append)
    self->generation++;
  path = rd_report_view_path (self, NULL, cursor, self->kind->paged ? PAGE_ROWS : 0);
  rd_report_view_busy (self, +1);
  rd_api_call (self->session, "GET", path, NULL, self->cancellable, G_OBJECT (self), report_done_cb,
               GUINT_TO_POINTER (self->generation << 1 | append));
}

void
rd_report_view_reload (RdReportView *self)
{
  g_return_if_fail (RD_IS_REPORT_VIEW (self));
  rd_report_view_load (self, NULL);
}

void
rd_report_view_load_more (RdReportView *self)
{
  g_autofree char *cursor = NULL;

  g_return_if_fail (RD_IS_REPORT_VIEW (self));
  if (self->next == NULL || self->busy > 0)
    return;
  cursor = g_strdup (self->next);
  rd_report_view_load (self, cursor);
}

static void
campaigns_done_cb (GObject      *owner,
                   JsonNode     *answer,
                   const GError *error,
                   gpointer      data)
{
  RdReportView *self = RD_REPORT_VIEW (owner);
  JsonArray *campaigns = rd_api_array (rd_api_object (answer), "campaigns");

  rd_report_view_busy (self, -1);
  if (campaigns == NULL)
    return;
  for (guint i = 0; i < json_array_get_length (campaigns); i++)
    {
      JsonObject *c = json_array_get_object_element (campaigns, i);

      if (rd_api_string (c, "id") == NULL)
        continue;
      gtk_string_list_append (self->campaign_list, rd_api_string (c, "name") ? rd_api_string (c, "name") : rd_api_string (c, "id"));
      g_ptr_array_add (self->campaign_ids, g_strdup (rd_api_string (c, "id")));
    }
}

void
rd_report_view_open (RdReportView       *self,
                     const RdReportKind *kind)
{
  char today[16];
  guint n_parts;

  g_return_if_fail (RD_IS_REPORT_VIEW (self));
  g_return_if_fail (kind != NULL);

  self->kind = kind;
  rd_report_view_clear_player (self);
  g_list_store_remove_all (self->rows);
  g_clear_pointer (&self->next, g_free);
  gtk_label_set_label (self->title_label, _(kind->title));
  gtk_label_set_label (self->description_label, _(kind->description));
  today_text (today, sizeof today);
  gtk_editable_set_text (GTK_EDITABLE (self->from_entry), today);
  gtk_editable_set_text (GTK_EDITABLE (self->to_entry), today);
  gtk_editable_set_text (GTK_EDITABLE (self->agent_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->team_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->number_entry), "");
  set_shown (self->range_box, kind->filters & RD_REPORT_FILTER_RANGE);
  set_shown (GTK_WIDGET (self->campaign_dropdown), kind->filters & RD_REPORT_FILTER_CAMPAIGN);
  set_shown (GTK_WIDGET (self->agent_entry), kind->filters & RD_REPORT_FILTER_AGENT);
  set_shown (GTK_WIDGET (self->team_entry), kind->filters & RD_REPORT_FILTER_TEAM);
  set_shown (GTK_WIDGET (self->by_dropdown), kind->filters & RD_REPORT_FILTER_BY);
  set_shown (self->number_entry, kind->filters & RD_REPORT_FILTER_NUMBER);
  for (guint i = 0; i < G_N_ELEMENTS (by_values); i++)
    if (g_strcmp0 (by_values[i], kind->default_by) == 0)
      gtk_drop_down_set_selected (self->by_dropdown, i);

  n_parts = rd_report_kind_n_parts (kind);
  gtk_string_list_splice (self->part_list, 0, g_list_model_get_n_items (G_LIST_MODEL (self->part_list)), NULL);
  for (guint i = 0; i < n_parts; i++)
    gtk_string_list_append (self->part_list, _(kind->parts[i].title));
  gtk_drop_down_set_selected (self->part_dropdown, 0);
  set_shown (GTK_WIDGET (self->part_dropdown), n_parts > 1);

  /* the campaigns the manager sees, once per opening */
  gtk_string_list_splice (self->campaign_list, 0, g_list_model_get_n_items (G_LIST_MODEL (self->campaign_list)), NULL);
  g_ptr_array_set_size (self->campaign_ids, 0);
  gtk_string_list_append (self->campaign_list, _("All Campaigns"));
  g_ptr_array_add (self->campaign_ids, NULL);
  gtk_drop_down_set_selected (self->campaign_dropdown, 0);
  if (self->session != NULL && (kind->filters & RD_REPORT_FILTER_CAMPAIGN))
    {
      rd_report_view_busy (self, +1);
      rd_api_call (self->session, "GET", "campaigns", NULL, self->cancellable, G_OBJECT (self),
                   campaigns_done_cb, NULL);
    }
  rd_report_view_update_chart (self);
  rd_report_view_reload (self);
}

/* --- template callbacks ---------------------------------------------------------------- */

static void
rd_report_view_apply_cb (RdReportView *self)
{
  rd_report_view_reload (self);
}

static void
rd_report_view_more_clicked_cb (RdReportView *self)
{
  rd_report_view_load_more (self);
}

/* Scrolled to the foot of a paged report: the next page, as Load More. */
static void
rd_report_view_edge_reached_cb (RdReportView    *self,
                                GtkPositionType  position)
{
  if (position == GTK_POS_BOTTOM)
    rd_report_view_load_more (self);
}

static void
set_entry_from_calendar (GtkEntry    *entry,
                         GtkCalendar *calendar)
{
  g_autoptr(GDateTime) date = gtk_calendar_get_date (calendar);
  g_autofree char *text = g_date_time_format (date, "%Y-%m-%d");

  gtk_editable_set_text (GTK_EDITABLE (entry), text);
}

static void
rd_report_view_from_day_cb (RdReportView *self)
{
  set_entry_from_calendar (self->from_entry, self->from_calendar);
}

static void
rd_report_view_to_day_cb (RdReportView *self)
{
  set_entry_from_calendar (self->to_entry, self->to_calendar);
}

static void
part_changed_cb (RdReportView *self)
{
  if (self->kind != NULL)
    rd_report_view_reload (self);
}

/* --- public ----------------------------------------------------------------------------- */

void
rd_report_view_set_session (RdReportView    *self,
                            RdServerSession *session)
{
  g_return_if_fail (RD_IS_REPORT_VIEW (self));
  g_set_object (&self->session, session);
}

void
rd_report_view_set_region (RdReportView *self,
                           const char   *region)
{
  g_return_if_fail (RD_IS_REPORT_VIEW (self));
  g_free (self->region);
  self->region = g_strdup (region);
}

const RdReportKind *
rd_report_view_get_kind (RdReportView *self)
{
  g_return_val_if_fail (RD_IS_REPORT_VIEW (self), NULL);
  return self->kind;
}

void
rd_report_view_set_range (RdReportView *self,
                          const char   *from,
                          const char   *to)
{
  g_return_if_fail (RD_IS_REPORT_VIEW (self));
  if (from != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->from_entry), from);
  if (to != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->to_entry), to);
}

void
rd_report_view_set_number (RdReportView *self,
                           const char   *number)
{
  g_return_if_fail (RD_IS_REPORT_VIEW (self));
  gtk_editable_set_text (GTK_EDITABLE (self->number_entry), number ? number : "");
}

void
rd_report_view_set_agent (RdReportView *self,
                          const char   *agent)
{
  g_return_if_fail (RD_IS_REPORT_VIEW (self));
  gtk_editable_set_text (GTK_EDITABLE (self->agent_entry), agent ? agent : "");
}

void
rd_report_view_set_part (RdReportView *self,
                         guint         part)
{
  g_return_if_fail (RD_IS_REPORT_VIEW (self));
  gtk_drop_down_set_selected (self->part_dropdown, part);
}

gboolean
rd_report_view_get_busy (RdReportView *self)
{
  g_return_val_if_fail (RD_IS_REPORT_VIEW (self), FALSE);
  return self->busy > 0;
}

gboolean
rd_report_view_get_has_more (RdReportView *self)
{
  g_return_val_if_fail (RD_IS_REPORT_VIEW (self), FALSE);
  return self->next != NULL;
}

const char *
rd_report_view_get_error (RdReportView *self)
{
  g_return_val_if_fail (RD_IS_REPORT_VIEW (self), NULL);
  return self->error;
}

guint
rd_report_view_get_n_rows (RdReportView *self)
{
  g_return_val_if_fail (RD_IS_REPORT_VIEW (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->rows));
}

JsonObject *
rd_report_view_get_row (RdReportView *self,
                        guint         row)
{
  g_autoptr(RdReportRow) item = NULL;

  g_return_val_if_fail (RD_IS_REPORT_VIEW (self), NULL);
  item = g_list_model_get_item (G_LIST_MODEL (self->rows), row);
  return item != NULL ? rd_report_row_get_object (item) : NULL;   /* the store keeps it */
}

char *
rd_report_view_get_cell (RdReportView *self,
                         guint         row,
                         const char   *column)
{
  JsonObject *object = rd_report_view_get_row (self, row);

  if (object == NULL)
    return NULL;
  return rd_report_format_cell (column, rd_report_view_column_type (self, column),
                                json_object_get_member (object, column));
}

RdChart *
rd_report_view_get_chart (RdReportView *self)
{
  g_return_val_if_fail (RD_IS_REPORT_VIEW (self), NULL);
  return self->chart;
}

GtkWidget *
rd_report_view_get_player (RdReportView *self)
{
  g_return_val_if_fail (RD_IS_REPORT_VIEW (self), NULL);
  return self->player;
}

/* --- the object ------------------------------------------------------------------------- */

static void
rd_report_view_dispose (GObject *object)
{
  RdReportView *self = RD_REPORT_VIEW (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  rd_report_view_clear_player (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), RD_TYPE_REPORT_VIEW);
  /* the template's root box is not a bound child: unparent it here */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->session);
  G_OBJECT_CLASS (rd_report_view_parent_class)->dispose (object);
}

static void
rd_report_view_finalize (GObject *object)
{
  RdReportView *self = RD_REPORT_VIEW (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->rows);
  g_clear_pointer (&self->columns, json_array_unref);
  g_clear_pointer (&self->campaign_ids, g_ptr_array_unref);
  g_clear_pointer (&self->next, g_free);
  g_clear_pointer (&self->error, g_free);
  g_clear_pointer (&self->region, g_free);
  G_OBJECT_CLASS (rd_report_view_parent_class)->finalize (object);
}

static void
rd_report_view_class_init (RdReportViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rd_report_view_dispose;
  object_class->finalize = rd_report_view_finalize;

  g_type_ensure (RD_TYPE_CHART);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ringdesk/Ringdesk/rd-report-view.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, RdReportView, name)
  BIND (title_label);
  BIND (description_label);
  BIND (filters_box);
  BIND (range_box);
  BIND (from_entry);
  BIND (to_entry);
  BIND (from_calendar);
  BIND (to_calendar);
  BIND (campaign_dropdown);
  BIND (campaign_list);
  BIND (agent_entry);
  BIND (team_entry);
  BIND (by_dropdown);
  BIND (part_dropdown);
  BIND (part_list);
  BIND (number_entry);
  BIND (spinner);
  BIND (status_label);
  BIND (chart_toggle);
  BIND (chart_frame);
  BIND (chart);
  BIND (table);
  BIND (more_button);
  BIND (player_revealer);
  BIND (player_box);
  BIND (player_label);
#undef BIND
  /* Not kept in the struct; named for tests. */
  gtk_widget_class_bind_template_child_full (widget_class, "csv_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "pdf_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "print_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "apply_button", FALSE, 0);
  gtk_widget_class_bind_template_callback (widget_class, rd_report_view_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, rd_report_view_more_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, rd_report_view_edge_reached_cb);
  gtk_widget_class_bind_template_callback (widget_class, rd_report_view_from_day_cb);
  gtk_widget_class_bind_template_callback (widget_class, rd_report_view_to_day_cb);
  gtk_widget_class_bind_template_callback (widget_class, rd_report_view_csv_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, rd_report_view_pdf_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, rd_report_view_print_clicked_cb);
}

static void
rd_report_view_init (RdReportView *self)
{
  g_autoptr(GtkNoSelection) selection = NULL;

  self->cancellable = g_cancellable_new ();
  self->rows = g_list_store_new (RD_TYPE_REPORT_ROW);
  self->campaign_ids = g_ptr_array_new_with_free_func (g_free);
  gtk_widget_init_template (GTK_WIDGET (self));
  selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->rows)));
  gtk_column_view_set_model (self->table, GTK_SELECTION_MODEL (selection));
  g_signal_connect_object (self->part_dropdown, "notify::selected", G_CALLBACK (part_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->chart_toggle, "toggled", G_CALLBACK (rd_report_view_update_chart),
                           self, G_CONNECT_SWAPPED);
}
