/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Leadsets: a CSV upload becomes leads (numbers checked for their country, flagged when
 * valid nowhere), listed, reset, attached to campaigns. */
#include "config.h"

#include <string.h>

#include "rd-center-db-private.h"
#include "rd-uuid.h"

enum {
  F_FIRST_NAME, F_LAST_NAME, F_NAME, F_COMPANY, F_EMAIL, F_CITY, F_NOTES, F_COUNTRY,
  F_PHONE, F_PHONE2, F_PHONE3, N_FIELDS
};

static const char *const lead_fields[N_FIELDS + 1] = {
  "first_name", "last_name", "name", "company", "email", "city", "notes", "country",
  "phone", "phone2", "phone3", NULL,
};

const char * const *
rd_center_lead_fields (void)
{
  return lead_fields;
}

typedef struct {
  RdCenterDb           *self;
  RdCenterImportReport *report;
  const char           *leadset_id;
  const char           *country;
  sqlite3_stmt         *insert;
  GHashTable           *seen;      /* E.164 numbers of this upload */
} LeadImport;

static gboolean
lead_row (guint         line,
          char        **values,
          JsonObject   *extra,
          gpointer      user_data,
          GError      **error)
{
  LeadImport *li = user_data;
  g_autofree char *country = NULL;
  g_autofree char *phone = NULL;
  g_autofree char *extra_text = NULL;
  g_autoptr(JsonArray) alts = json_array_new ();
  g_autofree char *alts_text = NULL;
  const char *state = "new";
  const char *zone = NULL;
  char id[37];

  if (values[F_PHONE] == NULL)
    {
      g_set_error (error, RD_CENTER_ERROR, RD_CENTER_ERROR_INVALID, "the row has no phone number");
      return FALSE;
    }
  if (values[F_COUNTRY] != NULL)
    {
      country = rd_center_db_country (values[F_COUNTRY], error);
      if (country == NULL)
        return FALSE;
    }
  else
    country = g_strdup (li->country);

  phone = rd_center_db_e164 (values[F_PHONE], country);
  for (int f = F_PHONE2; f <= F_PHONE3; f++)
    if (values[f] != NULL)
      {
        g_autofree char *alt = rd_center_db_e164 (values[f], country);

        if (alt != NULL)
          json_array_add_string_element (alts, alt);
      }
  if (phone == NULL && json_array_get_length (alts) > 0)
    {
      /* The first valid alternative becomes the number to dial. */
      phone = g_strdup (json_array_get_string_element (alts, 0));
      json_array_remove_element (alts, 0);
    }

  if (phone == NULL)
    {
      state = "invalid";
      li->report->invalid_numbers++;
    }
  else if (!g_hash_table_add (li->seen, g_strdup (phone)))
    {
      li->report->duplicates++;
      return TRUE;
    }
  else
    {
      if (rd_center_dnc_contains (li->self, phone, NULL))
        {
          state = "dnc";
          li->report->dnc++;
        }
      if (li->self->zones != NULL)
        zone = rd_phone_zones_lookup (li->self->zones, phone);
    }

  if (extra != NULL)
    {
      g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), extra);

      extra_text = json_to_string (node, FALSE);
    }
  if (json_array_get_length (alts) > 0)
    {
      g_autoptr(JsonNode) node = json_node_init_array (json_node_alloc (), alts);

      alts_text = json_to_string (node, FALSE);
    }

  rd_uuid_v7_into (id);
  sqlite3_reset (li->insert);
  sqlite3_clear_bindings (li->insert);
  sqlite3_bind_text (li->insert, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (li->insert, 2, li->leadset_id, -1, SQLITE_STATIC);
  sqlite3_bind_int (li->insert, 3, (int) line);
  for (int f = F_FIRST_NAME; f <= F_NOTES; f++)
    rd_center_db_bind_text (li->insert, 4 + f, values[f]);
  sqlite3_bind_text (li->insert, 11, country, -1, SQLITE_TRANSIENT);
  rd_center_db_bind_text (li->insert, 12, values[F_PHONE]);
  rd_center_db_bind_text (li->insert, 13, phone);
  rd_center_db_bind_text (li->insert, 14, alts_text);
  rd_center_db_bind_text (li->insert, 15, zone);
  rd_center_db_bind_text (li->insert, 16, extra_text);
  sqlite3_bind_text (li->insert, 17, state, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (li->insert, 18, rd_center_db_now (li->self));
  if (!rd_center_db_step_done (li->self, li->insert, "the lead", error))
    return FALSE;
  li->report->imported++;
  return TRUE;
}

gboolean
rd_center_leadset_import (RdCenterDb                   *self,
                          const char                   *text,
                          gsize                         len,
                          const RdCenterImportOptions  *options,
                          RdCenterImportReport        **out_report,
                          GError                      **error)
{
  g_autoptr(RdCenterImportReport) report = g_new0 (RdCenterImportReport, 1);
  g_autoptr(RdCenterStmt) set = NULL;
  g_autoptr(RdCenterStmt) insert = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *country = NULL;
  g_autofree char *id = rd_uuid_v7 ();
  LeadImport li = { self, report, id, NULL, NULL, seen };
  gboolean ok;

  g_return_val_if_fail (RD_IS_CENTER_DB (self), FALSE);

  if (options->name == NULL || *options->name == '\0' || g_utf8_strlen (options->name, -1) > 100)
    {
      g_set_error (error, RD_CENTER_ERROR, RD_CENTER_ERROR_INVALID,
                   "a leadset needs a name of up to 100 characters");
      return FALSE;
    }
  country = rd_center_db_country (options->country, error);
  if (country == NULL)
    return FALSE;
  li.country = country;

  set = rd_center_db_prepare (self,
    "INSERT INTO leadsets (id, name, country, created_at, created_by) VALUES (?1, ?2, ?3, ?4, ?5)",
    error);
  insert = rd_center_db_prepare (self,
    "INSERT INTO leads (id, leadset_id, line, first_name, last_name, name, company, email, city,"
    " notes, country, phone_raw, phone, alt_phones, timezone, extra, state, updated_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
    error);
  if (set == NULL || insert == NULL)
    return FALSE;
  li.insert = insert;
  sqlite3_bind_text (set, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (set, 2, options->name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (set, 3, country, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (set, 4, rd_center_db_now (self));
  rd_center_db_bind_text (set, 5, options->actor);

  /* One transaction: a dry run or a failure leaves nothing behind. */
  if (!rd_center_db_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;
  ok = rd_center_db_step_done (self, set, "the leadset", error) &&
       rd_center_import_rows (text, len, lead_fields, options, report, lead_row, &li, error);
  if (ok && report->imported == 0)
    {
      g_set_error (error, RD_CENTER_ERROR, RD_CENTER_ERROR_INVALID,
                   "no row of the file could be imported (%u bad)", report->bad);
      ok = FALSE;
    }
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
  report->id = g_steal_pointer (&id);
  if (out_report != NULL)
    *out_report = g_steal_pointer (&report);
  return TRUE;
}

static const char leadset_select[] =
  "SELECT s.id, s.name, s.country, s.created_at, s.created_by,"
  " count(l.id) AS leads,"
  " count(l.id) FILTER (WHERE l.state = 'new') AS new,"
  " count(l.id) FILTER (WHERE l.state = 'callback') AS callback,"
  " count(l.id) FILTER (WHERE l.state = 'done') AS done,"
  " count(l.id) FILTER (WHERE l.state = 'dnc') AS dnc,"
  " count(l.id) FILTER (WHERE l.state = 'invalid') AS invalid"
  " FROM leadsets s LEFT JOIN leads l ON l.leadset_id = s.id";

JsonNode *
rd_center_leadset_list (RdCenterDb  *self,
                        GError     **error)
{
  g_autofree char *sql = g_strconcat (leadset_select, " GROUP BY s.id ORDER BY s.created_at DESC", NULL);
  g_autoptr(RdCenterStmt) stmt = rd_center_db_prepare (self, sql, error);

  return stmt != NULL ? rd_center_db_rows_json (stmt) : NULL;
}

JsonNode *
rd_center_leadset_get (RdCenterDb  *self,
                       const char  *id,
                       GError     **error)
{
  g_autofree char *sql = g_strconcat (leadset_select, " WHERE s.id = ?1 GROUP BY s.id", NULL);
  g_autoptr(RdCenterStmt) stmt = rd_center_db_prepare (self, sql, error);
  g_autoptr(JsonNode) rows = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  rows = rd_center_db_rows_json (stmt);
  if (json_array_get_length (json_node_get_array (rows)) == 0)
    {
      g_set_error (error, RD_CENTER_ERROR, RD_CENTER_ERROR_NOT_FOUND, "no leadset %s", id);
      return NULL;
    }
  return json_node_copy (json_array_get_element (json_node_get_array (rows), 0));
}

JsonNode *
rd_center_leadset_leads (RdCenterDb  *self,
                         const char  *id,
                         const char  *state,
                         guint        offset,
                         guint        limit,
                         GError     **error)
{
  g_autoptr(JsonNode) set = rd_center_leadset_get (self, id, error);
  g_autoptr(RdCenterStmt) stmt = NULL;
  JsonNode *rows;
  JsonArray *array;

  if (set == NULL)
    return NULL;
  stmt = rd_center_db_prepare (self,
    "SELECT id, line, first_name, last_name, name, company, email, city, notes, country,"
    " phone_raw, phone, alt_phones, timezone, extra, state, attempts, next_at, last_result,"
    " disposition, callback_at, callback_agent, updated_at"
    " FROM leads WHERE leadset_id = ?1 AND (?2 IS NULL OR state = ?2)"
    " ORDER BY line LIMIT ?3 OFFSET ?4", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  rd_center_db_bind_text (stmt, 2, state);
  sqlite3_bind_int (stmt, 3, (int) limit);
  sqlite3_bind_int (stmt, 4, (int) offset);
  rows = rd_center_db_rows_json (stmt);

  /* The JSON columns as JSON, not as text. */
  array = json_node_get_array (rows);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *lead = json_array_get_object_element (array, i);

      for (guint m = 0; m < 2; m++)
        {
          const char *name = m == 0 ? "alt_phones" : "extra";
          const char *text = json_object_get_string_member_with_default (lead, name, NULL);
          JsonNode *parsed = text != NULL ? json_from_string (text, NULL) : NULL;

          if (parsed != NULL)
            json_object_set_member (lead, name, parsed);
          else
            json_object_set_member (lead, name, m == 0 ? json_node_init_array (json_node_alloc (), json_array_new ())
                                                       : json_node_init_object (json_node_alloc (), json_object_new ()));
        }
    }
  return rows;
}

gboolean
rd_center_leadset_reset (RdCenterDb  *self,
                         const char  *id,
                         guint       *n_reset,
                         GError     **error)
{
  g_autoptr(JsonNode) set = rd_center_leadset_get (self, id, error);
  g_autoptr(RdCenterStmt) stmt = NULL;

  if (set == NULL)
    return FALSE;
  stmt = rd_center_db_prepare (self,
    "UPDATE leads SET attempts = 0, next_at = NULL, updated_at = ?2"
    " WHERE leadset_id = ?1 AND state = 'new'", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, rd_center_db_now (self));
  if (!rd_center_db_step_done (self, stmt, "the leads", error))
    return FALSE;
  if (n_reset != NULL)
    *n_reset = (guint) sqlite3_changes (self->db);
  return TRUE;
}

gboolean
rd_center_leadset_attach (RdCenterDb  *self,
                          const char  *campaign_id,
                          const char  *leadset_id,
                          gboolean     attach,
                          GError     **error)
{
  g_autoptr(JsonNode) campaign = rd_center_campaign_get (self, campaign_id, error);
  g_autoptr(JsonNode) set = campaign != NULL ? rd_center_leadset_get (self, leadset_id, error) : NULL;
  g_autoptr(RdCenterStmt) stmt = NULL;

  if (set == NULL)
    return FALSE;
  stmt = rd_center_db_prepare (self, attach
    ? "INSERT OR IGNORE INTO campaign_leadsets (campaign_id, leadset_id) VALUES (?1, ?2)"
    : "DELETE FROM campaign_leadsets WHERE campaign_id = ?1 AND leadset_id = ?2", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, campaign_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, leadset_id, -1, SQLITE_TRANSIENT);
  return rd_center_db_step_done (self, stmt, "the leadset", error);
}
