#!/bin/bash
# test.sh [ARCH...]: the test command. Set-up, scratch tree, lint, the
# modules row of make matrix (with x86_64), then for
# each ARCH (default: every arch of config/arch/) build the kernel and the
# kselftests, boot, and count every test case. A step that fails counts
# as a failed case. Ends with "N passed, N failed"; exits 1 on any failure.
# VARIANT=base boots the base kernel instead, with the series' tests: a
# new test of new behaviour must fail there.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"
mapfile -t all < <(arches)
[ $# -gt 0 ] || set -- "${all[@]}"
S=$ROOT/scripts
pass=0 fail=0 skip=0 t0=$(date +%s)
timings=()

# add_counts CMD...: add the "passed failed skipped" that CMD prints.
add_counts() {
	local p f s
	read -r p f s < <("$@")
	pass=$((pass + p)) fail=$((fail + f)) skip=$((skip + s))
}

# timed NAME CMD...: run CMD, keep its wall time for the summary.
timed() {
	local name=$1 start rc=0
	shift
	start=$(date +%s)
	"$@" || rc=$?
	timings+=("$(printf '%-34s %5ss' "$name" $(($(date +%s) - start)))")
	return "$rc"
}

# must NAME CMD...: a step the rest depends on; its failure is one failed
# case and stops what depends on it.
must() {
	timed "$@" && return 0
	echo "  FAIL  $1"
	fail=$((fail + 1))
	return 1
}

if ! must "set-up" bash "$S/setup.sh" || ! must "scratch tree" env VARIANT=series bash "$S/tree.sh"; then
	echo "$pass passed, $fail failed"
	exit 1
fi
must "xfs image" bash "$S/xfs-image.sh" || true
timed "lint" env VARIANT=series bash "$S/lint.sh" || true
add_counts cat "$LOGDIR/lint.counts"

# One row of make matrix, the one the test configuration cannot catch and
# the robot's builds did: KUnit's own tests as modules, linked against the
# series' built-in code (config/matrix, row modules).
if [ "$VARIANT" = series ] && [[ " $* " = *" x86_64 "* ]]; then
	must "matrix: modules x86_64" env ROWS=modules ARCHES=x86_64 \
		bash "$S/matrix.sh" && pass=$((pass + 1))
fi

for arch in "$@"; do
	if must "$arch $VARIANT kernel build" bash "$S/kernel.sh" "$arch" &&
		must "$arch kselftests build" bash "$S/selftests.sh" "$arch" &&
		must "$arch initramfs" bash "$S/initramfs.sh" "$arch"; then
		# A guest that does not finish is a failed case of results.py.
		timed "$arch boot and tests" bash "$S/boot.sh" "$arch" test || true
		console=$(console_log "$arch" test)
		if [ -s "$console" ]; then
			say "$arch results"
			python3 "$S/results.py" "$TREE" "$console" "$arch" || true
			add_counts python3 "$S/results.py" counts "$console"
		else
			echo "  FAIL  $arch guest printed nothing"
			fail=$((fail + 1))
		fi
	fi
done

echo
echo "time taken (all logs in ${LOGDIR#"$ROOT"/}):"
printf '  %s\n' "${timings[@]}"
printf '  %-34s %5ss\n' total $(($(date +%s) - t0))
echo
[ "$skip" -eq 0 ] || echo "($skip skipped)"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
