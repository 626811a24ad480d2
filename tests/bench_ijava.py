"""IJava's own cells with and without ThreadLab's bridge loaded (a benchmark, not a test).

    ./threadlab install && /usr/bin/python3 tests/bench_ijava.py [--runs 200] [--warmup 50]

Starts stock IJava 1.3.0 twice, from the kernelspec `./threadlab install --ijava` writes (the bridge
loaded at start) and from the same kernelspec without it, and times `int x = 1 + 1;` from the
client's execute() until the execute_reply and the cell's idle status have arrived, alternating
between the two kernels cell by cell so that load drifts the same for both. Prints median, p90
and min per kernel, and how long each kernel's first cell took (the bridged one loads ThreadLab
then). Numbers are just data: a loaded machine and the first JIT passes move them.

--same-imports first runs, in the stock kernel too, the imports the bridge's load() adds
(ThreadLab.NOTEBOOK_PACKAGES, read from ThreadLab.java): JShell compiles every import into each
later snippet, so this separates what those imports cost from what the bridge itself costs.
"""
import argparse
import os
import re
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # runnable from any directory
from bench_roundtrip import CODE, percentile  # the same cell as ThreadLab's own kernel's round trip
from ijava_kernels import IJavaKernels
from kernel_session import KernelSession


def notebook_imports():
    """The imports IJavaExtension.load() runs: ThreadLab.NOTEBOOK_PACKAGES, as ThreadLab.java spells them."""
    source = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                          "kernel-ext", "src", "main", "java", "org", "threadlab", "ThreadLab.java")
    with open(source, encoding="utf-8") as f:
        block = re.search(r"NOTEBOOK_PACKAGES = List\.of\((.*?)\);", f.read(), re.S).group(1)
    return "".join(f"import {p};\n" for p in re.findall(r'"([^"]+)"', block))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=50)
    parser.add_argument("--same-imports", action="store_true",
                        help="give the stock kernel the imports the bridge adds, before timing")
    args = parser.parse_args()

    with IJavaKernels() as kernels, KernelSession(kernel_name=kernels.plain) as plain, \
            KernelSession(kernel_name=kernels.bridged) as bridged:
        sessions = {"IJava alone": plain, "IJava + ThreadLab": bridged}
        first = {}
        for name, k in sessions.items():  # IJava runs its start-up script with the first cell: that one pays for the load
            t0 = time.perf_counter()
            reply, _ = k.run(CODE)
            first[name] = (time.perf_counter() - t0) * 1000
            if reply["content"]["status"] != "ok":
                sys.exit(f"first cell failed in {name}: {reply['content']}")
        if args.same_imports:
            reply, _ = plain.run(notebook_imports())
            if reply["content"]["status"] != "ok":
                sys.exit(f"the imports failed in the stock kernel: {reply['content']}")
        reply, msgs = bridged.run("%threadlab")  # the bridge is loaded (its start-up script ran)
        if reply["content"]["status"] != "ok":
            sys.exit(f"%threadlab failed in the bridged kernel: {reply['content']}")
        for k in sessions.values():
            for _ in range(args.warmup):
                reply, _ = k.run(CODE)
                if reply["content"]["status"] != "ok":
                    sys.exit(f"warm-up cell failed: {reply['content']}")
        times = {name: [] for name in sessions}
        for _ in range(args.runs):
            for name, k in sessions.items():
                t0 = time.perf_counter()
                k.collect(k.send(CODE))
                times[name].append((time.perf_counter() - t0) * 1000)

    print(f"{args.runs} round trips of {CODE!r} each, after {args.warmup} warm-up, alternating kernels"
          + ("; the stock kernel has the bridge's imports too" if args.same_imports else ""))
    for name, t in times.items():
        t.sort()
        print(f"{name:18} median {statistics.median(t):.2f} ms, p90 {percentile(t, 90):.2f} ms, min {t[0]:.2f} ms;"
              f" first cell after start {first[name]:.0f} ms")


if __name__ == "__main__":
    main()
