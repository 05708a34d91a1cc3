/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rd-custom-fields.h"
#include "rd-store.h"

G_BEGIN_DECLS

#define RD_TYPE_CUSTOM_FIELDS_PAGE (rd_custom_fields_page_get_type ())
G_DECLARE_FINAL_TYPE (RdCustomFieldsPage, rd_custom_fields_page, RD, CUSTOM_FIELDS_PAGE, AdwPreferencesPage)

/* The Custom Fields page of the preferences: the fields of each kind of record, and for an
 * administrator (@editable) the form to add one and a delete button on each. */
GtkWidget  *rd_custom_fields_page_new        (RdStore            *store,
                                              gboolean            editable);

/* Shows the fields of @table ("contacts", …, "campaign_leads"). */
void        rd_custom_fields_page_set_table  (RdCustomFieldsPage *self,
                                              const char         *table);

/* Adds the field the form describes; FALSE with the error on its row. */
gboolean    rd_custom_fields_page_add        (RdCustomFieldsPage *self);

/* The rows of the form, for tests: "label", "key", "type", "options", "section", "required". */
GtkWidget  *rd_custom_fields_page_get_form_row (RdCustomFieldsPage *self,
                                                const char         *name);

/* The number of fields listed now. */
guint       rd_custom_fields_page_get_n_fields (RdCustomFieldsPage *self);

/* The label people read for a field type ("Date", "Дата"). */
const char *rd_custom_type_label             (RdCustomType        type);

G_END_DECLS
