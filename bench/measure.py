"""One benchmark run: both bots up together, loaded one at a time in interleaved runs."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Dict, List, Tuple

from bench import cpu_profile, support
from bench.bots import Bot
from bench.figures import Figures, Plan
from bench.load import Burst, merged, run_conversations
from bench.servers import Running, start


def measure(bots: List[Bot], plan: Plan, log_dir: Path) -> Dict[str, Figures]:
    """Both bots are up together but loaded one at a time, their runs interleaved, so that what
    else the machine is doing falls on both alike."""
    running: List[Running] = []
    try:
        for bot in bots:
            running.append(start(bot, log_dir))
        for live in running:
            run_conversations(live.url, live.bot, plan.warmup_conversations, 1, f"{live.bot.name}-warmup", log_dir)
            live.figures.rasa_rss_mib = support.tree_rss_mib(live.rasa_pid)
            if live.actions is not None and live.actions.process is not None:
                live.figures.action_rss_mib = support.tree_rss_mib(live.actions.process.pid)

        sequential: Dict[str, List[Burst]] = {live.bot.name: [] for live in running}
        for run in range(1, plan.runs + 1):
            # Alternate who goes first, so neither bot always follows the other's load.
            for live in running if run % 2 else list(reversed(running)):
                name = live.bot.name
                # The sequential turns are split over the runs: whole conversations, in order.
                share = -(-plan.sequential_turns // (plan.runs * len(live.bot.turns)))
                chunk = run_conversations(live.url, live.bot, share, 1, f"{name}-seq-r{run}", log_dir)
                sequential[name].append(chunk)
                live.figures.count_disclaimers(live.bot, chunk)
                for level in plan.concurrency_levels:
                    # As many conversations as the level, all at once: every one has a turn in flight.
                    burst = run_conversations(live.url, live.bot, level, level, f"{name}-c{level}-r{run}", log_dir)
                    live.figures.bursts.setdefault(level, []).append(burst)
                    live.figures.count_disclaimers(live.bot, burst)
                    print(
                        f"  run {run}, {name}, {level} concurrent: {burst.throughput:.1f} turns/s, "
                        f"{burst.errors} failed",
                        flush=True,
                    )
                    same = run_conversations(
                        live.url, live.bot.with_same_messages(), level, level, f"{name}-same-c{level}-r{run}", log_dir
                    )
                    live.figures.same_bursts.setdefault(level, []).append(same)
                    print(
                        f"  run {run}, {name}, {level} concurrent, same messages: {same.throughput:.1f} turns/s, "
                        f"{same.errors} failed",
                        flush=True,
                    )

        for live in running:
            live.figures.sequential = merged(sequential[live.bot.name])
            live.figures.rasa_rss_after_load_mib = support.tree_rss_mib(live.rasa_pid)
            if plan.profile_concurrency:
                live.figures.cpu_profile = profile_burst(
                    live.rasa_pid, live.url, live.bot, plan.profile_concurrency, log_dir
                )
        return {live.bot.name: live.figures for live in running}
    finally:
        for live in running:
            live.stop()


def profile_burst(pid: int, url: str, bot: Bot, level: int, log_dir: Path) -> List[Tuple[str, float]]:
    """py-spy slows the server down, so this burst is profiled but not counted."""
    raw = log_dir / f"py-spy-{bot.name}-c{level}.txt"
    recorder = cpu_profile.start_recording(pid, raw)
    time.sleep(1.0)  # py-spy attaches
    try:
        run_conversations(url, bot, 2 * level, level, f"{bot.name}-profile", log_dir)
    finally:
        cpu_profile.stop_recording(recorder)
    print(f"  py-spy profile: {raw}", flush=True)
    return cpu_profile.breakdown(raw)
