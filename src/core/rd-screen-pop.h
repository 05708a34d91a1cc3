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
} RdScreenPop;

#define RD_TYPE_SCREEN_POP (rd_screen_pop_get_type ())
GType        rd_screen_pop_get_type (void);

/* Looks @number up in @store (one index lookup). A number that does not parse is no error:
 * it gives kind NONE. NULL only on store trouble. */
RdScreenPop *rd_screen_pop_lookup   (RdStore      *store,
                                     const char   *number,
                                     GError      **error);
/* The same for a call's peer (its number, else its URI's user part). */
RdScreenPop *rd_screen_pop_for_call (RdStore      *store,
                                     RdCall       *call,
                                     GError      **error);
RdScreenPop *rd_screen_pop_copy     (const RdScreenPop *pop);
void         rd_screen_pop_free     (RdScreenPop  *pop);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdScreenPop, rd_screen_pop_free)

G_END_DECLS
