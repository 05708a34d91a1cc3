/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include "rd-catalog.h"
#include "rd-record.h"
#include "rd-schema.h"
#include "rd-store-private.h"

/* The catalog's rules in the write path: line items and the deal amount that is their
 * total, the prices of price lists, the ranges of prices, rates and discounts, and
 * project tasks that may not depend on each other in a cycle. */

/* How far a dependency chain is followed: far beyond any real project, and a bound on a
 * damaged replica whose chain loops without passing the task being written. */
#define MAX_CHAIN 10000

static double
round_cents (double value)
{
  return round (value * 100.0) / 100.0;
}

void
rd_line_item_figures (double  quantity,
                      double  unit_price,
                      double  discount_percent,
                      double  tax_percent,
                      double *gross,
                      double *discount,
                      double *tax)
{
  double g = round_cents (quantity * unit_price);
  double d = round_cents (g * discount_percent / 100.0);

  if (gross != NULL)
    *gross = g;
  if (discount != NULL)
    *discount = d;
  if (tax != NULL)
    *tax = round_cents ((g - d) * tax_percent / 100.0);
}

gboolean
rd_store_deal_totals (RdStore      *self,
                      const char   *deal_id,
                      RdDealTotals *totals,
                      GError      **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (RD_IS_STORE (self), FALSE);
  g_return_val_if_fail (totals != NULL, FALSE);

  memset (totals, 0, sizeof *totals);
  stmt = rd_store_stmt (self, "SELECT coalesce(quantity, 0), coalesce(unit_price, 0),"
                              " coalesce(discount, 0), coalesce(tax_rate, 0) FROM line_items"
                              " WHERE parent_id = ? AND deleted = 0", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, deal_id, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      double gross, discount, tax;

      rd_line_item_figures (sqlite3_column_double (stmt, 0), sqlite3_column_double (stmt, 1),
                            sqlite3_column_double (stmt, 2), sqlite3_column_double (stmt, 3),
                            &gross, &discount, &tax);
      totals->subtotal += gross;
      totals->discount += discount;
      totals->tax += tax;
      totals->n_items++;
    }
  rd_store_stmt_done (stmt);

  totals->subtotal = round_cents (totals->subtotal);
  totals->discount = round_cents (totals->discount);
  totals->tax = round_cents (totals->tax);
  totals->total = round_cents (totals->subtotal - totals->discount + totals->tax);
  return TRUE;
}

GPtrArray *
rd_store_deal_line_items (RdStore     *self,
                          const char  *deal_id,
                          GError     **error)
{
  g_autofree char *query = NULL;

  g_return_val_if_fail (RD_IS_STORE (self), NULL);
  g_return_val_if_fail (deal_id != NULL && strchr (deal_id, '\'') == NULL, NULL);

  query = g_strdup_printf ("parent_id = '%s'", deal_id);
  return rd_store_list (self, "line_items", query, "position", 0, G_MAXINT, error);
}

gboolean
rd_store_recompute_deal_amount (RdStore     *self,
                                const char  *deal_id,
                                GError     **error)
{
  const RdTableDesc *deals = rd_schema_lookup ("deals");
  g_autoptr(JsonObject) changes = NULL;
  RdDealTotals totals;

  g_return_val_if_fail (RD_IS_STORE (self), FALSE);

  if (deal_id == NULL || !rd_store_row_exists (self, "deals", deal_id))
    return TRUE;   /* the deal is not (or no longer) on this replica */
  if (!rd_store_deal_totals (self, deal_id, &totals, error))
    return FALSE;

  changes = json_object_new ();
  json_object_set_double_member (changes, "amount", totals.total);
  /* Only a changed value is written (and captured): replicas that computed the same
   * total from the same items agree without a conflict. */
  return rd_store_write_row (self, deals, deal_id, changes, FALSE, error);
}

gboolean
rd_store_product_price (RdStore     *self,
                        const char  *product_id,
                        const char  *price_list_id,
                        double      *price,
                        char       **currency,
                        GError     **error)
{
  sqlite3_stmt *stmt;
  gboolean found = FALSE;

  g_return_val_if_fail (RD_IS_STORE (self), FALSE);

  if (currency != NULL)
    *currency = NULL;
  if (price_list_id != NULL)
    {
      stmt = rd_store_stmt (self, "SELECT i.unit_price, coalesce(l.currency, p.currency)"
                                  " FROM price_list_items i JOIN price_lists l ON l.id = i.price_list_id"
                                  " JOIN products p ON p.id = i.product_id"
                                  " WHERE i.price_list_id = ? AND i.product_id = ? AND i.deleted = 0"
                                  " AND l.deleted = 0 AND i.unit_price IS NOT NULL"
                                  " ORDER BY i.hlc DESC LIMIT 1", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, price_list_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, product_id, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          found = TRUE;
          *price = sqlite3_column_double (stmt, 0);
          if (currency != NULL)
            *currency = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
        }
      rd_store_stmt_done (stmt);
      if (found)
        return TRUE;
    }

  stmt = rd_store_stmt (self, "SELECT coalesce(unit_price, 0), currency FROM products"
                              " WHERE id = ? AND deleted = 0", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, product_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      found = TRUE;
      *price = sqlite3_column_double (stmt, 0);
      if (currency != NULL)
        *currency = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
    }
  rd_store_stmt_done (stmt);
  if (!found)
    g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_NOT_FOUND, "No product with id %s",
                 product_id != NULL ? product_id : "(none)");
  return found;
}

char *
rd_store_add_line_item (RdStore     *self,
                        const char  *deal_id,
                        const char  *product_id,
                        double       quantity,
                        GError     **error)
{
  g_autoptr(RdRecord) deal = NULL;
  g_autoptr(RdRecord) product = NULL;
  g_autoptr(RdRecord) item = NULL;
  g_autofree char *currency = NULL;
  const char *deal_currency;
  double price = 0;
  gint64 position = 0;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (RD_IS_STORE (self), NULL);

  if (!(quantity > 0))
    {
      g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_INVALID_VALUE,
                   "quantity: %g is not a positive quantity", quantity);
      return NULL;
    }
  if ((deal = rd_store_get (self, "deals", deal_id, error)) == NULL ||
      (product = rd_store_get (self, "products", product_id, error)) == NULL)
    return NULL;
  if (rd_record_get_int (product, "active", 1) == 0)
    {
      g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_INVALID_STATE,
                   "product_id: “%s” is not sold any more (inactive)",
                   rd_record_get_string (product, "name"));
      return NULL;
    }
  if (!rd_store_product_price (self, product_id, rd_record_get_string (deal, "price_list_id"),
                               &price, &currency, error))
    return NULL;

  deal_currency = rd_record_get_string (deal, "currency");
  if (deal_currency != NULL && *deal_currency != '\0' && currency != NULL && *currency != '\0' &&
      g_ascii_strcasecmp (deal_currency, currency) != 0)
    {
      g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_INVALID_VALUE,
                   "product_id: “%s” is priced in %s and the deal is in %s; choose a price list in %s",
                   rd_record_get_string (product, "name"), currency, deal_currency, deal_currency);
      return NULL;
    }

  stmt = rd_store_stmt (self, "SELECT coalesce(max(position), 0) FROM line_items"
                              " WHERE parent_id = ? AND deleted = 0", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, deal_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    position = sqlite3_column_int64 (stmt, 0);
  rd_store_stmt_done (stmt);

  item = rd_record_new ("line_items");
  rd_record_set_string (item, "parent_tbl", "deals");
  rd_record_set_string (item, "parent_id", deal_id);
  rd_record_set_string (item, "product_id", product_id);
  rd_record_set_string (item, "name", rd_record_get_string (product, "name"));
  rd_record_set_double (item, "quantity", quantity);
  rd_record_set_double (item, "unit_price", price);
  rd_record_set_double (item, "discount", 0);
  rd_record_set_double (item, "tax_rate", rd_record_get_double (product, "tax_rate", 0));
  rd_record_set_int (item, "position", position + 1);

  if (!rd_store_begin (self, error))
    return NULL;
  if ((deal_currency == NULL || *deal_currency == '\0') && currency != NULL && *currency != '\0')
    {
      g_autoptr(RdRecord) changes = rd_record_new ("deals");

      rd_record_set_id (changes, deal_id);
      rd_record_set_string (changes, "currency", currency);
      if (!rd_store_update (self, changes, error))
        {
          rd_store_rollback (self);
          return NULL;
        }
    }
  if (!rd_store_insert (self, item, error) || !rd_store_commit (self, error))
    {
      rd_store_rollback (self);
      return NULL;
    }
  return g_strdup (rd_record_get_id (item));
}

/* ---- checks of the write path ------------------------------------------------------ */

static gboolean
check_range (JsonObject  *f,
             const char  *field,
             double       min,
             double       max,
             gboolean     min_open,
             GError     **error)
{
  JsonNode *node = json_object_get_member (f, field);
  double value;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  value = json_node_get_double (node);
  if (value < min || value > max || (min_open && value == min) || isnan (value))
    {
      if (max >= G_MAXDOUBLE)
        g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_INVALID_VALUE,
                     min_open ? "%s: %g must be more than %g" : "%s: %g must not be less than %g",
                     field, value, min);
      else
        g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_INVALID_VALUE,
                     "%s: %g is not a percentage from %g to %g", field, value, min, max);
      return FALSE;
    }
  return TRUE;
}

static char *
column_text (RdStore    *self,
             const char *sql,
             const char *id)
{
  sqlite3_stmt *stmt = rd_store_stmt (self, sql, NULL);
  char *text = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  rd_store_stmt_done (stmt);
  return text;
}

/* TRUE when following depends_on from @from reaches @task (so task → from would close a
 * cycle); *@chain then names the way, "from → … → task". */
static gboolean
reaches (RdStore    *self,
         const char *from,
         const char *task,
         GString    *chain)
{
  g_autofree char *current = g_strdup (from);

  for (guint steps = 0; current != NULL && steps < MAX_CHAIN; steps++)
    {
      g_autofree char *title = column_text (self, "SELECT title FROM project_tasks WHERE id = ?", current);
      char *next;

      if (chain != NULL)
        g_string_append_printf (chain, "%s“%s”", chain->len > 0 ? " → " : "", title ? title : current);
      if (g_str_equal (current, task))
        return TRUE;
      next = column_text (self, "SELECT depends_on FROM project_tasks WHERE id = ? AND deleted = 0", current);
      g_free (current);
      current = next;
    }
  return FALSE;
}

static gboolean
check_task (RdStore     *self,
            const char  *id,
            JsonObject  *f,
            GError     **error)
{
  const char *depends_on = json_object_get_string_member_with_default (f, "depends_on", NULL);
  g_autofree char *project = NULL;
  g_autofree char *other_project = NULL;
  g_autoptr(GString) chain = NULL;

  if (depends_on == NULL)
    return TRUE;
  if (g_strcmp0 (depends_on, id) == 0)
    {
      g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_INVALID_VALUE,
                   "depends_on: a task cannot depend on itself");
      return FALSE;
    }

  project = g_strdup (json_object_get_string_member_with_default (f, "parent_id", NULL));
  if (project == NULL)
    project = column_text (self, "SELECT parent_id FROM project_tasks WHERE id = ?", id);
  other_project = column_text (self, "SELECT parent_id FROM project_tasks WHERE id = ? AND deleted = 0",
                               depends_on);
  /* (A row the server is still receiving field by field may not know its project yet.) */
  if (project != NULL && g_strcmp0 (project, other_project) != 0)
    {
      g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_INVALID_VALUE,
                   "depends_on: a task can only depend on a task of the same project");
      return FALSE;
    }

  chain = g_string_new (NULL);
  if (reaches (self, depends_on, id, chain))
    {
      g_autofree char *title = column_text (self, "SELECT title FROM project_tasks WHERE id = ?", id);

      g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_INVALID_VALUE,
                   "depends_on: that would make a cycle (“%s” → %s)", title ? title : id, chain->str);
      return FALSE;
    }
  return TRUE;
}

/* A deal with line items has the amount of their total: a typed amount is refused. */
static gboolean
check_deal (RdStore     *self,
            const char  *id,
            JsonObject  *f,
            gboolean     is_new,
            GError     **error)
{
  JsonNode *node = json_object_get_member (f, "amount");
  RdDealTotals totals;

  if (is_new || node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!rd_store_deal_totals (self, id, &totals, error))
    return FALSE;
  if (totals.n_items > 0 && fabs (json_node_get_double (node) - totals.total) >= 0.005)
    {
      g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_INVALID_VALUE,
                   "amount: the deal has line items; its amount is their total, %.2f", totals.total);
      return FALSE;
    }
  return TRUE;
}

gboolean
rd_store_catalog_check (RdStore            *self,
                        const RdTableDesc  *t,
                        const char         *id,
                        JsonObject         *f,
                        gboolean            is_new,
                        GError            **error)
{
  if (g_str_equal (t->name, "products"))
    return check_range (f, "unit_price", 0, G_MAXDOUBLE, FALSE, error) &&
           check_range (f, "tax_rate", 0, 100, FALSE, error);
  if (g_str_equal (t->name, "price_list_items"))
    return check_range (f, "unit_price", 0, G_MAXDOUBLE, FALSE, error);
  if (g_str_equal (t->name, "line_items"))
    {
      const char *ptable = json_object_get_string_member_with_default (f, "parent_tbl", NULL);

      if (is_new && g_strcmp0 (ptable, "deals") != 0)
        {
          g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_INVALID_VALUE,
                       "parent_tbl: line items belong to deals");
          return FALSE;
        }
      return check_range (f, "quantity", 0, G_MAXDOUBLE, TRUE, error) &&
             check_range (f, "unit_price", 0, G_MAXDOUBLE, FALSE, error) &&
             check_range (f, "discount", 0, 100, FALSE, error) &&
             check_range (f, "tax_rate", 0, 100, FALSE, error);
    }
  if (g_str_equal (t->name, "project_tasks") || g_str_equal (t->name, "milestones"))
    {
      const char *ptable = json_object_get_string_member_with_default (f, "parent_tbl", NULL);

      if (is_new && g_strcmp0 (ptable, "projects") != 0)
        {
          g_set_error (error, RD_STORE_ERROR, RD_STORE_ERROR_INVALID_VALUE,
                       "parent_tbl: %s belong to projects", g_str_equal (t->name, "milestones")
                       ? "milestones" : "tasks");
          return FALSE;
        }
      return !g_str_equal (t->name, "project_tasks") || check_task (self, id, f, error);
    }
  if (g_str_equal (t->name, "deals"))
    return check_deal (self, id, f, is_new, error);
  return TRUE;
}

gboolean
rd_store_catalog_written (RdStore            *self,
                          const RdTableDesc  *t,
                          const char         *id,
                          GError            **error)
{
  g_autofree char *deal = NULL;

  if (!g_str_equal (t->name, "line_items"))
    return TRUE;
  deal = column_text (self, "SELECT parent_id FROM line_items WHERE id = ?", id);
  return rd_store_recompute_deal_amount (self, deal, error);
}

gboolean
rd_store_check_task_dependency (RdStore     *self,
                                const char  *task_id,
                                const char  *depends_on,
                                GError     **error)
{
  g_autoptr(JsonObject) f = json_object_new ();

  g_return_val_if_fail (RD_IS_STORE (self), FALSE);

  if (depends_on == NULL)
    return TRUE;
  json_object_set_string_member (f, "depends_on", depends_on);
  return check_task (self, task_id, f, error);
}

GPtrArray *
rd_store_task_dependency_candidates (RdStore     *self,
                                     const char  *project_id,
                                     const char  *task_id,
                                     GError     **error)
{
  g_autofree char *query = NULL;
  g_autoptr(GPtrArray) tasks = NULL;
  GPtrArray *candidates;

  g_return_val_if_fail (RD_IS_STORE (self), NULL);
  g_return_val_if_fail (project_id != NULL && strchr (project_id, '\'') == NULL, NULL);

  query = g_strdup_printf ("parent_id = '%s'", project_id);
  tasks = rd_store_list (self, "project_tasks", query, "due", 0, G_MAXINT, error);
  if (tasks == NULL)
    return NULL;
  candidates = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < tasks->len; i++)
    {
      RdRecord *task = g_ptr_array_index (tasks, i);

      if (g_strcmp0 (rd_record_get_id (task), task_id) == 0 ||
          (task_id != NULL && reaches (self, rd_record_get_id (task), task_id, NULL)))
        continue;
      g_ptr_array_add (candidates, g_object_ref (task));
    }
  return candidates;
}

GPtrArray *
rd_store_project_tasks_due (RdStore     *self,
                            gint64       before_ms,
                            guint        limit,
                            GError     **error)
{
  const RdTableDesc *tasks = rd_schema_lookup ("project_tasks");
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (RD_IS_STORE (self), NULL);

  stmt = rd_store_stmt (self, "SELECT t.id, p.name FROM project_tasks t JOIN projects p ON p.id = t.parent_id"
                              " WHERE t.deleted = 0 AND p.deleted = 0 AND t.status IN ('open', 'in_progress')"
                              " AND t.due IS NOT NULL AND t.due < ?"
                              " AND coalesce(p.status, 'planned') NOT IN ('done', 'cancelled')"
                              " ORDER BY t.due, t.id LIMIT ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, before_ms);
  sqlite3_bind_int64 (stmt, 2, limit);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_ptr_array_add (ids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
      g_ptr_array_add (names, g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
    }
  rd_store_stmt_done (stmt);

  /* (read after the query is done: one statement at a time on the connection) */
  for (guint i = 0; i < ids->len; i++)
    {
      RdRecord *task = rd_store_read_row (self, tasks, ids->pdata[i], FALSE);

      if (task == NULL)
        continue;
      rd_record_set_string (task, "project_name", names->pdata[i]);
      g_ptr_array_add (found, task);
    }
  return g_steal_pointer (&found);
}
