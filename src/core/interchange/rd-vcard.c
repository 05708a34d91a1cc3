/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "rd-country.h"
#include "rd-store-bulk.h"
#include "rd-uuid.h"
#include "rd-vcard.h"

/* ---- writing ---------------------------------------------------------------------------- */

static void
append_escaped (GString    *out,
                const char *value)
{
  for (const char *p = value; p != NULL && *p != '\0'; p++)
    {
      switch (*p)
        {
        case '\\': g_string_append (out, "\\\\"); break;
        case ',': g_string_append (out, "\\,"); break;
        case ';': g_string_append (out, "\\;"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': break;
        default: g_string_append_c (out, *p); break;
        }
    }
}

/* Appends one content line, folded at 75 octets without splitting a UTF-8 character. */
static void
append_line (GString    *out,
             const char *line)
{
  gsize len = strlen (line);
  gsize pos = 0;
  gsize limit = 75;

  while (len - pos > limit)
    {
      gsize cut = pos + limit;

      while (cut > pos && ((unsigned char) line[cut] & 0xc0) == 0x80)
        cut--;
      g_string_append_len (out, line + pos, cut - pos);
      g_string_append (out, "\r\n ");
      pos = cut;
      limit = 74;   /* the leading space counts */
    }
  g_string_append (out, line + pos);
  g_string_append (out, "\r\n");
}

static void
prop (GString    *out,
      const char *name,
      const char *value)
{
  g_autoptr(GString) line = g_string_new (name);

  if (value == NULL || *value == '\0')
    return;
  g_string_append_c (line, ':');
  append_escaped (line, value);
  append_line (out, line->str);
}

char *
rd_vcard_from_contact (RdRecord       *contact,
                       const char     *org_name,
                       RdVCardVersion  version)
{
  GString *out = g_string_new (NULL);
  g_autoptr(GString) line = g_string_new (NULL);
  JsonArray *phones = rd_record_get_array (contact, "phones");
  JsonArray *emails = rd_record_get_array (contact, "emails");
  JsonArray *addresses = rd_record_get_array (contact, "addresses");
  const char *first = rd_record_get_string (contact, "first_name");
  const char *last = rd_record_get_string (contact, "last_name");

  g_string_append (out, "BEGIN:VCARD\r\n");
  g_string_append (out, version == RD_VCARD_4 ? "VERSION:4.0\r\n" : "VERSION:3.0\r\n");
  prop (out, "FN", rd_record_get_string (contact, "name"));
  g_string_assign (line, "N:");
  append_escaped (line, last);
  g_string_append_c (line, ';');
  append_escaped (line, first);
  g_string_append (line, ";;;");
  append_line (out, line->str);
  prop (out, "ORG", org_name);
  prop (out, "TITLE", rd_record_get_string (contact, "title"));

  for (guint i = 0; phones != NULL && i < json_array_get_length (phones); i++)
    {
      JsonObject *p = json_array_get_object_element (phones, i);
      const char *kind = json_object_get_string_member_with_default (p, "kind", "mobile");
      const char *e164 = json_object_get_string_member_with_default (p, "e164", NULL);
      const char *raw = json_object_get_string_member_with_default (p, "raw", NULL);
      const char *type = g_strcmp0 (kind, "work") == 0 ? "work" : g_strcmp0 (kind, "home") == 0 ? "home"
                       : g_strcmp0 (kind, "fax") == 0 ? "fax" : g_strcmp0 (kind, "other") == 0 ? "voice" : "cell";

      g_string_truncate (line, 0);
      if (version == RD_VCARD_4 && e164 != NULL)
        g_string_append_printf (line, "TEL;TYPE=%s;VALUE=uri:tel:%s", type, e164);
      else
        {
          g_autofree char *upper = g_ascii_strup (type, -1);

          g_string_append_printf (line, "TEL;TYPE=%s:", version == RD_VCARD_4 ? type : upper);
          append_escaped (line, raw);
        }
      append_line (out, line->str);
    }

  for (guint i = 0; emails != NULL && i < json_array_get_length (emails); i++)
    {
      JsonObject *e = json_array_get_object_element (emails, i);
      const char *kind = json_object_get_string_member_with_default (e, "kind", "work");

      g_string_truncate (line, 0);
      if (version == RD_VCARD_4)
        g_string_append_printf (line, "EMAIL;TYPE=%s:", g_strcmp0 (kind, "home") == 0 ? "home" : "work");
      else
        g_string_append_printf (line, "EMAIL;TYPE=INTERNET,%s:", g_strcmp0 (kind, "home") == 0 ? "HOME" : "WORK");
      append_escaped (line, json_object_get_string_member (e, "address"));
      append_line (out, line->str);
    }

  /* ADR: ;;street;city;region;postal code;country (its English name, as address books
   * write it). Kinds without a vCard type go as x- types. */
  for (guint i = 0; addresses != NULL && i < json_array_get_length (addresses); i++)
    {
      JsonObject *a = json_array_get_object_element (addresses, i);
      const char *kind = json_object_get_string_member_with_default (a, "kind", "work");
      const char *country = json_object_get_string_member_with_default (a, "country", NULL);
      const char *parts[] = { json_object_get_string_member_with_default (a, "street", NULL),
                              json_object_get_string_member_with_default (a, "city", NULL),
                              json_object_get_string_member_with_default (a, "region", NULL),
                              json_object_get_string_member_with_default (a, "postal_code", NULL),
                              country != NULL && rd_country_name (country, FALSE) != NULL
                                ? rd_country_name (country, FALSE) : country };
      const char *type = g_strcmp0 (kind, "home") == 0 ? "home" : g_strcmp0 (kind, "billing") == 0 ? "x-billing"
                       : g_strcmp0 (kind, "shipping") == 0 ? "x-shipping" : g_strcmp0 (kind, "other") == 0 ? NULL
                       : "work";

      g_string_assign (line, "ADR");
      if (type != NULL)
        {
          g_autofree char *upper = g_ascii_strup (type, -1);

          g_string_append_printf (line, ";TYPE=%s", version == RD_VCARD_4 ? type : upper);
        }
      g_string_append (line, ":;;");
      for (guint k = 0; k < G_N_ELEMENTS (parts); k++)
        {
          if (k > 0)
            g_string_append_c (line, ';');
          append_escaped (line, parts[k]);
        }
      append_line (out, line->str);
    }

  if (rd_record_get_string (contact, "tags") != NULL)
    {
      g_auto(GStrv) tags = g_strsplit (rd_record_get_string (contact, "tags"), ",", -1);

      g_string_assign (line, "CATEGORIES:");
      for (guint i = 0; tags[i] != NULL; i++)
        {
          if (i > 0)
            g_string_append_c (line, ',');
          append_escaped (line, g_strstrip (tags[i]));
        }
      append_line (out, line->str);
    }
  prop (out, "NOTE", rd_record_get_string (contact, "description"));
  if (rd_record_get_id (contact) != NULL)
    {
      g_autofree char *uid = g_strdup_printf (version == RD_VCARD_4 ? "UID:urn:uuid:%s" : "UID:%s",
                                              rd_record_get_id (contact));
      append_line (out, uid);
    }
  g_string_append (out, "END:VCARD\r\n");

  return g_string_free (out, FALSE);
}

/* ---- reading ---------------------------------------------------------------------------- */

static char *
unescape (const char *value,
          gsize       len)
{
  GString *out = g_string_new (NULL);

  for (gsize i = 0; i < len; i++)
    {
      if (value[i] == '\\' && i + 1 < len)
        {
          char c = value[++i];
          g_string_append_c (out, c == 'n' || c == 'N' ? '\n' : c);
        }
      else
        g_string_append_c (out, value[i]);
    }
  return g_string_free (out, FALSE);
}

/* Splits @value at unescaped @sep into unescaped parts. */
static GStrv
split_components (const char *value,
                  char        sep)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  const char *start = value;

  for (const char *p = value; ; p++)
    {
      if (*p == '\\' && p[1] != '\0')
        {
          p++;
          continue;
        }
      if (*p == sep || *p == '\0')
        {
          g_ptr_array_add (parts, unescape (start, p - start));
          if (*p == '\0')
            break;
          start = p + 1;
        }
    }
  g_ptr_array_add (parts, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&parts), FALSE);
}

static const char *
kind_from_params (const char *params,
                  gboolean    phone)
{
  g_autofree char *lower = g_ascii_strdown (params != NULL ? params : "", -1);

  if (strstr (lower, "work") != NULL)
    return "work";
  if (strstr (lower, "home") != NULL)
    return "home";
  if (phone && strstr (lower, "fax") != NULL)
    return "fax";
  return phone ? "mobile" : "work";
}

/* The address kind of ADR parameters: home, work, billing (x-billing, postal), shipping
 * (x-shipping, parcel); work when none says. */
static const char *
address_kind (const char *params)
{
  g_autofree char *lower = g_ascii_strdown (params != NULL ? params : "", -1);

  if (strstr (lower, "billing") != NULL || strstr (lower, "postal") != NULL)
    return "billing";
  if (strstr (lower, "shipping") != NULL || strstr (lower, "parcel") != NULL)
    return "shipping";
  if (strstr (lower, "home") != NULL)
    return "home";
  if (strstr (lower, "work") != NULL)
    return "work";
  return params != NULL && *params != '\0' && strstr (lower, "pref") == NULL ? "other" : "work";
}

GPtrArray *
rd_vcard_parse (const char  *text,
                GError     **error)
{
  g_autoptr(GPtrArray) cards = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GString) unfolded = g_string_new (NULL);
  g_autoptr(RdRecord) card = NULL;
  g_auto(GStrv) lines = NULL;
  guint line_no = 0;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    {
      g_set_error_literal (error, RD_STORE_ERROR, RD_STORE_ERROR_INVALID_VALUE,
                           "vcard: the file is not UTF-8 text");
      return NULL;
    }

  /* Unfold: a line break followed by a space or tab continues the line. */
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '\r')
        continue;
      if (*p == '\n' && (p[1] == ' ' || p[1] == '\t'))
        {
          p++;
          continue;
        }
      g_string_append_c (unfolded, *p);
    }
  if (g_str_has_prefix (unfolded->str, "\xef\xbb\xbf"))
    g_string_erase (unfolded, 0, 3);

  lines = g_strsplit (unfolded->str, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = lines[i];
      char *colon, *name, *params, *dot;
      const char *value;

      line_no++;
      if (*line == '\0')
        continue;

      /* The name ends at the first ':' outside quoted parameter values. */
      colon = NULL;
      {
        gboolean quoted = FALSE;

        for (char *p = line; *p != '\0' && colon == NULL; p++)
          {
            if (*p == '"')
              quoted = !quoted;
            else if (*p == ':' && !quoted)
              colon = p;
          }
      }
      if (colon == NULL)
        continue;
      *colon = '\0';
      value = colon + 1;
      name = line;
      params = strchr (name, ';');
      if (params != NULL)
        *params++ = '\0';
      dot = strchr (name, '.');   /* item1.TEL */
      if (dot != NULL)
        name = dot + 1;

      if (g_ascii_strcasecmp (name, "BEGIN") == 0 && g_ascii_strcasecmp (value, "VCARD") == 0)
        {
          g_clear_object (&card);
          card = rd_record_new ("contacts");
        }
      else if (card == NULL)
        continue;
      else if (g_ascii_strcasecmp (name, "END") == 0)
        {
          if (rd_record_get_string (card, "name") == NULL)
            {
              const char *f = rd_record_get_string (card, "first_name");
              const char *l = rd_record_get_string (card, "last_name");
              g_autofree char *joined = g_strstrip (g_strjoin (" ", f ? f : "", l ? l : "", NULL));

              if (*joined == '\0')
                {
                  g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_REQUIRED,
                               "name: the card ending on line %u has no FN or N", line_no);
                  return NULL;
                }
              rd_record_set_string (card, "name", joined);
            }
          g_ptr_array_add (cards, g_steal_pointer (&card));
        }
      else if (g_ascii_strcasecmp (name, "FN") == 0)
        {
          g_autofree char *v = unescape (value, strlen (value));
          rd_record_set_string (card, "name", v);
        }
      else if (g_ascii_strcasecmp (name, "N") == 0)
        {
          g_auto(GStrv) parts = split_components (value, ';');

          if (parts[0] != NULL && *parts[0] != '\0')
            rd_record_set_string (card, "last_name", parts[0]);
          if (parts[0] != NULL && parts[1] != NULL && *parts[1] != '\0')
            rd_record_set_string (card, "first_name", parts[1]);
        }
      else if (g_ascii_strcasecmp (name, "ORG") == 0)
        {
          g_auto(GStrv) parts = split_components (value, ';');
          if (parts[0] != NULL && *parts[0] != '\0')
            rd_record_set_string (card, "organization", parts[0]);
        }
      else if (g_ascii_strcasecmp (name, "TITLE") == 0)
        {
          g_autofree char *v = unescape (value, strlen (value));
          rd_record_set_string (card, "title", v);
        }
      else if (g_ascii_strcasecmp (name, "NOTE") == 0)
        {
          g_autofree char *v = unescape (value, strlen (value));
          rd_record_set_string (card, "description", v);
        }
      else if (g_ascii_strcasecmp (name, "CATEGORIES") == 0)
        {
          g_auto(GStrv) parts = split_components (value, ',');
          g_autofree char *joined = g_strjoinv (", ", parts);
          rd_record_set_string (card, "tags", joined);
        }
      else if (g_ascii_strcasecmp (name, "TEL") == 0)
        {
          g_autofree char *v = unescape (value, strlen (value));
          const char *number = g_str_has_prefix (v, "tel:") ? v + 4 : v;

          if (*number != '\0')
            rd_record_add_phone (card, number, kind_from_params (params, TRUE));
        }
      else if (g_ascii_strcasecmp (name, "EMAIL") == 0)
        {
          g_autofree char *v = unescape (value, strlen (value));

          if (*v != '\0')
            rd_record_add_email (card, v, kind_from_params (params, FALSE));
        }
      else if (g_ascii_strcasecmp (name, "ADR") == 0)
        {
          g_auto(GStrv) parts = split_components (value, ';');
          JsonObject *a = json_object_new ();
          JsonArray *addresses = rd_record_get_array (card, "addresses");
          g_autoptr(GString) street = g_string_new (NULL);
          guint n = g_strv_length (parts);
          gboolean empty = TRUE;

          /* post office box, extended address and street make one street */
          for (guint k = 0; k < 3 && k < n; k++)
            {
              g_strstrip (parts[k]);
              if (*parts[k] == '\0')
                continue;
              if (street->len > 0)
                g_string_append (street, ", ");
              g_string_append (street, parts[k]);
            }
          json_object_set_string_member (a, "kind", address_kind (params));
          if (street->len > 0)
            json_object_set_string_member (a, "street", street->str), empty = FALSE;
          for (guint k = 3; k < 7 && k < n; k++)
            {
              static const char *const members[] = { "city", "region", "postal_code", "country" };
              const char *v = g_strstrip (parts[k]);

              if (*v == '\0')
                continue;
              /* a country this Ringdesk cannot name is left out (the rest is kept) */
              if (k == 6 && (v = rd_country_code (v)) == NULL)
                continue;
              json_object_set_string_member (a, members[k - 3], v);
              empty = FALSE;
            }
          if (empty)
            json_object_unref (a);
          else
            {
              if (addresses == NULL)
                {
                  json_object_set_array_member (rd_record_get_fields (card), "addresses", json_array_new ());
                  addresses = rd_record_get_array (card, "addresses");
                }
              json_array_add_object_element (addresses, a);
            }
        }
      else if (g_ascii_strcasecmp (name, "UID") == 0)
        {
          const char *uid = g_str_has_prefix (value, "urn:uuid:") ? value + 9 : value;

          if (rd_uuid_is_valid (uid))
            rd_record_set_id (card, uid);
        }
    }

  if (cards->len == 0)
    {
      g_set_error_literal (error, RD_STORE_ERROR, RD_STORE_ERROR_INVALID_VALUE,
                           "vcard: no BEGIN:VCARD … END:VCARD block found");
      return NULL;
    }
  return g_steal_pointer (&cards);
}

/* ---- store ------------------------------------------------------------------------------ */

gboolean
rd_vcard_export (RdStore         *store,
                 const char      *query,
                 const char      *path,
                 RdVCardVersion   version,
                 guint           *n_written,
                 GError         **error)
{
  g_autoptr(GString) out = g_string_new (NULL);
  guint total = 0;

  for (guint offset = 0; ; offset += 1000)
    {
      g_autoptr(GPtrArray) page = rd_store_list (store, "contacts", query, "id", offset, 1000, error);

      if (page == NULL)
        return FALSE;
      for (guint i = 0; i < page->len; i++)
        {
          RdRecord *c = page->pdata[i];
          g_autoptr(RdRecord) org = NULL;
          g_autofree char *card = NULL;

          rd_store_attach_children (store, c);
          if (rd_record_get_string (c, "org_id") != NULL)
            org = rd_store_get (store, "organizations", rd_record_get_string (c, "org_id"), NULL);
          card = rd_vcard_from_contact (c, org != NULL ? rd_record_get_string (org, "name") : NULL, version);
          g_string_append (out, card);
          total++;
        }
      if (page->len < 1000)
        break;
    }

  if (!g_file_set_contents (path, out->str, out->len, error))
    return FALSE;
  if (n_written != NULL)
    *n_written = total;
  return TRUE;
}

gboolean
rd_vcard_import (RdStore     *store,
                 const char  *path,
                 guint       *n_imported,
                 guint       *n_skipped,
                 GError     **error)
{
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) cards = NULL;
  guint imported = 0, skipped = 0;

  if (!g_file_get_contents (path, &text, NULL, error))
    return FALSE;
  cards = rd_vcard_parse (text, error);
  if (cards == NULL)
    return FALSE;

  if (!rd_store_begin (store, error))
    return FALSE;

  for (guint i = 0; i < cards->len; i++)
    {
      RdRecord *card = cards->pdata[i];
      const char *org_name = rd_record_get_string (card, "organization");

      if (rd_record_get_id (card) != NULL && rd_store_find_table (store, rd_record_get_id (card)) != NULL)
        {
          skipped++;
          continue;
        }
      if (org_name != NULL)
        {
          g_autoptr(GPtrArray) orgs = NULL;
          g_autofree char *q = NULL;
          g_autoptr(GString) quoted = g_string_new (NULL);

          for (const char *p = org_name; *p != '\0'; p++)
            {
              if (*p == '\'')
                g_string_append_c (quoted, '\'');
              g_string_append_c (quoted, *p);
            }
          q = g_strdup_printf ("name = '%s'", quoted->str);
          orgs = rd_store_search (store, "organizations", q, "id", 0, 1, error);
          if (orgs == NULL)
            goto fail;
          if (orgs->len > 0)
            rd_record_set_string (card, "org_id", rd_record_get_id (orgs->pdata[0]));
          else
            {
              g_autoptr(RdRecord) org = rd_record_new ("organizations");

              rd_record_set_string (org, "name", org_name);
              if (!rd_store_insert (store, org, error))
                goto fail;
              rd_record_set_string (card, "org_id", rd_record_get_id (org));
            }
          rd_record_remove_field (card, "organization");
        }
      if (!rd_store_insert (store, card, error))
        {
          g_prefix_error (error, "card %u: ", i + 1);
          goto fail;
        }
      imported++;
    }

  if (!rd_store_commit (store, error))
    return FALSE;
  if (n_imported != NULL)
    *n_imported = imported;
  if (n_skipped != NULL)
    *n_skipped = skipped;
  return TRUE;

fail:
  rd_store_rollback (store);
  return FALSE;
}
