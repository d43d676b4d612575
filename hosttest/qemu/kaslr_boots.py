#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""kaslr_boots: memory-region randomisation across boots (qemu suite).

Boots keel several times (ktest=kaslr_layout, which also checks the
layout from inside) and reads the bases it prints under "Virtual kernel
memory layout:". Two boots with the same entropy source get different
seeds (TSC jitter with qemu64, RDRAND/RDSEED with -cpu max), so their
layouts must differ: the same three bases twice has a chance of 2^-42.
With `nokaslr` the bases must be Linux's fixed ones
(Documentation/arch/x86/x86_64/mm.rst), for 4- and 5-level paging.

TAP version 13 on stdout; exit 0 pass, 1 failure.
"""

import argparse
import io
import os
import re
import sys
import tempfile

HERE = os.path.dirname(os.path.realpath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', '..', 'tools'))
import qemu_run  # noqa: E402

REGIONS = ('direct map', 'vmalloc', 'vmemmap')
_REGION_RE = re.compile(r'^\s*(direct map|vmalloc|vmemmap) : 0x([0-9a-f]{16}) - ')

# Linux's fixed bases: page_offset_base, vmalloc_base, vmemmap_base.
FIXED = {
    4: (0xffff888000000000, 0xffffc90000000000, 0xffffea0000000000),
    5: (0xff11000000000000, 0xffa0000000000000, 0xffd4000000000000),
}


def boot(opts, cpu, machine, append):
    """Boot once; return (qemu-run exit code, {region: base}, log tail)."""
    fd, log = tempfile.mkstemp(prefix='keel-kaslr-', suffix='.log')
    os.close(fd)
    try:
        args = qemu_run.parse_args([
            '--tap', '--qemu', opts.qemu, '--kernel', opts.kernel,
            '--machine', machine, '--memory', '256M', '--cpu', cpu,
            '--accel', opts.accel, '--timeout', str(opts.timeout),
            '--log', log, '--append', append])
        code = qemu_run.run_tap(args, out=io.StringIO(), err=io.StringIO())
        with open(log, encoding='utf-8', errors='replace') as f:
            lines = [qemu_run.strip_timestamp(line)
                     for line in f.read().splitlines()]
    finally:
        os.unlink(log)
    bases = {}
    for line in lines:
        m = _REGION_RE.match(line)
        if m and m.group(1) not in bases:
            bases[m.group(1)] = int(m.group(2), 16)
    return code, bases, lines[-10:]


def show(bases):
    return ', '.join(f'{r} {bases[r]:#x}' if r in bases else f'{r} ?'
                     for r in REGIONS)


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--qemu', default='qemu-system-x86_64')
    p.add_argument('--kernel', required=True)
    p.add_argument('--accel', default='tcg')
    p.add_argument('--timeout', type=float, default=120)
    opts = p.parse_args()
    qemu_run.install_signal_handlers()
    results = []

    def boot_ok(what, cpu, machine, append):
        code, bases, tail = boot(opts, cpu, machine, append)
        ok = code == qemu_run.EXIT_PASS and len(bases) == len(REGIONS)
        results.append((ok, f'{what}: boots, kaslr_layout passes, prints '
                        f'the layout ({show(bases)}; qemu-run exit {code})'))
        if not ok:
            sys.stderr.write('\n'.join(tail) + '\n')
        return bases if ok else None

    for cpu, machine, source in (('qemu64', 'pc', 'TSC jitter'),
                                 ('max', 'q35', 'RDRAND/RDSEED')):
        a = boot_ok(f'{source} boot 1', cpu, machine, 'ktest=kaslr_layout')
        b = boot_ok(f'{source} boot 2', cpu, machine, 'ktest=kaslr_layout')
        if a and b:
            results.append((a != b, f'{source}: two boots, two layouts'))
            fixed = [dict(zip(REGIONS, f)) for f in FIXED.values()]
            results.append((a not in fixed and b not in fixed,
                            f'{source}: neither is a fixed layout'))
    for levels, cpu in ((4, 'qemu64'), (5, 'qemu64,+la57')):
        got = boot_ok(f'nokaslr {levels}-level', cpu, 'pc',
                      'ktest=kaslr_layout nokaslr')
        if got:
            want = dict(zip(REGIONS, FIXED[levels]))
            results.append((got == want,
                            f'nokaslr {levels}-level: Linux\'s fixed '
                            f'layout ({show(want)})'))
    print('TAP version 13')
    for i, (ok, what) in enumerate(results, 1):
        print(f'{"ok" if ok else "not ok"} {i} {what}')
    print(f'1..{len(results)}')
    return 0 if all(ok for ok, _ in results) else 1


if __name__ == '__main__':
    sys.exit(main())
