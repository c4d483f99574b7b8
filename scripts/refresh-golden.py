#!/usr/bin/env python3
"""Re-record the golden ACPI tables (tests/golden/<variant>/) from real boots.

A changed golden file is a guest-visible change of that variant: say so in the commit message.
Needs `make all guest` first.
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "integration"))
import golden  # noqa: E402
import vmharness  # noqa: E402


def main():
    variants = sys.argv[1:] or sorted(golden.REFERENCE)
    for v in variants:
        tables, rec = golden.boot_and_dump(v, vmharness.KERNEL, vmharness.INITRD)
        if rec["variant"] != v:
            sys.exit(f"refresh-golden: {golden.REFERENCE[v]} selected {rec['variant']}, not {v}")
        golden.write_golden(v, tables)
        print(f"refresh-golden: {v}: {', '.join(sorted(tables))}")


if __name__ == "__main__":
    main()
