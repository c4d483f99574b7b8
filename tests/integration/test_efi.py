"""Issue 8: build/vmfw.efi under OVMF (TCG). vmfw.efi is EFI/BOOT/BOOTX64.EFI on a FAT drive
(QEMU vvfat) next to vmlinuz, initrd.img and cmdline.txt (docs/uefi.md); OVMF starts it as the
removable-media boot loader. Checks: the inventory ends with "done"; Linux, started through its
EFI stub, runs on vmfw's tables (OEM ID "VMFW" in the DSDT and FADT it dumps) without firmware
complaints; the PCI records match QEMU's own view (query-pci); die() reaches pvpanic.
OVMF needs ~3 s under TCG before it runs the application: every wait is on a marker with a
generous limit."""
import base64
import os
import shutil
import subprocess
import sys

import pytest

import vmharness
from pcitopo import TOPOLOGIES, UNASSIGNED, bdf, flatten
from vmharness import guest_report, guest_values

EFI = os.path.join(vmharness.BUILD, "vmfw.efi")
OVMF = "/usr/share/ovmf/OVMF.fd"
TOOL = os.path.join(vmharness.ROOT, "tools", "vmfw-inventory")
CMDLINE = "console=ttyS0 panic=-1 vmfw.dump=acpi"
BOOT_LIMIT = 300  # seconds: OVMF + vmfw + Linux under TCG take ~15 s; CI machines are slower


@pytest.fixture(scope="module", autouse=True)
def efi_prereqs():
    for p in (EFI, OVMF):
        if not os.path.exists(p):
            pytest.fail(f"{p} missing: run `make all` (needs gnu-efi) and install ovmf")


def fat_dir(tmp_path, kernel=None, initrd=None, cmdline=None):
    """The volume as docs/uefi.md lays it out."""
    root = tmp_path / "fat"
    (root / "EFI" / "BOOT").mkdir(parents=True)
    shutil.copy(EFI, root / "EFI" / "BOOT" / "BOOTX64.EFI")
    if kernel:
        shutil.copy(kernel, root / "vmlinuz")
    if initrd:
        shutil.copy(initrd, root / "initrd.img")
    if cmdline is not None:
        (root / "cmdline.txt").write_text(cmdline + "\n")
    return root


def efi_vm(vm_factory, machine, root, extra=(), **kw):
    # vvfat needs ":rw:" to sit on IDE/AHCI; the directory is the test's own temporary one.
    drive = ["-drive", f"file=fat:rw:{root},format=raw"]
    return vm_factory(machine=machine, bios=OVMF, extra=drive + list(extra), **kw)


def tables_from_guest(report):
    """{signature: bytes} from the `acpi-dump: NAME base64` lines of tests/guest/init."""
    out = {}
    for line in guest_values(report, "acpi-dump"):
        name, b64 = line.split(" ", 1)
        out[name] = base64.b64decode(b64)
    return out


@pytest.mark.parametrize("topo", ["q35-ports", "pc-nested"])
def test_linux_runs_on_vmfw_tables(vm_factory, guest, tmp_path, topo):
    machine, extra = TOPOLOGIES[topo]
    root = fat_dir(tmp_path, guest["kernel"], guest["initrd"], CMDLINE)
    vm = efi_vm(vm_factory, machine, root, extra=extra + ["-device", "pvpanic"], smp=2)
    report = guest_report(vm.wait_for("VMFW-GUEST-END", BOOT_LIMIT))
    inv = vm.inventory()

    # The inventory: UEFI build, verified PCI, tables installed, then done -> linux.
    assert inv[0]["type"] == "firmware" and inv[0]["build"] == "uefi"
    assert inv[-1] == {"type": "done", "next": "linux"}
    verify = next(r for r in inv if r["type"] == "pci-verify")
    # Only OVMF's sizing leftovers in disabled ROM registers (cleared) are unassigned.
    assert verify["problems"] == 0 and verify["unassigned"] == verify["stale_roms"], verify
    bridges = [r for r in inv if r["type"] == "pci-bridge"]
    assert len(bridges) == sum(a.startswith(("pci-bridge", "pcie-")) for a in extra if not a.startswith("-"))
    install = next(r for r in inv if r["type"] == "acpi-install")
    rsdp = next(r for r in inv if r["type"] == "acpi" and r["sig"] == "RSDP")
    assert install["acpi20"] == install["acpi10"] == rsdp["addr"] != install["replaced_acpi20"]

    # Linux got the volume's files: command line, initrd (its id), through the EFI stub.
    cmdline = guest_values(report, "cmdline")[0]
    assert CMDLINE in cmdline and "initrd=\\initrd.img" in cmdline
    assert guest_values(report, "initrd-id") == [guest["initrd_id"]]

    # ... and vmfw's tables: OEM ID at bytes 10..15 of the header, valid checksums.
    tables = tables_from_guest(report)
    for sig in ("DSDT", "FACP", "APIC"):
        t = tables[sig]
        assert t[10:16] == b"VMFW  ", (sig, t[10:16])
        assert len(t) == int.from_bytes(t[4:8], "little") and sum(t) % 256 == 0, sig
    dsdt_inv = next(r for r in inv if r["type"] == "acpi" and r["sig"] == "DSDT")
    assert len(tables["DSDT"]) == int(dsdt_inv["len"], 16)
    assert guest_values(report, "kernel-firmware-complaint") == []
    assert guest_values(report, "cpus-online") == ["0-1"]  # both CPUs of the MADT came up

    # The inventory tool accepts it: valid records, no overlaps, nothing outside its bridge.
    p = subprocess.run([sys.executable, TOOL, "--check", vm.debugcon_path], capture_output=True, text=True)
    assert p.returncode == 0, p.stdout[-3000:] + p.stderr

    # MSI-X: vmfw programmed the virtio functions and handed them back; Linux uses MSI-X on them.
    msix = [r for r in inv if r["type"] == "msix"]
    assert msix and all(r["programmed"] == r["table_size"] and not r["enabled"] for r in msix)
    assert any("PCI-MSI" in line for line in guest_values(report, "interrupts"))


@pytest.mark.parametrize("machine,token", [("q35", None), ("pc", "pc-i440fx-1.5")])
def test_no_kernel_inventory_done(vm_factory, tmp_path, machine, token):
    """pc-i440fx-1.5 selects a variant with an ACPI 1.0 RSDP: only the 1.0 entry may then name
    vmfw's RSDP, and OVMF's 2.0 entry must be gone (else the OS would take OVMF's tables)."""
    vm = efi_vm(vm_factory, machine, fat_dir(tmp_path), options={"machine-type": token} if token else None)
    assert vm.wait_exit(BOOT_LIMIT) == 1  # isa-debug-exit 0: "nothing to boot"
    inv = vm.inventory()
    assert inv[-1] == {"type": "done", "next": "halt", "reason": "no kernel"}
    assert "nothing to boot" in vm.serial()
    install = next(r for r in inv if r["type"] == "acpi-install")
    rsdp = next(r for r in inv if r["type"] == "acpi" and r["sig"] == "RSDP")
    assert install["acpi10"] == rsdp["addr"] != install["replaced_acpi10"]
    if token:
        assert install["rsdp_revision"] == 0 and install["acpi20"] == "0x0", install
    else:
        assert install["rsdp_revision"] == 2 and install["acpi20"] == rsdp["addr"], install


def region_map(qmp):
    """{bdf: {bar index: (address or None when unmapped, size)}} from QEMU's query-pci."""
    out = {}
    for bus in qmp.cmd("query-pci"):
        for d, _ in flatten(bus["devices"]):
            out[bdf(d)] = {r["bar"]: (None if r["address"] in UNASSIGNED else r["address"], r["size"])
                           for r in d.get("regions", [])}
    return out


@pytest.mark.parametrize("topo", ["q35-ports", "pc-nested"])
def test_pci_records_match_qemu_and_die_reaches_pvpanic(vm_factory, tmp_path, topo):
    """test-panic=late stops vmfw after every stage ran: the machine stays as vmfw left it
    (OVMF's placement), paused by pvpanic, so QEMU's view can be compared with the records."""
    machine, extra = TOPOLOGIES[topo]
    vm = efi_vm(vm_factory, machine, fat_dir(tmp_path), qmp=True, options={"test-panic": "late"},
                extra=extra + ["-device", "pvpanic", "-action", "panic=pause"])
    ev = vm.qmp.wait_event("GUEST_PANICKED", BOOT_LIMIT)
    assert ev["data"]["action"] == "pause"
    inv = vm.inventory()
    assert inv[-1]["type"] == "panic" and inv[-1]["stage"] == "late", inv[-1]

    qemu = region_map(vm.qmp)
    pci = {r["bdf"]: r for r in inv if r["type"] == "pci"}
    assert set(pci) == set(qemu)
    compared = 0
    for b, rec in pci.items():
        bars = {x["index"]: x for x in rec["bars"]}
        for idx, (addr, size) in qemu[b].items():
            assert idx in bars, (b, idx)
            x = bars[idx]
            assert int(x["size"], 16) == size, (b, idx, x, size)
            if addr is not None:  # decoded: QEMU maps it where the register points
                assert int(x["addr"], 16) == addr, (b, idx, x, hex(addr))
                compared += 1
        assert set(bars) <= set(qemu[b]), (b, bars)
    assert compared >= 6
