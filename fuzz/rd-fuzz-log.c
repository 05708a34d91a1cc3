/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Linked into every harness: a critical or a warning is a finding (an unchecked input
 * reached a g_return_if_fail, or a parser complained where it should have returned an
 * error), so it aborts and libFuzzer keeps the input; debug output is dropped. */
#include <stdio.h>
#include <stdlib.h>

#include <glib.h>

static GLogWriterOutput
fatal_writer_cb (GLogLevelFlags   log_level,
                 const GLogField *fields,
                 gsize            n_fields,
                 gpointer         user_data)
{
  if (log_level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    {
      g_autofree char *text = g_log_writer_format_fields (log_level, fields, n_fields, FALSE);

      fprintf (stderr, "%s\n", text);
      abort ();
    }
  return G_LOG_WRITER_HANDLED;
}

__attribute__((constructor)) static void
install_fatal_writer (void)
{
  g_log_set_writer_func (fatal_writer_cb, NULL, NULL);
}
