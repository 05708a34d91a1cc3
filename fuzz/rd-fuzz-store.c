/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>

#include <glib/gstdio.h>

#include "rd-fuzz-store.h"

static char *dir;
static char *input_path;
static RdStore *store;

static void
remove_dir (void)
{
  g_autoptr(GDir) d = NULL;
  const char *name;

  g_clear_object (&store);
  if (dir == NULL)
    return;
  d = g_dir_open (dir, 0, NULL);
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (dir);
}

static void
ensure_dir (void)
{
  g_autoptr(GError) error = NULL;

  if (dir != NULL)
    return;
  dir = g_dir_make_tmp ("rd-fuzz-XXXXXX", &error);
  g_assert_no_error (error);
  input_path = g_build_filename (dir, "input", NULL);
  atexit (remove_dir);
}

RdStore *
rd_fuzz_store (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  if (store != NULL)
    return store;
  ensure_dir ();
  path = g_build_filename (dir, "replica.db", NULL);
  store = rd_store_open (path, &error);
  g_assert_no_error (error);
  return store;
}

const char *
rd_fuzz_write_input (const uint8_t *data,
                     size_t         size)
{
  FILE *f;

  ensure_dir ();
  f = fopen (input_path, "wb");
  g_assert (f != NULL);
  g_assert (fwrite (data, 1, size, f) == size);
  g_assert (fclose (f) == 0);
  return input_path;
}
