/* sw-schema-completion.c
 *
 * Completions for the routing editor: the schema's tables and their columns.
 * After `orders.` only the columns of `orders` are offered.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-schema-completion"

#include "config.h"

#include <glib/gi18n.h>

#include "sw-completion-item.h"
#include "sw-schema-completion.h"

struct _SwSchemaCompletion
{
  GObject   parent_instance;

  SwSchema *schema;
};

static void provider_iface_init (GtkSourceCompletionProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SwSchemaCompletion, sw_schema_completion, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GTK_SOURCE_TYPE_COMPLETION_PROVIDER,
                                                      provider_iface_init))

/* Identifiers that SQL would fold to lower case, or take as a keyword,
 * go in quotes; plain lower-case names go in as they are.
 */
static char *
quote_if_needed (const char *name)
{
  return sw_quote_identifier (name);
}

static gboolean
matches (const char *candidate,
         const char *word)
{
  guint priority;

  if (word == NULL || *word == '\0')
    return TRUE;

  return gtk_source_completion_fuzzy_match (candidate, word, &priority);
}

static void
add_columns (GListStore *store,
             SwTable    *table,
             const char *word)
{
  GPtrArray *columns = sw_table_get_columns (table);

  for (guint i = 0; columns != NULL && i < columns->len; i++)
    {
      SwColumn *column = g_ptr_array_index (columns, i);
      const char *name = sw_column_get_name (column);
      g_autoptr(SwCompletionItem) item = NULL;
      g_autofree char *insert = NULL;
      g_autofree char *detail = NULL;

      if (!matches (name, word))
        continue;

      insert = quote_if_needed (name);
      detail = g_strdup_printf ("%s · %s", sw_table_get_name (table), sw_column_get_type_name (column));
      item = sw_completion_item_new (name, insert, detail, "view-list-symbolic");
      g_list_store_append (store, item);
    }
}

/**
 * sw_schema_completion_complete:
 * @self: a #SwSchemaCompletion
 * @qualifier: (nullable): the name before a dot, such as `orders` in
 *   `orders.cu`, or %NULL
 * @word: the word typed so far
 *
 * Returns: (transfer full): a list of #SwCompletionItem: tables first, then
 *   columns; only the qualifier's columns (or a schema's tables) after a dot
 */
GListModel *
sw_schema_completion_complete (SwSchemaCompletion *self,
                               const char         *qualifier,
                               const char         *word)
{
  GListStore *store = g_list_store_new (SW_TYPE_COMPLETION_ITEM);
  GListModel *tables;
  guint n;

  g_return_val_if_fail (SW_IS_SCHEMA_COMPLETION (self), NULL);

  if (self->schema == NULL)
    return G_LIST_MODEL (store);

  tables = sw_schema_list_tables (self->schema);
  n = g_list_model_get_n_items (tables);

  if (qualifier != NULL && *qualifier != '\0')
    {
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(SwTable) table = g_list_model_get_item (tables, i);

          if (g_ascii_strcasecmp (sw_table_get_name (table), qualifier) == 0)
            add_columns (store, table, word);
          else if (g_ascii_strcasecmp (sw_table_get_schema_name (table), qualifier) == 0 &&
                   matches (sw_table_get_name (table), word))
            {
              g_autofree char *insert = quote_if_needed (sw_table_get_name (table));
              g_autoptr(SwCompletionItem) item =
                sw_completion_item_new (sw_table_get_name (table), insert, _("table"), "x-office-spreadsheet-symbolic");
              g_list_store_append (store, item);
            }
        }
      return G_LIST_MODEL (store);
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SwTable) table = g_list_model_get_item (tables, i);
      const char *name = sw_table_get_name (table);
      g_autoptr(SwCompletionItem) item = NULL;
      g_autofree char *insert = NULL;

      if (!matches (name, word))
        continue;

      /* Outside the search path's first schema the name needs its schema. */
      if (g_strcmp0 (sw_table_get_schema_name (table), "public") == 0)
        insert = quote_if_needed (name);
      else
        insert = sw_quote_qualified_name (sw_table_get_schema_name (table), name);
      item = sw_completion_item_new (name, insert, sw_table_get_qualified_name (table),
                                     "x-office-spreadsheet-symbolic");
      g_list_store_append (store, item);
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SwTable) table = g_list_model_get_item (tables, i);

      add_columns (store, table, word);
    }

  return G_LIST_MODEL (store);
}

/* The name before the dot just before the word, if any. */
static char *
find_qualifier (GtkSourceCompletionContext *context)
{
  GtkTextIter begin, end, iter;
  GtkTextIter qualifier_start;

  if (!gtk_source_completion_context_get_bounds (context, &begin, &end))
    return NULL;

  iter = begin;
  if (!gtk_text_iter_backward_char (&iter) || gtk_text_iter_get_char (&iter) != '.')
    return NULL;

  qualifier_start = iter;
  while (gtk_text_iter_backward_char (&qualifier_start))
    {
      gunichar c = gtk_text_iter_get_char (&qualifier_start);

      if (!g_unichar_isalnum (c) && c != '_' && c != '"')
        {
          gtk_text_iter_forward_char (&qualifier_start);
          break;
        }
    }

  {
    g_autofree char *text = gtk_text_iter_get_slice (&qualifier_start, &iter);
    g_strdelimit (text, "\"", ' ');
    return g_strdup (g_strstrip (text));
  }
}

static GListModel *
sw_schema_completion_populate (GtkSourceCompletionProvider  *provider,
                               GtkSourceCompletionContext   *context,
                               GError                      **error)
{
  SwSchemaCompletion *self = SW_SCHEMA_COMPLETION (provider);
  g_autofree char *word = gtk_source_completion_context_get_word (context);
  g_autofree char *qualifier = find_qualifier (context);

  /* Typing a keyword's first letter should not pop a list of every column. */
  if (qualifier == NULL && (word == NULL || strlen (word) < 2) &&
      gtk_source_completion_context_get_activation (context) == GTK_SOURCE_COMPLETION_ACTIVATION_INTERACTIVE)
    return G_LIST_MODEL (g_list_store_new (SW_TYPE_COMPLETION_ITEM));

  return sw_schema_completion_complete (self, qualifier, word);
}

static void
sw_schema_completion_refilter (GtkSourceCompletionProvider *provider,
                               GtkSourceCompletionContext  *context,
                               GListModel                  *model)
{
  g_autoptr(GListModel) fresh = sw_schema_completion_populate (provider, context, NULL);

  gtk_source_completion_context_set_proposals_for_provider (context, provider, fresh);
}

static gboolean
sw_schema_completion_is_trigger (GtkSourceCompletionProvider *provider,
                                 const GtkTextIter           *iter,
                                 gunichar                     ch)
{
  return ch == '.';
}

static void
sw_schema_completion_display (GtkSourceCompletionProvider *provider,
                              GtkSourceCompletionContext  *context,
                              GtkSourceCompletionProposal *proposal,
                              GtkSourceCompletionCell     *cell)
{
  SwCompletionItem *item = SW_COMPLETION_ITEM (proposal);

  switch (gtk_source_completion_cell_get_column (cell))
    {
    case GTK_SOURCE_COMPLETION_COLUMN_ICON:
      gtk_source_completion_cell_set_icon_name (cell, sw_completion_item_get_icon_name (item));
      break;
    case GTK_SOURCE_COMPLETION_COLUMN_TYPED_TEXT:
      {
        g_autofree char *word = gtk_source_completion_context_get_word (context);
        PangoAttrList *attrs = gtk_source_completion_fuzzy_highlight (sw_completion_item_get_text (item), word);

        gtk_source_completion_cell_set_text_with_attributes (cell, sw_completion_item_get_text (item), attrs);
        pango_attr_list_unref (attrs);
      }
      break;
    case GTK_SOURCE_COMPLETION_COLUMN_AFTER:
      gtk_source_completion_cell_set_text (cell, sw_completion_item_get_detail (item));
      break;
    case GTK_SOURCE_COMPLETION_COLUMN_BEFORE:
    case GTK_SOURCE_COMPLETION_COLUMN_COMMENT:
    case GTK_SOURCE_COMPLETION_COLUMN_DETAILS:
    default:
      gtk_source_completion_cell_set_text (cell, NULL);
      break;
    }
}

static void
sw_schema_completion_activate (GtkSourceCompletionProvider *provider,
                               GtkSourceCompletionContext  *context,
                               GtkSourceCompletionProposal *proposal)
{
  GtkSourceBuffer *buffer = gtk_source_completion_context_get_buffer (context);
  GtkTextIter begin, end;

  if (!gtk_source_completion_context_get_bounds (context, &begin, &end))
    return;

  gtk_text_buffer_begin_user_action (GTK_TEXT_BUFFER (buffer));
  gtk_text_buffer_delete (GTK_TEXT_BUFFER (buffer), &begin, &end);
  gtk_text_buffer_insert (GTK_TEXT_BUFFER (buffer), &begin,
                          sw_completion_item_get_insert (SW_COMPLETION_ITEM (proposal)), -1);
  gtk_text_buffer_end_user_action (GTK_TEXT_BUFFER (buffer));
}

static char *
sw_schema_completion_get_title (GtkSourceCompletionProvider *provider)
{
  return g_strdup (_("Schema"));
}

static void
provider_iface_init (GtkSourceCompletionProviderInterface *iface)
{
  iface->get_title = sw_schema_completion_get_title;
  iface->populate = sw_schema_completion_populate;
  iface->refilter = sw_schema_completion_refilter;
  iface->is_trigger = sw_schema_completion_is_trigger;
  iface->display = sw_schema_completion_display;
  iface->activate = sw_schema_completion_activate;
}

static void
sw_schema_completion_dispose (GObject *object)
{
  SwSchemaCompletion *self = SW_SCHEMA_COMPLETION (object);

  g_clear_object (&self->schema);

  G_OBJECT_CLASS (sw_schema_completion_parent_class)->dispose (object);
}

static void
sw_schema_completion_class_init (SwSchemaCompletionClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = sw_schema_completion_dispose;
}

static void
sw_schema_completion_init (SwSchemaCompletion *self)
{
}

SwSchemaCompletion *
sw_schema_completion_new (void)
{
  return g_object_new (SW_TYPE_SCHEMA_COMPLETION, NULL);
}

void
sw_schema_completion_set_schema (SwSchemaCompletion *self,
                                 SwSchema           *schema)
{
  g_return_if_fail (SW_IS_SCHEMA_COMPLETION (self));

  g_set_object (&self->schema, schema);
}
