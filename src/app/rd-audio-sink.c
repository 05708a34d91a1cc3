/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include "rd-audio-sink.h"

/* Set once at start-up (main thread) and read by pipelines built on the main thread. */
static char *default_sink;

/** Sets the sink the app plays into (NULL or "": the desktop's). */
void
rd_audio_sink_set_default (const char *description)
{
  g_free (default_sink);
  default_sink = description != NULL && *description != '\0' ? g_strdup (description) : NULL;
}

/** The sink description set with rd_audio_sink_set_default(), or NULL. */
const char *
rd_audio_sink_get_default (void)
{
  return default_sink;
}
