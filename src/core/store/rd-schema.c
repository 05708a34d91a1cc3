/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "rd-schema.h"
#include "rd-store.h"
#include "rd-store-bulk.h"

/* Every synced table starts with these columns (SYNC.md): id is a UUIDv7, owner the
 * visibility key, hlc the row clock (max of its fields), deleted the tombstone, and fv the
 * packed per-field versions {"field":[hlc,site_no],...} (site_no indexes the sites table). */
#define SYNC_COLS \
  "id TEXT PRIMARY KEY, owner TEXT, hlc INTEGER NOT NULL DEFAULT 0, " \
  "deleted INTEGER NOT NULL DEFAULT 0, fv TEXT NOT NULL DEFAULT '{}'"

/* Version 1: the records, phones, e-mails, sync bookkeeping. No SQL REFERENCES on synced
 * columns: a partial replica may hold a row whose target it cannot see, and remote fields
 * arrive one at a time; the store checks references on local writes instead. */
static const char migration_1[] =
  "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);"
  "CREATE TABLE sites (n INTEGER PRIMARY KEY, site TEXT NOT NULL UNIQUE);"
  "CREATE TABLE outbox (seq INTEGER PRIMARY KEY, tbl TEXT NOT NULL, row_id TEXT NOT NULL,"
  "  field TEXT NOT NULL, value TEXT, hlc INTEGER NOT NULL, site TEXT NOT NULL);"
  "CREATE TABLE conflicts (id INTEGER PRIMARY KEY, tbl TEXT NOT NULL, row_id TEXT NOT NULL,"
  "  field TEXT NOT NULL, kept_value TEXT, kept_hlc INTEGER, kept_site TEXT,"
  "  lost_value TEXT, lost_hlc INTEGER, lost_site TEXT, at INTEGER NOT NULL,"
  "  resolved INTEGER NOT NULL DEFAULT 0);"
  "CREATE INDEX conflicts_row ON conflicts (row_id);"
  "CREATE TABLE audit_log (seq INTEGER PRIMARY KEY, at INTEGER NOT NULL, tbl TEXT NOT NULL,"
  "  row_id TEXT NOT NULL, field TEXT NOT NULL, old_value TEXT, new_value TEXT,"
  "  author TEXT, site TEXT);"
  "CREATE INDEX audit_log_row ON audit_log (row_id, at);"

  "CREATE TABLE teams (" SYNC_COLS ", name TEXT);"
  "CREATE TABLE users (" SYNC_COLS ", name TEXT, email TEXT, role TEXT, team_id TEXT);"
  "CREATE INDEX users_team ON users (team_id);"
  "CREATE TABLE organizations (" SYNC_COLS ", name TEXT, industry TEXT, website TEXT,"
  "  address TEXT, tags TEXT, created_at INTEGER);"
  "CREATE INDEX organizations_name ON organizations (name, id);"
  "CREATE INDEX organizations_owner ON organizations (owner);"
  "CREATE TABLE contacts (" SYNC_COLS ", name TEXT, first_name TEXT, last_name TEXT,"
  "  title TEXT, org_id TEXT, tags TEXT, description TEXT, created_at INTEGER);"
  "CREATE INDEX contacts_name ON contacts (name, id);"
  "CREATE INDEX contacts_org ON contacts (org_id);"
  "CREATE INDEX contacts_owner ON contacts (owner);"
  "CREATE TABLE leads (" SYNC_COLS ", name TEXT, company TEXT, title TEXT, status TEXT,"
  "  source TEXT, industry TEXT, tags TEXT, description TEXT, converted_contact_id TEXT,"
  "  converted_org_id TEXT, converted_deal_id TEXT, created_at INTEGER);"
  "CREATE INDEX leads_name ON leads (name, id);"
  "CREATE INDEX leads_owner ON leads (owner);"
  "CREATE INDEX leads_converted ON leads (converted_contact_id);"
  "CREATE TABLE phones (" SYNC_COLS ", parent_tbl TEXT, parent_id TEXT, raw TEXT,"
  "  e164 TEXT, invalid INTEGER NOT NULL DEFAULT 0, kind TEXT,"
  "  digits_rev TEXT /* local: reversed digits for suffix search, not synced */);"
  "CREATE INDEX phones_e164 ON phones (e164);"
  "CREATE INDEX phones_digits_rev ON phones (digits_rev);"
  "CREATE INDEX phones_parent ON phones (parent_id);"
  "CREATE TABLE emails (" SYNC_COLS ", parent_tbl TEXT, parent_id TEXT, address TEXT,"
  "  kind TEXT);"
  "CREATE INDEX emails_address ON emails (address);"
  "CREATE INDEX emails_parent ON emails (parent_id);"
  "CREATE TABLE pipelines (" SYNC_COLS ", name TEXT, position INTEGER);"
  "CREATE TABLE stages (" SYNC_COLS ", pipeline_id TEXT, name TEXT, position INTEGER,"
  "  probability INTEGER);"
  "CREATE INDEX stages_pipeline ON stages (pipeline_id, position);"
  "CREATE TABLE deals (" SYNC_COLS ", name TEXT, pipeline_id TEXT, stage_id TEXT,"
  "  amount REAL, currency TEXT, contact_id TEXT, org_id TEXT, close_date INTEGER,"
  "  status TEXT, tags TEXT, created_at INTEGER);"
  "CREATE INDEX deals_name ON deals (name, id);"
  "CREATE INDEX deals_contact ON deals (contact_id);"
  "CREATE INDEX deals_org ON deals (org_id);"
  "CREATE INDEX deals_stage ON deals (stage_id);"
  "CREATE INDEX deals_owner ON deals (owner);"
  "CREATE TABLE tickets (" SYNC_COLS ", subject TEXT, description TEXT, status TEXT,"
  "  priority TEXT, severity TEXT, group_id TEXT, assignee TEXT, sla_due INTEGER,"
  "  resolution TEXT, contact_id TEXT, created_at INTEGER);"
  "CREATE INDEX tickets_contact ON tickets (contact_id);"
  "CREATE INDEX tickets_assignee ON tickets (assignee, status);"
  "CREATE INDEX tickets_owner ON tickets (owner);"
  "CREATE TABLE notes (" SYNC_COLS ", parent_tbl TEXT, parent_id TEXT, body TEXT,"
  "  author TEXT, created_at INTEGER);"
  "CREATE INDEX notes_parent ON notes (parent_id, created_at);"
  "CREATE TABLE activities (" SYNC_COLS ", parent_tbl TEXT, parent_id TEXT, kind TEXT,"
  "  subject TEXT, due INTEGER, done INTEGER, assignee TEXT, created_at INTEGER);"
  "CREATE INDEX activities_parent ON activities (parent_id, created_at);"
  "CREATE INDEX activities_due ON activities (assignee, done, due);"
  "CREATE TABLE calls (" SYNC_COLS ", parent_tbl TEXT, parent_id TEXT, direction TEXT,"
  "  from_number TEXT, to_number TEXT, agent TEXT, queue TEXT, campaign TEXT,"
  "  started_at INTEGER, answered_at INTEGER, ended_at INTEGER, bill_sec INTEGER,"
  "  total_sec INTEGER, hangup_cause TEXT, disposition TEXT, recording TEXT);"
  "CREATE INDEX calls_parent ON calls (parent_id, started_at);"
  "CREATE INDEX calls_started ON calls (started_at);"
  "CREATE TABLE messages (" SYNC_COLS ", parent_tbl TEXT, parent_id TEXT, channel TEXT,"
  "  direction TEXT, address TEXT, subject TEXT, body TEXT, created_at INTEGER);"
  "CREATE INDEX messages_parent ON messages (parent_id, created_at);";

/* Version 2: full-text search with FTS5. Triggers on the source tables queue the changed
 * rows in fts_pending, and the store moves them into the FTS tables once per transaction
 * (rd_store_commit -> rd_schema_flush_fts). Why not write the FTS tables from the triggers
 * directly: FTS5 flushes its pending terms at every statement savepoint, so a trigger
 * write per row turned each insert into a tiny on-disk segment (15x slower bulk writes).
 * Contacts and leads also index their e-mail addresses. */
#define FTS_TABLE(T, COLS, WHENCOLS) \
  "CREATE VIRTUAL TABLE " T "_fts USING fts5(" COLS ", tokenize='unicode61 remove_diacritics 2', prefix='2 3');" \
  "INSERT INTO fts_pending (tbl, rid) SELECT '" T "', rowid FROM " T " WHERE deleted = 0;" \
  FTS_TRIGGERS (T, WHENCOLS)

#define FTS_TRIGGERS(T, WHENCOLS) \
  "CREATE TRIGGER " T "_fts_ai AFTER INSERT ON " T " BEGIN" \
  "  INSERT OR IGNORE INTO fts_pending (tbl, rid) VALUES ('" T "', new.rowid); END;" \
  "CREATE TRIGGER " T "_fts_au AFTER UPDATE OF " WHENCOLS ", deleted ON " T " BEGIN" \
  "  INSERT OR IGNORE INTO fts_pending (tbl, rid) VALUES ('" T "', new.rowid); END;"

#define FTS_EMAILS(T) \
  "CREATE TRIGGER " T "_fts_email_ai AFTER INSERT ON emails WHEN new.parent_tbl = '" T "' BEGIN" \
  "  INSERT OR IGNORE INTO fts_pending (tbl, rid) SELECT '" T "', rowid FROM " T " WHERE id = new.parent_id; END;" \
  "CREATE TRIGGER " T "_fts_email_au AFTER UPDATE OF address, deleted, parent_id ON emails" \
  "  WHEN new.parent_tbl = '" T "' BEGIN" \
  "  INSERT OR IGNORE INTO fts_pending (tbl, rid) SELECT '" T "', rowid FROM " T \
  "   WHERE id IN (old.parent_id, new.parent_id); END;"

static const char migration_2[] =
  "CREATE TABLE fts_pending (tbl TEXT NOT NULL, rid INTEGER NOT NULL, PRIMARY KEY (tbl, rid)) WITHOUT ROWID;"
  FTS_TABLE ("contacts", "name, tags, emails", "name, tags")
  FTS_EMAILS ("contacts")
  FTS_TABLE ("leads", "name, company, tags, emails", "name, company, tags")
  FTS_EMAILS ("leads")
  FTS_TABLE ("organizations", "name, tags", "name, tags")
  FTS_TABLE ("deals", "name, tags", "name, tags")
  FTS_TABLE ("tickets", "subject, description, resolution", "subject, description, resolution")
  FTS_TABLE ("notes", "body", "body")
  FTS_TABLE ("messages", "subject, body", "subject, body");

/* The first FTS code (before fts_pending, 2026-11-25) made version 2 with triggers that
 * wrote the FTS tables themselves, under the same names; migration 2 was changed in place
 * since. A replica made then lacks fts_pending, which later migrations and the store use
 * (found by the upgrade test from a replica of that code, tests/fixtures/store/store-v2.db):
 * it gets the table and today's triggers, and its rows are indexed again. */
#define FTS_REQUEUE(T) \
  "DROP TRIGGER IF EXISTS " T "_fts_ai; DROP TRIGGER IF EXISTS " T "_fts_au;" \
  "DROP TRIGGER IF EXISTS " T "_fts_email_ai; DROP TRIGGER IF EXISTS " T "_fts_email_au;" \
  "INSERT OR IGNORE INTO fts_pending (tbl, rid) SELECT '" T "', rowid FROM " T ";"

static const char repair_first_fts[] =
  "CREATE TABLE fts_pending (tbl TEXT NOT NULL, rid INTEGER NOT NULL, PRIMARY KEY (tbl, rid)) WITHOUT ROWID;"
  FTS_REQUEUE ("contacts") FTS_TRIGGERS ("contacts", "name, tags") FTS_EMAILS ("contacts")
  FTS_REQUEUE ("leads") FTS_TRIGGERS ("leads", "name, company, tags") FTS_EMAILS ("leads")
  FTS_REQUEUE ("organizations") FTS_TRIGGERS ("organizations", "name, tags")
  FTS_REQUEUE ("deals") FTS_TRIGGERS ("deals", "name, tags")
  FTS_REQUEUE ("tickets") FTS_TRIGGERS ("tickets", "subject, description, resolution")
  FTS_REQUEUE ("notes") FTS_TRIGGERS ("notes", "body")
  FTS_REQUEUE ("messages") FTS_TRIGGERS ("messages", "subject, body");

/* How each FTS table is filled from its source row (s). */
static const struct {
  const char *table;
  const char *columns;
  const char *select;
} fts_tables[] = {
  { "contacts", "name, tags, emails",
    "s.name, s.tags, (SELECT group_concat(address, ' ') FROM emails e WHERE e.parent_id = s.id AND e.deleted = 0)" },
  { "leads", "name, company, tags, emails",
    "s.name, s.company, s.tags, (SELECT group_concat(address, ' ') FROM emails e WHERE e.parent_id = s.id AND e.deleted = 0)" },
  { "organizations", "name, tags", "s.name, s.tags" },
  { "deals", "name, tags", "s.name, s.tags" },
  { "tickets", "subject, description, resolution", "s.subject, s.description, s.resolution" },
  { "notes", "body", "s.body" },
  { "messages", "subject, body", "s.subject, s.body" },
  { "articles", "title, body, tags", "s.title, s.body, s.tags" },
  /* Only text values: numbers, dates and checkboxes are kept as numbers and not indexed. */
  { "custom_values", "value", "CASE WHEN typeof(s.value) = 'text' THEN s.value END" },
  { "products", "name, code, description", "s.name, s.code, s.description" },
  { "projects", "name, description", "s.name, s.description" },
};

/* The schema version that created each FTS table above, so that a migration only fills
 * the tables that exist at its version. */
static const int fts_since[] = { 2, 2, 2, 2, 2, 2, 2, 7, 10, 11, 11 };
G_STATIC_ASSERT (G_N_ELEMENTS (fts_since) == G_N_ELEMENTS (fts_tables));

static gboolean flush_fts_at (sqlite3 *db, int version, GError **error);

gboolean
rd_schema_flush_fts (sqlite3  *db,
                     GError  **error)
{
  return flush_fts_at (db, RD_SCHEMA_VERSION, error);
}

static gboolean
flush_fts_at (sqlite3  *db,
              int       version,
              GError  **error)
{
  sqlite3_stmt *stmt = NULL;
  gboolean pending = FALSE;
  GString *sql;
  char *message = NULL;

  if (sqlite3_prepare_v2 (db, "SELECT EXISTS (SELECT 1 FROM fts_pending)", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    pending = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  if (!pending)
    return TRUE;

  sql = g_string_new (NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (fts_tables); i++)
    if (fts_since[i] <= version)
      g_string_append_printf (sql,
      "DELETE FROM %1$s_fts WHERE rowid IN (SELECT rid FROM fts_pending WHERE tbl = '%1$s');"
      "INSERT INTO %1$s_fts (rowid, %2$s) SELECT s.rowid, %3$s FROM %1$s s"
      " WHERE s.rowid IN (SELECT rid FROM fts_pending WHERE tbl = '%1$s') AND s.deleted = 0;",
      fts_tables[i].table, fts_tables[i].columns, fts_tables[i].select);
  g_string_append (sql, "DELETE FROM fts_pending;");

  if (sqlite3_exec (db, sql->str, NULL, NULL, &message) != SQLITE_OK)
    {
      rd_store_set_sqlite_error (error, sqlite3_extended_errcode (db), "Cannot update the search index",
                                 message ? message : sqlite3_errmsg (db));
      sqlite3_free (message);
      g_string_free (sql, TRUE);
      return FALSE;
    }
  g_string_free (sql, TRUE);
  return TRUE;
}

/* Version 3: the call record keeps the SIP status of its end and the agent's wrap-up notes
 * (before, notes were a separate note on the call). Both are ordinary synced fields. */
static const char migration_3[] =
  "ALTER TABLE calls ADD COLUMN sip_status INTEGER;"
  "ALTER TABLE calls ADD COLUMN notes TEXT;";

/* Version 4: an SMS or e-mail carries how far it got (queued, sent, delivered, failed with
 * the reason; received for inbound ones) and, for an SMS, the segments it was sent in. The
 * server writes them as the gateway reports; replicas receive them by sync. */
static const char migration_4[] =
  "ALTER TABLE messages ADD COLUMN status TEXT;"
  "ALTER TABLE messages ADD COLUMN reason TEXT;"
  "ALTER TABLE messages ADD COLUMN segments INTEGER;";

/* Version 5: a call record the server files for a campaign call (docs/callcenter.md) names
 * that call of callcenter.db, so a retry, a restart or a second disposition finds and updates
 * the same record instead of filing another. Written by the server only (read-only here). */
static const char migration_5[] =
  "ALTER TABLE calls ADD COLUMN center_call_id TEXT;"
  "CREATE INDEX calls_center ON calls (center_call_id) WHERE center_call_id IS NOT NULL;";

/* Version 6: e-mail on the same `messages` rows as SMS (channel "email"): the copies
 * (`cc`), the HTML part beside the plain text in `body`, the RFC 5322 Message-ID the
 * server gave it or read from it, the one it answers (`in_reply_to`, threading replies),
 * and its attachments as a JSON array of {name, content_type, size} (the bytes stay on the
 * server, served by /api/v1/messages/ID/attachments/N). The server writes them; a replica
 * receives them by sync. Indexed by Message-ID: a reply is threaded with one search. */
static const char migration_6[] =
  "ALTER TABLE messages ADD COLUMN cc TEXT;"
  "ALTER TABLE messages ADD COLUMN html TEXT;"
  "ALTER TABLE messages ADD COLUMN message_id TEXT;"
  "ALTER TABLE messages ADD COLUMN in_reply_to TEXT;"
  "ALTER TABLE messages ADD COLUMN attachments TEXT;"
  "CREATE INDEX messages_message_id ON messages (message_id) WHERE message_id IS NOT NULL;";

/* Version 7: the knowledge base (docs/assistant.md). An article is an ordinary synced
 * record; its owner is NULL (shared), so every member of staff sees it whatever its
 * visibility; "public" marks the ones the customer portal may show. articles_fts (title,
 * body, tags) is what the assistant ranks with bm25, title weighted over body. */
static const char migration_7[] =
  "CREATE TABLE articles (" SYNC_COLS ", title TEXT, body TEXT, tags TEXT, visibility TEXT,"
  "  language TEXT, created_at INTEGER);"
  "CREATE INDEX articles_title ON articles (title, id);"
  FTS_TABLE ("articles", "title, body, tags", "title, body, tags");

/* Version 8: documents (docs/documents.md): a file attached to any record, a child row
 * (parent_tbl, parent_id) that carries its parent's owner, so it is seen by whoever sees the
 * record. The row holds what the file is (name, sniffed content type, size, SHA-256, the
 * user name of who attached it, when); the bytes live beside the replica (documents/ID) and on the server,
 * uploaded after a sync and fetched on demand like call recordings. */
static const char migration_8[] =
  "CREATE TABLE documents (" SYNC_COLS ", parent_tbl TEXT, parent_id TEXT, name TEXT,"
  "  content_type TEXT, size INTEGER, sha256 TEXT, uploaded_by TEXT, created_at INTEGER);"
  "CREATE INDEX documents_parent ON documents (parent_id);";

/* Version 9: what the server learns from the organisation's own history
 * (docs/intelligence.md). `models` holds one row per kind of model (lead_score,
 * ticket_triage): its format version, version, training time and sample count, the
 * feature names and weights as JSON, and the held-out figures. A shared table written by
 * the server alone (RD_TABLE_SERVER_ONLY: it refuses pushes to it). A lead keeps when it
 * was first contacted, first qualified and closed (the store stamps them with the status),
 * the status history the lead score reads on every replica. Tickets get their tags
 * and `triage`, how an agent answered the suggestion ("accepted", "corrected"), which the
 * next training reads. `lead_scores` is local: the app's scores of its leads under the
 * model it has, rebuilt when the model or a lead changes; never synced. */
static const char migration_9[] =
  "CREATE TABLE models (" SYNC_COLS ", kind TEXT, format INTEGER, version INTEGER,"
  "  trained_at INTEGER, samples INTEGER, features TEXT, weights TEXT, metrics TEXT);"
  "CREATE INDEX models_kind ON models (kind, version);"
  "ALTER TABLE leads ADD COLUMN contacted_at INTEGER;"
  "ALTER TABLE leads ADD COLUMN qualified_at INTEGER;"
  "ALTER TABLE leads ADD COLUMN closed_at INTEGER;"
  "ALTER TABLE tickets ADD COLUMN tags TEXT;"
  "ALTER TABLE tickets ADD COLUMN triage TEXT;"
  "CREATE TABLE lead_scores (lead_id TEXT PRIMARY KEY, score REAL NOT NULL,"
  "  model_version INTEGER NOT NULL) WITHOUT ROWID;";

/* Version 10: custom fields and structured addresses (docs/store.md, "Custom fields").
 * custom_fields: the definitions an admin makes (per record type: key, label, type, required,
 * order and section, the options of a picklist), a shared synced table (owner NULL) that the
 * server lets only admins write. custom_values: one child row per value of one field of one
 * record (parent_tbl/parent_id like phones, so it carries its parent's owner and moves in and
 * out with it); its id is a name-based UUID of (record, field), so two replicas filling the
 * same field of one record write one row and merge by its value field. `value` has no type
 * affinity: numbers, money, dates (ms) and checkboxes stay numbers, the rest text, as the
 * definition's type says. Adding a field writes one definition row: no record is rewritten.
 * addresses: street, city, region, postal code and country (alpha-2) of contacts, leads and
 * organizations, several per record with a kind, a child table like phones.
 * custom_values_fts: the text values, for the quick search. */
static const char migration_10[] =
  "CREATE TABLE custom_fields (" SYNC_COLS ", tbl TEXT, key TEXT, label TEXT, type TEXT,"
  "  required INTEGER, position INTEGER, section TEXT, options TEXT, currency TEXT);"
  "CREATE INDEX custom_fields_tbl ON custom_fields (tbl, position);"
  "CREATE TABLE custom_values (" SYNC_COLS ", parent_tbl TEXT, parent_id TEXT, field_id TEXT, value);"
  "CREATE INDEX custom_values_parent ON custom_values (parent_id, field_id);"
  "CREATE INDEX custom_values_field ON custom_values (field_id, value);"
  "CREATE TABLE addresses (" SYNC_COLS ", parent_tbl TEXT, parent_id TEXT, kind TEXT, street TEXT,"
  "  city TEXT, region TEXT, postal_code TEXT, country TEXT);"
  "CREATE INDEX addresses_parent ON addresses (parent_id);"
  "CREATE INDEX addresses_city ON addresses (city);"
  FTS_TABLE ("custom_values", "value", "value");

/* Version 11 (issue 17): the catalog and projects, in one self-contained step.
 * - products (goods and services) and price_lists with their per-product prices
 *   (price_list_items): shared rows (no owner), written by managers and admins only
 *   (RD_TABLE_MANAGED; the server refuses an agent's push to them);
 * - line_items of a deal (children: they copy the deal's owner), whose total the store
 *   keeps in deals.amount, and deals.price_list_id, the list the deal is priced from;
 * - projects (owned like a deal, linked to an organization or a deal) with their tasks
 *   (project_tasks; depends_on another task, never in a cycle) and milestones, both
 *   children of the project. */
static const char migration_11[] =
  "CREATE TABLE products (" SYNC_COLS ", name TEXT, code TEXT, kind TEXT, unit_price REAL,"
  "  currency TEXT, tax_rate REAL, active INTEGER, description TEXT, created_at INTEGER);"
  "CREATE INDEX products_name ON products (name, id);"
  "CREATE INDEX products_code ON products (code);"
  "CREATE TABLE price_lists (" SYNC_COLS ", name TEXT, currency TEXT, active INTEGER,"
  "  description TEXT, created_at INTEGER);"
  "CREATE TABLE price_list_items (" SYNC_COLS ", price_list_id TEXT, product_id TEXT,"
  "  unit_price REAL);"
  "CREATE INDEX price_list_items_list ON price_list_items (price_list_id, product_id);"
  "CREATE TABLE line_items (" SYNC_COLS ", parent_tbl TEXT, parent_id TEXT, product_id TEXT,"
  "  name TEXT, quantity REAL, unit_price REAL, discount REAL, tax_rate REAL,"
  "  position INTEGER, created_at INTEGER);"
  "CREATE INDEX line_items_parent ON line_items (parent_id, position);"
  "ALTER TABLE deals ADD COLUMN price_list_id TEXT;"
  "CREATE TABLE projects (" SYNC_COLS ", name TEXT, status TEXT, start_date INTEGER,"
  "  due INTEGER, org_id TEXT, deal_id TEXT, description TEXT, created_at INTEGER);"
  "CREATE INDEX projects_name ON projects (name, id);"
  "CREATE INDEX projects_owner ON projects (owner);"
  "CREATE TABLE project_tasks (" SYNC_COLS ", parent_tbl TEXT, parent_id TEXT, title TEXT,"
  "  assignee TEXT, due INTEGER, status TEXT, depends_on TEXT, created_at INTEGER);"
  "CREATE INDEX project_tasks_parent ON project_tasks (parent_id, due);"
  "CREATE INDEX project_tasks_due ON project_tasks (status, due);"
  "CREATE TABLE milestones (" SYNC_COLS ", parent_tbl TEXT, parent_id TEXT, name TEXT,"
  "  due INTEGER, reached INTEGER, created_at INTEGER);"
  "CREATE INDEX milestones_parent ON milestones (parent_id, due);"
  FTS_TABLE ("products", "name, code, description", "name, code, description")
  FTS_TABLE ("projects", "name, description", "name, description");

static const char *const migrations[] = { NULL, migration_1, migration_2, migration_3, migration_4,
                                          migration_5, migration_6, migration_7, migration_8,
                                          migration_9, migration_10, migration_11 };
G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == RD_SCHEMA_VERSION + 1);

/* ---- descriptors ---------------------------------------------------------------------- */

static const char *const roles[] = { "agent", "manager", "admin", "support", NULL };
static const char *const lead_status[] = { "new", "contacted", "qualified", "lost", "converted", NULL };
static const char *const phone_kinds[] = { "mobile", "work", "home", "fax", "other", NULL };
static const char *const email_kinds[] = { "work", "home", "other", NULL };
static const char *const deal_status[] = { "open", "won", "lost", NULL };
static const char *const ticket_status[] = { "open", "in_progress", "wait", "closed", NULL };
static const char *const ticket_priority[] = { "normal", "low", "high", "urgent", NULL };
static const char *const ticket_severity[] = { "minor", "major", "critical", NULL };
static const char *const activity_kinds[] = { "task", "call", "meeting", NULL };
static const char *const directions[] = { "inbound", "outbound", NULL };
static const char *const channels[] = { "sms", "email", "portal", NULL };
static const char *const message_status[] = { "queued", "sent", "delivered", "failed", "received", NULL };
static const char *const article_visibility[] = { "internal", "public", NULL };
static const char *const article_language[] = { "en", "ru", NULL };
static const char *const model_kinds[] = { "lead_score", "ticket_triage", NULL };
static const char *const custom_tables[] = { "contacts", "organizations", "leads", "deals", "tickets",
                                             "campaign_leads", NULL };
static const char *const custom_types[] = { "text", "long_text", "number", "money", "date", "datetime",
                                            "checkbox", "picklist", "multiselect", "phone", "email",
                                            "url", NULL };
static const char *const address_kinds[] = { "work", "home", "billing", "shipping", "other", NULL };
static const char *const product_kinds[] = { "product", "service", NULL };
static const char *const project_status[] = { "planned", "active", "on_hold", "done", "cancelled", NULL };
static const char *const task_status[] = { "open", "in_progress", "done", NULL };

#define F(n, t) { n, RD_FIELD_##t, 0, NULL, NULL }
#define FR(n, t) { n, RD_FIELD_##t, RD_FIELD_REQUIRED, NULL, NULL }
#define FE(n, vals) { n, RD_FIELD_TEXT, RD_FIELD_ENUM, vals, NULL }
#define FER(n, vals) { n, RD_FIELD_TEXT, RD_FIELD_ENUM | RD_FIELD_REQUIRED, vals, NULL }
#define FREF(n, tbl) { n, RD_FIELD_TEXT, RD_FIELD_REF, NULL, tbl }
#define FB(n) { n, RD_FIELD_INT, RD_FIELD_BOOLEAN, NULL, NULL }
#define PARENT { "parent_tbl", RD_FIELD_TEXT, RD_FIELD_REQUIRED, NULL, NULL }, \
               { "parent_id", RD_FIELD_TEXT, RD_FIELD_REQUIRED | RD_FIELD_PARENT, NULL, NULL }
#define PARENT_OPT { "parent_tbl", RD_FIELD_TEXT, 0, NULL, NULL }, \
                   { "parent_id", RD_FIELD_TEXT, RD_FIELD_PARENT, NULL, NULL }

static const RdFieldDesc teams_f[] = { FR ("name", TEXT) };
static const RdFieldDesc users_f[] = {
  FR ("name", TEXT), { "email", RD_FIELD_TEXT, RD_FIELD_EMAIL, NULL, NULL },
  FE ("role", roles), FREF ("team_id", "teams"),
};
static const RdFieldDesc organizations_f[] = {
  FR ("name", TEXT), F ("industry", TEXT), F ("website", TEXT), F ("address", TEXT),
  F ("tags", TEXT), F ("created_at", INT),
};
static const RdFieldDesc contacts_f[] = {
  FR ("name", TEXT), F ("first_name", TEXT), F ("last_name", TEXT), F ("title", TEXT),
  FREF ("org_id", "organizations"), F ("tags", TEXT), F ("description", TEXT),
  F ("created_at", INT),
};
static const RdFieldDesc leads_f[] = {
  FR ("name", TEXT), F ("company", TEXT), F ("title", TEXT), FE ("status", lead_status),
  F ("source", TEXT), F ("industry", TEXT), F ("tags", TEXT), F ("description", TEXT),
  FREF ("converted_contact_id", "contacts"), FREF ("converted_org_id", "organizations"),
  FREF ("converted_deal_id", "deals"), F ("created_at", INT),
  { "contacted_at", RD_FIELD_INT, RD_FIELD_READONLY, NULL, NULL },
  { "qualified_at", RD_FIELD_INT, RD_FIELD_READONLY, NULL, NULL },
  { "closed_at", RD_FIELD_INT, RD_FIELD_READONLY, NULL, NULL },
};
static const RdFieldDesc phones_f[] = {
  PARENT, FR ("raw", TEXT),
  { "e164", RD_FIELD_TEXT, RD_FIELD_READONLY, NULL, NULL },
  { "invalid", RD_FIELD_INT, RD_FIELD_READONLY, NULL, NULL },
  FE ("kind", phone_kinds),
};
static const RdFieldDesc emails_f[] = {
  PARENT, { "address", RD_FIELD_TEXT, RD_FIELD_REQUIRED | RD_FIELD_EMAIL, NULL, NULL },
  FE ("kind", email_kinds),
};
static const RdFieldDesc pipelines_f[] = { FR ("name", TEXT), F ("position", INT) };
static const RdFieldDesc stages_f[] = {
  { "pipeline_id", RD_FIELD_TEXT, RD_FIELD_REF | RD_FIELD_REQUIRED, NULL, "pipelines" },
  FR ("name", TEXT), F ("position", INT), F ("probability", INT),
};
static const RdFieldDesc deals_f[] = {
  FR ("name", TEXT), FREF ("pipeline_id", "pipelines"), FREF ("stage_id", "stages"),
  F ("amount", REAL), F ("currency", TEXT), FREF ("contact_id", "contacts"),
  FREF ("org_id", "organizations"), F ("close_date", INT), FE ("status", deal_status),
  F ("tags", TEXT), F ("created_at", INT), FREF ("price_list_id", "price_lists"),
};
static const RdFieldDesc tickets_f[] = {
  FR ("subject", TEXT), F ("description", TEXT), FE ("status", ticket_status),
  FE ("priority", ticket_priority), FE ("severity", ticket_severity),
  FREF ("group_id", "teams"), FREF ("assignee", "users"), F ("sla_due", INT),
  F ("resolution", TEXT), FREF ("contact_id", "contacts"), F ("created_at", INT),
  F ("tags", TEXT), F ("triage", TEXT),
};
static const RdFieldDesc notes_f[] = {
  PARENT, FR ("body", TEXT), FREF ("author", "users"), F ("created_at", INT),
};
static const RdFieldDesc activities_f[] = {
  PARENT_OPT, FER ("kind", activity_kinds), FR ("subject", TEXT), F ("due", INT),
  F ("done", INT), FREF ("assignee", "users"), F ("created_at", INT),
};
static const RdFieldDesc calls_f[] = {
  PARENT_OPT, FER ("direction", directions), F ("from_number", TEXT), F ("to_number", TEXT),
  F ("agent", TEXT), F ("queue", TEXT), F ("campaign", TEXT), F ("started_at", INT),
  F ("answered_at", INT), F ("ended_at", INT), F ("bill_sec", INT), F ("total_sec", INT),
  F ("hangup_cause", TEXT), F ("disposition", TEXT), F ("recording", TEXT),
  F ("sip_status", INT), F ("notes", TEXT),
  { "center_call_id", RD_FIELD_TEXT, RD_FIELD_READONLY, NULL, NULL },
};
static const RdFieldDesc messages_f[] = {
  PARENT_OPT, FER ("channel", channels), FE ("direction", directions), F ("address", TEXT),
  F ("subject", TEXT), F ("body", TEXT), F ("created_at", INT),
  FE ("status", message_status), F ("reason", TEXT), F ("segments", INT),
  F ("cc", TEXT), F ("html", TEXT), F ("message_id", TEXT), F ("in_reply_to", TEXT),
  F ("attachments", TEXT),
};
static const RdFieldDesc articles_f[] = {
  FR ("title", TEXT), { "body", RD_FIELD_TEXT, RD_FIELD_LONG_TEXT, NULL, NULL }, F ("tags", TEXT),
  FE ("visibility", article_visibility),
  FE ("language", article_language), F ("created_at", INT),
};
static const RdFieldDesc products_f[] = {
  FR ("name", TEXT), F ("code", TEXT), FE ("kind", product_kinds), F ("unit_price", REAL),
  F ("currency", TEXT), F ("tax_rate", REAL), FB ("active"),
  { "description", RD_FIELD_TEXT, RD_FIELD_LONG_TEXT, NULL, NULL }, F ("created_at", INT),
};
static const RdFieldDesc price_lists_f[] = {
  FR ("name", TEXT), F ("currency", TEXT), FB ("active"), F ("description", TEXT),
  F ("created_at", INT),
};
static const RdFieldDesc price_list_items_f[] = {
  { "price_list_id", RD_FIELD_TEXT, RD_FIELD_REF | RD_FIELD_REQUIRED, NULL, "price_lists" },
  { "product_id", RD_FIELD_TEXT, RD_FIELD_REF | RD_FIELD_REQUIRED, NULL, "products" },
  F ("unit_price", REAL),
};
static const RdFieldDesc line_items_f[] = {
  PARENT, FREF ("product_id", "products"), FR ("name", TEXT), F ("quantity", REAL),
  F ("unit_price", REAL), F ("discount", REAL), F ("tax_rate", REAL), F ("position", INT),
  F ("created_at", INT),
};
static const RdFieldDesc projects_f[] = {
  FR ("name", TEXT), FE ("status", project_status), F ("start_date", INT), F ("due", INT),
  FREF ("org_id", "organizations"), FREF ("deal_id", "deals"),
  { "description", RD_FIELD_TEXT, RD_FIELD_LONG_TEXT, NULL, NULL }, F ("created_at", INT),
};
static const RdFieldDesc project_tasks_f[] = {
  PARENT, FR ("title", TEXT), FREF ("assignee", "users"), F ("due", INT),
  FE ("status", task_status), FREF ("depends_on", "project_tasks"), F ("created_at", INT),
};
static const RdFieldDesc milestones_f[] = {
  PARENT, FR ("name", TEXT), F ("due", INT), FB ("reached"), F ("created_at", INT),
};

static const RdFieldDesc documents_f[] = {
  PARENT, FR ("name", TEXT), FR ("content_type", TEXT), FR ("size", INT), FR ("sha256", TEXT),
  F ("uploaded_by", TEXT), F ("created_at", INT),
};

static const RdFieldDesc models_f[] = {
  FER ("kind", model_kinds), F ("format", INT), F ("version", INT), F ("trained_at", INT),
  F ("samples", INT), F ("features", TEXT), F ("weights", TEXT), F ("metrics", TEXT),
};

static const RdFieldDesc custom_fields_f[] = {
  FER ("tbl", custom_tables), FR ("key", TEXT), FR ("label", TEXT), FER ("type", custom_types),
  F ("required", INT), F ("position", INT), F ("section", TEXT), F ("options", TEXT),
  F ("currency", TEXT),
};
static const RdFieldDesc custom_values_f[] = {
  PARENT, { "field_id", RD_FIELD_TEXT, RD_FIELD_REF | RD_FIELD_REQUIRED, NULL, "custom_fields" },
  F ("value", ANY),
};
static const RdFieldDesc addresses_f[] = {
  PARENT, FE ("kind", address_kinds), F ("street", TEXT), F ("city", TEXT), F ("region", TEXT),
  F ("postal_code", TEXT), { "country", RD_FIELD_TEXT, RD_FIELD_COUNTRY, NULL, NULL },
};

#define T(n, fl, title, time) \
  static const RdTableDesc n##_t = { #n, n##_f, G_N_ELEMENTS (n##_f), fl, title, time }

T (teams, 0, "name", NULL);
T (users, 0, "name", NULL);
#define PERSON (RD_TABLE_HAS_PHONES | RD_TABLE_HAS_EMAILS | RD_TABLE_HAS_ADDRESSES | RD_TABLE_HAS_CUSTOM)
T (organizations, PERSON, "name", NULL);
T (contacts, PERSON, "name", NULL);
T (leads, PERSON, "name", NULL);
T (phones, RD_TABLE_CHILD, "raw", NULL);
T (emails, RD_TABLE_CHILD, "address", NULL);
T (pipelines, 0, "name", NULL);
T (stages, 0, "name", NULL);
T (deals, RD_TABLE_HAS_CUSTOM, "name", NULL);
T (tickets, RD_TABLE_HAS_CUSTOM, "subject", NULL);
T (notes, RD_TABLE_CHILD | RD_TABLE_TIMELINE, "body", "created_at");
T (activities, RD_TABLE_CHILD | RD_TABLE_TIMELINE, "subject", "created_at");
T (calls, RD_TABLE_CHILD | RD_TABLE_TIMELINE, "disposition", "started_at");
T (messages, RD_TABLE_CHILD | RD_TABLE_TIMELINE, "body", "created_at");
T (articles, RD_TABLE_SHARED, "title", NULL);
T (documents, RD_TABLE_CHILD, "name", NULL);
T (models, RD_TABLE_SHARED | RD_TABLE_SERVER_ONLY, "kind", NULL);
T (custom_fields, RD_TABLE_SHARED, "label", NULL);
T (custom_values, RD_TABLE_CHILD, "value", NULL);
T (addresses, RD_TABLE_CHILD, "city", NULL);
T (products, RD_TABLE_SHARED | RD_TABLE_MANAGED, "name", NULL);
T (price_lists, RD_TABLE_SHARED | RD_TABLE_MANAGED, "name", NULL);
T (price_list_items, RD_TABLE_SHARED | RD_TABLE_MANAGED, "product_id", NULL);
T (line_items, RD_TABLE_CHILD, "name", NULL);
T (projects, 0, "name", NULL);
T (project_tasks, RD_TABLE_CHILD, "title", NULL);
T (milestones, RD_TABLE_CHILD, "name", NULL);

static const RdTableDesc *const all_tables[] = {
  &teams_t, &users_t, &organizations_t, &contacts_t, &leads_t, &phones_t, &emails_t,
  &pipelines_t, &stages_t, &deals_t, &tickets_t, &notes_t, &activities_t, &calls_t,
  &messages_t, &articles_t, &documents_t, &models_t, &custom_fields_t, &custom_values_t, &addresses_t,
  &products_t, &price_lists_t, &price_list_items_t, &line_items_t, &projects_t, &project_tasks_t, &milestones_t,
};

static const RdFieldDesc owner_field = { "owner", RD_FIELD_TEXT, 0, NULL, NULL };
static const RdFieldDesc deleted_field = { "deleted", RD_FIELD_INT, 0, NULL, NULL };

const RdTableDesc *const *
rd_schema_tables (guint *n_tables)
{
  if (n_tables != NULL)
    *n_tables = G_N_ELEMENTS (all_tables);
  return all_tables;
}

const RdTableDesc *
rd_schema_lookup (const char *name)
{
  if (name == NULL)
    return NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (all_tables); i++)
    if (strcmp (all_tables[i]->name, name) == 0)
      return all_tables[i];

  return NULL;
}

const RdFieldDesc *
rd_schema_field (const RdTableDesc *table,
                 const char        *field)
{
  if (table == NULL || field == NULL)
    return NULL;

  for (guint i = 0; i < table->n_fields; i++)
    if (strcmp (table->fields[i].name, field) == 0)
      return &table->fields[i];

  if (strcmp (field, "owner") == 0)
    return &owner_field;
  if (strcmp (field, "deleted") == 0)
    return &deleted_field;

  return NULL;
}

int
rd_schema_get_version (sqlite3 *db)
{
  sqlite3_stmt *stmt = NULL;
  int version = -1;

  if (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);

  return version;
}

static gboolean
exec_sql (sqlite3     *db,
          const char  *sql,
          GError     **error)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    {
      rd_store_set_sqlite_error (error, sqlite3_extended_errcode (db), "Schema migration failed",
                                 message != NULL ? message : sqlite3_errmsg (db));
      sqlite3_free (message);
      return FALSE;
    }

  return TRUE;
}

static gboolean
table_exists (sqlite3    *db,
              const char *name)
{
  sqlite3_stmt *stmt = NULL;
  gboolean exists = FALSE;

  if (sqlite3_prepare_v2 (db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                          -1, &stmt, NULL) == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
      exists = sqlite3_step (stmt) == SQLITE_ROW;
    }
  sqlite3_finalize (stmt);
  return exists;
}

gboolean
rd_schema_migrate (sqlite3  *db,
                   int       target,
                   GError  **error)
{
  int version = rd_schema_get_version (db);

  if (version < 0)
    {
      g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_FAILED,
                   "Cannot read the schema version: %s", sqlite3_errmsg (db));
      return FALSE;
    }

  if (version > RD_SCHEMA_VERSION)
    {
      g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_SCHEMA_TOO_NEW,
                   "The replica has schema version %d; this Ringdesk knows up to %d. "
                   "Update Ringdesk to open it.", version, RD_SCHEMA_VERSION);
      return FALSE;
    }

  target = CLAMP (target, 0, RD_SCHEMA_VERSION);

  if (version >= 2 && !table_exists (db, "fts_pending"))
    {
      if (!exec_sql (db, "BEGIN IMMEDIATE", error))
        return FALSE;
      if (!exec_sql (db, repair_first_fts, error) || !flush_fts_at (db, version, error) ||
          !exec_sql (db, "COMMIT", error))
        {
          sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
          g_prefix_error (error, "Repairing the search index of version %d: ", version);
          return FALSE;
        }
    }

  for (int v = version + 1; v <= target; v++)
    {
      g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %d", v);

      if (!exec_sql (db, "BEGIN IMMEDIATE", error))
        return FALSE;
      if (!exec_sql (db, migrations[v], error) || !exec_sql (db, bump, error) ||
          (v >= 2 && !flush_fts_at (db, v, error)))
        {
          sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
          g_prefix_error (error, "Migration to version %d: ", v);
          return FALSE;
        }
      if (!exec_sql (db, "COMMIT", error))
        {
          sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
          return FALSE;
        }
    }

  return TRUE;
}
