/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-store: figures for the CRM store on a generated replica.
 *
 *   build/bench/bench-store [--contacts 1000000] [--csv-rows 100000] [--dir DIR] [--keep]
 *
 * Prints one figure per line ("name value"). Not a test: nothing here passes or fails. */
#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "rd-csv-import.h"
#include "rd-store.h"
#include "rd-uuid.h"

static const char *first_names[] = {
  "Ivan", "Anna", "Boris", "Olga", "Pavel", "Maria", "Sergey", "Elena", "Dmitry", "Natalia",
  "Alexey", "Irina", "Mikhail", "Tatiana", "Nikolay", "Svetlana", "John", "Mary", "Peter", "Linda",
  "Иван", "Анна", "Борис", "Ольга", "Павел", "Мария", "Сергей", "Елена", "Дмитрий", "Наталья",
};
static const char *syllables[] = {
  "ko", "va", "le", "mi", "ro", "sa", "ne", "ti", "po", "za", "ra", "lo", "ve", "du", "ka", "shi",
  "mo", "ne", "ga", "bu", "che", "ri", "to", "fa", "yu", "ze", "ny", "pe", "lu", "ha",
};

static char *
last_name (guint i)
{
  /* 30^3 = 27,000 distinct surnames. */
  return g_strdup_printf ("%c%s%s%sov", 'A' + (i % 26), syllables[(i / 26) % 30],
                          syllables[(i / 780) % 30], syllables[(i / 23400) % 30]);
}

static char *
mobile (guint i,
        int   style)
{
  guint64 n = 9000000000ULL + (guint64) i * 2;   /* +7 9xx: unique per contact */

  switch (style % 3)
    {
    case 0: return g_strdup_printf ("+7%" G_GUINT64_FORMAT, n);
    case 1: return g_strdup_printf ("8 (%03u) %03u-%02u-%02u", (guint) (n / 10000000), (guint) (n / 10000 % 1000),
                                    (guint) (n / 100 % 100), (guint) (n % 100));
    default: return g_strdup_printf ("+7 %03u %03u %04u", (guint) (n / 10000000), (guint) (n / 10000 % 1000),
                                     (guint) (n % 10000));
    }
}

static char *
work_phone (guint i)
{
  return g_strdup_printf ("+7 495 %03u-%02u-%02u", (i / 10000) % 1000, (i / 100) % 100, i % 100);
}

static int
cmp_double (const void *a,
            const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static void
print_percentiles (const char *name,
                   GArray     *us)
{
  g_array_sort (us, cmp_double);
  printf ("%s_p50_us %.1f\n", name, g_array_index (us, double, us->len / 2));
  printf ("%s_p99_us %.1f\n", name, g_array_index (us, double, (us->len * 99) / 100));
  fflush (stdout);
}

static gint64
file_size (const char *path)
{
  GStatBuf st;

  return g_stat (path, &st) == 0 ? (gint64) st.st_size : 0;
}

static RdRecord *
make_contact (guint i)
{
  RdRecord *c = rd_record_new ("contacts");
  g_autofree char *last = last_name (i);
  g_autofree char *name = g_strdup_printf ("%s %s", first_names[i % G_N_ELEMENTS (first_names)], last);
  g_autofree char *m = mobile (i, i);
  g_autofree char *w = work_phone (i);
  g_autofree char *mail = g_strdup_printf ("%s.%u@example.com", last, i);

  rd_record_set_string (c, "name", name);
  rd_record_set_string (c, "last_name", last);
  if (i % 10 == 0)
    rd_record_set_string (c, "tags", i % 20 == 0 ? "vip" : "partner");
  rd_record_add_phone (c, m, "mobile");
  rd_record_add_phone (c, w, "work");
  rd_record_add_email (c, g_ascii_strdown (mail, -1), NULL);
  return c;
}

static double
fill (RdStore *store,
      guint    from,
      guint    to,
      gboolean capture)
{
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  rd_store_set_capture (store, capture);
  for (guint i = from; i < to; )
    {
      if (!rd_store_begin (store, &error))
        g_error ("begin: %s", error->message);
      for (guint k = 0; k < 10000 && i < to; k++, i++)
        {
          g_autoptr(RdRecord) c = make_contact (i);

          if (!rd_store_insert (store, c, &error))
            g_error ("insert %u: %s", i, error->message);
        }
      if (!rd_store_commit (store, &error))
        g_error ("commit: %s", error->message);
      if ((i / 10000) % 10 == 0)
        {
          fprintf (stderr, "\rfilled %u", i);
          fflush (stderr);
        }
    }
  fprintf (stderr, "\n");
  rd_store_set_capture (store, TRUE);
  return (g_get_monotonic_time () - start) / 1e6;
}

/* Plain SQLite inserts of the same rows (no capture, no FTS, no versions): the baseline. */
static double
plain_insert (guint n)
{
  g_autofree char *dir = g_dir_make_tmp ("rd-bench-plain-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "plain.db", NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *c = NULL, *p = NULL;
  gint64 start;
  double secs;

  sqlite3_open (path, &db);
  sqlite3_exec (db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                    "CREATE TABLE contacts (id TEXT PRIMARY KEY, owner TEXT, name TEXT, last_name TEXT, tags TEXT, created_at INTEGER);"
                    "CREATE INDEX contacts_name ON contacts (name, id);"
                    "CREATE TABLE phones (id TEXT PRIMARY KEY, parent_id TEXT, raw TEXT, e164 TEXT, kind TEXT);"
                    "CREATE INDEX phones_e164 ON phones (e164); CREATE INDEX phones_parent ON phones (parent_id);",
                NULL, NULL, NULL);
  sqlite3_prepare_v2 (db, "INSERT INTO contacts VALUES (?, NULL, ?, ?, ?, ?)", -1, &c, NULL);
  sqlite3_prepare_v2 (db, "INSERT INTO phones VALUES (?, ?, ?, ?, ?)", -1, &p, NULL);

  start = g_get_monotonic_time ();
  sqlite3_exec (db, "BEGIN", NULL, NULL, NULL);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("c%u", i);
      g_autofree char *last = last_name (i);
      g_autofree char *name = g_strdup_printf ("%s %s", first_names[i % G_N_ELEMENTS (first_names)], last);
      const char *raws[2];
      g_autofree char *m = mobile (i, i);
      g_autofree char *w = work_phone (i);

      raws[0] = m;
      raws[1] = w;
      sqlite3_bind_text (c, 1, id, -1, SQLITE_STATIC);
      sqlite3_bind_text (c, 2, name, -1, SQLITE_STATIC);
      sqlite3_bind_text (c, 3, last, -1, SQLITE_STATIC);
      sqlite3_bind_null (c, 4);
      sqlite3_bind_int64 (c, 5, i);
      sqlite3_step (c);
      sqlite3_reset (c);
      for (int k = 0; k < 2; k++)
        {
          g_autofree char *pid = g_strdup_printf ("p%u-%d", i, k);

          sqlite3_bind_text (p, 1, pid, -1, SQLITE_STATIC);
          sqlite3_bind_text (p, 2, id, -1, SQLITE_STATIC);
          sqlite3_bind_text (p, 3, raws[k], -1, SQLITE_STATIC);
          sqlite3_bind_text (p, 4, raws[k], -1, SQLITE_STATIC);
          sqlite3_bind_text (p, 5, k ? "work" : "mobile", -1, SQLITE_STATIC);
          sqlite3_step (p);
          sqlite3_reset (p);
        }
    }
  sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  secs = (g_get_monotonic_time () - start) / 1e6;
  sqlite3_finalize (c);
  sqlite3_finalize (p);
  sqlite3_close (db);
  g_remove (path);
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);
    g_remove (wal);
    g_remove (shm);
  }
  g_rmdir (dir);
  return secs;
}

/* Field versions: a side table vs a packed column, same rows, raw SQLite. */
static void
compare_field_versions (guint n)
{
  const char *variants[] = { "side", "packed" };

  for (int v = 0; v < 2; v++)
    {
      g_autofree char *dir = g_dir_make_tmp ("rd-bench-fv-XXXXXX", NULL);
      g_autofree char *path = g_build_filename (dir, "fv.db", NULL);
      sqlite3 *db = NULL;
      sqlite3_stmt *row = NULL, *fv = NULL;
      const char *fields[] = { "name", "first_name", "last_name", "title", "org_id", "tags", "owner", "created_at" };
      gint64 start;
      double secs;

      sqlite3_open (path, &db);
      sqlite3_exec (db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                        "CREATE TABLE t (id TEXT PRIMARY KEY, hlc INTEGER, fv TEXT, name TEXT, first_name TEXT,"
                        " last_name TEXT, title TEXT, org_id TEXT, tags TEXT, owner TEXT, created_at INTEGER);"
                        "CREATE TABLE field_versions (tbl TEXT, row_id TEXT, field TEXT, hlc INTEGER, site TEXT,"
                        " PRIMARY KEY (tbl, row_id, field)) WITHOUT ROWID;", NULL, NULL, NULL);
      sqlite3_prepare_v2 (db, "INSERT INTO t VALUES (?1, ?2, ?3, 'Name', 'First', 'Last', 'Title', NULL, 'tag', 'owner-1', 1)",
                          -1, &row, NULL);
      sqlite3_prepare_v2 (db, "INSERT INTO field_versions VALUES ('contacts', ?1, ?2, ?3, ?4)", -1, &fv, NULL);

      start = g_get_monotonic_time ();
      sqlite3_exec (db, "BEGIN", NULL, NULL, NULL);
      for (guint i = 0; i < n; i++)
        {
          char id[37];
          gint64 hlc = ((gint64) 1700000000000 << 16) + i;

          g_snprintf (id, sizeof id, "01900000-0000-7000-8000-%012u", i);
          sqlite3_bind_text (row, 1, id, -1, SQLITE_STATIC);
          sqlite3_bind_int64 (row, 2, hlc);
          if (v == 1)
            {
              GString *packed = g_string_new ("{");

              for (gsize f = 0; f < G_N_ELEMENTS (fields); f++)
                g_string_append_printf (packed, "%s\"%s\":[%" G_GINT64_FORMAT ",0]", f ? "," : "", fields[f], hlc);
              g_string_append_c (packed, '}');
              sqlite3_bind_text (row, 3, packed->str, -1, SQLITE_TRANSIENT);
              g_string_free (packed, TRUE);
            }
          else
            sqlite3_bind_text (row, 3, "{}", -1, SQLITE_STATIC);
          sqlite3_step (row);
          sqlite3_reset (row);
          if (v == 0)
            for (gsize f = 0; f < G_N_ELEMENTS (fields); f++)
              {
                sqlite3_bind_text (fv, 1, id, -1, SQLITE_STATIC);
                sqlite3_bind_text (fv, 2, fields[f], -1, SQLITE_STATIC);
                sqlite3_bind_int64 (fv, 3, hlc);
                sqlite3_bind_text (fv, 4, "0190a1b2-3c4d-7000-8000-00000000site", -1, SQLITE_STATIC);
                sqlite3_step (fv);
                sqlite3_reset (fv);
              }
        }
      sqlite3_exec (db, "COMMIT; PRAGMA wal_checkpoint(TRUNCATE);", NULL, NULL, NULL);
      secs = (g_get_monotonic_time () - start) / 1e6;
      sqlite3_finalize (row);
      sqlite3_finalize (fv);
      sqlite3_close (db);
      printf ("fv_%s_insert_rows_s %.0f\n", variants[v], n / secs);
      printf ("fv_%s_bytes_per_row %.0f\n", variants[v], (double) file_size (path) / n);
      g_remove (path);
      g_rmdir (dir);
    }
  fflush (stdout);
}

static void
measure_lookup (RdStore *store,
                guint    n_contacts)
{
  g_autoptr(GArray) api = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) raw = g_array_new (FALSE, FALSE, sizeof (double));
  sqlite3_stmt *stmt = NULL;
  GRand *rand = g_rand_new_with_seed (42);

  sqlite3_prepare_v2 (rd_store_get_db (store), "SELECT parent_tbl, parent_id FROM phones WHERE e164 = ? AND deleted = 0",
                      -1, &stmt, NULL);
  for (int q = 0; q < 20000; q++)
    {
      guint i = g_rand_int_range (rand, 0, n_contacts);
      g_autofree char *number = mobile (i, q + 1);
      g_autofree char *e164 = g_strdup_printf ("+7%" G_GUINT64_FORMAT, (guint64) (9000000000ULL + (guint64) i * 2));
      g_autoptr(GPtrArray) hits = NULL;
      g_autoptr(GError) error = NULL;
      gint64 t0 = g_get_monotonic_time ();
      double us;

      hits = rd_store_lookup_number (store, number, &error);
      us = (double) (g_get_monotonic_time () - t0);
      if (hits == NULL || hits->len != 1)
        g_error ("lookup %s: %s", number, error ? error->message : "no match");
      g_array_append_val (api, us);

      t0 = g_get_monotonic_time ();
      sqlite3_bind_text (stmt, 1, e164, -1, SQLITE_STATIC);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        ;
      sqlite3_reset (stmt);
      us = (double) (g_get_monotonic_time () - t0);
      g_array_append_val (raw, us);
    }
  sqlite3_finalize (stmt);
  g_rand_free (rand);
  print_percentiles ("lookup", api);
  print_percentiles ("lookup_sqlite_index_only", raw);
}

static void
measure_search (RdStore *store,
                guint    n_contacts)
{
  g_autoptr(GArray) quick_name = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) quick_phone = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) quick_first = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) fts = g_array_new (FALSE, FALSE, sizeof (double));
  GRand *rand = g_rand_new_with_seed (7);

  for (int q = 0; q < 1000; q++)
    {
      guint i = g_rand_int_range (rand, 0, n_contacts);
      g_autofree char *last = last_name (i);
      g_autofree char *prefix = g_strndup (last, 5);
      g_autofree char *suffix = g_strdup_printf ("%07u", (guint) ((guint64) (9000000000ULL + (guint64) i * 2) % 10000000));
      const char *first = first_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (first_names))];
      struct { GArray *out; const char *text; gboolean full; } runs[] = {
        { quick_name, prefix, FALSE }, { quick_phone, suffix, FALSE }, { quick_first, first, FALSE },
        { fts, last, TRUE },
      };

      for (gsize r = 0; r < G_N_ELEMENTS (runs); r++)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(GPtrArray) hits = NULL;
          gint64 t0 = g_get_monotonic_time ();
          double us;

          hits = runs[r].full ? rd_store_fts (store, runs[r].text, 0, 50, &error)
                              : rd_store_quick_search (store, runs[r].text, 0, 50, &error);
          us = (double) (g_get_monotonic_time () - t0);
          if (hits == NULL || hits->len == 0)
            g_error ("search “%s”: %s", runs[r].text, error ? error->message : "no match");
          g_array_append_val (runs[r].out, us);
        }
    }
  g_rand_free (rand);
  print_percentiles ("quick_search_surname_prefix", quick_name);
  print_percentiles ("quick_search_phone_suffix", quick_phone);
  print_percentiles ("quick_search_common_first_name", quick_first);
  print_percentiles ("fts", fts);
}

static void
measure_import (RdStore    *store,
                const char *dir,
                guint       first,
                guint       rows)
{
  g_autofree char *path = g_build_filename (dir, "import.csv", NULL);
  g_autoptr(GString) csv = g_string_new ("Name,Mobile,Work,E-mail,Company\r\n");
  g_autoptr(RdCsvImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  RdCsvImportOptions opts;
  gint64 t0;
  double secs;

  for (guint i = first; i < first + rows; i++)
    {
      g_autofree char *last = last_name (i);
      g_autofree char *m = mobile (i, i);
      g_autofree char *w = g_strdup_printf ("+7 812 %03u-%02u-%02u", (i / 10000) % 1000, (i / 100) % 100, i % 100);
      /* (unique across the 100,000 rows and distinct from the generated replica) */

      g_string_append_printf (csv, "\"%s, %s\",%s,%s,%s.%u@import.example,Company %u\r\n",
                              last, first_names[i % G_N_ELEMENTS (first_names)], m, w, last, i, i % 1000);
    }
  g_file_set_contents (path, csv->str, csv->len, NULL);

  rd_csv_import_options_init (&opts);
  opts.mapping = "name=1,phone_mobile=2,phone_work=3,email=4,organization=5";
  t0 = g_get_monotonic_time ();
  if (!rd_csv_import_contacts (store, path, &opts, &report, &error))
    g_error ("import: %s", error->message);
  secs = (g_get_monotonic_time () - t0) / 1e6;
  printf ("csv_import_rows %u\n", report->created);
  if (report->skipped + report->bad > 0)
    printf ("csv_import_skipped_or_bad %u\n", report->skipped + report->bad);
  printf ("csv_import_rows_s %.0f\n", report->created / secs);
  fflush (stdout);
  g_remove (path);
}

/* The floor under the import: the same rows written by bare prepared statements on the same
 * replica — the duplicate lookups, contact, two phones, e-mail, their four outbox rows, the
 * search index at commit — with every value (ids, E.164, JSON) computed beforehand. What the
 * import adds on top of this is its own work; the rest is SQLite with this schema. */
typedef struct {
  char id[37], pid1[37], pid2[37], eid[37];
  char *name, *mobile_raw, *mobile, *mobile_rev, *work_raw, *work, *work_rev, *email, *org_id;
  char *out_contact, *out_p1, *out_p2, *out_e;
} FloorRow;

static char *
reversed_digits (const char *s)
{
  GString *out = g_string_new (NULL);

  for (gssize i = (gssize) strlen (s) - 1; i >= 0; i--)
    if (g_ascii_isdigit (s[i]))
      g_string_append_c (out, s[i]);
  return g_string_free (out, FALSE);
}

static void
measure_import_floor (RdStore *store,
                      guint    first,
                      guint    rows)
{
  sqlite3 *db = rd_store_get_db (store);
  const char *user = rd_store_get_user (store);
  const char *site = "0190a1b2-3c4d-7000-8000-00000000site";
  FloorRow *r = g_new0 (FloorRow, rows);
  sqlite3_stmt *dup_p, *dup_e, *org, *ins_c, *ins_p, *ins_e, *ins_o;
  g_autoptr(GError) error = NULL;
  gint64 t0, now_ms = g_get_real_time () / 1000;
  double secs;

  sqlite3_prepare_v2 (db, "SELECT id FROM organizations WHERE name = ? AND deleted = 0 ORDER BY id LIMIT 1", -1, &org, NULL);
  for (guint k = 0; k < rows; k++)
    {
      guint i = first + k;
      g_autofree char *last = last_name (i);
      g_autofree char *org_name = g_strdup_printf ("Company %u", i % 1000);
      g_autofree char *mail = g_strdup_printf ("%s.%u@import.example", last, i);

      rd_uuid_v7_into (r[k].id);
      rd_uuid_v7_into (r[k].pid1);
      rd_uuid_v7_into (r[k].pid2);
      rd_uuid_v7_into (r[k].eid);
      r[k].name = g_strdup_printf ("%s, %s", last, first_names[i % G_N_ELEMENTS (first_names)]);
      r[k].mobile_raw = mobile (i, i);
      r[k].mobile = g_strdup_printf ("+7%" G_GUINT64_FORMAT, (guint64) (9000000000ULL + (guint64) i * 2));
      r[k].mobile_rev = reversed_digits (r[k].mobile);
      r[k].work_raw = g_strdup_printf ("+7 812 %03u-%02u-%02u", (i / 10000) % 1000, (i / 100) % 100, i % 100);
      r[k].work = g_strdup_printf ("+7812%03u%02u%02u", (i / 10000) % 1000, (i / 100) % 100, i % 100);
      r[k].work_rev = reversed_digits (r[k].work);
      r[k].email = g_ascii_strdown (mail, -1);
      sqlite3_bind_text (org, 1, org_name, -1, SQLITE_STATIC);
      if (sqlite3_step (org) == SQLITE_ROW)
        r[k].org_id = g_strdup ((const char *) sqlite3_column_text (org, 0));
      sqlite3_reset (org);
      r[k].out_contact = g_strdup_printf ("{\"name\":\"%s\",\"org_id\":\"%s\",\"created_at\":%" G_GINT64_FORMAT ",\"owner\":\"%s\"}",
                                          r[k].name, r[k].org_id ? r[k].org_id : "", now_ms, user ? user : "");
      r[k].out_p1 = g_strdup_printf ("{\"raw\":\"%s\",\"kind\":\"mobile\",\"parent_tbl\":\"contacts\",\"parent_id\":\"%s\","
                                     "\"e164\":\"%s\",\"invalid\":0}", r[k].mobile_raw, r[k].id, r[k].mobile);
      r[k].out_p2 = g_strdup_printf ("{\"raw\":\"%s\",\"kind\":\"work\",\"parent_tbl\":\"contacts\",\"parent_id\":\"%s\","
                                     "\"e164\":\"%s\",\"invalid\":0}", r[k].work_raw, r[k].id, r[k].work);
      r[k].out_e = g_strdup_printf ("{\"address\":\"%s\",\"kind\":\"work\",\"parent_tbl\":\"contacts\",\"parent_id\":\"%s\"}",
                                    r[k].email, r[k].id);
    }
  sqlite3_finalize (org);

  sqlite3_exec (db, "PRAGMA cache_size = -262144; PRAGMA mmap_size = 2147418112", NULL, NULL, NULL);
  sqlite3_prepare_v2 (db, "SELECT p.parent_id FROM phones p JOIN contacts c ON c.id = p.parent_id "
                          "WHERE p.e164 = ? AND p.deleted = 0 AND c.deleted = 0 LIMIT 1", -1, &dup_p, NULL);
  sqlite3_prepare_v2 (db, "SELECT e.parent_id FROM emails e JOIN contacts c ON c.id = e.parent_id "
                          "WHERE e.address = ? AND e.deleted = 0 AND c.deleted = 0 LIMIT 1", -1, &dup_e, NULL);
  sqlite3_prepare_v2 (db, "INSERT INTO contacts (id, hlc, fv, name, org_id, created_at, owner) VALUES (?, ?, ?, ?, ?, ?, ?)",
                      -1, &ins_c, NULL);
  sqlite3_prepare_v2 (db, "INSERT INTO phones (id, hlc, fv, raw, kind, parent_tbl, parent_id, owner, e164, invalid, digits_rev) "
                          "VALUES (?, ?, ?, ?, ?, 'contacts', ?, ?, ?, 0, ?)", -1, &ins_p, NULL);
  sqlite3_prepare_v2 (db, "INSERT INTO emails (id, hlc, fv, address, kind, parent_tbl, parent_id, owner) "
                      "VALUES (?, ?, ?, ?, 'work', 'contacts', ?, ?)", -1, &ins_e, NULL);
  sqlite3_prepare_v2 (db, "INSERT INTO outbox (tbl, row_id, field, value, hlc, site) VALUES (?, ?, '*', ?, ?, ?)", -1, &ins_o, NULL);

  t0 = g_get_monotonic_time ();
  if (!rd_store_begin (store, &error))
    g_error ("begin: %s", error->message);
  for (guint k = 0; k < rows; k++)
    {
      const char *dups[] = { r[k].mobile, r[k].work };
      const char *pids[] = { r[k].pid1, r[k].pid2 }, *raws[] = { r[k].mobile_raw, r[k].work_raw };
      const char *e164s[] = { r[k].mobile, r[k].work }, *revs[] = { r[k].mobile_rev, r[k].work_rev };
      const char *kinds[] = { "mobile", "work" }, *outs[] = { r[k].out_p1, r[k].out_p2 };
      gint64 hlc = (now_ms << 16) + k;

      for (int d = 0; d < 2; d++)
        {
          sqlite3_bind_text (dup_p, 1, dups[d], -1, SQLITE_STATIC);
          while (sqlite3_step (dup_p) == SQLITE_ROW)
            ;
          sqlite3_reset (dup_p);
        }
      sqlite3_bind_text (dup_e, 1, r[k].email, -1, SQLITE_STATIC);
      while (sqlite3_step (dup_e) == SQLITE_ROW)
        ;
      sqlite3_reset (dup_e);

      sqlite3_bind_text (ins_c, 1, r[k].id, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (ins_c, 2, hlc);
      sqlite3_bind_text (ins_c, 3, "{\"*\":[1,1]}", -1, SQLITE_STATIC);
      sqlite3_bind_text (ins_c, 4, r[k].name, -1, SQLITE_STATIC);
      sqlite3_bind_text (ins_c, 5, r[k].org_id, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (ins_c, 6, now_ms);
      sqlite3_bind_text (ins_c, 7, user, -1, SQLITE_STATIC);
      if (sqlite3_step (ins_c) != SQLITE_DONE)
        g_error ("floor insert: %s", sqlite3_errmsg (db));
      sqlite3_reset (ins_c);
      sqlite3_bind_text (ins_o, 1, "contacts", -1, SQLITE_STATIC);
      sqlite3_bind_text (ins_o, 2, r[k].id, -1, SQLITE_STATIC);
      sqlite3_bind_text (ins_o, 3, r[k].out_contact, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (ins_o, 4, hlc);
      sqlite3_bind_text (ins_o, 5, site, -1, SQLITE_STATIC);
      sqlite3_step (ins_o);
      sqlite3_reset (ins_o);

      for (int p = 0; p < 2; p++)
        {
          sqlite3_bind_text (ins_p, 1, pids[p], -1, SQLITE_STATIC);
          sqlite3_bind_int64 (ins_p, 2, hlc);
          sqlite3_bind_text (ins_p, 3, "{\"*\":[1,1]}", -1, SQLITE_STATIC);
          sqlite3_bind_text (ins_p, 4, raws[p], -1, SQLITE_STATIC);
          sqlite3_bind_text (ins_p, 5, kinds[p], -1, SQLITE_STATIC);
          sqlite3_bind_text (ins_p, 6, r[k].id, -1, SQLITE_STATIC);
          sqlite3_bind_text (ins_p, 7, user, -1, SQLITE_STATIC);
          sqlite3_bind_text (ins_p, 8, e164s[p], -1, SQLITE_STATIC);
          sqlite3_bind_text (ins_p, 9, revs[p], -1, SQLITE_STATIC);
          if (sqlite3_step (ins_p) != SQLITE_DONE)
            g_error ("floor insert: %s", sqlite3_errmsg (db));
          sqlite3_reset (ins_p);
          sqlite3_bind_text (ins_o, 1, "phones", -1, SQLITE_STATIC);
          sqlite3_bind_text (ins_o, 2, pids[p], -1, SQLITE_STATIC);
          sqlite3_bind_text (ins_o, 3, outs[p], -1, SQLITE_STATIC);
          sqlite3_step (ins_o);
          sqlite3_reset (ins_o);
        }

      sqlite3_bind_text (ins_e, 1, r[k].eid, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (ins_e, 2, hlc);
      sqlite3_bind_text (ins_e, 3, "{\"*\":[1,1]}", -1, SQLITE_STATIC);
      sqlite3_bind_text (ins_e, 4, r[k].email, -1, SQLITE_STATIC);
      sqlite3_bind_text (ins_e, 5, r[k].id, -1, SQLITE_STATIC);
      sqlite3_bind_text (ins_e, 6, user, -1, SQLITE_STATIC);
      if (sqlite3_step (ins_e) != SQLITE_DONE)
        g_error ("floor insert: %s", sqlite3_errmsg (db));
      sqlite3_reset (ins_e);
      sqlite3_bind_text (ins_o, 1, "emails", -1, SQLITE_STATIC);
      sqlite3_bind_text (ins_o, 2, r[k].eid, -1, SQLITE_STATIC);
      sqlite3_bind_text (ins_o, 3, r[k].out_e, -1, SQLITE_STATIC);
      sqlite3_step (ins_o);
      sqlite3_reset (ins_o);
    }
  if (!rd_store_commit (store, &error))   /* the search index is written here, as in the import */
    g_error ("commit: %s", error->message);
  secs = (g_get_monotonic_time () - t0) / 1e6;
  sqlite3_exec (db, "PRAGMA cache_size = -65536; PRAGMA mmap_size = 268435456", NULL, NULL, NULL);

  for (sqlite3_stmt **st = (sqlite3_stmt *[]) { dup_p, dup_e, ins_c, ins_p, ins_e, ins_o, NULL }; *st != NULL; st++)
    sqlite3_finalize (*st);
  for (guint k = 0; k < rows; k++)
    {
      char **strings[] = { &r[k].name, &r[k].mobile_raw, &r[k].mobile, &r[k].mobile_rev, &r[k].work_raw, &r[k].work,
                           &r[k].work_rev, &r[k].email, &r[k].org_id, &r[k].out_contact, &r[k].out_p1, &r[k].out_p2,
                           &r[k].out_e };

      for (gsize j = 0; j < G_N_ELEMENTS (strings); j++)
        g_free (*strings[j]);
    }
  g_free (r);
  printf ("csv_import_sqlite_floor_rows_s %.0f\n", rows / secs);
  fflush (stdout);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("— CRM store figures");
  g_autoptr(GError) error = NULL;
  g_autoptr(RdStore) store = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *db = NULL;
  int contacts = 1000000, csv_rows = 100000, write_rows = 20000;
  gboolean keep = FALSE;
  gboolean import_only = FALSE;
  double secs, plain, on, off;
  const GOptionEntry entries[] = {
    { "contacts", 0, 0, G_OPTION_ARG_INT, &contacts, "Contacts in the replica (2 phones each)", "N" },
    { "csv-rows", 0, 0, G_OPTION_ARG_INT, &csv_rows, "Rows in the CSV import", "N" },
    { "write-rows", 0, 0, G_OPTION_ARG_INT, &write_rows, "Rows for the capture overhead figures", "N" },
    { "dir", 0, 0, G_OPTION_ARG_FILENAME, &dir, "Folder for the replica (default: a new temporary one)", "DIR" },
    { "keep", 0, 0, G_OPTION_ARG_NONE, &keep, "Keep the replica (reuse it with --dir next time)", NULL },
    { "import-only", 0, 0, G_OPTION_ARG_NONE, &import_only, "Only the CSV import figure (on a kept replica)", NULL },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  if (dir == NULL)
    dir = g_dir_make_tmp ("rd-bench-store-XXXXXX", NULL);
  db = g_build_filename (dir, "replica.db", NULL);

  if (!import_only)
    compare_field_versions (write_rows * 5);

  store = rd_store_open_dir (dir, &error);
  if (store == NULL)
    g_error ("%s", error->message);

  if (rd_store_count (store, "contacts", NULL, NULL) < contacts)
    {
      guint have = rd_store_count (store, "contacts", NULL, NULL);

      secs = fill (store, have, contacts, FALSE);
      printf ("snapshot_insert_contacts_s %.0f\n", (contacts - have) / secs);
      fflush (stdout);
    }
  printf ("contacts %" G_GINT64_FORMAT "\n", rd_store_count (store, "contacts", NULL, NULL));
  sqlite3_exec (rd_store_get_db (store), "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
  printf ("replica_bytes %" G_GINT64_FORMAT "\n", file_size (db));
  printf ("replica_bytes_per_contact %.0f\n", (double) file_size (db) / contacts);
  fflush (stdout);

  if (!import_only)
    {
      measure_lookup (store, contacts);
      measure_search (store, contacts);

      /* Write cost: plain SQLite vs the store without and with capture. */
      plain = plain_insert (write_rows);
      off = fill (store, 50000000, 50000000 + write_rows, FALSE);
      on = fill (store, 60000000, 60000000 + write_rows, TRUE);
      printf ("write_plain_sqlite_contacts_s %.0f\n", write_rows / plain);
      printf ("write_store_no_capture_contacts_s %.0f\n", write_rows / off);
      printf ("write_store_capture_contacts_s %.0f\n", write_rows / on);
      printf ("write_capture_vs_plain_ratio %.2f\n", on / plain);
      printf ("write_capture_vs_no_capture_ratio %.2f\n", on / off);
      fflush (stdout);
    }

  {
    guint first = 70000000 + g_random_int_range (0, 100) * 1000000;

    measure_import (store, dir, first, csv_rows);
    measure_import_floor (store, first + csv_rows, csv_rows);
  }

  rd_store_close (store);
  if (!keep)
    {
      g_autofree char *wal = g_strconcat (db, "-wal", NULL);
      g_autofree char *shm = g_strconcat (db, "-shm", NULL);

      g_remove (db);
      g_remove (wal);
      g_remove (shm);
      g_rmdir (dir);
    }
  return 0;
}
