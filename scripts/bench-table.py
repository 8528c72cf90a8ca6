#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""bench-table.py VARIANT=CONSOLE...: medians of guest/mlock-bench.c's
"bench: NAME ns_per_page=N" lines per variant, and series/base ratios."""
import re
import statistics
import sys

LINE = re.compile(r'^bench: (\S+) ns_per_page=(\d+)')


def main():
    runs = {}
    for arg in sys.argv[1:]:
        variant, log = arg.split('=', 1)
        with open(log, errors='replace') as f:
            for line in f:
                m = LINE.match(line.strip())
                if m:
                    runs.setdefault(m.group(1), {}).setdefault(
                        variant, []).append(int(m.group(2)))
    if not runs:
        print('no bench lines found')
        return 1
    print(f'{"figure":28} {"base":>8} {"series":>8} {"series/base":>12} {"runs":>5}  min-max (series)')
    for name, v in runs.items():
        b = statistics.median(v.get('base', [0]))
        s = statistics.median(v.get('series', [0]))
        ratio = f'{s / b:.3f}' if b else 'n/a'
        sv = v.get('series', [0])
        print(f'{name:28} {b:8.0f} {s:8.0f} {ratio:>12} {len(sv):5}  {min(sv)}-{max(sv)}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
