#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""results.py TREE LOG LABEL COUNTS: count every test case in a guest console.

KUnit's KTAP (printed at boot, before the guest's job starts) is parsed by
the kernel's own tools/testing/kunit/kunit_parser.py; kselftest TAP (the
job's output, from the kernel's kselftest runner) is parsed here, nested
results counted as cases. The kernel log itself is one more case: any
WARNING, BUG, Oops or panic fails it. Prints one line per case, a summary,
writes "passed failed skipped" to COUNTS, exits 1 on any failure.
"""
import contextlib
import io
import os
import re
import sys

JOB_MARK = re.compile(r'^harness: job (\S+) begins')
END_MARK = re.compile(r'^harness: job (\S+) ends, exit (\d+)')
SPLAT = re.compile(r'WARNING:|BUG:|Oops|cut here|Kernel panic|'
                   r'Unable to handle kernel|general protection fault|'
                   r'INFO: task .* blocked|rcu: INFO|self-detected stall|'
                   r'UBSAN:|KASAN:|kernel BUG')
# Messages that match SPLAT but are no splat. wq_numa_init() pr_warn()s
# this under x86's numa=fake, whose emulated nodes are assigned CPUs only
# after the possible CPUs were counted.
BENIGN = re.compile(r'WARNING: workqueue cpumask: online intersect > possible intersect')
TAP = re.compile(r'^(#\s+)?(not ok|ok) (\d+) (.*?)(?:\s+#\s*(SKIP|skip|TODO)\b.*)?$')


def kunit_cases(tree, lines):
    if not any(re.search(r'K?TAP version', l) for l in lines):
        return []
    sys.path.insert(0, os.path.join(tree, 'tools/testing/kunit'))
    # kunit_parser prints its own report to the stdout it saw at import.
    with contextlib.redirect_stdout(io.StringIO()):
        import kunit_parser  # the kernel's own KTAP parser
        test = kunit_parser.parse_run_tests(l + '\n' for l in lines)
    cases = []

    def walk(t, prefix):
        if not t.subtests:
            if prefix:
                cases.append((t.status.name, 'kunit ' + prefix))
            return
        for s in t.subtests:
            walk(s, f'{prefix}.{s.name}' if prefix else s.name)
    walk(test, '')
    if test.status.name == 'FAILURE_TO_PARSE_TESTS':
        cases.append(('FAILURE', 'kunit output could not be parsed'))
    return cases


def kselftest_cases(lines):
    """Top-level TAP results of the runner; nested ones are the cases."""
    cases, nested = [], []
    for line in lines:
        m = TAP.match(line)
        if not m:
            continue
        indent, res, _, name, directive = m.groups()
        status = ('SKIPPED' if directive and directive.lower() == 'skip'
                  else 'SUCCESS' if res == 'ok' else 'FAILURE')
        if indent:
            nested.append((status, name))
            continue
        name = re.sub(r'^selftests: ', '', name)
        if not nested:
            cases.append((status, 'kselftest ' + name))
        else:
            cases += [(s, f'kselftest {name}: {n}') for s, n in nested]
            if status == 'FAILURE' and all(s != 'FAILURE' for s, _ in nested):
                cases.append((status, f'kselftest {name} (exit status)'))
        nested = []
    return cases


def main():
    tree, log, label, counts = sys.argv[1:5]
    with open(log, errors='replace') as f:
        lines = [l.rstrip('\r\n') for l in f]
    job = next((i for i, l in enumerate(lines) if JOB_MARK.match(l)), len(lines))
    cases = kunit_cases(tree, lines[:job]) + kselftest_cases(lines[job:])

    splats = [l for l in lines if SPLAT.search(l) and not BENIGN.search(l)]
    finished = any(END_MARK.match(l) for l in lines)
    cases.append(('SUCCESS' if finished else 'FAILURE', 'guest finished its job'))
    cases.append(('FAILURE' if splats else 'SUCCESS',
                  'kernel log free of WARNING/BUG/Oops/panic'))

    n = {'SUCCESS': 0, 'FAILURE': 0, 'SKIPPED': 0}
    for status, name in cases:
        status = status if status in n else 'FAILURE'
        n[status] += 1
        word = {'SUCCESS': 'PASS', 'FAILURE': 'FAIL', 'SKIPPED': 'SKIP'}[status]
        print(f'  {word}  {label}: {name}')
    for l in splats[:10]:
        print(f'  kernel log: {l}')
    print(f'{label}: {n["SUCCESS"]} passed, {n["FAILURE"]} failed, '
          f'{n["SKIPPED"]} skipped (console: {log})')
    with open(counts, 'w') as f:
        f.write(f'{n["SUCCESS"]} {n["FAILURE"]} {n["SKIPPED"]}\n')
    return 1 if n['FAILURE'] else 0


if __name__ == '__main__':
    sys.exit(main())
