#!/bin/bash
# xfs-image.sh: an empty XFS file system image, build/xfs.img, made on the
# host with mkfs.xfs and given to every guest as a raw virtio disk. Guests
# open it with snapshot=on, so it stays empty and can be shared.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"
img=$BUILD/xfs.img
[ -e "$img" ] && exit 0
mkdir -p "$BUILD"
truncate -s 512M "$img.tmp"
mkfs.xfs -q -f -L mlock "$img.tmp"
mv "$img.tmp" "$img"
say "made $img (XFS, 512 MiB)"
