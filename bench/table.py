#!/usr/bin/env python3
"""Turns bench/run's results folder into a markdown table.

usage: table.py RESULTS_DIR WORKLOAD...
       table.py --inflight INFLIGHT_TSV

For workload number i (from 1) the folder holds i.json (hyperfine
--export-json), i.status (ok, edge, differs or failed: tk's output
against GNU find's, see compare.py) and i.gnu.rss / i.tk.rss (peak RSS in KiB).

With --inflight it turns bench/run --cold's inflight.tsv (workload, who,
bench/inflight.py's JSON line) into a table of requests in flight.
"""
import json
import os
import sys

TOOLS = ["GNU find", "tk find", "bfs", "fd"]


def read(path):
    try:
        with open(path) as f:
            return f.read().strip()
    except FileNotFoundError:
        return None


def main():
    out, workloads = sys.argv[1], sys.argv[2:]
    print("| workload | " + " | ".join(TOOLS) + " | tk/GNU | tk RSS | GNU RSS | RSS tk/GNU | tk output |")
    print("|---" * (len(TOOLS) + 6) + "|")
    edges = 0
    reference = None
    for i, name in enumerate(workloads, 1):
        with open(os.path.join(out, f"{i}.json")) as f:
            medians = {r["command"]: r["median"] for r in json.load(f)["results"]}
        status = read(os.path.join(out, f"{i}.status"))
        cells = []
        for t in TOOLS:
            if t in medians:
                flag = " (wrong output)" if t == "tk find" and status == "differs" else ""
                cells.append(f"{medians[t]:.3f}{flag}")
            else:
                cells.append(f"**{status}**" if t == "tk find" else "–")
        gnu, tk = medians.get("GNU find"), medians.get("tk find")
        if "reference walk" in medians and gnu:
            reference = (name, medians["reference walk"], gnu)
        ratio = f"{tk / gnu:.2f}" if gnu and tk else "–"
        gnu_rss, tk_rss = read(os.path.join(out, f"{i}.gnu.rss")), read(os.path.join(out, f"{i}.tk.rss"))
        rss = [f"{int(v) / 1024:.1f} MiB" if v else "–" for v in (tk_rss, gnu_rss)]
        rss_ratio = f"{int(tk_rss) / int(gnu_rss):.2f}" if tk_rss and gnu_rss else "–"
        same = {
            "ok": "identical",
            # compare.py: equal once files that crossed the -mtime line
            # between the GNU and the tk run are left out.
            "edge": "identical¹",
        }.get(status, "**" + status.upper() + "**")
        label = name.replace("|", "\\|")
        print(f"| `{label}` | " + " | ".join(cells) + f" | {ratio} | {rss[0]} | {rss[1]} | {rss_ratio} | {same} |")
        edges += status == "edge"
    if reference:
        name, walk, gnu = reference
        print(
            f"\nThe reference walk (bench/reference-walk.rs, std::fs::read_dir) on the `{name}`: "
            f"{walk:.3f} s, {walk / gnu:.2f} times GNU find's median."
        )
    if edges:
        print("\n¹ identical but for files whose mtime crossed the 7-day line between the GNU and the tk run.")


def inflight(path):
    print("| workload | walk | wall s | reads in flight (avg) | aqu-sz | in progress, sampled: mean / max | busy | reads | MiB read |")
    print("|---" * 9 + "|")
    with open(path) as f:
        for line in f:
            workload, who, measured = line.rstrip("\n").split("\t")
            m = json.loads(measured)
            failed = "" if m["status"] == 0 else f" (exit {m['status']})"
            label = workload.replace("|", "\\|")
            print(f"| `{label}` | {who}{failed} | {m['wall_s']:.2f} | {m['reads_in_flight']:.2f} | {m['aqu_sz']:.2f} "
                  f"| {m['in_progress_mean']:.2f} / {m['in_progress_max']} | {m['busy_pct']}% | {m['reads']} | {m['read_mib']} |")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--inflight"]:
        inflight(sys.argv[2])
    else:
        main()
