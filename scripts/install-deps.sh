#!/bin/sh
# Installs the Debian packages vmfw needs, only those that are missing.
#   scripts/install-deps.sh run    what `make run` needs
#   scripts/install-deps.sh test   what `make test` needs (a superset)
set -eu
what=${1:-test}
pkgs="make gcc binutils python3 qemu-system-x86 qemu-system-data busybox-static cpio gnu-efi"
if [ "$what" = test ]; then
	pkgs="$pkgs libcmocka-dev python3-pytest acpica-tools ovmf seabios gnu-efi clang"
fi
missing=""
for p in $pkgs; do
	if ! dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$'; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0
echo "install-deps: missing Debian packages:$missing"
if [ "$(id -u)" -ne 0 ]; then
	echo "install-deps: not root; run as root or: sudo apt-get install -y$missing" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q || echo "install-deps: apt-get update failed; trying with the current lists" >&2
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing
