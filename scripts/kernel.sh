#!/bin/bash
# kernel.sh ARCH: configure (tinyconfig + config/common.config + the
# KCONFIG lines of config/arch/ARCH.env + the BASE_KCONFIG lines of
# config/base/BASE.env + config/series.config, + config/debug.config and
# BASE_DEBUG_KCONFIG with KDEBUG=1, + config/pages-KPAGES.config with
# KPAGES, + config/bench.config with KBENCH=1) and build the tree of BASE
# and VARIANT for ARCH, out of tree in
# build/obj[-6.12][-base][-debug][-bench][-KPAGES]-ARCH, through ccache.
# GOALs: make only these (mm/ lib/kunit/) instead of the whole kernel.
# make matrix (scripts/matrix.sh) sets KTREE and KOBJ, another tree and
# object dir, and KFRAGMENT, its row's fragment over all of the above.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"
arch=${1:?usage: kernel.sh ARCH [GOAL...]}
shift
load_arch "$arch"
TREE=${KTREE:-$TREE} OBJ=${KOBJ:-$OBJ}
require_tree
mkdir -p "$OBJ"

printf '%s\n' "# KCONFIG of config/arch/$arch.env" "${KCONFIG[@]}" >"$OBJ/harness-arch.config"
printf '%s\n' "# BASE_KCONFIG of config/base/$BASE.env" "${BASE_KCONFIG[@]}" >"$OBJ/harness-base.config"
frags=("$ROOT/config/common.config" "$OBJ/harness-arch.config"
	"$OBJ/harness-base.config" "$ROOT/config/series.config")
if [ "${KDEBUG:-0}" != 0 ]; then
	printf '%s\n' "# BASE_DEBUG_KCONFIG of config/base/$BASE.env" \
		"${BASE_DEBUG_KCONFIG[@]}" >"$OBJ/harness-base-debug.config"
	frags+=("$ROOT/config/debug.config" "$OBJ/harness-base-debug.config")
fi
[ -z "${KPAGES:-}" ] || frags+=("$ROOT/config/pages-$KPAGES.config")
bench=$ROOT/config/bench.config
[ "${KBENCH:-0}" = 0 ] || frags+=("$bench")
# A row of the matrix may turn off what these need (THP=n drops
# THP_MADVISE): only its own lines are checked then.
checked=("${frags[@]}")
if [ -n "${KFRAGMENT:-}" ]; then
	frags+=("$KFRAGMENT")
	checked=("$KFRAGMENT")
fi

# defined SYMBOL: the tree's Kconfig has SYMBOL (a patch may add it).
defined() {
	grep -rqx --include='Kconfig*' "\(menu\)\?config ${1#CONFIG_}" "$TREE"
}

# overridden SYMBOL: bench.config, added last, sets SYMBOL (KBENCH=1).
overridden() {
	[ "${KBENCH:-0}" != 0 ] && grep -q "^$1=" "$bench"
}

configure() {
	local new=$OBJ/.config.harness frag missing=0 line
	kmake tinyconfig
	KCONFIG_CONFIG=$new "$TREE/scripts/kconfig/merge_config.sh" -m -O "$OBJ" \
		"$OBJ/.config" "${frags[@]}"
	cp "$new" "$OBJ/.config"
	kmake olddefconfig
	# merge_config.sh only warns when Kconfig drops an option: fail
	# instead, but for the series' own options where the tree (the base,
	# an early patch) does not define them yet.
	for frag in "${checked[@]}"; do
		while read -r line; do
			case $frag:$line in
			*/series.config:CONFIG_* | */bench.config:CONFIG_*)
				defined "${line%%=*}" || continue ;;
			esac
			case $frag in
			*/bench.config) ;;
			*) ! overridden "${line%%=*}" || continue ;;
			esac
			case $line in
			CONFIG_*=n) grep -qx "# ${line%=n} is not set" "$OBJ/.config" || missing=1 ;;
			CONFIG_*) grep -qx "$line" "$OBJ/.config" || missing=1 ;;
			*) continue ;;
			esac
			[ "$missing" -eq 0 ] || { echo "not in the final .config: $line"; return 1; }
		done <"$frag"
	done
}

# Keep .config untouched when the result is the same, so that an
# unchanged configuration rebuilds nothing.
old=$(cat "$OBJ/.config" 2>/dev/null || true)
step "configure $arch" "$LOGDIR/config-$arch.log" configure
if [ "$old" != "$(cat "$OBJ/.config")" ]; then
	echo "    new configuration for $arch"
fi
step "build $arch ${*:-kernel} ($NPROC jobs)" "$LOGDIR/build-$arch.log" kmake "$@"
[ $# -gt 0 ] || echo "    $(du -h "$OBJ/$KIMAGE" | cut -f1) $OBJ/$KIMAGE"
