"""Offline check of the ACPI tables vmfw generates, no VM needed.

Procedure:
  1. build tests/acpi/dump_tables (make build/tests/dump_tables) and run it: it builds the full
     table set for each machine described in tests/acpi/machines.c and writes <machine>/<SIG>.dat;
  2. `iasl -d` every table: it must disassemble with exit status 0 and print no error/warning;
  3. load DSDT + SSDT in `acpiexec -b`, list every _STA/_CRS/_PRS/_PRT object and evaluate each
     one: no "ACPI Error"/"ACPI Warning"/"ACPI Exception" and no failed evaluation.
     _PRT is evaluated through a small SSDT compiled here (acpiexec's own result buffer is too small
     for a 128-entry routing table), which returns the entry count.
Skips only when iasl or acpiexec is not installed (Debian package acpica-tools).
"""
import os
import re
import shutil
import subprocess

import pytest

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DUMPER = os.path.join(REPO, "build", "tests", "dump_tables")
BAD_WORDS = re.compile(r"ACPI (Error|Warning|Exception)|\bAE_[A-Z_]+\b|failed|Could not", re.I)

pytestmark = pytest.mark.skipif(
    shutil.which("iasl") is None or shutil.which("acpiexec") is None,
    reason="iasl/acpiexec not installed (apt-get install acpica-tools)")


def run(cmd, cwd=None, timeout=120):
    return subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, timeout=timeout)


@pytest.fixture(scope="module")
def tables(tmp_path_factory):
    r = run(["make", "-C", REPO, "build/tests/dump_tables"], timeout=600)
    assert r.returncode == 0, r.stdout[-3000:]
    out = tmp_path_factory.mktemp("acpi")
    r = run([DUMPER, str(out)])
    assert r.returncode == 0, r.stdout
    machines = sorted(d for d in os.listdir(out) if os.path.isdir(out / d))
    assert len(machines) >= 3, machines
    return out, machines


def test_iasl_disassembles_every_table(tables):
    out, machines = tables
    checked = 0
    for m in machines:
        d = out / m
        dats = sorted(f for f in os.listdir(d) if f.endswith(".dat"))
        sigs = {f[:-4] for f in dats}
        assert {"DSDT", "SSDT", "FACP", "FACS", "APIC", "RSDT", "XSDT"} <= sigs, (m, sigs)
        for f in dats:
            r = run(["iasl", "-d", f], cwd=d)
            body = r.stdout.split("Copyright", 1)[-1]
            assert r.returncode == 0, f"{m}/{f}: iasl -d exit {r.returncode}\n{r.stdout}"
            assert not re.search(r"error|warning", body, re.I), f"{m}/{f}:\n{r.stdout}"
            assert os.path.exists(d / (f[:-4] + ".dsl")), f"{m}/{f}: no .dsl written"
            checked += 1
        # the variant name is visible in the disassembled SSDT
        with open(d / "SSDT.dsl") as fh:
            assert re.search(r'Name \(VARN, "[^"]+"\)', fh.read()), m
    assert checked >= 3 * 7


def acpiexec(d, commands, extra=()):
    r = run(["acpiexec", "-b", "; ".join(commands), "DSDT.dat", "SSDT.dat", *extra], cwd=d)
    assert r.returncode == 0, r.stdout[-4000:]
    return r.stdout


def find_objects(d, name):
    text = acpiexec(d, [f"Find {name}"])
    return sorted({m.group(1) for m in re.finditer(r"^\s*(\\\S*\." + re.escape(name) + r")\s", text, re.M)})


@pytest.mark.parametrize("method", ["_STA", "_CRS", "_PRS"])
def test_acpiexec_evaluates_every_device_method(tables, method):
    out, machines = tables
    for m in machines:
        d = out / m
        paths = find_objects(d, method)
        if method in ("_STA", "_CRS"):
            assert paths, f"{m}: no {method} objects found"
        if not paths:
            continue
        text = acpiexec(d, [f"Evaluate {p}" for p in paths])
        bad = [line for line in text.splitlines() if BAD_WORDS.search(line)]
        assert not bad, f"{m}: {method}:\n" + "\n".join(bad)
        assert text.count("returned object") == len(paths), f"{m}: {method}\n{text[-3000:]}"


def prt_counts(d, tmp_path, tag):
    """Evaluates every _PRT in the tables of directory d through a helper SSDT that returns
    each package's size; returns {path: count}, failing on any ACPI error."""
    paths = find_objects(d, "_PRT")
    asl = ['DefinitionBlock ("", "SSDT", 2, "VMFWT", "PRTCHK", 1)', "{"]
    asl += [f"    External ({p}, UnknownObj)" for p in paths]
    for i, p in enumerate(paths):
        asl += [f"    Method (CK{i:02X}, 0, NotSerialized)", "    {",
                f"        Local0 = {p}", "        Return (SizeOf (Local0))", "    }"]
    asl.append("}")
    src = tmp_path / f"prtchk{tag}.asl"  # iasl cuts output names at the first dot
    src.write_text("\n".join(asl) + "\n")
    aml = tmp_path / f"prtchk{tag}"
    r = run(["iasl", "-p", str(aml), str(src)])
    assert r.returncode == 0, r.stdout
    text = acpiexec(d, [f"Evaluate \\CK{i:02X}" for i in range(len(paths))], extra=[str(aml) + ".aml"])
    bad = [line for line in text.splitlines() if BAD_WORDS.search(line)]
    assert not bad, f"{d}: _PRT:\n" + "\n".join(bad)
    counts = [int(x, 16) for x in re.findall(r"\[Integer\] = ([0-9A-Fa-f]+)", text)]
    assert len(counts) == len(paths), f"{d}: {text[-3000:]}"
    return dict(zip(paths, counts))


def test_acpiexec_evaluates_every_prt(tables, tmp_path):
    out, machines = tables
    for n, m in enumerate(machines):
        counts = prt_counts(out / m, tmp_path, n)
        assert "\\_SB.PCI0._PRT" in counts, f"{m}: {counts}"
        assert all(c > 0 and c % 4 == 0 for c in counts.values()), (m, counts)
        # the root bus routes every slot (32 slots x 4 pins)
        assert counts["\\_SB.PCI0._PRT"] == 128, (m, counts)


PCI_HOST_BRIDGE_UUID = "5b 4d db 33 f7 1f 1c 40 96 57 74 41 c0 3d d7 66"  # ToUUID 33db4d5b-1ff7-...


def dwords(buf):
    return " ".join(f"{b:02x}" for v in buf for b in v.to_bytes(4, "little"))


def run_osc(d, uuid, rev, count, buf):
    """Evaluates \\_SB.PCI0._OSC in acpiexec; returns the DWORDs of the buffer it returned."""
    text = acpiexec(d, [f"Execute \\_SB.PCI0._OSC ({uuid}) {rev} {count} ({dwords(buf)})"])
    assert not BAD_WORDS.search(text), text[-3000:]
    m = re.search(r"\[Buffer\] Length ([0-9A-F]+) =\s+0000: ((?:[0-9A-F]{2} )+)", text)
    assert m, text[-3000:]
    raw = bytes(int(x, 16) for x in m.group(2).split())
    assert len(raw) == int(m.group(1), 16)
    return [int.from_bytes(raw[i:i + 4], "little") for i in range(0, len(raw), 4)]


def test_q35_osc_grants_pcie_control(tables):
    """PCI Firmware spec 4.5: q35's host bridge answers _OSC. Linux asks for native hotplug, SHPC,
    PME, AER, capability structure and LTR (0x3f): it gets SHPC, PME, AER and the capability
    structure (0x1e; not native hotplug, see acpi_dsdt.c), flagged 'capabilities masked' (CDW1
    bit 4) on a query; the error bits for a wrong revision, an unknown UUID and a short
    buffer are set as the spec says. The i440fx host bridge (plain PCI) has no _OSC."""
    out, machines = tables
    d = out / "q35"
    assert run_osc(d, PCI_HOST_BRIDGE_UUID, 1, 3, [0x01, 0x1f, 0x3f]) == [0x11, 0x1f, 0x1e]
    assert run_osc(d, PCI_HOST_BRIDGE_UUID, 1, 3, [0x00, 0x1f, 0x1e]) == [0x00, 0x1f, 0x1e]
    assert run_osc(d, PCI_HOST_BRIDGE_UUID, 1, 3, [0x00, 0x1f, 0x1c]) == [0x00, 0x1f, 0x1c]
    assert run_osc(d, PCI_HOST_BRIDGE_UUID, 2, 3, [0x00, 0x1f, 0x0e]) == [0x08, 0x1f, 0x0e]
    assert run_osc(d, "00 " + PCI_HOST_BRIDGE_UUID[3:], 1, 3, [0x00, 0x1f, 0x0e]) == [0x04, 0x1f, 0x0e]
    assert run_osc(d, PCI_HOST_BRIDGE_UUID, 1, 1, [0x00]) == [0x02]
    assert find_objects(out / "pc", "_OSC") == []
    assert find_objects(d, "_OSC") == ["\\_SB.PCI0._OSC"]
