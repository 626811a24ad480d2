"""Two installed kernelspecs started in turns by a Jupyter client: start-up figures side by side
(a benchmark, not a test). For comparing a change with the build before it on one machine, where
figures drift from one run to the next more than a change moves them.

    /usr/bin/python3 tests/bench_startup_ab.py [--rounds 8] BEFORE AFTER

Register BEFORE from another checkout first, e.g.
    git worktree add /tmp/before <commit> && (cd /tmp/before && THREADLAB_KERNEL_NAME=before ./threadlab install)

Each round starts BEFORE, then AFTER, and times: start -> kernel_info reply, the first
`int x = 1 + 1;` until its idle status, the median of cells 2-21, and start -> first result.
Prints each start as it ends, then per kernel the median [min-max] and the load average.
"""
import argparse
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # runnable from any directory
from bench_peers import JAVA_CELL, Session, cells, load  # noqa: E402


def one_start(name):
    s = Session(name)
    try:
        first = cells(s, JAVA_CELL, 1)[0]
        early = statistics.median(cells(s, JAVA_CELL, 20))
        ready = s.start_s * 1000
        return {"kernel_info": ready, "1st cell": first, "cells 2-21": early, "to 1st result": ready + first}
    finally:
        s.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("before")
    parser.add_argument("after")
    args = parser.parse_args()
    print(f"bench_startup_ab {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, load {load()} at start")
    results = {args.before: [], args.after: []}
    for r in range(args.rounds):
        for name in (args.before, args.after):
            figures = one_start(name)
            results[name].append(figures)
            print(f"round {r + 1} {name}: " + ", ".join(f"{k} {v:.0f} ms" for k, v in figures.items()), flush=True)
    print(f"median [min-max] of {args.rounds} starts each, load {load()} at the end")
    for name, rows in results.items():
        cols = ", ".join(f"{k} {statistics.median(r[k] for r in rows):.0f} [{min(r[k] for r in rows):.0f}-"
                         f"{max(r[k] for r in rows):.0f}] ms" for k in rows[0])
        print(f"{name}: {cols}")


if __name__ == "__main__":
    main()
