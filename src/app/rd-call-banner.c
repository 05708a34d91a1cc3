/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include <glib/gi18n.h>

#include "rd-call-banner-private.h"
#include "rd-dialpad.h"
#include "rd-labels.h"

/* Watches an RdPhone (and the call log's screen pops) and shows the newest live call.
 * It only reads the call's properties and calls RdPhone; it never talks to the engine. */


enum {
  PROP_0,
  PROP_CALL,
  PROP_HELD,
  PROP_MUTED,
  PROP_RECORDING,
  N_PROPS
};

enum {
  OPEN_RECORD,
  CREATE_CONTACT,
  CREATE_LEAD,
  WRAPUP_SAVED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (RdCallBanner, rd_call_banner, GTK_TYPE_WIDGET)

RdScreenPop *
rd_call_banner_current_pop (RdCallBanner *self)
{
  return self->call != NULL ? g_hash_table_lookup (self->pops, self->call) : NULL;
}

static char *
describe_state (RdCall *call)
{
  guint seconds;

  switch (rd_call_get_state (call))
    {
    case RD_CALL_STATE_INCOMING:
      return g_strdup (_("Incoming call"));
    case RD_CALL_STATE_DIALING:
      return g_strdup (_("Calling…"));
    case RD_CALL_STATE_RINGING:
    case RD_CALL_STATE_ALERTING:
      return g_strdup (_("Ringing…"));
    case RD_CALL_STATE_ESTABLISHED:
    case RD_CALL_STATE_HELD:
      seconds = (guint) rd_call_get_bill_seconds (call);
      if (rd_call_get_held (call))
        /* Translators: %u:%02u is the call's duration, minutes:seconds */
        return g_strdup_printf (_("On hold · %u:%02u"), seconds / 60, seconds % 60);
      return g_strdup_printf ("%u:%02u", seconds / 60, seconds % 60);
    case RD_CALL_STATE_CLOSED:
    default:
      return g_strdup (_("Call ended"));
    }
}

/* One button per record that owns the number: the agent says which one calls. */
static void
fill_chooser (RdCallBanner *self,
              RdScreenPop  *pop)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->choose_box))) != NULL)
    gtk_box_remove (self->choose_box, child);
  self->chooser_pop = pop;
  if (pop == NULL || pop->kind != RD_SCREEN_POP_SEVERAL)
    return;

  for (guint i = 0; i < pop->matches->len; i++)
    {
      RdRecord *match = g_ptr_array_index (pop->matches, i);
      const char *name = rd_record_get_string (match, "name");
      GtkWidget *button = gtk_button_new_with_label (name != NULL ? name : "");

      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "call.choose");
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button),
                                              g_variant_new ("(ss)", rd_record_get_table (match),
                                                             rd_record_get_id (match)));
      gtk_widget_add_css_class (button, "flat");
      gtk_box_append (self->choose_box, button);
    }
}

/* The best name for the caller: the pop's single match, the display name, the number. */
const char *
rd_call_banner_call_title (RdCall      *call,
            RdScreenPop *pop)
{
  const char *title = NULL;

  if (pop != NULL && pop->kind == RD_SCREEN_POP_ONE)
    title = rd_record_get_string (g_ptr_array_index (pop->matches, 0), "name");
  if (title == NULL)
    title = rd_call_get_peer_name (call);
  if (title == NULL)
    title = rd_call_get_number (call);
  if (title == NULL)
    title = rd_call_get_peer_uri (call);
  return title;
}

static const char *
status_label (const char *status)
{
  if (g_strcmp0 (status, "answered") == 0)
    return C_("call status", "Answered");
  if (g_strcmp0 (status, "missed") == 0)
    return C_("call status", "Missed");
  if (g_strcmp0 (status, "busy") == 0)
    return C_("call status", "Busy");
  return C_("call status", "Failed");
}

/* The single match's card in one line: organization · open tickets · open deals · owner ·
 * last call. Empty for other pops. */
static char *
card_text (RdScreenPop *pop)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  if (pop == NULL || pop->kind != RD_SCREEN_POP_ONE)
    return g_strdup ("");
  if (pop->organization != NULL && *pop->organization != '\0')
    g_ptr_array_add (parts, g_strdup (pop->organization));
  g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u open ticket", "%u open tickets",
                                                     pop->open_tickets), pop->open_tickets));
  g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u open deal", "%u open deals",
                                                     pop->open_deals), pop->open_deals));
  if (pop->owner != NULL)
    /* Translators: %s is the name of the user who owns the record */
    g_ptr_array_add (parts, g_strdup_printf (_("Owner: %s"), pop->owner));
  if (pop->n_calls > 0)
    {
      g_autofree char *when = rd_labels_time (pop->last_call_at);

      /* Translators: the caller's call history: "3 calls, last 25.11.2026 14:02 (Missed)" */
      g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u call, last %s (%s)",
                                                         "%u calls, last %s (%s)", pop->n_calls),
                                               pop->n_calls, when,
                                               status_label (pop->last_call_status)));
    }
  else
    g_ptr_array_add (parts, g_strdup (_("First call")));
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (" · ", (char **) parts->pdata);
}

/* A hidden revealer still asks for its child's width, which would fold the window's
 * leaflet with no call at all: the banner is visible only while one of its rows (the
 * call, the wrap-up) is shown or sliding. */
void
rd_call_banner_update_visibility (RdCallBanner *self)
{
  gboolean shown = gtk_revealer_get_reveal_child (self->revealer) ||
                   gtk_revealer_get_child_revealed (self->revealer) ||
                   gtk_revealer_get_reveal_child (self->waiting_revealer) ||
                   gtk_revealer_get_child_revealed (self->waiting_revealer) ||
                   gtk_revealer_get_reveal_child (self->wrapup_revealer) ||
                   gtk_revealer_get_child_revealed (self->wrapup_revealer);

  gtk_widget_set_visible (GTK_WIDGET (self), shown);
}

void
rd_call_banner_update (RdCallBanner *self)
{
  RdScreenPop *pop = rd_call_banner_current_pop (self);
  RdCall *call = self->call;
  g_autofree char *state = NULL;
  g_autofree char *subtitle = NULL;
  const char *title = NULL;
  const char *detail = NULL;
  g_autofree char *several = NULL;
  gboolean incoming, answered;

  gtk_revealer_set_reveal_child (self->revealer, call != NULL);
  rd_call_banner_update_visibility (self);
  if (call == NULL)
    {
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "call.answer", FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "call.hangup", FALSE);
      return;
    }

  incoming = rd_call_get_state (call) == RD_CALL_STATE_INCOMING;
  answered = rd_call_get_answered (call) != NULL && !rd_call_is_closed (call);

  title = rd_call_banner_call_title (call, pop);
  gtk_label_set_label (self->title_label, title != NULL ? title : "");

  if (pop != NULL && pop->kind == RD_SCREEN_POP_SEVERAL)
    detail = several = g_strdup_printf (ngettext ("%u record with this number",
                                                  "%u records with this number",
                                                  pop->matches->len),
                                        pop->matches->len);
  else if (pop != NULL && pop->kind == RD_SCREEN_POP_NONE)
    detail = _("Unknown number");
  else if (pop != NULL)
    detail = rd_call_get_number (call);

  state = describe_state (call);
  if (rd_call_get_recording (call) && !rd_call_is_closed (call))
    {
      /* Translators: %s is the call's state and duration, e.g. "1:05" */
      g_autofree char *with_rec = g_strdup_printf (_("%s · Recording"), state);
      g_free (state);
      state = g_steal_pointer (&with_rec);
    }
  subtitle = detail != NULL ? g_strdup_printf ("%s · %s", state, detail) : g_steal_pointer (&state);
  gtk_label_set_label (self->subtitle_label, subtitle);
  {
    g_autofree char *card = card_text (pop);

    gtk_label_set_label (self->card_label, card);
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->card_label), card);  /* when ellipsized */
    gtk_widget_set_visible (GTK_WIDGET (self->card_label), *card != '\0');
  }

  gtk_widget_set_visible (self->answer_button, incoming);
  gtk_button_set_label (self->hangup_button, incoming ? _("Decline") : _("Hang Up"));
  gtk_widget_set_visible (self->open_button, pop != NULL && pop->kind == RD_SCREEN_POP_ONE);
  gtk_widget_set_visible (self->create_button, pop != NULL && pop->kind == RD_SCREEN_POP_NONE
                                               && pop->number != NULL);
  gtk_widget_set_visible (self->create_lead_button, gtk_widget_get_visible (self->create_button));
  gtk_widget_set_visible (self->choose_button, pop != NULL && pop->kind == RD_SCREEN_POP_SEVERAL);
  if (pop != self->chooser_pop)
    fill_chooser (self, pop);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "call.answer", incoming);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "call.hangup", !rd_call_is_closed (call));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "call.hold", answered);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "call.mute", answered);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "call.record", answered && self->can_record);
  gtk_widget_set_visible (self->record_button, self->can_record);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "call.dtmf", answered);
  gtk_widget_set_sensitive (self->keypad_button, answered);
  gtk_widget_set_sensitive (self->transfer_button, answered && self->consulting == NULL);
  gtk_widget_set_visible (self->connect_button, self->consulting != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "call.transfer", answered);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "call.consult", answered);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "call.connect",
                                 self->consulting != NULL && answered);
}

static gboolean
tick_cb (gpointer user_data)
{
  rd_call_banner_update (user_data);
  return G_SOURCE_CONTINUE;
}

static void
sync_flags (RdCallBanner *self)
{
  gboolean held = self->call != NULL && rd_call_get_held (self->call);
  gboolean muted = self->call != NULL && rd_call_get_muted (self->call);
  gboolean recording = self->call != NULL && rd_call_get_recording (self->call);

  if (self->held != held)
    {
      self->held = held;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HELD]);
    }
  if (self->muted != muted)
    {
      self->muted = muted;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MUTED]);
    }
  if (self->recording != recording)
    {
      self->recording = recording;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECORDING]);
    }
}

static void
call_changed_cb (RdCall       *call,
                 GParamSpec   *pspec,
                 RdCallBanner *self)
{
  sync_flags (self);
  rd_call_banner_update (self);
}

static void
set_call (RdCallBanner *self,
          RdCall       *call)
{
  if (self->call == call)
    return;

  if (self->call != NULL)
    g_signal_handlers_disconnect_by_func (self->call, call_changed_cb, self);
  g_set_object (&self->call, call);
  if (call != NULL)
    g_signal_connect_object (call, "notify", G_CALLBACK (call_changed_cb), self, 0);

  /* A clock for the duration only while there is a call. */
  if (call != NULL && self->timer == 0)
    self->timer = g_timeout_add_seconds (1, tick_cb, self);
  else if (call == NULL)
    g_clear_handle_id (&self->timer, g_source_remove);

  sync_flags (self);
  rd_call_banner_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CALL]);
}

/* The newest call that is not closed. */
/* A call ringing while another is up: the waiting row shows it, not the main row. */
static gboolean
is_waiting (GListModel *calls,
            RdCall     *call)
{
  if (rd_call_get_state (call) != RD_CALL_STATE_INCOMING)
    return FALSE;
  for (guint i = 0; i < g_list_model_get_n_items (calls); i++)
    {
      g_autoptr(RdCall) other = g_list_model_get_item (calls, i);

      if (other != call && !rd_call_get_leg (other) && rd_call_get_answered (other) != NULL && !rd_call_is_closed (other))
        return TRUE;
    }
  return FALSE;
}

/* The waiting row: who calls (the pop's name and card) with Answer and Decline. */
void
rd_call_banner_update_waiting (RdCallBanner *self)
{
  RdCall *waiting = rd_phone_get_waiting_call (self->phone);
  RdScreenPop *pop = waiting != NULL ? g_hash_table_lookup (self->pops, waiting) : NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "call.answer-waiting", waiting != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "call.decline-waiting", waiting != NULL);
  if (waiting != NULL)
    {
      const char *title = rd_call_banner_call_title (waiting, pop);
      g_autofree char *text = NULL;
      g_autofree char *card = card_text (pop);
      g_autofree char *several = NULL;
      const char *detail = card;

      /* Translators: %s is the second caller's name or number */
      text = g_strdup_printf (_("Call waiting: %s"), title != NULL ? title : "");
      gtk_label_set_label (self->waiting_title_label, text);
      if (*detail == '\0' && pop != NULL && pop->kind == RD_SCREEN_POP_NONE)
        detail = _("Unknown number");
      else if (*detail == '\0' && pop != NULL && pop->kind == RD_SCREEN_POP_SEVERAL)
        detail = several = g_strdup_printf (ngettext ("%u record with this number",
                                                      "%u records with this number",
                                                      pop->matches->len),
                                            pop->matches->len);
      else if (*detail == '\0' && rd_call_get_number (waiting) != NULL)
        detail = rd_call_get_number (waiting);
      gtk_label_set_label (self->waiting_detail_label, detail);
      gtk_widget_set_visible (GTK_WIDGET (self->waiting_detail_label), *detail != '\0');
    }
  gtk_revealer_set_reveal_child (self->waiting_revealer, waiting != NULL);
  rd_call_banner_update_visibility (self);
}

static void
pick_call (RdCallBanner *self)
{
  GListModel *calls = rd_phone_get_calls (self->phone);
  guint n = g_list_model_get_n_items (calls);
  g_autoptr(RdCall) shown = NULL;

  for (guint i = n; i > 0 && shown == NULL; i--)
    {
      g_autoptr(RdCall) call = g_list_model_get_item (calls, i - 1);

      /* A campaign leg is the workspace's business, not a call to show. */
      if (!rd_call_get_leg (call) && !is_waiting (calls, call))
        shown = g_steal_pointer (&call);
    }
  set_call (self, shown);
}

static void
waiting_changed_cb (RdPhone      *phone,
                    GParamSpec   *pspec,
                    RdCallBanner *self)
{
  pick_call (self);
  rd_call_banner_update_waiting (self);
}

static void
calls_changed_cb (GListModel   *calls,
                  guint         position,
                  guint         removed,
                  guint         added,
                  RdCallBanner *self)
{
  pick_call (self);
}

static void
rd_call_banner_dispose (GObject *object)
{
  RdCallBanner *self = RD_CALL_BANNER (object);

  set_call (self, NULL);
  if (self->phone != NULL)
    {
      g_signal_handlers_disconnect_by_data (rd_phone_get_calls (self->phone), self);
      g_signal_handlers_disconnect_by_data (self->phone, self);
    }
  if (self->call_log != NULL)
    g_signal_handlers_disconnect_by_data (self->call_log, self);
  g_clear_object (&self->consulting);
  g_clear_object (&self->phone);
  g_clear_object (&self->call_log);
  g_clear_pointer (&self->pops, g_hash_table_unref);
  g_clear_pointer (&self->region, g_free);
  g_clear_pointer (&self->wrapup_record_id, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), RD_TYPE_CALL_BANNER);

  G_OBJECT_CLASS (rd_call_banner_parent_class)->dispose (object);
}

static void
rd_call_banner_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  RdCallBanner *self = RD_CALL_BANNER (object);

  switch (prop_id)
    {
    case PROP_CALL:
      g_value_set_object (value, self->call);
      break;
    case PROP_HELD:
      g_value_set_boolean (value, self->held);
      break;
    case PROP_MUTED:
      g_value_set_boolean (value, self->muted);
      break;
    case PROP_RECORDING:
      g_value_set_boolean (value, self->recording);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rd_call_banner_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  RdCallBanner *self = RD_CALL_BANNER (object);
  g_autoptr(GError) error = NULL;

  /* The toggles ask the phone; the flags follow the call once the engine confirms. */
  switch (prop_id)
    {
    case PROP_HELD:
      if (self->call != NULL
          && !rd_phone_set_held (self->phone, self->call, g_value_get_boolean (value), &error))
        rd_call_banner_report (self, error);
      break;
    case PROP_MUTED:
      if (self->call != NULL
          && !rd_phone_set_muted (self->phone, self->call, g_value_get_boolean (value), &error))
        rd_call_banner_report (self, error);
      break;
    case PROP_RECORDING:
      if (self->call != NULL
          && !rd_phone_set_recording (self->phone, self->call, g_value_get_boolean (value),
                                      &error))
        rd_call_banner_report (self, error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rd_call_banner_class_init (RdCallBannerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rd_call_banner_dispose;
  object_class->get_property = rd_call_banner_get_property;
  object_class->set_property = rd_call_banner_set_property;

  properties[PROP_CALL] =
    g_param_spec_object ("call", NULL, NULL, RD_TYPE_CALL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_HELD] =
    g_param_spec_boolean ("held", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_MUTED] =
    g_param_spec_boolean ("muted", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /** RdCallBanner:recording: the call is being recorded (on demand: the Record toggle). */
  properties[PROP_RECORDING] =
    g_param_spec_boolean ("recording", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[OPEN_RECORD] =
    g_signal_new ("open-record", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
  signals[CREATE_CONTACT] =
    g_signal_new ("create-contact", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[CREATE_LEAD] =
    g_signal_new ("create-lead", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[WRAPUP_SAVED] =
    g_signal_new ("wrapup-saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/ringdesk/Ringdesk/rd-call-banner.ui");
  gtk_widget_class_bind_template_child (widget_class, RdCallBanner, layout_box);
  gtk_widget_class_bind_template_child (widget_class, RdCallBanner, revealer);
  gtk_widget_class_bind_template_child (widget_class, RdCallBanner, title_label);
  gtk_widget_class_bind_template_child (widget_class, RdCallBanner, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, RdCallBanner, card_label);
  gtk_widget_class_bind_template_child (widget_class, RdCallBanner, open_button);
  gtk_widget_class_bind_template_child (widget_class, RdCallBanner, create_button);
  gtk_widget_class_bind_template_child (widget_class, RdCallBanner, create_lead_button);
  gtk_widget_class_bind_template_child (widget_class, RdCallBanner, choose_button);
  gtk_widget_class_bind_template_child (widget_class, RdCallBanner, choose_box);
  gtk_widget_class_bind_template_child (widget_class, RdCallBanner, record_button);
  gtk_widget_class_bind_template_child (widget_class, RdCallBanner, answer_button);
  gtk_widget_class_bind_template_child (widget_class, RdCallBanner, hangup_button);
  gtk_widget_class_bind_template_child (widget_class, RdCallBanner, keypad_grid);
  gtk_widget_class_bind_template_child (widget_class, RdCallBanner, keypad_button);
  gtk_widget_class_bind_template_child (widget_class, RdCallBanner, transfer_button);
  gtk_widget_class_bind_template_child (widget_class, RdCallBanner, transfer_popover);
  gtk_widget_class_bind_template_child (widget_class, RdCallBanner, transfer_entry);
  gtk_widget_class_bind_template_child (widget_class, RdCallBanner, connect_button);
  gtk_widget_class_bind_template_child (widget_class, RdCallBanner, waiting_revealer);
  gtk_widget_class_bind_template_child (widget_class, RdCallBanner, waiting_title_label);
  gtk_widget_class_bind_template_child (widget_class, RdCallBanner, waiting_detail_label);
  gtk_widget_class_bind_template_child (widget_class, RdCallBanner, wrapup_revealer);
  gtk_widget_class_bind_template_child (widget_class, RdCallBanner, wrapup_label);
  gtk_widget_class_bind_template_child (widget_class, RdCallBanner, disposition_dropdown);
  gtk_widget_class_bind_template_child (widget_class, RdCallBanner, notes_entry);

  rd_call_banner_install_actions (widget_class);
  gtk_widget_class_install_property_action (widget_class, "call.hold", "held");
  gtk_widget_class_install_property_action (widget_class, "call.mute", "muted");
  gtk_widget_class_install_property_action (widget_class, "call.record", "recording");

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
rd_call_banner_child_revealed_cb (RdCallBanner *self,
                                  GParamSpec   *pspec,
                                  GtkRevealer  *revealer)
{
  rd_call_banner_update_visibility (self);
}

static void
rd_call_banner_init (RdCallBanner *self)
{
  static const char *const keys = "123456789*0#";
  const char *const labels[] = {
    [0] = C_("disposition", "Sale"), [1] = C_("disposition", "Not Interested"),
    [2] = C_("disposition", "Call Back"), [3] = C_("disposition", "Wrong Number"),
    [4] = C_("disposition", "Do Not Call"), [5] = C_("disposition", "No Answer"),
    [6] = C_("disposition", "Other"), NULL
  };
  g_autoptr(GtkStringList) dispositions = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
  g_signal_connect_object (self->revealer, "notify::child-revealed",
                           G_CALLBACK (rd_call_banner_child_revealed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->waiting_revealer, "notify::child-revealed",
                           G_CALLBACK (rd_call_banner_child_revealed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->wrapup_revealer, "notify::child-revealed",
                           G_CALLBACK (rd_call_banner_child_revealed_cb), self, G_CONNECT_SWAPPED);
  /* The labels follow rd_call_log_dispositions() one to one. */
  g_assert (g_strv_length ((char **) labels) == g_strv_length ((char **) rd_call_log_dispositions ()));
  dispositions = gtk_string_list_new (labels);
  gtk_drop_down_set_model (self->disposition_dropdown, G_LIST_MODEL (dispositions));
  self->pops = g_hash_table_new_full (NULL, NULL, g_object_unref,
                                      (GDestroyNotify) rd_screen_pop_free);

  for (guint i = 0; keys[i] != '\0'; i++)
    {
      char digit[2] = { keys[i], '\0' };
      GtkWidget *button = gtk_button_new_with_label (digit);

      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "call.dtmf");
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button),
                                              g_variant_new_string (digit));
      gtk_grid_attach (self->keypad_grid, button, i % 3, i / 3, 1, 1);
    }
}

GtkWidget *
rd_call_banner_new (RdPhone   *phone,
                    RdCallLog *call_log)
{
  RdCallBanner *self;

  g_return_val_if_fail (RD_IS_PHONE (phone), NULL);
  g_return_val_if_fail (call_log == NULL || RD_IS_CALL_LOG (call_log), NULL);

  self = g_object_new (RD_TYPE_CALL_BANNER, NULL);
  self->phone = g_object_ref (phone);
  g_signal_connect (rd_phone_get_calls (phone), "items-changed",
                    G_CALLBACK (calls_changed_cb), self);
  g_signal_connect (phone, "call-ended", G_CALLBACK (rd_call_banner_call_ended_cb), self);
  g_signal_connect (phone, "transfer-finished", G_CALLBACK (rd_call_banner_transfer_finished_cb), self);
  g_signal_connect (phone, "notify::waiting-call", G_CALLBACK (waiting_changed_cb), self);
  if (call_log != NULL)
    {
      self->call_log = g_object_ref (call_log);
      g_signal_connect (call_log, "screen-pop", G_CALLBACK (rd_call_banner_screen_pop_cb), self);
    }
  self->region = g_strdup ("US");
  pick_call (self);
  rd_call_banner_update_waiting (self);
  return GTK_WIDGET (self);
}

void
rd_call_banner_set_can_record (RdCallBanner *self,
                               gboolean      can_record)
{
  g_return_if_fail (RD_IS_CALL_BANNER (self));
  self->can_record = !!can_record;
  rd_call_banner_update (self);
}

void
rd_call_banner_set_region (RdCallBanner *self,
                           const char   *region)
{
  g_return_if_fail (RD_IS_CALL_BANNER (self));
  g_free (self->region);
  self->region = g_strdup (region);
}

RdCall *
rd_call_banner_get_call (RdCallBanner *self)
{
  g_return_val_if_fail (RD_IS_CALL_BANNER (self), NULL);
  return self->call;
}
