/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ringdesk"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "rd-labels.h"
#include "rd-profile-photo.h"
#include "rd-users-page.h"

/* Users (admins): the server's accounts (GET /api/v1/users) with their
 * role and access, sign-ups waiting for approval (GET /api/v1/signups,
 * approve/reject), and a form to add a user. Every change is one call of
 * the server API with the session's token; the page reloads after it. */

static const char * const roles[] = { "agent", "manager", "admin", "support", NULL };

struct _RdUsersPage
{
  GtkWidget            parent_instance;

  RdServerSession     *session;
  GCancellable        *cancellable;
  GPtrArray           *rows;
  guint                n_users;
  guint                n_signups;
  guint                pending;    /* calls in flight */

  GtkWidget           *scroller;
  AdwPreferencesGroup *signups_group;
  AdwPreferencesGroup *users_group;
  AdwEntryRow         *new_name_row;
  AdwEntryRow         *new_password_row;
  AdwComboRow         *new_role_row;
};

G_DEFINE_FINAL_TYPE (RdUsersPage, rd_users_page, GTK_TYPE_WIDGET)

static void
rd_users_page_toast (RdUsersPage *self,
                     const char  *message)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (message));
}

static guint
role_index (const char *role)
{
  for (guint i = 0; roles[i] != NULL; i++)
    if (g_strcmp0 (roles[i], role) == 0)
      return i;
  return 0;
}

static GtkStringList *
role_labels (void)
{
  GtkStringList *labels = gtk_string_list_new (NULL);

  for (guint i = 0; roles[i] != NULL; i++)
    gtk_string_list_append (labels, rd_labels_value (roles[i]));
  return labels;
}

/* --- calls ---------------------------------------------------------------------- */

static void
rd_users_page_call_done_cb (GObject      *object,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  g_autoptr(RdUsersPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = rd_server_session_request_finish (RD_SERVER_SESSION (object), result, &error);

  self->pending--;
  if (answer == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        rd_users_page_toast (self, error->message);
      if (self->pending == 0)
        rd_users_page_reload (self);
      return;
    }
  if (self->pending == 0)
    rd_users_page_reload (self);
}

static void
rd_users_page_call (RdUsersPage *self,
                    const char  *method,
                    const char  *path,
                    JsonBuilder *body)
{
  g_autofree char *json = NULL;

  if (body != NULL)
    {
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autoptr(JsonNode) root = json_builder_get_root (body);

      json_generator_set_root (generator, root);
      json = json_generator_to_data (generator, NULL);
    }
  self->pending++;
  rd_server_session_request_async (self->session, method, path, json, self->cancellable,
                                   rd_users_page_call_done_cb, g_object_ref (self));
}

static JsonBuilder *
body_with (const char *member,
           const char *value)
{
  JsonBuilder *builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, member);
  json_builder_add_string_value (builder, value);
  return builder;
}

/** Changes @name's role ("agent", "manager", "admin", "support") on the server. */
void
rd_users_page_set_role (RdUsersPage *self,
                        const char  *name,
                        const char  *role)
{
  g_autoptr(JsonBuilder) body = body_with ("role", role);
  g_autofree char *path = g_strdup_printf ("users/%s", name);

  g_return_if_fail (RD_IS_USERS_PAGE (self));
  json_builder_end_object (body);
  rd_users_page_call (self, "PATCH", path, body);
}

/** Disables (or enables again) @name's account. */
void
rd_users_page_set_disabled (RdUsersPage *self,
                            const char  *name,
                            gboolean     disabled)
{
  g_autoptr(JsonBuilder) body = json_builder_new ();
  g_autofree char *path = g_strdup_printf ("users/%s", name);

  g_return_if_fail (RD_IS_USERS_PAGE (self));
  json_builder_begin_object (body);
  json_builder_set_member_name (body, "disabled");
  json_builder_add_boolean_value (body, disabled);
  json_builder_end_object (body);
  rd_users_page_call (self, "PATCH", path, body);
}

/** Approves the sign-up of @name as @role. */
void
rd_users_page_approve (RdUsersPage *self,
                       const char  *name,
                       const char  *role)
{
  g_autoptr(JsonBuilder) body = body_with ("role", role);
  g_autofree char *path = g_strdup_printf ("signups/%s/approve", name);

  g_return_if_fail (RD_IS_USERS_PAGE (self));
  json_builder_end_object (body);
  rd_users_page_call (self, "POST", path, body);
}

/** Adds user @name with @password and @role. */
void
rd_users_page_add_user (RdUsersPage *self,
                        const char  *name,
                        const char  *password,
                        const char  *role)
{
  g_autoptr(JsonBuilder) body = body_with ("username", name);

  g_return_if_fail (RD_IS_USERS_PAGE (self));
  json_builder_set_member_name (body, "password");
  json_builder_add_string_value (body, password);
  json_builder_set_member_name (body, "role");
  json_builder_add_string_value (body, role);
  json_builder_end_object (body);
  rd_users_page_call (self, "POST", "users", body);
}

static void
rd_users_page_add_cb (RdUsersPage *self)
{
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->new_name_row));
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->new_password_row));
  guint role = adw_combo_row_get_selected (self->new_role_row);

  if (*name == '\0' || *password == '\0')
    {
      rd_users_page_toast (self, _("Enter a user name and a password"));
      return;
    }
  rd_users_page_add_user (self, name, password, roles[MIN (role, G_N_ELEMENTS (roles) - 2)]);
  gtk_editable_set_text (GTK_EDITABLE (self->new_name_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->new_password_row), "");
}

/* --- rows ------------------------------------------------------------------------ */

static void
role_selected_cb (AdwComboRow *row,
                  GParamSpec  *pspec,
                  RdUsersPage *self)
{
  if (g_object_get_data (G_OBJECT (row), "loading"))
    return;
  rd_users_page_set_role (self, g_object_get_data (G_OBJECT (row), "name"),
                          roles[MIN (adw_combo_row_get_selected (row), G_N_ELEMENTS (roles) - 2)]);
}

static void
access_toggled_cb (GtkSwitch   *toggle,
                   GParamSpec  *pspec,
                   RdUsersPage *self)
{
  if (g_object_get_data (G_OBJECT (toggle), "loading"))
    return;
  rd_users_page_set_disabled (self, g_object_get_data (G_OBJECT (toggle), "name"),
                              !gtk_switch_get_active (toggle));
}

static void
approve_clicked_cb (GtkButton   *button,
                    RdUsersPage *self)
{
  rd_users_page_approve (self, g_object_get_data (G_OBJECT (button), "name"), "agent");
}

static void
reject_clicked_cb (GtkButton   *button,
                   RdUsersPage *self)
{
  g_autofree char *path = g_strdup_printf ("signups/%s/reject", (char *) g_object_get_data (G_OBJECT (button), "name"));

  rd_users_page_call (self, "POST", path, NULL);
}

static void
rd_users_page_add_row (RdUsersPage         *self,
                       AdwPreferencesGroup *group,
                       GtkWidget           *row)
{
  adw_preferences_group_add (group, row);
  g_object_set_data (G_OBJECT (row), "group", group);
  g_ptr_array_add (self->rows, row);
}

static void
rd_users_page_user_row (RdUsersPage *self,
                        JsonObject  *user)
{
  const char *name = json_object_get_string_member_with_default (user, "name", "");
  const char *team = json_object_get_string_member_with_default (user, "team", NULL);
  gboolean disabled = json_object_get_boolean_member_with_default (user, "disabled", FALSE);
  g_autoptr(GtkStringList) labels = role_labels ();
  GtkWidget *row = adw_combo_row_new ();
  GtkWidget *access = gtk_switch_new ();
  GtkWidget *avatar = adw_avatar_new (32, name, TRUE);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  if (team != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), team);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (labels));
  g_object_set_data (G_OBJECT (row), "loading", GINT_TO_POINTER (1));
  adw_combo_row_set_selected (ADW_COMBO_ROW (row),
                              role_index (json_object_get_string_member_with_default (user, "role", "agent")));
  g_object_set_data (G_OBJECT (row), "loading", NULL);
  g_object_set_data_full (G_OBJECT (row), "name", g_strdup (name), g_free);
  g_signal_connect (row, "notify::selected", G_CALLBACK (role_selected_cb), self);

  gtk_switch_set_active (GTK_SWITCH (access), !disabled);
  gtk_widget_set_valign (access, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (access, _("May sign in"));
  g_object_set_data_full (G_OBJECT (access), "name", g_strdup (name), g_free);
  g_signal_connect (access, "notify::active", G_CALLBACK (access_toggled_cb), self);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), access);
  /* The user's photo, or initials until there is one. */
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), avatar);
  g_object_set_data (G_OBJECT (row), "avatar", avatar);
  rd_profile_photo_show (ADW_AVATAR (avatar), self->session, name, self->cancellable);

  rd_users_page_add_row (self, self->users_group, row);
}

static void
rd_users_page_signup_row (RdUsersPage *self,
                          JsonObject  *signup)
{
  const char *name = json_object_get_string_member_with_default (signup, "name",
                       json_object_get_string_member_with_default (signup, "username", ""));
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *approve = gtk_button_new_with_mnemonic (_("_Approve"));
  GtkWidget *reject = gtk_button_new_with_mnemonic (_("_Reject"));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Approve to let them sign in as an agent"));
  gtk_widget_set_valign (approve, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (reject, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (approve, "suggested-action");
  g_object_set_data_full (G_OBJECT (approve), "name", g_strdup (name), g_free);
  g_object_set_data_full (G_OBJECT (reject), "name", g_strdup (name), g_free);
  g_signal_connect (approve, "clicked", G_CALLBACK (approve_clicked_cb), self);
  g_signal_connect (reject, "clicked", G_CALLBACK (reject_clicked_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), reject);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), approve);
  rd_users_page_add_row (self, self->signups_group, row);
}

/* --- loading ----------------------------------------------------------------------- */

static void
rd_users_page_clear (RdUsersPage *self,
                     AdwPreferencesGroup *group)
{
  for (guint i = self->rows->len; i > 0; i--)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i - 1);

      if (g_object_get_data (G_OBJECT (row), "group") != group)
        continue;
      adw_preferences_group_remove (group, row);
      g_ptr_array_remove_index (self->rows, i - 1);
    }
}

static void
rd_users_page_users_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(RdUsersPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = rd_server_session_request_finish (RD_SERVER_SESSION (object), result, &error);
  JsonArray *users;

  self->pending--;
  if (answer == NULL || !JSON_NODE_HOLDS_OBJECT (answer))
    {
      if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        rd_users_page_toast (self, error->message);
      return;
    }

  rd_users_page_clear (self, self->users_group);
  users = json_object_get_array_member (json_node_get_object (answer), "users");
  self->n_users = users ? json_array_get_length (users) : 0;
  for (guint i = 0; i < self->n_users; i++)
    rd_users_page_user_row (self, json_array_get_object_element (users, i));
}

static void
rd_users_page_signups_cb (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(RdUsersPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = rd_server_session_request_finish (RD_SERVER_SESSION (object), result, &error);
  JsonArray *signups;

  self->pending--;
  rd_users_page_clear (self, self->signups_group);
  self->n_signups = 0;
  if (answer != NULL && JSON_NODE_HOLDS_OBJECT (answer) &&
      (signups = json_object_get_array_member (json_node_get_object (answer), "signups")) != NULL)
    {
      self->n_signups = json_array_get_length (signups);
      for (guint i = 0; i < self->n_signups; i++)
        rd_users_page_signup_row (self, json_array_get_object_element (signups, i));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->signups_group), self->n_signups > 0);
}

/** Reads the users and pending sign-ups from the server again. */
void
rd_users_page_reload (RdUsersPage *self)
{
  g_return_if_fail (RD_IS_USERS_PAGE (self));

  if (self->session == NULL)
    return;
  self->pending += 2;
  rd_server_session_request_async (self->session, "GET", "users", NULL, self->cancellable,
                                   rd_users_page_users_cb, g_object_ref (self));
  rd_server_session_request_async (self->session, "GET", "signups", NULL, self->cancellable,
                                   rd_users_page_signups_cb, g_object_ref (self));
}

/* --- GObject ------------------------------------------------------------------------- */

static void
rd_users_page_dispose (GObject *object)
{
  RdUsersPage *self = RD_USERS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), RD_TYPE_USERS_PAGE);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (rd_users_page_parent_class)->dispose (object);
}

static void
rd_users_page_finalize (GObject *object)
{
  RdUsersPage *self = RD_USERS_PAGE (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (rd_users_page_parent_class)->finalize (object);
}

static void
rd_users_page_class_init (RdUsersPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rd_users_page_dispose;
  object_class->finalize = rd_users_page_finalize;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ringdesk/Ringdesk/rd-users-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RdUsersPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, RdUsersPage, signups_group);
  gtk_widget_class_bind_template_child (widget_class, RdUsersPage, users_group);
  gtk_widget_class_bind_template_child (widget_class, RdUsersPage, new_name_row);
  gtk_widget_class_bind_template_child (widget_class, RdUsersPage, new_password_row);
  gtk_widget_class_bind_template_child (widget_class, RdUsersPage, new_role_row);
  gtk_widget_class_bind_template_callback (widget_class, rd_users_page_add_cb);
}

static void
rd_users_page_init (RdUsersPage *self)
{
  self->cancellable = g_cancellable_new ();
  self->rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
rd_users_page_new (void)
{
  return g_object_new (RD_TYPE_USERS_PAGE, NULL);
}

/** The signed-in (admin) session the page calls the server with. */
void
rd_users_page_set_session (RdUsersPage     *self,
                           RdServerSession *session)
{
  g_return_if_fail (RD_IS_USERS_PAGE (self));

  g_set_object (&self->session, session);
  rd_users_page_reload (self);
}

/** TRUE while calls to the server are in flight. */
gboolean
rd_users_page_get_busy (RdUsersPage *self)
{
  g_return_val_if_fail (RD_IS_USERS_PAGE (self), FALSE);
  return self->pending > 0;
}

guint
rd_users_page_get_n_users (RdUsersPage *self)
{
  g_return_val_if_fail (RD_IS_USERS_PAGE (self), 0);
  return self->n_users;
}

guint
rd_users_page_get_n_signups (RdUsersPage *self)
{
  g_return_val_if_fail (RD_IS_USERS_PAGE (self), 0);
  return self->n_signups;
}
