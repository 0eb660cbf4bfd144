/* sw-source-note.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sw-source-note"

#include "config.h"

#include "sw-schema-private.h"

G_DEFINE_BOXED_TYPE (SwSourceNote, sw_source_note, sw_source_note_copy, sw_source_note_free)

/**
 * sw_source_note_new:
 *
 * Returns: (transfer full): a new note
 */
SwSourceNote *
sw_source_note_new (SwSourceNoteKind  kind,
                    guint             line,
                    guint             column,
                    const char       *statement,
                    const char       *message)
{
  SwSourceNote *note = g_new0 (SwSourceNote, 1);

  note->kind = kind;
  note->line = line;
  note->column = column;
  note->statement = g_strdup (statement);
  note->message = g_strdup (message);

  return note;
}

SwSourceNote *
sw_source_note_copy (const SwSourceNote *note)
{
  g_return_val_if_fail (note != NULL, NULL);

  return sw_source_note_new (note->kind, note->line, note->column, note->statement, note->message);
}

void
sw_source_note_free (SwSourceNote *note)
{
  if (note == NULL)
    return;

  g_free (note->statement);
  g_free (note->message);
  g_free (note);
}
