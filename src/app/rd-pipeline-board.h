/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "rd-store.h"

G_BEGIN_DECLS

#define RD_TYPE_PIPELINE_BOARD (rd_pipeline_board_get_type ())

G_DECLARE_FINAL_TYPE (RdPipelineBoard, rd_pipeline_board, RD, PIPELINE_BOARD, GtkWidget)

GtkWidget *rd_pipeline_board_new           (void);
void       rd_pipeline_board_set_store     (RdPipelineBoard  *self,
                                            RdStore          *store);
void       rd_pipeline_board_reload        (RdPipelineBoard  *self);
gboolean   rd_pipeline_board_move_deal     (RdPipelineBoard  *self,
                                            const char       *deal_id,
                                            const char       *stage_id,
                                            GError          **error);
guint      rd_pipeline_board_get_n_columns (RdPipelineBoard  *self);
void       rd_pipeline_board_get_column    (RdPipelineBoard  *self,
                                            guint             column,
                                            guint            *n_deals,
                                            double           *total);

G_END_DECLS
