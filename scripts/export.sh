#!/bin/bash
# Export the scratch tree's commits on top of 'base' back to the series
# directory of BASE (patches/, patches-6.12/) and rewrite its series file.
# The cover letter is kept as it is.
set -euo pipefail
VARIANT=series
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"
require_tree

[ -z "$(git -C "$TREE" status --porcelain --untracked-files=no)" ] ||
	die "$SCRATCH/ has uncommitted edits: commit them first"

mkdir -p "$SERIES_DIR"
cover=$SERIES_DIR/0000-cover-letter.patch
old_cover=$(mktemp)
trap 'rm -f "$old_cover"' EXIT
[ ! -e "$cover" ] || cp "$cover" "$old_cover"
find "$SERIES_DIR" -name '[0-9][0-9][0-9][0-9]-*.patch' -delete
git -C "$TREE" format-patch -q --zero-commit --no-signature --cover-letter \
	-o "$SERIES_DIR" base..HEAD
# Keep the cover letter's subject and text; its shortlog and diffstat are
# regenerated for the series as it now is. No commits, no new cover
# letter: the old one stays.
if [ -s "$old_cover" ] && [ -e "$cover" ]; then
	python3 "$ROOT/scripts/cover-letter.py" "$old_cover" "$cover"
elif [ -s "$old_cover" ]; then
	cp "$old_cover" "$cover"
fi
{
	echo "# Order of the series; the cover letter is not applied."
	for p in "$SERIES_DIR"/[0-9][0-9][0-9][0-9]-*.patch; do
		if [ -e "$p" ]; then
			echo "${p##*/}"
		fi
	done
} >"$SERIES_DIR/series"
printf '%s %s\n' "$(series_hash)" "$(git -C "$TREE" rev-parse HEAD)" >"$TREE/.git/harness-series"
say "exported $(series_patches | wc -l) patch(es) to $SERIES/"
