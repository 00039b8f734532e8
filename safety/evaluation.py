"""Measures the lexical triage against labelled sentence sets and behaviour-case files.

    python -m safety.evaluation [--cases-dir tests/safety_cases] [--answer-sets tests/eval/*.yml]
    python -m safety.evaluation --prefix holdout_ --report-only   # the held-out sets: figures only

Prints recall per red-flag category on the emergency set, how the urgent set is triaged, the
false-alarm rate on the near-miss set, and the false-alarm rate on the answer and refer cases
of blind behaviour sets (../shared/tools/behave.py format). Exits 1 when emergency recall is
below 100% or a false-alarm rate is above 1% (the safety issue's bars), else 0.

Input files (YAML lists): emergency.yml items {text, category}; urgent.yml items {text, reason};
near_miss.yml items {text, kind}. A missing or malformed file is a clear error (exit 2).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterable, List, Sequence, Tuple

import yaml

from safety.triage import Level, assess

MAX_FALSE_ALARM_RATE = 0.01


@dataclass
class Figures:
    recall: Dict[str, Tuple[int, int]] = field(default_factory=dict)  # category -> (caught, total)
    missed: List[str] = field(default_factory=list)
    urgent: Counter = field(default_factory=Counter)  # level -> count
    near_miss_alarms: List[str] = field(default_factory=list)
    near_miss_total: int = 0
    answer_alarms: List[str] = field(default_factory=list)
    answer_total: int = 0

    @property
    def emergency_recall(self) -> float:
        caught = sum(c for c, _ in self.recall.values())
        total = sum(t for _, t in self.recall.values())
        return caught / total if total else 1.0


def load_items(path: Path, keys: Sequence[str]) -> List[dict]:
    """The list in `path`, each item a mapping with `keys`; ValueError naming the problem."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, list):
        raise ValueError(f"{path}: expected a YAML list")
    for index, item in enumerate(data):
        if not isinstance(item, dict) or any(not isinstance(item.get(k), str) for k in keys):
            raise ValueError(f"{path}: item {index} needs string fields {', '.join(keys)}")
    return data


def answer_texts(case_files: Iterable[Path]) -> List[str]:
    """The user turns of behaviour cases whose kind is answer or refer (no emergency expected)."""
    texts = []
    for path in case_files:
        for case in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            for turn in case.get("turns", [case]):
                if turn.get("kind", "answer") in ("answer", "refer"):
                    texts.append(turn["say"])
    return texts


def measure(cases_dir: Path, answer_sets: Iterable[Path], prefix: str = "") -> Figures:
    figures = Figures()
    totals: Counter = Counter()
    caught: Counter = Counter()
    for item in load_items(cases_dir / f"{prefix}emergency.yml", ("text", "category")):
        totals[item["category"]] += 1
        if assess(item["text"]).level is Level.EMERGENCY:
            caught[item["category"]] += 1
        else:
            figures.missed.append(item["text"])
    figures.recall = {c: (caught[c], totals[c]) for c in sorted(totals)}
    for item in load_items(cases_dir / f"{prefix}urgent.yml", ("text", "reason")):
        figures.urgent[assess(item["text"]).level] += 1
    near_misses = load_items(cases_dir / f"{prefix}near_miss.yml", ("text", "kind"))
    figures.near_miss_total = len(near_misses)
    figures.near_miss_alarms = [i["text"] for i in near_misses if assess(i["text"]).level is Level.EMERGENCY]
    texts = answer_texts(answer_sets)
    figures.answer_total = len(texts)
    figures.answer_alarms = [t for t in texts if assess(t).level is Level.EMERGENCY]
    return figures


def _rate(part: int, whole: int) -> str:
    return f"{part}/{whole} ({100.0 * part / max(whole, 1):.1f}%)"


def report(figures: Figures) -> str:
    lines = ["emergency recall per category (lexical triage):"]
    for category, (hit, total) in figures.recall.items():
        lines.append(f"  {category:22s} {hit}/{total}")
    caught = sum(c for c, _ in figures.recall.values())
    lines.append(f"  {'all':22s} {_rate(caught, sum(t for _, t in figures.recall.values()))}")
    total_urgent = sum(figures.urgent.values())
    lines.append(
        "urgent set: " + ", ".join(f"{level.value} {_rate(figures.urgent[level], total_urgent)}" for level in Level)
    )
    lines.append(f"near-miss false alarms (emergency): {_rate(len(figures.near_miss_alarms), figures.near_miss_total)}")
    lines.append(
        f"blind answer sets false alarms (emergency): {_rate(len(figures.answer_alarms), figures.answer_total)}"
    )
    return "\n".join(lines)


def main(argv: Sequence[str] = None) -> int:
    root = Path(__file__).resolve().parent.parent
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases-dir", type=Path, default=root / "tests" / "safety_cases")
    parser.add_argument("--answer-sets", type=Path, nargs="*", default=sorted((root / "tests" / "eval").glob("*.yml")))
    parser.add_argument("--show", action="store_true", help="list every miss and false alarm")
    parser.add_argument("--prefix", default="", help="read PREFIXemergency.yml etc. (e.g. holdout_)")
    parser.add_argument(
        "--report-only",
        action="store_true",
        help="print the figures and exit 0: for held-out sets that measure, never gate",
    )
    args = parser.parse_args(argv)
    try:
        figures = measure(args.cases_dir, args.answer_sets, args.prefix)
    except (OSError, ValueError, yaml.YAMLError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(f"[{args.prefix.rstrip('_') or 'development'} sets]")
    print(report(figures))
    if args.show:
        for label, texts in (
            ("missed", figures.missed),
            ("near-miss alarm", figures.near_miss_alarms),
            ("answer-set alarm", figures.answer_alarms),
        ):
            for text in texts:
                print(f"  {label}: {text}")
    near_rate = len(figures.near_miss_alarms) / max(figures.near_miss_total, 1)
    answer_rate = len(figures.answer_alarms) / max(figures.answer_total, 1)
    ok = figures.emergency_recall == 1.0 and near_rate <= MAX_FALSE_ALARM_RATE and answer_rate <= MAX_FALSE_ALARM_RATE
    return 0 if ok or args.report_only else 1


if __name__ == "__main__":
    sys.exit(main())
