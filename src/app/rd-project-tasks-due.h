/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rd-store.h"

G_BEGIN_DECLS

#define RD_TYPE_PROJECT_TASKS_DUE (rd_project_tasks_due_get_type ())

G_DECLARE_FINAL_TYPE (RdProjectTasksDue, rd_project_tasks_due, RD, PROJECT_TASKS_DUE, GtkWidget)

/* On the Activities page, above the to-do list: the open tasks of projects that are
 * overdue or due within a week, each with its project's name and due date (overdue in
 * red); activating one emits "open-record" ("projects", the project's id). Hidden when
 * there are none. */
GtkWidget *rd_project_tasks_due_new       (void);
void       rd_project_tasks_due_set_store (RdProjectTasksDue *self,
                                           RdStore           *store);
/* Reads the tasks again (after a write or a sync). */
void       rd_project_tasks_due_refresh   (RdProjectTasksDue *self);
/* How many tasks it shows. */
guint      rd_project_tasks_due_get_count (RdProjectTasksDue *self);

G_END_DECLS
