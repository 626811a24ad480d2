"""nbgrader parity: a graded notebook scores the same in nbgrader's autograde with this kernel as in `./threadlab grade`.

    THREADLAB_KERNEL_NAME=threadlab-nbgrader /usr/bin/python3 -m unittest -v tests/test_nbgrader_parity.py

nbgrader itself cannot be installed here (no PyPI), so this file does what its autograde does, from
nbgrader 0.9.5 (jupyter/nbgrader at 207a8e5, 2026-06-16), written anew, not copied:

- OverwriteCells (nbgrader/preprocessors/overwritecells.py): a submission's grade cells and locked
  cells get the instructor's source, matched by grade_id. Our hidden tests are not in the
  submissions at all; they are appended at the end, where the batch grader runs them. (nbgrader's
  own `add_missing_cells` would put them after the previous source cell and prefix a Python `#`
  comment, which no Java cell survives.)
- Execute (nbgrader/preprocessors/execute.py): nbclient with `timeout` (nbgrader's default 30 s,
  `ExecutePreprocessor.timeout`), `interrupt_on_timeout=True`, `allow_errors=True`,
  `raise_on_iopub_timeout=True`, `error_on_timeout` = a CellTimeoutError reply (so after the
  interrupt it does not wait for the kernel's reply), and its `on_cell_executed` hook that adds the
  reply's error as an output when the cell shows none. A dead kernel fails the whole autograde of
  that submission: no grades, which a gradebook shows as 0.
- determine_grade and get_partial_grade (nbgrader/utils.py), for a code grade cell: the outputs in
  order; the first `error` output or `stream` named `stderr` scores 0; the first `execute_result`
  is read as the points (text/plain as a float; not a float, or negative: full points, with a
  warning; above the cell's points: an error); neither: full points.

The batch grader runs with `--cell-time-limit` equal to that timeout. Both must give every sample
submission the score in examples/grading/expected-scores.csv.
"""
import concurrent.futures
import copy
import csv
import multiprocessing
import os
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import DeadKernelError

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXAMPLES = os.path.join(ROOT, "examples", "grading")
SUBMISSIONS = os.path.join(EXAMPLES, "submissions")
HIDDEN = os.path.join(EXAMPLES, "hidden-tests.ipynb")
KERNEL = os.environ.get("THREADLAB_KERNEL_NAME", "threadlab")
# nbgrader's Execute.timeout (its default, 30 s) and the batch grader's --cell-time-limit: the same for both.
# It applies to grade cells too in nbgrader, and the counter's tests alone run for seconds on 2 busy cores.
CELL_TIMEOUT = 30
# nbclient's wait for the kernel's "idle" after a reply: nbgrader raises past it (4 s by default). That is about
# how busy the host is, not about scoring; on a shared 2-core CI machine the kernel's idle can trail its reply by more.
IOPUB_TIMEOUT = 30
# nbgrader's error_on_timeout reply
TIMEOUT_REPLY = {"ename": "CellTimeoutError", "evalue": "", "traceback": ["ERROR: No reply from kernel"]}
# System.exit in a scratch cell: see test_system_exit_ends_only_its_cell_in_both.
SYSTEM_EXIT = "system-exit"


class PartialGradeError(ValueError):
    """nbgrader raises when a cell's result is more than its points."""


def partial_grade(output, max_points):
    """nbgrader's reading of an execute_result as points (get_partial_grade)."""
    text = output.get("data", {}).get("text/plain")
    if not text:
        raise KeyError("an execute_result without text/plain")
    if isinstance(text, list):
        if len(text) > 1:
            return max_points
        text = text[0]
    try:
        value = float(text)
    except ValueError:
        return max_points  # nbgrader warns and gives full points
    if value < 0:
        return max_points
    if value > max_points:
        raise PartialGradeError(f"partial credit {value} is more than the cell's {max_points} points")
    return value


def cell_grade(cell):
    """nbgrader's determine_grade for a code grade cell that is not a solution cell."""
    max_points = float(cell.metadata["nbgrader"]["points"])
    for output in cell.get("outputs", []):
        if output["output_type"] == "error" or (output["output_type"] == "stream" and output["name"] == "stderr"):
            return 0.0
        if output["output_type"] == "execute_result":
            return partial_grade(output, max_points)
    return max_points


def nbgrader_meta(cell):
    return cell.get("metadata", {}).get("nbgrader", {})


def merged(submission, instructor):
    """The notebook nbgrader's autograde executes: instructor's grade and locked cells by grade_id, missing grade cells at the end."""
    nb = copy.deepcopy(submission)
    source = {nbgrader_meta(c)["grade_id"]: c for c in instructor.cells
              if nbgrader_meta(c).get("grade_id") and (nbgrader_meta(c).get("grade") or nbgrader_meta(c).get("locked"))}
    present = set()
    for c in nb.cells:
        gid = nbgrader_meta(c).get("grade_id")
        if gid in source and not nbgrader_meta(c).get("solution"):
            c.source = source[gid].source
            c.metadata["nbgrader"] = copy.deepcopy(nbgrader_meta(source[gid]))
            present.add(gid)
    for gid, c in source.items():
        if gid not in present and nbgrader_meta(c).get("grade"):
            nb.cells.append(copy.deepcopy(c))
    for c in nb.cells:
        if c.cell_type == "code":
            c.outputs, c.execution_count = [], None
    return nb


def add_reply_error(cell, cell_index, execute_reply):
    """nbgrader's Execute.on_cell_executed: an error reply with no matching error output becomes one (a timeout)."""
    content = execute_reply["content"]
    if content["status"] != "error":
        return
    if any(o["output_type"] == "error" and o.get("ename") == content["ename"] for o in cell.outputs):
        return
    cell.outputs.append(nbformat.v4.new_output("error", ename=content["ename"], evalue=content["evalue"],
                                               traceback=content["traceback"] or ["ERROR: An error occurred while showtraceback was disabled"]))


def autograde(notebook, workdir):
    """Executes `notebook` as nbgrader's Execute preprocessor does; returns (executed notebook, total score, per grade_id)."""
    client = NotebookClient(notebook, kernel_name=KERNEL, timeout=CELL_TIMEOUT, interrupt_on_timeout=True,
                            allow_errors=True, raise_on_iopub_timeout=True, iopub_timeout=IOPUB_TIMEOUT,
                            error_on_timeout=dict(TIMEOUT_REPLY),
                            startup_timeout=120, on_cell_executed=add_reply_error,
                            resources={"metadata": {"path": workdir}})
    try:
        client.execute()
    except DeadKernelError:
        return notebook, 0.0, {}  # nbgrader's autograde of this submission fails: no grades
    graded = [c for c in notebook.cells
              if c.cell_type == "code" and nbgrader_meta(c).get("grade") and not nbgrader_meta(c).get("solution")]
    for c in graded:
        # a grade cell stopped at the timeout scores 0: here that would be the machine's load, not the submission
        if any(o.get("ename") == TIMEOUT_REPLY["ename"] for o in c.outputs):
            raise AssertionError(f"grade cell {nbgrader_meta(c)['grade_id']} ran past {CELL_TIMEOUT} s (load {os.getloadavg()})")
    scores = {nbgrader_meta(c)["grade_id"]: cell_grade(c) for c in graded}
    return notebook, sum(scores.values()), scores


def autograde_text(text, workdir):
    """autograde() of a notebook given as JSON text, in a worker process; the executed notebook comes back as text."""
    executed, total, _ = autograde(nbformat.reads(text, 4), workdir)
    return nbformat.writes(executed), total


def batch_grade(tests, submissions, out):
    """`./threadlab grade` with the same cell time limit: {student: score}; `out`/why.txt says why each lost points."""
    # The submission's limit is generous: the cell limit is what is compared, and the hanging one spends it all.
    # No sandbox: isolation is test_grading's subject, and scores do not depend on it.
    p = subprocess.run([os.path.join(ROOT, "threadlab"), "grade", "--tests", tests, "--out", out, "--time-limit", "300",
                        "--cell-time-limit", str(CELL_TIMEOUT), "--jobs", "2", "--no-sandbox", "--gradebook-detail",
                        submissions],
                       capture_output=True, text=True, timeout=900)
    if p.returncode != 0:
        raise AssertionError("threadlab grade failed: " + p.stderr[-2000:])
    with open(os.path.join(out, "gradebook.csv")) as f:
        rows = list(csv.DictReader(f))
    with open(os.path.join(out, "why.txt"), "w") as f:
        for r in rows:
            f.write(f"{r['student']}: {r['score']} {r['reason']!r} {dict((k, v) for k, v in r.items() if k not in ('student', 'reason'))}\n")
    return {r["student"]: float(r["score"]) for r in rows}


def expected_scores():
    with open(os.path.join(EXAMPLES, "expected-scores.csv")) as f:
        return {r["student"]: float(r["score"]) for r in csv.DictReader(f)}


def grade_cell(nb, grade_id):
    return next(c for c in nb.cells if nbgrader_meta(c).get("grade_id") == grade_id and c.cell_type == "code")


def outputs_of(cell, output_type, name=None):
    return [o for o in cell.outputs if o["output_type"] == output_type and (name is None or o.get("name") == name)]


def with_cell(name, grade_id, source):
    """A sample submission with one solution cell replaced."""
    nb = nbformat.read(os.path.join(SUBMISSIONS, name + ".ipynb"), 4)
    grade_cell(nb, grade_id).source = source
    return nb


# A correct SumTask whose threads log to stderr and stdout: the test passes; nbgrader must not see the logging.
NOISY_SUM = """class SumTask {
    static long parallelSum(long from, long to, int threads) throws InterruptedException {
        System.err.println("parallelSum(" + from + ", " + to + ", " + threads + ") starting");
        long[] parts = new long[threads];
        Thread[] workers = new Thread[threads];
        long chunk = (to - from + threads - 1) / threads;
        for (int t = 0; t < threads; t++) {
            final int k = t;
            final long lo = from + k * chunk, hi = Math.min(to, lo + chunk);
            workers[t] = new Thread(() -> { long s = 0; for (long i = lo; i < hi; i++) s += i; parts[k] = s; System.out.println("part " + k + " done"); });
            workers[t].start();
        }
        long total = 0;
        for (int t = 0; t < threads; t++) { workers[t].join(); total += parts[t]; }
        return total;
    }
}"""


class NbgraderRuleTest(unittest.TestCase):
    """The scoring rule itself, on hand-made outputs: it must be nbgrader's, or the comparison below proves nothing."""

    def cell(self, *outputs, points=4):
        c = nbformat.v4.new_code_cell("%%junit")
        c.metadata["nbgrader"] = {"grade": True, "solution": False, "grade_id": "t", "points": points}
        c.outputs = list(outputs)
        return c

    def test_errors_and_stderr_score_zero_results_are_points_and_anything_else_is_full(self):
        table = nbformat.v4.new_output("display_data", data={"text/plain": "2 passed"})
        err = nbformat.v4.new_output("error", ename="TestsFailed", evalue="", traceback=[])
        stderr = nbformat.v4.new_output("stream", name="stderr", text="warning\n")
        stdout = nbformat.v4.new_output("stream", name="stdout", text="hello\n")
        result = lambda text: nbformat.v4.new_output("execute_result", data={"text/plain": text}, execution_count=1)
        self.assertEqual(cell_grade(self.cell()), 4)
        self.assertEqual(cell_grade(self.cell(table, stdout)), 4)
        self.assertEqual(cell_grade(self.cell(table, err)), 0)
        self.assertEqual(cell_grade(self.cell(stdout, stderr)), 0)
        self.assertEqual(cell_grade(self.cell(table, result("2"))), 2)
        self.assertEqual(cell_grade(self.cell(result("2.5"))), 2.5)
        self.assertEqual(cell_grade(self.cell(result("0"))), 0)
        # the old passing table as execute_result: not a float, so nbgrader warns and gives full points
        self.assertEqual(cell_grade(self.cell(result("%%junit\n2 passed, 0 failed"))), 4)
        self.assertEqual(cell_grade(self.cell(result("-1"))), 4)
        with self.assertRaises(PartialGradeError):
            cell_grade(self.cell(result("5")))
        # the first of them decides
        self.assertEqual(cell_grade(self.cell(result("1"), err)), 1)
        self.assertEqual(cell_grade(self.cell(stderr, result("1"))), 0)

    def test_grade_cells_replace_the_students_copies_and_missing_ones_come_last(self):
        instructor = nbformat.read(HIDDEN, 4)
        student = nbformat.read(os.path.join(SUBMISSIONS, "correct.ipynb"), 4)
        tampered = copy.deepcopy(grade_cell(instructor, "test_sum"))
        tampered.source = "// always passes"
        student.cells.insert(3, tampered)
        nb = merged(student, instructor)
        self.assertEqual(grade_cell(nb, "test_sum").source, grade_cell(instructor, "test_sum").source)
        ids = [nbgrader_meta(c).get("grade_id") for c in nb.cells]
        self.assertEqual(ids[-3:], ["test_pool", "test_counter", "test_bank"])


class ParityTest(unittest.TestCase):
    """Every sample submission, executed with nbclient as nbgrader's autograde does and scored by its rule, then by the batch grader."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        instructor = nbformat.read(HIDDEN, 4)
        cls.nbgrader = {}
        cls.executed = {}
        subs = os.path.join(cls.tmp.name, "subs")
        os.mkdir(subs)
        extra = {"noisy": with_cell("correct", "sum", NOISY_SUM)}
        notebooks = {f[:-6]: nbformat.read(os.path.join(SUBMISSIONS, f), 4) for f in sorted(os.listdir(SUBMISSIONS)) if f.endswith(".ipynb")}
        notebooks.update(extra)
        # Two submissions at a time, each in a process of its own (one kernel each), the hanging one first:
        # it mostly waits out its 30 s while the others run. spawn, not fork: no shared ZeroMQ context.
        runs = {}
        with concurrent.futures.ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn")) as pool:
            for name, nb in sorted(notebooks.items(), key=lambda kv: kv[0] != "hanging"):
                nbformat.write(nb, os.path.join(subs, name + ".ipynb"))
                work = os.path.join(cls.tmp.name, "work-" + name)
                os.mkdir(work)
                runs[name] = pool.submit(autograde_text, nbformat.writes(merged(nb, instructor)), work)
            for name, run in runs.items():
                text, cls.nbgrader[name] = run.result()
                cls.executed[name] = nbformat.reads(text, 4)
        cls.batch = batch_grade(HIDDEN, subs, os.path.join(cls.tmp.name, "out"))
        with open(os.path.join(cls.tmp.name, "out", "why.txt")) as f:
            cls.why = f.read()

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_every_sample_scores_as_expected_in_both(self):
        expected = expected_scores()
        expected["noisy"] = 16.0
        for name, want in expected.items():
            with self.subTest(student=name):
                self.assertEqual(self.batch[name], want, f"batch grader (load {os.getloadavg()}):\n{self.why}")
                self.assertEqual(self.nbgrader[name], want, "nbgrader's rule")

    def test_system_exit_ends_only_its_cell_in_both(self):
        # In a notebook the kernel turns System.exit into an error in that cell and lives on (as IPython does
        # with sys.exit), so nbgrader goes on to the grade cells; the batch grader's child does the same.
        self.assertEqual(self.batch[SYSTEM_EXIT], 16)
        self.assertEqual(self.nbgrader[SYSTEM_EXIT], 16)
        last = [c for c in self.executed[SYSTEM_EXIT].cells if c.cell_type == "code" and not nbgrader_meta(c).get("grade")][-1]
        self.assertEqual([o["ename"] for o in outputs_of(last, "error")], ["SystemExit"])

    def test_a_passing_cell_shows_its_table_as_display_data_and_nothing_nbgrader_reads(self):
        for gid in ("test_sum", "test_pool", "test_counter", "test_bank"):
            cell = grade_cell(self.executed["correct"], gid)
            with self.subTest(cell=gid):
                self.assertEqual([o["output_type"] for o in cell.outputs], ["display_data"])
                self.assertIn("2 passed, 0 failed, 0 skipped; 4/4 points", cell.outputs[0]["data"]["text/plain"])
                self.assertIn("<table", cell.outputs[0]["data"]["text/html"])

    def test_what_student_code_prints_during_a_passing_cell_goes_into_the_table(self):
        cell = grade_cell(self.executed["noisy"], "test_sum")
        self.assertEqual(outputs_of(cell, "stream"), [], "nbgrader scores a grade cell with stderr output 0")
        self.assertEqual(cell_grade(cell), 4)
        table = cell.outputs[0]["data"]["text/plain"]
        self.assertIn("parallelSum(0, 1000000, 4) starting", table)
        self.assertIn("part 3 done", table)

    def test_partial_credit_is_a_number_nbgrader_reads_and_the_table_says_what_failed(self):
        for name, gid in (("serial", "test_sum"), ("leaking", "test_pool")):
            cell = grade_cell(self.executed[name], gid)
            with self.subTest(student=name):
                self.assertEqual([o["output_type"] for o in cell.outputs], ["display_data", "execute_result"])
                self.assertEqual(cell.outputs[1]["data"]["text/plain"], "2")
                self.assertIn("1 of 2 tests failed", cell.outputs[1]["data"]["text/html"])
                self.assertIn("1 passed, 1 failed", cell.outputs[0]["data"]["text/plain"])
                self.assertEqual(cell_grade(cell), 2)

    def test_a_hanging_scratch_cell_is_interrupted_and_the_grade_cells_still_run(self):
        nb = self.executed["hanging"]
        hung = next(c for c in nb.cells if "CountDownLatch(1).await()" in c.source)
        # nbgrader's CellTimeoutError, after the kernel's own "Interrupted" error when it came in time
        self.assertEqual([o["ename"] for o in outputs_of(hung, "error")][-1], "CellTimeoutError")
        for gid in ("test_sum", "test_pool", "test_counter", "test_bank"):
            self.assertEqual(cell_grade(grade_cell(nb, gid)), 4, gid)


class AllOrNothingTest(unittest.TestCase):
    """A grade cell without --partial-credit: a failing test ends it as an error, so nbgrader gives 0, and so does the batch grader."""

    def test_a_partly_passing_cell_scores_zero_in_both(self):
        with tempfile.TemporaryDirectory() as d:
            instructor = nbformat.read(HIDDEN, 4)
            for c in instructor.cells:
                c.source = c.source.replace(" --partial-credit", "")
            tests = os.path.join(d, "hidden-all-or-nothing.ipynb")
            nbformat.write(instructor, tests)
            subs = os.path.join(d, "subs")
            os.mkdir(subs)
            student = nbformat.read(os.path.join(SUBMISSIONS, "serial.ipynb"), 4)
            nbformat.write(student, os.path.join(subs, "serial.ipynb"))
            executed, total, scores = autograde(merged(student, instructor), d)
            cell = grade_cell(executed, "test_sum")
            self.assertEqual([o["output_type"] for o in cell.outputs], ["display_data", "error"])
            self.assertEqual(cell.outputs[1]["ename"], "TestsFailed")
            self.assertEqual(scores["test_sum"], 0)
            self.assertEqual(total, 12)
            batch = batch_grade(tests, subs, os.path.join(d, "out"))
            with open(os.path.join(d, "out", "why.txt")) as f:
                self.assertEqual(batch, {"serial": 12.0}, f"load {os.getloadavg()}: " + f.read())
            with open(os.path.join(d, "out", "gradebook.csv")) as f:
                row = next(csv.DictReader(f))
            self.assertEqual(float(row["test_sum.runsConcurrently"]), 0)   # it failed
            self.assertEqual(float(row["test_sum.sumIsRight"]), 0)         # it passed, but the cell is all or nothing


if __name__ == "__main__":
    unittest.main()
