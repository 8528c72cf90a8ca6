#!/bin/bash
# xfs-image.sh: an empty XFS file system image of XFS_MB MiB (lib.sh),
# build/xfs-XFS_MBM.img, made on the host with mkfs.xfs and given to every
# guest as a raw virtio disk. Guests open it with snapshot=on, so it stays
# empty and can be shared.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"
img=$XFS_IMG
[ -e "$img" ] && exit 0
mkdir -p "$BUILD"
truncate -s "${XFS_MB}M" "$img.tmp"
mkfs.xfs -q -f -L mlock "$img.tmp"
mv "$img.tmp" "$img"
say "made $img (XFS, $XFS_MB MiB)"
