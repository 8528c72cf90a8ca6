#!/bin/bash
# selftests.sh ARCH: build the kselftests of BASE's list (config/kselftests,
# config/kselftests-6.12) from its scratch tree, statically, for ARCH, into
# build/selftests[-6.12]-ARCH. Always remade (-B): kselftest's rules know a
# test's .c, not the headers it includes (mlock-util.h), and a stale binary
# fails against a new kernel. A test that does not build (or is not in the
# tree yet) is left out and named; the guest's kselftest runner then
# reports it as a failed case ("file ... is missing"). Exits 1 if any is.
set -euo pipefail
VARIANT=series # the series' tests run on either kernel
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"
arch=${1:?usage: selftests.sh ARCH}
load_arch "$arch"
require_tree
out=$BUILD/selftests$BUILD_SUFFIX-$arch

build() {
	local dir name _user missing=()
	kmake headers
	while read -r dir name _user; do
		mkdir -p "$out/$dir"
		rm -f "$out/$dir/$name"
		make -B -C "$TREE/tools/testing/selftests/$dir" OUTPUT="$out/$dir" \
			CC="ccache ${CROSS_COMPILE}gcc" ARCH="$KARCH" \
			KHDR_INCLUDES="-isystem $OBJ/usr/include" \
			LDFLAGS="-static -L/usr/lib/$TRIPLET" "$out/$dir/$name" ||
			missing+=("$dir/$name")
	done < <(kselftests)
	[ "${#missing[@]}" -eq 0 ] || { echo "not built: ${missing[*]}" && return 1; }
}

step "build $arch kselftests ($SELFTESTS/ of $SCRATCH/)" "$LOGDIR/selftests$BUILD_SUFFIX-$arch.log" build ||
	{ grep '^not built: ' "$LOGDIR/selftests$BUILD_SUFFIX-$arch.log" | sed 's/^/    /'; exit 1; }
