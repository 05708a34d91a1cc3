/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define RD_TYPE_LEAD_HISTORY (rd_lead_history_get_type ())
G_DECLARE_FINAL_TYPE (RdLeadHistory, rd_lead_history, RD, LEAD_HISTORY, AdwPreferencesGroup)

/* A campaign lead's earlier calls on its card: when, what came of it (answered, busy …),
 * the disposition in the campaign's words, who called and their notes, newest first. */
GtkWidget *rd_lead_history_new (void);
/* @history: the card's [{call_id, created_at, number, agent, result, disposition, notes}];
 * the call @current_call_id (the one on the line) is left out; @dispositions: the
 * campaign's [{code, label}] for the codes' words. Hidden when nothing is left. */
void       rd_lead_history_set (RdLeadHistory *self,
                                JsonArray     *history,
                                const char    *current_call_id,
                                JsonArray     *dispositions);
/* How many calls it shows. */
guint      rd_lead_history_get_n_calls (RdLeadHistory *self);

G_END_DECLS
