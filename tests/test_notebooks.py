"""Every notebook in notebooks/ re-executes headless (nbclient) without an error, within its time
budget, and converts to HTML with its charts embedded. The committed notebooks are never written.

Two notebooks execute at a time, each in a process of its own (a kernel each): on a 2-core machine
that nearly halves this file's time, and their speedup cells print what they measured, whatever it
is. A notebook whose checks race against set latencies (01: the 100 ms mirror must beat the 250 ms
one, every time) executes alone, after the others: beside another kernel's %%bench at load 5 it once
did not.

    /usr/bin/python3 -m unittest -v tests/test_notebooks.py
"""
import concurrent.futures
import glob
import multiprocessing
import os
import sys
import time
import traceback
import unittest

import nbformat

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kernel_session import KERNEL_NAME

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NOTEBOOKS = sorted(glob.glob(os.path.join(ROOT, "notebooks", "*.ipynb")))
BUDGET_SECONDS = 120  # each notebook re-executes in under this on a 2-core machine, beside another one
AT_ONCE = 2
ALONE = {"01-first-response.ipynb"}


def execute(path, kernel_name):
    """Executes one notebook in memory and converts it to HTML, as `jupyter nbconvert --to html` does;
    returns what the test checks, or the failure as text (a worker's exception would lose its cell)."""
    from nbclient import NotebookClient
    from nbconvert import HTMLExporter
    nb = nbformat.read(path, as_version=4)
    try:
        client = NotebookClient(nb, timeout=BUDGET_SECONDS, kernel_name=kernel_name,
                                resources={"metadata": {"path": os.path.dirname(path)}})
        started = time.monotonic()
        client.execute()  # raises CellExecutionError on the first failing cell
        elapsed = time.monotonic() - started
    except Exception:
        return {"failure": traceback.format_exc(limit=3)[-4000:]}
    # a cell tagged "raises-exception" shows an error on purpose (nbclient's convention)
    errors = [o.get("ename", "") + ": " + o.get("evalue", "") for c in nb.cells if c.cell_type == "code"
              and "raises-exception" not in c.metadata.get("tags", []) for o in c.get("outputs", [])
              if o.output_type == "error"]
    pngs = sum("image/png" in o.get("data", {}) for c in nb.cells if c.cell_type == "code"
               for o in c.get("outputs", []))
    html, _ = HTMLExporter().from_notebook_node(nb)
    return {"kernelspec": nb.metadata.kernelspec.name, "elapsed": elapsed, "errors": errors, "pngs": pngs,
            "embedded": html.count("<img src=\"data:image/png;base64,")}


class NotebooksTest(unittest.TestCase):
    def test_there_are_notebooks(self):
        self.assertTrue(NOTEBOOKS, "no notebooks in notebooks/")

    def test_every_notebook_executes_and_converts_to_html(self):
        # spawn, not fork: a forked child would share this process's ZeroMQ context
        with concurrent.futures.ProcessPoolExecutor(AT_ONCE, mp_context=multiprocessing.get_context("spawn")) as pool:
            runs = {path: pool.submit(execute, path, KERNEL_NAME) for path in NOTEBOOKS
                    if os.path.basename(path) not in ALONE}
            concurrent.futures.wait(runs.values())
            runs.update({path: pool.submit(execute, path, KERNEL_NAME) for path in NOTEBOOKS
                         if os.path.basename(path) in ALONE})
            for path in NOTEBOOKS:
                name = os.path.basename(path)
                with self.subTest(notebook=name):
                    r = runs[path].result()
                    self.assertNotIn("failure", r, f"{name}: {r.get('failure')}")
                    self.assertEqual(r["kernelspec"], "threadlab")
                    self.assertLess(r["elapsed"], BUDGET_SECONDS, f"{name} took {r['elapsed']:.0f} s")
                    self.assertEqual(r["errors"], [], f"{name} has error outputs")
                    self.assertEqual(r["embedded"], r["pngs"], f"{name}: charts not embedded")

    def test_committed_notebooks_are_executed(self):
        for path in NOTEBOOKS:
            nb = nbformat.read(path, as_version=4)
            code = [c for c in nb.cells if c.cell_type == "code" and c.source.strip()]
            with self.subTest(notebook=os.path.basename(path)):
                self.assertTrue(code)
                self.assertTrue(all(c.execution_count for c in code), "some code cells were never run")
                self.assertFalse([o for c in code if "raises-exception" not in c.metadata.get("tags", [])
                              for o in c.outputs if o.output_type == "error"])


if __name__ == "__main__":
    unittest.main()
