#!/bin/bash
# build-each.sh [ARCH...]: build every patch of the series of BASE on its
# own (each prefix of base..HEAD in its scratch tree, linux/ or
# linux-6.12/), for each ARCH (default: every arch of config/arch/). The tree is checked out at each commit in turn
# and restored at the end; make rebuilds only what each patch touched.
# FROM=N starts at patch N (the prefixes before it built already).
#
# BOOT=1 (make bisect) also boots the guest and runs the tests, with the
# series' own kselftests, after each patch that changes kernel code and
# after the last: a case may fail there only if it fails on the base too
# (a test of behaviour a later patch brings), and at the end none may.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"
require_tree
mapfile -t all < <(arches)
[ $# -gt 0 ] || set -- "${all[@]}"
[ -z "$(git -C "$TREE" status --porcelain --untracked-files=no)" ] ||
	die "$SCRATCH/ has uncommitted edits: commit them first"
mapfile -t commits < <(git -C "$TREE" rev-list --reverse base..HEAD)
[ "${#commits[@]}" -gt 0 ] || { say "no patches in $SCRATCH/ on base: nothing to build" && exit 0; }
head=$(git -C "$TREE" symbolic-ref -q --short HEAD || git -C "$TREE" rev-parse HEAD)
trap 'git -C "$TREE" checkout -q "$head"' EXIT
fail=0
summary=()

# run_tests ARCH DIR: boot the kernel just built and judge its console;
# in DIR, results.log (a line a case), and from the judge's JSON, counts
# ("passed failed skipped") and failures (the failed cases' names).
run_tests() {
	local console
	console=$(LOGDIR=$2 console_log "$1" test)
	LOGDIR=$2 bash "$ROOT/scripts/boot.sh" "$1" test >>"$2/out.log" 2>&1 || true
	python3 "$ROOT/scripts/results.py" --suites "$KUNIT_SUITES" "$TREE" "$console" "$1" \
		>"$2/results.log" 2>&1 || true
	python3 "$ROOT/scripts/results.py" counts "$console" >"$2/counts"
	python3 "$ROOT/scripts/results.py" failures "$console" >"$2/failures"
}

# prepare ARCH: the series' kselftests (one that does not build is left
# out, and fails in the guest) and initramfs, and the failures of the base
# kernel, which later patches are allowed.
prepare() {
	local dir=$LOGDIR/each-$1-base
	mkdir -p "$dir"
	step "$1 kselftests and initramfs of the series" "$dir/prepare.log" \
		bash -c "bash '$ROOT/scripts/xfs-image.sh' && { bash '$ROOT/scripts/selftests.sh' $1 || true; } &&
			bash '$ROOT/scripts/initramfs.sh' $1"
	step "$1 base kernel" "$dir/out.log" env VARIANT=base LOGDIR="$dir" \
		bash "$ROOT/scripts/kernel.sh" "$1"
	VARIANT=base run_tests "$1" "$dir"
	echo "    base: $(read -r p f _ <"$dir/counts" && echo "$p passed, $f failed")"
}

for arch in "$@"; do
	[ "${BOOT:-0}" = 0 ] || prepare "$arch"
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
			continue
		elif grep -q 'warning:' "$dir/build-$arch.log"; then
			echo "  FAIL  $arch patch $n: $subject: compiler warnings (${dir#"$ROOT"/}/build-$arch.log)"
			fail=$((fail + 1))
			continue
		fi
		echo "  PASS  $arch patch $n: $subject ($(grep -o 'done in [0-9]*s' "$dir/out.log" | tail -1))"
		[ "${BOOT:-0}" != 0 ] || continue
		# Boot where kernel code changed, and at the end.
		if [ "$n" -lt "${#commits[@]}" ] &&
			! git -C "$TREE" diff --name-only "$c^" "$c" |
			grep -qv -e '^Documentation/' -e '^tools/' -e '^MAINTAINERS$'; then
			continue
		fi
		run_tests "$arch" "$dir"
		read -r p f _ <"$dir/counts"
		if [ "$n" -eq "${#commits[@]}" ]; then
			new=$(cat "$dir/failures")
		else
			new=$(comm -23 "$dir/failures" "$LOGDIR/each-$arch-base/failures")
		fi
		if [ -z "$new" ]; then
			verdict=PASS
		else
			verdict=FAIL
			fail=$((fail + 1))
		fi
		summary+=("$(printf '%-4s %-7s patch %2d: %3d passed, %2d failed  %s' \
			"$verdict" "$arch" "$n" "$p" "$f" "$subject")")
		echo "  $verdict  $arch patch $n booted: $p passed, $f failed (${dir#"$ROOT"/}/results.log)"
		[ -z "$new" ] || while read -r l; do echo "        not failing on base: $l"; done <<<"$new"
	done
done
if [ "${#summary[@]}" -gt 0 ]; then
	echo
	echo "tests at each patch that changes kernel code (fails allowed if the base fails them too):"
	printf '  %s\n' "${summary[@]}"
fi
[ "$fail" -eq 0 ]
