/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rd-store.h"

G_BEGIN_DECLS

#define RD_TYPE_CONFLICTS_DIALOG (rd_conflicts_dialog_get_type ())

G_DECLARE_FINAL_TYPE (RdConflictsDialog, rd_conflicts_dialog, RD, CONFLICTS_DIALOG, AdwWindow)

RdConflictsDialog *rd_conflicts_dialog_new             (GtkWindow         *parent,
                                                        RdStore           *store);
void               rd_conflicts_dialog_reload          (RdConflictsDialog *self);
gboolean           rd_conflicts_dialog_restore         (RdConflictsDialog *self,
                                                        gint64             id);
guint              rd_conflicts_dialog_get_n_conflicts (RdConflictsDialog *self);
gint64             rd_conflicts_dialog_get_conflict_id (RdConflictsDialog *self,
                                                        guint              index);

G_END_DECLS
