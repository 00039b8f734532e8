"""The load: conversations of REST turns, one at a time or many at once, held by Locust in its own
environment and timed per turn (the records of bench/locustfile.py)."""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import List, Tuple

from bench.bots import ROOT, Bot, conversation

LOCUSTFILE = Path(__file__).resolve().with_name("locustfile.py")

TURN_TIMEOUT_S = 30.0
BURST_TIMEOUT_S = 300.0


@dataclass
class Turn:
    latency_s: float
    ok: bool
    messages: int


def locust_binary() -> Path:
    """Locust in its own environment: BENCH_LOCUST, else .venv-bench/bin/locust."""
    return Path(os.environ.get("BENCH_LOCUST") or ROOT / ".venv-bench" / "bin" / "locust")


@dataclass
class Burst:
    concurrency: int
    turns: List[Tuple[int, Turn]]  # (position in the conversation, result)
    expected_turns: int
    wall_s: float

    @property
    def latencies_ms(self) -> List[float]:
        return [turn.latency_s * 1000 for _, turn in self.turns if turn.ok]

    @property
    def errors(self) -> int:
        return self.expected_turns - sum(1 for _, turn in self.turns if turn.ok)

    @property
    def throughput(self) -> float:
        return len(self.latencies_ms) / self.wall_s if self.wall_s > 0 else 0.0


def run_conversations(url: str, bot: Bot, count: int, concurrency: int, tag: str, log_dir: Path) -> Burst:
    """`count` conversations, `concurrency` of them at a time, each one sender's turns in order,
    held by Locust (headless, bench/locustfile.py); its CSV goes to log_dir/locust-<tag>_*.csv.

    Raises RuntimeError when Locust is missing or fails. wall_s runs from the first request
    to the last answer, as the figures need (Locust's start-up is not load).
    """
    locust = locust_binary()
    if not locust.exists():
        raise RuntimeError(f"{locust} is missing: `make bench-env` makes the load generator's environment")
    records_file = log_dir / f"locust-{tag}-turns.json"
    environment = {
        **os.environ,
        "BENCH_CONVERSATIONS": json.dumps([conversation(bot.turns, i) for i in range(len(bot.turns[0]))]),
        "BENCH_MEDICAL_TURNS": json.dumps(list(bot.medical_turns)),
        "BENCH_TAG": tag,
        "BENCH_COUNT": str(count),
        "BENCH_TURNS_OUT": str(records_file),
        "BENCH_TURN_TIMEOUT_S": str(TURN_TIMEOUT_S),
    }
    command = [
        str(locust),
        "-f",
        str(LOCUSTFILE),
        "--headless",
        "--only-summary",
        "--host",
        url,
        "-u",
        str(concurrency),
        "-r",
        str(concurrency),
        "--run-time",
        f"{BURST_TIMEOUT_S:.0f}s",
        "--stop-timeout",
        str(int(TURN_TIMEOUT_S)),
        "--csv",
        str(log_dir / f"locust-{tag}"),
        "--exit-code-on-error",
        "0",
        "--loglevel",
        "WARNING",
    ]
    with open(log_dir / f"locust-{tag}.log", "wb") as log:
        result = subprocess.run(
            command, env=environment, stdout=log, stderr=subprocess.STDOUT, timeout=BURST_TIMEOUT_S + 60
        )
    if result.returncode != 0 or not records_file.exists():
        raise RuntimeError(f"locust failed ({result.returncode}); see {log_dir / f'locust-{tag}.log'}")
    records = json.loads(records_file.read_text(encoding="utf-8"))
    turns = [(position, Turn(latency, bool(ok), messages)) for _, position, _, latency, ok, messages in records]
    wall = max((start + latency for _, _, start, latency, _, _ in records), default=0.0) - min(
        (start for _, _, start, _, _, _ in records), default=0.0
    )
    if wall >= BURST_TIMEOUT_S:
        print(f"  warning: {tag} stopped after {BURST_TIMEOUT_S:.0f} s", flush=True)
    return Burst(concurrency, turns, count * len(bot.turns), wall)


def merged(bursts: List[Burst]) -> Burst:
    return Burst(
        bursts[0].concurrency,
        [turn for burst in bursts for turn in burst.turns],
        sum(burst.expected_turns for burst in bursts),
        sum(burst.wall_s for burst in bursts),
    )
