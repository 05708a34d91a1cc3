/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include <glib/gi18n.h>

#include "rd-catalog.h"
#include "rd-labels.h"
#include "rd-project-tasks-due.h"
#include "rd-record.h"

#define WEEK_MS (7 * 24 * 3600 * (gint64) 1000)
#define MAX_TASKS 20

struct _RdProjectTasksDue
{
  GtkWidget            parent_instance;

  RdStore             *store;
  GPtrArray           *rows;

  AdwPreferencesGroup *group;
};

enum {
  OPEN_RECORD,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (RdProjectTasksDue, rd_project_tasks_due, GTK_TYPE_WIDGET)

static void
row_activated_cb (AdwActionRow      *row,
                  RdProjectTasksDue *self)
{
  g_signal_emit (self, signals[OPEN_RECORD], 0, "projects", g_object_get_data (G_OBJECT (row), "project"));
}

void
rd_project_tasks_due_refresh (RdProjectTasksDue *self)
{
  g_autoptr(GPtrArray) tasks = NULL;
  gint64 now = g_get_real_time () / 1000;

  g_return_if_fail (RD_IS_PROJECT_TASKS_DUE (self));

  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->group, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);
  if (self->store != NULL)
    tasks = rd_store_project_tasks_due (self->store, now + WEEK_MS, MAX_TASKS, NULL);

  for (guint i = 0; tasks != NULL && i < tasks->len; i++)
    {
      RdRecord *task = g_ptr_array_index (tasks, i);
      gint64 due = rd_record_get_int (task, "due", 0);
      g_autofree char *when = rd_labels_time (due);
      g_autofree char *subtitle = NULL;
      GtkWidget *row = adw_action_row_new ();

      /* TRANSLATORS: a project task due on the Activities page: "Call center rollout · due 2026-12-10 18:00" */
      subtitle = g_strdup_printf (due < now ? _("%s · overdue since %s") : _("%s · due %s"),
                                  rd_record_get_string (task, "project_name"), when);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), rd_record_get_string (task, "title"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      if (due < now)
        gtk_widget_add_css_class (row, "error");
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "project",
                              g_strdup (rd_record_get_string (task, "parent_id")), g_free);
      g_signal_connect (row, "activated", G_CALLBACK (row_activated_cb), self);
      adw_preferences_group_add (self->group, row);
      g_ptr_array_add (self->rows, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self), self->rows->len > 0);
}

void
rd_project_tasks_due_set_store (RdProjectTasksDue *self,
                                RdStore           *store)
{
  g_return_if_fail (RD_IS_PROJECT_TASKS_DUE (self));

  g_set_object (&self->store, store);
  rd_project_tasks_due_refresh (self);
}

guint
rd_project_tasks_due_get_count (RdProjectTasksDue *self)
{
  g_return_val_if_fail (RD_IS_PROJECT_TASKS_DUE (self), 0);
  return self->rows->len;
}

static void
rd_project_tasks_due_dispose (GObject *object)
{
  RdProjectTasksDue *self = RD_PROJECT_TASKS_DUE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), RD_TYPE_PROJECT_TASKS_DUE);
  g_clear_object (&self->store);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  G_OBJECT_CLASS (rd_project_tasks_due_parent_class)->dispose (object);
}

static void
rd_project_tasks_due_class_init (RdProjectTasksDueClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rd_project_tasks_due_dispose;

  signals[OPEN_RECORD] = g_signal_new ("open-record", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ringdesk/Ringdesk/rd-project-tasks-due.ui");
  gtk_widget_class_bind_template_child (widget_class, RdProjectTasksDue, group);
}

static void
rd_project_tasks_due_init (RdProjectTasksDue *self)
{
  self->rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
rd_project_tasks_due_new (void)
{
  return g_object_new (RD_TYPE_PROJECT_TASKS_DUE, NULL);
}
