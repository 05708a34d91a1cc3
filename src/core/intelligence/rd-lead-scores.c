/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rd-lead-scores.h"

/* lead_scores is not synced and not captured: it is this replica's reading of synced
 * data, so it is written with plain SQL inside a store transaction. */

static gboolean
sql_error (RdStore  *store,
           GError  **error)
{
  g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_FAILED, "Cannot keep the lead scores: %s",
               sqlite3_errmsg (rd_store_get_db (store)));
  return FALSE;
}

static GPtrArray *
open_lead_ids (RdStore  *store,
               GError  **error)
{
  sqlite3 *db = rd_store_get_db (store);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (db, "SELECT id FROM leads WHERE deleted = 0 AND"
                              " coalesce(status, 'new') NOT IN ('converted', 'lost') ORDER BY id",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      sqlite3_finalize (stmt);
      sql_error (store, error);
      return NULL;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (ids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      sql_error (store, error);
      return NULL;
    }
  return g_steal_pointer (&ids);
}

gboolean
rd_lead_scores_refresh (RdStore  *store,
                        gint64    now_ms,
                        guint    *n_scored,
                        GError  **model_error,
                        GError  **error)
{
  g_autoptr(RdLeadModel) model = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GError) load_error = NULL;
  sqlite3 *db = rd_store_get_db (store);
  sqlite3_stmt *insert = NULL;
  guint scored = 0;

  g_return_val_if_fail (RD_IS_STORE (store), FALSE);

  model = rd_lead_model_load (store, &load_error);
  if (model != NULL && (ids = open_lead_ids (store, error)) == NULL)
    return FALSE;

  if (!rd_store_begin (store, error))
    return FALSE;
  if (sqlite3_exec (db, "DELETE FROM lead_scores", NULL, NULL, NULL) != SQLITE_OK)
    goto failed;
  if (model != NULL)
    {
      if (sqlite3_prepare_v2 (db, "INSERT INTO lead_scores (lead_id, score, model_version) VALUES (?, ?, ?)",
                              -1, &insert, NULL) != SQLITE_OK)
        goto failed;
      for (guint i = 0; i < ids->len; i++)
        {
          g_autoptr(GPtrArray) features = rd_lead_features_collect (store, ids->pdata[i], now_ms, error);

          if (features == NULL)
            {
              sqlite3_finalize (insert);
              rd_store_rollback (store);
              return FALSE;
            }
          sqlite3_bind_text (insert, 1, ids->pdata[i], -1, SQLITE_STATIC);
          sqlite3_bind_double (insert, 2, rd_lead_model_score (model, features));
          sqlite3_bind_int64 (insert, 3, rd_lead_model_get_version (model));
          if (sqlite3_step (insert) != SQLITE_DONE)
            goto failed;
          sqlite3_reset (insert);
          scored++;
        }
      sqlite3_finalize (insert);
      insert = NULL;
    }
  if (!rd_store_commit (store, error))
    {
      rd_store_rollback (store);
      return FALSE;
    }
  if (n_scored != NULL)
    *n_scored = scored;
  if (load_error != NULL)
    g_propagate_error (model_error, g_steal_pointer (&load_error));
  return TRUE;

failed:
  sql_error (store, error);
  sqlite3_finalize (insert);
  rd_store_rollback (store);
  return FALSE;
}

double
rd_lead_scores_get (RdStore    *store,
                    const char *lead_id)
{
  sqlite3 *db = rd_store_get_db (store);
  sqlite3_stmt *stmt = NULL;
  double score = -1;

  if (sqlite3_prepare_v2 (db, "SELECT score FROM lead_scores WHERE lead_id = ?", -1, &stmt, NULL) == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, lead_id, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        score = sqlite3_column_double (stmt, 0);
    }
  sqlite3_finalize (stmt);
  return score;
}
