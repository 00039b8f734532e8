"""action_add_disclaimer: graded by risk, full first then a reminder, full for high risk.

The grades come from the domain Rasa sends with the call (domain.yml's `metadata.risk`):
these tests send the project's domain.yml, as Rasa would."""

from __future__ import annotations

import asyncio
from typing import Any, Dict, List, Optional

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.disclaimer import ActionAddDisclaimer, choose_disclaimer
from actions.safety_texts import FULL_DISCLAIMERS, REMINDERS, Risk
from tests.support.project import domain


def make_tracker(intent: Optional[str], text: str = "a question", shown: Any = None) -> Tracker:
    latest: Dict[str, Any] = {"text": text, "intent": {"name": intent, "confidence": 0.9} if intent else {}}
    return Tracker(
        sender_id="test-user",
        slots={"disclaimers_shown": shown},
        latest_message=latest,
        events=[],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="utter_side_effects",
    )


def run(tracker: Tracker, sent_domain: Optional[Dict[str, Any]] = None) -> tuple:
    dispatcher = CollectingDispatcher()
    sent = domain() if sent_domain is None else sent_domain
    events = asyncio.run(ActionAddDisclaimer().run(dispatcher, tracker, domain=sent))
    return [m["text"] for m in dispatcher.messages], events


def test_first_general_answer_gets_the_full_disclaimer_and_records_it() -> None:
    texts, events = run(make_tracker("ask_what_is", shown=[]))
    assert texts == [FULL_DISCLAIMERS[Risk.GENERAL]]
    assert events == [SlotSet("disclaimers_shown", ["general"])]


def test_second_general_answer_gets_the_one_line_reminder() -> None:
    texts, events = run(make_tracker("ask_mechanism", shown=["general"]))
    assert texts == [REMINDERS[Risk.GENERAL]]
    assert events == []


def test_side_effects_are_graded_separately_from_general() -> None:
    texts, events = run(make_tracker("ask_dizziness", shown=["general"]))
    assert texts == [FULL_DISCLAIMERS[Risk.SIDE_EFFECTS]]
    assert events == [SlotSet("disclaimers_shown", ["general", "side_effects"])]
    texts, _ = run(make_tracker("ask_fatigue", shown=["general", "side_effects"]))
    assert texts == [REMINDERS[Risk.SIDE_EFFECTS]]


@pytest.mark.parametrize(
    "intent,risk",
    [
        ("ask_withdrawal", Risk.WITHDRAWAL),
        ("ask_intrathecal_pump", Risk.PUMP),
        ("ask_routes", Risk.PUMP),
        ("ask_dose", Risk.WITHDRAWAL),
    ],
)
def test_high_risk_topics_always_get_the_full_text(intent: str, risk: Risk) -> None:
    texts, _ = run(make_tracker(intent, shown=[r.value for r in Risk]))
    assert texts == [FULL_DISCLAIMERS[risk]]


def test_the_grade_is_the_one_in_the_domain_rasa_sends() -> None:
    regraded = {
        "intents": ["ask_what_is"],
        "responses": {"utter_what_is": [{"text": "t", "metadata": {"risk": "pump"}}]},
    }
    texts, events = run(make_tracker("ask_what_is", shown=[]), sent_domain=regraded)
    assert texts == [FULL_DISCLAIMERS[Risk.PUMP]]
    assert events == [SlotSet("disclaimers_shown", ["pump"])]


@pytest.mark.parametrize(
    "sent_domain",
    [
        {},  # Rasa sent no domain (enable_selective_domain)
        {"intents": ["ask_withdrawal"], "responses": {"utter_withdrawal": [{"text": "t", "metadata": {"source": []}}]}},
        {"intents": ["ask_withdrawal"], "responses": {"utter_withdrawal": [{"metadata": {"risk": "severe"}}]}},
    ],
    ids=["no domain", "no risk", "unknown risk"],
)
def test_without_a_usable_grade_the_answer_still_gets_the_general_disclaimer(sent_domain: Dict[str, Any]) -> None:
    texts, _ = run(make_tracker("ask_withdrawal", shown=[]), sent_domain=sent_domain)
    assert texts == [FULL_DISCLAIMERS[Risk.GENERAL]]


def test_a_question_near_a_red_flag_gets_the_full_text_even_when_shown_before() -> None:
    texts, _ = run(make_tracker("ask_side_effects", text="can baclofen cause seizures?", shown=["side_effects"]))
    assert texts == [FULL_DISCLAIMERS[Risk.SIDE_EFFECTS]]


@pytest.mark.parametrize("intent", [None, "something_new"])
def test_an_unknown_intent_still_gets_the_general_disclaimer(intent: Optional[str]) -> None:
    texts, _ = run(make_tracker(intent, shown=[]))
    assert texts == [FULL_DISCLAIMERS[Risk.GENERAL]]


@pytest.mark.parametrize("bad_slot", [None, "general", 42, {"a": 1}, ["general", 3, None]])
def test_a_malformed_slot_value_never_breaks_the_action(bad_slot: Any) -> None:
    texts, events = run(make_tracker("ask_what_is", shown=bad_slot))
    assert len(texts) == 1 and texts[0] in (FULL_DISCLAIMERS[Risk.GENERAL], REMINDERS[Risk.GENERAL])
    for event in events:
        assert all(isinstance(item, str) for item in event["value"])


def test_choose_disclaimer_table() -> None:
    assert choose_disclaimer(Risk.GENERAL, [], False) == FULL_DISCLAIMERS[Risk.GENERAL]
    assert choose_disclaimer(Risk.GENERAL, ["general"], False) == REMINDERS[Risk.GENERAL]
    assert choose_disclaimer(Risk.GENERAL, ["general"], True) == FULL_DISCLAIMERS[Risk.GENERAL]
    assert choose_disclaimer(Risk.PUMP, ["pump"], False) == FULL_DISCLAIMERS[Risk.PUMP]


# ---------------------------------------------------------------- two-part questions


def two_part_tracker(intent: str, also: List[Any], shown: Any = None) -> Tracker:
    tracker = make_tracker(intent, text="what's it for, and can you stop it suddenly?", shown=shown or [])
    tracker.latest_message["entities"] = [{"entity": "also_asked", "value": v} for v in also]
    return tracker


def run_messages(tracker: Tracker) -> tuple:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ActionAddDisclaimer().run(dispatcher, tracker, domain=domain()))
    return dispatcher.messages, events


def test_the_other_questions_are_answered_in_order_then_one_disclaimer_of_the_highest_grade() -> None:
    messages, events = run_messages(two_part_tracker("ask_uses", ["ask_driving", "ask_withdrawal"]))
    assert [m.get("response") for m in messages[:2]] == ["utter_driving", "utter_withdrawal"]
    # one disclaimer, the withdrawal one (highest of general, side effects, withdrawal)
    assert [m["text"] for m in messages[2:]] == [FULL_DISCLAIMERS[Risk.WITHDRAWAL]]
    assert events == [SlotSet("disclaimers_shown", ["withdrawal"])]


def test_side_effects_outrank_a_general_answer() -> None:
    messages, _ = run_messages(two_part_tracker("ask_what_is", ["ask_side_effects"]))
    assert [m.get("response") for m in messages[:1]] == ["utter_side_effects"]
    assert [m["text"] for m in messages[1:]] == [FULL_DISCLAIMERS[Risk.SIDE_EFFECTS]]


@pytest.mark.parametrize(
    "also", [["utter_uses"], ["greet"], ["ask_uses"], [None], [{"x": 1}], ["ask_routes", "ask_routes"]]
)
def test_only_other_medical_intents_are_answered_once_each(also: List[Any]) -> None:
    messages, _ = run_messages(two_part_tracker("ask_uses", also))
    answered = [m.get("response") for m in messages if m.get("response")]
    assert answered == (["utter_routes"] if "ask_routes" in also else [])
    assert len([m for m in messages if m.get("text")]) == 1


def tracker_naming(intent: str, conditions: List[str], slot: Optional[str], also: List[str] = ()) -> Tracker:
    entities = [{"entity": "condition", "value": c} for c in conditions]
    entities += [{"entity": "also_asked", "value": a} for a in also]
    return Tracker(
        sender_id="test-user",
        slots={"disclaimers_shown": ["general", "side_effects"], "condition": slot},
        latest_message={"text": "my mum has MS, a question", "intent": {"name": intent}, "entities": entities},
        events=[],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="utter_side_effects",
    )


def sent(tracker: Tracker) -> List[Dict[str, Any]]:
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionAddDisclaimer().run(dispatcher, tracker, domain=domain()))
    return dispatcher.messages


def test_a_condition_named_as_background_gets_its_note_before_the_disclaimer() -> None:
    messages = sent(tracker_naming("ask_side_effects", ["multiple_sclerosis"], "multiple_sclerosis"))
    assert [m.get("response") for m in messages] == ["utter_condition_context", None]
    assert messages[1]["text"] == REMINDERS[Risk.SIDE_EFFECTS]


def test_after_the_other_answers_of_a_two_part_question() -> None:
    messages = sent(tracker_naming("ask_what_is", ["cerebral_palsy"], "cerebral_palsy", also=["ask_driving"]))
    assert [m.get("response") for m in messages] == ["utter_driving", "utter_condition_context", None]


@pytest.mark.parametrize(
    "intent, conditions, slot, also",
    [
        ("ask_side_effects", [], "multiple_sclerosis", []),  # named in an earlier turn, not this one
        ("ask_side_effects", ["multiple_sclerosis", "cerebral_palsy"], "cerebral_palsy", []),  # several
        ("ask_side_effects", ["epilepsy"], "epilepsy", []),  # not one of the article's three
        ("ask_condition", ["multiple_sclerosis"], "multiple_sclerosis", []),  # its answer already says it
        ("ask_what_is", ["multiple_sclerosis"], "multiple_sclerosis", ["ask_uses"]),  # so does the uses answer
        ("greet", ["multiple_sclerosis"], "multiple_sclerosis", []),  # not a medical answer
        ("ask_side_effects", ["multiple_sclerosis"], None, []),  # the slot did not take it
    ],
)
def test_no_note_otherwise(intent: str, conditions: List[str], slot: Optional[str], also: List[str]) -> None:
    messages = sent(tracker_naming(intent, conditions, slot, also))
    assert "utter_condition_context" not in [m.get("response") for m in messages]


def test_every_condition_the_note_is_sent_for_has_a_variation_with_a_source() -> None:
    from actions.disclaimer import CONDITION_CONTEXT_RESPONSE, CONDITIONS

    variations = domain()["responses"][CONDITION_CONTEXT_RESPONSE]
    chosen_by = {c["value"] for v in variations for c in v.get("condition", []) if c.get("name") == "condition"}
    assert chosen_by == set(CONDITIONS)
    assert all(v["metadata"]["source"] and v["metadata"]["note"] is True for v in variations)
