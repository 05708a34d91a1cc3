/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ringdesk-cli ask */
#include "config.h"

#include <stdio.h>

#include "rd-assistant.h"
#include "rd-cli-store.h"

static void
print_json (RdAnswer   *answer,
            const char *ticket_id)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;
  GListModel *passages = rd_answer_get_passages (answer);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "question");
  json_builder_add_string_value (builder, rd_answer_get_question (answer));
  json_builder_set_member_name (builder, "confident");
  json_builder_add_boolean_value (builder, rd_answer_get_confident (answer));
  json_builder_set_member_name (builder, "confidence");
  json_builder_add_double_value (builder, rd_answer_get_confidence (answer));
  json_builder_set_member_name (builder, "answer");
  if (rd_answer_get_text (answer) != NULL)
    json_builder_add_string_value (builder, rd_answer_get_text (answer));
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "sources");
  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (passages); i++)
    {
      g_autoptr(RdPassage) passage = g_list_model_get_item (passages, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, rd_passage_get_article_id (passage));
      json_builder_set_member_name (builder, "title");
      json_builder_add_string_value (builder, rd_passage_get_title (passage));
      json_builder_set_member_name (builder, "score");
      json_builder_add_double_value (builder, rd_passage_get_score (passage));
      json_builder_set_member_name (builder, "passage");
      json_builder_add_string_value (builder, rd_passage_get_text (passage));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  if (ticket_id != NULL)
    {
      json_builder_set_member_name (builder, "ticket");
      json_builder_add_string_value (builder, ticket_id);
    }
  json_builder_end_object (builder);
  node = json_builder_get_root (builder);
  rd_cli_print_json (node);
}

static void
print_text (RdAnswer   *answer,
            const char *ticket_id)
{
  GListModel *passages = rd_answer_get_passages (answer);

  if (rd_answer_get_confident (answer))
    printf ("%s\n\n", rd_answer_get_text (answer));
  else
    printf ("No good answer in the knowledge base (confidence %.2f).\n\n",
            rd_answer_get_confidence (answer));
  if (g_list_model_get_n_items (passages) > 0)
    printf ("Sources:\n");
  for (guint i = 0; i < g_list_model_get_n_items (passages); i++)
    {
      g_autoptr(RdPassage) passage = g_list_model_get_item (passages, i);

      printf ("%u. %s  [%s]  score %.3f\n", i + 1, rd_passage_get_title (passage),
              rd_passage_get_article_id (passage), rd_passage_get_score (passage));
    }
  if (ticket_id != NULL)
    printf ("Handed over: ticket %s\n", ticket_id);
}

RdCliStatus
rd_cli_ask_run (RdCliGlobal  *global,
                int           argc,
                char        **argv)
{
  g_autoptr(RdStore) store = NULL;
  g_autoptr(RdAssistant) assistant = NULL;
  g_autoptr(RdAnswer) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *ticket_id = NULL;
  gboolean public_only = FALSE, handover = FALSE;
  double threshold = RD_ASSISTANT_DEFAULT_THRESHOLD;
  RdCliStatus status = RD_CLI_OK;
  const GOptionEntry entries[] = {
    { "public", 0, 0, G_OPTION_ARG_NONE, &public_only, "Search public articles only (what customers see)", NULL },
    { "threshold", 0, 0, G_OPTION_ARG_DOUBLE, &threshold, "Share of the question's words the best "
      "article must hold (default 0.5)", "X" },
    { "handover", 0, 0, G_OPTION_ARG_NONE, &handover, "With no good answer, create a ticket from the question", NULL },
    { NULL }
  };

  if (!rd_cli_parse_options (global, "QUESTION — answer from the knowledge base, with the sources",
                             entries, &argc, &argv))
    return RD_CLI_USER_ERROR;
  if (argc != 2 || threshold < 0 || threshold > 1)
    return rd_cli_fail (RD_CLI_USER_ERROR, "usage: ask QUESTION [--public] [--threshold X] [--handover]");
  if ((store = rd_cli_open_store (global, &status)) == NULL)
    return status;

  assistant = rd_assistant_new (store);
  rd_assistant_set_threshold (assistant, threshold);
  rd_assistant_set_public_only (assistant, public_only);
  answer = rd_assistant_ask (assistant, argv[1], NULL, &error);
  if (answer == NULL)
    return rd_cli_store_fail (error);
  if (handover && !rd_answer_get_confident (answer) &&
      (ticket_id = rd_assistant_handover (assistant, argv[1], &error)) == NULL)
    return rd_cli_store_fail (error);

  if (global->json)
    print_json (answer, ticket_id);
  else
    print_text (answer, ticket_id);
  return RD_CLI_OK;
}
