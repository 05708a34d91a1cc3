/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rd-store.h"

G_BEGIN_DECLS

#define RD_TYPE_PROJECT_PLAN (rd_project_plan_get_type ())

G_DECLARE_FINAL_TYPE (RdProjectPlan, rd_project_plan, RD, PROJECT_PLAN, GtkWidget)

/* A project's page below its fields: what it is linked to (an organization, a deal), its
 * tasks (RdProjectTaskRow, by due date) with an "Add Task" row, and its milestones, each
 * reached or not (a milestone opens in its own page for its name and due date). Emits
 * "changed" after every write, "failed" (message) when the store refuses one and
 * "open-record" (table, id). */
GtkWidget *rd_project_plan_new         (void);
void       rd_project_plan_set_project (RdProjectPlan *self,
                                        RdStore       *store,
                                        const char    *project_id);
/* Adds a task titled @title (what the Add Task row does); its id, or NULL. */
char      *rd_project_plan_add_task    (RdProjectPlan *self,
                                        const char    *title,
                                        GError       **error);
/* The task rows, in order (for tests and keyboard navigation). */
GPtrArray *rd_project_plan_get_task_rows (RdProjectPlan *self);

G_END_DECLS
