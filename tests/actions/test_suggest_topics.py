"""action_suggest_topics: "Did you mean...?" with the classifier's top medical topics.

The action fills slots; utter_did_you_mean's variants read them (domain.yml), so both halves
are checked: the events here, the response's variants against the slots below.
"""

from __future__ import annotations

import asyncio
from typing import Any, Dict, List

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.suggest_topics import COUNT_SLOT, MAX_TOPICS, ActionSuggestTopics, intent_slot, label_slot, topic_label
from actions.topics import topics_from_domain
from tests.support.project import domain


def tracker_with(ranking: List[Any]) -> Tracker:
    return Tracker(
        sender_id="test-user",
        slots={},
        events=[],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_message={
            "text": "baclofen legs jelly??",
            "intent": {"name": "nlu_fallback", "confidence": 0.3},
            "intent_ranking": ranking,
        },
        latest_action_name="action_listen",
    )


def run(ranking: List[Any]) -> Dict[str, Any]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ActionSuggestTopics().run(dispatcher, tracker_with(ranking), domain()))
    assert dispatcher.messages == []  # utter_did_you_mean follows in the rule
    assert all(isinstance(e, dict) and e["event"] == "slot" for e in events)
    return {e["name"]: e["value"] for e in events}


def test_the_top_medical_topics_are_offered_in_rank_order() -> None:
    slots = run(
        [
            {"name": "nlu_fallback", "confidence": 0.3},
            {"name": "ask_weakness", "confidence": 0.28},
            {"name": "greet", "confidence": 0.2},
            {"name": "ask_side_effects", "confidence": 0.2},
            {"name": "urgent", "confidence": 0.15},
            {"name": "ask_driving", "confidence": 0.1},
            {"name": "ask_fatigue", "confidence": 0.09},
        ]
    )
    assert slots == {
        COUNT_SLOT: "3",
        label_slot(1): "Weakness",
        intent_slot(1): "ask_weakness",
        label_slot(2): "Side effects",
        intent_slot(2): "ask_side_effects",
        label_slot(3): "Driving",
        intent_slot(3): "ask_driving",
    }


def test_guesses_that_are_noise_are_not_offered_and_old_suggestions_are_cleared() -> None:
    slots = run([{"name": "ask_weakness", "confidence": 0.5}, {"name": "ask_uses", "confidence": 0.01}])
    assert slots[COUNT_SLOT] == "1" and slots[intent_slot(1)] == "ask_weakness"
    assert slots[label_slot(2)] is None and slots[intent_slot(3)] is None


@pytest.mark.parametrize(
    "ranking",
    [
        [],
        [{"name": "greet", "confidence": 0.9}],
        [{"name": "ask_uses", "confidence": 0.01}],
        [{"name": "ask_uses", "confidence": "high"}],
        [None],
    ],
)
def test_without_a_topic_to_offer_the_count_is_zero(ranking: List[Any]) -> None:
    assert run(ranking)[COUNT_SLOT] == "0"


def did_you_mean_variants() -> Dict[str, dict]:
    variants = {}
    for variant in domain()["responses"]["utter_did_you_mean"]:
        conditions = variant.get("condition") or []
        key = next((c["value"] for c in conditions if c["name"] == COUNT_SLOT), None)
        variants[key] = variant
    return variants


def test_the_response_has_a_variant_per_count_with_that_many_topic_buttons_and_something_else() -> None:
    variants = did_you_mean_variants()
    assert set(variants) == {str(n) for n in range(1, MAX_TOPICS + 1)} | {None}
    for n in range(1, MAX_TOPICS + 1):
        buttons = variants[str(n)]["buttons"]
        assert buttons[:-1] == [
            {"title": "{" + label_slot(k) + "}", "payload": "/{" + intent_slot(k) + "}"} for k in range(1, n + 1)
        ]
        assert buttons[-1] == {"title": "Something else", "payload": "/ask_capabilities"}
        assert "doctor or pharmacist" in variants[str(n)]["text"]
    # nothing to offer: "didn't understand" with the fixed topics
    assert "didn't quite understand" in variants[None]["text"] and len(variants[None]["buttons"]) >= 6


def test_every_slot_the_response_reads_is_in_the_domain() -> None:
    slots = domain()["slots"]
    for name in [COUNT_SLOT] + [f(n) for n in range(1, MAX_TOPICS + 1) for f in (label_slot, intent_slot)]:
        assert slots[name]["influence_conversation"] is False, name


@pytest.mark.parametrize("intent", sorted(topics_from_domain(domain()).topics))
def test_every_medical_topic_has_a_short_label(intent: str) -> None:
    label = topic_label(domain(), intent)
    assert label and len(label) <= 50, intent


# ---------------------------------------------------------------- follow-ups without a topic


def follow_up_tracker(events: List[Dict[str, Any]], entities: List[Dict[str, Any]]) -> Tracker:
    return Tracker(
        sender_id="test-user",
        slots={},
        events=events,
        paused=False,
        followup_action=None,
        active_loop={},
        latest_message={
            "text": "does that go for her too? she has CP",
            "intent": {"name": "nlu_fallback", "confidence": 1.0},
            "intent_ranking": [{"name": "nlu_fallback", "confidence": 1.0}],
            "entities": entities,
        },
        latest_action_name="action_listen",
    )


FOLLOW_UP = {"entity": "follow_up", "value": "yes", "extractor": "FollowUpDetector", "confidence": 1.0}
CP = {"entity": "condition", "value": "cerebral_palsy", "start": 34, "end": 36, "confidence": None}
DRIVING_ANSWER = {
    "event": "bot",
    "text": "The article advises not to drive...",
    "metadata": {"utter_action": "utter_driving"},
}


def test_a_follow_up_is_logged_again_as_the_previous_topic() -> None:
    tracker = follow_up_tracker([{"event": "user", "text": "can I drive on it"}, DRIVING_ANSWER], [FOLLOW_UP, CP])
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ActionSuggestTopics().run(dispatcher, tracker, domain()))
    assert dispatcher.messages == []
    assert [e["event"] for e in events] == ["rewind", "action", "user", "slot"]
    assert events[1]["name"] == "action_listen"
    user = events[2]
    assert user["text"] == "does that go for her too? she has CP"
    assert user["parse_data"]["intent"] == {"name": "ask_driving", "confidence": 1.0}
    # the marker is gone, and no None is left for Rasa's schema check
    assert user["parse_data"]["entities"] == [
        {"entity": "condition", "value": "cerebral_palsy", "start": 34, "end": 36}
    ]
    assert events[3] == {"event": "slot", "timestamp": None, "name": "condition", "value": "cerebral_palsy"}


def test_a_follow_up_with_nothing_before_it_gets_the_topics() -> None:
    tracker = follow_up_tracker([{"event": "user", "text": "hi"}], [FOLLOW_UP])
    events = asyncio.run(ActionSuggestTopics().run(CollectingDispatcher(), tracker, domain()))
    assert all(e["event"] == "slot" for e in events)


def test_a_fallback_that_is_no_follow_up_never_rewinds() -> None:
    tracker = follow_up_tracker([{"event": "user", "text": "can I drive on it"}, DRIVING_ANSWER], [CP])
    events = asyncio.run(ActionSuggestTopics().run(CollectingDispatcher(), tracker, domain()))
    assert all(e["event"] == "slot" for e in events)


HOW = {"entity": "follow_up", "value": "how", "extractor": "FollowUpDetector", "confidence": 1.0}
USES_ANSWER = {"event": "bot", "text": "Baclofen is a muscle relaxant...", "metadata": {"utter_action": "utter_uses"}}


def test_how_after_what_it_is_for_asks_how_it_works() -> None:
    tracker = follow_up_tracker([{"event": "user", "text": "what is it for"}, USES_ANSWER], [HOW])
    events = asyncio.run(ActionSuggestTopics().run(CollectingDispatcher(), tracker, domain()))
    assert events[2]["parse_data"]["intent"] == {"name": "ask_mechanism", "confidence": 1.0}


def test_how_after_another_answer_asks_that_question_again() -> None:
    tracker = follow_up_tracker([{"event": "user", "text": "can I drive on it"}, DRIVING_ANSWER], [HOW])
    events = asyncio.run(ActionSuggestTopics().run(CollectingDispatcher(), tracker, domain()))
    assert events[2]["parse_data"]["intent"] == {"name": "ask_driving", "confidence": 1.0}


def test_how_after_a_condition_answer_asks_how_it_helps_in_that_condition() -> None:
    condition_answer = {"event": "bot", "text": "Cerebral palsy...", "metadata": {"utter_action": "utter_condition"}}
    tracker = follow_up_tracker([{"event": "user", "text": "can it help cp"}, condition_answer], [HOW])
    events = asyncio.run(ActionSuggestTopics().run(CollectingDispatcher(), tracker, domain()))
    assert events[2]["parse_data"]["intent"] == {"name": "ask_condition", "confidence": 1.0}
