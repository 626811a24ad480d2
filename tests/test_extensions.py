"""Extensions load through META-INF/services/org.dflib.jjava.jupyter.Extension, also from a jar
added while the kernel runs (%jars), exactly as in stock JJava.

    /usr/bin/python3 -m unittest -v tests/test_extensions.py
"""
import glob
import json
import os
import subprocess
import sys
import tempfile
import textwrap
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kernel_session import KERNEL_NAME, KernelSession

from jupyter_client.kernelspec import KernelSpecManager

EXTENSION = textwrap.dedent("""
    package demo;

    import org.dflib.jjava.jupyter.Extension;
    import org.dflib.jjava.jupyter.kernel.BaseKernel;

    public class HelloExtension implements Extension {
        @Override
        public void install(BaseKernel kernel) {
            kernel.getMagicsRegistry().registerLineMagic("hello", (k, args) -> "hello " + String.join(" ", args));
        }
    }
""")


def kernel_java_home():
    """The JDK the installed kernelspec runs: its argv[0] is that JDK's bin/java."""
    spec = KernelSpecManager().get_kernel_spec(KERNEL_NAME)
    return os.path.dirname(os.path.dirname(spec.argv[0])), spec.argv[spec.argv.index("-cp") + 1]


class ExtensionLoadingTest(unittest.TestCase):
    def build_extension_jar(self, d):
        java_home, classpath = kernel_java_home()
        src = os.path.join(d, "src", "demo")
        os.makedirs(src)
        with open(os.path.join(src, "HelloExtension.java"), "w") as f:
            f.write(EXTENSION)
        classes = os.path.join(d, "classes")
        subprocess.run([os.path.join(java_home, "bin", "javac"), "-d", classes, "-cp", classpath,
                        os.path.join(src, "HelloExtension.java")], check=True)
        services = os.path.join(classes, "META-INF", "services")
        os.makedirs(services)
        with open(os.path.join(services, "org.dflib.jjava.jupyter.Extension"), "w") as f:
            f.write("demo.HelloExtension\n")
        jar = os.path.join(d, "hello-extension.jar")
        subprocess.run([os.path.join(java_home, "bin", "jar"), "cf", jar, "-C", classes, "."], check=True)
        return jar

    def test_threadlab_extension_is_loaded_at_start(self):
        with KernelSession() as k:
            reply, msgs = k.run("%lsmagic")
            magics = k.result(msgs)
            for name in ("%threadlab", "%%threads", "%%bench", "%pattern", "%urlserver"):
                self.assertIn(name, magics)

    def test_an_extension_jar_added_later_registers_its_magic(self):
        with tempfile.TemporaryDirectory() as d:
            jar = self.build_extension_jar(d)
            with KernelSession() as k:
                reply, msgs = k.run("%hello world")
                self.assertEqual(reply["content"]["status"], "error")  # not there yet
                reply, msgs = k.run(f"%jars {jar}")
                self.assertEqual(reply["content"]["status"], "ok", reply["content"])
                reply, msgs = k.run("%hello world")
                self.assertEqual(k.result(msgs), "hello world")
                # the jar's classes are on the notebook's classpath too
                reply, msgs = k.run("new demo.HelloExtension().getClass().getSimpleName()")
                self.assertEqual(k.result(msgs), "HelloExtension")
                reply, msgs = k.run("%jars /no/such.jar")
                self.assertEqual(reply["content"]["status"], "error")
                self.assertIn("/no/such.jar", k.error(msgs)["evalue"])


if __name__ == "__main__":
    unittest.main()
