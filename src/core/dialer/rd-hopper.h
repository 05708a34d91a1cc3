/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "rd-phone-zones.h"

G_BEGIN_DECLS

#define RD_HOPPER_ERROR (rd_hopper_error_quark ())

typedef enum {
  RD_HOPPER_ERROR_UNKNOWN_LEAD,
  RD_HOPPER_ERROR_UNKNOWN_DISPOSITION,
  RD_HOPPER_ERROR_INVALID,             /* a bad argument: no phones, a callback in the past … */
  RD_HOPPER_ERROR_UNKNOWN_TIME_ZONE,
} RdHopperError;

GQuark rd_hopper_error_quark (void);

/* How a dialling attempt ended; each has a recycle delay before the lead is eligible again. */
typedef enum {
  RD_ATTEMPT_NONE,        /* never dialled */
  RD_ATTEMPT_BUSY,        /* default delay 10 min */
  RD_ATTEMPT_NO_ANSWER,   /* 1 h */
  RD_ATTEMPT_FAILED,      /* 30 min */
  RD_ATTEMPT_MACHINE,     /* answering machine, 4 h */
  RD_ATTEMPT_ABANDONED,   /* answered, no agent: safe-harbor message; 1 h */
  RD_ATTEMPT_ANSWERED,    /* talked to an agent: the disposition decides what follows */
  RD_N_ATTEMPTS
} RdAttemptOutcome;

/* What a disposition does to its lead. */
typedef enum {
  RD_DISPOSITION_CLOSE,         /* done with the lead: sale, not interested */
  RD_DISPOSITION_DNC,           /* close and put the dialled number on the campaign's DNC list */
  RD_DISPOSITION_CALLBACK,      /* call again at the time given (by a given agent if personal) */
  RD_DISPOSITION_WRONG_NUMBER,  /* drop the dialled number; the lead closes when none is left */
  RD_DISPOSITION_RECYCLE,       /* call again after the disposition's delay */
} RdDispositionAction;

/* A lead in a campaign's leadset. Pass one to rd_hopper_add_lead() (it is copied);
 * rd_hopper_get_lead() shows the hopper's copy. Times are Unix seconds. */
typedef struct {
  guint64           id;
  char            **phones;          /* E.164 ("+15551234567"), in dialling order */
  char             *time_zone;       /* IANA id; NULL derives it from the first phone */
  int               priority;        /* higher first */
  guint             attempts;
  RdAttemptOutcome  last_outcome;
  gint64            next_eligible;   /* not before this time */
  gint64            callback_at;     /* 0: no callback */
  char             *callback_agent;  /* NULL: any agent may take the callback */
  char             *disposition;     /* the last one, or NULL */
  gboolean          closed;
  guint32           bad_phones;      /* bit i: phones[i] is a wrong number */
  gboolean          in_flight;       /* handed out by rd_hopper_next(), not yet reported */
  guint             dialled_phone;   /* index of the number handed out last */
  const char       *zone;            /* set by the hopper: its own zone, else its numbers' (interned) */
} RdLead;

#define RD_TYPE_HOPPER (rd_hopper_get_type ())
G_DECLARE_FINAL_TYPE (RdHopper, rd_hopper, RD, HOPPER, GObject)

/* The lead hopper of one campaign: which lead to call next. It holds its own lead
 * state (persistence is the store's job) and never reads a clock: every call that
 * depends on time takes @now, so the server's timer and the tests drive it alike.
 * @zones (may be NULL) gives a lead's time zone from its number. */
RdHopper   *rd_hopper_new                (RdPhoneZones        *zones);

/* Local calling window, minutes after midnight [@start, @end), on the weekdays in
 * @weekdays (bit 0 Monday … bit 6 Sunday). Default 09:00-21:00, every day. */
void        rd_hopper_set_calling_window (RdHopper            *self,
                                          guint                start_minute,
                                          guint                end_minute,
                                          guint                weekdays);
void        rd_hopper_set_max_attempts   (RdHopper            *self,
                                          guint                max_attempts);
void        rd_hopper_set_recycle_delay  (RdHopper            *self,
                                          RdAttemptOutcome     outcome,
                                          gint64               seconds);
/* Zone for leads whose zone is unknown; with none (the default) such leads are not called. */
gboolean    rd_hopper_set_default_time_zone (RdHopper         *self,
                                          const char          *zone,
                                          GError             **error);

/* Do-not-call: the campaign's own list, and a global list shared by all campaigns
 * (a set of E.164 strings; the hopper keeps a reference and sees later additions). */
void        rd_hopper_add_dnc            (RdHopper            *self,
                                          const char          *number);
void        rd_hopper_set_global_dnc     (RdHopper            *self,
                                          GHashTable          *numbers);
gboolean    rd_hopper_is_dnc             (RdHopper            *self,
                                          const char          *number);

/* Custom dispositions of the campaign, next to the predefined "sale", "not-interested",
 * "callback", "wrong-number" and "dnc". @delay is for RD_DISPOSITION_RECYCLE. */
gboolean    rd_hopper_add_disposition    (RdHopper            *self,
                                          const char          *name,
                                          RdDispositionAction  action,
                                          gint64               delay,
                                          GError             **error);

gboolean    rd_hopper_add_lead           (RdHopper            *self,
                                          const RdLead        *lead,
                                          GError             **error);
const RdLead *rd_hopper_get_lead         (RdHopper            *self,
                                          guint64              id);
guint       rd_hopper_get_n_leads        (RdHopper            *self);

/* The lead's time zone (its own field, else from its number, else the default), or NULL. */
const char *rd_hopper_lead_time_zone     (RdHopper            *self,
                                          guint64              id);

/* Whether the lead may be dialled at @now by @agent (NULL: by the pacer for anyone). */
gboolean    rd_hopper_is_eligible        (RdHopper            *self,
                                          guint64              id,
                                          gint64               now,
                                          const char          *agent);

/* Next lead to call: due callbacks first (personal ones only for their agent), then the
 * highest priority eligible lead. Marks it in flight and gives the number to dial.
 * 0 when none is eligible. */
guint64     rd_hopper_next               (RdHopper            *self,
                                          gint64               now,
                                          const char          *agent,
                                          const char         **number);

/* The attempt on lead @id ended with @outcome: counts it and schedules the recycle. */
gboolean    rd_hopper_record_attempt     (RdHopper            *self,
                                          guint64              id,
                                          RdAttemptOutcome     outcome,
                                          gint64               now,
                                          GError             **error);

/* The agent's disposition of the call on lead @id. @callback_at and @callback_agent
 * are for callback dispositions (@callback_agent NULL: anyone). */
gboolean    rd_hopper_dispose            (RdHopper            *self,
                                          guint64              id,
                                          const char          *disposition,
                                          gint64               callback_at,
                                          const char          *callback_agent,
                                          gint64               now,
                                          GError             **error);

G_END_DECLS
