#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""cover-letter.py OLD NEW: carry the subject and text of the cover letter
OLD over to NEW, a fresh 'git format-patch --cover-letter' output, whose
shortlog and diffstat describe the series as it now is."""
import re
import sys

SHORTLOG = re.compile(r'^\S.* \(\d+\):$')


def split(text):
    """(headers, body up to the shortlog, shortlog and diffstat)."""
    head, _, rest = text.partition('\n\n')
    lines = rest.split('\n')
    i = next((n for n, l in enumerate(lines) if SHORTLOG.match(l)), len(lines))
    return head, '\n'.join(lines[:i]), '\n'.join(lines[i:])


def main():
    old_path, new_path = sys.argv[1:3]
    old_head, old_body, _ = split(open(old_path).read())
    new_head, _, new_tail = split(open(new_path).read())
    subject = re.search(r'^Subject: \[PATCH[^]]*\] (.*)$', old_head, re.M)
    if subject:
        new_head = re.sub(r'^(Subject: \[PATCH[^]]*\] ).*$',
                          lambda m: m.group(1) + subject.group(1), new_head,
                          flags=re.M)
    with open(new_path, 'w') as f:
        f.write(new_head + '\n\n' + old_body + '\n' + new_tail)


if __name__ == '__main__':
    sys.exit(main())
