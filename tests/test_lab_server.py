"""ThreadLab's JupyterLab server (lab/threadlab_lab) over HTTP, without a browser: what the page, the
themes, the settings and the static files depend on is served; a missing or failed build is one
sentence and exit status 1, never a traceback.

    THREADLAB_KERNEL_NAME=... /usr/bin/python3 -m unittest -v tests/test_lab_server.py
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import browser
from kernel_session import KERNEL_NAME


def lab_argv(*extra):
    return [sys.executable, "-m", "threadlab_lab", "--no-browser", f"--port={browser.free_port()}",
            "--ServerApp.port_retries=0", *extra] + (["--allow-root"] if os.geteuid() == 0 else [])


def run_lab(*extra, timeout=60):
    env = dict(os.environ, PYTHONPATH=browser.LAB_DIR)
    return subprocess.run(lab_argv(*extra), capture_output=True, text=True, timeout=timeout, env=env)


class BuildProblemsAreOneSentence(unittest.TestCase):
    def setUp(self):
        try:
            import jupyterlab_server  # noqa: F401
        except ImportError as e:
            self.skipTest(f"no jupyterlab_server for {sys.executable}: {e}")
        self.tmp = tempfile.mkdtemp(prefix="threadlab-lab-")
        self.addCleanup(shutil.rmtree, self.tmp, ignore_errors=True)

    def assert_one_sentence_exit(self, result, sentence):
        self.assertEqual(result.returncode, 1, result.stderr[-2000:])
        self.assertIn(sentence, result.stderr)
        self.assertNotIn("Traceback", result.stderr)

    def test_a_missing_build_is_named_and_the_server_exits(self):
        result = run_lab(f"--ThreadLabApp.build_dir={self.tmp}/nothing-here")
        self.assert_one_sentence_exit(result, f"ThreadLab's JupyterLab is not built ({self.tmp}/nothing-here/static/index.html is missing)")

    def test_a_recorded_build_failure_is_what_the_server_says(self):
        for part in ("static", "schemas", "themes"):
            os.makedirs(os.path.join(self.tmp, part))
        open(os.path.join(self.tmp, "static", "index.html"), "w").close()
        sentence = "ThreadLab's JupyterLab was not built: npm ci in lab/ failed (no network)"
        with open(os.path.join(self.tmp, ".threadlab-failed"), "w") as f:
            f.write(sentence + "\n")
        self.assert_one_sentence_exit(run_lab(f"--ThreadLabApp.build_dir={self.tmp}"), sentence)


class ServesWhatThePageNeeds(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        problem = browser.missing_lab_build()
        if problem:
            raise unittest.SkipTest(problem)
        cls.tmp = tempfile.mkdtemp(prefix="threadlab-lab-")
        cls.server = browser.lab_server(cls.tmp, cls.tmp, kernel_name=KERNEL_NAME).start()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def get(self, path):
        request = urllib.request.Request(self.server.url(path), headers={"Authorization": f"token {self.server.token}"})
        with urllib.request.urlopen(request, timeout=30) as r:
            return r.status, r.headers.get("Content-Type", ""), r.read()

    def page_config(self):
        _, _, body = self.get("lab")
        match = re.search(rb'<script id="jupyter-config-data" type="application/json">(.*?)</script>', body, re.S)
        self.assertIsNotNone(match, "the page has no jupyter-config-data")
        return body.decode(), json.loads(match.group(1))

    def test_the_page_loads_the_built_bundle_with_a_config_this_server_can_honour(self):
        page, config = self.page_config()
        self.assertEqual(config["appVersion"], "3.6.8")
        # no build or extension-manager endpoints here, and no news feed
        self.assertFalse(config["buildAvailable"])
        self.assertFalse(config["buildCheck"])
        self.assertIn("@jupyterlab/apputils-extension:announcements", config["disabledExtensions"])
        self.assertEqual(config["federated_extensions"], [])
        self.assertEqual(config["token"], self.server.token)
        scripts = re.findall(r'<script defer src="([^"]+)"', page)
        self.assertTrue(any("/main." in s for s in scripts), scripts)
        for script in scripts:
            status, kind, body = self.get(script)
            self.assertEqual(status, 200)
            self.assertIn("javascript", kind)
            self.assertGreater(len(body), 1000, script)

    def test_themes_and_settings_are_served(self):
        status, kind, css = self.get("lab/api/themes/@jupyterlab/theme-light-extension/index.css")
        self.assertEqual(status, 200)
        self.assertIn(b"--jp-layout-color0", css)
        _, _, body = self.get("lab/api/settings/@jupyterlab/notebook-extension:tracker")
        settings = json.loads(body)
        self.assertEqual(settings["id"], "@jupyterlab/notebook-extension:tracker")
        self.assertIn("properties", settings["schema"])
        _, _, body = self.get("lab/api/settings/")
        ids = {s["id"] for s in json.loads(body)["settings"]}
        for plugin in ("@jupyterlab/apputils-extension:themes", "@jupyterlab/filebrowser-extension:browser",
                       "@jupyterlab/mainmenu-extension:plugin", "@jupyterlab/shortcuts-extension:shortcuts"):
            self.assertIn(plugin, ids)

    def test_new_notebooks_get_the_threadlab_kernel(self):
        _, _, body = self.get("api/kernelspecs")
        self.assertEqual(json.loads(body)["default"], KERNEL_NAME)

    def test_mathjax_is_served_locally_when_debian_has_it(self):
        _, config = self.page_config()
        if not os.path.isfile("/usr/share/javascript/mathjax/MathJax.js"):
            self.assertIn("cdnjs", config["fullMathjaxUrl"])
            return
        self.assertTrue(config["fullMathjaxUrl"].startswith("/static/threadlab_lab/"), config["fullMathjaxUrl"])
        status, _, body = self.get(config["fullMathjaxUrl"])
        self.assertEqual(status, 200)
        self.assertIn(b"MathJax", body[:2000])


if __name__ == "__main__":
    unittest.main()
