/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rd-call-private.h"
#include "rd-phone.h"

/**
 * RdPhone:
 *
 * Keeps the list of live calls, the registration state of each account, ring timeouts
 * and the attended-transfer dance; the engine details stay in the backend.
 */
typedef struct {
  RdCall *original;
  RdCall *consult;
  char   *target;
  gboolean completing;
} Consult;

struct _RdPhone {
  GObject         parent_instance;

  RdPhoneBackend *backend;
  GListStore     *calls;
  GHashTable     *registrations;   /* aor → RdRegistrationState */
  GHashTable     *timeouts;        /* RdCall* → source id */
  GPtrArray      *consults;        /* Consult* */
  guint           no_answer_timeout;
  RdCall         *waiting;         /* an incoming call ringing while another call is up */
  RdCall         *held_for_waiting;  /* the call we held to answer the waiting one */
  RdCall         *answered_waiting;  /* …and the waiting call we answered */
  gboolean        dialing_leg;     /* in rd_phone_dial_leg(): the call added is a leg */
};

G_DEFINE_FINAL_TYPE (RdPhone, rd_phone, G_TYPE_OBJECT)

enum {
  SIGNAL_CALL_ADDED,
  SIGNAL_CALL_ENDED,
  SIGNAL_REGISTRATION_CHANGED,
  SIGNAL_TRANSFER_FINISHED,
  SIGNAL_DTMF_RECEIVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum {
  PROP_0,
  PROP_WAITING_CALL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* A call is up: answered and not over (held counts). */
static gboolean
call_is_up (RdCall *call)
{
  /* A campaign leg is up all day: a call coming in beside it is not "waiting". */
  return !rd_call_get_leg (call) && rd_call_get_answered (call) != NULL && !rd_call_is_closed (call);
}

/* The waiting call: the newest incoming call still ringing while another call is up. */
static void
update_waiting (RdPhone *self)
{
  GListModel *calls = G_LIST_MODEL (self->calls);
  guint n = g_list_model_get_n_items (calls);
  gboolean any_up = FALSE;
  RdCall *waiting = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RdCall) call = g_list_model_get_item (calls, i);

      if (call_is_up (call))
        any_up = TRUE;
      else if (rd_call_get_state (call) == RD_CALL_STATE_INCOMING)
        waiting = call;
    }
  if (!any_up)
    waiting = NULL;

  if (g_set_object (&self->waiting, waiting))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WAITING_CALL]);
}

static void
consult_free (Consult *consult)
{
  g_clear_object (&consult->original);
  g_clear_object (&consult->consult);
  g_free (consult->target);
  g_free (consult);
}

static Consult *
find_consult (RdPhone *self,
              RdCall  *call)
{
  for (guint i = 0; i < self->consults->len; i++)
    {
      Consult *consult = g_ptr_array_index (self->consults, i);
      if (consult->original == call || consult->consult == call)
        return consult;
    }
  return NULL;
}

static void
finish_consult (RdPhone  *self,
                Consult  *consult,
                gboolean  transferred)
{
  g_autoptr(RdCall) original = g_object_ref (consult->original);

  g_ptr_array_remove (self->consults, consult);
  g_signal_emit (self, signals[SIGNAL_TRANSFER_FINISHED], 0, original, transferred);
}

static void
fall_back (RdPhone *self,
           Consult *consult)
{
  /* The caller comes back to the agent: off hold. */
  if (!rd_call_is_closed (consult->original))
    rd_phone_backend_set_held (self->backend, consult->original, FALSE, NULL);
  finish_consult (self, consult, FALSE);
}

static void
call_state_cb (RdCall     *call,
               GParamSpec *pspec,
               RdPhone    *self)
{
  RdCallState state = rd_call_get_state (call);
  Consult *consult;

  if (state == RD_CALL_STATE_ESTABLISHED || state == RD_CALL_STATE_CLOSED)
    g_hash_table_remove (self->timeouts, call);

  if (state != RD_CALL_STATE_CLOSED)
    {
      update_waiting (self);
      return;
    }

  /* The waiting call we answered is over: the call we held for it comes back (baresip
   * 1.0.0 resumes a held call itself when we hang up; this keeps RdCall:held true to it). */
  if (call == self->answered_waiting)
    {
      if (self->held_for_waiting != NULL && !rd_call_is_closed (self->held_for_waiting)
          && rd_call_get_held (self->held_for_waiting))
        rd_phone_backend_set_held (self->backend, self->held_for_waiting, FALSE, NULL);
      g_clear_object (&self->held_for_waiting);
      g_clear_object (&self->answered_waiting);
    }
  else if (call == self->held_for_waiting)
    g_clear_object (&self->held_for_waiting);

  consult = find_consult (self, call);
  if (consult != NULL && call == consult->consult && !consult->completing)
    fall_back (self, consult);
  else if (consult != NULL && call == consult->original)
    finish_consult (self, consult,
                    g_strcmp0 (rd_call_get_hangup_cause (call), RD_CALL_CAUSE_TRANSFERRED) == 0);

  g_signal_handlers_disconnect_by_func (call, call_state_cb, self);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->calls)); i++)
    {
      g_autoptr(RdCall) item = g_list_model_get_item (G_LIST_MODEL (self->calls), i);
      if (item == call)
        {
          g_autoptr(RdCall) keep = g_object_ref (call);

          g_list_store_remove (self->calls, i);
          update_waiting (self);
          g_signal_emit (self, signals[SIGNAL_CALL_ENDED], 0, keep);
          break;
        }
    }
}

typedef struct {
  RdPhone *self;
  RdCall  *call;
} Timeout;

static gboolean
no_answer_cb (gpointer user_data)
{
  Timeout *timeout = user_data;

  /* Steal first: removing from the table must not remove this very source. */
  g_hash_table_steal (timeout->self->timeouts, timeout->call);
  rd_phone_backend_hangup (timeout->self->backend, timeout->call, RD_CALL_CAUSE_NO_ANSWER, NULL);
  return G_SOURCE_REMOVE;
}

static void
backend_call_added_cb (RdPhoneBackend *backend,
                       RdCall         *call,
                       RdPhone        *self)
{
  if (self->dialing_leg)
    rd_call_set_leg (call, TRUE);
  g_list_store_append (self->calls, call);
  g_signal_connect_object (call, "notify::state", G_CALLBACK (call_state_cb), self, 0);

  if (rd_call_get_direction (call) == RD_CALL_DIRECTION_OUTGOING && self->no_answer_timeout > 0)
    {
      Timeout *timeout = g_new0 (Timeout, 1);
      guint id;

      timeout->self = self;
      timeout->call = call;
      id = g_timeout_add_seconds_full (G_PRIORITY_DEFAULT, self->no_answer_timeout,
                                       no_answer_cb, timeout, g_free);
      g_hash_table_insert (self->timeouts, call, GUINT_TO_POINTER (id));
    }

  update_waiting (self);
  g_signal_emit (self, signals[SIGNAL_CALL_ADDED], 0, call);

  /* A call can close while handlers run (a dial refused at once). */
  if (rd_call_is_closed (call))
    call_state_cb (call, NULL, self);
}

static void
backend_registration_cb (RdPhoneBackend      *backend,
                         const char          *aor,
                         RdRegistrationState  state,
                         const char          *reason,
                         RdPhone             *self)
{
  if (aor == NULL)
    return;
  g_hash_table_insert (self->registrations, g_strdup (aor), GINT_TO_POINTER (state));
  g_signal_emit (self, signals[SIGNAL_REGISTRATION_CHANGED], 0, aor, state, reason);
}

static void
backend_transfer_failed_cb (RdPhoneBackend *backend,
                            RdCall         *call,
                            const char     *reason,
                            RdPhone        *self)
{
  Consult *consult = find_consult (self, call);

  if (consult != NULL && consult->original == call)
    fall_back (self, consult);
}

static void
backend_dtmf_cb (RdPhoneBackend *backend,
                 RdCall         *call,
                 const char     *digit,
                 RdPhone        *self)
{
  g_signal_emit (self, signals[SIGNAL_DTMF_RECEIVED], 0, call, digit);
}

static void
remove_source (gpointer data)
{
  g_source_remove (GPOINTER_TO_UINT (data));
}

static void
rd_phone_dispose (GObject *object)
{
  RdPhone *self = RD_PHONE (object);

  if (self->backend != NULL)
    g_signal_handlers_disconnect_by_data (self->backend, self);
  g_clear_pointer (&self->timeouts, g_hash_table_unref);
  g_clear_pointer (&self->consults, g_ptr_array_unref);
  g_clear_object (&self->backend);
  g_clear_object (&self->calls);
  g_clear_object (&self->waiting);
  g_clear_object (&self->held_for_waiting);
  g_clear_object (&self->answered_waiting);
  g_clear_pointer (&self->registrations, g_hash_table_unref);

  G_OBJECT_CLASS (rd_phone_parent_class)->dispose (object);
}

static void
rd_phone_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  RdPhone *self = RD_PHONE (object);

  switch (prop_id)
    {
    case PROP_WAITING_CALL:
      g_value_set_object (value, self->waiting);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rd_phone_class_init (RdPhoneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rd_phone_dispose;
  object_class->get_property = rd_phone_get_property;

  /**
   * RdPhone:waiting-call:
   *
   * An incoming call ringing while another call is up (call waiting), or NULL.
   */
  properties[PROP_WAITING_CALL] =
    g_param_spec_object ("waiting-call", NULL, NULL, RD_TYPE_CALL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_CALL_ADDED] =
    g_signal_new ("call-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, RD_TYPE_CALL);
  signals[SIGNAL_CALL_ENDED] =
    g_signal_new ("call-ended", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, RD_TYPE_CALL);
  signals[SIGNAL_REGISTRATION_CHANGED] =
    g_signal_new ("registration-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 3,
                  G_TYPE_STRING, RD_TYPE_REGISTRATION_STATE, G_TYPE_STRING);
  signals[SIGNAL_TRANSFER_FINISHED] =
    g_signal_new ("transfer-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, RD_TYPE_CALL, G_TYPE_BOOLEAN);
  signals[SIGNAL_DTMF_RECEIVED] =
    g_signal_new ("dtmf-received", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, RD_TYPE_CALL, G_TYPE_STRING);
}

static void
rd_phone_init (RdPhone *self)
{
  self->calls = g_list_store_new (RD_TYPE_CALL);
  self->registrations = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->timeouts = g_hash_table_new_full (NULL, NULL, NULL, remove_source);
  self->consults = g_ptr_array_new_with_free_func ((GDestroyNotify) consult_free);
  self->no_answer_timeout = 45;
}

RdPhone *
rd_phone_new (RdPhoneBackend *backend)
{
  RdPhone *self;

  g_return_val_if_fail (RD_IS_PHONE_BACKEND (backend), NULL);

  self = g_object_new (RD_TYPE_PHONE, NULL);
  self->backend = g_object_ref (backend);
  g_signal_connect (backend, "call-added", G_CALLBACK (backend_call_added_cb), self);
  g_signal_connect (backend, "registration-changed", G_CALLBACK (backend_registration_cb), self);
  g_signal_connect (backend, "transfer-failed", G_CALLBACK (backend_transfer_failed_cb), self);
  g_signal_connect (backend, "dtmf-received", G_CALLBACK (backend_dtmf_cb), self);
  return self;
}

RdPhoneBackend *
rd_phone_get_backend (RdPhone *self)
{
  g_return_val_if_fail (RD_IS_PHONE (self), NULL);
  return self->backend;
}

GListModel *
rd_phone_get_calls (RdPhone *self)
{
  g_return_val_if_fail (RD_IS_PHONE (self), NULL);
  return G_LIST_MODEL (self->calls);
}

gboolean
rd_phone_start (RdPhone  *self,
                GError  **error)
{
  g_return_val_if_fail (RD_IS_PHONE (self), FALSE);
  return rd_phone_backend_start (self->backend, error);
}

void
rd_phone_stop (RdPhone *self)
{
  g_return_if_fail (RD_IS_PHONE (self));
  rd_phone_backend_stop (self->backend);
}

gboolean
rd_phone_add_account (RdPhone     *self,
                      const char  *account,
                      const char  *password,
                      GError     **error)
{
  g_return_val_if_fail (RD_IS_PHONE (self), FALSE);
  return rd_phone_backend_add_account (self->backend, account, password, error);
}

gboolean
rd_phone_remove_account (RdPhone     *self,
                         const char  *aor,
                         GError     **error)
{
  g_return_val_if_fail (RD_IS_PHONE (self), FALSE);
  g_return_val_if_fail (aor != NULL, FALSE);

  if (!rd_phone_backend_remove_account (self->backend, aor, error))
    return FALSE;
  g_hash_table_remove (self->registrations, aor);
  return TRUE;
}

RdRegistrationState
rd_phone_get_registration (RdPhone    *self,
                           const char *aor)
{
  g_return_val_if_fail (RD_IS_PHONE (self), RD_REGISTRATION_NONE);
  return GPOINTER_TO_INT (g_hash_table_lookup (self->registrations, aor));
}

void
rd_phone_set_no_answer_timeout (RdPhone *self,
                                guint    seconds)
{
  g_return_if_fail (RD_IS_PHONE (self));
  self->no_answer_timeout = seconds;
}

RdCall *
rd_phone_dial (RdPhone     *self,
               const char  *uri,
               GError     **error)
{
  g_autoptr(RdCall) call = NULL;

  g_return_val_if_fail (RD_IS_PHONE (self), NULL);
  g_return_val_if_fail (uri != NULL, NULL);

  call = rd_phone_backend_dial (self->backend, NULL, uri, error);
  return g_steal_pointer (&call);
}

/**
 * rd_phone_dial_leg:
 *
 * Calls @uri from the account @aor (NULL: the first) as a call center leg: the agent's
 * permanent call to the server's switch (docs/callcenter.md). The call is marked
 * (rd_call_get_leg()) before "call-added", so the call log, the banner and the ring
 * tone leave it alone. Returns the new call (transfer full).
 */
RdCall *
rd_phone_dial_leg (RdPhone     *self,
                   const char  *aor,
                   const char  *uri,
                   GError     **error)
{
  g_autoptr(RdCall) call = NULL;

  g_return_val_if_fail (RD_IS_PHONE (self), NULL);
  g_return_val_if_fail (uri != NULL, NULL);

  self->dialing_leg = TRUE;
  call = rd_phone_backend_dial (self->backend, aor, uri, error);
  self->dialing_leg = FALSE;
  return g_steal_pointer (&call);
}

gboolean
rd_phone_answer (RdPhone  *self,
                 RdCall   *call,
                 GError  **error)
{
  g_return_val_if_fail (RD_IS_PHONE (self), FALSE);
  /* Answering the waiting call holds the one that is up first, from every path (banner,
   * notification). */
  if (call != NULL && call == self->waiting)
    return rd_phone_answer_waiting (self, error);
  return rd_phone_backend_accept (self->backend, call, error);
}

RdCall *
rd_phone_get_waiting_call (RdPhone *self)
{
  g_return_val_if_fail (RD_IS_PHONE (self), NULL);
  return self->waiting;
}

gboolean
rd_phone_answer_waiting (RdPhone  *self,
                         GError  **error)
{
  g_autoptr(RdCall) waiting = NULL;
  GListModel *calls;

  g_return_val_if_fail (RD_IS_PHONE (self), FALSE);

  if (self->waiting == NULL)
    {
      g_set_error_literal (error, RD_PHONE_ERROR, RD_PHONE_ERROR_WRONG_STATE,
                           "No call is waiting");
      return FALSE;
    }
  waiting = g_object_ref (self->waiting);
  calls = G_LIST_MODEL (self->calls);

  /* Hold every call that is up and not held yet, then answer. */
  for (guint i = 0; i < g_list_model_get_n_items (calls); i++)
    {
      g_autoptr(RdCall) call = g_list_model_get_item (calls, i);

      if (call == waiting || !call_is_up (call) || rd_call_get_held (call))
        continue;
      if (!rd_phone_backend_set_held (self->backend, call, TRUE, error))
        return FALSE;
      g_set_object (&self->held_for_waiting, call);
    }
  if (!rd_phone_backend_accept (self->backend, waiting, error))
    return FALSE;
  g_set_object (&self->answered_waiting, waiting);
  return TRUE;
}

gboolean
rd_phone_hang_up (RdPhone  *self,
                  RdCall   *call,
                  GError  **error)
{
  g_return_val_if_fail (RD_IS_PHONE (self), FALSE);
  return rd_phone_backend_hangup (self->backend, call, NULL, error);
}

gboolean
rd_phone_set_held (RdPhone   *self,
                   RdCall    *call,
                   gboolean   held,
                   GError   **error)
{
  g_return_val_if_fail (RD_IS_PHONE (self), FALSE);
  return rd_phone_backend_set_held (self->backend, call, held, error);
}

gboolean
rd_phone_set_recording (RdPhone   *self,
                        RdCall    *call,
                        gboolean   recording,
                        GError   **error)
{
  g_return_val_if_fail (RD_IS_PHONE (self), FALSE);
  return rd_phone_backend_set_recording (self->backend, call, recording, error);
}

gboolean
rd_phone_set_muted (RdPhone   *self,
                    RdCall    *call,
                    gboolean   muted,
                    GError   **error)
{
  g_return_val_if_fail (RD_IS_PHONE (self), FALSE);
  return rd_phone_backend_set_muted (self->backend, call, muted, error);
}

gboolean
rd_phone_send_dtmf (RdPhone     *self,
                    RdCall      *call,
                    const char  *digits,
                    GError     **error)
{
  g_return_val_if_fail (RD_IS_PHONE (self), FALSE);
  return rd_phone_backend_send_dtmf (self->backend, call, digits, error);
}

gboolean
rd_phone_transfer (RdPhone     *self,
                   RdCall      *call,
                   const char  *target,
                   GError     **error)
{
  g_return_val_if_fail (RD_IS_PHONE (self), FALSE);
  return rd_phone_backend_transfer (self->backend, call, target, error);
}

RdCall *
rd_phone_start_attended_transfer (RdPhone     *self,
                                  RdCall      *call,
                                  const char  *target,
                                  GError     **error)
{
  g_autoptr(RdCall) consult_call = NULL;
  Consult *consult;

  g_return_val_if_fail (RD_IS_PHONE (self), NULL);
  g_return_val_if_fail (RD_IS_CALL (call), NULL);
  g_return_val_if_fail (target != NULL, NULL);

  if (find_consult (self, call) != NULL)
    {
      g_set_error_literal (error, RD_PHONE_ERROR, RD_PHONE_ERROR_WRONG_STATE,
                           "A transfer of this call is already under way");
      return NULL;
    }
  if (!rd_call_get_held (call) && !rd_phone_backend_set_held (self->backend, call, TRUE, error))
    return NULL;

  consult_call = rd_phone_backend_dial (self->backend, rd_call_get_account (call), target, error);
  if (consult_call == NULL)
    {
      rd_phone_backend_set_held (self->backend, call, FALSE, NULL);
      return NULL;
    }

  consult = g_new0 (Consult, 1);
  consult->original = g_object_ref (call);
  consult->consult = g_object_ref (consult_call);
  consult->target = g_strdup (target);
  g_ptr_array_add (self->consults, consult);

  if (rd_call_is_closed (consult_call))
    fall_back (self, consult);

  return g_steal_pointer (&consult_call);
}

gboolean
rd_phone_complete_attended_transfer (RdPhone  *self,
                                     RdCall   *call,
                                     GError  **error)
{
  Consult *consult;

  g_return_val_if_fail (RD_IS_PHONE (self), FALSE);

  consult = find_consult (self, call);
  if (consult == NULL || consult->completing)
    {
      g_set_error_literal (error, RD_PHONE_ERROR, RD_PHONE_ERROR_WRONG_STATE,
                           "No attended transfer of this call is under way");
      return FALSE;
    }
  if (rd_call_get_state (consult->consult) != RD_CALL_STATE_ESTABLISHED)
    {
      g_set_error_literal (error, RD_PHONE_ERROR, RD_PHONE_ERROR_WRONG_STATE,
                           "The colleague has not answered yet");
      return FALSE;
    }

  /* baresip 1.0.0 cannot send REFER with Replaces (it only sends Refer-To with the URI
   * it is given, and cannot name the consultation dialog's tags), so the nearest real
   * behaviour: end the consultation, then refer the caller to the colleague. */
  consult->completing = TRUE;
  if (!rd_phone_backend_hangup (self->backend, consult->consult, RD_CALL_CAUSE_TRANSFERRED, error)
      || !rd_phone_backend_transfer (self->backend, consult->original, consult->target, error))
    {
      consult->completing = FALSE;
      return FALSE;
    }
  return TRUE;
}
