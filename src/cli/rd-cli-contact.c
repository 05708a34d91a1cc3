/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ringdesk-cli contact add|show|list and lead add|convert */
#include "config.h"

#include "rd-cli-store.h"

static void
add_common (RdRecord  *record,
            char     **phones,
            char     **emails,
            char      *owner)
{
  for (guint i = 0; phones != NULL && phones[i] != NULL; i++)
    rd_record_add_phone (record, phones[i], NULL);
  for (guint i = 0; emails != NULL && emails[i] != NULL; i++)
    rd_record_add_email (record, emails[i], NULL);
  if (owner != NULL)
    rd_record_set_string (record, "owner", owner);
}

static RdCliStatus
print_created (RdCliGlobal *global,
               RdStore     *store,
               RdRecord    *record)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdRecord) stored = rd_store_get (store, rd_record_get_table (record), rd_record_get_id (record), &error);

  if (stored == NULL)
    return rd_cli_store_fail (error);
  if (global->json)
    rd_cli_print_record (global, stored);
  else
    g_print ("%s\n", rd_record_get_id (stored));
  return RD_CLI_OK;
}

static RdCliStatus
contact_add (RdCliGlobal  *global,
             RdStore      *store,
             int           argc,
             char        **argv)
{
  g_auto(GStrv) phones = NULL;
  g_auto(GStrv) emails = NULL;
  g_autofree char *org = NULL, *title = NULL, *tags = NULL, *owner = NULL;
  g_autoptr(RdRecord) contact = rd_record_new ("contacts");
  g_autoptr(GError) error = NULL;
  const GOptionEntry entries[] = {
    { "phone", 0, 0, G_OPTION_ARG_STRING_ARRAY, &phones, "A phone number (repeat for more)", "NUMBER" },
    { "email", 0, 0, G_OPTION_ARG_STRING_ARRAY, &emails, "An e-mail address (repeat for more)", "ADDRESS" },
    { "org", 0, 0, G_OPTION_ARG_STRING, &org, "Organization name (found or created)", "NAME" },
    { "title", 0, 0, G_OPTION_ARG_STRING, &title, "Job title", "TITLE" },
    { "tags", 0, 0, G_OPTION_ARG_STRING, &tags, "Comma-separated tags", "TAGS" },
    { "owner", 0, 0, G_OPTION_ARG_STRING, &owner, "Owner user id", "ID" },
    { NULL }
  };

  if (!rd_cli_parse_options (global, "NAME — add a contact", entries, &argc, &argv))
    return RD_CLI_USER_ERROR;
  if (argc != 2)
    return rd_cli_fail (RD_CLI_USER_ERROR, "usage: contact add NAME [--phone N] [--email A] [--org NAME]");

  rd_record_set_string (contact, "name", argv[1]);
  if (title != NULL)
    rd_record_set_string (contact, "title", title);
  if (tags != NULL)
    rd_record_set_string (contact, "tags", tags);
  add_common (contact, phones, emails, owner);

  if (!rd_store_begin (store, &error))
    return rd_cli_store_fail (error);
  if (org != NULL)
    {
      g_autoptr(GPtrArray) found = NULL;
      g_autoptr(GString) q = g_string_new ("name = '");

      for (const char *p = org; *p != '\0'; p++)
        {
          if (*p == '\'')
            g_string_append_c (q, '\'');
          g_string_append_c (q, *p);
        }
      g_string_append_c (q, '\'');
      found = rd_store_search (store, "organizations", q->str, "id", 0, 1, &error);
      if (found != NULL && found->len > 0)
        rd_record_set_string (contact, "org_id", rd_record_get_id (found->pdata[0]));
      else if (found != NULL)
        {
          g_autoptr(RdRecord) o = rd_record_new ("organizations");

          rd_record_set_string (o, "name", org);
          if (rd_store_insert (store, o, &error))
            rd_record_set_string (contact, "org_id", rd_record_get_id (o));
        }
    }
  if (error != NULL || !rd_store_insert (store, contact, &error))
    {
      rd_store_rollback (store);
      return rd_cli_store_fail (error);
    }
  if (!rd_store_commit (store, &error))
    return rd_cli_store_fail (error);

  return print_created (global, store, contact);
}

static RdCliStatus
show (RdCliGlobal  *global,
      RdStore      *store,
      const char   *table,
      int           argc,
      char        **argv)
{
  g_autoptr(RdRecord) record = NULL;
  g_autoptr(GError) error = NULL;

  if (!rd_cli_parse_options (global, "ID — show a record", NULL, &argc, &argv))
    return RD_CLI_USER_ERROR;
  if (argc != 2)
    return rd_cli_fail (RD_CLI_USER_ERROR, "usage: %s show ID", table);

  record = rd_store_get (store, table, argv[1], &error);
  if (record == NULL)
    return rd_cli_store_fail (error);
  rd_cli_print_record (global, record);
  return RD_CLI_OK;
}

static RdCliStatus
list (RdCliGlobal  *global,
      RdStore      *store,
      const char   *table,
      int           argc,
      char        **argv)
{
  g_autofree char *query = NULL, *order = NULL;
  int offset = 0, limit = 50;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  const GOptionEntry entries[] = {
    { "query", 0, 0, G_OPTION_ARG_STRING, &query, "Advanced search, e.g. \"name like 'A%'\"", "QUERY" },
    { "order", 0, 0, G_OPTION_ARG_STRING, &order, "Field to order by (-field: descending)", "FIELD" },
    { "offset", 0, 0, G_OPTION_ARG_INT, &offset, "Skip the first N", "N" },
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, "Show at most N (default 50)", "N" },
    { NULL }
  };

  if (!rd_cli_parse_options (global, "— list records", entries, &argc, &argv))
    return RD_CLI_USER_ERROR;
  if (argc != 1 || offset < 0 || limit < 0)
    return rd_cli_fail (RD_CLI_USER_ERROR, "usage: %s list [--query Q] [--offset N] [--limit N]", table);

  rows = rd_store_list (store, table, query, order, offset, limit, &error);
  if (rows == NULL)
    return rd_cli_store_fail (error);
  rd_cli_print_records (global, rows);
  return RD_CLI_OK;
}

RdCliStatus
rd_cli_contact_run (RdCliGlobal  *global,
                    int           argc,
                    char        **argv)
{
  g_autoptr(RdStore) store = NULL;
  RdCliStatus status = RD_CLI_OK;

  if (argc < 2)
    return rd_cli_fail (RD_CLI_USER_ERROR, "usage: contact add|show|list …");
  if (!g_str_equal (argv[1], "add") && !g_str_equal (argv[1], "show") && !g_str_equal (argv[1], "list"))
    return rd_cli_fail (RD_CLI_USER_ERROR, "unknown contact command “%s” (add, show, list)", argv[1]);
  if ((store = rd_cli_open_store (global, &status)) == NULL)
    return status;

  if (g_str_equal (argv[1], "add"))
    return contact_add (global, store, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "show"))
    return show (global, store, "contacts", argc - 1, argv + 1);
  return list (global, store, "contacts", argc - 1, argv + 1);
}

static RdCliStatus
lead_add (RdCliGlobal  *global,
          RdStore      *store,
          int           argc,
          char        **argv)
{
  g_auto(GStrv) phones = NULL;
  g_auto(GStrv) emails = NULL;
  g_autofree char *company = NULL, *status = NULL, *source = NULL, *owner = NULL;
  g_autoptr(RdRecord) lead = rd_record_new ("leads");
  g_autoptr(GError) error = NULL;
  const GOptionEntry entries[] = {
    { "phone", 0, 0, G_OPTION_ARG_STRING_ARRAY, &phones, "A phone number (repeat for more)", "NUMBER" },
    { "email", 0, 0, G_OPTION_ARG_STRING_ARRAY, &emails, "An e-mail address (repeat for more)", "ADDRESS" },
    { "company", 0, 0, G_OPTION_ARG_STRING, &company, "Company name", "NAME" },
    { "status", 0, 0, G_OPTION_ARG_STRING, &status, "new, contacted, qualified, lost", "STATUS" },
    { "source", 0, 0, G_OPTION_ARG_STRING, &source, "Where the lead came from", "SOURCE" },
    { "owner", 0, 0, G_OPTION_ARG_STRING, &owner, "Owner user id", "ID" },
    { NULL }
  };

  if (!rd_cli_parse_options (global, "NAME — add a lead", entries, &argc, &argv))
    return RD_CLI_USER_ERROR;
  if (argc != 2)
    return rd_cli_fail (RD_CLI_USER_ERROR, "usage: lead add NAME [--company C] [--phone N] [--status S]");

  rd_record_set_string (lead, "name", argv[1]);
  if (company != NULL)
    rd_record_set_string (lead, "company", company);
  if (status != NULL)
    rd_record_set_string (lead, "status", status);
  if (source != NULL)
    rd_record_set_string (lead, "source", source);
  add_common (lead, phones, emails, owner);
  if (!rd_store_insert (store, lead, &error))
    return rd_cli_store_fail (error);
  return print_created (global, store, lead);
}

static RdCliStatus
lead_convert (RdCliGlobal  *global,
              RdStore      *store,
              int           argc,
              char        **argv)
{
  g_autofree char *deal_name = NULL;
  g_autofree char *cid = NULL, *oid = NULL, *did = NULL;
  g_autoptr(RdRecord) deal = NULL;
  g_autoptr(GError) error = NULL;
  gboolean with_deal = FALSE;
  double amount = -1;
  const GOptionEntry entries[] = {
    { "deal", 0, 0, G_OPTION_ARG_NONE, &with_deal, "Also create a deal", NULL },
    { "deal-name", 0, 0, G_OPTION_ARG_STRING, &deal_name, "Name of the deal", "NAME" },
    { "amount", 0, 0, G_OPTION_ARG_DOUBLE, &amount, "Amount of the deal", "AMOUNT" },
    { NULL }
  };

  if (!rd_cli_parse_options (global, "ID — convert a lead into a contact (+ organization, + deal)",
                             entries, &argc, &argv))
    return RD_CLI_USER_ERROR;
  if (argc != 2)
    return rd_cli_fail (RD_CLI_USER_ERROR, "usage: lead convert ID [--deal] [--deal-name N] [--amount X]");

  if (with_deal || deal_name != NULL || amount >= 0)
    {
      deal = rd_record_new ("deals");
      if (deal_name != NULL)
        rd_record_set_string (deal, "name", deal_name);
      if (amount >= 0)
        rd_record_set_double (deal, "amount", amount);
    }
  if (!rd_store_convert_lead (store, argv[1], deal, &cid, &oid, &did, &error))
    return rd_cli_store_fail (error);

  if (global->json)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
      JsonObject *o = json_object_new ();

      json_object_set_string_member (o, "contact_id", cid);
      if (oid != NULL) json_object_set_string_member (o, "org_id", oid); else json_object_set_null_member (o, "org_id");
      if (did != NULL) json_object_set_string_member (o, "deal_id", did); else json_object_set_null_member (o, "deal_id");
      json_node_take_object (node, o);
      rd_cli_print_json (node);
    }
  else
    g_print ("contact %s\norganization %s\ndeal %s\n", cid, oid ? oid : "-", did ? did : "-");
  return RD_CLI_OK;
}

RdCliStatus
rd_cli_lead_run (RdCliGlobal  *global,
                 int           argc,
                 char        **argv)
{
  g_autoptr(RdStore) store = NULL;
  RdCliStatus status = RD_CLI_OK;

  if (argc < 2)
    return rd_cli_fail (RD_CLI_USER_ERROR, "usage: lead add|convert|show|list …");
  if (!g_str_equal (argv[1], "add") && !g_str_equal (argv[1], "convert") &&
      !g_str_equal (argv[1], "show") && !g_str_equal (argv[1], "list"))
    return rd_cli_fail (RD_CLI_USER_ERROR, "unknown lead command “%s” (add, convert, show, list)", argv[1]);
  if ((store = rd_cli_open_store (global, &status)) == NULL)
    return status;

  if (g_str_equal (argv[1], "add"))
    return lead_add (global, store, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "convert"))
    return lead_convert (global, store, argc - 1, argv + 1);
  if (g_str_equal (argv[1], "show"))
    return show (global, store, "leads", argc - 1, argv + 1);
  return list (global, store, "leads", argc - 1, argv + 1);
}
