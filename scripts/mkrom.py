#!/usr/bin/env python3
"""Build the -bios image from the linked vmfw ELF.

The RAM image (.text .rodata .data, linked at 0x10000) is compressed with vmfw's own small
LZ77 format (firmware/layout.h describes it; entry.S decodes it) and placed just below the
ROM header; the 16/32-bit stub and the reset vector take the last 512 bytes below 4 GiB.
The ROM is 64 KiB when that fits, else 128 KiB (QEMU's -bios limit for vmfw).
"""
import os
import struct
import subprocess
import sys
import tempfile

LIMIT = 128 * 1024
TARGET = 64 * 1024
TOP = 1 << 32
STUB_BASE = 0xfffffe00
ROM_HDR = 0xfffffdf8
MIN_MATCH, MAX_MATCH, MAX_LIT, MAX_DIST = 3, 0x7f + 3, 0x80, 0xffff


def compress(data):
    """Greedy LZ77 with one step of lazy matching: hash of 3 bytes -> recent positions."""
    out = bytearray()
    lits = bytearray()
    heads = {}
    n = len(data)

    def flush():
        for k in range(0, len(lits), MAX_LIT):
            chunk = lits[k:k + MAX_LIT]
            out.append(len(chunk) - 1)
            out.extend(chunk)
        lits.clear()

    def longest(i):
        best_len, best_dist = 0, 0
        if i + MIN_MATCH > n:
            return 0, 0
        for j in reversed(heads.get(bytes(data[i:i + MIN_MATCH]), ())):
            dist = i - j
            if dist > MAX_DIST:
                break
            length = 0
            while length < MAX_MATCH and i + length < n and data[j + length] == data[i + length]:
                length += 1
            if length > best_len:
                best_len, best_dist = length, dist
                if length == MAX_MATCH:
                    break
        return best_len, best_dist

    def remember(p):
        if p + MIN_MATCH <= n:
            lst = heads.setdefault(bytes(data[p:p + MIN_MATCH]), [])
            lst.append(p)
            if len(lst) > 64:
                del lst[0]

    i = 0
    while i < n:
        length, dist = longest(i)
        if length >= MIN_MATCH:
            remember(i)
            nlen, _ = longest(i + 1)
            if nlen > length + 1:  # a better match one byte later: emit a literal first
                lits.append(data[i])
                i += 1
                continue
            flush()
            out.append(0x80 | (length - MIN_MATCH))
            out.extend(struct.pack("<H", dist))
            for p in range(i + 1, i + length):
                remember(p)
            i += length
        else:
            remember(i)
            lits.append(data[i])
            i += 1
    flush()
    return bytes(out)


def decompress(blob, size):
    """The decoder of entry.S, in Python: mkrom checks the round trip before writing."""
    out = bytearray()
    i = 0
    while len(out) < size:
        c = blob[i]
        i += 1
        if c < 0x80:
            out.extend(blob[i:i + c + 1])
            i += c + 1
        else:
            length = (c & 0x7f) + MIN_MATCH
            dist = struct.unpack_from("<H", blob, i)[0]
            i += 2
            for _ in range(length):
                out.append(out[-dist])
    return bytes(out[:size])


def symbols(elf):
    nm = os.environ.get("NM", "nm")
    syms = {}
    for line in subprocess.check_output([nm, elf], text=True).splitlines():
        parts = line.split()
        if len(parts) == 3:
            syms[parts[2]] = int(parts[0], 16)
    return syms


def section_bytes(elf, sections):
    objcopy = os.environ.get("OBJCOPY", "objcopy")
    with tempfile.NamedTemporaryFile() as tmp:
        cmd = [objcopy, "-O", "binary"] + [f"--only-section={s}" for s in sections] + [elf, tmp.name]
        subprocess.check_call(cmd)
        return open(tmp.name, "rb").read()


def main():
    elf, out = sys.argv[1], sys.argv[2]
    syms = symbols(elf)
    size = syms["_image_end"] - syms["_image_start"]
    image = section_bytes(elf, [".text", ".rodata", ".data"])
    if len(image) < size:
        sys.exit(f"mkrom: image sections give {len(image)} bytes, expected {size}")
    image = image[:size]
    stub = section_bytes(elf, [".stub", ".reset"])
    if len(stub) != TOP - STUB_BASE:
        sys.exit(f"mkrom: stub + reset vector are {len(stub)} bytes, expected {TOP - STUB_BASE}")
    blob = compress(image)
    if decompress(blob, size) != image:
        sys.exit("mkrom: compression round trip failed")
    blob_addr = (ROM_HDR - len(blob)) & ~0xf
    used = TOP - blob_addr
    rom_size = TARGET if used <= TARGET else LIMIT
    if used > LIMIT:
        sys.exit(f"mkrom: {used} bytes needed, more than the {LIMIT // 1024} KiB limit")
    rom = bytearray(b"\xff" * rom_size)
    base = TOP - rom_size
    rom[blob_addr - base:blob_addr - base + len(blob)] = blob
    rom[ROM_HDR - base:ROM_HDR - base + 8] = struct.pack("<II", blob_addr, rom_size)
    rom[STUB_BASE - base:] = stub
    with open(out, "wb") as f:
        f.write(rom)
    note = "" if rom_size <= TARGET else f" (above the {TARGET // 1024} KiB target)"
    print(f"mkrom: {out}: {rom_size} bytes{note}; image {size} bytes compressed to {len(blob)}")


if __name__ == "__main__":
    main()
