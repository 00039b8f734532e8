"""Precision, recall and cost per message of the SpellingCorrector (components/spelling.py).

Builds the corrector as `rasa train` does (patterns + the training examples of data/nlu/ + the
English lexicon), then:
- the misspellings of tests/components/spelling_cases.yml: a case is right when the text
  comes out exactly as expected, missed when it comes out as typed, wrong otherwise;
- the correctly spelt texts (the table's `unchanged` and `near_words`): any change is wrong;
- recall = right / misspellings; precision = right / (right + wrong changes anywhere);
- the cost: median and 95th centile milliseconds per message over every training example,
  on first sight of each word and then at best of 5 runs (looked-up words are cached);
- for review, every change on the blind sets (tests/eval/, tests/safety_cases/), which hold
  real misspellings as well as correct words: not counted above, listed to be read.

    .venv/bin/python -m bench.spelling            # the figures
    .venv/bin/python -m bench.spelling --list     # also every change on the blind sets
"""

from __future__ import annotations

import argparse
import logging
import statistics
import sys
import time
from pathlib import Path
from typing import Iterable, List

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CASES = ROOT / "tests" / "components" / "spelling_cases.yml"
REPEATS = 5


def blind_texts() -> Iterable[str]:
    for path in sorted((ROOT / "tests" / "eval").glob("*.yml")) + sorted(
        (ROOT / "tests" / "safety_cases").glob("*.yml")
    ):
        for item in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            if isinstance(item, dict):
                for value in (item.get("say"), item.get("text")):
                    for text in value if isinstance(value, list) else [value]:
                        if isinstance(text, str):
                            yield text


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--list", action="store_true", help="list every change on the blind sets")
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    from rasa.shared.nlu.training_data.loading import load_data

    from components.spelling import DEFAULT_PATTERNS, Corrector, load_patterns

    training = [m.get("text") for m in load_data(str(ROOT / "data" / "nlu")).training_examples if m.get("text")]
    started = time.perf_counter()
    corrector = Corrector.build(load_patterns(DEFAULT_PATTERNS), training)
    built = time.perf_counter() - started
    cases = yaml.safe_load(CASES.read_text(encoding="utf-8"))

    right, missed, wrong = 0, [], []
    by_kind: dict = {}
    for case in cases["misspelt"]:
        out = corrector.correct(case["text"])[0]
        ok = out == case["expected"]
        right += ok
        kind = by_kind.setdefault(case["kind"], [0, 0])
        kind[0] += ok
        kind[1] += 1
        if not ok:
            (missed if out == case["text"] else wrong).append((case["text"], out))
    correct_texts: List[str] = cases["unchanged"] + cases["near_words"]
    changed = [(t, corrector.correct(t)[0]) for t in correct_texts if corrector.correct(t)[0] != t]
    wrong_changes = len(wrong) + len(changed)
    precision = right / (right + wrong_changes) if right + wrong_changes else 1.0
    recall = right / len(cases["misspelt"])

    def timed(text: str) -> float:
        t0 = time.perf_counter_ns()
        corrector.correct(text)
        return (time.perf_counter_ns() - t0) / 1e6

    cold = [timed(text) for text in training]  # first sight of each word: nothing cached
    warm = [min(timed(text) for _ in range(REPEATS)) for text in training]
    slowest = max(zip(cold, training))

    print(
        f"vocabulary: {len(corrector.terms)} terms, {len(corrector.training_words)} training words, "
        f"{len(corrector.lexicon)} English words (built in {built:.2f} s)"
    )
    typos = Corrector(corrector.terms, frozenset(), corrector.lexicon, corrector.stop_words).misspellings_in(
        {w for text in training for w in text.lower().split()} - corrector.training_words - set(corrector.terms)
    )
    print(
        "training words read as misspellings (besides the patterns' own): "
        + (", ".join(f"{k} -> {v}" for k, v in sorted(typos.items())) or "none")
    )
    print(
        f"misspellings: {len(cases['misspelt'])} cases, {right} corrected, {len(missed)} left as typed, "
        f"{len(wrong)} changed wrongly"
    )
    for kind, (ok, total) in sorted(by_kind.items()):
        print(f"  {kind:16s} {ok}/{total}")
    for text, _out in missed:
        print(f"  missed: {text!r}")
    for text, out in wrong:
        print(f"  WRONG:  {text!r} -> {out!r}")
    print(f"correctly spelt: {len(correct_texts)} texts, {len(changed)} changed")
    for text, out in changed:
        print(f"  CHANGED: {text!r} -> {out!r}")
    print(f"precision {precision:.3f}  recall {recall:.3f}")
    for name, costs in [("first pass", sorted(cold)), (f"best of {REPEATS}", sorted(warm))]:
        print(
            f"cost per message over {len(training)} training examples, {name}: "
            f"median {statistics.median(costs):.3f} ms, p95 {costs[int(0.95 * len(costs))]:.3f} ms, "
            f"max {costs[-1]:.3f} ms"
        )
    print(f"  slowest: {slowest[1][:70]!r} ({slowest[0]:.1f} ms)")

    blind = list(dict.fromkeys(blind_texts()))
    changes = [(t, corrector.correct(t)[1]) for t in blind]
    changes = [(t, c) for t, c in changes if c]
    print(f"blind sets: {len(blind)} texts, {len(changes)} changed (review with --list)")
    if args.list:
        for text, corrections in changes:
            print(f"  {text!r}: " + ", ".join(f"{c.original} -> {c.corrected}" for c in corrections))
    return 0


if __name__ == "__main__":
    sys.exit(main())
