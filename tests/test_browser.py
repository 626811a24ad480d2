"""ThreadLab in a real browser, as a user meets it: headless Chromium drives JupyterLab (ThreadLab's
build in lab/build, served by jupyterlab_server) where it is built, else the classic Notebook (6.4);
the first line printed says which front end ran. The server runs on a free port with a token,
isolated from the user's settings.

    THREADLAB_KERNEL_NAME=... /usr/bin/python3 -m unittest -v tests/test_browser.py
    THREADLAB_FRONT_END=classic ...     # drive the classic Notebook even where JupyterLab is built

Screenshots go to the test's temp folder; on a failure (or with THREADLAB_KEEP_SCREENSHOTS=1) the
folder is kept and their paths printed.
"""
import base64
import json
import os
import shutil
import struct
import sys
import tempfile
import time
import unittest

import nbformat

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import browser
from kernel_session import KERNEL_NAME, STARTUP_TIMEOUT

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
STDOUT = "application/vnd.jupyter.stdout"
STDERR = "application/vnd.jupyter.stderr"
LATE_TEXT = "late line from the thread of cell 3"

# cell index -> source; index 0 is Markdown
CELLS = [
    "# ThreadLab in the browser",
    "%threadlab",
    '%%threads\n'
    'Thread sleeper = new Thread(() -> { try { Thread.sleep(300); } catch (InterruptedException e) { } }, "sleeper");\n'
    'Thread worker = new Thread(() -> SplitSumVariants.sumRange(0, 100_000_000L), "worker");\n'
    'sleeper.start(); worker.start(); sleeper.join(); worker.join();',
    # sleeps, so the progress line has time to change and the machine's load does not matter
    "%%bench n=1,2 --repeat 3 --warmup 1\nThread.sleep(200);",
    'new Thread(() -> { try { Thread.sleep(1500); } catch (InterruptedException e) { }\n'
    f'    System.out.println("{LATE_TEXT}"); }}).start();',
    'Thread.sleep(3000);\n"the next cell ran while that thread printed"',
    "int average(int[] xs) { return java.util.Arrays.stream(xs).sum() / xs.length; }",
    'Thread averager = new Thread(() -> average(new int[0]), "averager");\naverager.start(); averager.join();',
    "while (true) {}",
    '"after the stop: " + (6 * 7)',
]
HELP, THREADS, BENCH, LATE, NEXT, AVERAGE, THREAD_ERROR, RUNAWAY, AFTER = range(1, 10)
# what each table must show a reader: its rows and the figures' headings
SHOWN = {THREADS: ("sleeper", "worker", "time by state", "sleeping"),
         BENCH: ("median", "IQR", "min", "max")}


def png_size(b64):
    """(width, height) from a base64 PNG's header."""
    head = base64.b64decode(b64[:44])
    return struct.unpack(">II", head[16:24])


class Session:
    """One server and one Chromium for the whole module: starting them is most of the cost."""
    front_end = server = browser = page = tmp = None
    failed = False


def setUpModule():
    problem = browser.missing_browser()
    if problem:
        raise unittest.SkipTest(f"no browser test: {problem}")
    available, reasons = browser.front_ends()
    if not available:
        raise unittest.SkipTest("no browser test: no front end to drive here (" + "; ".join(reasons) + ")")
    wanted = os.environ.get("THREADLAB_FRONT_END", "").lower()  # e.g. "classic" to drive the classic Notebook
    chosen = [f for f in available if wanted in f[0].lower()]
    if not chosen:
        raise unittest.SkipTest(f"no browser test: THREADLAB_FRONT_END={wanted} is none of "
                                + ", ".join(f[0] for f in available))
    Session.front_end, server_factory, page_class = chosen[0]
    reasons += [f"{name} also runs here (THREADLAB_FRONT_END picks it)" for name, _, _ in available
                if name != Session.front_end]
    print(f"\n  browser test: driving {Session.front_end} in headless Chromium"
          + (f" (not used: {'; '.join(reasons)})" if reasons else ""), flush=True)
    Session.tmp = tempfile.mkdtemp(prefix="threadlab-browser-")
    root = os.path.join(Session.tmp, "notebooks")
    os.makedirs(root)
    Session.server = server_factory(root, Session.tmp, kernel_name=KERNEL_NAME).start()
    try:
        Session.browser = browser.Chromium(Session.tmp)
    except Exception:
        Session.server.stop()
        raise
    Session.page = page_class(Session.browser, Session.server, timeout=STARTUP_TIMEOUT)


def tearDownModule():
    Session.browser.close()
    Session.server.stop()
    if Session.failed or os.environ.get("THREADLAB_KEEP_SCREENSHOTS"):
        print(f"\n  browser test {'failed; ' if Session.failed else ''}screenshots and server log kept in "
              f"{Session.tmp}:" + "".join(f"\n    {path}" for path in Session.browser.shots), flush=True)
        if Session.failed:
            print(f"  server log: {Session.server.log_path}\n{Session.server.log_tail(15)}", flush=True)
    else:
        shutil.rmtree(Session.tmp, ignore_errors=True)


class BrowserTestCase(unittest.TestCase):
    def setUp(self):
        self.page, self.browser, self.root = Session.page, Session.browser, Session.server.root_dir
        Session.server.shut_down_kernels()  # one JVM at a time on a small machine

    def run(self, result=None):
        failures = len(result.failures) + len(result.errors) if result else 0
        outcome = super().run(result)
        if result and len(result.failures) + len(result.errors) > failures and Session.browser:
            Session.failed = True
            shot = Session.browser.screenshot(f"{self._testMethodName}-at-failure")
            console = [line for line in Session.browser.console() if line.startswith("SEVERE")]
            print(f"\n  screenshot at failure: {shot}" + "".join(f"\n  console: {c}" for c in console[-10:]),
                  flush=True)
        return outcome

    def write_notebook(self, name, sources):
        nb = nbformat.v4.new_notebook()
        nb.metadata["kernelspec"] = {"name": KERNEL_NAME, "display_name": "Java (ThreadLab)", "language": "java"}
        nb.cells = [nbformat.v4.new_markdown_cell(s) if s.startswith("#") else nbformat.v4.new_code_cell(s)
                    for s in sources]
        nbformat.write(nb, os.path.join(self.root, name))
        return name

    def copy_committed_notebook(self, name):
        """A committed notebook as a file a user downloaded: untrusted, outputs as saved, kernel renamed to ours."""
        with open(os.path.join(ROOT, "notebooks", name)) as f:
            notebook = json.load(f)
        notebook["metadata"]["kernelspec"]["name"] = KERNEL_NAME  # never start another checkout's kernel
        with open(os.path.join(self.root, name), "w") as f:
            json.dump(notebook, f, indent=1)
        return notebook

    def assert_chart(self, index, what):
        """The cell shows a loaded PNG at its display width (from the output's metadata), never upscaled."""
        page = self.page
        images = page.wait_for_images(index, 1)
        page.scroll_to(index)
        shot = self.browser.screenshot(what.replace(" ", "-"))
        for image in images:
            width = int(image["width_attr"] or 0)
            self.assertTrue(width, f"{what}: the image has no display width ({shot})")
            self.assertGreaterEqual(image["natural_width"], width, f"{what}: drawn smaller than it is shown")
            self.assertTrue(100 < image["shown_width"] <= width + 0.5,
                            f"{what}: shown {image['shown_width']} px wide for a display width of {width} ({shot})")
        return images


    def assert_chart_then_table(self, outputs, what, words):
        """The chart, then below it an HTML table (not only text a browser never shows) with `words` in it."""
        kinds = [o.kind for o in outputs]
        self.assertIn("image/png", kinds, f"{what}: no chart shown: {kinds}")
        tables = [o for o in outputs[kinds.index("image/png") + 1:] if o.kind == "text/html" and o.tables]
        self.assertTrue(tables, f"{what}: no HTML table shown below the chart: {kinds}")
        for word in words:
            self.assertIn(word, tables[0].text, f"{what}: the table does not show {word!r}")


class NotebookInTheBrowser(BrowserTestCase):
    def test_run_all_shows_charts_and_tables_updates_progress_in_place_routes_late_output_stops_and_exports(self):
        page = self.page
        page.open_notebook(self.write_notebook("browser.ipynb", CELLS))
        self.browser.screenshot("opened")
        page.watch(BENCH, "bench")
        page.run_all()

        # %threadlab: its table left-aligned (the classic Notebook right-aligns tables by its CSS), the
        # examples' line breaks kept
        page.wait_for_cell(HELP)
        help_tables = [o for o in page.outputs(HELP) if o.kind == "text/html" and o.tables]
        self.assertTrue(help_tables, "%threadlab shows no table")
        self.assertIn("%%threads", help_tables[0].text)
        self.assertNotIn("⏎", help_tables[0].text)
        aligned = self.browser.js("return [...arguments[0].querySelectorAll('td')].map(td => getComputedStyle(td).textAlign);",
                                  page.cell_element(HELP))
        page.scroll_to(HELP)
        shot = self.browser.screenshot("threadlab-help")
        self.assertEqual(set(aligned), {"left"}, f"%threadlab's table is not left-aligned ({shot})")

        page.wait_for_cell(THREADS)
        self.assert_chart(THREADS, "threads chart")
        page.wait_for_cell(BENCH)
        self.assert_chart(BENCH, "bench chart")
        for index in (THREADS, BENCH):
            errors = [o.text for o in page.outputs(index) if o.kind == STDERR]
            self.assertFalse(errors, f"cell {index} showed an error")
        self.assert_chart_then_table(page.outputs(THREADS), "threads", SHOWN[THREADS])
        # the lanes are the three threads the cell ran, nothing the kernel's own start-up work started
        # (a warm-up's virtual thread once appeared here when Run All reached this cell early)
        summary = " ".join(o.text for o in page.outputs(THREADS) if o.kind == "text/html")
        self.assertIn("3 threads,", summary)
        self.assertNotIn("virtual", summary.split("time by state")[0])
        self.assert_chart_then_table(page.outputs(BENCH), "bench", SHOWN[BENCH])

        # the progress line: one output, replaced in place, ending with "done"
        states = page.watched("bench")
        # (the table below the chart is HTML, and its title may start with "%%bench" too)
        lines = [[text for kind, text in state if kind != "text/html" and text.startswith("%%bench")]
                 for state in states]
        self.assertTrue(all(len(shown) <= 1 for shown in lines),
                        f"two progress lines were shown at once: {[s for s in lines if len(s) > 1][:2]}")
        progress = [shown[0] for shown in lines if shown]
        distinct = list(dict.fromkeys(progress))
        self.assertGreaterEqual(len(distinct), 3, f"the progress line did not update in place: {distinct}")
        self.assertIn("done", distinct[-1])
        self.assertTrue(any("[2/2]" in text for text in distinct), distinct)
        final = page.outputs(BENCH)
        self.assertEqual(final[0].text, distinct[-1], "the progress line is not where it was first shown")

        # a thread started by cell 3 prints while cell 4 runs: the line shows under cell 3
        page.wait_for_output(LATE, lambda o: LATE_TEXT in o.text, "the late thread's line")
        page.wait_for_cell(NEXT)
        page.scroll_to(LATE)
        shot = self.browser.screenshot("late-output")
        self.assertFalse([o for o in page.outputs(NEXT) if LATE_TEXT in o.text],
                         f"the late line also showed under the cell that was running ({shot})")

        # an exception in a thread names the cell and line of each of the user's frames, once
        average_count = page.wait_for_cell(AVERAGE)
        page.wait_for_cell(THREAD_ERROR)
        errors = [o.text for o in page.outputs(THREAD_ERROR) if o.kind == STDERR]
        page.scroll_to(THREAD_ERROR)
        shot = self.browser.screenshot("thread-error")
        self.assertEqual(len(errors), 1, f"the thread's error: {errors} ({shot})")
        self.assertIn('Exception in thread "averager"', errors[0])
        self.assertIn(f"at average (cell [{average_count}], line 1)", errors[0], shot)
        self.assertEqual(errors[0].count("/ by zero"), 1, errors[0])

        # while (true) {} runs until the stop button; then the next cell runs
        self.assertEqual(page.prompt(RUNAWAY), "[*]:")
        time.sleep(1.5)
        self.assertEqual(page.prompt(RUNAWAY), "[*]:", "while (true) {} did not keep running")
        self.assertEqual(page.kernel_status(), "busy")
        page.scroll_to(RUNAWAY)
        self.browser.screenshot("runaway-running")
        page.interrupt()
        stopped = page.wait_for_cell(RUNAWAY, timeout=30)
        self.assertTrue([o for o in page.outputs(RUNAWAY) if o.kind == STDERR and "nterrupt" in o.text],
                        "the stopped cell does not say it was interrupted")
        page.wait_for_kernel_idle(timeout=30)
        page.run_cell(AFTER)
        page.wait_for_output(AFTER, lambda o: "after the stop: 42" in o.text, "the next cell's result")
        after = page.wait_for_cell(AFTER)
        self.assertGreater(after, stopped, "the cell after the stop did not run after it")
        self.browser.screenshot("after-stop")

        # what a reader of the HTML export sees: the same charts and tables
        page.save()
        export = browser.export_html(os.path.join(self.root, "browser.ipynb"), Session.tmp)
        cells = browser.open_html_export(self.browser, export)
        # (running the last cell from the toolbar added an empty cell below it)
        self.assertGreaterEqual(len(cells), len(CELLS), f"{export}: cells")
        for index, what in ((THREADS, "threads"), (BENCH, "bench")):
            self.assertTrue([i for o in cells[index] for i in o.images if i["natural_width"]],
                            f"{export}: the {what} chart does not show")
            self.assert_chart_then_table(cells[index], f"exported {what}", SHOWN[index])
            self.browser.js("arguments[0].scrollIntoView({block: 'start'});",
                            self.browser.driver.find_elements("css selector", "body > .jp-Cell")[index])
            self.browser.screenshot(f"export-{what}")


class UntrustedNotebookInTheBrowser(BrowserTestCase):
    """A notebook opened from a file is untrusted: its outputs are sanitized, yet charts and tables show."""

    def assert_saved_outputs_show(self, name):
        notebook = self.copy_committed_notebook(name)
        page = self.page
        page.open_notebook(name, wait_for_kernel=False)  # saved outputs show without one
        trusted = page.trusted()
        with_outputs = [i for i, c in enumerate(notebook["cells"]) if c.get("outputs")]
        self.assertTrue(with_outputs, f"{name} has no saved outputs to show")
        self.assertFalse(any(trusted[i] for i in with_outputs), f"{name} opened trusted: the test would prove nothing")
        charts = tables = 0
        for index, cell in enumerate(notebook["cells"]):
            shown = [o for o in cell.get("outputs", []) if o["output_type"] in ("display_data", "execute_result")]
            pngs = [o for o in shown if "image/png" in o["data"] and "text/html" not in o["data"]]
            htmls = [o for o in shown if "text/html" in o["data"]]
            if pngs:
                images = page.wait_for_images(index, len(pngs))
                self.assertEqual(len(images), len(pngs), f"{name} cell {index}: charts shown")
                for image, output in zip(images, pngs):
                    self.assertEqual(image["natural_width"], png_size(output["data"]["image/png"])[0])
                    width = output.get("metadata", {}).get("image/png", {}).get("width")
                    if width:
                        self.assertEqual(image["width_attr"], str(width), f"{name} cell {index}: display width")
                        self.assertTrue(0 < image["shown_width"] <= width + 0.5)
                charts += len(pngs)
            if htmls:
                rendered = [o for o in page.outputs(index) if o.kind == "text/html"]
                self.assertEqual(len(rendered), len(htmls), f"{name} cell {index}: HTML outputs shown")
                for html, output in zip(rendered, htmls):
                    source = "".join(output["data"]["text/html"])
                    self.assertEqual(html.tables, source.count("<table"), f"{name} cell {index}: tables shown")
                    self.assertTrue(html.text.strip(), f"{name} cell {index}: the HTML output is empty")
                tables += sum(o.tables for o in rendered)
            if pngs or htmls:
                page.scroll_to(index)
                self.browser.screenshot(f"untrusted-{os.path.splitext(name)[0]}-cell-{index}")
        return charts, tables

    def test_an_untrusted_notebook_shows_its_charts(self):
        charts, _ = self.assert_saved_outputs_show("02-split-sum.ipynb")
        self.assertGreaterEqual(charts, 2)

    def test_an_untrusted_notebook_shows_its_html_tables(self):
        _, tables = self.assert_saved_outputs_show("90-grading.ipynb")
        self.assertGreaterEqual(tables, 1)


if __name__ == "__main__":
    unittest.main()
