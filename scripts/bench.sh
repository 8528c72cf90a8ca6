#!/bin/bash
# bench.sh [ARCH]: benchmark the base and the series kernels in one run,
# with the same initramfs: guest/mlock-bench.c times each figure 3 times
# per boot. QEMU runs with -icount shift=0: the guest clock advances one
# nanosecond per guest instruction, so "ns" are guest instructions and the
# figures repeat exactly from run to run, whatever the host is doing (wall
# time under TCG on this shared machine scatters by +-30%). ROUNDS (default
# 1) boots each kernel more times, alternating. The table gives medians and
# the series/base ratio.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"
arch=${1:-x86_64}
S=$ROOT/scripts

bash "$S/setup.sh"
bash "$S/tree.sh"
bash "$S/xfs-image.sh"
bash "$S/selftests.sh" "$arch"
bash "$S/initramfs.sh" "$arch"
for v in base series; do
	VARIANT=$v bash "$S/kernel.sh" "$arch"
done
logs=()
load_arch "$arch"
export QEMU_EXTRA="-icount shift=0,sleep=off ${BENCH_QEMU_ARGS[*]}"
for round in $(seq "${ROUNDS:-1}"); do
	for v in base series; do
		VARIANT=$v bash "$S/boot.sh" "$arch" bench
		mv "$(console_log "$arch" bench "$v")" "$LOGDIR/bench-$arch-$v-$round.log"
		logs+=("$v=$LOGDIR/bench-$arch-$v-$round.log")
	done
done
echo
echo "mlock benchmark, $arch, QEMU TCG -icount: guest instructions per page (median of $((3 * ${ROUNDS:-1})) runs each):"
python3 "$S/bench-table.py" "${logs[@]}" | tee "$LOGDIR/bench-$arch.txt"
