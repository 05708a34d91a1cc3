/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "rd-document-transfer.h"
#include "rd-documents-section.h"
#include "rd-preferences-window.h"
#include "rd-profile-photo-group.h"
#include "rd-users-page.h"
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

/* --- profile photos ------------------------------------------------------------------ */

static gboolean
idle_users (gpointer data)
{
  return !rd_users_page_get_busy (data) && rd_users_page_get_n_users (data) > 0;
}

/* The AdwComboRow (a user's row) titled @title under @root. */
static GtkWidget *
find_titled (GtkWidget  *root,
             const char *title)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (ADW_IS_COMBO_ROW (child) &&
          g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child)), title) == 0)
        return child;
      if ((found = find_titled (child, title)) != NULL)
        return found;
    }
  return NULL;
}

static gboolean
photo_idle (gpointer data)
{
  return !rd_profile_photo_group_get_busy (data);
}

static gboolean
has_custom_image (gpointer data)
{
  return adw_avatar_get_custom_image (data) != NULL;
}

static void
photo_scenario (RdWindow *window,
                gpointer  data)
{
  DocsFixture *f = data;
  g_autoptr(GdkPixbuf) picture = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 400, 300);
  g_autofree char *path = g_build_filename (f->tmp, "me.jpg", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) not_a_picture = write_file (f, "me.png", "not a picture", 13);
  g_autofree char *token = NULL;
  g_autoptr(RdTestResponse) photo = NULL;
  g_autoptr(GdkPixbuf) stored = NULL;
  RdPreferencesWindow *prefs;
  RdProfilePhotoGroup *group;

  g_assert_true (rd_test_ui_sign_in (window, "olga", PASSWORD, 10000));
  /* A wide picture (a JPEG, as from a phone): its middle becomes the square photo. */
  gdk_pixbuf_fill (picture, 0x3584e4ff);
  g_assert_true (gdk_pixbuf_save (picture, path, "jpeg", NULL, NULL));

  prefs = rd_preferences_window_new (GTK_WINDOW (window));
  rd_preferences_window_set_session (prefs, rd_window_get_session (window));
  gtk_window_present (GTK_WINDOW (prefs));
  group = RD_PROFILE_PHOTO_GROUP (rd_preferences_window_get_photo_group (prefs));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (group)));

  /* What is no picture is refused on the spot. */
  rd_profile_photo_group_set_file (group, not_a_picture);
  g_assert_true (rd_test_ui_wait (photo_idle, group, 10000));
  g_assert_null (adw_avatar_get_custom_image (rd_profile_photo_group_get_avatar (group)));

  rd_profile_photo_group_set_file (group, file);
  g_assert_true (rd_test_ui_wait (photo_idle, group, 10000));
  g_assert_nonnull (adw_avatar_get_custom_image (rd_profile_photo_group_get_avatar (group)));
  rd_test_ui_settle (GTK_WIDGET (prefs), 8);
  rd_test_ui_save_screenshot (GTK_WIDGET (prefs),
                              f->russian ? "screenshot-profile-photo-ru" : "screenshot-profile-photo");

  token = rd_test_login (f->server, "olga", PASSWORD);
  photo = rd_test_request (f->server, "GET", "/api/v1/users/olga/photo", token, NULL, NULL, 0);
  g_assert_cmpuint (photo->status, ==, 200);
  g_assert_cmpstr (photo->content_type, ==, "image/png");
  /* The server keeps a 256-pixel square (DATA_DIR/photos/UUID). */
  {
    g_autofree char *dir = g_build_filename (f->server->data_dir, "photos", NULL);
    g_autoptr(GDir) photos = g_dir_open (dir, 0, NULL);
    const char *name = photos != NULL ? g_dir_read_name (photos) : NULL;
    g_autofree char *stored_path = NULL;

    g_assert_nonnull (name);
    stored_path = g_build_filename (dir, name, NULL);
    stored = gdk_pixbuf_new_from_file (stored_path, NULL);
    g_assert_nonnull (stored);
    g_assert_cmpint (gdk_pixbuf_get_width (stored), ==, 256);
    g_assert_cmpint (gdk_pixbuf_get_height (stored), ==, 256);
    g_assert_null (g_dir_read_name (photos));
  }
  gtk_window_destroy (GTK_WINDOW (prefs));
}

static void
admin_photo_scenario (RdWindow *window,
                      gpointer  data)
{
  DocsFixture *f = data;
  RdUsersPage *users = rd_window_get_users_page (window);
  GtkWidget *row;
  AdwAvatar *avatar;

  g_assert_true (rd_test_ui_sign_in (window, "root", PASSWORD, 10000));
  g_assert_true (rd_window_show_page (window, "users"));
  g_assert_true (rd_test_ui_wait (idle_users, users, 10000));
  row = find_titled (GTK_WIDGET (users), "olga");
  g_assert_nonnull (row);
  avatar = g_object_get_data (G_OBJECT (row), "avatar");
  g_assert_true (rd_test_ui_wait (has_custom_image, avatar, 10000));
  /* Ivan has none: his initials. */
  avatar = g_object_get_data (G_OBJECT (find_titled (GTK_WIDGET (users), "ivan")), "avatar");
  g_assert_null (adw_avatar_get_custom_image (avatar));
  g_assert_true (adw_avatar_get_show_initials (avatar));
  settle (window);
  rd_test_ui_save_screenshot (GTK_WIDGET (window),
                              f->russian ? "screenshot-users-photos-ru" : "screenshot-users-photos");
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

static void
test_photo (DocsFixture   *f,
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
      g_assert_cmpstr (_("Profile Photo"), ==, "Фото профиля");
    }

  run (f, photo_scenario, "olga");
  run (f, admin_photo_scenario, "root");

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
  g_test_add ("/ui/documents/profile-photo", DocsFixture, NULL,
              fixture_setup, test_photo, fixture_teardown);
  g_test_add ("/ui/documents/profile-photo-russian", DocsFixture, "ru",
              fixture_setup, test_photo, fixture_teardown);
  return g_test_run ();
}
