/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rd-call-banner.h"

G_BEGIN_DECLS

/* Shared by rd-call-banner.c (the widget, its properties and what it shows) and
 * rd-call-banner-actions.c (its actions). */

struct _RdCallBanner
{
  GtkWidget     parent_instance;

  RdPhone      *phone;
  RdCallLog    *call_log;
  RdCall       *call;
  GHashTable   *pops;        /* RdCall* → RdScreenPop* */
  guint         timer;
  gboolean      held;
  gboolean      muted;
  gboolean      recording;
  gboolean      can_record;

  GtkWidget    *layout_box;
  GtkRevealer  *revealer;
  GtkLabel     *title_label;
  GtkLabel     *subtitle_label;
  GtkLabel     *card_label;
  GtkWidget    *open_button;
  GtkWidget    *create_button;
  GtkWidget    *create_lead_button;
  GtkWidget    *choose_button;
  GtkBox       *choose_box;
  RdScreenPop  *chooser_pop;   /* the pop the chooser lists (borrowed, for staleness) */
  GtkWidget    *record_button;
  GtkWidget    *answer_button;
  GtkButton    *hangup_button;
  GtkGrid      *keypad_grid;
  GtkWidget    *keypad_button;
  GtkWidget    *transfer_button;
  GtkPopover   *transfer_popover;
  GtkEntry     *transfer_entry;
  GtkWidget    *connect_button;
  RdCall       *consulting;   /* the held caller while the agent consults a colleague */
  char         *region;

  /* Call waiting: a second caller while a call is up. */
  GtkRevealer  *waiting_revealer;
  GtkLabel     *waiting_title_label;
  GtkLabel     *waiting_detail_label;

  /* Wrap-up of the last ended call: disposition and notes, saved to its call record. */
  GtkRevealer  *wrapup_revealer;
  GtkLabel     *wrapup_label;
  GtkDropDown  *disposition_dropdown;
  GtkEntry     *notes_entry;
  char         *wrapup_record_id;
};

/* rd-call-banner.c */
RdScreenPop *rd_call_banner_current_pop      (RdCallBanner *self);
void         rd_call_banner_update           (RdCallBanner *self);
void         rd_call_banner_update_visibility (RdCallBanner *self);
void         rd_call_banner_update_waiting   (RdCallBanner *self);
const char  *rd_call_banner_call_title       (RdCall       *call,
                                              RdScreenPop  *pop);

/* rd-call-banner-actions.c */
void         rd_call_banner_install_actions  (GtkWidgetClass *widget_class);
void         rd_call_banner_report           (RdCallBanner *self,
                                              GError       *error);
void         rd_call_banner_call_ended_cb    (RdPhone      *phone,
                                              RdCall       *call,
                                              RdCallBanner *self);
void         rd_call_banner_screen_pop_cb    (RdCallLog    *log,
                                              RdCall       *call,
                                              RdScreenPop  *pop,
                                              RdCallBanner *self);
void         rd_call_banner_transfer_finished_cb (RdPhone  *phone,
                                              RdCall       *call,
                                              gboolean      transferred,
                                              RdCallBanner *self);

G_END_DECLS
