"""The ThreadLab magics through a real Jupyter client: help, %%bench (progress, chart, CSV), errors.

    /usr/bin/python3 -m unittest -v tests/test_magics.py
"""
import base64
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import png
from kernel_session import KernelSession, strip_ansi

BLUE = (0x00, 0x72, 0xB2)  # ChartStyle.SERIES[0], the timing series


class MagicsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.k = KernelSession()

    @classmethod
    def tearDownClass(cls):
        cls.k.close()

    def test_help_magic_lists_every_magic_and_versions(self):
        reply, msgs = self.k.run("%threadlab")
        self.assertEqual(reply["content"]["status"], "ok")
        text = self.k.result(msgs)
        for magic in ("%threadlab", "%%bench"):
            self.assertIn(magic, text)
        self.assertIn("JDK", text)
        self.assertIn("ThreadLab", text)

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

            result = next(m for m in msgs if m["msg_type"] == "execute_result")["content"]["data"]
            self.assertIn("speedup", result["text/plain"])
            image = png.decode(base64.b64decode(result["image/png"]))
            self.assertEqual((image.width, image.height), (900, 400))
            self.assertIn(BLUE, image.colours())

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

    def test_bad_arguments_give_one_sentence_and_no_stack_trace(self):
        for cell, flag in (("%%bench threads=a,b\nint x;", "threads"),
                           ("%%bench threads=1,2 --bogus\nint x;", "--bogus"),
                           ("%%bench\nint x;", "sweep"),
                           ("%threadlab extra", "extra")):
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
