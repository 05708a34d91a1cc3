/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ringdesk-cli on a real replica: the commands, their JSON and their exit codes. */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "rd-store.h"

typedef struct {
  char *dir;
  char *cli;
} CliFixture;

static void
rm_rf (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        rm_rf (path);
      else
        g_remove (path);
    }
  g_rmdir (dir);
}

static void
cli_setup (CliFixture    *fx,
           gconstpointer  data)
{
  const char *build = g_getenv ("RD_TEST_OUTPUT_DIR");

  g_assert_nonnull (build);
  fx->cli = g_build_filename (build, "src", "cli", "ringdesk-cli", NULL);
  g_assert_true (g_file_test (fx->cli, G_FILE_TEST_IS_EXECUTABLE));
  fx->dir = g_dir_make_tmp ("rd-cli-XXXXXX", NULL);
}

static void
cli_teardown (CliFixture    *fx,
              gconstpointer  data)
{
  rm_rf (fx->dir);
  g_free (fx->dir);
  g_free (fx->cli);
}

/* Runs the CLI with --replica; returns the exit status, stdout and stderr. */
static int
run (CliFixture  *fx,
     char       **out,
     char       **err,
     ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *o = NULL, *e = NULL;
  const char *arg;
  va_list ap;

  g_ptr_array_add (args, fx->cli);
  g_ptr_array_add (args, (char *) "--replica");
  g_ptr_array_add (args, fx->dir);
  va_start (ap, err);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (char *) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  proc = g_subprocess_newv ((const char * const *) args->pdata,
                            G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (proc, NULL, NULL, &o, &e, &error));
  g_assert_no_error (error);
  if (out != NULL)
    *out = g_steal_pointer (&o);
  if (err != NULL)
    *err = g_steal_pointer (&e);
  return g_subprocess_get_exit_status (proc);
}

static JsonNode *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

/* ask: the answer and its sources as JSON; with no good answer, --handover makes a ticket. */
static void
test_ask (CliFixture    *fx,
          gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *answer, *source;
  const char *ticket;

  {
    g_autoptr(RdStore) store = rd_store_open_dir (fx->dir, &error);
    g_autoptr(RdRecord) article = rd_record_new ("articles");

    g_assert_no_error (error);
    rd_record_set_string (article, "title", "Смена банковской карты");
    rd_record_set_string (article, "body", "Откройте Аккаунт > Оплата и замените карту.");
    g_assert_true (rd_store_insert (store, article, &error));
    g_assert_no_error (error);
  }

  g_assert_cmpint (run (fx, &out, NULL, "--json", "ask", "как поменять карту для оплаты", NULL), ==, 0);
  node = parse (out);
  answer = json_node_get_object (node);
  g_assert_true (json_object_get_boolean_member (answer, "confident"));
  g_assert_nonnull (strstr (json_object_get_string_member (answer, "answer"), "— Смена банковской карты"));
  source = json_array_get_object_element (json_object_get_array_member (answer, "sources"), 0);
  g_assert_cmpstr (json_object_get_string_member (source, "title"), ==, "Смена банковской карты");
  g_assert_false (json_object_has_member (answer, "ticket"));

  /* Text output names the sources; a public-only search finds nothing (it is internal). */
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run (fx, &out, NULL, "ask", "поменять карту", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Sources:\n1. Смена банковской карты"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run (fx, &out, NULL, "ask", "поменять карту", "--public", NULL), ==, 0);
  g_assert_true (g_str_has_prefix (out, "No good answer"));

  g_clear_pointer (&out, g_free);
  g_clear_pointer (&node, json_node_unref);
  g_assert_cmpint (run (fx, &out, NULL, "--json", "ask", "where is the fire exit", "--handover", NULL), ==, 0);
  node = parse (out);
  answer = json_node_get_object (node);
  g_assert_false (json_object_get_boolean_member (answer, "confident"));
  ticket = json_object_get_string_member (answer, "ticket");
  g_assert_nonnull (ticket);
  {
    g_autoptr(RdStore) store = rd_store_open_dir (fx->dir, &error);
    g_autoptr(RdRecord) record = rd_store_get (store, "tickets", ticket, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (rd_record_get_string (record, "subject"), ==, "where is the fire exit");
  }

  g_assert_cmpint (run (fx, NULL, NULL, "ask", "x", "--threshold", "2", NULL), ==, 1);
}

static void
test_flow (CliFixture    *fx,
           gconstpointer  data)
{
  g_autofree char *out = NULL, *err = NULL, *lead_id = NULL, *contact_id = NULL;
  g_autofree char *csv = g_build_filename (fx->dir, "in.csv", NULL);
  g_autofree char *exported = g_build_filename (fx->dir, "out.csv", NULL);
  g_autoptr(JsonNode) node = NULL;
  JsonArray *array;

  g_assert_cmpint (run (fx, &out, NULL, "--json", "init", "--region", "RU", NULL), ==, 0);
  g_clear_pointer (&node, json_node_unref);
  node = parse (out);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (node), "schema_version"), >=, 2);

  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run (fx, &out, NULL, "contact", "add", "Анна Иванова", "--phone", "+7 (999) 555-44-33",
                        "--email", "anna@example.ru", "--org", "Ромашка", NULL), ==, 0);
  contact_id = g_strstrip (g_steal_pointer (&out));

  /* The screen-pop query, any format. */
  g_assert_cmpint (run (fx, &out, NULL, "lookup", "8 999 555 44 33", NULL), ==, 0);
  g_clear_pointer (&node, json_node_unref);
  node = parse (out);
  array = json_node_get_array (node);
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 0), "id"), ==, contact_id);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run (fx, &out, NULL, "lookup", "+1 650 253 0000", NULL), ==, 0);
  g_clear_pointer (&node, json_node_unref);
  node = parse (out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (node)), ==, 0);

  /* Lead add + convert with a deal. */
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run (fx, &out, NULL, "lead", "add", "Пётр", "--company", "Initech", "--status", "qualified",
                        "--phone", "+7 999 000 11 22", NULL), ==, 0);
  lead_id = g_strstrip (g_steal_pointer (&out));
  g_assert_cmpint (run (fx, &out, NULL, "--json", "lead", "convert", lead_id, "--amount", "1000", NULL), ==, 0);
  g_clear_pointer (&node, json_node_unref);
  node = parse (out);
  g_assert_nonnull (json_object_get_string_member (json_node_get_object (node), "deal_id"));
  g_clear_pointer (&out, g_free);

  /* Search: quick (phone suffix), advanced, FTS. */
  g_assert_cmpint (run (fx, &out, NULL, "--json", "search", "554433", NULL), ==, 0);
  g_clear_pointer (&node, json_node_unref);
  node = parse (out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (node)), ==, 1);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run (fx, &out, NULL, "--json", "search", "--table", "deals", "amount >= 500", NULL), ==, 0);
  g_clear_pointer (&node, json_node_unref);
  node = parse (out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (node)), ==, 1);
  g_clear_pointer (&out, g_free);

  /* Import: header names, dry run first. */
  g_assert_true (g_file_set_contents (csv, "Имя,Телефон\r\nБорис,+79991110000\r\nВера,+79991110001\r\n", -1, NULL));
  g_assert_cmpint (run (fx, &out, NULL, "--json", "import", "contacts", csv, "--map", "name=1,phone=2", "--dry-run", NULL), ==, 0);
  g_clear_pointer (&node, json_node_unref);
  node = parse (out);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (node), "created"), ==, 2);
  g_assert_false (json_object_get_boolean_member (json_node_get_object (node), "committed"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run (fx, &out, NULL, "import", "contacts", csv, "--map", "name=Имя,phone=Телефон", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "2 created"));
  g_clear_pointer (&out, g_free);

  /* Numbers are validated for their country: the row's country column, else --country,
   * else the replica's region (RU); a number valid nowhere is kept as typed and counted. */
  g_assert_true (g_file_set_contents (csv, "name;tel;land\nDieter;030 1234567;DE\nUma;(212) 555-0100;\n"
                                           "Rita;(212) 555-0100;RU\n", -1, NULL));
  g_assert_cmpint (run (fx, &out, NULL, "--json", "import", "contacts", csv, "--map", "name=1,phone=2,country=land",
                        "--country", "us", NULL), ==, 0);
  g_clear_pointer (&node, json_node_unref);
  node = parse (out);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (node), "created"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (node), "invalid_numbers"), ==, 1);
  array = json_object_get_array_member (json_node_get_object (node), "warnings");
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (array, 0), "line"), ==, 4);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run (fx, &out, NULL, "--json", "lookup", "+49 30 1234567", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Dieter"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run (fx, &out, NULL, "--json", "lookup", "+1 212 555 0100", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Uma"));
  g_assert_null (strstr (out, "Rita"));
  g_clear_pointer (&out, g_free);
  g_assert_true (g_file_set_contents (csv, "name,phone\nRuslan,(212) 555-0100\n", -1, NULL));
  g_assert_cmpint (run (fx, &out, NULL, "import", "contacts", csv, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "1 numbers not valid for their country"));
  g_assert_nonnull (strstr (out, "line 2: warning: “(212) 555-0100” is not a valid phone number in RU"));
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (run (fx, &out, NULL, "export", "contacts", exported, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "8 contacts"));
  g_clear_pointer (&out, g_free);

  /* vCard out and back in: the same cards are recognized by their UID. */
  {
    g_autofree char *vcf = g_build_filename (fx->dir, "out.vcf", NULL);

    g_assert_cmpint (run (fx, &out, NULL, "export", "contacts", vcf, "--format", "vcard4", NULL), ==, 0);
    g_clear_pointer (&out, g_free);
    g_assert_cmpint (run (fx, &out, NULL, "--json", "import", "contacts", vcf, NULL), ==, 0);
    g_assert_nonnull (strstr (out, "\"skipped\": 8"));
    g_clear_pointer (&out, g_free);
  }

  /* Timeline of the converted contact shows nothing broken. */
  g_assert_cmpint (run (fx, &out, NULL, "--json", "timeline", contact_id, NULL), ==, 0);
  g_clear_pointer (&node, json_node_unref);
  node = parse (out);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
}

static void
test_exit_codes (CliFixture    *fx,
                 gconstpointer  data)
{
  g_autofree char *err = NULL;
  g_autofree char *csv = g_build_filename (fx->dir, "bad.csv", NULL);
  g_autofree char *blocker = g_build_filename (fx->dir, "file", NULL);

  g_assert_cmpint (run (fx, NULL, NULL, "init", NULL), ==, 0);

  /* 1: user errors, one line on stderr. */
  g_assert_cmpint (run (fx, NULL, &err, "contact", "show", "no-such-id", NULL), ==, 1);
  g_assert_true (g_str_has_prefix (err, "ringdesk-cli: "));
  g_assert_cmpint (strchr (err, '\n') - err, ==, (int) strlen (err) - 1);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (fx, NULL, &err, "lookup", "not a number", NULL), ==, 1);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (fx, NULL, &err, "contact", "add", "X", "--email", "bad", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "e-mail"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (fx, NULL, &err, "contact", "frobnicate", NULL), ==, 1);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (fx, NULL, &err, "search", "--table", "deals", "amount >", NULL), ==, 1);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (fx, NULL, &err, "import", "contacts", "/no/such.csv", "--map", "name=1", NULL), ==, 1);
  g_clear_pointer (&err, g_free);
  g_assert_true (g_file_set_contents (csv, "name,phone\nA,1\n\"broken", -1, NULL));
  g_assert_cmpint (run (fx, NULL, &err, "import", "contacts", csv, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "line 3"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (fx, NULL, &err, "import", "contacts", csv, "--country", "Germany", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "Germany"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (fx, NULL, &err, "lead", "convert", "nope", NULL), ==, 1);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (fx, NULL, &err, "nosuchcommand", NULL), ==, 1);
  g_clear_pointer (&err, g_free);

  /* 2: internal trouble, e.g. the replica path is a file, not a folder. */
  g_assert_true (g_file_set_contents (blocker, "x", 1, NULL));
  {
    g_autofree char *saved = fx->dir;

    fx->dir = g_build_filename (blocker, "sub", NULL);
    g_assert_cmpint (run (fx, NULL, &err, "init", NULL), !=, 0);
    g_free (fx->dir);
    fx->dir = g_steal_pointer (&saved);
  }
  g_clear_pointer (&err, g_free);
  {
    /* A replica file that is not SQLite: internal error 2. */
    g_autofree char *db = g_build_filename (fx->dir, "replica.db", NULL);
    g_autofree char *wal = g_build_filename (fx->dir, "replica.db-wal", NULL);
    g_autofree char *shm = g_build_filename (fx->dir, "replica.db-shm", NULL);

    g_remove (wal);
    g_remove (shm);
    g_assert_true (g_file_set_contents (db, "this is not a database, just text that is long enough to matter", -1, NULL));
    g_assert_cmpint (run (fx, NULL, &err, "contact", "list", NULL), ==, 2);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/cli/replica/flow", CliFixture, NULL, cli_setup, test_flow, cli_teardown);
  g_test_add ("/cli/replica/ask", CliFixture, NULL, cli_setup, test_ask, cli_teardown);
  g_test_add ("/cli/replica/exit-codes", CliFixture, NULL, cli_setup, test_exit_codes, cli_teardown);

  return g_test_run ();
}
