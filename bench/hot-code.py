#!/usr/bin/env python3
"""Writes link/find-hot.ld: the functions tk find runs, placed together.

usage: bench/hot-code.py [--check] [--tk PATH] [--tree DIR] [--files N]

Most of tk find's peak memory is tk's own code: the kernel maps a file's
pages 64 KiB at a time around each page a program touches, so a few
hundred small functions spread over 4 MiB of code pull in most of it.
This script runs `tk find` on bench/run's workloads under valgrind's
callgrind, takes the functions of tk's binary that ran, and writes them
as a linker script (link/find-hot.ld) that build.rs passes to the
linker: those functions first, then the rest of tk find's code, in one
output section (.text.find_hot) before .text, and their jump and switch
tables in one (.rodata.find_hot) before .rodata.

The script names sections by pattern, with each symbol's hash (legacy
mangling `17h...E`, v0 crate disambiguators `Cs..._` and back references
`B..._`) turned into `*`, so that it still matches after a rebuild with
other dependencies or another compiler; a function that is renamed or
moved falls back to its module's place (all of tk::find is in the
section) or to .text.

--check runs the same workloads against the binary already built and
says how many of the functions that ran, and how many 64 KiB pages of
code, lie outside the hot section; it exits 1 when any does (the list is
stale: run the script again, rebuild, and look at bench/run's memory).

Needs valgrind and nm (binutils). The
tree is bench/run's for --files N (default 100000), built by
bench/mktree.py when missing. Without --tk it builds tk in release mode.
"""
import argparse
import collections
import datetime
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCRIPT = os.path.join(ROOT, "link", "find-hot.ld")
WINDOW = 64 * 1024
RUNS = 4

# bench/run's warm workloads: the arguments after the tree.
WORKLOADS = [
    [],
    ["-name", "*.txt"],
    ["-type", "f", "-mtime", "-7"],
    ["-size", "+1M"],
    ["-printf", "%T+ %p\n"],
    ["-printf", "%p %s %u %M %TY-%Tm-%Td\n"],
]

# Kept in the hot section whatever ran: the C runtime's start-up code
# (which the loader enters first) and the rest of tk find, so that a
# function renamed since the list was made still lies near the others.
ALWAYS_FIRST = "*crt*.o(.text .text.*)"
FIND_MODULE = ["_ZN2tk4find*", "*tk..find..*"]


def say(msg):
    print(f"bench/hot-code: {msg}", file=sys.stderr)


def tree_for(files, tree):
    """bench/run's tree for FILES entries, made when it is missing."""
    tree = tree or f"/tmp/tk-bench-tree-{files}"
    stamp = tree + ".files"
    if os.path.isdir(tree):
        if not os.path.isfile(stamp) or open(stamp).read().strip() != str(files):
            sys.exit(f"bench/hot-code: {tree} was not made by bench/run for {files} files")
        return tree
    say(f"building {tree}")
    subprocess.run(
        [sys.executable, os.path.join(ROOT, "bench", "mktree.py"), tree, "--files", str(files)],
        check=True,
        stdout=sys.stderr,
    )
    with open(stamp, "w") as f:
        f.write(f"{files}\n")
    return tree


def functions(binary):
    """Name -> (address, size) of every function defined in BINARY."""
    out = subprocess.run(
        ["nm", "--defined-only", "-S", binary], check=True, capture_output=True, text=True
    ).stdout
    table = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 4 and parts[2] in "tTwW":
            table[parts[3]] = (int(parts[0], 16), int(parts[1], 16))
    return table


def ran(binary, tree, args, workdir, fair):
    """Names of the functions that ran in one tk find run under callgrind."""
    out = os.path.join(workdir, "callgrind.out")
    subprocess.run(
        ["valgrind", "--tool=callgrind", "--demangle=no", f"--fair-sched={fair}",
         f"--callgrind-out-file={out}", binary, "find", tree, *args],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    names = set()
    # "fn=(id) name" and "cfn=(id) name" define a function's name the first
    # time it appears; a recursive call gets "'2" appended.
    definition = re.compile(r"^c?fn=\(\d+\) (.*?)(?:'\d+)?$")
    with open(out, errors="replace") as f:
        for line in f:
            m = definition.match(line)
            if m:
                names.add(m.group(1))
    return names


def pattern(name):
    """NAME as a section-name pattern that survives a rebuild."""
    if name.startswith("_R"):
        name = re.sub(r"Cs[0-9A-Za-z]+_", "Cs*_", name)
        name = re.sub(r"B[0-9A-Za-z]{0,8}_", "B*_", name)
    name = re.sub(r"17h[0-9a-f]{16}E", "17h*E", name)
    # LLVM's suffix for a local symbol whose name was taken (".684").
    name = re.sub(r"\.\d+$", "", name)
    return name if name.endswith("*") else name + "*"


def profile(binary, tree):
    """The functions of BINARY that ran, most shared between workloads first."""
    table = functions(binary)
    runs = collections.Counter()
    order = []
    with tempfile.TemporaryDirectory() as workdir:
        for args in WORKLOADS:
            say(f"callgrind: tk find {' '.join(args) or '(bare listing)'}")
            # What the threads do depends on how they are scheduled (who
            # gives work to whom, whether the reading thread gets ahead):
            # the union of RUNS runs, under both of valgrind's schedulers.
            seen = set()
            for run in range(RUNS):
                seen |= ran(binary, tree, args, workdir, "yes" if run % 2 == 0 else "no")
            for name in sorted(seen):
                if name in table:
                    if name not in runs:
                        order.append(name)
                    runs[name] += 1
    order.sort(key=lambda name: -runs[name])
    return order, table


def linker_script(names, compiler):
    # First each function by its full name (today's build: exactly the
    # functions that ran), then by its pattern (after a rebuild that
    # changed the hashes; here it also takes the other instances of a
    # generic function), then the rest of tk find.
    patterns = list(dict.fromkeys(pattern(name) for name in names))
    text = [ALWAYS_FIRST]
    text += [f"*(.text.{n} .text.unlikely.{n})" for n in names]
    text += [f"*(.text.{p} .text.unlikely.{p})" for p in patterns]
    text += [f"*(.text.{p})" for p in FIND_MODULE]
    rodata = [f"*(.rodata.{n} .rodata..Lswitch.table.{n}*)" for n in names]
    rodata += [f"*(.rodata.{p} .rodata..Lswitch.table.{p})" for p in patterns]
    lines = [
        "/* Generated by bench/hot-code.py; do not edit: run it again.",
        f"   {datetime.date.today()}, {compiler}: the {len(names)} functions of tk's",
        "   binary that `tk find` ran on bench/run's workloads, then the rest of",
        "   tk find, in one output section before .text; their jump and switch",
        "   tables in one before .rodata. build.rs passes this script to the",
        "   linker, so that tk find maps less of tk's code (docs/dev/performance.md,",
        "   peak memory). */",
        "SECTIONS",
        "{",
        "  .text.find_hot :",
        "  {",
        *(f"    {t}" for t in text),
        "  }",
        "}",
        "INSERT BEFORE .text;",
        "SECTIONS",
        "{",
        "  .rodata.find_hot :",
        "  {",
        *(f"    {r}" for r in rodata),
        "  }",
        "}",
        "INSERT BEFORE .rodata;",
    ]
    return "\n".join(lines) + "\n"


def hot_section(binary):
    """(start, end) addresses of BINARY's .text.find_hot, or None."""
    out = subprocess.run(
        ["readelf", "-S", "-W", binary], check=True, capture_output=True, text=True
    ).stdout
    for line in out.splitlines():
        m = re.search(r"\.text\.find_hot\s+PROGBITS\s+([0-9a-f]+)\s+[0-9a-f]+\s+([0-9a-f]+)", line)
        if m:
            start = int(m.group(1), 16)
            return start, start + int(m.group(2), 16)
    return None


def check(binary, tree):
    names, table = profile(binary, tree)
    section = hot_section(binary)
    if section is None:
        print(f"{binary} has no .text.find_hot section: build.rs did not apply link/find-hot.ld")
        return 1
    start, end = section
    outside = [n for n in names if not start <= table[n][0] < end]
    windows = set()
    for name in names:
        address, size = table[name]
        windows.update(range(address // WINDOW, (address + max(size, 1) - 1) // WINDOW + 1))
    hot_windows = {w for w in windows if start // WINDOW <= w <= (end - 1) // WINDOW}
    print(
        f"{len(names)} functions ran ({sum(table[n][1] for n in names)} bytes), in "
        f"{len(windows)} 64 KiB windows of code; the hot section "
        f"({end - start} bytes) spans {(end - 1) // WINDOW - start // WINDOW + 1}."
    )
    print(f"{len(outside)} of them, in {len(windows - hot_windows)} more windows, lie outside it.")
    for name in outside:
        print(f"  outside: {name} ({table[name][1]} bytes)")
    return 1 if outside else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--tk")
    parser.add_argument("--tree")
    parser.add_argument("--files", type=int, default=100000)
    opts = parser.parse_args()
    binary = opts.tk
    if binary is None:
        say("building tk (release)")
        subprocess.run(["cargo", "build", "--release", "--locked", "--quiet"], cwd=ROOT, check=True)
        target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
        binary = os.path.join(target, "release", "tk")
    tree = tree_for(opts.files, opts.tree)
    if opts.check:
        return check(binary, tree)
    names, _ = profile(binary, tree)
    compiler = subprocess.run(["rustc", "-V"], cwd=ROOT, capture_output=True, text=True)
    with open(SCRIPT, "w") as f:
        f.write(linker_script(names, compiler.stdout.strip() or "rustc"))
    say(f"wrote {os.path.relpath(SCRIPT, ROOT)}: {len(names)} functions")
    return 0


if __name__ == "__main__":
    sys.exit(main())
