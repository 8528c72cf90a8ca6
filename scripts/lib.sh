# shellcheck shell=bash
# Common helpers, sourced by every script in this directory.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=$ROOT/build
# BASE=6.1|6.12 (default 6.1): the base and its series, one data file
# config/base/BASE.env: the package, the series' directory (patches/,
# patches-6.12/), its scratch tree (linux/, linux-6.12/), the kselftests,
# and BUILD_SUFFIX, which keeps each base's build dirs and logs apart.
BASE=${BASE:-6.1}
[ -r "$ROOT/config/base/$BASE.env" ] ||
	{ echo "error: unknown BASE '$BASE' (see config/base/)" >&2 && exit 1; }
# shellcheck source=config/base/6.1.env
. "$ROOT/config/base/$BASE.env"
SERIES_DIR=$ROOT/$SERIES SCRATCH_DIR=$ROOT/$SCRATCH
# VARIANT=base builds and boots the untouched base instead of the series,
# from a worktree of the scratch tree at tag 'base'. The kselftests and the
# guest always come from the series, so that the series' tests run on both.
VARIANT=${VARIANT:-series}
case $VARIANT in
series) TREE=$SCRATCH_DIR SUFFIX=$BUILD_SUFFIX ;;
base) TREE=$BUILD/base-src$BUILD_SUFFIX SUFFIX=$BUILD_SUFFIX-base ;;
*) echo "error: VARIANT must be series or base" >&2 && exit 1 ;;
esac
# KDEBUG=1: the kernel with config/debug.config (KASAN, lockdep...) too.
[ "${KDEBUG:-0}" = 0 ] || SUFFIX=$SUFFIX-debug
# KBENCH=1: the kernel with config/bench.config last (make bench).
[ "${KBENCH:-0}" = 0 ] || SUFFIX=$SUFFIX-bench
# KPAGES=64k (or 16k): config/pages-KPAGES.config too, an arm64 page size.
[ -z "${KPAGES:-}" ] || SUFFIX=$SUFFIX-$KPAGES
# The guest's memory and XFS disk; config/pages-KPAGES.env may ask for
# more (the tests size their areas in PMDs, 512 MiB with 64 KiB pages).
GUEST_GB=2 XFS_MB=1536
if [ -n "${KPAGES:-}" ] && [ -r "$ROOT/config/pages-$KPAGES.env" ]; then
	# shellcheck source=config/pages-64k.env
	. "$ROOT/config/pages-$KPAGES.env"
fi
XFS_IMG=$BUILD/xfs-${XFS_MB}M.img
NPROC=$(nproc)
export ROOT BUILD BASE VARIANT TREE SUFFIX NPROC KDEBUG KBENCH KPAGES GUEST_GB XFS_MB XFS_IMG

die() {
	echo "error: $*" >&2
	exit 1
}

say() {
	echo "==> $*"
}

# All logs of one run land in one directory; the first script of a run
# creates it and its children inherit it through LOGDIR.
if [ -z "${LOGDIR:-}" ]; then
	LOGDIR=$BUILD/logs/$(date +%Y%m%d-%H%M%S)
	mkdir -p "$LOGDIR"
	ln -sfn "$(basename "$LOGDIR")" "$BUILD/logs/latest"
	echo "logs: $LOGDIR"
fi
export LOGDIR

# step LABEL LOG CMD...: run CMD with its output in LOG, say how long it
# took, and on failure show the end of the log and where it is.
step() {
	local label=$1 log=$2 start rc=0
	shift 2
	start=$(date +%s)
	echo "==> $label (log: ${log#"$ROOT"/})"
	"$@" >"$log" 2>&1 || rc=$?
	if [ "$rc" -eq 0 ]; then
		echo "    done in $(($(date +%s) - start))s"
	else
		echo "    FAILED after $(($(date +%s) - start))s (exit $rc); end of ${log#"$ROOT"/}:"
		tail -n 20 "$log" | sed 's/^/    | /'
	fi
	return "$rc"
}

# finish TITLE T0 PASSED FAILED SKIPPED LINE...: the end of a test run
# (test.sh, test-all.sh): its LINEs (one a step or a base) under TITLE, the
# time since T0, then "N passed, N failed", whose three counts
# LOGDIR/test.counts gets too; false if any failed.
finish() {
	local title=$1 t0=$2 pass=$3 fail=$4 skip=$5
	shift 5
	echo
	echo "$title (all logs in ${LOGDIR#"$ROOT"/}):"
	printf '  %s\n' "$@"
	printf '  %-52s %5ss\n' total $(($(date +%s) - t0))
	echo
	[ "$skip" -eq 0 ] || echo "($skip skipped)"
	echo "$pass $fail $skip" >"$LOGDIR/test.counts"
	echo "$pass passed, $fail failed"
	[ "$fail" -eq 0 ]
}

# load_arch ARCH: the per-arch data of config/arch/ARCH.env.
load_arch() {
	local f=$ROOT/config/arch/$1.env
	[ -r "$f" ] || die "unknown ARCH '$1' (see config/arch/)"
	# shellcheck source=config/arch/x86_64.env
	. "$f"
	OBJ=$BUILD/obj$SUFFIX-$1
	export OBJ
}

# base_var BASE NAME: setting NAME of config/base/BASE.env (an array's
# elements on one line).
base_var() {
	# shellcheck disable=SC2016 # expanded by the inner bash
	bash -c '. "$1" && v="$2[*]" && echo "${!v}"' base_var "$ROOT/config/base/$1.env" "$2"
}

# bases: every base the harness knows, one data file each in config/base/.
bases() {
	local f
	for f in "$ROOT"/config/base/*.env; do
		f=${f##*/}
		echo "${f%.env}"
	done | sort -V
}

# console_log ARCH JOB [VARIANT [BASE]]: the guest console of JOB on ARCH,
# as boot.sh names it, for VARIANT and BASE (default: this run's); BASE's
# BUILD_SUFFIX, -base, KDEBUG's -debug and -KPAGES in its name.
console_log() {
	local suffix
	suffix=$(base_var "${4:-$BASE}" BUILD_SUFFIX)
	[ "${3:-$VARIANT}" = series ] || suffix=$suffix-${3:-$VARIANT}
	[ "${KDEBUG:-0}" = 0 ] || suffix=$suffix-debug
	[ -z "${KPAGES:-}" ] || suffix=$suffix-$KPAGES
	echo "$LOGDIR/console$suffix-$1-$2.log"
}

# arches: every arch the harness knows, one data file each in config/arch/.
arches() {
	local f
	for f in "$ROOT"/config/arch/*.env; do
		f=${f##*/}
		echo "${f%.env}"
	done
}

# kselftests: the tests of the base's list (KSELFTESTS, config/kselftests
# for 6.1), in order, one a line: DIR NAME [USER|- [ARGS...]]. Its only
# reader. ONLY=ERE keeps the lines that match it (ONLY=mlock-onfault): a
# quicker guest, for a look at one.
kselftests() {
	grep -v -e '^#' -e '^[[:space:]]*$' "$ROOT/$KSELFTESTS" |
		grep -E -- "${ONLY:-.}" | sed 's|/| |'
}

# The patches of the series, in order, without the cover letter.
series_patches() {
	grep -v -e '^#' -e '^[[:space:]]*$' -e '0000-cover-letter' "$SERIES_DIR/series" || true
}

# A hash of what the series directory holds, to tell whether the scratch
# tree still matches it.
series_hash() {
	local ps
	mapfile -t ps < <(series_patches)
	(cd "$SERIES_DIR" && cat series "${ps[@]}") | sha256sum | cut -d' ' -f1
}

# base_worktree DIR: make DIR a worktree of the scratch tree at the base,
# unless it is a tree already.
base_worktree() {
	if [ ! -e "$1/.git" ]; then
		git -C "$SCRATCH_DIR" worktree prune
		git -C "$SCRATCH_DIR" worktree add -q --detach "$1" base
	fi
}

require_tree() {
	[ -d "$SCRATCH_DIR/.git" ] || die "no scratch tree in $SCRATCH/: run 'make tree BASE=$BASE' first"
	base_worktree "$TREE"
}

# Kernel make with the arch's compiler through ccache. CCACHE_BASEDIR makes
# hits independent of where the repository is cloned. KMAKE_ARGS: more
# arguments, one a line, over these (make matrix: LLVM=1, CC=ccache clang).
kmake() {
	local more=()
	[ -z "${KMAKE_ARGS:-}" ] || mapfile -t more <<<"$KMAKE_ARGS"
	make -C "$TREE" O="$OBJ" ARCH="$KARCH" CROSS_COMPILE="$CROSS_COMPILE" \
		CC="ccache ${CROSS_COMPILE}gcc" HOSTCC="ccache gcc" \
		KBUILD_BUILD_TIMESTAMP=@0 KBUILD_BUILD_USER=mlock \
		KBUILD_BUILD_HOST=harness -j"$NPROC" "${more[@]}" "$@"
}
export CCACHE_BASEDIR=$ROOT CCACHE_NOHASHDIR=1
