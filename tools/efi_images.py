#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Boot media for the EFI rows of the qemu suite, built by the build.

  efi_images.py fat OUT SIZE_MIB SRC:DEST [SRC:DEST ...]
      A FAT file system image (no partition table: UEFI firmware reads such
      a "superfloppy" as one volume) holding each SRC at DEST, a path with
      '/' separators such as EFI/BOOT/BOOTX64.EFI. mtools' mformat, mmd and
      mcopy do the work; nothing is mounted.

  efi_images.py nsh OUT IMAGE [ARG...]
      A UEFI shell script (startup.nsh, CRLF line ends) that starts IMAGE,
      a path on fs0: with '/' separators, with the ARGs as its command
      line. (The shell wants '\' separators, which the build's command
      lines do not carry well.)

  efi_images.py no-pe IN OUT
      IN with its "MZ" cleared: firmware no longer takes the image for a
      PE/COFF application, so OVMF's direct kernel boot falls back to the
      EFI handover protocol (the boot protocol header is untouched).
"""
import os
import subprocess
import sys


def die(msg):
    sys.stderr.write(f'efi_images: {msg}\n')
    sys.exit(1)


def run(cmd):
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True, check=False)
    if r.returncode:
        die(f'{" ".join(cmd)} failed ({r.returncode}): {r.stdout.strip()}')


def make_fat(out, size_mib, pairs):
    if size_mib < 2 or size_mib > 1024:
        die(f'FAT image size {size_mib} MiB out of range 2..1024')
    files = []
    for pair in pairs:
        src, sep, dest = pair.partition(':')
        if not sep or not dest or dest.startswith('/'):
            die(f'{pair!r}: want SRC:DEST with a relative DEST')
        if not os.path.isfile(src):
            die(f'{src}: no such file')
        files.append((src, dest))
    tmp = out + '.tmp'
    if os.path.exists(tmp):
        os.unlink(tmp)
    # 2048 sectors per MiB; 32 sectors a track and 64 heads as mformat
    # wants a geometry: the size is all that matters here.
    run(['mformat', '-i', tmp, '-C', '-T', str(size_mib * 2048),
         '-h', '64', '-s', '32', '-v', 'KEEL', '::'])
    made = set()
    for src, dest in files:
        parts = dest.split('/')[:-1]
        for i in range(1, len(parts) + 1):
            d = '/'.join(parts[:i])
            if d not in made:
                run(['mmd', '-i', tmp, '::/' + d])
                made.add(d)
        run(['mcopy', '-i', tmp, src, '::/' + dest])
    os.replace(tmp, out)


def main(argv):
    if len(argv) >= 4 and argv[0] == 'fat':
        try:
            size = int(argv[2])
        except ValueError:
            die(f'size {argv[2]!r} is not a number of MiB')
        make_fat(argv[1], size, argv[3:])
    elif len(argv) >= 3 and argv[0] == 'nsh':
        image = 'fs0:\\' + argv[2].lstrip('/').replace('/', '\\')
        with open(argv[1], 'w', newline='') as f:
            f.write(' '.join([image] + argv[3:]) + '\r\n')
    elif len(argv) == 3 and argv[0] == 'no-pe':
        with open(argv[1], 'rb') as f:
            data = bytearray(f.read())
        if data[:2] != b'MZ':
            die(f'{argv[1]}: no "MZ" at offset 0: not a PE image')
        data[0:2] = b'\0\0'
        with open(argv[2], 'wb') as f:
            f.write(data)
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
