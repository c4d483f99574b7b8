#!/bin/sh
# Fetches a Debian kernel image without installing it: apt-get download + dpkg -x.
#   scripts/get-kernel.sh <dir>   ->  <dir>/vmlinuz, <dir>/root/lib/modules/<version>/...
# VMFW_KERNEL_PKG overrides the package (default: what linux-image-amd64 depends on).
set -eu
dir=${1:-build/guest}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
pkg=${VMFW_KERNEL_PKG:-}
if [ -z "$pkg" ]; then
	pkg=$(apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-[0-9]/ { print $2; exit }')
fi
if [ -z "$pkg" ]; then
	echo "get-kernel: cannot find the Debian kernel package (apt-cache depends linux-image-amd64); run apt-get update" >&2
	exit 1
fi
cd "$dir"
rm -f ./*.deb
if ! apt-get download "$pkg" >/dev/null 2>&1; then
	apt-get update -q >/dev/null 2>&1 || true
	apt-get download "$pkg"
fi
rm -rf root
dpkg -x ./*.deb root
rm -f ./*.deb
img=$(ls root/boot/vmlinuz-* | head -n 1)
cp "$img" vmlinuz
echo "get-kernel: $pkg -> $dir/vmlinuz"
