/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "rd-portal-db.h"
#include "rd-uuid.h"

/* portal.db: customers, their sessions, enquiries. Numbered migrations in user_version. */

typedef sqlite3_stmt RdPortalStmt;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdPortalStmt, sqlite3_finalize)

struct _RdPortalDb
{
  GObject  parent_instance;
  sqlite3 *db;
};

G_DEFINE_FINAL_TYPE (RdPortalDb, rd_portal_db, G_TYPE_OBJECT)
G_DEFINE_QUARK (rd-portal-db-error-quark, rd_portal_db_error)

static const char *const migrations[] = {
  /* 1 */
  "CREATE TABLE customers ("
  "  id INTEGER PRIMARY KEY,"
  "  email TEXT NOT NULL UNIQUE,"
  "  name TEXT NOT NULL,"
  "  status TEXT NOT NULL DEFAULT 'pending'"
  "    CHECK (status IN ('pending', 'approved', 'rejected')),"
  "  contact_id TEXT,"
  "  photo TEXT,"
  "  created INTEGER NOT NULL,"
  "  decided_by TEXT,"
  "  password_hash TEXT NOT NULL);"
  "CREATE TABLE sessions ("
  "  token_hash TEXT PRIMARY KEY,"
  "  customer_id INTEGER NOT NULL REFERENCES customers (id),"
  "  csrf TEXT NOT NULL,"
  "  expires INTEGER NOT NULL);"
  "CREATE TABLE enquiries ("
  "  id TEXT PRIMARY KEY,"
  "  name TEXT NOT NULL,"
  "  email TEXT NOT NULL,"
  "  message TEXT NOT NULL,"
  "  status TEXT NOT NULL DEFAULT 'unaccepted'"
  "    CHECK (status IN ('unaccepted', 'accepted', 'resolved', 'rejected')),"
  "  handled_by TEXT,"
  "  handled_at INTEGER NOT NULL DEFAULT 0,"
  "  created INTEGER NOT NULL);"
  "CREATE INDEX enquiries_status ON enquiries (status, created);",
};

#define CUSTOMER_COLUMNS "id, email, name, status, contact_id, photo, created, decided_by, password_hash"
#define ENQUIRY_COLUMNS "id, name, email, message, status, handled_by, handled_at, created"

void
rd_customer_free (RdCustomer *customer)
{
  if (customer == NULL)
    return;
  g_free (customer->email);
  g_free (customer->name);
  g_free (customer->status);
  g_free (customer->contact_id);
  g_free (customer->photo);
  g_free (customer->decided_by);
  g_free (customer->password_hash);
  g_free (customer);
}

void
rd_enquiry_free (RdEnquiry *enquiry)
{
  if (enquiry == NULL)
    return;
  g_free (enquiry->id);
  g_free (enquiry->name);
  g_free (enquiry->email);
  g_free (enquiry->message);
  g_free (enquiry->status);
  g_free (enquiry->handled_by);
  g_free (enquiry);
}

static gboolean
fail (RdPortalDb  *self,
      const char  *what,
      GError     **error)
{
  g_set_error (error, RD_PORTAL_DB_ERROR, RD_PORTAL_DB_ERROR_SQLITE, "%s: %s", what,
               sqlite3_errmsg (self->db));
  return FALSE;
}

static sqlite3_stmt *
prepare (RdPortalDb  *self,
         const char  *sql,
         GError     **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      fail (self, "cannot prepare a statement", error);
      return NULL;
    }
  return stmt;
}

static void
bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

static char *
column_dup (sqlite3_stmt *stmt,
            int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

static RdCustomer *
customer_from_row (sqlite3_stmt *stmt)
{
  RdCustomer *customer = g_new0 (RdCustomer, 1);

  customer->id = sqlite3_column_int64 (stmt, 0);
  customer->email = column_dup (stmt, 1);
  customer->name = column_dup (stmt, 2);
  customer->status = column_dup (stmt, 3);
  customer->contact_id = column_dup (stmt, 4);
  customer->photo = column_dup (stmt, 5);
  customer->created = sqlite3_column_int64 (stmt, 6);
  customer->decided_by = column_dup (stmt, 7);
  customer->password_hash = column_dup (stmt, 8);
  return customer;
}

static RdEnquiry *
enquiry_from_row (sqlite3_stmt *stmt)
{
  RdEnquiry *enquiry = g_new0 (RdEnquiry, 1);

  enquiry->id = column_dup (stmt, 0);
  enquiry->name = column_dup (stmt, 1);
  enquiry->email = column_dup (stmt, 2);
  enquiry->message = column_dup (stmt, 3);
  enquiry->status = column_dup (stmt, 4);
  enquiry->handled_by = column_dup (stmt, 5);
  enquiry->handled_at = sqlite3_column_int64 (stmt, 6);
  enquiry->created = sqlite3_column_int64 (stmt, 7);
  return enquiry;
}

static gboolean
migrate (RdPortalDb  *self,
         GError     **error)
{
  g_autoptr(RdPortalStmt) stmt = prepare (self, "PRAGMA user_version", error);
  int version;

  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return stmt == NULL ? FALSE : fail (self, "cannot read the schema version", error);
  version = sqlite3_column_int (stmt, 0);
  if (version > (int) G_N_ELEMENTS (migrations))
    {
      g_set_error (error, RD_PORTAL_DB_ERROR, RD_PORTAL_DB_ERROR_SQLITE,
                   "portal.db has schema version %d; this server knows up to %u", version,
                   (guint) G_N_ELEMENTS (migrations));
      return FALSE;
    }
  for (guint i = version; i < G_N_ELEMENTS (migrations); i++)
    {
      g_autofree char *sql = g_strdup_printf ("BEGIN; %s PRAGMA user_version = %u; COMMIT;",
                                              migrations[i], i + 1);

      if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
        {
          fail (self, "cannot migrate portal.db", error);
          sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
          return FALSE;
        }
    }
  return TRUE;
}

static void
rd_portal_db_finalize (GObject *object)
{
  RdPortalDb *self = (RdPortalDb *) object;

  g_clear_pointer (&self->db, sqlite3_close);
  G_OBJECT_CLASS (rd_portal_db_parent_class)->finalize (object);
}

static void
rd_portal_db_class_init (RdPortalDbClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rd_portal_db_finalize;
}

static void
rd_portal_db_init (RdPortalDb *self)
{
}

RdPortalDb *
rd_portal_db_open (const char  *data_dir,
                   GError     **error)
{
  g_autoptr(RdPortalDb) self = g_object_new (RD_TYPE_PORTAL_DB, NULL);
  g_autofree char *path = g_build_filename (data_dir, "portal.db", NULL);

  if (sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL)
      != SQLITE_OK)
    {
      fail (self, "cannot open portal.db", error);
      return NULL;
    }
  sqlite3_busy_timeout (self->db, 5000);
  if (sqlite3_exec (self->db, "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON;",
                    NULL, NULL, NULL) != SQLITE_OK)
    {
      fail (self, "cannot set up portal.db", error);
      return NULL;
    }
  if (!migrate (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

/* ---- customers ------------------------------------------------------------------------ */

static RdCustomer *
find_customer (RdPortalDb  *self,
               const char  *sql,
               const char  *text,
               gint64       number,
               GError     **error)
{
  g_autoptr(RdPortalStmt) stmt = prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  if (text != NULL)
    bind_text (stmt, 1, text);
  else
    sqlite3_bind_int64 (stmt, 1, number);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return customer_from_row (stmt);
  if (rc == SQLITE_DONE)
    g_set_error (error, RD_PORTAL_DB_ERROR, RD_PORTAL_DB_ERROR_NOT_FOUND, "no such customer");
  else
    fail (self, "cannot read a customer", error);
  return NULL;
}

RdCustomer *
rd_portal_db_add_customer (RdPortalDb  *self,
                           const char  *email,
                           const char  *name,
                           const char  *password_hash,
                           GError     **error)
{
  g_autoptr(RdPortalStmt) stmt = NULL;
  g_autofree char *lower = g_utf8_strdown (email, -1);
  int rc;

  stmt = prepare (self, "INSERT INTO customers (email, name, created, password_hash) "
                        "VALUES (?, ?, ?, ?)", error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, lower);
  bind_text (stmt, 2, name);
  sqlite3_bind_int64 (stmt, 3, g_get_real_time () / G_USEC_PER_SEC);
  bind_text (stmt, 4, password_hash);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_CONSTRAINT)
    {
      g_set_error (error, RD_PORTAL_DB_ERROR, RD_PORTAL_DB_ERROR_EXISTS,
                   "an account with this e-mail exists");
      return NULL;
    }
  if (rc != SQLITE_DONE)
    {
      fail (self, "cannot add a customer", error);
      return NULL;
    }
  return rd_portal_db_get_customer (self, sqlite3_last_insert_rowid (self->db), error);
}

RdCustomer *
rd_portal_db_find_customer (RdPortalDb  *self,
                            const char  *email,
                            GError     **error)
{
  g_autofree char *lower = g_utf8_strdown (email, -1);

  return find_customer (self, "SELECT " CUSTOMER_COLUMNS " FROM customers WHERE email = ?",
                        lower, 0, error);
}

RdCustomer *
rd_portal_db_get_customer (RdPortalDb  *self,
                           gint64       id,
                           GError     **error)
{
  return find_customer (self, "SELECT " CUSTOMER_COLUMNS " FROM customers WHERE id = ?",
                        NULL, id, error);
}

GPtrArray *
rd_portal_db_list_customers (RdPortalDb  *self,
                             const char  *status,
                             GError     **error)
{
  g_autoptr(RdPortalStmt) stmt = NULL;
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) rd_customer_free);
  int rc;

  stmt = prepare (self, "SELECT " CUSTOMER_COLUMNS " FROM customers "
                        "WHERE ?1 IS NULL OR status = ?1 ORDER BY id DESC", error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, status);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, customer_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      fail (self, "cannot list customers", error);
      return NULL;
    }
  return g_steal_pointer (&list);
}

gboolean
rd_portal_db_decide_customer (RdPortalDb  *self,
                              gint64       id,
                              const char  *status,
                              const char  *contact_id,
                              const char  *staff,
                              GError     **error)
{
  g_autoptr(RdPortalStmt) stmt = NULL;

  stmt = prepare (self, "UPDATE customers SET status = ?, contact_id = ?, decided_by = ? "
                        "WHERE id = ? AND status = 'pending'", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, status);
  bind_text (stmt, 2, contact_id);
  bind_text (stmt, 3, staff);
  sqlite3_bind_int64 (stmt, 4, id);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return fail (self, "cannot decide on a customer", error);
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, RD_PORTAL_DB_ERROR, RD_PORTAL_DB_ERROR_STATE,
                   "no pending registration with this id");
      return FALSE;
    }
  return TRUE;
}

gboolean
rd_portal_db_set_profile (RdPortalDb  *self,
                          gint64       id,
                          const char  *name,
                          const char  *photo_type,
                          GError     **error)
{
  g_autoptr(RdPortalStmt) stmt = NULL;

  stmt = prepare (self, "UPDATE customers SET name = coalesce(?, name), "
                        "photo = coalesce(?, photo) WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, name);
  bind_text (stmt, 2, photo_type);
  sqlite3_bind_int64 (stmt, 3, id);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return fail (self, "cannot change the profile", error);
  return TRUE;
}

/* ---- sessions ------------------------------------------------------------------------- */

gboolean
rd_portal_db_add_session (RdPortalDb  *self,
                          const char  *token_hash,
                          gint64       customer_id,
                          const char  *csrf,
                          gint64       expires,
                          GError     **error)
{
  g_autoptr(RdPortalStmt) stmt = NULL;
  g_autoptr(RdPortalStmt) expired = NULL;

  /* Sessions that ran out go when new ones come. */
  expired = prepare (self, "DELETE FROM sessions WHERE expires <= ?", error);
  if (expired == NULL)
    return FALSE;
  sqlite3_bind_int64 (expired, 1, g_get_real_time () / G_USEC_PER_SEC);
  if (sqlite3_step (expired) != SQLITE_DONE)
    return fail (self, "cannot remove old sessions", error);
  stmt = prepare (self, "INSERT INTO sessions (token_hash, customer_id, csrf, expires) "
                        "VALUES (?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, token_hash);
  sqlite3_bind_int64 (stmt, 2, customer_id);
  bind_text (stmt, 3, csrf);
  sqlite3_bind_int64 (stmt, 4, expires);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return fail (self, "cannot add a session", error);
  return TRUE;
}

RdCustomer *
rd_portal_db_lookup_session (RdPortalDb  *self,
                             const char  *token_hash,
                             gint64       now,
                             char       **csrf,
                             GError     **error)
{
  g_autoptr(RdPortalStmt) stmt = NULL;
  RdCustomer *customer;
  int rc;

  stmt = prepare (self, "SELECT c.id, c.email, c.name, c.status, c.contact_id, c.photo, "
                        "c.created, c.decided_by, c.password_hash, s.csrf "
                        "FROM sessions s JOIN customers c ON c.id = s.customer_id "
                        "WHERE s.token_hash = ? AND s.expires > ? AND c.status = 'approved'",
                  error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, token_hash);
  sqlite3_bind_int64 (stmt, 2, now);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc != SQLITE_DONE)
        fail (self, "cannot read a session", error);
      return NULL;
    }
  customer = customer_from_row (stmt);
  *csrf = column_dup (stmt, 9);
  return customer;
}

gboolean
rd_portal_db_end_session (RdPortalDb  *self,
                          const char  *token_hash,
                          GError     **error)
{
  g_autoptr(RdPortalStmt) stmt = prepare (self, "DELETE FROM sessions WHERE token_hash = ?",
                                          error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, token_hash);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return fail (self, "cannot end a session", error);
  return TRUE;
}

/* ---- enquiries ------------------------------------------------------------------------ */

RdEnquiry *
rd_portal_db_add_enquiry (RdPortalDb  *self,
                          const char  *name,
                          const char  *email,
                          const char  *message,
                          GError     **error)
{
  g_autoptr(RdPortalStmt) stmt = NULL;
  g_autofree char *id = rd_uuid_v7 ();

  stmt = prepare (self, "INSERT INTO enquiries (id, name, email, message, created) "
                        "VALUES (?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, id);
  bind_text (stmt, 2, name);
  bind_text (stmt, 3, email);
  bind_text (stmt, 4, message);
  sqlite3_bind_int64 (stmt, 5, g_get_real_time () / G_USEC_PER_SEC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      fail (self, "cannot add an enquiry", error);
      return NULL;
    }
  return rd_portal_db_get_enquiry (self, id, error);
}

RdEnquiry *
rd_portal_db_get_enquiry (RdPortalDb  *self,
                          const char  *id,
                          GError     **error)
{
  g_autoptr(RdPortalStmt) stmt = NULL;
  int rc;

  stmt = prepare (self, "SELECT " ENQUIRY_COLUMNS " FROM enquiries WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return enquiry_from_row (stmt);
  if (rc == SQLITE_DONE)
    g_set_error (error, RD_PORTAL_DB_ERROR, RD_PORTAL_DB_ERROR_NOT_FOUND, "no such enquiry");
  else
    fail (self, "cannot read an enquiry", error);
  return NULL;
}

/* "%word%" with LIKE's own wildcards escaped. */
static char *
like_pattern (const char *word)
{
  GString *out = g_string_new ("%");

  for (const char *p = word; *p; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '%');
  return g_string_free (out, FALSE);
}

GPtrArray *
rd_portal_db_list_enquiries (RdPortalDb  *self,
                             const char  *status,
                             const char  *words,
                             guint        limit,
                             GError     **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT " ENQUIRY_COLUMNS " FROM enquiries "
                                         "WHERE (?1 IS NULL OR status = ?1)");
  g_autoptr(RdPortalStmt) stmt = NULL;
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) rd_enquiry_free);
  g_auto(GStrv) terms = g_strsplit_set (words ? words : "", " \t\n", -1);
  int rc, index = 2;

  for (guint i = 0; terms[i]; i++)
    if (*terms[i])
      g_string_append (sql, " AND (name || ' ' || email || ' ' || message) LIKE ? ESCAPE '\\'");
  g_string_append (sql, " ORDER BY created DESC, id DESC LIMIT ?");
  stmt = prepare (self, sql->str, error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, status);
  for (guint i = 0; terms[i]; i++)
    if (*terms[i])
      {
        g_autofree char *pattern = like_pattern (terms[i]);

        bind_text (stmt, index++, pattern);
      }
  sqlite3_bind_int (stmt, index, limit);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, enquiry_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      fail (self, "cannot list enquiries", error);
      return NULL;
    }
  return g_steal_pointer (&list);
}

gboolean
rd_portal_db_set_enquiry (RdPortalDb  *self,
                          const char  *id,
                          const char  *status,
                          const char  *staff,
                          GError     **error)
{
  g_autoptr(RdPortalStmt) stmt = NULL;
  gboolean back = g_str_equal (status, "unaccepted");

  stmt = prepare (self, "UPDATE enquiries SET status = ?, handled_by = ?, handled_at = ? "
                        "WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, status);
  bind_text (stmt, 2, back ? NULL : staff);
  sqlite3_bind_int64 (stmt, 3, back ? 0 : g_get_real_time () / G_USEC_PER_SEC);
  bind_text (stmt, 4, id);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return fail (self, "cannot change an enquiry", error);
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, RD_PORTAL_DB_ERROR, RD_PORTAL_DB_ERROR_NOT_FOUND, "no such enquiry");
      return FALSE;
    }
  return TRUE;
}
