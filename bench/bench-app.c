/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>

#include "rd-application.h"
#include "rd-window.h"

/* bench-app: the app window on a big replica (1,000,000 contacts by
 * default). Run under X, e.g.
 *   xvfb-run -a -s '-screen 0 1280x800x24' build/bench/bench-app [--contacts N] [--dir DIR]
 * It makes the replica once (kept in DIR, default build/bench/replica-N)
 * and prints one figure per line:
 *   generate_s                  time to make the replica (0 when reused)
 *   cold_start_first_list_ms    process start to the contacts list painted with rows
 *   rss_after_scroll_kb         RSS after scrolling the list top to bottom
 *   scroll_positions            how many positions the scroll visited
 *   scroll_page_wait_p99_ms     wait for rows at a new position, p99
 *   search_keystroke_p50_ms     quick-search keystroke to the new list painted, p50
 *   search_keystroke_p99_ms     the same, p99 (includes GtkSearchEntry's 150 ms delay)
 */

static gint64 process_start_us;
static gboolean skip_scroll;

static const char *first_names[] = {
  "Anna", "Boris", "Vera", "Gleb", "Daria", "Egor", "Zoya", "Ivan", "Kira", "Lev",
  "Maria", "Nikita", "Olga", "Pavel", "Raisa", "Semyon", "Tamara", "Ulyana", "Fyodor", "Yana",
};
static const char *last_names[] = {
  "Ivanov", "Petrov", "Sidorov", "Smirnov", "Kuznetsov", "Popov", "Vasiliev", "Sokolov",
  "Mikhailov", "Novikov", "Fedorov", "Morozov", "Volkov", "Alekseev", "Lebedev", "Semenov",
  "Egorov", "Pavlov", "Kozlov", "Stepanov", "Nikolaev", "Orlov", "Andreev", "Makarov",
};

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static glong
rss_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmRSS:");
  return line ? strtol (line + 6, NULL, 10) : -1;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
percentile (GArray *values,
            double  p)
{
  guint index;

  if (values->len == 0)
    return 0;
  g_array_sort (values, compare_double);
  index = (guint) MIN (values->len - 1, p * values->len);
  return g_array_index (values, double, index);
}

/* --- the replica ------------------------------------------------------------------ */

static double
make_replica (const char *dir,
              guint       n_contacts)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdStore) store = NULL;
  gint64 count;
  double start = now_ms ();

  store = rd_store_open_dir (dir, &error);
  if (store == NULL)
    g_error ("replica: %s", error->message);
  count = rd_store_count (store, "contacts", NULL, NULL);
  if (count >= n_contacts)
    return 0;

  /* A bulk load, as a first snapshot from the server is: no outbox. */
  rd_store_set_capture (store, FALSE);
  for (guint64 i = count; i < n_contacts; )
    {
      if (!rd_store_begin (store, &error))
        g_error ("begin: %s", error->message);
      for (guint batch = 0; batch < 20000 && i < n_contacts; batch++, i++)
        {
          g_autoptr(RdRecord) contact = rd_record_new ("contacts");
          g_autofree char *phone = g_strdup_printf ("+7 9%02u %03u-%02u-%02u", (guint) (i / 10000000) % 100,
                                                    (guint) (i / 10000) % 1000, (guint) (i / 100) % 100, (guint) i % 100);

          rd_record_set_string (contact, "first_name", first_names[i % G_N_ELEMENTS (first_names)]);
          rd_record_set_string (contact, "last_name", last_names[(i / 7) % G_N_ELEMENTS (last_names)]);
          {
            g_autofree char *name = g_strdup_printf ("%s %s %06" G_GUINT64_FORMAT,
                                                     first_names[i % G_N_ELEMENTS (first_names)],
                                                     last_names[(i / 7) % G_N_ELEMENTS (last_names)], i);
            rd_record_set_string (contact, "name", name);
          }
          rd_record_add_phone (contact, phone, "mobile");
          if (!rd_store_insert (store, contact, &error))
            g_error ("insert: %s", error->message);
        }
      if (!rd_store_commit (store, &error))
        g_error ("commit: %s", error->message);
      g_printerr ("generated %" G_GUINT64_FORMAT " contacts\r", i);
    }
  g_printerr ("\n");
  return (now_ms () - start) / 1000.0;
}

/* --- the window ---------------------------------------------------------------------- */

typedef struct
{
  RdWindow     *window;
  guint         frames;
  guint         target;
  guint         n_contacts;
  double        first_list_ms;
} Bench;

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  Bench *bench = user_data;

  bench->frames++;
  return G_SOURCE_CONTINUE;
}

static void
run_until (gboolean (*done) (Bench *bench),
           Bench     *bench,
           double     timeout_ms)
{
  double deadline = now_ms () + timeout_ms;

  while (!done (bench) && now_ms () < deadline)
    g_main_context_iteration (NULL, TRUE);
}

static RdPagedModel *
contacts_model (Bench *bench)
{
  return rd_list_page_get_model (rd_window_get_list (bench->window, "contacts"));
}

static gboolean
list_ready (Bench *bench)
{
  RdPagedModel *model = contacts_model (bench);

  return model != NULL && !rd_paged_model_get_loading (model) &&
         g_list_model_get_n_items (G_LIST_MODEL (model)) > 0 &&
         rd_paged_model_get_n_fetches (model) > 0;
}

static gboolean
frames_reached (Bench *bench)
{
  return bench->frames >= bench->target;
}

static void
next_frame (Bench *bench)
{
  bench->target = bench->frames + 1;
  run_until (frames_reached, bench, 5000);
}

static GtkAdjustment *
list_adjustment (Bench *bench)
{
  GtkWidget *page = GTK_WIDGET (rd_window_get_list (bench->window, "contacts"));
  GObject *view = gtk_widget_get_template_child (page, RD_TYPE_LIST_PAGE, "column_view");

  return gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view));
}

static void
scroll_whole_list (Bench  *bench,
                   GArray *waits)
{
  GtkAdjustment *adjustment = list_adjustment (bench);
  guint positions = 400;

  for (guint i = 0; i <= positions; i++)
    {
      double upper = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment);
      double start = now_ms ();

      gtk_adjustment_set_value (adjustment, upper * i / positions);
      next_frame (bench);
      run_until (list_ready, bench, 30000);
      next_frame (bench);
      g_array_append_val (waits, (double) { now_ms () - start });
    }
  g_print ("scroll_positions %u\n", positions + 1);
}

static void
search_keystrokes (Bench  *bench,
                   GArray *times)
{
  RdListPage *page = rd_window_get_list (bench->window, "contacts");
  const char *words[] = { "Anna", "Boris Pet", "Vera Sid", "Ivan", "Olga Mor", "Lev Kozl", "Kira", "Yana Orl" };

  for (guint w = 0; w < G_N_ELEMENTS (words); w++)
    {
      for (gsize len = 1; len <= strlen (words[w]); len++)
        {
          g_autofree char *text = g_strndup (words[w], len);
          RdPagedModel *before = contacts_model (bench);
          double start = now_ms ();

          rd_list_page_set_search_text (page, text);
          /* The list is replaced after the entry's search delay, then filled. */
          while (contacts_model (bench) == before && now_ms () - start < 10000)
            g_main_context_iteration (NULL, TRUE);
          run_until (list_ready, bench, 30000);
          next_frame (bench);
          g_array_append_val (times, (double) { now_ms () - start });
        }
      rd_list_page_set_search_text (page, "");
    }
}

static void
window_added_cb (GtkApplication *app,
                 GtkWindow      *window,
                 Bench          *bench)
{
  bench->window = RD_WINDOW (window);
  gtk_widget_add_tick_callback (GTK_WIDGET (window), tick_cb, bench, NULL);
}

static void
activate_after_cb (GApplication *app,
                   Bench        *bench)
{
  g_autoptr(GArray) waits = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) keystrokes = g_array_new (FALSE, FALSE, sizeof (double));

  run_until (list_ready, bench, 60000);
  next_frame (bench);
  bench->first_list_ms = now_ms () - process_start_us / 1000.0;
  g_print ("cold_start_first_list_ms %.1f\n", bench->first_list_ms);
  g_print ("contacts %u\n", g_list_model_get_n_items (G_LIST_MODEL (contacts_model (bench))));

  if (!skip_scroll)
    {
      scroll_whole_list (bench, waits);
      g_print ("rss_after_scroll_kb %ld\n", rss_kb ());
      g_print ("scroll_page_wait_p99_ms %.1f\n", percentile (waits, 0.99));
    }

  search_keystrokes (bench, keystrokes);
  g_print ("search_keystrokes %u\n", keystrokes->len);
  g_print ("search_keystroke_p50_ms %.1f\n", percentile (keystrokes, 0.50));
  g_print ("search_keystroke_p99_ms %.1f\n", percentile (keystrokes, 0.99));
  g_print ("rss_end_kb %ld\n", rss_kb ());

  gtk_window_destroy (GTK_WINDOW (bench->window));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- Ringdesk window benchmark");
  g_autoptr(GError) error = NULL;
  g_autoptr(RdApplication) app = NULL;
  g_autofree char *dir = NULL;
  int n_contacts = 1000000;
  Bench bench = { 0 };
  GOptionEntry entries[] = {
    { "contacts", 0, 0, G_OPTION_ARG_INT, &n_contacts, "Contacts in the replica (1000000)", "N" },
    { "dir", 0, 0, G_OPTION_ARG_FILENAME, &dir, "Where the replica is kept", "DIR" },
    { "skip-scroll", 0, 0, G_OPTION_ARG_NONE, &skip_scroll, "Measure start and search only", NULL },
    { NULL }
  };
  char *app_argv[] = { "ringdesk", "--replica", NULL, NULL };
  double generate_s;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (dir == NULL)
    dir = g_strdup_printf ("%s/replica-%d", BENCH_BUILD_DIR, n_contacts);

  generate_s = make_replica (dir, n_contacts);
  g_print ("generate_s %.1f\n", generate_s);

  /* Start the clock as a fresh start would: the replica is closed now. */
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GSETTINGS_SCHEMA_DIR", BENCH_SCHEMA_DIR, FALSE);
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  process_start_us = g_get_monotonic_time ();
  bench.n_contacts = n_contacts;
  app_argv[2] = dir;
  app = rd_application_new ();
  g_signal_connect (app, "window-added", G_CALLBACK (window_added_cb), &bench);
  g_signal_connect_after (app, "activate", G_CALLBACK (activate_after_cb), &bench);
  return g_application_run (G_APPLICATION (app), 3, app_argv);
}
