#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""check_gdb: the qemu suite's test of the gdb helpers (tools/gdb/keel.py).

Boots keel under QEMU (TCG) held at reset with a gdb stub on a private
socket, with hosttest/qemu/gdb_init.c as /init and memblock=debug; runs
`gdb -batch` with keel.elf (whose .debug_gdb_scripts section brings the
keel-* commands) and tools/gdb/check_stops.py, which stops the kernel four
times and records the helpers' output; then checks that output against
what the kernel printed on the serial console. TAP on stdout.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, '..'))
import keel_gdb  # noqa: E402
import qemu_run  # noqa: E402

COMMANDS = ['keel-buddy', 'keel-dmesg', 'keel-e820', 'keel-kaslr',
            'keel-memblock', 'keel-percpu', 'keel-pgwalk', 'keel-ps',
            'keel-vmas']
# The kernel's boot-log line of kernel image KASLR (arch/x86_64/setup.c).
KASLR_RE = re.compile(r'^KASLR: kernel text at 0x([0-9a-f]+) \(offset '
                      r'0x([0-9a-f]+) from 0xffffffff81000000(, not '
                      r'randomised)?\)')
STOP_ORDER = ['memblock', 'buddy', 'exit', 'panic']
CONSOLE_LOGLEVEL = 7  # kernel/printk.h CONSOLE_LOGLEVEL_DEFAULT
QEMU_HPET_BASE = 0xFED00000  # pc and q35 put the HPET here
TS_RE = re.compile(r'^\[\s*(\d+)\.(\d+)\] (.*)$')


class Tap:
    def __init__(self):
        self.n = 0
        self.failed = 0

    def check(self, ok, desc, why=''):
        self.n += 1
        print(f'{"ok" if ok else "not ok"} {self.n} - {desc}')
        if not ok:
            self.failed += 1
            for line in str(why).splitlines()[:60]:
                print(f'# {line}')
        sys.stdout.flush()
        return ok


def printk_lines(serial):
    """The serial console's printk lines (they carry a timestamp), as
    (timestamp text, text)."""
    out = []
    for line in serial:
        m = TS_RE.match(line)
        if m:
            out.append(line)
    return out


def block(serial, begin, end):
    """The lines between the marker lines @begin and @end, or None."""
    try:
        i = serial.index(begin)
        j = serial.index(end, i)
    except ValueError:
        return None
    return serial[i + 1:j]


def strip_ts(line):
    return qemu_run.strip_timestamp(line)


def norm(line):
    return ' '.join(line.split())


def is_subsequence(small, big):
    """(True, None) or (False, the first line of @small not found)."""
    it = iter(big)
    for s in small:
        for b in it:
            if b == s:
                break
        else:
            return False, s
    return True, None


def walk_summary(text):
    m = re.search(r'^=> (.*)$', text, re.M)
    return m.group(1) if m else None


def run(args, tap):
    tmp = tempfile.mkdtemp(prefix='keel-gdb-check-')
    sock = os.path.join(tmp, 'gdb.sock')
    serial_path = os.path.join(tmp, 'serial.log')
    out_path = os.path.join(tmp, 'result.json')
    cfg_path = os.path.join(tmp, 'config.json')
    with open(cfg_path, 'w') as f:
        json.dump({'target': sock,
                   'out': out_path}, f)
    qargs = argparse.Namespace(
        qemu=args.qemu, kernel=args.kernel, machine=args.machine,
        memory=args.memory, smp=1, cpu=args.cpu,
        append='console=ttyS0 rdinit=/init memblock=debug',
        initrd=args.initrd, accel=args.accel, phys_bits=None,
        reserve_off=False, extra=[], as_disk=False)
    cmd = keel_gdb.qemu_command(qargs, f'unix:{sock},server=on,wait=off',
                                serial_path)
    qemu = subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, start_new_session=True)
    gdb_cmd = [args.gdb, '-q', '-batch', '-nx',
               '-iex', f'add-auto-load-safe-path {args.elf}',
               args.elf, '-x', os.path.join(HERE, 'check_stops.py')]
    env = dict(os.environ, KEEL_GDB_CHECK=cfg_path)
    try:
        g = subprocess.run(gdb_cmd, env=env, stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           timeout=args.timeout, text=True)
        gdb_out = g.stdout
    except subprocess.TimeoutExpired as e:
        gdb_out = (e.stdout or b'').decode('utf-8', 'replace') + \
            f'\ncheck_gdb: gdb timed out after {args.timeout} s'
    finally:
        qemu_run.stop_qemu(qemu)
        qemu_err = qemu.stderr.read().decode('utf-8', 'replace')
        qemu.stderr.close()
    try:
        with open(serial_path, 'rb') as f:
            serial = [ln.rstrip('\r') for ln in
                      f.read().decode('utf-8', 'replace').split('\n')]
    except OSError:
        serial = []
    try:
        with open(out_path) as f:
            res = json.load(f)
    except (OSError, ValueError):
        res = {'stops': [], 'commands': [], 'error': 'no result file'}
    if not args.keep:
        shutil.rmtree(tmp, ignore_errors=True)
    else:
        print(f'# kept {tmp}')
    judge(res, serial, gdb_out, qemu_err, tap, args)


def judge(res, serial, gdb_out, qemu_err, tap, args):
    tap.check(res['commands'] == COMMANDS,
              'keel.elf\'s .debug_gdb_scripts section gives gdb every '
              'keel-* command', f'got {res["commands"]}\n{gdb_out}')
    names = [s['name'] for s in res['stops']]
    if not tap.check(names == STOP_ORDER and not res['error'],
                     'gdb stopped keel at memblock_dump_all, '
                     'mem_init_print_info, do_group_exit, arch_machine_exit',
                     f'stops {names}, error {res["error"]}\n{gdb_out}\n'
                     f'QEMU: {qemu_err}\nserial tail:\n' +
                     '\n'.join(serial[-30:])):
        return
    stop = {s['name']: s for s in res['stops']}
    o = {n: s['outputs'] for n, s in stop.items()}
    facts = stop['exit']['facts']
    text = [strip_ts(ln) for ln in serial]

    # --- keel-kaslr ---
    logged = [m for m in map(KASLR_RE.match, text) if m]
    off = res.get('kaslr offset')
    tap.check(len(logged) == 1 and not logged[0].group(3) and
              off == int(logged[0].group(2), 16) and
              f'offset {off:#x}' in res.get('kaslr', ''),
              'keel-kaslr found the randomised kernel offset the boot log '
              'prints, and the breakpoints and helpers below use it',
              f'keel-kaslr: {res.get("kaslr")!r}, $keel_kaslr_offset '
              f'{off}, boot log: {[m.group(0) for m in logged]}')
    bad = o['exit']['keel-kaslr 0x1000']
    again = o['exit']['keel-kaslr $keel_kaslr_offset']
    tap.check(bad.startswith('ERROR: keel-kaslr: offset 0x1000 is not a '
                             'multiple of 2 MiB') and
              again.startswith('keel-kaslr: symbols moved by '
                               f'{off:#x}' if off is not None else '?'),
              'keel-kaslr OFFSET: a bad offset refused, naming it; the '
              'current one kept', f'{bad}\n{again}')

    # --- keel-e820 ---
    e820 = o['memblock']['keel-e820'].splitlines()
    logged = None
    if 'e820: memory map in use:' in text:
        # The map in use: the run of lines right after the title.
        logged = []
        for t in text[text.index('e820: memory map in use:') + 1:]:
            if not t.startswith('e820: [mem '):
                break
            logged.append(t)
    tap.check(bool(e820) and e820 == logged,
              'keel-e820 equals the boot log\'s "e820: memory map in use"',
              f'gdb:\n' + '\n'.join(e820) + '\nlog:\n' +
              '\n'.join(logged or ['(none)']))
    fw = o['memblock']['keel-e820 firmware'].splitlines()
    logged = [t for t in text if t.startswith('BIOS-e820: ')]
    tap.check(bool(fw) and fw == logged,
              'keel-e820 firmware equals the boot log\'s BIOS-e820 lines',
              '\n'.join(fw) + '\nlog:\n' + '\n'.join(logged))
    bad = o['memblock']['keel-e820 bogus']
    tap.check(bad.startswith('ERROR') and "'bogus'" in bad,
              'keel-e820 bogus: an error naming the bad argument', bad)

    # --- keel-memblock ---
    mb = o['memblock']['keel-memblock'].splitlines()
    try:
        i = text.index('MEMBLOCK configuration:')
        logged = [text[i]]
        for t in text[i + 1:]:
            if not re.match(r' (memory|reserved)', t):
                break
            logged.append(t)
    except ValueError:
        logged = []
    tap.check(len(logged) > 3 and mb[:-1] == logged,
              'keel-memblock equals the memblock=debug dump of the boot log',
              'gdb:\n' + '\n'.join(mb) + '\nlog:\n' + '\n'.join(logged))

    # --- keel-buddy ---
    bd = o['buddy']['keel-buddy']
    m = re.search(r'^total free: (\d+) pages \((\d+) kB\)$', bd, re.M)
    memfree = [re.match(r'MemFree:\s+(\d+) kB$', t) for t in text]
    memfree = [int(x.group(1)) for x in memfree if x]
    tap.check(bool(m) and len(memfree) == 1 and
              int(m.group(2)) == memfree[0] and 'inconsistent' not in bd and
              not bd.startswith('ERROR'),
              'keel-buddy: free lists consistent, total equals the boot '
              'log\'s MemFree', f'{bd}\nMemFree lines: {memfree}')

    bv = o['buddy']['keel-buddy -v'].splitlines()
    blocks = [re.match(r'(\S+) order (\d+): pfn 0x([0-9a-f]+)-0x([0-9a-f]+)$',
                       ln) for ln in bv]
    blocks = [b for b in blocks if b]
    listed = {}
    aligned = True
    for b in blocks:
        order, lo, hi = int(b.group(2)), int(b.group(3), 16), \
            int(b.group(4), 16)
        aligned = aligned and lo % (1 << order) == 0 and \
            hi - lo + 1 == 1 << order
        listed[(b.group(1), order)] = listed.get((b.group(1), order), 0) + 1
    counts = {}
    deferred = {}
    zone = None
    for ln in bd.splitlines()[1:]:
        f = ln.split()
        if len(f) > 12 and f[1].isdigit():
            zone = f[0]
            counts.update({(zone, i): int(c) for i, c in enumerate(f[1:12])})
        m = re.match(r'\s+\((\d+) of the order-10', ln)
        if m:
            deferred[zone] = int(m.group(1))
    want = {k: v - (deferred.get(k[0], 0) if k[1] == 10 else 0)
            for k, v in counts.items()}
    tap.check(bool(blocks) and aligned and
              listed == {k: v for k, v in want.items() if v},
              'keel-buddy -v lists each block on the lists, aligned to its '
              'order, as many as the counts say',
              f'listed {listed}\ncounts {want}\n' + '\n'.join(bv[:20]))

    # --- keel-ps ---
    ps = o['exit']['keel-ps']
    rows = {}
    for line in ps.splitlines()[1:]:
        f = line[1:].split(None, 7)
        if len(f) == 8:
            rows[int(f[0])] = {'cur': line[0] == '>', 'ppid': int(f[1]),
                               'state': f[3], 'comm': f[7]}
    started = [re.search(r'started pid 1 \((\S+)\) and pid 2 \((\S+)\)', t)
               for t in text]
    started = [x for x in started if x]
    for pid in (1, 2):
        stat = block(serial, f'gdb_init: stat{pid} begin',
                     f'gdb_init: stat{pid} end')
        sm = re.match(r'^(\d+) \((.*)\) (\S) (\d+) ', stat[0]) \
            if stat else None
        r = rows.get(pid)
        ok = bool(sm and r and int(sm.group(1)) == pid and
                  r['comm'] == sm.group(2) and r['state'] == sm.group(3) and
                  r['ppid'] == int(sm.group(4)))
        tap.check(ok, f'keel-ps: pid {pid}\'s comm, state and parent equal '
                  f'/proc/{pid}/stat', f'{ps}\nstat: {stat}')
    tap.check(bool(started) and 2 in rows and
              rows[2]['comm'] == started[0].group(2) and
              rows.get(1, {}).get('cur') and
              rows.get(0, {}).get('comm') == 'swapper/0',
              'keel-ps: pid 2 is the kthreadd rest_init started, pid 1 runs, '
              'pid 0 is swapper/0', ps)

    # --- keel-vmas ---
    maps = block(serial, 'gdb_init: maps begin', 'gdb_init: maps end')
    vm = o['exit']['keel-vmas 1'].splitlines()
    got = [norm(re.sub(r'\s+\[[a-z ]*\]$', '', ln)) for ln in vm[1:]]
    want = [norm(ln) for ln in maps or []]
    tap.check(bool(want) and got == want,
              'keel-vmas 1 equals what /init read in /proc/self/maps',
              'gdb:\n' + '\n'.join(vm) + '\nmaps:\n' + '\n'.join(want))
    tap.check(o['exit']['keel-vmas'] == o['exit']['keel-vmas 1'],
              'keel-vmas with no pid shows the running task (pid 1)',
              o['exit']['keel-vmas'])
    e2, e9 = o['exit']['keel-vmas 2'], o['exit']['keel-vmas 999999']
    tap.check(e2.startswith('ERROR') and 'pid 2' in e2 and
              'no address space' in e2 and e9.startswith('ERROR') and
              'no task with pid 999999' in e9,
              'keel-vmas: a kernel thread and a missing pid are clear errors',
              f'{e2}\n{e9}')

    # --- keel-percpu ---
    pc = o['exit']['keel-percpu'].splitlines()
    row = [ln.split() for ln in pc if ln.startswith('  0 ')]
    cpus = [re.search(r'nr_cpu_ids:(\d+)', t) for t in text]
    cpus = [int(x.group(1)) for x in cpus if x]
    gs = facts.get('$gs_base')
    tap.check(bool(row) and gs is not None and int(row[0][1], 16) == gs and
              row[0][3:5] == ['1', rows.get(1, {}).get('comm')] and
              cpus and pc[0].startswith(f'nr_cpu_ids {cpus[0]},'),
              'keel-percpu: CPU 0\'s area is GS base, it runs pid 1, '
              'nr_cpu_ids as the boot log says',
              f'{o["exit"]["keel-percpu"]}\nGS base {gs}, log {cpus}')
    v = o['exit']['keel-percpu pcpu_hot.cpu_number']
    bad = o['exit']['keel-percpu init_task']
    tap.check(v.strip() == 'CPU 0: pcpu_hot.cpu_number = 0' and
              bad.startswith('ERROR') and 'not a per-CPU variable' in bad,
              'keel-percpu VAR: a per-CPU field per CPU; a plain variable '
              'refused', f'{v}\n{bad}')

    sw = o['exit']['keel-percpu runqueues.nr_switches'].strip()
    tap.check(bool(row) and sw == f'CPU 0: runqueues.nr_switches = '
              f'{row[0][-1]}', 'keel-percpu runqueues.nr_switches equals '
              'the SWITCHES column', f'{sw}\n{row}')

    # --- keel-pgwalk ---
    levels = 5 if (facts.get('$cr4') or 0) & (1 << 12) else 4
    want_levels = args.levels
    pw = o['exit']

    def walk_ok(cmd, *want):
        s = walk_summary(pw[cmd]) or pw[cmd]
        return all(w in s for w in want), pw[cmd]

    tap.check(levels == want_levels and
              f'{want_levels}-level paging' in pw['keel-pgwalk panic']
              and pw['keel-pgwalk panic'].count('\n') ==
              want_levels + 2,
              f'keel-pgwalk walks {want_levels} levels',
              pw['keel-pgwalk panic'])
    ok, why = walk_ok('keel-pgwalk panic', 'present', 'read-only',
                      'kernel-only', ', executable', 'memory type WB ')
    same = facts.get('panic bytes', '').split(':')[-1:] == \
        facts.get('direct map bytes', '-').split(':')[-1:] and \
        'direct map bytes' in facts and \
        len(facts['panic bytes'].splitlines()) == 2
    tap.check(ok and same and not facts['direct map bytes'].startswith(
        'ERROR'),
              'keel-pgwalk of kernel text: present, read-only, executable, '
              'WB; its physical address holds panic()\'s bytes',
              f'{why}\n{facts.get("panic bytes")}\n'
              f'{facts.get("direct map bytes")}')
    ok, why = walk_ok('keel-pgwalk __start_rodata', 'present', 'read-only',
                      'not executable')
    tap.check(ok, 'keel-pgwalk of rodata: read-only, not executable', why)
    ok, why = walk_ok('keel-pgwalk &init_task', 'present', 'writable',
                      'not executable')
    tap.check(ok, 'keel-pgwalk of data: writable, not executable', why)
    ok, why = walk_ok('keel-pgwalk hpet_base', f'phys {QEMU_HPET_BASE:#x}',
                      'memory type UC (PAT index 3')
    tap.check(ok, 'keel-pgwalk of the ioremapped HPET: its MMIO address, '
              'uncached', why)
    rip_cmd = [k for k in pw if k.startswith('keel-pgwalk "')][0]
    ok, why = walk_ok(rip_cmd, 'present', 'read-only', 'user',
                      ', executable')
    tap.check(ok, 'keel-pgwalk of /init\'s user rip: user, read-only, '
              'executable', why)
    own = pw['keel-pgwalk &init_task init_pgt.root']
    tap.check(walk_summary(own) is not None and
              walk_summary(own) == walk_summary(pw['keel-pgwalk &init_task'])
              and 'virtual address' in pw['keel-pgwalk 0 0xffffffff81000000'],
              'keel-pgwalk ROOT: the kernel\'s own tables map data as pid '
              '1\'s do; a virtual ROOT is refused',
              f'{own}\n{pw["keel-pgwalk 0 0xffffffff81000000"]}')
    nc = pw['keel-pgwalk 0x0000800000000000']
    zero = pw['keel-pgwalk 0']
    nc_ok = ('not canonical with 4-level' in nc) if levels == 4 else \
        ('is not mapped' in nc)
    tap.check('=> 0x0 is not mapped' in zero and nc_ok and
              pw['keel-pgwalk'].startswith('ERROR: usage') and
              pw['keel-pgwalk 1 2 3'].startswith('ERROR: usage'),
              'keel-pgwalk: address 0 unmapped; non-canonical and bad '
              'arguments refused', f'{zero}\n{nc}\n{pw["keel-pgwalk"]}')

    # --- keel-dmesg ---
    for when in ('exit', 'panic'):
        dm = o[when]['keel-dmesg'].splitlines()
        sl = printk_lines(serial)
        if when == 'exit':
            # The console lines printed before the stop: up to /init's
            # "exiting".
            cut = serial.index('gdb_init: exiting') \
                if 'gdb_init: exiting' in serial else len(serial)
            sl = printk_lines(serial[:cut])
        ok, missing = is_subsequence(sl, dm)
        extra = ''
        if when == 'panic':
            ok = ok and any('Kernel panic - not syncing: Attempted to kill '
                            'init!' in ln for ln in dm) and \
                dm[-1] == sl[-1]
            extra = ', after the panic'
        tap.check(ok and len(sl) > 50 and not dm[0].startswith('(keel'),
                  f'keel-dmesg holds every printk line of the serial '
                  f'console, in order{extra}',
                  f'first line missing: {missing}\n' + '\n'.join(dm[-10:]))
    dml = o['memblock']['keel-dmesg'].splitlines()
    sl = printk_lines(serial)
    at = [i for i, ln in enumerate(sl)
          if strip_ts(ln) == 'MEMBLOCK configuration:']
    tap.check(bool(dml) and len(at) == 1 and dml[-1] == sl[at[0] - 1] and
              is_subsequence(sl[:at[0]], dml)[0],
              'keel-dmesg early in boot ends with the last line logged '
              'before the stop', '\n'.join(dml[-5:]))
    ps2 = o['panic']['keel-ps']
    tap.check(not ps2.startswith('ERROR') and re.search(r'^>\s+1 ', ps2, re.M),
              'keel-ps after the panic: pid 1 still the running task', ps2)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--qemu', default='qemu-system-x86_64')
    p.add_argument('--gdb', default='gdb')
    p.add_argument('--kernel', required=True)
    p.add_argument('--elf', required=True)
    p.add_argument('--initrd', required=True)
    p.add_argument('--machine', default='pc')
    p.add_argument('--memory', default='256M')
    p.add_argument('--cpu', default='qemu64')
    p.add_argument('--levels', type=int, choices=(4, 5), default=4,
                   help='the paging depth keel must use on this CPU')
    p.add_argument('--accel', default='tcg')
    p.add_argument('--timeout', type=float, default=120)
    p.add_argument('--keep', action='store_true',
                   help='keep the serial log and the results')
    args = p.parse_args()
    print('TAP version 13')
    if not shutil.which(args.gdb):
        print(f'1..1\nnot ok 1 - {args.gdb} not found (tools/dev installs '
              'gdb)')
        return 1
    tap = Tap()
    run(args, tap)
    print(f'1..{tap.n}')
    return 1 if tap.failed else 0


if __name__ == '__main__':
    sys.exit(main())
