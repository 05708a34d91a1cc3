/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "rd-call-notifier.h"
#include "rd-ring-tone.h"
#include "rd-secrets.h"
#include "rd-softphone.h"

struct _RdSoftphone
{
  GObject          parent_instance;

  GApplication    *application;   /* weak */
  GSettings       *settings;
  RdBaresipEngine *engine;
  RdPhone         *phone;
  RdCallLog       *call_log;
  RdRingTone      *ring_tone;
  RdCallNotifier  *notifier;      /* NULL without an application */
  GCancellable    *cancellable;
  gboolean         notifications;
  int              recording_mode;  /* "recording-mode": 0 always, 1 on demand, 2 never */
  gboolean         can_record;      /* there is a folder for recordings */
  RdRegistrationState registration;
  char            *registration_reason;
  char            *account_line;  /* the account the engine has, or NULL */
  char            *aor;           /* its address of record, from "registration-changed" */
  gboolean         adding;        /* in rd_phone_add_account: its first event names the aor */
  guint            reload_id;     /* an account change waiting for the typing to stop */
  char            *leg_aor;       /* the local account campaign legs are dialled from */
};

G_DEFINE_FINAL_TYPE (RdSoftphone, rd_softphone, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_REGISTRATION,
  PROP_REGISTRATION_REASON,
  PROP_RECORDS_ON_DEMAND,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
registration_cb (RdPhone             *phone,
                 const char          *aor,
                 RdRegistrationState  state,
                 const char          *reason,
                 RdSoftphone         *self)
{
  /* The campaign leg's local account is not the agent's registration. */
  if (self->leg_aor != NULL && g_strcmp0 (aor, self->leg_aor) == 0)
    return;
  /* The account being added names its aor in its first event; events of an account
   * removed since (a late "unregistering") are not this softphone's state any more. */
  if (self->adding || self->aor == NULL)
    {
      g_free (self->aor);
      self->aor = g_strdup (aor);
    }
  else if (g_strcmp0 (self->aor, aor) != 0)
    return;
  g_object_freeze_notify (G_OBJECT (self));
  if (g_strcmp0 (self->registration_reason, reason) != 0)
    {
      g_free (self->registration_reason);
      self->registration_reason = g_strdup (reason);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REGISTRATION_REASON]);
    }
  if (self->registration != state)
    {
      self->registration = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REGISTRATION]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

static void
rd_softphone_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  RdSoftphone *self = RD_SOFTPHONE (object);

  switch (prop_id)
    {
    case PROP_REGISTRATION:
      g_value_set_enum (value, self->registration);
      break;
    case PROP_REGISTRATION_REASON:
      g_value_set_string (value, self->registration_reason);
      break;
    case PROP_RECORDS_ON_DEMAND:
      g_value_set_boolean (value, self->recording_mode == 1);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

char *
rd_softphone_account_line (GSettings *settings)
{
  g_autofree char *user = g_settings_get_string (settings, "sip-user");
  g_autofree char *domain = g_settings_get_string (settings, "sip-domain");
  g_autofree char *transport = g_settings_get_string (settings, "sip-transport");
  g_autofree char *proxy = g_settings_get_string (settings, "sip-outbound-proxy");
  GString *line;

  g_strstrip (user);
  g_strstrip (domain);
  g_strstrip (proxy);
  if (*user == '\0' || *domain == '\0')
    return NULL;

  line = g_string_new (NULL);
  g_string_append_printf (line, "<sip:%s@%s", user, domain);
  if (g_strcmp0 (transport, "udp") != 0)
    g_string_append_printf (line, ";transport=%s", transport);
  g_string_append_c (line, '>');
  if (*proxy != '\0')
    g_string_append_printf (line, ";outbound=\"%s%s\"",
                            g_str_has_prefix (proxy, "sip:") ? "" : "sip:", proxy);
  return g_string_free (line, FALSE);
}

static RdCall *
find_call (RdSoftphone *self,
           const char  *id)
{
  GListModel *calls = rd_phone_get_calls (self->phone);

  for (guint i = 0; i < g_list_model_get_n_items (calls); i++)
    {
      g_autoptr(RdCall) call = g_list_model_get_item (calls, i);
      if (g_strcmp0 (rd_call_get_id (call), id) == 0)
        return call;  /* the list keeps it alive */
    }
  return NULL;
}

static void
answer_activated_cb (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  RdSoftphone *self = user_data;
  RdCall *call = find_call (self, g_variant_get_string (parameter, NULL));
  g_autoptr(GError) error = NULL;

  if (call != NULL && !rd_phone_answer (self->phone, call, &error))
    g_message ("phone: %s", error->message);
}

static void
decline_activated_cb (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  RdSoftphone *self = user_data;
  RdCall *call = find_call (self, g_variant_get_string (parameter, NULL));
  g_autoptr(GError) error = NULL;

  if (call != NULL && !rd_phone_hang_up (self->phone, call, &error))
    g_message ("phone: %s", error->message);
}

/* The tone rings while any call is incoming (and the setting allows it); while the agent
 * talks on another call it is the quieter call-waiting tone, not a ring in their ear. */
static void
update_ring_tone (RdSoftphone *self)
{
  GListModel *calls = rd_phone_get_calls (self->phone);
  gboolean ringing = FALSE;
  gboolean on_call = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (calls); i++)
    {
      g_autoptr(RdCall) call = g_list_model_get_item (calls, i);
      RdCallState state = rd_call_get_state (call);

      if (rd_call_get_leg (call))
        continue;
      ringing |= state == RD_CALL_STATE_INCOMING;
      on_call |= state == RD_CALL_STATE_ESTABLISHED || state == RD_CALL_STATE_HELD;
    }
  rd_ring_tone_set_kind (self->ring_tone, on_call ? RD_RING_TONE_WAITING : RD_RING_TONE_RING);
  if (ringing && g_settings_get_boolean (self->settings, "ring-tone"))
    rd_ring_tone_start (self->ring_tone);
  else
    rd_ring_tone_stop (self->ring_tone);
}

static void
ring_call_state_cb (RdCall      *call,
                    GParamSpec  *pspec,
                    RdSoftphone *self)
{
  update_ring_tone (self);
}

static void
ring_call_added_cb (RdPhone     *phone,
                    RdCall      *call,
                    RdSoftphone *self)
{
  g_signal_connect_object (call, "notify::state", G_CALLBACK (ring_call_state_cb), self, 0);
  update_ring_tone (self);
}

static void
ring_call_ended_cb (RdPhone     *phone,
                    RdCall      *call,
                    RdSoftphone *self)
{
  update_ring_tone (self);
}

static void
call_state_cb (RdCall      *call,
               GParamSpec  *pspec,
               RdSoftphone *self)
{
  if (rd_call_get_state (call) == RD_CALL_STATE_INCOMING || self->notifier == NULL)
    return;
  rd_call_notifier_withdraw (self->notifier, call);
  g_signal_handlers_disconnect_by_func (call, call_state_cb, self);
}

/* The pop knows the caller's name: the notification says who calls. */
static void
screen_pop_cb (RdCallLog   *log,
               RdCall      *call,
               RdScreenPop *pop,
               RdSoftphone *self)
{
  const char *who = NULL;

  if (self->notifier == NULL || !self->notifications
      || rd_call_get_state (call) != RD_CALL_STATE_INCOMING
      || rd_call_get_id (call) == NULL)
    return;

  if (pop->kind == RD_SCREEN_POP_ONE)
    who = rd_record_get_string (g_ptr_array_index (pop->matches, 0), "name");
  if (who == NULL)
    who = rd_call_get_peer_name (call);
  if (who == NULL)
    who = pop->number != NULL ? pop->number : rd_call_get_peer_uri (call);

  rd_call_notifier_show (self->notifier, call, _("Incoming call"), who);
  g_signal_connect_object (call, "notify::state", G_CALLBACK (call_state_cb), self, 0);
}

static void
rd_softphone_dispose (GObject *object)
{
  RdSoftphone *self = RD_SOFTPHONE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->reload_id, g_source_remove);
  if (self->phone != NULL)
    rd_phone_stop (self->phone);
  if (self->application != NULL)
    {
      g_action_map_remove_action (G_ACTION_MAP (self->application), "softphone-answer");
      g_action_map_remove_action (G_ACTION_MAP (self->application), "softphone-decline");
      g_action_map_remove_action (G_ACTION_MAP (self->application), "sip-password-saved");
      g_object_remove_weak_pointer (G_OBJECT (self->application),
                                    (gpointer *) &self->application);
      self->application = NULL;
    }
  if (self->ring_tone != NULL)
    rd_ring_tone_stop (self->ring_tone);
  g_clear_object (&self->ring_tone);
  g_clear_object (&self->notifier);
  g_clear_object (&self->call_log);
  g_clear_object (&self->phone);
  g_clear_object (&self->engine);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->registration_reason, g_free);
  g_clear_pointer (&self->account_line, g_free);
  g_clear_pointer (&self->aor, g_free);
  g_clear_pointer (&self->leg_aor, g_free);

  G_OBJECT_CLASS (rd_softphone_parent_class)->dispose (object);
}

static void
rd_softphone_class_init (RdSoftphoneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rd_softphone_dispose;
  object_class->get_property = rd_softphone_get_property;

  /** RdSoftphone:registration: the state of the account's registration. */
  properties[PROP_REGISTRATION] =
    g_param_spec_enum ("registration", NULL, NULL, RD_TYPE_REGISTRATION_STATE,
                       RD_REGISTRATION_NONE,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /** RdSoftphone:registration-reason: what the registrar said ("403 Forbidden"…). */
  properties[PROP_REGISTRATION_REASON] =
    g_param_spec_string ("registration-reason", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /** RdSoftphone:records-on-demand: the agent records calls with the Record toggle. */
  properties[PROP_RECORDS_ON_DEMAND] =
    g_param_spec_boolean ("records-on-demand", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rd_softphone_init (RdSoftphone *self)
{
  self->cancellable = g_cancellable_new ();
  self->notifications = TRUE;
}

static void
recording_mode_changed (RdSoftphone *self)
{
  int mode = self->can_record ? g_settings_get_enum (self->settings, "recording-mode") : 2;
  gboolean was_on_demand = self->recording_mode == 1;

  self->recording_mode = mode;
  rd_baresip_engine_set_record_on_demand (self->engine, mode != 0);
  if (was_on_demand != (mode == 1))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECORDS_ON_DEMAND]);
}

static void account_setting_changed_cb (RdSoftphone *self);
static void sip_password_saved_cb (GSimpleAction *action, GVariant *parameter, gpointer user_data);

RdSoftphone *
rd_softphone_new (GApplication *application,
                  GSettings    *settings,
                  RdStore      *store,
                  const char   *recordings_dir)
{
  RdSoftphone *self;
  const GActionEntry actions[] = {
    { "softphone-answer", answer_activated_cb, "s", NULL, NULL, { 0 } },
    { "softphone-decline", decline_activated_cb, "s", NULL, NULL, { 0 } },
    { "sip-password-saved", sip_password_saved_cb, NULL, NULL, NULL, { 0 } },
  };

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (RD_IS_STORE (store), NULL);

  self = g_object_new (RD_TYPE_SOFTPHONE, NULL);
  self->settings = g_object_ref (settings);
  self->engine = rd_baresip_engine_new ();
  self->phone = rd_phone_new (RD_PHONE_BACKEND (self->engine));
  self->call_log = rd_call_log_new (store, rd_store_get_user (store));
  rd_call_log_attach (self->call_log, self->phone);
  g_signal_connect (self->call_log, "screen-pop", G_CALLBACK (screen_pop_cb), self);
  g_signal_connect (self->phone, "registration-changed", G_CALLBACK (registration_cb), self);
  self->ring_tone = rd_ring_tone_new ();
  g_signal_connect (self->phone, "call-added", G_CALLBACK (ring_call_added_cb), self);
  g_signal_connect (self->phone, "call-ended", G_CALLBACK (ring_call_ended_cb), self);
  g_signal_connect_object (self->settings, "changed::ring-tone",
                           G_CALLBACK (update_ring_tone), self, G_CONNECT_SWAPPED);

  /* "always" (0) records every call; "on-demand" (1) what the agent asks for with the
   * banner's Record toggle (docs/softphone.md); "never" (2) nothing: the engine records
   * on demand and nobody asks. The setting applies at once (calls in progress keep the
   * mode they started with). */
  self->can_record = recordings_dir != NULL;
  if (self->can_record)
    rd_baresip_engine_set_recordings_dir (self->engine, recordings_dir);
  recording_mode_changed (self);
  g_signal_connect_object (self->settings, "changed::recording-mode",
                           G_CALLBACK (recording_mode_changed), self, G_CONNECT_SWAPPED);
  for (guint i = 0; i < 4; i++)
    {
      static const char *const keys[] = {
        "changed::sip-user", "changed::sip-domain", "changed::sip-transport", "changed::sip-outbound-proxy" };

      g_signal_connect_object (self->settings, keys[i], G_CALLBACK (account_setting_changed_cb), self,
                               G_CONNECT_SWAPPED);
    }

  if (application != NULL)
    {
      self->application = application;
      self->notifier = rd_call_notifier_new (application);
      g_object_add_weak_pointer (G_OBJECT (application), (gpointer *) &self->application);
      g_action_map_add_action_entries (G_ACTION_MAP (application), actions,
                                       G_N_ELEMENTS (actions), self);
    }
  return self;
}

/* The engine's account becomes @line (NULL: none): the old one is unregistered first. */
static void
use_account (RdSoftphone *self,
             const char  *line,
             const char  *password)
{
  g_autoptr(GError) error = NULL;

  if (self->aor != NULL)
    {
      if (!rd_phone_remove_account (self->phone, self->aor, &error))
        g_message ("phone: %s", error->message);
      g_clear_error (&error);
      registration_cb (self->phone, self->aor, RD_REGISTRATION_NONE, "", self);
    }
  g_clear_pointer (&self->aor, g_free);
  g_clear_pointer (&self->account_line, g_free);
  if (line == NULL)
    return;

  self->account_line = g_strdup (line);
  self->adding = TRUE;
  if (!rd_phone_add_account (self->phone, line, password, &error))
    g_message ("phone: %s", error->message);
  self->adding = FALSE;
  g_clear_error (&error);
  if (!rd_phone_start (self->phone, &error))
    g_message ("phone: %s", error->message);
}

typedef struct {
  RdSoftphone *self;
  char        *line;   /* the account the password was looked up for */
} Lookup;

static void
password_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Lookup *lookup = user_data;
  g_autoptr(RdSoftphone) self = lookup->self;
  g_autofree char *line = lookup->line;
  g_autoptr(GError) error = NULL;
  g_autofree char *password = rd_secrets_lookup_finish (result, &error);
  g_autofree char *now = NULL;

  g_free (lookup);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
      || g_cancellable_is_cancelled (self->cancellable))
    return;
  /* No keyring, or no password kept: the account may still work (no registrar auth). */
  if (error != NULL)
    g_debug ("phone: no SIP password from the keyring: %s", error->message);
  /* The settings moved on while the keyring answered: a newer lookup is on its way. */
  now = rd_softphone_account_line (self->settings);
  if (g_strcmp0 (now, line) == 0)
    use_account (self, line, password);
  if (password != NULL)
    memset (password, 0, strlen (password));
}

static gboolean
reload_account_cb (gpointer user_data)
{
  RdSoftphone *self = user_data;
  g_autofree char *line = rd_softphone_account_line (self->settings);

  self->reload_id = 0;
  if (line == NULL)
    use_account (self, NULL, NULL);
  else
    rd_softphone_start (self);
  return G_SOURCE_REMOVE;
}

/* Preferences write the account fields as they are typed: the engine follows once the
 * typing has paused for a second and the account really differs. */
static void
account_setting_changed_cb (RdSoftphone *self)
{
  g_autofree char *line = rd_softphone_account_line (self->settings);

  g_clear_handle_id (&self->reload_id, g_source_remove);
  if (g_strcmp0 (line, self->account_line) != 0)
    self->reload_id = g_timeout_add (1000, reload_account_cb, self);
}

/**
 * rd_softphone_reload_account:
 *
 * Registers the account of the settings again with the password the keyring has now
 * (after Preferences stored a new one).
 */
void
rd_softphone_reload_account (RdSoftphone *self)
{
  g_return_if_fail (RD_IS_SOFTPHONE (self));
  g_clear_handle_id (&self->reload_id, g_source_remove);
  rd_softphone_start (self);
}

static void
sip_password_saved_cb (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer      user_data)
{
  rd_softphone_reload_account (user_data);
}

gboolean
rd_softphone_start (RdSoftphone *self)
{
  g_autofree char *line = NULL;
  g_autofree char *user = NULL;
  g_autofree char *domain = NULL;

  g_return_val_if_fail (RD_IS_SOFTPHONE (self), FALSE);

  line = rd_softphone_account_line (self->settings);
  if (line == NULL)
    return FALSE;

  user = g_settings_get_string (self->settings, "sip-user");
  domain = g_settings_get_string (self->settings, "sip-domain");
  {
    Lookup *lookup = g_new0 (Lookup, 1);

    lookup->self = g_object_ref (self);
    lookup->line = g_steal_pointer (&line);
    rd_secrets_lookup_async (RD_SECRET_SIP, g_strstrip (domain), g_strstrip (user),
                             self->cancellable, password_cb, lookup);
  }
  return TRUE;
}

void
rd_softphone_set_notifications (RdSoftphone *self,
                                gboolean     notifications)
{
  g_return_if_fail (RD_IS_SOFTPHONE (self));
  self->notifications = notifications;
}

/** The ring tone played while a call rings (setting "ring-tone"). */
RdRingTone *
rd_softphone_get_ring_tone (RdSoftphone *self)
{
  g_return_val_if_fail (RD_IS_SOFTPHONE (self), NULL);
  return self->ring_tone;
}

RdPhone *
rd_softphone_get_phone (RdSoftphone *self)
{
  g_return_val_if_fail (RD_IS_SOFTPHONE (self), NULL);
  return self->phone;
}

RdCallLog *
rd_softphone_get_call_log (RdSoftphone *self)
{
  g_return_val_if_fail (RD_IS_SOFTPHONE (self), NULL);
  return self->call_log;
}

/** Whether the agent records calls on demand (the banner's Record toggle). */
gboolean
rd_softphone_get_records_on_demand (RdSoftphone *self)
{
  g_return_val_if_fail (RD_IS_SOFTPHONE (self), FALSE);
  return self->recording_mode == 1;
}

RdBaresipEngine *
rd_softphone_get_engine (RdSoftphone *self)
{
  g_return_val_if_fail (RD_IS_SOFTPHONE (self), NULL);
  return self->engine;
}

/**
 * rd_softphone_dial_leg:
 *
 * Dials the agent's campaign leg @uri (docs/callcenter.md). The leg goes from a local
 * account of its own ("sip:ringdesk-leg@HOST", no registration, HOST the switch's) so that
 * neither the settings' registrar nor its outbound proxy stand between the agent and the
 * switch. Returns the call, marked as a leg (transfer full).
 */
RdCall *
rd_softphone_dial_leg (RdSoftphone  *self,
                       const char   *uri,
                       GError      **error)
{
  const char *at;
  const char *host_end;
  g_autofree char *host = NULL;
  g_autofree char *aor = NULL;

  g_return_val_if_fail (RD_IS_SOFTPHONE (self), NULL);
  g_return_val_if_fail (uri != NULL, NULL);

  at = strchr (uri, '@');
  if (!g_str_has_prefix (uri, "sip:") || at == NULL || at[1] == '\0')
    {
      g_set_error (error, RD_PHONE_ERROR, RD_PHONE_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a campaign leg address"), uri);
      return NULL;
    }
  host_end = strpbrk (at + 1, ":;>");
  host = host_end != NULL ? g_strndup (at + 1, host_end - at - 1) : g_strdup (at + 1);
  aor = g_strdup_printf ("sip:ringdesk-leg@%s", host);
  if (g_strcmp0 (aor, self->leg_aor) != 0)
    {
      g_autofree char *line = g_strdup_printf ("<%s>;regint=0", aor);

      if (self->leg_aor != NULL)
        rd_phone_remove_account (self->phone, self->leg_aor, NULL);
      g_clear_pointer (&self->leg_aor, g_free);
      if (!rd_phone_add_account (self->phone, line, NULL, error))
        return NULL;
      self->leg_aor = g_steal_pointer (&aor);
    }
  if (!rd_phone_start (self->phone, error))
    return NULL;
  return rd_phone_dial_leg (self->phone, self->leg_aor, uri, error);
}
