#!/bin/bash
# The scratch tree linux/: a git repo whose first commit is the untouched
# base (tagged 'base'), then 'git am' of patches/series. Up to date: nothing
# to do. Refuses to throw away edits or commits that were not exported.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

tarball=/usr/src/$BASE_PKG.tar.xz
stamp=$TREE/.git/harness-series

make_base() {
	[ -r "$tarball" ] || die "$tarball missing: run 'make setup'"
	local version tmp
	version=$(dpkg-query -W -f='${Version}' "$BASE_PKG")
	[ "$version" = "$BASE_VERSION" ] ||
		echo "WARNING: base is $BASE_PKG $version, not the pinned $BASE_VERSION" >&2
	tmp=$BUILD/tree.tmp
	rm -rf "$tmp"
	mkdir -p "$tmp"
	say "unpacking $tarball"
	tar -C "$tmp" -xf "$tarball"
	mv "$tmp/$BASE_PKG" "$TREE"
	rmdir "$tmp"
	say "committing the base ($BASE_PKG $version)"
	git -C "$TREE" init -q -b master
	# Debian's top-level .gitignore ignores /*: add everything by force.
	git -C "$TREE" add -f .
	git -C "$TREE" -c user.name=base -c user.email=base@localhost \
		commit -q -m "$BASE_PKG $version (base)"
	git -C "$TREE" tag base
}

apply_series() {
	local p n=0
	git -C "$TREE" reset -q --hard base
	while read -r p; do
		n=$((n + 1))
		if ! git -C "$TREE" am -q --keep-cr "$ROOT/patches/$p" >"$LOGDIR/git-am.log" 2>&1; then
			git -C "$TREE" am --abort >/dev/null 2>&1 || true
			cat "$LOGDIR/git-am.log" >&2
			# Leave the base, which the next run may re-apply onto.
			git -C "$TREE" reset -q --hard base
			echo "failed $(git -C "$TREE" rev-parse HEAD)" >"$stamp"
			die "patch $n does not apply: patches/$p"
		fi
	done < <(series_patches)
	say "applied $n patch(es) on base"
	printf '%s %s\n' "$(series_hash)" "$(git -C "$TREE" rev-parse HEAD)" >"$stamp"
}

mkdir -p "$BUILD"
if [ ! -d "$TREE/.git" ]; then
	make_base
	apply_series
	exit 0
fi

[ -z "$(git -C "$TREE" status --porcelain --untracked-files=no)" ] ||
	die "linux/ has uncommitted edits: commit them, then 'make export'"
head=$(git -C "$TREE" rev-parse HEAD)
read -r want_hash want_head <"$stamp" 2>/dev/null || want_hash=none want_head=none
if [ "$want_hash" = "$(series_hash)" ] && [ "$want_head" = "$head" ]; then
	say "linux/ is up to date with patches/ ($(git -C "$TREE" rev-list --count base..HEAD) patches)"
	exit 0
fi
if [ "$want_head" != "$head" ] && [ -z "${FORCE:-}" ]; then
	die "linux/ has commits that are not in patches/: 'make export' them, or 'make tree FORCE=1' to drop them"
fi
apply_series
