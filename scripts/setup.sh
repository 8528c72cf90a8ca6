#!/bin/bash
# Install what the harness needs from Debian's archive, and the pinned
# source package of every base (config/base/*.env). Idempotent: when
# everything is there already it only checks, in about a second.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

# What every arch needs; each config/arch/ARCH.env adds its PACKAGES.
pkgs=(
	build-essential flex bison bc libelf-dev libssl-dev kmod cpio xz-utils
	ccache git perl python3 rsync shellcheck
	python3-ply python3-git python3-sphinx python3-sphinx-rtd-theme
	busybox-static xfsprogs
	clang lld llvm sparse
)
foreign=() have=()
for arch in $(arches); do
	PACKAGES=()
	load_arch "$arch"
	pkgs+=("${PACKAGES[@]}")
	# libcap-dev:arm64 (the selftests' static libcap) and the guest's
	# busybox-static come from Debian's archive of each non-host arch.
	[ "$DEB_ARCH" = "$(dpkg --print-architecture)" ] || foreign+=("$DEB_ARCH")
done

installed() {
	dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'ok installed'
}

for a in "${foreign[@]}"; do
	dpkg --print-foreign-architectures | grep -qx "$a" || dpkg --add-architecture "$a"
done

missing=()
for p in "${pkgs[@]}"; do
	installed "$p" || missing+=("$p")
done
# Every base's source package, NAME=VERSION, that is not installed at its
# pinned version.
stale=()
for b in $(bases); do
	pkg=$(base_var "$b" BASE_PKG) version=$(base_var "$b" BASE_VERSION)
	[ "$(dpkg-query -W -f='${Version}' "$pkg" 2>/dev/null || true)" = "$version" ] ||
		stale+=("$pkg=$version:$b")
done

if [ ${#missing[@]} -gt 0 ] || [ ${#stale[@]} -gt 0 ]; then
	say "apt-get update"
	apt-get update -q
fi
if [ ${#missing[@]} -gt 0 ]; then
	say "installing: ${missing[*]}"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
for s in "${stale[@]}"; do
	pin=${s%:*} b=${s##*:}
	say "installing $pin"
	if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$pin"; then
		cat >&2 <<-EOT
		**********************************************************************
		* ${pin%%=*} ${pin#*=} is not in the archive any more.
		* Installing the newest ${pin%%=*} instead: the series may not apply,
		* and results are not comparable with those quoted for ${pin#*=}.
		* Update config/base/$b.env once the series is checked against it.
		**********************************************************************
		EOT
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${pin%%=*}"
	fi
done
for b in $(bases); do
	pkg=$(base_var "$b" BASE_PKG)
	have+=("$pkg $(dpkg-query -W -f='${Version}' "$pkg")")
done
say "set-up complete ($(printf '%s, ' "${have[@]}" | sed 's/, $//'))"
