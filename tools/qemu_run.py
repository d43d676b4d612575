#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""qemu_run: the one place that builds keel's QEMU command lines and runs them.

Two modes:

  interactive (default; `ninja -C build run-qemu`): the serial console is this
      terminal, QEMU's monitor is multiplexed on it; quit with Ctrl-A X.
  --tap (meson tests, protocol 'tap'): the kernel's KTAP output on the serial
      console is relayed as TAP version 13, boot-log lines become "# "
      comments, the run is bounded by --timeout and QEMU's exit status (set by
      the kernel through isa-debug-exit) decides the verdict.

The kernel ends a run by writing to isa-debug-exit (iobase 0xf4): 0x10 all
tests passed, 0x11 some test failed, 0x12 kernel panic; QEMU then exits with
(value << 1) | 1. With -no-reboot QEMU exits 0 on a guest reset or triple
fault.

Other scripts (tools/bench-boot, the tests) import this module; keep its
imports light, start-up must stay quick.
"""

import argparse
import os
import re
import shlex
import signal
import subprocess
import sys
import time

# isa-debug-exit: the port, and the codes keel's kernel writes to it.
DEBUG_EXIT_IOBASE = 0xF4
DEBUG_EXIT_IOSIZE = 0x04
DEBUG_EXIT_PASS = 0x10
DEBUG_EXIT_FAIL = 0x11
DEBUG_EXIT_PANIC = 0x12


def qemu_status(code):
    """QEMU's exit status when the guest writes @code to isa-debug-exit."""
    return (code << 1) | 1


STATUS_PASS = qemu_status(DEBUG_EXIT_PASS)  # 33
STATUS_FAIL = qemu_status(DEBUG_EXIT_FAIL)  # 35
STATUS_PANIC = qemu_status(DEBUG_EXIT_PANIC)  # 37
STATUS_RESET = 0  # -no-reboot: guest reset or triple fault

# qemu-run's own exit codes.
EXIT_PASS = 0
EXIT_TESTS_FAILED = 1
EXIT_USAGE = 2
EXIT_BOOT_FAILED = 3  # panic, reset, QEMU error, broken KTAP
EXIT_TIMEOUT = 4

DEFAULT_TAP_TIMEOUT = 120.0  # seconds, when --tap is given no --timeout
TAIL_LINES = 40  # serial lines shown after a failure
KILL_GRACE = 3.0  # seconds between SIGTERM and SIGKILL for QEMU

# Guest RAM above this goes through a memory backend with reserve=off, so
# QEMU can give a guest more RAM than the host has (it is never touched).
RESERVE_OFF_ABOVE = 8 << 30

# Guest physical address width. QEMU's TCG CPU models default to 40 bits,
# and QEMU refuses to start when guest RAM plus its 64-bit PCI window do not
# fit below 2^phys-bits. An upper bound of the highest address QEMU uses:
# RAM ends at most 2 GiB above its size (the hole below 4 GiB) and the
# 64-bit PCI window after it takes at most 32 GiB; when that would reach
# AMD's HyperTransport window (1012 GiB up), QEMU moves the RAM above 4 GiB
# to start at 1 TiB.
DEFAULT_PHYS_BITS = 40
MAX_PHYS_BITS = 52
LOW_HOLE_MAX = 2 << 30
AMD_HT_START = 0xFD00000000
RAM_ABOVE_HT = 1 << 40
PCI_HOLE64_MAX = 32 << 30


def needed_phys_bits(mem_bytes):
    """Physical address bits a guest with @mem_bytes of RAM needs (an
    upper bound, per the comment above)."""
    end = mem_bytes + LOW_HOLE_MAX + PCI_HOLE64_MAX
    if end > AMD_HT_START:
        end = RAM_ABOVE_HT + mem_bytes + PCI_HOLE64_MAX
    return (end - 1).bit_length()


_SIZE_UNITS = {'': 20, 'K': 10, 'M': 20, 'G': 30, 'T': 40, 'P': 50}
_SIZE_RE = re.compile(r'^\s*(\d+)\s*([KMGTP]?)(?:i?B)?\s*$', re.IGNORECASE)

# A printk timestamp "[    0.123456] " at the start of a serial line.
_TIMESTAMP_RE = re.compile(r'^\[\s*\d+\.\d+\] ?')
_KTAP_VERSION_RE = re.compile(r'^K?TAP version \d+\s*$')
_PLAN_RE = re.compile(r'^1\.\.(\d+)')
# A KTAP result: "ok|not ok N [- ]description[ # directive and reason]".
_CASE_RE = re.compile(r'^(not ok|ok)\s+(\d+)\s+(?:- )?([^#]*?)\s*(?:#\s*(.*?))?\s*$')
_SUBTEST_RE = re.compile(r'^# Subtest: (.*)$')


class UsageError(Exception):
    """A bad option value; reported with the value and EXIT_USAGE."""


def parse_size(text):
    """Bytes in a QEMU-style size: a number with an optional K/M/G/T/P
    suffix (binary units); a bare number is MiB, as for QEMU's -m.
    Raises UsageError for anything else."""
    m = _SIZE_RE.match(text)
    if not m:
        raise UsageError(f'bad memory size {text!r} (expected e.g. 128M, 4G, 1T)')
    size = int(m.group(1)) << _SIZE_UNITS[m.group(2).upper()]
    if size == 0 or size % (1 << 20):
        raise UsageError(f'memory size {text!r} must be a non-zero number of MiB')
    return size


def format_size(size):
    """A byte count in the largest binary unit that divides it: 64G, 1536M."""
    for suffix in ('P', 'T', 'G', 'M', 'K'):
        shift = _SIZE_UNITS[suffix]
        if size % (1 << shift) == 0:
            return f'{size >> shift}{suffix}'
    return str(size)


def build_parser():
    """The argument parser of qemu-run (bench-boot reuses its options)."""
    p = argparse.ArgumentParser(
        prog='qemu-run',
        description="Boot keel in QEMU, interactively or as a TAP test.",
        epilog="Extra QEMU arguments: --extra -s --extra -S, or after '--'. "
        "Exit codes: 0 pass, 1 test failures, 2 usage, 3 boot failure "
        "(panic, reset, QEMU error, broken KTAP), 4 timeout.")
    add_qemu_options(p, boot_media=True)
    p.add_argument('--timeout', type=float, default=None, metavar='SECONDS',
                   help='kill QEMU after this long (TAP mode default: '
                   f'{DEFAULT_TAP_TIMEOUT:g}; 0 = never)')
    p.add_argument('--tap', action='store_true',
                   help='test mode: relay the kernel\'s KTAP as TAP on stdout')
    p.add_argument('--log', metavar='FILE',
                   help='keep a copy of the serial output in FILE')
    p.add_argument('--dry-run', action='store_true',
                   help='print the QEMU command line and exit')
    p.add_argument('--as-disk', action='store_true',
                   help='attach the image as a raw disk for the BIOS to '
                   'boot, instead of -kernel (tests the boot sector)')
    p.add_argument('--cmdline-check', action='store_true',
                   help='append cmdline_check=LEN:HASH (length of the whole '
                   'command line, FNV-1a of what precedes the word), which '
                   "the kernel's cmdline_intact test verifies")
    p.add_argument('--user', metavar='REGEX',
                   help='with --tap: the tests are followed by user space '
                   '(boot with ktest_shutdown=none and an initrd): pass '
                   'only if a serial line matches REGEX and the machine '
                   'then powers off')
    p.add_argument('--require', action='append', default=[],
                   metavar='REGEX',
                   help='with --tap: a serial line must match REGEX too '
                   '(the boot path a loader took, say); repeatable')
    p.add_argument('--expect', action='append', default=[], metavar='REGEX',
                   help='test mode for boots that print and stop: pass when '
                   'the serial output matches every REGEX (one TAP test '
                   'each); repeatable')
    p.add_argument('--expect-status', type=int, default=None, metavar='N',
                   help='with --expect: also wait for QEMU to exit and '
                   'require exit status N (37 = kernel panic); without it '
                   'QEMU is stopped once everything matched')
    return p


def add_qemu_options(p, boot_media=False):
    """Add the options that shape the QEMU command line to parser @p.
    @boot_media: also --boot-iso, --bios, --pflash and --pflash-vars (and
    --kernel becomes optional); qemu-run has them, keel-gdb does not."""
    p.add_argument('--qemu', default='qemu-system-x86_64', metavar='BIN')
    p.add_argument('--kernel', required=not boot_media, metavar='PATH',
                   help='the bootable image (build/keel), loaded with '
                   '-kernel' + (' (unless --boot-iso)' if boot_media else ''))
    if boot_media:
        p.add_argument('--boot-iso', metavar='PATH',
                       help='boot the firmware from this CD image instead '
                       'of -kernel (a GRUB ISO: its grub.cfg has the '
                       'command line and the initrd)')
        p.add_argument('--bios', metavar='PATH',
                       help="firmware image for -bios (default: QEMU's "
                       'SeaBIOS)')
        p.add_argument('--pflash', metavar='CODE',
                       help='UEFI firmware code as read-only flash (e.g. '
                       '/usr/share/OVMF/OVMF_CODE.fd) instead of the BIOS')
        p.add_argument('--pflash-vars', metavar='TEMPLATE',
                       help='with --pflash: the variable store, writable '
                       'flash whose writes go to a temporary overlay '
                       '(snapshot=on): each run starts from TEMPLATE, '
                       'which never changes')
    p.add_argument('--machine', default='pc', help='pc, q35, ...')
    p.add_argument('--memory', default='1G', metavar='SIZE',
                   help='guest RAM: 128M, 4G, 1T (default 1G)')
    p.add_argument('--smp', type=int, default=1, metavar='N')
    p.add_argument('--cpu', default='qemu64', metavar='MODEL',
                   help='qemu64, max, "qemu64,+la57"')
    p.add_argument('--append', default='', metavar='CMDLINE',
                   help='kernel command line')
    p.add_argument('--initrd', default=None, metavar='PATH',
                   help='initramfs for the boot loader to pass (-initrd; '
                   'e.g. build/initramfs.cpio.gz, the busybox shell)')
    p.add_argument('--accel', default='tcg',
                   help='tcg (default); kvm only when asked')
    p.add_argument('--phys-bits', type=int, default=None, metavar='N',
                   help='guest physical address width (adds ,phys-bits=N to '
                   '-cpu; with TCG chosen automatically when the RAM needs '
                   'more than 40 bits, above about 978G)')
    p.add_argument('--reserve-off', action='store_true',
                   help='back guest RAM with a reserve=off memory backend '
                   '(automatic above 8G)')
    p.add_argument('--extra', action='append', default=[], metavar='ARG',
                   help='one more QEMU argument (repeatable)')


# Options whose value may itself start with '-' (a QEMU flag, a command
# line): "--extra -S" is passed to argparse as "--extra=-S".
_DASH_VALUE_OPTIONS = ('--extra', '--append')


def join_dash_values(argv):
    """@argv with "--extra VALUE" and "--append VALUE" joined by '='."""
    out = []
    i = 0
    while i < len(argv):
        if argv[i] in _DASH_VALUE_OPTIONS and i + 1 < len(argv):
            out.append(f'{argv[i]}={argv[i + 1]}')
            i += 2
        else:
            out.append(argv[i])
            i += 1
    return out


def parse_args(argv):
    """Parse qemu-run's arguments; everything after '--' goes to QEMU.
    Raises SystemExit (status 2) on a usage error, as argparse does."""
    argv = list(argv)
    passthrough = []
    if '--' in argv:
        cut = argv.index('--')
        argv, passthrough = argv[:cut], argv[cut + 1:]
    parser = build_parser()
    args = parser.parse_args(join_dash_values(argv))
    args.extra = list(args.extra) + passthrough
    if args.cmdline_check and args.boot_iso:
        parser.error('--cmdline-check needs --append; with --boot-iso the '
                     "boot loader's configuration has the command line "
                     '(tools/grub_cfg.py --cmdline-check)')
    if args.cmdline_check:
        args.append = with_cmdline_check(args.append)
    return args


def fnv1a32(data):
    """32-bit FNV-1a of @data (bytes)."""
    h = 2166136261
    for b in data:
        h = ((h ^ b) * 16777619) & 0xFFFFFFFF
    return h


def with_cmdline_check(cmdline):
    """@cmdline followed by ' cmdline_check=LEN:HASH', where LEN is the
    length of the result and HASH the FNV-1a of @cmdline."""
    word = f' cmdline_check={{}}:{fnv1a32(cmdline.encode()):08x}'
    length = len(cmdline) + len(word.format(0))
    while len(cmdline) + len(word.format(length)) != length:
        length = len(cmdline) + len(word.format(length))
    return cmdline + word.format(length)


def _cpu_option(args, mem_bytes):
    """The -cpu value: the model plus phys-bits, given or needed (TCG only:
    under KVM the host's width rules)."""
    cpu = args.cpu
    phys_bits = args.phys_bits
    if phys_bits is None and args.accel == 'tcg' and 'phys-bits=' not in cpu:
        needed = needed_phys_bits(mem_bytes)
        if needed > DEFAULT_PHYS_BITS:
            phys_bits = needed
    if phys_bits is not None:
        if not 32 <= phys_bits <= MAX_PHYS_BITS:
            raise UsageError(f'--phys-bits {phys_bits} is outside '
                             f'32..{MAX_PHYS_BITS}')
        if 'phys-bits=' in cpu:
            raise UsageError(f'--phys-bits {phys_bits} given, but --cpu '
                             f'{cpu!r} already sets phys-bits')
        cpu += f',phys-bits={phys_bits}'
    return cpu


def serial_args(mode, log=None):
    """QEMU arguments for the serial console.

    tap: COM1 on QEMU's stdout, which qemu-run reads through a pipe.
    interactive: COM1 and the monitor multiplexed on the terminal (Ctrl-A X
    quits, Ctrl-A C switches to the monitor); with @log, QEMU copies the
    serial output into that file too.
    """
    if mode == 'tap':
        return ['-serial', 'stdio']
    if log:
        # QEMU option values double their commas.
        logfile = log.replace(',', ',,')
        chardev = f'stdio,id=con0,mux=on,signal=on,logfile={logfile}'
        return ['-chardev', chardev, '-serial', 'chardev:con0',
                '-mon', 'chardev=con0,mode=readline']
    return ['-serial', 'mon:stdio']


def qemu_path(path):
    """@path as a value inside a QEMU option list (commas doubled)."""
    return path.replace(',', ',,')


def firmware_args(args):
    """QEMU arguments for the firmware: nothing (SeaBIOS), -bios, or UEFI
    code and variables as pflash."""
    bios = getattr(args, 'bios', None)
    code = getattr(args, 'pflash', None)
    vars_template = getattr(args, 'pflash_vars', None)
    if vars_template and not code:
        raise UsageError(f'--pflash-vars {vars_template!r} needs --pflash '
                         'CODE')
    if bios and code:
        raise UsageError(f'--bios {bios!r} and --pflash {code!r} exclude '
                         'each other')
    if bios:
        return ['-bios', bios]
    if not code:
        return []
    out = ['-drive', f'if=pflash,format=raw,unit=0,readonly=on,'
           f'file={qemu_path(code)}']
    if vars_template:
        # snapshot=on: the firmware's variable writes land in a temporary
        # overlay QEMU deletes at exit; every run starts from TEMPLATE.
        out += ['-drive', f'if=pflash,format=raw,unit=1,snapshot=on,'
                f'file={qemu_path(vars_template)}']
    return out


def build_command(args, mode='tap', log=None):
    """The QEMU command line (a list) for the options in @args.

    @args: a namespace from parse_args() (or with the same attributes).
    @mode: 'tap' (serial on a pipe) or 'interactive' (serial on the terminal).
    @log: interactive mode only: a file QEMU copies the serial output to.
    Raises UsageError for bad option values.
    """
    mem = parse_size(args.memory)
    if args.smp < 1:
        raise UsageError(f'--smp {args.smp} must be at least 1')
    machine = args.machine
    backend = []
    if args.reserve_off or mem > RESERVE_OFF_ABOVE:
        backend = ['-object', 'memory-backend-ram,id=ram0,size='
                   f'{format_size(mem)},reserve=off']
        machine += ',memory-backend=ram0'
    cmd = [args.qemu, '-nodefaults',
           '-machine', machine,
           '-accel', args.accel,
           '-cpu', _cpu_option(args, mem),
           '-smp', str(args.smp),
           '-m', format_size(mem)]
    cmd += backend
    cmd += firmware_args(args)
    if getattr(args, 'boot_iso', None):
        # The boot loader on the CD loads the kernel, the initrd and the
        # command line its configuration names.
        for opt, value in (('--kernel', args.kernel), ('--append', args.append),
                           ('--initrd', getattr(args, 'initrd', None))):
            if value:
                raise UsageError(f'{opt} {value!r} cannot go with --boot-iso '
                                 f'{args.boot_iso!r}: the boot loader on the '
                                 'CD decides')
        if getattr(args, 'as_disk', False):
            raise UsageError('--as-disk and --boot-iso exclude each other')
        cmd += ['-drive', f'file={qemu_path(args.boot_iso)},format=raw,'
                'media=cdrom,readonly=on']
    elif not args.kernel:
        raise UsageError('nothing to boot: give --kernel PATH or --boot-iso '
                         'PATH')
    elif getattr(args, 'as_disk', False):
        # The image as a raw disk the BIOS boots: only the boot sector runs.
        if args.append:
            raise UsageError('--append needs -kernel; not with --as-disk')
        if getattr(args, 'initrd', None):
            raise UsageError('--initrd needs -kernel; not with --as-disk')
        # snapshot=on: the guest's writes never reach the image file.
        cmd += ['-drive', f'file={args.kernel},format=raw,if=ide,'
                'snapshot=on']
    else:
        cmd += ['-kernel', args.kernel]
        if getattr(args, 'initrd', None):
            cmd += ['-initrd', args.initrd]
        if args.append:
            cmd += ['-append', args.append]
    cmd += ['-display', 'none', '-no-reboot']
    cmd += serial_args(mode, log)
    cmd += ['-device', f'isa-debug-exit,iobase={DEBUG_EXIT_IOBASE:#x},'
            f'iosize={DEBUG_EXIT_IOSIZE:#04x}']
    cmd += list(args.extra)
    return cmd


def strip_timestamp(line):
    """@line without a leading printk timestamp "[    0.123456] "."""
    return _TIMESTAMP_RE.sub('', line, count=1)


_POWER_DOWN_RE = re.compile(r'^reboot: Power down$')


class KtapToTap:
    """Turns the kernel's serial output into TAP version 13 for meson.

    feed() takes one serial line and returns the TAP lines to print;
    verdict() gives the closing lines (the plan among them: TAP's plan may
    come last) and qemu-run's exit code. After "KTAP version 1" the KTAP
    is relayed one test case a TAP line: a suite (a top-level subtest with
    "# Subtest: NAME", its tests indented) gives one line per test, named
    "suite.test", and its own result line becomes a comment; a top-level
    result without subtests is relayed as it is. Tests are renumbered
    1, 2, ...; SKIP stays SKIP, XFAIL (an expected failure, "ok" in KTAP)
    becomes "not ok ... # TODO", which meson counts as an expected fail.
    The boot log becomes "# " comments. The plans and the suites' results
    are checked against what was seen.
    """

    def __init__(self, user=None, require=()):
        # --user REGEX: after the tests the kernel goes on to user space
        # (ktest_shutdown=none), where a line must match and the machine
        # must power off ("reboot: Power down", QEMU status 0).
        self.user_re = re.compile(user) if user else None
        # --require REGEX: lines that must appear somewhere in the boot.
        self.require = [re.compile(r) for r in require]
        self.required_seen = set()
        self.user_seen = False
        self.powered_down = False
        self.in_ktap = False
        self.plan = None  # the top-level plan: suites and plain tests
        self.top_results = 0
        self.results = 0  # test cases relayed
        self.failed = 0
        self.problems = []
        self.failures = []
        self.tail = []
        self.suite = None  # name of the subtest being read
        self.suite_plan = None
        self.suite_results = 0
        self.suite_failed = 0

    def header(self):
        """The first line to print."""
        return 'TAP version 13'

    def _problem(self, text):
        if text not in self.problems:
            self.problems.append(text)

    def _relay(self, ok, name, rest):
        """A test case's TAP line; @rest is what followed '#', or None."""
        self.results += 1
        n = self.results
        directive = rest.split(None, 1)[0].upper() if rest else ''
        if directive == 'XFAIL' and ok:
            return f'not ok {n} {name} # TODO {rest}'
        if not ok or directive == 'XPASS':
            self.failed += 1
            line = f'not ok {n} {name}' + (f' # {rest}' if rest else '')
            self.failures.append(line)
            return line
        return f'ok {n} {name}' + (f' # {rest}' if rest else '')

    def _nested(self, line):
        """A line inside a top-level subtest (indented)."""
        text = line.strip()
        m = _SUBTEST_RE.match(text)
        if m and self.suite is None and self.suite_results == 0:
            self.suite = m.group(1).strip()
            return [comment(text)]
        m = _PLAN_RE.match(text)
        if m and self.suite_plan is None and self.suite_results == 0:
            self.suite_plan = int(m.group(1))
            return [comment(text)]
        m = _CASE_RE.match(text)
        if m:
            self.suite_results += 1
            ok = m.group(1) == 'ok'
            name = m.group(3).strip()
            if self.suite:
                name = f'{self.suite}.{name}'
            line = self._relay(ok, name, m.group(4))
            if line.startswith('not ok') and '# TODO' not in line:
                self.suite_failed += 1
            return [line]
        return [comment(text)]

    def _end_suite(self, ok, name):
        """The top-level result line of a suite whose tests were read."""
        what = self.suite or name
        if self.suite is not None and name != self.suite:
            self._problem(f'suite {self.suite!r} ended by the result of '
                          f'{name!r}')
        if self.suite_plan is None:
            self._problem(f'suite {what!r} printed no plan')
        elif self.suite_plan != self.suite_results:
            self._problem(f'suite {what!r} planned {self.suite_plan} tests '
                          f'but reported {self.suite_results} results')
        if ok != (self.suite_failed == 0):
            self._problem(f'suite {what!r} reported '
                          f'{"ok" if ok else "not ok"} with '
                          f'{self.suite_failed} failed tests')
        self.suite = self.suite_plan = None
        self.suite_results = self.suite_failed = 0

    def _in_suite(self):
        return (self.suite is not None or self.suite_plan is not None
                or self.suite_results > 0)

    def feed(self, raw):
        """Translate one serial line (without its newline)."""
        line = strip_timestamp(raw.rstrip('\r\n')).rstrip('\r')
        self.tail.append(line)
        if len(self.tail) > TAIL_LINES:
            del self.tail[0]
        if self.user_re and self.user_re.search(line):
            self.user_seen = True
        for i, r in enumerate(self.require):
            if r.search(line):
                self.required_seen.add(i)
        if _POWER_DOWN_RE.search(line):
            self.powered_down = True
        if not self.in_ktap:
            if _KTAP_VERSION_RE.match(line):
                self.in_ktap = True
                return []
            return [comment(line)]
        if line[:1].isspace() and line.strip():
            return self._nested(line)
        if _KTAP_VERSION_RE.match(line):
            return [comment(line)]
        m = _PLAN_RE.match(line)
        if m:
            if self.plan is not None:
                self._problem(
                    f'second KTAP plan {line!r} after 1..{self.plan}')
            else:
                self.plan = int(m.group(1))
            return [comment(line)]
        m = _CASE_RE.match(line)
        if m:
            self.top_results += 1
            ok = m.group(1) == 'ok'
            if self._in_suite():
                self._end_suite(ok, m.group(3).strip())
                return [comment(line)]
            return [self._relay(ok, m.group(3).strip(), m.group(4))]
        if line.startswith('#'):
            return [line]
        return [comment(line)]

    def _ktap_problem(self):
        """Why the KTAP output is unusable, or None."""
        if not self.in_ktap:
            return 'no KTAP output (no "KTAP version 1" line)'
        if self.plan is None:
            return 'the kernel printed no KTAP plan (1..N)'
        if self.problems:
            return self.problems[0]
        if self._in_suite():
            return (f'suite {self.suite!r} has no result line '
                    f'({self.suite_results} results read)')
        if self.plan != self.top_results:
            return (f'the kernel planned {self.plan} tests but reported '
                    f'{self.top_results} results')
        return None

    def tail_comments(self):
        """The last serial lines, as comments."""
        out = [f'# --- last {len(self.tail)} serial lines ---']
        out += [comment(line) for line in self.tail]
        return out

    def report(self, verdict_lines, stderr_text=''):
        """A plain-text account of a failed run for stderr, which meson
        shows with --print-errorlogs (it parses stdout as TAP)."""
        first = next(line for line in verdict_lines
                     if not _PLAN_RE.match(line))
        for prefix in ('Bail out! ', '# '):
            if first.startswith(prefix):
                first = first[len(prefix):]
        out = [f'qemu-run: {first}']
        out += self.failures
        out.append(f'--- last {len(self.tail)} serial lines ---')
        out += self.tail
        if stderr_text.strip():
            out.append('--- qemu stderr ---')
            out += stderr_text.rstrip().splitlines()
        return out

    def verdict(self, status, stderr_text='', timed_out=None):
        """Closing TAP lines and the exit code for QEMU's exit @status.

        @stderr_text: QEMU's stderr, shown when QEMU itself failed.
        @timed_out: the timeout in seconds if qemu-run killed QEMU for it.
        Returns (lines, exit_code).
        """
        if timed_out is not None:
            return ([f'Bail out! timed out after {timed_out:g} s']
                    + self.tail_comments() + stderr_comments(stderr_text),
                    EXIT_TIMEOUT)
        if status == STATUS_PANIC:
            return (['Bail out! kernel panic'] + self.tail_comments(),
                    EXIT_BOOT_FAILED)
        missing = [r.pattern for i, r in enumerate(self.require)
                   if i not in self.required_seen]
        if missing:
            return ([f'Bail out! no serial line matched /{missing[0]}/ '
                     f'(--require)'] + self.tail_comments(),
                    EXIT_BOOT_FAILED)
        if self.user_re and status == STATUS_RESET and self.powered_down:
            if not self.user_seen:
                return ([f'Bail out! the machine powered off, but no line '
                         f'matched /{self.user_re.pattern}/ in user space']
                        + self.tail_comments(), EXIT_BOOT_FAILED)
            status = STATUS_PASS  # the tests passed, user space ran
        elif self.user_re and status == STATUS_PASS:
            return (['Bail out! the kernel ended the machine after the '
                     'tests instead of going on to user space '
                     '(ktest_shutdown=none missing, or no initrd?)']
                    + self.tail_comments(), EXIT_BOOT_FAILED)
        if status == STATUS_RESET:
            return (['Bail out! guest reset (triple fault or reboot)']
                    + self.tail_comments(), EXIT_BOOT_FAILED)
        if status not in (STATUS_PASS, STATUS_FAIL):
            if status < 0:
                what = f'qemu was killed by signal {-status}'
            else:
                what = f'qemu exited with status {status}'
            return ([f'Bail out! {what}'] + stderr_comments(stderr_text)
                    + self.tail_comments(), EXIT_BOOT_FAILED)
        problem = self._ktap_problem()
        if problem:
            return ([f'Bail out! {problem}'] + self.tail_comments(),
                    EXIT_BOOT_FAILED)
        plan = [f'1..{self.results}']
        if status == STATUS_FAIL:
            if not self.failed:
                return (['Bail out! the kernel reported a test failure '
                         '(isa-debug-exit 0x11) but no result was "not ok"'],
                        EXIT_BOOT_FAILED)
            return (plan + [f'# {self.failed} of {self.results} tests failed'],
                    EXIT_TESTS_FAILED)
        if self.failed:
            return (plan + [f'# the kernel reported success (isa-debug-exit '
                            f'0x10) but {self.failed} of {self.results} tests '
                            'failed'], EXIT_TESTS_FAILED)
        return plan + [f'# all {self.results} tests passed'], EXIT_PASS


def comment(line):
    """@line as a TAP comment."""
    return f'# {line}' if line else '#'


def stderr_comments(text):
    """QEMU's stderr as TAP comments (nothing when it is empty)."""
    lines = text.rstrip().splitlines()
    if not lines:
        return []
    return ['# --- qemu stderr ---'] + [comment(line) for line in lines]


class Interrupted(Exception):
    """SIGINT, SIGTERM or SIGHUP arrived while QEMU ran."""

    def __init__(self, signum):
        super().__init__(signum)
        self.signum = signum


def _raise_interrupted(signum, frame):
    # Only the first signal interrupts; later ones must not break the
    # clean-up that kills QEMU.
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, signal.SIG_IGN)
    raise Interrupted(signum)


def install_signal_handlers():
    """Turn SIGINT/SIGTERM/SIGHUP into Interrupted, so QEMU gets killed."""
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, _raise_interrupted)


def stop_qemu(proc):
    """End QEMU: SIGTERM (it restores the terminal), then SIGKILL."""
    if proc.poll() is not None:
        return
    try:
        proc.terminate()
        proc.wait(KILL_GRACE)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    except ProcessLookupError:
        pass


def start_qemu(cmd, **popen_args):
    """Start QEMU; a missing binary becomes a UsageError."""
    try:
        return subprocess.Popen(cmd, **popen_args)
    except OSError as e:
        raise UsageError(f'cannot run {cmd[0]}: {e.strerror}') from None


class SerialReader:
    """Reads QEMU's stdout (the serial console) and stderr without blocking
    on either, splitting stdout into lines."""

    def __init__(self, proc, log=None):
        import selectors
        self.proc = proc
        self.log = log
        self.sel = selectors.DefaultSelector()
        self.sel.register(proc.stdout, selectors.EVENT_READ, 'out')
        self.sel.register(proc.stderr, selectors.EVENT_READ, 'err')
        self.partial = b''
        self.stderr = b''

    def open(self):
        """True while QEMU's output pipes are open."""
        return bool(self.sel.get_map())

    def read(self, timeout):
        """Wait up to @timeout seconds (None: forever) for output; return
        the complete serial lines that arrived (as str, no newline)."""
        lines = []
        for key, _ in self.sel.select(timeout):
            data = os.read(key.fileobj.fileno(), 65536)
            if not data:
                self.sel.unregister(key.fileobj)
                key.fileobj.close()
                if key.data == 'out' and self.partial:
                    lines.append(self.partial)
                    self.partial = b''
                continue
            if key.data == 'err':
                self.stderr += data
                continue
            if self.log:
                self.log.write(data)
                self.log.flush()
            *done, self.partial = (self.partial + data).split(b'\n')
            lines += done
        return [line.decode('utf-8', 'replace') for line in lines]

    def drain(self, timeout=1.0):
        """Read what is left after QEMU ended; return the lines."""
        lines = []
        deadline = time.monotonic() + timeout
        while self.open() and time.monotonic() < deadline:
            lines += self.read(max(0.0, deadline - time.monotonic()))
        return lines

    def close(self):
        """Close the pipes still open."""
        for key in list(self.sel.get_map().values()):
            self.sel.unregister(key.fileobj)
            key.fileobj.close()
        self.sel.close()


def _emit(lines, out):
    for line in lines:
        out.write(line + '\n')
    out.flush()


def run_tap(args, out=sys.stdout, err=sys.stderr):
    """Boot in test mode, relaying KTAP as TAP on @out (and an account of
    a failure on @err); return the exit code."""
    timeout = DEFAULT_TAP_TIMEOUT if args.timeout is None else args.timeout
    cmd = build_command(args, 'tap')
    tap = KtapToTap(getattr(args, 'user', None),
                    getattr(args, 'require', ()))
    _emit([tap.header()], out)
    try:
        proc = start_qemu(cmd, stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    except UsageError as e:
        _emit([f'Bail out! {e}'], out)
        return EXIT_BOOT_FAILED
    log = None
    reader = None
    try:
        log = open(args.log, 'wb') if args.log else None
        reader = SerialReader(proc, log)
        status, timed_out = _relay(proc, reader, tap, timeout, out)
    except Interrupted as e:
        stop_qemu(proc)
        _emit([f'Bail out! interrupted by signal {e.signum}'], out)
        return 128 + e.signum
    finally:
        stop_qemu(proc)
        if reader:
            reader.close()
        if log:
            log.close()
    qemu_stderr = reader.stderr.decode('utf-8', 'replace')
    lines, code = tap.verdict(status, qemu_stderr, timed_out)
    _emit(lines, out)
    if code != EXIT_PASS:
        _emit(tap.report(lines, qemu_stderr), err)
    return code


def _relay(proc, reader, tap, timeout, out):
    """Relay serial lines until QEMU ends or @timeout seconds (0: none)
    pass; return (QEMU's exit status, the timeout if it struck or None)."""
    deadline = time.monotonic() + timeout if timeout > 0 else None
    timed_out = None
    while reader.open():
        wait = None
        if deadline is not None:
            wait = deadline - time.monotonic()
            if wait <= 0:
                timed_out = timeout
                stop_qemu(proc)
                break
        for line in reader.read(wait):
            _emit(tap.feed(line), out)
    for line in reader.drain():
        _emit(tap.feed(line), out)
    return proc.wait(), timed_out


def run_expect(args, out=sys.stdout, err=sys.stderr):
    """Boot, and pass when the serial output matches every --expect regex
    (and QEMU's status is --expect-status, when given). TAP on @out, one
    test per regex plus one for the status; return the exit code."""
    timeout = DEFAULT_TAP_TIMEOUT if args.timeout is None else args.timeout
    patterns = [re.compile(r) for r in args.expect]
    want_status = args.expect_status
    matched = [False] * len(patterns)
    seen = []
    plan = len(patterns) + (want_status is not None)
    _emit(['TAP version 13', f'1..{plan}'], out)
    cmd = build_command(args, 'tap')
    proc = start_qemu(cmd, stdin=subprocess.DEVNULL,
                      stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    reader = SerialReader(proc)
    deadline = time.monotonic() + timeout if timeout > 0 else None
    status = None
    timed_out = False
    try:
        while reader.open():
            if all(matched) and want_status is None:
                break
            wait = None
            if deadline is not None:
                wait = deadline - time.monotonic()
                if wait <= 0:
                    timed_out = True
                    break
            for line in reader.read(wait):
                seen.append(line)
                _emit([comment(line)], out)
                for i, pat in enumerate(patterns):
                    matched[i] = matched[i] or bool(pat.search(line))
    except Interrupted as e:
        stop_qemu(proc)
        _emit([f'Bail out! interrupted by signal {e.signum}'], out)
        return 128 + e.signum
    finally:
        if timed_out or (all(matched) and want_status is None):
            stop_qemu(proc)
        else:
            for line in reader.drain():
                seen.append(line)
                _emit([comment(line)], out)
                for i, pat in enumerate(patterns):
                    matched[i] = matched[i] or bool(pat.search(line))
        status = proc.wait()
        reader.close()
    results = []
    for i, pat in enumerate(patterns):
        ok = 'ok' if matched[i] else 'not ok'
        results.append(f'{ok} {i + 1} serial output matches /{pat.pattern}/')
    if want_status is not None:
        ok = 'ok' if status == want_status and not timed_out else 'not ok'
        got = 'timeout' if timed_out else str(status)
        results.append(f'{ok} {plan} QEMU exit status {want_status} '
                       f'(got {got})')
    _emit(results, out)
    failed = [r for r in results if r.startswith('not ok')]
    if failed:
        why = [f'qemu-run: timed out after {timeout:g} s'] if timed_out else []
        qemu_err = reader.stderr.decode('utf-8', 'replace').splitlines()
        _emit(why + failed + ['last serial lines:'] + seen[-TAIL_LINES:] +
              (['QEMU stderr:'] + qemu_err if qemu_err else []), err)
        return EXIT_TIMEOUT if timed_out else EXIT_TESTS_FAILED
    return EXIT_PASS


def _save_terminal():
    """The terminal's settings, to restore if QEMU dies without doing so."""
    try:
        import termios
        if os.isatty(0):
            return termios.tcgetattr(0)
    except (ImportError, OSError):
        pass
    return None


def _restore_terminal(saved):
    if saved is None:
        return
    import termios
    try:
        termios.tcsetattr(0, termios.TCSADRAIN, saved)
    except OSError:
        pass


def interactive_message(status):
    """What an interactive run's QEMU exit @status means: (text, code)."""
    if status == STATUS_PASS:
        return 'kernel reported: all tests passed', EXIT_PASS
    if status == STATUS_FAIL:
        return 'kernel reported: some tests failed', EXIT_TESTS_FAILED
    if status == STATUS_PANIC:
        return 'kernel panic', EXIT_BOOT_FAILED
    if status == STATUS_RESET:
        return 'QEMU quit (Ctrl-A X), or guest reset / triple fault', EXIT_PASS
    if status < 0:
        return f'QEMU was killed by signal {-status}', EXIT_BOOT_FAILED
    return f'QEMU exited with status {status}', EXIT_BOOT_FAILED


def run_interactive(args):
    """Boot with the serial console on this terminal; return the exit
    code."""
    cmd = build_command(args, 'interactive', args.log)
    print('qemu-run: serial console on this terminal; quit with Ctrl-A X '
          '(Ctrl-A C: QEMU monitor)', file=sys.stderr, flush=True)
    saved = _save_terminal()
    proc = start_qemu(cmd)
    timeout = args.timeout if args.timeout else None
    try:
        status = proc.wait(timeout)
    except subprocess.TimeoutExpired:
        stop_qemu(proc)
        _restore_terminal(saved)
        print(f'\nqemu-run: timed out after {timeout:g} s; killed QEMU',
              file=sys.stderr)
        return EXIT_TIMEOUT
    except Interrupted as e:
        stop_qemu(proc)
        _restore_terminal(saved)
        print(f'\nqemu-run: interrupted by signal {e.signum}; killed QEMU',
              file=sys.stderr)
        return 128 + e.signum
    finally:
        stop_qemu(proc)
    _restore_terminal(saved)
    text, code = interactive_message(status)
    print(f'qemu-run: {text}', file=sys.stderr)
    return code


def main(argv=None):
    """qemu-run's entry point; returns the exit code."""
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        if args.dry_run:
            mode = 'tap' if args.tap else 'interactive'
            log = None if args.tap else args.log
            print(shlex.join(build_command(args, mode, log)))
            return EXIT_PASS
        install_signal_handlers()
        if args.expect:
            return run_expect(args)
        if args.tap:
            return run_tap(args)
        return run_interactive(args)
    except UsageError as e:
        print(f'qemu-run: {e}', file=sys.stderr)
        return EXIT_USAGE


if __name__ == '__main__':
    sys.exit(main())
