"""Benchmark the baclofen assistant against the stock `rasa init` bot on this machine.

For both bots: full training time, cold start until the REST channel answers, resident memory,
sequential turn latency, and throughput/latency at 20 and 50 concurrent conversations of five
REST turns each (ours with its action server in the loop). Load runs are repeated and medians
quoted. The table goes to stdout and between the bench markers of BENCHMARKS.md; the rest of
that file (the hand-written "Changes and their effect") is kept.

    .venv/bin/python scripts/bench.py                   # full run (`make bench`), trains both bots
    .venv/bin/python scripts/bench.py --skip-training   # reuse the models of the last full run
    .venv/bin/python scripts/bench.py --quick           # smoke run for `make test`: ours only,
                                                        # newest model, no training, no file written
"""
from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, List, Optional, Sequence, Tuple

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import bench_profile  # noqa: E402
import bench_support as support  # noqa: E402
from tests.support.servers import (  # noqa: E402
    ManagedProcess,
    action_server,
    free_port,
    latest_model,
    rasa_server,
    rest_turn,
    write_endpoints,
)

WORK_DIR = ROOT / "build" / "bench"  # git-ignored; keeps the models of the last full run
OUR_MODEL_NAME = "baclofen-bench"
BENCHMARKS_FILE = ROOT / "BENCHMARKS.md"
RASA = Path(sys.executable).with_name("rasa")

TURN_TIMEOUT_S = 30.0
BURST_TIMEOUT_S = 300.0
COLD_START_TIMEOUT_S = 300.0
CONCURRENCY_LEVELS = (20, 50)

# Targets for our bot. Throughput is relative to the stock bot measured in the same run.
TARGET_TRAINING_S = 120.0
TARGET_COLD_START_S = 15.0
TARGET_RASA_RSS_MIB = 1024.0
TARGET_SEQUENTIAL_P50_MS = 15.0
TARGET_THROUGHPUT_RATIO_20 = 5.0
TARGET_P99_20_MS = 250.0

# Five realistic turns per conversation; conversation i takes variant i % len of every turn,
# so the wording varies while every conversation has the same shape.
OUR_TURNS: List[List[str]] = [
    ["hi", "hello there", "good morning", "hey"],
    ["what is baclofen?", "what are the side effects of baclofen?", "what is baclofen used for?",
     "how does baclofen work?"],
    ["does it make you drowsy?", "can I drive while taking it?", "how is it taken?",
     "can I stop taking it suddenly?"],
    ["what dose should I take?", "can I take baclofen while pregnant?",
     "can I take it with other medicines?", "how should I store baclofen?"],
    ["thanks", "thank you very much", "thanks, that helps", "thank you"],
]
OUR_MEDICAL_TURNS = (1, 2, 3)  # answered by a response plus action_add_disclaimer

STOCK_TURNS: List[List[str]] = [
    ["hello", "hey", "hi", "good morning"],
    ["I am sad", "my day was horrible", "I am disappointed", "I'm unhappy"],
    ["yes", "of course", "that sounds good", "indeed"],
    ["are you a bot?", "am I talking to a human?", "are you a human?", "am I talking to a bot?"],
    ["bye", "goodbye", "see you later", "have a nice day"],
]


def conversation(turns: List[List[str]], index: int) -> List[str]:
    return [variants[index % len(variants)] for variants in turns]


# --- bots ---------------------------------------------------------------------------------------

@dataclass
class Bot:
    name: str
    model: Path
    credentials: Path
    endpoints: Optional[Path]  # None: ours, pointed at its freshly started action server
    turns: List[List[str]]
    medical_turns: Tuple[int, ...]
    uses_action_server: bool
    training_s: Optional[float] = None


def child_env(extra: Optional[Dict[str, str]] = None) -> Dict[str, str]:
    """What `make` exports, for when the script is run directly."""
    env = dict(os.environ)
    for key, value in {
        "PYTHONHASHSEED": "0", "TF_CPP_MIN_LOG_LEVEL": "2", "RASA_TELEMETRY_ENABLED": "false",
        "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1",
    }.items():
        env.setdefault(key, value)
    env.update(extra or {})
    return env


def timed_training(command: Sequence[str], cwd: Path, log: Path) -> float:
    """Wall time of one `rasa train`, with an empty cache of its own (a full, cold training)."""
    with tempfile.TemporaryDirectory(prefix="bench-cache-") as cache, open(log, "wb") as out:
        started = time.monotonic()
        result = subprocess.run(
            list(command), cwd=cwd, stdout=out, stderr=subprocess.STDOUT,
            env=child_env({"RASA_CACHE_DIRECTORY": cache}),
        )
        elapsed = time.monotonic() - started
    if result.returncode != 0:
        tail = "\n".join(log.read_text(errors="replace").splitlines()[-30:])
        raise RuntimeError(f"{' '.join(command)} failed ({result.returncode}); log {log}:\n{tail}")
    return elapsed


def prepare_ours(skip_training: bool, log_dir: Path) -> Bot:
    out_dir = WORK_DIR / "ours"
    model = out_dir / f"{OUR_MODEL_NAME}.tar.gz"
    training_s = None
    if not skip_training or not model.exists():
        out_dir.mkdir(parents=True, exist_ok=True)
        print("training our bot (rasa train --force) ...", flush=True)
        training_s = timed_training(
            [str(RASA), "train", "--force", "--out", str(out_dir), "--fixed-model-name", OUR_MODEL_NAME],
            ROOT, log_dir / "train-ours.log",
        )
        print(f"  {training_s:.0f} s", flush=True)
    return Bot("ours", model, ROOT / "credentials.yml", None, OUR_TURNS, OUR_MEDICAL_TURNS, True, training_s)


def prepare_stock(skip_training: bool, log_dir: Path) -> Bot:
    project = WORK_DIR / "stock"
    models = sorted((project / "models").glob("*.tar.gz")) if project.exists() else []
    training_s = None
    if not skip_training or not models:
        shutil.rmtree(project, ignore_errors=True)
        # What `rasa init` copies before it trains; the training is timed on its own below.
        subprocess.run(
            [sys.executable, "-c",
             "import sys; from rasa.cli.scaffold import create_initial_project; create_initial_project(sys.argv[1])",
             str(project)],
            check=True, env=child_env(), stdout=subprocess.DEVNULL,
        )
        print("training the stock rasa init bot (rasa train) ...", flush=True)
        training_s = timed_training([str(RASA), "train"], project, log_dir / "train-stock.log")
        print(f"  {training_s:.0f} s", flush=True)
        models = sorted((project / "models").glob("*.tar.gz"))
    return Bot(
        "stock", models[-1], project / "credentials.yml", project / "endpoints.yml",
        STOCK_TURNS, (), False, training_s,
    )


# --- the client ---------------------------------------------------------------------------------

@dataclass
class Turn:
    latency_s: float
    ok: bool
    messages: int


async def timed_turn(session: aiohttp.ClientSession, url: str, sender: str, text: str) -> Turn:
    started = time.perf_counter()
    try:
        async with session.post(url, json={"sender": sender, "message": text}) as response:
            body = await response.json(content_type=None)
            ok = response.status == 200 and isinstance(body, list) and len(body) > 0
            count = len(body) if isinstance(body, list) else 0
    except (aiohttp.ClientError, asyncio.TimeoutError, ValueError):
        ok, count = False, 0
    return Turn(time.perf_counter() - started, ok, count)


async def converse(
    session: aiohttp.ClientSession, url: str, sender: str, script: List[str], sink: List[Tuple[int, Turn]]
) -> None:
    for position, text in enumerate(script):
        sink.append((position, await timed_turn(session, url, sender, text)))


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


async def run_conversations(url: str, bot: Bot, count: int, concurrency: int, tag: str) -> Burst:
    """`count` conversations, `concurrency` of them at a time, each one sender's five turns in order."""
    sink: List[Tuple[int, Turn]] = []
    timeout = aiohttp.ClientTimeout(total=TURN_TIMEOUT_S)
    connector = aiohttp.TCPConnector(limit=concurrency)
    webhook = url + "/webhooks/rest/webhook"
    async with aiohttp.ClientSession(timeout=timeout, connector=connector) as session:
        gate = asyncio.Semaphore(concurrency)

        async def one(index: int) -> None:
            async with gate:
                await converse(session, webhook, f"bench-{tag}-{index}", conversation(bot.turns, index), sink)

        started = time.perf_counter()
        try:
            await asyncio.wait_for(asyncio.gather(*(one(i) for i in range(count))), BURST_TIMEOUT_S)
        except asyncio.TimeoutError:
            print(f"  warning: {tag} stopped after {BURST_TIMEOUT_S:.0f} s", flush=True)
        wall = time.perf_counter() - started
    return Burst(concurrency, sink, count * len(bot.turns), wall)


# --- servers ------------------------------------------------------------------------------------

def wait_for_first_answer(rasa: ManagedProcess, url: str, started: float) -> float:
    """Seconds from launch until the REST channel answers a real message."""
    deadline = started + COLD_START_TIMEOUT_S
    while time.monotonic() < deadline:
        if rasa.process is not None and rasa.process.poll() is not None:
            raise RuntimeError(f"{rasa.name} exited with {rasa.process.returncode}:\n{rasa.log_tail()}")
        try:
            if rest_turn(url, "bench-cold-start", "hello", timeout=10):
                return time.monotonic() - started
        except (urllib.error.URLError, ConnectionError, OSError, ValueError):
            pass
        time.sleep(0.2)
    raise TimeoutError(f"{rasa.name} gave no answer after {COLD_START_TIMEOUT_S:.0f} s:\n{rasa.log_tail()}")


@dataclass
class Figures:
    training_s: Optional[float] = None
    cold_start_s: Optional[float] = None
    rasa_rss_mib: Optional[float] = None
    rasa_rss_after_load_mib: Optional[float] = None
    action_rss_mib: Optional[float] = None
    sequential: Optional[Burst] = None
    bursts: Dict[int, List[Burst]] = field(default_factory=dict)
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
        bursts = [b for runs in self.bursts.values() for b in runs]
        return sum(b.errors for b in bursts + ([self.sequential] if self.sequential else []))


@dataclass
class Plan:
    warmup_conversations: int
    sequential_turns: int
    runs: int
    concurrency_levels: Tuple[int, ...]
    profile_concurrency: Optional[int] = None  # an extra, unmeasured burst under py-spy


@dataclass
class Running:
    """One bot's servers, up and answering."""
    bot: Bot
    url: str
    rasa: ManagedProcess
    actions: Optional[ManagedProcess]
    figures: Figures

    @property
    def rasa_pid(self) -> int:
        assert self.rasa.process is not None
        return self.rasa.process.pid

    def stop(self) -> None:
        self.rasa.stop()
        if self.actions is not None:
            self.actions.stop()


PORT_ATTEMPTS = 3


def port_was_taken(error: Exception) -> bool:
    """Another process on this shared machine took the free port before the server bound it."""
    return "address already in use" in str(error)


def start_action_server(log_dir: Path) -> Tuple[ManagedProcess, int]:
    for attempt in range(1, PORT_ATTEMPTS + 1):
        port = free_port()
        actions = action_server(port, log_dir, env=child_env()).start()
        try:
            actions.wait_until_ready(timeout=120)
            return actions, port
        except (RuntimeError, TimeoutError) as error:
            actions.stop()
            if attempt == PORT_ATTEMPTS or not port_was_taken(error):
                raise
    raise AssertionError("unreachable")


def start_rasa(bot: Bot, endpoints: Optional[Path], log_dir: Path) -> Tuple[ManagedProcess, str, float]:
    """Rasa on a free port, and the seconds from its launch to its first REST answer."""
    for attempt in range(1, PORT_ATTEMPTS + 1):
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        rasa = rasa_server(port, log_dir, endpoints, bot.credentials, bot.model, env=child_env())
        print(f"{bot.name}: starting Rasa with {bot.model.name} ...", flush=True)
        started = time.monotonic()
        rasa.start()
        try:
            cold_start_s = wait_for_first_answer(rasa, url, started)
            print(f"  answered after {cold_start_s:.1f} s", flush=True)
            return rasa, url, cold_start_s
        except (RuntimeError, TimeoutError) as error:
            rasa.stop()
            if attempt == PORT_ATTEMPTS or not port_was_taken(error):
                raise
    raise AssertionError("unreachable")


def start(bot: Bot, log_dir: Path) -> Running:
    """The action server (ours), then Rasa, timing Rasa's cold start to its first REST answer."""
    actions: Optional[ManagedProcess] = None
    endpoints = bot.endpoints
    if bot.uses_action_server:
        actions, action_port = start_action_server(log_dir)
        endpoints = write_endpoints(log_dir / f"endpoints-{bot.name}.yml", action_port)
    try:
        rasa, url, cold_start_s = start_rasa(bot, endpoints, log_dir)
    except BaseException:
        if actions is not None:
            actions.stop()
        raise
    return Running(bot, url, rasa, actions, Figures(training_s=bot.training_s, cold_start_s=cold_start_s))


def merged(bursts: List[Burst]) -> Burst:
    return Burst(
        bursts[0].concurrency, [turn for burst in bursts for turn in burst.turns],
        sum(burst.expected_turns for burst in bursts), sum(burst.wall_s for burst in bursts),
    )


def measure(bots: List[Bot], plan: Plan, log_dir: Path) -> Dict[str, Figures]:
    """Both bots are up together but loaded one at a time, their runs interleaved, so that what
    else the machine is doing falls on both alike."""
    running: List[Running] = []
    try:
        for bot in bots:
            running.append(start(bot, log_dir))
        for live in running:
            asyncio.run(run_conversations(live.url, live.bot, plan.warmup_conversations, 1, f"{live.bot.name}-warmup"))
            live.figures.rasa_rss_mib = support.tree_rss_mib(live.rasa_pid)
            if live.actions is not None and live.actions.process is not None:
                live.figures.action_rss_mib = support.tree_rss_mib(live.actions.process.pid)

        sequential: Dict[str, List[Burst]] = {live.bot.name: [] for live in running}
        for run in range(1, plan.runs + 1):
            # Alternate who goes first, so neither bot always follows the other's load.
            for live in (running if run % 2 else list(reversed(running))):
                name = live.bot.name
                # The sequential turns are split over the runs: whole conversations, in order.
                share = -(-plan.sequential_turns // (plan.runs * len(live.bot.turns)))
                chunk = asyncio.run(run_conversations(live.url, live.bot, share, 1, f"{name}-seq-r{run}"))
                sequential[name].append(chunk)
                live.figures.count_disclaimers(live.bot, chunk)
                for level in plan.concurrency_levels:
                    # As many conversations as the level, all at once: every one has a turn in flight.
                    burst = asyncio.run(run_conversations(live.url, live.bot, level, level, f"{name}-c{level}-r{run}"))
                    live.figures.bursts.setdefault(level, []).append(burst)
                    live.figures.count_disclaimers(live.bot, burst)
                    print(f"  run {run}, {name}, {level} concurrent: {burst.throughput:.1f} turns/s, "
                          f"{burst.errors} failed", flush=True)

        for live in running:
            live.figures.sequential = merged(sequential[live.bot.name])
            live.figures.rasa_rss_after_load_mib = support.tree_rss_mib(live.rasa_pid)
            if plan.profile_concurrency:
                live.figures.cpu_profile = profile_burst(live.rasa_pid, live.url, live.bot, plan.profile_concurrency, log_dir)
        return {live.bot.name: live.figures for live in running}
    finally:
        for live in running:
            live.stop()


def profile_burst(pid: int, url: str, bot: Bot, level: int, log_dir: Path) -> List[Tuple[str, float]]:
    """py-spy slows the server down, so this burst is profiled but not counted."""
    raw = log_dir / f"py-spy-{bot.name}-c{level}.txt"
    recorder = bench_profile.start_recording(pid, raw)
    time.sleep(1.0)  # py-spy attaches
    try:
        asyncio.run(run_conversations(url, bot, 2 * level, level, f"{bot.name}-profile"))
    finally:
        bench_profile.stop_recording(recorder)
    print(f"  py-spy profile: {raw}", flush=True)
    return bench_profile.breakdown(raw)


# --- the table ----------------------------------------------------------------------------------

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
        Row("full training (s)", ours.training_s, s.training_s, 0, f"<= {TARGET_TRAINING_S:.0f} s",
            check(ours.training_s, lambda v: v <= TARGET_TRAINING_S)),
        Row("cold start to first REST answer (s)", ours.cold_start_s, s.cold_start_s, 1,
            f"<= {TARGET_COLD_START_S:.0f} s", check(ours.cold_start_s, lambda v: v <= TARGET_COLD_START_S)),
        Row("Rasa server RSS after warm-up (MiB)", ours.rasa_rss_mib, s.rasa_rss_mib, 0,
            f"<= {TARGET_RASA_RSS_MIB:.0f} MiB", check(ours.rasa_rss_mib, lambda v: v <= TARGET_RASA_RSS_MIB)),
        Row("Rasa server RSS after load (MiB)", ours.rasa_rss_after_load_mib, s.rasa_rss_after_load_mib, 0),
        Row("action server RSS after warm-up (MiB)", ours.action_rss_mib, s.action_rss_mib, 0),
        Row("sequential p50 (ms)", seq_p50, sequential_percentile(s, 0.5), 1,
            f"<= {TARGET_SEQUENTIAL_P50_MS:.0f} ms", check(seq_p50, lambda v: v <= TARGET_SEQUENTIAL_P50_MS)),
        Row("sequential p95 (ms)", sequential_percentile(ours, 0.95), sequential_percentile(s, 0.95)),
        Row("sequential p99 (ms)", sequential_percentile(ours, 0.99), sequential_percentile(s, 0.99)),
    ]
    for level in sorted(set(ours.bursts) | set(s.bursts)):
        ours_tp = burst_median(ours, level, lambda b: b.throughput)
        stock_tp = burst_median(s, level, lambda b: b.throughput)
        ours_p50, stock_p50 = (burst_median(f, level, latency_percentile(0.5)) for f in (ours, s))
        ours_p99, stock_p99 = (burst_median(f, level, latency_percentile(0.99)) for f in (ours, s))
        tp_target, tp_met, p99_target, p99_met = "", None, "", None
        if level == 20:
            tp_target = f">= {TARGET_THROUGHPUT_RATIO_20:.0f}x stock"
            if ours_tp is not None and stock_tp:
                tp_met = ours_tp >= TARGET_THROUGHPUT_RATIO_20 * stock_tp
            p99_target = f"<= {TARGET_P99_20_MS:.0f} ms"
            p99_met = check(ours_p99, lambda v: v <= TARGET_P99_20_MS)
        rows += [
            Row(f"{level} concurrent: throughput (turns/s)", ours_tp, stock_tp, 1, tp_target, tp_met),
            Row(f"{level} concurrent: p50 (ms)", ours_p50, stock_p50),
            Row(f"{level} concurrent: p99 (ms)", ours_p99, stock_p99, 1, p99_target, p99_met),
        ]
    rows.append(Row("failed turns (all runs)", ours.errors, s.errors if stock else None, 0))
    return rows


def cell(value: Optional[float], digits: int) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def format_table(rows: List[Row]) -> str:
    lines = ["| figure | ours | stock | ours/stock | target (ours) | result |", "|---|---:|---:|---:|---|---|"]
    for row in rows:
        ratio = (
            f"{row.ours / row.stock:.2f}" if row.ours is not None and row.stock not in (None, 0) else "—"
        )
        result = {True: "pass", False: "MISS", None: "—" if row.target else ""}[row.met]
        lines.append(
            f"| {row.label} | {cell(row.ours, row.digits)} | {cell(row.stock, row.digits)} | {ratio} "
            f"| {row.target} | {result} |"
        )
    return "\n".join(lines)


def format_runs(named: List[Tuple[str, Figures]]) -> str:
    lines = ["| bot | concurrent | run | turns | turns/s | p50 (ms) | p99 (ms) | failed |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
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
        f"\"{bot_turns[position][0]}\" {support.median(values):.1f}" for position, values in sorted(by_position.items())
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
    scripts = "ours: greeting, article topic, follow-up, not-covered question, thanks, with the action server in the loop"
    if stock:
        scripts += "; stock: greet, mood_unhappy, affirm, bot_challenge, goodbye"
    sequential_turns = len(ours.sequential.turns) if ours.sequential else 0
    disclaimer_line = (
        f"Medical answers that carried the action server's disclaimer: "
        f"{ours.medical_turns_with_disclaimer}/{ours.medical_turns}."
    )
    parts = [
        "## Latest run",
        "",
        f"- Date: {machine['date']}; command: `{command}`",
        f"- Machine: {machine['cores']} cores ({machine['cpu']}), {machine['memory']} memory; "
        f"load average (1/5/15 min) at start {load_start}, at end {support.load_average()}",
        "- Versions: " + ", ".join(f"{name} {version}" for name, version in versions.items()),
        f"- Method: REST channel on 127.0.0.1, conversations of 5 turns ({scripts}). The bots' "
        f"servers are up together but loaded one at a time, in {plan.runs} interleaved run(s). "
        f"Sequential: {sequential_turns} turns after {plan.warmup_conversations} warm-up "
        f"conversation(s), spread over the runs. Load: N conversations at once, one burst per level "
        f"per run, medians of the runs quoted; the aiohttp client runs on the same cores. "
        f"Cold start: from launching `rasa run` to "
        f"the first REST answer (our action server already up). RSS: VmRSS summed over the process "
        f"tree. Training: wall time of `rasa train` with an empty cache.",
        f"- {disclaimer_line}",
        "- Models: " + "; ".join(model_origin(bot) for bot in bots),
    ]
    parts += [f"- Sequential p50 by turn (ms), {name}: {sequential_by_turn(bot_turns, figures)}"
              for (name, figures), bot_turns in zip(named, [OUR_TURNS, STOCK_TURNS])]
    if note:
        parts.append(f"- Note: {note}")
    parts += ["", format_table(rows_for(ours, stock)), "", "Every load run:", "", format_runs(named)]
    profiled = [(name, figures.cpu_profile) for name, figures in named if figures.cpu_profile]
    if profiled:
        parts += ["", f"Where each Rasa server's CPU goes during {plan.profile_concurrency} concurrent "
                  f"conversations (py-spy samples of an extra, uncounted burst):", "",
                  bench_profile.format_breakdowns(profiled)]
    return "\n".join(parts) + "\n"


# --- entry point --------------------------------------------------------------------------------

def parse_args(argv: Optional[Sequence[str]] = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="ours only, newest model, no training, one short run; writes no file")
    parser.add_argument("--skip-training", action="store_true",
                        help="reuse the models of the last full run in build/bench/ (trains what is missing)")
    parser.add_argument("--runs", type=int, default=3,
                        help="interleaved runs, each a share of the sequential turns and one burst per level (default 3)")
    parser.add_argument("--sequential-turns", type=int, default=200, help="sequential turns (default 200)")
    parser.add_argument("--output", type=Path, help="where to write the report (default BENCHMARKS.md; "
                        "--quick writes only when this is given)")
    parser.add_argument("--note", default="", help="a line added to the report, e.g. about machine load")
    parser.add_argument("--profile", action="store_true",
                        help="also py-spy each Rasa server during an extra 20-conversation burst (needs py-spy)")
    args = parser.parse_args(argv)
    if args.runs < 1 or args.sequential_turns < 1:
        parser.error("--runs and --sequential-turns must be at least 1")
    if args.output is not None and not args.output.resolve().parent.is_dir():
        parser.error(f"--output: no folder {args.output.resolve().parent}")
    return args


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = parse_args(argv)
    load_start = support.load_average()
    # The note is quoted in full below the command; here it would only make the line unreadable.
    shown_args = ['"…"' if a == args.note and a else a for a in (argv if argv is not None else sys.argv[1:])]
    command = " ".join(["scripts/bench.py", *shown_args])
    if args.profile and bench_profile.py_spy() is None:
        print("error: --profile needs py-spy: .venv/bin/python -m pip install py-spy", file=sys.stderr)
        return 1
    WORK_DIR.mkdir(parents=True, exist_ok=True)
    log_dir = Path(tempfile.mkdtemp(prefix="bench-logs-")) if args.quick else WORK_DIR / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)

    if args.quick:
        try:
            model = latest_model()
        except RuntimeError as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
        ours_bot = Bot("ours", model, ROOT / "credentials.yml", None, OUR_TURNS, OUR_MEDICAL_TURNS, True)
        plan = Plan(1, 10, 1, (5,), 5 if args.profile else None)
        bots = [ours_bot]
    else:
        plan = Plan(2, args.sequential_turns, args.runs, CONCURRENCY_LEVELS, 20 if args.profile else None)

    try:
        if not args.quick:
            bots = [prepare_ours(args.skip_training, log_dir), prepare_stock(args.skip_training, log_dir)]
        results = measure(bots, plan, log_dir)
    except (RuntimeError, TimeoutError, subprocess.CalledProcessError) as error:
        print(f"error: {error}\n(server logs in {log_dir})", file=sys.stderr)
        return 1
    ours, stock = results["ours"], results.get("stock")
    text = report(bots, ours, stock, plan, load_start, args.note, command.strip())
    print()
    print(text)

    output = args.output if (args.output or args.quick) else BENCHMARKS_FILE
    if output is not None:
        existing = output.read_text(encoding="utf-8") if output.exists() else None
        try:
            output.write_text(support.replace_generated_section(existing, text), encoding="utf-8")
        except (ValueError, OSError) as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
        print(f"written to {output}")
    if args.quick:
        shutil.rmtree(log_dir, ignore_errors=True)

    failed = [name for name, figures in results.items() if figures.errors]
    if failed:
        print(f"error: turns failed for {', '.join(failed)}: the figures do not hold (logs in {log_dir})",
              file=sys.stderr)
        return 2
    if ours.medical_turns and not ours.medical_turns_with_disclaimer:
        print("error: no medical answer carried a disclaimer: the action server was not in the loop",
              file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
