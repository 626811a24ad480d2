"""Jupyter messaging-protocol conformance of the installed ThreadLab kernel (jupyter_kernel_test).

    /usr/bin/python3 -m unittest -v tests/test_kernel_conformance.py
"""
import unittest

import jupyter_kernel_test

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
        {"code": '"thread" + "lab"', "result": '"threadlab"'},
    ]
    code_display_data = [
        {"code": 'display("shown");', "mime": "text/plain"},
    ]


if __name__ == "__main__":
    unittest.main()
