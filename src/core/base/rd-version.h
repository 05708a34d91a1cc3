/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The Ringdesk release this library was built from, e.g. "0.1.0". */
const char *rd_version_string (void);

/* Prints "NAME VERSION" plus the versions of the libraries libringdesk uses. */
char *rd_version_describe (const char *program_name);

G_END_DECLS
