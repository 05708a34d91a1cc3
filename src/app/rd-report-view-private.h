/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rd-report-view.h"

G_BEGIN_DECLS

struct _RdReportView
{
  GtkWidget           parent_instance;

  RdServerSession    *session;
  GCancellable       *cancellable;      /* the view's: cancelled when it goes */
  guint               generation;       /* of the current load: answers to older ones are dropped */
  const RdReportKind *kind;
  GListStore         *rows;             /* RdReportRow */
  JsonArray          *columns;          /* [{name, type}] of the last answer */
  char               *next;             /* the cursor of the next page, or NULL */
  char               *error;
  GPtrArray          *campaign_ids;     /* char*, parallel to campaign_list (0: all) */
  guint               busy;
  GtkWidget          *player;
  char               *region;           /* the country national numbers are read for */

  GtkLabel           *title_label;
  GtkLabel           *description_label;
  GtkWidget          *filters_box;
  GtkWidget          *range_box;
  GtkEntry           *from_entry;
  GtkEntry           *to_entry;
  GtkCalendar        *from_calendar;
  GtkCalendar        *to_calendar;
  GtkDropDown        *campaign_dropdown;
  GtkStringList      *campaign_list;
  GtkEntry           *agent_entry;
  GtkEntry           *team_entry;
  GtkDropDown        *by_dropdown;
  GtkDropDown        *part_dropdown;
  GtkStringList      *part_list;
  GtkWidget          *number_entry;
  GtkSpinner         *spinner;
  GtkLabel           *status_label;
  GtkWidget          *chart_toggle;
  GtkWidget          *chart_frame;
  RdChart            *chart;
  GtkColumnView      *table;
  GtkWidget          *more_button;
  GtkRevealer        *player_revealer;
  GtkBox             *player_box;
  GtkLabel           *player_label;
};

/* rd-report-view.c */
const char *rd_report_view_part_name        (RdReportView *self);
const char *rd_report_view_by               (RdReportView *self);
const char *rd_report_view_campaign_id      (RdReportView *self);
/* reports/NAME?filters… (with @format "csv" or NULL, @cursor or NULL) */
char       *rd_report_view_path             (RdReportView *self,
                                             const char   *format,
                                             const char   *cursor,
                                             guint         limit);
void        rd_report_view_busy             (RdReportView *self,
                                             int           delta);
const char *rd_report_view_column_type      (RdReportView *self,
                                             const char   *column);
gboolean    rd_report_view_is_numeric       (const char   *type,
                                             const char   *column);

/* rd-report-view-chart.c */
void        rd_report_view_update_chart     (RdReportView *self);

/* rd-report-view-export.c */
void        rd_report_view_csv_clicked_cb   (RdReportView *self);
void        rd_report_view_pdf_clicked_cb   (RdReportView *self);
void        rd_report_view_print_clicked_cb (RdReportView *self);
void        rd_report_view_clear_player     (RdReportView *self);

G_END_DECLS
