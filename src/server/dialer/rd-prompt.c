/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Spoken prompts (the safe-harbor and broadcast messages): text to an 8 kHz WAV, once. */
#include "config.h"

#include <glib/gstdio.h>

#include "rd-prompt.h"

static gboolean
run (const char * const *argv,
     GError            **error)
{
  g_autofree char *err_text = NULL;
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                     NULL, NULL, NULL, &err_text, &status, error))
    return FALSE;
  if (!g_spawn_check_wait_status (status, NULL))
    {
      g_set_error (error, G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED, "%s failed: %s", argv[0],
                   err_text != NULL ? g_strstrip (err_text) : "");
      return FALSE;
    }
  return TRUE;
}

char *
rd_prompt_path (const char *dir,
                const char *voice,
                const char *text)
{
  g_autofree char *key = g_strdup_printf ("%s\n%s", voice, text);
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, key, -1);
  g_autofree char *name = g_strdup_printf ("%.24s.wav", hash);

  return g_build_filename (dir, name, NULL);
}

char *
rd_prompt_for_text (const char  *dir,
                    const char  *voice,
                    const char  *text,
                    GError     **error)
{
  g_autofree char *path = rd_prompt_path (dir, voice, text);
  g_autofree char *spoken = NULL;
  g_autofree char *partial = NULL;

  if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return g_steal_pointer (&path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno), "%s: %s", dir,
                   g_strerror (errno));
      return NULL;
    }
  spoken = g_strdup_printf ("%s.espeak.wav", path);
  partial = g_strdup_printf ("%s.part.wav", path);
  {
    const char *speak[] = { "espeak-ng", "-v", voice, "-w", spoken, "--", text, NULL };
    const char *convert[] = { "sox", spoken, "-r", "8000", "-c", "1", "-b", "16", "-e", "signed-integer",
                              partial, NULL };

    if (!run (speak, error) || !run (convert, error))
      {
        g_unlink (spoken);
        g_unlink (partial);
        return NULL;
      }
  }
  g_unlink (spoken);
  /* a whole file or none: a crash never leaves half a prompt to play */
  if (g_rename (partial, path) != 0)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno), "%s: %s", path,
                   g_strerror (errno));
      g_unlink (partial);
      return NULL;
    }
  return g_steal_pointer (&path);
}
