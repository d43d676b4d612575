#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""grub_cfg: write the grub.cfg of a keel boot ISO (hosttest/qemu/meson.build
hands it to grub-mkrescue with the kernel and the initrd).

The configuration boots one entry at once (timeout=0) with GRUB's terminal
on COM1, so GRUB's own messages and errors land in the serial log next to
keel's. --loader picks the command pair:

  linux    `linux` + `initrd`: GRUB loads the protected-mode kernel and
           enters it at code32_start in 32-bit mode (on BIOS, and on UEFI
           after ExitBootServices, unless Secure Boot routes it to linuxefi)
  linux16  `linux16` + `initrd16` (BIOS only): GRUB loads the real-mode
           setup too and jumps to it at setup + 0x200 in real mode

GRUB puts "BOOT_IMAGE=PATH " in front of the command line it passes.
--cmdline-check appends cmdline_check=LEN:HASH computed over that whole line
(tools/qemu_run.py's --cmdline-check, which the kernel's cmdline_intact
test verifies), so the test sees what GRUB really handed over.

Run: grub_cfg.py --loader linux --append 'ktest' -o grub.cfg
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.realpath(__file__)))

from qemu_run import with_cmdline_check  # noqa: E402

LOADERS = {'linux': ('linux', 'initrd'), 'linux16': ('linux16', 'initrd16')}
KERNEL_PATH = '/boot/keel'
INITRD_PATH = '/boot/initrd.cpio'
SERIAL_SPEED = 115200

# Characters GRUB's script parser gives a meaning (quotes, variables,
# escapes, separators, redirections, blocks, comments): a command line word
# holding one would not reach the kernel as written.
GRUB_SPECIAL = set('"\'$\\;|&<>{}#`\t\n\r')


class CfgError(Exception):
    """A value grub.cfg cannot carry; the message names it."""


def kernel_cmdline(kernel_path, append):
    """The command line GRUB passes: "BOOT_IMAGE=PATH" and the words of
    @append, joined by single spaces."""
    return ' '.join([f'BOOT_IMAGE={kernel_path}'] + append.split())


def check_words(text, what):
    """Raise CfgError if @text has a character GRUB's parser would eat."""
    bad = sorted(set(text) & GRUB_SPECIAL)
    if bad:
        raise CfgError(f'{what} {text!r} has characters grub.cfg would '
                       f'interpret: {" ".join(repr(c) for c in bad)}')


def make_cfg(loader, append, cmdline_check=False, initrd=True,
             kernel_path=KERNEL_PATH, initrd_path=INITRD_PATH):
    """The text of grub.cfg.

    @loader: 'linux' or 'linux16'. @append: the kernel command line after
    GRUB's BOOT_IMAGE=. @cmdline_check: add cmdline_check=LEN:HASH over
    the line GRUB builds. @initrd: load @initrd_path as the initrd.
    Raises CfgError for a loader or a command line grub.cfg cannot carry.
    """
    if loader not in LOADERS:
        raise CfgError(f'unknown loader {loader!r} (expected one of '
                       f'{", ".join(sorted(LOADERS))})')
    check_words(append, 'command line')
    for path in (kernel_path, initrd_path):
        check_words(path, 'path')
        if not path.startswith('/') or ' ' in path:
            raise CfgError(f'path {path!r} must be absolute, without spaces')
    linux_cmd, initrd_cmd = LOADERS[loader]
    words = append.split()
    if cmdline_check:
        full = with_cmdline_check(kernel_cmdline(kernel_path, append))
        words.append(full.rsplit(' ', 1)[1])
    lines = [
        f'# keel: {loader} + {initrd_cmd if initrd else "no initrd"}; '
        'written by tools/grub_cfg.py',
        f'serial --unit=0 --speed={SERIAL_SPEED}',
        'terminal_input serial',
        'terminal_output serial',
        'set timeout=0',
        'set default=0',
        f'menuentry "keel ({loader})" {{',
        f'\t{linux_cmd} {" ".join([kernel_path] + words)}',
    ]
    if initrd:
        lines.append(f'\t{initrd_cmd} {initrd_path}')
    lines.append('}')
    return '\n'.join(lines) + '\n'


def main(argv=None):
    p = argparse.ArgumentParser(prog='grub_cfg',
                                description=__doc__.splitlines()[0])
    p.add_argument('--loader', default='linux', help='linux or linux16')
    p.add_argument('--append', default='', metavar='CMDLINE',
                   help='kernel command line (after BOOT_IMAGE=)')
    p.add_argument('--cmdline-check', action='store_true',
                   help='append cmdline_check=LEN:HASH over the line GRUB '
                   'passes, BOOT_IMAGE= included')
    p.add_argument('--no-initrd', action='store_true',
                   help=f'no {INITRD_PATH} for the kernel')
    p.add_argument('-o', '--output', required=True, metavar='FILE')
    args = p.parse_args(sys.argv[1:] if argv is None else argv)
    try:
        text = make_cfg(args.loader, args.append, args.cmdline_check,
                        not args.no_initrd)
    except CfgError as e:
        print(f'grub_cfg: {e}', file=sys.stderr)
        return 2
    with open(args.output, 'w') as f:
        f.write(text)
    return 0


if __name__ == '__main__':
    sys.exit(main())
