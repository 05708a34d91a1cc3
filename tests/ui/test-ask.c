/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "rd-application.h"
#include "rd-ask-page.h"
#include "rd-audio-sink.h"
#include "rd-record-page.h"
#include "rd-test-ui.h"
#include "rd-text-row.h"
#include "rd-window.h"

/* The Ask page on a real replica with a few articles, offline: a question answered with
 * its sources, a source opening its article, a question with no good answer and its
 * handover to a ticket; in English and in Russian, with screenshots of each. */

typedef struct {
  char       *tmp;
  char       *replica_dir;
  gboolean    russian;
  RdWindow   *window;
  gboolean    done;
} AskFixture;

static void
add_article (RdStore    *store,
             const char *title,
             const char *body,
             const char *language)
{
  g_autoptr(RdRecord) record = rd_record_new ("articles");
  g_autoptr(GError) error = NULL;

  rd_record_set_string (record, "title", title);
  rd_record_set_string (record, "body", body);
  rd_record_set_string (record, "visibility", "public");
  rd_record_set_string (record, "language", language);
  g_assert_true (rd_store_insert (store, record, &error));
  g_assert_no_error (error);
}

static void
fill_replica (AskFixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdStore) store = rd_store_open_dir (f->replica_dir, &error);

  g_assert_no_error (error);
  add_article (store, "Resetting a forgotten password",
               "On the sign-in screen choose Forgot password and type your e-mail address.\n\n"
               "A link valid for one hour arrives by e-mail. Open it and pick a new secret of at "
               "least 12 characters.", "en");
  add_article (store, "SIP phone shows No Service",
               "Check that UDP 5060 is open and that the SIP password matches the extension.", "en");
  add_article (store, "Восстановление забытого пароля",
               "На экране входа выберите «Забыли пароль» и укажите электронную почту.\n\n"
               "Письмо со ссылкой действует один час: перейдите по ней и придумайте новый пароль.",
               "ru");
  add_article (store, "Отправка SMS клиентам",
               "Текст длиннее 70 символов делится на части, каждая оплачивается отдельно.", "ru");
}

/* TRUE when no stack under @widget is still cross-fading. */
static gboolean
transitions_over (gpointer data)
{
  GtkWidget *widget = data;

  if (GTK_IS_STACK (widget) && gtk_stack_get_transition_running (GTK_STACK (widget)))
    return FALSE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (!transitions_over (child))
      return FALSE;
  return TRUE;
}

/* Waits until the pages have stopped fading, then for a few painted frames. */
static void
settle (AskFixture *f)
{
  rd_test_ui_settle (GTK_WIDGET (f->window), 2);
  g_assert_true (rd_test_ui_wait (transitions_over, f->window, 5000));
  rd_test_ui_settle (GTK_WIDGET (f->window), 3);
}

static gboolean
answered (gpointer data)
{
  RdAskPage *page = data;

  return !rd_ask_page_get_busy (page) && rd_ask_page_get_answer (page) != NULL;
}

static gboolean
record_shown (gpointer data)
{
  return g_strcmp0 (rd_window_get_visible_page (data), "record") == 0;
}

static RdAskPage *
ask (AskFixture *f,
     const char *question)
{
  RdAskPage *page = RD_ASK_PAGE (rd_test_ui_find (GTK_WIDGET (f->window), RD_TYPE_ASK_PAGE));

  g_assert_true (rd_window_show_page (f->window, "ask"));
  rd_ask_page_ask (page, question);
  g_assert_true (rd_test_ui_wait (answered, page, 10000));
  g_assert_cmpstr (rd_answer_get_question (rd_ask_page_get_answer (page)), ==, question);
  settle (f);
  return page;
}

static void
scenario (AskFixture *f)
{
  const char *suffix = f->russian ? "-ru" : "";
  const char *question = f->russian ? "как восстановить забытый пароль" : "I forgot my password, what now";
  const char *nonsense = f->russian ? "можно ли заказать пиццу в офис" : "can you order pizza for the office";
  g_autofree char *name = NULL;
  RdAskPage *page;
  RdAnswer *answer;
  GtkWidget *row;
  GtkWidget *button;
  g_autoptr(GError) error = NULL;
  g_autoptr(RdStore) store = NULL;

  /* A good answer: quoted, with its sources; a source opens its article. */
  page = ask (f, question);
  answer = rd_ask_page_get_answer (page);
  g_assert_true (rd_answer_get_confident (answer));
  g_assert_nonnull (strstr (rd_answer_get_text (answer),
                            f->russian ? "— Восстановление забытого пароля" : "— Resetting a forgotten password"));
  name = g_strdup_printf ("screenshot-ask-answer%s", suffix);
  g_assert_cmpuint (rd_test_ui_save_screenshot (GTK_WIDGET (f->window), name), >, 20);
  row = rd_test_ui_find (GTK_WIDGET (page), ADW_TYPE_ACTION_ROW);
  g_assert_nonnull (row);
  g_signal_emit_by_name (gtk_widget_get_parent (row), "row-activated", row);
  g_assert_true (rd_test_ui_wait (record_shown, f->window, 5000));
  settle (f);
  g_clear_pointer (&name, g_free);
  name = g_strdup_printf ("screenshot-ask-article%s", suffix);
  rd_test_ui_save_screenshot (GTK_WIDGET (f->window), name);

  /* The article's body is edited in a multi-line row; Save writes it. */
  {
    GtkWidget *body = rd_test_ui_find (GTK_WIDGET (f->window), RD_TYPE_TEXT_ROW);
    g_autoptr(RdStore) check = NULL;
    g_autoptr(RdRecord) article = NULL;
    g_autoptr(GPtrArray) found = NULL;

    g_assert_nonnull (body);
    g_assert_nonnull (strstr (rd_text_row_get_text (RD_TEXT_ROW (body)), "\n\n"));
    rd_text_row_set_text (RD_TEXT_ROW (body), "First paragraph.\n\nSecond paragraph.");
    g_signal_emit_by_name (body, "apply");
    check = rd_store_open_dir (f->replica_dir, &error);
    g_assert_no_error (error);
    found = rd_store_list (check, "articles", "body = 'First paragraph.\n\nSecond paragraph.'", NULL, 0, 10, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (found->len, ==, 1);
  }

  /* A new article from the Articles list's form: the body keeps its paragraphs, and the
   * assistant finds it at once. */
  {
    RdRecordPage *form;
    GtkWidget *title_row = NULL;
    GtkWidget *body;
    g_autoptr(RdStore) check = NULL;
    g_autoptr(GPtrArray) found = NULL;

    g_assert_true (rd_window_show_page (f->window, "articles"));
    g_assert_true (rd_test_ui_wait_list (rd_window_get_list (f->window, "articles"), 4, 5000));
    settle (f);
    g_clear_pointer (&name, g_free);
    name = g_strdup_printf ("screenshot-articles-list%s", suffix);
    g_assert_cmpuint (rd_test_ui_save_screenshot (GTK_WIDGET (f->window), name), >, 20);
    rd_window_open_record (f->window, "articles", NULL);
    form = RD_RECORD_PAGE (rd_test_ui_find (GTK_WIDGET (f->window), RD_TYPE_RECORD_PAGE));
    for (GtkWidget *w = rd_test_ui_find (GTK_WIDGET (form), ADW_TYPE_ENTRY_ROW); w != NULL && title_row == NULL;
         w = gtk_widget_get_next_sibling (w))
      if (ADW_IS_ENTRY_ROW (w))
        title_row = w;
    body = rd_test_ui_find (GTK_WIDGET (form), RD_TYPE_TEXT_ROW);
    g_assert_nonnull (title_row);
    g_assert_nonnull (body);
    gtk_editable_set_text (GTK_EDITABLE (title_row), f->russian ? "Переадресация звонков" : "Forwarding calls to a mobile");
    rd_text_row_set_text (RD_TEXT_ROW (body), f->russian ? "Откройте Настройки.\n\nУкажите номер мобильного для переадресации."
                                                         : "Open Settings.\n\nType the mobile number to forward to.");
    settle (f);
    g_clear_pointer (&name, g_free);
    name = g_strdup_printf ("screenshot-ask-new-article%s", suffix);
    rd_test_ui_save_screenshot (GTK_WIDGET (f->window), name);
    g_assert_true (rd_record_page_create (form));
    check = rd_store_open_dir (f->replica_dir, &error);
    g_assert_no_error (error);
    found = rd_store_list (check, "articles", f->russian ? "title = 'Переадресация звонков'"
                                                         : "title = 'Forwarding calls to a mobile'", NULL, 0, 10, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (found->len, ==, 1);
    g_assert_nonnull (strstr (rd_record_get_string (found->pdata[0], "body"), "\n\n"));
    page = ask (f, f->russian ? "как переадресовать звонки на мобильный" : "forward my calls to my mobile phone");
    g_assert_true (rd_answer_get_confident (rd_ask_page_get_answer (page)));
    {
      g_autoptr(RdPassage) best = g_list_model_get_item (rd_answer_get_passages (rd_ask_page_get_answer (page)), 0);

      g_assert_cmpstr (rd_passage_get_article_id (best), ==, rd_record_get_id (found->pdata[0]));
    }
  }

  /* No good answer: the handover button makes a ticket of the question and opens it. */
  page = ask (f, nonsense);
  g_assert_false (rd_answer_get_confident (rd_ask_page_get_answer (page)));
  g_clear_pointer (&name, g_free);
  name = g_strdup_printf ("screenshot-ask-handover%s", suffix);
  g_assert_cmpuint (rd_test_ui_save_screenshot (GTK_WIDGET (f->window), name), >, 20);
  button = rd_test_ui_find_named (GTK_WIDGET (page), "handover_button");
  if (button == NULL)
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "ask.handover", NULL));
  else
    g_signal_emit_by_name (button, "clicked");
  g_assert_true (rd_test_ui_wait (record_shown, f->window, 5000));

  store = rd_store_open_dir (f->replica_dir, &error);
  g_assert_no_error (error);
  {
    g_autoptr(GPtrArray) tickets = rd_store_list (store, "tickets", NULL, NULL, 0, 10, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (tickets->len, ==, 1);
    g_assert_cmpstr (rd_record_get_string (tickets->pdata[0], "subject"), ==, nonsense);
  }
}

static void
window_added_cb (GtkApplication *app,
                 GtkWindow      *window,
                 AskFixture     *f)
{
  f->window = RD_WINDOW (window);
}

static void
activate_after_cb (GApplication *app,
                   AskFixture   *f)
{
  g_assert_nonnull (f->window);
  rd_test_ui_settle (GTK_WIDGET (f->window), 5);
  scenario (f);
  f->done = TRUE;
  gtk_window_destroy (GTK_WINDOW (f->window));
}

static void
run (gboolean russian)
{
  g_autoptr(GError) error = NULL;
  AskFixture f = { 0 };
  g_autoptr(RdApplication) app = NULL;
  char *argv[] = { "ringdesk", "--replica", NULL, NULL };

  f.tmp = g_dir_make_tmp ("rd-ui-ask-XXXXXX", &error);
  g_assert_no_error (error);
  f.replica_dir = g_build_filename (f.tmp, "replica", NULL);
  f.russian = russian;
  fill_replica (&f);
  argv[2] = f.replica_dir;

  app = rd_application_new ();
  g_signal_connect (app, "window-added", G_CALLBACK (window_added_cb), &f);
  g_signal_connect_after (app, "activate", G_CALLBACK (activate_after_cb), &f);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 3, argv), ==, 0);
  g_assert_true (f.done);

  rd_test_ui_remove_tree (f.tmp);
  g_free (f.replica_dir);
  g_free (f.tmp);
}

static void
test_ask_english (void)
{
  run (FALSE);
}

static void
test_ask_russian (void)
{
  g_assert_nonnull (setlocale (LC_ALL, "C.UTF-8"));
  g_setenv ("LANGUAGE", "ru", TRUE);
  bindtextdomain (GETTEXT_PACKAGE, RD_TEST_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_assert_cmpstr (_("Create Ticket"), ==, "Создать заявку");

  run (TRUE);

  g_unsetenv ("LANGUAGE");
  textdomain (GETTEXT_PACKAGE);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  rd_audio_sink_set_default ("fakesink sync=true");

  g_test_add_func ("/ui/ask/english", test_ask_english);
  g_test_add_func ("/ui/ask/russian", test_ask_russian);
  return g_test_run ();
}
