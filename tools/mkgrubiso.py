#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""mkgrubiso: a GRUB boot ISO of keel, made with Debian's grub-mkrescue.

The ISO holds the kernel as /boot/keel, the initrd as /boot/initrd.cpio and
/boot/grub/grub.cfg from tools/grub_cfg.py (also written to --cfg, for
reading). grub-mkrescue makes a hybrid BIOS (i386-pc, El Torito) and UEFI
(x86_64-efi) image from every platform directory it finds under
/usr/lib/grub; --platform limits it to one. No locales, fonts or themes:
GRUB's terminal is the serial line. grub-mkrescue's and xorriso's chatter
is shown only when they fail.

Run: mkgrubiso.py --kernel build/keel --initrd power.cpio --loader linux
       --append 'ktest' --cmdline-check --cfg grub.cfg -o keel.iso
"""

import argparse
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.realpath(__file__)))

import grub_cfg  # noqa: E402

GRUB_LIB = '/usr/lib/grub'
PLATFORMS = ('i386-pc', 'x86_64-efi')


def mkrescue_command(mkrescue, iso, cfg, kernel, initrd=None, platform=None):
    """grub-mkrescue's argument list: graft @cfg, @kernel and @initrd into
    the ISO @iso; @platform: one GRUB platform directory name, or None
    for all that are installed."""
    cmd = [mkrescue]
    if platform:
        if platform not in PLATFORMS:
            raise grub_cfg.CfgError(f'unknown platform {platform!r} '
                                    f'(expected one of {", ".join(PLATFORMS)})')
        cmd += ['-d', os.path.join(GRUB_LIB, platform)]
    cmd += ['--locales=', '--fonts=', '--themes=', '-o', iso,
            f'boot/grub/grub.cfg={cfg}', f'{grub_cfg.KERNEL_PATH[1:]}={kernel}']
    if initrd:
        cmd.append(f'{grub_cfg.INITRD_PATH[1:]}={initrd}')
    for path in (cfg, kernel, initrd or ''):
        if '=' in path:
            raise grub_cfg.CfgError(f'path {path!r} has an "=", which '
                                    'grub-mkrescue takes for a graft point')
    return cmd


def main(argv=None):
    p = argparse.ArgumentParser(prog='mkgrubiso',
                                description=__doc__.splitlines()[0])
    p.add_argument('--grub-mkrescue', default='grub-mkrescue', metavar='BIN')
    p.add_argument('--kernel', required=True, metavar='PATH')
    p.add_argument('--initrd', metavar='PATH')
    p.add_argument('--loader', default='linux', help='linux or linux16')
    p.add_argument('--append', default='', metavar='CMDLINE')
    p.add_argument('--cmdline-check', action='store_true')
    p.add_argument('--platform', metavar='DIR',
                   help=f'only this GRUB platform ({", ".join(PLATFORMS)}); '
                   'default: every one installed (a hybrid ISO)')
    p.add_argument('--cfg', required=True, metavar='FILE',
                   help='where grub.cfg is written')
    p.add_argument('-o', '--output', required=True, metavar='ISO')
    args = p.parse_args(sys.argv[1:] if argv is None else argv)
    try:
        text = grub_cfg.make_cfg(args.loader, args.append, args.cmdline_check,
                                 initrd=bool(args.initrd))
        cmd = mkrescue_command(args.grub_mkrescue, args.output, args.cfg,
                               args.kernel, args.initrd, args.platform)
    except grub_cfg.CfgError as e:
        print(f'mkgrubiso: {e}', file=sys.stderr)
        return 2
    with open(args.cfg, 'w') as f:
        f.write(text)
    try:
        r = subprocess.run(cmd, stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    except OSError as e:
        print(f'mkgrubiso: cannot run {cmd[0]}: {e.strerror}', file=sys.stderr)
        return 1
    if r.returncode != 0 or not os.path.isfile(args.output):
        sys.stderr.write(r.stdout.decode('utf-8', 'replace'))
        print(f'mkgrubiso: {" ".join(cmd)} failed with status {r.returncode}',
              file=sys.stderr)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
