"""The Gradescope autograder package: `./threadlab grade --gradescope` writes it, and its
run_autograder, run in a folder laid out like Gradescope's /autograder, scores the sample
submissions as the local batch grader does (examples/grading/expected-scores.csv).

    THREADLAB_KERNEL_NAME=threadlab-gradescope ./threadlab install
    THREADLAB_KERNEL_NAME=threadlab-gradescope /usr/bin/python3 -m unittest -v tests/test_gradescope.py

No apt-get runs here: setup.sh is given the JDK ./threadlab uses (THREADLAB_JAVA_HOME), and with a
JDK 21+ and bwrap present it installs nothing.
"""
import csv
import io
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import time
import unittest
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXAMPLES = os.path.join(ROOT, "examples", "grading")
SUBMISSIONS = os.path.join(EXAMPLES, "submissions")
HIDDEN = os.path.join(EXAMPLES, "hidden-tests.ipynb")
KERNEL_NAME = os.environ.get("THREADLAB_KERNEL_NAME", "threadlab")
# every sample submission, as the batch grader's tests grade them
GRADED = sorted(os.path.splitext(n)[0] for n in os.listdir(SUBMISSIONS) if n.endswith(".ipynb"))


def kernel_java_home():
    """The JDK ./threadlab found and registered in this kernelspec (its argv[0] is JDK/bin/java)."""
    from jupyter_client.kernelspec import KernelSpecManager
    java = KernelSpecManager().get_kernel_spec(KERNEL_NAME).argv[0]
    return os.path.dirname(os.path.dirname(java))


def expected_scores():
    with open(os.path.join(EXAMPLES, "expected-scores.csv")) as f:
        return {r["student"]: (float(r["score"]), float(r["max_score"])) for r in csv.DictReader(f)}


def threadlab_grade(*args):
    env = dict(os.environ, THREADLAB_KERNEL_NAME=KERNEL_NAME)
    return subprocess.run([os.path.join(ROOT, "threadlab"), "grade", *args], capture_output=True, text=True,
                          timeout=600, env=env)


class GradescopePackageTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        # One fixed place, as Gradescope's /autograder is: the grader keeps one class-data archive
        # per class path in the temp folder, so a fresh path each run would leave one more behind.
        cls.tmp = os.path.join(tempfile.gettempdir(), f"threadlab-gradescope-test-{KERNEL_NAME}")
        shutil.rmtree(cls.tmp, ignore_errors=True)
        os.makedirs(cls.tmp)
        os.chmod(cls.tmp, 0o755)  # as / is above /autograder: reachable by the sandbox's own uid
        cls.zip = os.path.join(cls.tmp, "autograder.zip")
        cls.made = threadlab_grade("--gradescope", HIDDEN, "--out", cls.zip, "--time-limit", "60", "--cell-time-limit", "5")
        if cls.made.returncode != 0:
            raise AssertionError("--gradescope failed: " + cls.made.stderr[-2000:] + cls.made.stdout)
        # Gradescope unpacks the zip into /autograder/source and runs setup.sh once for the image
        cls.root = os.path.join(cls.tmp, "autograder")
        os.makedirs(cls.root)
        os.chmod(cls.root, 0o700)  # run_autograder opens what the sandbox needs
        cls.source = os.path.join(cls.root, "source")
        cls.unpack(cls.zip, cls.source)
        cls.java_home = kernel_java_home()
        env = dict(os.environ, AUTOGRADER_ROOT=cls.root, THREADLAB_JAVA_HOME=cls.java_home)
        cls.setup = subprocess.run(["bash", os.path.join(cls.source, "setup.sh")], capture_output=True, text=True,
                                   timeout=300, env=env)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    @staticmethod
    def unpack(zip_path, dest):
        """As unzip does: the files, with the permissions and times the zip stores."""
        with zipfile.ZipFile(zip_path) as z:
            for info in z.infolist():
                path = z.extract(info, dest)
                mode = info.external_attr >> 16
                if mode:
                    os.chmod(path, stat.S_IMODE(mode))
                t = time.mktime(info.date_time + (0, 0, -1))
                os.utime(path, (t, t))

    def container(self, notebooks):
        """/autograder as Gradescope sets it up for one submission: the image's source, a fresh
        submission folder, no results yet, run_autograder copied to the root. Returns the root."""
        root = self.root
        for old in ("submission", "results"):
            shutil.rmtree(os.path.join(root, old), ignore_errors=True)
        os.makedirs(os.path.join(root, "submission"))
        for name, src in notebooks.items():
            os.makedirs(os.path.dirname(os.path.join(root, "submission", name)), exist_ok=True)
            shutil.copy(src, os.path.join(root, "submission", name))
        shutil.copy2(os.path.join(root, "source", "run_autograder"), os.path.join(root, "run_autograder"))
        return root

    def run_autograder(self, root, shell=None, env_extra=None):
        env = {k: v for k, v in os.environ.items() if k != "THREADLAB_JAVA_HOME"}
        env.update(AUTOGRADER_ROOT=root, **(env_extra or {}))
        cmd = ([shell] if shell else []) + [os.path.join(root, "run_autograder")]
        # Gradescope runs it with /autograder as the working directory
        return subprocess.run(cmd, cwd=root, capture_output=True, text=True, timeout=300, env=env)

    def results(self, root):
        with open(os.path.join(root, "results", "results.json")) as f:
            return json.load(f)

    # ---- the package --------------------------------------------------------------------------

    def test_zip_has_setup_and_run_autograder_at_its_root_executable(self):
        with zipfile.ZipFile(self.zip) as z:
            infos = {i.filename: i for i in z.infolist()}
        for script in ("setup.sh", "run_autograder"):
            self.assertIn(script, infos)
            self.assertTrue((infos[script].external_attr >> 16) & 0o111, f"{script} is not executable in the zip")
        jars = {n.split("/")[-1] for n in infos if n.startswith("threadlab/lib/") and n.endswith(".jar")}
        self.assertEqual(jars, set(os.listdir(os.path.join(ROOT, "kernel", "target", "lib"))),
                         "the package holds the kernel's jars, as ./threadlab install lays them out")
        self.assertIn("threadlab/tests/hidden-tests.ipynb", infos)
        self.assertFalse([n for n in infos if n.startswith("/") or ".." in n.split("/")])

    def test_zip_holds_no_path_of_this_machine(self):
        needles = [ROOT.encode(), os.path.dirname(ROOT).encode() + b"/", self.java_home.encode(),
                   os.path.expanduser("~").encode() + b"/", tempfile.gettempdir().encode() + b"/threadlab"]
        with zipfile.ZipFile(self.zip) as z:
            for info in z.infolist():
                data = z.read(info)
                blobs = {info.filename: data}
                if info.filename.endswith(".jar"):
                    with zipfile.ZipFile(io.BytesIO(data)) as jar:
                        blobs.update({info.filename + "!" + i.filename: jar.read(i) for i in jar.infolist()})
                for name, blob in blobs.items():
                    for needle in needles:
                        self.assertNotIn(needle, blob, f"{name} holds {needle!r}")

    def test_scripts_parse_in_bash_and_sh(self):
        self.assertEqual(subprocess.run(["bash", "-n", os.path.join(self.source, "setup.sh")]).returncode, 0)
        for shell in ("sh", "bash"):
            self.assertEqual(subprocess.run([shell, "-n", os.path.join(self.source, "run_autograder")]).returncode, 0)

    def test_setup_finds_the_jdk_installs_nothing_and_warms_up(self):
        self.assertEqual(self.setup.returncode, 0, self.setup.stdout + self.setup.stderr)
        self.assertNotIn("apt-get", self.setup.stdout + self.setup.stderr)
        self.assertIn("hidden tests read (16 points)", self.setup.stdout)
        with open(os.path.join(self.source, "threadlab", "java-home")) as f:
            self.assertEqual(os.path.realpath(f.read().strip()), os.path.realpath(self.java_home))

    def test_setup_refuses_a_jdk_too_old_in_one_sentence(self):
        old = "/usr/lib/jvm/java-17-openjdk-amd64"
        if not os.path.isdir(old):
            self.skipTest("no JDK 17 here")
        image = os.path.join(self.tmp, "image17")
        shutil.copytree(self.source, os.path.join(image, "source"))
        p = subprocess.run(["bash", os.path.join(image, "source", "setup.sh")], capture_output=True, text=True, timeout=120,
                           env=dict(os.environ, AUTOGRADER_ROOT=image, THREADLAB_JAVA_HOME=old))
        self.assertEqual(p.returncode, 1)
        self.assertEqual(p.stderr.strip(), f"threadlab setup: THREADLAB_JAVA_HOME={old} is no JDK 21 or newer.")

    # ---- grading in a container laid out like Gradescope's -------------------------------------

    def test_scores_match_the_batch_grader(self):
        expected = expected_scores()
        shells = ["sh", "bash", None]  # None: by its #! line
        for i, student in enumerate(GRADED):
            shell = shells[i % len(shells)]
            with self.subTest(student=student, shell=shell):
                root = self.container({f"{student}.ipynb": os.path.join(SUBMISSIONS, f"{student}.ipynb")})
                p = self.run_autograder(root, shell)
                self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
                r = self.results(root)
                self.assertEqual((r["score"], sum(t["max_score"] for t in r["tests"])), expected[student], r["output"])
                self.assertEqual(r["score"], sum(t["score"] for t in r["tests"]))
                self.assertIn("sandboxed with bubblewrap", p.stdout)
                self.assertNotIn("without the bubblewrap sandbox", r["output"])

    def test_a_notebook_in_a_subfolder_under_any_name_is_graded(self):
        root = self.container({"hw3/My Work (final).ipynb": os.path.join(SUBMISSIONS, "blank.ipynb"),
                               ".ipynb_checkpoints/My Work (final)-checkpoint.ipynb": os.path.join(SUBMISSIONS, "correct.ipynb")})
        p = self.run_autograder(root)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertEqual(self.results(root)["score"], 0)  # blank's, not the checkpoint's
        self.assertIn("My Work (final).ipynb scored 0/16", p.stdout)

    def test_no_notebook_or_several_give_a_zero_with_one_clear_sentence(self):
        root = self.container({"notes.txt": os.path.join(EXAMPLES, "expected-scores.csv")})
        p = self.run_autograder(root)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(self.results(root), {"score": 0, "output": "Your submission holds no Jupyter notebook (.ipynb file):"
                                              " nothing was graded. Upload your notebook, the .ipynb file."})
        root = self.container({})
        os.symlink(os.path.join(root, "source", "threadlab", "tests", "hidden-tests.ipynb"), os.path.join(root, "submission", "x.ipynb"))
        self.run_autograder(root)
        self.assertEqual(self.results(root)["score"], 0, "a link is no notebook: it could point at the hidden tests")
        self.assertIn("no Jupyter notebook", self.results(root)["output"])
        root = self.container({"a.ipynb": os.path.join(SUBMISSIONS, "blank.ipynb"),
                               "b/c.ipynb": os.path.join(SUBMISSIONS, "correct.ipynb")})
        p = self.run_autograder(root)
        r = self.results(root)
        self.assertEqual(r["score"], 0)
        self.assertEqual(r["output"], "Your submission holds 2 notebooks (a.ipynb, b/c.ipynb): nothing was graded."
                                      " Upload only the one notebook of this assignment.")

    def test_where_bwrap_cannot_run_it_grades_without_and_says_so(self):
        # a bwrap that fails as it does in a container that forbids user namespaces
        fake = os.path.join(self.tmp, "no-namespaces")
        os.makedirs(fake, exist_ok=True)
        with open(os.path.join(fake, "bwrap"), "w") as f:
            f.write("#!/bin/sh\necho 'bwrap: No permissions to create new namespace' >&2\nexit 1\n")
        os.chmod(os.path.join(fake, "bwrap"), 0o755)
        root = self.container({"correct.ipynb": os.path.join(SUBMISSIONS, "correct.ipynb")})
        p = self.run_autograder(root, env_extra={"PATH": fake + os.pathsep + os.environ["PATH"]})
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        r = self.results(root)
        self.assertEqual(r["score"], expected_scores()["correct"][0], r["output"])
        self.assertIn("graded without the bubblewrap sandbox: bwrap cannot run in this container"
                      " (bwrap: No permissions to create new namespace)", r["output"])
        self.assertNotIn("--no-sandbox", r["output"])
        self.assertNotIn("sandboxed with bubblewrap", p.stdout)

    def test_without_a_jdk_it_fails_as_an_autograder_failure_not_a_zero(self):
        root = self.container({"correct.ipynb": os.path.join(SUBMISSIONS, "correct.ipynb")})
        recorded = os.path.join(root, "source", "threadlab", "java-home")
        os.rename(recorded, recorded + ".away")  # as if setup.sh never ran
        try:
            p = self.run_autograder(root, env_extra={"PATH": "/nonexistent"})
        finally:
            os.rename(recorded + ".away", recorded)
        self.assertEqual(p.returncode, 1)
        self.assertIn("no JDK found", p.stderr)
        self.assertFalse(os.path.exists(os.path.join(root, "results", "results.json")))

    # ---- the command ---------------------------------------------------------------------------

    def test_bad_arguments_get_one_sentence_and_nothing_is_overwritten(self):
        p = threadlab_grade("--gradescope", HIDDEN, SUBMISSIONS)
        self.assertEqual(p.returncode, 2)
        self.assertIn("threadlab grade --gradescope makes an autograder package and grades nothing here, so it takes no"
                      f" submissions folder ({SUBMISSIONS}).\nUsage: ./threadlab grade", p.stderr)
        self.assertNotIn("Exception", p.stderr)
        mine = os.path.join(self.tmp, "notes.txt")
        with open(mine, "w") as f:
            f.write("my notes")
        p = threadlab_grade("--gradescope", HIDDEN, "--out", mine)
        self.assertEqual(p.returncode, 2)
        self.assertIn("exists and is no zip archive; it is left alone", p.stderr)
        with open(mine) as f:
            self.assertEqual(f.read(), "my notes")
        p = threadlab_grade("--gradescope", os.path.join(EXAMPLES, "assignment.ipynb"), "--out", os.path.join(self.tmp, "x.zip"))
        self.assertEqual(p.returncode, 2)
        self.assertIn("hold no tests", p.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.tmp, "x.zip")))


if __name__ == "__main__":
    unittest.main()
