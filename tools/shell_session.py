#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""shell_session: a scripted session with busybox's shell over the serial line.

Boots a kernel (keel, or Debian's Linux with --linux) in QEMU with
build/initramfs.cpio.gz, whose /init starts a busybox shell on the serial
console, then types commands and reads the answers as a person would:

  ls /, cat /proc/meminfo, a pipeline, a redirection, a background job
  (sleep 1 &, jobs, wait), ^C interrupting sleep 100, ps, free, mount,
  and poweroff -f, which must end QEMU with exit status 0.

Each step asserts on its answer and is one TAP test point; a failing step
prints the session's transcript to stderr (meson shows it with
--print-errorlogs). When the shell stops answering, the steps after it
fail as "no prompt".

The Session class (boot, type, wait for the prompt, read the answer) is
also used by tools/bench-shell. The parsing helpers are pure functions,
host-tested by hosttest/tools/test_shell_session.py.

Exit codes: 0 pass, 1 failures, 2 usage, --skip-status when --linux finds
no kernel.
"""

import argparse
import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.realpath(__file__)))
import qemu_run  # noqa: E402
import user_run  # noqa: E402

DEFAULT_APPEND = 'console=ttyS0 panic=-1'
BOOT_TIMEOUT = 180.0  # seconds from QEMU's start to the first prompt
STEP_TIMEOUT = 60.0  # seconds for a command's answer
INTERRUPT_TIMEOUT = 5.0  # seconds for the prompt to come back after ^C
POWEROFF_TIMEOUT = 30.0
INIT_LINE = 'keel: /init started'

EXIT_PASS = 0
EXIT_FAILED = 1
EXIT_USAGE = 2

# Terminal escape sequences (CSI ... final byte, and two-byte ESC x) that
# busybox's line editor writes, e.g. ESC [ 6 n asking for the cursor.
_ESCAPE_RE = re.compile(r'\x1b(?:\[[0-?]*[ -/]*[@-~]|[@-Z\\-_])')
# /init's prompt, PS1='\w \$ ': the directory, then '# ' for root.
_PROMPT_RE = re.compile(r'(?:^|\n)(/[^\n]*) [#$] $')
_MEMINFO_RE = re.compile(r'^(\w+(?:\(\w+\))?):\s+(\d+)(?: kB)?$')


# --- pure helpers -----------------------------------------------------------
def clean(text):
    """@text as a person reads it: escape sequences and CRs removed,
    backspace-erase applied, kernel log lines (printk) kept."""
    text = _ESCAPE_RE.sub('', text).replace('\r', '')
    out = []
    for ch in text:
        if ch == '\b':
            if out and out[-1] != '\n':
                out.pop()
        elif ch == '\x07':
            continue
        else:
            out.append(ch)
    return ''.join(out)


def ends_with_prompt(text):
    """True when cleaned @text ends with the shell's prompt."""
    return bool(_PROMPT_RE.search(text))


_KLOG_RE = re.compile(r'^\[\s*\d+\.\d+\] ')


def answer_lines(text, command):
    """The output of @command in cleaned @text (what arrived after it was
    typed, up to and without the next prompt): the echoed command line is
    dropped, as is the prompt. Returns a list of lines."""
    m = _PROMPT_RE.search(text)
    body = text[:m.start()] if m else text
    lines = body.split('\n')
    # The first line is the echo of the command (possibly preceded by the
    # rest of the old prompt line, and with ^C or the like after it).
    if lines and command and command.split()[0] in lines[0]:
        lines = lines[1:]
    elif lines and not command:
        lines = lines[1:]
    # The kernel log shares the console: a whole line of it (Linux's late
    # "random: crng init done", say) is not part of the answer.
    return [line for line in lines if not _KLOG_RE.match(line)]


def parse_meminfo(lines):
    """{field: kB} from /proc/meminfo's lines; raises ValueError on a line
    that is not 'Name:   N kB' (or without unit, as HugePages_Total)."""
    out = {}
    for line in lines:
        if not line.strip():
            continue
        m = _MEMINFO_RE.match(line.strip())
        if not m:
            raise ValueError(f'not a meminfo line: {line!r}')
        out[m.group(1)] = int(m.group(2))
    if 'MemTotal' not in out:
        raise ValueError('no MemTotal line')
    return out


def parse_free(lines):
    """busybox free's Mem: row as {column: kB} (total, used, free, shared,
    buff/cache, available); raises ValueError when it is not there."""
    header = None
    for line in lines:
        words = line.split()
        if words[:1] == ['total']:
            header = words
        elif words[:1] == ['Mem:'] and header:
            values = words[1:]
            if len(values) != len(header) or not all(
                    v.isdigit() for v in values):
                raise ValueError(f'bad Mem: row {line!r}')
            return dict(zip(header, map(int, values)))
    raise ValueError('no "total" header and "Mem:" row')


def parse_ps(lines):
    """busybox ps's rows as (pid, command) pairs; the header is skipped."""
    rows = []
    for line in lines:
        words = line.split(None, 2)
        if len(words) >= 2 and words[0].isdigit():
            rows.append((int(words[0]), words[2] if len(words) > 2 else ''))
    return rows


def parse_mounts(lines):
    """mount's lines ('DEV on DIR type FS (OPTS)') as (dev, dir, fs)."""
    out = []
    for line in lines:
        m = re.match(r'^(\S+) on (\S+) type (\S+)', line)
        if m:
            out.append(m.groups())
    return out


def e820_usable(log_lines):
    """Bytes of usable RAM in the boot log's e820 map: the
    'BIOS-e820: [mem 0xA-0xB] usable' lines Linux and keel both print."""
    total = 0
    for line in log_lines:
        m = re.search(r'BIOS-e820: \[mem (0x[0-9a-f]+)-(0x[0-9a-f]+)\] '
                      r'usable$', line.strip())
        if m:
            total += int(m.group(2), 16) - int(m.group(1), 16) + 1
    return total


def time_real(lines):
    """Seconds of busybox time's 'real\t1m 2.34s' line, or None."""
    for line in lines:
        m = re.match(r'^real\s+(?:(\d+)h\s*)?(\d+)m\s*(\d+(?:\.\d+)?)s$',
                     line.strip())
        if m:
            return (int(m.group(1) or 0) * 3600 + int(m.group(2)) * 60
                    + float(m.group(3)))
    return None


def not_implemented(log):
    """The distinct 'syscall N not implemented' style lines in @log."""
    seen = []
    for line in log.split('\n'):
        line = qemu_run.strip_timestamp(line.strip())
        if 'not implemented' in line and line not in seen:
            seen.append(line)
    return seen


# --- the machine ------------------------------------------------------------
class NoPrompt(Exception):
    """The shell's prompt did not come back in time."""


class Session:
    """QEMU with the serial console on pipes: type() and wait for answers."""

    def __init__(self, cmd):
        self.cmd = cmd
        self.raw = ''  # everything the serial line said
        self.mark = 0  # where the current command's answer starts
        self.start = time.monotonic()
        self.times = []  # (seconds since start, line) for complete lines
        self._partial = ''
        self.proc = qemu_run.start_qemu(
            cmd, stdin=qemu_run.subprocess.PIPE,
            stdout=qemu_run.subprocess.PIPE, stderr=qemu_run.subprocess.PIPE)
        self.reader = qemu_run.SerialReader(self.proc)
        # SerialReader splits lines; the prompt has no newline, so read the
        # raw bytes here instead.
        self.status = None

    def _pump(self, timeout):
        """Read what arrives within @timeout seconds; False when QEMU's
        output ended."""
        sel = self.reader.sel
        if not sel.get_map():
            return False
        for key, _ in sel.select(timeout):
            data = os.read(key.fileobj.fileno(), 65536)
            if not data:
                sel.unregister(key.fileobj)
                continue
            if key.data == 'err':
                self.reader.stderr += data
                continue
            text = data.decode('utf-8', 'replace')
            self.raw += text
            now = time.monotonic() - self.start
            *done, self._partial = (self._partial + text).split('\n')
            for line in done:
                self.times.append((now, line.rstrip('\r')))
        return True

    def wait_for(self, predicate, timeout):
        """Read until predicate(cleaned text since the mark) holds; return
        that text. Raises NoPrompt after @timeout seconds or when QEMU
        ended."""
        deadline = time.monotonic() + timeout
        while True:
            text = clean(self.raw[self.mark:])
            if predicate(text):
                return text
            left = deadline - time.monotonic()
            if left <= 0 or not self._pump(left):
                raise NoPrompt(f'no prompt within {timeout:g} s'
                               if left <= 0 else 'QEMU ended')

    def type(self, text):
        """Send @text to the serial line; the answer starts here."""
        self.mark = len(self.raw)
        self.proc.stdin.write(text.encode())
        self.proc.stdin.flush()

    def run(self, command, timeout=STEP_TIMEOUT):
        """Type @command and Enter; return its answer's lines."""
        self.type(command + '\r')
        text = self.wait_for(ends_with_prompt, timeout)
        return answer_lines(text, command)

    def boot(self, timeout=BOOT_TIMEOUT):
        """Wait for the first prompt after /init's first line; return the
        seconds from QEMU's start to /init's first line."""
        self.mark = 0
        self.wait_for(lambda t: INIT_LINE in t and ends_with_prompt(t),
                      timeout)
        for when, line in self.times:
            if INIT_LINE in line:
                return when
        return None

    def log_lines(self):
        return [qemu_run.strip_timestamp(line) for _, line in self.times]

    def wait_exit(self, timeout):
        """QEMU's exit status, or None if it did not end within @timeout."""
        deadline = time.monotonic() + timeout
        while self._pump(max(0.0, deadline - time.monotonic())):
            if time.monotonic() >= deadline:
                break
        try:
            self.status = self.proc.wait(max(0.0, deadline - time.monotonic()))
        except qemu_run.subprocess.TimeoutExpired:
            return None
        return self.status

    def close(self):
        qemu_run.stop_qemu(self.proc)
        try:
            self.proc.stdin.close()
        except OSError:
            pass
        self.reader.close()


def qemu_command(kernel, initrd, memory='1G', append=DEFAULT_APPEND,
                 qemu='qemu-system-x86_64', machine='pc', cpu='qemu64',
                 accel='tcg', reserve_off=False):
    ns = argparse.Namespace(
        qemu=qemu, kernel=kernel, initrd=initrd, machine=machine,
        memory=memory, smp=1, cpu=cpu, accel=accel, append=append,
        phys_bits=None, reserve_off=reserve_off, as_disk=False, extra=[])
    return qemu_run.build_command(ns, 'tap')


# --- the scripted session ---------------------------------------------------
class Failed(Exception):
    """A step's assertion failed; the message says what was seen."""


def check(cond, why):
    if not cond:
        raise Failed(why)


def step_ls(s, st):
    lines = s.run('ls /')
    names = ' '.join(lines).split()
    missing = [n for n in ('bin', 'dev', 'etc', 'init', 'proc', 'tests',
                           'tmp', 'usr') if n not in names]
    check(not missing, f'ls / lacks {missing}: {lines}')


def step_meminfo(s, st):
    lines = s.run('cat /proc/meminfo')
    try:
        info = parse_meminfo(lines)
    except ValueError as e:
        raise Failed(str(e)) from None
    check(info['MemTotal'] > 0, f'MemTotal is {info["MemTotal"]}')
    check(0 < info.get('MemFree', -1) <= info['MemTotal'],
          f'MemFree {info.get("MemFree")} not in (0, MemTotal]')
    st['meminfo'] = info


def step_pipeline(s, st):
    lines = s.run('echo hello | tr a-z A-Z')
    check(lines == ['HELLO'], f'answer {lines}, wanted ["HELLO"]')


def step_redirect(s, st):
    lines = s.run('echo x > /tmp/f; cat /tmp/f')
    check(lines == ['x'], f'answer {lines}, wanted ["x"]')


def step_background(s, st):
    s.run('sleep 1 &')
    lines = s.run('jobs')
    check(any('Running' in line and 'sleep 1' in line for line in lines),
          f'jobs shows no running "sleep 1": {lines}')
    lines = s.run('wait; echo waited $?')
    check('waited 0' in lines, f'wait: {lines}')
    lines = s.run('jobs')
    check(not any('sleep' in line for line in lines),
          f'jobs still lists sleep after wait: {lines}')


def step_interrupt(s, st):
    s.type('sleep 100\r')
    try:
        s.wait_for(lambda t: 'sleep 100\n' in t, STEP_TIMEOUT)
    except NoPrompt:
        raise Failed('"sleep 100" was not echoed') from None
    time.sleep(1.0)
    s.type('\x03')
    try:
        s.wait_for(ends_with_prompt, INTERRUPT_TIMEOUT)
    except NoPrompt:
        raise Failed(f'no prompt within {INTERRUPT_TIMEOUT:g} s of ^C') from None
    lines = s.run('echo status $?')
    check(lines == ['status 130'], f'sleep\'s status: {lines}, '
          'wanted 130 (SIGINT)')


def step_ps(s, st):
    lines = s.run('ps')
    rows = parse_ps(lines)
    init = [cmd for pid, cmd in rows if pid == 1]
    check(init and 'init' in init[0], f'no pid 1 running init: {lines}')
    check(any(re.search(r'(^|[\s/-])sh( |$)', cmd) for pid, cmd in rows
              if pid != 1), f'no sh in ps: {lines}')


def step_free(s, st):
    lines = s.run('free')
    try:
        mem = parse_free(lines)
    except ValueError as e:
        raise Failed(f'{e}: {lines}') from None
    total = mem.get('total')
    info = st.get('meminfo')
    if info:
        check(total == info['MemTotal'], f'free\'s total {total} != '
              f'MemTotal {info["MemTotal"]}')
    parts = mem.get('used', 0) + mem.get('free', 0) + mem.get(
        'buff/cache', 0)
    check(parts == total, f'used + free + buff/cache = {parts} != total '
          f'{total}: {lines}')
    check(0 < mem.get('free', 0) <= total, f'free {mem.get("free")}')


def step_mount(s, st):
    lines = s.run('mount')
    mounts = parse_mounts(lines)
    check(any(d == '/proc' and fs == 'proc' for _, d, fs in mounts),
          f'no proc on /proc: {lines}')
    check(any(d == '/dev' and fs == 'devtmpfs' for _, d, fs in mounts),
          f'no devtmpfs on /dev: {lines}')


def step_poweroff(s, st):
    s.type('poweroff -f\r')
    status = s.wait_exit(POWEROFF_TIMEOUT)
    check(status is not None, f'QEMU still runs {POWEROFF_TIMEOUT:g} s '
          'after poweroff -f')
    check(status == 0, f'QEMU exit status {status}, wanted 0')


STEPS = [
    ('ls /', step_ls),
    ('cat /proc/meminfo', step_meminfo),
    ('pipeline: echo hello | tr a-z A-Z', step_pipeline),
    ('redirection: echo x > /tmp/f; cat /tmp/f', step_redirect),
    ('background job: sleep 1 &, jobs, wait', step_background),
    ('^C interrupts sleep 100', step_interrupt),
    ('ps shows init and sh', step_ps),
    ('free agrees with /proc/meminfo', step_free),
    ('mount shows proc and devtmpfs', step_mount),
    ('poweroff -f ends QEMU with status 0', step_poweroff),
]


def emit(lines, out):
    for line in lines:
        out.write(line + '\n')
    out.flush()


def run_session(cmd, boot_timeout, out=sys.stdout, err=sys.stderr):
    """The scripted session as TAP on @out; returns the exit code."""
    emit(['TAP version 13', f'1..{len(STEPS) + 1}',
          f'# {qemu_run.shlex.join(cmd)}'], out)
    s = Session(cmd)
    failures = []
    alive = True
    state = {}
    try:
        try:
            t = s.boot(boot_timeout)
            emit([f'ok 1 boot to the shell prompt (/init\'s first line '
                  f'after {t:.2f} s)'], out)
        except NoPrompt as e:
            alive = False
            failures.append(f'boot: {e}')
            emit([f'not ok 1 boot to the shell prompt: {e}'], out)
        for n, (name, fn) in enumerate(STEPS, 2):
            if not alive:
                emit([f'not ok {n} {name}: no shell'], out)
                failures.append(f'{name}: no shell')
                continue
            try:
                fn(s, state)
                emit([f'ok {n} {name}'], out)
            except (Failed, NoPrompt) as e:
                emit([f'not ok {n} {name}: {e}'], out)
                failures.append(f'{name}: {e}')
                if isinstance(e, NoPrompt):
                    # Try to get the shell back for the next steps.
                    try:
                        s.type('\x03\r')
                        s.wait_for(ends_with_prompt, INTERRUPT_TIMEOUT)
                    except NoPrompt:
                        alive = False
    except qemu_run.Interrupted as e:
        emit([f'Bail out! interrupted by signal {e.signum}'], out)
        s.close()
        return 128 + e.signum
    finally:
        s.close()
    emit([f'# {len(STEPS) + 1 - len(failures)} of {len(STEPS) + 1} passed'],
         out)
    if failures:
        report = ['shell_session: failures:'] + failures
        missing = not_implemented(clean(s.raw))
        if missing:
            report += ['--- "not implemented" lines ---'] + missing
        report += ['--- transcript ---', clean(s.raw)]
        qemu_err = s.reader.stderr.decode('utf-8', 'replace').strip()
        if qemu_err:
            report += ['--- qemu stderr ---', qemu_err]
        emit(report, err)
        return EXIT_FAILED
    return EXIT_PASS


def parse_args(argv):
    p = argparse.ArgumentParser(
        prog='shell_session', description='Boot with the busybox initramfs '
        'and drive a scripted shell session over the serial line (TAP).')
    kern = p.add_mutually_exclusive_group(required=True)
    kern.add_argument('--kernel', metavar='PATH', help='keel (build/keel)')
    kern.add_argument('--linux', metavar='PATH|auto',
                      help="Debian's vmlinuz ('auto': find it)")
    p.add_argument('--initrd', required=True, metavar='CPIO.GZ')
    p.add_argument('--qemu', default='qemu-system-x86_64', metavar='BIN')
    p.add_argument('--machine', default='pc')
    p.add_argument('--memory', default='1G', metavar='SIZE')
    p.add_argument('--cpu', default='qemu64', metavar='MODEL')
    p.add_argument('--accel', default='tcg')
    p.add_argument('--append', default=DEFAULT_APPEND, metavar='CMDLINE')
    p.add_argument('--boot-timeout', type=float, default=BOOT_TIMEOUT,
                   metavar='SECONDS')
    p.add_argument('--skip-status', type=int, default=77, metavar='N')
    p.add_argument('--dry-run', action='store_true')
    return p.parse_args(qemu_run.join_dash_values(argv))


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.linux is not None:
        kernel = user_run.find_linux_kernel(args.linux)
        if kernel is None:
            print('TAP version 13\n1..0 # SKIP no Debian kernel: '
                  '`tools/dev test` fetches linux-image-amd64 into '
                  f'{user_run.linux_cache_dir()}, or set KEEL_LINUX_KERNEL')
            return args.skip_status
    else:
        kernel = args.kernel
    if not os.path.isfile(args.initrd):
        print(f'shell_session: no archive {args.initrd}', file=sys.stderr)
        return EXIT_USAGE
    try:
        cmd = qemu_command(kernel, args.initrd, args.memory, args.append,
                           args.qemu, args.machine, args.cpu, args.accel)
        if args.dry_run:
            print(qemu_run.shlex.join(cmd))
            return EXIT_PASS
        qemu_run.install_signal_handlers()
        return run_session(cmd, args.boot_timeout)
    except qemu_run.UsageError as e:
        print(f'shell_session: {e}', file=sys.stderr)
        return EXIT_USAGE


if __name__ == '__main__':
    sys.exit(main())
