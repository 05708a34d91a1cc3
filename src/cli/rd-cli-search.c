/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ringdesk-cli lookup | search | timeline */
#include "config.h"

#include "rd-cli-store.h"

RdCliStatus
rd_cli_lookup_run (RdCliGlobal  *global,
                   int           argc,
                   char        **argv)
{
  g_autoptr(RdStore) store = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);
  JsonArray *array;
  RdCliStatus status = RD_CLI_OK;

  if (!rd_cli_parse_options (global, "PHONE — who is calling: the records with this number, as JSON",
                             NULL, &argc, &argv))
    return RD_CLI_USER_ERROR;
  if (argc != 2)
    return rd_cli_fail (RD_CLI_USER_ERROR, "usage: lookup PHONE");
  if ((store = rd_cli_open_store (global, &status)) == NULL)
    return status;

  hits = rd_store_lookup_number (store, argv[1], &error);
  if (hits == NULL)
    return rd_cli_store_fail (error);

  /* The screen-pop query always answers in JSON. */
  array = json_array_new ();
  for (guint i = 0; i < hits->len; i++)
    json_array_add_element (array, rd_record_to_json_node (hits->pdata[i]));
  json_node_take_array (node, array);
  rd_cli_print_json (node);
  return RD_CLI_OK;
}

RdCliStatus
rd_cli_search_run (RdCliGlobal  *global,
                   int           argc,
                   char        **argv)
{
  g_autoptr(RdStore) store = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *table = NULL, *order = NULL;
  gboolean fts = FALSE;
  int offset = 0, limit = 50;
  RdCliStatus status = RD_CLI_OK;
  const GOptionEntry entries[] = {
    { "table", 0, 0, G_OPTION_ARG_STRING, &table, "Advanced search in TABLE: QUERY is like "
      "\"status = new and (amount >= 1000 or name like 'Iv%')\"", "TABLE" },
    { "fts", 0, 0, G_OPTION_ARG_NONE, &fts, "Full-text search over all records", NULL },
    { "order", 0, 0, G_OPTION_ARG_STRING, &order, "With --table: field to order by", "FIELD" },
    { "offset", 0, 0, G_OPTION_ARG_INT, &offset, "Skip the first N", "N" },
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, "Show at most N (default 50)", "N" },
    { NULL }
  };

  if (!rd_cli_parse_options (global, "QUERY — quick search (name, organization, phone, e-mail, tags)",
                             entries, &argc, &argv))
    return RD_CLI_USER_ERROR;
  if (argc != 2 || offset < 0 || limit < 0)
    return rd_cli_fail (RD_CLI_USER_ERROR, "usage: search QUERY [--table T | --fts] [--offset N] [--limit N]");
  if ((store = rd_cli_open_store (global, &status)) == NULL)
    return status;

  if (table != NULL)
    hits = rd_store_search (store, table, argv[1], order, offset, limit, &error);
  else if (fts)
    hits = rd_store_fts (store, argv[1], offset, limit, &error);
  else
    hits = rd_store_quick_search (store, argv[1], offset, limit, &error);
  if (hits == NULL)
    return rd_cli_store_fail (error);

  rd_cli_print_records (global, hits);
  return RD_CLI_OK;
}

RdCliStatus
rd_cli_timeline_run (RdCliGlobal  *global,
                     int           argc,
                     char        **argv)
{
  g_autoptr(RdStore) store = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  int offset = 0, limit = 50;
  RdCliStatus status = RD_CLI_OK;
  const GOptionEntry entries[] = {
    { "offset", 0, 0, G_OPTION_ARG_INT, &offset, "Skip the first N", "N" },
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, "Show at most N (default 50)", "N" },
    { NULL }
  };

  if (!rd_cli_parse_options (global, "ID — a record's history, newest first", entries, &argc, &argv))
    return RD_CLI_USER_ERROR;
  if (argc != 2 || offset < 0 || limit < 0)
    return rd_cli_fail (RD_CLI_USER_ERROR, "usage: timeline ID [--offset N] [--limit N]");
  if ((store = rd_cli_open_store (global, &status)) == NULL)
    return status;

  items = rd_store_timeline (store, argv[1], offset, limit, &error);
  if (items == NULL)
    return rd_cli_store_fail (error);
  rd_cli_print_records (global, items);
  return RD_CLI_OK;
}
