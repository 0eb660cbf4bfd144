/* sw-file.c
 *
 * Writing the files Shardwise produces: plans, scripts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "sw-file.h"

/**
 * sw_file_set_contents:
 * @path: where to write
 * @contents: the bytes
 * @length: their length, or -1 for a NUL-terminated @contents
 * @mode: the permissions of a file that does not exist yet
 * @error: return location for a #GError
 *
 * Writes a whole output file. A regular file (or a new one) is replaced
 * atomically, so an interrupted write never leaves half a plan or half a
 * script. Anything else that exists is written in place: the atomic write
 * renames a temporary file over the target, which over /dev/null or
 * /dev/stdout, run as root, replaces the device with a regular file.
 *
 * Returns: %TRUE if every byte was written
 */
gboolean
sw_file_set_contents (const char  *path,
                      const char  *contents,
                      gssize       length,
                      int          mode,
                      GError     **error)
{
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (contents != NULL, FALSE);

  if (g_file_test (path, G_FILE_TEST_EXISTS) && !g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return g_file_set_contents_full (path, contents, length, G_FILE_SET_CONTENTS_NONE, mode, error);

  return g_file_set_contents_full (path, contents, length,
                                   G_FILE_SET_CONTENTS_CONSISTENT, mode, error);
}
