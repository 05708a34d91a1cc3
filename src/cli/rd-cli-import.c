/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ringdesk-cli import | export */
#include "config.h"

#include "rd-cli-store.h"
#include "rd-csv-import.h"
#include "rd-csv-products.h"
#include "rd-vcard.h"

static void
add_row_messages (JsonBuilder *b,
                  const char  *name,
                  GPtrArray   *messages)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_array (b);
  for (guint i = 0; i < messages->len; i++)
    {
      RdCsvRowError *e = messages->pdata[i];

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "line");
      json_builder_add_int_value (b, e->line);
      json_builder_set_member_name (b, "message");
      json_builder_add_string_value (b, e->message);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static JsonNode *
report_to_json (RdCsvImportReport *report)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  char delim[2] = { report->delimiter, '\0' };

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "rows");
  json_builder_add_int_value (b, report->rows);
  json_builder_set_member_name (b, "created");
  json_builder_add_int_value (b, report->created);
  json_builder_set_member_name (b, "updated");
  json_builder_add_int_value (b, report->updated);
  json_builder_set_member_name (b, "skipped");
  json_builder_add_int_value (b, report->skipped);
  json_builder_set_member_name (b, "bad");
  json_builder_add_int_value (b, report->bad);
  json_builder_set_member_name (b, "invalid_numbers");
  json_builder_add_int_value (b, report->invalid_numbers);
  json_builder_set_member_name (b, "committed");
  json_builder_add_boolean_value (b, report->committed);
  json_builder_set_member_name (b, "delimiter");
  json_builder_add_string_value (b, delim);
  add_row_messages (b, "errors", report->errors);
  add_row_messages (b, "warnings", report->warnings);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static void
print_report (RdCliGlobal       *global,
              RdCsvImportReport *report,
              gboolean           dry_run)
{
  if (global->json)
    {
      g_autoptr(JsonNode) node = report_to_json (report);
      rd_cli_print_json (node);
      return;
    }
  g_print ("%s%u rows: %u created, %u updated, %u skipped as duplicates, %u bad; "
           "%u numbers not valid for their country\n",
           dry_run ? "Dry run: " : "", report->rows, report->created, report->updated,
           report->skipped, report->bad, report->invalid_numbers);
  for (guint i = 0; i < report->errors->len; i++)
    {
      RdCsvRowError *e = report->errors->pdata[i];
      g_print ("line %u: %s\n", e->line, e->message);
    }
  for (guint i = 0; i < report->warnings->len; i++)
    {
      RdCsvRowError *e = report->warnings->pdata[i];
      g_print ("line %u: warning: %s\n", e->line, e->message);
    }
}

RdCliStatus
rd_cli_import_run (RdCliGlobal  *global,
                   int           argc,
                   char        **argv)
{
  g_autoptr(RdStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RdCsvImportReport) report = NULL;
  g_autofree char *map = NULL, *delimiter = NULL, *encoding = NULL, *duplicates = NULL, *format = NULL;
  g_autofree char *country = NULL;
  gboolean dry_run = FALSE, skip_bad = FALSE, no_header = FALSE;
  int start_row = 0;
  RdCsvImportOptions opts;
  RdCliStatus status = RD_CLI_OK;
  const GOptionEntry entries[] = {
    { "map", 0, 0, G_OPTION_ARG_STRING, &map, "Columns to fields: name=1,phone=3,email=Mail "
      "(numbers from 1 or header names; street, city, region, postal_code, country and address_kind make the "
      "primary address, whose country also reads the row's numbers; a custom field by its key)", "MAP" },
    { "country", 0, 0, G_OPTION_ARG_STRING, &country, "ISO 3166 code (DE, US) numbers without a "
      "country column are read for (default: the replica's region); a number not valid there is "
      "kept as typed and never dialled", "CC" },
    { "start-row", 0, 0, G_OPTION_ARG_INT, &start_row, "First line to read (1 = top)", "N" },
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &dry_run, "Report what would happen, change nothing", NULL },
    { "skip-bad", 0, 0, G_OPTION_ARG_NONE, &skip_bad, "Import good rows and report bad ones "
      "(default: all or nothing)", NULL },
    { "delimiter", 0, 0, G_OPTION_ARG_STRING, &delimiter, "Field delimiter (default: detect)", "C" },
    { "encoding", 0, 0, G_OPTION_ARG_STRING, &encoding, "UTF-8 (default) or CP1251", "ENC" },
    { "no-header", 0, 0, G_OPTION_ARG_NONE, &no_header, "The first row is data", NULL },
    { "duplicates", 0, 0, G_OPTION_ARG_STRING, &duplicates, "skip (default), update or create, "
      "matching by phone or e-mail", "MODE" },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, "csv (default) or vcard (also chosen by a .vcf name)", "FMT" },
    { NULL }
  };

  if (!rd_cli_parse_options (global, "contacts FILE — import contacts from CSV", entries, &argc, &argv))
    return RD_CLI_USER_ERROR;
  if (argc != 3 || !(g_str_equal (argv[1], "contacts") || g_str_equal (argv[1], "products")))
    return rd_cli_fail (RD_CLI_USER_ERROR, "usage: import contacts FILE --map name=1,phone=3,… "
                        "[--country CC] [--start-row N] [--dry-run] [--skip-bad] | "
                        "import products FILE [--dry-run] [--skip-bad] [--delimiter C] [--encoding E]");

  /* The catalog: header-named columns (what `export products` writes), update by id or code. */
  if (g_str_equal (argv[1], "products"))
    {
      if (map != NULL || country != NULL || duplicates != NULL || no_header || format != NULL)
        return rd_cli_fail (RD_CLI_USER_ERROR, "import products reads the columns by their header names "
                            "(name, code, kind, unit_price, currency, tax_rate, active, description); "
                            "--map, --country, --duplicates, --no-header and --format are for contacts");
      rd_csv_import_options_init (&opts);
      opts.dry_run = dry_run;
      opts.skip_bad = skip_bad;
      opts.encoding = encoding;
      opts.start_row = start_row > 0 ? start_row : 0;
      if (delimiter != NULL)
        {
          if (g_str_equal (delimiter, "\\t") || g_ascii_strcasecmp (delimiter, "tab") == 0)
            opts.delimiter = '\t';
          else if (strlen (delimiter) == 1)
            opts.delimiter = delimiter[0];
          else
            return rd_cli_fail (RD_CLI_USER_ERROR, "--delimiter takes one character (or \\t)");
        }
      if ((store = rd_cli_open_store (global, &status)) == NULL)
        return status;
      if (!rd_csv_import_products (store, argv[2], &opts, &report, &error))
        {
          if (report != NULL)
            print_report (global, report, dry_run);
          if (error->domain == RD_CSV_ERROR)
            return rd_cli_fail (RD_CLI_USER_ERROR, "%s", error->message);
          return rd_cli_store_fail (error);
        }
      print_report (global, report, dry_run);
      return RD_CLI_OK;
    }

  if ((format != NULL && g_ascii_strcasecmp (format, "vcard") == 0) ||
      (format == NULL && (g_str_has_suffix (argv[2], ".vcf") || g_str_has_suffix (argv[2], ".VCF"))))
    {
      guint imported = 0, skipped = 0;

      if (country != NULL)
        return rd_cli_fail (RD_CLI_USER_ERROR, "--country is for CSV files; vCards are read for the "
                            "replica's region (init --region)");
      if ((store = rd_cli_open_store (global, &status)) == NULL)
        return status;
      if (!rd_vcard_import (store, argv[2], &imported, &skipped, &error))
        return rd_cli_store_fail (error);
      if (global->json)
        g_print ("{\"created\": %u, \"skipped\": %u}\n", imported, skipped);
      else
        g_print ("%u contacts imported, %u already there\n", imported, skipped);
      return RD_CLI_OK;
    }
  if (format != NULL && g_ascii_strcasecmp (format, "csv") != 0)
    return rd_cli_fail (RD_CLI_USER_ERROR, "--format is csv or vcard");

  rd_csv_import_options_init (&opts);
  opts.mapping = map;
  opts.start_row = start_row > 0 ? start_row : 0;
  opts.dry_run = dry_run;
  opts.skip_bad = skip_bad;
  opts.header = !no_header;
  opts.encoding = encoding;
  opts.country = country;
  if (delimiter != NULL)
    {
      if (g_str_equal (delimiter, "\\t") || g_ascii_strcasecmp (delimiter, "tab") == 0)
        opts.delimiter = '\t';
      else if (strlen (delimiter) == 1)
        opts.delimiter = delimiter[0];
      else
        return rd_cli_fail (RD_CLI_USER_ERROR, "--delimiter takes one character (or \\t)");
    }
  if (duplicates == NULL || g_str_equal (duplicates, "skip"))
    opts.duplicates = RD_CSV_DUPLICATES_SKIP;
  else if (g_str_equal (duplicates, "update"))
    opts.duplicates = RD_CSV_DUPLICATES_UPDATE;
  else if (g_str_equal (duplicates, "create"))
    opts.duplicates = RD_CSV_DUPLICATES_CREATE;
  else
    return rd_cli_fail (RD_CLI_USER_ERROR, "--duplicates is skip, update or create");

  if ((store = rd_cli_open_store (global, &status)) == NULL)
    return status;

  if (!rd_csv_import_contacts (store, argv[2], &opts, &report, &error))
    {
      if (report != NULL)
        print_report (global, report, dry_run);
      if (error->domain == RD_CSV_ERROR)
        return rd_cli_fail (RD_CLI_USER_ERROR, "%s", error->message);
      return rd_cli_store_fail (error);
    }
  print_report (global, report, dry_run);
  return RD_CLI_OK;
}

RdCliStatus
rd_cli_export_run (RdCliGlobal  *global,
                   int           argc,
                   char        **argv)
{
  g_autoptr(RdStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *format = NULL, *query = NULL;
  RdCliStatus status = RD_CLI_OK;
  guint n = 0;
  gboolean ok;
  const GOptionEntry entries[] = {
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, "csv (default), vcard3 or vcard4 (contacts only)", "FMT" },
    { "query", 0, 0, G_OPTION_ARG_STRING, &query, "Only records matching an advanced search", "QUERY" },
    { NULL }
  };

  if (!rd_cli_parse_options (global, "TABLE FILE — export a list (contacts, leads, deals, …)",
                             entries, &argc, &argv))
    return RD_CLI_USER_ERROR;
  if (argc != 3)
    return rd_cli_fail (RD_CLI_USER_ERROR, "usage: export contacts FILE [--format csv|vcard3|vcard4]");
  if (format != NULL && !g_str_equal (format, "csv") && !g_str_equal (format, "vcard3") &&
      !g_str_equal (format, "vcard4"))
    return rd_cli_fail (RD_CLI_USER_ERROR, "--format is csv, vcard3 or vcard4");
  if (format != NULL && g_str_has_prefix (format, "vcard") && !g_str_equal (argv[1], "contacts"))
    return rd_cli_fail (RD_CLI_USER_ERROR, "vCard export is for contacts");
  if ((store = rd_cli_open_store (global, &status)) == NULL)
    return status;

  if (format != NULL && g_str_has_prefix (format, "vcard"))
    ok = rd_vcard_export (store, query, argv[2], g_str_equal (format, "vcard4") ? RD_VCARD_4 : RD_VCARD_3,
                          &n, &error);
  else
    ok = rd_csv_export (store, argv[1], query, argv[2], &n, &error);
  if (!ok)
    return rd_cli_store_fail (error);

  if (global->json)
    g_print ("{\"rows\": %u, \"file\": \"%s\"}\n", n, argv[2]);
  else
    g_print ("%u %s written to %s\n", n, argv[1], argv[2]);
  return RD_CLI_OK;
}
