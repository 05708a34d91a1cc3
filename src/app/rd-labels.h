/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Words the user sees for the store's stored words: enum values ("in_progress"
 * → "In Progress", translated), field names and table names. Not a GObject:
 * lookup tables. */

const char *rd_labels_call_status (const char *status);
const char *rd_labels_value  (const char *value);
const char *rd_labels_field  (const char *field);
const char *rd_labels_table_field (const char *table,
                                   const char *field);
const char *rd_labels_table  (const char *table);
char       *rd_labels_time   (gint64      ms);
char       *rd_labels_money  (double      amount,
                              const char *currency);
const char *rd_labels_campaign_value   (const char *value);
const char *rd_labels_campaign_setting (const char *name);
char       *rd_labels_lead_factor      (const char *name,
                                        double      value);

G_END_DECLS
