#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""check_payload: the image's setup header against what the image holds.

  check_payload.py --image build/keel --elf build/keel.elf --compressed
  check_payload.py --image build/keel-uncompressed --elf build/keel.elf

Reads the setup header the way a boot loader or an extract-vmlinux-like
tool does, and checks (TAP output, exit status 1 on a failure):
  - relocatable_kernel 1, kernel_alignment 2 MiB, min_alignment 4 KiB,
    pref_address 16 MiB, XLF_KERNEL_64 and XLF_CAN_BE_LOADED_ABOVE_4G;
  - compressed: payload_offset/payload_length name a gzip member inside
    the protected-mode payload; Python's gzip and zcat (when installed)
    both inflate it to the kernel ELF's loaded bytes (its PT_LOAD file
    contents, laid out by physical address) followed by a relocation table
    whose "KRLC" trailer accounts for exactly the bytes left; init_size
    covers the kernel's whole memory span (bss and brk) and the payload;
  - uncompressed: payload_offset and payload_length are 0 and the payload
    starts with the kernel's loaded bytes.
"""
import argparse
import gzip
import shutil
import struct
import subprocess
import sys

XLF_KERNEL_64 = 1 << 0
XLF_CAN_BE_LOADED_ABOVE_4G = 1 << 1

results = []


def check(ok, what):
    results.append((bool(ok), what))


def elf_loaded(path):
    """(loaded bytes laid out from the lowest p_paddr, memory span)."""
    with open(path, 'rb') as f:
        data = f.read()
    phoff, = struct.unpack_from('<Q', data, 0x20)
    phentsize, phnum = struct.unpack_from('<HH', data, 0x36)
    segs = []
    for i in range(phnum):
        p_type, _, off, _, paddr, filesz, memsz, _ = struct.unpack_from(
            '<IIQQQQQQ', data, phoff + i * phentsize)
        if p_type == 1 and memsz:
            segs.append((paddr, off, filesz, memsz))
    lo = min(s[0] for s in segs)
    file_hi = max(s[0] + s[2] for s in segs if s[2])
    mem_hi = max(s[0] + s[3] for s in segs)
    out = bytearray(file_hi - lo)
    for paddr, off, filesz, _ in segs:
        out[paddr - lo:paddr - lo + filesz] = data[off:off + filesz]
    return bytes(out), mem_hi - lo


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--image', required=True)
    ap.add_argument('--elf', required=True)
    ap.add_argument('--compressed', action='store_true')
    a = ap.parse_args()

    with open(a.image, 'rb') as f:
        img = f.read()
    loaded, span = elf_loaded(a.elf)

    setup_sects = img[0x1f1] or 4
    pm = (setup_sects + 1) * 512
    syssize, = struct.unpack_from('<I', img, 0x1f4)
    kernel_alignment, = struct.unpack_from('<I', img, 0x230)
    relocatable, min_alignment = img[0x234], img[0x235]
    xloadflags, = struct.unpack_from('<H', img, 0x236)
    payload_offset, payload_length = struct.unpack_from('<II', img, 0x248)
    pref_address, = struct.unpack_from('<Q', img, 0x258)
    init_size, = struct.unpack_from('<I', img, 0x260)
    payload = img[pm:pm + syssize * 16]

    check(relocatable == 1, 'relocatable_kernel is 1 (%d)' % relocatable)
    check(kernel_alignment == 0x200000,
          'kernel_alignment is 2 MiB (%#x)' % kernel_alignment)
    check(min_alignment == 12, 'min_alignment is 2^12 (%d)' % min_alignment)
    check(pref_address == 0x1000000,
          'pref_address is 16 MiB (%#x)' % pref_address)
    check(xloadflags & XLF_KERNEL_64, 'XLF_KERNEL_64 (%#x)' % xloadflags)
    check(xloadflags & XLF_CAN_BE_LOADED_ABOVE_4G,
          'XLF_CAN_BE_LOADED_ABOVE_4G (%#x)' % xloadflags)
    check(len(payload) == syssize * 16 and init_size >= len(payload),
          'init_size %#x covers the %#x-byte payload' % (init_size,
                                                         len(payload)))

    if not a.compressed:
        check(payload_offset == 0 and payload_length == 0,
              'uncompressed: payload_offset/length 0 (%#x, %#x)'
              % (payload_offset, payload_length))
        check(payload[:len(loaded)] == loaded,
              'uncompressed: the payload is the kernel\'s loaded bytes')
    else:
        end = payload_offset + payload_length
        check(payload_length and end <= len(payload),
              'payload [%#x, %#x) inside the %#x-byte payload'
              % (payload_offset, end, len(payload)))
        gz = payload[payload_offset:end]
        check(gz[:3] == b'\x1f\x8b\x08', 'the payload is a gzip member')
        try:
            stream = gzip.decompress(gz)
        except (OSError, EOFError) as e:
            stream = b''
            check(False, 'Python gzip inflates it (%s)' % e)
        check(stream[:len(loaded)] == loaded,
              'inflated: starts with the kernel ELF\'s %d loaded bytes'
              % len(loaded))
        table = stream[len(loaded):]
        ok = len(table) >= 12 and table[-4:] == b'KRLC'
        if ok:
            n64, n32 = struct.unpack_from('<II', table, len(table) - 12)
            ok = (n64 + n32) * 4 + 12 == len(table)
        check(ok, 'inflated: then a relocation table (%d bytes) and '
              'nothing else' % len(table))
        zcat = shutil.which('zcat')
        if zcat:
            out = subprocess.run([zcat], input=gz, capture_output=True)
            check(out.returncode == 0 and out.stdout == stream,
                  'zcat inflates it to the same bytes')
        check(init_size >= span,
              'init_size %#x covers the kernel\'s %#x-byte span'
              % (init_size, span))

    print('TAP version 13')
    print('1..%d' % len(results))
    for i, (ok, what) in enumerate(results, 1):
        print('%s %d - %s' % ('ok' if ok else 'not ok', i, what))
    sys.exit(0 if all(ok for ok, _ in results) else 1)


if __name__ == '__main__':
    main()
