#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Host tests of tools/kunit_check.py: Linux's kunit_parser on synthetic
serial logs in keel's nested KTAP, good and broken. Skipped (exit 77)
without the linux-source tarball tools/dev installs."""

import os
import sys
import unittest

HERE = os.path.dirname(os.path.realpath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', '..', 'tools'))
import kunit_check  # noqa: E402

GOOD = '''[    0.100000] keel version 0.1.0
[    0.200000] KTAP version 1
[    0.200000] 1..2
[    0.200000]     KTAP version 1
[    0.200000]     # Subtest: mm
[    0.200000]     1..3
[    0.200000]     ok 1 page_alloc_every_page
[    0.300000] some log line of a test
[    0.300000]     # big: needs 8 GiB
[    0.300000]     ok 2 big # SKIP needs 8 GiB
[    0.300000]     # cpus: sched.c:9: expected x
[    0.300000]     ok 3 cpus # XFAIL one CPU only
[    0.300000] # mm: pass:1 fail:0 skip:1 xfail:1 total:3
[    0.300000] ok 1 mm
[    0.300000]     KTAP version 1
[    0.300000]     # Subtest: time
[    0.300000]     1..2
[    0.300000]     not ok 1 tick # time.c:5: expected y
[    0.300000]     ok 2 hpet
[    0.300000] # time: pass:1 fail:1 skip:0 xfail:0 total:2
[    0.300000] not ok 2 time
[    0.300000] # Totals: pass:2 fail:1 skip:1 xfail:1 total:5
'''


def lines(text):
    return text.splitlines()


class KunitCheckTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.parser = kunit_check.load_parser(KUNIT_DIR)

    def check(self, text):
        results, _ = kunit_check.check(lines(text), self.parser)
        return results

    def test_good_log_agrees(self):
        results = self.check(GOOD)
        self.assertTrue(all(ok for ok, _ in results), results)
        self.assertEqual(len(results), 5)  # errors, totals, suites, 2 suites

    def test_keel_counts(self):
        self.assertEqual(kunit_check.keel_counts(lines(GOOD)),
                         {'mm': (1, 0, 1, 1, 3), 'time': (1, 1, 0, 0, 2),
                          'Totals': (2, 1, 1, 1, 5)})

    def test_missing_result_is_a_parser_error(self):
        bad = GOOD.replace('[    0.300000]     ok 2 hpet\n', '')
        results = self.check(bad)
        self.assertFalse(results[0][0], results)
        self.assertIn('missing expected subtest', results[0][1])

    def test_wrong_number_is_a_parser_error(self):
        bad = GOOD.replace('    ok 2 hpet', '    ok 3 hpet')
        self.assertFalse(self.check(bad)[0][0])

    def test_counts_that_disagree_fail(self):
        bad = GOOD.replace('# Totals: pass:2 fail:1', '# Totals: pass:3 fail:1')
        results = self.check(bad)
        self.assertTrue(results[0][0])
        self.assertFalse(results[1][0], results)
        bad = GOOD.replace('# mm: pass:1 fail:0 skip:1',
                           '# mm: pass:1 fail:0 skip:0')
        self.assertFalse(self.check(bad)[3][0])

    def test_no_totals_line_fails(self):
        bad = GOOD.replace('[    0.300000] # Totals: pass:2 fail:1 skip:1 '
                           'xfail:1 total:5\n', '')
        self.assertEqual(self.check(bad)[-1],
                         (False, 'keel printed its "# Totals:" line'))

    def test_no_ktap_fails(self):
        self.assertFalse(self.check('just a boot log\n')[0][0])

    def test_log_mode_exit_status(self):
        path = os.path.join(self.tmp(), 'serial.log')
        with open(path, 'w') as f:
            f.write(GOOD)
        self.assertEqual(kunit_check.main(['--kunit-dir', KUNIT_DIR,
                                           '--log', path]), 0)
        with open(path, 'w') as f:
            f.write(GOOD.replace('ok 1 mm', 'ok 1 mmm'))
        self.assertEqual(kunit_check.main(['--kunit-dir', KUNIT_DIR,
                                           '--log', path]), 1)

    def tmp(self):
        import tempfile
        d = tempfile.mkdtemp(prefix='keel-kunit-test-')
        self.addCleanup(__import__('shutil').rmtree, d)
        return d


if __name__ == '__main__':
    KUNIT_DIR = kunit_check.ensure_kunit()
    if KUNIT_DIR is None:
        print('no linux-source tarball (tools/dev installs linux-source-6.1):'
              ' skipped')
        sys.exit(77)
    unittest.main(verbosity=1)
