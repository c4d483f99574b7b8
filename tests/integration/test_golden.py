"""Issue 6: each variant's tables on its reference machine equal the golden copy, byte for
byte after masking table addresses and checksums (tests/integration/golden.py)."""
import pytest

import golden


@pytest.mark.parametrize("variant", sorted(golden.REFERENCE))
def test_tables_match_golden(guest, variant):
    tables, rec = golden.boot_and_dump(variant, guest["kernel"], guest["initrd"])
    assert rec["variant"] == variant
    expect = golden.read_golden(variant)
    assert expect, f"no golden tables for {variant}: run scripts/refresh-golden.py"
    got = {name: golden.mask(name.rstrip("0123456789"), data) for name, data in tables.items()}
    assert sorted(got) == sorted(expect), "a table appeared or vanished: guest-visible change"
    for name in expect:
        if got[name] != expect[name]:
            diff = next(i for i, (a, b) in enumerate(zip(got[name], expect[name])) if a != b) \
                if len(got[name]) == len(expect[name]) else "length"
            pytest.fail(f"{variant} {name} differs from tests/golden/{variant}/{name}.dat at byte {diff}: "
                        f"a guest-visible change (refresh with scripts/refresh-golden.py and say so in the commit)")
    # The variant is named where the OS can see it: SSDT OEM Table ID and the VARN string.
    ssdt = [d for n, d in tables.items() if n.startswith("SSDT")]
    assert any(d[16:24].rstrip(b" \0").decode() == variant for d in ssdt)
    assert any(variant.encode() in d for d in ssdt)
