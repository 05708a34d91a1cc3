/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "rd-agent-call-popover.h"
#include "rd-agent-state.h"
#include "rd-phone-number.h"

struct _RdAgentCallPopover
{
  GtkPopover  parent_instance;

  char       *region;
  GPtrArray  *rows;

  GtkWidget  *dial_box;
  GtkEntry   *dial_entry;
  GtkWidget  *transfer_box;
  GtkEntry   *transfer_entry;
  GtkLabel   *colleagues_label;
  GtkListBox *colleagues_list;
  GtkLabel   *error_label;
};

enum {
  DIAL,
  TRANSFER,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (RdAgentCallPopover, rd_agent_call_popover, GTK_TYPE_POPOVER)

static void
set_error (RdAgentCallPopover *self,
           const char         *error)
{
  gtk_label_set_label (self->error_label, error != NULL ? error : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), error != NULL);
}

/* The entry's number in E.164, or NULL with the error shown. */
static char *
number_of (RdAgentCallPopover *self,
           GtkEntry           *entry)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  char *e164 = rd_phone_number_to_e164 (text, self->region);

  if (e164 == NULL)
    {
      set_error (self, *text == '\0' ? _("Type a phone number first.")
                                     : _("This is not a phone number."));
      gtk_widget_grab_focus (GTK_WIDGET (entry));
    }
  return e164;
}

/* The focus leaves @widget's entries before it goes (GTK 4.8's GtkText warns when a
 * focused one is hidden without a focus-out). */
static void
drop_focus_in (GtkWidget *widget)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  if (focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget)))
    gtk_root_set_focus (root, NULL);
}

/* Done with the menu: closed, its entries emptied. */
static void
close_menu (RdAgentCallPopover *self)
{
  drop_focus_in (GTK_WIDGET (self));
  gtk_popover_popdown (GTK_POPOVER (self));
  gtk_editable_set_text (GTK_EDITABLE (self->dial_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->transfer_entry), "");
}

static void
dial_cb (RdAgentCallPopover *self)
{
  g_autofree char *number = number_of (self, self->dial_entry);

  if (number == NULL)
    return;
  set_error (self, NULL);
  close_menu (self);
  g_signal_emit (self, signals[DIAL], 0, number);
}

static void
transfer_to_number (RdAgentCallPopover *self,
                    gboolean            consult)
{
  g_autofree char *number = number_of (self, self->transfer_entry);

  if (number == NULL)
    return;
  set_error (self, NULL);
  close_menu (self);
  g_signal_emit (self, signals[TRANSFER], 0, NULL, number, consult);
}

static void
consult_cb (RdAgentCallPopover *self)
{
  transfer_to_number (self, TRUE);
}

static void
blind_cb (RdAgentCallPopover *self)
{
  transfer_to_number (self, FALSE);
}

static void
colleague_clicked_cb (GtkButton          *button,
                      RdAgentCallPopover *self)
{
  g_autofree char *agent = g_strdup (g_object_get_data (G_OBJECT (button), "agent"));

  close_menu (self);
  g_signal_emit (self, signals[TRANSFER], 0, agent, NULL, FALSE);
}

void
rd_agent_call_popover_set_region (RdAgentCallPopover *self,
                                  const char         *region)
{
  g_return_if_fail (RD_IS_AGENT_CALL_POPOVER (self));

  g_free (self->region);
  self->region = g_strdup (region);
}

void
rd_agent_call_popover_set_on_call (RdAgentCallPopover *self,
                                   gboolean            on_call)
{
  g_return_if_fail (RD_IS_AGENT_CALL_POPOVER (self));

  if (gtk_widget_get_visible (self->transfer_box) == on_call)
    return;
  drop_focus_in (on_call ? self->dial_box : self->transfer_box);
  gtk_widget_set_visible (self->dial_box, !on_call);
  gtk_widget_set_visible (self->transfer_box, on_call);
}

static const char *
string_of (JsonObject *o,
           const char *name)
{
  return json_object_get_string_member_with_default (o, name, NULL);
}

void
rd_agent_call_popover_set_colleagues (RdAgentCallPopover *self,
                                      JsonArray          *agents)
{
  guint n = agents != NULL ? json_array_get_length (agents) : 0;

  g_return_if_fail (RD_IS_AGENT_CALL_POPOVER (self));

  for (guint i = 0; i < self->rows->len; i++)
    gtk_list_box_remove (self->colleagues_list, self->rows->pdata[i]);
  g_ptr_array_set_size (self->rows, 0);
  for (guint i = 0; i < n; i++)
    {
      JsonObject *a = json_array_get_object_element (agents, i);
      const char *name = a != NULL ? string_of (a, "agent") : NULL;
      const char *state = a != NULL ? string_of (a, "state") : NULL;
      gboolean can = g_strcmp0 (state, "ready") == 0
                     && json_object_get_boolean_member_with_default (a, "leg_up", FALSE);
      GtkWidget *row, *button;

      if (name == NULL)
        continue;
      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   can || g_strcmp0 (state, "ready") != 0
                                   ? rd_agent_state_label (state)
                                   : _("Ready, phone not connected"));
      button = gtk_button_new_with_label (_("Transfer"));
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_set_sensitive (button, can);
      gtk_widget_set_tooltip_text (button, can ? _("Hand the customer to this colleague now")
                                               : _("Only a ready colleague can take the call"));
      g_object_set_data_full (G_OBJECT (button), "agent", g_strdup (name), g_free);
      g_signal_connect_object (button, "clicked", G_CALLBACK (colleague_clicked_cb), self, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      gtk_list_box_append (self->colleagues_list, row);
      g_ptr_array_add (self->rows, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->colleagues_list), self->rows->len > 0);
  gtk_label_set_label (self->colleagues_label, self->rows->len > 0 ? _("Colleagues in This Campaign")
                                                                  : _("No colleague is in this campaign now."));
}

static void
rd_agent_call_popover_finalize (GObject *object)
{
  RdAgentCallPopover *self = RD_AGENT_CALL_POPOVER (object);

  g_free (self->region);
  g_ptr_array_unref (self->rows);
  G_OBJECT_CLASS (rd_agent_call_popover_parent_class)->finalize (object);
}

static void
rd_agent_call_popover_class_init (RdAgentCallPopoverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = rd_agent_call_popover_finalize;

  signals[DIAL] = g_signal_new ("dial", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[TRANSFER] = g_signal_new ("transfer", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                    NULL, NULL, NULL, G_TYPE_NONE, 3,
                                    G_TYPE_STRING, G_TYPE_STRING, G_TYPE_BOOLEAN);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/ringdesk/Ringdesk/rd-agent-call-popover.ui");
  gtk_widget_class_bind_template_child (widget_class, RdAgentCallPopover, dial_box);
  gtk_widget_class_bind_template_child (widget_class, RdAgentCallPopover, dial_entry);
  gtk_widget_class_bind_template_child (widget_class, RdAgentCallPopover, transfer_box);
  gtk_widget_class_bind_template_child (widget_class, RdAgentCallPopover, transfer_entry);
  gtk_widget_class_bind_template_child (widget_class, RdAgentCallPopover, colleagues_label);
  gtk_widget_class_bind_template_child (widget_class, RdAgentCallPopover, colleagues_list);
  gtk_widget_class_bind_template_child (widget_class, RdAgentCallPopover, error_label);
  gtk_widget_class_bind_template_callback (widget_class, dial_cb);
  gtk_widget_class_bind_template_callback (widget_class, consult_cb);
  gtk_widget_class_bind_template_callback (widget_class, blind_cb);
}

static void
rd_agent_call_popover_init (RdAgentCallPopover *self)
{
  self->rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  rd_agent_call_popover_set_on_call (self, FALSE);
  rd_agent_call_popover_set_colleagues (self, NULL);
}
