/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "rd-call-private.h"

/**
 * RdCall:
 *
 * One phone call as the UI sees it (GNOME Calls' CallsCall is the model): the engine
 * backend moves it through its states, the UI binds to its properties, and the call log
 * turns a closed call into a call record.
 */
struct _RdCall {
  GObject          parent_instance;

  char            *id;
  char            *account;
  RdCallDirection  direction;
  RdCallState      state;
  char            *peer_uri;
  char            *peer_name;
  char            *number;
  GDateTime       *started;
  GDateTime       *answered;
  GDateTime       *ended;
  char            *hangup_cause;
  guint            sip_status;
  gboolean         muted;
  gboolean         held;
  gboolean         recording;
  char            *recording_path;
  gboolean         leg;
};

G_DEFINE_FINAL_TYPE (RdCall, rd_call, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (RdCallDirection, rd_call_direction,
  G_DEFINE_ENUM_VALUE (RD_CALL_DIRECTION_INCOMING, "incoming"),
  G_DEFINE_ENUM_VALUE (RD_CALL_DIRECTION_OUTGOING, "outgoing"))

G_DEFINE_ENUM_TYPE (RdCallState, rd_call_state,
  G_DEFINE_ENUM_VALUE (RD_CALL_STATE_INCOMING, "incoming"),
  G_DEFINE_ENUM_VALUE (RD_CALL_STATE_RINGING, "ringing"),
  G_DEFINE_ENUM_VALUE (RD_CALL_STATE_DIALING, "dialing"),
  G_DEFINE_ENUM_VALUE (RD_CALL_STATE_ALERTING, "alerting"),
  G_DEFINE_ENUM_VALUE (RD_CALL_STATE_ESTABLISHED, "established"),
  G_DEFINE_ENUM_VALUE (RD_CALL_STATE_HELD, "held"),
  G_DEFINE_ENUM_VALUE (RD_CALL_STATE_CLOSED, "closed"))

enum {
  PROP_0,
  PROP_ID,
  PROP_ACCOUNT,
  PROP_DIRECTION,
  PROP_STATE,
  PROP_PEER_URI,
  PROP_PEER_NAME,
  PROP_NUMBER,
  PROP_STARTED,
  PROP_ANSWERED,
  PROP_ENDED,
  PROP_HANGUP_CAUSE,
  PROP_SIP_STATUS,
  PROP_MUTED,
  PROP_HELD,
  PROP_RECORDING,
  PROP_RECORDING_PATH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
rd_call_finalize (GObject *object)
{
  RdCall *self = (RdCall *) object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->account, g_free);
  g_clear_pointer (&self->peer_uri, g_free);
  g_clear_pointer (&self->peer_name, g_free);
  g_clear_pointer (&self->number, g_free);
  g_clear_pointer (&self->started, g_date_time_unref);
  g_clear_pointer (&self->answered, g_date_time_unref);
  g_clear_pointer (&self->ended, g_date_time_unref);
  g_clear_pointer (&self->hangup_cause, g_free);
  g_clear_pointer (&self->recording_path, g_free);

  G_OBJECT_CLASS (rd_call_parent_class)->finalize (object);
}

static void
rd_call_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  RdCall *self = RD_CALL (object);

  switch (prop_id)
    {
    case PROP_ID:             g_value_set_string (value, self->id); break;
    case PROP_ACCOUNT:        g_value_set_string (value, self->account); break;
    case PROP_DIRECTION:      g_value_set_enum (value, self->direction); break;
    case PROP_STATE:          g_value_set_enum (value, self->state); break;
    case PROP_PEER_URI:       g_value_set_string (value, self->peer_uri); break;
    case PROP_PEER_NAME:      g_value_set_string (value, self->peer_name); break;
    case PROP_NUMBER:         g_value_set_string (value, self->number); break;
    case PROP_STARTED:        g_value_set_boxed (value, self->started); break;
    case PROP_ANSWERED:       g_value_set_boxed (value, self->answered); break;
    case PROP_ENDED:          g_value_set_boxed (value, self->ended); break;
    case PROP_HANGUP_CAUSE:   g_value_set_string (value, self->hangup_cause); break;
    case PROP_SIP_STATUS:     g_value_set_uint (value, self->sip_status); break;
    case PROP_MUTED:          g_value_set_boolean (value, self->muted); break;
    case PROP_HELD:           g_value_set_boolean (value, self->held); break;
    case PROP_RECORDING:      g_value_set_boolean (value, self->recording); break;
    case PROP_RECORDING_PATH: g_value_set_string (value, self->recording_path); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rd_call_class_init (RdCallClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = rd_call_finalize;
  object_class->get_property = rd_call_get_property;

  /** RdCall:id: the engine's identifier (for SIP engines the Call-ID). */
  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  /** RdCall:account: the address of record of the account that carries the call. */
  properties[PROP_ACCOUNT] = g_param_spec_string ("account", NULL, NULL, NULL, flags);
  properties[PROP_DIRECTION] =
    g_param_spec_enum ("direction", NULL, NULL, RD_TYPE_CALL_DIRECTION,
                       RD_CALL_DIRECTION_INCOMING, flags);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, RD_TYPE_CALL_STATE, RD_CALL_STATE_INCOMING, flags);
  properties[PROP_PEER_URI] = g_param_spec_string ("peer-uri", NULL, NULL, NULL, flags);
  properties[PROP_PEER_NAME] = g_param_spec_string ("peer-name", NULL, NULL, NULL, flags);
  /** RdCall:number: the peer's number, normalized (E.164 when the phone shim can). */
  properties[PROP_NUMBER] = g_param_spec_string ("number", NULL, NULL, NULL, flags);
  properties[PROP_STARTED] =
    g_param_spec_boxed ("started", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_ANSWERED] =
    g_param_spec_boxed ("answered", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_ENDED] = g_param_spec_boxed ("ended", NULL, NULL, G_TYPE_DATE_TIME, flags);
  /** RdCall:hangup-cause: one of the RD_CALL_CAUSE_* strings once closed. */
  properties[PROP_HANGUP_CAUSE] =
    g_param_spec_string ("hangup-cause", NULL, NULL, NULL, flags);
  /** RdCall:sip-status: the final SIP status of a failed call (486, 603…), else 0. */
  properties[PROP_SIP_STATUS] =
    g_param_spec_uint ("sip-status", NULL, NULL, 0, 699, 0, flags);
  properties[PROP_MUTED] = g_param_spec_boolean ("muted", NULL, NULL, FALSE, flags);
  properties[PROP_HELD] = g_param_spec_boolean ("held", NULL, NULL, FALSE, flags);
  /** RdCall:recording: the call's audio is being kept for its recording right now. */
  properties[PROP_RECORDING] = g_param_spec_boolean ("recording", NULL, NULL, FALSE, flags);
  /** RdCall:recording-path: the call's recording (stereo WAV: agent left, peer right). */
  properties[PROP_RECORDING_PATH] =
    g_param_spec_string ("recording-path", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rd_call_init (RdCall *self)
{
  self->started = g_date_time_new_now_utc ();
}

RdCall *
rd_call_new (const char      *id,
             const char      *account,
             RdCallDirection  direction,
             const char      *peer_uri,
             const char      *peer_name)
{
  RdCall *self = g_object_new (RD_TYPE_CALL, NULL);

  self->id = g_strdup (id);
  self->account = g_strdup (account);
  self->direction = direction;
  self->state = direction == RD_CALL_DIRECTION_INCOMING ? RD_CALL_STATE_INCOMING
                                                        : RD_CALL_STATE_DIALING;
  self->peer_uri = g_strdup (peer_uri);
  self->peer_name = g_strdup (peer_name);
  self->number = rd_call_number_from_uri (peer_uri);

  return self;
}

static void
set_string (RdCall      *self,
            char       **field,
            const char  *value,
            guint        prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return;

  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

void
rd_call_set_id (RdCall     *self,
                const char *id)
{
  g_return_if_fail (RD_IS_CALL (self));
  set_string (self, &self->id, id, PROP_ID);
}

void
rd_call_set_peer_uri (RdCall     *self,
                      const char *peer_uri)
{
  g_autofree char *number = NULL;

  g_return_if_fail (RD_IS_CALL (self));
  set_string (self, &self->peer_uri, peer_uri, PROP_PEER_URI);
  number = rd_call_number_from_uri (peer_uri);
  if (number != NULL && self->number == NULL)
    set_string (self, &self->number, number, PROP_NUMBER);
}

void
rd_call_set_peer_name (RdCall     *self,
                       const char *peer_name)
{
  g_return_if_fail (RD_IS_CALL (self));
  set_string (self, &self->peer_name, peer_name, PROP_PEER_NAME);
}

void
rd_call_set_number (RdCall     *self,
                    const char *number)
{
  g_return_if_fail (RD_IS_CALL (self));
  set_string (self, &self->number, number, PROP_NUMBER);
}

void
rd_call_set_state (RdCall      *self,
                   RdCallState  state)
{
  g_return_if_fail (RD_IS_CALL (self));

  /* A closed call stays closed: late engine events must not revive it. */
  if (self->state == state || self->state == RD_CALL_STATE_CLOSED)
    return;

  g_object_freeze_notify (G_OBJECT (self));
  self->state = state;
  if ((state == RD_CALL_STATE_ESTABLISHED || state == RD_CALL_STATE_HELD)
      && self->answered == NULL)
    {
      self->answered = g_date_time_new_now_utc ();
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ANSWERED]);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  g_object_thaw_notify (G_OBJECT (self));
}

void
rd_call_close (RdCall     *self,
               const char *cause,
               guint       sip_status)
{
  g_return_if_fail (RD_IS_CALL (self));
  g_return_if_fail (cause != NULL);

  if (self->state == RD_CALL_STATE_CLOSED)
    return;

  g_object_freeze_notify (G_OBJECT (self));
  self->ended = g_date_time_new_now_utc ();
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENDED]);
  set_string (self, &self->hangup_cause, cause, PROP_HANGUP_CAUSE);
  if (self->sip_status != sip_status)
    {
      self->sip_status = sip_status;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIP_STATUS]);
    }
  if (self->held)
    {
      self->held = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HELD]);
    }
  self->state = RD_CALL_STATE_CLOSED;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  g_object_thaw_notify (G_OBJECT (self));
}

void
rd_call_set_muted (RdCall   *self,
                   gboolean  muted)
{
  g_return_if_fail (RD_IS_CALL (self));

  muted = !!muted;
  if (self->muted == muted)
    return;
  self->muted = muted;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MUTED]);
}

void
rd_call_set_recording (RdCall   *self,
                       gboolean  recording)
{
  g_return_if_fail (RD_IS_CALL (self));

  recording = !!recording;
  if (self->recording == recording)
    return;
  self->recording = recording;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECORDING]);
}

void
rd_call_set_held (RdCall   *self,
                  gboolean  held)
{
  g_return_if_fail (RD_IS_CALL (self));

  held = !!held;
  if (self->held == held || self->state == RD_CALL_STATE_CLOSED)
    return;

  g_object_freeze_notify (G_OBJECT (self));
  self->held = held;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HELD]);
  rd_call_set_state (self, held ? RD_CALL_STATE_HELD : RD_CALL_STATE_ESTABLISHED);
  g_object_thaw_notify (G_OBJECT (self));
}

void
rd_call_set_recording_path (RdCall     *self,
                            const char *path)
{
  g_return_if_fail (RD_IS_CALL (self));
  set_string (self, &self->recording_path, path, PROP_RECORDING_PATH);
}

const char *
rd_call_get_id (RdCall *self)
{
  g_return_val_if_fail (RD_IS_CALL (self), NULL);
  return self->id;
}

const char *
rd_call_get_account (RdCall *self)
{
  g_return_val_if_fail (RD_IS_CALL (self), NULL);
  return self->account;
}

RdCallDirection
rd_call_get_direction (RdCall *self)
{
  g_return_val_if_fail (RD_IS_CALL (self), RD_CALL_DIRECTION_INCOMING);
  return self->direction;
}

RdCallState
rd_call_get_state (RdCall *self)
{
  g_return_val_if_fail (RD_IS_CALL (self), RD_CALL_STATE_CLOSED);
  return self->state;
}

const char *
rd_call_get_peer_uri (RdCall *self)
{
  g_return_val_if_fail (RD_IS_CALL (self), NULL);
  return self->peer_uri;
}

const char *
rd_call_get_peer_name (RdCall *self)
{
  g_return_val_if_fail (RD_IS_CALL (self), NULL);
  return self->peer_name;
}

const char *
rd_call_get_number (RdCall *self)
{
  g_return_val_if_fail (RD_IS_CALL (self), NULL);
  return self->number;
}

GDateTime *
rd_call_get_started (RdCall *self)
{
  g_return_val_if_fail (RD_IS_CALL (self), NULL);
  return self->started;
}

GDateTime *
rd_call_get_answered (RdCall *self)
{
  g_return_val_if_fail (RD_IS_CALL (self), NULL);
  return self->answered;
}

GDateTime *
rd_call_get_ended (RdCall *self)
{
  g_return_val_if_fail (RD_IS_CALL (self), NULL);
  return self->ended;
}

const char *
rd_call_get_hangup_cause (RdCall *self)
{
  g_return_val_if_fail (RD_IS_CALL (self), NULL);
  return self->hangup_cause;
}

guint
rd_call_get_sip_status (RdCall *self)
{
  g_return_val_if_fail (RD_IS_CALL (self), 0);
  return self->sip_status;
}

gboolean
rd_call_get_muted (RdCall *self)
{
  g_return_val_if_fail (RD_IS_CALL (self), FALSE);
  return self->muted;
}

gboolean
rd_call_get_held (RdCall *self)
{
  g_return_val_if_fail (RD_IS_CALL (self), FALSE);
  return self->held;
}

gboolean
rd_call_get_recording (RdCall *self)
{
  g_return_val_if_fail (RD_IS_CALL (self), FALSE);
  return self->recording;
}

const char *
rd_call_get_recording_path (RdCall *self)
{
  g_return_val_if_fail (RD_IS_CALL (self), NULL);
  return self->recording_path;
}

gboolean
rd_call_is_closed (RdCall *self)
{
  g_return_val_if_fail (RD_IS_CALL (self), TRUE);
  return self->state == RD_CALL_STATE_CLOSED;
}

static double
seconds_between (GDateTime *from,
                 GDateTime *to)
{
  g_autoptr(GDateTime) now = NULL;

  if (from == NULL)
    return 0.0;
  if (to == NULL)
    to = now = g_date_time_new_now_utc ();

  return MAX (0.0, g_date_time_difference (to, from) / (double) G_TIME_SPAN_SECOND);
}

double
rd_call_get_total_seconds (RdCall *self)
{
  g_return_val_if_fail (RD_IS_CALL (self), 0.0);
  return seconds_between (self->started, self->ended);
}

double
rd_call_get_bill_seconds (RdCall *self)
{
  g_return_val_if_fail (RD_IS_CALL (self), 0.0);
  return seconds_between (self->answered, self->ended);
}

const char *
rd_call_state_to_string (RdCallState state)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (RD_TYPE_CALL_STATE);
  GEnumValue *value = g_enum_get_value (klass, state);

  /* Enum classes are static once referenced: the nick outlives this unref. */
  return value != NULL ? value->value_nick : "unknown";
}

char *
rd_call_number_from_uri (const char *uri)
{
  const char *user;
  const char *end;
  g_autoptr(GString) number = g_string_new (NULL);
  g_autofree char *unescaped = NULL;

  if (uri == NULL)
    return NULL;

  user = uri;
  if (g_str_has_prefix (user, "sip:"))
    user += 4;
  else if (g_str_has_prefix (user, "sips:"))
    user += 5;
  else if (g_str_has_prefix (user, "tel:"))
    user += 4;

  end = strpbrk (user, "@;?>");
  unescaped = g_uri_unescape_segment (user, end, NULL);
  if (unescaped == NULL)
    return NULL;

  for (const char *p = unescaped; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p) || (*p == '+' && number->len == 0))
        g_string_append_c (number, *p);
      else if (strchr (" -.()/", *p) == NULL)
        return NULL;  /* a name such as "alice", not a number */
    }

  if (number->len == 0 || (number->len == 1 && number->str[0] == '+'))
    return NULL;

  return g_string_free (g_steal_pointer (&number), FALSE);
}

/** Whether @self is a call center leg (rd_phone_dial_leg()): a technical call that the
 * UI, the ring tone and the call log leave alone. */
gboolean
rd_call_get_leg (RdCall *self)
{
  g_return_val_if_fail (RD_IS_CALL (self), FALSE);
  return self->leg;
}

void
rd_call_set_leg (RdCall   *self,
                 gboolean  leg)
{
  g_return_if_fail (RD_IS_CALL (self));
  self->leg = !!leg;
}
