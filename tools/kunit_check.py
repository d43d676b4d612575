#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""kunit_check: does Linux's own KTAP parser (kunit.py) read keel's ktest output?

  kunit_check.py --log FILE              check a captured serial log
  kunit_check.py -- QEMU-RUN-OPTIONS     boot (tools/qemu_run.py --tap
                                         options, e.g. --kernel build/keel
                                         --append ktest) and check its log

Linux's tools/testing/kunit (kunit_parser.py and kunit_printer.py among
it) comes from Debian's linux-source-6.1 package, which tools/dev installs:
a tarball under /usr/src. Only tools/testing/kunit is extracted from it,
once, into $XDG_CACHE_HOME/keel/kunit (~/.cache/keel/kunit); it is a
reference tool, never part of keel's tree. The parser runs on the whole
serial log, as `kunit.py parse LOG` would.

The check prints TAP version 13 for meson. It fails when the parser
reports an error (a missing result line, a wrong test number, a plan that
does not match, no KTAP at all), when its totals or any suite's counts
differ from keel's own "# Totals:" and "# SUITE:" lines (keel counts an
expected failure, "ok ... # XFAIL", apart; KTAP parsers count it as a
pass), or when the boot itself failed. With no linux-source tarball the
check is skipped ("1..0 # SKIP", exit 0 as meson's tap protocol wants;
--skip-status sets another status).

Exit codes: 0 pass (or skipped), 1 check failed, 2 usage.
"""

import argparse
import fcntl
import glob
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.realpath(__file__)))
import qemu_run  # noqa: E402

SOURCE_GLOB = '/usr/src/linux-source-*.tar.xz'
PREFERRED_SOURCE = '/usr/src/linux-source-6.1.tar.xz'
KUNIT_DIR_IN_TARBALL = 'tools/testing/kunit'
KUNIT_FILES = ('kunit_parser.py', 'kunit_printer.py', 'kunit.py')

EXIT_PASS = 0
EXIT_FAILED = 1
EXIT_USAGE = 2

# keel's count lines: "# Totals: pass:P fail:F skip:S xfail:X total:T"
# and the same with a suite's name before each suite's result line.
_COUNTS_RE = re.compile(r'^# (\S+): pass:(\d+) fail:(\d+) skip:(\d+) '
                        r'xfail:(\d+) total:(\d+)\s*$')


def cache_dir():
    """Where the extracted kunit tool lives."""
    base = os.environ.get('XDG_CACHE_HOME') or os.path.join(
        os.path.expanduser('~'), '.cache')
    return os.path.join(base, 'keel', 'kunit')


def find_source():
    """The linux-source tarball to take kunit from, or None."""
    if os.path.exists(PREFERRED_SOURCE):
        return PREFERRED_SOURCE
    found = sorted(glob.glob(SOURCE_GLOB))
    return found[-1] if found else None


def have_kunit(directory):
    return all(os.path.isfile(os.path.join(directory, f))
               for f in KUNIT_FILES)


def ensure_kunit(directory=None, source=None):
    """The directory holding kunit_parser.py, extracting it from the
    linux-source tarball the first time (one extraction at a time: a
    lock file; into a temporary directory, then renamed). Returns None
    when there is no tarball. Raises RuntimeError when tar fails."""
    directory = directory or cache_dir()
    if have_kunit(directory):
        return directory
    source = source or find_source()
    if source is None:
        return None
    parent = os.path.dirname(directory)
    os.makedirs(parent, exist_ok=True)
    with open(os.path.join(parent, '.kunit.lock'), 'w') as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if have_kunit(directory):
            return directory
        top = os.path.basename(source)[:-len('.tar.xz')]
        member = f'{top}/{KUNIT_DIR_IN_TARBALL}'
        tmp = tempfile.mkdtemp(prefix='.kunit-', dir=parent)
        try:
            r = subprocess.run(
                ['tar', '-xJf', source, '-C', tmp,
                 f'--strip-components={member.count("/") + 1}', member],
                capture_output=True, text=True)
            if r.returncode != 0 or not have_kunit(tmp):
                raise RuntimeError(f'cannot extract {member} from {source}: '
                                   f'tar exited {r.returncode}: '
                                   f'{r.stderr.strip()}')
            if os.path.isdir(directory):
                shutil.rmtree(directory)
            os.rename(tmp, directory)
        finally:
            if os.path.isdir(tmp):
                shutil.rmtree(tmp)
    return directory


def load_parser(directory):
    """Import kunit_parser from @directory."""
    if directory not in sys.path:
        sys.path.insert(0, directory)
    import kunit_parser  # noqa: E402
    return kunit_parser


def keel_counts(lines):
    """keel's count lines in @lines: {name: (pass, fail, skip, xfail,
    total)}, 'Totals' among them."""
    counts = {}
    for raw in lines:
        line = qemu_run.strip_timestamp(raw.rstrip('\r\n')).rstrip()
        m = _COUNTS_RE.match(line)
        if m:
            counts[m.group(1)] = tuple(int(g) for g in m.group(2, 3, 4, 5, 6))
    return counts


def parser_counts(test):
    """(pass, fail, skip, crashed, errors) of a kunit_parser Test."""
    c = test.counts
    return (c.passed, c.failed, c.skipped, c.crashed, c.errors)


def describe(counts):
    return ('pass:{} fail:{} skip:{} crashed:{} errors:{}'
            .format(*counts))


def expected_from_keel(k):
    """What the parser should count for keel's (pass, fail, skip, xfail,
    total): XFAIL results are "ok", so passes."""
    p, f, s, x, _ = k
    return (p + x, f, s, 0, 0)


def check(lines, kunit_parser):
    """Parse @lines (the serial log) with kunit_parser; return a list of
    (ok, description) results."""
    import kunit_printer  # noqa: E402 (next to kunit_parser)
    out = io.StringIO()
    saved = kunit_parser.stdout
    # kunit_parser prints through the Printer it imported; give it one on
    # a buffer (not a terminal: no colours).
    kunit_parser.stdout = kunit_printer.Printer(out)
    try:
        test = kunit_parser.parse_run_tests(iter(lines))
    finally:
        kunit_parser.stdout = saved
    printed = out.getvalue()
    errors = [ln.strip() for ln in printed.splitlines() if '[ERROR]' in ln]
    results = []
    results.append((test.counts.errors == 0 and not errors,
                    'kunit_parser reports no error' +
                    ('' if not errors else ': ' + '; '.join(errors[:5]))))
    keel = keel_counts(lines)
    totals = keel.get('Totals')
    if totals is None:
        results.append((False, 'keel printed its "# Totals:" line'))
        return results, printed
    want = expected_from_keel(totals)
    got = parser_counts(test)
    results.append((got == want and sum(got[:4]) == totals[4],
                    f'totals agree: kunit_parser {describe(got)}, keel '
                    f'{describe(want)} (total {totals[4]})'))
    suites = [s for s in test.subtests if s.subtests]
    names = [s.name for s in suites]
    keel_suites = [n for n in keel if n != 'Totals']
    results.append((sorted(names) == sorted(keel_suites),
                    f'the same {len(keel_suites)} suites: kunit_parser '
                    f'{",".join(names) or "none"}'))
    for s in suites:
        k = keel.get(s.name)
        if k is None:
            continue
        want = expected_from_keel(k)
        got = parser_counts(s)
        results.append((got == want,
                        f'suite {s.name}: kunit_parser {describe(got)}, '
                        f'keel {describe(want)}'))
    return results, printed


def emit_tap(results, out):
    out.write('TAP version 13\n')
    for i, (ok, what) in enumerate(results, 1):
        out.write(f'{"ok" if ok else "not ok"} {i} {what}\n')
    out.write(f'1..{len(results)}\n')
    out.flush()


def boot(qemu_args, log):
    """Boot with tools/qemu_run.py --tap @qemu_args, the serial output
    kept in @log; return (qemu-run's exit code, its TAP output)."""
    args = qemu_run.parse_args(['--tap', '--log', log] + list(qemu_args))
    tap = io.StringIO()
    qemu_run.install_signal_handlers()
    code = qemu_run.run_tap(args, out=tap, err=io.StringIO())
    return code, tap.getvalue()


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    qemu_args = []
    if '--' in argv:
        cut = argv.index('--')
        argv, qemu_args = argv[:cut], argv[cut + 1:]
    p = argparse.ArgumentParser(prog='kunit_check', description=__doc__
                                .split('\n')[0])
    p.add_argument('--log', help='a captured serial log to check (with '
                   'no QEMU options after --)')
    p.add_argument('--kunit-dir', help='kunit tool directory (default: '
                   'the cache, extracted on first use)')
    p.add_argument('--skip-status', type=int, default=0)
    p.add_argument('--verbose', action='store_true',
                   help="print kunit_parser's own output as TAP comments")
    args = p.parse_args(argv)
    if bool(args.log) == bool(qemu_args):
        p.error('give either --log FILE or QEMU-RUN options after --')
    try:
        kdir = args.kunit_dir or ensure_kunit()
    except RuntimeError as e:
        print(f'Bail out! {e}')
        return EXIT_FAILED
    if kdir is None or not have_kunit(kdir):
        print('TAP version 13')
        print(f'1..0 # SKIP no Linux kunit tool: no {SOURCE_GLOB} '
              '(tools/dev installs linux-source-6.1)')
        return args.skip_status
    kunit_parser = load_parser(kdir)
    results = []
    if qemu_args:
        fd, log = tempfile.mkstemp(prefix='keel-kunit-', suffix='.log')
        os.close(fd)
        try:
            code, tap = boot(qemu_args, log)
            with open(log, encoding='utf-8', errors='replace') as f:
                lines = f.read().splitlines()
        finally:
            os.unlink(log)
        results.append((code == qemu_run.EXIT_PASS,
                        f'the ktest boot passed (qemu-run exit {code})'))
        if code != qemu_run.EXIT_PASS:
            sys.stderr.write(tap)
    else:
        try:
            with open(args.log, encoding='utf-8', errors='replace') as f:
                lines = f.read().splitlines()
        except OSError as e:
            p.error(f'--log {args.log}: {e.strerror}')
    checked, printed = check(lines, kunit_parser)
    results += checked
    if args.verbose or not all(ok for ok, _ in results):
        sys.stderr.write(printed)
    emit_tap(results, sys.stdout)
    return EXIT_PASS if all(ok for ok, _ in results) else EXIT_FAILED


if __name__ == '__main__':
    sys.exit(main())
