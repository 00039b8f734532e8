"""FollowUpDetector: follow-ups without a topic of their own go to the context-aware fallback."""

from __future__ import annotations

import pytest

from components.follow_ups import FollowUpDetector
from components.intents import entity_values
from tests.components.test_guards import intent_of, parsed


@pytest.mark.parametrize(
    "text, intent, confidence",
    [
        ("does that go for her too? my daughter's 19 with CP", "ask_suitability", 0.7),
        ("what about using a chainsaw, same deal?", "out_of_scope", 0.9),
        ("what if I've been on it for months and feel fine?", "ask_treatment_duration", 0.45),
        ("and for him as well?", "nlu_fallback", 0.3),
        ("what sort of things can happen then?", "out_of_scope", 0.57),
        # the previous question applied to a new subject, however sure the classifier is of it
        ("same for the pump?", "ask_intrathecal_pump", 0.95),
        ("does that go for adults too? my husband's just been prescribed it", "ask_special_groups", 0.9),
        ("is that true for the tablets as well?", "ask_routes", 0.8),
        ("how?", "ask_capabilities", 0.9),
        ("why", "out_of_scope", 0.7),
        ("what about with the pump?", "ask_intrathecal_pump", 0.9),
        ("and for kids?", "ask_special_groups", 0.9),
        ("what are the others?", "ask_capabilities", 0.8),  # the rest of a list just given
        ("sorry, what were they again?", "ask_side_effects", 0.9),
        ("and how?", "explain_simpler", 0.6),
        ("what else?", "goodbye", 0.7),
        ("why not?", "ask_withdrawal", 0.4),
    ],
)
def test_follow_ups_without_a_sure_topic_go_to_the_fallback(text: str, intent: str, confidence: float) -> None:
    message = parsed(text, intent, confidence)
    FollowUpDetector().process([message])
    assert intent_of(message) == "nlu_fallback"
    # "same": the message can only mean the previous question (the triage then leaves it alone)
    same = text.startswith(
        ("same", "does that go", "is that true", "why", "what about with", "and for", "what are", "sorry", "what else")
    )
    # "how": a bare "how?" (after what it is or is for, it asks how it works)
    expected = ["how"] if text.startswith(("how", "and how")) else ["same"] if same else ["yes"]
    assert entity_values(message, "follow_up") == expected


@pytest.mark.parametrize(
    "text, intent, confidence",
    [
        ("what about side effects?", "ask_side_effects", 0.95),  # names its own topic
        ("what about the pump too?", "ask_intrathecal_pump", 0.8),
        ("does that go for her too? she's not waking up", "emergency", 0.6),  # safety first
        ("is it a muscle relaxant", "ask_what_is", 0.4),  # no follow-up form
        ("/ask_uses", "ask_uses", 1.0),  # a button payload
        ("is baclofen the same as lioresal?", "ask_brand_names", 0.9),  # a comparison, not "same for"
        ("how long does it take to work then?", "ask_onset_duration", 0.9),  # "then", with its own topic
        ("how does it work", "ask_mechanism", 0.9),
        ("what about the pump?", "ask_intrathecal_pump", 0.9),  # a topic of its own
        ("what are the other brand names?", "ask_brand_names", 0.9),  # names its own topic
    ],
)
def test_other_messages_keep_their_intent(text: str, intent: str, confidence: float) -> None:
    message = parsed(text, intent, confidence)
    FollowUpDetector().process([message])
    assert intent_of(message) == intent
    assert entity_values(message, "follow_up") == []
