#!/usr/bin/env python3
"""How many disk requests a command keeps in flight, from /proc/diskstats.

usage: inflight.py DEVICE -- COMMAND [ARG...]

Runs COMMAND (its stdout thrown away) while sampling DEVICE's line of
/proc/diskstats (DEVICE as it is named there: vda, nvme0n1, sda) every
few milliseconds, and prints one line of JSON:

  wall_s             the command's wall time
  reads_in_flight    average read requests in flight over the run:
                     the growth of "time spent reading (ms)", which sums
                     the time of every read request, over the wall time
                     (Little's law; iostat's aqu-sz is the same for all
                     requests)
  aqu_sz             the same for reads and writes together, from
                     "weighted time spent doing I/Os (ms)": iostat -x
  in_progress_mean   field "I/Os currently in progress", sampled: mean
  in_progress_max    and highest sample
  busy_pct           share of samples with at least one request in flight
  reads, read_mib    read requests completed, and MiB read, during the run

The device counts every process's requests: other programs' I/O on the
same disk shows up here too. The caller drops the page cache first (the
figures mean little on a warm cache).
"""
import json
import os
import subprocess
import sys
import threading
import time

SAMPLE_S = 0.004


def fields(device):
    """The numeric fields of DEVICE's /proc/diskstats line, from "reads
    completed" on (index 0), as the kernel's iostats document numbers
    them from 1."""
    with open("/proc/diskstats") as f:
        for line in f:
            parts = line.split()
            if parts[2] == device:
                return [int(x) for x in parts[3:]]
    sys.exit(f"inflight.py: no device {device!r} in /proc/diskstats")


READS, SECTORS_READ, MS_READING = 0, 2, 3
IN_PROGRESS, WEIGHTED_MS = 8, 10


def main():
    if len(sys.argv) < 4 or sys.argv[2] != "--":
        sys.exit(__doc__.split("\n\n")[1])
    device, command = sys.argv[1], sys.argv[3:]
    samples = []
    done = threading.Event()

    def sample():
        while not done.is_set():
            samples.append(fields(device)[IN_PROGRESS])
            time.sleep(SAMPLE_S)

    sampler = threading.Thread(target=sample)
    before = fields(device)
    start = time.monotonic()
    sampler.start()
    with open(os.devnull, "wb") as null:
        status = subprocess.run(command, stdout=null).returncode
    wall = time.monotonic() - start
    after = fields(device)
    done.set()
    sampler.join()
    grew = [a - b for a, b in zip(after, before)]
    wall_ms = wall * 1000
    print(json.dumps({
        "status": status,
        "wall_s": round(wall, 3),
        "reads_in_flight": round(grew[MS_READING] / wall_ms, 2),
        "aqu_sz": round(grew[WEIGHTED_MS] / wall_ms, 2),
        "in_progress_mean": round(sum(samples) / max(len(samples), 1), 2),
        "in_progress_max": max(samples, default=0),
        "busy_pct": round(100 * sum(1 for s in samples if s) / max(len(samples), 1)),
        "samples": len(samples),
        "reads": grew[READS],
        "read_mib": round(grew[SECTORS_READ] * 512 / (1 << 20), 1),
    }))


if __name__ == "__main__":
    main()
