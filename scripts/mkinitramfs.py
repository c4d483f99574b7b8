#!/usr/bin/env python3
"""Builds the busybox test initramfs (uncompressed newc cpio) with nothing but the stdlib.

It holds busybox-static, tests/guest/init as /init, a few kernel modules from the Debian
kernel package unpacked by get-kernel.sh, and /etc/vmfw-initrd-id: a random token also
written next to the output (<out>.id) so tests can tell that the guest runs *this* initrd.
"""
import argparse
import glob
import os
import secrets
import stat

# Loaded by /init in this order (dependencies first); absent ones are skipped.
MODULES = ["pvpanic", "pvpanic-mmio", "pvpanic-pci", "virtio_ring", "virtio", "virtio_pci_modern_dev",
           "virtio_pci_legacy_dev", "virtio_pci", "virtio-rng", "virtio_blk", "failover", "net_failover",
           "virtio_net"]


class Cpio:
    def __init__(self):
        self.out = bytearray()
        self.ino = 1

    def add(self, name, mode, data=b"", rdev=(0, 0)):
        name_b = name.encode() + b"\0"
        fields = [self.ino, mode, 0, 0, 1, 0, len(data), 0, 0, rdev[0], rdev[1], len(name_b), 0]
        self.ino += 1
        self.out += b"070701" + b"".join(b"%08x" % f for f in fields)
        self.out += name_b
        self.out += b"\0" * (-len(self.out) % 4)
        self.out += data
        self.out += b"\0" * (-len(self.out) % 4)

    def dir(self, name):
        self.add(name, stat.S_IFDIR | 0o755)

    def file(self, name, data, mode=0o644):
        self.add(name, stat.S_IFREG | mode, data)

    def finish(self):
        self.add("TRAILER!!!", 0)
        self.out += b"\0" * (-len(self.out) % 512)
        return bytes(self.out)


def find_module(root, name):
    alts = {name, name.replace("-", "_"), name.replace("_", "-")}
    for path in glob.glob(os.path.join(root, "lib/modules/*/kernel/**/*.ko"), recursive=True):
        if os.path.basename(path)[:-3] in alts:
            return path
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--init", required=True)
    ap.add_argument("--busybox", default="/bin/busybox")
    ap.add_argument("--modules-from", default=None)
    ap.add_argument("-o", "--output", required=True)
    args = ap.parse_args()

    c = Cpio()
    for d in ["bin", "sbin", "dev", "etc", "proc", "sys", "tmp", "lib", "lib/modules"]:
        c.dir(d)
    c.add("dev/console", stat.S_IFCHR | 0o600, rdev=(5, 1))
    c.add("dev/null", stat.S_IFCHR | 0o666, rdev=(1, 3))
    with open(args.busybox, "rb") as f:
        c.file("bin/busybox", f.read(), 0o755)
    c.add("bin/sh", stat.S_IFLNK | 0o777, b"busybox")
    with open(args.init, "rb") as f:
        c.file("init", f.read(), 0o755)
    token = secrets.token_hex(8)
    c.file("etc/vmfw-initrd-id", token.encode() + b"\n")
    order = []
    if args.modules_from:
        for i, name in enumerate(MODULES):
            path = find_module(args.modules_from, name)
            if path:
                with open(path, "rb") as f:
                    c.file(f"lib/modules/{i:02d}-{os.path.basename(path)}", f.read())
                order.append(os.path.basename(path))
    data = c.finish()
    tmp = args.output + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    with open(args.output + ".id", "w") as f:
        f.write(token + "\n")
    os.replace(tmp, args.output)
    print(f"mkinitramfs: {args.output}: {len(data)} bytes, modules: {' '.join(order) or 'none'}")


if __name__ == "__main__":
    main()
