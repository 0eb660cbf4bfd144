/* sw-keyring.c
 *
 * Database passwords in the user's keyring (libsecret), keyed by the
 * conninfo without its password. They are stored only when the user asks,
 * and never written anywhere else.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-keyring"

#include "config.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>

#include "sw-engine.h"
#include "sw-keyring.h"

static const SecretSchema *
get_schema (void)
{
  static const SecretSchema schema = {
    "app.shardwise.Shardwise.Password", SECRET_SCHEMA_NONE,
    {
      { "conninfo", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "NULL", 0 },
    }
  };

  return &schema;
}

static void
store_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (secret_password_store_finish (result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * sw_keyring_store_async:
 * @conninfo: the conninfo the password is for (without a password)
 * @password: the password
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when stored
 * @user_data: data for @callback
 */
void
sw_keyring_store_async (const char          *conninfo,
                        const char          *password,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  g_autofree char *description = sw_conninfo_describe (conninfo);
  /* Translators: the keyring item's label; %s describes the database */
  g_autofree char *label = g_strdup_printf (_("Shardwise: password for %s"),
                                            description != NULL ? description : conninfo);

  g_task_set_source_tag (task, sw_keyring_store_async);
  secret_password_store (get_schema (), SECRET_COLLECTION_DEFAULT, label, password,
                         cancellable, store_cb, task,
                         "conninfo", conninfo,
                         NULL);
}

gboolean
sw_keyring_store_finish (GAsyncResult  *result,
                         GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  char *password = secret_password_lookup_finish (result, &error);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, password, (GDestroyNotify) secret_password_free);
}

/**
 * sw_keyring_lookup_async:
 * @conninfo: the conninfo to find a password for
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the answer
 * @user_data: data for @callback
 */
void
sw_keyring_lookup_async (const char          *conninfo,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, sw_keyring_lookup_async);
  secret_password_lookup (get_schema (), cancellable, lookup_cb, task,
                          "conninfo", conninfo,
                          NULL);
}

/**
 * sw_keyring_lookup_finish:
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the password (free it with
 *   secret_password_free()), or %NULL when none is stored or the keyring
 *   cannot be reached (then @error says why)
 */
char *
sw_keyring_lookup_finish (GAsyncResult  *result,
                          GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}
