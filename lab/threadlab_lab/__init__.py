"""JupyterLab 3.6 served without the `jupyterlab` Python package.

    PYTHONPATH=lab /usr/bin/python3 -m threadlab_lab --notebook-dir=notebooks [jupyter server args...]

`ThreadLabApp` is jupyterlab_server's `LabServerApp` (Debian's python3-jupyterlab-server 2.16 on
python3-jupyter-server 1.23) pointed at the front end `lab/webpack.config.js` builds into
`lab/build/`: the page and bundle (`static/`), the extensions' settings schemas (`schemas/`) and
the themes (`themes/`). User settings and workspaces live where JupyterLab keeps them, so both
JupyterLabs share them. Prebuilt (federated) extensions are not loaded: the bundle has no module
federation, so the front end is exactly the extensions listed in `lab/package.json`.
"""
import json
import os
from pathlib import Path

from jupyter_core.paths import jupyter_config_dir
from jupyter_server import version_info as server_version_info
from jupyterlab_server import LabServerApp
from traitlets import Bool, Unicode, default

LAB_DIR = Path(__file__).resolve().parent.parent
BUILD_DIR = LAB_DIR / "build"
PACKAGE_JSON = LAB_DIR / "package.json"
# Debian's MathJax 2.7 (libjs-mathjax, which jupyter-notebook depends on): typesetting without a CDN
DEBIAN_JAVASCRIPT = Path("/usr/share/javascript")


def missing_build(build_dir=BUILD_DIR):
    """One sentence saying why the built front end cannot be served, or None when it can.

    `./threadlab install` records a failed (re)build in build/.threadlab-failed; a build it
    could not redo is not served, so this server and `./threadlab lab` agree.
    """
    failed = Path(build_dir) / ".threadlab-failed"
    if failed.is_file():
        return failed.read_text().strip()
    for part in ("static/index.html", "schemas", "themes"):
        if not (Path(build_dir) / part).exists():
            return (f"ThreadLab's JupyterLab is not built ({Path(build_dir) / part} is missing); "
                    "./threadlab install builds it")
    return None


def _jupyterlab_version():
    # the front end's own version, so the About dialog and the page config tell the truth
    try:
        return json.loads(PACKAGE_JSON.read_text())["version"]
    except (OSError, ValueError, KeyError):
        return ""


class ThreadLabApp(LabServerApp):
    """LabServerApp serving ThreadLab's build of JupyterLab 3.6 at /lab."""

    name = "threadlab_lab"
    app_name = "JupyterLab"
    description = "JupyterLab 3.6 (ThreadLab's build in lab/build) on jupyter_server and jupyterlab_server."
    load_other_extensions = True

    build_dir = Unicode(str(BUILD_DIR), config=True, help="Where lab/webpack.config.js put the front end.")
    expose_app_in_browser = Bool(False, config=True,
                                 help="Expose the application as window.jupyterapp (for browser tests).")

    @default("app_version")
    def _default_app_version(self):
        return _jupyterlab_version()

    @default("static_dir")
    def _default_static_dir(self):
        return os.path.join(self.build_dir, "static")

    @default("templates_dir")
    def _default_templates_dir(self):
        # index.html is built into static/ by html-webpack-plugin and rendered by Jinja from there
        return os.path.join(self.build_dir, "static")

    @default("schemas_dir")
    def _default_schemas_dir(self):
        return os.path.join(self.build_dir, "schemas")

    @default("themes_dir")
    def _default_themes_dir(self):
        return os.path.join(self.build_dir, "themes")

    @default("app_settings_dir")
    def _default_app_settings_dir(self):
        # page_config.json there disables what needs server endpoints only the jupyterlab package has
        return str(LAB_DIR / "settings")

    @default("user_settings_dir")
    def _default_user_settings_dir(self):
        # the same places and variables JupyterLab itself uses
        return os.environ.get("JUPYTERLAB_SETTINGS_DIR",
                              os.path.join(jupyter_config_dir(), "lab", "user-settings"))

    @default("workspaces_dir")
    def _default_workspaces_dir(self):
        return os.environ.get("JUPYTERLAB_WORKSPACES_DIR",
                              os.path.join(jupyter_config_dir(), "lab", "workspaces"))

    @default("labextensions_path")
    def _default_labextensions_path(self):
        return []

    def initialize_templates(self):
        super().initialize_templates()
        if (DEBIAN_JAVASCRIPT / "mathjax" / "MathJax.js").is_file():
            self.static_paths.append(str(DEBIAN_JAVASCRIPT))

    def initialize_handlers(self):
        problem = missing_build(self.build_dir)
        if problem:
            self.log.critical("threadlab: %s.", problem)
            self.exit(1)
        settings = self.serverapp.web_app.settings
        if len(self.static_paths) > 1 and not settings.get("mathjax_url"):
            settings["mathjax_url"] = self.static_url_prefix + "mathjax/MathJax.js"
        page_config = settings.setdefault("page_config_data", {})
        page_config.update(
            # no build or extension-manager endpoints: this server cannot rebuild the front end
            buildAvailable=False,
            buildCheck=False,
            devMode=False,
            token=self.serverapp.token,
            exposeAppInBrowser=self.expose_app_in_browser,
            quitButton=self.serverapp.quit_button,
            collaborative=False,
            allow_hidden_files=self.serverapp.contents_manager.allow_hidden,
            # the front end expects a JSON-encoded version tuple here
            notebookVersion=json.dumps(list(server_version_info)),
        )
        super().initialize_handlers()


def _jupyter_server_extension_points():
    return [{"module": __name__, "app": ThreadLabApp}]


main = ThreadLabApp.launch_instance
