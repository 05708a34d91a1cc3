/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rd-phone-number.h"
#include "rd-screen-pop.h"

G_DEFINE_BOXED_TYPE (RdScreenPop, rd_screen_pop, rd_screen_pop_copy, rd_screen_pop_free)

RdScreenPop *
rd_screen_pop_copy (const RdScreenPop *pop)
{
  RdScreenPop *copy = g_new0 (RdScreenPop, 1);

  copy->kind = pop->kind;
  copy->number = g_strdup (pop->number);
  copy->matches = g_ptr_array_ref (pop->matches);
  return copy;
}

void
rd_screen_pop_free (RdScreenPop *pop)
{
  if (pop == NULL)
    return;
  g_free (pop->number);
  g_clear_pointer (&pop->matches, g_ptr_array_unref);
  g_free (pop);
}

RdScreenPop *
rd_screen_pop_lookup (RdStore     *store,
                      const char  *number,
                      GError     **error)
{
  g_autoptr(RdScreenPop) pop = g_new0 (RdScreenPop, 1);
  g_autofree char *e164 = NULL;

  g_return_val_if_fail (RD_IS_STORE (store), NULL);

  if (number != NULL)
    e164 = rd_phone_number_to_e164 (number, rd_store_get_default_region (store));

  pop->number = e164 != NULL ? g_strdup (e164) : g_strdup (number);
  if (e164 == NULL)
    {
      pop->matches = g_ptr_array_new_with_free_func (g_object_unref);
    }
  else
    {
      pop->matches = rd_store_lookup_number (store, e164, error);
      if (pop->matches == NULL)
        return NULL;
    }

  pop->kind = pop->matches->len == 0 ? RD_SCREEN_POP_NONE
            : pop->matches->len == 1 ? RD_SCREEN_POP_ONE
                                     : RD_SCREEN_POP_SEVERAL;
  return g_steal_pointer (&pop);
}

RdScreenPop *
rd_screen_pop_for_call (RdStore  *store,
                        RdCall   *call,
                        GError  **error)
{
  const char *number;
  g_autofree char *from_uri = NULL;

  g_return_val_if_fail (RD_IS_CALL (call), NULL);

  number = rd_call_get_number (call);
  if (number == NULL)
    number = from_uri = rd_call_number_from_uri (rd_call_get_peer_uri (call));
  return rd_screen_pop_lookup (store, number, error);
}
