"""The custom NLU components, on parsed messages built in the test (no model, no server)."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from components.triage import TriageDetector
from components.scope_guard import ScopeGuard
from components.unknown_words import UnknownWordsGuard


def parsed(
    text: str,
    intent: str,
    confidence: float = 0.9,
    entities: Optional[List[dict]] = None,
    runner_up: str = "ask_side_effects",
) -> Message:
    message = Message(data={"text": text})
    message.set("intent", {"name": intent, "confidence": confidence}, add_to_output=True)
    message.set(
        "intent_ranking",
        [{"name": intent, "confidence": confidence}, {"name": runner_up, "confidence": 1 - confidence}],
        add_to_output=True,
    )
    message.set("entities", entities or [], add_to_output=True)
    return message


def entity(name: str, value: str) -> dict:
    return {"entity": name, "value": value}


def intent_of(message: Message) -> str:
    return message.get("intent")["name"]


def red_flag_values(message: Message) -> List[str]:
    return [e["value"] for e in message.get("entities") if e["entity"] == "red_flag"]


def entity_values(message: Message, name: str) -> List[str]:
    return [e["value"] for e in message.get("entities") if e["entity"] == name]


# ----- TriageDetector


def detector() -> TriageDetector:
    return TriageDetector()


def test_a_red_flag_overrides_any_intent_and_names_its_category() -> None:
    message = parsed("my toddler just ate some of my baclofen pills", "ask_dose", 0.99)
    detector().process([message])
    assert intent_of(message) == "emergency"
    assert message.get("intent")["confidence"] == 1.0
    assert message.get("intent_ranking")[0]["name"] == "emergency"
    assert red_flag_values(message) == ["child_ingestion"]


def test_a_classifier_emergency_without_a_matcher_hit_is_kept_as_unspecified() -> None:
    message = parsed("help pls emergency", "emergency", 0.8)
    detector().process([message])
    assert intent_of(message) == "emergency"
    assert red_flag_values(message) == ["unspecified"]


def test_a_general_question_taken_for_an_emergency_falls_back_to_the_next_intent() -> None:
    message = parsed("can baclofen cause seizures?", "emergency", 0.6, runner_up="ask_withdrawal")
    detector().process([message])
    assert intent_of(message) == "ask_withdrawal"
    assert red_flag_values(message) == []


def test_an_ordinary_question_is_untouched() -> None:
    message = parsed("does baclofen make you drowsy", "ask_drowsiness", 0.9)
    detector().process([message])
    assert intent_of(message) == "ask_drowsiness" and red_flag_values(message) == []
    assert message.get("entities") == []


def test_a_denied_symptom_next_to_a_question_gets_the_answer() -> None:
    message = parsed(
        "I don't have chest pain. Does baclofen make you drowsy?", "emergency", 0.7, runner_up="ask_drowsiness"
    )
    detector().process([message])
    assert intent_of(message) == "ask_drowsiness"
    assert red_flag_values(message) == []


def test_a_denial_never_hides_a_real_red_flag() -> None:
    message = parsed("I don't have chest pain but I can't breathe", "ask_side_effects", 0.8)
    detector().process([message])
    assert intent_of(message) == "emergency"
    assert red_flag_values(message) == ["breathing"]


def test_an_urgent_message_with_a_medical_question_keeps_its_answer() -> None:
    message = parsed("really weak legs since the dose went up, is that a side effect?", "ask_weakness", 0.8)
    detector().process([message])
    assert intent_of(message) == "ask_weakness"
    assert entity_values(message, "urgent_flag") == ["weakness"]


@pytest.mark.parametrize("first_choice", ["urgent", "nlu_fallback", "greet"])
def test_an_urgent_message_that_asks_gets_the_best_medical_guess_after_the_urgent_line(first_choice: str) -> None:
    message = parsed(
        "legs have gone to jelly since I started it on Tuesday, is that the baclofen?",
        first_choice,
        0.5,
        runner_up="ask_weakness",
    )
    detector().process([message])
    assert intent_of(message) == "ask_weakness"
    assert message.get("intent")["overridden_by"] == "TriageDetector:urgent_question"
    assert len(entity_values(message, "urgent_flag")) == 1


def test_the_classifiers_urgent_guess_on_a_question_is_answered_after_the_urgent_line() -> None:
    message = parsed(
        "my dad keeps dozing in his chair since he started baclofen, could that be why?",
        "urgent",
        0.7,
        runner_up="ask_drowsiness",
    )
    detector().process([message])
    assert intent_of(message) == "ask_drowsiness"
    assert entity_values(message, "urgent_flag") == ["unspecified"]


def test_an_urgent_message_the_classifier_could_not_place_gets_the_urgent_reply() -> None:
    message = parsed(
        "my 78-year-old mum on baclofen has been muddled and nearly fell twice this week", "nlu_fallback", 0.3
    )
    detector().process([message])
    assert intent_of(message) == "urgent"
    assert entity_values(message, "urgent_flag") == ["confusion_or_falls"]


def test_alarming_words_without_a_pattern_start_with_the_danger_line_never_a_goodbye() -> None:
    message = parsed("something's really wrong with my dad, he's not himself tonight", "goodbye", 0.6)
    detector().process([message])
    assert intent_of(message) == "urgent"
    assert entity_values(message, "urgent_flag") == ["new_or_worse"]
    assert entity_values(message, "danger_check") == ["yes"]


def test_alarming_words_that_no_layer_places_get_the_urgent_reply_after_the_danger_line() -> None:
    message = parsed("please help, something is seriously wrong with my husband", "nlu_fallback", 0.3)
    detector().process([message])
    assert intent_of(message) == "urgent"
    assert entity_values(message, "urgent_flag") == ["unclear_danger"]
    assert entity_values(message, "danger_check") == ["yes"]


def test_a_general_question_naming_a_red_flag_gets_the_best_answer_not_a_fallback() -> None:
    message = parsed("what's the deal with baclofen and fits", "nlu_fallback", 0.3, runner_up="ask_withdrawal")
    message.set(
        "intent_ranking",
        [
            {"name": "nlu_fallback", "confidence": 0.35},
            {"name": "greet", "confidence": 0.3},
            {"name": "ask_withdrawal", "confidence": 0.2},
        ],
        add_to_output=True,
    )
    detector().process([message])
    assert intent_of(message) == "ask_withdrawal"
    assert entity_values(message, "danger_check") == [], "a question is not alarming"


def test_a_follow_up_naming_a_red_flag_word_keeps_its_context_aware_fallback() -> None:
    # "same for the pump?" after the withdrawal answer: action_suggest_topics answers it as withdrawal
    message = parsed("same for the pump?", "nlu_fallback", 1.0, runner_up="ask_intrathecal_pump")
    message.set("entities", [{"entity": "follow_up", "value": "same"}], add_to_output=True)
    detector().process([message])
    assert intent_of(message) == "nlu_fallback"


def test_another_follow_up_form_naming_a_red_flag_word_gets_the_best_answer() -> None:
    message = parsed("suppose the pump battery runs out, what happens then", "nlu_fallback", 1.0)
    message.set(
        "intent_ranking",
        [{"name": "nlu_fallback", "confidence": 1.0}, {"name": "ask_intrathecal_pump", "confidence": 0.3}],
        add_to_output=True,
    )
    message.set("entities", [{"entity": "follow_up", "value": "yes"}], add_to_output=True)
    detector().process([message])
    assert intent_of(message) == "ask_intrathecal_pump"


def test_an_unsure_emergency_guess_still_counts() -> None:
    message = parsed("he's gone a funny grey and won't answer me", "nlu_fallback", 0.3)
    message.set(
        "intent_ranking",
        [{"name": "nlu_fallback", "confidence": 0.35}, {"name": "emergency", "confidence": 0.3}],
        add_to_output=True,
    )
    detector().process([message])
    assert intent_of(message) == "emergency"


# ----- ScopeGuard


@pytest.mark.parametrize(
    "ranking, expected",
    [
        (["ask_timing", "ask_dose", "ask_interactions"], "ask_dose"),
        (["ask_dose", "ask_timing"], "ask_dose"),  # first but ambiguous: made sure, not a fallback
        (["ask_interactions", "ask_food", "ask_missed_dose"], "ask_missed_dose"),
        (["ask_timing", "ask_food", "ask_interactions", "ask_dose"], "ask_timing"),  # not among the first three
    ],
)
def test_a_named_amount_makes_a_dose_intent_among_the_first_choices_win(ranking: List[str], expected: str) -> None:
    message = parsed("can i take 40mg of it at night", ranking[0], 0.32, entities=[entity("dose", "40mg")])
    message.set("intent_ranking", [{"name": n, "confidence": 0.3 - i / 100} for i, n in enumerate(ranking)])
    ScopeGuard().process([message])
    assert intent_of(message) == expected
    if expected in ("ask_dose", "ask_missed_dose"):
        assert message.get("intent")["confidence"] == 1.0


@pytest.mark.parametrize(
    "text,intent,entities,expected",
    [
        ("side effects of aspirin", "ask_side_effects", [entity("other_drug", "aspirin")], "out_of_scope"),
        ("what is tizanidine used for", "ask_comparison", [entity("other_drug", "tizanidine")], "out_of_scope"),
        ("is it better than tizanidine", "ask_comparison", [entity("other_drug", "tizanidine")], "ask_comparison"),
        (
            "could i switch to tizanidine instead",
            "ask_alternatives",
            [entity("other_drug", "tizanidine")],
            "ask_alternatives",
        ),
        ("what is tizanidine for", "ask_alternatives", [entity("other_drug", "tizanidine")], "out_of_scope"),
        (
            "tizanidine or diazepam instead",
            "ask_alternatives",
            [entity("other_drug", "tizanidine"), entity("other_drug", "diazepam")],
            "out_of_scope",
        ),
        ("can i take it with ibuprofen", "ask_interactions", [entity("other_drug", "ibuprofen")], "ask_interactions"),
        (
            "baclofen or aspirin side effects",
            "ask_side_effects",
            [entity("drug", "baclofen"), entity("other_drug", "aspirin")],
            "ask_side_effects",
        ),
        (
            "does baclofen help migraines",
            "ask_uses",
            [entity("drug", "baclofen"), entity("other_condition", "migraine")],
            "ask_off_label",
        ),
        (
            "does it help ms and migraine",
            "ask_condition",
            [entity("condition", "multiple_sclerosis"), entity("other_condition", "migraine")],
            "ask_condition",
        ),
        ("what is baclofen", "ask_what_is", [entity("drug", "baclofen")], "ask_what_is"),
        # "it" is baclofen; the other drug is only the yardstick
        (
            "does it knock you out like diazepam did to me",
            "ask_drowsiness",
            [entity("other_drug", "diazepam")],
            "ask_drowsiness",
        ),
        (
            "will it make me dizzy like tizanidine",
            "ask_dizziness",
            [entity("other_drug", "tizanidine")],
            "ask_dizziness",
        ),
        ("does diazepam make you sleepy", "ask_drowsiness", [entity("other_drug", "diazepam")], "out_of_scope"),
    ],
)
def test_scope_guard(text: str, intent: str, entities: List[dict], expected: str) -> None:
    message = parsed(text, intent, entities=entities)
    ScopeGuard().process([message])
    assert intent_of(message) == expected


# ----- UnknownWordsGuard


@pytest.fixture()
def trained_guard(tmp_path: Path) -> UnknownWordsGuard:
    storage = LocalModelStorage(tmp_path)
    resource = Resource("unknown_words")
    context = ExecutionContext(GraphSchema({}), "test")
    guard = UnknownWordsGuard.create({}, storage, resource, context)
    guard.train(
        TrainingData(
            [
                Message(data={"text": "what is baclofen", "intent": "ask_what_is"}),
                Message(data={"text": "does it make you drowsy", "intent": "ask_drowsiness"}),
            ]
        )
    )
    return UnknownWordsGuard.load({}, storage, resource, context)


def test_a_message_of_unknown_words_is_not_understood(trained_guard: UnknownWordsGuard) -> None:
    message = parsed("hjkl zxqv blorf", "goodbye", 0.8)
    trained_guard.process([message])
    assert intent_of(message) == "nlu_fallback"
    # no guesses left for "Did you mean...?" to offer
    assert [e["name"] for e in message.get("intent_ranking")] == ["nlu_fallback"]


@pytest.mark.parametrize("text", ["is baclofen safe", "drowsy??", "/ask_side_effects", "42"])
def test_one_known_word_or_no_words_at_all_is_left_alone(trained_guard: UnknownWordsGuard, text: str) -> None:
    message = parsed(text, "ask_side_effects", 0.8)
    trained_guard.process([message])
    assert intent_of(message) == "ask_side_effects"


def test_the_classifiers_urgent_guess_gives_way_when_asked_whether_an_expected_effect_is_normal() -> None:
    text = "i started baclofen yesterday and feel sleepy, is that one of the side effects"
    message = parsed(text, "urgent", 0.4, runner_up="ask_drowsiness")
    TriageDetector().process([message])
    assert intent_of(message) == "ask_drowsiness"
    assert not any(e.get("entity") in ("urgent_flag", "danger_check") for e in message.get("entities"))


def test_the_classifiers_emergency_guess_gives_way_for_a_mild_common_side_effect() -> None:
    message = parsed("nan's been a bit woozy since her first dose", "emergency", 0.6, runner_up="ask_dizziness")
    TriageDetector().process([message])
    assert intent_of(message) not in ("emergency", "urgent")


def test_the_classifiers_emergency_guess_stands_for_a_side_effect_with_another_sign() -> None:
    message = parsed("she's a bit drowsy and floppy since her dose", "emergency", 0.6, runner_up="ask_drowsiness")
    TriageDetector().process([message])
    assert intent_of(message) in ("emergency", "urgent")  # the patterns make "floppy" urgent


def test_the_classifiers_emergency_guess_gives_way_when_asked_leave_to_stop() -> None:
    message = parsed("i feel better, can i stop my lioresal now?", "emergency", 0.6, runner_up="ask_withdrawal")
    TriageDetector().process([message])
    assert intent_of(message) == "ask_withdrawal"


@pytest.mark.parametrize(
    "text",
    [
        "my dad wants to stop his baclofen",
        "she's thinking of coming off it for good",
        "he'd like to ditch the tablets",
        "I've decided to stop taking baclofen tomorrow",
    ],
)
def test_the_classifiers_emergency_guess_gives_way_when_someone_wants_to_stop(text: str) -> None:
    message = parsed(text, "emergency", 0.6, runner_up="ask_withdrawal")
    TriageDetector().process([message])
    assert intent_of(message) == "ask_withdrawal"


@pytest.mark.parametrize("text", ["This isn't really helping. Person please.", "speak to someone please"])
def test_the_classifiers_emergency_guess_gives_way_for_a_wish_to_speak_to_a_person(text: str) -> None:
    message = parsed(text, "emergency", 0.6, runner_up="human_handoff")
    TriageDetector().process([message])
    assert intent_of(message) == "human_handoff"


def test_a_wish_for_a_person_next_to_a_red_flag_stays_an_emergency() -> None:
    message = parsed("she's not breathing, let me speak to someone please", "emergency", 0.6, runner_up="human_handoff")
    TriageDetector().process([message])
    assert intent_of(message) == "emergency"


def test_asking_leave_to_stop_with_a_red_flag_sign_stays_with_the_classifier() -> None:
    message = parsed("he's seeing things, can he stop it now?", "emergency", 0.6, runner_up="ask_withdrawal")
    TriageDetector().process([message])
    assert intent_of(message) in ("emergency", "urgent")
