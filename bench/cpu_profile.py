"""Where a Rasa server's CPU goes: py-spy samples of the running server, bucketed by component.

Used by `python -m bench --profile`. Each sample goes to the category of its deepest frame
that names one, so a TensorFlow frame counts for DIET or TED, whichever called it.
"""

from __future__ import annotations

import re
import shutil
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import List, Optional, Tuple

# (label, pattern on a py-spy frame "function (path/file.py:line)")
CATEGORIES: List[Tuple[str, str]] = [
    ("HTTP server (Sanic, uvloop)", r"sanic/|uvloop"),
    ("REST channel, agent", r"rasa/core/channels/|rasa/core/agent\.py"),
    (
        "processor: trackers, events, slots, domain",
        r"rasa/core/processor\.py|rasa/shared/core/(trackers|events|domain|slots)\.py|\(copy\.py",
    ),
    ("tracker store", r"rasa/core/tracker_store\.py"),
    ("lock store", r"rasa/core/lock_store\.py|rasa/core/lock\.py"),
    ("graph runner (dask)", r"rasa/engine/|dask/"),
    ("NLU: spaCy (SpacyNLP, tokenizer, entity ruler)", r"spacy"),
    ("NLU: regex and lexical featurizers", r"regex_featurizer|lexical_syntactic_featurizer"),
    ("NLU: CountVectorsFeaturizer", r"count_vectors_featurizer"),
    ("NLU: DIET / ResponseSelector (TensorFlow)", r"diet_classifier|response_selector"),
    ("NLU: sentence encoder (tokenizers, onnxruntime)", r"encoder_runtime|onnxruntime|tokenizers/"),
    ("NLU: project components, fallback, synonyms", r"\(components/|fallback_classifier|entity_synonyms"),
    ("policies: state featurisation (all policies)", r"rasa/core/policies/policy\.py|rasa/core/featurizers/"),
    ("policies: RulePolicy", r"rule_policy\.py"),
    ("policies: MemoizationPolicy", r"memoization\.py"),
    ("policies: TED / UnexpecTED (TensorFlow)", r"ted_policy\.py|unexpected_intent_policy\.py"),
    ("policies: ensemble", r"rasa/core/policies/ensemble\.py"),
    ("actions: responses and other actions", r"rasa/core/actions/|rasa/core/nlg/"),
    ("action server call: HTTP (aiohttp)", r"rasa/utils/endpoints\.py|aiohttp/"),
    ("action server call: jsonschema check of the reply", r"_validate_action_result|jsonschema/"),
]
_COMPILED = [(label, re.compile(pattern)) for label, pattern in CATEGORIES]


def py_spy() -> Optional[str]:
    found = Path(sys.executable).with_name("py-spy")
    return str(found) if found.exists() else shutil.which("py-spy")


def start_recording(pid: int, output: Path, rate: int = 100) -> subprocess.Popen:
    """py-spy on a running process until stop_recording; raw (collapsed stack) output."""
    binary = py_spy()
    if binary is None:
        raise RuntimeError("--profile needs py-spy: .venv/bin/python -m pip install py-spy")
    return subprocess.Popen(
        [binary, "record", "--pid", str(pid), "--rate", str(rate), "--format", "raw", "--output", str(output)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def stop_recording(recorder: subprocess.Popen) -> None:
    """py-spy writes its file on SIGINT."""
    if recorder.poll() is None:
        recorder.send_signal(signal.SIGINT)
    _, errors = recorder.communicate(timeout=60)
    if recorder.returncode not in (0, -signal.SIGINT):
        raise RuntimeError(f"py-spy failed ({recorder.returncode}): {errors.decode(errors='replace')[-500:]}")


def category_of(frames: List[str]) -> str:
    category = "other"
    for frame in frames:
        for label, pattern in _COMPILED:
            if pattern.search(frame):
                category = label
                break
    return category


def breakdown(raw_file: Path) -> List[Tuple[str, float]]:
    """(category, share of samples in %), largest first."""
    counts: Counter = Counter()
    for line in raw_file.read_text(errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if stack and count.isdigit():
            counts[category_of(stack.split(";"))] += int(count)
    total = sum(counts.values())
    return [(label, 100.0 * n / total) for label, n in counts.most_common()] if total else []


def format_breakdowns(named: List[Tuple[str, List[Tuple[str, float]]]]) -> str:
    labels = [label for label, _ in CATEGORIES] + ["other"]
    shares = {name: dict(rows) for name, rows in named}
    order = sorted(labels, key=lambda label: -max(shares[name].get(label, 0.0) for name, _ in named))
    lines = [
        "| where the CPU goes | " + " | ".join(f"{name} (%)" for name, _ in named) + " |",
        "|---|" + "---:|" * len(named),
    ]
    for label in order:
        values = [shares[name].get(label, 0.0) for name, _ in named]
        if max(values) >= 0.5:
            lines.append(f"| {label} | " + " | ".join(f"{v:.1f}" for v in values) + " |")
    return "\n".join(lines)
