"""How a kernel's cells speed up as its JIT warms: the median of each 100 `int x = 1 + 1;` cells,
from the first on, in one kernel (a benchmark, not a test).

    ./threadlab install && /usr/bin/python3 tests/bench_warm_curve.py [--cells 1000] [KERNELSPEC]

bench_peers' "warm median" is cells 201-300 of this curve.
"""
import argparse
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # runnable from any directory
from bench_peers import JAVA_CELL, Session, cells, load  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cells", type=int, default=1000)
    parser.add_argument("kernel", nargs="?", default=os.environ.get("THREADLAB_KERNEL_NAME", "threadlab"))
    args = parser.parse_args()
    print(f"bench_warm_curve {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {args.kernel}, load {load()} at start")
    s = Session(args.kernel)
    try:
        times = cells(s, JAVA_CELL, args.cells)
    finally:
        s.close()
    for i in range(0, len(times), 100):
        print(f"cells {i + 1}-{min(i + 100, len(times))}: median {statistics.median(times[i:i + 100]):.1f} ms")
    print(f"load {load()} at the end")


if __name__ == "__main__":
    main()
