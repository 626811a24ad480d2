"""Benchmark (not a test): grading overhead per submission and throughput on this machine.

    /usr/bin/python3 tests/bench_grading.py [COPIES]     (after ./threadlab install)

Grades COPIES (default 6) copies of examples/grading/submissions/correct.ipynb with the sample
hidden tests, first one at a time (--jobs 1), then as many at once as there are cores. Per
submission, "overhead" is its wall time minus the time its own cells ran (GradeMain's `timing`
file): JVM start, kernel start, and the hidden tests; also shown without the time the test
bodies themselves ran (their JUnit times: the instructor's workload, e.g. a 1.5 s race hunt).
Prints medians and submissions per minute.
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


def run(copies, jobs):
    subs = tempfile.mkdtemp(prefix="bench-subs-")
    out = tempfile.mkdtemp(prefix="bench-grades-")
    for i in range(copies):
        shutil.copy(os.path.join(EXAMPLES, "submissions", "correct.ipynb"), os.path.join(subs, f"student{i:02d}.ipynb"))
    t0 = time.monotonic()
    p = subprocess.run([os.path.join(ROOT, "threadlab"), "grade", "--tests", os.path.join(EXAMPLES, "hidden-tests.ipynb"),
                        "--out", out, "--time-limit", "120", "--jobs", str(jobs), subs],
                       capture_output=True, text=True, check=True)
    wall = time.monotonic() - t0
    rows = []
    for line in p.stdout.splitlines():
        m = re.match(r"(student\d+)\s+([\d.]+)/([\d.]+)\s+([\d.]+) s", line)
        if m:
            with open(os.path.join(out, m.group(1), "timing")) as f:
                t = dict(kv.split("=") for kv in f.read().split())
            with open(os.path.join(out, m.group(1), "junit.xml")) as f:
                bodies = sum(float(x) for x in re.findall(r'<testcase [^>]*time="([\d.]+)"', f.read()))
            rows.append((float(m.group(4)), int(t["cells_ms"]) / 1000, int(t["jvm_start_ms"]) / 1000,
                         int(t["kernel_ms"]) / 1000, int(t["tests_ms"]) / 1000, m.group(2) == m.group(3), bodies))
    shutil.rmtree(subs)
    shutil.rmtree(out)
    return wall, rows


def main():
    copies = int(sys.argv[1]) if len(sys.argv) > 1 else 6
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
