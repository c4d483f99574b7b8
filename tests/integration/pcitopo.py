"""PCI topologies used by the PCI, MSI-X and ACPI integration tests, and a QMP query-pci checker."""

NULL_BLK = ["-drive", "driver=null-co,if=none,id=nullblk,read-zeroes=on,size=64M"]

TOPOLOGIES = {
    # pc: three nested pci-bridges, the virtio devices on the innermost one.
    "pc-nested": ("pc", NULL_BLK + [
        "-device", "pci-bridge,id=b1,chassis_nr=1,addr=5",
        "-device", "pci-bridge,id=b2,chassis_nr=2,bus=b1,addr=3",
        "-device", "pci-bridge,id=b3,chassis_nr=3,bus=b2,addr=4",
        "-device", "virtio-net-pci,bus=b3,addr=1",
        "-device", "virtio-blk-pci,drive=nullblk,bus=b3,addr=2",
        "-device", "virtio-rng-pci,bus=b3,addr=3",
    ]),
    # q35: six root ports, a pcie-pci-bridge behind the first, devices on several of them.
    "q35-ports": ("q35", NULL_BLK + [
        *sum((["-device", f"pcie-root-port,id=rp{i},chassis={i},slot={i},addr={2 + i}.0"] for i in range(1, 7)), []),
        "-device", "pcie-pci-bridge,id=ppb,bus=rp1",
        "-device", "virtio-rng-pci,bus=ppb,addr=1",
        "-device", "virtio-net-pci,bus=rp2",
        "-device", "virtio-blk-pci,drive=nullblk,bus=rp3",
    ]),
}

UNASSIGNED = {2**64 - 1, -1}


def flatten(devices, parent_bus=None, out=None):
    """[(device dict, parent bridge bus dict or None)] for the whole query-pci tree."""
    out = [] if out is None else out
    for d in devices:
        out.append((d, parent_bus))
        if "pci_bridge" in d:
            flatten(d["pci_bridge"].get("devices", []), d["pci_bridge"]["bus"], out)
    return out


def bdf(d):
    return f"{d['bus']:02x}:{d['slot']:02x}.{d['function']:x}"


def inside(rng, addr, size):
    return rng and rng["base"] <= addr and addr + size - 1 <= rng["limit"]


def check_query_pci(result, allow_unassigned=False):
    """Every BAR assigned, naturally aligned, inside its bridge's window, no overlaps.
    Returns the list of (bdf, bar, type, addr, size, prefetch). With allow_unassigned, BARs
    left unassigned are not a problem and (bars, unassigned (bdf, bar) pairs) is returned."""
    bars, unassigned, problems = [], [], []
    for bus in result:
        for d, parent in flatten(bus["devices"]):
            for r in d.get("regions", []):
                addr, size = r["address"], r["size"]
                what = f"{bdf(d)} BAR{r['bar']} ({r['type']}, size {size:#x})"
                if addr in UNASSIGNED:
                    # Expansion ROMs get an address but stay undecoded (vmfw runs no option
                    # ROM); QEMU reports an undecoded ROM BAR as unmapped.
                    if r["bar"] != 6:
                        if allow_unassigned:
                            unassigned.append((bdf(d), r["bar"]))
                        else:
                            problems.append(f"{what}: unassigned")
                    continue
                if addr % size:
                    problems.append(f"{what}: {addr:#x} not aligned")
                if parent is not None:
                    if r["type"] == "io":
                        ok = inside(parent.get("io_range"), addr, size)
                    elif r.get("prefetch"):
                        ok = inside(parent.get("prefetchable_range"), addr, size) or \
                            inside(parent.get("memory_range"), addr, size)
                    else:
                        ok = inside(parent.get("memory_range"), addr, size)
                    if not ok:
                        problems.append(f"{what}: {addr:#x} outside the bridge window of bus {parent['secondary']}")
                bars.append((bdf(d), r["bar"], r["type"], addr, size, r.get("prefetch", False)))
    for kind in ("io", "memory"):
        spans = sorted((a, a + s, b, n) for b, n, t, a, s, _ in bars if t == kind)
        for (a0, e0, b0, n0), (a1, e1, b1, n1) in zip(spans, spans[1:]):
            if a1 < e0:
                problems.append(f"{b0} BAR{n0} [{a0:#x},{e0:#x}) overlaps {b1} BAR{n1} [{a1:#x},{e1:#x})")
    assert not problems, "\n".join(problems)
    return (bars, unassigned) if allow_unassigned else bars
