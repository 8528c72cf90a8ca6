#!/bin/bash
# test.sh [ARCH...]: the test command of one base (BASE; make test runs
# it for each base through test-all.sh). Set-up, scratch tree, lint, the
# rows of make matrix the base's TEST_MATRIX_ROWS name (with x86_64), then
# for each ARCH (default: every arch of config/arch/) build the kernel and
# the kselftests, boot, and count every test case. A step that fails
# counts as a failed case; a kselftest that does not build is failed by
# the guest. Ends with "N passed, N failed" (and writes "passed failed
# skipped" to LOGDIR/test.counts); exits 1 on any failure.
# VARIANT=base boots the base kernel instead, with the series' tests: a
# new test of new behaviour must fail there.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"
mapfile -t all < <(arches)
# LINT_ONLY=1 (a base whose TEST_ARCHES is empty): set-up, tree and lint.
if [ "${LINT_ONLY:-0}" = 1 ]; then
	set --
elif [ $# -eq 0 ]; then
	set -- "${all[@]}"
fi
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
	timings+=("$(printf '%-52s %5ss' "$name" $(($(date +%s) - start)))")
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
	finish "time taken, $BASE" "$t0" "$pass" "$fail" "$skip" "${timings[@]}"
fi
must "xfs image" bash "$S/xfs-image.sh" || true
timed "lint" env VARIANT=series bash "$S/lint.sh" || true
add_counts cat "$LOGDIR/lint.counts"

# Rows of make matrix that the test configuration cannot catch and the
# robot's builds did; 6.1: modules, KUnit's own tests as modules, linked
# against the series' built-in code (config/matrix).
if [ "$VARIANT" = series ] && [[ " $* " = *" x86_64 "* ]]; then
	for row in $TEST_MATRIX_ROWS; do
		must "matrix: $row x86_64" env ROWS="$row" ARCHES=x86_64 \
			bash "$S/matrix.sh" && pass=$((pass + 1))
	done
fi

for arch in "$@"; do
	# A kselftest that does not build is left out of the initramfs, and
	# the guest's runner fails it: no case is lost.
	if must "$arch $BASE $VARIANT kernel build" bash "$S/kernel.sh" "$arch" &&
		{ timed "$arch kselftests build" bash "$S/selftests.sh" "$arch" || true; } &&
		must "$arch initramfs" bash "$S/initramfs.sh" "$arch"; then
		# A guest that does not finish is a failed case of results.py.
		timed "$arch boot and tests" bash "$S/boot.sh" "$arch" test || true
		console=$(console_log "$arch" test)
		if [ -s "$console" ]; then
			say "$arch results"
			python3 "$S/results.py" --suites "$KUNIT_SUITES" "$TREE" "$console" "$BASE $arch" || true
			add_counts python3 "$S/results.py" counts "$console"
		else
			echo "  FAIL  $arch guest printed nothing"
			fail=$((fail + 1))
		fi
	fi
done

finish "time taken, $BASE" "$t0" "$pass" "$fail" "$skip" "${timings[@]}"
