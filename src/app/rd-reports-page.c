/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "rd-reports-page.h"

struct _RdReportsPage
{
  GtkWidget             parent_instance;

  GtkStack             *stack;
  AdwPreferencesGroup  *reports_group;
  RdReportView         *view;
};

G_DEFINE_FINAL_TYPE (RdReportsPage, rd_reports_page, GTK_TYPE_WIDGET)

void
rd_reports_page_show_list (RdReportsPage *self)
{
  g_return_if_fail (RD_IS_REPORTS_PAGE (self));
  gtk_stack_set_visible_child_name (self->stack, "list");
}

RdReportView *
rd_reports_page_open (RdReportsPage *self,
                      const char    *id)
{
  const RdReportKind *kind = rd_report_kind_lookup (id);

  g_return_val_if_fail (RD_IS_REPORTS_PAGE (self), NULL);
  if (kind == NULL)
    return NULL;
  rd_report_view_open (self->view, kind);
  gtk_stack_set_visible_child_name (self->stack, "report");
  return self->view;
}

RdReportView *
rd_reports_page_get_view (RdReportsPage *self)
{
  g_return_val_if_fail (RD_IS_REPORTS_PAGE (self), NULL);
  return self->view;
}

void
rd_reports_page_set_session (RdReportsPage   *self,
                             RdServerSession *session)
{
  g_return_if_fail (RD_IS_REPORTS_PAGE (self));
  rd_report_view_set_session (self->view, session);
}

static void
row_activated_cb (AdwActionRow  *row,
                  RdReportsPage *self)
{
  rd_reports_page_open (self, gtk_widget_get_name (GTK_WIDGET (row)));
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  rd_reports_page_show_list (RD_REPORTS_PAGE (widget));
}

static void
rd_reports_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), RD_TYPE_REPORTS_PAGE);
  G_OBJECT_CLASS (rd_reports_page_parent_class)->dispose (object);
}

static void
rd_reports_page_class_init (RdReportsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rd_reports_page_dispose;
  g_type_ensure (RD_TYPE_REPORT_VIEW);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ringdesk/Ringdesk/rd-reports-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RdReportsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, RdReportsPage, reports_group);
  gtk_widget_class_bind_template_child (widget_class, RdReportsPage, view);
  gtk_widget_class_install_action (widget_class, "reports.back", NULL, back_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "reports.back", NULL);
}

/* A row per report, from the table of kinds (data, not layout: the group is the template's). */
static void
rd_reports_page_init (RdReportsPage *self)
{
  guint n;
  const RdReportKind *kinds = rd_report_kinds (&n);

  gtk_widget_init_template (GTK_WIDGET (self));
  for (guint i = 0; i < n; i++)
    {
      GtkWidget *row = adw_action_row_new ();

      gtk_widget_set_name (row, kinds[i].id);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(kinds[i].title));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _(kinds[i].description));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_signal_connect_object (row, "activated", G_CALLBACK (row_activated_cb), self, 0);
      adw_preferences_group_add (self->reports_group, row);
    }
}
