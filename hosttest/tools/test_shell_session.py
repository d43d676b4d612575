#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Host tests of tools/shell_session.py's parsing (no QEMU) and of
tools/mkinitramfs.py's applet links and ELF check."""
import os
import struct
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.realpath(__file__)),
                                '..', '..', 'tools'))
import mkinitramfs  # noqa: E402
import shell_session as ss  # noqa: E402


class CleanTest(unittest.TestCase):
    def test_escapes_cr_and_backspace(self):
        self.assertEqual(ss.clean('/ # \x1b[6nls /\r\nab\bc\r\n'),
                         '/ # ls /\nac\n')

    def test_prompt(self):
        self.assertTrue(ss.ends_with_prompt('x\n/ # '))
        self.assertTrue(ss.ends_with_prompt('/tmp # '))
        self.assertFalse(ss.ends_with_prompt('x\n/ # ls'))
        self.assertFalse(ss.ends_with_prompt('ls /\n'))

    def test_answer_drops_echo_and_prompt(self):
        text = ss.clean('echo hello | tr a-z A-Z\r\nHELLO\r\n/ # ')
        self.assertEqual(ss.answer_lines(text, 'echo hello | tr a-z A-Z'),
                         ['HELLO'])

    def test_answer_drops_kernel_log_lines(self):
        text = ss.clean('cat /proc/meminfo\r\nMemTotal: 5 kB\r\n'
                        '[    3.141592] random: crng init done\r\n'
                        'MemFree: 4 kB\r\n/ # ')
        self.assertEqual(ss.answer_lines(text, 'cat /proc/meminfo'),
                         ['MemTotal: 5 kB', 'MemFree: 4 kB'])


class ParseTest(unittest.TestCase):
    def test_meminfo(self):
        info = ss.parse_meminfo(['MemTotal:  983744 kB', 'MemFree: 5 kB',
                                 'HugePages_Total:       0', ''])
        self.assertEqual(info['MemTotal'], 983744)
        self.assertEqual(info['HugePages_Total'], 0)
        with self.assertRaises(ValueError):
            ss.parse_meminfo(['MemFree: 5 kB'])
        with self.assertRaises(ValueError):
            ss.parse_meminfo(['MemTotal: lots'])

    def test_free(self):
        lines = ['      total   used   free  shared  buff/cache  available',
                 'Mem:  983744  26516  945708  2624  11520  878840',
                 'Swap:  0 0 0']
        mem = ss.parse_free(lines)
        self.assertEqual(mem['total'], 983744)
        self.assertEqual(mem['buff/cache'], 11520)
        with self.assertRaises(ValueError):
            ss.parse_free(lines[:1])
        with self.assertRaises(ValueError):
            ss.parse_free([lines[0], 'Mem: 1 2'])

    def test_ps_and_mounts(self):
        rows = ss.parse_ps(['PID   USER     COMMAND', '    1 root     /bin/sh /init',
                            '   83 root     sh -l'])
        self.assertEqual(rows, [(1, '/bin/sh /init'),
                                (83, 'sh -l')])
        self.assertEqual(ss.parse_mounts(['proc on /proc type proc (rw)',
                                          'junk']),
                         [('proc', '/proc', 'proc')])

    def test_e820_and_time(self):
        log = ['BIOS-e820: [mem 0x0000000000000000-0x000000000009fbff] usable',
               'BIOS-e820: [mem 0x000000000009fc00-0x000000000009ffff] reserved',
               'BIOS-e820: [mem 0x0000000000100000-0x000000003ffdffff] usable']
        self.assertEqual(ss.e820_usable(log), 0x9fc00 + 0x3fee0000)
        self.assertEqual(ss.time_real(['real\t0m 37.04s', 'user\t0m 4.15s']),
                         37.04)
        self.assertEqual(ss.time_real(['real\t1m 2.50s']), 62.5)
        self.assertIsNone(ss.time_real(['nothing']))

    def test_not_implemented(self):
        log = '[ 0.3] init[1]: syscall 334 not implemented: -ENOSYS\n' * 2
        self.assertEqual(ss.not_implemented(log),
                         ['init[1]: syscall 334 not implemented: -ENOSYS'])


def elf(interp):
    """A minimal ELF64 header and one program header."""
    head = bytearray(64)
    head[:6] = b'\x7fELF\x02\x01'
    struct.pack_into('<Q', head, 32, 64)
    struct.pack_into('<HH', head, 54, 56, 1)
    ph = bytearray(56)
    struct.pack_into('<I', ph, 0, 3 if interp else 1)
    return bytes(head + ph)


class MkinitramfsTest(unittest.TestCase):
    def test_applets(self):
        lines = mkinitramfs.applet_lines('bin/sh\nusr/bin/awk\nbin/busybox\n'
                                         'bin/sh\nsbin/init\n', {'/sbin/init'})
        self.assertEqual(lines, ['slink /bin/sh /bin/busybox 0777 0 0',
                                 'slink /usr/bin/awk /bin/busybox 0777 0 0'])
        with self.assertRaises(mkinitramfs.Error):
            mkinitramfs.applet_lines('bin/../etc/x', set())

    def test_elf_interpreter(self):
        self.assertTrue(mkinitramfs.elf_interpreter(elf(True)))
        self.assertFalse(mkinitramfs.elf_interpreter(elf(False)))
        with self.assertRaises(mkinitramfs.Error):
            mkinitramfs.elf_interpreter(b'#!/bin/sh\n' + bytes(64))
        with self.assertRaises(mkinitramfs.Error):
            mkinitramfs.elf_interpreter(elf(False)[:70])


if __name__ == '__main__':
    unittest.main()
