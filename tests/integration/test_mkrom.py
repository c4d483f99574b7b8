"""The -bios image builder: compression round trips, ROM layout (scripts/mkrom.py)."""
import os
import random
import struct
import sys

import vmharness

sys.path.insert(0, os.path.join(vmharness.ROOT, "scripts"))
import mkrom  # noqa: E402


def test_round_trip_edge_cases():
    rnd = random.Random(7)
    cases = [b"", b"a", b"ab", b"abc", b"\0" * 100000, b"abc" * 5000,
             bytes(rnd.randrange(256) for _ in range(70000)),
             bytes(rnd.choice(b"ab") for _ in range(70000)),
             b"x" * 130 + b"y" * 131 + b"x" * 129]
    for data in cases:
        blob = mkrom.compress(data)
        assert mkrom.decompress(blob, len(data)) == data
        # Matches never reach back before the start of the output.
        i = out = 0
        while out < len(data):
            c = blob[i]
            if c < 0x80:
                i += c + 2
                out += c + 1
            else:
                dist = struct.unpack_from("<H", blob, i + 1)[0]
                assert 1 <= dist <= out
                i += 3
                out += (c & 0x7f) + 3


def test_built_rom_layout():
    with open(vmharness.BIOS, "rb") as f:
        rom = f.read()
    assert len(rom) in (64 * 1024, 128 * 1024)
    base = (1 << 32) - len(rom)
    blob_addr, rom_size = struct.unpack_from("<II", rom, mkrom.ROM_HDR - base)
    assert rom_size == len(rom)
    assert base <= blob_addr < mkrom.ROM_HDR and blob_addr % 16 == 0
    assert rom[-16] == 0xe9 or rom[-16] == 0xeb  # a jump at the reset vector
