#!/usr/bin/env python3
"""Writes the hand-made seed inputs of tests/fuzz/corpus/<target>/seed-* (re-run after a format change).

The capability seeds come from tests/fuzz/cap-fuzz-test (VMFW_FUZZ_SEED_DIR); everything else
is built here from the input formats the fuzz entries document. Inputs found by libFuzzer and
kept as regressions are named by their own hash (crash-*, regress-*) and not touched.
"""
import os
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def write(target, name, data):
    d = os.path.join(HERE, "corpus", target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "seed-" + name), "wb") as f:
        f.write(bytes(data))


# ---- pci: header, [above], phys, [resv], nfn, then per function where kind slot sel ... bars
def pci_fn(where, kind, slot, sel, extra=b"", bars=b""):
    return bytes([where, kind, slot, sel]) + extra + bars


def pci_seeds():
    io, m32, m64, raw, ro, none = 2, 3, 4, 5, 6, 0
    virtio = bytes([io, 4, m32, 8, none, none, m64 | 0x80, 10, none])  # io 0x40, 4K, 16K pref 64
    # pc, 512M, phys 40: virtio-net and virtio-blk on bus 0
    write("pci", "pc-virtio", bytes([0x04, 8, 2]) + pci_fn(0, 0x00, 3, 0, b"", virtio) +
          pci_fn(0, 0x00, 4, 1, b"", virtio))
    # q35 (ECAM), 2G, two root ports with a device each
    rp = 1 | 4 | 8 | 0x10  # bridge, pcie cap, hotplug, reserve cap
    write("pci", "q35-rootports",
          bytes([0x09, 8, 3]) +
          pci_fn(0, rp, 2, 1, bytes([4, 0x1f]), bytes([none, none])) +
          pci_fn(1, 0x00, 0, 0, b"", virtio) +
          pci_fn(0, rp, 3, 1, bytes([4, 0x1f]), bytes([none, none])))
    # nested bridges, 3 deep, a big 64-bit BAR at the bottom
    write("pci", "nested",
          bytes([0x04, 8, 4]) + pci_fn(0, 1, 5, 0, b"", bytes([0, 0])) + pci_fn(1, 1, 1, 0, b"", bytes([0, 0])) +
          pci_fn(2, 1, 2, 0, b"", bytes([0, 0])) + pci_fn(3, 0, 0, 5, b"", bytes([m64 | 0x80, 30, 0, 0, 0, 0])))
    # hostile: raw non-contiguous mask, read-only BAR, 64-bit BAR in BAR5, ROM
    write("pci", "hostile-bars",
          bytes([0x04, 8, 2]) + pci_fn(0, 0x20, 6, 11, bytes([3]),
                                      bytes([raw, 0, 0xf0, 0x0f, 0xf0, 0xff, ro, 0x00, 0x10, 0xfe, 0xfe,
                                             m32, 12, none, none, m64, 20])))
    # bogus bus numbers on a bridge (writable) and one hardwired
    write("pci", "bogus-buses",
          bytes([0x04, 8, 3]) + pci_fn(0, 0x41, 7, 0, bytes([5, 9, 200, 0]), bytes([0, 0])) +
          pci_fn(0, 0x41, 8, 0x40, bytes([0, 3, 4, 0]), bytes([0, 0])) +
          pci_fn(1, 0x00, 0, 0, b"", virtio))
    # I/O and 32-bit exhaustion: many devices with big I/O and 256M 32-bit BARs, 3.5G RAM
    big = bytes([io, 7, m32, 24, io, 7, m32, 24, none, none])
    write("pci", "exhaust", bytes([0x14, 8, 24]) + b"".join(pci_fn(0, 0, 3 + i, 2, b"", big) for i in range(24)))
    # no 64-bit window (phys 32 on pc) and a 4 GiB 64-bit BAR
    write("pci", "no-high", bytes([0x04, 0, 1]) + pci_fn(0, 0, 3, 6, b"", bytes([m64 | 0x80, 28, 0, 0, 0, 0])))
    # multifunction device, functions 0..3; function 7 alone in another slot
    write("pci", "multifn",
          bytes([0x04, 8, 5]) + b"".join(pci_fn(0, 0x82, (i << 5) | 9, 0, b"", virtio) for i in range(4)) +
          pci_fn(0, 0x80, (7 << 5) | 10, 0, b"", virtio))
    # no chipset functions at all, q35
    write("pci", "bare-q35", bytes([0x81, 8, 1]) + pci_fn(0, 0, 1, 0, b"", virtio))


# ---- fwcfg: flags, cap, dirlen(2, BE), directory, body
def fw_dir(entries):
    d = struct.pack(">I", len(entries))
    for i, (name, size) in enumerate(entries):
        d += struct.pack(">IHH", size, 0x20 + i, 0) + name.encode().ljust(56, b"\0")[:56]
    return d


def fwcfg_seeds():
    e820 = struct.pack("<QQI", 0, 0x20000000, 1) + struct.pack("<QQI", 0xfeffc000, 0x4000, 2)
    smb = bytes([1, 0x1b, 0, 1, 1, 2, 3, 0]) + bytes(0x1b - 8) + b"QEMU\0Standard PC\0pc-q35-7.2\0\0" + bytes([127, 4, 1, 0, 0, 0])
    files = [("etc/e820", len(e820)), ("opt/vmfw/machine-type", 10), ("etc/smbios/smbios-tables", len(smb)),
             ("opt/vmfw/loglevel", 6)]
    d = fw_dir(files)
    body = e820 + b"pc-q35-7.2" + smb + b"debug\n"
    for flags, tag in ((3, "dma"), (1, "port"), (7, "dma-fails"), (2, "nosig")):
        write("fwcfg", tag, bytes([flags, 40]) + struct.pack(">H", len(d)) + d + body)
    # directory claims 1000 files; names unterminated; empty name; sizes far from the items
    d = struct.pack(">I", 1000) + struct.pack(">IHH", 0xffffffff, 0x20, 0) + b"x" * 56 + \
        struct.pack(">IHH", 5, 0x21, 0) + bytes(56)
    write("fwcfg", "bad-dir", bytes([3, 200]) + struct.pack(">H", len(d)) + d + b"abc")
    d = fw_dir([("opt/vmfw/machine-type", 0), ("etc/e820", 0x100000)])
    write("fwcfg", "empty-and-huge", bytes([1, 7]) + struct.pack(">H", len(d)) + d + b"garbage \n\0")


def e820_seeds():
    qemu = struct.pack("<QQI", 0, 0x20000000, 1) + struct.pack("<QQI", 0xfeffc000, 0x4000, 2)
    big = struct.pack("<QQI", 0, 0xc0000000, 1) + struct.pack("<QQI", 0x100000000, 0x140000000, 1)
    edits = bytes([0x00, 0x00, 0x0a, 0x00, 0x06, 0]) + bytes([0x01, 0x00, 0x0e, 0x00, 0x02, 2]) + \
        bytes([0x04, 0x00, 0x01, 0x10, 0x00, 3, 12, 0, 0, 0, 0, 1]) + bytes([0x07, 0, 0, 0, 1, 0])
    write("e820", "qemu", struct.pack("<H", len(qemu)) + qemu + edits)
    write("e820", "big", struct.pack("<H", len(big)) + big + edits)
    write("e820", "partial", struct.pack("<H", 27) + qemu[:27])
    many = b"".join(struct.pack("<QQI", i * 0x2000, 0x1000, 1 + i % 5) for i in range(140))
    write("e820", "many", struct.pack("<H", len(many)) + many + bytes([0x02, 0, 0, 0, 0, 0]))
    weird = struct.pack("<QQI", 0xfffffffffffff000, 0x2000, 1) + struct.pack("<QQI", 5, 0, 1) + \
        struct.pack("<QQI", 0x1000, 0x1000, 99)
    write("e820", "weird", struct.pack("<H", len(weird)) + weird + bytes([0x05, 0x00, 0x02, 0x00, 0x10, 0x00, 1, 0, 0]))
    write("e820", "cmos", bytes([0, 0, 0x05, 0x00, 0x7c, 0x00, 0x00, 0, 0x10, 0]))


def smbios_seeds():
    t1 = bytes([1, 0x1b, 0, 1, 1, 2, 3, 0]) + bytes(0x1b - 8) + b"QEMU\0Standard PC\0pc-q35-7.2\0\0"
    t0 = bytes([0, 0x18, 0, 0]) + bytes(0x14) + b"SeaBIOS\0\0"
    end = bytes([127, 4, 9, 0, 0, 0])
    write("smbios", "type1", bytes([0x40]) + t0 + t1 + end)
    write("smbios", "type1-short", bytes([0x04]) + t1[:40])
    leg = struct.pack("<H", 2) + struct.pack("<HB", 6 + 14, 0) + bytes([1]) + struct.pack("<H", 6) + b"pc-i440fx-2.0\0" + \
        struct.pack("<HB", 8, 1) + b"xxxxx"
    write("smbios", "legacy", bytes([0x41]) + leg)
    for i, tok in enumerate([b"pc-q35-7.2", b"pc-i440fx-1.4", b"pc", b"q35", b"pc-0.15", b"pc-q35-rhel9.2.0",
                             b"pc-i440fx-99.99\n\0", b"microvm", b"pc-q35-7.2;rm -rf", b"x" * 60]):
        write("smbios", "token-%d" % i, bytes([0x02 | (i << 2)]) + tok)


def cpio_entry(name, data):
    n = name.encode() + b"\0"
    h = b"070701" + b"".join(b"%08X" % v for v in (1, 0o100644, 0, 0, 1, 0, len(data), 0, 0, 0, 0, len(n), 0))
    e = h + n
    e += bytes((-len(e)) % 4) + data
    return e + bytes((-len(e)) % 4)


def linux_seeds():
    s = bytearray(1024)
    s[0x1f1] = 27                     # setup_sects
    s[0x1fe:0x200] = b"\x55\xaa"
    s[0x200] = 0xeb
    s[0x201] = 0x6a                   # header end 0x26c
    s[0x202:0x206] = b"HdrS"
    s[0x206:0x208] = struct.pack("<H", 0x020f)
    s[0x211] = 0x01
    s[0x22c:0x230] = struct.pack("<I", 0x7fffffff)
    s[0x230:0x234] = struct.pack("<I", 0x200000)
    s[0x234] = 1
    s[0x236:0x238] = struct.pack("<H", 3)
    s[0x238:0x23c] = struct.pack("<I", 2047)
    s[0x258:0x260] = struct.pack("<Q", 0x1000000)
    s[0x260:0x264] = struct.pack("<I", 0x2000000)
    pre = struct.pack("<I", 0x800000) + bytes([0]) + struct.pack("<H", 0) + struct.pack("<H", 1024)
    mem = bytes([3]) + struct.pack("<HH", 0, 0x1fff) + bytes([1]) + struct.pack("<HH", 0x1000, 0x1000) + bytes([1]) + \
        struct.pack("<HH", 0xc0, 0x3fff) + bytes([2])
    tail = struct.pack("<I", 0x1000000) + bytes([0, 0, 0, 0x80, 0])
    write("linux", "bzimage", bytes([0]) + pre + bytes(s) + mem + tail)
    s2 = bytearray(s)
    s2[0x234] = 0
    s2[0x258:0x260] = struct.pack("<Q", 0x3000000)
    write("linux", "bzimage-fixed", bytes([0]) + pre + bytes(s2) + mem + tail)
    write("linux", "bzimage-short", bytes([0]) + pre[:5] + struct.pack("<HH", 0, 0x268) + bytes(s[:0x268]))
    arch = cpio_entry("init", b"#!/bin/sh\n") + cpio_entry("bin", b"") + cpio_entry("TRAILER!!!", b"")
    write("linux", "cpio", bytes([1]) + arch + bytes(512) + arch)
    write("linux", "cpio-truncated", bytes([1]) + arch[:150])
    write("linux", "cpio-then-gzip", bytes([1]) + arch + b"\x1f\x8b\x08\x00" + bytes(20))


def aml_seeds():
    import random
    r = random.Random(10)
    for i in range(8):
        hdr = bytes([0x00 if i < 6 else 0x85, 0x00 if i < 7 else 0x81])
        write("aml", "random-%d" % i, hdr + bytes(r.randrange(256) for _ in range(64 + 48 * i)))
    # Scope { Device { Name(_ADR-like, int); Method { If (LEqual) { Return } Else { Return } } } }
    write("aml", "shaped", bytes([0, 0, 0, 2, 0, 2, 1, 2, 2, 4, 0x80, 1, 1, 7, 3, 2, 0x12, 1, 3, 0x83,
                                  0x86, 5, 0, 5, 6, 1, 6, 0, 0, 1, 6, 0, 3, 1, 8, 0, 0x40]))


def main():
    pci_seeds()
    fwcfg_seeds()
    e820_seeds()
    smbios_seeds()
    linux_seeds()
    aml_seeds()
    return 0


if __name__ == "__main__":
    sys.exit(main())
