"""Jupyter messaging-protocol conformance of the installed ThreadLab kernel (jupyter_kernel_test).

    /usr/bin/python3 -m unittest -v tests/test_kernel_conformance.py
"""
import os
import socket
import sys
import time
import unittest

import jupyter_kernel_test
from jupyter_client.manager import KernelManager

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # runnable from any directory
from kernel_session import KERNEL_NAME


class ThreadLabKernelConformance(jupyter_kernel_test.KernelTests):
    kernel_name = KERNEL_NAME
    language_name = "java"
    file_extension = ".jshell"

    code_hello_world = 'System.out.print("hello, world");'
    code_stderr = 'System.err.print("oops");'

    completion_samples = [
        {"text": "Syste", "matches": {"System"}},
    ]

    complete_code_samples = ["int x = 1;", "6 * 7", 'System.out.println("hi");']
    incomplete_code_samples = ["for (int i = 0; i < 3; i++) {", "int y = "]

    code_inspect_sample = "System.out"
    code_generate_error = 'throw new RuntimeException("boom");'
    code_execute_result = [
        {"code": "6 * 7", "result": "42"},
        {"code": '"thread" + "lab"', "result": "threadlab"},  # a String renders as its text
    ]
    # the kernel keeps an in-memory history with sqlite-GLOB search
    supported_history_operations = ("tail", "range", "search")
    code_history_pattern = "6 * 7"
    # display(Object) comes from jjava's notebook statics, imported into every session
    code_display_data = [
        {"code": 'display("shown");', "mime": "text/plain"},
    ]
    # code_clear_output, code_page_something: the kernel has neither a clear-output call nor a pager


class FirstRequest(unittest.TestCase):
    """The first request a client sends, the moment it launched the kernel: the client's sockets
    connect before the kernel has bound its own, and ZeroMQ retries every 100 ms, so the kernel's
    shell can see that request before the client's IOPub subscription. A PUB socket drops what
    it sends until then; jupyter_client's wait_for_ready then waits 200 ms for the statuses in
    vain and asks again."""

    def start(self, **channels):
        km = KernelManager(kernel_name=KERNEL_NAME)
        km.start_kernel()
        self.addCleanup(km.shutdown_kernel, now=True)
        kc = km.client()
        kc.start_channels(**channels)
        self.addCleanup(kc.stop_channels)
        return kc

    def test_its_busy_and_idle_statuses_reach_a_client_that_subscribes_late(self):
        kc = self.start(iopub=False)
        msg_id = kc.kernel_info()
        info = kc.get_connection_info()
        deadline = time.monotonic() + 120
        while True:  # until the kernel has bound IOPub; its shell can answer from then on
            try:
                socket.create_connection((info["ip"], info["iopub_port"]), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.01)
        time.sleep(0.3)  # a subscription that comes late, as one after a failed connect does
        kc.start_channels(shell=False, iopub=True, stdin=False, hb=False, control=False)
        reply = kc.get_shell_msg(timeout=120)
        self.assertEqual((reply["msg_type"], reply["parent_header"]["msg_id"]), ("kernel_info_reply", msg_id))
        states = []
        deadline = time.monotonic() + 10
        while "idle" not in states:
            msg = kc.get_iopub_msg(timeout=max(0.001, deadline - time.monotonic()))
            if msg["msg_type"] == "status" and msg["parent_header"].get("msg_id") == msg_id:
                states.append(msg["content"]["execution_state"])
        self.assertEqual(states, ["busy", "idle"])

    def test_a_client_that_never_subscribes_to_iopub_still_gets_its_reply(self):
        kc = self.start(iopub=False, stdin=False, hb=False)
        started = time.monotonic()
        msg_id = kc.kernel_info()
        reply = kc.get_shell_msg(timeout=120)
        self.assertEqual((reply["msg_type"], reply["parent_header"]["msg_id"]), ("kernel_info_reply", msg_id))
        # the shell waits at most 1 s for a subscriber; the kernel starts in well under 60 s
        self.assertLess(time.monotonic() - started, 60)


if __name__ == "__main__":
    unittest.main()
