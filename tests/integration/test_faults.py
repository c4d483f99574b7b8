"""Issue 10: QEMU-level faults. Each test states what the firmware must do and checks it from
outside (QEMU's exit status, QMP query-pci, guest memory read back with pmemsave) as well as
from vmfw's own inventory.

What QEMU cannot inject, and so is not tested here: an oversized or malformed etc/e820 (QEMU
builds it from -m and cannot be given a file of that name: "-fw_cfg name=etc/..." is
refused for the etc/ namespace) and a fw_cfg device that stops answering (covered by the
fuzz target tests/fuzz/fwcfg-fuzz.c and tests/firmware/test_fwcfg.c instead).
"""
import os
import struct

import pytest

from pcitopo import check_query_pci

DONE = '{"type":"done"'


def firmware_only(vm_factory, **kw):
    kw.setdefault("debug_exit", True)
    return vm_factory(**kw)


# ---- very small RAM -------------------------------------------------------------------

@pytest.mark.parametrize("mem", ["64M", "48M"])
def test_small_ram_boots_firmware(vm_factory, mem):
    """64 MiB is enough for vmfw: it reaches "done" with RAM below the ACPI tables."""
    vm = firmware_only(vm_factory, machine="pc", mem=mem)
    vm.wait_for(DONE, 30, where="debugcon")
    assert vm.wait_exit(30) == 1  # isa-debug-exit 0: "nothing to boot"
    ram = [r for r in vm.records("memory") if r["kind"] == "ram"]
    top = max(int(r["addr"], 16) + int(r["size"], 16) for r in ram)
    assert top <= int(mem[:-1]) << 20
    acpi = [int(r["addr"], 16) for r in vm.records("acpi") if r["sig"] != "RSDP"]
    assert acpi and max(acpi) < top


@pytest.mark.parametrize("mem", ["16M", "8M"])
def test_tiny_ram_is_a_clean_panic(vm_factory, mem):
    """Below the firmware's 32 MiB working set: a panic that says why, never a hang."""
    vm = firmware_only(vm_factory, machine="pc", mem=mem)
    assert vm.wait_exit(30) == 3  # die(): isa-debug-exit 1
    panic = vm.records("panic")
    assert len(panic) == 1 and panic[0]["stage"] == "memory", vm.debugcon()
    assert "no RAM for the firmware" in panic[0]["reason"]
    assert not vm.records("done")


def test_small_ram_linux(vm_factory, guest):
    """With 64 MiB the Debian kernel cannot be placed: its init_size (the memory it needs from
    its load address on, read here from the bzImage header) does not fit between 16 MiB and
    the end of RAM. vmfw must panic at the boot stage naming the kernel, not hang or jump."""
    with open(guest["kernel"], "rb") as f:
        hdr = f.read(0x268)
    init_size = struct.unpack_from("<I", hdr, 0x260)[0]
    if init_size <= 48 << 20:
        pytest.skip(f"this kernel's init_size {init_size:#x} fits in 64 MiB; nothing to show")
    vm = vm_factory(machine="pc", mem="64M", kernel=guest["kernel"], initrd=guest["initrd"],
                    append="console=ttyS0 panic=-1")
    assert vm.wait_exit(120) == 3
    panic = vm.records("panic")
    assert len(panic) == 1 and panic[0]["stage"] == "boot", vm.debugcon()[-2000:]
    assert "no RAM for the kernel" in panic[0]["reason"] and f"{init_size:#x}" in panic[0]["reason"]
    assert not vm.records("done")


# ---- 255 CPUs ---------------------------------------------------------------------------

def read_guest(vm, addr, size):
    path = os.path.join(vm.dir, f"mem-{addr:x}.bin")
    vm.qmp.cmd("pmemsave", val=addr, size=size, filename=path)
    with open(path, "rb") as f:
        return f.read()


@pytest.mark.parametrize("machine", ["q35", "pc"])
def test_255_cpus_madt(vm_factory, machine):
    """-smp 255 (QEMU 7.2 accepts it under TCG on both machines): fw_cfg NB_CPUS/MAX_CPUS
    reach the MADT as 255 enabled Processor Local APIC entries with distinct APIC IDs."""
    vm = vm_factory(machine=machine, mem="512M", smp=255, qmp=True, debug_exit=False)
    vm.wait_for(DONE, 120, where="debugcon")
    assert "255/255 CPUs" in vm.debugcon()
    madt = [r for r in vm.records("acpi") if r["sig"] == "APIC"]
    assert len(madt) == 1
    addr, length = int(madt[0]["addr"], 16), int(madt[0]["len"], 16)
    raw = read_guest(vm, addr, length)
    assert raw[:4] == b"APIC" and struct.unpack_from("<I", raw, 4)[0] == length
    assert sum(raw) % 256 == 0, "MADT checksum"
    off, ids, enabled = 44, [], 0
    while off + 2 <= length:
        etype, elen = raw[off], raw[off + 1]
        assert elen >= 2 and off + elen <= length, f"MADT entry at {off} overruns"
        if etype == 0:  # Processor Local APIC: uid, apic id, flags
            ids.append(raw[off + 3])
            enabled += struct.unpack_from("<I", raw, off + 4)[0] & 1
        off += elen
    assert off == length
    assert len(ids) == 255 and len(set(ids)) == 255
    assert enabled == 255


# ---- PCI resources exhausted ------------------------------------------------------------

@pytest.mark.parametrize("machine", ["pc", "q35"])
def test_exhausted_io_and_32bit_hole(vm_factory, machine):
    """-m 3G leaves a ~1 GiB 32-bit hole: four 256 MiB 32-bit VGA BARs cannot all fit, a 1 GiB
    64-bit ivshmem BAR goes above 4 GiB, and six bridges with legacy virtio I/O BARs exceed
    the 16 KiB of I/O. What cannot fit is left unassigned (decoding off) and reported in the
    inventory, matching QEMU's view; nothing overlaps."""
    extra = ["-object", "memory-backend-ram,id=hm,size=1G,share=on", "-device", "ivshmem-plain,memdev=hm"]
    extra += ["-device", "secondary-vga,vgamem_mb=256"] * 4
    for i in range(6):
        bridge = "pci-bridge" if machine == "pc" else "pcie-root-port"
        opts = f"chassis_nr={i + 1}" if machine == "pc" else f"chassis={i + 1},slot={i + 1}"
        extra += ["-device", f"{bridge},id=br{i},{opts}",
                  "-device", f"virtio-net-pci,bus=br{i},disable-legacy=off,netdev=n{i}",
                  "-netdev", f"user,id=n{i}"]
    vm = vm_factory(machine=machine, mem="3G", qmp=True, debug_exit=False, extra=extra)
    vm.wait_for(DONE, 120, where="debugcon")
    bars, unassigned = check_query_pci(vm.qmp.cmd("query-pci"), allow_unassigned=True)

    # The 64-bit fallback: the 1 GiB ivshmem BAR sits above 4 GiB.
    big = [b for b in bars if b[4] == 1 << 30]
    assert len(big) == 1 and big[0][3] >= 1 << 32, bars
    # Something did not fit, in both spaces, and QEMU agrees with the inventory about what.
    inv_unassigned = {(r["bdf"], b["index"]) for r in vm.records("pci") for b in r.get("bars", [])
                      if b.get("unassigned") and not b.get("rom")}
    assert unassigned, "expected exhaustion, everything fit"
    assert set(unassigned) == inv_unassigned, (unassigned, inv_unassigned)
    kinds = {(r["bdf"], b["index"]): b["kind"] for r in vm.records("pci") for b in r.get("bars", [])}
    assert any(kinds[u] == "io" for u in unassigned), "I/O was not exhausted"
    vga_assigned = [b for b in bars if b[4] == 256 << 20]
    assert len(vga_assigned) < 4, "four 256 MiB BARs cannot share a 1 GiB hole with anything else"
    summary = vm.records("pci-summary")[-1]
    assert summary["unassigned"] >= len(unassigned) and summary["problems"] > 0, summary  # ROMs count too


# ---- fw_cfg files: empty and huge ---------------------------------------------------------

def test_fwcfg_option_empty(vm_factory, tmp_path):
    """An empty opt/vmfw/machine-type file: warned about as empty, default variant, boot goes on."""
    empty = tmp_path / "empty"
    empty.write_bytes(b"")
    vm = firmware_only(vm_factory, machine="q35",
                       extra=["-fw_cfg", f"name=opt/vmfw/machine-type,file={empty}"])
    vm.wait_for(DONE, 30, where="debugcon")
    v = vm.records("variant")[0]
    assert v["fallback"] is True and v["family"] == "q35", v
    assert "is not usable: empty" in vm.debugcon()


def test_fwcfg_option_huge(vm_factory, tmp_path):
    """A 2 MB option file: only a bounded prefix is read (warned, with the real size), the
    token is refused as too long, the default variant is used, and the boot goes on."""
    huge = tmp_path / "huge"
    huge.write_bytes(b"pc-q35-7.2" * 200000)
    vm = firmware_only(vm_factory, machine="q35",
                       extra=["-fw_cfg", f"name=opt/vmfw/machine-type,file={huge}"])
    vm.wait_for(DONE, 30, where="debugcon")
    log = vm.debugcon()
    assert "opt/vmfw/machine-type is 2000000 bytes; read only the first" in log
    assert "too long" in log
    v = vm.records("variant")[0]
    assert v["fallback"] is True and v["family"] == "q35", v


def test_fwcfg_option_missing_file_refused_by_qemu(tmp_path):
    """A -fw_cfg file= that does not exist is refused by QEMU itself: nothing reaches vmfw."""
    import subprocess
    import qemu
    p = subprocess.run([qemu.QEMU, "-M", "pc", "-display", "none", "-nodefaults", "-bios", "/dev/null",
                        "-fw_cfg", f"name=opt/vmfw/machine-type,file={tmp_path}/absent"],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=30)
    assert p.returncode != 0
