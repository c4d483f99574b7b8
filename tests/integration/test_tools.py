"""Issue 11: vmfw-inventory and make install, as part of `make test`.

Runs every test of tests/tools/test_inventory_tool.py (the tool on recorded and malformed
logs), then the tool on inventories vmfw writes right now (pc and q35 with bridges), and the
literal `make install DESTDIR=<tmp>` of the README.
"""
import json
import os
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tools"))
from test_inventory_tool import *  # noqa: E402,F401,F403  (collected here as well)
from test_inventory_tool import ROOT, TOOL, installed  # noqa: E402

import vmharness  # noqa: E402

TOPOLOGIES = {
    # machine, QEMU devices, (child ids, parent ids) pairs the command line implies
    "pc": ("pc", ["-device", "pci-bridge,id=br1,chassis_nr=1,addr=5",
                  "-device", "virtio-net-pci,bus=br1,addr=1",
                  "-device", "pci-bridge,id=br2,bus=br1,chassis_nr=2,addr=2",
                  "-device", "virtio-rng-pci,bus=br2,addr=3"],
           [("1af4:1000", "1b36:0001"), ("1af4:1005", "1b36:0001")]),
    "q35": ("q35", ["-device", "pcie-root-port,id=rp1,chassis=1,slot=1,addr=4",
                    "-device", "virtio-net-pci,bus=rp1",
                    "-device", "pcie-root-port,id=rp2,chassis=2,slot=2,addr=5",
                    "-device", "pcie-pci-bridge,id=ppb,bus=rp2",
                    "-device", "virtio-rng-pci,bus=ppb,addr=1"],
            [("1af4:1041", "1b36:000c"), ("1b36:000e", "1b36:000c"), ("1af4:1005", "1b36:000e")]),
}


@pytest.mark.parametrize("topo", sorted(TOPOLOGIES))
def test_tool_on_live_inventory(vm_factory, topo, tmp_path):
    machine, devices, pairs = TOPOLOGIES[topo]
    vm = vm_factory(machine=machine, mem="256M", extra=devices)
    assert vm.wait_exit(90) == 1, vm.tail()   # nothing to boot: isa-debug-exit
    p = subprocess.run([sys.executable, TOOL, "--json", "--svg", str(tmp_path / "m.svg"), vm.debugcon_path],
                       capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stdout[-3000:] + p.stderr
    doc = json.loads(p.stdout)
    assert doc["valid"] and doc["map_problems"] == []
    s = subprocess.run([sys.executable, TOOL, "--summary", vm.debugcon_path], capture_output=True, text=True)
    assert s.returncode == 0 and "done, next halt" in s.stdout
    if not doc["pci"]:
        pytest.skip("this firmware build writes no pci records yet")
    by_bdf = {f["bdf"]: f for f in doc["pci"]}
    for child, parent in pairs:
        kids = [f for f in doc["pci"] if f["ids"] == child]
        assert kids, f"{child} missing from {sorted(f['ids'] for f in doc['pci'])}"
        for k in kids:
            assert k["parent"] and by_bdf[k["parent"]]["ids"] == parent, (child, k["parent"])


def test_make_install_destdir_literal(tmp_path):
    """`make install DESTDIR=/tmp/x` as the README says: exactly the documented files."""
    dest = tmp_path / "x"
    # -o: the images were built before the integration tests; install must not rebuild them.
    build = ["BUILD=" + vmharness.BUILD, "-o", os.path.join(vmharness.BUILD, "vmfw.bin")]
    r = subprocess.run(["make", "-s", "-C", ROOT, "install", f"DESTDIR={dest}"] + build,
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stdout + r.stderr
    want = {"usr/local/share/vmfw/vmfw.bin", "usr/local/bin/vmfw-inventory"}
    if os.path.exists(os.path.join(vmharness.BUILD, "vmfw.efi")):
        want.add("usr/local/share/vmfw/vmfw.efi")
    assert installed(dest) == want
    r = subprocess.run(["make", "-s", "-C", ROOT, "uninstall", f"DESTDIR={dest}"] + build,
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0 and installed(dest) == set()
