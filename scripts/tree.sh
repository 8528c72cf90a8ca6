#!/bin/bash
# The scratch tree of BASE (linux/, linux-6.12/: config/base/BASE.env): a
# git repo whose first commit is the untouched base (tagged 'base'), then
# 'git am' of the series (patches/series, patches-6.12/series). Up to date:
# nothing to do. Refuses to throw away edits or commits that were not
# exported.
set -euo pipefail
VARIANT=series # the scratch tree itself, whatever the run boots
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
	tmp=$BUILD/tree$BUILD_SUFFIX.tmp
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
		if ! git -C "$TREE" am -q --keep-cr "$SERIES_DIR/$p" >"$LOGDIR/git-am$BUILD_SUFFIX.log" 2>&1; then
			git -C "$TREE" am --abort >/dev/null 2>&1 || true
			cat "$LOGDIR/git-am$BUILD_SUFFIX.log" >&2
			# Leave the base, which the next run may re-apply onto.
			git -C "$TREE" reset -q --hard base
			echo "failed $(git -C "$TREE" rev-parse HEAD)" >"$stamp"
			die "patch $n does not apply: $SERIES/$p"
		fi
	done < <(series_patches)
	say "applied $n patch(es) on base"
	printf '%s %s\n' "$(series_hash)" "$(git -C "$TREE" rev-parse HEAD)" >"$stamp"
}

# exported: what 'make export' would write of base..HEAD is what the
# series holds, patch for patch (the cover letter aside): a tree whose
# commits were exported, or whose series was applied, by other means
# (linux-6.12/, where the lead commits and exports).
exported() {
	local tmp rc=0
	tmp=$(mktemp -d)
	git -C "$TREE" format-patch -q --zero-commit --no-signature --cover-letter \
		-o "$tmp" base..HEAD
	rm -f "$tmp/0000-cover-letter.patch"
	# Both sides in the series' order, the file names included.
	diff -q <(cd "$tmp" && for p in *.patch; do [ ! -e "$p" ] || { echo "$p" && cat "$p"; }; done) \
		<(series_patches | while read -r p; do echo "$p" && cat "$SERIES_DIR/$p"; done) \
		>/dev/null || rc=$?
	rm -rf "$tmp"
	return "$rc"
}

mkdir -p "$BUILD"
if [ ! -d "$TREE/.git" ]; then
	make_base
	apply_series
	exit 0
fi

[ -z "$(git -C "$TREE" status --porcelain --untracked-files=no)" ] ||
	die "$SCRATCH/ has uncommitted edits: commit them, then 'make export BASE=$BASE'"
head=$(git -C "$TREE" rev-parse HEAD)
n=$(git -C "$TREE" rev-list --count base..HEAD)
read -r want_hash want_head 2>/dev/null <"$stamp" || want_hash=none want_head=none
if [ "$want_hash" = "$(series_hash)" ] && [ "$want_head" = "$head" ]; then
	say "$SCRATCH/ is up to date with $SERIES/ ($n patches)"
	exit 0
fi
if [ "$want_head" != "$head" ] && exported; then
	printf '%s %s\n' "$(series_hash)" "$head" >"$stamp"
	say "$SCRATCH/ is up to date with $SERIES/ ($n patches, its commits are the series)"
	exit 0
fi
if [ "$want_head" != "$head" ] && [ -z "${FORCE:-}" ]; then
	die "$SCRATCH/ has commits that are not in $SERIES/: 'make export BASE=$BASE' them, or 'make tree BASE=$BASE FORCE=1' to drop them"
fi
apply_series
