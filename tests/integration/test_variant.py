"""Issue 6: the machine-type token, its source and the chosen variant, per QEMU machine type.

Expected variants come from the rules in docs/variants.md, not from vmfw's output.
"""
import pytest

CASES = [
    # machine, expected source, expected variant
    ("pc-i440fx-1.5", "host-bridge", "pc-v0"),
    ("pc-i440fx-1.7", "host-bridge", "pc-v1"),
    ("pc-i440fx-2.0", "smbios-legacy", "pc-v1"),
    ("pc-i440fx-2.1", "smbios-type1", "pc-v1"),
    ("pc-i440fx-5.2", "smbios-type1", "pc-v2"),
    ("pc-i440fx-7.2", "smbios-type1", "pc-v2"),
    ("pc", "smbios-type1", "pc-v2"),
    ("pc-q35-2.4", "smbios-type1", "q35-v1"),
    ("pc-q35-7.2", "smbios-type1", "q35-v2"),
    ("q35", "smbios-type1", "q35-v2"),
]


def variant_of(vm):
    assert vm.wait_exit(60) == 1, vm.tail()  # "nothing to boot" exit
    recs = vm.records("variant")
    assert len(recs) == 1, recs
    return recs[0]


@pytest.mark.parametrize("machine,source,variant", CASES)
def test_variant_from_host(vm_factory, machine, source, variant):
    rec = variant_of(vm_factory(machine=machine, mem="256M"))
    assert (rec["source"], rec["variant"]) == (source, variant)
    if source.startswith("smbios"):
        # QEMU puts the resolved machine name in SMBIOS: the aliases resolve to 7.2.
        expect = {"pc": "pc-i440fx-7.2", "q35": "pc-q35-7.2"}.get(machine, machine)
        assert rec["token"] == expect
        assert rec["fallback"] is False


@pytest.mark.parametrize("machine,token,variant", [
    ("pc-i440fx-7.2", "pc-i440fx-1.5", "pc-v0"),
    ("pc", "pc-i440fx-2.4", "pc-v1"),
    ("q35", "pc-q35-2.4", "q35-v1"),
])
def test_explicit_token_wins(vm_factory, machine, token, variant):
    rec = variant_of(vm_factory(machine=machine, mem="256M", options={"machine-type": token}))
    assert rec["source"] == "opt/vmfw/machine-type"
    assert rec["token"] == token
    assert rec["variant"] == variant


@pytest.mark.parametrize("token", ["garbage token!", "pc-q35-rhel9.2.0", "x" * 300])
def test_unusable_token_falls_back_with_warning(vm_factory, token):
    vm = vm_factory(machine="q35", mem="256M", options={"machine-type": token})
    rec = variant_of(vm)
    assert rec["variant"] == "q35-v2" and rec["fallback"] is True
    assert "WARN" in vm.serial() and "variant: q35-v2" in vm.serial()


def test_strict_refuses_contradicting_token(vm_factory):
    vm = vm_factory(machine="pc", mem="256M", options={"machine-type": "pc-q35-7.2", "strict": "1"})
    assert vm.wait_exit(60) == 3, vm.tail()
    last = vm.inventory()[-1]
    assert last["type"] == "panic" and last["stage"] == "machine"
    assert "host bridge is i440fx" in last["reason"]


def test_strict_refuses_unknown_token(vm_factory):
    vm = vm_factory(machine="q35", mem="256M", options={"machine-type": "pc-q35-banana", "strict": "1"})
    assert vm.wait_exit(60) == 3, vm.tail()
    assert vm.inventory()[-1]["type"] == "panic"
