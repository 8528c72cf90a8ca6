#!/bin/bash
# fuzz.sh ARCH [ARGS...]: boot the series kernel of BASE and ARCH (built
# by make check or make test) with guest job "fuzz": mlock-fuzz with ARGS
# (default -t 600 -S 256: a seed from the time, up to four processes, a
# 256 MiB swap file), every step checked by the kernel's mlock oracle. Its
# console is the result; the seed and a replay command are in it when a
# step breaks the rule. The guest has the run's time, half as much again
# and 10 minutes for its setup and final checks (beside a CI run, a
# 2400 s run outlived 2400 * 5/4 + 600 s); a run cut short still has the
# "steps N clean so far" lines that mlock-fuzz prints every 5 minutes.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"
arch=${1:?usage: fuzz.sh ARCH [ARGS...]}
shift
args=${*:--t 600 -S 256}
secs=$(sed -n 's/.*-t \([0-9]*\).*/\1/p' <<<"$args")
load_arch "$arch"
[ -r "$OBJ/$KIMAGE" ] || die "no $arch kernel: make check ARCH=$arch BASE=$BASE first"
bash "$ROOT/scripts/xfs-image.sh"
bash "$ROOT/scripts/selftests.sh" "$arch" || true
bash "$ROOT/scripts/initramfs.sh" "$arch"
[ -e "$BUILD/initramfs$BUILD_SUFFIX-$arch/kselftest/$SELFTESTS/mlock-fuzz.bin" ] ||
	die "no mlock-fuzz in $SCRATCH/ (tools/testing/selftests/$SELFTESTS/)"
BOOT_TIMEOUT=$((${secs:-600} * 3 / 2 + 600)) KCMDLINE_EXTRA="harness.fuzz=${args// /,}" \
	bash "$ROOT/scripts/boot.sh" "$arch" fuzz || true
console=$(console_log "$arch" fuzz)
grep -E '^(not )?ok |^# (seed|steps|.*replay)' "$console" || true
grep -q '^not ok' "$console" && die "mlock-fuzz failed: $console"
grep -q '^ok 1 steps' "$console" || die "mlock-fuzz did not finish: $console"
