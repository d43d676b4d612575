#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""kaslr_boots: memory-region and kernel image randomisation across boots
(qemu suite).

Boots keel several times (ktest=kaslr_layout,kaslr_text_offset, which also
check the layout and the kernel's place from inside) and reads the bases
it prints under "Virtual kernel memory layout:" and where the kernel text
went ("KASLR: kernel text at ..."; the decompressor says the same on
COM1). Two boots with the same entropy source get different seeds (TSC
jitter with qemu64, RDRAND/RDSEED with -cpu max), so their layouts must
differ (the same three bases twice has a chance of 2^-42) and so must
their kernel text offsets: there are about 500 of those, so when two boots
draw the same one (a chance of 1/500) a third must differ from both. With
`nokaslr` the bases must be Linux's fixed ones
(Documentation/arch/x86/x86_64/mm.rst), for 4- and 5-level paging, and
the kernel text at its linked address, 0xffffffff81000000.

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

# The kernel's line and the decompressor's (kernel image KASLR).
_TEXT_RE = re.compile(r'^KASLR: kernel text at 0x([0-9a-f]+) \(offset '
                      r'0x([0-9a-f]+) from 0xffffffff81000000(, not '
                      r'randomised)?\), physical 0x([0-9a-f]+)$')
_DECOMP_RE = re.compile(r'^KASLR: kernel text at virtual 0x([0-9a-f]{16}), '
                        r'physical 0x([0-9a-f]{16}) \((offset|its linked)')
TEXT_BASE = 0xffffffff81000000
TEXT_AREA_END = 0xffffffffc0000000
KTESTS = 'ktest=kaslr_layout,kaslr_text_offset'

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
        m = _TEXT_RE.match(line)
        if m and 'text' not in bases:
            bases['text'] = (int(m.group(1), 16), int(m.group(2), 16),
                             not m.group(3), int(m.group(4), 16))
        m = _DECOMP_RE.match(line)
        if m and 'decompressor' not in bases:
            bases['decompressor'] = (int(m.group(1), 16),
                                     int(m.group(2), 16))
    return code, bases, lines[-10:]


def show(bases):
    return ', '.join(f'{r} {bases[r]:#x}' if r in bases else f'{r} ?'
                     for r in REGIONS)


def text_ok(bases, randomised):
    """Is the kernel text where both the decompressor and the kernel say,
    2 MiB aligned, in the text area, randomised or at its linked
    address? (ok, description)"""
    if 'text' not in bases or 'decompressor' not in bases:
        return False, 'no "KASLR: kernel text at" line from the ' \
            'decompressor and the kernel'
    text, off, rnd, phys = bases['text']
    ok = (text == TEXT_BASE + off and off % (2 << 20) == 0 and
          text < TEXT_AREA_END and rnd == randomised and
          bases['decompressor'] == (text, phys))
    if not randomised:
        ok = ok and off == 0
    return ok, f'kernel text at {text:#x} (offset {off:#x}), physical ' \
        f'{phys:#x}; the decompressor said {bases["decompressor"][0]:#x}, ' \
        f'{bases["decompressor"][1]:#x}'


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--qemu', default='qemu-system-x86_64')
    p.add_argument('--kernel', required=True)
    p.add_argument('--accel', default='tcg')
    p.add_argument('--timeout', type=float, default=120)
    opts = p.parse_args()
    qemu_run.install_signal_handlers()
    results = []

    def boot_ok(what, cpu, machine, append, randomised=True):
        code, bases, tail = boot(opts, cpu, machine, append)
        ok = code == qemu_run.EXIT_PASS and \
            all(r in bases for r in REGIONS)
        results.append((ok, f'{what}: boots, kaslr_layout and '
                        f'kaslr_text_offset pass, prints the layout '
                        f'({show(bases)}; qemu-run exit {code})'))
        tok, tdesc = text_ok(bases, randomised)
        results.append((tok, f'{what}: {tdesc}'))
        if not ok or not tok:
            sys.stderr.write('\n'.join(tail) + '\n')
        return bases if ok and tok else None

    def layout(bases):
        return {r: bases[r] for r in REGIONS}

    for cpu, machine, source in (('qemu64', 'pc', 'TSC jitter'),
                                 ('max', 'q35', 'RDRAND/RDSEED')):
        a = boot_ok(f'{source} boot 1', cpu, machine, KTESTS)
        b = boot_ok(f'{source} boot 2', cpu, machine, KTESTS)
        if a and b:
            results.append((layout(a) != layout(b),
                            f'{source}: two boots, two layouts'))
            fixed = [dict(zip(REGIONS, f)) for f in FIXED.values()]
            results.append((layout(a) not in fixed and
                            layout(b) not in fixed,
                            f'{source}: neither is a fixed layout'))
            offs = [a['text'][1], b['text'][1]]
            if offs[0] == offs[1]:
                c = boot_ok(f'{source} boot 3 (boots 1 and 2 drew the '
                            f'same kernel offset)', cpu, machine, KTESTS)
                offs.append(c['text'][1] if c else offs[0])
            results.append((len(set(offs)) == 2,
                            f'{source}: two kernel text offsets '
                            f'({", ".join(hex(o) for o in offs)})'))
    for levels, cpu in ((4, 'qemu64'), (5, 'qemu64,+la57')):
        got = boot_ok(f'nokaslr {levels}-level', cpu, 'pc',
                      KTESTS + ' nokaslr', randomised=False)
        if got:
            want = dict(zip(REGIONS, FIXED[levels]))
            results.append((layout(got) == want,
                            f'nokaslr {levels}-level: Linux\'s fixed '
                            f'layout ({show(want)}), kernel text at '
                            f'0xffffffff81000000'))
    print('TAP version 13')
    for i, (ok, what) in enumerate(results, 1):
        print(f'{"ok" if ok else "not ok"} {i} {what}')
    print(f'1..{len(results)}')
    return 0 if all(ok for ok, _ in results) else 1


if __name__ == '__main__':
    sys.exit(main())
