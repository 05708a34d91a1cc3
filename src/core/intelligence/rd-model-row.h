/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rd-store.h"

G_BEGIN_DECLS

/* The model rows of the `models` table (docs/intelligence.md): written by the server
 * alone, synced to every replica, read here. A row names its kind, its format version
 * (how `features` and `weights` are laid out), its version (one more at each training),
 * when it was trained and on how many samples. */

#define RD_MODEL_ERROR (rd_model_error_quark ())

typedef enum {
  RD_MODEL_ERROR_NONE,      /* no model of this kind yet */
  RD_MODEL_ERROR_CORRUPT,   /* the row does not hold a model of its format */
  RD_MODEL_ERROR_TOO_OLD,   /* a format this Ringdesk no longer reads */
  RD_MODEL_ERROR_TOO_NEW,   /* a format newer than this Ringdesk */
  RD_MODEL_ERROR_TRAINING,  /* not enough data to train on, or the trainer failed */
} RdModelError;

GQuark     rd_model_error_quark     (void);

/* The live model row of @kind ("lead_score", "ticket_triage") with the highest version,
 * checked to have a format in [@min_format, @max_format]; NULL with RD_MODEL_ERROR_NONE
 * when there is none, TOO_OLD/TOO_NEW when its format is out of range. */
RdRecord  *rd_model_row_load        (RdStore     *store,
                                     const char  *kind,
                                     int          min_format,
                                     int          max_format,
                                     GError     **error);

/* The JSON array held in text field @field of @row, or NULL with RD_MODEL_ERROR_CORRUPT. */
JsonArray *rd_model_row_get_array   (RdRecord    *row,
                                     const char  *field,
                                     GError     **error);

/* The JSON object held in text field @field of @row, or NULL with RD_MODEL_ERROR_CORRUPT. */
JsonObject *rd_model_row_get_object (RdRecord    *row,
                                     const char  *field,
                                     GError     **error);

/* Reads @array (numbers only) into @out (length @n); FALSE with RD_MODEL_ERROR_CORRUPT when
 * it is not @n finite numbers. @what names it in the message. */
gboolean   rd_model_read_numbers    (JsonArray   *array,
                                     guint        n,
                                     double      *out,
                                     const char  *what,
                                     GError     **error);

G_END_DECLS
