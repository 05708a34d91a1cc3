/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* How the app shows an agent's state on the server's desk ("ready", "on_call" …): the
 * agent's own bar and the managers' live board say it alike. */

/* The words for @state ("Ready", "On Call" …), translated. */
const char *rd_agent_state_label    (const char *state);
/* The style class that colours @state ("success" for ready …). */
const char *rd_agent_state_css      (const char *state);
/* "m:ss", or "h:mm:ss" from an hour on, of @ms milliseconds. */
char       *rd_agent_state_duration (gint64      ms);

G_END_DECLS
