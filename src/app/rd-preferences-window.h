/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rd-server-session.h"
#include "rd-store.h"

G_BEGIN_DECLS

#define RD_TYPE_PREFERENCES_WINDOW (rd_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (RdPreferencesWindow, rd_preferences_window, RD, PREFERENCES_WINDOW, AdwPreferencesWindow)

RdPreferencesWindow *rd_preferences_window_new (GtkWindow *parent);
gboolean             rd_preferences_window_apply_region (RdPreferencesWindow *self,
                                                         const char          *text);
gboolean             rd_preferences_window_apply_server (RdPreferencesWindow *self,
                                                         const char          *text);
void                 rd_preferences_window_set_session  (RdPreferencesWindow *self,
                                                         RdServerSession     *session);
GtkWidget           *rd_preferences_window_get_photo_group (RdPreferencesWindow *self);

void                 rd_preferences_window_add_custom_fields (RdPreferencesWindow *self,
                                                              RdStore             *store,
                                                              gboolean             editable);

G_END_DECLS
