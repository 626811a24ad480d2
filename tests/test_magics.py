"""The ThreadLab magics through a real Jupyter client: help, %%threads, %%bench, %pattern, %urlserver, errors.

    /usr/bin/python3 -m unittest -v tests/test_magics.py
"""
import base64
import json
import os
import re
import sys
import tempfile
import time
import unittest
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import png
from kernel_session import KernelSession, KernelTestCase, strip_ansi

BLUE = (0x00, 0x72, 0xB2)  # ChartStyle.SERIES[0], the timing series
# ThreadState colours (Okabe-Ito), the same in every chart
RUNNING = (0x00, 0x9E, 0x73)
SLEEPING = (0x56, 0xB4, 0xE9)
BLOCKED = (0xD5, 0x5E, 0x00)


def chart(msgs):
    """The content (data, metadata) of the display_data that carries a chart."""
    return next(m["content"] for m in msgs
                if m["msg_type"] == "display_data" and "image/png" in m["content"]["data"])


def bundle(msgs):
    """The data of the display that carries the summary or table under a chart: text/html and text/plain."""
    return next(m["content"]["data"] for m in msgs
                if m["msg_type"] in ("display_data", "execute_result") and "text/html" in m["content"]["data"])


def assert_chart_at_twice_its_display_width(test, content, width):
    """A chart's PNG is drawn at 2x; the display width in its metadata is what the front end shows."""
    image = png.decode(base64.b64decode(content["data"]["image/png"]))
    meta = content["metadata"]["image/png"]
    test.assertEqual(meta["width"], width)
    test.assertEqual((image.width, image.height), (2 * meta["width"], 2 * meta["height"]))
    test.assertNotIn("\n", content["data"]["text/plain"].strip(), "a chart's text is one line saying what it shows")
    test.assertNotIn("text/html", content["data"], "a front end would show the HTML instead of the chart")
    return image


def cells(html, tag="td"):
    """The text of every <td> (or <th>) of an HTML fragment, tags inside cells removed."""
    return [re.sub(r"<[^>]+>", "", c).replace("&nbsp;", " ").strip()
            for c in re.findall(rf"<{tag}\b[^>]*>(.*?)</{tag}>", html, re.S)]


class MagicsTest(KernelTestCase):
    def test_help_magic_lists_every_magic_and_versions(self):
        reply, msgs = self.k.run("%threadlab")
        self.assertEqual(reply["content"]["status"], "ok")
        text = self.k.result(msgs)
        for magic in ("%threadlab", "%%threads", "%%bench", "%pattern", "%urlserver"):
            self.assertIn(magic, text)
        self.assertIn("JDK", text)
        self.assertIn("ThreadLab", text)
        html = bundle(msgs)["text/html"]
        self.assertIn("%%threads", cells(html))
        self.assertNotIn("⏎", html, "examples keep their line breaks")
        self.assertIn("<pre", html)
        self.assertRegex(html, r'<td align="left" style="text-align:left"><code>%%bench</code>')

    def test_bench_sweeps_with_progress_chart_and_csv(self):
        with tempfile.TemporaryDirectory() as d:
            csv = os.path.join(d, "runs.csv")
            reply, msgs = self.k.run(
                f"%%bench threads=1,2 --repeat 3 --warmup 1 --csv {csv}\n"
                "long total = SplitSum.sum(0, 20_000_000L, threads);", timeout=120)
            self.assertEqual(reply["content"]["status"], "ok", reply["content"])
            kinds = [m["msg_type"] for m in msgs]
            # a progress line is shown, then updated in place under the same display id
            self.assertIn("display_data", kinds)
            self.assertIn("update_display_data", kinds)
            first = next(m for m in msgs if m["msg_type"] == "display_data")
            display_id = first["content"]["transient"]["display_id"]
            updates = [m for m in msgs if m["msg_type"] == "update_display_data"]
            self.assertTrue(all(u["content"]["transient"]["display_id"] == display_id for u in updates))
            self.assertIn("done", updates[-1]["content"]["data"]["text/plain"])

            image = assert_chart_at_twice_its_display_width(self, chart(msgs), 900)
            self.assertEqual(image.height, 800)
            self.assertIn(BLUE, image.colours())
            # the table is the cell's result, as HTML (what a browser shows) and as text
            result = next(m for m in msgs if m["msg_type"] == "execute_result")["content"]["data"]
            self.assertNotIn("image/png", result)
            self.assertIn("speedup", result["text/plain"])
            self.assertEqual(cells(result["text/html"], "th")[:3], ["threads", "median", "q1 - q3 (IQR)"])
            rows = re.findall(r"<tr>(.*?)</tr>", result["text/html"].split("<tbody>")[1], re.S)
            self.assertEqual([cells(r)[0] for r in rows], ["1", "2"])
            self.assertIn("Amdahl fit", result["text/html"])

            with open(csv) as f:
                lines = f.read().splitlines()
            self.assertEqual(lines[0], "param,value,run,ms")
            self.assertEqual(len(lines), 1 + 2 * 3)  # every counted run, no warm-ups
            self.assertEqual({l.split(",")[1] for l in lines[1:]}, {"1", "2"})

        reply, msgs = self.k.run("ThreadLab.lastBench().points().size()")
        self.assertEqual(self.k.result(msgs), "2")

    def test_bench_reports_a_failing_value_and_runs_the_others(self):
        reply, msgs = self.k.run("%%bench n=1,0,2 --repeat 2 --warmup 0\nint q = 10 / n;")
        self.assertEqual(reply["content"]["status"], "ok")
        table = self.k.result(msgs)
        self.assertIn("FAILED: ArithmeticException: / by zero", table)
        # the points on either side of the failure were measured
        self.assertRegex(table, r"(?m)^1 +[0-9.]+ (µs|ms)")
        self.assertRegex(table, r"(?m)^2 +[0-9.]+ (µs|ms)")

    def test_threads_draws_lanes_by_state_and_exports(self):
        with tempfile.TemporaryDirectory() as d:
            csv, trace = os.path.join(d, "intervals.csv"), os.path.join(d, "trace.json")
            reply, msgs = self.k.run(
                f"%%threads --csv {csv} --trace {trace} --svg\n"
                "Object lock = new Object();\n"
                "Thread sleeper = new Thread(() -> { try { Thread.sleep(300); } catch (InterruptedException e) { } }, \"sleeper\");\n"
                "Thread spinner = new Thread(() -> { long s = 0; long end = System.nanoTime() + 300_000_000L;"
                " while (System.nanoTime() < end) s++; System.out.println(\"spun \" + (s > 0)); }, \"spinner\");\n"
                "sleeper.start(); spinner.start(); sleeper.join(); spinner.join();", timeout=120)
            self.assertEqual(reply["content"]["status"], "ok", reply["content"])
            self.assertIn("spun true", self.k.stdout(msgs))
            data = bundle(msgs)
            summary = data["text/plain"]
            for word in ("sleeper", "spinner", "wall", "CPU", "effective parallelism"):
                self.assertIn(word, summary)
            shown = cells(data["text/html"])
            self.assertIn("sleeper", shown)
            self.assertIn("spinner", shown)
            self.assertIn("<b>%%threads: Object lock = new Object();</b>: 3 threads", data["text/html"])
            picture = chart(msgs)
            self.assertIn("<svg", picture["data"]["image/svg+xml"])
            image = assert_chart_at_twice_its_display_width(self, picture, 900)
            colours = image.colours()
            self.assertIn(SLEEPING, colours)
            self.assertIn(RUNNING, colours)
            with open(csv) as f:
                rows = f.read().splitlines()
            self.assertEqual(rows[0], "thread,state,start_ms,end_ms")
            sleeping = [r for r in rows[1:] if r.startswith("sleeper,sleeping,")]
            slept = sum(float(r.split(",")[3]) - float(r.split(",")[2]) for r in sleeping)
            self.assertGreaterEqual(slept, 290)
            with open(trace) as f:
                events = json.load(f)
            events = events["traceEvents"] if isinstance(events, dict) else events
            self.assertTrue(any(e.get("ph") == "X" for e in events))
        reply, msgs = self.k.run('ThreadLab.lastRecording().thread("spinner").isPresent()')
        self.assertEqual(self.k.result(msgs), "true")

    def test_threads_draws_a_virtual_thread_waiting_on_a_latch_as_waiting(self):
        reply, lane = self.k.virtual_latch_wait()
        self.assertEqual(reply["content"]["status"], "ok", reply["content"])
        waited = sum(float(end) - float(start) for state, start, end in lane if state == "waiting")
        # about 285 ms on a quiet machine; the bound leaves room for a late sampler on a loaded one
        self.assertGreaterEqual(waited, 150, lane)
        self.assertFalse([r for r in lane if r[0] not in ("waiting", "unknown")], lane)

    def test_threads_summary_escapes_names_names_virtual_threads_by_cell_and_says_when_lanes_aggregate(self):
        reply, msgs = self.k.run(
            "%%threads --lanes 2\n"
            "Thread a = new Thread(() -> { }, \"<img src=x onerror=alert(1)>\"); a.start(); a.join();\n"
            "Thread b = new Thread(() -> { }, \"b & c\"); b.start(); b.join();\n"
            "Thread v = Thread.ofVirtual().start(() -> { }); v.join();", timeout=120)
        self.assertEqual(reply["content"]["status"], "ok", reply["content"])
        html = bundle(msgs)["text/html"]
        self.assertNotIn("<img", html)
        self.assertIn("&lt;img src=x onerror=alert(1)&gt;", html)
        self.assertIn("b &amp; c", html)
        cell_thread = re.search(r"<code>(cell-\d+)</code>", html).group(1)  # the thread the kernel ran the cell on
        self.assertIn(f"virtual thread of {cell_thread}", html)
        self.assertNotIn("spawned by ?", bundle(msgs)["text/plain"])
        # 4 lanes (the cell's thread, two platform threads, one virtual) above --lanes 2: said under the chart
        self.assertIn("4 threads, more than the 2 lanes drawn at most", html)
        self.assertIn("<code>--lanes 4</code>", html)
        self.assertIn("more than the 2 lanes", chart(msgs)["data"]["text/plain"])

    def test_threads_shows_what_was_recorded_when_the_cell_fails_or_times_out(self):
        reply, msgs = self.k.run("%%threads\nthrow new IllegalStateException(\"boom\");")
        self.assertEqual(reply["content"]["status"], "error")
        self.assertEqual(self.k.error(msgs)["ename"], "IllegalStateException")
        self.assertIn("failed", bundle(msgs)["text/plain"])
        reply, msgs = self.k.run("%%threads --timeout 1\nThread.sleep(30_000);", timeout=60)
        self.assertEqual(reply["content"]["status"], "error")
        self.assertIn("--timeout", self.k.error(msgs)["evalue"])
        self.assertIn("timed out", bundle(msgs)["text/plain"])
        reply, msgs = self.k.run("1 + 1")
        self.assertEqual(self.k.result(msgs), "2")

    def test_pattern_lists_runs_and_shows_source(self):
        reply, msgs = self.k.run("%pattern")
        listing = self.k.result(msgs)
        for name in ("first-response", "split-sum", "processes", "sleepers", "worker-queue"):
            self.assertIn(name, listing)
        reply, msgs = self.k.run("%pattern split-sum --variant two-threads --n 50_000_000", timeout=120)
        self.assertEqual(reply["content"]["status"], "ok", reply["content"])
        summary = bundle(msgs)["text/plain"]
        self.assertIn("summer-0", summary)
        self.assertIn("summer-1", summary)
        reply, msgs = self.k.run("%pattern first-response --variant invoke-any", timeout=120)
        self.assertEqual(reply["content"]["status"], "ok", reply["content"])
        self.assertIn("winner=", self.k.result(msgs))
        self.assertIn("/mirror-b", self.k.result(msgs))  # the mirror with the smallest set latency
        reply, msgs = self.k.run("%pattern worker-queue --source --variant poison-pills")
        self.assertIn("take()", self.k.result(msgs))

    def test_urlserver_serves_routes_with_set_latency_over_a_real_socket(self):
        reply, msgs = self.k.run("%urlserver --route /slow-one --latency 200 --body hi")
        self.assertEqual(reply["content"]["status"], "ok", reply["content"])
        listing = self.k.result(msgs)
        self.assertIn("/slow-one", listing)
        port = int(re.search(r"127\.0\.0\.1:(\d+)", listing).group(1))
        started = time.monotonic()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/slow-one", timeout=10) as r:
            body = r.read().decode()
        self.assertEqual(body, "hi")
        self.assertGreaterEqual(time.monotonic() - started, 0.19)

    def test_interrupting_bench_shows_the_runs_so_far_and_the_kernel_goes_on(self):
        msg_id = self.k.send("%%bench n=1,2 --repeat 2 --warmup 0\n"
                             "if (n == 2) { long s = 0; while (s >= 0) { s++; } }")
        # interrupt once the progress line says n=2 is running, so the body (not its compilation) is stopped
        seen = []
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            m = self.k.kc.get_iopub_msg(timeout=60)
            seen.append(m)
            if "n=2" in m["content"].get("data", {}).get("text/plain", "") or (
                    m["msg_type"] == "update_display_data" and "[2/2]" in m["content"]["data"]["text/plain"]):
                break
            if m["msg_type"] == "display_data" and "[1/2]" in m["content"]["data"].get("text/plain", ""):
                time.sleep(1)  # n=1 is done within milliseconds; n=2 spins from now on
                break
        self.k.interrupt()
        reply, msgs = self.k.collect(msg_id, timeout=60)
        msgs = seen + msgs
        self.assertEqual(reply["content"]["status"], "error")
        self.assertEqual(reply["content"]["ename"], "CancellationException")
        self.assertTrue(chart(msgs))
        table = bundle(msgs)["text/plain"]
        self.assertRegex(table, r"(?m)^1 +[0-9.]+ (ns|µs|ms)")  # n=1 was measured
        self.assertIn("FAILED: cancelled before its first counted run", table)  # n=2 never finished a run
        self.assertLess(self.k.wait_cpu(busy=False, threshold=0.2), 0.2)
        reply, msgs = self.k.run('Thread.currentThread().interrupt();\ndisplay("shown while interrupted");\n"after"')
        self.assertEqual(reply["content"]["status"], "ok", reply["content"])
        self.assertIn("shown while interrupted", [m["content"]["data"].get("text/plain") for m in msgs
                                                  if m["msg_type"] == "display_data"])
        self.assertEqual(self.k.result(msgs), "after")

    def test_interrupting_bench_keeps_the_runs_of_the_step_in_progress(self):
        with tempfile.TemporaryDirectory() as d:
            csv = os.path.join(d, "runs.csv")
            msg_id = self.k.send(f"%%bench n=1,2 --repeat 1000 --warmup 0 --csv {csv}\n"
                                 "Thread.sleep(n == 1 ? 1 : 30);")
            deadline = time.monotonic() + 60
            while True:  # interrupt once n=2 has finished a few runs
                self.assertLess(time.monotonic(), deadline, "n=2 never ran")
                m = self.k.kc.get_iopub_msg(timeout=60)
                text = m["content"].get("data", {}).get("text/plain", "")
                done = re.search(r"\[2/2\] n=2 +run (\d+)/1000", text)
                if m["parent_header"].get("msg_id") == msg_id and done and int(done.group(1)) >= 3:
                    break
            self.k.interrupt()
            reply, msgs = self.k.collect(msg_id, timeout=60)
            self.assertEqual(reply["content"]["ename"], "CancellationException")
            table = bundle(msgs)
            kept = re.search(r"n=2: interrupted after (\d+) of 1000 runs", table["text/plain"])
            self.assertTrue(kept, table["text/plain"])
            runs = int(kept.group(1))
            self.assertGreaterEqual(runs, 3)
            self.assertRegex(table["text/plain"], r"(?m)^2 +[0-9.]+ ms")  # n=2 has its median (of about 30 ms)
            self.assertIn("interrupted after", table["text/html"])
            self.assertTrue(chart(msgs))
            with open(csv) as f:
                rows = f.read().splitlines()[1:]
            self.assertEqual(sum(r.startswith("n,2,") for r in rows), runs, "every completed run of n=2 in the CSV")
            self.assertEqual(sum(r.startswith("n,1,") for r in rows), 1000)
        reply, msgs = self.k.run("ThreadLab.lastBench().points().get(1).runsMs().length")
        self.assertEqual(self.k.result(msgs), str(runs))

    def test_bad_arguments_give_one_sentence_and_no_stack_trace(self):
        for cell, flag in (("%%bench threads=a,b\nint x;", "threads"),
                           ("%%bench threads=1,2 --bogus\nint x;", "--bogus"),
                           ("%%bench\nint x;", "sweep"),
                           ("%threadlab extra", "extra"),
                           ("%%threads --lanes many\nint x;", "--lanes"),
                           ("%%threads --bogus\nint x;", "--bogus"),
                           ("%pattern no-such-pattern", "no-such-pattern"),
                           ("%pattern split-sum --variant nope", "nope"),
                           ("%urlserver --latency 5", "--route")):
            with self.subTest(cell=cell):
                reply, msgs = self.k.run(cell)
                self.assertEqual(reply["content"]["status"], "error")
                err = self.k.error(msgs)
                self.assertIn(flag, err["evalue"])
                trace = strip_ansi("\n".join(err["traceback"]))
                self.assertNotIn("\tat ", trace)
                self.assertNotIn("org.threadlab", trace)
        reply, msgs = self.k.run("1 + 1")
        self.assertEqual(self.k.result(msgs), "2")


if __name__ == "__main__":
    unittest.main()
