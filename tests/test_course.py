"""The graded course assignment in examples/grading/course/: built from the notebooks' exercises (so it
cannot drift from them), and graded by `./threadlab grade` to exactly expected-scores.csv, with the
students seeing the same failure messages as in the notebooks.

    THREADLAB_KERNEL_NAME=threadlab-i14 /usr/bin/python3 -m unittest -v tests/test_course.py
"""
import csv
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from exercise_solutions import SOLUTIONS

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
COURSE = os.path.join(ROOT, "examples", "grading", "course")
SUBMISSIONS = os.path.join(COURSE, "submissions")
TIME_LIMIT = 120  # a blank submission waits out every deadline of its failing checks


def digests(folder):
    def digest(name):
        with open(os.path.join(folder, name), "rb") as f:
            return hashlib.sha256(f.read()).hexdigest()
    return {n: digest(n) for n in sorted(os.listdir(folder))}


class CourseAssignment(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.out = tempfile.mkdtemp(prefix="threadlab-course-")
        cls.before = digests(SUBMISSIONS)
        cls.proc = subprocess.run(
            [os.path.join(ROOT, "threadlab"), "grade", "--tests", os.path.join(COURSE, "hidden-tests.ipynb"),
             "--out", cls.out, "--time-limit", str(TIME_LIMIT), "--gradebook-detail", SUBMISSIONS],
            capture_output=True, text=True, timeout=900)
        cls.after = digests(SUBMISSIONS)

    def results(self, student):
        with open(os.path.join(self.out, student, "results.json")) as f:
            return json.load(f)

    def test_the_files_are_what_make_course_builds_from_the_notebooks(self):
        p = subprocess.run([sys.executable, os.path.join(COURSE, "make_course.py"), "--check"], capture_output=True, text=True)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)

    def test_scores_are_exactly_the_expected_ones(self):
        self.assertEqual(self.proc.returncode, 0, self.proc.stderr[-3000:])
        with open(os.path.join(COURSE, "expected-scores.csv")) as f:
            expected = {r["student"]: (float(r["score"]), float(r["max_score"])) for r in csv.DictReader(f)}
        with open(os.path.join(self.out, "gradebook.csv")) as f:
            got = {r["student"]: (float(r["score"]), float(r["max_score"])) for r in csv.DictReader(f)}
        self.assertEqual(got, expected)

    def test_a_blank_submission_sees_the_notebooks_failure_messages(self):
        failing = "\n".join(t["output"] for t in self.results("blank")["tests"] if t["status"] == "failed")
        for name in ("02-split-sum.ipynb", "04-sleepers.ipynb", "05-worker-queue.ipynb",
                     "08-liveness-and-cancellation.ipynb", "09-bounded-producer-consumer.ipynb"):
            with self.subTest(exercise=name):
                self.assertIn(SOLUTIONS[name]["failure"], failing)

    def test_only_the_tests_the_starter_code_passes_are_worth_nothing(self):
        tests = self.results("blank")["tests"]
        passed = sorted(t["name"] for t in tests if t["status"] == "passed")
        worth_nothing = sorted(t["name"] for t in tests if t["max_score"] == 0)
        self.assertEqual(passed, worth_nothing)
        self.assertEqual(len(worth_nothing), 5, worth_nothing)   # make_course.py's STARTER_PASSES
        self.assertEqual(sum(t["score"] for t in tests), 0)

    def test_the_correct_submission_fails_nothing(self):
        self.assertEqual([t["name"] for t in self.results("correct")["tests"] if t["status"] != "passed"], [])

    def test_submissions_are_not_modified(self):
        self.assertEqual(self.before, self.after)


if __name__ == "__main__":
    unittest.main()
