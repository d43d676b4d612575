#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""mkinitramfs: write build/initramfs.cpio.gz, the busybox shell image.

  mkinitramfs.py --busybox PATH [-l LIST]... [-e 'LINE']... -o OUT.cpio.gz

The archive holds the entries of the -l list files and -e lines (in
tools/mkcpio.py's format, which is gen_init_cpio's), then /bin/busybox
(PATH, which must be a static executable: Debian's busybox-static) and a
symlink to /bin/busybox for every applet `PATH --list-full` prints that
the lists do not already name. The cpio archive is compressed with
`gzip -9 -n` (no name, no time stamp), so the output depends only on the
inputs.
"""

import argparse
import os
import struct
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.realpath(__file__)))
import mkcpio  # noqa: E402

BUSYBOX_PATH = '/bin/busybox'
PT_INTERP = 3


class Error(Exception):
    """A problem with the inputs; the message says which."""


def elf_interpreter(data):
    """True when the ELF image @data (bytes) asks for a program
    interpreter (PT_INTERP, a dynamic executable); raises Error when @data
    is not a 64-bit little-endian ELF file."""
    if len(data) < 64 or data[:4] != b'\x7fELF' or data[4] != 2 \
            or data[5] != 1:
        raise Error('not a 64-bit little-endian ELF file')
    phoff, = struct.unpack_from('<Q', data, 32)
    phentsize, phnum = struct.unpack_from('<HH', data, 54)
    if phentsize < 56 or phoff + phnum * phentsize > len(data):
        raise Error('program headers past the end of the file')
    for i in range(phnum):
        p_type, = struct.unpack_from('<I', data, phoff + i * phentsize)
        if p_type == PT_INTERP:
            return True
    return False


def applet_lines(listing, taken):
    """List lines for the applets in @listing (the text of `busybox
    --list-full`: one path a line, relative to /), skipping the names in
    @taken (a set of absolute paths) and /bin/busybox itself. The order is
    the listing's, so the archive is the same from run to run."""
    out = []
    seen = set(taken) | {BUSYBOX_PATH}
    for word in listing.split():
        path = '/' + word.strip('/')
        if path in seen:
            continue
        if '..' in path.split('/'):
            raise Error(f'applet path {word!r} has ".."')
        seen.add(path)
        out.append(f'slink {path} {BUSYBOX_PATH} 0777 0 0')
    return out


def build(busybox, lists, entries):
    """The cpio archive (bytes, uncompressed)."""
    try:
        with open(busybox, 'rb') as f:
            data = f.read()
    except OSError as e:
        raise Error(f'cannot read {busybox}: {e.strerror}') from None
    try:
        if elf_interpreter(data):
            raise Error(f'{busybox} is dynamically linked; install Debian\'s '
                        'busybox-static')
    except Error as e:
        raise Error(f'{busybox}: {e}') from None
    try:
        listing = subprocess.run([busybox, '--list-full'], check=True,
                                 capture_output=True, text=True).stdout
    except (OSError, subprocess.CalledProcessError) as e:
        raise Error(f'{busybox} --list-full failed: {e}') from None
    ar = mkcpio.Archive()
    try:
        for path in lists:
            try:
                with open(path) as f:
                    lines = f.read().splitlines()
            except OSError as e:
                raise Error(f'cannot read {path}: {e.strerror}') from None
            base = os.path.dirname(os.path.abspath(path))
            for n, text in enumerate(lines, 1):
                ar.line(text, f'{path}:{n}', base)
        for n, text in enumerate(entries, 1):
            ar.line(text, f'-e #{n}', os.getcwd())
        ar.line(f'file {BUSYBOX_PATH} {os.path.abspath(busybox)} 0755 0 0',
                '--busybox', os.getcwd())
        for n, text in enumerate(applet_lines(listing, set(ar.names)), 1):
            ar.line(text, f'{busybox} --list-full #{n}', os.getcwd())
    except mkcpio.SpecError as e:
        raise Error(str(e)) from None
    return ar.finish()


def main(argv=None):
    p = argparse.ArgumentParser(
        prog='mkinitramfs',
        description='Write the busybox initramfs (gzip-compressed cpio).')
    p.add_argument('--busybox', required=True, metavar='PATH',
                   help='a static busybox (Debian: /bin/busybox)')
    p.add_argument('-l', '--list', action='append', default=[],
                   metavar='FILE', help='a list file (gen_init_cpio format)')
    p.add_argument('-e', '--entry', action='append', default=[],
                   metavar='LINE', help='one list line')
    p.add_argument('-o', '--output', required=True, metavar='OUT')
    args = p.parse_args(argv)
    try:
        data = build(args.busybox, args.list, args.entry)
    except Error as e:
        print(f'mkinitramfs: {e}', file=sys.stderr)
        return 1
    tmp = args.output + '.tmp'
    with open(tmp, 'wb') as f:
        try:
            subprocess.run(['gzip', '-9', '-n', '-c'], input=data, stdout=f,
                           check=True)
        except (OSError, subprocess.CalledProcessError) as e:
            print(f'mkinitramfs: gzip failed: {e}', file=sys.stderr)
            return 1
    os.replace(tmp, args.output)
    return 0


if __name__ == '__main__':
    sys.exit(main())
