"""Golden ACPI tables per variant: what a Linux guest gets on a fixed reference machine.

The tables are taken from the guest (/sys/firmware/acpi/tables, dumped by tests/guest/init
with vmfw.dump=acpi) and masked where they hold addresses of other tables or checksums,
so that a change of where vmfw puts tables is not a difference but any change of content is.
Refresh with scripts/refresh-golden.py; a changed golden file is a guest-visible change.
"""
import base64
import os
import subprocess

import vmharness

GOLDEN = os.path.join(vmharness.ROOT, "tests", "golden")
# variant -> the machine type that selects it (docs/variants.md); everything else is fixed.
REFERENCE = {
    "pc-v0": "pc-i440fx-1.5",
    "pc-v1": "pc-i440fx-2.0",
    "pc-v2": "pc-i440fx-7.2",
    "q35-v1": "pc-q35-2.4",
    "q35-v2": "pc-q35-7.2",
}
COMMON = ["-device", "pvpanic"]


def mask(sig, data):
    """Zero the header checksum and the fields that point at other tables."""
    b = bytearray(data)
    if len(b) >= 36 and sig not in ("FACS",):
        b[9] = 0
    if sig == "FACP":
        for off, size in ((36, 4), (40, 4), (132, 8), (140, 8)):  # FIRMWARE_CTRL, DSDT, X_ variants
            if len(b) >= off + size:
                b[off:off + size] = bytes(size)
    return bytes(b)


def boot_and_dump(variant, kernel, initrd):
    """{table name: raw bytes} as the guest saw them, and the inventory's variant record."""
    vm = vmharness.Vm(machine=REFERENCE[variant], mem="512M", smp=2, kernel=kernel, initrd=initrd,
                      append="console=ttyS0 panic=-1 vmfw.dump=acpi", extra=COMMON)
    try:
        text = vm.wait_for("VMFW-GUEST-END", 240)
        report = vmharness.guest_report(text)
        tables = {}
        for line in vmharness.guest_values(report, "acpi-dump"):
            name, b64 = line.split(" ", 1)
            tables[name] = base64.b64decode(b64)
        rec = vm.records("variant")[0]
        return tables, rec
    finally:
        vm.close()


def write_golden(variant, tables, outdir=None):
    d = outdir or os.path.join(GOLDEN, variant)
    os.makedirs(d, exist_ok=True)
    for f in os.listdir(d):
        os.unlink(os.path.join(d, f))
    for name, data in sorted(tables.items()):
        sig = name.rstrip("0123456789")
        with open(os.path.join(d, f"{name}.dat"), "wb") as f:
            f.write(mask(sig, data))
        # Human-readable text of the real table (iasl -d writes <name>.dsl next to its input).
        raw = os.path.join(d, f"{name}.raw")
        with open(raw, "wb") as f:
            f.write(data)
        subprocess.run(["iasl", "-d", raw], cwd=d, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.unlink(raw)
        dsl = os.path.join(d, f"{name}.dsl")
        if os.path.exists(dsl):
            with open(dsl) as f:
                lines = [ln for ln in f if not any(k in ln for k in ("Disassembly of", "Disassembler version",
                                                                      "Copyright", "Intel ACPI Component",
                                                                      "Checksum", "Physical Address",
                                                                      "Pointer", "Address of"))]
            with open(dsl, "w") as f:
                f.writelines(lines)


def read_golden(variant):
    d = os.path.join(GOLDEN, variant)
    out = {}
    for f in sorted(os.listdir(d)):
        if f.endswith(".dat"):
            with open(os.path.join(d, f), "rb") as fh:
                out[f[:-4]] = fh.read()
    return out
