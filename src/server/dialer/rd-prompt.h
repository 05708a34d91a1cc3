/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The WAV the switch plays for @text (8 kHz mono, 16 bit): spoken by espeak-ng in @voice
 * ("en", "ru" …) and resampled by sox, cached in @dir by a hash of voice and text. The path,
 * or NULL with the tool's complaint in @error. Blocks for the synthesis (once per text). */
char *rd_prompt_for_text (const char  *dir,
                          const char  *voice,
                          const char  *text,
                          GError     **error);

/* Where rd_prompt_for_text() keeps the WAV of @text (it may not be made yet). Safe from
 * any thread, as rd_prompt_for_text() is. */
char *rd_prompt_path     (const char  *dir,
                          const char  *voice,
                          const char  *text);

G_END_DECLS
