# SPDX-License-Identifier: MIT
"""gdb helpers for keel: `keel-*` commands that read the kernel's own data
structures out of a stopped (or panicked) kernel, in the spirit of Linux's
lx-* helpers.

    keel-dmesg [-l]          the printk ring buffer, as the console prints it
    keel-ps                  every task: pid, ppid, state, cpu, flags, comm
    keel-pgwalk ADDR [ROOT]  the page-table walk of ADDR, level by level
    keel-e820 [firmware]     the e820 map in use (or as the loader gave it)
    keel-memblock            memblock's memory and reserved arrays
    keel-buddy [-v]          free blocks per order and zone
    keel-vmas [PID]          a task's VMAs, as /proc/PID/maps prints them
    keel-percpu [VAR]        each CPU's area (or VAR in each CPU's area)
    keel-kaslr [OFFSET]      follow kernel image KASLR: find where the
                             kernel runs (or take OFFSET) and move the
                             symbols there

keel.elf carries this file in its .debug_gdb_scripts section, so gdb loads
it with the symbols once the file is trusted:
    gdb -iex 'add-auto-load-safe-path build/keel.elf' build/keel.elf
or by hand: (gdb) source tools/gdb/keel.py

Structure layouts come from the kernel's debug information, so the
commands follow the C code; the constants below are the few that DWARF
does not carry (macros), each named after its C definition.
"""

import re

import gdb

# kernel/printk.c
WRAP_MARK = 0xFFFF
# kernel/sched.h
TASK_INTERRUPTIBLE = 0x0001
TASK_UNINTERRUPTIBLE = 0x0002
TASK_DEAD = 0x0080
TASK_NEW = 0x0800
EXIT_DEAD = 0x0010
EXIT_ZOMBIE = 0x0020
PF_IDLE = 0x00000002
PF_EXITING = 0x00000004
PF_KTHREAD = 0x00200000
# kernel/signal.h
SIGNAL_STOP_STOPPED = 0x00000001
# mm/pgtable.h
PAGE_SHIFT = 12
PTE_PRESENT = 1 << 0
PTE_RW = 1 << 1
PTE_USER = 1 << 2
PTE_PWT = 1 << 3
PTE_PCD = 1 << 4
PTE_ACCESSED = 1 << 5
PTE_DIRTY = 1 << 6
PTE_PSE = 1 << 7
PTE_PAT = 1 << 7
PTE_GLOBAL = 1 << 8
PTE_PAT_LARGE = 1 << 12
PTE_NX = 1 << 63
PTE_ADDR_MASK = 0x000FFFFFFFFFF000  # frame bits 12..51
# mm/pat.h: the power-on IA32_PAT, and the type codes
PAT_VALUE_POWER_ON = 0x0007040600070406
PAT_TYPES = {0: 'UC', 1: 'WC', 4: 'WT', 5: 'WP', 6: 'WB', 7: 'UC-'}
# mm/vma.h
VM_READ = 0x1
VM_WRITE = 0x2
VM_EXEC = 0x4
VM_SHARED = 0x8
VM_MAYSHARE = 0x80
VM_FLAG_NAMES = [(0x1, 'rd'), (0x2, 'wr'), (0x4, 'ex'), (0x8, 'sh'),
                 (0x10, 'mr'), (0x20, 'mw'), (0x40, 'me'), (0x80, 'ms'),
                 (0x100, 'gd'), (0x400, 'pf'), (0x2000, 'lo'),
                 (0x4000, 'io'), (0x40000, 'de'), (0x10000000, 'mm')]
# mm/memblock.h: MAX_NUMNODES (a region with nid >= it has no node)
MEMBLOCK_MAX_NUMNODES = 64
# e820 type names (mm/e820_print.c)
E820_TYPE_NAMES = {1: 'usable', 2: 'reserved', 0xEFFFFFFF: 'soft reserved',
                   3: 'ACPI data', 4: 'ACPI NVS', 5: 'unusable',
                   7: 'persistent (type 7)', 12: 'persistent (type 12)'}
# CR0.PG, CR4.LA57
CR0_PG = 1 << 31
# arch/x86_64/head64.h KERNEL_VIRT_BASE, mm/layout.h, boot/compressed/misc.c
KERNEL_VIRT_BASE = 0xFFFFFFFF81000000  # where keel.elf is linked
KERNEL_TEXT_END = 0xFFFFFFFFC0000000  # __START_KERNEL_map + 1 GiB
KASLR_ALIGN = 0x200000  # the decompressor moves the kernel in 2 MiB steps
# The symbols' current offset (keel-kaslr): a convenience variable, since
# this file is sourced again whenever the symbols are reloaded.
KASLR_VAR = 'keel_kaslr_offset'
CR4_LA57 = 1 << 12
START_KERNEL_MAP = 0xFFFFFFFF80000000

LEVEL_NAMES = {5: 'PML5', 4: 'PML4', 3: 'PDPT', 2: 'PD', 1: 'PT'}
PAGE_SIZE_NAMES = {1: '4K', 2: '2M', 3: '1G'}


class KeelError(gdb.GdbError):
    """An error a command reports as one line, with no Python trace."""


class KeelCommand(gdb.Command):
    """A keel-* command: run(arg) does the work; memory that cannot be
    read becomes one error line naming the command."""

    def __init__(self, name):
        super().__init__(name, gdb.COMMAND_DATA)
        self.cmd_name = name

    def invoke(self, arg, from_tty):
        try:
            self.run(arg)
        except gdb.MemoryError as e:
            cr0 = register('cr0')
            why = 'paging is off: the kernel is not mapped yet' \
                if cr0 is not None and not cr0 & CR0_PG else \
                'not set up yet, or corrupt?'
            raise gdb.GdbError(f'{self.cmd_name}: {e} ({why})') from None


# --- reading the kernel ------------------------------------------------------

def static_var(name, source=None):
    """The gdb.Value of global or file-static variable @name; @source (a
    path suffix such as 'kernel/printk.c') picks among same-named statics."""
    sym = gdb.lookup_global_symbol(name)
    if sym is None:
        cands = gdb.lookup_static_symbols(name) \
            if hasattr(gdb, 'lookup_static_symbols') else \
            [s for s in [gdb.lookup_static_symbol(name)] if s]
        if source:
            cands = [s for s in cands
                     if s.symtab and s.symtab.filename.endswith(source)]
        if not cands:
            raise KeelError(f'no symbol {name!r} in the kernel\'s debug '
                            'information (is build/keel.elf loaded?)')
        sym = cands[0]
    return sym.value()


def lookup_type(name):
    try:
        return gdb.lookup_type(name)
    except gdb.error:
        raise KeelError(f'no type {name!r} in the kernel\'s debug '
                        'information') from None


def read_bytes(addr, size):
    """@size bytes at virtual address @addr, or a KeelError naming it."""
    try:
        return bytes(gdb.selected_inferior().read_memory(addr, size))
    except gdb.MemoryError:
        raise KeelError(f'cannot read {size} bytes at {addr:#018x}') from None


def read_u64(addr):
    return int.from_bytes(read_bytes(addr, 8), 'little')


def pointer(addr, target_type):
    """A gdb.Value pointing at @addr (any 64-bit address: gdb.Value(int)
    refuses those above 2^63) to @target_type."""
    return gdb.Value((addr & (2**64 - 1)).to_bytes(8, 'little'),
                     target_type.pointer())


def deref(addr, type_name):
    """The object of type @type_name at virtual address @addr."""
    return pointer(int(addr), lookup_type(type_name)).dereference()


def c_string(value, limit=256):
    """A char array or char pointer as a Python string."""
    try:
        return value.string(length=limit).split('\0')[0]
    except (gdb.error, gdb.MemoryError, UnicodeDecodeError):
        return '?'


def field_offset(type_name, field):
    for f in lookup_type(type_name).fields():
        if f.name == field:
            return f.bitpos // 8
    raise KeelError(f'{type_name} has no field {field!r}')


def container_of(ptr, type_name, member):
    """The struct @type_name whose @member is at address @ptr."""
    return deref(int(ptr) - field_offset(type_name, member), type_name)


def list_for_each(head, type_name, member, limit=1 << 20):
    """The entries of the list_head @head (a gdb.Value), as containers."""
    head_addr = int(head.address)
    node = head['next']
    seen = 0
    while int(node) != head_addr:
        if int(node) == 0:
            raise KeelError(f'list at {head_addr:#x}: NULL next pointer '
                            f'after {seen} entries')
        seen += 1
        if seen > limit:
            raise KeelError(f'list at {head_addr:#x}: more than {limit} '
                            'entries (a loop?)')
        yield container_of(node, type_name, member)
        node = node['next']


def rb_inorder(root_node, limit=1 << 20):
    """The rb_node addresses of a tree (its root node pointer), in order,
    without recursion."""
    out = []
    stack = []
    node = int(root_node)
    while stack or node:
        while node:
            stack.append(node)
            if len(stack) > 128:
                raise KeelError('red-black tree deeper than 128: corrupt')
            node = int(deref(node, 'struct rb_node')['rb_left'])
        node = stack.pop()
        out.append(node)
        if len(out) > limit:
            raise KeelError(f'red-black tree with more than {limit} nodes '
                            '(a loop?)')
        node = int(deref(node, 'struct rb_node')['rb_right'])
    return out


def register(name):
    """$name as an int, or None when the target does not have it."""
    try:
        return int(gdb.parse_and_eval(f'${name}')) & (2**64 - 1)
    except gdb.error:
        return None


def page_offset_base():
    return int(static_var('mm_layout')['page_offset_base'])


class PhysReader:
    """Reads physical memory: through QEMU's gdbstub in physical mode when
    the stub has it, else through the kernel's direct map (which must be
    up). Use as a context manager; physical mode is always switched off."""

    def __init__(self):
        self.phys_mode = False
        self.base = None

    def __enter__(self):
        try:
            out = gdb.execute('maintenance packet Qqemu.PhyMemMode:1',
                              to_string=True)
            self.phys_mode = 'received: "OK"' in out
        except gdb.error:
            self.phys_mode = False
        if self.phys_mode:
            gdb.execute('maintenance flush dcache', to_string=True)
        else:
            self.base = page_offset_base()
        return self

    def __exit__(self, *exc):
        if self.phys_mode:
            gdb.execute('maintenance packet Qqemu.PhyMemMode:0',
                        to_string=True)
            gdb.execute('maintenance flush dcache', to_string=True)
        return False

    def read(self, phys, size):
        addr = phys if self.phys_mode else self.base + phys
        try:
            return bytes(gdb.selected_inferior().read_memory(addr, size))
        except gdb.MemoryError:
            how = 'physical' if self.phys_mode else 'direct-map'
            raise KeelError(f'cannot read physical {phys:#x} ({how} '
                            'access)') from None

    def u64(self, phys):
        return int.from_bytes(self.read(phys, 8), 'little')


def parse_args(arg, usage, min_n=0, max_n=0):
    argv = gdb.string_to_argv(arg)
    if not min_n <= len(argv) <= max_n:
        raise KeelError(f'usage: {usage}')
    return argv


def eval_int(text, what):
    """The value of expression @text as an address: a function or an
    array stands for its address, as does a symbol without a type (a
    linker-script symbol such as _etext)."""
    try:
        v = gdb.parse_and_eval(text)
        if v.type.strip_typedefs().code in (gdb.TYPE_CODE_FUNC,
                                            gdb.TYPE_CODE_ARRAY):
            v = v.address
        return int(v) & (2**64 - 1)
    except gdb.error as e:
        try:
            return int(gdb.parse_and_eval(f'(unsigned long)&{text}'))
        except gdb.error:
            raise KeelError(f'bad {what} {text!r}: {e}') from None


# --- keel-dmesg --------------------------------------------------------------

def dmesg_records():
    """(records, dropped): the printk ring buffer's records, oldest first,
    as (ts_ns, level, text); follows printk_for_each_record()."""
    buf = static_var('log_buf', 'kernel/printk.c')
    size = buf.type.sizeof
    first = int(static_var('log_first', 'kernel/printk.c'))
    count = int(static_var('log_count', 'kernel/printk.c'))
    dropped = int(static_var('log_dropped', 'kernel/printk.c'))
    data = read_bytes(int(buf.address), size)
    rec_t = lookup_type('struct log_rec')
    hdr = rec_t.sizeof
    offs = {f.name: f.bitpos // 8 for f in rec_t.fields()}

    def rec_len(off):
        return int.from_bytes(data[off + offs['len']:off + offs['len'] + 2],
                              'little')

    if first + hdr > size:
        raise KeelError(f'log_first {first} lies outside the {size}-byte '
                        'buffer')
    if count > size // hdr:
        raise KeelError(f'log_count {count} cannot fit a {size}-byte buffer')
    records = []
    off = first
    for i in range(count):
        length = rec_len(off)
        if off + hdr + length > size or length > size // 4:
            raise KeelError(f'record {i} of {count} at offset {off}: length '
                            f'{length} runs past the {size}-byte buffer')
        ts = int.from_bytes(data[off + offs['ts_ns']:off + offs['ts_ns'] + 8],
                            'little')
        level = data[off + offs['level']]
        text = data[off + hdr:off + hdr + length].decode('utf-8', 'replace')
        records.append((ts, level, text))
        off += (hdr + length + 7) & ~7
        if off + hdr > size or rec_len(off) == WRAP_MARK:
            off = 0
    return records, dropped


class KeelDmesg(KeelCommand):
    """keel-dmesg [-l]: the printk ring buffer, oldest record first, as the
console prints it ("[    0.123456] text"); also the records below the
console loglevel, and after a panic. -l puts the level first ("<6>")."""

    def __init__(self):
        super().__init__('keel-dmesg')

    def run(self, arg):
        argv = parse_args(arg, 'keel-dmesg [-l]', 0, 1)
        if argv and argv[0] != '-l':
            raise KeelError(f'keel-dmesg: unknown option {argv[0]!r} '
                            '(usage: keel-dmesg [-l])')
        records, dropped = dmesg_records()
        if not records:
            gdb.write('keel-dmesg: the log is empty (nothing printed yet)\n')
            return
        out = []
        if dropped:
            out.append(f'(keel-dmesg: {dropped} older records were dropped '
                       'when the buffer wrapped)')
        for ts, level, text in records:
            lvl = f'<{level}>' if argv else ''
            out.append(f'{lvl}[{ts // 1000000000:5d}.'
                       f'{ts % 1000000000 // 1000:06d}] {text}')
        gdb.write('\n'.join(out) + ('\n' if out else ''))


# --- keel-ps -----------------------------------------------------------------

def all_tasks():
    """init_task, every CPU's idle task, then task_list's tasks."""
    tasks = [static_var('init_task')]
    addrs = {int(tasks[0].address)}
    for cpu in range(nr_cpu_ids()):
        rq = per_cpu(static_var('runqueues', 'kernel/sched/core.c'), cpu)
        idle = int(rq['idle'])
        if idle and idle not in addrs:
            addrs.add(idle)
            tasks.append(deref(idle, 'struct task_struct'))
    for t in list_for_each(static_var('task_list'), 'struct task_struct',
                           'tasks'):
        if int(t.address) not in addrs:
            addrs.add(int(t.address))
            tasks.append(t)
    return tasks


def task_state_letter(t):
    """As /proc/PID/stat's (fs/proc_data.c task_state_letter)."""
    exit_state = int(t['exit_state'])
    state = int(t['state'])
    if exit_state & EXIT_DEAD or state & TASK_DEAD:
        return 'X'
    if exit_state & EXIT_ZOMBIE:
        return 'Z'
    sig = int(t['signal'])
    if sig and state != 0 and \
            int(deref(sig, 'struct signal_struct')['flags']) & \
            SIGNAL_STOP_STOPPED:
        return 'T'
    if state & TASK_UNINTERRUPTIBLE:
        return 'D'
    if state & TASK_INTERRUPTIBLE:
        return 'S'
    if state & TASK_NEW:
        return 'N'
    if int(t['flags']) & PF_IDLE:
        return 'I'
    return 'R'


def find_task(pid):
    for t in all_tasks():
        if int(t['pid']) == pid:
            return t
    raise KeelError(f'no task with pid {pid}')


def current_tasks():
    """{task address: cpu} of the task each CPU runs."""
    cur = {}
    for cpu in range(nr_cpu_ids()):
        hot = per_cpu(static_var('pcpu_hot'), cpu)
        cur[int(hot['current_task'])] = cpu
    return cur


class KeelPs(KeelCommand):
    """keel-ps: every task (the idle tasks, then the task list): pid, parent
pid, thread group, state (R S D T Z X I N, as /proc/PID/stat), the CPU,
flags (K kernel thread, I idle, E exiting), the task_struct address and
comm. '>' marks the task a CPU is running."""

    def __init__(self):
        super().__init__('keel-ps')

    def run(self, arg):
        parse_args(arg, 'keel-ps', 0, 0)
        cur = current_tasks()
        lines = ['  PID  PPID  TGID S CPU FL  TASK               COMM']
        for t in all_tasks():
            parent = int(t['parent'])
            ppid = int(deref(parent, 'struct task_struct')['pid']) \
                if parent else 0
            flags = int(t['flags'])
            fl = ''.join(c for bit, c in ((PF_KTHREAD, 'K'), (PF_IDLE, 'I'),
                                          (PF_EXITING, 'E')) if flags & bit)
            mark = '>' if int(t.address) in cur else ' '
            lines.append(f'{mark}{int(t["pid"]):4d} {ppid:5d} '
                         f'{int(t["tgid"]):5d} {task_state_letter(t)} '
                         f'{int(t["cpu"]):3d} {fl or "-":3s} '
                         f'{int(t.address):#018x} {c_string(t["comm"], 16)}')
        gdb.write('\n'.join(lines) + '\n')


# --- per-CPU -----------------------------------------------------------------

def nr_cpu_ids():
    n = int(static_var('nr_cpu_ids'))
    limit = static_var('__per_cpu_offset').type.range()[1] + 1
    if not 1 <= n <= limit:
        raise KeelError(f'nr_cpu_ids is {n}, outside 1..{limit}')
    return n


def selected_cpu():
    """The CPU of gdb's selected thread (QEMU: thread N is CPU N-1)."""
    th = gdb.selected_thread()
    cpu = th.num - 1 if th else 0
    return cpu if 0 <= cpu < nr_cpu_ids() else 0


def per_cpu_addr(var_addr, cpu):
    return var_addr + int(static_var('__per_cpu_offset')[cpu])


def per_cpu(var, cpu):
    """CPU @cpu's copy of per-CPU variable @var (a gdb.Value)."""
    addr = per_cpu_addr(int(var.address), cpu)
    return pointer(addr, var.type).dereference()


class KeelPercpu(KeelCommand):
    """keel-percpu [VAR]: each possible CPU's per-CPU area: its address and
offset, the running task, the top of its kernel stack, the preempt count
and its run queue (runnable tasks, context switches). With VAR (a per-CPU
variable, e.g. runqueues or pcpu_hot.preempt_count), VAR's value in each
CPU's area."""

    def __init__(self):
        super().__init__('keel-percpu')

    def run(self, arg):
        argv = parse_args(arg, 'keel-percpu [VAR[.FIELD...]]', 0, 1)
        n = nr_cpu_ids()
        start = int(gdb.parse_and_eval('(unsigned long)&__per_cpu_start'))
        end = int(gdb.parse_and_eval('(unsigned long)&__per_cpu_end'))
        if argv:
            self.show_var(argv[0], n, start, end)
            return
        lines = [f'nr_cpu_ids {n}, template {start:#018x}-{end - 1:#018x} '
                 f'({end - start} bytes)',
                 'CPU AREA               OFFSET             CURRENT'
                 '               STACK TOP          PREEMPT NR_RUNNING '
                 'SWITCHES']
        runqueues = static_var('runqueues', 'kernel/sched/core.c')
        for cpu in range(n):
            hot = per_cpu(static_var('pcpu_hot'), cpu)
            area = int(hot.address)
            task = int(hot['current_task'])
            who = '-'
            if task:
                t = deref(task, 'struct task_struct')
                who = f'{int(t["pid"])} {c_string(t["comm"], 16)}'
            rq = per_cpu(runqueues, cpu)
            lines.append(f'{cpu:3d} {area:#018x} '
                         f'{int(static_var("__per_cpu_offset")[cpu]):#018x} '
                         f'{who:21s} {int(hot["top_of_stack"]):#018x} '
                         f'{int(hot["preempt_count"]):#9x} '
                         f'{int(rq["cfs"]["nr_running"]):10d} '
                         f'{int(rq["nr_switches"])}')
        gdb.write('\n'.join(lines) + '\n')

    def show_var(self, spec, n, start, end):
        name, _, path = spec.partition('.')
        if not re.fullmatch(r'[A-Za-z_]\w*', name) or \
                (path and not re.fullmatch(r'[A-Za-z_]\w*(\.[A-Za-z_]\w*)*',
                                           path)):
            raise KeelError(f'keel-percpu: bad variable {spec!r}')
        var = static_var(name)
        addr = int(var.address)
        if not start <= addr < end:
            raise KeelError(f'keel-percpu: {name} at {addr:#x} is not a '
                            f'per-CPU variable (template {start:#x}-'
                            f'{end:#x})')
        for cpu in range(n):
            v = per_cpu(var, cpu)
            for f in path.split('.') if path else []:
                try:
                    v = v[f]
                except gdb.error:
                    raise KeelError(f'keel-percpu: {spec}: no field '
                                    f'{f!r}') from None
            gdb.write(f'CPU {cpu}: {spec} = {v.format_string()}\n')


# --- keel-pgwalk -------------------------------------------------------------

def pat_msr():
    """(IA32_PAT value, where it came from)."""
    try:
        v = int(static_var('pat_msr_programmed'))
    except (KeelError, gdb.MemoryError):
        v = 0
    if v:
        return v, 'pat_msr_programmed'
    return PAT_VALUE_POWER_ON, 'power-on value: PAT not yet programmed'


def pat_type(msr, index):
    code = (msr >> (8 * index)) & 0x7
    return PAT_TYPES.get(code, f'reserved({code})')


def entry_bits(e, level, leaf):
    """The entry's flags in short words."""
    w = ['P' if e & PTE_PRESENT else 'NP']
    if not e & PTE_PRESENT:
        return w
    w.append('RW' if e & PTE_RW else 'RO')
    w.append('U' if e & PTE_USER else 'K')
    if e & PTE_PWT:
        w.append('PWT')
    if e & PTE_PCD:
        w.append('PCD')
    if e & PTE_ACCESSED:
        w.append('A')
    if leaf:
        if e & PTE_DIRTY:
            w.append('D')
        if e & PTE_GLOBAL:
            w.append('G')
        if level > 1 and e & PTE_PSE:
            w.append('PS')
        if (level == 1 and e & PTE_PAT) or (level > 1 and e & PTE_PAT_LARGE):
            w.append('PAT')
    w.append('NX' if e & PTE_NX else 'X')
    return w


def pgwalk(va, root, levels):
    """Walk @va from the root table at physical @root; return (lines,
    result) where result is None when @va is not mapped."""
    lines = []
    rw = user = True
    nx = False
    table = root & PTE_ADDR_MASK
    with PhysReader() as pm:
        for level in range(levels, 0, -1):
            shift = PAGE_SHIFT + 9 * (level - 1)
            idx = (va >> shift) & 0x1FF
            e = pm.u64(table + 8 * idx)
            present = e & PTE_PRESENT
            leaf = present and (level == 1 or (level <= 3 and e & PTE_PSE))
            name = f'{LEVEL_NAMES[level]}[{idx}]'
            head = f'{name:10s} @{table + 8 * idx:#014x}: {e:#018x}'
            bits = ' '.join(entry_bits(e, level, leaf))
            if not present:
                lines.append(f'{head}  {bits}')
                return lines, None
            rw = rw and bool(e & PTE_RW)
            user = user and bool(e & PTE_USER)
            nx = nx or bool(e & PTE_NX)
            frame = e & PTE_ADDR_MASK
            if leaf:
                if level > 1:
                    frame &= ~((1 << shift) - 1)
                    pat_bit = bool(e & PTE_PAT_LARGE)
                else:
                    pat_bit = bool(e & PTE_PAT)
                index = 4 * pat_bit + 2 * bool(e & PTE_PCD) + \
                    bool(e & PTE_PWT)
                lines.append(f'{head}  {bits} -> {PAGE_SIZE_NAMES[level]} '
                             f'page {frame:#x}')
                phys = frame | (va & ((1 << shift) - 1))
                return lines, (phys, level, rw, user, nx, index)
            lines.append(f'{head}  {bits} -> table {frame:#x}')
            table = frame
    raise AssertionError('unreachable')


class KeelPgwalk(KeelCommand):
    """keel-pgwalk ADDR [ROOT]: walk the page tables for virtual address
ADDR, from the root table at physical address ROOT (default: CR3, the
running address space). Shows each level's entry with its flags (P present,
RW/RO, U user/K kernel, PWT, PCD, A accessed, D dirty, G global, PS large
page, PAT, X/NX), then the physical address, page size, the effective
rights (all levels together) and the memory type: the PAT index (PAT, PCD,
PWT bits) looked up in IA32_PAT as the kernel programmed it. 4-level or
5-level paging as CR4.LA57 says."""

    def __init__(self):
        super().__init__('keel-pgwalk')

    def run(self, arg):
        argv = parse_args(arg, 'keel-pgwalk ADDR [ROOT]', 1, 2)
        va = eval_int(argv[0], 'address')
        cr0, cr4 = register('cr0'), register('cr4')
        if cr0 is not None and cr4 is not None:
            if not cr0 & CR0_PG and len(argv) == 1:
                raise KeelError('paging is off (CR0.PG clear): addresses '
                                'are physical; give ROOT to walk a table')
            levels = 5 if cr4 & CR4_LA57 else 4
        else:
            levels = int(static_var('mm_layout')['levels']) or 4
        if len(argv) > 1:
            root = eval_int(argv[1], 'root table address')
            if root >= START_KERNEL_MAP:
                raise KeelError(f'ROOT {root:#x} is a virtual address; give '
                                'the physical address (what CR3 holds)')
        else:
            root = register('cr3')
            if root is None:
                root = int(static_var('init_pgt')['root'])
        if root & ~(PTE_ADDR_MASK | 0xFFF):
            raise KeelError(f'ROOT {root:#x} is beyond 52-bit physical '
                            'addresses')
        vbits = 57 if levels == 5 else 48
        top = va >> (vbits - 1)
        if top not in (0, (1 << (65 - vbits)) - 1):
            raise KeelError(f'{va:#x} is not canonical with {levels}-level '
                            f'paging ({vbits}-bit virtual addresses)')
        lines, res = pgwalk(va, root, levels)
        msr, src = pat_msr()
        out = [f'keel-pgwalk {va:#018x}: {levels}-level paging, root table '
               f'{root & PTE_ADDR_MASK:#x}'] + lines
        if res is None:
            out.append(f'=> {va:#x} is not mapped')
        else:
            phys, level, rw, user, nx, index = res
            rights = ['present', 'writable' if rw else 'read-only',
                      'user' if user else 'kernel-only',
                      'not executable' if nx else 'executable']
            out.append(f'=> phys {phys:#x}, {PAGE_SIZE_NAMES[level]} page: '
                       f'{", ".join(rights)}; memory type '
                       f'{pat_type(msr, index)} (PAT index {index}, '
                       f'IA32_PAT {msr:#018x}, {src})')
        gdb.write('\n'.join(out) + '\n')


# --- keel-e820 ---------------------------------------------------------------

def e820_lines(table, prefix):
    n = int(table['nr_entries'])
    cap = table['entries'].type.range()[1] + 1
    if n > cap:
        raise KeelError(f'e820 table: nr_entries {n} exceeds its {cap} '
                        'entries')
    out = []
    for i in range(n):
        e = table['entries'][i]
        addr, size, typ = int(e['addr']), int(e['size']), int(e['type'])
        end = (addr + size - 1) & (2**64 - 1)
        name = E820_TYPE_NAMES.get(typ, f'type {typ}')
        out.append(f'{prefix}: [mem {addr:#018x}-{end:#018x}] {name}')
    return out


class KeelE820(KeelCommand):
    """keel-e820 [firmware]: the e820 map memory management is built on
(e820_table: sanitised, mem=/memmap= applied, BIOS range trimmed), in the
boot log's form; `firmware` shows the map as the boot loader gave it."""

    def __init__(self):
        super().__init__('keel-e820')

    def run(self, arg):
        argv = parse_args(arg, 'keel-e820 [firmware]', 0, 1)
        if argv and argv[0] != 'firmware':
            raise KeelError(f'keel-e820: unknown table {argv[0]!r} '
                            '(usage: keel-e820 [firmware])')
        if argv:
            lines = e820_lines(static_var('e820_table_firmware'), 'BIOS-e820')
        else:
            lines = e820_lines(static_var('e820_table'), 'e820')
        if not lines:
            lines = ['keel-e820: the table is empty (not set up yet)']
        gdb.write('\n'.join(lines) + '\n')


# --- keel-memblock -----------------------------------------------------------

def memblock_type_lines(t):
    name = c_string(t['name'], 32)
    cnt, cap = int(t['cnt']), int(t['max'])
    if cnt > cap:
        raise KeelError(f'memblock.{name}: cnt {cnt} exceeds max {cap}')
    out = [f' {name}.cnt  = {cnt:#x}']
    regions = int(t['regions'])
    for i in range(cnt):
        r = deref(regions + i * lookup_type('struct memblock_region').sizeof,
                  'struct memblock_region')
        base, size = int(r['base']), int(r['size'])
        nid = int(r['nid'])
        node = f' on node {nid}' if 0 <= nid < MEMBLOCK_MAX_NUMNODES else ''
        out.append(f' {name}[{i:#x}]\t[{base:#018x}-{base + size - 1:#018x}]'
                   f', {size:#018x} bytes{node} flags: {int(r["flags"]):#x}')
    return out


class KeelMemblock(KeelCommand):
    """keel-memblock: memblock's memory and reserved arrays, as
memblock=debug prints them at boot (memblock_dump_all), plus the
allocation direction and limit."""

    def __init__(self):
        super().__init__('keel-memblock')

    def run(self, arg):
        parse_args(arg, 'keel-memblock', 0, 0)
        mb = static_var('memblock')
        out = ['MEMBLOCK configuration:',
               f' memory size = {int(mb["memory"]["total_size"]):#018x} '
               f'reserved size = {int(mb["reserved"]["total_size"]):#018x}']
        out += memblock_type_lines(mb['memory'])
        out += memblock_type_lines(mb['reserved'])
        limit = int(mb['current_limit'])
        way = 'bottom-up' if mb['bottom_up'] else 'top-down'
        out.append(f' allocation: {way}, current_limit {limit:#x}')
        gdb.write('\n'.join(out) + '\n')


# --- keel-buddy --------------------------------------------------------------

class KeelBuddy(KeelCommand):
    """keel-buddy [-v]: the page allocator's free blocks per order
(4 KiB .. 4 MiB) and zone, as /proc/buddyinfo counts them (deferred
max-order blocks included), each free list walked and checked against its
count; then each zone's and the total free memory. -v lists every block
on the lists (pfn ranges)."""

    def __init__(self):
        super().__init__('keel-buddy')

    def run(self, arg):
        argv = parse_args(arg, 'keel-buddy [-v]', 0, 1)
        if argv and argv[0] != '-v':
            raise KeelError(f'keel-buddy: unknown option {argv[0]!r} '
                            '(usage: keel-buddy [-v])')
        verbose = bool(argv)
        zones = static_var('zones', 'mm/page_alloc.c')
        nzones = zones.type.range()[1] + 1
        norders = zones[0]['free_area'].type.range()[1] + 1
        max_order = norders - 1
        pob = None
        out = ['zone     ' + ' '.join(f'{o:6d}' for o in range(norders)) +
               '   free pages']
        problems = []
        detail = []
        total = 0
        for z in range(nzones):
            zone = zones[z]
            name = c_string(zone['name'], 16) if int(zone['name']) else \
                f'zone{z}'
            if int(zone['spanned_pages']) == 0:
                continue
            counts = []
            pages = 0
            deferred = int(zone['nr_deferred'])
            for o in range(norders):
                fa = zone['free_area'][o]
                nr = int(fa['nr_free'])
                head = int(fa['head'].address)
                walked = 0
                node = int(fa['head']['next'])
                while node != head:
                    if node == 0:
                        problems.append(f'{name} order {o}: NULL link after '
                                        f'{walked} blocks')
                        break
                    walked += 1
                    if walked > nr + 1:
                        break
                    if verbose:
                        if pob is None:
                            pob = page_offset_base()
                        pfn = (node - pob) >> PAGE_SHIFT
                        detail.append(f'{name} order {o}: pfn {pfn:#x}-'
                                      f'{pfn + (1 << o) - 1:#x}')
                    node = read_u64(node)
                if walked != nr:
                    more = 'more than ' if walked > nr else ''
                    problems.append(f'{name} order {o}: the list holds '
                                    f'{more}{walked} blocks, nr_free says '
                                    f'{nr}')
                if o == max_order:
                    nr += deferred
                counts.append(nr)
                pages += nr << o
            free = int(zone['free_pages'])
            if pages != free:
                problems.append(f'{name}: the blocks add up to {pages} pages, '
                                f'free_pages says {free}')
            total += free
            out.append(f'{name:8s} ' + ' '.join(f'{c:6d}' for c in counts) +
                       f'   {free} ({free * 4} kB)')
            if deferred:
                out.append(f'         ({deferred} of the order-{max_order} '
                           'blocks deferred: free, on no list yet)')
        out.append(f'total free: {total} pages ({total * 4} kB)')
        out += detail
        out += [f'keel-buddy: inconsistent: {p}' for p in problems]
        gdb.write('\n'.join(out) + '\n')


# --- keel-vmas ---------------------------------------------------------------

class KeelVmas(KeelCommand):
    """keel-vmas [PID]: the VMAs of task PID's address space (default: the
running task), in /proc/PID/maps order and form (start-end, rwxp/s,
offset, dev, inode, name), then each VMA's vm_flags in short (rd wr ex sh
mr mw me ms gd(growsdown) pf io lo de mm)."""

    def __init__(self):
        super().__init__('keel-vmas')

    def run(self, arg):
        argv = parse_args(arg, 'keel-vmas [PID]', 0, 1)
        if argv:
            if not re.fullmatch(r'\d+', argv[0]):
                raise KeelError(f'keel-vmas: bad pid {argv[0]!r}')
            t = find_task(int(argv[0]))
        else:
            cpu = selected_cpu()
            cur = int(per_cpu(static_var('pcpu_hot'), cpu)['current_task'])
            if not cur:
                raise KeelError(f'keel-vmas: CPU {cpu} runs no task')
            t = deref(cur, 'struct task_struct')
        mm_addr = int(t['mm'])
        pid = int(t['pid'])
        if not mm_addr:
            raise KeelError(f'keel-vmas: pid {pid} ({c_string(t["comm"], 16)})'
                            ' has no address space (a kernel thread, or '
                            'exiting)')
        mm = deref(mm_addr, 'struct mm_struct')
        vmas = mm['vmas']
        nodes = rb_inorder(vmas['mm_rb']['rb_root']['rb_node'])
        count = int(vmas['map_count'])
        exe_name = c_string(mm['exe_name'], 256)
        start_code = int(mm['start_code'])
        brk, start_brk = int(mm['brk']), int(mm['start_brk'])
        start_stack = int(mm['start_stack'])
        vma_list = [container_of(n, 'struct vm_area_struct', 'vm_rb')
                    for n in nodes]
        exe_file = 0
        for v in vma_list:
            if int(v['vm_start']) <= start_code < int(v['vm_end']):
                exe_file = int(v['vm_file'])
        out = [f'pid {pid} ({c_string(t["comm"], 16)}): mm {mm_addr:#x}, '
               f'{count} VMAs, page tables at {int(mm["pgt"]["root"]):#x}']
        for v in vma_list:
            start, end = int(v['vm_start']), int(v['vm_end'])
            flags = int(v['vm_flags'])
            perms = ('r' if flags & VM_READ else '-') + \
                ('w' if flags & VM_WRITE else '-') + \
                ('x' if flags & VM_EXEC else '-') + \
                ('s' if flags & VM_MAYSHARE else 'p')
            f = int(v['vm_file'])
            pgoff = dev = ino = 0
            name = ''
            if f:
                fm = deref(f, 'struct file_mapping')
                inode = deref(int(fm['key']), 'struct inode')
                pgoff = int(v['vm_pgoff']) << PAGE_SHIFT
                ino = int(inode['i_ino'])
                sb = int(inode['i_sb'])
                if sb:
                    dev = int(deref(sb, 'struct super_block')['s_dev'])
                if f == exe_file:
                    name = exe_name
            elif start <= brk and end >= start_brk and brk > start_brk:
                name = '[heap]'
            elif start <= start_stack <= end:
                name = '[stack]'
            short = ' '.join(n for bit, n in VM_FLAG_NAMES if flags & bit)
            line = (f'{start:08x}-{end:08x} {perms} {pgoff:08x} '
                    f'{dev >> 20:02x}:{dev & 0xFFFFF:02x} {ino} ')
            line = line.ljust(73) + name if name else line.rstrip()
            out.append(f'{line}  [{short}]')
        if len(vma_list) != count:
            out.append(f'keel-vmas: inconsistent: the tree holds '
                       f'{len(vma_list)} VMAs, map_count says {count}')
        gdb.write('\n'.join(out) + '\n')


def kaslr_symbol_offset():
    """How far the loaded symbols are moved from keel.elf's link address
    (keel-kaslr), 0 at first."""
    v = gdb.convenience_variable(KASLR_VAR)
    return 0 if v is None else int(v)


def kaslr_move_symbols(offset):
    """Reload keel.elf's symbols moved by @offset."""
    elf = gdb.current_progspace().filename
    if not elf:
        raise KeelError('keel-kaslr: no symbol file loaded (keel.elf)')
    if offset != kaslr_symbol_offset():
        gdb.execute(f'symbol-file -o {offset:#x} {elf}', to_string=True)
    gdb.set_convenience_variable(KASLR_VAR, offset)


class KeelKaslr(KeelCommand):
    """Follow kernel image KASLR: move keel.elf's symbols to where the
kernel runs.

keel-kaslr
    On a kernel that has not reached x86_64_start_kernel yet (QEMU -S, as
    `ninja -C build gdb` starts it): set a breakpoint at
    x86_64_start_kernel in every 2 MiB slot of the 1 GiB kernel text area
    the decompressor may choose, continue to the one that hits, and
    reload the symbols moved by that offset, so that breakpoints and the
    keel-* commands see the kernel where it runs. Stops there.
keel-kaslr OFFSET
    Move the symbols by OFFSET: the boot log's "KASLR: kernel text at ...
    (offset OFFSET ...)" or a panic's "Kernel Offset: OFFSET".
$keel_kaslr_offset holds the offset the symbols are moved by."""

    def __init__(self):
        super().__init__('keel-kaslr')

    def run(self, arg):
        arg = arg.strip()
        if arg:
            try:
                off = int(gdb.parse_and_eval(arg)) & (2**64 - 1)
            except gdb.error as e:
                raise KeelError(f'keel-kaslr: {arg!r}: {e}') from None
            if off % KASLR_ALIGN or off >= KERNEL_TEXT_END - \
                    KERNEL_VIRT_BASE:
                raise KeelError(f'keel-kaslr: offset {off:#x} is not a '
                                f'multiple of 2 MiB below '
                                f'{KERNEL_TEXT_END - KERNEL_VIRT_BASE:#x}')
            kaslr_move_symbols(off)
            gdb.write(f'keel-kaslr: symbols moved by {off:#x}: _text at '
                      f'{KERNEL_VIRT_BASE + off:#x}\n')
            return
        cur = kaslr_symbol_offset()
        entry = int(gdb.parse_and_eval(
            '(unsigned long)&x86_64_start_kernel')) - cur
        span = int(gdb.parse_and_eval('(unsigned long)&_end')) - \
            int(gdb.parse_and_eval('(unsigned long)&_text'))
        slots = (KERNEL_TEXT_END - KERNEL_VIRT_BASE - span) // KASLR_ALIGN + 1
        bps = [gdb.Breakpoint(f'*{entry + i * KASLR_ALIGN:#x}',
                              internal=True) for i in range(slots)]
        for bp in bps:
            bp.silent = True
        try:
            gdb.execute('continue', to_string=True)
            pc = register('pc')
        finally:
            for bp in bps:
                bp.delete()
        off = (pc - entry) if pc is not None else -1
        if pc is None or off < 0 or off % KASLR_ALIGN or off // \
                KASLR_ALIGN >= slots:
            raise KeelError(f'keel-kaslr: the kernel stopped at '
                            f'{pc if pc is None else hex(pc)}, not at '
                            f'x86_64_start_kernel in one of its {slots} '
                            f'slots (has it started already? then give '
                            f'the offset from the boot log)')
        kaslr_move_symbols(off)
        gdb.write(f'keel-kaslr: the kernel runs at offset {off:#x} '
                  f'(_text at {KERNEL_VIRT_BASE + off:#x}); symbols moved, '
                  f'stopped at x86_64_start_kernel\n')


for _cmd in (KeelDmesg, KeelPs, KeelPgwalk, KeelE820, KeelMemblock,
             KeelBuddy, KeelVmas, KeelPercpu, KeelKaslr):
    _cmd()
