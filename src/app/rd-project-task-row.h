/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rd-record.h"
#include "rd-store.h"

G_BEGIN_DECLS

#define RD_TYPE_PROJECT_TASK_ROW (rd_project_task_row_get_type ())

G_DECLARE_FINAL_TYPE (RdProjectTaskRow, rd_project_task_row, RD, PROJECT_TASK_ROW, AdwExpanderRow)

/* One task of a project: done, its title and "Due … · Assignee · Waits for “…”"; expanded,
 * the due date, the assignee, the task it depends on (only tasks that make no cycle are
 * offered; the store refuses one anyway) and Remove. Emits "changed" after a write and
 * "failed" (message) when the store refuses one. */
GtkWidget  *rd_project_task_row_new    (RdStore    *store,
                                        RdRecord   *task);
const char *rd_project_task_row_get_id (RdProjectTaskRow *self);
/* Sets depends_on (NULL for none) as the Depends On row does. */
gboolean    rd_project_task_row_set_depends_on (RdProjectTaskRow *self,
                                                const char       *task_id,
                                                GError          **error);

G_END_DECLS
