"""The report: the comparison table, every load run, and the method, as Markdown."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Callable, Dict, List, Optional, Tuple

from bench import cpu_profile, support
from bench.bots import OUR_TURNS, SAME_TURNS, STOCK_TURNS, Bot
from bench.figures import Figures, Plan
from bench.load import Burst

# Targets for our bot (issue 13's budget). Throughput is relative to the stock bot measured in the
# same run, on the same messages (bench.bots.SAME_TURNS).
TARGET_TRAINING_S = 180.0
TARGET_COLD_START_S = 20.0
TARGET_RASA_RSS_MIB = 1200.0
TARGET_SEQUENTIAL_P50_MS = 25.0
TARGET_SAME_THROUGHPUT_RATIO_20 = 1.0
TARGET_P99_20_MS = 250.0


@dataclass
class Row:
    label: str
    ours: Optional[float]
    stock: Optional[float]
    digits: int = 1
    target: str = ""
    met: Optional[bool] = None


def burst_median(figures: Figures, level: int, pick: Callable[[Burst], Optional[float]]) -> Optional[float]:
    values = [v for v in (pick(b) for b in figures.bursts.get(level, [])) if v is not None]
    return support.median(values) if values else None


def latency_percentile(fraction: float) -> Callable[[Burst], Optional[float]]:
    def pick(burst: Burst) -> Optional[float]:
        latencies = burst.latencies_ms
        return support.percentile(latencies, fraction) if latencies else None

    return pick


def sequential_percentile(figures: Figures, fraction: float) -> Optional[float]:
    return latency_percentile(fraction)(figures.sequential) if figures.sequential else None


def check(value: Optional[float], ok: Callable[[float], bool]) -> Optional[bool]:
    return None if value is None else ok(value)


def rows_for(ours: Figures, stock: Optional[Figures]) -> List[Row]:
    s = stock or Figures()
    seq_p50 = sequential_percentile(ours, 0.5)
    rows = [
        Row(
            "full training (s)",
            ours.training_s,
            s.training_s,
            0,
            f"<= {TARGET_TRAINING_S:.0f} s",
            check(ours.training_s, lambda v: v <= TARGET_TRAINING_S),
        ),
        Row(
            "cold start to first REST answer (s)",
            ours.cold_start_s,
            s.cold_start_s,
            1,
            f"<= {TARGET_COLD_START_S:.0f} s",
            check(ours.cold_start_s, lambda v: v <= TARGET_COLD_START_S),
        ),
        Row(
            "Rasa server RSS after warm-up (MiB)",
            ours.rasa_rss_mib,
            s.rasa_rss_mib,
            0,
            f"<= {TARGET_RASA_RSS_MIB:.0f} MiB",
            check(ours.rasa_rss_mib, lambda v: v <= TARGET_RASA_RSS_MIB),
        ),
        Row("Rasa server RSS after load (MiB)", ours.rasa_rss_after_load_mib, s.rasa_rss_after_load_mib, 0),
        Row("action server RSS after warm-up (MiB)", ours.action_rss_mib, s.action_rss_mib, 0),
        Row(
            "sequential p50 (ms)",
            seq_p50,
            sequential_percentile(s, 0.5),
            1,
            f"<= {TARGET_SEQUENTIAL_P50_MS:.0f} ms",
            check(seq_p50, lambda v: v <= TARGET_SEQUENTIAL_P50_MS),
        ),
        Row("sequential p95 (ms)", sequential_percentile(ours, 0.95), sequential_percentile(s, 0.95)),
        Row("sequential p99 (ms)", sequential_percentile(ours, 0.99), sequential_percentile(s, 0.99)),
    ]
    for level in sorted(set(ours.bursts) | set(s.bursts)):
        ours_tp = burst_median(ours, level, lambda b: b.throughput)
        stock_tp = burst_median(s, level, lambda b: b.throughput)
        ours_p50, stock_p50 = (burst_median(f, level, latency_percentile(0.5)) for f in (ours, s))
        ours_p99, stock_p99 = (burst_median(f, level, latency_percentile(0.99)) for f in (ours, s))
        p99_target, p99_met = "", None
        if level == 20:
            p99_target = f"<= {TARGET_P99_20_MS:.0f} ms"
            p99_met = check(ours_p99, lambda v: v <= TARGET_P99_20_MS)
        same_tp, stock_same_tp = same_throughputs(ours, s, level)
        same_target, same_met = "", None
        if level == 20:
            same_target = f">= {TARGET_SAME_THROUGHPUT_RATIO_20:.1f}x stock"
            if same_tp is not None and stock_same_tp:
                same_met = same_tp >= TARGET_SAME_THROUGHPUT_RATIO_20 * stock_same_tp
        rows += [
            Row(
                f"{level} concurrent, same messages: throughput (turns/s)",
                same_tp,
                stock_same_tp,
                1,
                same_target,
                same_met,
            ),
            Row(f"{level} concurrent, each bot's own script: throughput (turns/s)", ours_tp, stock_tp),
            Row(f"{level} concurrent: p50 (ms)", ours_p50, stock_p50),
            Row(f"{level} concurrent: p99 (ms)", ours_p99, stock_p99, 1, p99_target, p99_met),
        ]
    rows.append(Row("failed turns (all runs)", ours.errors, s.errors if stock else None, 0))
    return rows


def same_throughputs(ours: Figures, stock: Figures, level: int) -> Tuple[Optional[float], Optional[float]]:
    """Median throughput (turns/s) of each bot on the same messages at `level` concurrent."""
    medians = []
    for figures in (ours, stock):
        runs = sorted(b.throughput for b in figures.same_bursts.get(level, []))
        medians.append(runs[len(runs) // 2] if runs else None)
    return medians[0], medians[1]


def headline(ours: Figures, stock: Optional[Figures], level: int = 20) -> str:
    """One line: both bots, the same messages, `level` concurrent conversations, and the ratio."""
    same_tp, stock_same_tp = same_throughputs(ours, stock or Figures(), level)
    if same_tp is None or not stock_same_tp:
        return f"- Headline: no same-message run at {level} concurrent conversations against the stock bot."
    return (
        f"- **Headline: the same five messages at {level} concurrent conversations: ours {same_tp:.1f} "
        f"turns/s, stock {stock_same_tp:.1f} turns/s, {same_tp / stock_same_tp:.2f}x.**"
    )


def cell(value: Optional[float], digits: int) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def format_table(rows: List[Row]) -> str:
    lines = ["| figure | ours | stock | ours/stock | target (ours) | result |", "|---|---:|---:|---:|---|---|"]
    for row in rows:
        ratio = f"{row.ours / row.stock:.2f}" if row.ours is not None and row.stock not in (None, 0) else "—"
        result = {True: "pass", False: "MISS", None: "—" if row.target else ""}[row.met]
        lines.append(
            f"| {row.label} | {cell(row.ours, row.digits)} | {cell(row.stock, row.digits)} | {ratio} "
            f"| {row.target} | {result} |"
        )
    return "\n".join(lines)


def format_runs(named: List[Tuple[str, Figures]]) -> str:
    lines = [
        "| bot | concurrent | run | turns | turns/s | p50 (ms) | p99 (ms) | failed |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, figures in named:
        for level, bursts in sorted(figures.bursts.items()):
            for run, burst in enumerate(bursts, 1):
                p50, p99 = latency_percentile(0.5)(burst), latency_percentile(0.99)(burst)
                lines.append(
                    f"| {name} | {level} | {run} | {burst.expected_turns} | {burst.throughput:.1f} "
                    f"| {cell(p50, 1)} | {cell(p99, 1)} | {burst.errors} |"
                )
    return "\n".join(lines)


def sequential_by_turn(bot_turns: List[List[str]], figures: Figures) -> str:
    """Median latency of each turn of the script, e.g. to see what the action server call adds."""
    if figures.sequential is None:
        return "—"
    by_position: Dict[int, List[float]] = {}
    for position, turn in figures.sequential.turns:
        if turn.ok:
            by_position.setdefault(position, []).append(turn.latency_s * 1000)
    return ", ".join(
        f'"{bot_turns[position][0]}" {support.median(values):.1f}' for position, values in sorted(by_position.items())
    )


def model_origin(bot: Bot) -> str:
    if bot.training_s is not None:
        return f"{bot.name} {bot.model.name} (trained in this run)"
    built = time.strftime("%Y-%m-%d %H:%M", time.gmtime(bot.model.stat().st_mtime))
    return f"{bot.name} {bot.model.name} (reused, built {built} UTC)"


def report(
    bots: List[Bot], ours: Figures, stock: Optional[Figures], plan: Plan, load_start: str, note: str, command: str
) -> str:
    machine, versions = support.machine_summary(), support.versions()
    named = [("ours", ours)] + ([("stock", stock)] if stock else [])
    scripts = (
        "ours: greeting, article topic, follow-up, not-covered question, thanks, with the action server in the loop"
    )
    if stock:
        scripts += "; stock: greet, mood_unhappy, affirm, bot_challenge, goodbye"
    scripts += "; and, for the headline, both bots the same five messages: " + ", ".join(
        f'"{turn[0]}"' for turn in SAME_TURNS
    )
    sequential_turns = len(ours.sequential.turns) if ours.sequential else 0
    disclaimer_line = (
        f"Medical answers that carried the action server's disclaimer: "
        f"{ours.medical_turns_with_disclaimer}/{ours.medical_turns}."
    )
    parts = [
        "## Latest run",
        "",
        headline(ours, stock),
        f"- Date: {machine['date']}; command: `{command}`",
        f"- Machine: {machine['cores']} cores ({machine['cpu']}), {machine['memory']} memory; "
        f"load average (1/5/15 min) at start {load_start}, at end {support.load_average()}",
        "- Versions: " + ", ".join(f"{name} {version}" for name, version in versions.items()),
        f"- Method: REST channel on 127.0.0.1, conversations of 5 turns ({scripts}). The bots' "
        f"servers are up together but loaded one at a time, in {plan.runs} interleaved run(s). "
        f"Sequential: {sequential_turns} turns after {plan.warmup_conversations} warm-up "
        f"conversation(s), spread over the runs. Load: N conversations at once, one burst per level "
        f"per run, medians of the runs quoted; the load comes from Locust (headless, its own environment) on the same cores, timed per turn. "
        f"Cold start: from launching `rasa run` to "
        f"the first REST answer (our action server already up). RSS: VmRSS summed over the process "
        f"tree. Training: wall time of `rasa train` with an empty cache.",
        f"- {disclaimer_line}",
        "- Models: " + "; ".join(model_origin(bot) for bot in bots),
    ]
    parts += [
        f"- Sequential p50 by turn (ms), {name}: {sequential_by_turn(bot_turns, figures)}"
        for (name, figures), bot_turns in zip(named, [OUR_TURNS, STOCK_TURNS])
    ]
    if note:
        parts.append(f"- Note: {note}")
    parts += ["", format_table(rows_for(ours, stock)), "", "Every load run:", "", format_runs(named)]
    profiled = [(name, figures.cpu_profile) for name, figures in named if figures.cpu_profile]
    if profiled:
        parts += [
            "",
            f"Where each Rasa server's CPU goes during {plan.profile_concurrency} concurrent "
            f"conversations (py-spy samples of an extra, uncounted burst):",
            "",
            cpu_profile.format_breakdowns(profiled),
        ]
    return "\n".join(parts) + "\n"
