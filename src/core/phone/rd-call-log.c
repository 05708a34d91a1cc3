/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include "rd-call-log.h"
#include "rd-call-private.h"

/**
 * RdCallLog:
 *
 * Turns RdCalls into call records of the store (the "calls" table of the CDR) and runs
 * the screen-pop lookup for each new call. The parent of the record is the contact, lead
 * or organization of the caller: the single match of the pop, or what the agent chose.
 */
struct _RdCallLog {
  GObject   parent_instance;

  RdStore  *store;
  char     *agent;
  RdPhone  *phone;   /* weak: the phone outlives nothing here */
  gboolean  auto_create;
};

G_DEFINE_FINAL_TYPE (RdCallLog, rd_call_log, G_TYPE_OBJECT)

enum {
  SIGNAL_SCREEN_POP,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum {
  PROP_0,
  PROP_AUTO_CREATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define RECORD_ID_KEY   "rd-call-log-record-id"
#define PARENT_TBL_KEY  "rd-call-log-parent-tbl"
#define PARENT_ID_KEY   "rd-call-log-parent-id"

static void
rd_call_log_dispose (GObject *object)
{
  RdCallLog *self = RD_CALL_LOG (object);

  if (self->phone != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->phone, self);
      g_object_remove_weak_pointer (G_OBJECT (self->phone), (gpointer *) &self->phone);
      self->phone = NULL;
    }
  g_clear_object (&self->store);

  G_OBJECT_CLASS (rd_call_log_parent_class)->dispose (object);
}

static void
rd_call_log_finalize (GObject *object)
{
  RdCallLog *self = RD_CALL_LOG (object);

  g_free (self->agent);

  G_OBJECT_CLASS (rd_call_log_parent_class)->finalize (object);
}

static void
rd_call_log_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  RdCallLog *self = RD_CALL_LOG (object);

  switch (prop_id)
    {
    case PROP_AUTO_CREATE:
      g_value_set_boolean (value, self->auto_create);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rd_call_log_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  RdCallLog *self = RD_CALL_LOG (object);

  switch (prop_id)
    {
    case PROP_AUTO_CREATE:
      rd_call_log_set_auto_create (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rd_call_log_class_init (RdCallLogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rd_call_log_dispose;
  object_class->finalize = rd_call_log_finalize;
  object_class->get_property = rd_call_log_get_property;
  object_class->set_property = rd_call_log_set_property;

  /* Whether an unknown inbound caller becomes an "unsorted" contact at once. */
  properties[PROP_AUTO_CREATE] =
    g_param_spec_boolean ("auto-create", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_SCREEN_POP] =
    g_signal_new ("screen-pop", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, RD_TYPE_CALL,
                  RD_TYPE_SCREEN_POP | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
rd_call_log_init (RdCallLog *self)
{
}

RdCallLog *
rd_call_log_new (RdStore    *store,
                 const char *agent)
{
  RdCallLog *self;

  g_return_val_if_fail (RD_IS_STORE (store), NULL);

  self = g_object_new (RD_TYPE_CALL_LOG, NULL);
  self->store = g_object_ref (store);
  self->agent = g_strdup (agent);
  return self;
}

const char *
rd_call_log_get_record_id (RdCall *call)
{
  g_return_val_if_fail (RD_IS_CALL (call), NULL);
  return g_object_get_data (G_OBJECT (call), RECORD_ID_KEY);
}

const char *const *
rd_call_log_dispositions (void)
{
  static const char *const dispositions[] = {
    "sale", "not_interested", "call_back", "wrong_number", "dnc", "no_answer", "other", NULL
  };
  return dispositions;
}

const char *
rd_call_log_status (const char *hangup_cause,
                    gboolean    answered)
{
  /* An interrupted call failed, even when it had been answered. */
  if (g_strcmp0 (hangup_cause, RD_CALL_CAUSE_ENGINE_STOPPED) == 0
      || g_strcmp0 (hangup_cause, RD_CALL_CAUSE_FAILED) == 0)
    return "failed";
  if (answered)
    return "answered";
  if (g_strcmp0 (hangup_cause, RD_CALL_CAUSE_BUSY) == 0)
    return "busy";
  if (g_strcmp0 (hangup_cause, RD_CALL_CAUSE_CANCELLED) == 0
      || g_strcmp0 (hangup_cause, RD_CALL_CAUSE_NO_ANSWER) == 0
      || g_strcmp0 (hangup_cause, RD_CALL_CAUSE_DECLINED) == 0
      || g_strcmp0 (hangup_cause, RD_CALL_CAUSE_REJECTED) == 0)
    return "missed";
  return "failed";
}

/* The queries behind rd_call_log_status()'s classes. An unanswered call record has no
 * answered_at (the query language has no "is null"), so the unanswered classes go by the
 * cause alone: busy, cancelled, no answer, declined and rejected only end calls that
 * were never answered (rd-baresip-engine-ctrl.c, RdPhone's ring timeout). */
static const struct {
  const char *status;
  const char *query;
} status_queries[] = {
  { "answered", "answered_at > 0 and hangup_cause != failed"
                " and hangup_cause != 'engine stopped'" },
  { "missed", "hangup_cause = cancelled or hangup_cause = 'no answer'"
              " or hangup_cause = declined or hangup_cause = rejected" },
  { "busy", "hangup_cause = busy" },
  { "failed", "hangup_cause = failed or hangup_cause = 'engine stopped'" },
};

char *
rd_call_log_filter_query (const char   *direction,
                          const char   *status,
                          RdCallPeriod  period,
                          GDateTime    *now)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) since = NULL;
  g_autoptr(GString) out = NULL;

  g_return_val_if_fail (now != NULL, NULL);

  if (g_strcmp0 (direction, "inbound") == 0 || g_strcmp0 (direction, "outbound") == 0)
    g_ptr_array_add (parts, g_strdup_printf ("direction = %s", direction));
  for (guint i = 0; status != NULL && i < G_N_ELEMENTS (status_queries); i++)
    if (g_str_equal (status, status_queries[i].status))
      g_ptr_array_add (parts, g_strdup (status_queries[i].query));

  local = g_date_time_to_local (now);
  switch (period)
    {
    case RD_CALL_PERIOD_TODAY:
      since = g_date_time_new_local (g_date_time_get_year (local), g_date_time_get_month (local),
                                     g_date_time_get_day_of_month (local), 0, 0, 0);
      break;
    case RD_CALL_PERIOD_7_DAYS:
      since = g_date_time_add_days (local, -7);
      break;
    case RD_CALL_PERIOD_30_DAYS:
      since = g_date_time_add_days (local, -30);
      break;
    case RD_CALL_PERIOD_ALL:
    default:
      break;
    }
  if (since != NULL)
    g_ptr_array_add (parts, g_strdup_printf ("started_at >= %" G_GINT64_FORMAT,
                                             g_date_time_to_unix (since) * 1000
                                             + g_date_time_get_microsecond (since) / 1000));

  if (parts->len == 0)
    return NULL;
  out = g_string_new (NULL);
  for (guint i = 0; i < parts->len; i++)
    g_string_append_printf (out, "%s(%s)", i > 0 ? " and " : "",
                            (const char *) g_ptr_array_index (parts, i));
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gint64
ms_of (GDateTime *dt)
{
  return dt != NULL ? g_date_time_to_unix (dt) * 1000 + g_date_time_get_microsecond (dt) / 1000
                    : 0;
}

/* The number as E.164 when it parses, else as given, else the URI. */
static char *
party_of (RdCallLog  *self,
          const char *uri,
          const char *number)
{
  g_autofree char *from_uri = NULL;
  char *e164;

  if (number == NULL)
    number = from_uri = rd_call_number_from_uri (uri);
  if (number == NULL)
    return g_strdup (uri);
  e164 = rd_store_e164 (self->store, number);
  return e164 != NULL ? e164 : g_strdup (number);
}

char *
rd_call_log_write (RdCallLog  *self,
                   RdCall     *call,
                   GError    **error)
{
  g_autoptr(RdRecord) record = rd_record_new ("calls");
  g_autofree char *peer = NULL;
  g_autofree char *account = NULL;
  const char *parent_tbl;
  const char *parent_id;
  gboolean incoming;
  GDateTime *answered;

  g_return_val_if_fail (RD_IS_CALL_LOG (self), NULL);
  g_return_val_if_fail (RD_IS_CALL (call), NULL);

  if (!rd_call_is_closed (call))
    {
      g_set_error_literal (error, RD_PHONE_ERROR, RD_PHONE_ERROR_WRONG_STATE,
                           "A call is recorded once it has ended");
      return NULL;
    }
  if (rd_call_log_get_record_id (call) != NULL)
    return g_strdup (rd_call_log_get_record_id (call));

  incoming = rd_call_get_direction (call) == RD_CALL_DIRECTION_INCOMING;
  answered = rd_call_get_answered (call);
  peer = party_of (self, rd_call_get_peer_uri (call), rd_call_get_number (call));
  account = party_of (self, rd_call_get_account (call), NULL);

  rd_record_set_string (record, "direction", incoming ? "inbound" : "outbound");
  rd_record_set_string (record, "from_number", incoming ? peer : account);
  rd_record_set_string (record, "to_number", incoming ? account : peer);
  if (self->agent != NULL)
    rd_record_set_string (record, "agent", self->agent);
  rd_record_set_int (record, "started_at", ms_of (rd_call_get_started (call)));
  if (answered != NULL)
    rd_record_set_int (record, "answered_at", ms_of (answered));
  rd_record_set_int (record, "ended_at", ms_of (rd_call_get_ended (call)));
  rd_record_set_int (record, "bill_sec", (gint64) round (rd_call_get_bill_seconds (call)));
  rd_record_set_int (record, "total_sec", (gint64) round (rd_call_get_total_seconds (call)));
  rd_record_set_string (record, "hangup_cause", rd_call_get_hangup_cause (call));
  if (rd_call_get_sip_status (call) != 0)
    rd_record_set_int (record, "sip_status", rd_call_get_sip_status (call));
  if (rd_call_get_recording_path (call) != NULL)
    rd_record_set_string (record, "recording", rd_call_get_recording_path (call));

  parent_tbl = g_object_get_data (G_OBJECT (call), PARENT_TBL_KEY);
  parent_id = g_object_get_data (G_OBJECT (call), PARENT_ID_KEY);
  if (parent_tbl != NULL && parent_id != NULL)
    {
      rd_record_set_string (record, "parent_tbl", parent_tbl);
      rd_record_set_string (record, "parent_id", parent_id);
    }

  if (!rd_store_insert (self->store, record, error))
    return NULL;

  g_object_set_data_full (G_OBJECT (call), RECORD_ID_KEY,
                          g_strdup (rd_record_get_id (record)), g_free);
  return g_strdup (rd_record_get_id (record));
}

gboolean
rd_call_log_set_parent (RdCallLog   *self,
                        RdCall      *call,
                        const char  *table,
                        const char  *id,
                        GError     **error)
{
  const char *record_id;

  g_return_val_if_fail (RD_IS_CALL_LOG (self), FALSE);
  g_return_val_if_fail (RD_IS_CALL (call), FALSE);
  g_return_val_if_fail (table != NULL && id != NULL, FALSE);

  if (g_strcmp0 (rd_store_find_table (self->store, id), table) != 0)
    {
      g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_FOREIGN_KEY,
                   "parent_id: no %s record with id %s", table, id);
      return FALSE;
    }

  record_id = rd_call_log_get_record_id (call);
  if (record_id != NULL)
    {
      g_autoptr(RdRecord) changes = rd_record_new ("calls");

      rd_record_set_id (changes, record_id);
      rd_record_set_string (changes, "parent_tbl", table);
      rd_record_set_string (changes, "parent_id", id);
      if (!rd_store_update (self->store, changes, error))
        return FALSE;
    }

  g_object_set_data_full (G_OBJECT (call), PARENT_TBL_KEY, g_strdup (table), g_free);
  g_object_set_data_full (G_OBJECT (call), PARENT_ID_KEY, g_strdup (id), g_free);
  return TRUE;
}

RdScreenPop *
rd_call_log_choose (RdCallLog          *self,
                    RdCall             *call,
                    const RdScreenPop  *pop,
                    const char         *id,
                    GError            **error)
{
  g_autoptr(RdScreenPop) chosen = NULL;
  RdRecord *match;

  g_return_val_if_fail (RD_IS_CALL_LOG (self), NULL);
  g_return_val_if_fail (RD_IS_CALL (call), NULL);

  chosen = rd_screen_pop_choose (self->store, pop, id, error);
  if (chosen == NULL)
    return NULL;
  match = g_ptr_array_index (chosen->matches, 0);
  if (!rd_call_log_set_parent (self, call, rd_record_get_table (match), id, error))
    return NULL;
  return g_steal_pointer (&chosen);
}

gboolean
rd_call_log_set_disposition (RdCallLog   *self,
                             const char  *record_id,
                             const char  *disposition,
                             const char  *notes,
                             GError     **error)
{
  g_autoptr(RdRecord) changes = rd_record_new ("calls");

  g_return_val_if_fail (RD_IS_CALL_LOG (self), FALSE);
  g_return_val_if_fail (record_id != NULL, FALSE);

  /* Both are fields of the call record: one update, synced like any other change. */
  rd_record_set_id (changes, record_id);
  rd_record_set_string (changes, "disposition", disposition);
  rd_record_set_string (changes, "notes", notes != NULL && *notes != '\0' ? notes : NULL);
  return rd_store_update (self->store, changes, error);
}

static void
recording_path_cb (RdCall     *call,
                   GParamSpec *pspec,
                   RdCallLog  *self)
{
  const char *record_id = rd_call_log_get_record_id (call);
  g_autoptr(RdRecord) changes = NULL;
  g_autoptr(GError) error = NULL;

  /* The recording is collected after the call closed: attach it to the record then. */
  if (record_id == NULL || rd_call_get_recording_path (call) == NULL)
    return;

  changes = rd_record_new ("calls");
  rd_record_set_id (changes, record_id);
  rd_record_set_string (changes, "recording", rd_call_get_recording_path (call));
  if (!rd_store_update (self->store, changes, &error))
    g_message ("call log: cannot attach the recording: %s", error->message);
}

void
rd_call_log_set_auto_create (RdCallLog *self,
                             gboolean   auto_create)
{
  g_return_if_fail (RD_IS_CALL_LOG (self));

  auto_create = !!auto_create;
  if (self->auto_create == auto_create)
    return;
  self->auto_create = auto_create;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUTO_CREATE]);
}

/* An unknown inbound caller as a contact "unsorted", or FALSE with @error. */
static gboolean
create_unsorted (RdCallLog    *self,
                 RdCall       *call,
                 RdScreenPop  *pop,
                 GError      **error)
{
  g_autoptr(RdRecord) contact = rd_record_new ("contacts");
  const char *name = rd_call_get_peer_name (call);

  rd_record_set_string (contact, "name", name != NULL && *name != '\0' ? name : pop->number);
  rd_record_set_string (contact, "tags", "unsorted");
  rd_record_add_phone (contact, pop->number, "other");
  return rd_store_insert (self->store, contact, error);
}

RdScreenPop *
rd_call_log_pop (RdCallLog  *self,
                 RdCall     *call,
                 GError    **error)
{
  g_autoptr(RdScreenPop) pop = NULL;

  g_return_val_if_fail (RD_IS_CALL_LOG (self), NULL);
  g_return_val_if_fail (RD_IS_CALL (call), NULL);

  pop = rd_screen_pop_for_call (self->store, call, error);
  if (pop == NULL)
    return NULL;

  /* Only a real number can be called back; a caller id like "alice" stays unknown. */
  if (pop->kind == RD_SCREEN_POP_NONE && self->auto_create &&
      rd_call_get_direction (call) == RD_CALL_DIRECTION_INCOMING &&
      pop->number != NULL && pop->number[0] == '+')
    {
      g_autoptr(GError) create_error = NULL;

      if (!create_unsorted (self, call, pop, &create_error))
        g_message ("screen pop: cannot create the caller: %s", create_error->message);
      else
        {
          g_clear_pointer (&pop, rd_screen_pop_free);
          pop = rd_screen_pop_for_call (self->store, call, error);
          if (pop == NULL)
            return NULL;
        }
    }

  if (pop->number != NULL && rd_call_get_number (call) != NULL)
    rd_call_set_number (call, pop->number);
  if (pop->kind == RD_SCREEN_POP_ONE)
    {
      RdRecord *match = g_ptr_array_index (pop->matches, 0);
      g_object_set_data_full (G_OBJECT (call), PARENT_TBL_KEY,
                              g_strdup (rd_record_get_table (match)), g_free);
      g_object_set_data_full (G_OBJECT (call), PARENT_ID_KEY,
                              g_strdup (rd_record_get_id (match)), g_free);
    }

  g_signal_emit (self, signals[SIGNAL_SCREEN_POP], 0, call, pop);
  return g_steal_pointer (&pop);
}

static void
call_added_cb (RdPhone   *phone,
               RdCall    *call,
               RdCallLog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdScreenPop) pop = NULL;

  if (rd_call_get_leg (call))
    return;  /* a campaign leg: no pop; the server keeps the call center's rows */
  g_signal_connect_object (call, "notify::recording-path", G_CALLBACK (recording_path_cb),
                           self, 0);

  pop = rd_call_log_pop (self, call, &error);
  if (pop == NULL)
    g_message ("screen pop: lookup failed: %s", error->message);
}

static void
call_ended_cb (RdPhone   *phone,
               RdCall    *call,
               RdCallLog *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  if (rd_call_get_leg (call))
    return;
  id = rd_call_log_write (self, call, &error);
  /* A record that cannot be written is reported, never silently dropped. */
  if (id == NULL)
    g_message ("call log: cannot record call %s: %s", rd_call_get_id (call), error->message);
}

void
rd_call_log_attach (RdCallLog *self,
                    RdPhone   *phone)
{
  g_return_if_fail (RD_IS_CALL_LOG (self));
  g_return_if_fail (RD_IS_PHONE (phone));
  g_return_if_fail (self->phone == NULL);

  self->phone = phone;
  g_object_add_weak_pointer (G_OBJECT (phone), (gpointer *) &self->phone);
  g_signal_connect (phone, "call-added", G_CALLBACK (call_added_cb), self);
  g_signal_connect (phone, "call-ended", G_CALLBACK (call_ended_cb), self);
}
