#!/bin/bash
# report.sh [ARCH]: the main job. Build the series' kernel for ARCH
# (default x86_64), boot it, and show what mlock does to each kind of
# memory. BASE=1 builds and boots the base kernel too, side by side.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"
arch=${1:-x86_64}
S=$ROOT/scripts
variants=(series)
[ -z "${BASE:-}" ] || variants=(base series)

bash "$S/setup.sh"
bash "$S/tree.sh"
bash "$S/xfs-image.sh"
bash "$S/selftests.sh" "$arch"
bash "$S/initramfs.sh" "$arch"
sides=()
for v in "${variants[@]}"; do
	VARIANT=$v bash "$S/kernel.sh" "$arch"
	VARIANT=$v bash "$S/boot.sh" "$arch" report
	sides+=("$v=$(console_log "$arch" report "$v")")
done
echo
echo "What mlock() does to each kind of memory ($arch, 16 MiB of each):"
python3 "$S/report-table.py" "${sides[@]}"
