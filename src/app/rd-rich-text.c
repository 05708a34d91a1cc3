/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include <string.h>

#include "rd-rich-text.h"

#define BULLET "• "
#define QUOTE  "> "
#define LINK_KEY "rd-link-url"

void
rd_rich_text_setup (GtkTextBuffer *buffer)
{
  GtkTextTagTable *table = gtk_text_buffer_get_tag_table (buffer);

  if (gtk_text_tag_table_lookup (table, "bold") != NULL)
    return;
  gtk_text_buffer_create_tag (buffer, "bold", "weight", PANGO_WEIGHT_BOLD, NULL);
  gtk_text_buffer_create_tag (buffer, "italic", "style", PANGO_STYLE_ITALIC, NULL);
  gtk_text_buffer_create_tag (buffer, "bullet", "left-margin", 24, "indent", -12, NULL);
  gtk_text_buffer_create_tag (buffer, "quote", "left-margin", 16, "foreground", "#77767b", NULL);
}

static gboolean
selection (GtkTextBuffer *buffer,
           GtkTextIter   *start,
           GtkTextIter   *end)
{
  return gtk_text_buffer_get_selection_bounds (buffer, start, end);
}

static gboolean
range_has_tag (GtkTextIter *start,
               GtkTextIter *end,
               GtkTextTag  *tag)
{
  GtkTextIter iter = *start;

  while (gtk_text_iter_compare (&iter, end) < 0)
    {
      if (!gtk_text_iter_has_tag (&iter, tag))
        return FALSE;
      gtk_text_iter_forward_char (&iter);
    }
  return TRUE;
}

void
rd_rich_text_toggle (GtkTextBuffer *buffer,
                     const char    *tag_name)
{
  GtkTextTag *tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), tag_name);
  GtkTextIter start, end;

  g_return_if_fail (tag != NULL);
  if (!selection (buffer, &start, &end))
    return;
  if (range_has_tag (&start, &end, tag))
    gtk_text_buffer_remove_tag (buffer, tag, &start, &end);
  else
    gtk_text_buffer_apply_tag (buffer, tag, &start, &end);
}

static gboolean
line_starts_with (GtkTextBuffer *buffer,
                  int            line,
                  const char    *prefix)
{
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  gtk_text_buffer_get_iter_at_line (buffer, &start, line);
  end = start;
  gtk_text_iter_forward_chars (&end, g_utf8_strlen (prefix, -1));
  text = gtk_text_iter_get_text (&start, &end);
  return g_str_equal (text, prefix);
}

static void
tag_line (GtkTextBuffer *buffer,
          int            line,
          const char    *tag_name)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_iter_at_line (buffer, &start, line);
  end = start;
  if (!gtk_text_iter_ends_line (&end))
    gtk_text_iter_forward_to_line_end (&end);
  gtk_text_iter_forward_char (&end);   /* the line end too, so a new line continues the item */
  gtk_text_buffer_apply_tag_by_name (buffer, tag_name, &start, &end);
}

void
rd_rich_text_toggle_bullets (GtkTextBuffer *buffer)
{
  GtkTextIter start, end;
  int first, last;
  gboolean all = TRUE;

  gtk_text_buffer_get_selection_bounds (buffer, &start, &end);
  first = gtk_text_iter_get_line (&start);
  last = gtk_text_iter_get_line (&end);
  for (int line = first; line <= last; line++)
    all = all && line_starts_with (buffer, line, BULLET);

  gtk_text_buffer_begin_user_action (buffer);
  for (int line = first; line <= last; line++)
    {
      GtkTextIter a, b;

      gtk_text_buffer_get_iter_at_line (buffer, &a, line);
      if (all)
        {
          b = a;
          gtk_text_iter_forward_chars (&b, g_utf8_strlen (BULLET, -1));
          gtk_text_buffer_delete (buffer, &a, &b);
          gtk_text_buffer_get_iter_at_line (buffer, &a, line);
          b = a;
          gtk_text_iter_forward_line (&b);
          gtk_text_buffer_remove_tag_by_name (buffer, "bullet", &a, &b);
        }
      else
        {
          if (!line_starts_with (buffer, line, BULLET))
            gtk_text_buffer_insert (buffer, &a, BULLET, -1);
          tag_line (buffer, line, "bullet");
        }
    }
  gtk_text_buffer_end_user_action (buffer);
}

gboolean
rd_rich_text_add_link (GtkTextBuffer *buffer,
                       const char    *url)
{
  GtkTextIter start, end;
  GtkTextTag *tag;

  if (url == NULL || !(g_str_has_prefix (url, "https://") || g_str_has_prefix (url, "http://") ||
                       g_str_has_prefix (url, "mailto:")) || strpbrk (url, " \"<>") != NULL)
    return FALSE;
  if (!selection (buffer, &start, &end))
    {
      gtk_text_buffer_get_iter_at_mark (buffer, &start, gtk_text_buffer_get_insert (buffer));
      gtk_text_buffer_insert (buffer, &start, url, -1);
      end = start;
      gtk_text_iter_backward_chars (&start, g_utf8_strlen (url, -1));
    }
  tag = gtk_text_buffer_create_tag (buffer, NULL, "underline", PANGO_UNDERLINE_SINGLE,
                                    "foreground", "#1c71d8", NULL);
  g_object_set_data_full (G_OBJECT (tag), LINK_KEY, g_strdup (url), g_free);
  gtk_text_buffer_apply_tag (buffer, tag, &start, &end);
  return TRUE;
}

void
rd_rich_text_append_quote (GtkTextBuffer *buffer,
                           const char    *text)
{
  g_auto(GStrv) lines = g_strsplit (text ? text : "", "\n", -1);
  GtkTextIter end;

  for (gsize i = 0; lines[i] != NULL; i++)
    {
      int line;

      if (lines[i + 1] == NULL && *lines[i] == '\0')
        break;
      gtk_text_buffer_get_end_iter (buffer, &end);
      line = gtk_text_iter_get_line (&end);
      gtk_text_buffer_insert (buffer, &end, QUOTE, -1);
      gtk_text_buffer_insert (buffer, &end, lines[i], -1);
      gtk_text_buffer_insert (buffer, &end, "\n", -1);
      tag_line (buffer, line, "quote");
    }
}

/* ---- serialising ------------------------------------------------------------------ */

static const char *
link_of (GtkTextIter *iter)
{
  g_autoptr(GSList) tags = gtk_text_iter_get_tags (iter);

  for (GSList *l = tags; l != NULL; l = l->next)
    {
      const char *url = g_object_get_data (l->data, LINK_KEY);

      if (url != NULL)
        return url;
    }
  return NULL;
}

static gboolean
has (GtkTextIter *iter,
     const char  *name)
{
  GtkTextTag *tag = gtk_text_tag_table_lookup (
    gtk_text_buffer_get_tag_table (gtk_text_iter_get_buffer (iter)), name);

  return tag != NULL && gtk_text_iter_has_tag (iter, tag);
}

/* The text of line @line from @skip characters on, as HTML runs. */
static void
append_line_html (GString       *out,
                  GtkTextBuffer *buffer,
                  int            line,
                  int            skip)
{
  GtkTextIter iter, line_end;

  gtk_text_buffer_get_iter_at_line_offset (buffer, &iter, line, skip);
  line_end = iter;
  if (!gtk_text_iter_ends_line (&line_end))
    gtk_text_iter_forward_to_line_end (&line_end);
  while (gtk_text_iter_compare (&iter, &line_end) < 0)
    {
      GtkTextIter next = iter;
      g_autofree char *text = NULL;
      g_autofree char *escaped = NULL;
      g_autofree char *href = NULL;
      const char *url = link_of (&iter);
      gboolean bold = has (&iter, "bold"), italic = has (&iter, "italic");

      if (!gtk_text_iter_forward_to_tag_toggle (&next, NULL) ||
          gtk_text_iter_compare (&next, &line_end) > 0)
        next = line_end;
      text = gtk_text_iter_get_text (&iter, &next);
      escaped = g_markup_escape_text (text, -1);
      if (url != NULL)
        {
          href = g_markup_escape_text (url, -1);
          g_string_append_printf (out, "<a href=\"%s\">", href);
        }
      g_string_append (out, bold ? "<b>" : "");
      g_string_append (out, italic ? "<i>" : "");
      g_string_append (out, escaped);
      g_string_append (out, italic ? "</i>" : "");
      g_string_append (out, bold ? "</b>" : "");
      g_string_append (out, url != NULL ? "</a>" : "");
      iter = next;
    }
}

typedef enum { BLOCK_TEXT, BLOCK_LIST, BLOCK_QUOTE } Block;

static Block
line_block (GtkTextBuffer *buffer,
            int            line)
{
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_line (buffer, &iter, line);
  if (has (&iter, "bullet") && line_starts_with (buffer, line, BULLET))
    return BLOCK_LIST;
  if (has (&iter, "quote") && line_starts_with (buffer, line, QUOTE))
    return BLOCK_QUOTE;
  return BLOCK_TEXT;
}

char *
rd_rich_text_to_html (GtkTextBuffer *buffer)
{
  GString *out = g_string_new (NULL);
  int lines = gtk_text_buffer_get_line_count (buffer);
  Block open = BLOCK_TEXT;

  for (int line = 0; line < lines; line++)
    {
      Block block = line_block (buffer, line);

      if (block != open)
        {
          g_string_append (out, open == BLOCK_LIST ? "</ul>\n" : open == BLOCK_QUOTE ? "</blockquote>\n" : "");
          g_string_append (out, block == BLOCK_LIST ? "<ul>\n" : block == BLOCK_QUOTE ? "<blockquote>\n" : "");
          open = block;
        }
      switch (block)
        {
        case BLOCK_LIST:
          g_string_append (out, "<li>");
          append_line_html (out, buffer, line, g_utf8_strlen (BULLET, -1));
          g_string_append (out, "</li>\n");
          break;
        case BLOCK_QUOTE:
          append_line_html (out, buffer, line, g_utf8_strlen (QUOTE, -1));
          g_string_append (out, "<br>\n");
          break;
        case BLOCK_TEXT:
        default:
          append_line_html (out, buffer, line, 0);
          if (line + 1 < lines)
            g_string_append (out, "<br>\n");
          break;
        }
    }
  g_string_append (out, open == BLOCK_LIST ? "</ul>\n" : open == BLOCK_QUOTE ? "</blockquote>\n" : "");
  return g_string_free (out, FALSE);
}

char *
rd_rich_text_to_plain (GtkTextBuffer *buffer)
{
  GString *out = g_string_new (NULL);
  GtkTextIter iter, end;

  gtk_text_buffer_get_start_iter (buffer, &iter);
  gtk_text_buffer_get_end_iter (buffer, &end);
  while (gtk_text_iter_compare (&iter, &end) < 0)
    {
      GtkTextIter next = iter;
      g_autofree char *text = NULL;
      const char *url = link_of (&iter);

      if (!gtk_text_iter_forward_to_tag_toggle (&next, NULL))
        next = end;
      text = gtk_text_iter_get_text (&iter, &next);
      g_string_append (out, text);
      if (url != NULL && g_strcmp0 (text, url) != 0)
        g_string_append_printf (out, " <%s>", url);
      iter = next;
    }
  return g_string_free (out, FALSE);
}
