"""The JFR reader's share of a `%%threads` cell, in two live kernels of one install (a benchmark, not a test).

    ./threadlab install && /usr/bin/python3 tests/bench_jfr_reader.py [--rounds 30]

Starts the installed kernelspec ($THREADLAB_KERNEL_NAME, default threadlab) twice: one kernel reads
JFR dumps with ThreadLab's own reader, the other with -Dthreadlab.jfrReader=RecordingFile (the JDK's
reader, the fallback). Both write their phases (-Dthreadlab.phases). After 50 plain cells and 20
`%%threads` cells in each, rounds alternate the kernels (the order flips every round), each running
`int x = 1 + 1;` plain and then under `%%threads`. Prints, per kernel, the client's wall for both, the
difference per round, and the recorder's parse phase: medians [min-max], with the load average.
"""
import argparse
import os
import re
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # runnable from any directory

from bench_peers import JAVA_CELL as CELL, fmt, load  # noqa: E402
from kernel_session import KernelSession  # noqa: E402


def timed(kernel, code):
    t = time.perf_counter()
    reply, _ = kernel.run(code)
    if reply["content"]["status"] != "ok":
        raise RuntimeError(f"cell failed: {reply['content']}")
    return (time.perf_counter() - t) * 1000


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30, help="alternating rounds (default 30)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as d:
        kernels = {}
        try:
            for name, option in (("own reader", ""), ("RecordingFile", " -Dthreadlab.jfrReader=RecordingFile")):
                log = os.path.join(d, f"{len(kernels)}.log")
                env = dict(os.environ, JDK_JAVA_OPTIONS=f"-Dthreadlab.phases={log}{option}")
                kernels[name] = (KernelSession(env=env), log)
            print(f"bench_jfr_reader {time.strftime('%Y-%m-%d %H:%M', time.gmtime())} UTC, load {load()} at start")
            warm = {}
            for name, (k, log) in kernels.items():
                for _ in range(50):
                    timed(k, CELL)
                for _ in range(20):
                    timed(k, "%%threads\n" + CELL)
                warm[name] = len(open(log).read().splitlines())
            wall = {name: {"plain": [], "threads": []} for name in kernels}
            for r in range(args.rounds):
                for name in (list(kernels) if r % 2 == 0 else list(reversed(kernels))):
                    k = kernels[name][0]
                    wall[name]["plain"].append(timed(k, CELL))
                    wall[name]["threads"].append(timed(k, "%%threads\n" + CELL))
            print(f"load {load()} at end; {args.rounds} rounds, median [min-max]")
            for name, (k, log) in kernels.items():
                lines = open(log).read().splitlines()[warm[name]:]
                parse = [float(m.group(1)) for line in lines for m in [re.search(r" parse=([0-9.]+)", line)] if m]
                extra = [t - p for t, p in zip(wall[name]["threads"], wall[name]["plain"])]
                print(f"{name}: plain {fmt(wall[name]['plain'])}, %%threads {fmt(wall[name]['threads'])}, "
                      f"difference per round {fmt(extra)}; parse phase {fmt(parse)}")
        finally:
            for k, _ in kernels.values():
                k.close()


if __name__ == "__main__":
    main()
