#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""test_results.py [-v] [Class.test...]: tests of results.py, the judge
that decides whether CI passes, on the sample consoles of testdata/ (the
guest's serial console: the kernel's KTAP at boot, the kselftest runner's
TAP in the job, CRLF line ends). --list prints the tests, one a line:
make lint runs each as a counted case. In the style of the kernel's
tools/testing/kunit/kunit_tool_test.py."""

import contextlib
import io
import json
import os
import shutil
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import results  # noqa: E402 (the judge, next to this file)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# The tree whose tools/testing/kunit/kunit_parser.py reads KTAP.
TREE = os.environ.get('TREE', os.path.join(ROOT, 'linux'))
SPLAT_CASE = 'kernel log free of WARNING/BUG/Oops/panic'
FINISHED_CASE = 'guest finished its job'

test_tmpdir = ''
abs_test_data_dir = ''


def setUpModule():
    global test_tmpdir, abs_test_data_dir
    test_tmpdir = tempfile.mkdtemp()
    abs_test_data_dir = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'testdata')


def tearDownModule():
    shutil.rmtree(test_tmpdir)


def test_data_path(path):
    return os.path.join(abs_test_data_dir, path)


def run(argv):
    """results.main(argv): its exit code and what it printed."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        rc = results.main(argv)
    return rc, out.getvalue()


def judge(sample, label='x86_64', suites=None):
    """Judge testdata/SAMPLE.log, copied (the summary lands next to it):
    exit code, printed lines, summary read back from its JSON. SUITES: the
    KUnit suites that must run (results.py --suites)."""
    log = os.path.join(test_tmpdir, sample + '.log')
    shutil.copy(test_data_path(sample + '.log'), log)
    rc, out = run((['--suites', suites] if suites is not None else []) + [TREE, log, label])
    return rc, out, results.load(log)


def names(summary, result=None):
    return [c['name'] for c in summary['cases'] if result in (None, c['result'])]


def detail(summary, name):
    return next(c['detail'] for c in summary['cases'] if c['name'] == name)


class JudgeTest(unittest.TestCase):
    """One sample console a test: what CI must conclude from it."""

    def test_clean_pass(self):
        rc, out, s = judge('pass')
        self.assertEqual(rc, 0)
        self.assertEqual(s['counts'], {'passed': 67, 'failed': 0, 'skipped': 1})
        kunit = [n for n in names(s) if n.startswith('kunit ')]
        self.assertEqual(len(kunit), 23)
        self.assertIn('kunit mlock.mlock_test_lru_count.order-9', kunit)
        self.assertIn('kunit kunit_user_mm.user_mm_test_attach', kunit)
        self.assertIn('kselftest vm: mlock-errno: global.rlimit_zero', names(s, 'PASS'))
        self.assertIn('kselftest vm: mlock2-tests', names(s, 'PASS'))
        self.assertEqual(names(s, 'SKIP'), ['kselftest vm: mlock-stress: #4'])
        self.assertEqual(detail(s, FINISHED_CASE), 'exit 0')
        self.assertNotIn('FAIL', out)
        self.assertEqual(s['kernel_log'], [])

    def test_expected_suites_that_ran(self):
        rc, _, s = judge('pass', suites='kunit_user_mm mlock')
        self.assertEqual(rc, 0)
        self.assertEqual(s['counts'], {'passed': 67, 'failed': 0, 'skipped': 1})

    def test_expected_suite_missing(self):
        # A series' suite that did not run (the base, 6.12 before its
        # KUnit patch) is a failed case of its own.
        rc, out, s = judge('pass', suites='mlock mlock_debug')
        self.assertEqual(rc, 1)
        self.assertEqual(names(s, 'FAIL'), ['kunit suite mlock_debug ran'])
        self.assertEqual(s['counts'], {'passed': 67, 'failed': 1, 'skipped': 1})
        self.assertIn('  FAIL  x86_64: kunit suite mlock_debug ran (not in the KTAP at boot)', out)

    def test_warning_fails_the_kernel_log(self):
        rc, out, s = judge('warning')
        self.assertEqual(rc, 1)
        self.assertEqual(names(s, 'FAIL'), [SPLAT_CASE])
        self.assertEqual(s['counts']['passed'], 66)
        self.assertIn('WARNING: CPU: 1 PID: 212 at mm/mlock.c:262 mlock_folio_batch+0x2c5/0x330',
                      s['kernel_log'])
        self.assertIn('  kernel log: WARNING: CPU: 1 PID: 212', out)

    def test_known_benign_line_passes(self):
        with open(test_data_path('benign.log')) as f:
            self.assertIn('WARNING: workqueue cpumask: online intersect', f.read())
        rc, _, s = judge('benign')
        self.assertEqual(rc, 0)
        self.assertEqual(s['counts'], {'passed': 67, 'failed': 0, 'skipped': 1})

    def test_guest_that_never_finishes(self):
        rc, _, s = judge('unfinished')
        self.assertEqual(rc, 1)
        self.assertEqual(names(s, 'FAIL'), [FINISHED_CASE])
        self.assertIn('no "harness: job ... ends" line', detail(s, FINISHED_CASE))
        # Cut in mlock-stress: nothing of it or after it is counted.
        self.assertFalse([n for n in names(s) if 'mlock-stress' in n or 'on-fault-limit' in n])

    def test_kunit_crash(self):
        rc, out, s = judge('kunit-crash')
        self.assertEqual(rc, 1)
        crashed = 'kunit mlock.mlock_test_new_folio.order-0'
        self.assertEqual(names(s, 'FAIL'), [crashed, SPLAT_CASE])
        self.assertIn('try timed out', detail(s, crashed))
        self.assertIn('kunit mlock.mlock_test_new_folio.order-9', names(s, 'PASS'))
        self.assertIn('kunit mlock.mlock_test_thp_half', names(s, 'PASS'))
        self.assertIn('Oops: 0000 [#1] SMP PTI', s['kernel_log'])
        self.assertIn(f'  FAIL  x86_64: {crashed} (# mlock_test_new_folio: try timed out)', out)

    def test_kunit_panic_fails_the_rest(self):
        rc, _, s = judge('kunit-panic')
        self.assertEqual(rc, 1)
        failed = names(s, 'FAIL')
        self.assertIn('kunit mlock.mlock_test_mlock_isolated', failed)
        # The cases the panic did not reach, by position.
        self.assertEqual([n for n in failed if '.#' in n],
                         [f'kunit mlock.#{n}' for n in range(4, 9)])
        self.assertIn(FINISHED_CASE, failed)
        self.assertIn(SPLAT_CASE, failed)
        self.assertFalse([n for n in names(s) if n.startswith('kselftest')])
        self.assertEqual(s['counts']['passed'], 15)

    def test_kselftest_failing_only_by_exit_status(self):
        rc, out, s = judge('exit-status')
        self.assertEqual(rc, 1)
        case = 'kselftest vm: mlock-errno (exit status)'
        self.assertEqual(names(s, 'FAIL'), [case])
        self.assertEqual(detail(s, case), 'exit=1')
        errno = [n for n in names(s, 'PASS') if n.startswith('kselftest vm: mlock-errno: ')]
        self.assertEqual(len(errno), 11)
        self.assertIn(f'  FAIL  x86_64: {case} (exit=1)', out)

    def test_arm64_console(self):
        rc, out, s = judge('arm64', 'arm64')
        self.assertEqual(rc, 0)
        self.assertEqual(s['counts'], judge('pass')[2]['counts'])
        self.assertIn('  PASS  arm64: kunit mlock.mlock_test_thp_half', out)
        self.assertTrue(out.splitlines()[-1].startswith('arm64: 67 passed, 0 failed, 1 skipped'))


class SummaryTest(unittest.TestCase):
    """The JSON summary, the lines printed from it, its readers."""

    def test_json_next_to_the_console(self):
        _, _, s = judge('pass')
        path = os.path.join(test_tmpdir, 'pass.results.json')
        with open(path) as f:
            self.assertEqual(json.load(f), s)
        self.assertEqual(sorted(s), ['cases', 'console', 'counts', 'kernel_log', 'label'])
        self.assertEqual(sum(s['counts'].values()), len(s['cases']))
        for c in s['cases']:
            self.assertEqual(sorted(c), ['detail', 'name', 'result'])
            self.assertIn(c['result'], ('PASS', 'FAIL', 'SKIP'))

    def test_one_line_a_case(self):
        _, out, s = judge('kunit-crash')
        lines = [l for l in out.splitlines() if l.startswith('  ') and 'kernel log:' not in l]
        self.assertEqual(len(lines), len(s['cases']))
        for line, c in zip(lines, s['cases']):
            self.assertTrue(line.startswith(f'  {c["result"]}  x86_64: {c["name"]}'), line)

    def test_counts_and_failures(self):
        judge('exit-status')
        log = os.path.join(test_tmpdir, 'exit-status.log')
        self.assertEqual(run(['counts', log]), (0, '67 1 1\n'))
        self.assertEqual(run(['counts', results.json_path(log)]), (0, '67 1 1\n'))
        self.assertEqual(run(['failures', log]), (0, 'kselftest vm: mlock-errno (exit status)\n'))

    def test_counts_file(self):
        log = os.path.join(test_tmpdir, 'warning.log')
        shutil.copy(test_data_path('warning.log'), log)
        counts = os.path.join(test_tmpdir, 'warning.counts')
        self.assertEqual(run([TREE, log, 'x86_64', counts])[0], 1)
        with open(counts) as f:
            self.assertEqual(f.read(), '66 1 1\n')

    def test_no_console(self):
        log = os.path.join(test_tmpdir, 'never-written.log')
        rc, _ = run([TREE, log, 'x86_64'])
        self.assertEqual(rc, 1)
        s = results.load(log)
        self.assertEqual(names(s, 'FAIL'), [FINISHED_CASE])
        self.assertEqual(detail(s, FINISHED_CASE), 'no console')


class TapTest(unittest.TestCase):
    """kselftest TAP lines the samples do not all show."""

    def test_skip_without_description(self):
        cases = results.kselftest_cases(['# ok 1 # SKIP no THP', 'ok 1 selftests: vm: t'])
        self.assertEqual(cases, [{'name': 'kselftest vm: t: #1', 'result': 'SKIP',
                                  'detail': 'SKIP no THP'}])

    def test_timeout(self):
        cases = results.kselftest_cases(['#', 'not ok 1 selftests: vm: t # TIMEOUT 300 seconds'])
        self.assertEqual(cases, [{'name': 'kselftest vm: t', 'result': 'FAIL',
                                  'detail': 'TIMEOUT 300 seconds'}])

    def test_nested_failure_is_the_only_case(self):
        cases = results.kselftest_cases(['# not ok 1 a', '# ok 2 b', 'not ok 1 selftests: vm: t # exit=1'])
        self.assertEqual([(c['name'], c['result']) for c in cases],
                         [('kselftest vm: t: a', 'FAIL'), ('kselftest vm: t: b', 'PASS')])

    def test_missing_test(self):
        # selftests.sh leaves out a test that does not build; the runner
        # says so and fails it.
        cases = results.kselftest_cases(['# Warning: file mlock-fuzz is missing!',
                                          'not ok 9 selftests: mm: mlock-fuzz',
                                          'ok 10 selftests: mm: on-fault-limit'])
        self.assertEqual(cases, [{'name': 'kselftest mm: mlock-fuzz', 'result': 'FAIL',
                                  'detail': 'not in the initramfs: not built'},
                                 {'name': 'kselftest mm: on-fault-limit', 'result': 'PASS',
                                  'detail': ''}])

    def test_hash_inside_a_name(self):
        cases = results.kselftest_cases(['ok 1 selftests: vm: t#2'])
        self.assertEqual(cases[0]['name'], 'kselftest vm: t#2')


def test_names(suite):
    for t in suite:
        if isinstance(t, unittest.TestSuite):
            yield from test_names(t)
        else:
            yield t.id().split('.', 1)[1]


if __name__ == '__main__':
    if sys.argv[1:] == ['--list']:
        print('\n'.join(test_names(unittest.defaultTestLoader.loadTestsFromModule(
            sys.modules[__name__]))))
    else:
        unittest.main()
