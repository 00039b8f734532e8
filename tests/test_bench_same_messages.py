"""bench/: the headline compares both bots on the same messages (issue 13), not on their own scripts."""

from __future__ import annotations

from bench.bots import SAME_TURNS, Bot
from bench.figures import Figures
from bench.load import Burst, Turn
from bench.report import TARGET_SAME_THROUGHPUT_RATIO_20, headline, rows_for


def burst(turns_per_s: float, level: int = 20) -> Burst:
    count = 100
    return Burst(level, [(i % 5, Turn(0.01, True, 2)) for i in range(count)], count, count / turns_per_s)


def figures(same: list, own: list) -> Figures:
    return Figures(bursts={20: [burst(t) for t in own]}, same_bursts={20: [burst(t) for t in same]})


def test_the_headline_is_the_same_message_ratio_with_medians_of_the_runs() -> None:
    ours, stock = figures([60, 72, 80], [150, 150, 150]), figures([50, 54, 90], [30, 30, 30])
    line = headline(ours, stock)
    assert "ours 72.0 turns/s, stock 54.0 turns/s, 1.33x" in line
    assert "same five messages at 20 concurrent" in line


def test_the_throughput_target_is_judged_on_the_same_messages_only() -> None:
    # far ahead on its own script, behind on the same messages: the target is not met
    ours, stock = figures([40], [500]), figures([50], [10])
    rows = {row.label: row for row in rows_for(ours, stock)}
    same = rows["20 concurrent, same messages: throughput (turns/s)"]
    assert same.met is False and same.target == f">= {TARGET_SAME_THROUGHPUT_RATIO_20:.1f}x stock"
    assert rows["20 concurrent, each bot's own script: throughput (turns/s)"].met is None


def test_without_a_stock_run_the_headline_says_so() -> None:
    assert "no same-message run" in headline(figures([60], [60]), None)


def test_both_bots_get_the_same_five_messages() -> None:
    bot = Bot("ours", None, None, None, [["x"]], (1,), True)
    same = bot.with_same_messages()
    assert same.turns == SAME_TURNS and len(SAME_TURNS) == 5 and same.medical_turns == ()
    assert all(len(variants) == 1 for variants in SAME_TURNS)
