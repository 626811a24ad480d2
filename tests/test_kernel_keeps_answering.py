"""The kernel keeps answering: cell code cannot kill, mute or deafen it (issue 9).

    THREADLAB_KERNEL_NAME=threadlab /usr/bin/python3 -m unittest -v tests/test_kernel_keeps_answering.py

Covers: System.exit / Runtime.exit in cells (directly, through method references, in methods and
classes a cell defined, in threads, in %%threads, %%bench and %%junit cells) ending the cell with
SystemExit; cells replacing or closing System.out / System.err / System.in; an interrupted
%%bench of a billion fast runs replying; a cell's Error on the shell thread; and a kernel whose
shell thread dies exiting with the reason on stderr, so that Jupyter's restarter starts afresh.
Every attack is followed by a cell that prints and must print.
"""
import asyncio
import os
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # runnable from any directory
from kernel_session import CELL_TIMEOUT, KERNEL_NAME, STARTUP_TIMEOUT, KernelSession, KernelTestCase, strip_ansi

STAYS_ALIVE = " called in a cell: the kernel stays alive; restart it from the Kernel menu to start afresh"


def stderr_of(messages):
    return "".join(m["content"]["text"] for m in messages
                   if m["msg_type"] == "stream" and m["content"]["name"] == "stderr")


def displayed(messages):
    return "\n".join(m["content"]["data"].get("text/plain", "") for m in messages
                     if m["msg_type"] in ("display_data", "execute_result"))


class KernelCase(KernelTestCase):
    def assert_prints(self, text="still here"):
        """The next cell runs and its output arrives: the kernel is neither dead nor mute."""
        reply, msgs = self.k.run(f'System.out.println("{text}");')
        self.assertEqual(reply["content"]["status"], "ok", self.k.error(msgs))
        self.assertEqual(self.k.stdout(msgs), text + "\n")

    def run_ok(self, code):
        reply, msgs = self.k.run(code)
        self.assertEqual(reply["content"]["status"], "ok", self.k.error(msgs))
        return msgs

    def run_error(self, code):
        reply, msgs = self.k.run(code)
        self.assertEqual(reply["content"]["status"], "error", msgs)
        error = self.k.error(msgs)
        self.assertIsNotNone(error, "no error message on iopub")
        return error, msgs


class ExitInACellFailsTheCell(KernelCase):
    def test_system_exit_ends_the_cell_with_an_error_and_the_kernel_lives(self):
        error, msgs = self.run_error('System.out.println("before");\nSystem.exit(3);')
        self.assertEqual(error["ename"], "SystemExit")
        self.assertEqual(error["evalue"], "System.exit(3)" + STAYS_ALIVE)
        self.assertIn("at <cell> (", "\n".join(strip_ansi(line) for line in error["traceback"]))
        self.assertEqual(self.k.stdout(msgs), "before\n")
        self.assert_prints()

    def test_runtime_exit_and_method_references(self):
        for code, call in (("Runtime.getRuntime().exit(4);", "Runtime.exit(4)"),
                           ("IntConsumer f = System::exit;\nf.accept(5);", "System.exit(5)"),
                           ("IntConsumer g = Runtime.getRuntime()::exit;\ng.accept(6);", "Runtime.exit(6)")):
            with self.subTest(code=code):
                error, _ = self.run_error(code)
                self.assertEqual((error["ename"], error["evalue"]), ("SystemExit", call + STAYS_ALIVE))
                self.assert_prints()

    def test_exit_in_a_method_and_a_class_an_earlier_cell_defined(self):
        self.run_ok("void leave(int n) { System.exit(n); }\nclass Quitter { void quit() { leave(7); } }")
        error, _ = self.run_error("new Quitter().quit();")
        self.assertEqual(error["evalue"], "System.exit(7)" + STAYS_ALIVE)
        self.assert_prints()

    def test_exit_in_a_thread_the_cell_started_ends_that_thread_and_is_printed_in_the_cell(self):
        msgs = self.run_ok('Thread t = new Thread(() -> System.exit(8), "leaver");\nt.start();\nt.join();\n'
                           'System.out.println("cell goes on");')
        self.assertIn('Exception in thread "leaver" org.threadlab.kernel.SystemExit: System.exit(8)' + STAYS_ALIVE,
                      stderr_of(msgs))
        self.assertEqual(self.k.stdout(msgs), "cell goes on\n")
        self.assert_prints()

    def test_exit_in_an_executor_task_fails_its_future(self):
        msgs = self.run_ok("ExecutorService pool = Executors.newSingleThreadExecutor();\n"
                           "Future<?> f = pool.submit(() -> System.exit(9));\n"
                           "try { f.get(); } catch (ExecutionException e) { System.out.println(e.getCause().getMessage()); }\n"
                           "pool.shutdown();")
        self.assertEqual(self.k.stdout(msgs), "System.exit(9)" + STAYS_ALIVE + "\n")
        self.assert_prints()

    def test_exit_in_a_threads_cell(self):
        error, msgs = self.run_error('%%threads\nThread a = new Thread(() -> System.exit(10), "a");\n'
                                     'a.start();\na.join();\nSystem.exit(11);')
        self.assertEqual((error["ename"], error["evalue"]), ("SystemExit", "System.exit(11)" + STAYS_ALIVE))
        self.assertIn('Exception in thread "a" org.threadlab.kernel.SystemExit: System.exit(10)', stderr_of(msgs))
        self.assertIn("2 threads", displayed(msgs), "the recording is still shown")
        self.assert_prints()

    def test_exit_in_a_bench_body_fails_that_point(self):
        msgs = self.run_ok("%%bench threads=1,2 --repeat 2\nif (threads == 2) System.exit(12);")
        self.assertIn("FAILED: SystemExit: System.exit(12)" + STAYS_ALIVE, displayed(msgs))
        self.assert_prints()

    def test_exit_in_a_junit_test_fails_that_test(self):
        error, msgs = self.run_error("%%junit\n@Test void quits() { System.exit(13); }\n@Test void fine() { }")
        self.assertEqual(error["ename"], "TestsFailed")
        table = displayed(msgs)
        self.assertIn("SystemExit: System.exit(13)" + STAYS_ALIVE, table)
        self.assertRegex(table, r"fine\s+passed")
        self.assert_prints()


class ACellCannotMuteTheKernel(KernelCase):
    def assert_told(self, msgs, note):
        self.assertIn(note, stderr_of(msgs))

    def test_set_out_null(self):
        msgs = self.run_ok("System.setOut(null);")
        self.assert_told(msgs, "threadlab: System.out was replaced during this cell and not restored; "
                               "the next cells get the notebook's own back.")
        self.assert_prints()

    def test_set_out_and_err_to_null_streams(self):
        msgs = self.run_ok("System.setOut(new PrintStream(OutputStream.nullOutputStream()));\n"
                           "System.setErr(new PrintStream(OutputStream.nullOutputStream()));\n"
                           'System.out.println("into the void");')
        self.assertEqual(self.k.stdout(msgs), "", "the cell itself uses what it set")
        self.assert_told(msgs, "threadlab: System.out and System.err were replaced during this cell and not restored")
        self.assert_prints()
        msgs = self.run_ok('System.err.println("err is back");')
        self.assertEqual(stderr_of(msgs), "err is back\n")

    def test_close_system_out_and_err(self):
        msgs = self.run_ok('System.out.close();\nSystem.out.println("printed anyway");')
        self.assert_told(msgs, "threadlab: System.out.close() is ignored: the notebook's System.out stays open "
                               "for this cell and later ones.")
        self.assertEqual(self.k.stdout(msgs), "printed anyway\n")
        self.assert_prints()
        msgs = self.run_ok("System.err.close();")
        self.assert_told(msgs, "threadlab: System.err.close() is ignored")
        msgs = self.run_ok('System.err.println("err still open");')
        self.assertEqual(stderr_of(msgs), "err still open\n")

    def test_close_through_a_print_writer_is_told_once(self):
        msgs = self.run_ok("for (int i = 0; i < 3; i++) {\n"
                           "    try (PrintWriter w = new PrintWriter(System.out)) { w.println(i); }\n}")
        self.assertEqual(self.k.stdout(msgs), "0\n1\n2\n")
        self.assertEqual(stderr_of(msgs).count("System.out.close() is ignored"), 1, stderr_of(msgs))
        self.assert_prints()

    def test_close_system_out_inside_a_thread(self):
        msgs = self.run_ok("Thread c = new Thread(() -> System.out.close());\nc.start();\nc.join();")
        self.assert_told(msgs, "threadlab: System.out.close() is ignored")
        self.assert_prints()

    def test_set_in_is_put_back(self):
        self.run_ok("InputStream kernelIn = System.in;")
        msgs = self.run_ok('System.setIn(new ByteArrayInputStream("x".getBytes()));')
        self.assert_told(msgs, "threadlab: System.in was replaced during this cell and not restored")
        reply, msgs = self.k.run("System.in == kernelIn")
        self.assertEqual(self.k.result(msgs), "true")

    def test_a_cell_that_restores_what_it_replaced_is_not_told(self):
        msgs = self.run_ok("PrintStream saved = System.out;\nByteArrayOutputStream buf = new ByteArrayOutputStream();\n"
                           'System.setOut(new PrintStream(buf));\nSystem.out.println("captured");\n'
                           'System.setOut(saved);\nSystem.out.println("got " + buf.toString().strip());')
        self.assertEqual(self.k.stdout(msgs), "got captured\n")
        self.assertEqual(stderr_of(msgs), "", "nbgrader zeroes a cell with stderr output")

    def test_a_replacement_between_cells_is_put_right_when_the_next_cell_starts(self):
        self.run_ok("Thread later = new Thread(() -> {\n"
                    "    try { Thread.sleep(500); } catch (InterruptedException e) { }\n"
                    "    System.setOut(null);\n});\nlater.start();")
        time.sleep(2)
        reply, msgs = self.k.run('System.out.println("printed");')
        self.assertEqual(reply["content"]["status"], "ok", self.k.error(msgs))
        self.assertEqual(self.k.stdout(msgs), "printed\n")
        self.assert_told(msgs, "threadlab: System.out was replaced after the last cell ended (by a thread a cell "
                               "started); this cell has the notebook's own again.")


class AnErrorOnTheShellThreadEndsOnlyItsRequest(KernelCase):
    def test_an_error_in_a_cell_values_to_string_fails_the_cell(self):
        # the kernel renders a cell's value on its shell thread; an Error there once killed that thread
        error, _ = self.run_error('new Object() { public String toString() { throw new StackOverflowError("deep"); } }')
        self.assertEqual((error["ename"], error["evalue"]), ("StackOverflowError", "deep"))
        self.assert_prints()

    def test_code_nested_too_deep_for_the_parser_fails_its_requests_not_the_kernel(self):
        # JShell's parser overflows its stack and throws an InternalError, in every request that parses
        code = "int deep = " + "(" * 20000 + "1" + ")" * 20000 + ";"
        self.k.kc.complete(code + "\ndeep.", len(code) + 6)
        self.k.kc.inspect(code, len(code) - 2)
        self.k.kc.is_complete(code)
        self.assert_prints()
        error, _ = self.run_error(code)
        self.assertEqual(error["ename"], "InternalError")
        self.assert_prints()


class InterruptsOnTheShellThreadReply(unittest.TestCase):
    """Each test gets a fresh kernel: a cell that is not stopped must not spoil the next test."""

    def setUp(self):
        self.k = KernelSession()
        self.addCleanup(self.k.close)

    def interrupt_and_expect(self, msg_id, ename):
        self.k.interrupt()
        reply, _ = self.k.collect(msg_id)
        self.assertEqual((reply["content"]["status"], reply["content"]["ename"]), ("error", ename))
        reply, msgs = self.k.run('System.out.println("next");')
        self.assertEqual(self.k.stdout(msgs), "next\n")

    def test_interrupting_a_billion_run_bench_replies_and_the_next_cell_prints(self):
        # issue 9's deaf kernel: %%bench --repeat 1000000000 over a trivial body, interrupted
        msg_id = self.k.send("%%bench --repeat 1000000000 threads=1\nint a = 1;")
        deadline = time.monotonic() + CELL_TIMEOUT
        progress = None
        while progress is None:
            self.assertLess(time.monotonic(), deadline, "no progress line from %%bench")
            msg = self.k.kc.get_iopub_msg(timeout=CELL_TIMEOUT)
            if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "display_data":
                progress = msg["content"]["data"]["text/plain"]
        self.assertIn("[1/1] threads=1", progress)
        time.sleep(3)  # "after a few seconds"
        self.interrupt_and_expect(msg_id, "CancellationException")

    def test_interrupting_a_to_string_spinning_while_rendered_replies_and_the_next_cell_prints(self):
        # the kernel renders a cell's value on its shell thread: an interrupt there throws ThreadDeath,
        # which once ended that thread without a word (the default handler drops "stop" throwables)
        reply, _ = self.k.run("1 + 1")  # start-up done: the CPU measured below is the cell's
        self.assertEqual(reply["content"]["status"], "ok")
        # JShell's own value string calls toString first (on the cell's snippet); the second call is the render
        msg_id = self.k.send("new Object() {\n    int calls;\n    public String toString() {\n"
                             "        if (++calls == 1) { return \"first\"; }\n"
                             "        long end = System.nanoTime() + 60_000_000_000L;\n"
                             "        while (System.nanoTime() < end) { }\n        return \"done\";\n    }\n}")
        f = self.k.wait_cpu(busy=True, threshold=0.3)
        self.assertGreater(f, 0.3, "the toString never spun")
        self.interrupt_and_expect(msg_id, "Interrupted")


class AKernelWhoseShellThreadDiesExits(unittest.TestCase):
    """The shell loop is made to fail through the kernel's test hook, THREADLAB_TEST_SHELL_LOOP_FAILS_ON."""

    TRIGGER = "// test: the shell loop fails here"

    def test_it_exits_with_the_reason_on_stderr_and_jupyters_restarter_starts_a_fresh_one(self):
        asyncio.run(asyncio.wait_for(self.die_and_restart(), 4 * STARTUP_TIMEOUT))

    async def die_and_restart(self):
        from jupyter_client.ioloop import AsyncIOLoopKernelManager
        stderr = tempfile.TemporaryFile("w+")
        self.addCleanup(stderr.close)
        km = AsyncIOLoopKernelManager(kernel_name=KERNEL_NAME)
        await km.start_kernel(env=dict(os.environ, THREADLAB_TEST_SHELL_LOOP_FAILS_ON=self.TRIGGER), stderr=stderr)
        clients = []
        try:
            km.start_restarter()
            first = km.provisioner.process
            kc = km.client()
            clients.append(kc)
            kc.start_channels()
            await kc.wait_for_ready(timeout=STARTUP_TIMEOUT)
            reply = await kc.execute("1 + 1", reply=True, timeout=CELL_TIMEOUT)
            self.assertEqual(reply["content"]["status"], "ok")

            kc.execute(self.TRIGGER)
            deadline = time.monotonic() + CELL_TIMEOUT
            while first.poll() is None and time.monotonic() < deadline:
                await asyncio.sleep(0.1)
            self.assertEqual(first.poll(), 70, "the kernel process did not exit with status 70")
            stderr.seek(0)
            said = stderr.read()
            self.assertIn("threadlab: the jupyter-shell thread ended with java.lang.Error: the shell loop fails on "
                          "purpose (test hook THREADLAB_TEST_SHELL_LOOP_FAILS_ON), so the kernel can no longer "
                          "answer; exiting with status 70", said)

            # the fresh client below has this one's socket identity (one session): a kernel takes only one
            kc.stop_channels()
            clients.remove(kc)

            # Jupyter's restarter (time_to_dead 3 s) notices and starts a fresh kernel
            deadline = time.monotonic() + STARTUP_TIMEOUT
            while km.provisioner is None or km.provisioner.process is first or not await km.is_alive():
                self.assertLess(time.monotonic(), deadline, "Jupyter's restarter did not start a new kernel")
                await asyncio.sleep(0.2)
            fresh = km.client()
            clients.append(fresh)
            fresh.start_channels()
            try:
                await fresh.wait_for_ready(timeout=STARTUP_TIMEOUT)
            except RuntimeError as e:
                stderr.seek(0)
                self.fail(f"{e}; the new kernel is {'alive' if await km.is_alive() else 'dead'}; its stderr:\n"
                          + stderr.read())
            reply = await fresh.execute('System.out.println("fresh")', reply=True, timeout=CELL_TIMEOUT)
            self.assertEqual(reply["content"]["status"], "ok")
        finally:
            for c in clients:
                c.stop_channels()
            km.stop_restarter()
            await km.shutdown_kernel(now=True)


if __name__ == "__main__":
    unittest.main()
