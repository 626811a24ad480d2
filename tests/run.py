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
        self._t0 = {}

    def startTest(self, test):
        super().startTest(test)
        self.started.add(test.id())
        self._t0[test.id()] = time.monotonic()

    def stopTest(self, test):
        super().stopTest(test)
        if test.id() in self._t0:
            self.seconds[test.id()] = time.monotonic() - self._t0.pop(test.id())


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    suite = unittest.defaultTestLoader.discover(here, pattern="test*.py", top_level_dir=here)
    runner = unittest.TextTestRunner(verbosity=2, stream=sys.stdout, resultclass=CountingResult)
    t0 = time.monotonic()
    result = runner.run(suite)
    # where the time goes (CI has a budget): the slowest test methods, and each file's share
    by_file = {}
    for test_id, secs in result.seconds.items():
        by_file[test_id.split(".")[0]] = by_file.get(test_id.split(".")[0], 0) + secs
    print(f"\nJupyter tests took {time.monotonic() - t0:.0f} s; by file (test methods only, not class set-up):")
    for name, secs in sorted(by_file.items(), key=lambda kv: -kv[1]):
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
