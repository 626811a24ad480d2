"""Execute round-trip time of the installed ThreadLab kernel (a benchmark, not a test).

    ./threadlab install && /usr/bin/python3 tests/bench_roundtrip.py [--runs 200] [--warmup 50]

Times `int x = 1 + 1;` from the client's execute() until both the execute_reply and the cell's
idle status have arrived, after a warm-up; prints median, p90 and spread in ms.
Numbers are just data: a loaded machine, CPU frequency scaling and the first JIT passes all move them.
"""
import argparse
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # runnable from any directory
from kernel_session import KERNEL_NAME, KernelSession

CODE = "int x = 1 + 1;"


def percentile(sorted_values, p):
    i = min(len(sorted_values) - 1, max(0, round(p / 100 * (len(sorted_values) - 1))))
    return sorted_values[i]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=50)
    args = parser.parse_args()

    with KernelSession() as k:
        for _ in range(args.warmup):
            reply, _ = k.run(CODE)
            if reply["content"]["status"] != "ok":
                sys.exit(f"warm-up cell failed: {reply['content']}")
        times = []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            k.collect(k.send(CODE))
            times.append((time.perf_counter() - t0) * 1000)

    times.sort()
    print(f"kernel {KERNEL_NAME!r}: {args.runs} round trips of {CODE!r} after {args.warmup} warm-up")
    print(f"median {statistics.median(times):.2f} ms, p90 {percentile(times, 90):.2f} ms, "
          f"min {times[0]:.2f} ms, max {times[-1]:.2f} ms")


if __name__ == "__main__":
    main()
