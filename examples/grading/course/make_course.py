"""Builds the course assignment from the notebooks' exercises: assignment.ipynb, hidden-tests.ipynb,
submissions/{correct,half,blank}.ipynb and expected-scores.csv, in this folder.

    /usr/bin/python3 examples/grading/course/make_course.py           # write the files
    /usr/bin/python3 examples/grading/course/make_course.py --check   # exit 1 if they differ from what it would write

The starter code and the checks are taken from the notebooks (the cells tagged "exercise" and
"exercise-check"), the solutions from tests/exercise_solutions.py, so the assignment cannot drift from
the course. The checks become the hidden tests, one point per test the starter code fails: a test the
assignment as handed out already passes still runs (its feedback helps) but is worth nothing, so a
blank submission scores 0.
"""
import copy
import os
import re
import sys

import nbformat as nbf

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
sys.path.insert(0, os.path.join(ROOT, "tests"))
from exercise_solutions import SOLUTIONS  # noqa: E402

# Exercises that run in any grading sandbox: no network server, no child JVMs, no preview API.
COURSE = ["02-split-sum.ipynb", "04-sleepers.ipynb", "05-worker-queue.ipynb",
          "08-liveness-and-cancellation.ipynb", "09-bounded-producer-consumer.ipynb"]
META = {"kernelspec": {"display_name": "Java (ThreadLab)", "language": "java", "name": "threadlab"},
        "language_info": {"name": "java", "file_extension": ".jshell", "mimetype": "text/x-java-source"}}


def nb(cells):
    n = nbf.v4.new_notebook()
    n.metadata = copy.deepcopy(META)
    n.cells = [copy.deepcopy(c) for c in cells]
    for i, c in enumerate(n.cells):
        c.id = f"cell-{i}"             # stable ids: the files come out the same every time
    return n


def cell(kind, source, **grading):
    c = (nbf.v4.new_markdown_cell if kind == "markdown" else nbf.v4.new_code_cell)(source)
    if grading:
        meta = {"schema_version": 3, "grade": False, "solution": False, "locked": False}
        meta.update(grading)
        c.metadata["nbgrader"] = meta
    return c


def exercise(name):
    """(task text, starter source, check source, grade id) of one notebook's exercise."""
    book = nbf.read(os.path.join(ROOT, "notebooks", name), as_version=4)
    tagged = lambda tag: next(c for c in book.cells if tag in c.metadata.get("tags", []))
    starter, check = tagged("exercise"), tagged("exercise-check")
    text = book.cells[book.cells.index(starter) - 1].source
    task = text[text.index("## Exercise:"):text.index("The `%%junit` cell after it is the check")].strip()
    task = task.replace("## Exercise:", f"## Exercise from `notebooks/{name}`:", 1)
    return task, starter.source, check.source, SOLUTIONS[name]["cls"].lower()


# The checks' tests that the starter code passes (tests/test_course.py pins that a blank submission
# passes exactly these): they earn nothing, since the student did nothing to pass them.
STARTER_PASSES = {"02-split-sum.ipynb": ["sumsEveryNumberOnce"],
                  "04-sleepers.ipynb": ["everyTaskFinishes", "noPlatformThreadLeftBehind"],
                  "05-worker-queue.ipynb": [],
                  "08-liveness-and-cancellation.ipynb": ["itChecksRepeatedly"],
                  "09-bounded-producer-consumer.ipynb": ["closingLeavesNoThreadBehind"]}


def tests_in(check):
    return len(re.findall(r"(?m)^\s*@Test\b", check))


def hidden_check(name, check):
    """The notebook's check as a hidden test: the tests the starter code passes are worth 0 points."""
    for test in STARTER_PASSES[name]:
        check, n = re.subn(r"(?m)^(\s*)@Test (void " + test + r"\()", r"\1@Test @Points(0) \2", check)
        assert n == 1, f"{name}: no test {test} in its check"
    return check


def points_of(name, check):
    return tests_in(check) - len(STARTER_PASSES[name])


def partial_credit(check):
    """The check as a grade cell that earns a point per passing test (else it is all or nothing, as in nbgrader)."""
    first, _, rest = check.partition("\n")
    assert first.startswith("%%junit"), first
    return first + " --partial-credit\n" + rest


def build():
    exercises = [exercise(name) for name in COURSE]
    points = sum(points_of(name, check) for name, (_, _, check, _) in zip(COURSE, exercises))
    intro = cell("markdown", f"""# Assignment: the course's exercises

Five exercises from the ThreadLab notebooks, one cell each. Change the code in each cell as its task
says. Hidden tests — the checks from the notebooks — run after all your cells and measure how your
threads behave, not only what they return. One point per test your changes make pass, {points} in all.""",
                 grade_id="intro", locked=True)
    def notebook(sources):
        cells = [intro]
        for (task, _, _, gid), source in zip(exercises, sources):
            cells.append(cell("markdown", task, grade_id=gid + "_task", locked=True))
            cells.append(cell("code", source, grade_id=gid, solution=True))
        return nb(cells)
    starters = [starter for _, starter, _, _ in exercises]
    solutions = [SOLUTIONS[name]["solution"].strip() for name in COURSE]
    half = [solutions[i] if COURSE[i] in ("02-split-sum.ipynb", "08-liveness-and-cancellation.ipynb") else starters[i]
            for i in range(len(COURSE))]
    hidden = nb([cell("markdown", "# Hidden tests for the course assignment (instructor only)\n\n"
                      "Each `%%junit` cell is a graded test cell (nbgrader `grade: true`) worth one point per test,"
                      " except the tests the starter code already passes (`@Points(0)`): they run, for the feedback,"
                      " but earn nothing. `--partial-credit` gives each passing test its points, as nbgrader reads"
                      " the cell's numeric result.")]
                + [cell("code", partial_credit(hidden_check(name, check)), grade_id="test_" + gid, grade=True, locked=True,
                        points=points_of(name, check))
                   for name, (_, _, check, gid) in zip(COURSE, exercises)])
    half_score = sum(points_of(name, check) for name, (_, _, check, _) in zip(COURSE, exercises)
                     if name in ("02-split-sum.ipynb", "08-liveness-and-cancellation.ipynb"))
    return {
        "assignment.ipynb": nbf.writes(notebook(starters)),
        "hidden-tests.ipynb": nbf.writes(hidden),
        "submissions/correct.ipynb": nbf.writes(notebook(solutions)),
        "submissions/half.ipynb": nbf.writes(notebook(half)),
        "submissions/blank.ipynb": nbf.writes(notebook(starters)),
        "expected-scores.csv": "student,score,max_score,why\n"
                               f"blank,0,{points},the starter code as given: the tests it already passes are worth nothing\n"
                               f"correct,{points},{points},every exercise solved\n"
                               f"half,{half_score},{points},split sum and poller solved; the rest as given\n",
    }


def main():
    files = build()
    if sys.argv[1:] == ["--check"]:
        stale = []
        for rel, text in files.items():
            path = os.path.join(HERE, rel)
            if not os.path.exists(path) or open(path, encoding="utf-8").read() != text:
                stale.append(rel)
        if stale:
            print("out of date (run make_course.py): " + ", ".join(stale))
            sys.exit(1)
        print("up to date")
        return
    for rel, text in files.items():
        with open(os.path.join(HERE, rel), "w", encoding="utf-8") as f:
            f.write(text)


if __name__ == "__main__":
    main()
