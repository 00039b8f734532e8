"""tests/support/tiers.py: the tier summary, --no-skips, and the guard on server starts, run on
small test files in a pytest of their own (pytester)."""

from __future__ import annotations

import pytest

from tests.support.servers import ROOT

pytest_plugins = ["pytester"]
pytestmark = pytest.mark.slow  # each test runs a pytest of its own

SAMPLE = """
import pytest

def test_unit():
    pass

@pytest.mark.live
def test_live():
    pass

@pytest.mark.scaleout
def test_scale_out():
    pass

@pytest.mark.live
def test_live_skipped():
    pytest.skip("redis-server not installed")
"""


def run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    pytester.makepyfile(test_sample=SAMPLE)
    pytester.makeini("[pytest]\nmarkers =\n    live: x\n    browser: x\n    scaleout: x\n    slow: x\n")
    return pytester.runpytest_subprocess(
        "-p",
        "tests.support.tiers",
        "-p",
        "no:randomly",
        "-p",
        "no:cacheprovider",
        *args,
        # the project root, for `tests.support.tiers` and `devtools`
        f"--rootdir={pytester.path}",
        "-o",
        f"pythonpath={ROOT}",
    )


def test_the_summary_names_each_tier_and_why_one_did_not_run(pytester: pytest.Pytester) -> None:
    result = run(pytester, "-m", "not scaleout")
    result.stdout.fnmatch_lines(
        [
            "*test tiers*",
            "unit       1 passed",
            "live bot   1 passed, 1 skipped - skipped because: redis-server not installed (x1)",
            "browser    not run: none collected*",
            "scale-out  not run: 1 deselected by 'not scaleout'",
        ]
    )
    assert result.ret == 0  # skips are reported, and allowed without --no-skips


def test_no_skips_fails_a_run_with_a_skip(pytester: pytest.Pytester) -> None:
    result = run(pytester, "--no-skips")
    result.stdout.fnmatch_lines(["*FAILED: 1 test(s) skipped, and --no-skips allows none*"])
    assert result.ret == pytest.ExitCode.TESTS_FAILED


def test_a_test_that_starts_a_server_must_be_marked_live(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_server="""
import sys
from devtools.servers import ManagedProcess

def test_starts_one(tmp_path):
    ManagedProcess("sleeper", [sys.executable, "-c", "pass"], tmp_path / "log", "").start()
"""
    )
    result = run(pytester, "test_server.py")
    result.stdout.fnmatch_lines(["*test_starts_one starts sleeper but is not marked live*"])
    assert result.ret == pytest.ExitCode.TESTS_FAILED
