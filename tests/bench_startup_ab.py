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
import statistics
import subprocess
import time

from jupyter_client import KernelManager


def load():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def one_start(name):
    km = KernelManager(kernel_name=name)
    t0 = time.monotonic()
    km.start_kernel(stderr=subprocess.DEVNULL)
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=120)
        ready = (time.monotonic() - t0) * 1000

        def run(code):
            s = time.monotonic()
            msg_id = kc.execute(code)
            kc.get_shell_msg(timeout=120)
            while True:
                m = kc.get_iopub_msg(timeout=120)
                if (m["parent_header"].get("msg_id") == msg_id and m["msg_type"] == "status"
                        and m["content"]["execution_state"] == "idle"):
                    return (time.monotonic() - s) * 1000

        first = run("int x = 1 + 1;")
        early = statistics.median(run("int x = 1 + 1;") for _ in range(20))
        return {"kernel_info": ready, "1st cell": first, "cells 2-21": early, "to 1st result": ready + first}
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


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
