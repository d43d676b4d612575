# SPDX-License-Identifier: MIT
"""check_stops: the gdb side of the qemu suite's gdb test (check_gdb.py).

Run inside `gdb -batch` with keel.elf loaded (its .debug_gdb_scripts gives
the keel-* commands) and $KEEL_GDB_CHECK naming a JSON file with
{"target": ..., "out": ...}. Connects, follows kernel image KASLR
(keel-kaslr: the symbols move to where the kernel runs), stops the kernel
at four places of one boot, runs the helpers there and records their
output (or error) and a few facts read with plain gdb, for check_gdb.py
to judge against the serial console:

  memblock   memblock_dump_all (memblock=debug): keel-memblock, keel-e820
  buddy      mem_init_print_info, before "MemFree:" is printed: keel-buddy
  exit       do_group_exit of /init (gdb_init): keel-ps, keel-vmas,
             keel-pgwalk, keel-percpu, keel-dmesg
  panic      arch_machine_exit after "Attempted to kill init!": keel-dmesg
"""

import json
import os
import re
import time

import gdb

STOPS = [('memblock', 'memblock_dump_all'),
         ('buddy', 'mem_init_print_info'),
         ('exit', 'do_group_exit'),
         ('panic', 'arch_machine_exit')]

# The user-mode rip of the running task: its pt_regs sit at the top of its
# kernel stack (this CPU's pcpu_hot, at GS base).
USER_RIP = ('((struct pt_regs *)((struct pcpu_hot *)$gs_base)->top_of_stack'
            ' - 1)->rip')

config = json.load(open(os.environ['KEEL_GDB_CHECK']))
result = {'stops': [], 'commands': [], 'error': None}


def save():
    with open(config['out'], 'w') as f:
        json.dump(result, f, indent=1)


def run(cmd):
    """Output of gdb command @cmd, or 'ERROR: ...'."""
    try:
        return gdb.execute(cmd, to_string=True)
    except gdb.error as e:
        return f'ERROR: {e}'


def value(expr):
    """Integer value of @expr, or None."""
    try:
        return int(gdb.parse_and_eval(expr)) & (2**64 - 1)
    except gdb.error:
        return None


def at_stop(name):
    out = {'name': name, 'outputs': {}, 'facts': {}}
    cmds = {
        'memblock': ['keel-memblock', 'keel-e820', 'keel-e820 firmware',
                     'keel-e820 bogus', 'keel-dmesg'],
        'buddy': ['keel-buddy', 'keel-buddy -v'],
        'exit': ['keel-ps', 'keel-vmas 1', 'keel-vmas', 'keel-vmas 2',
                 'keel-vmas 999999', 'keel-percpu',
                 'keel-percpu pcpu_hot.cpu_number', 'keel-percpu init_task',
                 'keel-percpu runqueues.nr_switches',
                 'keel-dmesg',
                 'keel-pgwalk panic', 'keel-pgwalk __start_rodata',
                 'keel-pgwalk &init_task', 'keel-pgwalk hpet_base',
                 'keel-pgwalk 0', 'keel-pgwalk 0x0000800000000000',
                 'keel-pgwalk', 'keel-pgwalk 1 2 3',
                 'keel-pgwalk &init_task init_pgt.root',
                 'keel-pgwalk 0 0xffffffff81000000',
                 'keel-pgwalk "' + USER_RIP + '"',
                 'keel-kaslr 0x1000', 'keel-kaslr $keel_kaslr_offset'],
        'panic': ['keel-dmesg', 'keel-ps'],
    }[name]
    for c in cmds:
        out['outputs'][c] = run(c)
    facts = out['facts']
    if name == 'exit':
        for expr in ('$gs_base', '$cr3', '$cr4',
                     '(unsigned long)&panic',
                     '(unsigned long)&__start_rodata',
                     '(unsigned long)&init_task',
                     '(unsigned long)hpet_base',
                     'mm_layout.page_offset_base', 'mm_layout.levels',
                     USER_RIP,
                     'nr_cpu_ids'):
            facts[expr] = value(expr)
        # The bytes of panic through the kernel map and through
        # the direct map at the physical address keel-pgwalk finds.
        facts['panic bytes'] = run('x/4gx panic')
        m = re.search(r'=> phys (0x[0-9a-f]+)',
                      out['outputs']['keel-pgwalk panic'])
        if m:
            facts['direct map bytes'] = run(
                f'x/4gx mm_layout.page_offset_base + {m.group(1)}')
    return out


def main():
    gdb.execute('set pagination off')
    gdb.execute('set confirm off')
    result['commands'] = sorted(
        c for c in ('keel-dmesg', 'keel-ps', 'keel-pgwalk', 'keel-e820',
                    'keel-memblock', 'keel-buddy', 'keel-vmas',
                    'keel-percpu', 'keel-kaslr')
        if 'Undefined command' not in run(f'help {c}'))
    err = None
    for _ in range(200):
        try:
            gdb.execute(f'target remote {config["target"]}', to_string=True)
            break
        except gdb.error as e:
            err = e
            time.sleep(0.05)
    else:
        result['error'] = f'cannot connect to {config["target"]}: {err}'
        return
    result['kaslr'] = run('keel-kaslr')
    result['kaslr offset'] = value('$keel_kaslr_offset')
    if result['kaslr'].startswith('ERROR'):
        result['error'] = result['kaslr']
        return
    bps = {}
    for name, loc in STOPS:
        bp = gdb.Breakpoint(loc, internal=True)
        bps[name] = bp
    for _ in STOPS:
        before = {n: b.hit_count for n, b in bps.items()}
        msg = run('continue')
        hit = [n for n, b in bps.items() if b.hit_count != before[n]]
        if len(hit) != 1:
            result['error'] = f'continue did not stop at one breakpoint: ' \
                f'{hit} ({msg.strip()})'
            return
        result['stops'].append(at_stop(hit[0]))
        save()
        bps[hit[0]].enabled = False
        if hit[0] == 'panic':
            return


try:
    main()
except Exception as e:  # noqa: BLE001 -- reported to the host side
    result['error'] = f'{type(e).__name__}: {e}'
save()
gdb.execute('kill', to_string=True) if gdb.selected_inferior().pid else None
