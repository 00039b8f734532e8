"""Fuzzing action_add_disclaimer with trackers of any shape: it must never raise, and must
always send exactly one of the vetted disclaimer texts.

The tracker comes from Rasa, but its contents come from users (texts, entities, metadata)
and from anyone holding the API token (events, slots), so nothing in it can be trusted.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.disclaimer import SHOWN_SLOT, ActionAddDisclaimer
from actions.safety_texts import FULL_DISCLAIMERS, REMINDERS, Risk
from actions.topics import topics_from_domain
from tests.support.project import domain

VETTED_TEXTS = set(FULL_DISCLAIMERS.values()) | set(REMINDERS.values())
RISK_VALUES = [risk.value for risk in Risk]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=40),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=12,
)
intent_names = (
    st.sampled_from(sorted(topics_from_domain(domain()).risk) + ["greet", "nlu_fallback", "", "ASK_DOSE"]) | json_values
)
intents = st.fixed_dictionaries({"name": intent_names}, optional={"confidence": json_values}) | json_values
texts = (
    st.sampled_from(["can it cause seizures?", "what is baclofen", "i took too much", ""])
    | st.text(max_size=200)
    | json_values
)
latest_messages = (
    st.none()
    | json_values
    | st.fixed_dictionaries(
        {},
        optional={
            "intent": intents,
            "text": texts,
            "entities": json_values,
            "metadata": json_values,
            "intent_ranking": json_values,
        },
    )
)
shown_slot_values = st.lists(st.sampled_from(RISK_VALUES) | json_values, max_size=6) | json_values
# The domain comes from Rasa, but fuzz it too: the action must not trust its metadata either.
metadata = st.fixed_dictionaries(
    {}, optional={"risk": st.sampled_from(RISK_VALUES) | json_values, "source": json_values}
)
sent_domains = (
    st.just(domain())
    | json_values
    | st.fixed_dictionaries(
        {
            "intents": st.lists(intent_names, max_size=4) | json_values,
            "responses": st.dictionaries(
                st.sampled_from(["utter_what_is", "utter_withdrawal", "utter_x"]),
                st.lists(st.fixed_dictionaries({"text": st.just("t")}, optional={"metadata": metadata | json_values})),
                max_size=3,
            )
            | json_values,
        }
    )
)
slots = st.fixed_dictionaries({SHOWN_SLOT: shown_slot_values}, optional={"condition": json_values}) | st.dictionaries(
    st.text(max_size=10), json_values, max_size=3
)


def run_action(slot_values: Any, latest_message: Any, sent_domain: Any = None) -> tuple:
    tracker = Tracker(
        sender_id="fuzz",
        slots=slot_values,
        latest_message=latest_message,
        events=[],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="utter_what_is",
    )
    dispatcher = CollectingDispatcher()
    events = asyncio.run(
        ActionAddDisclaimer().run(dispatcher, tracker, domain=domain() if sent_domain is None else sent_domain)
    )
    return dispatcher.messages, events


@pytest.mark.slow  # 400 hypothesis examples
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(slot_values=slots, latest_message=latest_messages, sent_domain=sent_domains)
def test_the_disclaimer_action_survives_any_tracker(slot_values: Any, latest_message: Any, sent_domain: Any) -> None:
    messages, events = run_action(slot_values, latest_message, sent_domain)
    assert len(messages) == 1, messages
    assert messages[0].get("text") in VETTED_TEXTS, messages[0]
    assert isinstance(events, list)
    for event in events:
        assert event == SlotSet(SHOWN_SLOT, event["value"])
        # The slot stays a list of strings, ending with the grade just shown.
        assert all(isinstance(value, str) for value in event["value"]), event
        assert event["value"][-1] in RISK_VALUES, event
