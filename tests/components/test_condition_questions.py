"""ConditionQuestions: several conditions get the uses answer; "will it help her MS, and ...?" adds it."""

from __future__ import annotations

from typing import List

import pytest
from rasa.shared.nlu.training_data.message import Message

from components.condition_questions import ConditionQuestions
from components.intents import entity_values, override_intent
from components.sentence_encoder import PART_INTENTS_KEY
from tests.components.test_guards import entity, intent_of, parsed

MS, CP, SCI = (entity("condition", v) for v in ("multiple_sclerosis", "cerebral_palsy", "spinal_cord_injury"))


def run(message: Message) -> Message:
    ConditionQuestions().process([message])
    return message


def also_asked(message: Message) -> List[str]:
    return entity_values(message, "also_asked")


def test_several_conditions_get_the_uses_answer() -> None:
    message = run(
        parsed("Is baclofen used in MS, and is it used in spinal cord injury too?", "ask_condition", 0.8, [MS, SCI])
    )
    assert intent_of(message) == "ask_uses"


def test_only_for_one_condition_asks_what_else_it_is_for() -> None:
    message = run(parsed("Is baclofen only for MS or do other people take it too?", "ask_condition", 0.4, [MS]))
    assert intent_of(message) == "ask_uses"


def test_does_it_help_next_to_a_condition_adds_the_condition_answer_first() -> None:
    message = parsed(
        "my mum has ms - will baclofen help her, and what side effects should we look out for?",
        "ask_side_effects",
        0.7,
        [MS, entity("also_asked", "ask_dizziness")],
    )
    run(message)
    assert intent_of(message) == "ask_condition"
    assert also_asked(message) == ["ask_side_effects", "ask_dizziness"]


@pytest.mark.parametrize(
    "text, intent, entities",
    [
        ("my mum has MS, does baclofen make you drowsy?", "ask_drowsiness", [MS]),  # no "does it help"
        ("does it help with MS spasms?", "ask_condition", [MS]),  # already the condition answer
        ("will it help him? he has CP and took too many", "emergency", [CP]),  # safety first
        ("what are the side effects?", "ask_side_effects", []),  # no condition named
    ],
)
def test_other_messages_keep_their_intent(text: str, intent: str, entities: list) -> None:
    message = run(parsed(text, intent, 0.8, entities))
    assert intent_of(message) == intent and also_asked(message) == []


def test_an_overridden_intent_never_looks_ambiguous() -> None:
    message = parsed("x", "ask_condition", 0.96, runner_up="ask_uses")
    message.set(
        "intent_ranking", [{"name": "ask_condition", "confidence": 0.96}, {"name": "ask_uses", "confidence": 0.95}]
    )
    override_intent(message, "ask_uses", reason="test")
    ranking = message.get("intent_ranking")
    assert ranking[0] == {"name": "ask_uses", "confidence": 1.0, "overridden_by": "test"}
    assert ranking[1]["name"] == "ask_condition" and ranking[1]["confidence"] == pytest.approx(0.48)


@pytest.mark.parametrize(
    "text, intent",
    [
        ("my husband has just been started on baclofen for his ms, what actually is it?", "ask_what_is"),
        ("how does baclofen work? my mum has MS", "ask_mechanism"),  # how it works is not whether
        ("my son has CP. what side effects should we look out for?", "ask_side_effects"),
    ],
)
def test_a_condition_named_as_background_keeps_the_question_asked(text: str, intent: str) -> None:
    # The condition note comes from action_add_disclaimer (tests/actions/test_disclaimer.py).
    message = run(parsed(text, intent, 0.8, [CP if "CP" in text else MS]))
    assert intent_of(message) == intent and also_asked(message) == []


@pytest.mark.parametrize(
    "text, runner_up",
    [
        ("ms patient here - is baclofen meant to help with the spasms?", "ask_uses"),
        ("my husband has MS. how does it help with ms stiffness specifically?", "ask_mechanism"),
    ],
)
def test_is_it_meant_to_help_one_condition_settles_a_tie_with_the_uses_answer(text: str, runner_up: str) -> None:
    message = parsed(text, "ask_condition", 0.48, [MS])
    message.set(
        "intent_ranking", [{"name": "ask_condition", "confidence": 0.48}, {"name": runner_up, "confidence": 0.45}]
    )
    run(message)
    ranking = message.get("intent_ranking")
    assert intent_of(message) == "ask_condition" and ranking[1]["confidence"] < 0.5 * ranking[0]["confidence"]


def test_is_it_ok_for_one_condition_gets_the_condition_answer_then_the_other_question() -> None:
    message = run(parsed("is it ok for ms and also can my husband still drive on it", "ask_driving", 0.8, [MS]))
    assert intent_of(message) == "ask_condition" and also_asked(message) == ["ask_driving"]


def test_how_it_helps_with_one_condition_gets_that_conditions_answer_then_the_mechanism() -> None:
    message = run(parsed("My lad has CP and a high tone. How does baclofen help with CP?", "ask_mechanism", 0.8, [CP]))
    assert intent_of(message) == "ask_condition"
    assert also_asked(message) == ["ask_mechanism"]


def test_will_it_help_her_ms_replaces_the_suitability_answer() -> None:
    message = parsed(
        "my mum has ms - will baclofen help her, and what are the side effects?", "ask_suitability", 0.6, [MS]
    )
    message.set("entities", [MS, {"entity": "also_asked", "value": "ask_side_effects"}], add_to_output=True)
    run(message)
    assert intent_of(message) == "ask_condition"
    assert also_asked(message) == ["ask_side_effects"]


@pytest.mark.parametrize(
    "text, guess, entities",
    [
        (
            "I've got MS and my legs lock up at night. is baclofen one of the options for that?",
            "ask_alternatives",
            [MS],
        ),
        ("my neuro mentioned baclofen for my ms. is that a normal thing to prescribe?", "ask_what_is", [MS]),
        ("is it normal for people with ms to get put on baclofen or is it a bit unusual", "ask_drowsiness", [MS]),
        ("can my son take baclofen for his cerebral palsy", "ask_routes", [CP]),
        ("my granddaughter has spastic CP, would baclofen be something they'd try?", "ask_alternatives", [CP]),
        ("grandad has MS and has just been given baclofen, what is it meant to do for him?", "ask_side_effects", [MS]),
        ("her MS makes her legs go rigid - is that the sort of thing baclofen is given for?", "ask_what_is", [MS]),
        (
            "my husband broke his neck last year and they started him on baclofen. why that one?",
            "ask_withdrawal",
            [SCI],
        ),
        (
            "One of the young men I support has cerebral palsy. I'd like to understand why he's on it.",
            "ask_what_is",
            [CP],
        ),
    ],
)
def test_is_it_a_usual_treatment_for_one_condition_gets_the_condition_answer_alone(
    text: str, guess: str, entities: list
) -> None:
    # the classifier's unsure guess is not answered as a second topic
    message = run(parsed(text, guess, 0.3, entities))
    assert intent_of(message) == "ask_condition"
    assert also_asked(message) == []


def test_a_confident_other_topic_is_still_answered_after_the_condition() -> None:
    message = run(
        parsed("my mum has MS, is baclofen one of the options for it and is it safe?", "ask_side_effects", 0.8, [MS])
    )
    assert intent_of(message) == "ask_condition"
    assert also_asked(message) == ["ask_side_effects"]


def test_taking_it_for_something_else_is_not_a_question_about_the_condition() -> None:
    message = run(parsed("my mum has MS, can she take baclofen for her bladder?", "ask_special_groups", 0.3, [MS]))
    assert intent_of(message) == "ask_special_groups"


def test_an_unsure_guess_that_another_question_part_asks_is_still_answered() -> None:
    message = parsed("my son has cp - does baclofen help and does it make kids tired", "ask_fatigue", 0.3, [CP])
    message.set(PART_INTENTS_KEY, ["ask_condition", "ask_fatigue"])
    run(message)
    assert intent_of(message) == "ask_condition"
    assert also_asked(message) == ["ask_fatigue"]


def test_does_it_reduce_them_asks_whether_it_helps() -> None:
    message = run(
        parsed(
            "baclofen for spasms after a spinal cord injury - does it really reduce them?", "ask_mechanism", 0.4, [SCI]
        )
    )
    assert intent_of(message) == "ask_condition"
