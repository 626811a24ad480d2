"""Every notebook in notebooks/ re-executes headless (nbclient) without an error, within its time
budget, and converts to HTML with its charts embedded. The committed notebooks are never written.

    /usr/bin/python3 -m unittest -v tests/test_notebooks.py
"""
import glob
import os
import subprocess
import sys
import tempfile
import time
import unittest

import nbformat
from nbclient import NotebookClient

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kernel_session import KERNEL_NAME

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NOTEBOOKS = sorted(glob.glob(os.path.join(ROOT, "notebooks", "*.ipynb")))
BUDGET_SECONDS = 120  # each notebook re-executes in under this on a 2-core machine


class NotebooksTest(unittest.TestCase):
    def test_there_are_notebooks(self):
        self.assertTrue(NOTEBOOKS, "no notebooks in notebooks/")

    def test_every_notebook_executes_and_converts_to_html(self):
        for path in NOTEBOOKS:
            name = os.path.basename(path)
            with self.subTest(notebook=name):
                nb = nbformat.read(path, as_version=4)
                self.assertEqual(nb.metadata.kernelspec.name, "threadlab")
                client = NotebookClient(nb, timeout=BUDGET_SECONDS, kernel_name=KERNEL_NAME,
                                        resources={"metadata": {"path": os.path.dirname(path)}})
                started = time.monotonic()
                client.execute()  # raises CellExecutionError on the first failing cell
                elapsed = time.monotonic() - started
                self.assertLess(elapsed, BUDGET_SECONDS, f"{name} took {elapsed:.0f} s")
                # a cell tagged "raises-exception" shows an error on purpose (nbclient's convention)
                errors = [o for c in nb.cells if c.cell_type == "code"
                          and "raises-exception" not in c.metadata.get("tags", []) for o in c.get("outputs", [])
                          if o.output_type == "error"]
                self.assertEqual(errors, [], f"{name} has error outputs")
                pngs = sum("image/png" in o.get("data", {}) for c in nb.cells if c.cell_type == "code"
                           for o in c.get("outputs", []))
                with tempfile.TemporaryDirectory() as d:
                    executed = os.path.join(d, name)
                    nbformat.write(nb, executed)
                    subprocess.run([sys.executable, "-m", "nbconvert", "--to", "html", "--log-level", "ERROR",
                                    executed], check=True, timeout=120)
                    with open(executed[:-len(".ipynb")] + ".html", encoding="utf-8") as f:
                        html = f.read()
                self.assertEqual(html.count("<img src=\"data:image/png;base64,"), pngs, f"{name}: charts not embedded")

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
