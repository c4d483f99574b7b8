"""Tests of tools/vmfw-inventory on recorded and hand-written debugcon logs (issue 11).

Data (tests/tools/data/):
  pc, q35, pc-bridges, q35-bridges, pc-panic, q35-linux   recorded from vmfw by
      tests/tools/record-inventories.py (the QEMU command lines are in that script)
  synthetic-q35-bridges   hand-written in the firmware's record format: three bridges, two levels
  tolerant-shapes         hand-written: other spellings of bridge windows, unknown types/fields
  overlap-q35             synthetic-q35-bridges with three faults injected (see OVERLAP_FAULTS)
  wrong-types, dup-bdf, truncated   malformed inventories

Expectations come from the records themselves (parsed here with json, independently of the
tool), from the QEMU command lines that produced them, or from the faults injected; never
from the tool's own output. Run: python3 -m pytest tests/tools (the integration suite imports
this file too, so `make test` runs it).
"""
import importlib.machinery
import importlib.util
import json
import os
import random
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
TOOL = os.path.join(ROOT, "tools", "vmfw-inventory")
DATA = os.path.join(ROOT, "tests", "tools", "data")
RECORDED = ["pc", "q35", "pc-bridges", "q35-bridges", "pc-panic", "q35-linux"]
WELL_FORMED = RECORDED + ["synthetic-q35-bridges", "tolerant-shapes"]


def data(name):
    return os.path.join(DATA, name + ".log")


def run(*args, stdin=None):
    p = subprocess.run([sys.executable, TOOL] + list(args), input=stdin, capture_output=True,
                       text=True, timeout=60)
    assert "Traceback" not in p.stderr, p.stderr
    return p


def records(name):
    """(line number, record) of every inventory line, parsed here independently of the tool."""
    out = []
    with open(data(name)) as f:
        for n, line in enumerate(f, 1):
            if line.startswith("{"):
                out.append((n, json.loads(line)))
    return out


def line_of(name, needle):
    with open(data(name)) as f:
        for n, line in enumerate(f, 1):
            if needle in line:
                return n
    raise AssertionError(f"{needle!r} not in {name}")


def load_tool():
    loader = importlib.machinery.SourceFileLoader("vmfw_inventory", TOOL)
    spec = importlib.util.spec_from_loader("vmfw_inventory", loader)
    mod = importlib.util.module_from_spec(spec)
    loader.exec_module(mod)
    return mod


# ---------------------------------------------------------------- well-formed inventories

@pytest.mark.parametrize("name", WELL_FORMED)
def test_valid_inventory_exit_0_and_every_record_shown(name):
    p = run(data(name))
    assert p.returncode == 0, p.stdout + p.stderr
    recs = [r for _, r in records(name)]
    assert "0 errors" in p.stdout
    for r in recs:
        if r["type"] == "pci":
            assert re.search(rf"[-+\\]-{re.escape(r['bdf'])}\b", p.stdout), r["bdf"]
        if r["type"] == "memory":
            assert f"0x{int(r['addr'], 16):016x} 0x{int(r['addr'], 16) + int(r['size'], 16) - 1:016x}" in p.stdout
        if r["type"] == "acpi":
            assert re.search(rf"^  {re.escape(r['sig'])}\s+{r['addr']}\s", p.stdout, re.M)
    last = recs[-1]
    assert ("PANIC" in p.stdout) == (last["type"] == "panic")


@pytest.mark.parametrize("name", RECORDED)
def test_variant_and_source_shown(name):
    v = [r for _, r in records(name) if r["type"] == "variant"]
    p = run(data(name))
    if v:
        assert f"== variant: {v[0]['variant']} " in p.stdout
        assert f"from {v[0]['source']}" in p.stdout
    else:
        assert "no variant record" in p.stdout


def test_recorded_machines_match_their_command_line():
    # record-inventories.py booted pc-* on i440fx and q35-* on q35: QEMU's SMBIOS names the machine.
    for name in RECORDED:
        v = [r for _, r in records(name) if r["type"] == "variant"][0]
        assert v["family"] == ("q35" if name.startswith("q35") else "i440fx"), name


def tree_lines(stdout):
    lines = stdout.split("\n")
    start = next(i for i, l in enumerate(lines) if l.startswith("== PCI"))
    end = next(i for i in range(start + 1, len(lines)) if lines[i].startswith("== "))
    return lines[start + 1:end]


def depth_of(lines, bdf):
    for l in lines:
        m = re.match(rf"^(.*?)[+\\]-{re.escape(bdf)}\b", l)
        if m:
            return len(m.group(1)), lines.index(l)
    raise AssertionError(f"{bdf} not in tree:\n" + "\n".join(lines))


def expected_parents(name):
    """bdf -> bdf of the bridge whose secondary bus is the function's bus (from pci-bridge records)."""
    recs = [r for _, r in records(name)]
    by_sec = {r["secondary"]: r["bdf"] for r in recs if r["type"] == "pci-bridge"}
    return {r["bdf"]: by_sec.get(int(r["bdf"][:2], 16)) for r in recs if r["type"] == "pci"}


@pytest.mark.parametrize("name", ["synthetic-q35-bridges", "pc-bridges", "q35-bridges"])
def test_tree_nests_functions_below_their_bridge(name):
    parents = expected_parents(name)
    if not parents:
        pytest.skip(f"{name}: recorded before the firmware reported PCI (re-record with record-inventories.py)")
    lines = tree_lines(run(data(name)).stdout)
    for bdf, parent in parents.items():
        d, i = depth_of(lines, bdf)
        if parent is None:
            assert d == 1, (bdf, lines[i])
            continue
        pd, pi = depth_of(lines, parent)
        assert d > pd and i > pi, (bdf, parent)
        # nothing at the parent's depth or shallower between the parent and the child
        between = [l for l in lines[pi + 1:i] if re.match(r"^[ |]*[+\\]-", l)]
        assert all(depth_of([l], re.search(r"[+\\]-(\S{7})", l).group(1))[0] > pd for l in between)
    # the command lines put devices behind bridges: some function must have a parent
    assert any(parents.values())


def test_json_digest_parents_and_windows():
    p = run("--json", data("synthetic-q35-bridges"))
    assert p.returncode == 0
    doc = json.loads(p.stdout)
    assert doc["valid"] is True and doc["map_problems"] == []
    got = {f["bdf"]: f["parent"] for f in doc["pci"]}
    assert got == expected_parents("synthetic-q35-bridges")
    bridges = {r["bdf"]: r for _, r in records("synthetic-q35-bridges") if r["type"] == "pci-bridge"}
    for f in doc["pci"]:
        assert f["bridge"] == (f["bdf"] in bridges)
        if f["bdf"] in bridges:
            want = {(k, bridges[f["bdf"]][k]["base"]) for k in ("io", "mem", "pref") if k in bridges[f["bdf"]]}
            assert {(w["kind"], w["base"]) for w in f["windows"]} == want


@pytest.mark.parametrize("name", ["pc-bridges", "q35-bridges", "q35", "pc"])
def test_parents_agree_with_the_firmware_parent_field(name):
    recs = [r for _, r in records(name) if r["type"] == "pci"]
    if not recs:
        pytest.skip(f"{name}: no pci records")
    doc = json.loads(run("--json", data(name)).stdout)
    got = {f["bdf"]: f["parent"] for f in doc["pci"]}
    assert got == {r["bdf"]: r.get("parent") for r in recs}


@pytest.mark.parametrize("name", ["q35", "q35-bridges", "q35-linux", "pc", "pc-bridges"])
def test_ecam_only_on_q35_and_inside_reserved_memory(name):
    if not any(r["type"] == "pci" for _, r in records(name)):
        pytest.skip(f"{name}: recorded before PCI")
    doc = json.loads(run("--json", data(name)).stdout)
    ecam = [m for m in doc["map"] if m["role"] == "ecam"]
    if not name.startswith("q35"):
        assert ecam == []   # i440fx has no ECAM
        return
    assert len(ecam) == 1
    e0, e1 = int(ecam[0]["start"], 16), int(ecam[0]["end"], 16)
    assert e1 - e0 + 1 >= 1 << 20   # at least one bus
    mem = [r for _, r in records(name) if r["type"] == "memory" and r["kind"] == "reserved"]
    assert any(int(r["addr"], 16) <= e0 and e1 < int(r["addr"], 16) + int(r["size"], 16) for r in mem)


def test_acpi_table_in_ram_is_flagged(tmp_path):
    with open(data("synthetic-q35-bridges")) as f:
        text = f.read().replace('"sig":"DSDT","addr":"0x1fffe200"', '"sig":"DSDT","addr":"0x1000000"')
    p = tmp_path / "acpi.log"
    p.write_text(text)
    r = run("--check", str(p))
    assert r.returncode == 3 and "ACPI table DSDT 0x1000000" in r.stdout


def test_msix_vectors_and_use_shown():
    recs = [r for _, r in records("synthetic-q35-bridges") if r["type"] == "msix"]
    out = run(data("synthetic-q35-bridges")).stdout
    sect = out[out.index("== MSI-X"):out.index("== ACPI")]
    for r in recs:
        assert f"{r['bdf']}  {r['table_size']} entries" in sect
        for v in r["vectors"]:
            assert f"entry {v['entry']}: addr {v['addr']} data {v['data']}" in sect
        assert f"used by {r['use']['driver']}" in sect


def test_unassigned_bar_reason_shown():
    out = run(data("synthetic-q35-bridges")).stdout
    for _, r in records("synthetic-q35-bridges"):
        for b in r.get("bars", []):
            if b.get("unassigned"):
                assert f"unassigned: {b['reason']}" in out


def test_ecam_in_map_and_inside_reserved_memory_is_no_overlap():
    doc = json.loads(run("--json", data("synthetic-q35-bridges")).stdout)
    ecam = [m for m in doc["map"] if m["role"] == "ecam"]
    summ = [r for _, r in records("synthetic-q35-bridges") if r["type"] == "pci-summary"][0]
    assert [(m["start"], m["size"]) for m in ecam] == [(summ["ecam"], summ["ecam_size"])]
    assert ecam[0]["flags"] == []


def test_map_is_sorted():
    doc = json.loads(run("--json", data("synthetic-q35-bridges")).stdout)
    for space in ("mem", "io"):
        starts = [int(m["start"], 16) for m in doc["map"] if m["space"] == space]
        assert starts == sorted(starts) and starts


def test_unknown_types_and_fields_shown_generically():
    p = run(data("tolerant-shapes"))
    assert p.returncode == 0, p.stdout
    for _, r in records("tolerant-shapes"):
        if r["type"] in ("future-thing", "lapic"):
            assert re.search(rf"line \d+: {r['type']}: ", p.stdout)
    assert "numa_node=0" in p.stdout and "answer=42" in p.stdout


def test_other_window_spellings_give_the_same_tree():
    # tolerant-shapes spells bridges as a nested "bridge" object and flat mem_base/mem_size.
    doc = json.loads(run("--json", data("tolerant-shapes")).stdout)
    got = {f["bdf"]: f["parent"] for f in doc["pci"]}
    assert got["01:00.0"] == "00:02.0" and got["02:00.0"] == "00:03.0" and got["03:01.0"] == "02:00.0"
    win = {f["bdf"]: {(w["kind"], w["base"]) for w in f["windows"]} for f in doc["pci"]}
    assert ("mem", "0xc1600000") in win["00:03.0"]   # from "mem_base"
    assert ("pref", "0x800000000") in win["00:02.0"]  # from "bridge": {"pref": {...}}


# ---------------------------------------------------------------- overlaps

OVERLAP_FAULTS = [
    # (replacement made in synthetic-q35-bridges, BDF that must be flagged, what it collides with)
    ('"index":5,"kind":"mem32","pref":false,"addr":"0xc1401000"',
     '"index":5,"kind":"mem32","pref":false,"addr":"0x1ff00000"', "00:1f.2", "ram"),
    ('"index":2,"kind":"mem32","pref":false,"addr":"0xc1000000"',
     '"index":2,"kind":"mem32","pref":false,"addr":"0xc1201000"', "00:01.0", "00:02.0"),
    ('"addr":"0xc1600000","size":"0x1000"}],"pin"',
     '"addr":"0xc1900000","size":"0x1000"}],"pin"', "03:01.0", "outside"),
]


def test_overlap_file_is_the_synthetic_one_with_the_faults():
    with open(data("synthetic-q35-bridges")) as f:
        text = f.read()
    for old, new, _, _ in OVERLAP_FAULTS:
        assert text.count(old) == 1
        text = text.replace(old, new)
    with open(data("overlap-q35")) as f:
        assert f.read() == text


def test_overlaps_flagged_exit_3():
    p = run(data("overlap-q35"))
    assert p.returncode == 3, p.stdout
    probs = [l for l in p.stdout.split("\n") if l.startswith("  !! ")]
    assert len(probs) == len(OVERLAP_FAULTS), probs
    for _, _, bdf, other in OVERLAP_FAULTS:
        assert any(bdf in l and other in l for l in probs), (bdf, other, probs)
    # bars inside their own bridge's window stay unflagged
    doc = json.loads(run("--json", data("overlap-q35")).stdout)
    flagged = {m["owner"] for m in doc["map"] if m["flags"] and m["owner"]}
    assert "01:00.0" not in flagged and "02:00.0" not in flagged


def test_each_fault_alone(tmp_path):
    with open(data("synthetic-q35-bridges")) as f:
        base = f.read()
    for old, new, bdf, _ in OVERLAP_FAULTS:
        p = tmp_path / "one.log"
        p.write_text(base.replace(old, new))
        r = run("--check", str(p))
        assert r.returncode == 3 and bdf in r.stdout, r.stdout


def test_memory_overlapping_memory_is_flagged(tmp_path):
    p = tmp_path / "mem.log"
    p.write_text('{"type":"memory","addr":"0x0","size":"0x100000","kind":"ram","source":"x"}\n'
                 '{"type":"memory","addr":"0xff000","size":"0x2000","kind":"reserved","source":"x"}\n'
                 '{"type":"done","next":"halt"}\n')
    r = run("--check", str(p))
    assert r.returncode == 3 and "overlap" in r.stdout


def test_io_overlap_flagged(tmp_path):
    recs = ['{"type":"pci","bdf":"00:01.0","vendor":"0x8086","device":"0x7010","class":"0x010180",'
            '"bars":[{"index":4,"kind":"io","pref":false,"addr":"0xc000","size":"0x10"}]}',
            '{"type":"pci","bdf":"00:02.0","vendor":"0x8086","device":"0x7010","class":"0x010180",'
            '"bars":[{"index":4,"kind":"io","pref":false,"addr":"0xc008","size":"0x8"}]}',
            '{"type":"done","next":"halt"}']
    p = tmp_path / "io.log"
    p.write_text("\n".join(recs) + "\n")
    r = run("--check", str(p))
    assert r.returncode == 3 and "io overlap" in r.stdout and "00:01.0" in r.stdout and "00:02.0" in r.stdout


def test_msix_table_outside_its_bar_flagged(tmp_path):
    with open(data("synthetic-q35-bridges")) as f:
        text = f.read().replace('"table":"0xc1200000"', '"table":"0xc1300000"')
    p = tmp_path / "msix.log"
    p.write_text(text)
    r = run("--check", str(p))
    assert r.returncode == 3 and "MSI-X table 0xc1300000" in r.stdout


# ---------------------------------------------------------------- malformed input

def errors_at(stdout):
    return {int(m.group(1)) for m in re.finditer(r"^error: line (\d+):", stdout, re.M)}


def test_wrong_types():
    p = run("--check", data("wrong-types"))
    assert p.returncode == 1
    want = {line_of("wrong-types", s) for s in (
        '{"type":7,', '{"name":"no type at all"}', '{"type":"",', '"addr":655360', '"size":"1ff00000"',
        '"addr":"0x20000000","kind"', '"bdf":"0:1.0"', '"bdf":"00:20.0"', '"vendor":4660',
        '{"type":"panic"')}
    assert errors_at(p.stdout) == want, p.stdout
    assert "must be \"BB:DD.F\"" in p.stdout and "hex string" in p.stdout
    assert 'panic record lacks "reason"' in p.stdout


def test_duplicate_bdfs_and_records_after_done():
    p = run("--check", data("dup-bdf"))
    assert p.returncode == 1
    pci_dup = line_of("dup-bdf", '"device":"0x1001"')
    cap_lines = [n for n, r in records("dup-bdf") if r["type"] == "capability"]
    assert f"line {pci_dup}: duplicate BDF 00:03.0" in p.stdout
    assert f"line {cap_lines[1]}: duplicate BDF 00:03.0: a second capability record (first on line {cap_lines[0]})" in p.stdout
    done = line_of("dup-bdf", '"type":"done"')
    assert f"after the final \"done\" record of line {done}" in p.stdout
    assert re.search(r"^warning: line \d+: msix record for 00:05.0", p.stdout, re.M)


def test_truncated_lines():
    p = run("--check", data("truncated"))
    assert p.returncode == 1
    cut = [n for n, l in enumerate(open(data("truncated")).read().split("\n"), 1)
           if l.startswith("{") and not l.endswith("}")]
    assert len(cut) == 2
    for n in cut:
        assert re.search(rf"^error: line {n}: not valid JSON .*truncated record\?", p.stdout, re.M)
    assert "not \"done\" or \"panic\"" in p.stdout


def test_no_records_at_all(tmp_path):
    p = tmp_path / "text.log"
    p.write_text("vmfw INFO  hello\nsome noise\n")
    r = run(str(p))
    assert r.returncode == 1 and "no inventory records" in r.stdout


def test_firmware_cut_record_is_a_warning(tmp_path):
    p = tmp_path / "cut.log"
    p.write_text('{"type":"pci","truncated":true}\n{"type":"done","next":"halt"}\n')
    r = run("--check", str(p))
    assert "warning: line 1: pci record was cut" in r.stdout
    assert r.returncode == 1   # and the pci record lacks its bdf: still an error


def test_garbled_lines_never_crash(tmp_path):
    """Cuts and type swaps anywhere in real records: always a clean verdict, never a traceback."""
    rng = random.Random(11)
    with open(data("synthetic-q35-bridges")) as f:
        lines = f.read().split("\n")
    swaps = [("\"0x", "\""), ("\":\"", "\":"), ("true", "\"true\""), ("[", "{"), ("]", "}"),
             ("\"bars\":[", "\"bars\":[7,"), ("\"secondary\":", "\"secondary\":\"x\"+"),
             ("\"size\":\"", "\"size\":\"0x0"), ("{\"index\"", "{\"x\":1,\"index\"")]
    for i in range(60):
        mutated = list(lines)
        for _ in range(3):
            k = rng.randrange(len(mutated))
            ln = mutated[k]
            if rng.random() < 0.4 and ln:
                mutated[k] = ln[:rng.randrange(len(ln))]
            else:
                a, b = rng.choice(swaps)
                mutated[k] = ln.replace(a, b, 1)
        p = tmp_path / f"g{i}.log"
        p.write_text("\n".join(mutated))
        for mode in ([], ["--json"], ["--summary"]):
            r = run(*mode, "--svg", str(tmp_path / "g.svg"), str(p))
            assert r.returncode in (0, 1, 3), (r.returncode, r.stderr)


# ---------------------------------------------------------------- modes, usage, exit codes

def test_summary_is_short_and_names_the_end():
    for name in RECORDED + ["synthetic-q35-bridges"]:
        recs = [r for _, r in records(name)]
        p = run("--summary", data(name))
        assert p.returncode == 0
        lines = p.stdout.strip().split("\n")
        assert 1 <= len(lines) <= 8
        last = recs[-1]
        if last["type"] == "panic":
            assert f"PANIC at stage {last['stage']}" in lines[0]
        else:
            assert f"done, next {last['next']}" in lines[0]
        assert f"{len(recs)} records" in lines[0]


def test_summary_counts_pci():
    recs = [r for _, r in records("synthetic-q35-bridges")]
    pci = [r for r in recs if r["type"] == "pci"]
    bridges = [r for r in recs if r["type"] == "pci-bridge"]
    bars = [b for r in pci for b in r["bars"]]
    una = [b for b in bars if b.get("unassigned")]
    out = run("--summary", data("synthetic-q35-bridges")).stdout
    assert (f"pci: {len(pci)} functions ({len(bridges)} bridges), {len(bars) - len(una)} BARs assigned, "
            f"{len(una)} unassigned") in out


def test_stdin():
    with open(data("q35")) as f:
        p = run("--summary", "-", stdin=f.read())
    assert p.returncode == 0 and "q35-v2" in p.stdout


@pytest.mark.parametrize("args", [[], ["--summary", "--json", "x"], ["--bogus", "x"]])
def test_usage_errors_exit_2(args):
    assert run(*args).returncode == 2


def test_missing_file_exit_2(tmp_path):
    p = run(str(tmp_path / "nope.log"))
    assert p.returncode == 2 and "cannot read" in p.stderr


def test_unwritable_svg_exit_2(tmp_path):
    p = run("--svg", str(tmp_path / "no" / "dir" / "x.svg"), data("pc"))
    assert p.returncode == 2 and "cannot write" in p.stderr


def test_help_documents_exit_codes():
    p = run("--help")
    assert p.returncode == 0
    for code in ("0  valid", "1  malformed", "2  usage", "3  valid but"):
        assert code in p.stdout


def test_svg_is_xml_with_every_range_and_function(tmp_path):
    out = tmp_path / "m.svg"
    p = run("--svg", str(out), data("synthetic-q35-bridges"))
    assert p.returncode == 0
    root = ET.parse(out).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    ns = "{http://www.w3.org/2000/svg}"
    titles = [t.text for t in root.iter(ns + "title")]
    texts = " ".join(t.text or "" for t in root.iter(ns + "text"))
    recs = [r for _, r in records("synthetic-q35-bridges")]
    for r in recs:
        if r["type"] == "pci":
            assert r["bdf"] in texts   # a box in the bus tree
            for b in r["bars"]:
                if not b.get("unassigned") and b["kind"] != "io":
                    assert any(t.startswith(f"{r['bdf']} BAR{b['index']} ") for t in titles), (r["bdf"], b)
        if r["type"] == "memory":
            assert any(f"0x{int(r['addr'], 16):012x}" in t for t in titles)


def test_svg_marks_overlaps_red(tmp_path):
    out = tmp_path / "o.svg"
    run("--svg", str(out), data("overlap-q35"))
    ns = "{http://www.w3.org/2000/svg}"
    red = [r for r in ET.parse(out).getroot().iter(ns + "rect") if r.get("stroke") == "#d00000"]
    assert red and all("OVERLAP" in r.find(ns + "title").text or "OUTSIDE" in r.find(ns + "title").text
                       for r in red)


def test_module_helpers():
    t = load_tool()
    assert t.parse_bdf("1f:1f.7") == (0x1f, 0x1f, 7)
    assert t.parse_bdf("00:20.0") is None and t.parse_bdf("0:01.0") is None and t.parse_bdf(5) is None
    assert t.human(0x200000) == "2M" and t.human(640 << 10) == "640K" and t.human(0x1fefe000) == "511.0M"
    assert t.hexval("0x10") == 16 and t.hexval("10") is None and t.hexval(True) is None
    # class names from the PCI Code and Assignment spec: 00/ff unclassified, 06/04 PCI bridge, ff unassigned
    for cls, name in (("0x00ff00", "Unclassified device"), ("0x060400", "PCI bridge"),
                      ("0xff0000", "Unassigned class"), ("0x0c0330", "USB controller"), ("0x0604", "PCI bridge")):
        f = t.Func("00:01.0", 1)
        f.rec = {"class": cls}
        assert f.name() == name, (cls, f.name())


# ---------------------------------------------------------------- make install

def make_install(tmp_path, efi, target="install"):
    """make install with a throw-away BUILD holding the images (-o: never rebuild them)."""
    build = tmp_path / "build"
    build.mkdir(exist_ok=True)
    (build / "vmfw.bin").write_bytes(b"\x90" * 65536)
    if efi:
        (build / "vmfw.efi").write_bytes(b"MZ" + b"\0" * 100)
    dest = tmp_path / "dest"
    r = subprocess.run(["make", "-s", "-C", ROOT, f"BUILD={build}", "-o", f"{build}/vmfw.bin",
                        f"DESTDIR={dest}", "PREFIX=/opt/vmfw-test", target],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr
    return dest


def installed(dest):
    out = set()
    for d, _, files in os.walk(dest):
        for f in files:
            out.add(os.path.relpath(os.path.join(d, f), dest))
    return out


@pytest.mark.parametrize("efi", [False, True])
def test_make_install_and_uninstall(tmp_path, efi):
    if not shutil.which("make"):
        pytest.skip("no make")
    dest = make_install(tmp_path, efi)
    want = {"opt/vmfw-test/share/vmfw/vmfw.bin", "opt/vmfw-test/bin/vmfw-inventory"}
    if efi:
        want.add("opt/vmfw-test/share/vmfw/vmfw.efi")
    assert installed(dest) == want
    assert os.access(dest / "opt/vmfw-test/bin/vmfw-inventory", os.X_OK)
    assert (dest / "opt/vmfw-test/share/vmfw/vmfw.bin").read_bytes() == (tmp_path / "build/vmfw.bin").read_bytes()
    with open(TOOL, "rb") as f:
        assert (dest / "opt/vmfw-test/bin/vmfw-inventory").read_bytes() == f.read()
    # a file of the user's next to ours survives uninstall
    (dest / "opt/vmfw-test/bin/other-tool").write_text("x")
    make_install(tmp_path, efi, target="uninstall")
    assert installed(dest) == {"opt/vmfw-test/bin/other-tool"}
    assert not (dest / "opt/vmfw-test/share/vmfw").exists()
