"""Issue 5: the tables as a Linux guest got them: iasl/acpiexec clean, no kernel complaints,
all CPUs, poweroff through _S5, interrupts of virtio devices behind bridges work."""
import base64
import os

import pytest

import test_acpi_offline as offline
from pcitopo import TOPOLOGIES
from vmharness import guest_report, guest_values

CASES = {
    "pc": ("pc", TOPOLOGIES["pc-nested"][1]),
    "q35": ("q35", TOPOLOGIES["q35-ports"][1]),
    "pc-i440fx-1.5": ("pc-i440fx-1.5", []),
}


@pytest.fixture(scope="module")
def booted(tmp_path_factory, guest):
    """Boots each case once; returns {case: (report, tables dir, shutdown event, vm inventory)}."""
    import vmharness
    out = {}
    for case, (machine, extra) in CASES.items():
        vm = vmharness.Vm(machine=machine, smp=4, qmp=True, kernel=guest["kernel"], initrd=guest["initrd"],
                          append="console=ttyS0 panic=-1 vmfw.dump=acpi vmfw.mode=poweroff",
                          extra=extra + ["-device", "pvpanic"])
        try:
            report = guest_report(vm.wait_for("VMFW-GUEST-END", 240))
            ev = vm.qmp.wait_event("SHUTDOWN", 60)
            d = tmp_path_factory.mktemp(case.replace(".", "_"))
            for line in guest_values(report, "acpi-dump"):
                name, b64 = line.split(" ", 1)
                sig = name.rstrip("0123456789")
                if sig == "SSDT" and os.path.exists(d / "SSDT.dat"):
                    sig = name  # more than one SSDT: keep the numbered name
                (d / f"{sig}.dat").write_bytes(base64.b64decode(b64))
            out[case] = (report, d, ev, vm.inventory())
        finally:
            vm.close()
    return out


@pytest.mark.parametrize("case", sorted(CASES))
def test_linux_boot_clean_all_cpus_poweroff(booted, case):
    report, _, ev, inv = booted[case]
    assert guest_values(report, "kernel-firmware-complaint") == []
    assert guest_values(report, "cpus-online") == ["0-3"]
    # poweroff -f inside the guest: QEMU saw an ACPI S5 (guest-shutdown), not a reset.
    assert ev["data"]["reason"] == "guest-shutdown", ev
    assert inv[-1]["type"] == "done"
    sigs = {r["sig"] for r in inv if r["type"] == "acpi"}
    assert {"DSDT", "FACP", "APIC", "SSDT"} <= sigs


@pytest.mark.parametrize("case", sorted(CASES))
def test_guest_tables_disassemble_and_evaluate(booted, case, tmp_path):
    _, d, _, inv = booted[case]
    names = sorted(f[:-4] for f in os.listdir(d) if f.endswith(".dat"))
    assert {"DSDT", "FACP", "APIC", "SSDT"} <= set(names), names
    for n in names:
        r = offline.run(["iasl", "-d", f"{n}.dat"], cwd=d)
        body = r.stdout.split("Copyright", 1)[-1]
        assert r.returncode == 0 and not offline.re.search(r"error|warning", body, offline.re.I), (n, r.stdout)
    for method in ("_STA", "_CRS", "_PRT"):
        paths = offline.find_objects(d, method)
        assert paths, (case, method)
        if method == "_PRT":
            counts = offline.prt_counts(d, tmp_path, case.replace(".", "_").replace("-", "_"))
            assert counts["\\_SB.PCI0._PRT"] == 128 and all(c % 4 == 0 for c in counts.values()), counts
            continue
        text = offline.acpiexec(d, [f"Evaluate {p}" for p in paths])
        bad = [line for line in text.splitlines() if offline.BAD_WORDS.search(line)]
        assert not bad, (case, method, bad)
    # The variant is readable from the tables the OS got.
    variant = next(r for r in inv if r["type"] == "variant")["variant"]
    dsl = (d / "SSDT.dsl").read_text()
    assert f'"{variant}"' in dsl


def test_interrupts_behind_bridges_work(booted):
    for case in ("pc", "q35"):
        report = booted[case][0]
        assert guest_values(report, "blk-read") == ["vda ok"], case
        assert len(guest_values(report, "net")) == 1, case
        hw = guest_values(report, "hwrng")
        assert hw and hw[0].endswith(" 16"), (case, hw)


def test_pvpanic_acpi_device_bound(booted):
    for case in CASES:
        report = booted[case][0]
        devs = guest_values(report, "acpi-dev")
        assert any(d.startswith("QEMU0001:") and "driver=pvpanic-mmio" in d for d in devs), (case, devs)


def test_osc_and_power_button(booted):
    """q35: Linux negotiated PCIe control through vmfw's _OSC (SHPC, PME, AER, capability
    structure; without _OSC it keeps them off), but not native PCIe hotplug, which would make it
    power off QEMU's populated root ports (their devices still work: test above). Every machine
    has exactly one power button, the FADT's fixed-feature one (LNXPWRBN), not also PNP0C0C."""
    for case in CASES:
        report = booted[case][0]
        osc = guest_values(report, "acpi-osc")
        granted = [o for o in osc if o.startswith("OS now controls [")]
        if case == "q35":
            assert granted, (case, osc)
            assert granted[0] == "OS now controls [SHPCHotplug PME AER PCIeCapability]", osc
        else:
            assert not granted, (case, osc)
        buttons = [d for d in guest_values(report, "acpi-dev") if d.startswith(("LNXPWRBN:", "PNP0C0C:"))]
        assert [b.split(":")[0] for b in buttons] == ["LNXPWRBN"], (case, buttons)
