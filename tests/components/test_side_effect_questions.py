"""SideEffectQuestions: "is that (side effect) normal / the baclofen?" gets the side effect's answer."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.training_data.message import Message

from components.side_effect_questions import SideEffectQuestions
from tests.components.test_guards import entity, intent_of, parsed

WOOZY = entity("side_effect", "dizziness")


def run(message: Message) -> Message:
    SideEffectQuestions().process([message])
    return message


def with_ranking(message: Message, *names: str) -> Message:
    message.set(
        "intent_ranking", [{"name": n, "confidence": 0.5 / (i + 1)} for i, n in enumerate(names)], add_to_output=True
    )
    return message


def test_a_side_effect_asked_about_as_the_drugs_doing_gets_its_own_answer() -> None:
    message = parsed(
        "nan's been a bit woozy since her first dose, could that be the baclofen?", "ask_what_is", 0.5, [WOOZY]
    )
    with_ranking(message, "ask_what_is", "ask_dizziness", "ask_brand_names")
    assert intent_of(run(message)) == "ask_dizziness"
    assert message.get("intent_ranking")[1]["confidence"] < 0.5 * message.get("intent_ranking")[0]["confidence"]


def test_several_side_effects_or_an_unknown_intent_get_the_side_effects_answer() -> None:
    several = parsed(
        "he's drowsy and weak since he started, is that normal?",
        "ask_suitability",
        0.5,
        [entity("side_effect", "drowsiness"), entity("side_effect", "weakness")],
    )
    with_ranking(several, "ask_suitability", "ask_drowsiness", "ask_weakness")
    assert intent_of(run(several)) == "ask_side_effects"
    unranked = parsed("a bit woozy, is that the tablets?", "ask_what_is", 0.5, [WOOZY])
    with_ranking(unranked, "ask_what_is", "ask_routes")
    assert intent_of(run(unranked)) == "ask_side_effects"


@pytest.mark.parametrize(
    "text, intent, entities",
    [
        ("what is baclofen? does it make you dizzy", "ask_what_is", [WOOZY]),  # no "is that normal"
        ("is that normal?", "ask_what_is", []),  # no side effect named
        ("woozy since the dose, is that the baclofen?", "ask_dizziness", [WOOZY]),  # already its answer
        ("woozy and can't wake her, is that the baclofen?", "emergency", [WOOZY]),  # safety is the triage's
        ("is the pump normal if i feel dizzy", "ask_intrathecal_pump", [WOOZY]),  # another topic
    ],
)
def test_other_messages_keep_their_intent(text: str, intent: str, entities: list) -> None:
    message = with_ranking(parsed(text, intent, 0.6, entities), intent, "ask_dizziness")
    assert intent_of(run(message)) == intent
