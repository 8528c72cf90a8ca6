#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""results.py: the judge, what counts every test case of a guest console.

results.py [--suites 'SUITE...'] TREE CONSOLE LABEL [COUNTS]
    Judge CONSOLE, write the summary next to it (CONSOLE.log ->
    CONSOLE.results.json), print one line per case and a summary from it,
    exit 1 on any failure. COUNTS, if given, gets "passed failed skipped".
    --suites: KUnit suites that must have run (the series'; KUNIT_SUITES
    of config/base/BASE.env): each one absent is a failed case.
results.py counts CONSOLE|JSON
    "passed failed skipped" of a judged console.
results.py failures CONSOLE|JSON
    The names of its failed cases, one a line.

KUnit's KTAP (printed at boot, before the guest's job starts) is parsed by
the kernel's own tools/testing/kunit/kunit_parser.py; kselftest TAP (the
job's output, from the kernel's kselftest runner) is parsed here, nested
results counted as cases. Two more cases: the guest finished its job, and
the kernel log has no WARNING, BUG, Oops or panic; and one for each
expected KUnit suite that did not run.

The summary: {"label", "console", "cases": [{"name", "result" (PASS, FAIL
or SKIP), "detail"}], "counts": {"passed", "failed", "skipped"},
"kernel_log": [the first lines that failed the kernel log]}.
"""
import contextlib
import io
import json
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
# ok|not ok N [description] [# directive]: ksft_test_result_skip() prints
# "ok N # SKIP reason", the runner "not ok N selftests: DIR: NAME # exit=1".
TAP = re.compile(r'^(#\s+)?(not ok|ok) (\d+) ?(.*?)\s*(?:(?<!\S)#\s*(.*))?$')
RESULT = {'SUCCESS': 'PASS', 'SKIPPED': 'SKIP'}  # any other status fails
# KTAP diagnostics that say nothing of a failure: the line KUnit ends a
# suite or parameterized case with, 6.12's attributes of a suite.
KTAP_NOISE = re.compile(r'^# (\S+: pass:\d+ fail:\d+|module:)')
# The runner's line before "not ok N selftests: DIR: NAME" for a test
# that is not there (not built: scripts/selftests.sh).
MISSING = re.compile(r'^# Warning: file (\S+) is missing!')


# A kselftest's diagnostic line that may say why it failed, and how many
# of them a failure keeps.
WHY_LINE = re.compile(r'^# # .*\b(lost|fail(ed|s)?|error|mismatch|unexpected|wrong)\b', re.I)
WHY_MAX = 12


def case(status, name, detail=''):
    return {'name': name, 'result': RESULT.get(status, 'FAIL'),
            'detail': detail}


def kunit_cases(tree, lines):
    if not any(re.search(r'K?TAP version', l) for l in lines):
        return []
    sys.path.insert(0, os.path.join(tree, 'tools/testing/kunit'))
    # kunit_parser prints its own report to the stdout it saw at import.
    with contextlib.redirect_stdout(io.StringIO()):
        import kunit_parser  # the kernel's own KTAP parser
        test = kunit_parser.parse_run_tests(l + '\n' for l in lines)
    cases = []

    def diagnostics(t):
        """The KTAP diagnostics of T's log that may say why it failed."""
        return [l.strip() for l in t.log if l.strip().startswith('# ')
                and not KTAP_NOISE.match(l.strip())]

    def walk(t, prefix, parent=None):
        if not t.subtests:
            if prefix:
                status = t.status.name
                detail = [] if status in ('SUCCESS', 'FAILURE') else [status.lower()]
                if status != 'SUCCESS':  # its last KTAP diagnostics
                    # 6.12's parser gives a parameterized case's lines
                    # to the case above it.
                    detail += (diagnostics(t) or
                               (diagnostics(parent) if parent else []))[-2:]
                cases.append(case(status, 'kunit ' + prefix, '; '.join(detail)))
            return
        for n, s in enumerate(t.subtests, 1):
            name = s.name or f'#{n}'
            walk(s, f'{prefix}.{name}' if prefix else name, t)
    walk(test, '')
    if test.status.name == 'FAILURE_TO_PARSE_TESTS':
        cases.append(case('FAILURE', 'kunit output could not be parsed'))
    return cases


def kselftest_cases(lines):
    """Top-level TAP results of the runner; nested ones are the cases.
    A failed kselftest keeps, in its first failed case's "log", the
    diagnostics of its run that say what went wrong (WHY_LINE): the CI
    keeps no console."""
    cases, nested, missing, why = [], [], False, []
    for line in lines:
        missing = missing or bool(MISSING.match(line))
        if WHY_LINE.match(line):
            why.append(line.strip()[2:])
        m = TAP.match(line)
        if not m:
            continue
        indent, res, num, name, directive = m.groups()
        directive = directive or ''
        if not indent and missing:
            directive, missing = directive or 'not in the initramfs: not built', False
        name = name or f'#{num}'  # "ok 4 # SKIP reason"
        status = ('SKIPPED' if directive.lower().startswith('skip')
                  else 'SUCCESS' if res == 'ok' else 'FAILURE')
        if indent:
            nested.append(case(status, name, directive))
            continue
        name = 'kselftest ' + re.sub(r'^selftests: ', '', name)
        first = len(cases)
        if not nested:
            cases.append(case(status, name, directive))
        else:
            cases += [dict(c, name=f'{name}: {c["name"]}') for c in nested]
            if status == 'FAILURE' and all(c['result'] != 'FAIL' for c in nested):
                cases.append(case(status, f'{name} (exit status)', directive))
        failed = [c for c in cases[first:] if c['result'] == 'FAIL']
        if failed and why:
            failed[0]['log'] = why[:WHY_MAX]
        nested, why = [], []
    return cases


def missing_suites(cases, suites):
    """A failed case for each of SUITES that has no KUnit case."""
    ran = {c['name'][len('kunit '):].split('.')[0] for c in cases
           if c['name'].startswith('kunit ')}
    return [case('FAILURE', f'kunit suite {s} ran', 'not in the KTAP at boot')
            for s in suites if s not in ran]


def judge(tree, log, label, suites=()):
    """The summary of console LOG; SUITES: KUnit suites that must run."""
    try:
        with open(log, errors='replace') as f:
            lines = [l.rstrip('\r\n') for l in f]
    except FileNotFoundError:
        lines = []
    job = next((i for i, l in enumerate(lines) if JOB_MARK.match(l)), len(lines))
    kunit = kunit_cases(tree, lines[:job])
    cases = kunit + missing_suites(kunit, suites) + kselftest_cases(lines[job:])

    splats = [l for l in lines if SPLAT.search(l) and not BENIGN.search(l)]
    end = next((m for m in map(END_MARK.match, lines) if m), None)
    cases.append(case('SUCCESS' if end else 'FAILURE', 'guest finished its job',
                      f'exit {end.group(2)}' if end else
                      'no "harness: job ... ends" line' if lines else 'no console'))
    cases.append(case('FAILURE' if splats else 'SUCCESS',
                      'kernel log free of WARNING/BUG/Oops/panic',
                      f'{len(splats)} lines, first: {splats[0].strip()}' if splats else ''))
    counts = {k: sum(c['result'] == v for c in cases)
              for k, v in (('passed', 'PASS'), ('failed', 'FAIL'), ('skipped', 'SKIP'))}
    return {'label': label, 'console': log, 'cases': cases, 'counts': counts,
            'kernel_log': splats[:10]}


def json_path(path):
    """The summary of console PATH (or PATH itself, a summary)."""
    return path if path.endswith('.json') else re.sub(r'\.log$', '', path) + '.results.json'


def load(path):
    with open(json_path(path)) as f:
        return json.load(f)


def counts_line(summary):
    n = summary['counts']
    return f'{n["passed"]} {n["failed"]} {n["skipped"]}'


def print_summary(summary):
    label, n = summary['label'], summary['counts']
    for c in summary['cases']:
        detail = f' ({c["detail"]})' if c['detail'] and c['result'] != 'PASS' else ''
        print(f'  {c["result"]}  {label}: {c["name"]}{detail}')
        for l in c.get('log', []):
            print(f'        | {l}')
    for l in summary['kernel_log']:
        print(f'  kernel log: {l}')
    print(f'{label}: {n["passed"]} passed, {n["failed"]} failed, '
          f'{n["skipped"]} skipped (console: {summary["console"]})')


def main(argv):
    if len(argv) == 2 and argv[0] == 'counts':
        print(counts_line(load(argv[1])))
        return 0
    if len(argv) == 2 and argv[0] == 'failures':
        print(''.join(sorted({c['name'] + '\n' for c in load(argv[1])['cases']
                              if c['result'] == 'FAIL'})), end='')
        return 0
    suites = []
    if len(argv) > 1 and argv[0] == '--suites':
        suites, argv = argv[1].split(), argv[2:]
    if len(argv) not in (3, 4):
        print(__doc__, file=sys.stderr)
        return 2
    tree, log, label = argv[:3]
    with open(json_path(log), 'w') as f:
        json.dump(judge(tree, log, label, suites), f, indent=1)
    summary = load(log)  # the human lines come from the file others read
    print_summary(summary)
    if len(argv) == 4:
        with open(argv[3], 'w') as f:
            f.write(counts_line(summary) + '\n')
    return 1 if summary['counts']['failed'] else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
