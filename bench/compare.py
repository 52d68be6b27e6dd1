#!/usr/bin/env python3
"""Compares tk find's output with GNU find's, byte for byte.

usage: compare.py GNU_OUT TK_OUT [--mtime-days N T0 T1]

Exit 0 when the outputs are identical, 1 when they differ (the first
difference is printed). With --mtime-days, for a `-mtime -N` workload run
between the times T0 and T1 (seconds since the epoch), a file whose
modification time crossed the N-day line while the two finds ran may be
in one output and not the other; the outputs are then compared without
those files, and exit 2 says they were identical but for them (listed).
"""
import os
import sys


def first_difference(a, b):
    la, lb = a.split(b"\n"), b.split(b"\n")
    for i, (x, y) in enumerate(zip(la, lb)):
        if x != y:
            return f"line {i + 1}: GNU {x!r} / tk {y!r}"
    return f"line {min(len(la), len(lb)) + 1}: one output ends there"


def crossed(line, lo, hi):
    try:
        m = os.lstat(line).st_mtime
    except OSError:
        return False
    return lo <= m <= hi


def main():
    args = sys.argv[1:]
    with open(args[0], "rb") as f:
        gnu = f.read()
    with open(args[1], "rb") as f:
        tk = f.read()
    if gnu == tk:
        return 0
    if len(args) == 6 and args[2] == "--mtime-days":
        days, t0, t1 = float(args[3]), float(args[4]), float(args[5])
        lo, hi = t0 - days * 86400 - 1, t1 - days * 86400 + 1
        la, lb = gnu.split(b"\n"), tk.split(b"\n")
        edge = {x for x in set(la) ^ set(lb) if crossed(x, lo, hi)}
        if edge and [x for x in la if x not in edge] == [x for x in lb if x not in edge]:
            for x in sorted(edge):
                print(f"crossed the {days:g}-day line during the run: {x!r}")
            return 2
    print(first_difference(gnu, tk))
    return 1


if __name__ == "__main__":
    sys.exit(main())
