#!/bin/bash
# initramfs.sh ARCH: the guest's initramfs of BASE,
# build/initramfs[-6.12]-ARCH.cpio.gz: Debian's busybox-static for ARCH,
# guest/init, every other executable of guest/ as a job in /harness/,
# guest/*.c compiled there (with the series' selftests' mlock-util.h), the
# kselftests built by selftests.sh and the kernel's kselftest runner. A
# kselftest that was not built is left out: the runner fails it.
set -euo pipefail
VARIANT=series # the series' tests run on either kernel
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"
arch=${1:?usage: initramfs.sh ARCH}
load_arch "$arch"
require_tree
stage=$BUILD/initramfs$BUILD_SUFFIX-$arch
selftests=$TREE/tools/testing/selftests
bb=$BUILD/busybox-$DEB_ARCH/bin/busybox

fetch_busybox() {
	local deb=$BUILD/deb
	mkdir -p "$deb"
	(cd "$deb" && apt-get download "busybox-static:$DEB_ARCH")
	dpkg-deb -x "$deb"/busybox-static_*_"$DEB_ARCH".deb "$BUILD/busybox-$DEB_ARCH"
}

assemble() {
	local dir name user c f link=() ks=$stage/kselftest
	rm -rf "$stage"
	mkdir -p "$stage"/{bin,dev,proc,sys,tmp,mnt,harness} "$ks/kselftest"
	cp "$bb" "$stage/bin/busybox"
	mkdir -p "$stage/etc"
	printf 'root:x:0:0:root:/:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/sh\n' >"$stage/etc/passwd"
	printf 'root:x:0:\nnogroup:x:65534:\n' >"$stage/etc/group"
	cp "$ROOT/guest/init" "$stage/init"
	# Every other executable of guest/ is a job: /harness/JOB.
	find "$ROOT/guest" -maxdepth 1 -type f -perm -u+x ! -name init ! -name '*.c' \
		-exec cp -t "$stage/harness/" {} +
	# The tools read what the mlock selftests read, with their header
	# mlock-util.h (and the mlock2.h beside it), linked with what the
	# base's GUEST_LINK names of their sources (6.12: vm_util.c...). A
	# series without the header (6.12 before its selftests) gets no tools,
	# and a tool that does not build is left out: no report or bench then,
	# but the tests run.
	for f in $GUEST_LINK; do
		link+=("$selftests/$SELFTESTS/$f")
	done
	if [ -r "$selftests/$SELFTESTS/mlock-util.h" ]; then
		for c in "$ROOT"/guest/*.c; do
			"${CROSS_COMPILE}gcc" -O2 -Wall -Werror -static \
				-isystem "$OBJ/usr/include" -I "$selftests/$SELFTESTS" \
				-o "$stage/harness/$(basename "$c" .c)" "$c" "${link[@]}" ||
				echo "guest tool not built: $(basename "$c" .c) (no make report, bench)"
		done
	else
		echo "guest tools not built: no $SELFTESTS/mlock-util.h in $SCRATCH/ (no make report, bench)"
	fi
	cp "$selftests/kselftest/runner.sh" "$ks/kselftest/"
	# The guest's list: DIR NAME, in order (guest/test).
	kselftests | cut -d' ' -f1,2 >"$ks/list"
	# DIR NAME [USER|-] [ARGS...]: a test with a user or arguments is
	# run by a wrapper of its name, as the runner passes none.
	while read -r dir name user args; do
		mkdir -p "$ks/$dir"
		if [ ! -e "$BUILD/selftests$BUILD_SUFFIX-$arch/$dir/$name" ]; then
			echo "not built, left out (the guest fails it): $dir/$name"
			continue
		elif [ -z "$user" ]; then
			cp "$BUILD/selftests$BUILD_SUFFIX-$arch/$dir/$name" "$ks/$dir/" || return
			continue
		fi
		cp "$BUILD/selftests$BUILD_SUFFIX-$arch/$dir/$name" "$ks/$dir/$name.bin" || return
		if [ "$user" = - ]; then
			printf '#!/bin/sh\nexec ./%s.bin %s\n' "$name" "$args"
		else
			printf '#!/bin/sh\nexec su -s /bin/sh -c "./%s.bin %s" %s\n' \
				"$name" "$args" "$user"
		fi >"$ks/$dir/$name"
		chmod +x "$ks/$dir/$name"
	done < <(kselftests)
	(cd "$stage" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) |
		gzip -1 >"$stage.cpio.gz"
}

[ -x "$bb" ] || step "fetch busybox-static:$DEB_ARCH" "$LOGDIR/busybox-$arch.log" fetch_busybox
log=$LOGDIR/initramfs$BUILD_SUFFIX-$arch.log
step "assemble $arch initramfs ($BASE)" "$log" assemble
grep -e '^guest tool.* not built' -e '^not built' "$log" | sed 's/^/    /' || true
