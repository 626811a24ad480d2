"""The feedback page a student gets from `./threadlab grade`: structure, words, hidden tests kept hidden,
and a real-browser screenshot (headless Chromium at a laptop's 1280×800).

    THREADLAB_KERNEL_NAME=threadlab-feedback /usr/bin/python3 -m unittest -v tests/test_feedback.py

Sample submissions: three of examples/grading (deadlocking, hanging, system-exit) and four made
here from `correct` with one defect each (a method calling one nobody defined, a class missing, a
charset error, an object without toString compared by a hidden test).
"""
import copy
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest
from html.parser import HTMLParser

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import png  # noqa: E402
from browser import Chromium, missing_browser  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXAMPLES = os.path.join(ROOT, "examples", "grading")
HIDDEN = os.path.join(EXAMPLES, "hidden-tests.ipynb")
# a second instructor notebook: a hidden test comparing objects whose class has no toString
OBJECTS_TEST = """%%junit --points 1
@Test
void sameAccount() {
    Account mine = new Account(5);
    assertEquals(new Account(7), mine, "an account made with 7 has a balance of 7");
}
"""


def code_cell(source, meta=None):
    return {"cell_type": "code", "execution_count": None, "metadata": meta or {}, "outputs": [], "source": source}


def text_of(page):
    """The page's visible text, tags removed."""
    body = page.split("</style>", 1)[-1]
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)))


class Sections(HTMLParser):
    """The page's tasks in order: [(id, classes, [row classes])]."""

    def __init__(self):
        super().__init__()
        self.tasks = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "section" and "task" in a.get("class", "").split():
            self.tasks.append((a.get("id"), a.get("class"), []))
        elif tag == "tr" and self.tasks and a.get("class"):
            self.tasks[-1][2].append(a["class"])


def make_submissions(folder):
    for name in ("deadlocking", "hanging", "system-exit"):
        shutil.copy(os.path.join(EXAMPLES, "submissions", name + ".ipynb"), folder)
    # a cell's System.exit only ends that cell (as in a notebook); by reflection it ends the JVM, so no test runs
    with open(os.path.join(folder, "system-exit.ipynb")) as f:
        exits = json.load(f)
    for cell in exits["cells"]:
        source = "".join(cell["source"])
        cell["source"] = source.replace("System.exit(0);", 'System.class.getMethod("exit", int.class).invoke(null, 0);')
    with open(os.path.join(folder, "system-exit.ipynb"), "w") as f:
        json.dump(exits, f)
    with open(os.path.join(EXAMPLES, "submissions", "correct.ipynb")) as f:
        base = json.load(f)

    def variant(name, changes):
        nb = copy.deepcopy(base)
        for cell, source in changes.items():
            nb["cells"][cell - 1]["source"] = source
        with open(os.path.join(folder, name + ".ipynb"), "w") as f:
            json.dump(nb, f)

    variant("unresolved", {3: "class SumTask {\n    static long parallelSum(long from, long to, int threads) throws InterruptedException {\n"
                              "        return split(from, to, threads);\n    }\n}\n"})
    variant("missing", {3: "// SumTask: not done yet\n", 7: "System.out.println(1);\n"})
    variant("charset", {6: "class Bank {\n    static void transfer(Account from, Account to, int amount) {\n"
                           "        byte[] euro = {(byte) 0xE2, (byte) 0x82, 0x41};   // cut short: not UTF-8\n"
                           "        try { StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(euro)); }\n"
                           "        catch (CharacterCodingException e) { throw new UncheckedIOException(e); }\n    }\n}\n"})
    nb = copy.deepcopy(base)
    nb["cells"][6]["source"] = "import java.nio.*;\nimport java.nio.charset.*;\nimport java.io.UncheckedIOException;\n"
    with open(os.path.join(folder, "charset.ipynb")) as f:
        charset = json.load(f)
    charset["cells"].insert(1, nb["cells"][6])   # the imports before Bank's cell: every later cell moves down one
    with open(os.path.join(folder, "charset.ipynb"), "w") as f:
        json.dump(charset, f)


class FeedbackPageTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="threadlab-feedback-")
        subs = os.path.join(cls.tmp, "submissions")
        os.makedirs(subs)
        make_submissions(subs)
        objects = os.path.join(cls.tmp, "objects-tests.ipynb")
        with open(objects, "w") as f:
            json.dump({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [code_cell(
                OBJECTS_TEST, {"nbgrader": {"grade": True, "grade_id": "test_objects", "points": 1, "locked": True,
                                            "solution": False, "schema_version": 3}})]}, f)
        cls.out = os.path.join(cls.tmp, "grades")
        # --no-sandbox: the page does not depend on it (tests/test_grading.py covers the sandbox), and graders
        # running at once on one machine share the sandbox's uids (see the report)
        cls.proc = subprocess.run(
            [os.path.join(ROOT, "threadlab"), "grade", "--no-sandbox", "--tests", HIDDEN, "--tests", objects, "--out", cls.out,
             "--time-limit", "120", "--cell-time-limit", "8", subs], capture_output=True, text=True, timeout=1200)
        cls.hidden_source = []
        for path in (HIDDEN, objects):
            with open(path) as f:
                for cell in json.load(f)["cells"]:
                    if cell["cell_type"] == "code":
                        src = "".join(cell["source"])
                        cls.hidden_source += [line.strip() for line in src.splitlines() if len(line.strip()) >= 20]

    def page(self, student):
        with open(os.path.join(self.out, student, "feedback.html"), encoding="utf-8") as f:
            return f.read()

    def test_grader_ran(self):
        self.assertEqual(self.proc.returncode, 0, self.proc.stderr[-3000:])
        self.assertIn("graded 6 submissions", self.proc.stdout)

    def test_summary_then_failing_tasks_first_and_failing_tests_first(self):
        page = self.page("deadlocking")
        self.assertRegex(text_of(page), r"deadlocking: 12 / 17 points 6 of 9 tests passed, 3 failed")
        p = Sections()
        p.feed(page)
        ids = [t[0] for t in p.tasks]
        self.assertEqual(ids[:2], ["task-test_bank", "task-test_objects"])   # the failing tasks, in the notebook's order
        self.assertEqual(sorted(ids[2:]), ["task-test_counter", "task-test_pool", "task-test_sum"])
        for _, _, rows in p.tasks:
            results = [r for r in rows if not r.startswith("detail")]
            self.assertEqual(results, sorted(results, key=lambda r: r != "failed"), rows)   # failed rows before the others
        self.assertIn("test_bank <span class=\"pts\">0 / 4 points</span>", page)
        # readable: padding, nothing that must not wrap can wrap, failed rows highlighted
        self.assertRegex(page, r"th, td \{ padding: [^}]*\}")
        self.assertRegex(page, r"td\.status \{[^}]*white-space: nowrap")
        self.assertRegex(page, r"td\.num, th\.num \{[^}]*white-space: nowrap")
        self.assertRegex(page, r"tr\.failed td \{ background: #[0-9A-F]{6}")

    def test_no_frame_points_into_hidden_code_and_nothing_of_its_source_shows(self):
        for student in os.listdir(self.out):
            if not os.path.isdir(os.path.join(self.out, student)):
                continue
            page = self.page(student)
            self.assertNotIn("JUnitCell", page, student)
            self.assertNotRegex(page, r"cell \[1\d{4}\]", student)
            self.assertNotIn("REPL.$JShell$", page, student)
            text = html.unescape(page)
            for line in self.hidden_source:
                self.assertNotIn(line, text, f"{student} shows hidden source: {line}")

    def test_a_failure_quotes_the_students_cell_with_the_line_marked(self):
        page = self.page("unresolved")
        text = text_of(page)
        self.assertIn("SumTask.parallelSum (cell [3], line 2) uses method split(long,long,int), which no cell defined", text)
        self.assertNotIn("SPIResolution", page)
        self.assertIn("<figcaption>your cell 3, line 2</figcaption>", page)
        self.assertRegex(page, r'<mark class="line">▶  2  \s*static long parallelSum')
        self.assertIn("return split(from, to, threads);", page)   # the cell, not just its marked line

    def test_cells_are_numbered_as_jupyter_numbers_them(self):
        # charset.ipynb has one more cell before Bank's: Jupyter's 7th cell, the notebook's 6th code cell
        page = self.page("charset")
        self.assertIn("<figcaption>your cell 7, line", page)
        self.assertIn("Bank.transfer (cell [7], line", page)

    def test_cryptic_reasons_become_sentences_that_say_what_to_fix(self):
        charset = text_of(self.page("charset"))
        self.assertIn("Some bytes were not text in the character set they were read with (MalformedInputException: Input length = 2",
                      charset)
        self.assertIn("Read the file or stream with the charset it was written in", charset)
        missing = text_of(self.page("missing"))
        self.assertIn("The tests use SumTask, which no cell defined (or whose cell did not compile). Define it", missing)

    def test_objects_without_to_string_show_their_class_and_fields(self):
        page = text_of(self.page("deadlocking"))
        self.assertRegex(page, r"expected: <Account\{id=\d+, balance=7\}> but was: <Account\{id=\d+, balance=5\}>")
        self.assertNotRegex(page, r"<Account@[0-9a-f]+>")

    def test_a_hang_names_its_cell_quotes_it_and_says_where_each_thread_was(self):
        page = self.page("hanging")
        text = text_of(page)
        self.assertIn("cell 8 was stopped after 8.0 s (its time limit): it never finished; grading went on.", text)
        self.assertIn('Where its threads were: the cell at <cell> (cell [8], line 2) (waiting)', text)
        self.assertIn("<figcaption>your cell 8, line 2</figcaption>", page)
        self.assertRegex(page, r'<mark class="line">▶  2  new CountDownLatch\(1\)\.await\(\);</mark>')

    def test_tests_that_never_ran_say_so_once(self):
        page = self.page("system-exit")
        text = text_of(page)
        self.assertEqual(text.count("Tests that never ran"), 1)
        self.assertEqual(text.count("the notebook called System.exit during cell 8"), 1)
        self.assertNotIn('<tr class="failed">', page)   # no table of 9 identical "failed, 0 ms" rows
        for name in ("sumIsRight", "runsConcurrently", "drainsEveryItem", "leavesNoThreadRunning", "countsEveryIncrement",
                     "sameResultEveryRun", "noDeadlock", "keepsTheMoney", "sameAccount"):
            self.assertEqual(text.count(name), 1, name)
        self.assertIn("<figcaption>your cell 8</figcaption>", page)
        self.assertIn("invoke(null, 0);", page)

    @unittest.skipIf(missing_browser(), missing_browser() or "")
    def test_in_a_browser_the_first_failing_test_is_visible_without_scrolling(self):
        with Chromium(self.tmp) as browser:
            browser.driver.set_window_size(1280, 800)
            browser.driver.get("file://" + os.path.join(self.out, "deadlocking", "feedback.html"))
            seen = browser.js("""
                const row = document.querySelector('tr.failed');
                const r = row.getBoundingClientRect();
                const status = row.querySelector('td.status').getBoundingClientRect();
                return {title: document.title, top: r.top, bottom: r.bottom, left: r.left, right: r.right,
                        statusHeight: status.height, lineHeight: parseFloat(getComputedStyle(row).lineHeight),
                        width: window.innerWidth, height: window.innerHeight, scrollY: window.scrollY,
                        bodyHeight: document.body.scrollHeight, name: row.querySelector('code').textContent};
            """)
            shot = browser.screenshot("feedback-deadlocking")
        print(f"\nscreenshot: {shot} (viewport {seen['width']}×{seen['height']})")
        self.assertEqual(seen["title"], "Feedback: deadlocking")
        self.assertEqual(seen["name"], "noDeadlock")   # test_bank: its first test, failing
        self.assertEqual(seen["scrollY"], 0)
        self.assertGreater(seen["bodyHeight"], seen["height"] // 2)
        self.assertGreaterEqual(seen["top"], 0)
        self.assertLessEqual(seen["bottom"], seen["height"], seen)
        self.assertLessEqual(seen["right"], seen["width"], seen)
        self.assertLess(seen["statusHeight"], 2 * seen["lineHeight"], "'✘ failed' wraps")   # one line, not two
        with open(shot, "rb") as f:
            image = png.decode(f.read())
        self.assertGreaterEqual(image.width, 1000)
        # the failed row's highlight colour is on screen, where the row is
        y = int(seen["top"] + 4)
        colours = {image.pixel(x, y) for x in range(int(seen["left"]) + 8, int(seen["right"]) - 8, 7)}
        self.assertIn((0xFF, 0xF4, 0xEE), colours)


if __name__ == "__main__":
    unittest.main()
