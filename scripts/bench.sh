#!/bin/bash
# bench.sh [ARCH]: benchmark the base and the series kernels of BASE in
# one run (each series against its own base: BASE=6.12 make bench for
# 6.12), built without debug checks (config/bench.config), with the same
# initramfs: guest/mlock-bench.c times each figure 3 times
# per boot, in two modes (MODES, default both):
#   icount  QEMU -icount shift=0, one CPU: the guest clock advances one
#           nanosecond per guest instruction, so "ns" are guest
#           instructions, and the figures repeat exactly from run to run
#           whatever the host is doing; but one instruction stream cannot
#           show two CPUs waiting on one lock;
#   wall    the test guest's two CPUs, wall time: the contention cases
#           (two processes mapping one locked file, 16 exiting) with a
#           second CPU, scattered by the shared host (+-30%), so boots
#           alternate and the table takes medians. The guest clock is
#           the host's TSC on x86_64 (BENCH_WALL_KCMDLINE), not jiffies.
# ROUNDS (default 1 for icount, 3 for wall) boots each kernel more times,
# alternating. Each table gives medians and the series/base ratio.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"
arch=${1:-x86_64}
S=$ROOT/scripts

bash "$S/setup.sh"
bash "$S/tree.sh"
bash "$S/xfs-image.sh"
bash "$S/selftests.sh" "$arch" || true
bash "$S/initramfs.sh" "$arch"
[ -x "$BUILD/initramfs$BUILD_SUFFIX-$arch/harness/mlock-bench" ] ||
	die "no guest/mlock-bench.c built for $BASE: $SCRATCH/ has no tools/testing/selftests/$SELFTESTS/mlock-util.h yet"
# The kernels of both: config/bench.config, no debug checks (KBENCH=1).
for v in base series; do
	KBENCH=1 VARIANT=$v bash "$S/kernel.sh" "$arch"
done
load_arch "$arch"

# bench_mode MODE ROUNDS QEMU_EXTRA: boot base and series ROUNDS times each,
# alternating, and print the table of MODE.
bench_mode() {
	local mode=$1 rounds=$2 round v log logs=()
	export QEMU_EXTRA=$3
	for round in $(seq "$rounds"); do
		for v in base series; do
			KBENCH=1 VARIANT=$v bash "$S/boot.sh" "$arch" bench
			log=$LOGDIR/bench$BUILD_SUFFIX-$mode-$arch-$v-$round.log
			mv "$(console_log "$arch" bench "$v")" "$log"
			logs+=("$v=$log")
		done
	done
	echo
	echo "mlock benchmark, $BASE and $BASE+series, $arch, $mode: median of $((3 * rounds)) runs each"
	python3 "$S/bench-table.py" "${logs[@]}" | tee "$LOGDIR/bench$BUILD_SUFFIX-$mode-$arch.txt"
}

for mode in ${MODES:-icount wall}; do
	case $mode in
	icount)
		bench_mode icount "${ROUNDS:-1}" \
			"-icount shift=0,sleep=off ${BENCH_QEMU_ARGS[*]}" ;;
	wall)
		khz=$(awk '/^cpu MHz/ { printf "%d", $4 * 1000; exit }' \
			/proc/cpuinfo)
		export KCMDLINE_EXTRA=${BENCH_WALL_KCMDLINE//HOST_TSC_KHZ/$khz}
		bench_mode wall "${ROUNDS:-3}" "" ;;
	*)
		die "unknown bench mode '$mode' (icount, wall)" ;;
	esac
done
