/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Where the app's sounds go (the ring tone, recordings played inline): a gst-launch sink
 * description, or NULL for the desktop's own (autoaudiosink). Machines without a sound
 * card (tests, CI) set "fakesink sync=true", a sink that keeps time as a speaker would.
 * Read when a tone or a player builds its pipeline. */
void        rd_audio_sink_set_default (const char *description);
const char *rd_audio_sink_get_default (void);

G_END_DECLS
