/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "rd-portal-template.h"

#define RESOURCE_PREFIX "/io/github/ringdesk/portal/"

static GKeyFile *
catalogue (void)
{
  static gsize strings;

  if (g_once_init_enter (&strings))
    {
      g_autoptr(GBytes) bytes = g_resources_lookup_data (RESOURCE_PREFIX "strings.ini", 0, NULL);
      GKeyFile *file = g_key_file_new ();

      if (bytes == NULL ||
          !g_key_file_load_from_bytes (file, bytes, G_KEY_FILE_NONE, NULL))
        g_warning ("portal: the message catalogue is missing");
      g_once_init_leave (&strings, (gsize) file);
    }
  return (GKeyFile *) strings;
}

const char *
rd_portal_lang_from_header (const char *accept_language)
{
  g_auto(GStrv) ranges = NULL;
  double best_q = -1.0;
  const char *best = "en";

  if (accept_language == NULL)
    return "en";
  /* The highest-weighted of the languages we have; ties go to the first named. */
  ranges = g_strsplit (accept_language, ",", 16);
  for (guint i = 0; ranges[i]; i++)
    {
      g_auto(GStrv) parts = g_strsplit (ranges[i], ";", 2);
      char *tag = g_strstrip (parts[0]);
      double q = 1.0;
      const char *lang = NULL;

      if (parts[1] != NULL)
        {
          char *weight = g_strstrip (parts[1]);

          if (g_str_has_prefix (weight, "q="))
            q = g_ascii_strtod (weight + 2, NULL);
        }
      if (g_ascii_strncasecmp (tag, "ru", 2) == 0 && (tag[2] == '\0' || tag[2] == '-'))
        lang = "ru";
      else if (g_ascii_strncasecmp (tag, "en", 2) == 0 && (tag[2] == '\0' || tag[2] == '-'))
        lang = "en";
      if (lang != NULL && q > best_q)
        {
          best_q = q;
          best = lang;
        }
    }
  return best;
}

const char *
rd_portal_t (const char *lang,
             const char *key)
{
  static GHashTable *interned;
  static GMutex lock;
  g_autofree char *text = g_key_file_get_string (catalogue (), lang, key, NULL);
  const char *kept;

  if (text == NULL)
    text = g_key_file_get_string (catalogue (), "en", key, NULL);
  if (text == NULL)
    return key;
  /* Texts live as long as the process, so callers need not free them. */
  g_mutex_lock (&lock);
  if (interned == NULL)
    interned = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  kept = g_hash_table_lookup (interned, text);
  if (kept == NULL)
    {
      kept = g_strdup (text);
      g_hash_table_add (interned, (char *) kept);
    }
  g_mutex_unlock (&lock);
  return kept;
}

char *
rd_portal_escape (const char *text)
{
  GString *out = g_string_sized_new (text ? strlen (text) + 16 : 1);

  for (const char *p = text ? text : ""; *p; p++)
    switch (*p)
      {
      case '&': g_string_append (out, "&amp;"); break;
      case '<': g_string_append (out, "&lt;"); break;
      case '>': g_string_append (out, "&gt;"); break;
      case '"': g_string_append (out, "&quot;"); break;
      case '\'': g_string_append (out, "&#39;"); break;
      default: g_string_append_c (out, *p);
      }
  return g_string_free (out, FALSE);
}

static void
append_escaped (GString    *out,
                const char *text)
{
  g_autofree char *escaped = rd_portal_escape (text);

  g_string_append (out, escaped);
}

char *
rd_portal_render (const char *name,
                  const char *lang,
                  GHashTable *vars)
{
  g_autofree char *path = g_strconcat (RESOURCE_PREFIX, name, ".html", NULL);
  g_autoptr(GBytes) bytes = g_resources_lookup_data (path, 0, NULL);
  GString *out;
  const char *p, *end;

  if (bytes == NULL)
    {
      g_warning ("portal: no template %s", name);
      return g_strdup ("");
    }
  p = g_bytes_get_data (bytes, NULL);
  end = p + g_bytes_get_size (bytes);
  out = g_string_sized_new (g_bytes_get_size (bytes) * 2);
  while (p < end)
    {
      const char *open = g_strstr_len (p, end - p, "{{");
      const char *close;
      g_autofree char *key = NULL;

      if (open == NULL || (close = g_strstr_len (open, end - open, "}}")) == NULL)
        {
          g_string_append_len (out, p, end - p);
          break;
        }
      g_string_append_len (out, p, open - p);
      key = g_strndup (open + 2, close - open - 2);
      if (g_str_has_prefix (key, "t:"))
        append_escaped (out, rd_portal_t (lang, key + 2));
      else if (key[0] == '&')
        g_string_append (out, vars ? g_hash_table_lookup (vars, key + 1) ?: "" : "");
      else
        append_escaped (out, vars ? g_hash_table_lookup (vars, key) : NULL);
      p = close + 2;
    }
  return g_string_free (out, FALSE);
}

GBytes *
rd_portal_static (const char *name)
{
  g_autofree char *path = NULL;

  if (strchr (name, '/') != NULL || name[0] == '.')
    return NULL;
  path = g_strconcat (RESOURCE_PREFIX, name, NULL);
  return g_resources_lookup_data (path, 0, NULL);
}
