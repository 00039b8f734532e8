"""The NLU training data: enough varied examples, none lifted from the evaluation set."""

from __future__ import annotations

import re

import pytest
import yaml

from tests.support.project import ROOT, domain, nlu_examples

DEV_CASES = ROOT.parent / "shared" / "eval" / "dev_cases.yml"
MIN_EXAMPLES = 25


def normalised(text: str) -> str:
    return re.sub(r"[^a-z0-9 ]", "", text.lower()).strip()


@pytest.mark.parametrize("intent", [i for i in domain()["intents"]])
def test_every_intent_has_enough_examples(intent: str) -> None:
    assert len(set(nlu_examples().get(intent, []))) >= MIN_EXAMPLES, intent


def test_no_example_is_in_two_intents() -> None:
    seen: dict = {}
    for intent, examples in nlu_examples().items():
        for example in examples:
            key = normalised(example)
            assert seen.setdefault(key, intent) == intent, f"{example!r} in {intent} and {seen[key]}"


def dev_lines():
    if not DEV_CASES.exists():
        return []
    lines = []
    for case in yaml.safe_load(DEV_CASES.read_text(encoding="utf-8")):
        for turn in case.get("turns", [case]):
            lines.append(turn["say"])
    return lines


@pytest.mark.skipif(not DEV_CASES.exists(), reason="the evaluation set lives in ../shared")
def test_no_training_example_copies_the_dev_set() -> None:
    training = {normalised(e) for examples in nlu_examples().values() for e in examples}
    copied = [line for line in dev_lines() if normalised(line) in training]
    assert not copied, f"dev-set lines in the training data: {copied}"


# Independent writers of short textbook questions ("what are the side effects of baclofen")
# sometimes write the very words of a training example; anything more is a copy.
MAX_SHARED = 0.18  # the short-question set shares the most (17%)
SHORT = 10


@pytest.mark.parametrize("cases", sorted((ROOT / "tests" / "eval").glob("*_cases.yml")), ids=lambda p: p.stem)
def test_the_behaviour_sets_share_only_short_textbook_questions_with_the_training_data(cases) -> None:
    training = {normalised(e) for examples in nlu_examples().values() for e in examples}
    lines = [
        turn["say"] for case in yaml.safe_load(cases.read_text(encoding="utf-8")) for turn in case.get("turns", [case])
    ]
    shared = [line for line in lines if normalised(line) in training]
    assert len(shared) <= MAX_SHARED * len(lines), (
        f"{len(shared)}/{len(lines)} lines of {cases.name} are training examples"
    )
    long_ones = [line for line in shared if len(line.split()) > SHORT]
    assert not long_ones, f"training examples copied from {cases.name}: {long_ones}"


# The article names seizures, fits and hallucinations only as risks of stopping baclofen suddenly,
# so "does it cause fits?" gets the withdrawal answer. Elsewhere they may only be a condition someone
# already has ("a history of seizures") or one happening now (the red-flag intents).
SEIZURE_WORDS = re.compile(r"\b(?:seiz\w*|siez\w*|fits|a fit|fitting|convuls\w*|hallucinat\w*)\b", re.I)
ALREADY_HAS = re.compile(r"\bhistory of\b|\bdisorders?\b|\bepilep", re.I)
WHERE_THEY_BELONG = {"ask_withdrawal", "emergency", "urgent"}


def test_questions_whether_baclofen_causes_seizures_are_withdrawal_questions() -> None:
    assert any(SEIZURE_WORDS.search(e) for e in nlu_examples()["ask_withdrawal"])
    stray = [
        (intent, example)
        for intent, examples in nlu_examples().items()
        if intent not in WHERE_THEY_BELONG
        for example in examples
        if SEIZURE_WORDS.search(example) and not ALREADY_HAS.search(example)
    ]
    assert not stray, stray
