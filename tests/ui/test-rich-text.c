/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gtk/gtk.h>

#include "rd-rich-text.h"

/* The e-mail editor's buffer as HTML and plain text: bold and italic runs, a link, bulleted
 * lines (on, and off again), quoted lines, text that must be escaped. */

static void
select_range (GtkTextBuffer *buffer,
              int            line,
              int            from,
              int            to)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_iter_at_line_offset (buffer, &start, line, from);
  gtk_text_buffer_get_iter_at_line_offset (buffer, &end, line, to);
  gtk_text_buffer_select_range (buffer, &start, &end);
}

static void
test_formatting (void)
{
  g_autoptr(GtkTextBuffer) buffer = gtk_text_buffer_new (NULL);
  g_autofree char *html = NULL;
  g_autofree char *plain = NULL;
  GtkTextIter start, end;

  rd_rich_text_setup (buffer);
  rd_rich_text_setup (buffer);   /* twice: the tags exist once */
  gtk_text_buffer_set_text (buffer, "Dear Anna & <co>,\nsee the site\none\ntwo\nbye", -1);
  select_range (buffer, 0, 5, 9);
  rd_rich_text_toggle (buffer, "bold");
  select_range (buffer, 0, 7, 9);
  rd_rich_text_toggle (buffer, "italic");
  select_range (buffer, 1, 8, 12);
  g_assert_false (rd_rich_text_add_link (buffer, "javascript:alert(1)"));
  g_assert_true (rd_rich_text_add_link (buffer, "https://example.org/?a=1&b=2"));
  gtk_text_buffer_get_iter_at_line (buffer, &start, 2);
  gtk_text_buffer_get_iter_at_line_offset (buffer, &end, 3, 1);
  gtk_text_buffer_select_range (buffer, &start, &end);
  rd_rich_text_toggle_bullets (buffer);

  html = rd_rich_text_to_html (buffer);
  g_assert_cmpstr (html, ==,
                   "Dear <b>An</b><b><i>na</i></b> &amp; &lt;co&gt;,<br>\n"
                   "see the <a href=\"https://example.org/?a=1&amp;b=2\">site</a><br>\n"
                   "<ul>\n<li>one</li>\n<li>two</li>\n</ul>\nbye");
  plain = rd_rich_text_to_plain (buffer);
  g_assert_cmpstr (plain, ==,
                   "Dear Anna & <co>,\nsee the site <https://example.org/?a=1&b=2>\n• one\n• two\nbye");

  /* Bold again over all of it turns it off. */
  select_range (buffer, 0, 5, 9);
  rd_rich_text_toggle (buffer, "bold");
  g_clear_pointer (&html, g_free);
  html = rd_rich_text_to_html (buffer);
  g_assert_true (g_str_has_prefix (html, "Dear An<i>na</i> &amp;"));

  /* The list off again. */
  gtk_text_buffer_get_iter_at_line (buffer, &start, 2);
  gtk_text_buffer_get_iter_at_line_offset (buffer, &end, 3, 1);
  gtk_text_buffer_select_range (buffer, &start, &end);
  rd_rich_text_toggle_bullets (buffer);
  g_clear_pointer (&plain, g_free);
  plain = rd_rich_text_to_plain (buffer);
  g_assert_true (g_str_has_suffix (plain, "\none\ntwo\nbye"));
}

static void
test_quote (void)
{
  g_autoptr(GtkTextBuffer) buffer = gtk_text_buffer_new (NULL);
  g_autofree char *html = NULL;
  g_autofree char *plain = NULL;

  rd_rich_text_setup (buffer);
  gtk_text_buffer_set_text (buffer, "Thanks!\n", -1);
  rd_rich_text_append_quote (buffer, "Hello,\nis it <ready>?\n");
  html = rd_rich_text_to_html (buffer);
  g_assert_cmpstr (html, ==, "Thanks!<br>\n<blockquote>\nHello,<br>\nis it &lt;ready&gt;?<br>\n</blockquote>\n");
  plain = rd_rich_text_to_plain (buffer);
  g_assert_cmpstr (plain, ==, "Thanks!\n> Hello,\n> is it <ready>?\n");
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ui/rich-text/formatting", test_formatting);
  g_test_add_func ("/ui/rich-text/quote", test_quote);
  return g_test_run ();
}
