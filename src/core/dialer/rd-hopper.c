/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rd-hopper.h"

#define MAX_PHONES 32

typedef struct {
  RdDispositionAction action;
  gint64              delay;
} Disposition;

typedef struct {
  gint64   minute;              /* Unix minute the answer holds for */
  gboolean inside;
} WindowCache;

struct _RdHopper
{
  GObject       parent_instance;

  RdPhoneZones *zones;
  GPtrArray    *leads;          /* RdLead*, in insertion order */
  GHashTable   *by_id;          /* guint64* -> RdLead* */
  GHashTable   *dispositions;   /* name -> Disposition* */
  GHashTable   *dnc;            /* E.164 set */
  GHashTable   *global_dnc;     /* shared E.164 set, or NULL */
  GHashTable   *tz_cache;       /* zone id -> GTimeZone* */
  GHashTable   *window_cache;   /* zone id -> WindowCache*: inside the window this minute? */
  const char   *default_zone;   /* interned */

  guint         window_start;   /* minutes after local midnight */
  guint         window_end;
  guint         weekdays;       /* bit 0 Monday */
  guint         max_attempts;
  gint64        recycle[RD_N_ATTEMPTS];
};

G_DEFINE_FINAL_TYPE (RdHopper, rd_hopper, G_TYPE_OBJECT)
G_DEFINE_QUARK (rd-hopper-error-quark, rd_hopper_error)

static void
lead_free (gpointer data)
{
  RdLead *lead = data;

  g_strfreev (lead->phones);
  g_free (lead->time_zone);
  g_free (lead->callback_agent);
  g_free (lead->disposition);
  g_free (lead);
}

static void
rd_hopper_finalize (GObject *object)
{
  RdHopper *self = RD_HOPPER (object);

  g_clear_object (&self->zones);
  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->leads, g_ptr_array_unref);
  g_clear_pointer (&self->dispositions, g_hash_table_unref);
  g_clear_pointer (&self->dnc, g_hash_table_unref);
  g_clear_pointer (&self->global_dnc, g_hash_table_unref);
  g_clear_pointer (&self->tz_cache, g_hash_table_unref);
  g_clear_pointer (&self->window_cache, g_hash_table_unref);

  G_OBJECT_CLASS (rd_hopper_parent_class)->finalize (object);
}

static void
rd_hopper_class_init (RdHopperClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rd_hopper_finalize;
}

static void
put_disposition (RdHopper            *self,
                 const char          *name,
                 RdDispositionAction  action,
                 gint64               delay)
{
  Disposition *d = g_new (Disposition, 1);

  d->action = action;
  d->delay = delay;
  g_hash_table_replace (self->dispositions, g_strdup (name), d);
}

static void
rd_hopper_init (RdHopper *self)
{
  self->leads = g_ptr_array_new_with_free_func (lead_free);
  self->by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  self->dispositions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->dnc = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->tz_cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) g_time_zone_unref);
  /* Keyed by interned zone ids: a pointer compare per lead. */
  self->window_cache = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);

  self->window_start = 9 * 60;
  self->window_end = 21 * 60;
  self->weekdays = 0x7f;
  self->max_attempts = 5;
  self->recycle[RD_ATTEMPT_BUSY] = 10 * 60;
  self->recycle[RD_ATTEMPT_NO_ANSWER] = 60 * 60;
  self->recycle[RD_ATTEMPT_FAILED] = 30 * 60;
  self->recycle[RD_ATTEMPT_MACHINE] = 4 * 60 * 60;
  self->recycle[RD_ATTEMPT_ABANDONED] = 60 * 60;
  self->recycle[RD_ATTEMPT_ANSWERED] = 0;

  put_disposition (self, "sale", RD_DISPOSITION_CLOSE, 0);
  put_disposition (self, "not-interested", RD_DISPOSITION_CLOSE, 0);
  put_disposition (self, "callback", RD_DISPOSITION_CALLBACK, 0);
  put_disposition (self, "wrong-number", RD_DISPOSITION_WRONG_NUMBER, 0);
  put_disposition (self, "dnc", RD_DISPOSITION_DNC, 0);
}

RdHopper *
rd_hopper_new (RdPhoneZones *zones)
{
  RdHopper *self;

  g_return_val_if_fail (zones == NULL || RD_IS_PHONE_ZONES (zones), NULL);

  self = g_object_new (RD_TYPE_HOPPER, NULL);
  if (zones != NULL)
    self->zones = g_object_ref (zones);
  return self;
}

void
rd_hopper_set_calling_window (RdHopper *self,
                              guint     start_minute,
                              guint     end_minute,
                              guint     weekdays)
{
  g_return_if_fail (RD_IS_HOPPER (self));
  g_return_if_fail (start_minute < end_minute && end_minute <= 24 * 60);

  self->window_start = start_minute;
  self->window_end = end_minute;
  self->weekdays = weekdays & 0x7f;
  g_hash_table_remove_all (self->window_cache);
}

void
rd_hopper_set_max_attempts (RdHopper *self,
                            guint     max_attempts)
{
  g_return_if_fail (RD_IS_HOPPER (self));
  self->max_attempts = max_attempts;
}

void
rd_hopper_set_recycle_delay (RdHopper         *self,
                             RdAttemptOutcome  outcome,
                             gint64            seconds)
{
  g_return_if_fail (RD_IS_HOPPER (self));
  g_return_if_fail (outcome > RD_ATTEMPT_NONE && outcome < RD_N_ATTEMPTS && seconds >= 0);
  self->recycle[outcome] = seconds;
}

static GTimeZone *
lookup_zone (RdHopper   *self,
             const char *id)
{
  GTimeZone *tz = g_hash_table_lookup (self->tz_cache, id);

  if (tz == NULL)
    {
      tz = g_time_zone_new_identifier (id);
      if (tz == NULL)
        return NULL;
      g_hash_table_insert (self->tz_cache, g_strdup (id), tz);
    }
  return tz;
}

gboolean
rd_hopper_set_default_time_zone (RdHopper    *self,
                                 const char  *zone,
                                 GError     **error)
{
  g_return_val_if_fail (RD_IS_HOPPER (self), FALSE);

  if (zone != NULL && lookup_zone (self, zone) == NULL)
    {
      g_set_error (error, RD_HOPPER_ERROR, RD_HOPPER_ERROR_UNKNOWN_TIME_ZONE,
                   "Unknown time zone “%s”", zone);
      return FALSE;
    }
  self->default_zone = zone != NULL ? g_intern_string (zone) : NULL;
  return TRUE;
}

void
rd_hopper_add_dnc (RdHopper   *self,
                   const char *number)
{
  g_return_if_fail (RD_IS_HOPPER (self) && number != NULL);
  g_hash_table_add (self->dnc, g_strdup (number));
}

void
rd_hopper_set_global_dnc (RdHopper   *self,
                          GHashTable *numbers)
{
  g_return_if_fail (RD_IS_HOPPER (self));

  g_clear_pointer (&self->global_dnc, g_hash_table_unref);
  if (numbers != NULL)
    self->global_dnc = g_hash_table_ref (numbers);
}

gboolean
rd_hopper_is_dnc (RdHopper   *self,
                  const char *number)
{
  g_return_val_if_fail (RD_IS_HOPPER (self) && number != NULL, TRUE);

  return g_hash_table_contains (self->dnc, number) ||
         (self->global_dnc != NULL && g_hash_table_contains (self->global_dnc, number));
}

gboolean
rd_hopper_add_disposition (RdHopper            *self,
                           const char          *name,
                           RdDispositionAction  action,
                           gint64               delay,
                           GError             **error)
{
  g_return_val_if_fail (RD_IS_HOPPER (self), FALSE);

  if (name == NULL || *name == '\0' || action > RD_DISPOSITION_RECYCLE || delay < 0)
    {
      g_set_error (error, RD_HOPPER_ERROR, RD_HOPPER_ERROR_INVALID,
                   "A disposition needs a name, a known action and a delay not below 0");
      return FALSE;
    }
  put_disposition (self, name, action, delay);
  return TRUE;
}

gboolean
rd_hopper_add_lead (RdHopper      *self,
                    const RdLead  *lead,
                    GError       **error)
{
  RdLead *copy;
  guint n_phones;

  g_return_val_if_fail (RD_IS_HOPPER (self), FALSE);
  g_return_val_if_fail (lead != NULL, FALSE);

  n_phones = lead->phones != NULL ? g_strv_length (lead->phones) : 0;
  if (n_phones == 0 || n_phones > MAX_PHONES)
    {
      g_set_error (error, RD_HOPPER_ERROR, RD_HOPPER_ERROR_INVALID,
                   "Lead %" G_GUINT64_FORMAT " needs 1 to %d phone numbers", lead->id, MAX_PHONES);
      return FALSE;
    }
  if (lead->id == 0 || g_hash_table_contains (self->by_id, &lead->id))
    {
      g_set_error (error, RD_HOPPER_ERROR, RD_HOPPER_ERROR_INVALID,
                   "Lead id %" G_GUINT64_FORMAT " is 0 or already in the campaign", lead->id);
      return FALSE;
    }
  if (lead->time_zone != NULL && lookup_zone (self, lead->time_zone) == NULL)
    {
      g_set_error (error, RD_HOPPER_ERROR, RD_HOPPER_ERROR_UNKNOWN_TIME_ZONE,
                   "Lead %" G_GUINT64_FORMAT ": unknown time zone “%s”", lead->id, lead->time_zone);
      return FALSE;
    }

  copy = g_new (RdLead, 1);
  *copy = *lead;
  copy->phones = g_strdupv (lead->phones);
  copy->time_zone = g_strdup (lead->time_zone);
  copy->callback_agent = g_strdup (lead->callback_agent);
  copy->disposition = g_strdup (lead->disposition);
  copy->in_flight = FALSE;
  copy->zone = lead->time_zone != NULL ? g_intern_string (lead->time_zone) : NULL;
  if (self->zones != NULL)
    for (guint i = 0; copy->phones[i] != NULL && copy->zone == NULL; i++)
      copy->zone = rd_phone_zones_lookup (self->zones, copy->phones[i]);
  g_ptr_array_add (self->leads, copy);
  g_hash_table_insert (self->by_id, &copy->id, copy);
  return TRUE;
}

const RdLead *
rd_hopper_get_lead (RdHopper *self,
                    guint64   id)
{
  g_return_val_if_fail (RD_IS_HOPPER (self), NULL);
  return g_hash_table_lookup (self->by_id, &id);
}

guint
rd_hopper_get_n_leads (RdHopper *self)
{
  g_return_val_if_fail (RD_IS_HOPPER (self), 0);
  return self->leads->len;
}

static const char *
lead_zone (RdHopper     *self,
           const RdLead *lead)
{
  return lead->zone != NULL ? lead->zone : self->default_zone;
}

const char *
rd_hopper_lead_time_zone (RdHopper *self,
                          guint64   id)
{
  const RdLead *lead = rd_hopper_get_lead (self, id);

  return lead != NULL ? lead_zone (self, lead) : NULL;
}

/* The number for the next attempt: phones in turn, skipping wrong and DNC numbers; -1 if none. */
static int
next_phone (RdHopper     *self,
            const RdLead *lead)
{
  guint n = g_strv_length (lead->phones);

  for (guint k = 0; k < n; k++)
    {
      guint i = (lead->attempts + k) % n;

      if ((lead->bad_phones & (1u << i)) == 0 && !rd_hopper_is_dnc (self, lead->phones[i]))
        return i;
    }
  return -1;
}

static gboolean
zone_inside_window (RdHopper   *self,
                    const char *zone,
                    gint64      now)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (now);
  g_autoptr(GDateTime) local = NULL;
  GTimeZone *tz;
  guint minute;

  if (utc == NULL || (tz = lookup_zone (self, zone)) == NULL)
    return FALSE;

  local = g_date_time_to_timezone (utc, tz);
  if ((self->weekdays & (1u << (g_date_time_get_day_of_week (local) - 1))) == 0)
    return FALSE;
  minute = g_date_time_get_hour (local) * 60 + g_date_time_get_minute (local);
  return minute >= self->window_start && minute < self->window_end;
}

static gboolean
inside_window (RdHopper     *self,
               const RdLead *lead,
               gint64        now)
{
  const char *zone = lead_zone (self, lead);
  WindowCache *cache;
  /* Every offset in tzdata is whole minutes: one answer per zone and minute. */
  gint64 minute = now >= 0 ? now / 60 : (now - 59) / 60;

  if (zone == NULL)
    return FALSE;   /* unknown local time: never risk a call at night */

  cache = g_hash_table_lookup (self->window_cache, zone);
  if (cache == NULL)
    {
      cache = g_new (WindowCache, 1);
      cache->minute = G_MININT64;
      g_hash_table_insert (self->window_cache, (gpointer) zone, cache);
    }
  if (cache->minute != minute)
    {
      cache->minute = minute;
      cache->inside = zone_inside_window (self, zone, minute * 60);
    }
  return cache->inside;
}

static gboolean
eligible (RdHopper     *self,
          const RdLead *lead,
          gint64        now,
          const char   *agent)
{
  gboolean callback = lead->callback_at != 0;

  if (lead->closed || lead->in_flight)
    return FALSE;
  /* A callback was asked for by the person: it may go past max attempts. */
  if (!callback && lead->attempts >= self->max_attempts)
    return FALSE;
  if (callback && (now < lead->callback_at ||
                   (lead->callback_agent != NULL && g_strcmp0 (agent, lead->callback_agent) != 0)))
    return FALSE;
  if (now < lead->next_eligible)
    return FALSE;
  if (next_phone (self, lead) < 0)
    return FALSE;
  return inside_window (self, lead, now);
}

gboolean
rd_hopper_is_eligible (RdHopper   *self,
                       guint64     id,
                       gint64      now,
                       const char *agent)
{
  const RdLead *lead = rd_hopper_get_lead (self, id);

  return lead != NULL && eligible (self, lead, now, agent);
}

/* TRUE if @a should be called before @b. */
static gboolean
lead_before (const RdLead *a,
             const RdLead *b)
{
  gboolean cb_a = a->callback_at != 0, cb_b = b->callback_at != 0;

  if (cb_a != cb_b)
    return cb_a;
  if (cb_a && a->callback_at != b->callback_at)
    return a->callback_at < b->callback_at;
  if (a->priority != b->priority)
    return a->priority > b->priority;
  if (a->attempts != b->attempts)
    return a->attempts < b->attempts;
  if (a->next_eligible != b->next_eligible)
    return a->next_eligible < b->next_eligible;
  return a->id < b->id;
}

guint64
rd_hopper_next (RdHopper    *self,
                gint64       now,
                const char  *agent,
                const char **number)
{
  RdLead *best = NULL;

  g_return_val_if_fail (RD_IS_HOPPER (self), 0);

  /* A linear scan: fine for a leadset in memory; the store will index it later. */
  for (guint i = 0; i < self->leads->len; i++)
    {
      RdLead *lead = self->leads->pdata[i];

      if ((best == NULL || lead_before (lead, best)) && eligible (self, lead, now, agent))
        best = lead;
    }

  if (best == NULL)
    {
      if (number != NULL)
        *number = NULL;
      return 0;
    }

  best->in_flight = TRUE;
  best->dialled_phone = next_phone (self, best);
  if (number != NULL)
    *number = best->phones[best->dialled_phone];
  return best->id;
}

static RdLead *
find_lead (RdHopper  *self,
           guint64    id,
           GError   **error)
{
  RdLead *lead = g_hash_table_lookup (self->by_id, &id);

  if (lead == NULL)
    g_set_error (error, RD_HOPPER_ERROR, RD_HOPPER_ERROR_UNKNOWN_LEAD,
                 "No lead %" G_GUINT64_FORMAT " in this campaign", id);
  return lead;
}

gboolean
rd_hopper_record_attempt (RdHopper          *self,
                          guint64            id,
                          RdAttemptOutcome   outcome,
                          gint64             now,
                          GError           **error)
{
  RdLead *lead;

  g_return_val_if_fail (RD_IS_HOPPER (self), FALSE);

  if ((lead = find_lead (self, id, error)) == NULL)
    return FALSE;
  if (outcome <= RD_ATTEMPT_NONE || outcome >= RD_N_ATTEMPTS)
    {
      g_set_error (error, RD_HOPPER_ERROR, RD_HOPPER_ERROR_INVALID, "Unknown attempt outcome");
      return FALSE;
    }

  lead->in_flight = FALSE;
  lead->attempts++;
  lead->last_outcome = outcome;
  lead->next_eligible = now + self->recycle[outcome];
  /* A callback that reached the person is done; the disposition may set a new one. */
  if (outcome == RD_ATTEMPT_ANSWERED)
    {
      lead->callback_at = 0;
      g_clear_pointer (&lead->callback_agent, g_free);
    }
  return TRUE;
}

gboolean
rd_hopper_dispose (RdHopper    *self,
                   guint64      id,
                   const char  *disposition,
                   gint64       callback_at,
                   const char  *callback_agent,
                   gint64       now,
                   GError     **error)
{
  Disposition *d;
  RdLead *lead;
  guint n_phones;

  g_return_val_if_fail (RD_IS_HOPPER (self), FALSE);

  if ((lead = find_lead (self, id, error)) == NULL)
    return FALSE;
  d = disposition != NULL ? g_hash_table_lookup (self->dispositions, disposition) : NULL;
  if (d == NULL)
    {
      g_set_error (error, RD_HOPPER_ERROR, RD_HOPPER_ERROR_UNKNOWN_DISPOSITION,
                   "Unknown disposition “%s”", disposition ? disposition : "(none)");
      return FALSE;
    }
  if (d->action == RD_DISPOSITION_CALLBACK && callback_at <= now)
    {
      g_set_error (error, RD_HOPPER_ERROR, RD_HOPPER_ERROR_INVALID,
                   "A callback needs a time in the future");
      return FALSE;
    }

  n_phones = g_strv_length (lead->phones);
  g_free (lead->disposition);
  lead->disposition = g_strdup (disposition);
  lead->in_flight = FALSE;

  switch (d->action)
    {
    case RD_DISPOSITION_CLOSE:
      lead->closed = TRUE;
      break;

    case RD_DISPOSITION_DNC:
      rd_hopper_add_dnc (self, lead->phones[MIN (lead->dialled_phone, n_phones - 1)]);
      lead->closed = TRUE;
      break;

    case RD_DISPOSITION_CALLBACK:
      lead->callback_at = callback_at;
      g_free (lead->callback_agent);
      lead->callback_agent = g_strdup (callback_agent);
      lead->next_eligible = MIN (lead->next_eligible, callback_at);
      break;

    case RD_DISPOSITION_WRONG_NUMBER:
      lead->bad_phones |= 1u << MIN (lead->dialled_phone, n_phones - 1);
      if (next_phone (self, lead) < 0)
        lead->closed = TRUE;
      else
        lead->next_eligible = now;
      break;

    case RD_DISPOSITION_RECYCLE:
    default:
      lead->next_eligible = now + d->delay;
      break;
    }
  return TRUE;
}
