#!/bin/bash
# bench.sh [ARCH]: benchmark the base and the series kernels in one run.
# Boots each kernel ROUNDS times (default 2), alternating, with the same
# initramfs; guest/mlock-bench.c times each figure 7 times per boot; the
# table gives medians over all runs and the series/base ratio.
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
for round in $(seq "${ROUNDS:-2}"); do
	for v in base series; do
		VARIANT=$v bash "$S/boot.sh" "$arch" bench
		suffix=-base
		[ "$v" = base ] || suffix=
		mv "$LOGDIR/console$suffix-$arch-bench.log" "$LOGDIR/bench-$arch-$v-$round.log"
		logs+=("$v=$LOGDIR/bench-$arch-$v-$round.log")
	done
done
echo
echo "mlock benchmark, $arch under QEMU TCG, ns per page (median of $((7 * ${ROUNDS:-2})) runs each):"
python3 "$S/bench-table.py" "${logs[@]}" | tee "$LOGDIR/bench-$arch.txt"
