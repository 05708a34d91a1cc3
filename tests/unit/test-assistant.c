/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rd-assistant.h"
#include "rd-extractive-answerer.h"
#include "rd-query-terms.h"
#include "rd-retriever.h"
#include "rd-test-store.h"

#define ADD(path, func) \
  g_test_add (path, StoreFixture, NULL, store_fixture_setup, func, store_fixture_teardown)

static char *
add_article (RdStore    *store,
             const char *title,
             const char *body,
             const char *tags,
             const char *visibility,
             const char *language)
{
  g_autoptr(RdRecord) record = rd_record_new ("articles");
  g_autoptr(GError) error = NULL;

  rd_record_set_string (record, "title", title);
  rd_record_set_string (record, "body", body);
  if (tags != NULL)
    rd_record_set_string (record, "tags", tags);
  rd_record_set_string (record, "visibility", visibility);
  rd_record_set_string (record, "language", language);
  g_assert_true (rd_store_insert (store, record, &error));
  g_assert_no_error (error);
  return g_strdup (rd_record_get_id (record));
}

typedef struct {
  char *password;
  char *phone;
  char *invoice;
  char *ru_password;
  char *internal;
} Articles;

static void
fill (RdStore  *store,
      Articles *a)
{
  a->password = add_article (store, "Resetting a password",
                             "# Resetting a password\n\nOpen the sign-in screen.\n\n"
                             "Choose Forgot and we e-mail you a reset link valid for an hour.",
                             "login", "public", "en");
  /* Mentions passwords in its body only: must rank below the title match. */
  a->phone = add_article (store, "Provisioning a desk phone",
                          "Add the MAC address under Devices. The SIP password of the extension "
                          "is sent to the phone by the provisioning server.",
                          "sip", "public", "en");
  a->invoice = add_article (store, "Monthly invoices",
                            "Invoices are issued on the first day of the month. Download the PDF "
                            "under Billing.", "billing", "public", "en");
  a->ru_password = add_article (store, "Восстановление пароля",
                                "Нажмите «Забыли пароль», и мы пришлём ссылку для сброса пароля.",
                                "вход", "public", "ru");
  a->internal = add_article (store, "Unlocking an account",
                             "Ten wrong attempts lock a user; an administrator presses Unlock.",
                             "security", "internal", "en");
}

static void
articles_clear (Articles *a)
{
  g_free (a->password);
  g_free (a->phone);
  g_free (a->invoice);
  g_free (a->ru_password);
  g_free (a->internal);
}

static GPtrArray *
search (RdStore    *store,
        const char *question,
        gboolean    public_only,
        double     *coverage)
{
  g_autoptr(GPtrArray) terms = rd_query_terms_new (question);
  g_autoptr(GError) error = NULL;
  GPtrArray *passages = rd_retriever_search (store, terms, public_only, 3, coverage, &error);

  g_assert_no_error (error);
  g_assert_nonnull (passages);
  return passages;
}

static void
test_terms (void)
{
  g_autoptr(GPtrArray) terms = rd_query_terms_new ("How do I reset my Passwords? Ёлка!");
  g_autofree char *match = NULL;

  /* "how", "do", "i", "my" are stop words; ё folds to е. */
  g_assert_cmpuint (terms->len, ==, 3);
  g_assert_cmpstr (((RdQueryTerm *) terms->pdata[0])->word, ==, "reset");
  g_assert_cmpstr (((RdQueryTerm *) terms->pdata[1])->word, ==, "passwords");
  g_assert_cmpstr (((RdQueryTerm *) terms->pdata[2])->word, ==, "елка");
  if (rd_query_terms_stemmed ())
    g_assert_cmpstr (((RdQueryTerm *) terms->pdata[1])->stem, ==, "password");
  match = rd_query_terms_to_match (terms);
  g_assert_nonnull (strstr (match, "\"reset\"*"));
  g_assert_null (rd_query_terms_to_match (NULL));
  g_ptr_array_unref (rd_query_terms_new ("\"\"*) OR NOT ("));
}

static void
test_ranking (StoreFixture  *fx,
              gconstpointer  data)
{
  Articles a;
  g_autoptr(GPtrArray) passages = NULL;
  double coverage = 0;

  fill (fx->store, &a);
  passages = search (fx->store, "forgot my password", FALSE, &coverage);

  /* The title match first, the body-only mention after it. */
  g_assert_cmpuint (passages->len, ==, 2);
  g_assert_cmpstr (rd_passage_get_article_id (passages->pdata[0]), ==, a.password);
  g_assert_cmpstr (rd_passage_get_article_id (passages->pdata[1]), ==, a.phone);
  g_assert_cmpfloat (rd_passage_get_score (passages->pdata[0]), >, rd_passage_get_score (passages->pdata[1]));
  g_assert_cmpfloat (coverage, ==, 1.0);
  /* The passage is the paragraph with the terms, not the heading or the first one. */
  g_assert_cmpstr (rd_passage_get_text (passages->pdata[0]), ==,
                   "Choose Forgot and we e-mail you a reset link valid for an hour.");
  g_assert_cmpstr (rd_passage_get_title (passages->pdata[0]), ==, "Resetting a password");
  articles_clear (&a);
}

static void
test_russian (StoreFixture  *fx,
              gconstpointer  data)
{
  Articles a;
  g_autoptr(GPtrArray) passages = NULL;

  if (!rd_query_terms_stemmed ())
    {
      g_test_skip ("built without libstemmer");
      return;
    }
  fill (fx->store, &a);
  /* "паролем" and "восстановить" are other forms of the title's "пароля", "Восстановление". */
  passages = search (fx->store, "как восстановить доступ с забытым паролем", FALSE, NULL);
  g_assert_cmpuint (passages->len, >=, 1);
  g_assert_cmpstr (rd_passage_get_article_id (passages->pdata[0]), ==, a.ru_password);
  g_clear_pointer (&passages, g_ptr_array_unref);
  /* English plural and verb forms: "invoice", "issuing". */
  passages = search (fx->store, "when is the invoice issued", FALSE, NULL);
  g_assert_cmpstr (rd_passage_get_article_id (passages->pdata[0]), ==, a.invoice);
  articles_clear (&a);
}

static void
test_public_only (StoreFixture  *fx,
                  gconstpointer  data)
{
  Articles a;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) public = NULL;

  fill (fx->store, &a);
  all = search (fx->store, "unlock the locked user", FALSE, NULL);
  public = search (fx->store, "unlock the locked user", TRUE, NULL);
  g_assert_cmpuint (all->len, ==, 1);
  g_assert_cmpstr (rd_passage_get_article_id (all->pdata[0]), ==, a.internal);
  g_assert_cmpuint (public->len, ==, 0);
  articles_clear (&a);
}

static void
test_threshold (StoreFixture  *fx,
                gconstpointer  data)
{
  Articles a;
  g_autoptr(RdAssistant) assistant = rd_assistant_new (fx->store);
  g_autoptr(RdAnswer) answer = NULL;
  g_autoptr(RdAnswer) none = NULL;
  g_autoptr(RdAnswer) weak = NULL;
  g_autoptr(GError) error = NULL;

  fill (fx->store, &a);
  answer = rd_assistant_ask (assistant, "I forgot my password", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (rd_answer_get_confident (answer));
  g_assert_nonnull (strstr (rd_answer_get_text (answer), "— Resetting a password"));
  g_assert_cmpuint (g_list_model_get_n_items (rd_answer_get_passages (answer)), ==, 2);

  /* Nothing matches at all. */
  none = rd_assistant_ask (assistant, "quantum banana telescope", NULL, &error);
  g_assert_no_error (error);
  g_assert_false (rd_answer_get_confident (none));
  g_assert_null (rd_answer_get_text (none));
  g_assert_cmpfloat (rd_answer_get_confidence (none), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (rd_answer_get_passages (none)), ==, 0);

  /* One word of four matches: passages to look at, but below the threshold. */
  weak = rd_assistant_ask (assistant, "password of the garage fridge magnet", NULL, &error);
  g_assert_false (rd_answer_get_confident (weak));
  g_assert_cmpfloat (rd_answer_get_confidence (weak), <, RD_ASSISTANT_DEFAULT_THRESHOLD);
  g_assert_cmpuint (g_list_model_get_n_items (rd_answer_get_passages (weak)), >, 0);
  g_clear_object (&weak);
  rd_assistant_set_threshold (assistant, 0.2);
  weak = rd_assistant_ask (assistant, "password of the garage fridge magnet", NULL, &error);
  g_assert_true (rd_answer_get_confident (weak));

  articles_clear (&a);
  g_clear_object (&answer);
  g_assert_finalize_object (g_steal_pointer (&assistant));
}

static void
test_handover (StoreFixture  *fx,
               gconstpointer  data)
{
  g_autoptr(RdAssistant) assistant = rd_assistant_new (fx->store);
  g_autoptr(GError) error = NULL;
  g_autoptr(RdRecord) ticket = NULL;
  g_autofree char *id = NULL;

  id = rd_assistant_handover (assistant, "Can the phone ring in two offices at once?\nThanks", &error);
  g_assert_no_error (error);
  ticket = rd_store_get (fx->store, "tickets", id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rd_record_get_string (ticket, "subject"), ==, "Can the phone ring in two offices at once?");
  g_assert_cmpstr (rd_record_get_string (ticket, "status"), ==, "open");
  /* Captured for sync like any new record. */
  g_assert_cmpint (store_count_sql (fx->store, "SELECT count(*) FROM outbox WHERE tbl = 'tickets'"), >, 0);
}

static void
test_shared (StoreFixture  *fx,
             gconstpointer  data)
{
  g_autofree char *id = NULL;

  rd_store_set_user (fx->store, "01900000-0000-7000-8000-000000000001");
  id = add_article (fx->store, "Shared", "Body", NULL, "internal", "en");
  /* An article has no owner: every member of staff sees it. */
  g_assert_cmpint (store_count_sql (fx->store, "SELECT count(*) FROM articles WHERE owner IS NULL"), ==, 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/assistant/terms", test_terms);
  ADD ("/assistant/retrieval/ranking", test_ranking);
  ADD ("/assistant/retrieval/russian-inflections", test_russian);
  ADD ("/assistant/retrieval/public-only", test_public_only);
  ADD ("/assistant/threshold", test_threshold);
  ADD ("/assistant/handover", test_handover);
  ADD ("/assistant/articles-shared", test_shared);
  return g_test_run ();
}
