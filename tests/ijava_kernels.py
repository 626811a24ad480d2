"""IJava kernelspecs in a temporary Jupyter path, for tests/test_ijava.py and tests/bench_ijava.py.

    with IJavaKernels() as kernels:
        KernelSession(kernel_name=kernels.bridged)    # "Java (IJava + ThreadLab)", as installed
        KernelSession(kernel_name=kernels.plain)      # the same stock IJava 1.3.0, without ThreadLab

`./threadlab install --ijava` registers the bridged one (JUPYTER_DATA_DIR points it at the
temporary folder); the plain one is the same kernelspec without its environment. While open,
JUPYTER_PATH includes the folder, so Jupyter clients in this process find both.
"""
import json
import os
import shutil
import subprocess
import tempfile

from kernel_session import KERNEL_NAME

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class IJavaKernels:
    def __init__(self):
        self.bridged = KERNEL_NAME + "-ijava"       # the name ./threadlab install --ijava gives it
        self.plain = KERNEL_NAME + "-ijava-plain"
        self.dir = None
        self._saved_path = None

    def spec(self, name):
        with open(os.path.join(self.dir, "kernels", name, "kernel.json")) as f:
            return json.load(f)

    def __enter__(self):
        self.dir = tempfile.mkdtemp(prefix="threadlab-ijava-")
        env = dict(os.environ, JUPYTER_DATA_DIR=self.dir, THREADLAB_KERNEL_NAME=KERNEL_NAME)
        done = subprocess.run([os.path.join(ROOT, "threadlab"), "install", "--ijava"], env=env, cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=1200)
        if done.returncode != 0:
            shutil.rmtree(self.dir, ignore_errors=True)
            raise AssertionError("./threadlab install --ijava failed:\n" + done.stdout[-3000:])
        plain = {k: v for k, v in self.spec(self.bridged).items() if k != "env"}
        plain["display_name"] = "IJava (without ThreadLab)"
        os.makedirs(os.path.join(self.dir, "kernels", self.plain))
        with open(os.path.join(self.dir, "kernels", self.plain, "kernel.json"), "w") as f:
            json.dump(plain, f)
        self._saved_path = os.environ.get("JUPYTER_PATH")
        os.environ["JUPYTER_PATH"] = self.dir + (os.pathsep + self._saved_path if self._saved_path else "")
        return self

    def __exit__(self, *exc):
        if self._saved_path is None:
            os.environ.pop("JUPYTER_PATH", None)
        else:
            os.environ["JUPYTER_PATH"] = self._saved_path
        shutil.rmtree(self.dir, ignore_errors=True)
