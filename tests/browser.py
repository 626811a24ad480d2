"""A Jupyter front end in headless Chromium, driven as a user drives it: for the browser tests.

    with tempfile.TemporaryDirectory() as tmp:
        server = lab_server(root_dir=tmp, work_dir=tmp)     # or another front end's server
        with server, Chromium(tmp) as browser:
            page = JupyterLabPage(browser, server)
            page.open_notebook("demo.ipynb")
            page.run_all()
            page.wait_for_cell(3)
            outputs = page.outputs(3)                         # [Output(kind, text, ...)]
            print(browser.screenshot("after-run-all"))        # a PNG path under tmp/screenshots

Parts, each usable alone:
- `JupyterServer`: a server process on 127.0.0.1, a free port and a fresh token, its own
  config, runtime, settings and workspace folders under the work folder, an in-memory notebook
  trust database (so every notebook file starts untrusted), logging to a file.
- `Chromium`: Debian's chromium through chromedriver, with the flags it needs to start as root
  on a closed network; `screenshot(name)` saves a PNG and remembers its path.
- `JupyterLabPage`: one front end's user actions (open a notebook, Run All from the Run menu,
  the toolbar's stop and run buttons) and what the user sees (prompts, outputs, images), in
  front-end-neutral values. A page class for the classic Notebook can sit beside it with the
  same methods; `FRONT_ENDS` lists what is available here, best first.
"""
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LAB_DIR = os.path.join(ROOT, "lab")
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
# Chromium as root needs --no-sandbox; the rest keep it from waiting on a network it cannot reach.
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--disable-dev-shm-usage", "--window-size=1400,1000")
SERVER_START_TIMEOUT = 90


def missing_browser():
    """Why Chromium cannot be driven here, in one sentence; None when it can."""
    for path, package in ((CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")):
        if not os.path.exists(path):
            return f"{path} is missing (Debian package {package}; ./threadlab test installs it)"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return f"selenium is not importable by {sys.executable} (Debian package python3-selenium)"
    return None


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServerFailed(RuntimeError):
    pass


class JupyterServer:
    """A Jupyter server process for one test, isolated from the user's config and settings."""

    def __init__(self, name, argv, root_dir, work_dir, env=None, app="ServerApp"):
        self.name = name
        self.root_dir = root_dir
        self.work_dir = os.path.join(work_dir, "server")
        self.port = free_port()
        self.token = uuid.uuid4().hex
        self.log_path = os.path.join(self.work_dir, "server.log")
        self.argv = list(argv) + [
            f"--port={self.port}", f"--{app}.port_retries=0", "--ip=127.0.0.1", "--no-browser",
            f"--{app}.token={self.token}", f"--notebook-dir={root_dir}",
            # in memory: no notebook file is trusted unless this server saw it run
            "--NotebookNotary.db_file=:memory:",
        ]
        if os.geteuid() == 0:
            self.argv.append("--allow-root")
        self.env = dict(os.environ, **(env or {}))
        for var in ("JUPYTER_CONFIG_DIR", "JUPYTER_RUNTIME_DIR"):
            self.env[var] = os.path.join(self.work_dir, var.split("_")[1].lower())
        self.process = None

    def url(self, path=""):
        return f"http://127.0.0.1:{self.port}/{path.lstrip('/')}"

    def start(self):
        os.makedirs(self.work_dir, exist_ok=True)
        with open(self.log_path, "w") as log:
            self.process = subprocess.Popen(self.argv, stdout=log, stderr=subprocess.STDOUT, env=self.env,
                                            stdin=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ServerFailed(f"{self.name} exited with status {self.process.returncode}:\n{self.log_tail()}")
            try:
                request = urllib.request.Request(self.url("api/status"),
                                                 headers={"Authorization": f"token {self.token}"})
                with urllib.request.urlopen(request, timeout=2):
                    return self
            except (urllib.error.URLError, ConnectionError, socket.timeout):
                time.sleep(0.2)
        self.stop()
        raise ServerFailed(f"{self.name} did not answer within {SERVER_START_TIMEOUT} s:\n{self.log_tail()}")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()  # jupyter_server shuts its kernels down on SIGTERM
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def shut_down_kernels(self):
        """Ends every session and its kernel (between tests; the page may still show them)."""
        headers = {"Authorization": f"token {self.token}"}
        with urllib.request.urlopen(urllib.request.Request(self.url("api/sessions"), headers=headers),
                                    timeout=10) as r:
            sessions = json.load(r)
        for session in sessions:
            request = urllib.request.Request(self.url(f"api/sessions/{session['id']}"), headers=headers,
                                             method="DELETE")
            urllib.request.urlopen(request, timeout=30).close()

    def log_tail(self, lines=40):
        try:
            with open(self.log_path, errors="replace") as f:
                return "".join(f.readlines()[-lines:])
        except OSError:
            return "(no server log)"

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


# ---- JupyterLab (ThreadLab's build in lab/build, served by jupyterlab_server) ---------------------

def missing_lab_build():
    """Why ThreadLab's JupyterLab cannot be served here, in one sentence; None when it can."""
    sys.path.insert(0, LAB_DIR)
    try:
        import threadlab_lab
    except ImportError as e:
        return f"{sys.executable} cannot import jupyterlab_server ({e}); it needs python3-jupyterlab-server"
    finally:
        sys.path.remove(LAB_DIR)
    return threadlab_lab.missing_build()


def lab_server(root_dir, work_dir, kernel_name=None):
    """ThreadLab's JupyterLab on a free port, with the app object exposed for test preconditions."""
    server_dir = os.path.join(work_dir, "server")
    argv = [sys.executable, "-m", "threadlab_lab",
            "--ThreadLabApp.expose_app_in_browser=True",
            f"--ThreadLabApp.user_settings_dir={os.path.join(server_dir, 'lab-settings')}",
            f"--ThreadLabApp.workspaces_dir={os.path.join(server_dir, 'lab-workspaces')}"]
    if kernel_name:
        argv.append(f"--MappingKernelManager.default_kernel_name={kernel_name}")
    pythonpath = os.pathsep.join(p for p in (LAB_DIR, os.environ.get("PYTHONPATH")) if p)
    return JupyterServer("ThreadLab's JupyterLab", argv, root_dir, work_dir, env={"PYTHONPATH": pythonpath})


# ---- the browser --------------------------------------------------------------------------------

class Chromium:
    """Headless Chromium under selenium, with a fresh profile and a screenshot folder."""

    def __init__(self, work_dir):
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service

        self.shots_dir = os.path.join(work_dir, "screenshots")
        os.makedirs(self.shots_dir, exist_ok=True)
        self.shots = []
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for flag in CHROMIUM_FLAGS:
            options.add_argument(flag)
        options.add_argument("--user-data-dir=" + os.path.join(work_dir, "chromium-profile"))
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        service = Service(CHROMEDRIVER, log_path=os.path.join(work_dir, "chromedriver.log"))
        self.driver = webdriver.Chrome(service=service, options=options)
        self.driver.set_script_timeout(30)

    def screenshot(self, name):
        path = os.path.join(self.shots_dir, f"{len(self.shots) + 1:02d}-{name}.png")
        self.driver.save_screenshot(path)
        self.shots.append(path)
        return path

    def console(self):
        """The browser console's messages so far (each read once), as 'LEVEL message' lines."""
        try:
            return [f"{e['level']} {e['message']}" for e in self.driver.get_log("browser")]
        except Exception:  # a driver without logs must not hide the real failure
            return []

    def js(self, script, *args):
        return self.driver.execute_script(script, *args)

    def close(self):
        self.driver.quit()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


@dataclass
class Output:
    """One output of a cell as the user sees it, whatever the front end."""
    kind: str                   # the MIME type shown: image/png, text/html, application/vnd.jupyter.stdout, ...
    text: str                   # its visible text
    images: list = field(default_factory=list)  # [{natural_width, natural_height, width_attr, shown_width}]
    tables: int = 0             # <table> elements rendered


def outputs_of(cell):
    return [Output(o["kind"], o["text"], o["images"], o["tables"]) for o in cell["outputs"]]


class Timeout(AssertionError):
    pass


def wait_until(condition, timeout, what, poll=0.1):
    """Polls condition() until it returns something true, which is returned; else fails naming `what`."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise Timeout(f"timed out after {timeout} s waiting for {what}")
        time.sleep(poll)


# Reads a page's notebook cells (those matching the selector in arguments[0]): one JS call, so a snapshot
# is consistent. JupyterLab and nbconvert's HTML export share these class names.
_CELLS_JS = """
return [...document.querySelectorAll(arguments[0])].map(cell => ({
  prompt: (cell.querySelector('.jp-InputArea-prompt') || {}).innerText || '',
  outputs: [...cell.querySelectorAll('.jp-OutputArea-output')].map(o => ({
    // nbconvert's export leaves the attribute off images: their data: address names the type
    kind: o.getAttribute('data-mime-type')
      || ((o.querySelector('img') || {src: ''}).src.match(/^data:([^;,]+)/) || [, ''])[1],
    text: o.innerText,
    tables: o.querySelectorAll('table').length,
    images: [...o.querySelectorAll('img')].map(img => ({
      complete: img.complete, natural_width: img.naturalWidth, natural_height: img.naturalHeight,
      width_attr: img.getAttribute('width'), shown_width: img.getBoundingClientRect().width
    }))
  }))
}));
"""
_LAB_CELLS = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook > .jp-Cell"

# Whether the notebook at `path` is the current document, loaded, with a DOM cell for each model cell
# (JupyterLab 3.6 renders cells in batches). Needs the app exposed (lab_server does that).
_LAB_OPENED_JS = """
const widget = window.jupyterapp && window.jupyterapp.shell.currentWidget;
if (!widget || !widget.context || widget.context.path !== arguments[0] || !widget.context.isReady) { return false; }
const shown = widget.node.querySelectorAll('.jp-Notebook > .jp-Cell').length;
return shown === widget.content.model.cells.length && shown > 0;
"""

# Records every state of one cell's outputs while it changes: what an eye on that cell would see.
_LAB_WATCH_JS = """
const [index, key] = arguments;
const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
const cell = panel.querySelectorAll('.jp-Notebook > .jp-Cell')[index];
const seen = [];
const record = () => {
  const texts = [...cell.querySelectorAll('.jp-OutputArea-output')]
    .map(o => [o.getAttribute('data-mime-type') || '', o.innerText]);
  const last = seen[seen.length - 1];
  if (!last || JSON.stringify(last) !== JSON.stringify(texts)) { seen.push(texts); }
};
new MutationObserver(record).observe(cell, {subtree: true, childList: true, characterData: true});
window.__threadlabWatch = window.__threadlabWatch || {};
window.__threadlabWatch[key] = seen;
"""


class JupyterLabPage:
    """JupyterLab 3.6 in the browser: a user's actions and what they see."""

    name = "JupyterLab"

    def __init__(self, browser, server, timeout=60):
        self.browser = browser
        self.server = server
        self.timeout = timeout
        self.workspaces = 0

    # ---- actions ----

    def open_notebook(self, path, wait_for_kernel=True):
        """Opens a notebook by its address, in a fresh workspace (no other tabs); waits until every cell
        shows and (unless told not to) its kernel is idle."""
        from urllib.parse import quote
        self.workspaces += 1
        self.browser.driver.get(self.server.url(
            f"lab/workspaces/test-{self.workspaces}/tree/{quote(path)}?token={self.server.token}"))
        wait_until(lambda: self.browser.js(_LAB_OPENED_JS, path), self.timeout, f"{path} to show all its cells")
        if wait_for_kernel:
            self.wait_for_kernel_idle()

    def run_all(self):
        """Run > Run All Cells, from the menu bar."""
        self._menu("Run", "runmenu:run-all")

    def interrupt(self):
        """The notebook toolbar's stop button ("Interrupt the kernel")."""
        self._toolbar_button("kernelmenu:interrupt").click()

    def run_cell(self, index):
        """Selects the cell by its prompt, then the toolbar's run button."""
        from selenium.webdriver.common.by import By
        cell = self._cell_elements()[index]
        self.browser.js("arguments[0].scrollIntoView({block: 'center'});", cell)
        cell.find_element(By.CSS_SELECTOR, ".jp-InputPrompt").click()
        self._toolbar_button("runmenu:run").click()

    def save(self):
        """File > Save Notebook (Ctrl+S): writes the notebook, outputs included, to its file; waits until saved."""
        self.browser.js("window.jupyterapp.commands.execute('docmanager:save');")
        wait_until(lambda: self.browser.js(
            "const w = window.jupyterapp.shell.currentWidget; return w && w.context && !w.context.model.dirty;"),
            self.timeout, "the notebook to be saved")

    def scroll_to(self, index):
        self.browser.js("arguments[0].scrollIntoView({block: 'start'});", self._cell_elements()[index])

    def watch(self, index, key):
        """Starts recording every distinct state of cell `index`'s outputs; read it with watched(key): a list of
        states, each a list of [kind, text] per output."""
        self.browser.js(_LAB_WATCH_JS, index, key)

    # ---- what the user sees ----

    def cells(self):
        return self.browser.js(_CELLS_JS, _LAB_CELLS) or []

    def cell_element(self, index):
        """The cell's element in the page, for what only the page can tell (computed styles)."""
        return self._cell_elements()[index]

    def prompt(self, index):
        """'[3]:' once run, '[*]:' while running or queued, '[ ]:' never run."""
        return self.cells()[index]["prompt"].strip()

    def outputs(self, index):
        return outputs_of(self.cells()[index])

    def watched(self, key):
        return self.browser.js("return (window.__threadlabWatch || {})[arguments[0]] || [];", key)

    def kernel_status(self):
        """The kernel state the status bar shows for this notebook: 'idle', 'busy', 'connecting', ..."""
        return self.browser.js(
            "const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;"
            "return w && w.sessionContext ? w.sessionContext.kernelDisplayStatus : '';") or ""

    def trusted(self):
        """Each cell's trust flag in the notebook model (untrusted outputs are sanitized)."""
        return self.browser.js(
            "const m = window.jupyterapp.shell.currentWidget.content.model;"
            "return Array.from({length: m.cells.length}, (_, i) => m.cells.get(i).trusted);")

    # ---- waiting ----

    def wait_for_kernel_idle(self, timeout=None):
        wait_until(lambda: self.kernel_status() == "idle", timeout or self.timeout, "the kernel to be idle")

    def wait_for_cell(self, index, timeout=None):
        """Waits until the cell has run ('[n]:') and returns n."""
        def done():
            prompt = self.prompt(index)
            return prompt[1:-2] if prompt[1:-2].isdigit() else None
        return int(wait_until(done, timeout or self.timeout, f"cell {index} to finish running"))

    def wait_for_output(self, index, predicate, what, timeout=None):
        return wait_until(lambda: [o for o in self.outputs(index) if predicate(o)], timeout or self.timeout,
                          f"cell {index} to show {what}")

    def wait_for_images(self, index, count, timeout=None):
        """Waits until `count` images in the cell have loaded; returns them."""
        def loaded():
            images = [i for o in self.outputs(index) for i in o.images if i["complete"] and i["natural_width"]]
            return images if len(images) >= count else None
        return wait_until(loaded, timeout or self.timeout, f"{count} image(s) to load in cell {index}")

    # ---- internals ----

    def _cell_elements(self):
        from selenium.webdriver.common.by import By
        return self.browser.driver.find_elements(
            By.CSS_SELECTOR, ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook > .jp-Cell")

    def _toolbar_button(self, command):
        from selenium.webdriver.common.by import By
        return self.browser.driver.find_element(
            By.CSS_SELECTOR, f".jp-NotebookPanel:not(.lm-mod-hidden) .jp-NotebookPanel-toolbar "
                             f"button[data-command='{command}']")

    def _menu(self, title, command):
        from selenium.webdriver.common.by import By
        driver = self.browser.driver
        item = next(i for i in driver.find_elements(By.CSS_SELECTOR, "#jp-menu-panel .lm-MenuBar-item")
                    if i.text == title)
        item.click()
        entry = wait_until(lambda: driver.find_elements(
            By.CSS_SELECTOR, f".lm-Menu .lm-Menu-item[data-command='{command}']"), 10, f"the {title} menu")
        entry[0].click()


# ---- the classic Notebook (Debian's notebook 6.4, its own server) ----------------------------------

def missing_classic():
    """Why the classic Notebook cannot be served here, in one sentence; None when it can."""
    import importlib.util
    try:  # found, not imported (it warns on import); notebook 7 has no such module, being JupyterLab-based
        found = importlib.util.find_spec("notebook.notebookapp")
    except ImportError:
        found = None
    if not found:
        return f"{sys.executable} has no notebook.notebookapp; it needs Debian's jupyter-notebook (6.x)"
    return None


def classic_server(root_dir, work_dir, kernel_name=None):
    argv = [sys.executable, "-m", "notebook"]
    if kernel_name:
        argv.append(f"--MappingKernelManager.default_kernel_name={kernel_name}")
    return JupyterServer("the classic Notebook", argv, root_dir, work_dir, app="NotebookApp")


# The classic Notebook marks an output's type by class, not by MIME type: this names it as JupyterLab does.
_CLASSIC_KIND_JS = """
const kindOf = o => {
  const c = o.classList;
  if (c.contains('output_png')) { return 'image/png'; }
  if (c.contains('output_svg')) { return 'image/svg+xml'; }
  if (c.contains('output_html')) { return 'text/html'; }
  if (c.contains('output_stdout')) { return 'application/vnd.jupyter.stdout'; }
  if (c.contains('output_stderr') || c.contains('output_error')) { return 'application/vnd.jupyter.stderr'; }
  if (c.contains('output_text')) { return 'text/plain'; }
  return '';
};
"""

_CLASSIC_CELLS_JS = _CLASSIC_KIND_JS + """
return [...document.querySelectorAll('#notebook-container > .cell')].map(cell => ({
  prompt: (cell.querySelector('.input_prompt') || {}).innerText || '',
  outputs: [...cell.querySelectorAll('.output_area .output_subarea')].map(o => ({
    kind: kindOf(o),
    text: o.innerText,
    tables: o.querySelectorAll('table').length,
    images: [...o.querySelectorAll('img')].map(img => ({
      complete: img.complete, natural_width: img.naturalWidth, natural_height: img.naturalHeight,
      width_attr: img.getAttribute('width'), shown_width: img.getBoundingClientRect().width
    }))
  }))
}));
"""

_CLASSIC_WATCH_JS = _CLASSIC_KIND_JS + """
const [index, key] = arguments;
const cell = document.querySelectorAll('#notebook-container > .cell')[index];
const seen = [];
const record = () => {
  const texts = [...cell.querySelectorAll('.output_area .output_subarea')].map(o => [kindOf(o), o.innerText]);
  const last = seen[seen.length - 1];
  if (!last || JSON.stringify(last) !== JSON.stringify(texts)) { seen.push(texts); }
};
new MutationObserver(record).observe(cell, {subtree: true, childList: true, characterData: true});
window.__threadlabWatch = window.__threadlabWatch || {};
window.__threadlabWatch[key] = seen;
"""


class ClassicNotebookPage(JupyterLabPage):
    """The classic Notebook (6.4) in the browser: the same actions and views as JupyterLabPage."""

    name = "the classic Notebook"

    def open_notebook(self, path, wait_for_kernel=True):
        from urllib.parse import quote
        self.browser.driver.get(self.server.url(f"notebooks/{quote(path)}?token={self.server.token}"))
        wait_until(lambda: self.browser.js(
            "return !!(window.Jupyter && Jupyter.notebook && Jupyter.notebook._fully_loaded);"),
            self.timeout, f"{path} to load")
        if wait_for_kernel:
            self.wait_for_kernel_idle()

    def run_all(self):
        """Cell > Run All, from the menu bar."""
        from selenium.webdriver.common.by import By
        driver = self.browser.driver
        driver.find_element(By.ID, "celllink").click()
        wait_until(lambda: driver.find_element(By.CSS_SELECTOR, "#run_all_cells a").is_displayed(), 10,
                   "the Cell menu")
        driver.find_element(By.CSS_SELECTOR, "#run_all_cells a").click()

    def interrupt(self):
        self._toolbar_button("jupyter-notebook:interrupt-kernel").click()

    def run_cell(self, index):
        from selenium.webdriver.common.by import By
        cell = self._cell_elements()[index]
        self.browser.js("arguments[0].scrollIntoView({block: 'center'});", cell)
        cell.find_element(By.CSS_SELECTOR, ".input_prompt").click()
        self._toolbar_button("jupyter-notebook:run-cell-and-select-next").click()

    def save(self):
        self._toolbar_button("jupyter-notebook:save-notebook").click()
        wait_until(lambda: self.browser.js("return Jupyter.notebook.dirty === false;"), self.timeout,
                   "the notebook to be saved")

    def watch(self, index, key):
        self.browser.js(_CLASSIC_WATCH_JS, index, key)

    def cells(self):
        cells = self.browser.js(_CLASSIC_CELLS_JS) or []
        for cell in cells:  # "In [3]:" -> "[3]:", as JupyterLab shows it
            prompt = cell["prompt"].replace("\u00a0", " ").strip()
            cell["prompt"] = prompt[prompt.find("["):] if "[" in prompt else prompt
        return cells

    def kernel_status(self):
        return self.browser.js(
            "const k = window.Jupyter && Jupyter.notebook && Jupyter.notebook.kernel;"
            "if (!k || !k.is_connected()) { return ''; }"
            "const icon = document.getElementById('kernel_indicator_icon');"
            "return icon.classList.contains('kernel_busy_icon') ? 'busy'"
            "  : icon.classList.contains('kernel_idle_icon') ? 'idle' : '';") or ""

    def trusted(self):
        return self.browser.js(
            "return Jupyter.notebook.get_cells().map(c => !!(c.output_area && c.output_area.trusted));")

    def _cell_elements(self):
        from selenium.webdriver.common.by import By
        return self.browser.driver.find_elements(By.CSS_SELECTOR, "#notebook-container > .cell")

    def _toolbar_button(self, action):
        from selenium.webdriver.common.by import By
        return self.browser.driver.find_element(By.CSS_SELECTOR, f"#maintoolbar button[data-jupyter-action='{action}']")


def front_ends():
    """The front ends the browser tests can use here, best first: [(name, server factory, page class)],
    and the reasons the others cannot be used."""
    available, reasons = [], []
    problem = missing_lab_build()
    if problem:
        reasons.append(f"JupyterLab: {problem}")
    else:
        available.append(("JupyterLab", lab_server, JupyterLabPage))
    problem = missing_classic()
    if problem:
        reasons.append(f"the classic Notebook: {problem}")
    else:
        available.append(("the classic Notebook", classic_server, ClassicNotebookPage))
    return available, reasons


# ---- an HTML export (jupyter nbconvert --to html), as a reader opens it -------------------------------

def export_html(notebook_path, work_dir):
    """`jupyter nbconvert --to html` of a saved notebook, as the README tells users; returns the HTML's path."""
    out_dir = os.path.join(work_dir, "export")
    beside = os.path.join(os.path.dirname(sys.executable), "jupyter")  # the Jupyter of the server's Python
    jupyter = beside if os.path.exists(beside) else "jupyter"
    done = subprocess.run([jupyter, "nbconvert", "--to", "html", "--output-dir", out_dir, notebook_path],
                          capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        raise AssertionError(f"jupyter nbconvert failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return os.path.join(out_dir, os.path.splitext(os.path.basename(notebook_path))[0] + ".html")


def open_html_export(browser, path, timeout=30):
    """Opens an exported page from its file; returns its cells as [[Output]], Markdown cells included."""
    browser.driver.get("file://" + path)
    wait_until(lambda: browser.js("return document.readyState") == "complete", timeout, f"{path} to load")
    return [outputs_of(cell) for cell in browser.js(_CELLS_JS, "body > .jp-Cell")]
