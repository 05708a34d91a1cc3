/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include <glib/gi18n.h>

#include "rd-agent-state.h"

const char *
rd_agent_state_label (const char *state)
{
  if (g_strcmp0 (state, "login") == 0)
    return _("Connecting");
  if (g_strcmp0 (state, "ready") == 0)
    return _("Ready");
  if (g_strcmp0 (state, "paused") == 0)
    return _("Paused");
  if (g_strcmp0 (state, "on_call") == 0)
    return _("On Call");
  if (g_strcmp0 (state, "wrap_up") == 0)
    return _("Wrap-Up");
  if (g_strcmp0 (state, "previewing") == 0)
    return _("Preview");
  return _("Signed Out");
}

const char *
rd_agent_state_css (const char *state)
{
  if (g_strcmp0 (state, "ready") == 0)
    return "success";
  if (g_strcmp0 (state, "paused") == 0)
    return "warning";
  if (g_strcmp0 (state, "on_call") == 0)
    return "accent";
  if (g_strcmp0 (state, "wrap_up") == 0)
    return "error";
  return "dim-label";
}

char *
rd_agent_state_duration (gint64 ms)
{
  gint64 s = MAX (ms, 0) / 1000;

  if (s >= 3600)
    return g_strdup_printf ("%d:%02d:%02d", (int) (s / 3600), (int) (s / 60 % 60), (int) (s % 60));
  return g_strdup_printf ("%d:%02d", (int) (s / 60), (int) (s % 60));
}
