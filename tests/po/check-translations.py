#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Fails when a file holding translatable strings is missing from
# po/POTFILES.in, when POTFILES.in names a file that does not exist, or when
# a language in po/LINGUAS leaves a string of the current sources
# untranslated or fuzzy. It extracts the strings itself (as meson's
# `shardwise-pot` target does) into a temporary directory, so the source tree
# is never touched.

import os
import re
import subprocess
import sys
import tempfile

srcroot = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), '..', '..')
srcroot = os.path.abspath(srcroot)
podir = os.path.join(srcroot, 'po')

MARKERS = {
    '.c': re.compile(r'(?<![A-Za-z0-9_])(N?C?_|ngettext|g_dngettext)\s*\(\s*"'),
    '.ui': re.compile(r'translatable="yes"'),
    '.xml': re.compile(r'<(summary|description)>'),
    '.in': re.compile(r'.'),
}

# GLib's preset for xgettext, as meson's i18n.gettext(preset: 'glib') passes it.
XGETTEXT_ARGS = [
    '--from-code=UTF-8', '--add-comments',
    '--keyword=_', '--keyword=N_', '--keyword=C_:1c,2', '--keyword=NC_:1c,2',
    '--keyword=g_dcgettext:2', '--keyword=g_dngettext:2,3', '--keyword=g_dpgettext2:2c,3',
    '--flag=N_:1:pass-c-format', '--flag=C_:2:pass-c-format', '--flag=NC_:2:pass-c-format',
    '--flag=g_dngettext:2:pass-c-format', '--flag=g_strdup_printf:1:c-format',
    '--flag=g_string_printf:2:c-format', '--flag=g_string_append_printf:2:c-format',
    '--flag=g_error_new:3:c-format', '--flag=g_set_error:4:c-format',
    '--flag=g_markup_printf_escaped:1:c-format', '--flag=g_log:3:c-format',
    '--flag=g_print:1:c-format', '--flag=g_printerr:1:c-format',
    '--flag=g_printf:1:c-format', '--flag=g_fprintf:2:c-format',
    '--flag=g_sprintf:2:c-format', '--flag=g_snprintf:3:c-format',
]

failures = 0
count = 0


def report(ok, description, diagnostic=None):
    global failures, count
    count += 1
    print(('ok' if ok else 'not ok') + f' {count} {description}')
    if not ok:
        failures += 1
        for line in (diagnostic or '').splitlines():
            print(f'# {line}')


def msgids(catalog):
    """The msgids of a .po text, multi-line ones joined, the header left out."""
    ids, current, in_id = [], None, False
    for line in catalog.splitlines():
        if line.startswith('msgid '):
            current, in_id = line[7:-1], True
        elif in_id and line.startswith('"'):
            current += line[1:-1]
        else:
            if in_id and current:
                ids.append(current)
            in_id = False
    if in_id and current:
        ids.append(current)
    return ids


def listed_files():
    with open(os.path.join(podir, 'POTFILES.in'), encoding='utf-8') as f:
        return [line.strip() for line in f if line.strip() and not line.startswith('#')]


def translatable_files():
    found = []
    for top in ('src', 'data'):
        for dirpath, dirnames, filenames in os.walk(os.path.join(srcroot, top)):
            dirnames[:] = [d for d in dirnames if d != 'samples']
            for name in filenames:
                path = os.path.join(dirpath, name)
                rel = os.path.relpath(path, srcroot)
                if name.endswith('.c'):
                    marker = MARKERS['.c']
                elif name.endswith('.ui'):
                    marker = MARKERS['.ui']
                elif name.endswith('.gschema.xml'):
                    marker = MARKERS['.xml']
                elif name.endswith('.desktop.in.in') or name.endswith('.metainfo.xml.in.in'):
                    marker = MARKERS['.in']
                else:
                    continue
                with open(path, encoding='utf-8') as f:
                    if marker.search(f.read()):
                        found.append(rel)
    return sorted(found)


listed = listed_files()
missing = [f for f in translatable_files() if f not in listed]
report(not missing, 'every file with translatable strings is in po/POTFILES.in',
       'missing: ' + ', '.join(missing))
gone = [f for f in listed if not os.path.exists(os.path.join(srcroot, f))]
report(not gone, 'every file in po/POTFILES.in exists', 'not found: ' + ', '.join(gone))
report(listed == sorted(listed), 'po/POTFILES.in is sorted')

with open(os.path.join(podir, 'LINGUAS'), encoding='utf-8') as f:
    linguas = [w for line in f if not line.startswith('#') for w in line.split()]

with tempfile.TemporaryDirectory() as tmp:
    pot = os.path.join(tmp, 'shardwise.pot')
    files = [f for f in listed if os.path.exists(os.path.join(srcroot, f))]
    subprocess.run(['xgettext', '--package-name=shardwise', *XGETTEXT_ARGS,
                    '--directory', srcroot, '-o', pot, *files], check=True)

    for lang in linguas:
        po = os.path.join(podir, lang + '.po')
        check = subprocess.run(['msgfmt', '-c', '--check-format', '-o', os.devnull, po],
                               capture_output=True, text=True)
        report(check.returncode == 0, f'{lang}.po is a valid catalog', check.stderr)

        merged = os.path.join(tmp, lang + '.po')
        subprocess.run(['msgmerge', '--quiet', '--no-fuzzy-matching', '-o', merged, po, pot], check=True)
        untranslated = subprocess.run(['msgattrib', '--untranslated', '--no-obsolete', merged],
                                      capture_output=True, text=True, check=True).stdout
        fuzzy = subprocess.run(['msgattrib', '--only-fuzzy', '--no-obsolete', merged],
                               capture_output=True, text=True, check=True).stdout
        ids = msgids(untranslated)
        report(not ids, f'{lang}.po translates every string of the sources',
               f'{len(ids)} untranslated:\n' + '\n'.join(ids))
        fuzzy_ids = msgids(fuzzy)
        report(not fuzzy_ids, f'{lang}.po has no fuzzy translation', '\n'.join(fuzzy_ids))

print(f'1..{count}')
sys.exit(1 if failures else 0)
