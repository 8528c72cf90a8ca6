#!/bin/bash
# matrix.sh: build the series in every configuration of config/matrix, the
# way the kernel test robot does, and end with one table: configuration x
# arch -> ok, FAILED (first error) or N new warnings, with wall times.
# ROWS="thp-off modules" and ARCHES=x86_64 pick rows and arches; FROM=N
# starts the per-patch rows at patch N (as in build-each.sh). Warnings that
# config/matrix-known lists (the base's, under the series' names) are
# counted apart and leave a row ok.
#
# The series is BASE's (patches/, patches-6.12/) applied on its base
# (REV=HEAD: the scratch tree's commit instead), in worktrees of the
# scratch tree (linux/, linux-6.12/) under build/matrix[-6.12]/tree/ that
# leave it as it is. A row builds in build/matrix[-6.12]/ROW-ARCH through ccache,
# with logs in $LOGDIR/matrix-ROW-ARCH/. A warning is new when it is in a
# file the series changes or, for scope dirs, when the base has not got
# it. Exits non-zero if a row failed or has new warnings.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"
M=$BUILD/matrix$BUILD_SUFFIX
[ -d "$SCRATCH_DIR/.git" ] || [ "${1:-}" = judge ] || bash "$ROOT/scripts/tree.sh"

# worktree NAME REV: build/matrix/tree/NAME, a worktree of the scratch tree at REV.
worktree() {
	base_worktree "$M/tree/$1"
	git -C "$M/tree/$1" checkout -q --detach "$2"
}

# tree/series: the series under test, made again only when it changed.
series_tree() {
	local p rev=base want stamp=$M/tree/series.id
	if [ -n "${REV:-}" ]; then
		want=$(git -C "$SCRATCH_DIR" rev-parse "$REV") rev=$want
	else
		want=$(series_hash)
	fi
	[ "$(cat "$stamp" 2>/dev/null)" != "$want" ] || return 0
	rm -f "$stamp"
	worktree series "$rev"
	if [ -z "${REV:-}" ]; then
		while read -r p; do
			git -C "$M/tree/series" -c user.name=matrix -c user.email=matrix@localhost \
				am -q --keep-cr "$SERIES_DIR/$p" ||
				{ git -C "$M/tree/series" am --abort; die "$SERIES/$p does not apply"; }
		done < <(series_patches)
	fi
	echo "$want" >"$stamp"
}

# row_arches SPEC: the arches of a row (all, or a comma-separated list)
# that ARCHES (default: all) lets run.
row_arches() {
	local a all=$1
	[ "$all" != all ] || all=$(arches)
	for a in ${all//,/ }; do
		[ -z "${ARCHES:-}" ] || [[ " $ARCHES " = *" $a "* ]] || continue
		echo "$a"
	done
}

normalize() {
	sed -E 's#[^ :]*/tree/(series|each|base)/##g'
}

# diags KINDS LOG...: the lines FILE:LINE:COL: KIND: of LOGs (KINDS: an
# ERE, warning|error), paths from the top of the tree.
diags() {
	local kinds=$1
	shift
	cat "$@" 2>/dev/null | normalize | grep -E "^[^ :]+:[0-9]+:[0-9]+: ($kinds):" || true
}

# touched_warnings LOG...: the compiler warnings of LOGs in files the
# series changes.
touched_warnings() {
	diags warning "$@" | awk -F: 'NR == FNR { t[$0]; next } $1 in t' "$LOGDIR/matrix-files" - | sort -u
}

# first_error DIR: the first error line of the logs kernel.sh left in DIR.
first_error() {
	local line
	line=$(awk '/(error|ERROR):|undefined reference|not in the final \.config/ { print; exit }' \
		"$1/config-$arch.log" "$1/build-$arch.log" 2>/dev/null || true)
	[ -n "$line" ] || line=$(tail -n1 "$1/out.log")
	normalize <<<"$line"
}

# verdict SHORT [DETAIL]: this cell's result, for the table.
verdict() {
	printf '%s\n' "$@" >"$dir/verdict"
}

# known FILE: the warnings of FILE that the base's MATRIX_KNOWN
# (config/matrix-known for 6.1) lists (the base's own under the series'
# names), to FILE.known; the others to FILE.new. Lines are compared
# without "patch N: " and line:column.
known() {
	local list=$ROOT/$MATRIX_KNOWN
	# "#", a line no warning is, keeps the list a file of its own to awk.
	{
		echo '#'
		grep -v -e '^#' -e '^[[:space:]]*$' "$list" || true
	} >"$1.list"
	sed -E 's/^(patch [0-9]+: )?([^ :]+):[0-9]+:[0-9]+:/\2:/' "$1" >"$1.bare"
	paste -d '\n' "$1.bare" "$1" | awk 'NR == FNR { k[$0]; next }
		FNR % 2 { bare = $0; next } { print > (bare in k ? K : N) }' \
		K="$1.known" N="$1.new" "$1.list" -
	touch "$1.known" "$1.new"
	rm -f "$1.list" "$1.bare"
}

# judge FILE: ok, or how many new warnings FILE lists and the first; the
# known ones (config/matrix-known) counted apart.
judge() {
	local n k
	known "$1"
	n=$(grep -c . "$1.new" || true) k=$(grep -c . "$1.known" || true)
	if [ "$n" -eq 0 ] && [ "$k" -eq 0 ]; then
		verdict ok
	elif [ "$n" -eq 0 ]; then
		verdict ok "$k known warning$([ "$k" -eq 1 ] || echo s) ($MATRIX_KNOWN)"
	else
		verdict "$n new warning$([ "$n" -eq 1 ] || echo s)" "$(head -n1 "$1.new")"
	fi
}

# kbuild TREE OBJ DIR [GOAL...]: kernel.sh for this row and arch.
kbuild() {
	local tree=$1 obj=$2 log=$3
	shift 3
	mkdir -p "$log"
	KTREE=$tree KOBJ=$obj LOGDIR=$log bash "$ROOT/scripts/kernel.sh" "$arch" "$@" \
		>"$log/out.log" 2>&1
}

# scope_all OBJ: the kernel of the series.
scope_all() {
	if kbuild "$M/tree/series" "$1" "$dir"; then
		touched_warnings "$dir/build-$arch.log" >"$dir/new-warnings"
		judge "$dir/new-warnings"
	else
		verdict FAILED "$(first_error "$dir")"
	fi
}

# scope_each OBJ: every patch on its own, from patch FROM on, in tree/each.
scope_each() {
	local c n=0 built=0 bad=0 first='' commits
	mapfile -t commits < <(git -C "$M/tree/series" rev-list --reverse base..HEAD)
	: >"$dir/new-warnings"
	for c in "${commits[@]}"; do
		n=$((n + 1))
		[ "$n" -ge "${FROM:-1}" ] || continue
		worktree each "$c"
		built=$((built + 1))
		if kbuild "$M/tree/each" "$1" "$dir/patch-$n"; then
			echo "    patch $n ok"
		else
			echo "    patch $n FAILED"
			bad=$((bad + 1))
			[ -n "$first" ] || first="patch $n: $(first_error "$dir/patch-$n")"
		fi
		touched_warnings "$dir/patch-$n/build-$arch.log" | sed "s/^/patch $n: /" >>"$dir/new-warnings"
	done
	if [ "$bad" -eq 0 ]; then
		judge "$dir/new-warnings"
	else
		verdict FAILED "$first ($bad of $built patches failed)"
	fi
}

# scope_dirs OBJ: the directories of the .c files the series changes, on
# the base (in OBJ-base) and on the series, their objects made anew so
# that every warning shows; the warnings only the series has.
scope_dirs() {
	local side obj d dirs
	mapfile -t dirs < <(git -C "$M/tree/series" diff --name-only base..HEAD -- '*.c' ':!tools/' |
		sed 's#[^/]*$##' | sort -u)
	base_worktree "$M/tree/base"
	for side in base series; do
		obj=$1
		[ "$side" = series ] || obj=$1-base
		for d in "${dirs[@]}"; do
			[ ! -d "$obj/$d" ] || find "$obj/$d" -name '*.o' -delete
		done
		if ! kbuild "$M/tree/$side" "$obj" "$dir/$side" "${dirs[@]}"; then
			verdict FAILED "$side: $(first_error "$dir/$side")"
			return
		fi
		diags 'warning|error' "$dir/$side/build-$arch.log" |
			sed -E 's/^([^:]+):[0-9]+:[0-9]+:/\1:/' | sort >"$dir/$side.diags"
	done
	comm -13 "$dir/base.diags" "$dir/series.diags" >"$dir/new-warnings"
	judge "$dir/new-warnings"
}

# cell: one row (name over spec cc flags scope opts) on one arch, in dir.
cell() {
	local args=() f=()
	KDEBUG=0 KPAGES=
	[ "$over" = test ] || KDEBUG=1
	[ "$cc" = gcc ] || args+=(LLVM=1 "CC=ccache clang")
	[ "$flags" = - ] || { IFS=, read -ra f <<<"$flags" && args+=("${f[@]}"); }
	KMAKE_ARGS=$(printf '%s\n' "${args[@]}") KFRAGMENT=
	if [ "$opts" != - ]; then
		tr -s ' ' '\n' <<<"$opts" >"$dir/row.config"
		KFRAGMENT=$dir/row.config
	fi
	export KDEBUG KPAGES KMAKE_ARGS KFRAGMENT
	"scope_$scope" "$M/$name-$arch"
}

mins() {
	printf '%dm%02ds' $(($1 / 60)) $(($1 % 60))
}

# matrix.sh judge FILE: only the verdict on FILE, warnings as a row lists
# them (lint tests the judge on scripts/testdata/matrix-*.warnings).
if [ "${1:-}" = judge ]; then
	dir=$(mktemp -d)
	cp "${2:?usage: matrix.sh judge FILE}" "$dir/warnings"
	judge "$dir/warnings"
	cat "$dir/verdict"
	rm -rf "$dir"
	exit 0
fi

# The rows: NAME OVER ARCHES CC MAKE SCOPE OPTIONS...
mapfile -t table < <(grep -v -e '^#' -e '^[[:space:]]*$' "$ROOT/config/matrix")
names=" $(cut -d' ' -f1 < <(printf '%s\n' "${table[@]}") | tr '\n' ' ')"
for r in ${ROWS:-}; do
	[[ $names = *" $r "* ]] || die "no row '$r' in config/matrix"
done
for a in ${ARCHES:-}; do
	[[ " $(arches | tr '\n' ' ') " = *" $a "* ]] || die "no arch '$a' in config/arch/"
done
rows=() cols=()
for line in "${table[@]}"; do
	read -r name over spec cc flags scope opts <<<"$line"
	[[ $over:$cc:$scope =~ ^(test|debug):(gcc|clang):(all|each|dirs)$ ]] ||
		die "config/matrix, row $name: over, cc or scope unknown"
	[ -z "${ROWS:-}" ] || [[ " $ROWS " = *" $name "* ]] || continue
	rows+=("$line")
	for a in $(row_arches "$spec"); do
		[[ " ${cols[*]} " = *" $a "* ]] || cols+=("$a")
	done
done

series_tree
git -C "$M/tree/series" diff --name-only base..HEAD >"$LOGDIR/matrix-files"
say "series of $BASE: $(git -C "$M/tree/series" rev-list --count base..HEAD) patches" \
	"(${REV:+$SCRATCH/ $REV, }$(git -C "$M/tree/series" log -1 --format='%h %s'))"
start=$SECONDS cells=0 bad=0
for line in "${rows[@]}"; do
	read -r name over spec cc flags scope opts <<<"$line"
	for arch in $(row_arches "$spec"); do
		dir=$LOGDIR/matrix-$name-$arch t=$SECONDS
		mkdir -p "$dir"
		say "$name $arch ($scope; logs: ${dir#"$ROOT"/})"
		# In the background, where set -e holds: "cell || true" would
		# turn it off inside the cell.
		cell &
		wait $! || true
		[ -r "$dir/verdict" ] || verdict FAILED "matrix.sh stopped in this row: see its logs"
		echo $((SECONDS - t)) >"$dir/time"
		echo "    $(head -n1 "$dir/verdict") in $(mins $((SECONDS - t)))"
		cells=$((cells + 1))
		[ "$(head -n1 "$dir/verdict")" = ok ] || bad=$((bad + 1))
	done
done

echo
printf '%-14s' configuration
printf ' %-22s' "${cols[@]}"
echo ' what'
for line in "${rows[@]}"; do
	read -r name over spec cc flags scope opts <<<"$line"
	out=$(printf '%-14s' "$name") notes=()
	for a in "${cols[@]}"; do
		d=$LOGDIR/matrix-$name-$a text=-
		if [ -r "$d/time" ]; then
			{ read -r short && { read -r detail || detail=; }; } <"$d/verdict"
			text="$short $(mins "$(cat "$d/time")")"
			[ -z "$detail" ] || notes+=("    $a: $detail")
		fi
		out+=$(printf ' %-22s' "$text")
	done
	what=("${opts//CONFIG_/}")
	[ "$opts" != - ] || what=("$over config")
	[ "$cc" = gcc ] || what+=("$cc")
	[ "$flags" = - ] || what+=("${flags//,/ }")
	case $scope in
	each) what+=("every patch") ;;
	dirs) what+=("the series' dirs against base") ;;
	esac
	echo "$out $(printf '%s, ' "${what[@]}" | sed 's/, $//')"
	[ "${#notes[@]}" -eq 0 ] || printf '%s\n' "${notes[@]}"
done
echo "$cells builds in $(mins $((SECONDS - start))), $bad not ok; logs: ${LOGDIR#"$ROOT"/}/matrix-*"
[ "$bad" -eq 0 ]
