/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include <glib/gi18n.h>

#include "rd-conflicts-dialog.h"
#include "rd-labels.h"
#include "rd-schema.h"

/* "Review changes": the values that lost a per-field merge (the store's
 * conflicts table, read-only through the store's connection). "Restore"
 * writes the lost value again through the store (a normal, newer change
 * that syncs and wins); "Keep" dismisses it. The store has no call to mark
 * a conflict resolved yet, so dismissed ids are kept in the replica's meta
 * table under "app.conflicts_reviewed". */

#define META_REVIEWED "app.conflicts_reviewed"
#define MAX_ROWS 200

struct _RdConflictsDialog
{
  AdwWindow            parent_instance;

  RdStore             *store;
  GPtrArray           *rows;
  guint                n_conflicts;

  AdwToastOverlay     *toast_overlay;
  GtkStack            *stack;
  AdwPreferencesGroup *group;
};

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (RdConflictsDialog, rd_conflicts_dialog, ADW_TYPE_WINDOW)

static GHashTable *
reviewed_ids (RdConflictsDialog *self)
{
  g_autofree char *text = rd_store_get_meta (self->store, META_REVIEWED);
  g_auto(GStrv) ids = g_strsplit (text ? text : "", ",", -1);
  GHashTable *set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; ids[i] != NULL; i++)
    if (*ids[i] != '\0')
      g_hash_table_add (set, g_strdup (ids[i]));
  return set;
}

static void
mark_reviewed (RdConflictsDialog *self,
               gint64             id)
{
  g_autofree char *text = rd_store_get_meta (self->store, META_REVIEWED);
  g_autofree char *joined = g_strdup_printf ("%s%s%" G_GINT64_FORMAT, text ? text : "", text && *text ? "," : "", id);
  g_autoptr(GError) error = NULL;

  if (!rd_store_set_meta (self->store, META_REVIEWED, joined, &error))
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
}

/* A JSON value as the user reads it. */
static char *
value_text (const char *json)
{
  g_autoptr(JsonNode) node = json ? json_from_string (json, NULL) : NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_strdup (_("(empty)"));
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (rd_labels_value (json_node_get_string (node)));
  return json_to_string (node, FALSE);
}

static void
keep_clicked_cb (GtkButton         *button,
                 RdConflictsDialog *self)
{
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (button), ADW_TYPE_ACTION_ROW);

  mark_reviewed (self, GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "conflict-id")));
  rd_conflicts_dialog_reload (self);
}

static void
restore_clicked_cb (GtkButton         *button,
                    RdConflictsDialog *self)
{
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (button), ADW_TYPE_ACTION_ROW);

  rd_conflicts_dialog_restore (self, GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "conflict-id")));
}

/** Writes the lost value of conflict @id back (it becomes the newest change). */
gboolean
rd_conflicts_dialog_restore (RdConflictsDialog *self,
                             gint64             id)
{
  sqlite3_stmt *stmt = NULL;
  g_autoptr(RdRecord) changes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) value = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (RD_IS_CONFLICTS_DIALOG (self), FALSE);

  if (sqlite3_prepare_v2 (rd_store_get_db (self->store),
                          "SELECT tbl, row_id, field, lost_value FROM conflicts WHERE id = ?1",
                          -1, &stmt, NULL) != SQLITE_OK)
    goto out;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    goto out;

  changes = rd_record_new ((const char *) sqlite3_column_text (stmt, 0));
  rd_record_set_id (changes, (const char *) sqlite3_column_text (stmt, 1));
  value = json_from_string ((const char *) sqlite3_column_text (stmt, 3), NULL);
  json_object_set_member (rd_record_get_fields (changes), (const char *) sqlite3_column_text (stmt, 2),
                          value ? json_node_copy (value) : json_node_new (JSON_NODE_NULL));
  ok = rd_store_update (self->store, changes, &error);
  if (!ok)
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));

out:
  sqlite3_finalize (stmt);
  if (ok)
    {
      mark_reviewed (self, id);
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("Value restored")));
      g_signal_emit (self, signals[CHANGED], 0, rd_record_get_table (changes), rd_record_get_id (changes));
      rd_conflicts_dialog_reload (self);
    }
  return ok;
}

static GtkWidget *
conflict_row (RdConflictsDialog *self,
              sqlite3_stmt      *stmt)
{
  const char *table = (const char *) sqlite3_column_text (stmt, 1);
  const char *row_id = (const char *) sqlite3_column_text (stmt, 2);
  const char *field = (const char *) sqlite3_column_text (stmt, 3);
  g_autofree char *kept = value_text ((const char *) sqlite3_column_text (stmt, 4));
  g_autofree char *lost = value_text ((const char *) sqlite3_column_text (stmt, 5));
  g_autofree char *when = rd_labels_time (sqlite3_column_int64 (stmt, 6));
  g_autoptr(RdRecord) record = rd_store_get (self->store, table, row_id, NULL);
  const RdTableDesc *desc = rd_schema_lookup (table);
  const char *name = record && desc ? rd_record_get_string (record, desc->title_field) : NULL;
  g_autofree char *title = g_strdup_printf ("%s · %s · %s", rd_labels_table (table), name ? name : row_id,
                                            rd_labels_field (field));
  g_autofree char *subtitle = g_strdup_printf (_("Kept: %s — Lost: %s (%s)"), kept, lost, when);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *keep = gtk_button_new_with_mnemonic (_("_Keep"));
  GtkWidget *restore = gtk_button_new_with_mnemonic (_("_Restore"));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_valign (keep, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (restore, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (keep, _("Keep the value that won"));
  gtk_widget_set_tooltip_text (restore, _("Write the lost value back"));
  g_signal_connect (keep, "clicked", G_CALLBACK (keep_clicked_cb), self);
  g_signal_connect (restore, "clicked", G_CALLBACK (restore_clicked_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), keep);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), restore);
  g_object_set_data (G_OBJECT (row), "conflict-id", GSIZE_TO_POINTER (sqlite3_column_int64 (stmt, 0)));
  return row;
}

/** Reads the unresolved, not yet reviewed conflicts again. */
void
rd_conflicts_dialog_reload (RdConflictsDialog *self)
{
  g_autoptr(GHashTable) reviewed = NULL;
  sqlite3_stmt *stmt = NULL;

  g_return_if_fail (RD_IS_CONFLICTS_DIALOG (self));

  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->group, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);
  self->n_conflicts = 0;

  reviewed = reviewed_ids (self);
  if (sqlite3_prepare_v2 (rd_store_get_db (self->store),
                          "SELECT id, tbl, row_id, field, kept_value, lost_value, at FROM conflicts "
                          "WHERE resolved = 0 ORDER BY at DESC, id DESC",
                          -1, &stmt, NULL) == SQLITE_OK)
    {
      while (sqlite3_step (stmt) == SQLITE_ROW && self->rows->len < MAX_ROWS)
        {
          g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) sqlite3_column_int64 (stmt, 0));
          GtkWidget *row;

          if (g_hash_table_contains (reviewed, id))
            continue;
          row = conflict_row (self, stmt);
          adw_preferences_group_add (self->group, row);
          g_ptr_array_add (self->rows, row);
        }
    }
  sqlite3_finalize (stmt);

  self->n_conflicts = self->rows->len;
  gtk_stack_set_visible_child_name (self->stack, self->n_conflicts ? "list" : "empty");
}

static void
rd_conflicts_dialog_dispose (GObject *object)
{
  RdConflictsDialog *self = RD_CONFLICTS_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), RD_TYPE_CONFLICTS_DIALOG);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (rd_conflicts_dialog_parent_class)->dispose (object);
}

static void
rd_conflicts_dialog_finalize (GObject *object)
{
  RdConflictsDialog *self = RD_CONFLICTS_DIALOG (object);

  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (rd_conflicts_dialog_parent_class)->finalize (object);
}

static void
rd_conflicts_dialog_class_init (RdConflictsDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rd_conflicts_dialog_dispose;
  object_class->finalize = rd_conflicts_dialog_finalize;

  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ringdesk/Ringdesk/rd-conflicts-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, RdConflictsDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, RdConflictsDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, RdConflictsDialog, group);
}

static void
rd_conflicts_dialog_init (RdConflictsDialog *self)
{
  self->rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

/** The review of lost values in @store's replica. */
RdConflictsDialog *
rd_conflicts_dialog_new (GtkWindow *parent,
                         RdStore   *store)
{
  RdConflictsDialog *self;

  g_return_val_if_fail (RD_IS_STORE (store), NULL);

  self = g_object_new (RD_TYPE_CONFLICTS_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  rd_conflicts_dialog_reload (self);
  return self;
}

/** How many conflicts the dialog lists. */
guint
rd_conflicts_dialog_get_n_conflicts (RdConflictsDialog *self)
{
  g_return_val_if_fail (RD_IS_CONFLICTS_DIALOG (self), 0);
  return self->n_conflicts;
}

/** The id of the conflict listed at @index (newest first). */
gint64
rd_conflicts_dialog_get_conflict_id (RdConflictsDialog *self,
                                     guint              index)
{
  g_return_val_if_fail (RD_IS_CONFLICTS_DIALOG (self), 0);
  g_return_val_if_fail (index < self->rows->len, 0);
  return GPOINTER_TO_SIZE (g_object_get_data (g_ptr_array_index (self->rows, index), "conflict-id"));
}
