#!/usr/bin/env python3
"""Merges bench/run --cold's rounds into one hyperfine JSON file.

usage: merge-rounds.py OUT_JSON ROUND_JSON...

Cold, bench/run times a workload in rounds: each round is one hyperfine
call (--runs 1 --export-json) that runs every command once, the order
rotated by one each round. This writes OUT_JSON in hyperfine's own
--export-json shape, one result a command (in the first round's order),
as if hyperfine had run that command once a round: its times and exit
codes in round order; mean, median, min, max and the sample standard
deviation (null for a single time, as hyperfine writes it) of the times;
user and system the mean of the rounds'. So bench/table.py reads it as
it reads a warm run's.
"""
import json
import statistics
import sys


def merge(rounds):
    runs = {}
    for r in rounds:
        for result in r["results"]:
            runs.setdefault(result["command"], []).append(result)
    merged = []
    for command, results in runs.items():
        times = [t for result in results for t in result["times"]]
        merged.append({
            "command": command,
            "mean": statistics.mean(times),
            "stddev": statistics.stdev(times) if len(times) > 1 else None,
            "median": statistics.median(times),
            "user": statistics.mean(result["user"] for result in results),
            "system": statistics.mean(result["system"] for result in results),
            "min": min(times),
            "max": max(times),
            "times": times,
            "exit_codes": [c for result in results for c in result["exit_codes"]],
        })
    return {"results": merged}


def main():
    out, paths = sys.argv[1], sys.argv[2:]
    rounds = []
    for path in paths:
        with open(path) as f:
            rounds.append(json.load(f))
    with open(out, "w") as f:
        json.dump(merge(rounds), f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
