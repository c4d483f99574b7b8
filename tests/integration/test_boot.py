"""Issue 2: vmfw boots a real Linux kernel on pc and q35, and stops cleanly on bad input."""
import os
import secrets

import pytest

from vmharness import guest_report, guest_values

BOOT_TIMEOUT = 180
KIND_TO_LINUX = {"ram": "System RAM", "reserved": "Reserved", "acpi": "ACPI Tables",
                 "nvs": "ACPI Non-volatile Storage", "unusable": "Unusable memory"}


def boot_linux(vm_factory, guest, machine, mem="512M", smp=1, extra_append="", **kw):
    token = secrets.token_hex(6)
    append = f"console=ttyS0 panic=-1 vmfw.token={token} {extra_append}".strip()
    vm = vm_factory(machine=machine, mem=mem, smp=smp, kernel=guest["kernel"], initrd=guest["initrd"],
                    append=append, **kw)
    text = vm.wait_for("VMFW-GUEST-END", BOOT_TIMEOUT)
    return vm, guest_report(text), token, append


def memmap_of_guest(report):
    out = []
    for line in guest_values(report, "memmap"):
        start, end, kind = line.split(" ", 2)
        out.append((int(start, 16), int(end, 16) + 1 - int(start, 16), kind))
    return sorted(out)


def memmap_of_inventory(vm):
    recs = vm.records("memory")
    assert recs, "no memory records in the inventory"
    return sorted((int(r["addr"], 16), int(r["size"], 16), KIND_TO_LINUX[r["kind"]]) for r in recs)


@pytest.mark.parametrize("machine,mem", [("pc", "512M"), ("q35", "512M"), ("q35", "128M")])
def test_linux_sees_firmware_memmap_cmdline_initrd(vm_factory, guest, machine, mem):
    vm, report, token, append = boot_linux(vm_factory, guest, machine, mem=mem)
    # The kernel got our command line and our initrd.
    assert guest_values(report, "cmdline") == [append]
    assert guest_values(report, "initrd-id") == [guest["initrd_id"]]
    # The kernel's firmware memory map is exactly what vmfw reported handing over.
    assert memmap_of_guest(report) == memmap_of_inventory(vm)
    inv = vm.inventory()
    assert inv[-1]["type"] == "done" and inv[-1]["next"] == "linux"
    boot = vm.records("boot")[0]
    assert int(boot["initrd_size"], 16) == os.path.getsize(guest["initrd"])
    # The initrd lies in RAM the kernel was told about, clear of the kernel's init_size.
    initrd, size = int(boot["initrd"], 16), int(boot["initrd_size"], 16)
    assert any(a <= initrd and initrd + size <= a + s for a, s, k in memmap_of_guest(report) if k == "System RAM")
    kernel, init_size = int(boot["kernel"], 16), int(boot["init_size"], 16)
    assert initrd >= kernel + init_size or initrd + size <= kernel
    # /init ends with reboot -f; with -no-reboot QEMU exits by itself.
    assert vm.wait_exit(60) == 0


@pytest.mark.parametrize("machine,mem_gib", [("q35", 6), ("pc", 8)])
def test_ram_above_4g(vm_factory, guest, machine, mem_gib):
    vm, report, _, _ = boot_linux(vm_factory, guest, machine, mem=f"{mem_gib}G", smp=4)
    ram = [(a, s) for a, s, k in memmap_of_guest(report) if k == "System RAM"]
    total = sum(s for _, s in ram)
    # All of -m except what the legacy hole below 1 MiB takes.
    assert mem_gib * 2**30 - 2**20 <= total <= mem_gib * 2**30
    assert any(a >= 2**32 for a, _ in ram), "no RAM above 4 GiB in the guest's memory map"
    assert not any(a < 2**32 < a + s for a, s in ram), "a RAM range crosses 4 GiB"


@pytest.mark.parametrize("machine", ["pc", "q35"])
def test_no_kernel_inventory_done_and_exit(vm_factory, machine):
    vm = vm_factory(machine=machine)
    # isa-debug-exit: vmfw writes 0, QEMU exits with (0 << 1) | 1.
    assert vm.wait_exit(60) == 1
    inv = vm.inventory()
    assert [r["type"] for r in inv[:1]] == ["firmware"]
    assert inv[-1] == {"type": "done", "next": "halt", "reason": "no kernel"}
    assert any(r["type"] == "fwcfg" and r["dma"] for r in inv)
    assert "nothing to boot" in vm.serial()


def expect_panic(vm, reason_part, stage):
    assert vm.wait_exit(60) == 3, vm.tail()  # isa-debug-exit value 1 from die()
    last = vm.inventory()[-1]
    assert last["type"] == "panic", last
    assert last["stage"] == stage
    assert reason_part in last["reason"]
    serial = vm.serial()
    assert "panic: " in serial and reason_part in serial
    return last


def test_not_a_bzimage(vm_factory, tmp_path):
    junk = tmp_path / "junk.bin"
    junk.write_bytes(secrets.token_bytes(256 * 1024))
    vm = vm_factory(machine="pc", kernel=str(junk))
    expect_panic(vm, "kernel image rejected", "boot")


def test_truncated_initrd(vm_factory, guest, tmp_path):
    with open(guest["initrd"], "rb") as f:
        data = f.read()
    cut = tmp_path / "cut.cpio"
    cut.write_bytes(data[: len(data) * 2 // 3])
    vm = vm_factory(machine="q35", kernel=guest["kernel"], initrd=str(cut), append="console=ttyS0")
    expect_panic(vm, "truncated", "boot")


def test_oversized_command_line(vm_factory, guest):
    # The Debian kernel's cmdline_size is 2047 bytes; QEMU passes longer ones through.
    vm = vm_factory(machine="pc", kernel=guest["kernel"], initrd=guest["initrd"], append="x" * 4000)
    last = expect_panic(vm, "command line is 4000 bytes", "boot")
    assert "at most" in last["reason"]


def test_missing_e820_strict_is_fatal(vm_factory, guest):
    vm = vm_factory(machine="pc", kernel=guest["kernel"], initrd=guest["initrd"],
                    options={"test-hide": "etc/e820", "strict": "1"})
    expect_panic(vm, "no etc/e820", "memory")


def test_missing_e820_falls_back_to_cmos(vm_factory, guest):
    vm, report, _, _ = boot_linux(vm_factory, guest, "pc", mem="1G", options={"test-hide": "etc/e820"})
    assert "no etc/e820; using the CMOS memory sizes" in vm.serial()
    assert {r["source"] for r in vm.records("memory")} == {"cmos"}
    assert memmap_of_guest(report) == memmap_of_inventory(vm)
    ram = sum(s for _, s, k in memmap_of_guest(report) if k == "System RAM")
    assert 2**30 - 2**20 <= ram <= 2**30


def test_cpu_exception_reaches_fatal_path(vm_factory):
    vm = vm_factory(machine="pc", options={"test-panic": "exception"})
    last = expect_panic(vm, "CPU exception 6", "early")
    assert "rip 0x" in last["reason"]
