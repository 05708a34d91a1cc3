/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The supervisor's Pause Agent / Log Agent Out, as the Live Agents page and the dialer
 * dashboard offer them on an agent's row (POST /api/v1/supervisor/agents/NAME/pause|logout). */

/* A "⋮" menu button whose items activate @action ("(ss)": agent, "pause" or "logout"). */
GtkWidget *rd_supervisor_menu_button_new (const char *agent,
                                          const char *action);
/* The API path of @what ("pause" or "logout") for @agent. */
char      *rd_supervisor_path            (const char *agent,
                                          const char *what);
/* What the answer means, for a toast: "Olga is paused", "… when the call ends" … */
char      *rd_supervisor_describe        (JsonObject *answer);
/* The words for a paused agent's @reason: "Paused by a supervisor", "Just signed in", or
 * the pause code itself. */
const char *rd_supervisor_reason_label   (const char *reason);

G_END_DECLS
