/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "rd-ask-page.h"
#include "rd-assistant.h"

struct _RdAskPage
{
  GtkWidget     parent_instance;

  GtkWidget    *scroller;
  GtkEditable  *question_entry;
  GtkStack     *result_stack;
  GtkLabel     *answer_label;
  GtkWidget    *sources_group;
  GtkListBox   *sources_list;

  RdStore      *store;        /* the window's, for the handover (one insert) */
  RdAnswer     *answer;
  GCancellable *cancellable;  /* of the question being answered */
};

enum {
  PROP_0,
  PROP_ANSWER,
  PROP_BUSY,
  N_PROPS
};

enum {
  CHANGED,
  OPEN_RECORD,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (RdAskPage, rd_ask_page, GTK_TYPE_WIDGET)

/* ---- the worker ------------------------------------------------------------------------ */

static void
ask_thread (GTask        *task,
            gpointer      source,
            gpointer      task_data,
            GCancellable *cancellable)
{
  const char *path = g_object_get_data (G_OBJECT (task), "path");
  g_autoptr(RdStore) store = NULL;
  g_autoptr(RdAssistant) assistant = NULL;
  g_autoptr(GError) error = NULL;
  RdAnswer *answer;

  (void) source;
  if ((store = rd_store_open (path, &error)) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  assistant = rd_assistant_new (store);
  answer = rd_assistant_ask (assistant, task_data, cancellable, &error);
  if (answer == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, answer, g_object_unref);
}

/* ---- showing an answer ----------------------------------------------------------------- */

static GtkWidget *
source_row_new (gpointer item,
                gpointer user_data)
{
  RdPassage *passage = item;
  GtkWidget *row = adw_action_row_new ();

  (void) user_data;
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), rd_passage_get_title (passage));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), rd_passage_get_text (passage));
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_widget_set_tooltip_text (row, _("Open the article"));
  g_object_set_data_full (G_OBJECT (row), "article-id", g_strdup (rd_passage_get_article_id (passage)), g_free);
  return row;
}

static void
rd_ask_page_show_answer (RdAskPage *self,
                         RdAnswer  *answer)
{
  GListModel *passages = answer != NULL ? rd_answer_get_passages (answer) : NULL;

  if (!g_set_object (&self->answer, answer))
    return;

  gtk_list_box_bind_model (self->sources_list, passages, source_row_new, NULL, NULL);
  gtk_widget_set_visible (self->sources_group, passages != NULL && g_list_model_get_n_items (passages) > 0);
  if (answer == NULL)
    gtk_stack_set_visible_child_name (self->result_stack, "empty");
  else if (rd_answer_get_confident (answer))
    {
      gtk_label_set_label (self->answer_label, rd_answer_get_text (answer));
      gtk_stack_set_visible_child_name (self->result_stack, "answer");
    }
  else
    gtk_stack_set_visible_child_name (self->result_stack, "no-answer");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "ask.handover",
                                 answer != NULL && !rd_answer_get_confident (answer));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ANSWER]);
}

static void
ask_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  RdAskPage *self = RD_ASK_PAGE (source);
  g_autoptr(RdAnswer) answer = NULL;
  g_autoptr(GError) error = NULL;

  (void) user_data;
  answer = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);
  if (answer == NULL)
    g_warning ("Cannot answer: %s", error->message);
  rd_ask_page_show_answer (self, answer);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/** Answers @question in a worker thread; "answer" changes when it is there. */
void
rd_ask_page_ask (RdAskPage  *self,
                 const char *question)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *text = NULL;

  g_return_if_fail (RD_IS_ASK_PAGE (self));
  text = g_strstrip (g_strdup (question != NULL ? question : ""));
  if (self->store == NULL || *text == '\0')
    return;
  if (g_strcmp0 (gtk_editable_get_text (self->question_entry), question) != 0)
    gtk_editable_set_text (self->question_entry, question);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  task = g_task_new (self, self->cancellable, ask_done_cb, NULL);
  g_task_set_source_tag (task, rd_ask_page_ask);
  g_task_set_task_data (task, g_steal_pointer (&text), g_free);
  g_object_set_data_full (G_OBJECT (task), "path", g_strdup (rd_store_get_path (self->store)), g_free);
  g_task_run_in_thread (task, ask_thread);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* ---- callbacks and actions ------------------------------------------------------------- */

static void
rd_ask_page_entry_activate_cb (RdAskPage *self)
{
  rd_ask_page_ask (self, gtk_editable_get_text (self->question_entry));
}

static void
rd_ask_page_source_activated_cb (RdAskPage     *self,
                                 GtkListBoxRow *row)
{
  const char *id = g_object_get_data (G_OBJECT (row), "article-id");

  if (id != NULL)
    g_signal_emit (self, signals[OPEN_RECORD], 0, "articles", id);
}

static void
ask_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  RdAskPage *self = RD_ASK_PAGE (widget);

  (void) action_name;
  (void) parameter;
  rd_ask_page_ask (self, gtk_editable_get_text (self->question_entry));
}

/* The handover: the question becomes an open ticket, which opens for the agent. */
static void
handover_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  RdAskPage *self = RD_ASK_PAGE (widget);
  g_autoptr(RdAssistant) assistant = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  (void) action_name;
  (void) parameter;
  if (self->store == NULL || self->answer == NULL)
    return;
  assistant = rd_assistant_new (self->store);
  id = rd_assistant_handover (assistant, rd_answer_get_question (self->answer), &error);
  if (id == NULL)
    {
      g_warning ("Cannot create the ticket: %s", error->message);
      return;
    }
  gtk_widget_action_set_enabled (widget, "ask.handover", FALSE);
  g_signal_emit (self, signals[CHANGED], 0, "tickets", id);
  g_signal_emit (self, signals[OPEN_RECORD], 0, "tickets", id);
}

/* ---- the object ------------------------------------------------------------------------ */

static void
rd_ask_page_dispose (GObject *object)
{
  RdAskPage *self = RD_ASK_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->answer);
  g_clear_object (&self->store);
  gtk_widget_dispose_template (GTK_WIDGET (self), RD_TYPE_ASK_PAGE);
  G_OBJECT_CLASS (rd_ask_page_parent_class)->dispose (object);
}

static void
rd_ask_page_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  RdAskPage *self = RD_ASK_PAGE (object);

  switch (prop_id)
    {
    case PROP_ANSWER:
      g_value_set_object (value, self->answer);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, rd_ask_page_get_busy (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rd_ask_page_class_init (RdAskPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rd_ask_page_dispose;
  object_class->get_property = rd_ask_page_get_property;

  properties[PROP_ANSWER] = g_param_spec_object ("answer", NULL, NULL, RD_TYPE_ANSWER,
                                                 G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
  signals[OPEN_RECORD] =
    g_signal_new ("open-record", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ringdesk/Ringdesk/rd-ask-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RdAskPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, RdAskPage, question_entry);
  gtk_widget_class_bind_template_child (widget_class, RdAskPage, result_stack);
  gtk_widget_class_bind_template_child (widget_class, RdAskPage, answer_label);
  gtk_widget_class_bind_template_child (widget_class, RdAskPage, sources_group);
  gtk_widget_class_bind_template_child (widget_class, RdAskPage, sources_list);
  gtk_widget_class_bind_template_callback (widget_class, rd_ask_page_entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, rd_ask_page_source_activated_cb);
  gtk_widget_class_install_action (widget_class, "ask.ask", NULL, ask_action);
  gtk_widget_class_install_action (widget_class, "ask.handover", NULL, handover_action);
}

static void
rd_ask_page_init (RdAskPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "ask.handover", FALSE);
}

GtkWidget *
rd_ask_page_new (void)
{
  return g_object_new (RD_TYPE_ASK_PAGE, NULL);
}

/** The replica the page asks (read in a worker) and writes a handover ticket to. */
void
rd_ask_page_set_store (RdAskPage *self,
                       RdStore   *store)
{
  g_return_if_fail (RD_IS_ASK_PAGE (self));
  g_set_object (&self->store, store);
}

/** The answer shown now, or NULL. */
RdAnswer *
rd_ask_page_get_answer (RdAskPage *self)
{
  g_return_val_if_fail (RD_IS_ASK_PAGE (self), NULL);
  return self->answer;
}

/** TRUE while a question is being answered. */
gboolean
rd_ask_page_get_busy (RdAskPage *self)
{
  g_return_val_if_fail (RD_IS_ASK_PAGE (self), FALSE);
  return self->cancellable != NULL;
}
