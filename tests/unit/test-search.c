/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rd-test-store.h"

#define ADD(path, func) \
  g_test_add (path, StoreFixture, NULL, store_fixture_setup, func, store_fixture_teardown)

static gboolean
has_name (GPtrArray  *records,
          const char *name)
{
  for (guint i = 0; i < records->len; i++)
    if (g_strcmp0 (rd_record_get_string (records->pdata[i], "name"), name) == 0)
      return TRUE;
  return FALSE;
}

static void
fill (RdStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdRecord) org = rd_record_new ("organizations");
  g_autoptr(RdRecord) lead = rd_record_new ("leads");
  g_autoptr(RdRecord) tagged = rd_record_new ("contacts");

  rd_record_set_string (org, "name", "Globex Corporation");
  g_assert_true (rd_store_insert (store, org, &error));
  g_free (store_add_contact (store, "Иван Петров", "+7 (999) 123-45-67", NULL, "ivan@mail.example"));
  g_free (store_add_contact (store, "Anna Smith", "+1 650 253 0000", NULL, "anna.smith@corp.example"));
  g_free (store_add_contact (store, "Boris Ivanov", "8 812 555 12 12", NULL, NULL));
  rd_record_set_string (tagged, "name", "Homer Simpson");
  rd_record_set_string (tagged, "tags", "vip, nuclear");
  rd_record_set_string (tagged, "org_id", rd_record_get_id (org));
  g_assert_true (rd_store_insert (store, tagged, &error));
  rd_record_set_string (lead, "name", "Petra Lead");
  rd_record_set_string (lead, "company", "Initech");
  rd_record_add_phone (lead, "+49 30 12345678", NULL);
  g_assert_true (rd_store_insert (store, lead, &error));
  g_assert_no_error (error);
}

static void
test_quick (StoreFixture  *fx,
            gconstpointer  data)
{
  struct { const char *q; const char *expect; guint n; } cases[] = {
    { "иван", "Иван Петров", 1 },        /* Cyrillic prefix */
    { "ИВАН", "Иван Петров", 1 },        /* case-insensitive */
    { "Petr", "Petra Lead", 1 },         /* Latin "Petr" is not "Петров" */
    { "ivan", "Boris Ivanov", 2 },       /* …but the e-mail ivan@ and Ivanov match */
    { "anna.smith", "Anna Smith", 1 },   /* e-mail */
    { "corp.example", "Anna Smith", 1 },
    { "1234567", "Иван Петров", 1 },     /* phone suffix, 7 digits */
    { "123-45-67", "Иван Петров", 1 },   /* any format */
    { "+7 999 123 45 67", "Иван Петров", 1 },
    { "253 0000", "Anna Smith", 1 },
    { "12345", NULL, 0 },                /* fewer than 6 digits: words, not phones */
    { "vip", "Homer Simpson", 1 },       /* tags */
    { "globex", "Homer Simpson", 2 },    /* the org itself and its contact */
    { "initech", "Petra Lead", 1 },      /* lead company */
    { "12345678", "Petra Lead", 1 },     /* lead phone */
    { "nobody", NULL, 0 },
    { "\"; DROP TABLE contacts; --", NULL, 0 },
    { "", NULL, 0 },
  };

  fill (fx->store);
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) hits = rd_store_quick_search (fx->store, cases[i].q, 0, 50, &error);

      g_test_message ("quick search “%s”", cases[i].q);
      g_assert_no_error (error);
      if (g_str_equal (cases[i].q, "ivan"))
        g_assert_true (has_name (hits, "Иван Петров"));
      g_assert_cmpuint (hits->len, ==, cases[i].n);
      if (cases[i].n > 0)
        g_assert_true (has_name (hits, cases[i].expect));
    }
}

static void
test_advanced (StoreFixture  *fx,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  struct { const char *q; guint n; } cases[] = {
    { "amount >= 1000", 2 },
    { "amount < 1000", 1 },
    { "amount >= 1000 and amount <= 5000", 1 },
    { "status = won or amount < 1000", 2 },
    { "(status = won or amount < 1000) and name like 'S%'", 1 },
    { "name like '%l deal%'", 1 },
    { "name like \"%BIG%\"", 1 },         /* LIKE is case-insensitive for ASCII */
    { "close_date >= 2024-02-01", 2 },
    { "close_date >= 2024-02-01 and close_date < 2024-03-01", 1 },
    { "currency != RUB", 1 },
    { "name = 'O''Brien deal'", 1 },
    { "tags is empty", 2 },
    { "tags IS NOT EMPTY", 1 },
    { "tags != key", 2 },                 /* != includes the deals without tags */
    { "not status = won", 2 },
    { "not (status = won or amount < 1000) and currency = EUR", 1 },
    { "not tags is empty or amount < 1000", 2 },
  };
  const struct { const char *name; double amount; const char *status; const char *date; const char *cur; const char *tags; } deals[] = {
    { "Small deal", 500, "open", "2024-01-15", "RUB", NULL },
    { "Big deal", 10000, "won", "2024-02-10", "RUB", "key" },
    { "O'Brien deal", 3000, "lost", "2024-03-05", "EUR", "" },
  };
  const char *bad[] = { "amount >", "nosuch = 1", "amount = lots", "(status = won", "status = won xor 1",
                        "amount >= 1 and", "deleted = 1", "tags is", "tags is nothing", "not", "not not",
                        "amount is 5" };

  for (gsize i = 0; i < G_N_ELEMENTS (deals); i++)
    {
      g_autoptr(RdRecord) d = rd_record_new ("deals");
      g_autoptr(GDateTime) dt = NULL;
      g_autofree char *iso = g_strdup_printf ("%sT00:00:00Z", deals[i].date);

      dt = g_date_time_new_from_iso8601 (iso, NULL);
      rd_record_set_string (d, "name", deals[i].name);
      rd_record_set_double (d, "amount", deals[i].amount);
      rd_record_set_string (d, "status", deals[i].status);
      rd_record_set_string (d, "currency", deals[i].cur);
      if (deals[i].tags != NULL)
        rd_record_set_string (d, "tags", deals[i].tags);   /* "" is stored as no value */
      rd_record_set_int (d, "close_date", g_date_time_to_unix (dt) * 1000);
      g_assert_true (rd_store_insert (fx->store, d, &error));
    }

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) hits = rd_store_search (fx->store, "deals", cases[i].q, NULL, 0, 50, &error);

      g_test_message ("query %s", cases[i].q);
      g_assert_no_error (error);
      g_assert_cmpuint (hits->len, ==, cases[i].n);
      g_assert_cmpint (rd_store_count (fx->store, "deals", cases[i].q, &error), ==, cases[i].n);
    }

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GPtrArray) hits = rd_store_search (fx->store, "deals", bad[i], NULL, 0, 50, &error);

      g_test_message ("bad query %s", bad[i]);
      g_assert_null (hits);
      g_assert_error (error, RD_STORE_ERROR, RD_STORE_ERROR_QUERY);
      g_clear_error (&error);
    }

  /* Order: by amount descending. */
  {
    g_autoptr(GPtrArray) hits = rd_store_search (fx->store, "deals", NULL, "-amount", 0, 50, &error);
    g_assert_cmpstr (rd_record_get_string (hits->pdata[0], "name"), ==, "Big deal");
    g_assert_cmpstr (rd_record_get_string (hits->pdata[2], "name"), ==, "Small deal");
    g_assert_null (rd_store_search (fx->store, "deals", NULL, "nope", 0, 50, &error));
    g_assert_error (error, RD_STORE_ERROR, RD_STORE_ERROR_QUERY);
  }
}

static void
test_paging_stable (StoreFixture  *fx,
                    gconstpointer  data)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GError) error = NULL;

  /* Equal names: the id breaks ties so pages never overlap or skip. */
  for (int i = 0; i < 23; i++)
    g_free (store_add_contact (fx->store, i % 3 ? "Same Name" : "Other Name", NULL, NULL, NULL));

  for (guint page = 0; page < 4; page++)
    {
      g_autoptr(GPtrArray) rows = rd_store_list (fx->store, "contacts", NULL, NULL, page * 7, 7, &error);

      g_assert_no_error (error);
      for (guint i = 0; i < rows->len; i++)
        g_assert_true (g_hash_table_add (seen, g_strdup (rd_record_get_id (rows->pdata[i]))));
    }
  g_assert_cmpuint (g_hash_table_size (seen), ==, 23);

  {
    g_autoptr(GPtrArray) q = rd_store_quick_search (fx->store, "same", 0, 100, &error);
    g_autoptr(GPtrArray) q2 = rd_store_quick_search (fx->store, "same", 5, 5, &error);

    g_assert_cmpuint (q->len, ==, 15);
    g_assert_cmpuint (q2->len, ==, 5);
    g_assert_cmpstr (rd_record_get_id (q2->pdata[0]), ==, rd_record_get_id (q->pdata[5]));
  }
}

static void
test_fts (StoreFixture  *fx,
          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdRecord) ticket = rd_record_new ("tickets");
  g_autoptr(RdRecord) note = rd_record_new ("notes");
  g_autoptr(RdRecord) ch = rd_record_new ("tickets");
  g_autoptr(GPtrArray) hits = NULL;

  fill (fx->store);
  rd_record_set_string (ticket, "subject", "Router keeps rebooting");
  rd_record_set_string (ticket, "description", "Customer says the модем reboots every hour");
  g_assert_true (rd_store_insert (fx->store, ticket, &error));
  rd_record_set_string (note, "body", "Replaced the router power supply");
  rd_record_set_string (note, "parent_tbl", "tickets");
  rd_record_set_string (note, "parent_id", rd_record_get_id (ticket));
  g_assert_true (rd_store_insert (fx->store, note, &error));

  hits = rd_store_fts (fx->store, "router", 0, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 2);
  g_assert_nonnull (strstr (rd_record_get_string (hits->pdata[0], "snippet"), "["));
  g_clear_pointer (&hits, g_ptr_array_unref);

  hits = rd_store_fts (fx->store, "модем", 0, 10, &error);
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpstr (rd_record_get_table (hits->pdata[0]), ==, "tickets");
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* Triggers keep FTS in step with updates and tombstones. */
  rd_record_set_id (ch, rd_record_get_id (ticket));
  rd_record_set_string (ch, "subject", "Switch keeps rebooting");
  rd_record_set_string (ch, "description", "fixed");
  g_assert_true (rd_store_update (fx->store, ch, &error));
  hits = rd_store_fts (fx->store, "router", 0, 10, &error);
  g_assert_cmpuint (hits->len, ==, 1);
  g_clear_pointer (&hits, g_ptr_array_unref);
  g_assert_true (rd_store_delete (fx->store, "notes", rd_record_get_id (note), &error));
  hits = rd_store_fts (fx->store, "router", 0, 10, &error);
  g_assert_cmpuint (hits->len, ==, 0);
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* E-mail changes reach the contact's FTS row; quotes in the text are harmless. */
  hits = rd_store_fts (fx->store, "\"anna\" OR", 0, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 0);
}

/* Found by fuzz/fuzz-search: a word cut in the middle of a UTF-8 sequence at the end of
 * the text made the FTS query builder read past it. */
static void
test_fts_invalid_utf8 (StoreFixture  *fx,
                       gconstpointer  data)
{
  const char *texts[] = { "wo\xf0", "router \xe0", "\xc3", "mo\xd0\xb4\xd0" };

  fill (fx->store);
  for (gsize i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) quick = rd_store_quick_search (fx->store, texts[i], 0, 10, &error);
      g_autoptr(GPtrArray) fts = NULL;

      g_assert_no_error (error);
      g_assert_nonnull (quick);
      fts = rd_store_fts (fx->store, texts[i], 0, 10, &error);
      g_assert_no_error (error);
      g_assert_nonnull (fts);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/search/quick/fields", test_quick);
  ADD ("/search/advanced/operators", test_advanced);
  ADD ("/search/paging/stable", test_paging_stable);
  ADD ("/search/fts/triggers", test_fts);
  ADD ("/search/fts/invalid-utf8", test_fts_invalid_utf8);

  return g_test_run ();
}
