#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""keel-gdb: boot keel in QEMU held at its first instruction (-S) with a gdb
stub, and attach gdb to it with keel.elf's symbols and the keel-* helpers
(tools/gdb/keel.py, carried in keel.elf's .debug_gdb_scripts section),
stopped at start_kernel. On the way, keel-kaslr follows kernel image KASLR:
it finds the random offset the decompressor gave the kernel and moves the
symbols there. `ninja -C build gdb` and `tools/dev gdb` run it.

The serial console goes to a file (--serial-log; `tail -f` it), since gdb
has the terminal. Quitting gdb ends QEMU.

Other scripts (the qemu suite's gdb test) import this module for
qemu_command() and gdb_connect_script().
"""

import argparse
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                '..'))
import qemu_run  # noqa: E402  (tools/qemu_run.py)

DEFAULT_PORT = 1234  # what QEMU's -s listens on
CONNECT_TRIES = 200  # gdb retries the connection while QEMU starts
CONNECT_WAIT = 0.05  # seconds between tries


def qemu_command(args, gdb_dev, serial_log):
    """QEMU's command line: keel as qemu_run builds it (TCG unless asked),
    the gdb stub on @gdb_dev (a QEMU -gdb device: tcp::PORT or
    unix:PATH,server=on,wait=off), held at reset (-S), the serial console
    into @serial_log."""
    cmd = qemu_run.build_command(args, 'tap')
    # build_command puts the console on stdio; here it goes to a file.
    i = cmd.index('-serial')
    cmd[i + 1] = 'file:' + serial_log
    return cmd + ['-gdb', gdb_dev, '-S']


def gdb_connect_script(target):
    """gdb commands that connect to @target (e.g. :1234, unix::/path),
    retrying while QEMU opens its stub."""
    return f'''python
import time
for _try in range({CONNECT_TRIES}):
    try:
        gdb.execute('target remote {target}')
        break
    except gdb.error as e:
        _err = e
        time.sleep({CONNECT_WAIT})
else:
    raise gdb.GdbError('cannot connect to QEMU at {target}: %s' % _err)
end
'''


def gdb_command(gdb_bin, elf, connect_file):
    """gdb's command line: trust keel.elf's .debug_gdb_scripts, load it,
    connect."""
    return [gdb_bin, '-q', '-iex', f'add-auto-load-safe-path {elf}',
            '-ex', 'set pagination off', elf, '-x', connect_file]


def main(argv=None):
    p = argparse.ArgumentParser(
        prog='keel-gdb', description=__doc__.splitlines()[0])
    qemu_run.add_qemu_options(p)
    p.add_argument('--elf', required=True, help='build/keel.elf')
    p.add_argument('--gdb', default='gdb', metavar='BIN')
    p.add_argument('--port', type=int, default=DEFAULT_PORT,
                   help=f'gdb stub TCP port (default {DEFAULT_PORT}, as -s)')
    p.add_argument('--serial-log', default=None, metavar='FILE',
                   help='where the serial console goes (default: '
                   'keel-serial.log next to the ELF)')
    p.add_argument('--break', dest='brk', default='start_kernel',
                   metavar='LOCATION',
                   help='where gdb stops first (default start_kernel; '
                   '"none" stops at the reset vector)')
    args = p.parse_args(qemu_run.join_dash_values(
        sys.argv[1:] if argv is None else argv))
    if not 1 <= args.port <= 65535:
        p.error(f'--port {args.port} is not a TCP port')
    if not os.path.isfile(args.elf):
        p.error(f'--elf {args.elf}: no such file (build it: ninja -C build)')
    serial = args.serial_log or os.path.join(
        os.path.dirname(os.path.abspath(args.elf)), 'keel-serial.log')
    try:
        cmd = qemu_command(args, f'tcp:127.0.0.1:{args.port}', serial)
    except qemu_run.UsageError as e:
        p.error(str(e))
    print(f'keel-gdb: QEMU with a gdb stub on 127.0.0.1:{args.port}, held '
          f'at reset; serial console in {serial} (tail -f it)',
          file=sys.stderr)
    with tempfile.NamedTemporaryFile('w', suffix='.gdb', prefix='keel-gdb-',
                                     delete=False) as f:
        f.write(gdb_connect_script(f'127.0.0.1:{args.port}'))
        if args.brk != 'none':
            f.write(f'keel-kaslr\ntbreak {args.brk}\ncontinue\n')
        connect = f.name
    qemu = None
    try:
        # Its own session: gdb's Ctrl-C must not reach QEMU.
        qemu = subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
                                start_new_session=True)
        gdb = subprocess.run(gdb_command(args.gdb, args.elf, connect))
        return gdb.returncode
    except OSError as e:
        print(f'keel-gdb: cannot run {e.filename}: {e.strerror}',
              file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    finally:
        os.unlink(connect)
        if qemu:
            qemu_run.stop_qemu(qemu)


if __name__ == '__main__':
    sys.exit(main())
