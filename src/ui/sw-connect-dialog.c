/* sw-connect-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-connect-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <libpq-fe.h>
#include <string.h>

#include "sw-connect-dialog.h"

struct _SwConnectDialog
{
  AdwWindow    parent_instance;

  /* Template widgets */
  AdwEntryRow *host_row;
  AdwEntryRow *port_row;
  AdwEntryRow *database_row;
  AdwEntryRow *user_row;
  AdwEntryRow *password_row;
  AdwEntryRow *conninfo_row;
  GtkSwitch   *remember_switch;
  AdwComboRow *sslmode_row;
  AdwPreferencesGroup *service_group;
  AdwComboRow *service_row;

  /* Owned */
  GStrv        services;

  /* Borrowed */
  SwWindow    *window;
};

G_DEFINE_FINAL_TYPE (SwConnectDialog, sw_connect_dialog, ADW_TYPE_WINDOW)

static void
append_option (GString    *str,
               const char *keyword,
               const char *value)
{
  if (value == NULL || value[0] == '\0')
    return;

  if (str->len > 0)
    g_string_append_c (str, ' ');

  /* libpq conninfo quoting: single quotes, with \ and ' escaped by a backslash. */
  g_string_append_printf (str, "%s='", keyword);
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '\'' || *p == '\\')
        g_string_append_c (str, '\\');
      g_string_append_c (str, *p);
    }
  g_string_append_c (str, '\'');
}

/* In the order of the sslmode row's items. */
static const char * const sslmodes[] = {
  "prefer", "require", "verify-ca", "verify-full", "allow", "disable",
};

/* The service file libpq would read, as psql finds it: PGSERVICEFILE, or
 * ~/.pg_service.conf, then the system one in PGSYSCONFDIR (or Debian's
 * /etc/postgresql-common).
 */
static GStrv
list_services (void)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *user_file = NULL;
  g_autofree char *system_file = NULL;
  const char *files[2];

  if (g_getenv ("PGSERVICEFILE") != NULL)
    user_file = g_strdup (g_getenv ("PGSERVICEFILE"));
  else
    user_file = g_build_filename (g_get_home_dir (), ".pg_service.conf", NULL);
  system_file = g_build_filename (g_getenv ("PGSYSCONFDIR") != NULL ? g_getenv ("PGSYSCONFDIR")
                                                                     : "/etc/postgresql-common",
                                  "pg_service.conf", NULL);
  files[0] = user_file;
  files[1] = system_file;

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autoptr(GKeyFile) key_file = g_key_file_new ();
      g_auto(GStrv) groups = NULL;

      /* A missing or unreadable file simply has no services. */
      if (!g_key_file_load_from_file (key_file, files[i], G_KEY_FILE_NONE, NULL))
        continue;
      groups = g_key_file_get_groups (key_file, NULL);
      for (guint j = 0; groups[j] != NULL; j++)
        {
          if (g_hash_table_contains (seen, groups[j]))
            continue;
          g_hash_table_add (seen, g_strdup (groups[j]));
          g_strv_builder_add (builder, groups[j]);
        }
    }

  return g_strv_builder_end (builder);
}

static void
service_changed_cb (SwConnectDialog *self,
                    GParamSpec      *pspec,
                    AdwComboRow     *row)
{
  guint selected = adw_combo_row_get_selected (row);

  /* The first item is "None". */
  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION || self->services == NULL)
    return;

  {
    g_autofree char *conninfo = g_strdup_printf ("service=%s", self->services[selected - 1]);

    gtk_editable_set_text (GTK_EDITABLE (self->conninfo_row), conninfo);
  }
}

static gboolean
is_valid_port (const char *port)
{
  if (port == NULL || port[0] == '\0')
    return TRUE;

  for (const char *p = port; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p))
        return FALSE;
    }

  return g_ascii_strtoull (port, NULL, 10) <= 65535;
}

/* A conninfo or URI typed by the user may carry a password. Take it out so that
 * the conninfo the window keeps (and remembers in the recent connections) never
 * holds one; the password goes to the reader on its own.
 */
static char *
split_password (const char  *conninfo,
                char       **password)
{
  PQconninfoOption *options;
  g_autoptr(GString) str = g_string_new (NULL);
  char *errmsg = NULL;

  *password = NULL;

  options = PQconninfoParse (conninfo, &errmsg);
  if (options == NULL)
    {
      /* Let the reader report the parse error in its own words. */
      if (errmsg != NULL)
        PQfreemem (errmsg);
      return g_strdup (conninfo);
    }

  for (PQconninfoOption *opt = options; opt->keyword != NULL; opt++)
    {
      if (opt->val == NULL)
        continue;

      if (g_str_equal (opt->keyword, "password"))
        {
          g_free (*password);
          *password = g_strdup (opt->val);
        }
      else
        {
          append_option (str, opt->keyword, opt->val);
        }
    }

  PQconninfoFree (options);

  return g_string_free (g_steal_pointer (&str), FALSE);
}

static void
prefill (SwConnectDialog *self,
         const char      *conninfo)
{
  PQconninfoOption *options;
  gboolean simple = TRUE;

  if (conninfo == NULL || conninfo[0] == '\0')
    return;

  options = PQconninfoParse (conninfo, NULL);
  if (options == NULL)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->conninfo_row), conninfo);
      return;
    }

  /* Only a conninfo the four fields can say is spread over them. */
  for (PQconninfoOption *opt = options; opt->keyword != NULL; opt++)
    {
      if (opt->val != NULL && g_str_equal (opt->keyword, "sslmode"))
        {
          for (guint i = 0; i < G_N_ELEMENTS (sslmodes); i++)
            {
              if (g_str_equal (opt->val, sslmodes[i]))
                adw_combo_row_set_selected (self->sslmode_row, i);
            }
          continue;
        }
      if (opt->val != NULL &&
          !g_str_equal (opt->keyword, "host") &&
          !g_str_equal (opt->keyword, "port") &&
          !g_str_equal (opt->keyword, "dbname") &&
          !g_str_equal (opt->keyword, "user"))
        simple = FALSE;
    }

  if (simple)
    {
      for (PQconninfoOption *opt = options; opt->keyword != NULL; opt++)
        {
          AdwEntryRow *row = NULL;

          if (opt->val == NULL)
            continue;

          if (g_str_equal (opt->keyword, "host"))
            row = self->host_row;
          else if (g_str_equal (opt->keyword, "port"))
            row = self->port_row;
          else if (g_str_equal (opt->keyword, "dbname"))
            row = self->database_row;
          else if (g_str_equal (opt->keyword, "user"))
            row = self->user_row;

          if (row != NULL)
            gtk_editable_set_text (GTK_EDITABLE (row), opt->val);
        }
    }
  else
    {
      gtk_editable_set_text (GTK_EDITABLE (self->conninfo_row), conninfo);
    }

  PQconninfoFree (options);
}

static void
port_changed_cb (SwConnectDialog *self,
                 AdwEntryRow     *row)
{
  const char *port = gtk_editable_get_text (GTK_EDITABLE (row));

  if (is_valid_port (port))
    gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (row), "error");
}

static void
conninfo_changed_cb (SwConnectDialog *self,
                     AdwEntryRow     *row)
{
  const char *conninfo = gtk_editable_get_text (GTK_EDITABLE (row));
  gboolean use_fields = conninfo[0] == '\0';

  /* The password still applies to a connection string without one. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->host_row), use_fields);
  gtk_widget_set_sensitive (GTK_WIDGET (self->port_row), use_fields);
  gtk_widget_set_sensitive (GTK_WIDGET (self->database_row), use_fields);
  gtk_widget_set_sensitive (GTK_WIDGET (self->user_row), use_fields);
}

static void
connect_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  SwConnectDialog *self = SW_CONNECT_DIALOG (widget);
  const char *typed = gtk_editable_get_text (GTK_EDITABLE (self->conninfo_row));
  const char *port = gtk_editable_get_text (GTK_EDITABLE (self->port_row));
  g_autofree char *conninfo = NULL;
  g_autofree char *password = NULL;
  g_autofree char *uri_password = NULL;

  if (typed[0] != '\0')
    {
      conninfo = split_password (typed, &uri_password);
    }
  else
    {
      if (!is_valid_port (port))
        {
          gtk_widget_add_css_class (GTK_WIDGET (self->port_row), "error");
          gtk_widget_grab_focus (GTK_WIDGET (self->port_row));
          return;
        }

      conninfo = sw_connect_dialog_build_conninfo (
          gtk_editable_get_text (GTK_EDITABLE (self->host_row)),
          port,
          gtk_editable_get_text (GTK_EDITABLE (self->database_row)),
          gtk_editable_get_text (GTK_EDITABLE (self->user_row)));
    }

  /* The sslmode applies to either; "prefer" is libpq's own default. */
  {
    guint mode = adw_combo_row_get_selected (self->sslmode_row);

    if (mode > 0 && mode < G_N_ELEMENTS (sslmodes) && strstr (conninfo, "sslmode") == NULL)
      {
        GString *str = g_string_new (conninfo);

        append_option (str, "sslmode", sslmodes[mode]);
        g_free (conninfo);
        conninfo = g_string_free (str, FALSE);
      }
  }

  password = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->password_row)));
  if ((password == NULL || password[0] == '\0') && uri_password != NULL)
    {
      g_free (password);
      password = g_steal_pointer (&uri_password);
    }

  /* Do not leave the password in the entry's buffer longer than needed. */
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");

  if (self->window != NULL)
    sw_window_connect_full (self->window, conninfo, password,
                            gtk_switch_get_active (self->remember_switch));

  if (password != NULL)
    memset (password, 0, strlen (password));
  if (uri_password != NULL)
    memset (uri_password, 0, strlen (uri_password));

  gtk_window_destroy (GTK_WINDOW (self));
}

static void
sw_connect_dialog_dispose (GObject *object)
{
  SwConnectDialog *self = SW_CONNECT_DIALOG (object);

  g_clear_weak_pointer (&self->window);
  g_clear_pointer (&self->services, g_strfreev);

  gtk_widget_dispose_template (GTK_WIDGET (self), SW_TYPE_CONNECT_DIALOG);

  G_OBJECT_CLASS (sw_connect_dialog_parent_class)->dispose (object);
}

static void
sw_connect_dialog_class_init (SwConnectDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sw_connect_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/app/shardwise/Shardwise/ui/sw-connect-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SwConnectDialog, host_row);
  gtk_widget_class_bind_template_child (widget_class, SwConnectDialog, port_row);
  gtk_widget_class_bind_template_child (widget_class, SwConnectDialog, database_row);
  gtk_widget_class_bind_template_child (widget_class, SwConnectDialog, user_row);
  gtk_widget_class_bind_template_child (widget_class, SwConnectDialog, password_row);
  gtk_widget_class_bind_template_child (widget_class, SwConnectDialog, conninfo_row);
  gtk_widget_class_bind_template_child (widget_class, SwConnectDialog, remember_switch);
  gtk_widget_class_bind_template_child (widget_class, SwConnectDialog, sslmode_row);
  gtk_widget_class_bind_template_child (widget_class, SwConnectDialog, service_group);
  gtk_widget_class_bind_template_child (widget_class, SwConnectDialog, service_row);
  gtk_widget_class_bind_template_callback (widget_class, service_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, port_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, conninfo_changed_cb);

  gtk_widget_class_install_action (widget_class, "connect.connect", NULL, connect_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sw_connect_dialog_init (SwConnectDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->services = list_services ();
  if (self->services[0] != NULL)
    {
      g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);

      /* Translators: the service row's first item: connect without a service */
      gtk_string_list_append (model, _("None"));
      for (guint i = 0; self->services[i] != NULL; i++)
        gtk_string_list_append (model, self->services[i]);
      adw_combo_row_set_model (self->service_row, G_LIST_MODEL (model));
      gtk_widget_set_visible (GTK_WIDGET (self->service_group), TRUE);
    }
}

/**
 * sw_connect_dialog_new:
 * @window: the window that reads the schema
 * @conninfo: (nullable): a conninfo (without password) to start from
 *
 * Returns: (transfer none): a new dialog, modal for @window
 */
SwConnectDialog *
sw_connect_dialog_new (SwWindow   *window,
                       const char *conninfo)
{
  SwConnectDialog *self;

  g_return_val_if_fail (SW_IS_WINDOW (window), NULL);

  self = g_object_new (SW_TYPE_CONNECT_DIALOG,
                       "transient-for", window,
                       NULL);
  g_set_weak_pointer (&self->window, window);
  prefill (self, conninfo);

  if (gtk_editable_get_text (GTK_EDITABLE (self->database_row))[0] != '\0')
    gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->host_row));

  return self;
}

/**
 * sw_connect_dialog_build_conninfo:
 * @host: (nullable): host name, address or socket directory
 * @port: (nullable): port
 * @dbname: (nullable): database
 * @user: (nullable): role
 *
 * Builds a libpq conninfo from the dialog's fields, quoting each value. Empty
 * fields are left out so libpq's defaults apply. A password is never part of it.
 *
 * Returns: (transfer full): the conninfo, possibly empty
 */
char *
sw_connect_dialog_build_conninfo (const char *host,
                                  const char *port,
                                  const char *dbname,
                                  const char *user)
{
  GString *str = g_string_new (NULL);
  g_autofree char *host_s = g_strstrip (g_strdup (host != NULL ? host : ""));
  g_autofree char *port_s = g_strstrip (g_strdup (port != NULL ? port : ""));
  g_autofree char *user_s = g_strstrip (g_strdup (user != NULL ? user : ""));

  append_option (str, "host", host_s);
  append_option (str, "port", port_s);
  /* A database name may legitimately have surrounding spaces; keep it as typed. */
  append_option (str, "dbname", dbname);
  append_option (str, "user", user_s);

  return g_string_free (str, FALSE);
}
