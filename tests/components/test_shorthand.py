"""components/shorthand.py: texting shorthand written out for the sentence encoder."""

from __future__ import annotations

import pytest

from components.shorthand import expand, shorthand_fingerprint


@pytest.mark.parametrize(
    "typed, expanded",
    [
        ("wots baclofen 4 n does it make u drowsy", "what's baclofen for and does it make you drowsy"),
        ("baclofen wat 4", "baclofen what for"),
        ("IT baclofen - wats that", "intrathecal baclofen - what's that"),
        ("mech of action baclofen pls", "mechanism of action baclofen please"),
        ("r u just googling this?", "are you just googling this?"),
        ("ok 2 drive on it?", "ok to drive on it?"),
        ("s/e n w/d", "side effects and withdrawal"),
    ],
)
def test_shorthand_is_written_out(typed: str, expanded: str) -> None:
    assert expand(typed) == expanded


@pytest.mark.parametrize(
    "text",
    [
        "he took 4 tablets",  # a number stays a number
        "took 4",
        "what did he take, 4?",
        "is it safe to take 2 tablets",
        "i have 2 kids with CP",
        "is it on IT?",  # capitals not next to the drug or a pump
        "What is baclofen used for?",
    ],
)
def test_numbers_and_plain_words_are_left_alone(text: str) -> None:
    assert expand(text) == text


def test_the_fingerprint_is_stable_and_short() -> None:
    assert shorthand_fingerprint() == shorthand_fingerprint()
    assert len(shorthand_fingerprint()) == 12
