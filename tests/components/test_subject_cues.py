"""SubjectCues: questions about the pump, GABA or the assistant's source get those answers."""

from __future__ import annotations

from typing import List, Optional

import pytest
from rasa.shared.nlu.training_data.message import Message

from components.sentence_encoder import ALSO_ASKED_ENTITY, PARTS_KEY
from components.subject_cues import SubjectCues
from tests.components.test_guards import entity, entity_values, intent_of, parsed

PUMP = entity("route", "pump")
INTRATHECAL = entity("route", "intrathecal")
ORAL = entity("route", "oral")


def run(message: Message) -> Message:
    SubjectCues().process([message])
    return message


def with_parts(message: Message, parts: List[tuple]) -> Message:
    """`parts`: (text, is_question); their offsets are found in the message's text."""
    text = message.get("text")
    message.set(
        PARTS_KEY,
        [
            {"text": p, "start": text.index(p), "end": text.index(p) + len(p), "is_question": q, "vector": None}
            for p, q in parts
        ],
    )
    return message


def located(text: str, name: str, value: str, word: str) -> dict:
    start = text.index(word)
    return {"entity": name, "value": value, "start": start, "end": start + len(word)}


@pytest.mark.parametrize(
    "text, intent, entities, expected",
    [
        # the pump or the intrathecal route as the subject of a question about the drug as a whole
        (
            "They want to put a pump under the skin of his tummy for his baclofen. What is it, exactly?",
            "ask_what_is",
            [PUMP],
            "ask_intrathecal_pump",
        ),
        ("what's this intrathecal baclofen thing the neurologist mentioned", "ask_what_is", [INTRATHECAL], None),
        ("can a baclofen pump help someone with a spinal cord injury?", "ask_condition", [PUMP], None),
        ("mum said they might put baclofen into her spine instead, is that a real thing", "ask_uses", [], None),
        # the tablets beside the pump: the routes answer compares them
        ("baclofen pump vs pills for cerebral palsy, what's the difference", "ask_what_is", [PUMP, ORAL], "ask_routes"),
        # GABA
        ("is baclofen one of the gaba type drugs", "ask_what_is", [], "ask_mechanism"),
        (
            "someone said it 'works on GABA', what does that mean in normal words",
            "explain_simpler",
            [],
            "ask_mechanism",
        ),
        # the source, whatever topic the message names
        ("what are your answers based on?", "out_of_scope", [], "about_source"),
        ("Where did you get the side effect list from? Just curious", "ask_side_effects", [], "about_source"),
        ("what reference material do you use?", "nlu_fallback", [], "about_source"),
        ("where'd you get the bit about the pump from?", "ask_intrathecal_pump", [PUMP], "about_source"),
        ("can you give me the name of where you got the baclofen info from", "ask_what_is", [], "about_source"),
        ("what do you base all this on", "nlu_fallback", [], "about_source"),
        # "as well by pump as by mouth?" compares the routes, not baclofen with another drug
        (
            "does baclofen work as well by pump as it does by mouth (tablets)?",
            "ask_comparison",
            [PUMP, ORAL],
            "ask_routes",
        ),
    ],
)
def test_a_named_subject_gets_its_own_answer(text: str, intent: str, entities: list, expected: Optional[str]) -> None:
    message = run(parsed(text, intent, 0.6, entities))
    assert intent_of(message) == (expected or "ask_intrathecal_pump")
    assert message.get("intent")["overridden_by"].startswith("SubjectCues")


@pytest.mark.parametrize(
    "text, intent, entities",
    [
        ("my son has a pump, what is baclofen?", "ask_what_is", [PUMP]),  # asks about the drug itself
        ("does the pump make you dizzy", "ask_dizziness", [PUMP]),  # a side effect keeps its answer
        ("can he stop the pump suddenly", "ask_withdrawal", [PUMP]),
        ("is gablofen the same as baclofen? the pump letter says gablofen", "ask_brand_names", [PUMP]),
        ("is gabapentin the same as baclofen", "ask_comparison", []),  # not GABA
        ("the pump alarm is beeping and he's shaking", "urgent", [PUMP]),  # safety is never changed
        ("where can I get baclofen?", "ask_cost", []),  # where *I* get it, not the source
        ("what is baclofen", "ask_what_is", []),
    ],
)
def test_other_messages_keep_their_intent(text: str, intent: str, entities: list) -> None:
    message = run(parsed(text, intent, 0.6, entities))
    assert intent_of(message) == intent
    assert ALSO_ASKED_ENTITY not in [e["entity"] for e in message.get("entities")]


def test_a_pump_asked_beside_another_question_is_answered_after_it() -> None:
    text = "My son has CP - can baclofen help him, and is the pump thing an option for kids?"
    message = parsed(text, "ask_condition", 0.9, [located(text, "route", "pump", "pump")])
    with_parts(
        message,
        [("My son has CP", False), ("can baclofen help him", True), ("is the pump thing an option for kids", True)],
    )
    run(message)
    assert intent_of(message) == "ask_condition"
    assert entity_values(message, ALSO_ASKED_ENTITY) == ["ask_intrathecal_pump"]


def test_gaba_beside_another_topic_adds_the_mechanism_and_a_decided_pump_is_not_asked_twice() -> None:
    both = run(parsed("she says it acts on GABA and makes you drowsy, right on both counts?", "ask_drowsiness"))
    assert intent_of(both) == "ask_drowsiness"
    assert entity_values(both, ALSO_ASKED_ENTITY) == ["ask_mechanism"]
    message = parsed("what is the baclofen pump thing?", "ask_what_is", 0.6, [PUMP])
    message.set("entities", message.get("entities") + [entity(ALSO_ASKED_ENTITY, "ask_intrathecal_pump")])
    run(message)
    assert intent_of(message) == "ask_intrathecal_pump"
    assert entity_values(message, ALSO_ASKED_ENTITY) == []


def test_an_unsure_guess_of_the_same_topic_is_confirmed() -> None:
    message = run(parsed("what reference material do you use?", "about_source", 0.33))
    assert intent_of(message) == "about_source"
    assert message.get("intent")["confidence"] == 1.0


@pytest.mark.parametrize(
    "text, guess, confidence",
    [
        (
            "my daughter drives a forklift at work and has been prescribed baclofen. is that a problem?",
            "ask_what_is",
            0.4,
        ),
        ("dad insists on driving to the shops, he only started baclofen yesterday. should he?", "ask_suitability", 0.5),
    ],
)
def test_driving_named_next_to_a_question_about_the_drug_as_a_whole_gets_the_driving_answer(
    text: str, guess: str, confidence: float
) -> None:
    message = parsed(text, guess, confidence)
    SubjectCues().process([message])
    assert intent_of(message) == "ask_driving"


def test_a_sure_what_is_question_next_to_driving_keeps_both_answers() -> None:
    message = parsed(
        "whats baclofen and is it ok to drive on it", "ask_what_is", 0.9, [entity("also_asked", "ask_driving")]
    )
    SubjectCues().process([message])
    assert intent_of(message) == "ask_what_is"
    assert entity_values(message, "also_asked") == ["ask_driving"]


def test_where_the_information_comes_from_gets_the_source_answer() -> None:
    message = parsed("can you tell me where your baclofen information comes from", "ask_what_is", 0.7)
    SubjectCues().process([message])
    assert intent_of(message) == "about_source"
