/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "rd-document-transfer.h"
#include "rd-documents-section.h"
#include "rd-test-server.h"
#include "rd-test-ui.h"

/* The Documents section of a contact against a real ringdesk-server: a PDF attached (the
 * path a drop and the file dialog share) is listed with its size, date and uploader, says
 * "Waiting to upload" until the sync takes it up and "On the server" after; opening hands a
 * copy named as the document to the launcher; a program is refused with the reason and
 * not listed; delete and undo. A colleague's replica lists it too and fetches it when
 * opened. In English and Russian. */

#define PASSWORD "correct horse battery"
#define PDF "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

typedef struct
{
  RdTestServer *server;
  char         *tmp;
  char         *contact_id;
  gboolean      russian;
  GFile        *launched;
} DocsFixture;

static void
fixture_setup (DocsFixture   *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdTestReplica) root = NULL;
  g_autoptr(RdRecord) contact = rd_record_new ("contacts");
  RdSyncStats stats = { 0 };

  f->server = rd_test_server_new (NULL);
  rd_test_server_add_user (f->server, "root", "admin", NULL, PASSWORD);
  rd_test_server_add_user (f->server, "olga", "agent", "sales", PASSWORD);
  rd_test_server_add_user (f->server, "ivan", "agent", "sales", PASSWORD);
  f->tmp = g_dir_make_tmp ("rd-documents-XXXXXX", &error);
  g_assert_no_error (error);

  root = rd_test_replica_new (f->server, "root", PASSWORD);
  rd_record_set_string (contact, "name", "Olga Petrova");
  rd_record_set_string (contact, "owner", "team:sales");
  rd_store_insert (root->store, contact, &error);
  g_assert_no_error (error);
  f->contact_id = g_strdup (rd_record_get_id (contact));
  rd_sync_client_sync (root->client, &stats, NULL, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (DocsFixture   *f,
                  gconstpointer  data)
{
  g_clear_pointer (&f->server, rd_test_server_free);
  rd_test_ui_remove_tree (f->tmp);
  g_clear_object (&f->launched);
  g_free (f->contact_id);
  g_free (f->tmp);
}

static GFile *
write_file (DocsFixture *f,
            const char  *name,
            const char  *bytes,
            gsize        length)
{
  g_autofree char *path = g_build_filename (f->tmp, name, NULL);

  g_assert_true (g_file_set_contents (path, bytes, length, NULL));
  return g_file_new_for_path (path);
}

static gboolean
idle (gpointer data)
{
  return !rd_documents_section_get_busy (data);
}

typedef struct {
  RdDocumentsSection *section;
  guint               count;
} CountWait;

static gboolean
has_count (gpointer data)
{
  CountWait *wait = data;

  return !rd_documents_section_get_busy (wait->section) &&
         rd_documents_section_get_n_documents (wait->section) == wait->count;
}

static void
wait_count (RdDocumentsSection *section,
            guint               count)
{
  CountWait wait = { section, count };

  g_assert_true (rd_test_ui_wait (has_count, &wait, 10000));
}

static char *
only_document (RdStore *store)
{
  g_autoptr(GPtrArray) all = rd_store_list (store, "documents", NULL, NULL, 0, 10, NULL);

  g_assert_nonnull (all);
  g_assert_cmpuint (all->len, ==, 1);
  return g_strdup (rd_record_get_id (g_ptr_array_index (all, 0)));
}

typedef struct {
  RdDocumentsSection *section;
  const char         *id;
  const char         *words;
} SubtitleWait;

static gboolean
subtitle_says (gpointer data)
{
  SubtitleWait *wait = data;
  GtkWidget *row;

  rd_documents_section_refresh (wait->section);
  row = rd_documents_section_get_row (wait->section, wait->id);
  return row != NULL &&
         strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), wait->words) != NULL;
}

static gboolean
launch_cb (RdDocumentsSection *section,
           GFile              *file,
           DocsFixture        *f)
{
  g_set_object (&f->launched, file);
  return TRUE;
}

static gboolean
launched (gpointer data)
{
  return ((DocsFixture *) data)->launched != NULL;
}

static void
settle (RdWindow *window)
{
  rd_test_ui_settle (GTK_WIDGET (window), 8);
}

/* Scrolls the record page so that @widget is at the top, for a screenshot. */
static void
scroll_to (RdWindow  *window,
           GtkWidget *widget)
{
  GtkWidget *page = GTK_WIDGET (rd_window_get_record_page (window));
  GtkScrolledWindow *scroller = GTK_SCROLLED_WINDOW (gtk_widget_get_template_child (page, RD_TYPE_RECORD_PAGE,
                                                                                    "scroller"));
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (scroller);
  GtkWidget *content = gtk_scrolled_window_get_child (scroller);
  double x = 0, y = 0;

  settle (window);
  g_assert_true (gtk_widget_translate_coordinates (widget, content, 0, 0, &x, &y));
  gtk_adjustment_set_value (adjustment, y - 12);
  settle (window);
}

static void
olga_scenario (RdWindow *window,
               gpointer  data)
{
  DocsFixture *f = data;
  RdStore *store;
  RdDocumentsSection *section;
  g_autoptr(GFile) pdf = write_file (f, "Contract 2027.pdf", PDF, strlen (PDF));
  g_autoptr(GFile) exe = write_file (f, "invoice.pdf", "MZ\x90\0\x03\0\0\0", 8);
  g_autofree char *id = NULL;
  g_autofree char *copy = NULL;
  GtkWidget *row;
  SubtitleWait wait;
  GSList *files;

  g_assert_true (rd_test_ui_sign_in (window, "olga", PASSWORD, 10000));
  store = rd_window_get_store (window);
  g_assert_true (rd_test_ui_wait_list (rd_window_get_list (window, "contacts"), 1, 20000));
  rd_window_open_record (window, "contacts", f->contact_id);
  section = RD_DOCUMENTS_SECTION (rd_record_page_get_documents (rd_window_get_record_page (window)));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (section)));
  g_assert_cmpuint (rd_documents_section_get_n_documents (section), ==, 0);
  g_signal_connect (section, "launch", G_CALLBACK (launch_cb), f);

  files = g_slist_append (NULL, pdf);
  rd_documents_section_attach_files (section, files);
  g_slist_free (files);
  wait_count (section, 1);
  id = only_document (store);
  row = rd_documents_section_get_row (section, id);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Contract 2027.pdf");

  /* The sync the attach asked for takes the file up. */
  wait = (SubtitleWait) { section, id, f->russian ? "На сервере" : "On the server" };
  g_assert_true (rd_test_ui_wait (subtitle_says, &wait, 20000));
  g_assert_cmpint (rd_document_get_state (store, id), ==, RD_DOCUMENT_STATE_UPLOADED);
  row = rd_documents_section_get_row (section, id);
  g_test_message ("subtitle: %s; users %" G_GINT64_FORMAT, adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), rd_store_count (store, "users", NULL, NULL));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "olga"));
  scroll_to (window, GTK_WIDGET (section));
  rd_test_ui_save_screenshot (GTK_WIDGET (window),
                              f->russian ? "screenshot-documents-ru" : "screenshot-documents");

  /* A program named like a PDF: refused, nothing listed. */
  files = g_slist_append (NULL, exe);
  rd_documents_section_attach_files (section, files);
  g_slist_free (files);
  g_assert_true (rd_test_ui_wait (idle, section, 10000));
  g_assert_cmpuint (rd_documents_section_get_n_documents (section), ==, 1);
  g_assert_cmpint (rd_store_count (store, "documents", NULL, NULL), ==, 1);
  settle (window);
  rd_test_ui_save_screenshot (GTK_WIDGET (window),
                              f->russian ? "screenshot-documents-refused-ru" : "screenshot-documents-refused");


  /* Open: a copy named as the document goes to the launcher. */
  rd_documents_section_open (section, id);
  g_assert_true (rd_test_ui_wait (launched, f, 10000));
  copy = g_file_get_basename (f->launched);
  g_assert_cmpstr (copy, ==, "Contract 2027.pdf");
  {
    g_autofree char *contents = NULL;
    gsize length = 0;

    g_assert_true (g_file_load_contents (f->launched, NULL, &contents, &length, NULL, NULL));
    g_assert_cmpmem (contents, length, PDF, strlen (PDF));
  }

  /* Save a copy. */
  {
    g_autofree char *path = g_build_filename (f->tmp, "saved.pdf", NULL);
    g_autoptr(GFile) target = g_file_new_for_path (path);
    g_autofree char *contents = NULL;
    gsize length = 0;

    rd_documents_section_save_copy (section, id, target);
    g_assert_true (rd_test_ui_wait (idle, section, 10000));
    g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
    g_assert_cmpmem (contents, length, PDF, strlen (PDF));
  }

  /* Delete, then undo. */
  rd_documents_section_delete (section, id);
  g_assert_cmpuint (rd_documents_section_get_n_documents (section), ==, 0);
  settle (window);
  rd_test_ui_save_screenshot (GTK_WIDGET (window),
                              f->russian ? "screenshot-documents-deleted-ru" : "screenshot-documents-deleted");
  rd_documents_section_undelete (section, id);
  g_assert_cmpuint (rd_documents_section_get_n_documents (section), ==, 1);
}

/* A colleague: the document is listed from sync and fetched when opened. */
static void
ivan_scenario (RdWindow *window,
               gpointer  data)
{
  DocsFixture *f = data;
  RdDocumentsSection *section;
  RdStore *store;
  g_autofree char *id = NULL;
  SubtitleWait wait;

  g_assert_true (rd_test_ui_sign_in (window, "ivan", PASSWORD, 10000));
  store = rd_window_get_store (window);
  g_assert_true (rd_test_ui_wait_list (rd_window_get_list (window, "contacts"), 1, 20000));
  rd_window_open_record (window, "contacts", f->contact_id);
  section = RD_DOCUMENTS_SECTION (rd_record_page_get_documents (rd_window_get_record_page (window)));
  wait_count (section, 1);
  id = only_document (store);
  wait = (SubtitleWait) { section, id, f->russian ? "при открытии" : "fetched when opened" };
  g_assert_true (rd_test_ui_wait (subtitle_says, &wait, 5000));
  g_signal_connect (section, "launch", G_CALLBACK (launch_cb), f);
  g_clear_object (&f->launched);
  rd_documents_section_open (section, id);
  g_assert_true (rd_test_ui_wait (launched, f, 10000));
  g_assert_true (rd_document_has_file (store, id));
  scroll_to (window, GTK_WIDGET (section));
  rd_test_ui_save_screenshot (GTK_WIDGET (window),
                              f->russian ? "screenshot-documents-colleague-ru" : "screenshot-documents-colleague");
}

static void
run (DocsFixture      *f,
     RdTestUiScenario  scenario,
     const char       *replica)
{
  g_autofree char *dir = g_build_filename (f->tmp, replica, NULL);
  char *argv[] = { "ringdesk", "--replica", dir, "--server", f->server->base_url, NULL };
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  /* Each account signs in afresh (the memory settings backend lives as long as the process). */
  g_settings_reset (settings, "username");
  g_settings_reset (settings, "server-url");
  rd_test_ui_run_app (argv, scenario, f);
}

static void
test_documents (DocsFixture   *f,
                gconstpointer  data)
{
  f->russian = data != NULL;
  if (f->russian)
    {
      g_assert_nonnull (setlocale (LC_ALL, "C.UTF-8"));
      g_setenv ("LANGUAGE", "ru", TRUE);
      bindtextdomain (GETTEXT_PACKAGE, RD_TEST_LOCALEDIR);
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      textdomain (GETTEXT_PACKAGE);
      g_assert_cmpstr (_("Documents"), ==, "Документы");
    }

  run (f, olga_scenario, "olga");
  run (f, ivan_scenario, "ivan");

  if (f->russian)
    {
      g_unsetenv ("LANGUAGE");
      textdomain (GETTEXT_PACKAGE);
    }
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  g_test_add ("/ui/documents/attach-open-delete", DocsFixture, NULL,
              fixture_setup, test_documents, fixture_teardown);
  g_test_add ("/ui/documents/russian", DocsFixture, "ru",
              fixture_setup, test_documents, fixture_teardown);
  return g_test_run ();
}
