"""Shared QEMU command-line construction for scripts/run.py, the tests and the benchmarks."""
import os

QEMU = os.environ.get("QEMU", "qemu-system-x86_64")


def accel_args():
    """TCG unless VMFW_ACCEL=kvm asks for KVM (only useful where /proc/cpuinfo shows vmx/svm)."""
    accel = os.environ.get("VMFW_ACCEL", "tcg")
    if accel == "kvm":
        with open("/proc/cpuinfo") as f:
            flags = f.read()
        if " vmx" not in flags and " svm" not in flags:
            raise SystemExit("VMFW_ACCEL=kvm but this CPU has no VT-x/AMD-V: /dev/kvm here cannot run Linux")
        return ["-accel", "kvm", "-cpu", "host"]
    return ["-accel", "tcg"]


def fw_cfg_args(options):
    """-fw_cfg name=opt/vmfw/<k>,string=<v> for each option."""
    out = []
    for key, val in (options or {}).items():
        out += ["-fw_cfg", f"name=opt/vmfw/{key},string={val}"]
    return out
