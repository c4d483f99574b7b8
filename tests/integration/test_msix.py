"""Issue 4: capabilities and MSI-X in the inventory, and delivery proven with virtio-rng."""
import pytest

from vmharness import guest_report, guest_values

DEVICES = ["-device", "virtio-rng-pci", "-device", "virtio-net-pci",
           "-drive", "driver=null-co,if=none,id=nb,read-zeroes=on,size=16M",
           "-device", "virtio-blk-pci,drive=nb"]
VIRTIO_VENDOR = "0x1af4"


def virtio_bdfs(vm):
    return {r["bdf"]: r["device"] for r in vm.records("pci") if r["vendor"] == VIRTIO_VENDOR}


@pytest.mark.parametrize("machine", ["pc", "q35"])
def test_msix_programmed_and_delivered(vm_factory, machine):
    vm = vm_factory(machine=machine, extra=DEVICES)
    assert vm.wait_exit(60) == 1
    virtio = virtio_bdfs(vm)
    assert len(virtio) == 3
    caps = {r["bdf"]: r for r in vm.records("capability")}
    msix = {r["bdf"]: r for r in vm.records("msix")}
    for bdf in virtio:
        ids = [int(c["id"], 16) for c in caps[bdf]["caps"]]
        assert 0x11 in ids, (bdf, ids)            # MSI-X
        assert ids.count(0x09) >= 4, (bdf, ids)   # virtio common/notify/isr/device
        m = msix[bdf]
        assert m["table_size"] >= 2 and m["programmed"] == m["table_size"]
        for v in m["vectors"]:
            # Fixed delivery to the BSP, the firmware's vector, left masked for the OS.
            assert int(v["addr"], 16) & 0xfff00000 == 0xfee00000
            assert int(v["data"], 16) & 0xff == 0x30
            assert v["masked"] is True
        # Handoff: MSI-X disabled, function mask as found (clear).
        assert m["enabled"] is False and m["function_mask"] is False
        table = int(m["table"], 16)
        bars = [b for b in next(r for r in vm.records("pci") if r["bdf"] == bdf)["bars"] if b["index"] == m["table_bir"]]
        base, size = int(bars[0]["addr"], 16), int(bars[0]["size"], 16)
        assert base <= table < base + size
    # The rng's interrupt was counted by the firmware's handler, through MSI-X.
    rng = [m for m in msix.values() if m.get("use")]
    assert len(rng) == 1
    use = rng[0]["use"]
    assert use["driver"] == "virtio-rng" and use["interrupts"] >= 1 and use["bytes"] == 32
    assert "delivered by MSI-X vector 0x30" in vm.serial()


def test_rng_seed_reaches_linux_and_guest_uses_msix(vm_factory, guest):
    vm = vm_factory(machine="q35", kernel=guest["kernel"], initrd=guest["initrd"], extra=DEVICES,
                    append="console=ttyS0 panic=-1")
    report = guest_report(vm.wait_for("VMFW-GUEST-END", 180))
    boot = vm.records("boot")[0]
    assert int(boot["setup_data"], 16) != 0 and boot["rng_seed_bytes"] == 32
    modes = {}
    for line in guest_values(report, "msi-irq"):
        dev, _, mode = line.split()
        modes.setdefault(dev, set()).add(mode)
    virtio = [line.split()[0] for line in guest_values(report, "pci") if " 0x1af4 " in line]
    assert len(virtio) == 3
    for dev in virtio:
        assert modes.get(dev) == {"msix"}, (dev, modes)
    assert guest_values(report, "blk-read") == ["vda ok"]
    assert vm.wait_exit(60) == 0


def test_no_rng_no_seed(vm_factory, guest):
    vm = vm_factory(machine="pc", kernel=guest["kernel"], initrd=guest["initrd"], append="console=ttyS0")
    vm.wait_for("VMFW-GUEST-END", 180)
    assert int(vm.records("boot")[0]["setup_data"], 16) == 0
