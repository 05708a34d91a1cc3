/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include "rd-text-row.h"

struct _RdTextRow
{
  AdwPreferencesRow  parent_instance;

  GtkLabel          *title_label;
  GtkButton         *apply_button;
  GtkTextView       *text_view;

  char              *text;        /* the buffer's text, as last read */
  gboolean           show_apply;
  gboolean           setting;     /* rd_text_row_set_text is filling the buffer */
};

enum {
  APPLY,
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (RdTextRow, rd_text_row, ADW_TYPE_PREFERENCES_ROW)

static void
rd_text_row_apply_clicked_cb (RdTextRow *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->apply_button), FALSE);
  g_signal_emit (self, signals[APPLY], 0);
}

static void
buffer_changed_cb (RdTextRow     *self,
                   GtkTextBuffer *buffer)
{
  if (self->setting)
    return;
  gtk_widget_set_visible (GTK_WIDGET (self->apply_button), self->show_apply);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
rd_text_row_finalize (GObject *object)
{
  RdTextRow *self = RD_TEXT_ROW (object);

  g_free (self->text);
  G_OBJECT_CLASS (rd_text_row_parent_class)->finalize (object);
}

static void
rd_text_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), RD_TYPE_TEXT_ROW);
  G_OBJECT_CLASS (rd_text_row_parent_class)->dispose (object);
}

static void
rd_text_row_class_init (RdTextRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rd_text_row_dispose;
  object_class->finalize = rd_text_row_finalize;

  signals[APPLY] = g_signal_new ("apply", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ringdesk/Ringdesk/rd-text-row.ui");
  gtk_widget_class_bind_template_child (widget_class, RdTextRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, RdTextRow, apply_button);
  gtk_widget_class_bind_template_child (widget_class, RdTextRow, text_view);
  gtk_widget_class_bind_template_callback (widget_class, rd_text_row_apply_clicked_cb);
}

static void
rd_text_row_init (RdTextRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_object_bind_property (self, "title", self->title_label, "label", G_BINDING_SYNC_CREATE);
  g_signal_connect_swapped (gtk_text_view_get_buffer (self->text_view), "changed",
                            G_CALLBACK (buffer_changed_cb), self);
}

/** A new, empty text row. */
GtkWidget *
rd_text_row_new (void)
{
  return g_object_new (RD_TYPE_TEXT_ROW, NULL);
}

/** The text as typed now. */
const char *
rd_text_row_get_text (RdTextRow *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (RD_IS_TEXT_ROW (self), NULL);
  buffer = gtk_text_view_get_buffer (self->text_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  g_free (self->text);
  self->text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  return self->text;
}

/** Replaces the text without saying "changed". */
void
rd_text_row_set_text (RdTextRow  *self,
                      const char *text)
{
  g_return_if_fail (RD_IS_TEXT_ROW (self));
  self->setting = TRUE;
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view), text != NULL ? text : "", -1);
  self->setting = FALSE;
  gtk_widget_set_visible (GTK_WIDGET (self->apply_button), FALSE);
}

/** Whether an edit shows the Save button (an existing record; not the new-record form). */
void
rd_text_row_set_show_apply_button (RdTextRow *self,
                                   gboolean   show)
{
  g_return_if_fail (RD_IS_TEXT_ROW (self));
  self->show_apply = show;
}
