"""Issue 3: every BAR assigned, aligned, inside its window, no overlap (checked by QEMU's own
view through QMP query-pci), and Linux takes the layout without complaint."""
import pytest

from pcitopo import TOPOLOGIES, check_query_pci
from vmharness import guest_report, guest_values


def firmware_only(vm_factory, machine, extra, nodefaults=True, mem="512M"):
    vm = vm_factory(machine=machine, mem=mem, qmp=True, debug_exit=False, extra=extra, nodefaults=nodefaults)
    vm.wait_for('{"type":"done"', 30, where="debugcon")
    return vm, vm.qmp.cmd("query-pci")


@pytest.mark.parametrize("machine", ["pc", "q35"])
def test_default_machine_layout(vm_factory, machine):
    # Without -nodefaults: QEMU's default VGA and NIC (with its option ROM BAR).
    vm, result = firmware_only(vm_factory, machine, [], nodefaults=False)
    bars = check_query_pci(result)
    assert any(t == "memory" and p for _, _, t, _, _, p in bars), "no prefetchable BAR (VGA) found"
    # The inventory agrees with QEMU on every memory/io BAR.
    inv = {(r["bdf"], b["index"]): int(b["addr"], 16) for r in vm.records("pci")
           for b in r.get("bars", []) if "addr" in b and not b.get("rom")}
    for d, n, _, addr, _, _ in bars:
        assert inv.get((d, n)) == addr, (d, n, hex(addr))


@pytest.mark.parametrize("topo", sorted(TOPOLOGIES))
def test_bridged_topology_layout(vm_factory, topo):
    machine, extra = TOPOLOGIES[topo]
    vm, result = firmware_only(vm_factory, machine, extra)
    bars = check_query_pci(result)
    virtio = [b for b in bars if b[0] >= "01:"]
    assert len(virtio) >= 6, bars
    assert not [r for r in vm.records("pci") if any(b.get("unassigned") for b in r.get("bars", []))]


@pytest.mark.parametrize("machine", ["q35", "pc"])
def test_ivshmem_4g_bar_above_4g(vm_factory, machine):
    vm, result = firmware_only(vm_factory, machine, [
        "-object", "memory-backend-ram,id=hm,size=4G,share=on",
        "-device", "ivshmem-plain,memdev=hm"], mem="1G")
    bars = check_query_pci(result)
    big = [b for b in bars if b[4] == 4 << 30]
    assert len(big) == 1, bars
    assert big[0][3] >= 4 << 30, f"4 GiB BAR at {big[0][3]:#x}, below 4 GiB"


@pytest.mark.parametrize("topo", sorted(TOPOLOGIES))
def test_linux_accepts_layout(vm_factory, guest, topo):
    machine, extra = TOPOLOGIES[topo]
    vm = vm_factory(machine=machine, kernel=guest["kernel"], initrd=guest["initrd"], smp=2,
                    append="console=ttyS0 panic=-1", extra=extra)
    report = guest_report(vm.wait_for("VMFW-GUEST-END", 180))
    assert guest_values(report, "kernel-firmware-complaint") == []
    drivers = dict(line.split(" ", 1) for line in guest_values(report, "pci-driver"))
    virtio = [line.split()[0] for line in guest_values(report, "pci") if " 0x1af4 " in line]
    assert len(virtio) == 3, report
    for dev in virtio:
        assert drivers.get(dev) == "virtio-pci", (dev, drivers)
    assert guest_values(report, "blk-read") == ["vda ok"]
    assert len(guest_values(report, "net")) == 1
    # Linux drives the virtio devices with MSI-X.
    modes = {line.split()[0]: line.split()[2] for line in guest_values(report, "msi-irq")}
    for dev in virtio:
        assert modes.get(dev) == "msix", (dev, modes)
    assert vm.wait_exit(60) == 0


def window_size(rng):
    return rng["limit"] - rng["base"] + 1 if rng and rng["limit"] >= rng["base"] else 0


@pytest.mark.parametrize("token,defaults", [(None, True), ("pc-q35-2.4", False)])
def test_hotplug_windows_follow_variant(vm_factory, token, defaults):
    """docs/variants.md, "hotplug windows": on q35-v2 an empty hotplug-capable root port gets
    2 MiB memory + 2 MiB prefetchable; on q35-v1 (pc-q35-2.4 named explicitly, same hardware)
    it gets none. A port whose reserve capability asks for 8 MiB memory gets it on both."""
    vm = vm_factory(machine="q35", mem="512M", qmp=True, debug_exit=False,
                    options={"machine-type": token} if token else None,
                    extra=["-device", "pcie-root-port,id=rp1,chassis=1,slot=1,bus=pcie.0,addr=0x2",
                           "-device", "pcie-root-port,id=rp2,chassis=2,slot=2,bus=pcie.0,addr=0x3,mem-reserve=8M"])
    vm.wait_for('{"type":"done"', 30, where="debugcon")
    variant = vm.records("variant")[0]
    assert variant["variant"] == ("q35-v2" if defaults else "q35-v1")
    assert variant["hotplug_reserve"] is defaults
    result = vm.qmp.cmd("query-pci")
    check_query_pci(result)
    ports = {d["slot"]: d["pci_bridge"]["bus"] for d in result[0]["devices"] if "pci_bridge" in d}
    assert sorted(ports) == [2, 3], ports
    want = 2 << 20 if defaults else 0
    assert window_size(ports[2]["memory_range"]) == want, ports[2]
    assert window_size(ports[2]["prefetchable_range"]) == want, ports[2]
    assert window_size(ports[3]["memory_range"]) == 8 << 20, ports[3]
