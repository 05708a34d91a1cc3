/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What RdCallFiler's two files share: the records a filing writes (rd-call-filer-records.c). */

#include "rd-call-filer.h"

G_BEGIN_DECLS

/* The CRM `calls` record filed for center call @center_id (deleted ones too), or NULL. */
RdRecord *rd_call_filer_find_record  (RdStore     *store,
                                      const char  *center_id,
                                      GError     **error);
/* A new CRM lead for @filing's number, owned by @owner, from the campaign lead's fields
 * (or named by the number for a manual call), with its phone and e-mail; appended to
 * @records (lead first). */
RdRecord *rd_call_filer_new_lead     (JsonObject  *filing,
                                      const char  *owner,
                                      GPtrArray   *records);
/* @current's comma-separated tags with @tags (a JSON array text, may be NULL) added, case
 * ignored, order kept; NULL when nothing is added. */
char     *rd_call_filer_merge_tags   (const char  *current,
                                      const char  *tags);
/* The `calls` fields for @filing: all of them for a new record, else only those that
 * differ from @existing. */
RdRecord *rd_call_filer_call_record  (JsonObject  *filing,
                                      const char  *crm_id,
                                      RdRecord    *existing,
                                      const char  *owner,
                                      const char  *parent_tbl,
                                      const char  *parent_id,
                                      gboolean     has_recording);
/* DATA_DIR/recordings/@crm_id.wav as a hard link to (or a copy of) the campaign WAV named
 * @name in DATA_DIR/call-recordings; TRUE when it is there. */
gboolean  rd_call_filer_link_recording (const char  *data_dir,
                                        const char  *name,
                                        const char  *crm_id,
                                        GError     **error);

G_END_DECLS
