#!/bin/bash
# boot.sh ARCH JOB: boot the ARCH kernel under QEMU (TCG) with the
# initramfs of BASE and the XFS disk, run guest job JOB (guest/JOB), and
# keep the console in $LOGDIR/console[-6.12][-base][-debug]-ARCH-JOB.log
# (lib.sh console_log), QEMU's command line and output in
# qemu[...]-ARCH-JOB.log.
# KCMDLINE_EXTRA: more kernel parameters, for the job (harness.fuzz=...).
# VARIANT=base boots the base kernel with the same initramfs. Fails when
# the guest does not finish within BOOT_TIMEOUT seconds (default 900).
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"
arch=${1:?usage: boot.sh ARCH JOB}
job=${2:?usage: boot.sh ARCH JOB}
load_arch "$arch"
console=$(console_log "$arch" "$job")
kernel=${KERNEL:-$OBJ/$KIMAGE}

# QEMU_EXTRA: more QEMU options, e.g. "-icount shift=0,sleep=off".
read -ra extra <<<"${QEMU_EXTRA:-}"

qemu=("$QEMU" "${QEMU_ARGS[@]}"
	-kernel "$kernel" -initrd "$BUILD/initramfs$BUILD_SUFFIX-$arch.cpio.gz"
	-append "console=$CONSOLE panic=-1 harness.job=$job $KCMDLINE_ARCH ${KCMDLINE_EXTRA:-}"
	-drive "file=$XFS_IMG,format=raw,if=none,id=xfs,snapshot=on"
	-device "virtio-blk-pci,drive=xfs"
	-display none -monitor none -no-reboot -serial "file:$console"
	"${extra[@]}")

# quoted WORD...: the words as a shell command line, quoted where needed.
quoted() {
	local w out=()
	for w; do
		if [[ $w =~ ^[[:alnum:]_./:=,+%@-]+$ ]]; then out+=("$w"); else out+=("${w@Q}"); fi
	done
	echo "${out[*]}"
}

# boot: QEMU's command line first in its log, to be run again by hand.
boot() {
	local rc=0
	echo "qemu command: $(quoted "${qemu[@]}")"
	timeout "${BOOT_TIMEOUT:-900}" "${qemu[@]}" || rc=$?
	[ "$rc" -ne 124 ] || { echo "guest did not finish within ${BOOT_TIMEOUT:-900}s"; return 1; }
	grep -q "^harness: job $job ends" "$console" || { echo "guest did not finish job $job"; return 1; }
	return "$rc"
}

step "boot $arch $BASE $VARIANT, job $job (console: ${console#"$ROOT"/})" "$LOGDIR/qemu$SUFFIX-$arch-$job.log" boot
