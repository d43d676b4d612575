#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""user_run: boot a kernel with the user-space test archive, relay as TAP.

  user_run.py --kernel build/keel --initrd build/user/user.cpio
  user_run.py --linux auto --initrd build/user/user.cpio

The archive's /init (user/init.c) runs every test program and prints one
top-level KTAP document with each program as a subtest, its lines indented
by four spaces, ending with "# user-tests: done" before it powers the
machine off. This script turns that into TAP version 13 for meson
(protocol 'tap'): one line per test case of every program, named
"PROGRAM: CASE", plus one "PROGRAM: exit" line for the program's own exit
status. It fails on a missing or garbled result, a program that did not
finish, a timeout, and on a kernel panic or oops line.

--linux boots Debian's kernel instead (the side-by-side run: the same
programs must pass on Linux). PATH 'auto' takes $KEEL_LINUX_KERNEL, else
the newest vmlinuz that tools/dev fetched into the cache
($XDG_CACHE_HOME/keel/linux or ~/.cache/keel/linux). With no kernel there
the run is skipped: TAP "1..0 # SKIP", exit status --skip-status (77 by
default; meson's tap protocol wants 0 and reads the SKIP plan).

Exit codes: 0 pass, 1 failures, 2 usage, --skip-status when skipped.
"""

import argparse
import glob
import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.realpath(__file__)))
import qemu_run  # noqa: E402
from qemu_run import strip_timestamp  # noqa: E402

DEFAULT_TIMEOUT = 300.0
DEFAULT_APPEND = 'console=ttyS0 rdinit=/init panic=-1 quiet'
POWEROFF_GRACE = 10.0  # seconds between "done" and QEMU's exit
INDENT = '    '
DONE_LINE = '# user-tests: done'
NO_POWEROFF_LINE = '# user-tests: reboot(POWER_OFF) returned'

EXIT_PASS = 0
EXIT_FAILED = 1
EXIT_USAGE = 2

_KTAP_VERSION_RE = re.compile(r'^K?TAP version \d+\s*$')
_PLAN_RE = re.compile(r'^1\.\.(\d+)\s*$')
_RESULT_RE = re.compile(r'^(not ok|ok) (\d+)(?: (.*))?$')
_SUBTEST_RE = re.compile(r'^# Subtest: (\S+)\s*$')
# Kernel lines that end the run's credibility: Linux's and keel's panic
# and oops reports (keel follows Linux's wording).
_KERNEL_TROUBLE_RE = re.compile(
    r'Kernel panic - not syncing|Oops: |BUG: |general protection fault'
    r'|Attempted to kill init|WARNING: CPU: \d+ PID: ')


def linux_cache_dir():
    """Where tools/dev keeps Debian's kernel."""
    base = os.environ.get('XDG_CACHE_HOME') or os.path.join(
        os.path.expanduser('~'), '.cache')
    return os.path.join(base, 'keel', 'linux')


def _version_key(path):
    return [int(x) if x.isdigit() else x
            for x in re.split(r'(\d+)', os.path.basename(path))]


def find_linux_kernel(spec):
    """The vmlinuz to boot for --linux @spec, or None."""
    if spec and spec != 'auto':
        return spec if os.path.isfile(spec) else None
    env = os.environ.get('KEEL_LINUX_KERNEL')
    if env:
        return env if os.path.isfile(env) else None
    found = glob.glob(os.path.join(linux_cache_dir(), '*', 'boot',
                                   'vmlinuz-*'))
    return max(found, key=_version_key) if found else None


class UserKtap:
    """Turns the serial output of a user-test boot into TAP lines.

    feed() takes one serial line and returns the TAP lines to print;
    finish() closes the run and returns the last lines and the failure
    count. Test points are numbered here, in order.
    """

    def __init__(self):
        self.n = 0
        self.failed = 0
        self.failures = []
        self.started = False
        self.top_plan = None
        self.programs_done = 0
        self.prog = None  # the program whose subtest is open
        self.done = False
        self.no_poweroff = False
        self.tail = []

    # --- emitting
    def point(self, ok, name):
        self.n += 1
        line = f'{"ok" if ok else "not ok"} {self.n} {name}'
        if not ok:
            self.failed += 1
            self.failures.append(line)
        return line

    def _prog_start(self, name):
        self.prog = {'name': name, 'plan': None, 'results': 0,
                     'problems': []}

    def _prog_check(self):
        """Test points for a program's KTAP itself: plan and count."""
        p = self.prog
        out = []
        if p['plan'] is None:
            p['problems'].append('no KTAP plan (1..N)')
        elif p['plan'] != p['results']:
            p['problems'].append(f'planned {p["plan"]} tests, '
                                 f'reported {p["results"]}')
        for why in p['problems']:
            out.append(self.point(False, f'{p["name"]}: KTAP: {why}'))
        return out

    def _prog_end(self, ok, number, rest):
        """The runner's verdict line for the open program."""
        p = self.prog
        out = self._prog_check()
        name, _, why = (rest or '').partition(' # ')
        if name.strip() != p['name']:
            out.append(self.point(False, f'{p["name"]}: runner result '
                                  f'names {name.strip()!r}'))
        self.programs_done += 1
        if number != self.programs_done:
            out.append(self.point(False, f'{p["name"]}: runner result '
                                  f'number {number}, expected '
                                  f'{self.programs_done}'))
        status = why.strip() or ('exit status 0' if ok else 'failed')
        out.append(self.point(ok, f'{p["name"]}: exit ({status})'))
        self.prog = None
        return out

    def _prog_line(self, inner):
        """One line of the open program (its indent removed)."""
        p = self.prog
        if inner.startswith((' ', '\t')) or _KTAP_VERSION_RE.match(inner):
            return [qemu_run.comment(inner)]
        m = _PLAN_RE.match(inner)
        if m:
            if p['plan'] is not None:
                p['problems'].append(f'second plan {inner!r}')
                return [qemu_run.comment(inner)]
            p['plan'] = int(m.group(1))
            return []
        m = _RESULT_RE.match(inner)
        if m:
            p['results'] += 1
            if int(m.group(2)) != p['results']:
                p['problems'].append(f'result {inner!r} should be number '
                                     f'{p["results"]}')
            desc = (m.group(3) or '').strip() or f'case {m.group(2)}'
            ok = m.group(1) == 'ok'
            line = self.point(ok, f'{p["name"]}: {desc}')
            return [line]
        if inner.startswith('#'):
            return [inner]
        if _RESULT_RE.match(inner.strip()) or _PLAN_RE.match(inner.strip()):
            p['problems'].append(f'garbled line {inner!r}')
        return [qemu_run.comment(inner)]

    # --- input
    def feed(self, raw):
        line = strip_timestamp(raw.rstrip('\r\n')).rstrip('\r')
        self.tail.append(line)
        if len(self.tail) > qemu_run.TAIL_LINES:
            del self.tail[0]
        if not line.startswith(INDENT) and _KERNEL_TROUBLE_RE.search(line):
            return [qemu_run.comment(line),
                    self.point(False, f'kernel: {line.strip()}')]
        if not self.started:
            if _KTAP_VERSION_RE.match(line):
                self.started = True
                return []
            return [qemu_run.comment(line)]
        if line.startswith(INDENT):
            inner = line[len(INDENT):]
            m = _SUBTEST_RE.match(inner)
            if m:
                out = []
                if self.prog:
                    out += self._prog_check()
                    out.append(self.point(False, f'{self.prog["name"]}: no '
                                          'result line from the runner'))
                self._prog_start(m.group(1))
                return out + [qemu_run.comment(line)]
            if self.prog:
                return self._prog_line(inner)
            return [qemu_run.comment(line)]
        m = _PLAN_RE.match(line)
        if m and self.top_plan is None and not self.prog:
            self.top_plan = int(m.group(1))
            return [f'# runner: {self.top_plan} programs']
        m = _RESULT_RE.match(line)
        if m and self.prog:
            return self._prog_end(m.group(1) == 'ok', int(m.group(2)),
                                  m.group(3))
        if line.strip() == DONE_LINE:
            self.done = True
        elif line.strip() == NO_POWEROFF_LINE:
            self.no_poweroff = True
        return [qemu_run.comment(line)]

    def finish(self, why_stopped):
        """Close the run. @why_stopped: None when QEMU exited by itself,
        else why it was stopped. Returns the closing TAP lines."""
        out = []
        if self.prog:
            out += self._prog_check()
            out.append(self.point(False, f'{self.prog["name"]}: did not '
                                  f'finish ({why_stopped or "machine stopped"})'))
            self.prog = None
        if not self.started:
            out.append(self.point(False, 'runner: no KTAP output from /init'))
        elif self.top_plan is None:
            out.append(self.point(False, 'runner: no plan (1..N)'))
        elif self.programs_done != self.top_plan:
            out.append(self.point(False, f'runner: ran {self.programs_done} '
                                  f'of {self.top_plan} programs'))
        if self.started and not self.done:
            out.append(self.point(False, f'runner: no "{DONE_LINE}" line'))
        if self.no_poweroff:
            out.append(self.point(False, 'runner: reboot(POWER_OFF) returned'))
        elif why_stopped:
            out.append(self.point(False, f'machine: {why_stopped}'))
        out.append(f'1..{self.n}')
        return out


def parse_args(argv):
    p = argparse.ArgumentParser(
        prog='user_run', description='Boot a kernel with the user-space '
        'test archive; relay its results as TAP.')
    kern = p.add_mutually_exclusive_group(required=True)
    kern.add_argument('--kernel', metavar='PATH', help='keel (build/keel)')
    kern.add_argument('--linux', metavar='PATH|auto',
                      help="Debian's vmlinuz ('auto' or '': find it)")
    p.add_argument('--initrd', required=True, metavar='CPIO')
    p.add_argument('--qemu', default='qemu-system-x86_64', metavar='BIN')
    p.add_argument('--machine', default='pc')
    p.add_argument('--memory', default='512M', metavar='SIZE')
    p.add_argument('--cpu', default='qemu64', metavar='MODEL')
    p.add_argument('--smp', type=int, default=1, metavar='N')
    p.add_argument('--accel', default='tcg')
    p.add_argument('--append', default=DEFAULT_APPEND, metavar='CMDLINE',
                   help=f'kernel command line (default: {DEFAULT_APPEND})')
    p.add_argument('--timeout', type=float, default=DEFAULT_TIMEOUT,
                   metavar='SECONDS', help='kill QEMU after this long')
    p.add_argument('--log', metavar='FILE',
                   help='keep a copy of the serial output in FILE')
    p.add_argument('--skip-status', type=int, default=77, metavar='N',
                   help='exit status when no kernel is there (default 77)')
    p.add_argument('--dry-run', action='store_true',
                   help='print the QEMU command line and exit')
    return p.parse_args(qemu_run.join_dash_values(argv))


def qemu_command(args, kernel):
    ns = argparse.Namespace(
        qemu=args.qemu, kernel=kernel, machine=args.machine,
        memory=args.memory, smp=args.smp, cpu=args.cpu, accel=args.accel,
        append=args.append, phys_bits=None, reserve_off=False,
        as_disk=False, extra=['-initrd', args.initrd])
    return qemu_run.build_command(ns, 'tap')


def emit(lines, out):
    for line in lines:
        out.write(line + '\n')
    out.flush()


def run(args, kernel, out=sys.stdout, err=sys.stderr):
    """Boot and relay; return the exit code."""
    cmd = qemu_command(args, kernel)
    tap = UserKtap()
    emit(['TAP version 13', f'# {" ".join(cmd)}'], out)
    proc = qemu_run.start_qemu(cmd, stdin=qemu_run.subprocess.DEVNULL,
                               stdout=qemu_run.subprocess.PIPE,
                               stderr=qemu_run.subprocess.PIPE)
    log = open(args.log, 'wb') if args.log else None
    reader = qemu_run.SerialReader(proc, log)
    start = time.monotonic()
    deadline = start + args.timeout if args.timeout > 0 else None
    why_stopped = None
    try:
        while reader.open():
            wait = None
            if deadline is not None:
                wait = deadline - time.monotonic()
                if wait <= 0:
                    running = (f' while {tap.prog["name"]} ran'
                               if tap.prog else '')
                    why_stopped = f'timed out after {args.timeout:g} s{running}'
                    break
            if tap.done or tap.no_poweroff:
                grace = POWEROFF_GRACE if tap.done else 0.5
                if not hasattr(tap, 'done_at'):
                    tap.done_at = time.monotonic()
                left = tap.done_at + grace - time.monotonic()
                if left <= 0:
                    if not tap.no_poweroff:
                        why_stopped = (f'did not power off within '
                                       f'{POWEROFF_GRACE:g} s of "done"')
                    break
                wait = left if wait is None else min(wait, left)
            for line in reader.read(wait):
                emit(tap.feed(line), out)
    except qemu_run.Interrupted as e:
        qemu_run.stop_qemu(proc)
        emit([f'Bail out! interrupted by signal {e.signum}'], out)
        return 128 + e.signum
    finally:
        qemu_run.stop_qemu(proc)
        for line in reader.drain(0.5):
            emit(tap.feed(line), out)
        reader.close()
        if log:
            log.close()
    status = proc.wait()
    if why_stopped is None and status not in (
            0, qemu_run.STATUS_PASS, qemu_run.STATUS_FAIL):
        why_stopped = f'QEMU exited with status {status}'
        if status == qemu_run.STATUS_PANIC:
            why_stopped += ' (kernel panic)'
    emit(tap.finish(why_stopped), out)
    elapsed = time.monotonic() - start
    emit([f'# {tap.n - tap.failed} of {tap.n} passed in {elapsed:.1f} s'],
         out)
    if tap.failed:
        qemu_err = reader.stderr.decode('utf-8', 'replace').rstrip()
        report = ['user_run: failures:'] + tap.failures
        report += [f'--- last {len(tap.tail)} serial lines ---'] + tap.tail
        if qemu_err:
            report += ['--- qemu stderr ---', qemu_err]
        emit(report, err)
        return EXIT_FAILED
    return EXIT_PASS


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.linux is not None:
        kernel = find_linux_kernel(args.linux)
        if kernel is None:
            print('TAP version 13\n1..0 # SKIP no Debian kernel: '
                  '`tools/dev test` fetches linux-image-amd64 into '
                  f'{linux_cache_dir()}, or set KEEL_LINUX_KERNEL')
            return args.skip_status
    else:
        kernel = args.kernel
    if not os.path.isfile(args.initrd):
        print(f'user_run: no archive {args.initrd}', file=sys.stderr)
        return EXIT_USAGE
    try:
        if args.dry_run:
            print(qemu_run.shlex.join(qemu_command(args, kernel)))
            return EXIT_PASS
        qemu_run.install_signal_handlers()
        return run(args, kernel)
    except qemu_run.UsageError as e:
        print(f'user_run: {e}', file=sys.stderr)
        return EXIT_USAGE


if __name__ == '__main__':
    sys.exit(main())
