/* sw-completion-item.c
 *
 * One completion the routing editor offers: a table or a column name, what
 * is inserted (quoted where SQL needs it), and a detail such as its type.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-completion-item"

#include "config.h"

#include "sw-completion-item.h"

struct _SwCompletionItem
{
  GObject  parent_instance;

  char    *text;
  char    *insert;
  char    *detail;
  char    *icon_name;
};

static void proposal_iface_init (GtkSourceCompletionProposalInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SwCompletionItem, sw_completion_item, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GTK_SOURCE_TYPE_COMPLETION_PROPOSAL,
                                                      proposal_iface_init))

static char *
sw_completion_item_get_typed_text (GtkSourceCompletionProposal *proposal)
{
  return g_strdup (SW_COMPLETION_ITEM (proposal)->text);
}

static void
proposal_iface_init (GtkSourceCompletionProposalInterface *iface)
{
  iface->get_typed_text = sw_completion_item_get_typed_text;
}

static void
sw_completion_item_finalize (GObject *object)
{
  SwCompletionItem *self = SW_COMPLETION_ITEM (object);

  g_free (self->text);
  g_free (self->insert);
  g_free (self->detail);
  g_free (self->icon_name);

  G_OBJECT_CLASS (sw_completion_item_parent_class)->finalize (object);
}

static void
sw_completion_item_class_init (SwCompletionItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sw_completion_item_finalize;
}

static void
sw_completion_item_init (SwCompletionItem *self)
{
}

/**
 * sw_completion_item_new:
 * @text: what the user types and sees
 * @insert: (nullable): what goes into the buffer, %NULL for @text
 * @detail: (nullable): a detail shown beside it
 * @icon_name: (nullable): an icon
 *
 * Returns: (transfer full): a new #SwCompletionItem
 */
SwCompletionItem *
sw_completion_item_new (const char *text,
                        const char *insert,
                        const char *detail,
                        const char *icon_name)
{
  SwCompletionItem *self = g_object_new (SW_TYPE_COMPLETION_ITEM, NULL);

  self->text = g_strdup (text);
  self->insert = g_strdup (insert ? insert : text);
  self->detail = g_strdup (detail);
  self->icon_name = g_strdup (icon_name);
  return self;
}

const char *
sw_completion_item_get_text (SwCompletionItem *self)
{
  g_return_val_if_fail (SW_IS_COMPLETION_ITEM (self), NULL);
  return self->text;
}

const char *
sw_completion_item_get_insert (SwCompletionItem *self)
{
  g_return_val_if_fail (SW_IS_COMPLETION_ITEM (self), NULL);
  return self->insert;
}

const char *
sw_completion_item_get_detail (SwCompletionItem *self)
{
  g_return_val_if_fail (SW_IS_COMPLETION_ITEM (self), NULL);
  return self->detail;
}

const char *
sw_completion_item_get_icon_name (SwCompletionItem *self)
{
  g_return_val_if_fail (SW_IS_COMPLETION_ITEM (self), NULL);
  return self->icon_name;
}
