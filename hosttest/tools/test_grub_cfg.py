#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Tests of tools/grub_cfg.py (the grub.cfg of keel's boot ISOs) and
tools/mkgrubiso.py (grub-mkrescue's command line, its failures), against a
fake grub-mkrescue.

Run: python3 hosttest/tools/test_grub_cfg.py (meson: suite 'host').
"""

import contextlib
import io
import os
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.realpath(__file__))
TOOLS = os.path.join(os.path.dirname(os.path.dirname(HERE)), 'tools')
sys.path.insert(0, TOOLS)

import grub_cfg  # noqa: E402
import mkgrubiso  # noqa: E402
from qemu_run import fnv1a32  # noqa: E402


def entry_lines(cfg):
    """The commands inside the menu entry of @cfg."""
    body = cfg.split('{', 1)[1].split('}', 1)[0]
    return [line.strip() for line in body.strip().splitlines()]


class GrubCfgTest(unittest.TestCase):
    def test_linux_entry(self):
        cfg = grub_cfg.make_cfg('linux', 'ktest  ktest_shutdown=none')
        self.assertEqual(entry_lines(cfg), [
            'linux /boot/keel ktest ktest_shutdown=none',
            'initrd /boot/initrd.cpio'])
        lines = cfg.splitlines()
        for want in ('set timeout=0', 'serial --unit=0 --speed=115200',
                     'terminal_output serial', 'terminal_input serial'):
            self.assertIn(want, lines)
        # The terminal is set up before the entry runs.
        self.assertLess(lines.index('terminal_output serial'),
                        lines.index('menuentry "keel (linux)" {'))

    def test_linux16_entry_without_initrd(self):
        cfg = grub_cfg.make_cfg('linux16', 'quiet', initrd=False)
        self.assertEqual(entry_lines(cfg), ['linux16 /boot/keel quiet'])
        cfg = grub_cfg.make_cfg('linux16', '')
        self.assertEqual(entry_lines(cfg), ['linux16 /boot/keel',
                                            'initrd16 /boot/initrd.cpio'])

    def test_cmdline_check_covers_boot_image(self):
        cfg = grub_cfg.make_cfg('linux', 'ktest ktest_shutdown=none',
                                cmdline_check=True)
        words = entry_lines(cfg)[0].split()
        self.assertEqual(words[:4], ['linux', '/boot/keel', 'ktest',
                                     'ktest_shutdown=none'])
        # The value keel's cmdline_intact test accepted under GRUB 2.06.
        self.assertEqual(words[4], 'cmdline_check=73:970e4011')
        passed = 'BOOT_IMAGE=/boot/keel ' + ' '.join(words[2:])
        length, digest = words[4].split('=')[1].split(':')
        self.assertEqual(int(length), len(passed))
        self.assertEqual(int(digest, 16), fnv1a32(
            b'BOOT_IMAGE=/boot/keel ktest ktest_shutdown=none'))

    def test_refusals_name_the_values(self):
        for loader, append, words in [
                ('linux32', '', ["'linux32'", 'linux16']),
                ('linux', 'a=$x', ["'a=$x'", "'$'"]),
                ('linux', 'say "hi"', ["'\"'"]),
                ('linux', 'a;b', ["';'"])]:
            with self.assertRaises(grub_cfg.CfgError) as cm:
                grub_cfg.make_cfg(loader, append)
            for w in words:
                self.assertIn(w, str(cm.exception))
        with self.assertRaises(grub_cfg.CfgError):
            grub_cfg.make_cfg('linux', '', kernel_path='boot/keel')

    def test_main_writes_the_file(self):
        with tempfile.TemporaryDirectory() as d:
            out = os.path.join(d, 'grub.cfg')
            self.assertEqual(grub_cfg.main(['--loader', 'linux16',
                                            '--append', 'x', '-o', out]), 0)
            with open(out) as f:
                self.assertEqual(f.read(), grub_cfg.make_cfg('linux16', 'x'))
            err = io.StringIO()
            with contextlib.redirect_stderr(err):
                code = grub_cfg.main(['--append', 'a|b', '-o', out])
            self.assertEqual(code, 2)
            self.assertIn("'a|b'", err.getvalue())


FAKE_MKRESCUE = '''#!{python}
import sys
open({log!r}, 'w').write('\\n'.join(sys.argv[1:]))
print('xorriso chatter')
if {ok}:
    out = sys.argv[sys.argv.index('-o') + 1]
    open(out, 'w').write('iso')
sys.exit(0 if {ok} else 5)
'''


class MkGrubIsoTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix='mkgrubiso_test.')
        self.dir = self.tmp.name
        self.log = os.path.join(self.dir, 'argv')

    def tearDown(self):
        self.tmp.cleanup()

    def fake(self, ok):
        path = os.path.join(self.dir, 'grub-mkrescue')
        with open(path, 'w') as f:
            f.write(FAKE_MKRESCUE.format(python=sys.executable, log=self.log,
                                         ok=ok))
        os.chmod(path, 0o755)
        return path

    def run_main(self, *argv):
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = mkgrubiso.main(list(argv))
        return code, out.getvalue(), err.getvalue()

    def test_command_line(self):
        cmd = mkgrubiso.mkrescue_command('grub-mkrescue', 'k.iso', 'g.cfg',
                                         'keel', 'i.cpio', 'i386-pc')
        self.assertEqual(cmd, [
            'grub-mkrescue', '-d', '/usr/lib/grub/i386-pc', '--locales=',
            '--fonts=', '--themes=', '-o', 'k.iso',
            'boot/grub/grub.cfg=g.cfg', 'boot/keel=keel',
            'boot/initrd.cpio=i.cpio'])
        cmd = mkgrubiso.mkrescue_command('m', 'k.iso', 'g.cfg', 'keel')
        self.assertNotIn('-d', cmd)
        self.assertEqual(cmd[-1], 'boot/keel=keel')
        for bad in [dict(platform='arm64-efi'), dict(kernel='a=b')]:
            kw = dict(mkrescue='m', iso='k.iso', cfg='g.cfg', kernel='keel')
            kw.update(bad)
            with self.assertRaises(grub_cfg.CfgError) as cm:
                mkgrubiso.mkrescue_command(**kw)
            self.assertIn(repr(list(bad.values())[0]), str(cm.exception))

    def test_success_is_quiet(self):
        iso = os.path.join(self.dir, 'k.iso')
        cfg = os.path.join(self.dir, 'g.cfg')
        code, out, err = self.run_main(
            '--grub-mkrescue', self.fake(True), '--kernel', 'keel',
            '--initrd', 'i.cpio', '--loader', 'linux16', '--append', 'ktest',
            '--cmdline-check', '--cfg', cfg, '-o', iso)
        self.assertEqual((code, out, err), (0, '', ''))
        with open(cfg) as f:
            self.assertEqual(f.read(), grub_cfg.make_cfg(
                'linux16', 'ktest', cmdline_check=True))
        with open(self.log) as f:
            argv = f.read().splitlines()
        self.assertIn(f'boot/grub/grub.cfg={cfg}', argv)
        self.assertIn('boot/initrd.cpio=i.cpio', argv)

    def test_failure_shows_the_chatter(self):
        code, _, err = self.run_main(
            '--grub-mkrescue', self.fake(False), '--kernel', 'keel',
            '--cfg', os.path.join(self.dir, 'g.cfg'),
            '-o', os.path.join(self.dir, 'k.iso'))
        self.assertEqual(code, 1)
        self.assertIn('xorriso chatter', err)
        self.assertIn('failed with status 5', err)

    def test_missing_program(self):
        code, _, err = self.run_main(
            '--grub-mkrescue', os.path.join(self.dir, 'none'),
            '--kernel', 'keel', '--cfg', os.path.join(self.dir, 'g.cfg'),
            '-o', os.path.join(self.dir, 'k.iso'))
        self.assertEqual(code, 1)
        self.assertIn('cannot run', err)


if __name__ == '__main__':
    unittest.main()
