"""Issue 7: every fatal error of the firmware reaches the host as GUEST_PANICKED (QMP)."""
import pytest

STAGES = ["early", "exception", "fwcfg", "memory", "machine", "pci", "msix", "acpi", "boot", "late"]


def panicked(vm, timeout=60):
    ev = vm.qmp.wait_event("GUEST_PANICKED", timeout)
    return ev["data"]


@pytest.mark.parametrize("machine", ["pc", "q35"])
@pytest.mark.parametrize("stage", STAGES)
def test_isa_pvpanic_each_stage(vm_factory, guest, machine, stage):
    vm = vm_factory(machine=machine, qmp=True, kernel=guest["kernel"], initrd=guest["initrd"],
                    options={"test-panic": stage}, debug_exit=False,
                    extra=["-device", "pvpanic", "-action", "panic=pause"])
    data = panicked(vm)
    assert data["action"] == "pause"
    text = vm.wait_for("panic: ", 30)
    reason = "CPU exception 6" if stage == "exception" else f"test-panic requested at stage {stage}"
    assert reason in text
    last = vm.inventory()[-1]
    assert last["type"] == "panic" and reason in last["reason"]
    assert vm.qmp.cmd("query-status")["status"] == "guest-panicked"


def test_pvpanic_events_zero_writes_nothing(vm_factory):
    vm = vm_factory(machine="pc", qmp=True, options={"test-panic": "memory"}, debug_exit=False,
                    extra=["-device", "pvpanic,events=0", "-action", "panic=pause"])
    vm.wait_for("panic: test-panic requested at stage memory", 30)
    assert vm.inventory()[-1]["type"] == "panic"
    # The firmware halted without touching the device: no event, the VM still "runs" (hlt).
    assert vm.qmp.cmd("query-status")["status"] == "running"
    assert not [e for e in vm.qmp.events if e["event"] == "GUEST_PANICKED"]
    assert "does not answer with an event mask" in vm.serial()


def test_no_pvpanic_device_still_reports_and_halts(vm_factory):
    vm = vm_factory(machine="q35", options={"test-panic": "fwcfg"})
    assert vm.wait_exit(60) == 3  # isa-debug-exit from die()
    assert "panic: test-panic requested at stage fwcfg" in vm.serial()


def test_pvpanic_pci_only_late_panic(vm_factory, guest):
    vm = vm_factory(machine="q35", qmp=True, kernel=guest["kernel"], initrd=guest["initrd"],
                    options={"test-panic": "late"}, debug_exit=False,
                    extra=["-device", "pvpanic-pci", "-action", "panic=pause"])
    assert panicked(vm)["action"] == "pause"
    assert "test-panic requested at stage late" in vm.wait_for("panic: ", 30)
    assert "pvpanic: PCI device" in vm.serial()


@pytest.mark.parametrize("machine,device", [("pc", "pvpanic"), ("q35", "pvpanic"), ("q35", "pvpanic-pci")])
def test_linux_crash_reaches_host(vm_factory, guest, machine, device):
    """The kernel's own pvpanic driver found the device through vmfw's ACPI (QEMU0001) or PCI."""
    vm = vm_factory(machine=machine, qmp=True, kernel=guest["kernel"], initrd=guest["initrd"],
                    append="console=ttyS0 vmfw.mode=crash", debug_exit=False,
                    extra=["-device", device, "-action", "panic=pause"])
    data = panicked(vm, timeout=180)
    assert data["action"] == "pause"
    assert "sysrq" in vm.serial().lower()
    # The firmware itself did not panic: its inventory ended with done.
    assert vm.inventory()[-1]["type"] == "done"
