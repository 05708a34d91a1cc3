/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "rd-server-session.h"

G_BEGIN_DECLS

#define RD_TYPE_DNC_WINDOW (rd_dnc_window_get_type ())

G_DECLARE_FINAL_TYPE (RdDncWindow, rd_dnc_window, RD, DNC_WINDOW, AdwWindow)

/* The do-not-call lists of the server for a manager or admin; @region reads numbers
 * written without their +code. */
RdDncWindow *rd_dnc_window_new            (GtkWindow       *parent,
                                           RdServerSession *session,
                                           const char      *region);
/* TRUE while the campaigns, a page of numbers or a change are on their way. */
gboolean     rd_dnc_window_get_busy       (RdDncWindow     *self);
/* Shows campaign @campaign_id's list (NULL: the global one) as the selector does; FALSE
 * for a campaign the window does not list. */
gboolean     rd_dnc_window_select_list    (RdDncWindow     *self,
                                           const char      *campaign_id);
/* The numbers shown on this page (E.164). */
guint        rd_dnc_window_get_n_numbers  (RdDncWindow     *self);
/* Reads @path (asynchronously) as the chosen CSV file. */
void         rd_dnc_window_set_file       (RdDncWindow     *self,
                                           const char      *path);
/* Dry Run (TRUE) or Upload, as the buttons do. */
void         rd_dnc_window_upload         (RdDncWindow     *self,
                                           gboolean         dry_run);
/* The server's last upload report ({rows, imported, duplicates, invalid_numbers, bad,
 * errors}), or NULL. */
JsonObject  *rd_dnc_window_get_report     (RdDncWindow     *self);

G_END_DECLS
