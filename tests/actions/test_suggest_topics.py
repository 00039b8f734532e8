"""action_suggest_topics: "Did you mean...?" with the classifier's top medical topics."""
from __future__ import annotations

import asyncio
from typing import Any, Dict, List

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.suggest_topics import MAX_TOPICS, SOMETHING_ELSE, ActionSuggestTopics, topic_label
from actions.topics import INTENT_RISK
from tests.support.project import domain


def tracker_with(ranking: List[Dict[str, Any]]) -> Tracker:
    return Tracker(
        sender_id="test-user", slots={}, events=[], paused=False, followup_action=None, active_loop={},
        latest_message={"text": "baclofen legs jelly??", "intent": {"name": "nlu_fallback", "confidence": 0.3},
                        "intent_ranking": ranking},
        latest_action_name="action_listen",
    )


def run(ranking: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ActionSuggestTopics().run(dispatcher, tracker_with(ranking), domain()))
    assert events == []
    return dispatcher.messages


def test_the_top_medical_topics_are_offered_in_rank_order_plus_something_else() -> None:
    messages = run([
        {"name": "nlu_fallback", "confidence": 0.3},
        {"name": "ask_weakness", "confidence": 0.28},
        {"name": "greet", "confidence": 0.2},
        {"name": "ask_side_effects", "confidence": 0.2},
        {"name": "urgent", "confidence": 0.15},
        {"name": "ask_driving", "confidence": 0.1},
        {"name": "ask_fatigue", "confidence": 0.09},
    ])
    assert len(messages) == 1 and messages[0]["response"] == "utter_did_you_mean"
    assert messages[0]["buttons"] == [
        {"title": "Weakness", "payload": "/ask_weakness"},
        {"title": "Side effects", "payload": "/ask_side_effects"},
        {"title": "Driving", "payload": "/ask_driving"},
        SOMETHING_ELSE,
    ]
    assert len(messages[0]["buttons"]) == MAX_TOPICS + 1


def test_guesses_that_are_noise_are_not_offered() -> None:
    messages = run([{"name": "ask_weakness", "confidence": 0.5}, {"name": "ask_uses", "confidence": 0.01}])
    assert [b["payload"] for b in messages[0]["buttons"]] == ["/ask_weakness", SOMETHING_ELSE["payload"]]


@pytest.mark.parametrize("ranking", [[], [{"name": "greet", "confidence": 0.9}], [{"name": "ask_uses", "confidence": 0.01}],
                                     [{"name": "ask_uses", "confidence": "high"}], [None]])
def test_without_a_topic_to_offer_the_fixed_topics_are_shown(ranking: List[Any]) -> None:
    messages = run(ranking)
    assert [m["response"] for m in messages] == ["utter_please_rephrase"]
    assert messages[0]["buttons"] == []  # the response's own fixed buttons are in domain.yml


@pytest.mark.parametrize("intent", sorted(set(INTENT_RISK) - {"urgent"}))
def test_every_medical_topic_has_a_short_label(intent: str) -> None:
    label = topic_label(domain(), intent)
    assert label and len(label) <= 50, intent


def test_something_else_lists_everything_the_assistant_can_answer() -> None:
    assert SOMETHING_ELSE["payload"] == "/ask_capabilities"
    assert "buttons" in domain()["responses"]["utter_capabilities"][0]
