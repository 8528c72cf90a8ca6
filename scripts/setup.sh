#!/bin/bash
# Install what the harness needs from Debian's archive. Idempotent: when
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
foreign=()
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
have_base=$(dpkg-query -W -f='${Version}' "$BASE_PKG" 2>/dev/null || true)

if [ ${#missing[@]} -gt 0 ] || [ "$have_base" != "$BASE_VERSION" ]; then
	say "apt-get update"
	apt-get update -q
fi
if [ ${#missing[@]} -gt 0 ]; then
	say "installing: ${missing[*]}"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
if [ "$have_base" != "$BASE_VERSION" ]; then
	say "installing $BASE_PKG=$BASE_VERSION"
	if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
		"$BASE_PKG=$BASE_VERSION"; then
		cat >&2 <<-EOT
		**********************************************************************
		* $BASE_PKG $BASE_VERSION is not in the archive any more.
		* Installing the newest $BASE_PKG instead: the series may not apply,
		* and results are not comparable with those quoted for $BASE_VERSION.
		* Update config/base.env once the series is checked against it.
		**********************************************************************
		EOT
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$BASE_PKG"
	fi
fi
say "set-up complete ($BASE_PKG $(dpkg-query -W -f='${Version}' "$BASE_PKG"))"
