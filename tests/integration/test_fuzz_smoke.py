"""Issue 10: `make fuzz-smoke` in CI: every libFuzzer target runs a few seconds from its committed
corpus (tests/fuzz/corpus/<target>) under ASan + UBSan and must finish without a crash, having
executed inputs. Skipped, with the reason, when clang cannot link libFuzzer."""
import os
import re
import shutil
import subprocess
import tempfile

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
TARGETS = ["cap", "pci", "fwcfg", "e820", "smbios", "linux", "aml"]
SECONDS = os.environ.get("FUZZ_SMOKE_TIME", "3")


def libfuzzer_missing():
    cc = os.environ.get("FUZZ_CC", "clang")
    if not shutil.which(cc):
        return f"{cc} not installed"
    with tempfile.TemporaryDirectory() as d:
        src = os.path.join(d, "t.c")
        with open(src, "w") as f:
            f.write("int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { return 0; }\n")
        p = subprocess.run([cc, "-fsanitize=fuzzer,address,undefined", src, "-o", os.path.join(d, "t")],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if p.returncode:
            return f"{cc} cannot link -fsanitize=fuzzer: {p.stdout.strip()[:200]}"
    return None


@pytest.fixture(scope="module")
def smoke():
    why = libfuzzer_missing()
    if why:
        pytest.skip(why)
    p = subprocess.run(["make", "-C", ROOT, "fuzz-smoke", f"FUZZ_SMOKE_TIME={SECONDS}"],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=600)
    return p


def test_smoke_passes(smoke):
    assert smoke.returncode == 0, smoke.stdout[-4000:]
    for bad in ("deadly signal", "ERROR: AddressSanitizer", "runtime error:", "invariant violated"):
        assert bad not in smoke.stdout, smoke.stdout[-4000:]


def test_every_target_ran(smoke):
    # One "stat::number_of_executed_units" per target, in the order make ran them.
    runs = [int(n) for n in re.findall(r"stat::number_of_executed_units: (\d+)", smoke.stdout)]
    assert len(runs) == len(TARGETS), smoke.stdout[-4000:]
    for t in TARGETS:
        assert f"{t}-fuzz" in smoke.stdout
    # Each replayed at least its committed corpus and then mutated beyond it (make may have
    # run them in parallel, so compare against the largest corpus).
    largest = max(len(os.listdir(os.path.join(ROOT, "tests", "fuzz", "corpus", t))) for t in TARGETS)
    assert min(runs) > largest, (runs, largest)
