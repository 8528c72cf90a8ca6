#!/bin/bash
# build-each.sh [ARCH...]: build every patch of the series on its own
# (each prefix of base..HEAD in linux/), for each ARCH (default: x86_64
# arm64). The tree is checked out at each commit in turn and restored at
# the end; make rebuilds only what each patch touched. FROM=N starts at
# patch N (the prefixes before it built already).
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"
require_tree
[ $# -gt 0 ] || set -- x86_64 arm64
[ -z "$(git -C "$TREE" status --porcelain --untracked-files=no)" ] ||
	die "linux/ has uncommitted edits: commit them first"
head=$(git -C "$TREE" symbolic-ref -q --short HEAD || git -C "$TREE" rev-parse HEAD)
trap 'git -C "$TREE" checkout -q "$head"' EXIT
fail=0
mapfile -t commits < <(git -C "$TREE" rev-list --reverse base..HEAD)
for arch in "$@"; do
	n=0
	for c in "${commits[@]}"; do
		n=$((n + 1))
		[ "$n" -ge "${FROM:-1}" ] || continue
		git -C "$TREE" checkout -q "$c"
		subject=$(git -C "$TREE" log -1 --format=%s "$c")
		dir=$LOGDIR/each-$arch-$n
		mkdir -p "$dir"
		if ! LOGDIR=$dir bash "$ROOT/scripts/kernel.sh" "$arch" >"$dir/out.log" 2>&1; then
			echo "  FAIL  $arch patch $n: $subject (logs: ${dir#"$ROOT"/})"
			fail=$((fail + 1))
		elif grep -q 'warning:' "$dir/build-$arch.log"; then
			echo "  FAIL  $arch patch $n: $subject: compiler warnings (${dir#"$ROOT"/}/build-$arch.log)"
			fail=$((fail + 1))
		else
			echo "  PASS  $arch patch $n: $subject ($(grep -o 'done in [0-9]*s' "$dir/out.log" | tail -1))"
		fi
	done
done
[ "$fail" -eq 0 ]
