"""Drives real QEMU for the integration tests: command line, console capture, QMP, markers.

Waiting is always on a marker or on QEMU's exit, with a time limit; never a bare sleep.
"""
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import qemu  # noqa: E402

BUILD = os.environ.get("VMFW_BUILD", os.path.join(ROOT, "build"))
BIOS = os.path.join(BUILD, "vmfw.bin")
KERNEL = os.path.join(BUILD, "guest", "vmlinuz")
INITRD = os.path.join(BUILD, "guest", "initramfs.cpio")
POLL = 0.05  # seconds between looks at the console files while waiting for a marker


class Timeout(AssertionError):
    pass


class Qmp:
    """Minimal QMP client: greeting, qmp_capabilities, commands, events."""

    def __init__(self, path, timeout=30):
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                self.sock.connect(path)
                break
            except (FileNotFoundError, ConnectionRefusedError):
                self.sock.close()
                if time.monotonic() > deadline:
                    raise Timeout(f"QMP socket {path} did not appear")
                time.sleep(POLL)
        self.sock.settimeout(timeout)
        self.buf = b""
        self.events = []
        self._read()  # greeting
        self.cmd("qmp_capabilities")

    def _read(self):
        while b"\n" not in self.buf:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise EOFError("QMP connection closed")
            self.buf += chunk
        line, self.buf = self.buf.split(b"\n", 1)
        return json.loads(line)

    def cmd(self, name, **args):
        msg = {"execute": name}
        if args:
            msg["arguments"] = args
        self.sock.sendall(json.dumps(msg).encode() + b"\n")
        while True:
            r = self._read()
            if "event" in r:
                self.events.append(r)
                continue
            if "error" in r:
                raise RuntimeError(f"QMP {name}: {r['error']}")
            return r.get("return")

    def wait_event(self, name, timeout):
        deadline = time.monotonic() + timeout
        while True:
            for e in self.events:
                if e["event"] == name:
                    return e
            left = deadline - time.monotonic()
            if left <= 0:
                raise Timeout(f"no QMP event {name} within {timeout}s (saw {[e['event'] for e in self.events]})")
            self.sock.settimeout(left)
            try:
                r = self._read()
            except (socket.timeout, EOFError):
                continue
            if "event" in r:
                self.events.append(r)

    def close(self):
        self.sock.close()


class Vm:
    """One QEMU process with vmfw as -bios. Serial and debugcon go to files in a temp dir."""

    def __init__(self, machine="pc", mem="512M", smp=1, kernel=None, initrd=None, append=None,
                 options=None, extra=(), bios=BIOS, debug_exit=True, qmp=False, nodefaults=True):
        """qmp=True starts QEMU paused (-S), connects QMP, then resumes: no event is missed."""
        self.dir = tempfile.mkdtemp(prefix="vmfw-test-")
        self.serial_path = os.path.join(self.dir, "serial.log")
        self.debugcon_path = os.path.join(self.dir, "debugcon.log")
        self.qmp_path = os.path.join(self.dir, "qmp.sock")
        cmd = [qemu.QEMU] + qemu.accel_args() + [
            "-M", machine, "-m", str(mem), "-smp", str(smp), "-bios", bios,
            "-display", "none", "-no-reboot",
            "-chardev", f"file,id=ser,path={self.serial_path}", "-serial", "chardev:ser",
            "-chardev", f"file,id=dbg,path={self.debugcon_path}",
            "-device", "isa-debugcon,iobase=0x402,chardev=dbg",
        ]
        if nodefaults:
            cmd += ["-nodefaults"]
        if debug_exit:
            cmd += ["-device", "isa-debug-exit,iobase=0xf4,iosize=4"]
        if qmp:
            cmd += ["-qmp", f"unix:{self.qmp_path},server=on,wait=off", "-S"]
        if kernel:
            cmd += ["-kernel", kernel]
        if initrd:
            cmd += ["-initrd", initrd]
        if append is not None:
            cmd += ["-append", append]
        cmd += qemu.fw_cfg_args(options)
        cmd += list(extra)
        self.cmd = cmd
        self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT)
        self.qmp = None
        if qmp:
            self.qmp = Qmp(self.qmp_path)
            self.qmp.cmd("cont")

    # ---- console text ----
    @staticmethod
    def _text(path):
        try:
            with open(path, "rb") as f:
                return f.read().decode("utf-8", "replace")
        except FileNotFoundError:
            return ""

    def serial(self):
        return self._text(self.serial_path).replace("\r\n", "\n")

    def debugcon(self):
        return self._text(self.debugcon_path)

    def inventory(self):
        """The inventory records: debugcon lines that are JSON objects."""
        out = []
        for line in self.debugcon().splitlines():
            if line.startswith("{"):
                out.append(json.loads(line))
        return out

    def records(self, type_):
        return [r for r in self.inventory() if r["type"] == type_]

    # ---- waiting ----
    def wait_for(self, marker, timeout=120, where="serial"):
        """Waits until marker appears in the serial (or debugcon) text; fails on timeout or exit."""
        get = self.serial if where == "serial" else self.debugcon
        deadline = time.monotonic() + timeout
        while True:
            text = get()
            if marker in text:
                return text
            if self.proc.poll() is not None:
                text = get()
                if marker in text:
                    return text
                raise AssertionError(f"QEMU exited ({self.proc.returncode}) before {marker!r} on {where}:\n"
                                     f"{self.tail()}")
            if time.monotonic() > deadline:
                raise Timeout(f"{marker!r} not seen on {where} within {timeout}s:\n{self.tail()}")
            time.sleep(POLL)

    def wait_exit(self, timeout=120):
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            raise Timeout(f"QEMU still running after {timeout}s:\n{self.tail()}")
        return self.proc.returncode

    def tail(self, n=40):
        qemu_out = ""
        if self.proc.poll() is not None and self.proc.stdout:
            qemu_out = self.proc.stdout.read().decode("utf-8", "replace")
        return ("--- serial (tail) ---\n" + "\n".join(self.serial().splitlines()[-n:]) +
                ("\n--- qemu ---\n" + qemu_out if qemu_out else ""))

    def close(self):
        if self.qmp:
            try:
                self.qmp.close()
            except OSError:
                pass
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        if self.proc.stdout:
            self.proc.stdout.close()
        if os.environ.get("VMFW_KEEP_LOGS"):
            print(f"logs kept in {self.dir}")
        else:
            shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def guest_report(serial_text):
    """The lines between VMFW-GUEST-BEGIN and VMFW-GUEST-END that tests/guest/init prints."""
    begin = serial_text.index("VMFW-GUEST-BEGIN")
    end = serial_text.index("VMFW-GUEST-END", begin)
    return serial_text[begin:end].splitlines()[1:]


def guest_values(report, key):
    prefix = key + ": "
    return [line[len(prefix):] for line in report if line.startswith(prefix)]
