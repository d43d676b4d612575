#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Tests of tools/qemu_run.py: QEMU command lines, KTAP -> TAP translation,
exit-status mapping, timeouts and signals.

No real QEMU runs here: a fake QEMU (a small Python script written by each
test) records its arguments, prints canned serial output and stderr, maybe
sleeps, and exits with a chosen status.

Run: python3 hosttest/tools/test_qemu_run.py (meson: suite 'host').
"""

import contextlib
import io
import json
import os
import shlex
import signal
import subprocess
import sys
import tempfile
import time
import unittest

HERE = os.path.dirname(os.path.realpath(__file__))
TOOLS = os.path.join(os.path.dirname(os.path.dirname(HERE)), 'tools')
QEMU_RUN = os.path.join(TOOLS, 'qemu-run')
sys.path.insert(0, TOOLS)

import qemu_run  # noqa: E402
from qemu_run import KtapToTap  # noqa: E402

GOOD_SERIAL = (
    'SeaBIOS-free boot log line\n'
    '[    0.000000] keel version 0.1.0\n'
    '[    0.000000] BIOS-e820: [mem 0x0000000000000000-0x000000000009fbff] usable\n'
    '[    0.012345] KTAP version 1\n'
    '[    0.012346] 1..4\n'
    '[    0.012347]     KTAP version 1\n'
    '[    0.012347]     # Subtest: mm\n'
    '[    0.012348]     1..3\n'
    '[    0.012349]     ok 1 memblock_add_simple\n'
    '[    0.012349]     # slab_leak: mm/slab.c:9: expected x\n'
    '[    0.012349]     ok 2 slab_leak # XFAIL known leak\n'
    '[    0.012349]     ok 3 big # SKIP needs 8 GiB\n'
    '[    0.012350] # mm: pass:1 fail:0 skip:1 xfail:1 total:3\n'
    '[    0.012350] ok 1 mm\n'
    '[    0.012350]     KTAP version 1\n'
    '[    0.012350]     # Subtest: time\n'
    '[    0.012350]     1..1\n'
    '[    0.012350]     ok 1 tick # SKIP no HPET\n'
    '[    0.012350] ok 2 time # SKIP all 1 tests skipped\n'
    '[    0.012351] # e820: 6 entries\n'
    '[    0.012352] ok 3 e820 # SKIP no firmware map\n'
    'ok 4 buddy\n'
    '# Totals: pass:2 fail:0 skip:3 xfail:1 total:6\n'
)

GOOD_TAP = [
    'TAP version 13',
    '# SeaBIOS-free boot log line',
    '# keel version 0.1.0',
    '# BIOS-e820: [mem 0x0000000000000000-0x000000000009fbff] usable',
    '# 1..4',
    '# KTAP version 1',
    '# # Subtest: mm',
    '# 1..3',
    'ok 1 mm.memblock_add_simple',
    '# # slab_leak: mm/slab.c:9: expected x',
    'not ok 2 mm.slab_leak # TODO XFAIL known leak',
    'ok 3 mm.big # SKIP needs 8 GiB',
    '# mm: pass:1 fail:0 skip:1 xfail:1 total:3',
    '# ok 1 mm',
    '# KTAP version 1',
    '# # Subtest: time',
    '# 1..1',
    'ok 4 time.tick # SKIP no HPET',
    '# ok 2 time # SKIP all 1 tests skipped',
    '# e820: 6 entries',
    'ok 5 e820 # SKIP no firmware map',
    'ok 6 buddy',
    '# Totals: pass:2 fail:0 skip:3 xfail:1 total:6',
    '1..6',
    '# all 6 tests passed',
]


def args_for(*argv):
    """A namespace as qemu-run would parse it, with a kernel given."""
    return qemu_run.parse_args(['--kernel', 'build/keel'] + list(argv))


def value_after(cmd, flag):
    """The argument after the only occurrence of @flag in @cmd."""
    assert cmd.count(flag) == 1, f'{flag} appears {cmd.count(flag)} times in {cmd}'
    return cmd[cmd.index(flag) + 1]


class CommandLineTest(unittest.TestCase):
    def test_defaults(self):
        cmd = qemu_run.build_command(args_for(), 'tap')
        self.assertEqual(cmd, [
            'qemu-system-x86_64', '-nodefaults', '-machine', 'pc',
            '-accel', 'tcg', '-cpu', 'qemu64', '-smp', '1', '-m', '1G',
            '-kernel', 'build/keel', '-display', 'none', '-no-reboot',
            '-serial', 'stdio',
            '-device', 'isa-debug-exit,iobase=0xf4,iosize=0x04'])

    def test_every_option(self):
        args = args_for('--qemu', '/opt/q/bin/qemu', '--machine', 'q35',
                        '--memory', '4G', '--smp', '4', '--cpu', 'max',
                        '--append', 'ktest memblock=debug',
                        '--accel', 'kvm', '--phys-bits', '44',
                        '--extra=-s', '--extra', '-S', '--',
                        '-d', 'int,cpu_reset')
        cmd = qemu_run.build_command(args, 'tap')
        self.assertEqual(cmd[0], '/opt/q/bin/qemu')
        self.assertEqual(value_after(cmd, '-machine'), 'q35')
        self.assertEqual(value_after(cmd, '-m'), '4G')
        self.assertEqual(value_after(cmd, '-smp'), '4')
        self.assertEqual(value_after(cmd, '-cpu'), 'max,phys-bits=44')
        self.assertEqual(value_after(cmd, '-append'), 'ktest memblock=debug')
        self.assertEqual(value_after(cmd, '-accel'), 'kvm')
        self.assertEqual(value_after(cmd, '-kernel'), 'build/keel')
        self.assertEqual(cmd[-4:], ['-s', '-S', '-d', 'int,cpu_reset'])
        self.assertNotIn('-object', cmd)

    def test_fixed_arguments_always_present(self):
        for mode in ('tap', 'interactive'):
            cmd = qemu_run.build_command(args_for('--memory', '64G'), mode)
            self.assertIn('-nodefaults', cmd)
            self.assertIn('-no-reboot', cmd)
            self.assertEqual(value_after(cmd, '-display'), 'none')
            self.assertEqual(value_after(cmd, '-device'),
                             'isa-debug-exit,iobase=0xf4,iosize=0x04')
            self.assertEqual(value_after(cmd, '-accel'), 'tcg')

    def test_empty_append_is_left_out(self):
        cmd = qemu_run.build_command(args_for('--append', ''), 'tap')
        self.assertNotIn('-append', cmd)

    def test_initrd_follows_the_kernel(self):
        cmd = qemu_run.build_command(
            args_for('--initrd', 'build/initramfs.cpio.gz'), 'interactive')
        self.assertEqual(value_after(cmd, '-initrd'), 'build/initramfs.cpio.gz')
        self.assertEqual(cmd.index('-initrd'), cmd.index('-kernel') + 2)
        self.assertNotIn('-initrd', qemu_run.build_command(args_for(), 'tap'))

    def test_memory_backend_above_8g(self):
        cmd = qemu_run.build_command(args_for('--memory', '64G'), 'tap')
        self.assertEqual(value_after(cmd, '-object'),
                         'memory-backend-ram,id=ram0,size=64G,reserve=off')
        self.assertEqual(value_after(cmd, '-machine'), 'pc,memory-backend=ram0')
        self.assertEqual(value_after(cmd, '-m'), '64G')

    def test_no_backend_at_8g(self):
        cmd = qemu_run.build_command(args_for('--memory', '8G'), 'tap')
        self.assertNotIn('-object', cmd)
        self.assertEqual(value_after(cmd, '-machine'), 'pc')
        cmd = qemu_run.build_command(args_for('--memory', '8193M'), 'tap')
        self.assertEqual(value_after(cmd, '-object'),
                         'memory-backend-ram,id=ram0,size=8193M,reserve=off')

    def test_reserve_off_on_request(self):
        cmd = qemu_run.build_command(
            args_for('--memory', '1536M', '--reserve-off', '--machine', 'q35'),
            'tap')
        self.assertEqual(value_after(cmd, '-object'),
                         'memory-backend-ram,id=ram0,size=1536M,reserve=off')
        self.assertEqual(value_after(cmd, '-machine'), 'q35,memory-backend=ram0')

    def test_phys_bits(self):
        cmd = qemu_run.build_command(
            args_for('--cpu', 'qemu64,+la57', '--phys-bits', '48'), 'tap')
        self.assertEqual(value_after(cmd, '-cpu'), 'qemu64,+la57,phys-bits=48')
        # 1 TiB of RAM does not fit QEMU's default 40 bits: chosen for us
        cmd = qemu_run.build_command(args_for('--memory', '1T'), 'tap')
        self.assertEqual(value_after(cmd, '-cpu'), 'qemu64,phys-bits=42')
        cmd = qemu_run.build_command(args_for('--memory', '4T'), 'tap')
        self.assertEqual(value_after(cmd, '-cpu'), 'qemu64,phys-bits=43')
        cmd = qemu_run.build_command(args_for('--memory', '1000G'), 'tap')
        self.assertEqual(value_after(cmd, '-cpu'), 'qemu64,phys-bits=42')
        cmd = qemu_run.build_command(args_for('--memory', '979G'), 'tap')
        self.assertEqual(value_after(cmd, '-cpu'), 'qemu64,phys-bits=41')
        for mem in ('256G', '978G'):
            cmd = qemu_run.build_command(args_for('--memory', mem), 'tap')
            self.assertEqual(value_after(cmd, '-cpu'), 'qemu64')
        # under KVM the host decides
        cmd = qemu_run.build_command(
            args_for('--memory', '1T', '--accel', 'kvm'), 'tap')
        self.assertEqual(value_after(cmd, '-cpu'), 'qemu64')
        # an explicit value wins over the automatic one
        cmd = qemu_run.build_command(
            args_for('--memory', '1T', '--phys-bits', '46'), 'tap')
        self.assertEqual(value_after(cmd, '-cpu'), 'qemu64,phys-bits=46')
        cmd = qemu_run.build_command(
            args_for('--memory', '1T', '--cpu', 'max,phys-bits=48'), 'tap')
        self.assertEqual(value_after(cmd, '-cpu'), 'max,phys-bits=48')

    def test_phys_bits_refused(self):
        for argv in (['--phys-bits', '31'], ['--phys-bits', '53'],
                     ['--cpu', 'max,phys-bits=40', '--phys-bits', '44']):
            with self.assertRaises(qemu_run.UsageError):
                qemu_run.build_command(args_for(*argv), 'tap')

    def test_parse_size(self):
        gib = 1 << 30
        self.assertEqual(qemu_run.parse_size('128M'), 128 << 20)
        self.assertEqual(qemu_run.parse_size('4G'), 4 * gib)
        self.assertEqual(qemu_run.parse_size('4g'), 4 * gib)
        self.assertEqual(qemu_run.parse_size('1T'), 1024 * gib)
        self.assertEqual(qemu_run.parse_size('1TiB'), 1024 * gib)
        self.assertEqual(qemu_run.parse_size('512'), 512 << 20)
        self.assertEqual(qemu_run.parse_size('2048K'), 2 << 20)
        for bad in ('1.5G', '0', '0G', '1K', 'lots', '-1G', ''):
            with self.assertRaises(qemu_run.UsageError, msg=bad):
                qemu_run.parse_size(bad)

    def test_format_size(self):
        self.assertEqual(qemu_run.format_size(64 << 30), '64G')
        self.assertEqual(qemu_run.format_size(1536 << 20), '1536M')
        self.assertEqual(qemu_run.format_size(2 << 40), '2T')
        self.assertEqual(qemu_run.format_size(1 << 50), '1P')

    def test_bad_smp_refused(self):
        with self.assertRaises(qemu_run.UsageError):
            qemu_run.build_command(args_for('--smp', '0'), 'tap')

    def test_interactive_serial(self):
        cmd = qemu_run.build_command(args_for(), 'interactive')
        self.assertEqual(value_after(cmd, '-serial'), 'mon:stdio')
        self.assertNotIn('-chardev', cmd)

    def test_interactive_serial_with_log(self):
        cmd = qemu_run.build_command(args_for(), 'interactive', '/tmp/a,b.log')
        self.assertEqual(value_after(cmd, '-chardev'),
                         'stdio,id=con0,mux=on,signal=on,logfile=/tmp/a,,b.log')
        self.assertEqual(value_after(cmd, '-serial'), 'chardev:con0')
        self.assertEqual(value_after(cmd, '-mon'), 'chardev=con0,mode=readline')

    def test_dry_run_prints_the_command(self):
        argv = ['--kernel', 'k', '--memory', '16G', '--append', 'a b', '--tap',
                '--dry-run']
        r = subprocess.run([sys.executable, QEMU_RUN] + argv,
                           capture_output=True, text=True, timeout=30)
        self.assertEqual(r.returncode, 0, r.stderr)
        expected = qemu_run.build_command(qemu_run.parse_args(argv), 'tap')
        self.assertEqual(shlex.split(r.stdout), expected)

    def test_usage_errors_exit_2(self):
        err = io.StringIO()
        saved, sys.stderr = sys.stderr, err
        try:
            code = qemu_run.main(['--kernel', 'k', '--memory', '3.5G',
                                  '--dry-run'])
        finally:
            sys.stderr = saved
        self.assertEqual(code, qemu_run.EXIT_USAGE)
        self.assertIn("'3.5G'", err.getvalue())
        r = subprocess.run([sys.executable, QEMU_RUN, '--tap'],
                           capture_output=True, text=True, timeout=30)
        self.assertEqual(r.returncode, 2)
        self.assertIn('--kernel', r.stderr)


def translate(serial):
    """Feed @serial through a translator; return (translator, TAP lines)."""
    tap = KtapToTap()
    out = [tap.header()]
    for line in serial.splitlines():
        out += tap.feed(line)
    return tap, out


class UserAfterTestsTest(unittest.TestCase):
    """--user: the tests, then user space, then a power-off (status 0)."""

    SERIAL = ('KTAP version 1\n1..1\nok 1 a\n'
              '[    1.0] Run /init as init process\n'
              'power_init: calling reboot(poweroff)\n'
              '[    1.1] reboot: Power down\n')

    def feed(self, serial, user=r'power_init: calling reboot'):
        tap = KtapToTap(user)
        for line in serial.splitlines():
            tap.feed(line)
        return tap

    def test_user_line_and_power_off_pass(self):
        lines, code = self.feed(self.SERIAL).verdict(qemu_run.STATUS_RESET)
        self.assertEqual(code, qemu_run.EXIT_PASS, lines)

    def test_no_user_line_fails(self):
        tap = self.feed(self.SERIAL, user=r'never printed')
        lines, code = tap.verdict(qemu_run.STATUS_RESET)
        self.assertEqual(code, qemu_run.EXIT_BOOT_FAILED)
        self.assertIn('no line matched /never printed/', lines[0])

    def test_reset_without_power_down_fails(self):
        serial = self.SERIAL.replace('reboot: Power down', 'reboot: Restarting system')
        lines, code = self.feed(serial).verdict(qemu_run.STATUS_RESET)
        self.assertEqual(code, qemu_run.EXIT_BOOT_FAILED)
        self.assertIn('guest reset', lines[0])

    def test_exit_after_tests_fails_when_user_space_was_asked(self):
        lines, code = self.feed('KTAP version 1\n1..1\nok 1 a\n').verdict(
            qemu_run.STATUS_PASS)
        self.assertEqual(code, qemu_run.EXIT_BOOT_FAILED)
        self.assertIn('instead of going on to user space', lines[0])

    def test_failed_tests_still_fail(self):
        tap = self.feed('KTAP version 1\n1..1\nnot ok 1 a\n')
        self.assertEqual(tap.verdict(qemu_run.STATUS_FAIL)[1],
                         qemu_run.EXIT_TESTS_FAILED)

    def test_required_lines_all_seen_pass(self):
        serial = 'EFI stub: loaded initrd from X\n' + self.SERIAL
        tap = KtapToTap(r'power_init: calling reboot',
                        [r'^EFI stub: loaded initrd', r'Run /init'])
        for line in serial.splitlines():
            tap.feed(line)
        lines, code = tap.verdict(qemu_run.STATUS_RESET)
        self.assertEqual(code, qemu_run.EXIT_PASS, lines)

    def test_a_required_line_missing_fails(self):
        tap = KtapToTap(r'power_init: calling reboot',
                        [r'Run /init', r'^EFI stub: entered through'])
        for line in self.SERIAL.splitlines():
            tap.feed(line)
        lines, code = tap.verdict(qemu_run.STATUS_RESET)
        self.assertEqual(code, qemu_run.EXIT_BOOT_FAILED)
        self.assertIn('no serial line matched /^EFI stub: entered through/',
                      lines[0])

    def test_without_user_status_0_is_a_reset(self):
        tap = KtapToTap()
        for line in self.SERIAL.splitlines():
            tap.feed(line)
        self.assertEqual(tap.verdict(qemu_run.STATUS_RESET)[1],
                         qemu_run.EXIT_BOOT_FAILED)


class AsDiskTest(unittest.TestCase):
    def test_disk_instead_of_kernel(self):
        cmd = qemu_run.build_command(args_for('--as-disk'))
        self.assertNotIn('-kernel', cmd)
        self.assertEqual(value_after(cmd, '-drive'),
                         'file=build/keel,format=raw,if=ide,snapshot=on')

    def test_disk_refuses_append(self):
        with self.assertRaises(qemu_run.UsageError):
            qemu_run.build_command(args_for('--as-disk', '--append', 'x'))

    def test_disk_refuses_initrd(self):
        with self.assertRaises(qemu_run.UsageError):
            qemu_run.build_command(args_for('--as-disk', '--initrd', 'x'))


class BootMediaTest(unittest.TestCase):
    """--boot-iso, --bios, --pflash, --pflash-vars."""

    OVMF = ('--pflash', '/usr/share/OVMF/OVMF_CODE.fd',
            '--pflash-vars', '/usr/share/OVMF/OVMF_VARS.fd')

    def iso_args(self, *argv):
        return qemu_run.parse_args(['--boot-iso', 'build/grub.iso'] +
                                   list(argv))

    def test_iso_instead_of_kernel(self):
        cmd = qemu_run.build_command(self.iso_args())
        self.assertNotIn('-kernel', cmd)
        self.assertNotIn('-append', cmd)
        self.assertNotIn('-bios', cmd)
        self.assertEqual(value_after(cmd, '-drive'),
                         'file=build/grub.iso,format=raw,media=cdrom,'
                         'readonly=on')

    def test_commas_in_paths_are_doubled(self):
        cmd = qemu_run.build_command(qemu_run.parse_args(
            ['--boot-iso', 'a,b.iso', '--pflash', 'c,d.fd']))
        drives = [cmd[i + 1] for i, a in enumerate(cmd) if a == '-drive']
        self.assertEqual(drives, [
            'if=pflash,format=raw,unit=0,readonly=on,file=c,,d.fd',
            'file=a,,b.iso,format=raw,media=cdrom,readonly=on'])

    def test_ovmf_code_and_vars(self):
        cmd = qemu_run.build_command(self.iso_args('--machine', 'q35',
                                                   *self.OVMF))
        drives = [cmd[i + 1] for i, a in enumerate(cmd) if a == '-drive']
        self.assertEqual(drives, [
            'if=pflash,format=raw,unit=0,readonly=on,'
            'file=/usr/share/OVMF/OVMF_CODE.fd',
            'if=pflash,format=raw,unit=1,snapshot=on,'
            'file=/usr/share/OVMF/OVMF_VARS.fd',
            'file=build/grub.iso,format=raw,media=cdrom,readonly=on'])
        self.assertNotIn('-bios', cmd)

    def test_firmware_with_kernel(self):
        cmd = qemu_run.build_command(args_for('--bios', 'bios.bin'))
        self.assertEqual(value_after(cmd, '-bios'), 'bios.bin')
        self.assertEqual(value_after(cmd, '-kernel'), 'build/keel')

    def test_refusals_name_the_values(self):
        cases = [
            (self.iso_args('--kernel', 'k'), ["--kernel 'k'", 'build/grub.iso']),
            (self.iso_args('--append', 'ktest'), ["--append 'ktest'"]),
            (self.iso_args('--initrd', 'i.cpio'), ["--initrd 'i.cpio'"]),
            (self.iso_args('--as-disk'), ['--as-disk']),
            (self.iso_args('--pflash-vars', 'v.fd'), ["--pflash-vars 'v.fd'"]),
            (self.iso_args('--bios', 'b', '--pflash', 'c'),
             ["--bios 'b'", "--pflash 'c'"]),
            (qemu_run.parse_args([]), ['--kernel', '--boot-iso']),
        ]
        for args, words in cases:
            with self.assertRaises(qemu_run.UsageError) as cm:
                qemu_run.build_command(args)
            for w in words:
                self.assertIn(w, str(cm.exception))

    def test_cmdline_check_refused_with_iso(self):
        r = subprocess.run([sys.executable, QEMU_RUN, '--boot-iso', 'x.iso',
                            '--cmdline-check', '--dry-run'],
                           capture_output=True, text=True, timeout=30)
        self.assertEqual(r.returncode, 2)
        self.assertIn('--cmdline-check', r.stderr)

    def test_template_is_never_written(self):
        # snapshot=on makes QEMU write to an overlay: the drive that gets
        # the writable variable store must carry it.
        cmd = qemu_run.build_command(self.iso_args(*self.OVMF))
        vars_drive = [a for a in cmd if 'OVMF_VARS' in a]
        self.assertEqual(len(vars_drive), 1)
        self.assertIn('snapshot=on', vars_drive[0].split(','))
        self.assertNotIn('readonly=on', vars_drive[0].split(','))

    def test_keel_gdb_options_unchanged(self):
        import argparse
        p = argparse.ArgumentParser()
        qemu_run.add_qemu_options(p)
        with self.assertRaises(SystemExit), \
                contextlib.redirect_stderr(io.StringIO()):
            p.parse_args(['--boot-iso', 'x.iso'])


class CmdlineCheckTest(unittest.TestCase):
    def test_fnv1a32_known_values(self):
        # The published FNV-1a 32-bit test vectors.
        self.assertEqual(qemu_run.fnv1a32(b''), 0x811c9dc5)
        self.assertEqual(qemu_run.fnv1a32(b'a'), 0xe40c292c)
        self.assertEqual(qemu_run.fnv1a32(b'foobar'), 0xbf9cf968)

    def test_word_states_length_and_hash(self):
        for prefix in ('ktest', 'ktest ' + 'x' * 95, 'ktest ' + 'y' * 1960):
            line = qemu_run.with_cmdline_check(prefix)
            head, _, word = line.rpartition(' cmdline_check=')
            self.assertEqual(head, prefix)
            length, digest = word.split(':')
            self.assertEqual(int(length), len(line))
            self.assertEqual(int(digest, 16), qemu_run.fnv1a32(prefix.encode()))

    def test_option_appends_it(self):
        args = args_for('--append', 'ktest quiet', '--cmdline-check')
        self.assertTrue(args.append.startswith('ktest quiet cmdline_check='))


class KtapTranslationTest(unittest.TestCase):
    def test_strip_timestamp(self):
        strip = qemu_run.strip_timestamp
        self.assertEqual(strip('[    0.123456] ok 1 x'), 'ok 1 x')
        self.assertEqual(strip('[12345.000001] hello'), 'hello')
        self.assertEqual(strip('[    0.000000]     ok 1 y'), '    ok 1 y')
        self.assertEqual(strip('no stamp'), 'no stamp')
        self.assertEqual(strip('[mem 0x0-0x9ffff] usable'),
                         '[mem 0x0-0x9ffff] usable')
        self.assertEqual(strip('[    1.5] x [    2.5] y'), 'x [    2.5] y')

    def test_translation(self):
        tap, out = translate(GOOD_SERIAL)
        lines, code = tap.verdict(qemu_run.STATUS_PASS)
        self.assertEqual(out + lines, GOOD_TAP)
        self.assertEqual(code, qemu_run.EXIT_PASS)
        self.assertEqual((tap.plan, tap.results, tap.failed), (4, 6, 0))

    def test_results_before_ktap_header_are_boot_log(self):
        tap, out = translate('ok 7 looks like tap\n1..9\nKTAP version 1\n'
                             '1..1\nok 1 real\n')
        self.assertEqual(out, ['TAP version 13', '# ok 7 looks like tap',
                               '# 1..9', '# 1..1', 'ok 1 real'])
        self.assertEqual(tap.verdict(qemu_run.STATUS_PASS)[1],
                         qemu_run.EXIT_PASS)

    def test_not_ok_with_reason_passes_through(self):
        tap, out = translate('KTAP version 1\n1..2\n'
                             '[    0.1] not ok 1 slab # poison overwritten\n'
                             'ok 2 buddy\n')
        self.assertIn('not ok 1 slab # poison overwritten', out)
        self.assertEqual(tap.failed, 1)

    def test_blank_and_carriage_return_lines(self):
        tap, out = translate('boot\r\n\r\nKTAP version 1\r\n1..1\r\nok 1 a\r\n')
        self.assertEqual(out, ['TAP version 13', '# boot', '#', '# 1..1', 'ok 1 a'])

    def test_second_plan_is_an_error(self):
        tap, out = translate('KTAP version 1\n1..1\nok 1 a\n1..1\n')
        self.assertEqual(out[-1], '# 1..1')
        lines, code = tap.verdict(qemu_run.STATUS_PASS)
        self.assertTrue(lines[0].startswith('Bail out! second KTAP plan'))
        self.assertEqual(code, qemu_run.EXIT_BOOT_FAILED)


class NestedKtapTest(unittest.TestCase):
    def test_nested_failure_and_xpass(self):
        tap, out = translate('KTAP version 1\n1..1\n    KTAP version 1\n'
                             '    # Subtest: sched\n    1..3\n'
                             '    not ok 1 a # sched.c:3: expected x\n'
                             '    not ok 2 b # XPASS one CPU only\n'
                             '    ok 3 c\n'
                             'not ok 1 sched\n')
        self.assertEqual(out[-5:], [
            '# 1..3', 'not ok 1 sched.a # sched.c:3: expected x',
            'not ok 2 sched.b # XPASS one CPU only', 'ok 3 sched.c',
            '# not ok 1 sched'])
        lines, code = tap.verdict(35)
        self.assertEqual(lines, ['1..3', '# 2 of 3 tests failed'])
        self.assertEqual(code, qemu_run.EXIT_TESTS_FAILED)

    def test_suite_checks(self):
        for serial, problem in [
                ('    # Subtest: s\n    1..2\n    ok 1 a\nok 1 s\n',
                 "suite 's' planned 2 tests but reported 1 results"),
                ('    # Subtest: s\n    1..1\n    ok 1 a\nnot ok 1 s\n',
                 "suite 's' reported not ok with 0 failed tests"),
                ('    # Subtest: s\n    1..1\n    not ok 1 a\nok 1 s\n',
                 "suite 's' reported ok with 1 failed tests"),
                ('    # Subtest: s\n    1..1\n    ok 1 a\nok 1 t\n',
                 "suite 's' ended by the result of 't'"),
                ('    # Subtest: s\n    ok 1 a\nok 1 s\n',
                 "suite 's' printed no plan"),
                ('    # Subtest: s\n    1..1\n    ok 1 a\n',
                 "suite 's' has no result line (1 results read)")]:
            tap, _ = translate('KTAP version 1\n1..1\n' + serial)
            lines, code = tap.verdict(33)
            self.assertEqual(lines[0], f'Bail out! {problem}', serial)
            self.assertEqual(code, qemu_run.EXIT_BOOT_FAILED)


class StatusMappingTest(unittest.TestCase):
    def test_pass(self):
        tap, _ = translate('KTAP version 1\n1..2\nok 1 a\nok 2 b\n')
        lines, code = tap.verdict(33)
        self.assertEqual(code, 0)
        self.assertEqual(lines, ['1..2', '# all 2 tests passed'])

    def test_pass_with_plan_mismatch(self):
        tap, _ = translate('KTAP version 1\n1..3\nok 1 a\nok 2 b\n')
        lines, code = tap.verdict(33)
        self.assertEqual(code, qemu_run.EXIT_BOOT_FAILED)
        self.assertEqual(lines[0], 'Bail out! the kernel planned 3 tests but '
                         'reported 2 results')

    def test_pass_without_ktap_or_plan(self):
        tap, _ = translate('just a boot log\n')
        lines, code = tap.verdict(33)
        self.assertEqual(code, qemu_run.EXIT_BOOT_FAILED)
        self.assertIn('no KTAP output', lines[0])
        tap, _ = translate('KTAP version 1\nok 1 a\n')
        lines, code = tap.verdict(33)
        self.assertIn('no KTAP plan', lines[0])

    def test_pass_status_with_failed_result(self):
        tap, _ = translate('KTAP version 1\n1..2\nok 1 a\nnot ok 2 b\n')
        lines, code = tap.verdict(33)
        self.assertEqual(code, qemu_run.EXIT_TESTS_FAILED)
        self.assertIn('1 of 2 tests failed', lines[1])

    def test_failures(self):
        tap, _ = translate('KTAP version 1\n1..2\nnot ok 1 a\nok 2 b\n')
        lines, code = tap.verdict(35)
        self.assertEqual(code, qemu_run.EXIT_TESTS_FAILED)
        self.assertEqual(lines, ['1..2', '# 1 of 2 tests failed'])

    def test_failure_status_without_failed_result(self):
        tap, _ = translate('KTAP version 1\n1..1\nok 1 a\n')
        lines, code = tap.verdict(35)
        self.assertEqual(code, qemu_run.EXIT_BOOT_FAILED)
        self.assertTrue(lines[0].startswith('Bail out!'))

    def test_failure_status_with_plan_mismatch(self):
        tap, _ = translate('KTAP version 1\n1..4\nnot ok 1 a\n')
        lines, code = tap.verdict(35)
        self.assertEqual(code, qemu_run.EXIT_BOOT_FAILED)
        self.assertIn('planned 4 tests but reported 1', lines[0])

    def test_panic_shows_the_last_40_lines(self):
        serial = ''.join(f'[    0.{i:06d}] line {i}\n' for i in range(100))
        tap, _ = translate(serial + 'Kernel panic - not syncing: oops\n')
        lines, code = tap.verdict(37)
        self.assertEqual(code, qemu_run.EXIT_BOOT_FAILED)
        self.assertEqual(lines[0], 'Bail out! kernel panic')
        self.assertEqual(lines[1], '# --- last 40 serial lines ---')
        self.assertEqual(lines[2], '# line 61')
        self.assertEqual(lines[-1], '# Kernel panic - not syncing: oops')
        self.assertEqual(len(lines), 42)

    def test_report_for_stderr(self):
        tap, _ = translate('boot\nKTAP version 1\n1..2\n'
                           '[    0.5] not ok 1 a # why\nok 2 b\n')
        lines, _ = tap.verdict(35)
        self.assertEqual(tap.report(lines, 'warning: x\n'), [
            'qemu-run: 1 of 2 tests failed', 'not ok 1 a # why',
            '--- last 5 serial lines ---', 'boot', 'KTAP version 1', '1..2',
            'not ok 1 a # why', 'ok 2 b', '--- qemu stderr ---',
            'warning: x'])
        lines, _ = tap.verdict(37)
        self.assertEqual(tap.report(lines)[0], 'qemu-run: kernel panic')

    def test_reset(self):
        tap, _ = translate('KTAP version 1\n1..1\n')
        lines, code = tap.verdict(0)
        self.assertEqual(lines[0], 'Bail out! guest reset (triple fault or reboot)')
        self.assertEqual(code, qemu_run.EXIT_BOOT_FAILED)

    def test_qemu_error_shows_stderr(self):
        tap, _ = translate('')
        lines, code = tap.verdict(1, 'qemu: -cpu foo: bad model\n')
        self.assertEqual(lines[0], 'Bail out! qemu exited with status 1')
        self.assertIn('# qemu: -cpu foo: bad model', lines)
        self.assertEqual(code, qemu_run.EXIT_BOOT_FAILED)
        lines, code = tap.verdict(-9)
        self.assertEqual(lines[0], 'Bail out! qemu was killed by signal 9')

    def test_other_debug_exit_codes_are_qemu_errors(self):
        tap, _ = translate('KTAP version 1\n1..1\nok 1 a\n')
        lines, code = tap.verdict(qemu_run.qemu_status(0x13))
        self.assertEqual(lines[0], 'Bail out! qemu exited with status 39')
        self.assertEqual(code, qemu_run.EXIT_BOOT_FAILED)

    def test_timeout(self):
        tap, _ = translate('KTAP version 1\n1..1\nstuck\n')
        lines, code = tap.verdict(-15, timed_out=2.5)
        self.assertEqual(lines[0], 'Bail out! timed out after 2.5 s')
        self.assertIn('# stuck', lines)
        self.assertEqual(code, qemu_run.EXIT_TIMEOUT)

    def test_interactive_messages(self):
        self.assertEqual(qemu_run.interactive_message(33)[1], 0)
        self.assertEqual(qemu_run.interactive_message(35)[1], 1)
        self.assertEqual(qemu_run.interactive_message(37)[1], 3)
        self.assertEqual(qemu_run.interactive_message(0)[1], 0)
        self.assertEqual(qemu_run.interactive_message(1)[1], 3)
        self.assertIn('signal 9', qemu_run.interactive_message(-9)[0])


FAKE_QEMU = '''#!{python} -I
import json, os, signal, sys, time
with open({argv_path!r}, 'w') as f:
    json.dump(sys.argv[1:], f)
sys.stdout.write({serial!r})
sys.stdout.flush()
sys.stderr.write({stderr!r})
sys.stderr.flush()
with open({pid_path!r}, 'w') as f:
    f.write(str(os.getpid()))
time.sleep({sleep})
if {status} < 0:
    os.kill(os.getpid(), -{status})
sys.exit({status})
'''


class FakeQemuTest(unittest.TestCase):
    """qemu-run end to end, against a fake QEMU."""

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix='qemu_run_test.')
        self.dir = self.tmp.name
        self.argv_path = os.path.join(self.dir, 'argv.json')
        self.pid_path = os.path.join(self.dir, 'pid')

    def tearDown(self):
        self.tmp.cleanup()

    def fake(self, serial='', status=33, stderr='', sleep=0):
        path = os.path.join(self.dir, 'fake-qemu')
        with open(path, 'w') as f:
            f.write(FAKE_QEMU.format(python=sys.executable,
                                     argv_path=self.argv_path,
                                     pid_path=self.pid_path, serial=serial,
                                     stderr=stderr, sleep=sleep,
                                     status=status))
        os.chmod(path, 0o755)
        return path

    def run_qemu_run(self, qemu, *argv, timeout=60):
        cmd = [sys.executable, QEMU_RUN, '--qemu', qemu, '--kernel',
               'build/keel'] + list(argv)
        return subprocess.run(cmd, stdin=subprocess.DEVNULL,
                              capture_output=True, text=True, timeout=timeout)

    def fake_argv(self):
        with open(self.argv_path) as f:
            return json.load(f)

    def wait_for_pid(self):
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                with open(self.pid_path) as f:
                    text = f.read()
                if text:
                    return int(text)
            except FileNotFoundError:
                pass
            time.sleep(0.02)
        self.fail('the fake QEMU never started')

    def assert_gone(self, pid):
        with self.assertRaises(ProcessLookupError, msg=f'pid {pid} survived'):
            os.kill(pid, 0)

    def test_pass_relays_tap_and_keeps_a_log(self):
        qemu = self.fake(GOOD_SERIAL, 33)
        log = os.path.join(self.dir, 'serial.log')
        r = self.run_qemu_run(qemu, '--tap', '--memory', '16G', '--log', log,
                              '--append', 'ktest')
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertEqual(r.stdout.splitlines(), GOOD_TAP)
        expected = qemu_run.build_command(qemu_run.parse_args(
            ['--qemu', qemu, '--kernel', 'build/keel', '--memory', '16G',
             '--append', 'ktest']), 'tap')
        self.assertEqual(self.fake_argv(), expected[1:])
        with open(log) as f:
            self.assertEqual(f.read(), GOOD_SERIAL)
        self.assertEqual(r.stderr, '')

    def test_boot_iso_with_user_space(self):
        serial = ('  Booting `keel (linux)\'\n' + GOOD_SERIAL +
                  'power_init: calling reboot(poweroff)\n'
                  '[    1.1] reboot: Power down\n')
        qemu = self.fake(serial, 0)
        r = subprocess.run(
            [sys.executable, QEMU_RUN, '--qemu', qemu, '--boot-iso', 'g.iso',
             '--pflash', 'code.fd', '--pflash-vars', 'vars.fd', '--tap',
             '--user', r'calling reboot\(poweroff\)'],
            stdin=subprocess.DEVNULL, capture_output=True, text=True,
            timeout=60)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        argv = self.fake_argv()
        self.assertNotIn('-kernel', argv)
        self.assertIn('file=g.iso,format=raw,media=cdrom,readonly=on', argv)
        self.assertIn('if=pflash,format=raw,unit=1,snapshot=on,file=vars.fd',
                      argv)

    def test_failures_exit_1(self):
        qemu = self.fake('KTAP version 1\n1..2\nok 1 a\nnot ok 2 b # x\n', 35)
        r = self.run_qemu_run(qemu, '--tap')
        self.assertEqual(r.returncode, qemu_run.EXIT_TESTS_FAILED)
        self.assertIn('not ok 2 b # x\n', r.stdout)

    def test_panic(self):
        qemu = self.fake('KTAP version 1\n1..2\nok 1 a\n'
                         '[    1.000000] Kernel panic - not syncing: bad\n', 37)
        r = self.run_qemu_run(qemu, '--tap')
        self.assertEqual(r.returncode, qemu_run.EXIT_BOOT_FAILED)
        out = r.stdout.splitlines()
        self.assertIn('Bail out! kernel panic', out)
        self.assertEqual(out[-1], '# Kernel panic - not syncing: bad')
        self.assertEqual(r.stderr.splitlines()[0], 'qemu-run: kernel panic')
        self.assertIn('Kernel panic - not syncing: bad\n', r.stderr)

    def test_reset(self):
        r = self.run_qemu_run(self.fake('booting\n', 0), '--tap')
        self.assertEqual(r.returncode, qemu_run.EXIT_BOOT_FAILED)
        self.assertIn('Bail out! guest reset (triple fault or reboot)\n',
                      r.stdout)

    def test_qemu_error(self):
        qemu = self.fake('', 1, stderr='qemu: could not load kernel\n')
        r = self.run_qemu_run(qemu, '--tap')
        self.assertEqual(r.returncode, qemu_run.EXIT_BOOT_FAILED)
        self.assertIn('Bail out! qemu exited with status 1\n', r.stdout)
        self.assertIn('# qemu: could not load kernel\n', r.stdout)

    def test_qemu_killed(self):
        r = self.run_qemu_run(self.fake('x\n', -9), '--tap')
        self.assertEqual(r.returncode, qemu_run.EXIT_BOOT_FAILED)
        self.assertIn('Bail out! qemu was killed by signal 9\n', r.stdout)

    def test_missing_qemu(self):
        r = self.run_qemu_run(os.path.join(self.dir, 'no-such-qemu'), '--tap')
        self.assertEqual(r.returncode, qemu_run.EXIT_BOOT_FAILED)
        self.assertIn('Bail out! cannot run', r.stdout)

    def test_last_line_without_newline(self):
        qemu = self.fake('KTAP version 1\n1..1\nok 1 a', 33)
        r = self.run_qemu_run(qemu, '--tap')
        self.assertEqual(r.returncode, 0, r.stdout)
        self.assertIn('ok 1 a\n', r.stdout)

    def test_timeout_kills_qemu(self):
        qemu = self.fake('KTAP version 1\n1..1\nstuck here\n', 33, sleep=60)
        start = time.monotonic()
        r = self.run_qemu_run(qemu, '--tap', '--timeout', '1')
        elapsed = time.monotonic() - start
        self.assertEqual(r.returncode, qemu_run.EXIT_TIMEOUT)
        self.assertLess(elapsed, 20)
        out = r.stdout.splitlines()
        bail = out.index('Bail out! timed out after 1 s')
        self.assertIn('# stuck here', out[bail:])
        self.assert_gone(self.wait_for_pid())

    def test_sigterm_kills_qemu(self):
        qemu = self.fake('KTAP version 1\n', 33, sleep=60)
        proc = subprocess.Popen([sys.executable, QEMU_RUN, '--qemu', qemu,
                                 '--kernel', 'k', '--tap'],
                                stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE, text=True)
        pid = self.wait_for_pid()
        proc.send_signal(signal.SIGTERM)
        out, _ = proc.communicate(timeout=30)
        self.assertEqual(proc.returncode, 128 + signal.SIGTERM)
        self.assertIn('Bail out! interrupted by signal 15', out)
        self.assert_gone(pid)

    def test_expect_all_matched(self):
        qemu = self.fake('keel: halting\nsecond line\n', 0, sleep=60)
        r = self.run_qemu_run(qemu, '--expect', 'halt(ing)?', '--expect',
                              '^second', '--timeout', '20')
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn('ok 1 serial output matches /halt(ing)?/', r.stdout)
        self.assertIn('ok 2 serial output matches /^second/', r.stdout)

    def test_expect_missing_line_times_out(self):
        qemu = self.fake('something else\n', 0, sleep=60)
        r = self.run_qemu_run(qemu, '--expect', 'never printed',
                              '--timeout', '0.5')
        self.assertEqual(r.returncode, qemu_run.EXIT_TIMEOUT)
        self.assertIn('not ok 1 serial output matches /never printed/',
                      r.stdout)
        self.assertIn('something else', r.stderr)

    def test_expect_status(self):
        qemu = self.fake('Kernel panic - not syncing: x\n', 37)
        r = self.run_qemu_run(qemu, '--expect', 'Kernel panic',
                              '--expect-status', '37')
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn('ok 2 QEMU exit status 37 (got 37)', r.stdout)
        r = self.run_qemu_run(self.fake('Kernel panic\n', 33), '--expect',
                              'Kernel panic', '--expect-status', '37')
        self.assertEqual(r.returncode, qemu_run.EXIT_TESTS_FAILED)
        self.assertIn('not ok 2 QEMU exit status 37 (got 33)', r.stdout)

    def test_interactive_status_mapping(self):
        for status, code in ((33, 0), (35, 1), (37, 3), (0, 0), (2, 3)):
            r = self.run_qemu_run(self.fake('hello\n', status))
            self.assertEqual(r.returncode, code, f'QEMU status {status}')
            self.assertEqual(r.stdout, 'hello\n')
            self.assertIn('Ctrl-A X', r.stderr)
        self.assertEqual(value_after(self.fake_argv(), '-serial'), 'mon:stdio')

    def test_interactive_timeout(self):
        qemu = self.fake('hello\n', 33, sleep=60)
        r = self.run_qemu_run(qemu, '--timeout', '0.5')
        self.assertEqual(r.returncode, qemu_run.EXIT_TIMEOUT)
        self.assertIn('timed out after 0.5 s', r.stderr)
        self.assert_gone(self.wait_for_pid())


if __name__ == '__main__':
    unittest.main(verbosity=2)
