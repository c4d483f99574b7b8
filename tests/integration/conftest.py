import os

import pytest

import vmharness


@pytest.fixture(scope="session")
def guest():
    """Paths of the Debian kernel and the busybox initramfs built by `make guest`."""
    for p in (vmharness.BIOS, vmharness.KERNEL, vmharness.INITRD):
        if not os.path.exists(p):
            pytest.fail(f"{p} missing: run `make all guest` (make test does)")
    with open(vmharness.INITRD + ".id") as f:
        initrd_id = f.read().strip()
    return {"kernel": vmharness.KERNEL, "initrd": vmharness.INITRD, "initrd_id": initrd_id}


@pytest.fixture
def vm_factory():
    vms = []

    def make(**kw):
        vm = vmharness.Vm(**kw)
        vms.append(vm)
        return vm

    yield make
    for vm in vms:
        vm.close()
