/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Do-not-call lists: the global one and each campaign's, checked before every dial. */
#include "config.h"

#include "rd-center-db-private.h"

static gboolean
insert_number (RdCenterDb  *self,
               const char  *e164,
               const char  *campaign_id,
               const char  *reason,
               const char  *actor,
               gboolean    *added,
               GError     **error)
{
  g_autoptr(RdCenterStmt) stmt = rd_center_db_prepare (self,
    "INSERT OR IGNORE INTO dnc (number, campaign_id, reason, added_at, added_by)"
    " VALUES (?1, coalesce(?2, ''), ?3, ?4, ?5)", error);
  g_autoptr(RdCenterStmt) leads = rd_center_db_prepare (self,
    "UPDATE leads SET state = 'dnc', updated_at = ?3 WHERE phone = ?1"
    " AND state IN ('new', 'callback')"
    " AND (?2 IS NULL OR leadset_id IN"
    "      (SELECT leadset_id FROM campaign_leadsets WHERE campaign_id = ?2))", error);
  gint64 now = rd_center_db_now (self);

  if (stmt == NULL || leads == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, e164, -1, SQLITE_TRANSIENT);
  rd_center_db_bind_text (stmt, 2, campaign_id);
  rd_center_db_bind_text (stmt, 3, reason);
  sqlite3_bind_int64 (stmt, 4, now);
  rd_center_db_bind_text (stmt, 5, actor);
  if (!rd_center_db_step_done (self, stmt, "the number", error))
    return FALSE;
  *added = sqlite3_changes (self->db) == 1;

  sqlite3_bind_text (leads, 1, e164, -1, SQLITE_TRANSIENT);
  rd_center_db_bind_text (leads, 2, campaign_id);
  sqlite3_bind_int64 (leads, 3, now);
  return rd_center_db_step_done (self, leads, "the leads", error);
}

static gboolean
check_campaign (RdCenterDb  *self,
                const char  *campaign_id,
                GError     **error)
{
  g_autoptr(JsonNode) campaign = NULL;

  if (campaign_id == NULL)
    return TRUE;
  campaign = rd_center_campaign_get (self, campaign_id, error);
  return campaign != NULL;
}

gboolean
rd_center_dnc_add (RdCenterDb  *self,
                   const char  *number,
                   const char  *country,
                   const char  *campaign_id,
                   const char  *reason,
                   const char  *actor,
                   char       **out_e164,
                   GError     **error)
{
  g_autofree char *iso = rd_center_db_country (country, error);
  g_autofree char *e164 = NULL;
  gboolean added = FALSE;

  if (iso == NULL || !check_campaign (self, campaign_id, error))
    return FALSE;
  e164 = number != NULL ? rd_center_db_e164 (number, iso) : NULL;
  if (e164 == NULL)
    {
      g_set_error (error, RD_CENTER_ERROR, RD_CENTER_ERROR_INVALID,
                   "\"%s\" is not a valid phone number in %s", number != NULL ? number : "", iso);
      return FALSE;
    }
  if (!rd_center_db_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;
  if (!insert_number (self, e164, campaign_id, reason, actor, &added, error))
    {
      rd_center_db_exec (self, "ROLLBACK", NULL);
      return FALSE;
    }
  if (!rd_center_db_exec (self, "COMMIT", error))
    return FALSE;
  if (out_e164 != NULL)
    *out_e164 = g_steal_pointer (&e164);
  return TRUE;
}

gboolean
rd_center_dnc_remove (RdCenterDb  *self,
                      const char  *e164,
                      const char  *campaign_id,
                      GError     **error)
{
  g_autoptr(RdCenterStmt) stmt = rd_center_db_prepare (self,
    "DELETE FROM dnc WHERE number = ?1 AND campaign_id = coalesce(?2, '')", error);

  if (stmt == NULL)
    return FALSE;
  rd_center_db_bind_text (stmt, 1, e164);
  rd_center_db_bind_text (stmt, 2, campaign_id);
  if (!rd_center_db_step_done (self, stmt, "the number", error))
    return FALSE;
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, RD_CENTER_ERROR, RD_CENTER_ERROR_NOT_FOUND, "%s is not on the %s list",
                   e164, campaign_id != NULL ? "campaign's" : "global");
      return FALSE;
    }
  return TRUE;
}

gboolean
rd_center_dnc_contains (RdCenterDb *self,
                        const char *e164,
                        const char *campaign_id)
{
  g_autoptr(RdCenterStmt) stmt = rd_center_db_prepare (self,
    "SELECT 1 FROM dnc WHERE number = ?1 AND campaign_id IN ('', coalesce(?2, ''))", NULL);

  /* When the list cannot be read, the number counts as listed: never dial blind. */
  if (stmt == NULL)
    return TRUE;
  rd_center_db_bind_text (stmt, 1, e164);
  rd_center_db_bind_text (stmt, 2, campaign_id);
  switch (sqlite3_step (stmt))
    {
    case SQLITE_ROW:
      return TRUE;
    case SQLITE_DONE:
      return FALSE;
    default:
      return TRUE;
    }
}

/* The digits of @search ("916 100-00" -> "91610000"), or NULL when it has none. */
static char *
search_digits (const char *search)
{
  GString *digits = g_string_new (NULL);

  for (const char *p = search; p != NULL && *p != '\0'; p++)
    if (g_ascii_isdigit (*p))
      g_string_append_c (digits, *p);
  if (digits->len == 0)
    {
      g_string_free (digits, TRUE);
      return NULL;
    }
  return g_string_free (digits, FALSE);
}

JsonNode *
rd_center_dnc_list (RdCenterDb  *self,
                    const char  *campaign_id,
                    const char  *search,
                    guint        offset,
                    guint        limit,
                    GError     **error)
{
  /* A search matches the number's digits, or the reason or who added it (any case). */
  g_autoptr(RdCenterStmt) stmt = rd_center_db_prepare (self,
    "SELECT number, nullif(campaign_id, '') AS campaign_id, reason, added_at, added_by FROM dnc"
    " WHERE campaign_id = coalesce(?1, '')"
    " AND (?4 IS NULL OR instr(number, ?5) > 0"
    "      OR instr(lower(coalesce(reason, '')), lower(?4)) > 0"
    "      OR instr(lower(coalesce(added_by, '')), lower(?4)) > 0)"
    " ORDER BY number LIMIT ?2 OFFSET ?3", error);
  g_autofree char *digits = search_digits (search);

  if (stmt == NULL || !check_campaign (self, campaign_id, error))
    return NULL;
  rd_center_db_bind_text (stmt, 1, campaign_id);
  sqlite3_bind_int (stmt, 2, (int) limit);
  sqlite3_bind_int (stmt, 3, (int) offset);
  rd_center_db_bind_text (stmt, 4, search != NULL && *search != '\0' ? search : NULL);
  rd_center_db_bind_text (stmt, 5, digits);
  return rd_center_db_rows_json (stmt);
}

static const char *const dnc_fields[] = { "number", "reason", "country", NULL };

typedef struct {
  RdCenterDb                  *self;
  RdCenterImportReport        *report;
  const char                  *campaign_id;
  const char                  *country;
  const RdCenterImportOptions *options;
} DncImport;

static gboolean
dnc_row (guint         line,
         char        **values,
         JsonObject   *extra,
         gpointer      user_data,
         GError      **error)
{
  DncImport *di = user_data;
  g_autofree char *country = NULL;
  g_autofree char *e164 = NULL;
  gboolean added = FALSE;

  if (values[0] == NULL)
    {
      g_set_error (error, RD_CENTER_ERROR, RD_CENTER_ERROR_INVALID, "the row has no number");
      return FALSE;
    }
  country = values[2] != NULL ? rd_center_db_country (values[2], error) : g_strdup (di->country);
  if (country == NULL)
    return FALSE;
  e164 = rd_center_db_e164 (values[0], country);
  if (e164 == NULL)
    {
      di->report->invalid_numbers++;
      g_set_error (error, RD_CENTER_ERROR, RD_CENTER_ERROR_INVALID,
                   "\"%s\" is not a valid phone number in %s", values[0], country);
      return FALSE;
    }
  if (!insert_number (di->self, e164, di->campaign_id, values[1], di->options->actor, &added, error))
    return FALSE;
  if (added)
    di->report->imported++;
  else
    di->report->duplicates++;
  return TRUE;
}

gboolean
rd_center_dnc_import (RdCenterDb                   *self,
                      const char                   *text,
                      gsize                         len,
                      const char                   *campaign_id,
                      const RdCenterImportOptions  *options,
                      RdCenterImportReport        **out_report,
                      GError                      **error)
{
  g_autoptr(RdCenterImportReport) report = g_new0 (RdCenterImportReport, 1);
  g_autofree char *country = rd_center_db_country (options->country, error);
  DncImport di = { self, report, campaign_id, country, options };
  gboolean ok;

  if (country == NULL || !check_campaign (self, campaign_id, error))
    return FALSE;
  if (!rd_center_db_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;
  ok = rd_center_import_rows (text, len, dnc_fields, options, report, dnc_row, &di, error);
  if (!ok || options->dry_run)
    {
      rd_center_db_exec (self, "ROLLBACK", NULL);
      if (out_report != NULL && report->errors != NULL)
        *out_report = g_steal_pointer (&report);
      return ok;
    }
  if (!rd_center_db_exec (self, "COMMIT", error))
    return FALSE;
  report->committed = TRUE;
  if (out_report != NULL)
    *out_report = g_steal_pointer (&report);
  return TRUE;
}
