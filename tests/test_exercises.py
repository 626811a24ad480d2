"""Every exercise in the notebooks runs both ways: its %%junit check fails on the starter code as the
notebook gives it (with the message a student is meant to see) and passes once the solution from
tests/exercise_solutions.py replaces the starter. The committed notebooks keep the starter and show
the failing check (tagged raises-exception).

    THREADLAB_KERNEL_NAME=threadlab-i14 /usr/bin/python3 -m unittest -v tests/test_exercises.py
"""
import os
import re
import sys
import unittest

import nbformat

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from exercise_solutions import SOLUTIONS
from kernel_session import KernelSession, strip_ansi

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NOTEBOOKS = os.path.join(ROOT, "notebooks")
# every notebook on a pattern of the source, and the three lessons after them, ends with an exercise
WITH_EXERCISES = ["01-first-response.ipynb", "02-split-sum.ipynb", "03-processes.ipynb", "04-sleepers.ipynb",
                  "05-worker-queue.ipynb", "08-liveness-and-cancellation.ipynb", "09-bounded-producer-consumer.ipynb",
                  "10-modern-java.ipynb"]
CHECK_TIMEOUT = 180


def exercise_cells(name):
    """(starter cell, check cell) of a notebook, found by their tags."""
    nb = nbformat.read(os.path.join(NOTEBOOKS, name), as_version=4)
    tagged = lambda tag: [c for c in nb.cells if c.cell_type == "code" and tag in c.metadata.get("tags", [])]
    starters, checks = tagged("exercise"), tagged("exercise-check")
    assert len(starters) == 1 and len(checks) == 1, f"{name}: {len(starters)} exercise and {len(checks)} exercise-check cells"
    return starters[0], checks[0]


def shown(messages):
    """Everything a cell showed: streams, text/plain of results and displays, and the error."""
    out = []
    for m in messages:
        c = m["content"]
        if m["msg_type"] == "stream":
            out.append(c["text"])
        elif m["msg_type"] in ("display_data", "execute_result"):
            out.append(c["data"].get("text/plain", ""))
        elif m["msg_type"] == "error":
            out.append(c["ename"] + ": " + c["evalue"])
    return strip_ansi("\n".join(out))


class ExercisesAreInTheNotebooks(unittest.TestCase):
    def test_every_exercise_has_a_solution_and_every_solution_an_exercise(self):
        self.assertEqual(sorted(SOLUTIONS), WITH_EXERCISES)

    def test_each_notebook_ends_with_its_exercise_and_a_failing_check(self):
        for name in WITH_EXERCISES:
            with self.subTest(notebook=name):
                starter, check = exercise_cells(name)
                nb = nbformat.read(os.path.join(NOTEBOOKS, name), as_version=4)
                self.assertEqual(nb.cells[-1].source, check.source, "the check is the last cell")
                self.assertEqual(nb.cells[-2].source, starter.source, "the starter comes right before its check")
                self.assertTrue(check.source.startswith("%%junit"))
                self.assertIn("raises-exception", check.metadata.get("tags", []))
                cls = SOLUTIONS[name]["cls"]
                self.assertRegex(starter.source, rf"(?m)^class {cls}\b")
                self.assertRegex(SOLUTIONS[name]["solution"], rf"(?m)^class {cls}\b")
                self.assertNotIn(SOLUTIONS[name]["solution"].strip(), starter.source, "the solution must not be in the notebook")
                # the markdown before the starter tells the student the check fails until they solve it
                self.assertIn("the check fails", nb.cells[-3].source)
                self.assertIn("raises-exception", nb.cells[-3].source)

    def test_committed_notebooks_show_the_check_failing_with_its_message(self):
        for name in WITH_EXERCISES:
            with self.subTest(notebook=name):
                _, check = exercise_cells(name)
                errors = [o for o in check.outputs if o.output_type == "error"]
                self.assertEqual(len(errors), 1, "the committed check cell must show the failure")
                self.assertEqual(errors[0].ename, "TestsFailed")
                text = "\n".join(o.get("data", {}).get("text/plain", "") for o in check.outputs)
                self.assertIn(SOLUTIONS[name]["failure"], text)


class ExercisesRunBothWays(unittest.TestCase):
    """Starter, then check (fails with the intended message); solution, then check (passes) — in a fresh kernel each."""

    def run_exercise(self, name):
        starter, check = exercise_cells(name)
        with KernelSession() as k:
            reply, msgs = k.run(starter.source, timeout=CHECK_TIMEOUT)
            self.assertEqual(reply["content"]["status"], "ok", shown(msgs))
            reply, msgs = k.run(check.source, timeout=CHECK_TIMEOUT)
            out = shown(msgs)
            self.assertEqual(reply["content"]["status"], "error", f"the check passed on the starter code:\n{out}")
            self.assertIn(SOLUTIONS[name]["failure"], out)
            self.assertIn("TestsFailed", out)
            reply, msgs = k.run(SOLUTIONS[name]["solution"], timeout=CHECK_TIMEOUT)
            self.assertEqual(reply["content"]["status"], "ok", shown(msgs))
            reply, msgs = k.run(check.source, timeout=CHECK_TIMEOUT)
            out = shown(msgs)
            self.assertEqual(reply["content"]["status"], "ok", f"the check failed on the solution:\n{out}")
            self.assertRegex(out, r"\d+ passed, 0 failed")


def _add(name):
    test = lambda self: self.run_exercise(name)
    test.__doc__ = f"{name}: the check fails on the starter and passes on the solution"
    setattr(ExercisesRunBothWays, "test_" + re.sub(r"\W", "_", name[:-len(".ipynb")]), test)


for _name in WITH_EXERCISES:
    _add(_name)

if __name__ == "__main__":
    unittest.main()
