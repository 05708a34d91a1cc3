/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>

#include "rd-phone-zones.h"

#define MAX_PREFIX 15

struct _RdPhoneZones
{
  GObject     parent_instance;

  GHashTable *zones;        /* prefix digits -> interned zone id */
  guint       longest;
};

G_DEFINE_FINAL_TYPE (RdPhoneZones, rd_phone_zones, G_TYPE_OBJECT)
G_DEFINE_QUARK (rd-phone-zones-error-quark, rd_phone_zones_error)

static void
rd_phone_zones_finalize (GObject *object)
{
  RdPhoneZones *self = RD_PHONE_ZONES (object);

  g_clear_pointer (&self->zones, g_hash_table_unref);

  G_OBJECT_CLASS (rd_phone_zones_parent_class)->finalize (object);
}

static void
rd_phone_zones_class_init (RdPhoneZonesClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rd_phone_zones_finalize;
}

static void
rd_phone_zones_init (RdPhoneZones *self)
{
  self->zones = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

static gboolean
all_digits (const char *s)
{
  if (*s == '\0')
    return FALSE;
  for (; *s; s++)
    if (!g_ascii_isdigit (*s))
      return FALSE;
  return TRUE;
}

RdPhoneZones *
rd_phone_zones_new_from_data (const char  *text,
                              GError     **error)
{
  g_autoptr(RdPhoneZones) self = g_object_new (RD_TYPE_PHONE_ZONES, NULL);
  g_auto(GStrv) lines = NULL;

  g_return_val_if_fail (text != NULL, NULL);

  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = NULL;
      char *line = g_strstrip (lines[i]);

      if (*line == '\0' || *line == '#')
        continue;
      fields = g_strsplit (line, "\t", 3);
      if (g_strv_length (fields) < 2 || !all_digits (fields[0]) ||
          strlen (fields[0]) > MAX_PREFIX || *g_strstrip (fields[1]) == '\0')
        {
          g_set_error (error, RD_PHONE_ZONES_ERROR, RD_PHONE_ZONES_ERROR_PARSE,
                       "Line %u: expected “PREFIX<TAB>ZONE”", i + 1);
          return NULL;
        }
      g_hash_table_replace (self->zones, g_strdup (fields[0]),
                            (gpointer) g_intern_string (fields[1]));
      self->longest = MAX (self->longest, strlen (fields[0]));
    }

  return g_steal_pointer (&self);
}

RdPhoneZones *
rd_phone_zones_new_from_file (const char  *path,
                              GError     **error)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_get_contents (path, &text, NULL, error))
    return NULL;
  return rd_phone_zones_new_from_data (text, error);
}

char *
rd_phone_zones_default_path (void)
{
  return g_build_filename (PKGDATADIR, "phone-timezones.tsv", NULL);
}

const char *
rd_phone_zones_lookup (RdPhoneZones *self,
                       const char   *number)
{
  char digits[MAX_PREFIX + 1];
  guint n = 0;

  g_return_val_if_fail (RD_IS_PHONE_ZONES (self), NULL);
  g_return_val_if_fail (number != NULL, NULL);

  for (const char *p = number; *p != '\0' && n < MAX_PREFIX; p++)
    if (g_ascii_isdigit (*p))
      digits[n++] = *p;

  for (guint len = MIN (n, self->longest); len > 0; len--)
    {
      const char *zone;

      digits[len] = '\0';
      zone = g_hash_table_lookup (self->zones, digits);
      if (zone != NULL)
        return zone;
    }
  return NULL;
}

guint
rd_phone_zones_get_size (RdPhoneZones *self)
{
  g_return_val_if_fail (RD_IS_PHONE_ZONES (self), 0);
  return g_hash_table_size (self->zones);
}
