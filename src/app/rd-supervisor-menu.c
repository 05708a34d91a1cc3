/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include <glib/gi18n.h>

#include "rd-api-call.h"
#include "rd-supervisor-menu.h"

GtkWidget *
rd_supervisor_menu_button_new (const char *agent,
                               const char *action)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenuItem) pause = g_menu_item_new (_("_Pause Agent"), NULL);
  g_autoptr(GMenuItem) logout = g_menu_item_new (_("_Log Agent Out"), NULL);
  GtkWidget *button = gtk_menu_button_new ();

  g_menu_item_set_action_and_target (pause, action, "(ss)", agent, "pause");
  g_menu_item_set_action_and_target (logout, action, "(ss)", agent, "logout");
  g_menu_append_item (menu, pause);
  g_menu_append_item (menu, logout);
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (button), G_MENU_MODEL (menu));
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "view-more-symbolic");
  gtk_widget_set_tooltip_text (button, _("Pause or log out this agent"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  return button;
}

char *
rd_supervisor_path (const char *agent,
                    const char *what)
{
  g_autofree char *escaped = g_uri_escape_string (agent, NULL, TRUE);

  return g_strdup_printf ("supervisor/agents/%s/%s", escaped,
                          g_strcmp0 (what, "logout") == 0 ? "logout" : "pause");
}

char *
rd_supervisor_describe (JsonObject *answer)
{
  const char *agent = rd_api_string (answer, "agent");

  agent = agent != NULL ? agent : "";
  if (g_strcmp0 (rd_api_string (answer, "state"), "logout") == 0)
    return g_strdup_printf (_("%s is logged out"), agent);
  if (answer != NULL && json_object_get_boolean_member_with_default (answer, "logout_pending", FALSE))
    return g_strdup_printf (_("%s will be logged out when the call ends"), agent);
  if (rd_api_string (answer, "pause_pending") != NULL)
    return g_strdup_printf (_("%s will be paused when the call ends"), agent);
  return g_strdup_printf (_("%s is paused"), agent);
}

const char *
rd_supervisor_reason_label (const char *reason)
{
  if (g_strcmp0 (reason, "supervisor") == 0)
    return _("Paused by a supervisor");
  if (g_strcmp0 (reason, "login") == 0)
    return _("Just signed in");
  if (g_strcmp0 (reason, "after-call") == 0)
    return _("After a call");
  return reason;
}
