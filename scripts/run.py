#!/usr/bin/env python3
"""make run: boot vmfw + a Linux kernel in QEMU with the serial console on this terminal,
then summarise the firmware's inventory (JSON lines from debugcon)."""
import argparse
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import qemu  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bios", required=True)
    ap.add_argument("--machine", default="pc")
    ap.add_argument("--smp", default="2")
    ap.add_argument("--mem", default="512M")
    ap.add_argument("--kernel", default="")
    ap.add_argument("--initrd", default="")
    ap.add_argument("--append", default="")
    ap.add_argument("--debugcon", default="build/run-debugcon.log")
    ap.add_argument("extra", nargs="*", help="extra QEMU arguments")
    a = ap.parse_args()

    cmd = [qemu.QEMU] + qemu.accel_args() + [
        "-M", a.machine, "-m", a.mem, "-smp", a.smp, "-bios", a.bios,
        "-display", "none", "-vga", "none", "-serial", "mon:stdio", "-no-reboot",
        "-chardev", f"file,id=dbg,path={a.debugcon}", "-device", "isa-debugcon,iobase=0x402,chardev=dbg",
        "-device", "isa-debug-exit,iobase=0xf4,iosize=4", "-device", "pvpanic",
    ]
    if a.kernel:
        cmd += ["-kernel", a.kernel]
    if a.kernel and a.initrd:
        cmd += ["-initrd", a.initrd]
    if a.kernel and a.append:
        cmd += ["-append", a.append]
    cmd += a.extra
    print("run:", " ".join(cmd))
    print("run: serial console below; in the guest shell 'reboot -f' ends QEMU (or Ctrl-A x)")
    rc = subprocess.call(cmd)
    if not os.path.exists(a.debugcon):
        print(f"run: QEMU exited with {rc} before vmfw wrote anything")
        sys.exit(rc or 1)
    print(f"\nrun: QEMU exited with {rc}; what vmfw did (full inventory in {a.debugcon}):")
    tool = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools", "vmfw-inventory")
    subprocess.call([sys.executable, tool, "--summary", a.debugcon])
    print(f"run: details: tools/vmfw-inventory {a.debugcon}")


if __name__ == "__main__":
    main()
