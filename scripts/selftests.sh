#!/bin/bash
# selftests.sh ARCH: build the kselftests of config/kselftests from the
# scratch tree, statically, for ARCH, into build/selftests-ARCH. Always
# remade (-B): kselftest's rules know a test's .c, not the headers it
# includes (mlock-util.h), and a stale binary fails against a new kernel.
set -euo pipefail
VARIANT=series # the series' tests run on either kernel
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"
arch=${1:?usage: selftests.sh ARCH}
load_arch "$arch"
require_tree
out=$BUILD/selftests-$arch

build() {
	local dir name _user
	kmake headers
	while read -r dir name _user; do
		mkdir -p "$out/$dir"
		make -B -C "$TREE/tools/testing/selftests/$dir" OUTPUT="$out/$dir" \
			CC="ccache ${CROSS_COMPILE}gcc" ARCH="$KARCH" \
			KHDR_INCLUDES="-isystem $OBJ/usr/include" \
			LDFLAGS="-static -L/usr/lib/$TRIPLET" "$out/$dir/$name"
	done < <(kselftests)
}

step "build $arch kselftests" "$LOGDIR/selftests-$arch.log" build
