"""Jupyter messaging-protocol conformance of the installed ThreadLab kernel (jupyter_kernel_test).

    /usr/bin/python3 -m unittest -v tests/test_kernel_conformance.py
"""
import os
import sys
import unittest

import jupyter_kernel_test

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


if __name__ == "__main__":
    unittest.main()
