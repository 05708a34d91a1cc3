/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define RD_TYPE_REPORT_ROW (rd_report_row_get_type ())
G_DECLARE_FINAL_TYPE (RdReportRow, rd_report_row, RD, REPORT_ROW, GObject)

/* One row of a report's answer ({column: value}), the item of the report's table. */
RdReportRow *rd_report_row_new        (JsonObject  *object);
JsonObject  *rd_report_row_get_object (RdReportRow *self);
/* The member @column (NULL when absent). */
JsonNode    *rd_report_row_get        (RdReportRow *self,
                                       const char  *column);

G_END_DECLS
