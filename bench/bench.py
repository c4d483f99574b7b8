#!/usr/bin/env python3
"""make bench: firmware-only time, time to Linux init, config-space / fw_cfg access counts and
image sizes of vmfw against SeaBIOS, qboot and OVMF, all in one run on the same QEMU.

Firmware-only time = wall time from QEMU process start to exit with the stub payload (whose first
instructions write isa-debug-exit), minus the median of the floor ROM (exits at the reset vector)
on the same QEMU command line. Runs are interleaved: floor, A, B, C, floor, A, B, C, ...
Writes results.json, results.md, sweep.dat and sweep.png (gnuplot) to --out. Timing lives here
only; nothing in tests/ depends on it.
"""
import argparse
import datetime
import json
import os
import platform
import re
import select
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import qemu  # noqa: E402  (QEMU binary and -accel selection shared with make run / tests)

# Exit statuses: QEMU exits with (value << 1) | 1 for a write of value to isa-debug-exit.
# The stub writes a different value per entry path (see bench/stub/stub.S).
STUB_ENTRY = {33: "real mode (setup+0x200)", 35: "64-bit boot protocol", 37: "PE/COFF (EFI)",
              39: "32-bit boot protocol", 41: "64-bit EFI handover"}
FLOOR_STATUS = 65
CMD_WRITE_RE = re.compile(r" @0x4 <- 0x[0-9a-f]*[1-7]$")  # command register, I/O, memory or master on
RUNSTATE_RE = re.compile(r"@(\d+\.\d+):runstate_set .*new_state \d+ \(running\)")
GUEST_MARKER = b"VMFW-GUEST-BEGIN"
LINUX_APPEND = "console=ttyS0 panic=-1 quiet"
TRACE_EVENTS = ["pci_cfg_read", "pci_cfg_write", "fw_cfg_select", "fw_cfg_read",
                "memory_region_ops_read", "memory_region_ops_write"]
# memory_region_ops_* region names, grouped.
PCI_CFG_REGIONS = {"pci-conf-idx", "pci-conf-data", "pcie-mmcfg-mmio"}
FWCFG_REGIONS = {"fwcfg", "fwcfg.ctl", "fwcfg.data", "fwcfg.dma"}


def log(msg):
    print(f"bench: {msg}", flush=True)


# ---------------------------------------------------------------- configurations

def dev_4x6(machine):
    """4 bridges x 6 virtio-rng-pci: pci-bridge + 6 slots on pc, pcie-root-port + one
    6-function device on q35 (a root port's secondary bus has only device 0)."""
    args = []
    for b in range(4):
        if machine.startswith("q35"):
            args += ["-device", f"pcie-root-port,id=rp{b},chassis={b + 1},addr={3 + b:#x}"]
            for f in range(6):
                mf = ",multifunction=on" if f == 0 else ""
                args += ["-device", f"virtio-rng-pci,bus=rp{b},addr=0.{f}{mf}"]
        else:
            args += ["-device", f"pci-bridge,id=br{b},chassis_nr={b + 1},addr={3 + b:#x}"]
            for d in range(6):
                args += ["-device", f"virtio-rng-pci,bus=br{b},addr={1 + d:#x}"]
    return args


def dev_sweep(n):
    """n virtio-rng-pci functions on bus 0, 8 functions per slot from slot 3 (no bridges, so
    the sweep varies only the device count)."""
    args = []
    for i in range(n):
        slot, fn = 3 + i // 8, i % 8
        mf = ",multifunction=on" if fn == 0 else ""
        args += ["-device", f"virtio-rng-pci,addr={slot:#x}.{fn}{mf}"]
    return args


# ---------------------------------------------------------------- running QEMU

class Runner:
    def __init__(self, a):
        self.a = a
        self.tmp = tempfile.mkdtemp(prefix="vmfw-bench-")
        self.failures = []

    def base_cmd(self, bios, machine, devices, serial):
        return [qemu.QEMU] + qemu.accel_args() + [
            "-M", machine, "-m", self.a.mem, "-smp", str(self.a.smp), "-bios", bios,
            "-nodefaults", "-display", "none", "-no-reboot", "-serial", serial,
            "-device", "isa-debug-exit,iobase=0xf4,iosize=4",
        ] + devices

    def fw_cmd(self, bios, machine, devices, extra=()):
        return self.base_cmd(bios, machine, devices, f"file:{self.tmp}/serial.txt") + \
            ["-kernel", self.a.stub] + list(extra)

    def timed(self, cmd, expect, what, phase=False):
        """Seconds from process start to exit, or None if the exit status is not `expect`.
        phase=True: also the seconds from the VM entering "running" (trace event runstate_set,
        timestamped by QEMU with -msg timestamp=on) to exit; returns (total, phase) then."""
        if phase:
            rs = os.path.join(self.tmp, "runstate.log")
            if os.path.exists(rs):
                os.unlink(rs)
            cmd = list(cmd) + ["-msg", "timestamp=on", "-trace", "enable=runstate_set", "-D", rs]
        w0 = time.time()
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE)
        try:
            _, err = p.communicate(timeout=self.a.timeout)
        except subprocess.TimeoutExpired:
            p.kill()
            p.communicate()
            self.fail(what, f"no exit within {self.a.timeout}s")
            return (None, None) if phase else None
        dt = time.perf_counter() - t0
        w1 = w0 + dt
        if p.returncode != expect:
            got = STUB_ENTRY.get(p.returncode, "")
            self.fail(what, f"exit status {p.returncode} {got} (expected {expect}) "
                            f"{err.decode(errors='replace').strip()[:200]}")
            return (None, None) if phase else None
        if not phase:
            return dt
        running = None
        with open(rs, errors="replace") as f:
            for line in f:
                m = RUNSTATE_RE.search(line)
                if m:
                    running = float(m.group(1))
        if running is None or not (w0 <= running <= w1):
            self.fail(what, "no usable runstate_set timestamp")
            return dt, None
        return dt, w1 - running

    def fail(self, what, why):
        if len(self.failures) < 200:
            self.failures.append(f"{what}: {why}")
        log(f"FAILED {what}: {why}")

    def interleaved(self, entries, n, label):
        """entries: [(name, cmd, expected status)]; one warm-up round, then n rounds in order.
        Returns ({name: [total seconds]}, {name: [running-to-exit seconds]}); failed runs left out."""
        total = {name: [] for name, _, _ in entries}
        guest = {name: [] for name, _, _ in entries}
        for name, cmd, expect in entries:
            self.timed(cmd, expect, f"{label}/{name} warm-up")
        for i in range(n):
            for name, cmd, expect in entries:
                dt, g = self.timed(cmd, expect, f"{label}/{name} run {i + 1}", phase=True)
                if dt is not None:
                    total[name].append(dt)
                if g is not None:
                    guest[name].append(g)
        return total, guest

    def traced(self, cmd, expect, what):
        """One run with the trace events on; returns the access counts."""
        path = os.path.join(self.tmp, "trace.log")
        if os.path.exists(path):
            os.unlink(path)
        tcmd = list(cmd)
        for ev in TRACE_EVENTS:
            tcmd += ["-trace", f"enable={ev}"]
        tcmd += ["-msg", "timestamp=on", "-D", path]
        if self.timed(tcmd, expect, what + " (traced)") is None:
            return None
        return count_trace(path)

    def linux(self, bios, machine, what):
        """Seconds from process start to VMFW-GUEST-BEGIN on the serial console."""
        cmd = self.base_cmd(bios, machine, [], "stdio") + [
            "-kernel", self.a.kernel, "-initrd", self.a.initrd, "-append", LINUX_APPEND]
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL)
        buf = b""
        found = None
        deadline = t0 + self.a.linux_timeout
        try:
            while True:
                left = deadline - time.perf_counter()
                if left <= 0:
                    break
                r, _, _ = select.select([p.stdout], [], [], left)
                if not r:
                    continue
                chunk = os.read(p.stdout.fileno(), 65536)
                if not chunk:
                    break
                buf = buf[-64:] + chunk
                if GUEST_MARKER in buf:
                    found = time.perf_counter() - t0
                    break
        finally:
            p.kill()
            p.wait()
            p.stdout.close()
        if found is None:
            self.fail(what, f"{GUEST_MARKER.decode()} not seen (QEMU status {p.returncode})")
        return found


def count_trace(path):
    c = {"cfg_read": 0, "cfg_write": 0, "cfg_port_ecam": 0, "fwcfg_select": 0, "fwcfg_read": 0,
         "fwcfg_dma": 0, "fwcfg_io": 0, "serial": 0, "device_total": 0, "regions": {},
         "cmd_enables": 0, "cmd_ms": 0.0}
    name_re = re.compile(r"name '([^']*)'")
    ev_re = re.compile(r"^(?:\d+@([\d.]+):)?(\w+) ")
    cmd_at = None
    with open(path, errors="replace") as f:
        for line in f:
            m = ev_re.match(line)
            if not m:
                continue
            ev = m.group(2)
            t = float(m.group(1)) if m.group(1) else None
            # QEMU traces a config write before applying it: the time to the next traced event
            # is what QEMU spent applying it (for a command-register write that turns decoding
            # on, rebuilding the memory map), plus the few guest instructions in between.
            if cmd_at is not None and t is not None:
                c["cmd_ms"] += (t - cmd_at) * 1000.0
                cmd_at = None
            if ev == "pci_cfg_write" and CMD_WRITE_RE.search(line):
                c["cmd_enables"] += 1
                cmd_at = t
            if ev == "pci_cfg_read":
                c["cfg_read"] += 1
            elif ev == "pci_cfg_write":
                c["cfg_write"] += 1
            elif ev == "fw_cfg_select":
                c["fwcfg_select"] += 1
            elif ev == "fw_cfg_read":
                c["fwcfg_read"] += 1
            elif ev.startswith("memory_region_ops_"):
                if " cpu -1 " in line:
                    continue  # QEMU-internal (e.g. MSI delivery), not a guest access
                nm = name_re.search(line)
                name = nm.group(1) if nm else ""
                if name == "io":  # the I/O space itself: a port with no device behind it
                    pm = re.search(r" addr (0x[0-9a-f]+) ", line)
                    name = f"port {pm.group(1) if pm else '?'} (no device)"
                c["device_total"] += 1
                c["regions"][name] = c["regions"].get(name, 0) + 1
                if name in PCI_CFG_REGIONS:
                    c["cfg_port_ecam"] += 1
                elif name == "fwcfg.dma":
                    if ev.endswith("write"):
                        c["fwcfg_dma"] += 1
                elif name in FWCFG_REGIONS:
                    c["fwcfg_io"] += 1
                elif name == "serial":
                    c["serial"] += 1
    return c


def vmfw_timeline(run, cmd, expect=35, what="timeline/vmfw"):
    """One vmfw run with every device write traced and timestamped by QEMU: rebuilds the serial
    console lines from the UART transmit-register writes and returns [(ms since the VM started
    running, line)], ending with the isa-debug-exit write. Tracing adds roughly a microsecond per
    device access, so this is a shape, not a measurement to compare with the tables."""
    path = os.path.join(run.tmp, "timeline.log")
    if os.path.exists(path):
        os.unlink(path)
    tcmd = list(cmd) + ["-msg", "timestamp=on", "-trace", "enable=runstate_set",
                        "-trace", "enable=memory_region_ops_write", "-D", path]
    if run.timed(tcmd, expect, what) is None:
        return []
    ts_re = re.compile(r"@(\d+\.\d+):(\w+) ")
    wr_re = re.compile(r" addr (0x[0-9a-f]+) value (0x[0-9a-f]+) size \d+ name '([^']*)'")
    start, dlab, cur, out = None, False, "", []
    with open(path, errors="replace") as f:
        for line in f:
            m = ts_re.search(line)
            if not m:
                continue
            t, ev = float(m.group(1)), m.group(2)
            if ev == "runstate_set" and "(running)" in line:
                start = t
                continue
            w = wr_re.search(line)
            if start is None or not w or " cpu -1 " in line:
                continue
            addr, val, name = int(w.group(1), 16), int(w.group(2), 16), w.group(3)
            if name == "serial":
                addr &= 7  # the trace shows the port number (0x3f8 + register)
                if addr == 3:
                    dlab = bool(val & 0x80)
                elif addr == 0 and not dlab:
                    ch = chr(val & 0xff)
                    if ch == "\n":
                        out.append(((t - start) * 1000.0, cur.rstrip("\r")))
                        cur = ""
                    else:
                        cur += ch
            elif name == "isa-debug-exit":
                out.append(((t - start) * 1000.0, f"[isa-debug-exit <- {val:#x}: QEMU exits]"))
    return out


# ---------------------------------------------------------------- statistics and report

def ms(x):
    return x * 1000.0


def summary(samples, floor_med=0.0):
    if not samples:
        return None
    s = [x - floor_med for x in samples]
    return {"median": statistics.median(s), "min": min(s), "max": max(s), "n": len(s)}


def fmt_stat(st):
    if st is None:
        return "n/a"
    return f"{ms(st['median']):.1f} [{ms(st['min']):.1f}–{ms(st['max']):.1f}]"


def ratio(a, b):
    if a is None or b is None or b["median"] <= 0:
        return "n/a"
    return f"{a['median'] / b['median']:.3f}"


def nonblank(path):
    """Bytes of the image outside runs of >= 64 identical 0x00 or 0xff bytes (padding, empty flash)."""
    with open(path, "rb") as f:
        data = f.read()
    blank = 0
    for m in re.finditer(rb"\x00{64,}|\xff{64,}", data):
        blank += m.end() - m.start()
    return len(data) - blank


def machine_info():
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    qv = subprocess.run([qemu.QEMU, "--version"], capture_output=True, text=True).stdout.splitlines()
    pkgs = subprocess.run(["dpkg-query", "-W", "-f", "${Package} ${Version}\n", "seabios", "ovmf",
                           "qemu-system-data", "qemu-system-x86"], capture_output=True, text=True).stdout
    commit = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"],
                            capture_output=True, text=True).stdout.strip()
    return {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": cpu, "cores": os.cpu_count(), "kernel": platform.release(),
        "qemu": qv[0] if qv else "?", "packages": pkgs.strip().splitlines(),
        "accel": " ".join(qemu.accel_args()), "vmfw_commit": commit,
    }


def time_table(L, rows, first, fws, key, floor_key):
    """rows: {label: timings}; key "fw" (process start to exit) or "phase" (running to exit)."""
    L.append(f"| {first} | floor (raw) | " + " | ".join(fws) + " | vmfw/SeaBIOS |")
    L.append("|---|---:|" + "---:|" * len(fws) + "---:|")
    for label, r in rows.items():
        cells = [fmt_stat(r[floor_key])] + [fmt_stat(r[key].get(f)) for f in fws]
        L.append(f"| {label} | " + " | ".join(cells) + f" | {ratio(r[key].get('vmfw'), r[key].get('SeaBIOS'))} |")
    L.append("")


def write_report(a, R, out):
    info = R["info"]
    fws = R["firmwares"]
    L = []
    L.append("# vmfw benchmark results\n")
    L.append(f"Taken {info['date']} on {info['cpu']} ({info['cores']} cores, Linux {info['kernel']}), "
             f"{info['qemu']}, `{info['accel']}`; vmfw at commit {info['vmfw_commit']} (working tree "
             f"as built). Guest: `-m {a.mem} -smp {a.smp}`. Packages: {'; '.join(info['packages'])}. "
             f"`make bench` took {info['bench_seconds']:.0f} s. What each number means: bench/README.md.\n")
    L.append("Times in ms, median [min–max] of N interleaved runs. **Firmware-only** = wall time from "
             "QEMU process start to exit with the stub payload, minus the median of the floor ROM "
             "(exits at the reset vector) on the same command line. **Guest phase** = the same, but "
             "counted from the moment QEMU enters the running state (trace event `runstate_set`), "
             "which leaves QEMU's start-up noise out. Floor columns are raw times.\n")

    L.append("## Image size\n")
    L.append("| firmware | image | bytes | non-blank bytes |")
    L.append("|---|---|---:|---:|")
    for name, sz in R["sizes"].items():
        L.append(f"| {name} | `{sz['path']}` | {sz['bytes']} | {sz['nonblank']} |")
    L.append("\nNon-blank: bytes outside runs of 64 or more 0x00/0xff (padding, empty flash).\n")

    L.append(f"## Firmware-only time (N = {a.n})\n")
    time_table(L, R["fwonly"], "config", fws, "fw", "floor")
    L.append(f"### Guest phase (same runs)\n")
    time_table(L, R["fwonly"], "config", fws, "phase", "floor_phase")
    L.append("Stub entry taken (QEMU exit status): " +
             ", ".join(f"{f}: {R['entry'].get(f, '?')}" for f in fws) + ".\n")

    L.append(f"## Sweep: firmware-only time vs device count ({a.sweep_machine}, N = {a.n})\n")
    L.append("n virtio-rng-pci functions on bus 0, 8 functions per slot from slot 3. "
             "Plot: [sweep.png](sweep.png) (left: firmware-only, right: guest phase).\n")
    time_table(L, R["sweep"], "devices", fws, "fw", "floor")
    L.append("### Guest phase (same runs)\n")
    time_table(L, R["sweep"], "devices", fws, "phase", "floor_phase")

    if R["linux"]:
        L.append(f"## Time to Linux init (N = {a.linux_n})\n")
        L.append(f"Process start to `VMFW-GUEST-BEGIN` on the serial console (the initramfs's /init "
                 f"prints it first); the same kernel (`{os.path.relpath(a.kernel, ROOT)}`), initramfs and "
                 f"command line `{LINUX_APPEND}` for every firmware. Raw, not floor-corrected.\n")
        L.append("| machine | " + " | ".join(fws) + " |")
        L.append("|---|" + "---:|" * len(fws))
        for m, r in R["linux"].items():
            L.append(f"| {m} | " + " | ".join(fmt_stat(r.get(f)) for f in fws) + " |")
        L.append("")

    L.append("## Device accesses (one traced run per firmware and config)\n")
    L.append("`cfg r`/`cfg w`: trace events `pci_cfg_read`/`pci_cfg_write` (QEMU emits them only for "
             "accesses that reach an existing function); `CF8/CFC+ECAM`: every guest access to the "
             "config-address/data ports or the ECAM window, absent functions included; `fw_cfg sel`/"
             "`fw_cfg read`: trace events `fw_cfg_select` (DMA descriptors with the select bit count too) "
             "and `fw_cfg_read` (data-port reads); `fw_cfg io`: accesses to the fw_cfg ports; `DMA`: "
             "fw_cfg DMA transfers started; `serial`: UART register accesses; `all`: every guest access "
             "to an emulated device, port I/O or MMIO (each one is a VM exit under KVM). Counted from "
             "the trace events `memory_region_ops_read`/`_write` except the first four columns. "
             "`enables`: command-register writes that turn on I/O, memory or bus-master decoding; "
             "`enable ms`: time from each such write to the next traced event, i.e. what QEMU spends "
             "remapping the device's BARs (traced run, so slightly inflated).\n")
    L.append("| config | firmware | cfg r | cfg w | CF8/CFC+ECAM | fw_cfg sel | fw_cfg read | fw_cfg io | DMA | serial | all | enables | enable ms |")
    L.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for cfg, per in R["trace"].items():
        for f in fws:
            c = per.get(f)
            if c is None:
                L.append(f"| {cfg} | {f} | n/a | | | | | | | | | | |")
                continue
            L.append(f"| {cfg} | {f} | {c['cfg_read']} | {c['cfg_write']} | {c['cfg_port_ecam']} | "
                     f"{c['fwcfg_select']} | {c['fwcfg_read']} | {c['fwcfg_io']} | {c['fwcfg_dma']} | "
                     f"{c['serial']} | {c['device_total']} | {c['cmd_enables']} | {c['cmd_ms']:.1f} |")
    L.append("")
    first = next(iter(R["trace"]), None)
    if first:
        L.append(f"### Busiest devices ({first}; QEMU memory-region names)\n")
        L.append("| firmware | top regions by guest accesses |")
        L.append("|---|---|")
        for f in fws:
            c = R["trace"][first].get(f)
            if not c:
                continue
            top = sorted(c["regions"].items(), key=lambda kv: -kv[1])[:6]
            L.append(f"| {f} | " + ", ".join(f"{k} {v}" for k, v in top) + " |")
        L.append("")

    if R["loglevel"]:
        L.append(f"## vmfw: console log level (pc, N = {a.n})\n")
        L.append("vmfw with `-fw_cfg name=opt/vmfw/loglevel,string=<level>` and the stub payload: "
                 "what the serial log costs.\n")
        L.append("| loglevel | firmware-only | guest phase | serial accesses | all device accesses |")
        L.append("|---|---:|---:|---:|---:|")
        for lv, r in R["loglevel"].items():
            c = r["trace"] or {}
            L.append(f"| {lv} | {fmt_stat(r['time'])} | {fmt_stat(r['phase'])} | "
                     f"{c.get('serial', 'n/a')} | {c.get('device_total', 'n/a')} |")
        L.append("")

    if R.get("timeline"):
        L.append(f"## vmfw timeline ({a.timeline_config}, one traced run)\n")
        L.append("Each serial console line of vmfw, stamped by QEMU's trace log when its newline reached "
                 "the UART (ms since the VM started running; `delta` = time since the previous line). "
                 "Every device write is traced in this run, which slows it slightly. For scale: the "
                 f"floor ROM's reset-vector write arrives {R['timeline_floor'] or 0:.2f} ms after "
                 "the VM starts running (vCPU start-up, not firmware work).\n")
        L.append("| ms | delta | line |")
        L.append("|---:|---:|---|")
        prev = 0.0
        tl = R["timeline"]
        shown = tl if len(tl) <= 80 else tl[:70] + [(None, f"... {len(tl) - 80} lines ...")] + tl[-10:]
        for t, text in shown:
            if t is None:
                L.append(f"| | | {text} |")
                continue
            L.append(f"| {t:.2f} | {t - prev:.2f} | `{text.replace('|', '/')}` |")
            prev = t
        L.append("")

    L.append("## Failures\n")
    if R["failures"]:
        L += [f"- {x}" for x in R["failures"]]
    else:
        L.append("None: every run ended with the expected exit status.")
    L.append("")
    with open(os.path.join(out, "results.md"), "w") as f:
        f.write("\n".join(L))


def write_plot(a, R, out):
    fws = R["firmwares"]
    dat = os.path.join(out, "sweep.dat")
    with open(dat, "w") as f:
        f.write("# devices, then per firmware: firmware-only median, guest-phase median (ms; "
                "clamped to >= 0.1 for the log scale; NaN = no data)\n")
        f.write("# columns: devices " + " ".join(f"{fw}_total {fw}_phase" for fw in fws) + "\n")
        for n, r in R["sweep"].items():
            vals = []
            for key in fws:
                for kind in ("fw", "phase"):
                    st = r[kind].get(key)
                    vals.append(f"{max(ms(st['median']), 0.1):.2f}" if st else "NaN")
            f.write(f"{n} " + " ".join(vals) + "\n")
    gp = shutil.which("gnuplot")
    if not gp:
        log("gnuplot not found: sweep.png not drawn (sweep.dat written)")
        return

    def plots(offset):
        return ", ".join(f"'{dat}' using 1:{2 + 2 * i + offset} with linespoints lw 2 pt 7 title '{fw}'"
                         for i, fw in enumerate(fws))
    script = (
        "set terminal pngcairo size 1200,520 font ',10'\n"
        f"set output '{os.path.join(out, 'sweep.png')}'\n"
        f"set multiplot layout 1,2 title 'Firmware time vs PCI device count ({a.sweep_machine}, "
        f"{R['info']['accel']}, median of {a.n}; {R['info']['date']})'\n"
        "set xlabel 'virtio-rng-pci functions'\nset ylabel 'ms (log scale)'\n"
        "set logscale y\nset grid\nset key left top\nset xrange [-4:*]\n"
        "set title 'firmware-only (process start to exit, minus floor)'\n"
        f"plot {plots(0)}\n"
        "set title 'guest phase (running to exit, minus floor)'\n"
        f"plot {plots(1)}\n"
        "unset multiplot\n")
    subprocess.run([gp], input=script, text=True, check=True)


# ---------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--vmfw", default=os.path.join(ROOT, "build", "vmfw.bin"))
    ap.add_argument("--seabios", default=os.environ.get("BENCH_SEABIOS", "/usr/share/seabios/bios.bin"))
    ap.add_argument("--qboot", default=os.environ.get("BENCH_QBOOT", "/usr/share/qemu/qboot.rom"))
    ap.add_argument("--ovmf", default=os.environ.get("BENCH_OVMF", "/usr/share/ovmf/OVMF.fd"))
    ap.add_argument("--firmwares", default="vmfw,SeaBIOS,qboot,OVMF")
    ap.add_argument("--stub", required=True)
    ap.add_argument("--floor", required=True)
    ap.add_argument("--kernel", default=os.path.join(ROOT, "build", "guest", "vmlinuz"))
    ap.add_argument("--initrd", default=os.path.join(ROOT, "build", "guest", "initramfs.cpio"))
    ap.add_argument("--n", type=int, default=10, help="runs per firmware (firmware-only and sweep)")
    ap.add_argument("--linux-n", type=int, default=3, help="runs per firmware to Linux init (0: skip)")
    ap.add_argument("--configs", default="pc,q35,pc-4x6,q35-4x6")
    ap.add_argument("--sweep", default="0,8,32,64,128")
    ap.add_argument("--sweep-machine", default="pc")
    ap.add_argument("--linux-machines", default="pc,q35")
    ap.add_argument("--mem", default="512M")
    ap.add_argument("--smp", default="2")
    ap.add_argument("--timeout", type=int, default=120)
    ap.add_argument("--linux-timeout", type=int, default=180)
    ap.add_argument("--timeline-config", default="pc-4x6", help="config of the traced vmfw timeline")
    ap.add_argument("--no-loglevel", action="store_true", help="skip the vmfw log-level breakdown")
    ap.add_argument("--out", default=os.path.join(ROOT, "bench", "results"))
    a = ap.parse_args()

    paths = {"vmfw": a.vmfw, "SeaBIOS": a.seabios, "qboot": a.qboot, "OVMF": a.ovmf}
    fws = []
    for f in a.firmwares.split(","):
        f = f.strip()
        if f not in paths:
            sys.exit(f"bench: unknown firmware {f!r} (known: {', '.join(paths)})")
        if not os.path.exists(paths[f]):
            log(f"{f}: {paths[f]} not found, left out")
            continue
        fws.append(f)
    if "vmfw" not in fws:
        sys.exit("bench: build/vmfw.bin missing (run make)")
    os.makedirs(a.out, exist_ok=True)
    t_start = time.monotonic()
    run = Runner(a)
    R = {"info": machine_info(), "firmwares": fws, "sizes": {}, "fwonly": {}, "sweep": {},
         "linux": {}, "linux_raw": {}, "trace": {}, "loglevel": {}, "entry": {}}
    R["info"]["args"] = vars(a)
    log(f"{R['info']['cpu']}, {R['info']['qemu']}, {R['info']['accel']}; firmwares: {', '.join(fws)}")

    for f in fws:
        R["sizes"][f] = {"path": paths[f], "bytes": os.path.getsize(paths[f]), "nonblank": nonblank(paths[f])}

    # Which stub entry each firmware takes (status), from one plain pc run.
    for f in fws:
        p = subprocess.run(run.fw_cmd(paths[f], "pc", []), stdin=subprocess.DEVNULL,
                           capture_output=True, timeout=a.timeout)
        R["entry"][f] = f"{p.returncode} = {STUB_ENTRY.get(p.returncode, 'unexpected')}"
    expect = {"vmfw": 35, "SeaBIOS": 33, "qboot": 33, "OVMF": 37}

    def timings(t, g, names):
        floor = statistics.median(t["floor"]) if t["floor"] else 0.0
        gfloor = statistics.median(g["floor"]) if g["floor"] else 0.0
        return {"floor": summary(t["floor"]), "fw": {f: summary(t[f], floor) for f in names},
                "floor_phase": summary(g["floor"]), "phase": {f: summary(g[f], gfloor) for f in names},
                "raw": t, "raw_phase": g}

    def measure(label, machine, devices):
        entries = [("floor", run.fw_cmd(a.floor, machine, devices), FLOOR_STATUS)]
        entries += [(f, run.fw_cmd(paths[f], machine, devices), expect[f]) for f in fws]
        res = timings(*run.interleaved(entries, a.n, label), fws)
        R["trace"][label] = {f: run.traced(run.fw_cmd(paths[f], machine, devices), expect[f], f"{label}/{f}")
                             for f in fws}
        return res

    for cfg in a.configs.split(","):
        machine, _, topo = cfg.partition("-")
        devices = dev_4x6(machine) if topo == "4x6" else []
        log(f"firmware-only: {cfg} ({a.n} rounds)")
        R["fwonly"][cfg] = measure(cfg, machine, devices)

    for n in [int(x) for x in a.sweep.split(",") if x.strip()]:
        label = f"{a.sweep_machine}-sweep-{n}"
        log(f"sweep: {n} devices ({a.n} rounds)")
        R["sweep"][n] = measure(label, a.sweep_machine, dev_sweep(n))

    if not a.no_loglevel:
        log("vmfw log levels")
        levels = ["emerg", "warn", "info", "debug"]
        entries = [("floor", run.fw_cmd(a.floor, "pc", []), FLOOR_STATUS)]
        entries += [(lv, run.fw_cmd(a.vmfw, "pc", [], qemu.fw_cfg_args({"loglevel": lv})), 35) for lv in levels]
        res = timings(*run.interleaved(entries, a.n, "loglevel"), levels)
        for i, lv in enumerate(levels):
            R["loglevel"][lv] = {"time": res["fw"][lv], "phase": res["phase"][lv],
                                 "trace": run.traced(entries[i + 1][1], 35, f"loglevel/{lv}")}

    log("vmfw timeline")
    tm = a.timeline_config.partition("-")[0]
    tdev = dev_4x6(tm) if a.timeline_config.endswith("-4x6") else []
    floor_tl = vmfw_timeline(run, run.fw_cmd(a.floor, tm, tdev), FLOOR_STATUS, "timeline/floor")
    R["timeline_floor"] = floor_tl[-1][0] if floor_tl else None
    R["timeline"] = vmfw_timeline(run, run.fw_cmd(a.vmfw, tm, tdev))

    if a.linux_n > 0:
        if not (os.path.exists(a.kernel) and os.path.exists(a.initrd)):
            log("no guest kernel/initramfs (make guest): Linux part skipped")
        else:
            for m in a.linux_machines.split(","):
                log(f"Linux to init: {m} ({a.linux_n} rounds)")
                samples = {f: [] for f in fws}
                for i in range(a.linux_n):
                    for f in fws:
                        dt = run.linux(paths[f], m, f"linux/{m}/{f} run {i + 1}")
                        if dt is not None:
                            samples[f].append(dt)
                R["linux"][m] = {f: summary(samples[f]) for f in fws}
                R["linux_raw"][m] = samples

    R["failures"] = run.failures
    R["info"]["bench_seconds"] = round(time.monotonic() - t_start, 1)
    with open(os.path.join(a.out, "results.json"), "w") as f:
        json.dump(R, f, indent=1, default=str)
    write_report(a, R, a.out)
    write_plot(a, R, a.out)
    shutil.rmtree(run.tmp, ignore_errors=True)
    log(f"done in {R['info']['bench_seconds']} s: {os.path.join(a.out, 'results.md')}, sweep.png")
    if run.failures:
        log(f"{len(run.failures)} runs failed (listed in results.md)")


if __name__ == "__main__":
    main()
