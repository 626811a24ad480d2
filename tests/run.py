"""Runs the Jupyter tests in this directory against the installed ThreadLab kernelspec.

    /usr/bin/python3 tests/run.py        (./threadlab test runs it after the Maven tests)

The kernelspec name comes from $THREADLAB_KERNEL_NAME (default "threadlab").
The last line printed is "N passed, N failed", counting test methods (a method with a
failing subtest counts once as failed); CI reads that line. Exit status 0 only if none failed.
"""
import os
import sys
import time
import unittest


def test_of(test):
    """The test method a result belongs to (a subtest's result belongs to its method)."""
    return getattr(test, "test_case", test).id()


class CountingResult(unittest.TextTestResult):
    """Remembers which test methods started, so class-setup errors are not miscounted."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.started = set()
        self.seconds = {}
        self.wall = {}   # per file, class and module set-up included: the time since the previous test ended
        self._t0 = {}
        self._last = time.monotonic()

    def startTest(self, test):
        super().startTest(test)
        self.started.add(test.id())
        self._t0[test.id()] = time.monotonic()

    def stopTest(self, test):
        super().stopTest(test)
        now = time.monotonic()
        if test.id() in self._t0:
            self.seconds[test.id()] = now - self._t0.pop(test.id())
        file = test_of(test).split(".")[0]
        self.wall[file] = self.wall.get(file, 0) + now - self._last
        self._last = now


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    suite = unittest.defaultTestLoader.discover(here, pattern="test*.py", top_level_dir=here)
    runner = unittest.TextTestRunner(verbosity=2, stream=sys.stdout, resultclass=CountingResult)
    t0 = time.monotonic()
    result = runner.run(suite)
    # where the time goes (CI has a budget): each file's share, its class set-up included
    print(f"\nJupyter tests took {time.monotonic() - t0:.0f} s; by file (set-up included):")
    for name, secs in sorted(result.wall.items(), key=lambda kv: -kv[1]):
        print(f"  {secs:6.1f} s  {name}")
    started = result.started
    failed = {test_of(t) for t, _ in result.failures + result.errors}
    failed |= {test_of(t) for t in result.unexpectedSuccesses}
    # only whole methods count as skipped; a method whose subtests were skipped still ran
    skipped = {t.id() for t, _ in result.skipped if not hasattr(t, "test_case")} - failed
    passed = len(started - failed - skipped)
    if skipped:
        print(f"{len(skipped)} skipped")
    print(f"{passed} passed, {len(failed)} failed", flush=True)
    return 0 if not failed and started else 1


if __name__ == "__main__":
    sys.exit(main())
