/* sw-completion-item.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtksourceview/gtksource.h>

G_BEGIN_DECLS

#define SW_TYPE_COMPLETION_ITEM (sw_completion_item_get_type ())

G_DECLARE_FINAL_TYPE (SwCompletionItem, sw_completion_item, SW, COMPLETION_ITEM, GObject)

SwCompletionItem *sw_completion_item_new        (const char       *text,
                                                 const char       *insert,
                                                 const char       *detail,
                                                 const char       *icon_name) G_GNUC_WARN_UNUSED_RESULT;
const char       *sw_completion_item_get_text   (SwCompletionItem *self);
const char       *sw_completion_item_get_insert (SwCompletionItem *self);
const char       *sw_completion_item_get_detail (SwCompletionItem *self);
const char       *sw_completion_item_get_icon_name (SwCompletionItem *self);

G_END_DECLS
