/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include <glib/gi18n.h>

#include "rd-dashboard-page.h"
#include "rd-window.h"

struct _RdWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;

  /* Template widgets */
  AdwLeaflet           *leaflet;
  GtkListBox           *sidebar;
  GtkStack             *stack;
  AdwWindowTitle       *content_title;
  GtkLabel             *sync_label;
  GtkImage             *sync_icon;
  RdDashboardPage      *dashboard_page;
};

G_DEFINE_FINAL_TYPE (RdWindow, rd_window, ADW_TYPE_APPLICATION_WINDOW)

static void
rd_window_show_sync_state (RdWindow *self)
{
  RdApplication *app = RD_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));

  g_return_if_fail (app != NULL);
  const char *server = rd_application_get_server_url (app);
  g_autofree char *tooltip = NULL;

  if (server == NULL)
    {
      gtk_label_set_label (self->sync_label, _("Offline — no server configured"));
      gtk_image_set_from_icon_name (self->sync_icon, "network-offline-symbolic");
      tooltip = g_strdup_printf (_("Working on the local replica in %s"),
                                 rd_application_get_replica_dir (app));
    }
  else
    {
      gtk_label_set_label (self->sync_label, _("Not signed in"));
      gtk_image_set_from_icon_name (self->sync_icon, "network-idle-symbolic");
      tooltip = g_strdup_printf (_("Server %s, replica in %s"), server,
                                 rd_application_get_replica_dir (app));
    }

  gtk_widget_set_tooltip_text (GTK_WIDGET (self->sync_label), tooltip);
}

static void
rd_window_sidebar_row_activated_cb (RdWindow      *self,
                                    GtkListBoxRow *row,
                                    GtkListBox    *list)
{
  const char *page = gtk_widget_get_name (GTK_WIDGET (row));
  GtkStackPage *stack_page;

  gtk_stack_set_visible_child_name (self->stack, page);
  stack_page = gtk_stack_get_page (self->stack, gtk_stack_get_visible_child (self->stack));
  adw_window_title_set_title (self->content_title, gtk_stack_page_get_title (stack_page));
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

/* Shows the page called @name ("contacts" … "dashboard") as if its sidebar
 * row was clicked. Returns FALSE for an unknown page. */
gboolean
rd_window_show_page (RdWindow   *self,
                     const char *name)
{
  g_return_val_if_fail (RD_IS_WINDOW (self), FALSE);

  for (int i = 0; ; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->sidebar, i);

      if (row == NULL)
        return FALSE;
      if (g_strcmp0 (gtk_widget_get_name (GTK_WIDGET (row)), name) == 0)
        {
          gtk_list_box_select_row (self->sidebar, row);
          rd_window_sidebar_row_activated_cb (self, row, self->sidebar);
          return TRUE;
        }
    }
}

/** The name of the page shown now. */
const char *
rd_window_get_visible_page (RdWindow *self)
{
  g_return_val_if_fail (RD_IS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

static void
rd_window_open_list_cb (RdWindow        *self,
                        const char      *page,
                        const char      *field,
                        const char      *value,
                        RdDashboardPage *dashboard)
{
  rd_window_show_page (self, page);
}

static void
rd_window_back_cb (RdWindow  *self,
                   GtkButton *button)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
rd_window_dispose (GObject *object)
{
  RdWindow *self = RD_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), RD_TYPE_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (rd_window_parent_class)->dispose (object);
}

static void
rd_window_class_init (RdWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rd_window_dispose;

  g_type_ensure (RD_TYPE_DASHBOARD_PAGE);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ringdesk/Ringdesk/rd-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RdWindow, dashboard_page);
  gtk_widget_class_bind_template_callback (widget_class, rd_window_open_list_cb);
  gtk_widget_class_bind_template_child (widget_class, RdWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, RdWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, RdWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, RdWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, RdWindow, sync_label);
  gtk_widget_class_bind_template_child (widget_class, RdWindow, sync_icon);
  gtk_widget_class_bind_template_callback (widget_class, rd_window_sidebar_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, rd_window_back_cb);
}

static void
rd_window_init (RdWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
}

RdWindow *
rd_window_new (RdApplication *application)
{
  RdWindow *self = g_object_new (RD_TYPE_WINDOW, "application", application, NULL);

  /* GtkWindow takes the application only once it is added to it, after construction. */
  rd_window_show_sync_state (self);
  gtk_list_box_select_row (self->sidebar, gtk_list_box_get_row_at_index (self->sidebar, 0));

  return self;
}
