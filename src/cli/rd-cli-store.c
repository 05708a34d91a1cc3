/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>

#include "rd-cli-store.h"
#include "rd-csv-import.h"

RdStore *
rd_cli_open_store (RdCliGlobal *global,
                   RdCliStatus *status)
{
  g_autoptr(GError) error = NULL;
  RdStore *store;

  if (global->replica_dir == NULL)
    {
      *status = rd_cli_fail (RD_CLI_USER_ERROR, "this command needs --replica DIR");
      return NULL;
    }

  store = rd_store_open_dir (global->replica_dir, &error);
  if (store == NULL)
    *status = rd_cli_store_fail (error);
  return store;
}

RdCliStatus
rd_cli_store_fail (const GError *error)
{
  gboolean internal = g_error_matches (error, RD_STORE_ERROR, RD_STORE_ERROR_FAILED) ||
                      (error->domain == G_IO_ERROR && error->code != G_IO_ERROR_NOT_FOUND &&
                       error->code != G_IO_ERROR_INVALID_ARGUMENT && error->code != G_IO_ERROR_EXISTS &&
                       error->code != G_IO_ERROR_IS_DIRECTORY && error->code != G_IO_ERROR_PERMISSION_DENIED);

  return rd_cli_fail (internal ? RD_CLI_INTERNAL_ERROR : RD_CLI_USER_ERROR, "%s", error->message);
}

gboolean
rd_cli_parse_options (RdCliGlobal        *global,
                      const char         *usage,
                      const GOptionEntry *entries,
                      int                *argc,
                      char             ***argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (usage);
  g_autoptr(GError) error = NULL;
  gboolean json = FALSE;
  const GOptionEntry common[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print results as JSON", NULL },
    { NULL }
  };

  g_option_context_add_main_entries (context, common, NULL);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      rd_cli_fail (RD_CLI_USER_ERROR, "%s", error->message);
      return FALSE;
    }
  global->json |= json;
  return TRUE;
}

void
rd_cli_print_json (JsonNode *node)
{
  g_autofree char *text = json_to_string (node, TRUE);

  g_print ("%s\n", text);
}

void
rd_cli_print_records (RdCliGlobal *global,
                      GPtrArray   *records)
{
  if (global->json)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);
      JsonArray *array = json_array_new ();

      for (guint i = 0; i < records->len; i++)
        json_array_add_element (array, rd_record_to_json_node (records->pdata[i]));
      json_node_take_array (node, array);
      rd_cli_print_json (node);
      return;
    }

  for (guint i = 0; i < records->len; i++)
    {
      RdRecord *r = records->pdata[i];
      const RdTableDesc *t = rd_schema_lookup (rd_record_get_table (r));
      const char *title = rd_record_get_string (r, "summary");

      if (title == NULL)
        title = rd_record_get_string (r, "title");
      if (title == NULL && t != NULL)
        title = rd_record_get_string (r, t->title_field);
      g_print ("%s\t%s\t%s\n", rd_record_get_id (r), rd_record_get_table (r), title != NULL ? title : "");
    }
}

void
rd_cli_print_record (RdCliGlobal *global,
                     RdRecord    *record)
{
  g_autoptr(JsonNode) node = rd_record_to_json_node (record);
  JsonObject *object = json_node_get_object (node);
  g_autoptr(GList) members = NULL;

  if (global->json)
    {
      rd_cli_print_json (node);
      return;
    }

  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *v = json_object_get_member (object, l->data);

      if (JSON_NODE_HOLDS_NULL (v) || g_str_equal (l->data, "fv"))
        continue;
      if (JSON_NODE_HOLDS_VALUE (v) && json_node_get_value_type (v) == G_TYPE_STRING)
        g_print ("%s: %s\n", (const char *) l->data, json_node_get_string (v));
      else
        {
          g_autofree char *text = json_to_string (v, FALSE);
          g_print ("%s: %s\n", (const char *) l->data, text);
        }
    }
}

/* ---- init ------------------------------------------------------------------------------- */

RdCliStatus
rd_cli_init_run (RdCliGlobal  *global,
                 int           argc,
                 char        **argv)
{
  g_autoptr(RdStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *region = NULL;
  g_autofree char *user = NULL;
  RdCliStatus status = RD_CLI_OK;
  const GOptionEntry entries[] = {
    { "region", 0, 0, G_OPTION_ARG_STRING, &region, "Default phone region (e.g. RU, US)", "CC" },
    { "user", 0, 0, G_OPTION_ARG_STRING, &user, "User id that owns new records", "ID" },
    { NULL }
  };

  if (!rd_cli_parse_options (global, "— create or open a replica", entries, &argc, &argv))
    return RD_CLI_USER_ERROR;
  if ((store = rd_cli_open_store (global, &status)) == NULL)
    return status;
  if (region != NULL && !rd_store_set_default_region (store, region, &error))
    return rd_cli_store_fail (error);
  if (user != NULL)
    rd_store_set_user (store, user);

  if (global->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) node = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "path");
      json_builder_add_string_value (b, rd_store_get_path (store));
      json_builder_set_member_name (b, "site");
      json_builder_add_string_value (b, rd_store_get_site (store));
      json_builder_set_member_name (b, "schema_version");
      json_builder_add_int_value (b, rd_schema_get_version (rd_store_get_db (store)));
      json_builder_set_member_name (b, "region");
      json_builder_add_string_value (b, rd_store_get_default_region (store));
      json_builder_end_object (b);
      node = json_builder_get_root (b);
      rd_cli_print_json (node);
    }
  else
    g_print ("Replica %s (site %s, schema %d, region %s)\n", rd_store_get_path (store),
             rd_store_get_site (store), rd_schema_get_version (rd_store_get_db (store)),
             rd_store_get_default_region (store));
  return RD_CLI_OK;
}
