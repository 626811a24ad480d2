"""Benchmark (not a test): grading overhead per submission and throughput on this machine.

    /usr/bin/python3 tests/bench_grading.py [--no-sandbox] [COPIES]     (after ./threadlab install)
    /usr/bin/python3 tests/bench_grading.py --hanging [LIMIT_S]

Grades COPIES (default 6) copies of examples/grading/submissions/correct.ipynb with the sample
hidden tests, first one at a time (--jobs 1), then as many at once as there are cores. Per
submission, "overhead" is its wall time minus the time its own cells ran (GradeMain's `timing`
file): JVM start, kernel start, and the hidden tests; also shown without the time the test
bodies themselves ran (their JUnit times: the instructor's workload, e.g. a 1.5 s race hunt).
Prints medians and submissions per minute. --no-sandbox grades without bubblewrap, to measure
what the sandbox costs (run both, alternating, on the same machine).

--hanging grades examples/grading/submissions/hanging.ipynb alone with --time-limit LIMIT_S
(default 10) and prints how long past its limit it cost: killing its process tree and writing
the results (README promises at most 2 s; a wall-clock figure, so a benchmark, not a test).
"""
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXAMPLES = os.path.join(ROOT, "examples", "grading")
EXTRA = []   # --no-sandbox, when asked


def graded_lines(stdout):
    """(student, points, max_points, seconds) per line of `threadlab grade` output."""
    for line in stdout.splitlines():
        m = re.match(r"(\S+)\s+([\d.]+)/([\d.]+)\s+([\d.]+) (ms|s)\b", line)
        if m:
            yield m.group(1), m.group(2), m.group(3), float(m.group(4)) / (1000 if m.group(5) == "ms" else 1)


def hanging(limit):
    subs = tempfile.mkdtemp(prefix="bench-subs-")
    out = tempfile.mkdtemp(prefix="bench-grades-")
    shutil.copy(os.path.join(EXAMPLES, "submissions", "hanging.ipynb"), subs)
    p = subprocess.run([os.path.join(ROOT, "threadlab"), "grade", "--tests", os.path.join(EXAMPLES, "hidden-tests.ipynb"),
                        "--out", out, "--time-limit", str(limit), subs], capture_output=True, text=True, check=True)
    seconds = next(s for student, _, _, s in graded_lines(p.stdout) if student == "hanging")
    print(f"hanging.ipynb with --time-limit {limit}: graded in {seconds:.2f} s, {seconds - limit:.2f} s past its limit "
          f"(load average {os.getloadavg()[0]:.1f})")
    shutil.rmtree(subs)
    shutil.rmtree(out)


def run(copies, jobs):
    subs = tempfile.mkdtemp(prefix="bench-subs-")
    out = tempfile.mkdtemp(prefix="bench-grades-")
    for i in range(copies):
        shutil.copy(os.path.join(EXAMPLES, "submissions", "correct.ipynb"), os.path.join(subs, f"student{i:02d}.ipynb"))
    t0 = time.monotonic()
    p = subprocess.run([os.path.join(ROOT, "threadlab"), "grade", "--tests", os.path.join(EXAMPLES, "hidden-tests.ipynb"),
                        "--out", out, "--time-limit", "120", "--jobs", str(jobs)] + EXTRA + [subs],
                       capture_output=True, text=True, check=True)
    wall = time.monotonic() - t0
    rows = []
    for student, points, max_points, seconds in graded_lines(p.stdout):
        with open(os.path.join(out, student, "timing")) as f:
            t = dict(kv.split("=") for kv in f.read().split())
        with open(os.path.join(out, student, "junit.xml")) as f:
            bodies = sum(float(x) for x in re.findall(r'<testcase [^>]*time="([\d.]+)"', f.read()))
        rows.append((seconds, int(t["cells_ms"]) / 1000, int(t["jvm_start_ms"]) / 1000,
                     int(t["kernel_ms"]) / 1000, int(t["tests_ms"]) / 1000, points == max_points, bodies))
    shutil.rmtree(subs)
    shutil.rmtree(out)
    return wall, rows


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--hanging":
        hanging(int(sys.argv[2]) if len(sys.argv) > 2 else 10)
        return
    args = sys.argv[1:]
    if args and args[0] == "--no-sandbox":
        EXTRA.append(args.pop(0))
    copies = int(args[0]) if args else 6
    cores = os.cpu_count()
    print(f"{copies} copies of correct.ipynb, {cores} cores, load average {os.getloadavg()[0]:.1f}")
    for jobs in (1, cores):
        wall, rows = run(copies, jobs)
        overhead = [r[0] - r[1] for r in rows]
        print(f"--jobs {jobs}: {wall:.1f} s wall, {copies / wall * 60:.1f} submissions/min; per submission (median): "
              f"total {statistics.median(r[0] for r in rows):.2f} s, own cells {statistics.median(r[1] for r in rows):.2f} s, "
              f"overhead {statistics.median(overhead):.2f} s (JVM start {statistics.median(r[2] for r in rows):.2f} s, "
              f"kernel start {statistics.median(r[3] for r in rows):.2f} s, hidden tests {statistics.median(r[4] for r in rows):.2f} s "
              f"of which the test bodies ran {statistics.median(r[6] for r in rows):.2f} s); "
              f"overhead without the test bodies {statistics.median(r[0] - r[1] - r[6] for r in rows):.2f} s; "
              f"all full marks: {all(r[5] for r in rows)}")
    print(f"load average now {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
