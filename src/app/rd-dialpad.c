/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include <glib/gi18n.h>

#include "rd-dialpad.h"
#include "rd-phone-number.h"

struct _RdDialpad
{
  GtkWidget  parent_instance;

  RdPhone   *phone;
  char      *region;
  char      *error;

  GtkWidget *content;
  GtkEntry  *entry;
  GtkGrid   *grid;
  GtkLabel  *error_label;
};

enum {
  DIALED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (RdDialpad, rd_dialpad, GTK_TYPE_WIDGET)

static void
set_error (RdDialpad  *self,
           const char *error)
{
  g_free (self->error);
  self->error = g_strdup (error);
  gtk_label_set_label (self->error_label, error != NULL ? error : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), error != NULL);
}

char *
rd_dial_target (const char *text,
                const char *region)
{
  g_autofree char *trimmed = NULL;

  if (text == NULL)
    return NULL;
  trimmed = g_strstrip (g_strdup (text));
  if (g_str_has_prefix (trimmed, "sip:") || g_str_has_prefix (trimmed, "sips:"))
    return g_steal_pointer (&trimmed);
  if (g_str_has_prefix (trimmed, "tel:"))
    return rd_phone_number_to_e164 (trimmed + 4, region);
  return rd_phone_number_to_e164 (trimmed, region);
}

static void
call_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  RdDialpad *self = RD_DIALPAD (widget);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  g_autofree char *target = rd_dial_target (text, self->region);
  g_autoptr(GError) error = NULL;
  g_autoptr(RdCall) call = NULL;

  if (target == NULL)
    {
      set_error (self, _("This is not a phone number."));
      return;
    }

  call = rd_phone_dial (self->phone, target, &error);
  if (call == NULL)
    {
      set_error (self, error->message);
      return;
    }

  set_error (self, NULL);
  g_signal_emit (self, signals[DIALED], 0, call);
}

static void
key_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  RdDialpad *self = RD_DIALPAD (widget);
  int position = -1;

  gtk_editable_insert_text (GTK_EDITABLE (self->entry), g_variant_get_string (parameter, NULL),
                            -1, &position);
}

static void
rd_dialpad_entry_activate_cb (RdDialpad *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "dialpad.call", NULL);
}

static void
rd_dialpad_entry_changed_cb (RdDialpad *self)
{
  set_error (self, NULL);
}

static void
rd_dialpad_dispose (GObject *object)
{
  RdDialpad *self = RD_DIALPAD (object);

  g_clear_object (&self->phone);
  gtk_widget_dispose_template (GTK_WIDGET (self), RD_TYPE_DIALPAD);

  G_OBJECT_CLASS (rd_dialpad_parent_class)->dispose (object);
}

static void
rd_dialpad_finalize (GObject *object)
{
  RdDialpad *self = RD_DIALPAD (object);

  g_free (self->region);
  g_free (self->error);

  G_OBJECT_CLASS (rd_dialpad_parent_class)->finalize (object);
}

static void
rd_dialpad_class_init (RdDialpadClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rd_dialpad_dispose;
  object_class->finalize = rd_dialpad_finalize;

  signals[DIALED] =
    g_signal_new ("dialed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, RD_TYPE_CALL);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/ringdesk/Ringdesk/rd-dialpad.ui");
  gtk_widget_class_bind_template_child (widget_class, RdDialpad, content);
  gtk_widget_class_bind_template_child (widget_class, RdDialpad, entry);
  gtk_widget_class_bind_template_child (widget_class, RdDialpad, grid);
  gtk_widget_class_bind_template_child (widget_class, RdDialpad, error_label);
  gtk_widget_class_bind_template_callback (widget_class, rd_dialpad_entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, rd_dialpad_entry_changed_cb);

  gtk_widget_class_install_action (widget_class, "dialpad.call", NULL, call_action);
  gtk_widget_class_install_action (widget_class, "dialpad.key", "s", key_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
rd_dialpad_init (RdDialpad *self)
{
  static const char *const keys = "123456789*0#";

  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; keys[i] != '\0'; i++)
    {
      char key[2] = { keys[i], '\0' };
      GtkWidget *button = gtk_button_new_with_label (key);

      gtk_widget_add_css_class (button, "circular");
      gtk_widget_set_size_request (button, 56, 56);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "dialpad.key");
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_string (key));
      gtk_grid_attach (self->grid, button, i % 3, i / 3, 1, 1);
    }
}

GtkWidget *
rd_dialpad_new (RdPhone    *phone,
                const char *region)
{
  RdDialpad *self;

  g_return_val_if_fail (RD_IS_PHONE (phone), NULL);

  self = g_object_new (RD_TYPE_DIALPAD, NULL);
  self->phone = g_object_ref (phone);
  self->region = g_strdup (region != NULL ? region : "RU");
  return GTK_WIDGET (self);
}

void
rd_dialpad_set_number (RdDialpad  *self,
                       const char *number)
{
  g_return_if_fail (RD_IS_DIALPAD (self));
  gtk_editable_set_text (GTK_EDITABLE (self->entry), number != NULL ? number : "");
}

const char *
rd_dialpad_get_number (RdDialpad *self)
{
  g_return_val_if_fail (RD_IS_DIALPAD (self), NULL);
  return gtk_editable_get_text (GTK_EDITABLE (self->entry));
}

const char *
rd_dialpad_get_error (RdDialpad *self)
{
  g_return_val_if_fail (RD_IS_DIALPAD (self), NULL);
  return self->error;
}
