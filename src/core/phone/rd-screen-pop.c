/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <sqlite3.h>

#include "rd-call-log.h"
#include "rd-screen-pop.h"

G_DEFINE_BOXED_TYPE (RdScreenPop, rd_screen_pop, rd_screen_pop_copy, rd_screen_pop_free)

RdScreenPop *
rd_screen_pop_copy (const RdScreenPop *pop)
{
  RdScreenPop *copy = g_new0 (RdScreenPop, 1);

  copy->kind = pop->kind;
  copy->number = g_strdup (pop->number);
  copy->matches = g_ptr_array_ref (pop->matches);
  copy->organization = g_strdup (pop->organization);
  copy->owner = g_strdup (pop->owner);
  copy->open_tickets = pop->open_tickets;
  copy->open_deals = pop->open_deals;
  copy->n_calls = pop->n_calls;
  copy->last_call_at = pop->last_call_at;
  copy->last_call_status = g_strdup (pop->last_call_status);
  return copy;
}

void
rd_screen_pop_free (RdScreenPop *pop)
{
  if (pop == NULL)
    return;
  g_free (pop->number);
  g_clear_pointer (&pop->matches, g_ptr_array_unref);
  g_free (pop->organization);
  g_free (pop->owner);
  g_free (pop->last_call_status);
  g_free (pop);
}

/* Runs @sql with @id bound to ?1; the first row's column 0 as text (NULL when none). */
static char *
query_text (sqlite3    *db,
            const char *sql,
            const char *id)
{
  sqlite3_stmt *stmt = NULL;
  char *text = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0) != NULL)
        text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
    }
  sqlite3_finalize (stmt);
  return text;
}

static gint64
query_int (sqlite3    *db,
           const char *sql,
           const char *id)
{
  g_autofree char *text = query_text (db, sql, id);

  return text != NULL ? g_ascii_strtoll (text, NULL, 10) : 0;
}

/* The card of the single match: organization, owner, open tickets and deals, last call. */
static void
fill_card (RdScreenPop *pop,
           RdStore     *store)
{
  RdRecord *match = g_ptr_array_index (pop->matches, 0);
  const char *table = rd_record_get_table (match);
  const char *id = rd_record_get_id (match);
  sqlite3 *db = rd_store_get_db (store);
  g_autofree char *owner_sql = NULL;
  sqlite3_stmt *stmt = NULL;

  if (g_strcmp0 (table, "contacts") == 0)
    {
      pop->organization = query_text (db, "SELECT o.name FROM contacts c JOIN organizations o"
                                          " ON o.id = c.org_id AND o.deleted = 0 WHERE c.id = ?1", id);
      pop->open_tickets = query_int (db, "SELECT count(*) FROM tickets WHERE contact_id = ?1"
                                         " AND deleted = 0 AND coalesce(status, 'open') != 'closed'", id);
      pop->open_deals = query_int (db, "SELECT count(*) FROM deals WHERE contact_id = ?1"
                                       " AND deleted = 0 AND coalesce(status, 'open') = 'open'", id);
    }
  else if (g_strcmp0 (table, "organizations") == 0)
    {
      pop->organization = g_strdup (rd_record_get_string (match, "name"));
      pop->open_tickets = query_int (db, "SELECT count(*) FROM tickets t JOIN contacts c"
                                         " ON c.id = t.contact_id AND c.deleted = 0 WHERE c.org_id = ?1"
                                         " AND t.deleted = 0 AND coalesce(t.status, 'open') != 'closed'", id);
      pop->open_deals = query_int (db, "SELECT count(*) FROM deals WHERE org_id = ?1"
                                       " AND deleted = 0 AND coalesce(status, 'open') = 'open'", id);
    }
  else if (g_strcmp0 (table, "leads") == 0)
    {
      pop->organization = g_strdup (rd_record_get_string (match, "company"));
    }

  if (rd_schema_lookup (table) != NULL)
    {
      /* The table name comes from the schema's own list, never from input. */
      owner_sql = g_strdup_printf ("SELECT coalesce(u.name, r.owner) FROM \"%s\" r"
                                   " LEFT JOIN users u ON u.id = r.owner WHERE r.id = ?1",
                                   rd_schema_lookup (table)->name);
      pop->owner = query_text (db, owner_sql, id);
    }

  pop->n_calls = query_int (db, "SELECT count(*) FROM calls WHERE parent_id = ?1 AND deleted = 0", id);
  if (pop->n_calls > 0
      && sqlite3_prepare_v2 (db, "SELECT started_at, hangup_cause, coalesce(answered_at, 0)"
                                 " FROM calls WHERE parent_id = ?1 AND deleted = 0"
                                 " ORDER BY started_at DESC LIMIT 1", -1, &stmt, NULL) == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          pop->last_call_at = sqlite3_column_int64 (stmt, 0);
          pop->last_call_status =
            g_strdup (rd_call_log_status ((const char *) sqlite3_column_text (stmt, 1),
                                          sqlite3_column_int64 (stmt, 2) != 0));
        }
    }
  sqlite3_finalize (stmt);
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
    e164 = rd_store_e164 (store, number);

  pop->number = e164 != NULL ? g_strdup (e164) : g_strdup (number);
  if (e164 == NULL)
    {
      pop->matches = g_ptr_array_new_with_free_func (g_object_unref);
    }
  else
    {
      pop->matches = rd_store_lookup_e164 (store, e164, error);
      if (pop->matches == NULL)
        return NULL;
    }

  pop->kind = pop->matches->len == 0 ? RD_SCREEN_POP_NONE
            : pop->matches->len == 1 ? RD_SCREEN_POP_ONE
                                     : RD_SCREEN_POP_SEVERAL;
  if (pop->kind == RD_SCREEN_POP_ONE)
    fill_card (pop, store);
  return g_steal_pointer (&pop);
}

RdScreenPop *
rd_screen_pop_choose (RdStore            *store,
                      const RdScreenPop  *pop,
                      const char         *id,
                      GError            **error)
{
  g_autoptr(RdScreenPop) chosen = NULL;

  g_return_val_if_fail (RD_IS_STORE (store), NULL);
  g_return_val_if_fail (pop != NULL && id != NULL, NULL);

  for (guint i = 0; pop->matches != NULL && i < pop->matches->len; i++)
    {
      RdRecord *match = g_ptr_array_index (pop->matches, i);

      if (g_strcmp0 (rd_record_get_id (match), id) != 0)
        continue;
      chosen = g_new0 (RdScreenPop, 1);
      chosen->kind = RD_SCREEN_POP_ONE;
      chosen->number = g_strdup (pop->number);
      chosen->matches = g_ptr_array_new_with_free_func (g_object_unref);
      g_ptr_array_add (chosen->matches, g_object_ref (match));
      fill_card (chosen, store);
      return g_steal_pointer (&chosen);
    }
  g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_NOT_FOUND,
               "%s is not one of the records with this number", id);
  return NULL;
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
