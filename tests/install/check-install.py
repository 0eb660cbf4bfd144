#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# `meson install` into a DESTDIR puts every file where the Flatpak manifest
# and the desktop expect it: the two programs, the desktop file and the
# metainfo named after the app id, the GSettings schema, the icons the
# desktop file names, the French catalog and the samples. Then the installed
# CLI runs.

import configparser
import json
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

builddir = os.path.abspath(sys.argv[1])
srcroot = os.path.abspath(sys.argv[2])
count = failures = 0


def report(ok, description, diagnostic=''):
    global count, failures
    count += 1
    print(('ok' if ok else 'not ok') + f' {count} {description}')
    if not ok:
        failures += 1
        for line in str(diagnostic).splitlines():
            print(f'# {line}')


options = {o['name']: o['value'] for o in json.loads(subprocess.run(
    ['meson', 'introspect', '--buildoptions', builddir],
    capture_output=True, text=True, check=True).stdout)}
prefix = options['prefix']
development = options['development']
app_id = 'app.shardwise.Shardwise' + ('.Devel' if development else '')

with open(os.path.join(srcroot, 'flatpak', 'app.shardwise.Shardwise.Devel.json'), encoding='utf-8') as f:
    manifest = json.load(f)


allowed = {'--share=network', '--share=ipc', '--socket=wayland', '--socket=fallback-x11', '--device=dri'}
report(set(manifest['finish-args']) == allowed, 'the manifest asks only for network, ipc, wayland/x11 and dri',
       manifest['finish-args'])
report(manifest['runtime'] == 'org.gnome.Platform', 'the manifest builds on org.gnome.Platform', manifest['runtime'])
modules = [m['name'] if isinstance(m, dict) else m for m in manifest['modules']]
report(all(m in modules for m in ('libpq', 'libpg_query', 'graphviz')) and modules[-1] == 'shardwise',
       'the manifest builds libpq, libpg_query and Graphviz before Shardwise', modules)
report(manifest['id'] == 'app.shardwise.Shardwise.Devel' and '-Ddevelopment=true' in manifest['modules'][-1].get('config-opts', []),
       'the manifest builds the .Devel app id it declares', manifest['id'])


def under(dest, option):
    path = options[option]
    if not os.path.isabs(path):
        path = os.path.join(prefix, path)
    return dest + path


with tempfile.TemporaryDirectory() as dest:
    env = dict(os.environ, DESTDIR=dest)
    run = subprocess.run(['meson', 'install', '-C', builddir, '--no-rebuild', '--quiet'],
                         env=env, capture_output=True, text=True)
    report(run.returncode == 0, 'meson install into a DESTDIR succeeds', run.stdout + run.stderr)
    if run.returncode != 0:
        print(f'1..{count}')
        sys.exit(1)

    bindir = under(dest, 'bindir')
    datadir = under(dest, 'datadir')
    localedir = under(dest, 'localedir')

    for program in ('shardwise', 'shardwise-cli'):
        path = os.path.join(bindir, program)
        report(os.access(path, os.X_OK), f'{program} is installed in bindir', path)
    report(manifest['command'] == 'shardwise', 'the manifest runs the installed program',
           manifest['command'])

    desktop = os.path.join(datadir, 'applications', app_id + '.desktop')
    report(os.path.isfile(desktop), 'the desktop file is named after the app id', desktop)
    if os.path.isfile(desktop):
        entry = configparser.ConfigParser(interpolation=None, strict=False)
        entry.read(desktop, encoding='utf-8')
        section = entry['Desktop Entry']
        exec_program = section['Exec'].split()[0]
        report(os.access(os.path.join(bindir, exec_program), os.X_OK),
               'the desktop file runs an installed program', section['Exec'])
        icon = section['Icon']
        report(icon == app_id, 'the desktop file names the app id icon', icon)
        for sub, suffix in (('scalable', '.svg'), ('symbolic', '-symbolic.svg')):
            path = os.path.join(datadir, 'icons', 'hicolor', sub, 'apps', icon + suffix)
            report(os.path.isfile(path), f'the {sub} icon is installed under the app id', path)

    metainfo = os.path.join(datadir, 'metainfo', app_id + '.metainfo.xml')
    report(os.path.isfile(metainfo), 'the metainfo is named after the app id', metainfo)
    if os.path.isfile(metainfo):
        root = ET.parse(metainfo).getroot()
        report(root.findtext('id') == app_id, 'the metainfo id is the app id', root.findtext('id'))
        launchable = root.find('launchable')
        report(launchable is not None and launchable.text == app_id + '.desktop',
               'the metainfo launches the installed desktop file',
               launchable.text if launchable is not None else 'no <launchable>')

    schema = os.path.join(datadir, 'glib-2.0', 'schemas', 'app.shardwise.Shardwise.gschema.xml')
    report(os.path.isfile(schema), 'the GSettings schema is installed', schema)

    mo = os.path.join(localedir, 'fr', 'LC_MESSAGES', 'shardwise.mo')
    report(os.path.isfile(mo), 'the French catalog is installed', mo)

    samples = os.path.join(datadir, 'shardwise', 'samples')
    found = sorted(os.listdir(samples)) if os.path.isdir(samples) else []
    report('woodgrove.sql' in found, 'the samples are installed', samples)


    cli = os.path.join(bindir, 'shardwise-cli')
    run = subprocess.run([cli, 'inspect', '--schema', os.path.join(samples, 'woodgrove.sql'),
                          '--format', 'json'], capture_output=True, text=True)
    ok = run.returncode == 0 and '"payment_events"' in run.stdout
    report(ok, 'the installed shardwise-cli reads an installed sample', run.stderr)

print(f'1..{count}')
sys.exit(1 if failures else 0)
