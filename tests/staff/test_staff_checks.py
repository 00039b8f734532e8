"""The plain-language checks, on made-up replies (no assistant needed)."""

from __future__ import annotations

from typing import Any, List, Optional, Set

import pytest

from staff.checks import ObservedTurn, find_phrase, turn_problems
from staff.conversation_files import Check, TurnSpec
from staff.domain import responses_matching

ANSWER = "Baclofen is a muscle relaxant. Ask your doctor or pharmacist."
DISCLAIMER = "Please note: this is general information from one article, not medical advice."


def observed(
    *texts: str, buttons: Optional[List[str]] = None, responses: Optional[List[Set[str]]] = None
) -> ObservedTurn:
    return ObservedTurn(
        user="question",
        texts=list(texts),
        button_titles=buttons or [],
        responses=responses if responses is not None else [set() for _ in texts],
    )


def problems(kind: str, value: Any, turn: ObservedTurn) -> List[str]:
    return [str(p) for p in turn_problems(TurnSpec(user="question", line=1, checks=[Check(kind, value, 2)]), turn)]


@pytest.mark.parametrize(
    "text, phrase, found",
    [
        ("take 10mg twice", "mg", True),
        ("among other things", "mg", False),
        ("GABA-B receptors", "GABA", True),
        ("common side effects", "side effect", True),
        ("Multiple\n  Sclerosis (MS)", "multiple sclerosis", True),
        ("call 112 now", "112", True),
        ("extension 1120", "112", False),
        ("DROWSINESS", "drowsiness", True),
        ("relaxation", "relax", False),
    ],
)
def test_phrases_match_whole_words_whatever_the_case(text: str, phrase: str, found: bool) -> None:
    assert (find_phrase(text, phrase) is not None) is found


def test_checks_apply_to_all_messages_of_the_turn_together() -> None:
    turn = observed(ANSWER, DISCLAIMER)
    assert problems("bot_mentions", ["muscle relaxant", "medical advice"], turn) == []
    assert problems("bot_mentions", ["muscle relaxant", "suddenly", "GABA"], turn) == [
        'missing: the reply does not mention "suddenly", "GABA"'
    ]


def test_a_forbidden_word_is_shown_in_context() -> None:
    [problem] = problems("bot_never_mentions", ["mg", "seizure"], observed("Most people take 5 mg three times a day."))
    assert problem.startswith('forbidden: the reply mentions "mg": "')
    assert "5 mg three times" in problem


def test_emergency_and_professional_checks_both_ways() -> None:
    emergency = observed("This may be an emergency. Call 911 now.")
    assert problems("emergency", True, emergency) == []
    assert problems("emergency", True, observed(ANSWER))[0].startswith(
        "expected the reply to tell the user to get emergency help now"
    )
    assert problems("emergency", False, emergency)[0].startswith("expected the reply NOT to tell the user")
    assert problems("refers_to_professional", True, observed(ANSWER)) == []
    assert problems("refers_to_professional", True, emergency)[0].startswith(
        "expected the reply to refer the user to a professional"
    )


def test_buttons_are_matched_by_title_and_the_offered_ones_listed() -> None:
    turn = observed("Pick a topic:", buttons=["What is baclofen?", "Side effects"])
    assert problems("buttons", ["side effects"], turn) == []
    assert problems("buttons", ["Dosing"], turn) == [
        'missing button: "Dosing" (buttons offered: "What is baclofen?", "Side effects")'
    ]
    assert problems("buttons", ["Dosing"], observed("no buttons")) == [
        'missing button: "Dosing" (buttons offered: none)'
    ]


def test_bot_and_utter_steps_match_messages_in_order_and_allow_others_between() -> None:
    turn = observed(ANSWER, DISCLAIMER, responses=[{"utter_what_is"}, set()])
    spec = TurnSpec(
        user="q",
        line=1,
        checks=[
            Check("utter", "utter_what_is", 2),
            Check("bot", "  Please note: this is general\n information from one article, not medical advice.", 3),
        ],
    )
    assert turn_problems(spec, turn) == []
    backwards = TurnSpec(user="q", line=1, checks=[Check("bot", DISCLAIMER, 2), Check("utter", "utter_what_is", 3)])
    assert [(p.line, p.message) for p in turn_problems(backwards, turn)] == [
        (3, "expected the response utter_what_is; the bot used: utter_what_is")
    ]
    assert problems("bot", "Baclofen is a muscle relaxant.", turn) == [
        'expected the bot to say exactly: "Baclofen is a muscle relaxant."'
    ]


def test_no_reply_at_all_is_reported() -> None:
    assert "the bot did not reply at all" in problems("bot_never_mentions", ["mg"], observed())


def test_domain_texts_identify_responses_including_slot_placeholders() -> None:
    emergency = (
        "This may be an emergency. Call your local emergency number (112, 911 or 999) now, or go to "
        "the nearest emergency department. Don't wait for this chat. If you are not sure it is an "
        "emergency, contact a doctor or an out-of-hours service (NHS 111 in the UK) right away."
    )
    assert responses_matching(emergency) == ["utter_emergency"]
    assert responses_matching("Something the bot never says.") == []
