"""End-to-end behaviour of the installed ThreadLab kernel, as a notebook user meets it.

    /usr/bin/python3 -m unittest -v tests/test_end_to_end.py

Covers: a notebook run by nbclient; stopping busy loops (in the cell, in a thread it joins,
in a thread left behind) with an interrupt, checked by the kernel process's CPU use;
output of background threads going to the cell that started them; errors that leave the
kernel alive and show the user's code, not the kernel's.
"""
import os
import sys
import tempfile
import unittest

import nbformat
from nbclient import NotebookClient

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # runnable from any directory
from kernel_session import CELL_TIMEOUT, KERNEL_NAME, STARTUP_TIMEOUT, KernelSession, KernelTestCase, strip_ansi

IDLE = 0.20   # below this fraction of one core the kernel counts as idle
BUSY = 0.30   # a spinning thread shows at least this much, even on a loaded 2-core machine


class NotebookRunsWithNbclient(unittest.TestCase):
    def test_cells_produce_results_and_streams(self):
        nb = nbformat.v4.new_notebook()
        nb.metadata["kernelspec"] = {"name": KERNEL_NAME, "display_name": "Java (ThreadLab)", "language": "java"}
        nb.cells = [nbformat.v4.new_code_cell(src) for src in
                    ("int x = 1 + 1;", "x * 21", 'System.out.println("hi")')]
        with tempfile.TemporaryDirectory() as tmp:
            NotebookClient(nb, kernel_name=KERNEL_NAME, timeout=CELL_TIMEOUT, startup_timeout=STARTUP_TIMEOUT,
                           resources={"metadata": {"path": tmp}}).execute()
            path = os.path.join(tmp, "executed.ipynb")
            nbformat.write(nb, path)
            nb = nbformat.read(path, as_version=4)
        nbformat.validate(nb)

        declaration, product, printed = nb.cells
        self.assertFalse([o for o in declaration.outputs if o.output_type == "error"], declaration.outputs)
        results = [o for o in product.outputs if o.output_type == "execute_result"]
        self.assertEqual(len(results), 1, product.outputs)
        self.assertEqual(results[0].data["text/plain"], "42")
        streams = [o for o in printed.outputs if o.output_type == "stream"]
        self.assertEqual([(s.name, s.text) for s in streams], [("stdout", "hi\n")])
        self.assertEqual(nb.metadata.language_info.name, "java")


class InterruptStopsBusyLoops(unittest.TestCase):
    """Each test gets a fresh kernel: a loop that is not stopped must not spoil the next test."""

    def setUp(self):
        self.k = KernelSession()
        self.addCleanup(self.k.close)
        # the kernel answers kernel_info before its start-up ends; an interrupt sent while that start-up
        # busies the CPU would come before the cell runs (and be lost), so wait for it to end first
        reply, _ = self.k.run("1 + 1")
        self.assertEqual(reply["content"]["status"], "ok")

    def assert_busy(self):
        f = self.k.wait_cpu(busy=True, threshold=BUSY)
        self.assertGreater(f, BUSY, f"the busy loop never used more than {BUSY:.0%} of a core ({f:.0%})")

    def assert_idle(self, what):
        f = self.k.wait_cpu(busy=False, threshold=IDLE)
        self.assertLess(f, IDLE, f"{what}: the kernel still uses {f:.0%} of a core after the interrupt")

    def assert_next_cell_runs(self):
        reply, msgs = self.k.run("1 + 1")
        self.assertEqual(reply["content"]["status"], "ok", self.k.error(msgs))
        self.assertEqual(self.k.result(msgs), "2")

    def interrupt_running_cell(self, code):
        msg_id = self.k.send(code)
        self.k.wait_started(msg_id)  # not the CPU of the kernel's own start-up
        self.assert_busy()
        self.k.interrupt()
        reply, _ = self.k.collect(msg_id)
        self.assertEqual(reply["content"]["status"], "error", "an interrupted cell replies with status error")

    def test_interrupt_stops_busy_loop_in_cell(self):
        self.interrupt_running_cell("while (true) {}")
        self.assert_idle("while (true) {} in the cell")
        self.assert_next_cell_runs()

    def test_interrupt_stops_busy_loop_in_joined_thread(self):
        self.interrupt_running_cell("Thread t = new Thread(() -> { while (true) {} }); t.start(); t.join();")
        self.assert_idle("a joined thread spinning")
        self.assert_next_cell_runs()

    def test_interrupt_sent_while_the_cell_waits_to_start_cancels_it(self):
        # a thread holds the kernel's monitor, as start-up does, so the next request waits for it;
        # the interrupt comes while it waits, before the cell counts as running
        reply, msgs = self.k.run(
            "var kernel = org.dflib.jjava.jupyter.kernel.BaseKernel.notebookKernel();\n"
            "Thread holder = new Thread(() -> { synchronized (kernel) {\n"
            "    System.out.println(\"holding\");\n"
            "    long until = System.nanoTime() + 20_000_000_000L;\n"
            "    while (System.nanoTime() < until && Thread.getAllStackTraces().keySet().stream().noneMatch(\n"
            "            t -> t.getName().equals(\"jupyter-shell\") && t.getState() == Thread.State.BLOCKED)) {\n"
            "        try { Thread.sleep(5); } catch (InterruptedException e) { return; }\n"
            "    }\n"
            "    System.out.println(\"the shell thread waits\");\n"
            "    try { Thread.sleep(20_000); } catch (InterruptedException e) { }\n"
            "} });\n"
            "holder.setDaemon(true); holder.start();")
        self.assertEqual(reply["content"]["status"], "ok", self.k.error(msgs))
        # the holder may print before the cell's idle status (run() then has the line) or after it
        if not any(m["msg_type"] == "stream" and "holding" in m["content"]["text"] for m in msgs):
            self.k.wait_for_stream("holding")
        msg_id = self.k.send("while (true) {}")
        self.k.wait_for_stream("the shell thread waits")  # the request was read and waits for the kernel
        self.k.interrupt()
        reply, msgs = self.k.collect(msg_id)
        self.assertEqual(reply["content"]["status"], "error", "the waiting cell must end interrupted, not spin")
        self.assertEqual(reply["content"]["ename"], "Interrupted", self.k.error(msgs))
        self.assert_idle("a cell interrupted before it started")
        self.assert_next_cell_runs()

    def test_interrupt_while_idle_stops_thread_left_spinning(self):
        reply, msgs = self.k.run("Thread spinner = new Thread(() -> { while (true) {} }); spinner.start();")
        self.assertEqual(reply["content"]["status"], "ok", self.k.error(msgs))
        self.assert_busy()
        self.k.interrupt()
        self.assert_idle("a thread left spinning by an earlier cell")
        reply, msgs = self.k.run("spinner.isAlive()")
        self.assertEqual(self.k.result(msgs), "false")
        self.assert_next_cell_runs()


class ThreadOutputGoesToItsCell(KernelTestCase):
    def assert_late_output_routed(self, starter_code, text):
        starter = self.k.send(starter_code)
        reply, _ = self.k.collect(starter)
        self.assertEqual(reply["content"]["status"], "ok")
        # the thread prints after 1.5 s, while this 3 s cell runs
        sleeper = self.k.send("Thread.sleep(3000);")
        _, msgs = self.k.collect(sleeper)
        streams = [m for m in msgs if m["msg_type"] == "stream" and text in m["content"]["text"]]
        self.assertTrue(streams, f"{text!r} was not printed while the next cell ran")
        self.assertEqual(streams[0]["parent_header"]["msg_id"], starter,
                         f"{text!r} went to the cell that was running, not the one that started the thread")

    def test_thread_output_goes_to_cell_that_started_it(self):
        self.assert_late_output_routed(
            'new Thread(() -> { try { Thread.sleep(1500); } catch (InterruptedException e) {} '
            'System.out.println("late"); }).start();', "late")

    def test_saved_system_out_routes_to_cell_that_started_thread(self):
        reply, _ = self.k.run("var out = System.out;")
        self.assertEqual(reply["content"]["status"], "ok")
        self.assert_late_output_routed(
            'new Thread(() -> { try { Thread.sleep(1500); } catch (InterruptedException e) {} '
            'out.println("late via saved out"); }).start();', "late via saved out")


class ErrorsLeaveKernelAlive(KernelTestCase):
    INTERNAL = ("org.threadlab.kernel", "jdk.jshell")

    def run_failing(self, code):
        reply, msgs = self.k.run(code)
        self.assertEqual(reply["content"]["status"], "error")
        error = self.k.error(msgs)
        self.assertIsNotNone(error, "no error message on iopub")
        self.assertTrue(error["ename"].strip(), "empty ename")
        traceback = [strip_ansi(line) for line in error["traceback"]]
        for line in traceback:
            for internal in self.INTERNAL:
                self.assertNotIn(internal, line, "kernel-internal frame in the traceback:\n" + "\n".join(traceback))
        reply, msgs = self.k.run("1 + 1")
        self.assertEqual(self.k.result(msgs), "2", "the kernel did not run a cell after the error")
        return error, "\n".join(traceback)

    def test_compile_error_names_the_problem(self):
        error, traceback = self.run_failing('int y = "text";')
        self.assertIn("incompatible types", error["evalue"] + "\n" + traceback)

    def test_exception_shows_type_and_message(self):
        error, traceback = self.run_failing('throw new RuntimeException("boom");')
        self.assertIn("RuntimeException", error["ename"])
        self.assertIn("boom", error["evalue"])
        # front ends show the traceback: the message once, then the frames
        self.assertEqual(traceback.count("boom"), 1, traceback)
        self.assertTrue(traceback.startswith("RuntimeException: boom\n    at <cell> (cell ["), traceback)

    def test_shift_tab_documents_the_name_at_or_just_before_the_cursor(self):
        reply, _ = self.k.run('String s = "abc";')
        self.assertEqual(reply["content"]["status"], "ok")
        for code, cursor, signature in (("Thread.sleep", 12, "Thread.sleep(long millis)"),
                                        ("s.length", 8, "int String.length()"),
                                        ("x = s.length();", 12, "int String.length()"),
                                        ("%%threads\nThread.sleep", 22, "Thread.sleep(long millis)")):
            with self.subTest(code=code, cursor=cursor):
                msg_id = self.k.kc.inspect(code, cursor)
                reply = self.k.kc.get_shell_msg(timeout=CELL_TIMEOUT)
                self.assertEqual(reply["parent_header"]["msg_id"], msg_id)
                self.assertEqual(reply["content"]["status"], "ok")
                self.assertTrue(reply["content"]["found"], reply["content"])
                self.assertIn(signature, reply["content"]["data"]["text/plain"])

    def test_exception_traceback_shows_user_method(self):
        reply, _ = self.k.run('void explode() { throw new IllegalStateException("deep"); }')
        self.assertEqual(reply["content"]["status"], "ok")
        error, traceback = self.run_failing("explode();")
        self.assertIn("IllegalStateException", error["ename"])
        self.assertIn("explode", traceback)

    def test_frames_name_cell_and_line_also_in_a_magics_body_and_a_background_thread(self):
        reply, _ = self.k.run('%%threads\nvoid worker() {\n  throw new IllegalStateException("deep");\n}')
        self.assertEqual(reply["content"]["status"], "ok", reply["content"])
        count = reply["content"]["execution_count"]
        error, traceback = self.run_failing("worker();")
        self.assertIn(f"at worker (cell [{count}], line 3)", traceback)  # line 1 is the %%threads line
        reply, msgs = self.k.run("Thread t = new Thread(() -> {\n  worker();\n});\nt.start(); t.join();")
        self.assertEqual(reply["content"]["status"], "ok", reply["content"])
        err = "".join(m["content"]["text"] for m in msgs if m["msg_type"] == "stream" and m["content"]["name"] == "stderr")
        self.assertIn('Exception in thread "Thread-', err)
        self.assertIn(f"    at worker (cell [{count}], line 3)\n    at lambda (cell [{reply['content']['execution_count']}], line 2)", err)


if __name__ == "__main__":
    unittest.main()
