"""What one benchmark run measures for one bot (Figures) and how much it runs (Plan)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

from bench.bots import Bot
from bench.load import Burst


@dataclass
class Figures:
    training_s: Optional[float] = None
    cold_start_s: Optional[float] = None
    rasa_rss_mib: Optional[float] = None
    rasa_rss_after_load_mib: Optional[float] = None
    action_rss_mib: Optional[float] = None
    sequential: Optional[Burst] = None
    bursts: Dict[int, List[Burst]] = field(default_factory=dict)
    # The same messages for both bots (bench.bots.SAME_TURNS), by concurrency level.
    same_bursts: Dict[int, List[Burst]] = field(default_factory=dict)
    medical_turns: int = 0
    medical_turns_with_disclaimer: int = 0
    cpu_profile: Optional[List[Tuple[str, float]]] = None

    def count_disclaimers(self, bot: Bot, burst: Burst) -> None:
        for position, turn in burst.turns:
            if position in bot.medical_turns:
                self.medical_turns += 1
                self.medical_turns_with_disclaimer += int(turn.ok and turn.messages >= 2)

    @property
    def errors(self) -> int:
        bursts = [b for runs in list(self.bursts.values()) + list(self.same_bursts.values()) for b in runs]
        return sum(b.errors for b in bursts + ([self.sequential] if self.sequential else []))


@dataclass
class Plan:
    warmup_conversations: int
    sequential_turns: int
    runs: int
    concurrency_levels: Tuple[int, ...]
    profile_concurrency: Optional[int] = None  # an extra, unmeasured burst under py-spy
