"""The two bots the benchmark compares and how they are trained: ours (this project) and the
stock `rasa init` bot, each with its five-turn conversation script."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

ROOT = Path(__file__).resolve().parent.parent
WORK_DIR = ROOT / "build" / "bench"  # git-ignored; keeps the models of the last full run
OUR_MODEL_NAME = "baclofen-bench"
RASA = Path(sys.executable).with_name("rasa")

# Five realistic turns per conversation; conversation i takes variant i % len of every turn,
# so the wording varies while every conversation has the same shape.
OUR_TURNS: List[List[str]] = [
    ["hi", "hello there", "good morning", "hey"],
    [
        "what is baclofen?",
        "what are the side effects of baclofen?",
        "what is baclofen used for?",
        "how does baclofen work?",
    ],
    ["does it make you drowsy?", "can I drive while taking it?", "how is it taken?", "can I stop taking it suddenly?"],
    [
        "what dose should I take?",
        "can I take baclofen while pregnant?",
        "can I take it with other medicines?",
        "how should I store baclofen?",
    ],
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

# The headline comparison: both bots get exactly these messages (issue 13: different scripts made
# the ratio flatter ours). A greeting, two questions only ours can answer, a bot challenge both
# know, and a goodbye.
SAME_TURNS: List[List[str]] = [
    ["hello"],
    ["what is baclofen?"],
    ["does it make you drowsy?"],
    ["are you a bot?"],
    ["bye"],
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

    def with_same_messages(self) -> "Bot":
        """This bot, sent SAME_TURNS instead of its own script (no disclaimers counted)."""
        return Bot(
            self.name,
            self.model,
            self.credentials,
            self.endpoints,
            SAME_TURNS,
            (),
            self.uses_action_server,
            self.training_s,
        )


def child_env(extra: Optional[Dict[str, str]] = None) -> Dict[str, str]:
    """What `make` exports, for when the script is run directly."""
    env = dict(os.environ)
    for key, value in {
        "PYTHONHASHSEED": "0",
        "TF_CPP_MIN_LOG_LEVEL": "2",
        "RASA_TELEMETRY_ENABLED": "false",
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
    }.items():
        env.setdefault(key, value)
    env.update(extra or {})
    return env


def timed_training(command: Sequence[str], cwd: Path, log: Path) -> float:
    """Wall time of one `rasa train`, with an empty cache of its own (a full, cold training)."""
    with tempfile.TemporaryDirectory(prefix="bench-cache-") as cache, open(log, "wb") as out:
        started = time.monotonic()
        result = subprocess.run(
            list(command),
            cwd=cwd,
            stdout=out,
            stderr=subprocess.STDOUT,
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
            ROOT,
            log_dir / "train-ours.log",
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
            [
                sys.executable,
                "-c",
                "import sys; from rasa.cli.scaffold import create_initial_project; create_initial_project(sys.argv[1])",
                str(project),
            ],
            check=True,
            env=child_env(),
            stdout=subprocess.DEVNULL,
        )
        print("training the stock rasa init bot (rasa train) ...", flush=True)
        training_s = timed_training([str(RASA), "train"], project, log_dir / "train-stock.log")
        print(f"  {training_s:.0f} s", flush=True)
        models = sorted((project / "models").glob("*.tar.gz"))
    return Bot(
        "stock",
        models[-1],
        project / "credentials.yml",
        project / "endpoints.yml",
        STOCK_TURNS,
        (),
        False,
        training_s,
    )
