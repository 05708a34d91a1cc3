/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include "rd-report-row.h"

struct _RdReportRow
{
  GObject     parent_instance;
  JsonObject *object;
};

G_DEFINE_FINAL_TYPE (RdReportRow, rd_report_row, G_TYPE_OBJECT)

static void
rd_report_row_finalize (GObject *object)
{
  g_clear_pointer (&RD_REPORT_ROW (object)->object, json_object_unref);
  G_OBJECT_CLASS (rd_report_row_parent_class)->finalize (object);
}

static void
rd_report_row_class_init (RdReportRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rd_report_row_finalize;
}

static void
rd_report_row_init (RdReportRow *self)
{
}

RdReportRow *
rd_report_row_new (JsonObject *object)
{
  RdReportRow *self = g_object_new (RD_TYPE_REPORT_ROW, NULL);

  self->object = json_object_ref (object);
  return self;
}

JsonObject *
rd_report_row_get_object (RdReportRow *self)
{
  g_return_val_if_fail (RD_IS_REPORT_ROW (self), NULL);
  return self->object;
}

JsonNode *
rd_report_row_get (RdReportRow *self,
                   const char  *column)
{
  g_return_val_if_fail (RD_IS_REPORT_ROW (self), NULL);
  return json_object_get_member (self->object, column);
}
