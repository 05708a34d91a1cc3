/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Fills the {name} fields of @text from @fields: a string or integer member is put in, a
 * null member leaves nothing, an unknown name stays as written ("{nickname}"). When
 * @fields has an object member "extra", names are looked up there too (a leadset's extra
 * columns). Used by campaign scripts and message templates. */
char *rd_template_fill (const char *text,
                        JsonObject *fields);

G_END_DECLS
