/* SPDX-License-Identifier: GPL-3.0-or-later */
/* RdCenterDb: opening callcenter.db, its schema, recovery after a crash, the shared SQL
 * helpers and number checks. */
#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <string.h>

#include "rd-center-db-private.h"
#include "rd-phone-number.h"

G_DEFINE_FINAL_TYPE (RdCenterDb, rd_center_db, G_TYPE_OBJECT)
G_DEFINE_QUARK (rd-center-error-quark, rd_center_error)

/* Numbered migrations; the version is PRAGMA user_version. Times are Unix ms. */
static const char *const migrations[] = {
  /* 1 */
  "CREATE TABLE campaigns ("
  "  id TEXT PRIMARY KEY NOT NULL,"
  "  name TEXT NOT NULL UNIQUE,"
  "  status TEXT NOT NULL DEFAULT 'stopped' CHECK (status IN ('stopped', 'running', 'paused')),"
  "  dial_method TEXT NOT NULL,"
  "  caller_id TEXT, trunk TEXT, team TEXT,"
  "  calling_hours_start TEXT NOT NULL, calling_hours_end TEXT NOT NULL,"
  "  max_attempts INTEGER NOT NULL, ring_timeout INTEGER NOT NULL,"
  "  wrap_up_timeout INTEGER NOT NULL, wrap_up_then TEXT NOT NULL,"
  "  abandon_cap REAL NOT NULL, compliance_window TEXT NOT NULL,"
  "  safe_harbor_ms INTEGER NOT NULL, safe_harbor_message TEXT,"
  "  abandon_redial_hours INTEGER NOT NULL, amd TEXT NOT NULL,"
  "  broadcast_message TEXT, press_one INTEGER NOT NULL,"
  "  recycle_busy INTEGER NOT NULL, recycle_no_answer INTEGER NOT NULL,"
  "  recycle_machine INTEGER NOT NULL, recycle_failed INTEGER NOT NULL,"
  "  script TEXT,"
  "  created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL"
  ");"
  "CREATE TABLE campaign_agents ("
  "  campaign_id TEXT NOT NULL REFERENCES campaigns (id),"
  "  agent TEXT NOT NULL,"
  "  PRIMARY KEY (campaign_id, agent)"
  ") WITHOUT ROWID;"
  "CREATE TABLE dispositions ("
  "  campaign_id TEXT NOT NULL REFERENCES campaigns (id),"
  "  code TEXT NOT NULL, label TEXT NOT NULL,"
  "  closes_lead INTEGER NOT NULL DEFAULT 0, callback INTEGER NOT NULL DEFAULT 0,"
  "  dnc INTEGER NOT NULL DEFAULT 0, sort INTEGER NOT NULL DEFAULT 0,"
  "  PRIMARY KEY (campaign_id, code)"
  ") WITHOUT ROWID;"
  "CREATE TABLE pause_codes ("
  "  campaign_id TEXT NOT NULL DEFAULT '',"   /* '' = every campaign */
  "  code TEXT NOT NULL, label TEXT NOT NULL,"
  "  PRIMARY KEY (campaign_id, code)"
  ") WITHOUT ROWID;"
  "INSERT INTO pause_codes (code, label) VALUES ('break', 'Break'), ('lunch', 'Lunch'),"
  "  ('prayer', 'Prayer'), ('training', 'Training'), ('meeting', 'Meeting');"
  "CREATE TABLE leadsets ("
  "  id TEXT PRIMARY KEY NOT NULL,"
  "  name TEXT NOT NULL,"
  "  country TEXT NOT NULL,"
  "  created_at INTEGER NOT NULL, created_by TEXT"
  ");"
  "CREATE TABLE campaign_leadsets ("
  "  campaign_id TEXT NOT NULL REFERENCES campaigns (id),"
  "  leadset_id TEXT NOT NULL REFERENCES leadsets (id),"
  "  PRIMARY KEY (campaign_id, leadset_id)"
  ") WITHOUT ROWID;"
  "CREATE TABLE leads ("
  "  id TEXT PRIMARY KEY NOT NULL,"
  "  leadset_id TEXT NOT NULL REFERENCES leadsets (id),"
  "  line INTEGER NOT NULL,"
  "  first_name TEXT, last_name TEXT, name TEXT, company TEXT, email TEXT, city TEXT,"
  "  notes TEXT,"
  "  country TEXT NOT NULL,"
  "  phone_raw TEXT,"
  "  phone TEXT,"                  /* E.164, NULL: not a valid number */
  "  alt_phones TEXT,"             /* JSON array of E.164 */
  "  timezone TEXT,"
  "  extra TEXT,"                  /* JSON object: unmapped columns by header */
  "  state TEXT NOT NULL DEFAULT 'new'"
  "    CHECK (state IN ('new', 'in-progress', 'callback', 'done', 'dnc', 'invalid')),"
  "  attempts INTEGER NOT NULL DEFAULT 0,"
  "  next_at INTEGER,"             /* not before (ms); NULL: now */
  "  last_result TEXT, disposition TEXT,"
  "  callback_at INTEGER, callback_agent TEXT,"
  "  updated_at INTEGER NOT NULL"
  ");"
  "CREATE INDEX leads_set ON leads (leadset_id, line);"
  "CREATE INDEX leads_dialable ON leads (leadset_id, state, next_at);"
  "CREATE INDEX leads_phone ON leads (phone);"
  "CREATE TABLE dnc ("
  "  number TEXT NOT NULL,"        /* E.164 */
  "  campaign_id TEXT NOT NULL DEFAULT '',"   /* '' = global */
  "  reason TEXT, added_at INTEGER NOT NULL, added_by TEXT,"
  "  PRIMARY KEY (number, campaign_id)"
  ") WITHOUT ROWID;"
  "CREATE TABLE agent_states ("
  "  id INTEGER PRIMARY KEY,"
  "  agent TEXT NOT NULL, campaign_id TEXT, queue_id TEXT,"
  "  state TEXT NOT NULL, reason TEXT, call_id TEXT,"
  "  started_at INTEGER NOT NULL, ended_at INTEGER"
  ");"
  "CREATE INDEX agent_states_agent ON agent_states (agent, started_at);"
  "CREATE INDEX agent_states_time ON agent_states (started_at);"
  "CREATE UNIQUE INDEX agent_states_open ON agent_states (agent) WHERE ended_at IS NULL;"
  "CREATE TABLE calls ("
  "  id TEXT PRIMARY KEY NOT NULL,"
  "  direction TEXT NOT NULL CHECK (direction IN ('outbound', 'inbound')),"
  "  campaign_id TEXT, queue_id TEXT, lead_id TEXT, number TEXT, caller_id TEXT, agent TEXT,"
  "  created_at INTEGER NOT NULL, ringing_at INTEGER, answered_at INTEGER,"
  "  bridged_at INTEGER, ended_at INTEGER,"
  "  result TEXT NOT NULL DEFAULT 'in-progress',"
  "  sip_code INTEGER, hangup_cause TEXT, hangup_by TEXT,"
  "  safe_harbor INTEGER NOT NULL DEFAULT 0,"
  "  disposition TEXT, notes TEXT, recording TEXT"
  ");"
  "CREATE INDEX calls_created ON calls (created_at);"
  "CREATE INDEX calls_campaign ON calls (campaign_id, created_at);"
  "CREATE INDEX calls_lead ON calls (lead_id);"
  "CREATE INDEX calls_number ON calls (number, created_at);",
  /* 2: recording can be switched off per campaign (on for the campaigns made before) */
  "ALTER TABLE campaigns ADD COLUMN record_calls INTEGER NOT NULL DEFAULT 1;",
  /* 3: a call handed from one agent to another keeps who had it, and when */
  "ALTER TABLE calls ADD COLUMN transferred_from TEXT;"
  "ALTER TABLE calls ADD COLUMN transferred_at INTEGER;",
  /* 4: a call handed to an outside number keeps the number; what a customer hears while
   * their agent consults that number */
  "ALTER TABLE calls ADD COLUMN transferred_to TEXT;"
  "ALTER TABLE campaigns ADD COLUMN hold_message TEXT;",
  /* 5: the agent's wrap-up tags (a JSON array of text); the CRM call record filed for a
   * call an agent had (crm_call_id, merged.db), and whether that record has the row's last
   * state (crm_filed 0: to file, e.g. after a crash between the two files; the calls made
   * before this migration are filed once at the next start) */
  "ALTER TABLE calls ADD COLUMN tags TEXT;"
  "ALTER TABLE calls ADD COLUMN crm_call_id TEXT;"
  "ALTER TABLE calls ADD COLUMN crm_filed INTEGER NOT NULL DEFAULT 0;"
  "CREATE INDEX calls_unfiled ON calls (ended_at) WHERE crm_filed = 0 AND agent IS NOT NULL;",
  /* 6: what the reports read (src/server/reports/, docs/reports.md): rows that overlap a
   * range are found from their end (a state or call that began before the range still
   * counts), the calls by time with their number (a partial number is matched in the
   * index, not the table), the agent's calls by time, and a covering index of the calls
   * agents handled */
  "CREATE INDEX agent_states_ended ON agent_states (ended_at, started_at);"
  "DROP INDEX calls_created;"
  "CREATE INDEX calls_created ON calls (created_at, number);"
  "CREATE INDEX calls_ended ON calls (ended_at, created_at);"
  "CREATE INDEX calls_agent ON calls (agent, created_at);"
  "CREATE INDEX calls_handled ON calls (created_at, agent, campaign_id, direction, bridged_at,"
  "  lead_id, disposition)"
  "  WHERE agent IS NOT NULL;",
  /* 7: CTI with an outside PBX (src/server/cti/, docs/cti.md): the PBXes that may post
   * events (their token's SHA-256), which agent answers which extension, the PBX's call id
   * of each call row the PBX reported (such rows stay open across a restart: the PBX still
   * has the call), and every event applied, so a repeated one does nothing */
  "CREATE TABLE cti_pbxes ("
  "  id TEXT PRIMARY KEY NOT NULL, name TEXT NOT NULL UNIQUE,"
  "  token_hash TEXT NOT NULL UNIQUE,"
  "  created_at INTEGER NOT NULL, created_by TEXT"
  ");"
  "CREATE TABLE cti_extensions ("
  "  extension TEXT PRIMARY KEY NOT NULL, agent TEXT NOT NULL UNIQUE,"
  "  updated_at INTEGER NOT NULL"
  ") WITHOUT ROWID;"
  "CREATE TABLE cti_calls ("
  "  pbx TEXT NOT NULL, pbx_call_id TEXT NOT NULL,"
  "  call_id TEXT NOT NULL UNIQUE REFERENCES calls (id),"
  "  PRIMARY KEY (pbx, pbx_call_id)"
  ") WITHOUT ROWID;"
  "CREATE TABLE cti_events ("
  "  pbx TEXT NOT NULL, pbx_call_id TEXT NOT NULL, event TEXT NOT NULL,"
  "  at INTEGER NOT NULL, received_at INTEGER NOT NULL,"
  "  PRIMARY KEY (pbx, pbx_call_id, event)"
  ") WITHOUT ROWID;",
  /* 8: inbound queues (docs/queues.md): their settings (members a JSON array of
   * {agent|team, priority}), the numbers (DIDs) that lead to each, the calls a queue
   * lost and owes a call back (with where a voicemail starts in the call's recording),
   * the dispositions of queue calls (they have no campaign), and the queue a call
   * overflowed from */
  "CREATE TABLE queues ("
  "  id TEXT PRIMARY KEY NOT NULL, name TEXT NOT NULL UNIQUE, team TEXT,"
  "  strategy TEXT NOT NULL DEFAULT 'longest-idle',"
  "  members TEXT NOT NULL DEFAULT '[]',"
  "  ring_timeout INTEGER NOT NULL DEFAULT 20,"
  "  max_wait INTEGER NOT NULL DEFAULT 300,"
  "  overflow_queue_id TEXT REFERENCES queues (id),"
  "  announce_period INTEGER NOT NULL DEFAULT 30,"
  "  hold_message TEXT, max_wait_message TEXT,"
  "  voicemail INTEGER NOT NULL DEFAULT 0, voicemail_seconds INTEGER NOT NULL DEFAULT 60,"
  "  voicemail_message TEXT,"
  "  language TEXT NOT NULL DEFAULT 'en',"
  "  owner_routing INTEGER NOT NULL DEFAULT 0,"
  "  owner_routing_seconds INTEGER NOT NULL DEFAULT 15,"
  "  wrap_up_timeout INTEGER NOT NULL DEFAULT 30,"
  "  service_level INTEGER NOT NULL DEFAULT 20,"
  "  created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL"
  ");"
  "CREATE TABLE queue_numbers ("
  "  number TEXT PRIMARY KEY NOT NULL,"
  "  queue_id TEXT NOT NULL REFERENCES queues (id) ON DELETE CASCADE"
  ") WITHOUT ROWID;"
  "CREATE TABLE queue_callbacks ("
  "  id TEXT PRIMARY KEY NOT NULL,"
  "  queue_id TEXT NOT NULL, call_id TEXT NOT NULL UNIQUE, number TEXT, team TEXT,"
  "  reason TEXT NOT NULL, waited_ms INTEGER NOT NULL,"
  "  message_at_ms INTEGER,"   /* voicemail: where the message starts in the call's recording */
  "  created_at INTEGER NOT NULL, done_at INTEGER, done_by TEXT"
  ");"
  "CREATE INDEX queue_callbacks_open ON queue_callbacks (queue_id, created_at) WHERE done_at IS NULL;"
  "CREATE TABLE queue_dispositions ("
  "  code TEXT PRIMARY KEY NOT NULL, label TEXT NOT NULL,"
  "  dnc INTEGER NOT NULL DEFAULT 0, sort INTEGER NOT NULL DEFAULT 0"
  ") WITHOUT ROWID;"
  "INSERT INTO queue_dispositions (code, label, dnc, sort) VALUES"
  "  ('resolved', 'Resolved', 0, 0), ('sale', 'Sale', 0, 1),"
  "  ('follow-up', 'Follow-up needed', 0, 2), ('wrong-number', 'Wrong number', 0, 3),"
  "  ('do-not-call', 'Do not call', 1, 4), ('voicemail', 'Voicemail', 0, 5);"
  "ALTER TABLE calls ADD COLUMN overflow_from TEXT;"
  "CREATE INDEX calls_queue ON calls (queue_id, created_at) WHERE queue_id IS NOT NULL;",
  /* 9: a queue's own disposition list (rd-center-queue-dispositions.c); a queue without
   * rows here uses queue_dispositions, the defaults of migration 8; */
  "CREATE TABLE queue_disposition_codes ("
  "  queue_id TEXT NOT NULL REFERENCES queues (id) ON DELETE CASCADE,"
  "  code TEXT NOT NULL, label TEXT NOT NULL,"
  "  dnc INTEGER NOT NULL DEFAULT 0, sort INTEGER NOT NULL DEFAULT 0,"
  "  PRIMARY KEY (queue_id, code)"
  ") WITHOUT ROWID;"
  /* whether a waiting caller is told the expected wait after their position; and the
   * calls an agent made to a callback (how many, the last) */
  "ALTER TABLE queues ADD COLUMN announce_wait INTEGER NOT NULL DEFAULT 1;"
  "ALTER TABLE queue_callbacks ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE queue_callbacks ADD COLUMN last_call_id TEXT;"
  /* how an agent takes a queue call ("auto": bridged at once; "accept": offered, answered
   * within ring_timeout), and the offers agents let ring out */
  "ALTER TABLE queues ADD COLUMN answer_mode TEXT NOT NULL DEFAULT 'auto';"
  "CREATE TABLE queue_missed_offers ("
  "  id INTEGER PRIMARY KEY, queue_id TEXT NOT NULL, call_id TEXT NOT NULL, agent TEXT NOT NULL,"
  "  offered_at INTEGER NOT NULL, missed_at INTEGER NOT NULL"
  ");"
  "CREATE INDEX queue_missed_offers_queue ON queue_missed_offers (queue_id, offered_at);",
  /* 10: a campaign may call the likeliest leads of its hopper
   * first, by the CRM's lead score (docs/intelligence.md); off for existing campaigns. */
  "ALTER TABLE campaigns ADD COLUMN order_by_score INTEGER NOT NULL DEFAULT 0;",
};

gboolean
rd_center_db_fail (RdCenterDb  *self,
                   const char  *what,
                   GError     **error)
{
  g_set_error (error, RD_CENTER_ERROR, RD_CENTER_ERROR_SQLITE, "%s: %s", what,
               sqlite3_errmsg (self->db));
  return FALSE;
}

sqlite3_stmt *
rd_center_db_prepare (RdCenterDb  *self,
                      const char  *sql,
                      GError     **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      rd_center_db_fail (self, "cannot prepare a statement", error);
      sqlite3_finalize (stmt);
      return NULL;
    }
  return stmt;
}

gboolean
rd_center_db_exec (RdCenterDb  *self,
                   const char  *sql,
                   GError     **error)
{
  char *message = NULL;

  if (sqlite3_exec (self->db, sql, NULL, NULL, &message) != SQLITE_OK)
    {
      g_set_error (error, RD_CENTER_ERROR, RD_CENTER_ERROR_SQLITE, "%s",
                   message ? message : sqlite3_errmsg (self->db));
      sqlite3_free (message);
      return FALSE;
    }
  return TRUE;
}

gboolean
rd_center_db_step_done (RdCenterDb    *self,
                        sqlite3_stmt  *stmt,
                        const char    *what,
                        GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_DONE || rc == SQLITE_ROW)
    return TRUE;
  if ((rc & 0xff) == SQLITE_CONSTRAINT)
    {
      g_set_error (error, RD_CENTER_ERROR, RD_CENTER_ERROR_EXISTS, "%s already exists", what);
      return FALSE;
    }
  return rd_center_db_fail (self, what, error);
}

void
rd_center_db_bind_text (sqlite3_stmt *stmt,
                        int           index,
                        const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, index);
}

JsonNode *
rd_center_db_column_node (sqlite3_stmt *stmt,
                          int           col)
{
  JsonNode *node = json_node_new (JSON_NODE_VALUE);

  switch (sqlite3_column_type (stmt, col))
    {
    case SQLITE_INTEGER:
      json_node_set_int (node, sqlite3_column_int64 (stmt, col));
      break;
    case SQLITE_FLOAT:
      json_node_set_double (node, sqlite3_column_double (stmt, col));
      break;
    case SQLITE_NULL:
      json_node_init_null (node);
      break;
    default:
      json_node_set_string (node, (const char *) sqlite3_column_text (stmt, col));
      break;
    }
  return node;
}

JsonNode *
rd_center_db_rows_json (sqlite3_stmt *stmt)
{
  JsonArray *rows = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      JsonObject *row = json_object_new ();

      for (int c = 0; c < sqlite3_column_count (stmt); c++)
        json_object_set_member (row, sqlite3_column_name (stmt, c),
                                rd_center_db_column_node (stmt, c));
      json_array_add_object_element (rows, row);
    }
  json_node_take_array (node, rows);
  return node;
}

char *
rd_center_db_country (const char  *country,
                      GError     **error)
{
  g_autofree char *upper = country != NULL ? g_strstrip (g_ascii_strup (country, -1)) : NULL;

  if (upper == NULL || strlen (upper) != 2 || !rd_phone_number_region_supported (upper))
    {
      g_set_error (error, RD_CENTER_ERROR, RD_CENTER_ERROR_INVALID,
                   "unknown country \"%s\": use a two-letter ISO 3166 code such as DE or RU",
                   country != NULL ? country : "");
      return NULL;
    }
  return g_steal_pointer (&upper);
}

char *
rd_center_db_e164 (const char *raw,
                   const char *country)
{
  g_autofree char *e164 = rd_phone_number_to_e164 (raw, country);

  if (e164 == NULL || !rd_phone_number_is_valid (e164, country))
    return NULL;
  return g_steal_pointer (&e164);
}

static gint64
wall_clock (gpointer user_data)
{
  return g_get_real_time () / 1000;
}

gint64
rd_center_db_now (RdCenterDb *self)
{
  return self->clock (self->clock_data);
}

gint64
rd_center_db_today_start (RdCenterDb *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_local (rd_center_db_now (self) / 1000);
  g_autoptr(GDateTime) midnight = g_date_time_new_local (g_date_time_get_year (now),
                                                         g_date_time_get_month (now),
                                                         g_date_time_get_day_of_month (now), 0, 0, 0);

  return g_date_time_to_unix (midnight) * 1000;
}

void
rd_center_db_set_clock (RdCenterDb    *self,
                        RdCenterClock  clock,
                        gpointer       user_data)
{
  g_return_if_fail (RD_IS_CENTER_DB (self));
  self->clock = clock != NULL ? clock : wall_clock;
  self->clock_data = user_data;
}

void
rd_center_db_set_phone_zones (RdCenterDb   *self,
                              RdPhoneZones *zones)
{
  g_return_if_fail (RD_IS_CENTER_DB (self));
  g_set_object (&self->zones, zones);
}

static void
rd_center_db_finalize (GObject *object)
{
  RdCenterDb *self = (RdCenterDb *) object;

  g_clear_pointer (&self->db, sqlite3_close);
  g_clear_pointer (&self->path, g_free);
  g_clear_object (&self->zones);
  G_OBJECT_CLASS (rd_center_db_parent_class)->finalize (object);
}

static void
rd_center_db_class_init (RdCenterDbClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rd_center_db_finalize;
}

static void
rd_center_db_init (RdCenterDb *self)
{
  self->clock = wall_clock;
}

static gboolean
migrate (RdCenterDb  *self,
         GError     **error)
{
  g_autoptr(RdCenterStmt) stmt = rd_center_db_prepare (self, "PRAGMA user_version", error);
  int version;

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return rd_center_db_fail (self, "cannot read the schema version", error);
  version = sqlite3_column_int (stmt, 0);
  /* done with it: a statement still stepping keeps a migration from dropping an index */
  sqlite3_reset (stmt);
  if (version > (int) G_N_ELEMENTS (migrations))
    {
      g_set_error (error, RD_CENTER_ERROR, RD_CENTER_ERROR_INVALID,
                   "%s has call-center schema version %d; this server knows up to %u",
                   self->path, version, (guint) G_N_ELEMENTS (migrations));
      return FALSE;
    }

  for (guint i = version; i < G_N_ELEMENTS (migrations); i++)
    {
      g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %u", i + 1);

      if (!rd_center_db_exec (self, "BEGIN IMMEDIATE", error))
        return FALSE;
      if (!rd_center_db_exec (self, migrations[i], error) || !rd_center_db_exec (self, bump, error))
        {
          rd_center_db_exec (self, "ROLLBACK", NULL);
          return FALSE;
        }
      if (!rd_center_db_exec (self, "COMMIT", error))
        return FALSE;
    }
  return TRUE;
}

/* The last time the file recorded anything: where a crash is taken to have happened. */
static gint64
last_event_time (RdCenterDb *self)
{
  g_autoptr(RdCenterStmt) stmt = rd_center_db_prepare (self,
    "SELECT max(coalesce((SELECT max(max(started_at, coalesce(ended_at, 0))) FROM agent_states), 0),"
    "           coalesce((SELECT max(max(created_at, coalesce(ringing_at, 0), coalesce(answered_at, 0),"
    "                                    coalesce(bridged_at, 0), coalesce(ended_at, 0))) FROM calls), 0),"
    "           coalesce((SELECT max(updated_at) FROM leads), 0))", NULL);

  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return rd_center_db_now (self);
  return sqlite3_column_int64 (stmt, 0);
}

static gboolean
recover (RdCenterDb  *self,
         gint64       at_ms,
         const char  *reason,
         GError     **error)
{
  if (!rd_center_db_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;
  if (!rd_center_agent_log_recover (self, at_ms, reason, error) ||
      !rd_center_calls_recover (self, at_ms, reason, error))
    {
      rd_center_db_exec (self, "ROLLBACK", NULL);
      return FALSE;
    }
  return rd_center_db_exec (self, "COMMIT", error);
}

RdCenterDb *
rd_center_db_open (const char  *path,
                   GError     **error)
{
  g_autoptr(RdCenterDb) self = g_object_new (RD_TYPE_CENTER_DB, NULL);
  g_autofree char *dir = g_path_get_dirname (path);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "cannot create %s: %s",
                   dir, g_strerror (saved));
      return NULL;
    }

  self->path = g_strdup (path);
  if (sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                       SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
    {
      g_set_error (error, RD_CENTER_ERROR, RD_CENTER_ERROR_SQLITE, "cannot open %s: %s", path,
                   self->db != NULL ? sqlite3_errmsg (self->db) : "out of memory");
      return NULL;
    }
  sqlite3_busy_timeout (self->db, 5000);
  if (!rd_center_db_exec (self, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
                          "PRAGMA foreign_keys = ON;", error) ||
      !migrate (self, error) ||
      !recover (self, last_event_time (self), "server-crashed", error))
    return NULL;

  return g_steal_pointer (&self);
}

gboolean
rd_center_db_shutdown (RdCenterDb  *self,
                       GError     **error)
{
  g_return_val_if_fail (RD_IS_CENTER_DB (self), FALSE);
  return recover (self, rd_center_db_now (self), "server-stopped", error);
}
