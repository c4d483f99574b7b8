#!/usr/bin/env python3
"""Turn the linked vmfw ELF into the -bios image and check its size."""
import os
import subprocess
import sys

LIMIT = 128 * 1024
TARGET = 64 * 1024


def main():
    elf, out = sys.argv[1], sys.argv[2]
    objcopy = os.environ.get("OBJCOPY", "objcopy")
    subprocess.check_call([objcopy, "-O", "binary", elf, out])
    size = os.path.getsize(out)
    if size % 4096 or size > LIMIT:
        sys.exit(f"mkrom: {out} is {size} bytes: must be a multiple of 4 KiB and at most {LIMIT}")
    with open(out, "rb") as f:
        data = f.read()
    if data[-16:-13] == b"\0\0\0":
        sys.exit("mkrom: no reset vector in the last 16 bytes")
    note = "" if size <= TARGET else f" (above the {TARGET // 1024} KiB target)"
    print(f"mkrom: {out}: {size} bytes{note}")


if __name__ == "__main__":
    main()
