#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""mkcpio: write a cpio "newc" archive (an initramfs) from a list.

The list has one entry a line, in the format of Linux's gen_init_cpio
(usr/gen_init_cpio.c documents it; this is our own implementation):

  dir   NAME MODE UID GID
  file  NAME LOCATION MODE UID GID
  nod   NAME MODE UID GID TYPE MAJ MIN      TYPE: c (char) or b (block)
  slink NAME TARGET MODE UID GID

MODE is octal; '#' starts a comment; blank lines are ignored. LOCATION is a
file on the build machine (relative paths are taken from the list file's
directory, or the current directory for -e lines). Every entry's parent
directory must be listed before it (Linux's unpacker does not create
missing parents), and a name may appear only once.

Usage:
  mkcpio.py [-l LIST]... [-e 'LINE']... -o OUT.cpio

Entries from -l files come first, then -e lines, in the order given.
Timestamps are 0 and inode numbers sequential, so the archive depends only
on its inputs.
"""

import argparse
import os
import stat
import sys

NEWC_MAGIC = b'070701'
TRAILER = 'TRAILER!!!'
# newc header fields after the magic, each 8 hex digits.
FIELDS = ('ino', 'mode', 'uid', 'gid', 'nlink', 'mtime', 'filesize',
          'devmajor', 'devminor', 'rdevmajor', 'rdevminor', 'namesize',
          'check')


class SpecError(Exception):
    """A bad list line; the message names the place and the value."""


def pad4(n):
    """Bytes of padding that bring @n up to a multiple of 4."""
    return (4 - n % 4) % 4


def header(name, **f):
    """One newc header plus the NUL-terminated, padded @name (a str)."""
    raw = name.encode() + b'\0'
    f.setdefault('nlink', 1)
    f['namesize'] = len(raw)
    out = NEWC_MAGIC
    for field in FIELDS:
        v = f.get(field, 0)
        if not 0 <= v <= 0xFFFFFFFF:
            raise SpecError(f'{name}: {field} {v} does not fit in 32 bits')
        out += b'%08X' % v
    out += raw
    return out + b'\0' * pad4(len(out))


def parse_int(text, base, what, where):
    try:
        v = int(text, base)
    except ValueError:
        raise SpecError(f'{where}: bad {what} {text!r}') from None
    if v < 0:
        raise SpecError(f'{where}: negative {what} {text!r}')
    return v


class Archive:
    """The entries of an archive, checked as they are added."""

    def __init__(self):
        self.names = {'/': 'dir'}  # the root always exists
        self.parts = []
        self.ino = 1

    def _name(self, name, where):
        if not name.startswith('/'):
            name = '/' + name
        norm = os.path.normpath(name)
        if norm != name.rstrip('/') or '\0' in name or norm == '/':
            raise SpecError(f'{where}: bad name {name!r}')
        if norm in self.names:
            raise SpecError(f'{where}: {norm} is listed twice')
        parent = os.path.dirname(norm)
        if self.names.get(parent) != 'dir':
            raise SpecError(f'{where}: parent directory {parent} of {norm} '
                            'is not listed before it')
        return norm

    def add(self, kind, name, mode, uid, gid, data=b'', rdev=(0, 0)):
        # cpio names have no leading '/' (gen_init_cpio strips it too).
        self.parts.append(header(name.lstrip('/'), ino=self.ino,
                                 mode=kind | mode, uid=uid, gid=gid,
                                 nlink=2 if kind == stat.S_IFDIR else 1,
                                 filesize=len(data), rdevmajor=rdev[0],
                                 rdevminor=rdev[1]))
        self.parts.append(data + b'\0' * pad4(len(data)))
        self.ino += 1

    def line(self, text, where, base_dir):
        """Add the entry of one list line."""
        words = text.split('#', 1)[0].split()
        if not words:
            return
        kind, args = words[0], words[1:]
        want = {'dir': 4, 'file': 5, 'nod': 7, 'slink': 5}
        if kind not in want:
            raise SpecError(f'{where}: unknown entry type {kind!r} '
                            '(dir, file, nod, slink)')
        if len(args) != want[kind]:
            raise SpecError(f'{where}: {kind} takes {want[kind]} fields, '
                            f'got {len(args)}: {text.strip()!r}')
        name = self._name(args[0], where)
        if kind == 'dir':
            mode, uid, gid = args[1:4]
        elif kind in ('file', 'slink'):
            mode, uid, gid = args[2:5]
        else:
            mode, uid, gid = args[1:4]
        mode = parse_int(mode, 8, 'mode', where)
        if mode > 0o7777:
            raise SpecError(f'{where}: mode {oct(mode)} has more than '
                            'permission bits')
        uid = parse_int(uid, 10, 'uid', where)
        gid = parse_int(gid, 10, 'gid', where)
        if kind == 'dir':
            self.add(stat.S_IFDIR, name, mode, uid, gid)
        elif kind == 'file':
            src = os.path.join(base_dir, args[1])
            try:
                with open(src, 'rb') as f:
                    data = f.read()
            except OSError as e:
                raise SpecError(f'{where}: cannot read {src}: '
                                f'{e.strerror}') from None
            self.add(stat.S_IFREG, name, mode, uid, gid, data)
        elif kind == 'slink':
            self.add(stat.S_IFLNK, name, mode, uid, gid, args[1].encode())
        else:
            dev_type = args[4]
            if dev_type not in ('c', 'b'):
                raise SpecError(f'{where}: device type {dev_type!r} is '
                                'not c or b')
            major = parse_int(args[5], 10, 'major', where)
            minor = parse_int(args[6], 10, 'minor', where)
            ftype = stat.S_IFCHR if dev_type == 'c' else stat.S_IFBLK
            self.add(ftype, name, mode, uid, gid, rdev=(major, minor))
        self.names[name] = kind

    def finish(self):
        """The whole archive, trailer included, as bytes."""
        return b''.join(self.parts) + header(TRAILER)


def main(argv=None):
    p = argparse.ArgumentParser(
        prog='mkcpio', description='Write a cpio newc archive from a list.')
    p.add_argument('-l', '--list', action='append', default=[],
                   metavar='FILE', help='a list file (gen_init_cpio format)')
    p.add_argument('-e', '--entry', action='append', default=[],
                   metavar='LINE', help='one list line')
    p.add_argument('-o', '--output', required=True, metavar='OUT')
    args = p.parse_args(argv)
    ar = Archive()
    try:
        for path in args.list:
            try:
                with open(path) as f:
                    lines = f.read().splitlines()
            except OSError as e:
                raise SpecError(f'cannot read {path}: {e.strerror}') from None
            base = os.path.dirname(os.path.abspath(path))
            for n, text in enumerate(lines, 1):
                ar.line(text, f'{path}:{n}', base)
        for n, text in enumerate(args.entry, 1):
            ar.line(text, f'-e #{n}', os.getcwd())
        data = ar.finish()
    except SpecError as e:
        print(f'mkcpio: {e}', file=sys.stderr)
        return 1
    tmp = args.output + '.tmp'
    with open(tmp, 'wb') as f:
        f.write(data)
    os.replace(tmp, args.output)
    return 0


if __name__ == '__main__':
    sys.exit(main())
