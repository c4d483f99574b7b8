#!/usr/bin/env python3
"""Re-records the sample debugcon logs in tests/tools/data/ by booting vmfw in QEMU (TCG).

    python3 tests/tools/record-inventories.py [--bios build/vmfw.bin] [NAME...]

Each configuration below is one QEMU command line; the log is the whole debugcon output.
Without -kernel vmfw halts through isa-debug-exit; with -kernel QEMU is stopped as soon as the
inventory's final record is on debugcon. Hand-written files (synthetic-*, overlap-*, the
malformed ones) are not touched. Run it when the firmware's records change, then check the
tests (tests/tools/test_inventory_tool.py) still pass and review the diff.
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DATA = os.path.join(ROOT, "tests", "tools", "data")
QEMU = os.environ.get("QEMU", "qemu-system-x86_64")
KERNEL = os.path.join(ROOT, "build", "guest", "vmlinuz")
INITRD = os.path.join(ROOT, "build", "guest", "initramfs.cpio")

# name: (machine, extra QEMU arguments); a "-kernel" entry boots Linux.
CONFIGS = {
    "pc": ("pc", []),
    "q35": ("q35", []),
    "pc-bridges": ("pc", [
        "-device", "pci-bridge,id=br1,chassis_nr=1,addr=5",
        "-device", "virtio-net-pci,bus=br1,addr=1",
        "-device", "pci-bridge,id=br2,bus=br1,chassis_nr=2,addr=2",
        "-device", "virtio-rng-pci,bus=br2,addr=3",
        "-device", "virtio-rng-pci,addr=6",
    ]),
    "q35-bridges": ("q35", [
        "-device", "pcie-root-port,id=rp1,chassis=1,slot=1,addr=4",
        "-device", "virtio-net-pci,bus=rp1",
        "-device", "pcie-root-port,id=rp2,chassis=2,slot=2,addr=5",
        "-device", "pcie-pci-bridge,id=ppb,bus=rp2",
        "-device", "virtio-rng-pci,bus=ppb,addr=1",
        "-device", "virtio-rng-pci,addr=6",
    ]),
    "pc-panic": ("pc", ["-fw_cfg", "name=opt/vmfw/test-panic,string=machine"]),
    "q35-linux": ("q35", ["-kernel", KERNEL, "-initrd", INITRD,
                          "-append", "console=ttyS0 panic=-1"]),
}


def record(name, bios, timeout=120):
    machine, extra = CONFIGS[name]
    out = os.path.join(DATA, name + ".log")
    with tempfile.TemporaryDirectory() as tmp:
        log = os.path.join(tmp, "debugcon.log")
        cmd = [QEMU, "-accel", "tcg", "-M", machine, "-m", "512M", "-bios", bios, "-nodefaults",
               "-display", "none", "-no-reboot", "-serial", "null",
               "-chardev", f"file,id=d,path={log}", "-device", "isa-debugcon,iobase=0x402,chardev=d",
               "-device", "isa-debug-exit,iobase=0xf4,iosize=4"] + extra
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE)
        deadline = time.monotonic() + timeout
        try:
            while proc.poll() is None:
                text = open(log, errors="replace").read() if os.path.exists(log) else ""
                if '{"type":"done"' in text or '{"type":"panic"' in text:
                    time.sleep(0.2)   # let the line's newline reach the file
                    break
                if time.monotonic() > deadline:
                    raise SystemExit(f"{name}: no final record within {timeout}s")
                time.sleep(0.1)
        finally:
            if proc.poll() is None:
                proc.kill()
            proc.wait()
        with open(log, "rb") as f:
            data = f.read()
    with open(out, "wb") as f:
        f.write(data)
    print(f"{name}: {len(data)} bytes -> {os.path.relpath(out, ROOT)} ({' '.join(cmd[1:])})")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bios", default=os.path.join(ROOT, "build", "vmfw.bin"))
    ap.add_argument("names", nargs="*", help=f"subset of: {' '.join(CONFIGS)}")
    a = ap.parse_args()
    for name in a.names or CONFIGS:
        if name not in CONFIGS:
            sys.exit(f"unknown configuration {name}")
        record(name, os.path.abspath(a.bios))


if __name__ == "__main__":
    main()
