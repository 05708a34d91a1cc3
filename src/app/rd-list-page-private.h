/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* RdListPage's struct, the page specifications and the functions its files share:
 * rd-list-page.c (the widget), rd-list-page-columns.c (cells and columns) and
 * rd-list-page-filters.c (the filter, sort and group dropdowns and their query). */

#include <adwaita.h>

#include "rd-call-log.h"
#include "rd-list-page.h"
#include "rd-paged-model.h"
#include "rd-store-fetcher.h"

G_BEGIN_DECLS

typedef enum
{
  COLUMN_TEXT,
  COLUMN_VALUE,   /* an enum value, shown with its label */
  COLUMN_TIME,    /* ms since the epoch */
  COLUMN_AMOUNT,
  COLUMN_INT,
  COLUMN_BOOL,
  COLUMN_CALL_STATUS,   /* answered/missed/busy/failed from the call record, in colour */
  COLUMN_RECORDING,     /* an inline player when the recording is on this machine */
  COLUMN_SLA,           /* a ticket's SLA due time: red once passed, amber within the hour */
  COLUMN_DURATION,      /* seconds as m:ss or h:mm:ss */
  COLUMN_SCORE,         /* a lead's conversion score (0..1) as a percentage */
} ColumnKind;

typedef struct
{
  const char *field;
  ColumnKind  kind;
  gboolean    expand;
} ColumnSpec;

typedef struct
{
  const char *label;   /* N_() */
  const char *query;   /* advanced search; "@now" is replaced by the time */
} FilterSpec;

typedef struct
{
  const char *label;   /* N_() */
  const char *order;
} SortSpec;

typedef struct
{
  const char       *table;
  const ColumnSpec *columns;
  const FilterSpec *filters;   /* NULL-label terminated; the first is "all" */
  const SortSpec   *sorts;
  const char       *empty_title;
} PageSpec;

#define END { NULL, 0, 0 }
#define FILTER_END { NULL, NULL }

struct _RdListPage
{
  GtkWidget       parent_instance;

  guint           sla_timer;     /* tickets, while shown: SLA colours follow the clock */
  guint           sla_seconds;
  char           *table;
  const PageSpec *spec;
  char           *db_path;
  RdStoreReader  *reader;           /* one read connection for all searches */
  gboolean        stale;            /* the model waits for the page to be shown */
  RdPagedModel   *model;
  GPtrArray      *filter_queries;   /* one per filter dropdown entry (NULL = all) */
  GtkStringList  *filter_labels;
  GPtrArray      *group_ids;        /* one per group dropdown entry (NULL = all) */
  gboolean        filling_groups;   /* the group dropdown is being refilled */
  GSettings      *settings;
  GPtrArray      *extra_columns;    /* GtkColumnViewColumn the user added (rd-list-page-extra.c) */
  gboolean        filling_columns;
  GtkMenuButton  *columns_button;

  GtkWidget      *content;
  GtkWidget      *header;      /* a widget above the list, or NULL (owned by content) */
  GtkSearchEntry *search_entry;
  GtkDropDown    *filter_dropdown;
  GtkWidget      *extra_filters;
  GtkDropDown    *priority_dropdown;
  GtkDropDown    *group_dropdown;
  GtkDropDown    *call_direction_dropdown;
  GtkDropDown    *call_status_dropdown;
  GtkDropDown    *call_period_dropdown;
  GtkDropDown    *sort_dropdown;
  GtkColumnView  *column_view;
  GtkStack       *list_stack;
  AdwStatusPage  *empty_page;
  GtkLabel       *count_label;
};

/* rd-list-page-columns.c: the columns of self->spec, with their cell factories. */
void  rd_list_page_add_columns    (RdListPage *self);

/* rd-list-page-extra.c: the user's columns (custom fields, city, country) and their menu. */
void  rd_list_page_update_extra_columns (RdListPage *self);

/* rd-list-page-filters.c */
void  rd_list_page_fill_dropdowns (RdListPage *self);
/* The query the search box and the dropdowns make now (new string, NULL for all). */
char *rd_list_page_current_filter (RdListPage *self);
void  rd_list_page_load_groups    (RdListPage *self);

/* rd-list-page.c: a new fetcher and model for the current query. */
void  rd_list_page_rebuild        (RdListPage *self);

G_END_DECLS
