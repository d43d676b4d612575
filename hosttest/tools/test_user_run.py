#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Tests of tools/user_run.py (the user-test serial output -> TAP) and
tools/mkcpio.py (newc archives), stdlib unittest; no QEMU runs.

Run: python3 hosttest/tools/test_user_run.py (meson: suite 'host').
"""

import os
import stat
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.realpath(__file__))
TOOLS = os.path.join(os.path.dirname(os.path.dirname(HERE)), 'tools')
sys.path.insert(0, TOOLS)

import mkcpio  # noqa: E402
import user_run  # noqa: E402

GOOD = '''\
[    0.000000] Linux version 6.1.0
KTAP version 1
1..2
    # Subtest: t_a
    KTAP version 1
    1..2
    ok 1 first
    ok 2 second # SKIP not here
    # totals: pass:2 fail:0
ok 1 t_a
    # Subtest: t_b
    KTAP version 1
    1..1
    not ok 1 broken
    # t_b.c:3: failed: x
ok 2 t_b
# user-tests: pass:2 fail:0
# user-tests: done
[    1.000000] reboot: Power down
'''


def run_lines(text, why_stopped=None):
    tap = user_run.UserKtap()
    out = []
    for line in text.splitlines():
        out += tap.feed(line)
    out += tap.finish(why_stopped)
    return tap, out


def points(out):
    return [line for line in out if line.startswith(('ok ', 'not ok '))]


class UserKtapTest(unittest.TestCase):
    def test_good_run(self):
        tap, out = run_lines(GOOD)
        self.assertEqual(points(out), [
            'ok 1 t_a: first',
            'ok 2 t_a: second # SKIP not here',
            'ok 3 t_a: exit (exit status 0)',
            'not ok 4 t_b: broken',
            'ok 5 t_b: exit (exit status 0)',
        ])
        self.assertEqual(out[-1], '1..5')
        self.assertEqual(tap.failed, 1)

    def test_all_pass(self):
        tap, out = run_lines(GOOD.replace('not ok 1 broken', 'ok 1 broken'))
        self.assertEqual(tap.failed, 0)
        self.assertEqual(out[-1], '1..5')

    def test_killed_program_with_missing_results(self):
        text = GOOD.replace('    not ok 1 broken\n', '').replace(
            'ok 2 t_b', 'not ok 2 t_b # killed by signal 11 (SIGSEGV)')
        tap, out = run_lines(text)
        pts = points(out)
        self.assertIn('not ok 4 t_b: KTAP: planned 1 tests, reported 0', pts)
        self.assertIn('not ok 5 t_b: exit (killed by signal 11 (SIGSEGV))',
                      pts)

    def test_misnumbered_result(self):
        text = GOOD.replace('    ok 2 second', '    ok 3 second')
        tap, out = run_lines(text)
        self.assertTrue(any('KTAP: result' in p for p in points(out)))

    def test_timeout_while_running(self):
        text = GOOD.split('ok 2 t_b')[0]
        tap, out = run_lines(text, 'timed out after 5 s while t_b ran')
        pts = points(out)
        self.assertIn('not ok 5 t_b: did not finish (timed out after 5 s '
                      'while t_b ran)', pts)
        self.assertTrue(any('ran 1 of 2 programs' in p for p in pts))
        self.assertTrue(any('no "# user-tests: done" line' in p
                            for p in pts))

    def test_kernel_panic_line(self):
        text = GOOD.replace(
            '    # Subtest: t_b\n',
            '[    0.5] Kernel panic - not syncing: Attempted to kill init!\n'
            '    # Subtest: t_b\n')
        tap, out = run_lines(text)
        self.assertTrue(any(p.startswith('not ok') and 'Kernel panic' in p
                            for p in points(out)))

    def test_no_ktap_at_all(self):
        tap, out = run_lines('Linux version 6.1\nKernel is quiet\n')
        self.assertEqual(points(out),
                         ['not ok 1 runner: no KTAP output from /init'])

    def test_no_poweroff(self):
        text = GOOD.replace('# user-tests: done\n',
                            '# user-tests: done\n'
                            '# user-tests: reboot(POWER_OFF) returned\n')
        tap, out = run_lines(text)
        self.assertIn('runner: reboot(POWER_OFF) returned', points(out)[-1])

    def test_skip_without_kernel(self):
        with tempfile.TemporaryDirectory() as d:
            cpio = os.path.join(d, 'x.cpio')
            open(cpio, 'wb').close()
            os.environ['KEEL_LINUX_KERNEL'] = os.path.join(d, 'none')
            try:
                code = user_run.main(['--linux', 'auto', '--initrd', cpio])
            finally:
                del os.environ['KEEL_LINUX_KERNEL']
            self.assertEqual(code, 77)


def read_newc(data):
    """The entries of a newc archive: [(name, fields dict, body)]."""
    out = []
    off = 0
    while True:
        assert data[off:off + 6] == b'070701', off
        vals = [int(data[off + 6 + 8 * i:off + 14 + 8 * i], 16)
                for i in range(13)]
        f = dict(zip(mkcpio.FIELDS, vals))
        off += 110
        name = data[off:off + f['namesize'] - 1].decode()
        off += f['namesize']
        off += (4 - off % 4) % 4
        body = data[off:off + f['filesize']]
        off += f['filesize']
        off += (4 - off % 4) % 4
        if name == 'TRAILER!!!':
            assert off == len(data)
            return out
        out.append((name, f, body))


class MkcpioTest(unittest.TestCase):
    def build(self, lines):
        with tempfile.TemporaryDirectory() as d:
            src = os.path.join(d, 'prog')
            with open(src, 'wb') as f:
                f.write(b'\x7fELF12345')
            out = os.path.join(d, 'out.cpio')
            args = []
            for line in lines:
                args += ['-e', line.replace('SRC', src)]
            code = mkcpio.main(args + ['-o', out])
            if code:
                return code, None
            with open(out, 'rb') as f:
                return code, f.read()

    def test_entries(self):
        code, data = self.build([
            'dir /dev 0755 0 0',
            'nod /dev/console 0600 0 0 c 5 1',
            'dir /tests 0755 0 0',
            'file /tests/prog SRC 0755 0 0',
            'slink /tests/link prog 0777 0 0',
        ])
        self.assertEqual(code, 0)
        ents = read_newc(data)
        self.assertEqual([e[0] for e in ents],
                         ['dev', 'dev/console', 'tests', 'tests/prog',
                          'tests/link'])
        con = ents[1][1]
        self.assertEqual(con['mode'], stat.S_IFCHR | 0o600)
        self.assertEqual((con['rdevmajor'], con['rdevminor']), (5, 1))
        self.assertEqual(ents[3][1]['mode'], stat.S_IFREG | 0o755)
        self.assertEqual(ents[3][2], b'\x7fELF12345')
        self.assertEqual(ents[4][2], b'prog')
        self.assertEqual(ents[0][1]['mode'], stat.S_IFDIR | 0o755)

    def test_bad_lines(self):
        for bad in (['file /x/prog SRC 0755 0 0'],       # no parent
                    ['dir /a 0755 0 0', 'dir /a 0755 0 0'],  # twice
                    ['nod /c 0600 0 0 x 5 1'],          # device type
                    ['dir /a 0855 0 0'],                # not octal
                    ['file /p /nonexistent 0755 0 0'],
                    ['pipe /p 0755 0 0'],
                    ['dir /a 0755 0']):
            code, _ = self.build(bad)
            self.assertEqual(code, 1, bad)


if __name__ == '__main__':
    unittest.main()
