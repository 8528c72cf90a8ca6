#!/bin/bash
# lint.sh: checkpatch.pl --strict on every patch of the series of BASE
# (the base tree's own checkpatch), get_maintainer.pl routing each to
# linux-mm, 'git am' of the whole series on a fresh checkout of the base,
# the mm documentation built with no new warnings; and the harness's own
# checks: shellcheck, the tests of the judges (scripts/test_results.py, one
# case each; make matrix's on scripts/testdata/matrix-*), unless HARNESS_LINT=0
# (make test lints the harness with its first base only). One line per
# check; "N passed, N failed" last; exits 1 on any failure.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"
require_tree
pass=0 fail=0
check() {
	local name=$1 log=$2
	shift 2
	if "$@" >"$log" 2>&1; then
		pass=$((pass + 1))
		echo "  PASS  lint: $name"
	else
		fail=$((fail + 1))
		echo "  FAIL  lint: $name (log: ${log#"$ROOT"/})"
		sed -n '1,15s/^/    | /p' "$log"
	fi
}

say "checkpatch --strict on the series of $BASE ($SERIES/)"
while read -r p; do
	check "checkpatch $p" "$LOGDIR/checkpatch-${p%.patch}.log" \
		"$TREE/scripts/checkpatch.pl" --strict --no-tree --quiet "$SERIES_DIR/$p"
done < <(series_patches)

say "get_maintainer.pl: who each patch goes to"
# A patch of MAINTAINERS alone goes to the lists it adds an entry for:
# get_maintainer.pl only knows the file's own (THE REST).
to_linux_mm() {
	local f=$SERIES_DIR/$1
	if [ "$(grep -c '^diff --git' "$f")" = 1 ] && grep -q '^diff --git a/MAINTAINERS ' "$f"; then
		grep '^+L:' "$f" | tee /dev/stderr | grep -q 'linux-mm@kvack.org'
		return
	fi
	(cd "$TREE" && scripts/get_maintainer.pl --no-git --no-git-fallback \
		--no-rolestats "$f") | tee /dev/stderr | grep -qx 'linux-mm@kvack.org'
}
while read -r p; do
	check "get_maintainer $p: linux-mm@kvack.org" "$LOGDIR/get_maintainer-${p%.patch}.log" to_linux_mm "$p"
done < <(series_patches)

# docs_warnings TREE: the warnings of 'make htmldocs SPHINXDIRS=mm' of TREE,
# made relative to it. From scratch: sphinx repeats no warning of a
# document it does not read again.
docs_warnings() {
	local out
	out=$BUILD/docs-$(basename "$1")
	rm -rf "$out"
	make -s -C "$1" O="$out" SPHINXDIRS=mm htmldocs 2>&1 | grep -i 'warning' |
		sed "s|$1/||" | sort -u
}

new_docs_warnings() {
	local series
	series=$(docs_warnings "$TREE")
	base_worktree "$BUILD/base-src$BUILD_SUFFIX"
	comm -23 <(echo "$series") <(docs_warnings "$BUILD/base-src$BUILD_SUFFIX") >"$LOGDIR/docs-new-warnings"
	echo "the series' mm docs: $(echo "$series" | wc -l) warnings," \
		"$(wc -l <"$LOGDIR/docs-new-warnings") not on the base:"
	cat "$LOGDIR/docs-new-warnings"
	[ ! -s "$LOGDIR/docs-new-warnings" ]
}
say "htmldocs SPHINXDIRS=mm"
check "htmldocs SPHINXDIRS=mm: no new warnings" "$LOGDIR/htmldocs.log" new_docs_warnings

am_fresh() {
	local wt=$BUILD/am-check$BUILD_SUFFIX p
	git -C "$TREE" worktree remove --force "$wt" 2>/dev/null || rm -rf "$wt"
	git -C "$TREE" worktree prune
	git -C "$TREE" worktree add -q --detach "$wt" base
	while read -r p; do
		echo "applying $p"
		git -C "$wt" am -q "$SERIES_DIR/$p" || { echo "does not apply: $SERIES/$p"; return 1; }
	done < <(series_patches)
	git -C "$TREE" worktree remove --force "$wt"
}
say "git am of the series on a fresh base"
check "git am of $(series_patches | wc -l) patch(es) on base" "$LOGDIR/am-fresh.log" am_fresh

# The harness's own checks, once per run of make test.
harness_lint() {
	say "shellcheck of the harness"
	local guest_sh judge t
	mapfile -t guest_sh < <(find "$ROOT/guest" -type f ! -name '*.*')
	check "shellcheck" "$LOGDIR/shellcheck.log" \
		shellcheck -x "$ROOT"/scripts/*.sh "$ROOT"/.ci/run "${guest_sh[@]}"

	say "tests of the judge, scripts/test_results.py"
	judge=$ROOT/scripts/test_results.py
	check "judge's tests listed" "$LOGDIR/judge-tests.log" python3 "$judge" --list
	while read -r t; do
		check "judge $t" "$LOGDIR/judge-$t.log" python3 "$judge" -v "$t"
	done < <(grep -x '[A-Za-z]*\.test_[a-z0-9_]*' "$LOGDIR/judge-tests.log" || true)

	say "tests of make matrix's judge, scripts/testdata/matrix-*.warnings"
	# judge_case T: matrix.sh's verdict on T.warnings is T.verdict (of
	# the 6.1 series, against its config/matrix-known).
	judge_case() {
		diff -u "$1.verdict" <(BASE=6.1 bash "$ROOT/scripts/matrix.sh" judge "$1.warnings")
	}
	for t in "$ROOT"/scripts/testdata/matrix-*.warnings; do
		t=${t%.warnings}
		check "matrix judge ${t##*/}" "$LOGDIR/judge-${t##*/}.log" judge_case "$t"
	done
}
[ "${HARNESS_LINT:-1}" = 0 ] || harness_lint
echo "lint ($BASE): $pass passed, $fail failed"
echo "$pass $fail 0" >"$LOGDIR/lint.counts"
[ "$fail" -eq 0 ]
