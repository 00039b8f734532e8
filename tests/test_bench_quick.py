"""The benchmark (python -m bench): the quick run works end to end, and the report keeps hand-written text.

No timing assertions: figures on a shared 2-core machine say nothing about correctness.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.support import END_MARKER, START_MARKER, percentile, replace_generated_section, tree_rss_mib

ROOT = Path(__file__).resolve().parents[1]

TABLE_HEADER = "| figure | ours | stock | ours/stock | target (ours) | result |"


def row_values(output: str, label: str) -> list:
    match = re.search(rf"^\| {re.escape(label)} \|(.*)\|\s*$", output, re.M)
    assert match, f"no row {label!r} in:\n{output}"
    return [cell.strip() for cell in match.group(1).split("|")]


@pytest.mark.live
def test_quick_run_measures_our_bot_and_prints_the_table() -> None:
    benchmarks = ROOT / "BENCHMARKS.md"
    before = benchmarks.read_text(encoding="utf-8") if benchmarks.exists() else None

    result = subprocess.run(
        [sys.executable, "-m", "bench", "--quick"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=240,
    )

    assert result.returncode == 0, f"stdout:\n{result.stdout[-3000:]}\nstderr:\n{result.stderr[-3000:]}"
    output = result.stdout
    assert TABLE_HEADER in output
    for label in (
        "cold start to first REST answer (s)",
        "Rasa server RSS after warm-up (MiB)",
        "action server RSS after warm-up (MiB)",
        "sequential p50 (ms)",
        "sequential p99 (ms)",
        "5 concurrent, each bot's own script: throughput (turns/s)",
        "5 concurrent, same messages: throughput (turns/s)",
        "5 concurrent: p99 (ms)",
    ):
        ours, stock = row_values(output, label)[:2]
        assert float(ours) > 0, f"{label}: {ours}"
        assert stock == "—", "the quick run has no stock bot"
    assert row_values(output, "failed turns (all runs)")[0] == "0"
    shown, total = map(int, re.search(r"disclaimer: (\d+)/(\d+)", output).groups())
    assert total > 0 and shown > 0, "the action server was not in the loop"
    after = benchmarks.read_text(encoding="utf-8") if benchmarks.exists() else None
    assert after == before, "--quick must not rewrite BENCHMARKS.md"


def test_rewriting_the_report_keeps_the_hand_written_sections() -> None:
    existing = (
        f"# Benchmarks\n\nintro\n\n{START_MARKER}\nold table\n{END_MARKER}\n\n"
        "## Changes and their effect\n\n- cached the validator: p50 30 -> 12 ms\n"
    )
    rewritten = replace_generated_section(existing, "new table\n")
    assert "new table" in rewritten and "old table" not in rewritten
    assert rewritten.startswith("# Benchmarks\n\nintro\n\n")
    assert rewritten.endswith("## Changes and their effect\n\n- cached the validator: p50 30 -> 12 ms\n")
    assert replace_generated_section(rewritten, "new table\n") == rewritten


def test_a_new_report_gets_the_markers_and_a_hand_written_section() -> None:
    created = replace_generated_section(None, "table")
    assert created.index(START_MARKER) < created.index("table") < created.index(END_MARKER)
    assert "## Changes and their effect" in created.split(END_MARKER)[1]


def test_a_report_without_markers_is_refused_not_overwritten() -> None:
    with pytest.raises(ValueError, match="bench:start"):
        replace_generated_section("# Benchmarks\n\nhand-written only\n", "table")


def test_percentiles_interpolate_like_numpy() -> None:
    values = [10.0, 20.0, 30.0, 40.0]
    assert percentile(values, 0.5) == 25.0
    assert percentile(values, 0.0) == 10.0 and percentile(values, 1.0) == 40.0
    assert percentile([7.0], 0.99) == 7.0
    assert percentile(list(reversed(values)), 0.99) == pytest.approx(39.7)
    with pytest.raises(ValueError):
        percentile([], 0.5)


def test_tree_rss_counts_the_children_and_a_gone_process_costs_nothing() -> None:
    own = tree_rss_mib(os.getpid())
    assert own > 10  # this Python, with pytest loaded
    child = subprocess.Popen([sys.executable, "-c", "x = bytearray(150 * 2**20); import time; time.sleep(60)"])
    try:
        deadline = time.monotonic() + 30
        while tree_rss_mib(child.pid) < 150 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert tree_rss_mib(child.pid) >= 150
        assert tree_rss_mib(os.getpid()) >= own + 150 - 20  # the child counts with its parent
    finally:
        child.kill()
        child.wait()
    assert tree_rss_mib(child.pid) == 0.0
