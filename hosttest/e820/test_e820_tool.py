#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Tests of the e820 host command (tools/e820.c), printed as TAP.

Usage: test_e820_tool.py PATH/TO/e820

Realistic Linux maps (hosttest/e820/maps/*.txt) must come out unchanged;
raw output must read back to the same map; sanitising, --mem/--memmap,
rejected maps (exit 1, map unchanged, reason on stderr), bad lines and bad
options (exit 2, named on stderr), --help, and the input conventions
(timestamps, other dmesg text, comments, blank lines, CRLF, old format).
"""
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
MAPS = os.path.join(HERE, "maps")
ENTRY_RE = re.compile(r"(BIOS-e820|BIOS-e801|BIOS-88): (\[mem .*)$")

TOOL = None
results = []


def run(args, stdin=""):
    """Run the tool; return (exit code, stdout, stderr)."""
    p = subprocess.run([TOOL] + args, input=stdin, capture_output=True,
                       text=True, timeout=30)
    return p.returncode, p.stdout, p.stderr


def check(name, cond, diag=""):
    results.append((name, bool(cond), diag))


def expect(name, got, want_rc, out=None, err_has=(), out_has=()):
    """Check a run's exit code, exact stdout and stderr fragments."""
    rc, stdout, stderr = got
    problems = []
    if rc != want_rc:
        problems.append("exit %d, expected %d" % (rc, want_rc))
    if out is not None and stdout != out:
        problems.append("stdout:\n%s\nexpected:\n%s" % (stdout, out))
    for frag in err_has:
        if frag not in stderr:
            problems.append("stderr lacks %r:\n%s" % (frag, stderr))
    for frag in out_has:
        if frag not in stdout:
            problems.append("stdout lacks %r:\n%s" % (frag, stdout))
    check(name, not problems, "\n".join(problems))


def map_lines(path):
    """The e820 lines of a dmesg file, as Linux printed them."""
    lines = []
    with open(path) as f:
        for line in f:
            m = ENTRY_RE.search(line.rstrip("\n"))
            if m:
                lines.append("%s: %s" % (m.group(1), m.group(2)))
    return "".join(l + "\n" for l in lines)


def test_linux_maps_unchanged():
    for name in sorted(os.listdir(MAPS)):
        path = os.path.join(MAPS, name)
        with open(path) as f:
            text = f.read()
        want = map_lines(path)
        check("map %s has entries" % name, want.count("\n") >= 7)
        expect("map %s from stdin comes out unchanged" % name,
               run([], text), 0, out=want)
        expect("map %s as a file argument" % name, run([path]), 0, out=want)
        # --raw, read back, gives the same map in both formats.
        rc, raw, _ = run(["--raw", path])
        check("map %s --raw exits 0" % name, rc == 0)
        expect("map %s raw output reads back" % name, run([], raw), 0,
               out=want)
        expect("map %s raw output is stable" % name, run(["--raw", "-"], raw),
               0, out=raw)


def test_raw_format():
    # 04000000 is octal, as in C.
    expect("raw lines print as 0xADDR 0xSIZE TYPE",
           run(["--raw"], "0 0x9fc00 1\n0x9fc00 1024 2\n04000000 0x1000 3\n"),
           0, out="0x0 0x9fc00 1\n0x9fc00 0x400 2\n0x100000 0x1000 3\n")


def test_sanitises():
    raw = ("0x100000 0x3ff00000 1\n"
           "0 0xa0000 1\n"
           "0x100000 0x3ff00000 1\n"          # duplicate
           "0x1000000 0x1000 2   # a hole\n"  # reserved inside RAM
           "0x80000000 0x1000 0\n"            # zero type: a gap
           "0x90000000 0 2\n")                # zero size: ignored
    want = ("BIOS-e820: [mem 0x0000000000000000-0x000000000009ffff] usable\n"
            "BIOS-e820: [mem 0x0000000000100000-0x0000000000ffffff] usable\n"
            "BIOS-e820: [mem 0x0000000001000000-0x0000000001000fff] reserved\n"
            "BIOS-e820: [mem 0x0000000001001000-0x000000003fffffff] usable\n")
    expect("unsorted, overlapping raw input is sanitised", run([], raw), 0,
           out=want)
    pram = "0 0x3000 12\n0x1000 0x1000 12\n"
    expect("overlapping PRAM gives three pieces", run(["--raw"], pram), 0,
           out="0x0 0x1000 12\n0x1000 0x1000 12\n0x2000 0x1000 12\n")


def test_rejected_maps():
    one = "BIOS-e820: [mem 0x0000000000000000-0x000000000009fbff] usable\n"
    expect("a single entry is rejected and printed unchanged",
           run([], one), 1, out=one, err_has=["at least 2"])
    wrap = "0x0 0x1000 1\n0xfffffffffffff000 0x2000 2\n"
    expect("a wrapping entry is rejected and printed unchanged",
           run(["--raw"], wrap), 1, out=wrap,
           err_has=["entry 1 (addr 0xfffffffffffff000 size 0x2000 type 2) "
                    "wraps past 2^64"])
    expect("no entries at all: exit 1 and say so",
           run([], "hello\n"), 1, out="",
           err_has=["no e820 entries found", "nr_entries is 0"])


def test_bad_lines():
    text = ("[    0.000000] BIOS-e820: [mem 0x0000000000000000-"
            "0x000000000009fbff] usable\n"
            "\n"
            "[    0.000000] BIOS-e820: [mem 0x000000000009fc00-"
            "0x000000000009ffff] reserverd\n")
    expect("an unknown type name is named with its line number",
           run([], text), 2, out="",
           err_has=["<stdin>:3: unknown type name:", "reserverd"])
    expect("a tagged line without [mem is an error",
           run([], "BIOS-e820: [mem 0x1000-\n"), 2,
           err_has=["<stdin>:1: expected \"-0xEND\""])
    expect("end before start is an error",
           run([], "BIOS-e820: [mem 0x2000-0x0fff] usable\n"), 2,
           err_has=[":1: the end lies before the start"])
    expect("a raw line with junk is an error",
           run([], "# raw\n0 0x1000 1\n0x1000 0x1000 2 3\n"), 2,
           err_has=["<stdin>:3: junk after TYPE: 0x1000 0x1000 2 3"])
    expect("a raw line with a bad number is an error",
           run([], "0 0x1000 1\n0x1000 0xg000 2\n"), 2,
           err_has=[":2: SIZE is not a number"])
    expect("a raw number that overflows is an error",
           run([], "0 0x10000000000000000 1\n"), 2,
           err_has=[":1: SIZE is not a number"])
    expect("a raw type over 32 bits is an error",
           run([], "0 0x1000 0x100000000\n"), 2,
           err_has=[":1: TYPE does not fit in 32 bits"])
    expect("a raw line with two numbers is an error",
           run([], "0 0x1000\n"), 2, err_has=[":1: TYPE is not a number"])
    many = "".join("%d 1 1\n" % (i * 2) for i in range(321))
    expect("more than 320 entries is an error at the 321st line",
           run([], many), 2, err_has=[":321: more than 320 entries"])
    with tempfile.NamedTemporaryFile("w", suffix=".txt",
                                     delete=False) as f:
        f.write("0 0x1000 1\nnot a number here\n1x 0 0\n")
        path = f.name
    try:
        expect("errors name the file", run([path]), 2,
               err_has=["%s:3: ADDR is not a number" % path])
    finally:
        os.unlink(path)


def test_input_conventions():
    text = ("Jan 12 09:14:02 host kernel: Linux version 6.8.0\n"
            "\r\n"
            "   \n"
            "# comment\n"
            "[    0.000000] e820: update [mem 0x00000000-0x00000fff] usable "
            "==> reserved\n"
            "[    0.000000] BIOS-e820: [mem 0x0000000000000000-"
            "0x000000000009fbff] usable\r\n"
            "BIOS-e820:[mem 0x0000000000100000-0x0000000007ffffff] "
            "usable   \n"
            "[    0.000000] user: [mem 0x0000000000000000-0x0000000000000fff] "
            "reserved\n"
            "[    0.000000] reserve setup_data: [mem 0x000000000009d000-"
            "0x000000000009d02f] usable\n")
    want = ("BIOS-e820: [mem 0x0000000000000000-0x000000000009fbff] usable\n"
            "BIOS-e820: [mem 0x0000000000100000-0x0000000007ffffff] usable\n")
    expect("other dmesg text, blank lines, comments and CRLF are handled",
           run([], text), 0, out=want)
    old = ("BIOS-provided physical RAM map:\n"
           " BIOS-e820: 0000000000000000 - 000000000009fc00 (usable)\n"
           " BIOS-e820: 000000000009fc00 - 00000000000a0000 (reserved)\n"
           " BIOS-e820: 0000000000100000 - 000000003fff0000 (usable)\n"
           " BIOS-e820: 000000003fff0000 - 0000000040000000 (ACPI data)\n")
    expect("the old (2.6) format is read",
           run(["--raw"], old), 0,
           out="0x0 0x9fc00 1\n0x9fc00 0x400 2\n0x100000 0x3fef0000 1\n"
               "0x3fff0000 0x10000 3\n")
    expect("a malformed old-format line is an error",
           run([], " BIOS-e820: 0000000000000000 - 000000000009fc00 usable\n"),
           2, err_has=[":1: expected \" (TYPE)\""])
    e801 = ("BIOS-e801: [mem 0x0000000000000000-0x000000000009efff] usable\n"
            "BIOS-e801: [mem 0x0000000000100000-0x0000000003ffffff] usable\n")
    expect("the BIOS-e801 prefix is kept", run([], e801), 0, out=e801)
    mixed = e801 + "0x8000000 0x1000 2\n"
    expect("mixed prefixes print as BIOS-e820", run([], mixed), 0,
           out_has=["BIOS-e820: [mem 0x0000000008000000-0x0000000008000fff] "
                    "reserved"])


QEMU = ("BIOS-e820: [mem 0x0000000000000000-0x000000000009fbff] usable\n"
        "BIOS-e820: [mem 0x000000000009fc00-0x000000000009ffff] reserved\n"
        "BIOS-e820: [mem 0x00000000000f0000-0x00000000000fffff] reserved\n"
        "BIOS-e820: [mem 0x0000000000100000-0x000000003ffdffff] usable\n"
        "BIOS-e820: [mem 0x000000003ffe0000-0x000000003fffffff] reserved\n"
        "BIOS-e820: [mem 0x00000000feffc000-0x00000000feffffff] reserved\n"
        "BIOS-e820: [mem 0x00000000fffc0000-0x00000000ffffffff] reserved\n")


def test_options():
    expect("--mem cuts RAM and prints the user map",
           run(["--mem=512M", "--raw"], QEMU), 0,
           out="0x0 0x9fc00 1\n0x9fc00 0x400 2\n0xf0000 0x10000 2\n"
               "0x100000 0x1ff00000 1\n0x3ffe0000 0x20000 2\n"
               "0xfeffc000 0x4000 2\n0xfffc0000 0x40000 2\n")
    expect("the user map has the prefix user",
           run(["--mem", "512M"], QEMU), 0,
           out_has=["user: [mem 0x0000000000100000-0x000000001fffffff] "
                    "usable"])
    expect("exactmap and entries, in order",
           run(["--memmap=exactmap", "--memmap=640K@0,1G@1M",
                "--memmap=4K$0xfec00000", "--raw"], QEMU), 0,
           out="0x0 0xa0000 1\n0x100000 0x40000000 1\n0xfec00000 0x1000 2\n")
    expect("every memmap form",
           run(["--raw", "--memmap=1G@4G,64K#0xe0000,16M$0x3f000000,"
                "2G!8G,4K%0x9f000-1+5"], QEMU), 0,
           out="0x0 0x9f000 1\n0x9f000 0xc00 5\n0x9fc00 0x400 2\n"
               "0xe0000 0x10000 3\n0xf0000 0x10000 2\n"
               "0x100000 0x3ef00000 1\n0x3f000000 0x1000000 2\n"
               "0xfeffc000 0x4000 2\n0xfffc0000 0x40000 2\n"
               "0x100000000 0x40000000 1\n0x200000000 0x80000000 12\n")
    expect("--mem and --memmap apply in command-line order",
           run(["--raw", "--memmap=128M@2G", "--mem=1G"], QEMU), 0,
           out_has=["0x100000 0x3fee0000 1\n"])
    rc, out, _ = run(["--raw", "--mem=1G", "--memmap=128M@2G"], QEMU)
    check("--memmap after --mem adds RAM back",
          rc == 0 and "0x80000000 0x8000000 1\n" in out, out)
    expect("a bad --memmap is quoted, exit 2",
           run(["--memmap=1G*4G"], QEMU), 2, out="",
           err_has=["invalid option \"memmap=1G*4G\": \"1G*4G\": expected "
                    "one of @ # $ ! % after the size"])
    expect("a bad element in a list is quoted",
           run(["--memmap=1G@4G,1G@"], QEMU), 2,
           err_has=["\"memmap=1G@4G,1G@\": \"1G@\": a number was expected"])
    expect("--mem=0 is refused, exit 2", run(["--mem=0"], QEMU), 2,
           err_has=["invalid option \"mem=0\": 0 would remove all memory"])
    expect("--mem with junk is refused", run(["--mem=1Gb"], QEMU), 2,
           err_has=["\"mem=1Gb\": junk after the size"])
    expect("a user map the sanitiser rejects: exit 1, map unchanged",
           run(["--memmap=exactmap,1G@0"], QEMU), 1, out=QEMU,
           err_has=["invalid user supplied memory map",
                    "nr_entries is 1"])
    rc, out, err = run(["--verbose", "--mem=512M"], QEMU)
    check("--verbose shows the edits",
          rc == 0 and
          "e820: remove [mem 0x20000000-0xfffffffffffffffe] usable" in err,
          err)


def test_usage():
    rc, out, err = run(["--help"])
    check("--help exits 0 and explains the input",
          rc == 0 and out.startswith("Usage: e820") and
          "skipped" in out and "--memmap=SPEC" in out and
          "Exit status" in out and err == "", out + err)
    expect("-h is --help", run(["-h"]), 0, out_has=["Usage: e820"])
    expect("an unknown long option: exit 2 with a message",
           run(["--frobnicate"], QEMU), 2, out="",
           err_has=["unknown option '--frobnicate'; try --help"])
    expect("an unknown short option: exit 2",
           run(["-x"], QEMU), 2, err_has=["unknown option '-x'"])
    expect("--memmap without a value: exit 2",
           run(["--memmap"], QEMU), 2,
           err_has=["option '--memmap' needs a value"])
    expect("two input files: exit 2", run(["a", "b"]), 2,
           err_has=["one input file at most"])
    expect("a missing file: exit 2",
           run(["/nonexistent/e820-map"]), 2,
           err_has=["cannot open /nonexistent/e820-map"])


def main():
    global TOOL
    if len(sys.argv) != 2:
        print("usage: %s PATH/TO/e820" % sys.argv[0], file=sys.stderr)
        return 2
    TOOL = os.path.abspath(sys.argv[1])
    for test in (test_linux_maps_unchanged, test_raw_format, test_sanitises,
                 test_rejected_maps, test_bad_lines, test_input_conventions,
                 test_options, test_usage):
        test()
    print("1..%d" % len(results))
    failed = 0
    for i, (name, ok, diag) in enumerate(results, 1):
        print("%s %d - %s" % ("ok" if ok else "not ok", i, name))
        if not ok:
            failed += 1
            for line in diag.splitlines():
                print("# " + line)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
