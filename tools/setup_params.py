#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""setup_params: the kernel parameters keel.elf registers, and the check
that Documentation/kernel-parameters.md lists exactly those.

  setup_params.py --nm llvm-nm keel.elf
      prints the .init.setup table [__setup_start, __setup_end), one
      registration a line: "early NAME" (early_param) or "setup NAME"
      (__setup; NAME ends in '=' when it takes a value).
  setup_params.py --nm llvm-nm keel.elf --doc Documentation/kernel-parameters.md
      prints TAP: one test per registration (listed in the file, as the same
      kind) and one per row of the file (registered); exits 1 on any miss.
      --without NAME leaves NAME's row out of the file as read (to check
      that a missing row is caught).

A table entry is struct obs_kernel_param (kernel/lib/setup_params.h) on
x86_64: the name's address (8 bytes), the handler's (8), int early (4) and
padding to 24 bytes. Addresses are read through the ELF section headers.
"""

import argparse
import re
import struct
import subprocess
import sys

ENTRY = struct.Struct('<QQi4x')
SHT_NOBITS = 8


def symbols(nm, elf, names):
    out = subprocess.run([nm, '--defined-only', elf], check=True,
                         capture_output=True, text=True).stdout
    found = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[2] in names:
            found[parts[2]] = int(parts[0], 16)
    missing = [n for n in names if n not in found]
    if missing:
        sys.exit(f'setup_params: {elf} has no {", ".join(missing)}')
    return found


def sections(data):
    """[(addr, offset, size)] of the ELF64 sections with file contents."""
    if data[:4] != b'\x7fELF' or data[4] != 2 or data[5] != 1:
        sys.exit('setup_params: not a little-endian ELF64 file')
    shoff, = struct.unpack_from('<Q', data, 0x28)
    shentsize, shnum = struct.unpack_from('<HH', data, 0x3a)
    out = []
    for i in range(shnum):
        sh = shoff + i * shentsize
        sh_type, = struct.unpack_from('<I', data, sh + 4)
        addr, offset, size = struct.unpack_from('<QQQ', data, sh + 0x10)
        if addr and sh_type != SHT_NOBITS:
            out.append((addr, offset, size))
    return out


def file_offset(secs, addr, what):
    for base, offset, size in secs:
        if base <= addr < base + size:
            return offset + (addr - base)
    sys.exit(f'setup_params: {what} at {addr:#x} is in no loaded section')


def registrations(nm, elf):
    """[(kind, name)] of the .init.setup table, in table order."""
    marks = symbols(nm, elf, ('__setup_start', '__setup_end'))
    with open(elf, 'rb') as f:
        data = f.read()
    secs = sections(data)
    start, end = marks['__setup_start'], marks['__setup_end']
    if (end - start) % ENTRY.size:
        sys.exit(f'setup_params: table of {end - start} bytes is not a '
                 f'multiple of {ENTRY.size}')
    out = []
    for addr in range(start, end, ENTRY.size):
        str_addr, _, early = ENTRY.unpack_from(
            data, file_offset(secs, addr, 'entry'))
        pos = file_offset(secs, str_addr, 'name')
        name = data[pos:data.index(b'\0', pos)].decode()
        out.append(('early' if early else 'setup', name))
    return out


ROW = re.compile(r'^\|\s*`([^`]+)`\s*\|\s*(early|setup)\s*\|')


def documented(path, without):
    """{name: kind} of the rows of the parameter table in @path."""
    rows = {}
    with open(path) as f:
        for n, line in enumerate(f, 1):
            m = ROW.match(line)
            if not m or m.group(1) in without:
                continue
            if m.group(1) in rows:
                sys.exit(f'setup_params: {path}:{n}: {m.group(1)} is '
                         f'listed twice')
            rows[m.group(1)] = m.group(2)
    return rows


def check(regs, rows, doc):
    tests = []
    registered = {}
    for kind, name in regs:
        registered.setdefault(name, set()).add(kind)
    for name, kinds in sorted(registered.items()):
        for kind in sorted(kinds):
            ok = rows.get(name) == kind
            why = '' if ok else (f' # {doc} lists it as {rows[name]}'
                                 if name in rows else f' # not in {doc}')
            tests.append((ok, f'registered {kind} {name} is documented{why}'))
    for name, kind in sorted(rows.items()):
        ok = kind in registered.get(name, ())
        why = '' if ok else ' # keel.elf registers no such parameter'
        tests.append((ok, f'documented {kind} {name} is registered{why}'))
    print('TAP version 13')
    print(f'1..{len(tests)}')
    for i, (ok, text) in enumerate(tests, 1):
        print(f'{"ok" if ok else "not ok"} {i} {text}')
    return all(ok for ok, _ in tests)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--nm', default='llvm-nm')
    ap.add_argument('elf')
    ap.add_argument('--doc')
    ap.add_argument('--without', action='append', default=[])
    args = ap.parse_args()
    regs = registrations(args.nm, args.elf)
    if not args.doc:
        for kind, name in regs:
            print(kind, name)
        return 0
    return 0 if check(regs, documented(args.doc, args.without),
                      args.doc) else 1


if __name__ == '__main__':
    sys.exit(main())
