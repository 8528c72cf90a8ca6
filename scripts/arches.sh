#!/bin/bash
# arches.sh [--ready]: the arches of the harness, one data file each in
# config/arch/ (make arches): QEMU, toolchain, packages, and whether QEMU
# and the compiler are installed. --ready: only the names of those that
# are, e.g. for 'bash scripts/test.sh $(bash scripts/arches.sh --ready)'.
set -euo pipefail
LOGDIR=${LOGDIR:-/dev/null} # reads config/arch/ only: no logs
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

[ "${1:-}" = --ready ] || printf '%-8s %-20s %-22s %-8s %s\n' \
	arch QEMU compiler status "packages (make setup)"
for arch in $(arches); do
	(
		load_arch "$arch"
		status=ready
		for cmd in "$QEMU" "${CROSS_COMPILE}gcc"; do
			command -v "$cmd" >/dev/null || status=missing
		done
		if [ "${1:-}" != --ready ]; then
			printf '%-8s %-20s %-22s %-8s %s\n' "$arch" "$QEMU" \
				"${CROSS_COMPILE}gcc" "$status" "${PACKAGES[*]}"
		elif [ "$status" = ready ]; then
			echo "$arch"
		fi
	)
done
