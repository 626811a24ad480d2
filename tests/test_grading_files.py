"""The grader's files validate and keep the hidden tests hidden: `./threadlab grade` on submissions made here.

    THREADLAB_KERNEL_NAME=threadlab-files /usr/bin/python3 -m unittest -v tests/test_grading_files.py

JUnit XML is checked with `xmllint --schema` (Debian's libxml2-utils) against two schemas:
Ant's JUnit XSD as Maven Central's `com.github.baev:junit-model:1.0` ships it (`xsd/junit.xsd`, the
Windy Road schema under a target namespace, which is taken off here because Ant's reports have
none; Maven fetches the jar as a test dependency of kernel-ext), and Jenkins' junit format, which no
artifact on Maven Central ships: `kernel-ext/src/test/resources/org/threadlab/grade/jenkins-junit.xsd`
was written for ThreadLab from the format's published description.
"""
import csv
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest
import xml.etree.ElementTree as ET
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXAMPLES = os.path.join(ROOT, "examples", "grading")
JENKINS_XSD = os.path.join(ROOT, "kernel-ext", "src", "test", "resources", "org", "threadlab", "grade", "jenkins-junit.xsd")
ANT_JAR = ("com", "github", "baev", "junit-model", "1.0", "junit-model-1.0.jar")

# Gradescope's autograder specification: the fields it defines at the top and per test
GRADESCOPE_TOP = {"score", "execution_time", "output", "output_format", "test_output_format", "test_name_format",
                  "visibility", "stdout_visibility", "extra_data", "tests", "leaderboard"}
GRADESCOPE_TEST = {"score", "max_score", "status", "name", "name_format", "number", "output", "output_format", "tags",
                   "visibility", "extra_data"}
VISIBILITIES = {"hidden", "after_due_date", "after_published", "visible"}


def ant_xsd(folder):
    """Ant's JUnit XSD from the Maven artifact (local repository, else fetched with Maven), without its namespace."""
    repo = os.path.join(os.path.expanduser("~"), ".m2", "repository")
    jar = os.path.join(repo, *ANT_JAR)
    if not os.path.exists(jar):
        subprocess.run(["mvn", "-q", "-B", "dependency:copy", "-Dartifact=com.github.baev:junit-model:1.0",
                        "-DoutputDirectory=" + folder], check=True, capture_output=True, timeout=300)
        jar = os.path.join(folder, ANT_JAR[-1])
    with zipfile.ZipFile(jar) as z:
        xsd = z.read("xsd/junit.xsd").decode("utf-8")
    xsd = (xsd.replace(' xmlns:ns="urn:junit.baev.github.com"', "").replace(' targetNamespace="urn:junit.baev.github.com"', "")
           .replace('"ns:', '"'))
    assert "urn:junit.baev" not in xsd
    path = os.path.join(folder, "ant-junit.xsd")
    with open(path, "w", encoding="utf-8") as f:
        f.write(xsd)
    return path


def xmllint(schema, path):
    """(ok, messages) of `xmllint --schema`."""
    if not shutil.which("xmllint"):
        raise unittest.SkipTest("xmllint is missing: ./threadlab install installs Debian's libxml2-utils")
    p = subprocess.run(["xmllint", "--noout", "--schema", schema, path], capture_output=True, text=True, timeout=120)
    return p.returncode == 0, p.stderr[-2000:]


def distinctive_lines(notebook, also_in=()):
    """Lines of the hidden tests' code cells that say something (not braces, imports or magics) and that
    the handed-out notebooks do not hold too."""
    with open(notebook, encoding="utf-8") as f:
        nb = json.load(f)
    common = set()
    for other in also_in:
        with open(other, encoding="utf-8") as f:
            for c in json.load(f)["cells"]:
                common.update(l.strip() for l in "".join(c["source"]).splitlines())
    lines = []
    for c in nb["cells"]:
        if c["cell_type"] != "code":
            continue
        for line in "".join(c["source"]).splitlines():
            s = line.strip()
            if len(s) >= 20 and not s.startswith(("%%", "import ", "//")) and s not in common:
                lines.append(s)
    return lines


def student_files(out):
    """Every file the grader wrote in a student's folder, by path."""
    files = {}
    for path in glob.glob(os.path.join(out, "*", "*")):
        with open(path, encoding="utf-8", errors="replace") as f:
            files[path] = f.read()
    return files


def code(src, **nbgrader):
    meta = {}
    if nbgrader:
        meta["nbgrader"] = dict(nbgrader, schema_version=3, solution=False)
    visibility = meta.get("nbgrader", {}).pop("visibility", None)
    if visibility:
        meta["threadlab"] = {"visibility": visibility}
    return {"cell_type": "code", "execution_count": None, "metadata": meta, "outputs": [], "source": src}


def notebook(cells):
    return {"cells": cells, "metadata": {"kernelspec": {"name": "threadlab", "display_name": "Java", "language": "java"}},
            "nbformat": 4, "nbformat_minor": 5}


NASTY = ('"ansi \\u001B[31mred\\u001B[0m nul " + (char) 0 + " soh " + (char) 1 + " cdata ]]> lone " + (char) 0xD800'
         ' + " <&> " + "x".repeat(10_000)')

HIDDEN = notebook([
    {"cell_type": "markdown", "metadata": {}, "source": "# Hidden tests: three tasks, each with a test called works"},
    code("%%junit\n"
         "@Test void works() { int hiddenCanaryOne = 424_242 * 3; assertEquals(1, Probe.one()); }\n"
         "@Test void zeta() { String hiddenCanaryTwo = \"zeta-canary\"; assertEquals(2, Probe.one() + 1); }\n"
         "@Test void alpha() { long hiddenCanaryThree = 9_876_543L; assertTrue(Probe.one() > 0); }\n",
         grade=True, grade_id="task_one", points=4, locked=True, visibility="after_published"),
    code("%%junit --points 2\n"
         "@Test void works() { StringBuilder hiddenCanaryFour = new StringBuilder(); fail(" + NASTY + "); }\n",
         grade=True, grade_id="task_two", points=2, locked=True),
    code("%%junit\n"
         "class HiddenTests {\n"
         "    @Test void works() { double hiddenCanaryFive = Math.sqrt(1764.0); assertEquals(42.0, hiddenCanaryFive); }\n"
         "    @Test void throwsNpe() { Object hiddenCanarySix = null; hiddenCanarySix.hashCode(); }\n"
         "}\n"),
])

PROBE = "class Probe { static int one() { return 1; } }"
SUBMISSIONS = {
    "alice": [code(PROBE), code('System.out.println(' + NASTY.replace('"x".repeat(10_000)', '"end"') + ');')],
    "bob": [code("int unrelated = 1;")],   # no Probe: task_one's tests throw (JShell's unresolved reference)
    "carol": [code(PROBE), code("int spare = 2;")],
    # an exit the kernel cannot turn into a cell's error (by reflection) ends the JVM: no hidden test ever runs
    "dave": [code(PROBE), code('System.class.getMethod("exit", int.class).invoke(null, 3);')],
    "erin": [code("class Probe { static int one(int x) { return x; } }")],   # task_one's cell does not compile
}


class GradingFilesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="threadlab-files-")
        cls.hidden = os.path.join(cls.dir, "hidden.ipynb")
        with open(cls.hidden, "w") as f:
            json.dump(HIDDEN, f)
        subs = os.path.join(cls.dir, "subs")
        os.mkdir(subs)
        for name, cells in SUBMISSIONS.items():
            with open(os.path.join(subs, name + ".ipynb"), "w") as f:
                json.dump(notebook(cells), f)
        cls.roster = os.path.join(cls.dir, "roster.csv")
        with open(cls.roster, "w", newline="") as f:
            f.write("Student,ID,SIS User ID,SIS Login ID,Section,file\r\n"
                    "    Points Possible,,,,,\r\n"
                    '"Carr, Carol",3,s3,carol,A,carol.ipynb\r\n'
                    '"Abel, Alice",1,s1,alice,A,alice\r\n'
                    '"Bond, Bob",2,s2,bob,B,bob.ipynb\r\n'
                    '"Dunn, Dora",4,s4,dora,B,dora.ipynb\r\n'
                    '"Diaz, Dave",5,s5,dave,B,dave.ipynb\r\n'
                    '"Ekel, Erin",6,s6,erin,B,erin.ipynb\r\n')
        cls.out = os.path.join(cls.dir, "out")
        cls.proc = subprocess.run(
            [os.path.join(ROOT, "threadlab"), "grade", "--tests", cls.hidden, "--out", cls.out, "--time-limit", "60",
             "--cell-time-limit", "5", "--roster", cls.roster, "--gradebook-column", "Threads (42)", subs],
            capture_output=True, text=True, timeout=900)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir, ignore_errors=True)

    def results(self, student):
        with open(os.path.join(self.out, student, "results.json"), encoding="utf-8") as f:
            return json.load(f)

    def junit_files(self):
        return [os.path.join(self.out, "junit.xml")] + sorted(glob.glob(os.path.join(self.out, "*", "junit.xml")))

    def test_grader_ran(self):
        self.assertEqual(self.proc.returncode, 0, self.proc.stderr[-3000:])
        self.assertIn("graded 5 submissions", self.proc.stdout)

    def test_junit_xml_is_valid_for_ant_and_jenkins_whatever_the_messages_hold(self):
        ant = ant_xsd(self.dir)
        files = self.junit_files()
        self.assertEqual(len(files), 1 + len(SUBMISSIONS))
        for path in files:
            for schema in (ant, JENKINS_XSD):
                ok, messages = xmllint(schema, path)
                self.assertTrue(ok, f"{path} against {os.path.basename(schema)}: {messages}")
        with open(os.path.join(self.out, "alice", "junit.xml"), encoding="utf-8") as f:
            text = f.read()
        self.assertNotIn("\x1b", text)
        self.assertIn("red", text)
        self.assertIn("nul \\u0000 soh \\u0001", text)   # spelled out, in the message and in system-out
        self.assertIn("x" * 10_000, text)

    def test_classname_is_the_task_failures_and_errors_apart(self):
        root = ET.parse(os.path.join(self.out, "junit.xml")).getroot()
        suites = root.findall("testsuite")
        self.assertEqual([s.get("name") for s in suites], ["alice", "bob", "carol", "dave", "erin"])
        for s in suites:
            cases = [(c.get("classname"), c.get("name")) for c in s.findall("testcase")]
            self.assertEqual(cases, [("task_one", "works"), ("task_one", "zeta"), ("task_one", "alpha"), ("task_two", "works"),
                                     ("HiddenTests", "works"), ("HiddenTests", "throwsNpe")], s.get("name"))
        alice = {c.get("classname") + "." + c.get("name"): c for c in suites[0].findall("testcase")}
        self.assertEqual(alice["task_two.works"].find("failure").get("type"), "AssertionFailedError")
        self.assertEqual(alice["HiddenTests.throwsNpe"].find("error").get("type"), "NullPointerException")
        bob = suites[1]
        self.assertEqual((bob.get("errors"), bob.get("failures")), ("4", "1"))   # task_one's three threw, and the NPE
        for c in bob.findall("testcase")[:3]:
            self.assertEqual(c.find("error").get("type"), "SPIResolutionException", ET.tostring(c)[:300])
        dave = suites[3]
        self.assertEqual((dave.get("errors"), dave.get("failures")), ("6", "0"))
        for c in dave.findall("testcase"):
            self.assertEqual(c.find("error").get("type"), "NotRun", ET.tostring(c)[:300])
            self.assertIn("System.exit", c.find("error").get("message"))

    def test_tests_with_one_name_in_three_tasks_stay_apart_in_the_same_order_for_everyone(self):
        names = None
        for student in SUBMISSIONS:
            got = [t["name"] for t in self.results(student)["tests"]]
            self.assertEqual(len(got), len(set(got)), got)
            if names is None:
                names = got
            self.assertEqual(got, names, student)
        self.assertEqual(names, ["task_one.works", "task_one.zeta", "task_one.alpha", "task_two.works",
                                 "HiddenTests.works", "HiddenTests.throwsNpe"])

    def test_gradescope_results_follow_the_spec(self):
        for student in SUBMISSIONS:
            r = self.results(student)
            self.assertLessEqual(set(r), GRADESCOPE_TOP, student)
            self.assertNotIn("max_score", r)
            self.assertIsInstance(r["execution_time"], (int, float))
            self.assertEqual(round(r["score"] * 100), sum(round(t["score"] * 100) for t in r["tests"]), student)
            numbers = []
            for t in r["tests"]:
                self.assertLessEqual(set(t), GRADESCOPE_TEST, t)
                self.assertIn(t["status"], ("passed", "failed"))
                self.assertEqual(t["output_format"], "text")
                self.assertIsInstance(t["extra_data"]["execution_time"], (int, float))
                if "visibility" in t:
                    self.assertIn(t["visibility"], VISIBILITIES)
                numbers.append(t["number"])
            self.assertEqual(numbers, ["1.1", "1.2", "1.3", "2.1", "3.1", "3.2"])
            self.assertEqual([t.get("visibility") for t in r["tests"]], ["after_published"] * 3 + [None] * 3)
        alice = {t["name"]: t for t in self.results("alice")["tests"]}
        self.assertEqual([alice[n]["score"] for n in ("task_one.works", "task_one.zeta", "task_one.alpha")], [1.34, 1.33, 1.33])
        self.assertEqual(self.results("alice")["score"], 5)   # 4 for task_one, 1 for HiddenTests.works

    def test_gradebook_has_the_rosters_ids_one_total_and_exact_sums(self):
        with open(os.path.join(self.out, "gradebook.csv"), encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f))
        self.assertEqual(rows[0], ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "Threads (42)"])
        self.assertEqual(rows[1:], [["Carr, Carol", "3", "s3", "carol", "A", "5"],
                                    ["Abel, Alice", "1", "s1", "alice", "A", "5"],
                                    ["Bond, Bob", "2", "s2", "bob", "B", "1"],
                                    ["Dunn, Dora", "4", "s4", "dora", "B", ""],
                                    ["Diaz, Dave", "5", "s5", "dave", "B", "0"],
                                    ["Ekel, Erin", "6", "s6", "erin", "B", "1"]])

    def test_a_submission_missing_from_the_roster_stops_before_grading(self):
        roster = os.path.join(self.dir, "short.csv")
        with open(roster, "w") as f:
            f.write("file,id\nalice,1\n")
        out = os.path.join(self.dir, "short-out")
        p = subprocess.run([os.path.join(ROOT, "threadlab"), "grade", "--tests", self.hidden, "--out", out, "--roster", roster,
                            os.path.join(self.dir, "subs")], capture_output=True, text=True, timeout=300)
        self.assertEqual(p.returncode, 2)
        self.assertEqual(p.stderr.strip().splitlines()[-1],
                         f"threadlab grade: the roster {roster} has no row for 4 submission(s): bob.ipynb, carol.ipynb, dave.ipynb, erin.ipynb;"
                         " add them to its file column.")
        self.assertFalse(os.path.exists(out))

    def test_hidden_tests_stay_hidden(self):
        lines = distinctive_lines(self.hidden)
        self.assertGreaterEqual(len(lines), 6, lines)
        canaries = re.findall(r"hiddenCanary\w+", json.dumps(HIDDEN))
        files = student_files(self.out)
        self.assertGreaterEqual(len(files), 4 * len(SUBMISSIONS), sorted(files))
        for path, text in files.items():
            for line in lines:
                self.assertNotIn(line, text, f"{path} holds a line of the hidden tests")
            for canary in canaries:
                self.assertNotIn(canary, text, f"{path} holds {canary}, a name from the hidden tests' source")


if __name__ == "__main__":
    unittest.main()
