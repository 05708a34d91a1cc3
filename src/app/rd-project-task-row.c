/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include <glib/gi18n.h>

#include "rd-catalog.h"
#include "rd-labels.h"
#include "rd-project-task-row.h"

struct _RdProjectTaskRow
{
  AdwExpanderRow  parent_instance;

  RdStore        *store;
  RdRecord       *task;
  GPtrArray      *user_ids;     /* char* (NULL first), parallel to assignee_row */
  GPtrArray      *depends_ids;  /* char* (NULL first), parallel to depends_row */
  gboolean        loading;
  guint           show_idle;

  GtkCheckButton *done_check;
  AdwEntryRow    *due_row;
  AdwComboRow    *assignee_row;
  AdwComboRow    *depends_row;
};

enum {
  CHANGED,
  FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (RdProjectTaskRow, rd_project_task_row, ADW_TYPE_EXPANDER_ROW)

static char *
title_of (RdStore    *store,
          const char *table,
          const char *id,
          const char *field)
{
  g_autoptr(RdRecord) record = id != NULL ? rd_store_get (store, table, id, NULL) : NULL;

  return record != NULL ? g_strdup (rd_record_get_string (record, field)) : NULL;
}

static void
rd_project_task_row_show (RdProjectTaskRow *self)
{
  const char *project = rd_record_get_string (self->task, "parent_id");
  const char *assignee = rd_record_get_string (self->task, "assignee");
  const char *depends_on = rd_record_get_string (self->task, "depends_on");
  g_autoptr(GPtrArray) users = rd_store_list (self->store, "users", NULL, "name", 0, 500, NULL);
  g_autoptr(GPtrArray) candidates = NULL;
  g_autoptr(GtkStringList) user_names = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) task_names = gtk_string_list_new (NULL);
  g_autoptr(GString) subtitle = g_string_new (NULL);
  g_autofree char *due = rd_labels_time (rd_record_get_int (self->task, "due", 0));
  g_autofree char *who = title_of (self->store, "users", assignee, "name");
  g_autofree char *waits = title_of (self->store, "project_tasks", depends_on, "title");
  guint user_selected = 0, depends_selected = 0;

  self->loading = TRUE;
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), rd_record_get_string (self->task, "title"));
  if (*due != '\0')
    {
      due[10] = '\0';   /* the date part of "YYYY-MM-DD HH:MM" */
      /* TRANSLATORS: a project task's due date in its summary */
      g_string_append_printf (subtitle, _("Due %s"), due);
    }
  if (who != NULL)
    g_string_append_printf (subtitle, "%s%s", subtitle->len ? "  ·  " : "", who);
  if (waits != NULL)
    {
      /* TRANSLATORS: a project task waits for another: "Waits for “Design”" */
      g_autofree char *part = g_strdup_printf (_("Waits for “%s”"), waits);
      g_string_append_printf (subtitle, "%s%s", subtitle->len ? "  ·  " : "", part);
    }
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (self), subtitle->str);
  gtk_check_button_set_active (self->done_check,
                               g_strcmp0 (rd_record_get_string (self->task, "status"), "done") == 0);
  gtk_editable_set_text (GTK_EDITABLE (self->due_row), due);

  g_ptr_array_set_size (self->user_ids, 0);
  gtk_string_list_append (user_names, _("Nobody"));
  g_ptr_array_add (self->user_ids, NULL);
  for (guint i = 0; users != NULL && i < users->len; i++)
    {
      if (g_strcmp0 (rd_record_get_id (users->pdata[i]), assignee) == 0)
        user_selected = self->user_ids->len;
      gtk_string_list_append (user_names, rd_record_get_string (users->pdata[i], "name"));
      g_ptr_array_add (self->user_ids, g_strdup (rd_record_get_id (users->pdata[i])));
    }
  adw_combo_row_set_model (self->assignee_row, G_LIST_MODEL (user_names));
  adw_combo_row_set_selected (self->assignee_row, user_selected);

  g_ptr_array_set_size (self->depends_ids, 0);
  gtk_string_list_append (task_names, _("Nothing"));
  g_ptr_array_add (self->depends_ids, NULL);
  if (project != NULL)
    candidates = rd_store_task_dependency_candidates (self->store, project, rd_record_get_id (self->task), NULL);
  for (guint i = 0; candidates != NULL && i < candidates->len; i++)
    {
      if (g_strcmp0 (rd_record_get_id (candidates->pdata[i]), depends_on) == 0)
        depends_selected = self->depends_ids->len;
      gtk_string_list_append (task_names, rd_record_get_string (candidates->pdata[i], "title"));
      g_ptr_array_add (self->depends_ids, g_strdup (rd_record_get_id (candidates->pdata[i])));
    }
  adw_combo_row_set_model (self->depends_row, G_LIST_MODEL (task_names));
  adw_combo_row_set_selected (self->depends_row, depends_selected);
  self->loading = FALSE;
}

static gboolean
show_idle_cb (gpointer data)
{
  RdProjectTaskRow *self = data;

  self->show_idle = 0;
  rd_project_task_row_show (self);
  return G_SOURCE_REMOVE;
}

/* Shows the stored task again once the signal being handled is over: a combo row's models
 * are not replaced from inside its own "notify::selected". */
static void
queue_show (RdProjectTaskRow *self)
{
  if (self->show_idle == 0)
    self->show_idle = g_idle_add (show_idle_cb, self);
}

static gboolean
write_change (RdProjectTaskRow *self,
              RdRecord         *changes,
              GError          **error)
{
  g_autoptr(RdRecord) stored = NULL;

  rd_record_set_id (changes, rd_record_get_id (self->task));
  if (!rd_store_update (self->store, changes, error))
    return FALSE;
  stored = rd_store_get (self->store, "project_tasks", rd_record_get_id (self->task), NULL);
  if (stored != NULL)
    g_set_object (&self->task, stored);
  queue_show (self);
  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}

static void
write_or_fail (RdProjectTaskRow *self,
               RdRecord         *changes)
{
  g_autoptr(GError) error = NULL;

  if (!write_change (self, changes, &error))
    {
      g_signal_emit (self, signals[FAILED], 0, error->message);
      queue_show (self);   /* back to what is stored */
    }
}

static void
rd_project_task_row_done_cb (RdProjectTaskRow *self,
                             GtkCheckButton   *check)
{
  g_autoptr(RdRecord) changes = rd_record_new ("project_tasks");

  if (self->loading)
    return;
  rd_record_set_string (changes, "status", gtk_check_button_get_active (check) ? "done" : "open");
  write_or_fail (self, changes);
}

static void
rd_project_task_row_due_cb (RdProjectTaskRow *self,
                            AdwEntryRow      *row)
{
  g_autoptr(RdRecord) changes = rd_record_new ("project_tasks");
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  int year, month, day;
  g_autoptr(GDateTime) date = NULL;

  if (*text == '\0')
    rd_record_set_null (changes, "due");
  else if (sscanf (text, "%d-%d-%d", &year, &month, &day) == 3 &&
           (date = g_date_time_new_local (year, month, day, 23, 59, 0)) != NULL)
    rd_record_set_int (changes, "due", g_date_time_to_unix (date) * 1000);
  else
    {
      g_signal_emit (self, signals[FAILED], 0, _("Write a date as YYYY-MM-DD or YYYY-MM-DD HH:MM"));
      return;
    }
  write_or_fail (self, changes);
}

static void
rd_project_task_row_assignee_cb (RdProjectTaskRow *self,
                                 GParamSpec       *pspec,
                                 AdwComboRow      *row)
{
  g_autoptr(RdRecord) changes = rd_record_new ("project_tasks");
  guint selected = adw_combo_row_get_selected (row);

  if (self->loading || selected >= self->user_ids->len)
    return;
  if (g_ptr_array_index (self->user_ids, selected) != NULL)
    rd_record_set_string (changes, "assignee", g_ptr_array_index (self->user_ids, selected));
  else
    rd_record_set_null (changes, "assignee");
  write_or_fail (self, changes);
}

gboolean
rd_project_task_row_set_depends_on (RdProjectTaskRow  *self,
                                    const char        *task_id,
                                    GError           **error)
{
  g_autoptr(RdRecord) changes = rd_record_new ("project_tasks");

  g_return_val_if_fail (RD_IS_PROJECT_TASK_ROW (self), FALSE);

  if (task_id != NULL)
    rd_record_set_string (changes, "depends_on", task_id);
  else
    rd_record_set_null (changes, "depends_on");
  return write_change (self, changes, error);
}

static void
rd_project_task_row_depends_cb (RdProjectTaskRow *self,
                                GParamSpec       *pspec,
                                AdwComboRow      *row)
{
  guint selected = adw_combo_row_get_selected (row);
  g_autoptr(GError) error = NULL;
  g_autofree char *task_id = NULL;

  if (self->loading || selected >= self->depends_ids->len)
    return;
  task_id = g_strdup (g_ptr_array_index (self->depends_ids, selected));
  if (!rd_project_task_row_set_depends_on (self, task_id, &error))
    {
      g_signal_emit (self, signals[FAILED], 0, error->message);
      queue_show (self);
    }
}

static void
rd_project_task_row_remove_cb (RdProjectTaskRow *self,
                               GtkButton        *button)
{
  g_autoptr(GError) error = NULL;

  if (!rd_store_delete (self->store, "project_tasks", rd_record_get_id (self->task), &error))
    {
      g_signal_emit (self, signals[FAILED], 0, error->message);
      return;
    }
  g_signal_emit (self, signals[CHANGED], 0);
}

const char *
rd_project_task_row_get_id (RdProjectTaskRow *self)
{
  g_return_val_if_fail (RD_IS_PROJECT_TASK_ROW (self), NULL);
  return rd_record_get_id (self->task);
}

static void
rd_project_task_row_dispose (GObject *object)
{
  RdProjectTaskRow *self = RD_PROJECT_TASK_ROW (object);

  g_clear_handle_id (&self->show_idle, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), RD_TYPE_PROJECT_TASK_ROW);
  g_clear_object (&self->store);
  g_clear_object (&self->task);
  g_clear_pointer (&self->user_ids, g_ptr_array_unref);
  g_clear_pointer (&self->depends_ids, g_ptr_array_unref);
  G_OBJECT_CLASS (rd_project_task_row_parent_class)->dispose (object);
}

static void
rd_project_task_row_class_init (RdProjectTaskRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rd_project_task_row_dispose;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[FAILED] = g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ringdesk/Ringdesk/rd-project-task-row.ui");
  gtk_widget_class_bind_template_child (widget_class, RdProjectTaskRow, done_check);
  gtk_widget_class_bind_template_child (widget_class, RdProjectTaskRow, due_row);
  gtk_widget_class_bind_template_child (widget_class, RdProjectTaskRow, assignee_row);
  gtk_widget_class_bind_template_child (widget_class, RdProjectTaskRow, depends_row);
  gtk_widget_class_bind_template_callback (widget_class, rd_project_task_row_done_cb);
  gtk_widget_class_bind_template_callback (widget_class, rd_project_task_row_due_cb);
  gtk_widget_class_bind_template_callback (widget_class, rd_project_task_row_assignee_cb);
  gtk_widget_class_bind_template_callback (widget_class, rd_project_task_row_depends_cb);
  gtk_widget_class_bind_template_callback (widget_class, rd_project_task_row_remove_cb);
}

static void
rd_project_task_row_init (RdProjectTaskRow *self)
{
  self->user_ids = g_ptr_array_new_with_free_func (g_free);
  self->depends_ids = g_ptr_array_new_with_free_func (g_free);
  self->loading = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  self->loading = FALSE;
}

GtkWidget *
rd_project_task_row_new (RdStore  *store,
                         RdRecord *task)
{
  RdProjectTaskRow *self = g_object_new (RD_TYPE_PROJECT_TASK_ROW, NULL);

  self->store = g_object_ref (store);
  self->task = g_object_ref (task);
  rd_project_task_row_show (self);
  return GTK_WIDGET (self);
}
