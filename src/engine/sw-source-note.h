/* sw-source-note.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SW_ENGINE_INSIDE) && !defined (SW_ENGINE_COMPILATION)
# error "Only <sw-engine.h> can be included directly."
#endif

#include "sw-types.h"

G_BEGIN_DECLS

#define SW_TYPE_SOURCE_NOTE (sw_source_note_get_type ())

typedef enum
{
  SW_SOURCE_NOTE_IGNORED,
  SW_SOURCE_NOTE_WARNING,
} SwSourceNoteKind;

/**
 * SwSourceNote:
 * @kind: whether the statement was passed over or used with a caveat
 * @line: 1-based line of the statement's first token
 * @column: 1-based column of that token
 * @statement: the statement's first words, for display
 * @message: why it was passed over, in plain words
 *
 * What the SQL reader did not use from a schema file, and where it was.
 */
typedef struct
{
  SwSourceNoteKind kind;
  guint line;
  guint column;
  char *statement;
  char *message;
} SwSourceNote;

GType         sw_source_note_get_type (void) G_GNUC_CONST;
SwSourceNote *sw_source_note_new      (SwSourceNoteKind    kind,
                                       guint               line,
                                       guint               column,
                                       const char         *statement,
                                       const char         *message);
SwSourceNote *sw_source_note_copy     (const SwSourceNote *note);
void          sw_source_note_free     (SwSourceNote       *note);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SwSourceNote, sw_source_note_free)

G_END_DECLS
