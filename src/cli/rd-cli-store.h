/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rd-cli.h"
#include "rd-store.h"

G_BEGIN_DECLS

/* Helpers shared by the replica commands (init, contact, lead, lookup, search, import,
 * export, timeline). */

/* Opens --replica DIR; NULL with a printed message and *status set when it cannot. */
RdStore     *rd_cli_open_store     (RdCliGlobal  *global,
                                    RdCliStatus  *status);

/* Prints @error and returns 2 for internal trouble (SQLite, I/O), 1 for bad input. */
RdCliStatus  rd_cli_store_fail     (const GError *error);

/* Parses a command's options (argv[0] is the command); prints errors; --json is accepted
 * here too. Returns FALSE (status 1) on bad options. */
gboolean     rd_cli_parse_options  (RdCliGlobal        *global,
                                    const char         *usage,
                                    const GOptionEntry *entries,
                                    int                *argc,
                                    char             ***argv);

/* Prints a node as pretty JSON on stdout. */
void         rd_cli_print_json     (JsonNode     *node);

/* Prints records as a JSON array (--json) or one line each: id, table, title. */
void         rd_cli_print_records  (RdCliGlobal  *global,
                                    GPtrArray    *records);

/* Prints one record as JSON (--json) or "field: value" lines. */
void         rd_cli_print_record   (RdCliGlobal  *global,
                                    RdRecord     *record);

RdCliStatus rd_cli_init_run     (RdCliGlobal *global, int argc, char **argv);
RdCliStatus rd_cli_contact_run  (RdCliGlobal *global, int argc, char **argv);
RdCliStatus rd_cli_lead_run     (RdCliGlobal *global, int argc, char **argv);
RdCliStatus rd_cli_lookup_run   (RdCliGlobal *global, int argc, char **argv);
RdCliStatus rd_cli_search_run   (RdCliGlobal *global, int argc, char **argv);
RdCliStatus rd_cli_import_run   (RdCliGlobal *global, int argc, char **argv);
RdCliStatus rd_cli_export_run   (RdCliGlobal *global, int argc, char **argv);
RdCliStatus rd_cli_timeline_run (RdCliGlobal *global, int argc, char **argv);
RdCliStatus rd_cli_ask_run      (RdCliGlobal *global, int argc, char **argv);   /* rd-cli-ask.c */

G_END_DECLS
