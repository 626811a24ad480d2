"""Where a `%%threads` cell's time goes in real kernels, phase by phase; not part of `./threadlab test`.

    /usr/bin/python3 tests/bench_threads_phases.py [--rounds 5] KERNELSPEC [KERNELSPEC ...]

Each round starts each kernelspec in turn (for an A/B of two builds, install one of them under
another THREADLAB_KERNEL_NAME) with `JDK_JAVA_OPTIONS=-Dthreadlab.phases=FILE`, runs a plain cell,
then 20 pairs of `int x = 1 + 1;` plain and under `%%threads`, then three `%%threads` cells of
10,000 virtual threads sleeping 200 ms, and reads the phases PhaseLog wrote: the 1st `%%threads`
cell's, the median of cells 11-20 and the 3rd sleepers cell's. Prints, per kernelspec, the median
over rounds [min-max] of each, and what `%%threads` added to the cell (client wall time).
"""
import argparse
import collections
import os
import statistics
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_peers import JAVA_CELL, Session, load  # noqa: E402

SLEEPERS = """try (var ex = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
    for (int i = 0; i < 10_000; i++) ex.submit(() -> { Thread.sleep(200); return null; });
}"""
PHASES = ("draw", "png", "display-chart", "summary", "display-table", "total")


def one_kernel(kernel):
    """Runs the cells in a fresh kernel; returns (plain ms, %%threads ms, one dict of phases per %%threads cell)."""
    fd, path = tempfile.mkstemp(suffix=".phases")
    os.close(fd)
    old = os.environ.get("JDK_JAVA_OPTIONS")
    os.environ["JDK_JAVA_OPTIONS"] = "-Dthreadlab.phases=" + path
    try:
        s = Session(kernel)
    finally:
        if old is None:
            del os.environ["JDK_JAVA_OPTIONS"]
        else:
            os.environ["JDK_JAVA_OPTIONS"] = old
    try:
        s.run(JAVA_CELL)
        plain, threads = [], []
        for _ in range(20):
            plain.append(s.run(JAVA_CELL)[0] * 1000)
            threads.append(s.run("%%threads\n" + JAVA_CELL)[0] * 1000)
        for _ in range(3):
            s.run("%%threads\n" + SLEEPERS)
    finally:
        s.km.shutdown_kernel(now=True)
    with open(path) as f:
        lines = f.read().splitlines()
    os.unlink(path)
    return plain, threads, [dict(field.split("=") for field in line.split()[1:]) for line in lines]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("kernels", nargs="+")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    figures = {k: collections.defaultdict(list) for k in args.kernels}
    print(f"bench_threads_phases: load {load()} at start", flush=True)
    for _ in range(args.rounds):
        for kernel in args.kernels:
            plain, threads, rows = one_kernel(kernel)
            f = figures[kernel]
            f["%%threads adds, 1st cell"].append(threads[0] - plain[0])
            f["%%threads adds, cells 11-20 (pairwise)"].append(
                statistics.median(t - p for t, p in zip(threads[10:], plain[10:])))
            for phase in PHASES:
                f[f"{phase}, 1st cell"].append(float(rows[0][phase]))
                f[f"{phase}, cells 11-20"].append(statistics.median(float(r[phase]) for r in rows[10:20]))
                f[f"{phase}, 3rd sleepers cell"].append(float(rows[22][phase]))
    print(f"load {load()} at end")
    for kernel in args.kernels:
        print(f"\n== {kernel}: ms, median of {args.rounds} kernels [min-max]")
        for name, values in figures[kernel].items():
            v = sorted(values)
            print(f"{name:42s} {statistics.median(v):8.2f} [{v[0]:.2f}-{v[-1]:.2f}]")


if __name__ == "__main__":
    main()
