#!/bin/bash
# report.sh [ARCH]: the main job. Build the series' kernel of BASE for ARCH
# (default x86_64), boot it, and show what mlock does to each kind of
# memory. REPORT_BASES="6.1 6.12" and REPORT_VARIANTS="base series" (make
# report-base: every base, both variants) put more kernels side by side in
# one table, a column each: 6.1, 6.1+series, 6.12, 6.12+series. Each
# kernel's build and console logs are in LOGDIR/BASE-VARIANT/.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"
arch=${1:-x86_64}
S=$ROOT/scripts
read -ra report_bases <<<"${REPORT_BASES:-$BASE}"
read -ra variants <<<"${REPORT_VARIANTS:-series}"

bash "$S/setup.sh"
bash "$S/xfs-image.sh"
sides=()
for b in "${report_bases[@]}"; do
	# The series' tests and tools of base b, for both of its kernels.
	BASE=$b bash "$S/tree.sh"
	BASE=$b bash "$S/selftests.sh" "$arch" || true
	BASE=$b bash "$S/initramfs.sh" "$arch"
	for v in "${variants[@]}"; do
		dir=$LOGDIR/$b-$v
		mkdir -p "$dir"
		BASE=$b VARIANT=$v LOGDIR=$dir bash "$S/kernel.sh" "$arch"
		BASE=$b VARIANT=$v LOGDIR=$dir bash "$S/boot.sh" "$arch" report
		label=$b
		[ "$v" = base ] || label=$b+$v
		sides+=("$label=$(LOGDIR=$dir console_log "$arch" report "$v" "$b")")
	done
done
echo
echo "What mlock() does to each kind of memory ($arch, 16 MiB of each):"
python3 "$S/report-table.py" "${sides[@]}"
