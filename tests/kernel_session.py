"""A running ThreadLab kernel for the tests: start it, run cells, watch its CPU use.

    with KernelSession() as k:
        reply, msgs = k.run("6 * 7")
        assert k.result(msgs) == "42"

Talks to the INSTALLED kernelspec ($THREADLAB_KERNEL_NAME, default "threadlab"; `./threadlab
install` registers it). Timeouts are generous: CI is a loaded 2-core machine.
"""
import os
import re
import tempfile
import time
import unittest
from queue import Empty

from jupyter_client.manager import start_new_kernel

KERNEL_NAME = os.environ.get("THREADLAB_KERNEL_NAME", "threadlab")
STARTUP_TIMEOUT = 120
CELL_TIMEOUT = 60
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_CLK_TCK = os.sysconf("SC_CLK_TCK")


def strip_ansi(text):
    return _ANSI.sub("", text)


class KernelSession:
    def __init__(self, kernel_name=None, **launch):
        """`kernel_name`: another kernelspec than $THREADLAB_KERNEL_NAME's; `launch`: extra arguments
        for the kernel process (env, stderr), as Popen takes them."""
        self.km, self.kc = start_new_kernel(kernel_name=kernel_name or KERNEL_NAME, startup_timeout=STARTUP_TIMEOUT,
                                            **launch)
        self.pid = self.km.provisioner.process.pid

    def close(self):
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # ---- cells ---------------------------------------------------------------------------------

    def send(self, code):
        """Sends an execute request; returns its msg_id."""
        return self.kc.execute(code, store_history=True)

    def wait_started(self, msg_id, timeout=CELL_TIMEOUT):
        """Waits until the kernel has begun `msg_id` (its execute_input); an interrupt sent earlier
        may reach a kernel still busy starting up, before the cell runs, and stop nothing."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                msg = self.kc.get_iopub_msg(timeout=max(0.001, deadline - time.monotonic()))
            except Empty:
                raise AssertionError(f"the cell did not start within {timeout} s") from None
            if msg["msg_type"] == "execute_input" and msg["parent_header"].get("msg_id") == msg_id:
                return

    def wait_for_stream(self, text, timeout=CELL_TIMEOUT):
        """Waits until some cell's stream output contains `text` (e.g. a line a background thread prints)."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                msg = self.kc.get_iopub_msg(timeout=max(0.001, deadline - time.monotonic()))
            except Empty:
                raise AssertionError(f"no output {text!r} within {timeout} s") from None
            if msg["msg_type"] == "stream" and text in msg["content"]["text"]:
                return

    def collect(self, msg_id, timeout=CELL_TIMEOUT):
        """Waits for the reply to `msg_id` and its idle status.

        Returns (reply, messages): every iopub message seen meanwhile, whatever its parent.
        """
        # Wait on the reply first, then on iopub: both block until a message arrives (exact timing
        # for the benchmark); iopub messages queue meanwhile.
        deadline = time.monotonic() + timeout
        reply = None
        while reply is None:
            try:
                msg = self.kc.get_shell_msg(timeout=max(0.001, deadline - time.monotonic()))
            except Empty:
                raise AssertionError(f"no execute_reply within {timeout} s") from None
            if msg["parent_header"].get("msg_id") == msg_id:
                reply = msg
        messages = []
        while True:
            try:
                msg = self.kc.get_iopub_msg(timeout=max(0.001, deadline - time.monotonic()))
            except Empty:
                raise AssertionError(f"no idle status within {timeout} s after the execute_reply") from None
            messages.append(msg)
            if (msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle"
                    and msg["parent_header"].get("msg_id") == msg_id):
                break
        return reply, messages

    def run(self, code, timeout=CELL_TIMEOUT):
        """Runs one cell; returns (reply, iopub messages whose parent is this cell)."""
        msg_id = self.send(code)
        reply, messages = self.collect(msg_id, timeout)
        return reply, [m for m in messages if m["parent_header"].get("msg_id") == msg_id]

    def virtual_latch_wait(self):
        """Runs a `%%threads --csv` cell whose virtual thread "waiter" waits 300 ms on a latch; returns
        (the cell's reply, the waiter's lane as [state, start_ms, end_ms] rows). JFR has no event for a
        virtual thread's park: what the lane shows there is the recorder's state sampler at work."""
        with tempfile.TemporaryDirectory() as d:
            csv = os.path.join(d, "intervals.csv")
            reply, _ = self.run(
                f"%%threads --csv {csv}\n"
                "var latch = new java.util.concurrent.CountDownLatch(1);\n"
                "Thread v = Thread.ofVirtual().name(\"waiter\").start(() -> {"
                " try { latch.await(); } catch (InterruptedException e) { } });\n"
                "Thread.sleep(300); latch.countDown(); v.join();", timeout=120)
            if reply["content"]["status"] != "ok":
                return reply, []
            with open(csv) as f:
                rows = [r.split(",") for r in f.read().splitlines()[1:]]
        return reply, [r[1:] for r in rows if r[0] == "waiter"]

    @staticmethod
    def result(messages):
        """The text/plain of the execute_result among `messages`, or None."""
        for m in messages:
            if m["msg_type"] == "execute_result":
                return m["content"]["data"].get("text/plain")
        return None

    @staticmethod
    def stdout(messages):
        return "".join(m["content"]["text"] for m in messages
                       if m["msg_type"] == "stream" and m["content"]["name"] == "stdout")

    @staticmethod
    def error(messages):
        """The content of the first error message among `messages`, or None."""
        return next((m["content"] for m in messages if m["msg_type"] == "error"), None)

    def interrupt(self):
        """interrupt_mode "message": jupyter_client sends interrupt_request on the control channel."""
        self.km.interrupt_kernel()

    # ---- CPU -----------------------------------------------------------------------------------

    def cpu_seconds(self):
        with open(f"/proc/{self.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / _CLK_TCK  # utime + stime, fields 14 and 15

    def cpu_fraction(self, window=1.0):
        """CPU the kernel process used over `window` seconds, as a fraction of one core."""
        c0, t0 = self.cpu_seconds(), time.monotonic()
        time.sleep(window)
        return (self.cpu_seconds() - c0) / (time.monotonic() - t0)

    def wait_cpu(self, busy, threshold, timeout=20):
        """Waits until a 1 s window is above (busy) or below (not busy) `threshold`; returns the
        last fraction measured, which the caller asserts on."""
        deadline = time.monotonic() + timeout
        while True:
            f = self.cpu_fraction()
            if (f > threshold if busy else f < threshold) or time.monotonic() > deadline:
                return f


class KernelTestCase(unittest.TestCase):
    """A test class whose tests share one kernel, started once for the class: self.k."""

    @classmethod
    def setUpClass(cls):
        cls.k = KernelSession()

    @classmethod
    def tearDownClass(cls):
        cls.k.close()
