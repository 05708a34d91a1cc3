/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include <glib/gi18n.h>

#include "rd-labels.h"
#include "rd-project-plan.h"
#include "rd-project-task-row.h"
#include "rd-record.h"

#define MAX_CHOICES 500

struct _RdProjectPlan
{
  GtkWidget            parent_instance;

  RdStore             *store;
  char                *project_id;
  GPtrArray           *task_rows;     /* RdProjectTaskRow in tasks_group */
  GPtrArray           *milestone_rows;
  GPtrArray           *org_ids;       /* char* (NULL first), parallel to org_row */
  GPtrArray           *deal_ids;
  gboolean             loading;
  guint                reload_idle;

  AdwPreferencesGroup *tasks_group;
  AdwPreferencesGroup *milestones_group;
  AdwComboRow         *org_row;
  AdwComboRow         *deal_row;
  AdwEntryRow         *add_task_row;
  AdwEntryRow         *add_milestone_row;
};

enum {
  CHANGED,
  FAILED,
  OPEN_RECORD,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (RdProjectPlan, rd_project_plan, GTK_TYPE_WIDGET)

static void rd_project_plan_reload (RdProjectPlan *self);

static gboolean
reload_idle_cb (gpointer data)
{
  RdProjectPlan *self = data;

  self->reload_idle = 0;
  rd_project_plan_reload (self);
  return G_SOURCE_REMOVE;
}

static void
task_changed_cb (RdProjectPlan    *self,
                 RdProjectTaskRow *row)
{
  /* Another task's "Depends On" choices may have changed with it. The rows are made again
   * once the row's own signal is over (it is still running on the row). */
  if (self->reload_idle == 0)
    self->reload_idle = g_idle_add (reload_idle_cb, self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
task_failed_cb (RdProjectPlan    *self,
                const char       *message,
                RdProjectTaskRow *row)
{
  g_signal_emit (self, signals[FAILED], 0, message);
}

static void
fill_choices (RdProjectPlan *self,
              AdwComboRow   *row,
              GPtrArray     *ids,
              const char    *table,
              const char    *selected_id)
{
  g_autoptr(GPtrArray) records = rd_store_list (self->store, table, NULL, "name", 0, MAX_CHOICES, NULL);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  guint selected = 0;

  g_ptr_array_set_size (ids, 0);
  gtk_string_list_append (names, _("None"));
  g_ptr_array_add (ids, NULL);
  for (guint i = 0; records != NULL && i < records->len; i++)
    {
      if (g_strcmp0 (rd_record_get_id (records->pdata[i]), selected_id) == 0)
        selected = ids->len;
      gtk_string_list_append (names, rd_record_get_string (records->pdata[i], "name"));
      g_ptr_array_add (ids, g_strdup (rd_record_get_id (records->pdata[i])));
    }
  adw_combo_row_set_model (row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (row, selected);
}

static void
milestone_toggled_cb (GtkCheckButton *check,
                      RdProjectPlan  *self)
{
  g_autoptr(RdRecord) changes = rd_record_new ("milestones");
  g_autoptr(GError) error = NULL;

  if (self->loading)
    return;
  rd_record_set_id (changes, g_object_get_data (G_OBJECT (check), "id"));
  rd_record_set_int (changes, "reached", gtk_check_button_get_active (check));
  if (!rd_store_update (self->store, changes, &error))
    {
      g_signal_emit (self, signals[FAILED], 0, error->message);
      return;
    }
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
milestone_activated_cb (AdwActionRow  *row,
                        RdProjectPlan *self)
{
  g_signal_emit (self, signals[OPEN_RECORD], 0, "milestones", g_object_get_data (G_OBJECT (row), "id"));
}

/* A milestone: reached or not, its name and due date; activating it opens its page. */
static GtkWidget *
milestone_row_new (RdProjectPlan *self,
                   RdRecord      *milestone)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new ();
  GtkWidget *go = gtk_image_new_from_icon_name ("go-next-symbolic");
  g_autofree char *due = rd_labels_time (rd_record_get_int (milestone, "due", 0));
  g_autofree char *subtitle = NULL;

  if (*due != '\0')
    {
      due[10] = '\0';
      subtitle = g_strdup_printf (_("Due %s"), due);
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), rd_record_get_string (milestone, "name"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (check, _("Reached"));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), rd_record_get_int (milestone, "reached", 0) != 0);
  g_object_set_data_full (G_OBJECT (check), "id", g_strdup (rd_record_get_id (milestone)), g_free);
  g_object_set_data_full (G_OBJECT (row), "id", g_strdup (rd_record_get_id (milestone)), g_free);
  g_signal_connect (check, "toggled", G_CALLBACK (milestone_toggled_cb), self);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), go);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_signal_connect (row, "activated", G_CALLBACK (milestone_activated_cb), self);
  return row;
}

static void
rd_project_plan_reload (RdProjectPlan *self)
{
  g_autoptr(RdRecord) project = NULL;
  g_autoptr(GPtrArray) tasks = NULL;
  g_autoptr(GPtrArray) milestones = NULL;
  g_autofree char *query = NULL;

  g_clear_handle_id (&self->reload_idle, g_source_remove);
  for (guint i = 0; i < self->task_rows->len; i++)
    adw_preferences_group_remove (self->tasks_group, g_ptr_array_index (self->task_rows, i));
  g_ptr_array_set_size (self->task_rows, 0);
  for (guint i = 0; i < self->milestone_rows->len; i++)
    adw_preferences_group_remove (self->milestones_group, g_ptr_array_index (self->milestone_rows, i));
  g_ptr_array_set_size (self->milestone_rows, 0);
  if (self->store == NULL || self->project_id == NULL ||
      (project = rd_store_get (self->store, "projects", self->project_id, NULL)) == NULL)
    return;

  self->loading = TRUE;
  fill_choices (self, self->org_row, self->org_ids, "organizations", rd_record_get_string (project, "org_id"));
  fill_choices (self, self->deal_row, self->deal_ids, "deals", rd_record_get_string (project, "deal_id"));

  query = g_strdup_printf ("parent_id = '%s'", self->project_id);
  tasks = rd_store_list (self->store, "project_tasks", query, "due", 0, 1000, NULL);
  for (guint i = 0; tasks != NULL && i < tasks->len; i++)
    {
      GtkWidget *row = rd_project_task_row_new (self->store, g_ptr_array_index (tasks, i));

      g_signal_connect_object (row, "changed", G_CALLBACK (task_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (row, "failed", G_CALLBACK (task_failed_cb), self, G_CONNECT_SWAPPED);
      adw_preferences_group_add (self->tasks_group, row);
      g_ptr_array_add (self->task_rows, row);
    }
  milestones = rd_store_list (self->store, "milestones", query, "due", 0, 1000, NULL);
  for (guint i = 0; milestones != NULL && i < milestones->len; i++)
    {
      GtkWidget *row = milestone_row_new (self, g_ptr_array_index (milestones, i));

      adw_preferences_group_add (self->milestones_group, row);
      g_ptr_array_add (self->milestone_rows, row);
    }
  self->loading = FALSE;
}

static void
rd_project_plan_link_cb (RdProjectPlan *self,
                         GParamSpec    *pspec,
                         AdwComboRow   *row)
{
  GPtrArray *ids = row == self->org_row ? self->org_ids : self->deal_ids;
  const char *field = row == self->org_row ? "org_id" : "deal_id";
  guint selected = adw_combo_row_get_selected (row);
  g_autoptr(RdRecord) changes = rd_record_new ("projects");
  g_autoptr(GError) error = NULL;

  if (self->loading || self->project_id == NULL || selected >= ids->len)
    return;
  rd_record_set_id (changes, self->project_id);
  if (g_ptr_array_index (ids, selected) != NULL)
    rd_record_set_string (changes, field, g_ptr_array_index (ids, selected));
  else
    rd_record_set_null (changes, field);
  if (!rd_store_update (self->store, changes, &error))
    {
      g_signal_emit (self, signals[FAILED], 0, error->message);
      return;
    }
  g_signal_emit (self, signals[CHANGED], 0);
}

static char *
add_child (RdProjectPlan  *self,
           const char     *table,
           const char     *field,
           const char     *text,
           GError        **error)
{
  g_autoptr(RdRecord) record = rd_record_new (table);

  rd_record_set_string (record, "parent_tbl", "projects");
  rd_record_set_string (record, "parent_id", self->project_id);
  rd_record_set_string (record, field, text);
  if (!rd_store_insert (self->store, record, error))
    return NULL;
  rd_project_plan_reload (self);
  g_signal_emit (self, signals[CHANGED], 0);
  return g_strdup (rd_record_get_id (record));
}

char *
rd_project_plan_add_task (RdProjectPlan  *self,
                          const char     *title,
                          GError        **error)
{
  g_return_val_if_fail (RD_IS_PROJECT_PLAN (self), NULL);
  g_return_val_if_fail (self->project_id != NULL, NULL);

  return add_child (self, "project_tasks", "title", title, error);
}

static void
add_from_row (RdProjectPlan *self,
              AdwEntryRow   *row,
              const char    *table,
              const char    *field)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
  g_autofree char *id = NULL;
  g_autoptr(GError) error = NULL;

  if (*text == '\0' || self->project_id == NULL)
    return;
  id = add_child (self, table, field, text, &error);
  if (id == NULL)
    g_signal_emit (self, signals[FAILED], 0, error->message);
  else
    gtk_editable_set_text (GTK_EDITABLE (row), "");
}

static void
rd_project_plan_add_task_cb (RdProjectPlan *self,
                             AdwEntryRow   *row)
{
  add_from_row (self, row, "project_tasks", "title");
}

static void
rd_project_plan_add_milestone_cb (RdProjectPlan *self,
                                  AdwEntryRow   *row)
{
  add_from_row (self, row, "milestones", "name");
}

void
rd_project_plan_set_project (RdProjectPlan *self,
                             RdStore       *store,
                             const char    *project_id)
{
  g_return_if_fail (RD_IS_PROJECT_PLAN (self));

  g_set_object (&self->store, store);
  g_free (self->project_id);
  self->project_id = g_strdup (project_id);
  rd_project_plan_reload (self);
}

GPtrArray *
rd_project_plan_get_task_rows (RdProjectPlan *self)
{
  g_return_val_if_fail (RD_IS_PROJECT_PLAN (self), NULL);
  return self->task_rows;
}

static void
rd_project_plan_dispose (GObject *object)
{
  RdProjectPlan *self = RD_PROJECT_PLAN (object);

  GtkWidget *child;

  g_clear_handle_id (&self->reload_idle, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), RD_TYPE_PROJECT_PLAN);
  /* the box that holds the groups is not a bound child */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (rd_project_plan_parent_class)->dispose (object);
}

static void
rd_project_plan_finalize (GObject *object)
{
  RdProjectPlan *self = RD_PROJECT_PLAN (object);

  g_free (self->project_id);
  g_ptr_array_unref (self->task_rows);
  g_ptr_array_unref (self->milestone_rows);
  g_ptr_array_unref (self->org_ids);
  g_ptr_array_unref (self->deal_ids);
  G_OBJECT_CLASS (rd_project_plan_parent_class)->finalize (object);
}

static void
rd_project_plan_class_init (RdProjectPlanClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rd_project_plan_dispose;
  object_class->finalize = rd_project_plan_finalize;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[FAILED] = g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[OPEN_RECORD] = g_signal_new ("open-record", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ringdesk/Ringdesk/rd-project-plan.ui");
  gtk_widget_class_bind_template_child (widget_class, RdProjectPlan, tasks_group);
  gtk_widget_class_bind_template_child (widget_class, RdProjectPlan, milestones_group);
  gtk_widget_class_bind_template_child (widget_class, RdProjectPlan, org_row);
  gtk_widget_class_bind_template_child (widget_class, RdProjectPlan, deal_row);
  gtk_widget_class_bind_template_child (widget_class, RdProjectPlan, add_task_row);
  gtk_widget_class_bind_template_child (widget_class, RdProjectPlan, add_milestone_row);
  gtk_widget_class_bind_template_callback (widget_class, rd_project_plan_link_cb);
  gtk_widget_class_bind_template_callback (widget_class, rd_project_plan_add_task_cb);
  gtk_widget_class_bind_template_callback (widget_class, rd_project_plan_add_milestone_cb);
}

static void
rd_project_plan_init (RdProjectPlan *self)
{
  self->task_rows = g_ptr_array_new ();
  self->milestone_rows = g_ptr_array_new ();
  self->org_ids = g_ptr_array_new_with_free_func (g_free);
  self->deal_ids = g_ptr_array_new_with_free_func (g_free);
  self->loading = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  self->loading = FALSE;
}

GtkWidget *
rd_project_plan_new (void)
{
  return g_object_new (RD_TYPE_PROJECT_PLAN, NULL);
}
