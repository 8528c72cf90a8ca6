#!/bin/bash
# test-all.sh: the test command (make test; CI runs it through .ci/run):
# test.sh for every base of config/base/ (6.1, then 6.12), on the arches
# its TEST_ARCHES name, each with its logs in LOGDIR/BASE/. The harness
# itself (shellcheck, the judges' tests) is linted with the first base
# only. Ends with "N passed, N failed" summed over every base; exits 1 on
# any failure.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"
pass=0 fail=0 skip=0 t0=$(date +%s) harness=1
summary=()
for b in $(bases); do
	read -ra arches <<<"$(base_var "$b" TEST_ARCHES)"
	dir=$LOGDIR/$b t=$(date +%s)
	mkdir -p "$dir"
	echo
	say "base $b: $(base_var "$b" SERIES)/ on ${arches[*]:-no arch, lint only} (logs: ${dir#"$ROOT"/})"
	lint_only=0
	[ ${#arches[@]} -gt 0 ] || lint_only=1
	BASE=$b LOGDIR=$dir HARNESS_LINT=$harness LINT_ONLY=$lint_only \
		bash "$ROOT/scripts/test.sh" "${arches[@]}" || true
	harness=0
	if read -r p f s 2>/dev/null <"$dir/test.counts"; then
		pass=$((pass + p)) fail=$((fail + f)) skip=$((skip + s))
	else
		echo "  FAIL  base $b: test.sh stopped before counting"
		p=0 f=1 s=0 fail=$((fail + 1))
	fi
	summary+=("$(printf '%-52s %5ss' "$b (${arches[*]}): $p passed, $f failed, $s skipped" \
		$(($(date +%s) - t)))")
done
finish "every base" "$t0" "$pass" "$fail" "$skip" "${summary[@]}"
