/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "rd-call.h"
#include "rd-store.h"

G_BEGIN_DECLS

typedef enum {
  RD_SCREEN_POP_NONE,     /* unknown number: offer "Create contact" / "Create lead" */
  RD_SCREEN_POP_ONE,      /* one record: open its card */
  RD_SCREEN_POP_SEVERAL,  /* a chooser */
} RdScreenPopKind;

/* What the screen pop shows for a call: the caller id read as E.164 with the replica's
 * default region, and the contacts, leads and organizations that own that number. */
typedef struct {
  RdScreenPopKind  kind;
  char            *number;    /* E.164, or the number as the network gave it */
  GPtrArray       *matches;   /* RdRecord (with "phones", "emails", "matched_phone") */

  /* The card of a single match (kind ONE; empty otherwise): */
  char            *organization;   /* the contact's organization, the lead's company */
  char            *owner;          /* the owner's user name (or id when not a known user) */
  guint            open_tickets;   /* not closed; an organization's through its contacts */
  guint            open_deals;
  guint            n_calls;        /* call records of the match */
  gint64           last_call_at;   /* ms of the newest, 0 when none */
  char            *last_call_status; /* rd_call_log_status() of the newest */
} RdScreenPop;

#define RD_TYPE_SCREEN_POP (rd_screen_pop_get_type ())
GType        rd_screen_pop_get_type (void);

/* Looks @number up in @store (one index lookup; a single match also gets its card: a few
 * more index lookups). A number that does not parse is no error:
 * it gives kind NONE. NULL only on store trouble. */
RdScreenPop *rd_screen_pop_lookup   (RdStore      *store,
                                     const char   *number,
                                     GError      **error);
/* The same for a call's peer (its number, else its URI's user part). */
RdScreenPop *rd_screen_pop_for_call (RdStore      *store,
                                     RdCall       *call,
                                     GError      **error);
/* The chooser's answer: @pop (kind SEVERAL) narrowed to its match @id, as kind ONE with
 * that record's card, exactly as a lookup with a single match gives it. */
RdScreenPop *rd_screen_pop_choose   (RdStore      *store,
                                     const RdScreenPop *pop,
                                     const char   *id,
                                     GError      **error);
RdScreenPop *rd_screen_pop_copy     (const RdScreenPop *pop);
void         rd_screen_pop_free     (RdScreenPop  *pop);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdScreenPop, rd_screen_pop_free)

G_END_DECLS
