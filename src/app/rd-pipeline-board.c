/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "rd-pipeline-board.h"

/* The deals pipeline: one column per stage of the first pipeline (by
 * position), each with its deals as cards and a header with the count and
 * the total amount. A card is dragged (GtkDragSource with the deal id) onto
 * another column (GtkDropTarget): the deal's stage_id is written through
 * the store and the board reloads. Columns hold at most MAX_CARDS cards. */

#define MAX_CARDS 300

struct _RdPipelineBoard
{
  GtkWidget  parent_instance;

  RdStore   *store;
  char      *pipeline_id;
  GPtrArray *stage_ids;
  GArray    *totals;     /* double per column */
  GArray    *counts;     /* guint per column */

  GtkStack  *board_stack;
  GtkBox    *columns_box;
};

enum {
  CHANGED,
  OPEN_RECORD,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (RdPipelineBoard, rd_pipeline_board, GTK_TYPE_WIDGET)

static GdkContentProvider *
card_drag_prepare_cb (GtkDragSource *source,
                      double         x,
                      double         y,
                      GtkWidget     *card)
{
  const char *id = g_object_get_data (G_OBJECT (card), "deal-id");

  return gdk_content_provider_new_typed (G_TYPE_STRING, id);
}

static void
card_activated_cb (GtkListBox      *list,
                   GtkListBoxRow   *row,
                   RdPipelineBoard *self)
{
  g_signal_emit (self, signals[OPEN_RECORD], 0, "deals", g_object_get_data (G_OBJECT (row), "deal-id"));
}

static gboolean
column_drop_cb (GtkDropTarget   *target,
                const GValue    *value,
                double           x,
                double           y,
                RdPipelineBoard *self)
{
  GtkWidget *column = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (target));
  const char *stage_id = g_object_get_data (G_OBJECT (column), "stage-id");

  if (!G_VALUE_HOLDS_STRING (value))
    return FALSE;
  return rd_pipeline_board_move_deal (self, g_value_get_string (value), stage_id, NULL);
}

static void
column_enter_cb (GtkDropTarget *target)
{
  gtk_widget_add_css_class (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (target)), "drop-hover");
}

static void
column_leave_cb (GtkDropTarget *target)
{
  gtk_widget_remove_css_class (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (target)), "drop-hover");
}

static GtkWidget *
rd_pipeline_board_card (RdRecord *deal)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name = gtk_label_new (rd_record_get_string (deal, "name"));
  g_autofree char *amount_text = g_strdup_printf ("%.2f %s", rd_record_get_double (deal, "amount", 0),
                                                  rd_record_get_string (deal, "currency") ?: "");
  GtkWidget *amount = gtk_label_new (amount_text);
  GtkDragSource *drag = gtk_drag_source_new ();

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (name, "heading");
  gtk_label_set_xalign (GTK_LABEL (amount), 0);
  gtk_widget_add_css_class (amount, "dim-label");
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), amount);
  gtk_widget_add_css_class (box, "deal-card");
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  g_object_set_data_full (G_OBJECT (row), "deal-id", g_strdup (rd_record_get_id (deal)), g_free);
  gtk_drag_source_set_actions (drag, GDK_ACTION_MOVE);
  g_signal_connect (drag, "prepare", G_CALLBACK (card_drag_prepare_cb), row);
  gtk_widget_add_controller (row, GTK_EVENT_CONTROLLER (drag));
  return row;
}

static void
rd_pipeline_board_clear (RdPipelineBoard *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->columns_box))) != NULL)
    gtk_box_remove (self->columns_box, child);
  g_ptr_array_set_size (self->stage_ids, 0);
  g_array_set_size (self->totals, 0);
  g_array_set_size (self->counts, 0);
}

static GtkWidget *
rd_pipeline_board_column (RdPipelineBoard *self,
                          RdRecord        *stage)
{
  g_autofree char *query = g_strdup_printf ("stage_id = '%s'", rd_record_get_id (stage));
  g_autoptr(GPtrArray) deals = rd_store_list (self->store, "deals", query, "-amount", 0, MAX_CARDS, NULL);
  GtkWidget *column = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *title = gtk_label_new (rd_record_get_string (stage, "name"));
  GtkWidget *summary = gtk_label_new (NULL);
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *list = gtk_list_box_new ();
  GtkDropTarget *drop = gtk_drop_target_new (G_TYPE_STRING, GDK_ACTION_MOVE);
  g_autofree char *summary_text = NULL;
  double total = 0;
  guint count = deals ? deals->len : 0;

  for (guint i = 0; i < count; i++)
    {
      RdRecord *deal = g_ptr_array_index (deals, i);

      total += rd_record_get_double (deal, "amount", 0);
      gtk_list_box_append (GTK_LIST_BOX (list), rd_pipeline_board_card (deal));
    }

  summary_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u deal · %.2f", "%u deals · %.2f", count),
                                  count, total);
  gtk_label_set_label (GTK_LABEL (summary), summary_text);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (title, "title-4");
  gtk_label_set_xalign (GTK_LABEL (summary), 0);
  gtk_widget_add_css_class (summary, "dim-label");
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  g_signal_connect (list, "row-activated", G_CALLBACK (card_activated_cb), self);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), list);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scroller, TRUE);

  gtk_box_append (GTK_BOX (column), title);
  gtk_box_append (GTK_BOX (column), summary);
  gtk_box_append (GTK_BOX (column), scroller);
  gtk_widget_add_css_class (column, "pipeline-column");
  gtk_widget_add_css_class (column, "card");
  g_object_set_data_full (G_OBJECT (column), "stage-id", g_strdup (rd_record_get_id (stage)), g_free);

  g_signal_connect (drop, "drop", G_CALLBACK (column_drop_cb), self);
  g_signal_connect (drop, "enter", G_CALLBACK (column_enter_cb), NULL);
  g_signal_connect (drop, "leave", G_CALLBACK (column_leave_cb), NULL);
  gtk_widget_add_controller (column, GTK_EVENT_CONTROLLER (drop));

  g_ptr_array_add (self->stage_ids, g_strdup (rd_record_get_id (stage)));
  g_array_append_val (self->totals, total);
  g_array_append_val (self->counts, count);
  return column;
}

/** Reads the first pipeline's stages and deals again. */
void
rd_pipeline_board_reload (RdPipelineBoard *self)
{
  g_autoptr(GPtrArray) pipelines = NULL;
  g_autoptr(GPtrArray) stages = NULL;
  g_autofree char *query = NULL;

  g_return_if_fail (RD_IS_PIPELINE_BOARD (self));

  rd_pipeline_board_clear (self);
  if (self->store == NULL)
    return;

  pipelines = rd_store_list (self->store, "pipelines", NULL, "position", 0, 1, NULL);
  if (pipelines == NULL || pipelines->len == 0)
    {
      gtk_stack_set_visible_child_name (self->board_stack, "empty");
      return;
    }

  g_free (self->pipeline_id);
  self->pipeline_id = g_strdup (rd_record_get_id (g_ptr_array_index (pipelines, 0)));
  query = g_strdup_printf ("pipeline_id = '%s'", self->pipeline_id);
  stages = rd_store_list (self->store, "stages", query, "position", 0, 50, NULL);
  for (guint i = 0; stages != NULL && i < stages->len; i++)
    gtk_box_append (self->columns_box, rd_pipeline_board_column (self, g_ptr_array_index (stages, i)));
  gtk_stack_set_visible_child_name (self->board_stack,
                                    stages != NULL && stages->len > 0 ? "board" : "empty");
}

/** Moves deal @deal_id to stage @stage_id (what a drop does). */
gboolean
rd_pipeline_board_move_deal (RdPipelineBoard  *self,
                             const char       *deal_id,
                             const char       *stage_id,
                             GError          **error)
{
  g_autoptr(RdRecord) changes = rd_record_new ("deals");
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (RD_IS_PIPELINE_BOARD (self), FALSE);
  g_return_val_if_fail (deal_id != NULL && stage_id != NULL, FALSE);

  rd_record_set_id (changes, deal_id);
  rd_record_set_string (changes, "stage_id", stage_id);
  if (self->pipeline_id != NULL)
    rd_record_set_string (changes, "pipeline_id", self->pipeline_id);
  if (!rd_store_update (self->store, changes, &local_error))
    {
      GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

      if (overlay != NULL)
        adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (local_error->message));
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  rd_pipeline_board_reload (self);
  g_signal_emit (self, signals[CHANGED], 0, "deals", deal_id);
  return TRUE;
}

static void
rd_pipeline_board_dispose (GObject *object)
{
  RdPipelineBoard *self = RD_PIPELINE_BOARD (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), RD_TYPE_PIPELINE_BOARD);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (rd_pipeline_board_parent_class)->dispose (object);
}

static void
rd_pipeline_board_finalize (GObject *object)
{
  RdPipelineBoard *self = RD_PIPELINE_BOARD (object);

  g_clear_pointer (&self->pipeline_id, g_free);
  g_clear_pointer (&self->stage_ids, g_ptr_array_unref);
  g_clear_pointer (&self->totals, g_array_unref);
  g_clear_pointer (&self->counts, g_array_unref);

  G_OBJECT_CLASS (rd_pipeline_board_parent_class)->finalize (object);
}

static void
rd_pipeline_board_class_init (RdPipelineBoardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rd_pipeline_board_dispose;
  object_class->finalize = rd_pipeline_board_finalize;

  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
  signals[OPEN_RECORD] =
    g_signal_new ("open-record", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ringdesk/Ringdesk/rd-pipeline-board.ui");
  gtk_widget_class_bind_template_child (widget_class, RdPipelineBoard, board_stack);
  gtk_widget_class_bind_template_child (widget_class, RdPipelineBoard, columns_box);
}

static void
rd_pipeline_board_init (RdPipelineBoard *self)
{
  self->stage_ids = g_ptr_array_new_with_free_func (g_free);
  self->totals = g_array_new (FALSE, FALSE, sizeof (double));
  self->counts = g_array_new (FALSE, FALSE, sizeof (guint));
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
rd_pipeline_board_new (void)
{
  return g_object_new (RD_TYPE_PIPELINE_BOARD, NULL);
}

/** The store the board reads and writes; reloads. */
void
rd_pipeline_board_set_store (RdPipelineBoard *self,
                             RdStore         *store)
{
  g_return_if_fail (RD_IS_PIPELINE_BOARD (self));

  g_set_object (&self->store, store);
  rd_pipeline_board_reload (self);
}

guint
rd_pipeline_board_get_n_columns (RdPipelineBoard *self)
{
  g_return_val_if_fail (RD_IS_PIPELINE_BOARD (self), 0);
  return self->stage_ids->len;
}

/** The deal count and amount total of column @column. */
void
rd_pipeline_board_get_column (RdPipelineBoard *self,
                              guint            column,
                              guint           *n_deals,
                              double          *total)
{
  g_return_if_fail (RD_IS_PIPELINE_BOARD (self));
  g_return_if_fail (column < self->stage_ids->len);

  if (n_deals != NULL)
    *n_deals = g_array_index (self->counts, guint, column);
  if (total != NULL)
    *total = g_array_index (self->totals, double, column);
}
