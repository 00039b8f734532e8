"""A pytest plugin: which test tiers ran, and why any did not.

Tiers, from a test's markers (pytest.ini), first match wins:
- browser:   `browser` marker, or a test that uses pytest-playwright's `browser` fixture
             (Debian's chromium driving the chat widget);
- scale-out: `scaleout` marker (Postgres, Redis, nginx);
- live bot:  `live` marker (starts the action server and Rasa with the trained model);
- unit:      everything else (no server, no network).

At the end of a run it prints one line per tier: how many passed, failed and skipped, or why
the tier did not run (deselected by -m or -k, not collected, every test skipped and why), and
the random order's seed (pytest-randomly).
`--no-skips` (what `make test` passes) turns any skipped test into a failed run, so nothing
is left out without the run failing.

A guard: a test that starts a server (devtools.servers.ManagedProcess) without the
`live` marker fails, so `make test-fast` (-m "not live") never starts one.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Dict, List

import pytest

TIERS = ("unit", "live bot", "browser", "scale-out")
SERVER_MARKERS = ("live", "browser", "scaleout")


def tier_of(item: pytest.Item) -> str:
    if item.get_closest_marker("browser") or "browser" in getattr(item, "fixturenames", ()):
        return "browser"
    if item.get_closest_marker("scaleout"):
        return "scale-out"
    if item.get_closest_marker("live"):
        return "live bot"
    return "unit"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--no-skips",
        action="store_true",
        default=False,
        help="fail the run when any test is skipped (make test)",
    )


class TierReport:
    def __init__(self) -> None:
        self.tier_by_id: Dict[str, str] = {}
        self.selected: Counter = Counter()
        self.deselected: Counter = Counter()
        self.outcomes: Dict[str, Counter] = defaultdict(Counter)
        self.skip_reasons: Dict[str, Counter] = defaultdict(Counter)

    @pytest.hookimpl(tryfirst=True)
    def pytest_collection_modifyitems(self, items: List[pytest.Item]) -> None:
        for item in items:
            # Every test of tests/webchat starts the widget's static server, Rasa or chromium.
            if item.path.parent.name == "webchat" and not item.get_closest_marker("live"):
                item.add_marker(pytest.mark.live)
            tier = tier_of(item)
            # browser and scale-out tests start servers too: they are live.
            if tier != "unit" and not item.get_closest_marker("live"):
                item.add_marker(pytest.mark.live)
            if tier == "browser" and not item.get_closest_marker("browser"):
                item.add_marker(pytest.mark.browser)

    def pytest_deselected(self, items: List[pytest.Item]) -> None:
        for item in items:
            self.deselected[tier_of(item)] += 1

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        for item in session.items:
            tier = tier_of(item)
            self.tier_by_id[item.nodeid] = tier
            self.selected[tier] += 1

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        tier = self.tier_by_id.get(report.nodeid, "unit")
        if report.skipped:
            self.outcomes[tier]["skipped"] += 1
            reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
            self.skip_reasons[tier][reason.removeprefix("Skipped: ")] += 1
        elif report.failed:
            self.outcomes[tier]["failed" if report.when == "call" else "error"] += 1
        elif report.passed and report.when == "call":
            self.outcomes[tier]["passed"] += 1

    def skipped(self) -> int:
        return sum(counts["skipped"] for counts in self.outcomes.values())

    def lines(self, config: pytest.Config) -> List[str]:
        lines = []
        for tier in TIERS:
            counts, selected = self.outcomes[tier], self.selected[tier]
            ran = ", ".join(f"{counts[k]} {k}" for k in ("passed", "failed", "error", "skipped") if counts[k])
            if selected == 0 and self.deselected[tier]:
                expression = config.getoption("markexpr") or config.getoption("keyword")
                text = f"not run: {self.deselected[tier]} deselected by {expression!r}"
            elif selected == 0:
                text = "not run: none collected (its folders were not given to pytest)"
            elif config.getoption("collectonly"):
                text = f"{selected} collected"
            elif counts["skipped"] == selected:
                text = f"not run: all {selected} skipped"
            elif not ran:
                text = f"not run: the session stopped before its {selected} tests (-x, an interrupt)"
            else:
                text = ran
                if self.deselected[tier]:
                    expression = config.getoption("markexpr") or config.getoption("keyword")
                    text += f" ({self.deselected[tier]} deselected by {expression!r})"
            reasons = "; ".join(f"{reason} (x{n})" for reason, n in self.skip_reasons[tier].most_common(3))
            lines.append(f"{tier:<10} {text}" + (f" - skipped because: {reasons}" if reasons else ""))
        return lines

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        if session.config.getoption("no_skips") and self.skipped() and session.exitstatus == 0:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED

    def pytest_terminal_summary(self, terminalreporter, config: pytest.Config) -> None:
        terminalreporter.section("test tiers")
        for line in self.lines(config):
            terminalreporter.write_line(line)
        seed = config.getoption("randomly_seed", None) if config.pluginmanager.has_plugin("randomly") else None
        if isinstance(seed, int):  # also under -q, which hides pytest-randomly's header line
            terminalreporter.write_line(
                f'order      random; PYTEST_ARGS="-p randomly --randomly-seed={seed}" repeats it'
            )
        else:
            terminalreporter.write_line("order      as collected (pytest-randomly off)")
        if config.getoption("no_skips") and self.skipped():
            terminalreporter.write_line(
                f"FAILED: {self.skipped()} test(s) skipped, and --no-skips allows none (reasons above)",
                red=True,
            )


def guard_server_starts() -> None:
    """Make ManagedProcess.start fail inside a test that lacks the `live` marker."""
    from devtools import servers

    original = servers.ManagedProcess.start

    def start(self, *args, **kwargs):
        item = _current_item.get("item")
        if item is not None and not any(item.get_closest_marker(m) for m in SERVER_MARKERS):
            pytest.fail(
                f"{item.nodeid} starts {self.name} but is not marked live: add "
                "`pytestmark = pytest.mark.live` to its module",
                pytrace=False,
            )
        return original(self, *args, **kwargs)

    servers.ManagedProcess.start = start


_current_item: Dict[str, pytest.Item] = {}


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item):
    _current_item["item"] = item
    yield
    _current_item.pop("item", None)


def pytest_configure(config: pytest.Config) -> None:
    config.pluginmanager.register(TierReport(), "baclofen-tiers")
    guard_server_starts()
