#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""report-table.py LABEL=CONSOLE...: the main job's table.

Reads the "row:" lines that guest/mlock-report.c printed on each console
and shows, per kind of memory, each kernel side by side: the share of the
locked range the kernel holds mlocked and unevictable, how far Mlocked:
moved, and the same after munlock and after munmap.
"""
import re
import sys

ROW = re.compile(r'^row: kind=(.*?) pages=(\d+) present=(\d+) large=(\d+) '
                 r'locked=(\d+) mlocked_kb=(-?\d+) after_munlock_locked=(\d+) '
                 r'after_munlock_kb=(-?\d+) after_munmap_kb=(-?\d+)')


def pct(n, d):
    p = round(100 * n / d) if d else 0
    return 99 if p == 100 and n < d else p


def rows(console):
    out = {}
    with open(console, errors='replace') as f:
        for line in f:
            m = ROW.match(line.strip())
            if m:
                v = [int(x) for x in m.groups()[1:]]
                out[m.group(1)] = v
    return out


def main():
    sides = [a.split('=', 1) for a in sys.argv[1:]]
    data = [(label, rows(log)) for label, log in sides]
    kinds = []
    for _, r in data:
        kinds += [k for k in r if k not in kinds]
    if not kinds:
        print('no report rows found in ' + ', '.join(l for _, l in sides))
        return 1
    head1 = f'{"":28} {"":>6} {"in":>6}'
    head2 = f'{"memory in the locked range":28} {"pages":>6} {"large":>6}'
    for label, _ in data:
        head1 += f' | {label:^34}'
        head2 += f' | {"locked":>6} {"Mlocked:":>9} {"munlock":>7} {"munmap":>8}'
    print(head1)
    print(head2)
    for k in kinds:
        first = next(r[k] for _, r in data if k in r)
        line = f'{k:28} {first[0]:6} {pct(first[2], first[0]):5}%'
        for _, r in data:
            if k not in r:
                line += f' | {"(no data)":34}'
                continue
            pages, _, _, locked, kb, ul, ulkb, umkb = r[k]
            line += (f' | {pct(locked, pages):5}% {kb:+7}kB {pct(ul, pages):6}%'
                     f' {umkb:+6}kB')
        print(line)
    print('locked: pages of the range whose folio is PG_mlocked and PG_unevictable;')
    print('Mlocked: its rise while locked; munlock: locked share after munlock();')
    print('munmap: Mlocked: after munmap(), against where it started (0 is exact).')
    return 0


if __name__ == '__main__':
    sys.exit(main())
