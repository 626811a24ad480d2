"""Grading: `./threadlab grade` on the sample submissions, and `%%junit` through a real Jupyter client.

    THREADLAB_KERNEL_NAME=threadlab-grade /usr/bin/python3 -m unittest -v tests/test_grading.py
"""
import csv
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unittest
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kernel_session import KernelSession, strip_ansi

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXAMPLES = os.path.join(ROOT, "examples", "grading")
SUBMISSIONS = os.path.join(EXAMPLES, "submissions")
TIME_LIMIT = 30
CELL_TIME_LIMIT = 5


def fingerprint(folder):
    """(sha256, mtime_ns) of every file in `folder`."""
    out = {}
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        with open(path, "rb") as f:
            out[name] = (hashlib.sha256(f.read()).hexdigest(), os.stat(path).st_mtime_ns)
    return out


SANDBOX_UIDS = 2_100_000_000   # Sandbox.BASE_UID: a sandboxed child's uid when the grader runs as root


def sandboxed_processes():
    """Pids of processes still running as a sandbox uid (or, not as root, with a grading child's main class).

    A zombie has ended (it waits only for its parent, here the machine's init, to read its status):
    it runs nothing and holds no file, so it is not counted."""
    alive = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/stat") as f:
                if f.read().rsplit(")", 1)[1].split()[0] == "Z":
                    continue
            if os.getuid() == 0:
                if os.stat(f"/proc/{pid}").st_uid >= SANDBOX_UIDS:
                    alive.append(pid)
            else:
                with open(f"/proc/{pid}/cmdline", "rb") as f:
                    if b"GradeMain" in f.read():
                        alive.append(pid)
        except OSError:
            pass  # ended while we looked
    return alive


class GraderTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.out = tempfile.mkdtemp(prefix="threadlab-grades-")
        cls.before = fingerprint(SUBMISSIONS)
        t0 = time.monotonic()
        cls.proc = subprocess.run(
            [os.path.join(ROOT, "threadlab"), "grade", "--tests", os.path.join(EXAMPLES, "hidden-tests.ipynb"),
             "--out", cls.out, "--time-limit", str(TIME_LIMIT), "--cell-time-limit", str(CELL_TIME_LIMIT),
             "--gradebook-detail", SUBMISSIONS],
            capture_output=True, text=True, timeout=600)
        cls.seconds = time.monotonic() - t0
        cls.after = fingerprint(SUBMISSIONS)
        cls.lines = {}
        for line in cls.proc.stdout.splitlines():
            m = re.match(r"(\S+)\s+([\d.]+)/([\d.]+)\s+([\d.]+) (ms|s)\b", line)
            if m:
                cls.lines[m.group(1)] = float(m.group(4)) / (1000 if m.group(5) == "ms" else 1)

    def results(self, student):
        with open(os.path.join(self.out, student, "results.json")) as f:
            return json.load(f)

    def failing_output(self, student):
        return "\n".join(t["output"] for t in self.results(student)["tests"] if t["status"] == "failed")

    def test_grader_ran(self):
        self.assertEqual(self.proc.returncode, 0, self.proc.stderr[-3000:])
        self.assertIn("graded 8 submissions", self.proc.stdout)

    def test_exact_expected_scores(self):
        with open(os.path.join(EXAMPLES, "expected-scores.csv")) as f:
            expected = {r["student"]: (float(r["score"]), float(r["max_score"])) for r in csv.DictReader(f)}
        with open(os.path.join(self.out, "gradebook.csv")) as f:
            got = {r["student"]: (float(r["score"]), float(r["max_score"])) for r in csv.DictReader(f)}
        self.assertEqual(got, expected)

    def test_submissions_are_not_modified(self):
        self.assertEqual(self.before, self.after)

    def test_gradescope_results_json(self):
        for student in self.lines:
            r = self.results(student)
            self.assertIsInstance(r["score"], (int, float))
            self.assertEqual(len(r["tests"]), 8)
            for t in r["tests"]:
                self.assertEqual(set(t) >= {"name", "score", "max_score", "status", "output"}, True, t)
                self.assertIn(t["status"], ("passed", "failed"))
            self.assertEqual(r["score"], sum(t["score"] for t in r["tests"]))

    def test_junit_xml_and_feedback(self):
        suites = ET.parse(os.path.join(self.out, "junit.xml")).getroot().findall("testsuite")
        self.assertEqual(len(suites), 8)
        for student in self.lines:
            with open(os.path.join(self.out, student, "feedback.html")) as f:
                self.assertIn(f"{student}:", f.read())

    def test_no_student_file_holds_the_hidden_tests_source(self):
        from test_grading_files import distinctive_lines, student_files
        lines = distinctive_lines(os.path.join(EXAMPLES, "hidden-tests.ipynb"), also_in=[os.path.join(EXAMPLES, "assignment.ipynb")])
        self.assertGreaterEqual(len(lines), 10, lines)
        files = student_files(self.out)
        self.assertGreaterEqual(len(files), 4 * 8)
        for path, text in files.items():
            for line in lines:
                self.assertNotIn(line, text, f"{path} holds a line of the hidden tests")

    def test_junit_xml_validates_with_xmllint(self):
        from test_grading_files import JENKINS_XSD, ant_xsd, xmllint
        ant = ant_xsd(self.out)
        for path in [os.path.join(self.out, "junit.xml")] + [os.path.join(self.out, s, "junit.xml") for s in self.lines]:
            for schema in (ant, JENKINS_XSD):
                ok, messages = xmllint(schema, path)
                self.assertTrue(ok, f"{path} against {os.path.basename(schema)}: {messages}")

    def test_reasons_a_student_can_act_on(self):
        # cells are numbered as the notebook's cells, markdown too: the extra cell is the 8th
        self.assertIn("cell 8 called System.exit(0): as in a notebook, that ended only the cell", self.results("system-exit")["output"])
        self.assertIn(f"cell 8 was stopped after {CELL_TIME_LIMIT}.0 s (its time limit)", self.results("hanging")["output"])
        deadlock = self.failing_output("deadlocking")
        self.assertRegex(deadlock, r"alice-to-bob holds Account@\w+ and waits for Account@\w+, held by bob-to-alice"
                                   r"|bob-to-alice holds Account@\w+ and waits for Account@\w+, held by alice-to-bob")
        self.assertRegex(self.failing_output("leaking"), r'"pool-\d+-thread-1" \(waiting\)')
        self.assertIn("no two of them were alive at the same time", self.failing_output("serial"))
        self.assertIn("different results", self.failing_output("racy"))
        self.assertRegex(self.failing_output("racy"), r"\bat \S+ \(cell \[\d+\], line \d+\)")  # frames by cell and line

    def test_a_hanging_cell_is_stopped_and_grading_goes_on(self):
        # a hang that no stop can end (killed at the submission's time limit) is in tests/test_grading_hostile.py
        self.assertGreaterEqual(self.lines["hanging"], CELL_TIME_LIMIT)
        self.assertLess(self.lines["hanging"], TIME_LIMIT)
        self.assertEqual(sandboxed_processes(), [], "processes of the hanging submission still running")

    def test_bad_arguments_get_one_sentence(self):
        p = subprocess.run([os.path.join(ROOT, "threadlab"), "grade", "--bogus", SUBMISSIONS],
                           capture_output=True, text=True, timeout=300)
        self.assertEqual(p.returncode, 2)
        self.assertIn("threadlab grade does not know the argument '--bogus'.", p.stderr)
        self.assertNotIn("Exception", p.stderr)


class NbgraderTest(unittest.TestCase):
    """Instructor grade cells (plain code and %%junit) with nbgrader points, matched by grade_id."""

    def test_grade_cells_count_with_their_points_and_come_from_the_instructor(self):
        import nbformat
        with tempfile.TemporaryDirectory() as d:
            def cell(src, **nbg):
                c = nbformat.v4.new_code_cell(src)
                c.metadata["nbgrader"] = dict({"schema_version": 3, "solution": False, "locked": True}, **nbg)
                return c
            instructor = nbformat.v4.new_notebook()
            instructor.cells = [
                cell('if (SumTask.parallelSum(1, 11, 2) != 55) throw new AssertionError("sum of 1..10 should be 55");',
                     grade=True, grade_id="plain_sum", points=3),
                cell("%%junit\n@Test void small() throws Exception { assertEquals(5050L, SumTask.parallelSum(1, 101, 2)); }\n"
                     "@Test void empty() throws Exception { assertEquals(0L, SumTask.parallelSum(5, 5, 2)); }",
                     grade=True, grade_id="junit_sum", points=2)]
            tests = os.path.join(d, "instructor.ipynb")
            nbformat.write(instructor, tests)
            subs = os.path.join(d, "subs")
            os.mkdir(subs)
            student = nbformat.read(os.path.join(SUBMISSIONS, "correct.ipynb"), 4)
            # a student's copy of a grade cell never runs: the instructor's does
            student.cells.append(cell("// tampered", grade=True, grade_id="plain_sum", points=100))
            nbformat.write(student, os.path.join(subs, "solved.ipynb"))
            shutil.copy(os.path.join(EXAMPLES, "assignment.ipynb"), os.path.join(subs, "unsolved.ipynb"))
            out = os.path.join(d, "out")
            p = subprocess.run([os.path.join(ROOT, "threadlab"), "grade", "--tests", tests, "--out", out,
                                "--time-limit", "60", "--gradebook-detail", subs], capture_output=True, text=True, timeout=300)
            self.assertEqual(p.returncode, 0, p.stderr[-2000:])
            with open(os.path.join(out, "gradebook.csv")) as f:
                got = {r["student"]: (float(r["score"]), float(r["max_score"])) for r in csv.DictReader(f)}
            self.assertEqual(got, {"solved": (5.0, 5.0), "unsolved": (0.0, 5.0)})
            with open(os.path.join(out, "unsolved", "results.json")) as f:
                plain = next(t for t in json.load(f)["tests"] if t["name"] == "plain_sum")
            self.assertEqual(plain["max_score"], 3)
            self.assertIn("UnsupportedOperationException", plain["output"])


class RobustnessTest(unittest.TestCase):
    """Submissions that misbehave fail only their own tests, each with its reason."""

    def test_endless_threads_megabytes_of_output_memory_and_exceptions(self):
        import nbformat
        sum_task = "class SumTask { static long parallelSum(long a, long b, int n) { long s = 0; for (long i = a; i < b; i++) s += i; return s; } }"
        cases = {
            "threads": [sum_task, "while (true) { Thread.ofPlatform().start(() -> { try { Thread.sleep(100_000); } catch (InterruptedException e) { } }); }"],
            "printer": [sum_task, 'for (int i = 0; i < 200_000; i++) System.out.println("spam spam spam spam spam spam " + i);'],
            "memory": ["long[][] hog = new long[100][]; for (int i = 0; i < 100; i++) hog[i] = new long[10_000_000];"],
            "throws": ['throw new RuntimeException("boom");',
                       'class SumTask { static long parallelSum(long a, long b, int n) { throw new IllegalStateException("nope"); } }'],
        }
        with tempfile.TemporaryDirectory() as d:
            subs = os.path.join(d, "subs")
            os.mkdir(subs)
            for name, cells in cases.items():
                nb = nbformat.v4.new_notebook()
                nb.cells = [nbformat.v4.new_code_cell(c) for c in cells]
                nbformat.write(nb, os.path.join(subs, name + ".ipynb"))
            shutil.copy(os.path.join(SUBMISSIONS, "correct.ipynb"), subs)   # honest work fits a small --memory
            out = os.path.join(d, "out")
            p = subprocess.run([os.path.join(ROOT, "threadlab"), "grade", "--tests", os.path.join(EXAMPLES, "hidden-tests.ipynb"),
                                "--out", out, "--time-limit", "60", "--memory", "256", "--gradebook-detail", subs],
                               capture_output=True, text=True, timeout=300)
            self.assertEqual(p.returncode, 0, p.stderr[-2000:])
            with open(os.path.join(out, "gradebook.csv")) as f:
                rows = {r["student"]: r for r in csv.DictReader(f)}
            self.assertIn("started more than 1000 threads", rows["threads"]["reason"])
            self.assertIn("used more memory than --memory allows (--memory 256: heap 256 MB, ", rows["memory"]["reason"])
            self.assertIn(" during cell 1", rows["memory"]["reason"])
            self.assertEqual((float(rows["correct"]["score"]), rows["correct"]["reason"]), (16.0, ""))
            self.assertEqual(rows["printer"]["reason"], "")
            self.assertEqual(float(rows["printer"]["test_sum.sumIsRight"]), 2)      # its own sum still counts
            self.assertLess(os.path.getsize(os.path.join(out, "printer", "output.txt")), 300_000)
            with open(os.path.join(out, "throws", "results.json")) as f:
                self.assertIn("IllegalStateException: nope", json.load(f)["tests"][0]["output"])


class JUnitMagicTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.k = KernelSession()
        reply, _ = cls.k.run("class Adder { static int add(int a, int b) { return a + b + (a == 2 ? 1 : 0); } }")
        assert reply["content"]["status"] == "ok", reply["content"]

    @classmethod
    def tearDownClass(cls):
        cls.k.close()

    def test_passing_tests_show_a_table_with_points(self):
        reply, msgs = self.k.run("%%junit --points 6\n@Test void one() { assertEquals(2, Adder.add(1, 1)); }\n"
                                 "@Test @Points(4) void zero() { assertEquals(0, Adder.add(0, 0)); }")
        self.assertEqual(reply["content"]["status"], "ok", reply["content"])
        # display data, not the cell's result: nbgrader would try to read a result as points
        self.assertEqual([m for m in msgs if m["msg_type"] == "execute_result"], [])
        data = next(m for m in msgs if m["msg_type"] == "display_data")["content"]["data"]
        self.assertIn("2 passed, 0 failed, 0 skipped; 10/10 points", data["text/plain"])
        self.assertIn("<table", data["text/html"])
        reply, msgs = self.k.run("ThreadLab.lastJUnit().points()")
        self.assertEqual(self.k.result(msgs), "10.0")

    def test_what_the_code_prints_during_the_tests_is_in_the_table_not_the_cell(self):
        reply, msgs = self.k.run("%%junit\n@Test void logs() throws Exception {\n  System.err.println(\"careful\");\n"
                                 "  Thread t = new Thread(() -> System.out.println(\"from a worker\")); t.start(); t.join();\n"
                                 "  assertEquals(2, Adder.add(1, 1));\n}")
        self.assertEqual(reply["content"]["status"], "ok", reply["content"])
        self.assertEqual([m["content"] for m in msgs if m["msg_type"] == "stream"], [])
        table = next(m for m in msgs if m["msg_type"] == "display_data")["content"]["data"]["text/plain"]
        self.assertIn("printed while it ran:\n      careful\n      from a worker", table)
        # afterwards the notebook's streams are its own again
        reply, msgs = self.k.run('System.err.println("after");')
        self.assertEqual([m["content"]["text"] for m in msgs if m["msg_type"] == "stream"], ["after\n"])

    def test_partial_credit_ends_with_the_points_earned_and_no_error(self):
        reply, msgs = self.k.run("%%junit --points 4 --partial-credit\n@Test void one() { assertEquals(2, Adder.add(1, 1)); }\n"
                                 "@Test void two() { assertEquals(4, Adder.add(2, 2)); }")
        self.assertEqual(reply["content"]["status"], "ok", reply["content"])
        self.assertEqual([m["msg_type"] for m in msgs if m["msg_type"] in ("display_data", "execute_result", "error")],
                         ["display_data", "execute_result"])
        result = next(m for m in msgs if m["msg_type"] == "execute_result")["content"]["data"]
        self.assertEqual(result["text/plain"], "2")
        self.assertIn("1 of 2 tests failed (two); 2/4 points.", result["text/html"])
        # all passing: only the table, as without the switch
        reply, msgs = self.k.run("%%junit --points 4 --partial-credit\n@Test void one() { assertEquals(2, Adder.add(1, 1)); }")
        self.assertEqual([m["msg_type"] for m in msgs if m["msg_type"] in ("display_data", "execute_result", "error")],
                         ["display_data"])

    def test_failure_shows_expected_actual_and_ends_as_error(self):
        reply, msgs = self.k.run("%%junit\nclass AdderTests {\n  @Test void twoAndTwo() { assertEquals(4, Adder.add(2, 2)); }\n"
                                 "  @Test void fine() { }\n}")
        self.assertEqual(reply["content"]["status"], "error")
        table = next(m for m in msgs if m["msg_type"] == "display_data")["content"]["data"]["text/plain"]
        self.assertIn("AdderTests.twoAndTwo", table)
        self.assertIn("expected: <4> but was: <5>", table)
        count = reply["content"]["execution_count"]
        self.assertIn(f"at AdderTests.twoAndTwo (cell [{count}], line 3)", table)  # the student's own frame
        self.assertIn("1 passed, 1 failed", table)
        err = self.k.error(msgs)
        self.assertEqual(err["ename"], "TestsFailed")
        self.assertIn("1 of 2 tests failed (AdderTests.twoAndTwo)", err["evalue"])

    def test_concurrency_assertion_message(self):
        reply, msgs = self.k.run("%%junit\n@Test void serial() throws Throwable {\n"
                                 "  assertRanConcurrently(2, () -> { for (int i = 0; i < 2; i++) { Thread t = new Thread(() -> {}); t.start(); t.join(); } });\n}")
        self.assertEqual(reply["content"]["status"], "error")
        table = next(m for m in msgs if m["msg_type"] == "display_data")["content"]["data"]["text/plain"]
        self.assertIn("Start them all first, then join them", table)

    def test_help_and_bad_flag(self):
        reply, msgs = self.k.run("%%junit --help\n")
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertIn("--points N", self.k.result(msgs))
        reply, msgs = self.k.run("%%junit --pionts 3\n@Test void a() {}")
        err = self.k.error(msgs)
        self.assertEqual(err["ename"], "UsageException")
        self.assertTrue(err["evalue"].startswith("%%junit does not know the argument '--pionts'."), err["evalue"])
        self.assertNotIn("\tat ", strip_ansi("\n".join(err["traceback"])))

    def test_help_magic_lists_junit(self):
        reply, msgs = self.k.run("%threadlab")
        self.assertIn("%%junit", self.k.result(msgs))


if __name__ == "__main__":
    unittest.main()
