/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include <glib/gi18n.h>

#include "rd-call-banner-private.h"
#include "rd-dialpad.h"

/* The banner's actions: answer, hang up, keypad, transfers, the chooser, create contact
 * or lead, call waiting and the wrap-up row. They call RdPhone and RdCallLog; what the
 * call does next comes back through its properties (rd-call-banner.c). */

void
rd_call_banner_report (RdCallBanner *self,
        GError       *error)
{
  /* The banner has no room for dialogs: the window's toast shows g_message lines. */
  if (error != NULL)
    g_message ("phone: %s", error->message);
}

static guint
disposition_index (const char *value)
{
  const char *const *dispositions = rd_call_log_dispositions ();

  for (guint i = 0; dispositions[i] != NULL; i++)
    if (g_strcmp0 (dispositions[i], value) == 0)
      return i;
  return 0;
}

/* After a call: the wrap-up row asks for its outcome and notes (the record is written
 * already, or now: rd_call_log_write() is idempotent). A newer call's wrap-up replaces an
 * unsaved one. */
static void
start_wrapup (RdCallBanner *self,
              RdCall       *call)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *text = NULL;
  const char *title;

  if (self->call_log == NULL)
    return;
  id = rd_call_log_write (self->call_log, call, &error);
  if (id == NULL)
    {
      rd_call_banner_report (self, error);
      return;
    }

  g_free (self->wrapup_record_id);
  self->wrapup_record_id = g_steal_pointer (&id);
  title = rd_call_banner_call_title (call, g_hash_table_lookup (self->pops, call));
  /* Translators: %s is the caller's name or number */
  text = g_strdup_printf (_("Wrap-up: %s"), title != NULL ? title : "");
  gtk_label_set_label (self->wrapup_label, text);
  gtk_drop_down_set_selected (self->disposition_dropdown,
                              disposition_index (rd_call_get_answered (call) != NULL
                                                 ? "other" : "no_answer"));
  gtk_editable_set_text (GTK_EDITABLE (self->notes_entry), "");
  gtk_revealer_set_reveal_child (self->wrapup_revealer, TRUE);
  rd_call_banner_update_visibility (self);
}

/* TRUE while the agent talks on (or holds) a call other than @call. */
static gboolean
other_call_up (RdPhone *phone,
               RdCall  *call)
{
  GListModel *calls = rd_phone_get_calls (phone);

  for (guint i = 0; i < g_list_model_get_n_items (calls); i++)
    {
      g_autoptr(RdCall) other = g_list_model_get_item (calls, i);
      RdCallState state = rd_call_get_state (other);

      if (other != call && !rd_call_get_leg (other) && (state == RD_CALL_STATE_ESTABLISHED || state == RD_CALL_STATE_HELD))
        return TRUE;
    }
  return FALSE;
}

void
rd_call_banner_call_ended_cb (RdPhone      *phone,
               RdCall       *call,
               RdCallBanner *self)
{
  /* A campaign leg that closes asks no wrap-up: the campaign workspace re-makes it. */
  if (rd_call_get_leg (call))
    return;
  /* A waiting call declined or given up while the agent talks on another is recorded
   * (missed) but asks no wrap-up: the conversation going on is the agent's call. */
  if (rd_call_get_answered (call) == NULL && other_call_up (phone, call))
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *id = self->call_log != NULL ? rd_call_log_write (self->call_log, call, &error) : NULL;

      if (self->call_log != NULL && id == NULL)
        rd_call_banner_report (self, error);
    }
  else
    start_wrapup (self, call);
  g_hash_table_remove (self->pops, call);
}

static void
end_wrapup (RdCallBanner *self)
{
  g_clear_pointer (&self->wrapup_record_id, g_free);
  gtk_revealer_set_reveal_child (self->wrapup_revealer, FALSE);
  rd_call_banner_update_visibility (self);
}

static void
save_wrapup_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  RdCallBanner *self = RD_CALL_BANNER (widget);
  const char *const *dispositions = rd_call_log_dispositions ();
  guint selected = gtk_drop_down_get_selected (self->disposition_dropdown);
  g_autoptr(GError) error = NULL;

  if (self->wrapup_record_id == NULL || self->call_log == NULL)
    return;
  if (selected >= g_strv_length ((char **) dispositions))
    selected = disposition_index ("other");
  if (!rd_call_log_set_disposition (self->call_log, self->wrapup_record_id,
                                    dispositions[selected],
                                    gtk_editable_get_text (GTK_EDITABLE (self->notes_entry)),
                                    &error))
    {
      /* Nothing is lost: the row stays open with what the agent typed. */
      rd_call_banner_report (self, error);
      return;
    }
  g_signal_emit_by_name (self, "wrapup-saved", self->wrapup_record_id);
  end_wrapup (self);
}

static void
skip_wrapup_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  end_wrapup (RD_CALL_BANNER (widget));
}

static void
rd_call_banner_notes_activate_cb (RdCallBanner *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "call.save-wrapup", NULL);
}

void
rd_call_banner_screen_pop_cb (RdCallLog    *log,
               RdCall       *call,
               RdScreenPop  *pop,
               RdCallBanner *self)
{
  g_hash_table_insert (self->pops, g_object_ref (call), rd_screen_pop_copy (pop));
  if (call == self->call)
    rd_call_banner_update (self);
  if (call == rd_phone_get_waiting_call (self->phone))
    rd_call_banner_update_waiting (self);
}


static void
answer_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  RdCallBanner *self = RD_CALL_BANNER (widget);
  g_autoptr(GError) error = NULL;

  if (self->call != NULL && !rd_phone_answer (self->phone, self->call, &error))
    rd_call_banner_report (self, error);
}

static void
answer_waiting_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  RdCallBanner *self = RD_CALL_BANNER (widget);
  g_autoptr(GError) error = NULL;

  if (!rd_phone_answer_waiting (self->phone, &error))
    rd_call_banner_report (self, error);
}

static void
decline_waiting_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  RdCallBanner *self = RD_CALL_BANNER (widget);
  RdCall *waiting = rd_phone_get_waiting_call (self->phone);
  g_autoptr(GError) error = NULL;

  if (waiting != NULL && !rd_phone_hang_up (self->phone, waiting, &error))
    rd_call_banner_report (self, error);
}

static void
hangup_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  RdCallBanner *self = RD_CALL_BANNER (widget);
  g_autoptr(GError) error = NULL;

  if (self->call != NULL && !rd_phone_hang_up (self->phone, self->call, &error))
    rd_call_banner_report (self, error);
}

static void
dtmf_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  RdCallBanner *self = RD_CALL_BANNER (widget);
  g_autoptr(GError) error = NULL;

  if (self->call != NULL
      && !rd_phone_send_dtmf (self->phone, self->call, g_variant_get_string (parameter, NULL),
                              &error))
    rd_call_banner_report (self, error);
}

static char *
target_of (RdCallBanner *self,
           GVariant     *parameter)
{
  char *target = rd_dial_target (g_variant_get_string (parameter, NULL), self->region);

  if (target == NULL)
    g_message ("phone: “%s” is not a number or a SIP address",
               g_variant_get_string (parameter, NULL));
  return target;
}

static void
transfer_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  RdCallBanner *self = RD_CALL_BANNER (widget);
  g_autofree char *target = target_of (self, parameter);
  g_autoptr(GError) error = NULL;

  if (self->call != NULL && target != NULL
      && !rd_phone_transfer (self->phone, self->call, target, &error))
    rd_call_banner_report (self, error);
}

static void
consult_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  RdCallBanner *self = RD_CALL_BANNER (widget);
  g_autofree char *target = target_of (self, parameter);
  g_autoptr(GError) error = NULL;
  g_autoptr(RdCall) original = self->call != NULL ? g_object_ref (self->call) : NULL;
  g_autoptr(RdCall) consult = NULL;

  if (original == NULL || target == NULL)
    return;
  consult = rd_phone_start_attended_transfer (self->phone, original, target, &error);
  if (consult == NULL)
    {
      rd_call_banner_report (self, error);
      return;
    }
  g_set_object (&self->consulting, original);
  rd_call_banner_update (self);
}

static void
connect_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  RdCallBanner *self = RD_CALL_BANNER (widget);
  g_autoptr(GError) error = NULL;

  if (self->consulting != NULL
      && !rd_phone_complete_attended_transfer (self->phone, self->consulting, &error))
    rd_call_banner_report (self, error);
}

void
rd_call_banner_transfer_finished_cb (RdPhone      *phone,
                      RdCall       *call,
                      gboolean      transferred,
                      RdCallBanner *self)
{
  if (call == self->consulting)
    {
      g_clear_object (&self->consulting);
      rd_call_banner_update (self);
    }
}

static void
rd_call_banner_transfer_clicked_cb (RdCallBanner *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->transfer_entry));

  gtk_popover_popdown (self->transfer_popover);
  gtk_widget_activate_action (GTK_WIDGET (self), "call.transfer", "s", text);
}

static void
rd_call_banner_consult_clicked_cb (RdCallBanner *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->transfer_entry));

  gtk_popover_popdown (self->transfer_popover);
  gtk_widget_activate_action (GTK_WIDGET (self), "call.consult", "s", text);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  RdCallBanner *self = RD_CALL_BANNER (widget);
  RdScreenPop *pop = rd_call_banner_current_pop (self);
  RdRecord *match;

  if (pop == NULL || pop->kind != RD_SCREEN_POP_ONE)
    return;
  match = g_ptr_array_index (pop->matches, 0);
  g_signal_emit_by_name (self, "open-record", rd_record_get_table (match),
                 rd_record_get_id (match));
}

static void
choose_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  RdCallBanner *self = RD_CALL_BANNER (widget);
  RdScreenPop *pop = rd_call_banner_current_pop (self);
  g_autoptr(GError) error = NULL;
  const char *table;
  const char *id;

  g_variant_get (parameter, "(&s&s)", &table, &id);
  if (self->call == NULL || pop == NULL)
    return;

  /* The choice becomes the call's record, and the banner shows its card as for a single
   * match (organization, tickets, deals, owner, last calls, Open). */
  if (self->call_log != NULL)
    {
      RdScreenPop *chosen = rd_call_log_choose (self->call_log, self->call, pop, id, &error);

      if (chosen == NULL)
        {
          rd_call_banner_report (self, error);
          return;
        }
      g_hash_table_insert (self->pops, g_object_ref (self->call), chosen);
    }
  rd_call_banner_update (self);
  g_signal_emit_by_name (self, "open-record", table, id);
}

static void
create_contact_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  RdCallBanner *self = RD_CALL_BANNER (widget);
  RdScreenPop *pop = rd_call_banner_current_pop (self);

  if (pop != NULL && pop->number != NULL)
    g_signal_emit_by_name (self, "create-contact", pop->number);
}

static void
create_lead_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  RdCallBanner *self = RD_CALL_BANNER (widget);
  RdScreenPop *pop = rd_call_banner_current_pop (self);

  if (pop != NULL && pop->number != NULL)
    g_signal_emit_by_name (self, "create-lead", pop->number);
}

/* The banner's actions and template callbacks (the state actions call.hold, call.mute and
 * call.record are property actions, installed with the properties). */
void
rd_call_banner_install_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, rd_call_banner_notes_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, rd_call_banner_transfer_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, rd_call_banner_consult_clicked_cb);
  gtk_widget_class_install_action (widget_class, "call.answer", NULL, answer_action);
  gtk_widget_class_install_action (widget_class, "call.hangup", NULL, hangup_action);
  gtk_widget_class_install_action (widget_class, "call.answer-waiting", NULL,
                                   answer_waiting_action);
  gtk_widget_class_install_action (widget_class, "call.decline-waiting", NULL,
                                   decline_waiting_action);
  gtk_widget_class_install_action (widget_class, "call.dtmf", "s", dtmf_action);
  gtk_widget_class_install_action (widget_class, "call.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "call.choose", "(ss)", choose_action);
  gtk_widget_class_install_action (widget_class, "call.transfer", "s", transfer_action);
  gtk_widget_class_install_action (widget_class, "call.consult", "s", consult_action);
  gtk_widget_class_install_action (widget_class, "call.connect", NULL, connect_action);
  gtk_widget_class_install_action (widget_class, "call.create-contact", NULL,
                                   create_contact_action);
  gtk_widget_class_install_action (widget_class, "call.create-lead", NULL, create_lead_action);
  gtk_widget_class_install_action (widget_class, "call.save-wrapup", NULL, save_wrapup_action);
  gtk_widget_class_install_action (widget_class, "call.skip-wrapup", NULL, skip_wrapup_action);
}
