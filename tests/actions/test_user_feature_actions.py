"""The actions of issue 14 (reaching a person, sources, ratings, starting over), with trackers
built here and CollectingDispatcher."""

from __future__ import annotations

import asyncio
from datetime import datetime, timezone
from typing import Any, Dict, List, Optional

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import Restarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import assistant_texts as texts
from actions.feedback import ActionRateAnswer
from actions.handoff import ActionHumanHandoff
from actions.restart import ActionRestart
from actions.sources import ActionExplainSource
from actions.support_contact import (
    PLACEHOLDER_EMAIL,
    PLACEHOLDER_PHONE,
    SupportContactError,
    load_support_contact,
    parse_opening_hours,
)
from tests.support.project import domain

EMERGENCY_NUMBER = "your local emergency number (112, 911 or 999)"


def bot_event(response: Optional[str], text: str = "...") -> Dict[str, Any]:
    metadata = {"utter_action": response} if response else {}
    return {"event": "bot", "text": text, "metadata": metadata}


def make_tracker(
    entities: Optional[List[Dict[str, str]]] = None,
    events: Optional[list] = None,
    intent: str = "rate_answer",
    channel: str = "rest",
) -> Tracker:
    return Tracker(
        sender_id="test-user",
        slots={"emergency_number": EMERGENCY_NUMBER},
        latest_message={"text": "x", "intent": {"name": intent}, "entities": entities or []},
        events=[{"event": "user", "text": "x", "input_channel": channel}] + (events or []),
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


def run(action, tracker: Tracker):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, domain()))
    return dispatcher.messages, events


def entities(**values: str) -> List[Dict[str, str]]:
    return [{"entity": k, "value": v} for k, v in values.items()]


# ----- reaching a person

LONDON = {
    "SUPPORT_PHONE": "+44 20 7946 0000",
    "SUPPORT_EMAIL": "help@example.org",
    "SUPPORT_OPENING_HOURS": "Mon-Fri 09:00-17:00",
    "SUPPORT_TIMEZONE": "Europe/London",
}


def handoff_at(when: datetime, environ=LONDON):
    action = ActionHumanHandoff(load=lambda: load_support_contact(environ), clock=lambda: when)
    return run(action, make_tracker(intent="human_handoff", channel="telegram"))


def test_within_opening_hours_the_reply_gives_phone_email_and_hours_and_records_the_request() -> None:
    messages, events = handoff_at(datetime(2026, 6, 3, 10, 30, tzinfo=timezone.utc))  # Wednesday 11:30 in London
    assert [m["text"] for m in messages] == [
        texts.HANDOFF_OPEN.format(
            phone="+44 20 7946 0000",
            email="help@example.org",
            hours="Monday to Friday 09:00-17:00 (Europe/London time)",
            emergency_number=EMERGENCY_NUMBER,
        )
    ]
    assert events == [
        SlotSet(
            "handoff",
            {
                "status": "requested",
                "requested_at": "2026-06-03T10:30:00Z",
                "within_opening_hours": True,
                "channel": "telegram",
            },
        )
    ]


@pytest.mark.parametrize(
    "when",
    [
        datetime(2026, 6, 6, 12, 0, tzinfo=timezone.utc),  # Saturday
        datetime(2026, 6, 3, 16, 30, tzinfo=timezone.utc),
    ],
)  # 17:30 London (BST)
def test_outside_opening_hours_the_reply_says_so(when: datetime) -> None:
    messages, events = handoff_at(when)
    assert messages[0]["text"].startswith("Our support team is closed right now.")
    assert events[0]["value"]["within_opening_hours"] is False


def test_without_settings_the_placeholders_are_marked_as_such() -> None:
    messages, _ = handoff_at(datetime(2026, 6, 3, 10, 0, tzinfo=timezone.utc), environ={})
    assert PLACEHOLDER_PHONE in messages[0]["text"] and "placeholder" in PLACEHOLDER_PHONE
    assert PLACEHOLDER_EMAIL in messages[0]["text"] and "placeholder" in PLACEHOLDER_EMAIL
    assert "(UTC time)" in messages[0]["text"]


def test_opening_hours_with_several_periods() -> None:
    periods = parse_opening_hours("Mon-Fri 09:00-17:00; Sat 10:00-13:00")
    assert [p.describe() for p in periods] == ["Monday to Friday 09:00-17:00", "Saturday 10:00-13:00"]


@pytest.mark.parametrize("hours", ["weekdays 9-5", "Fri-Mon 09:00-17:00", "Mon 17:00-09:00", "Mon 25:00-26:00", ""])
def test_unreadable_opening_hours_name_the_setting(hours: str) -> None:
    with pytest.raises(SupportContactError, match="SUPPORT_OPENING_HOURS"):
        parse_opening_hours(hours)


def test_an_unknown_time_zone_names_the_setting() -> None:
    with pytest.raises(SupportContactError, match="SUPPORT_TIMEZONE"):
        load_support_contact({"SUPPORT_TIMEZONE": "Mars/Olympus"})


# ----- ratings


def test_a_button_rating_is_stored_with_the_answer_s_sections() -> None:
    tracker = make_tracker(entities(rating="down", response="utter_driving", reason="unclear"))
    messages, events = run(ActionRateAnswer(), tracker)
    assert [m["text"] for m in messages] == [texts.RATING_SORRY]
    assert events == [
        SlotSet(
            "answer_rating",
            {
                "rating": "down",
                "response": "utter_driving",
                "reason": "unclear",
                "sections": ["Common Side Effects and Precautions"],
                "via": "button",
            },
        )
    ]


def test_a_thumbs_up_is_thanked_and_stored() -> None:
    messages, events = run(ActionRateAnswer(), make_tracker(entities(rating="up", response="utter_uses")))
    assert [m["text"] for m in messages] == [texts.RATING_THANKS]
    assert events[0]["value"]["rating"] == "up" and events[0]["value"]["reason"] is None


def test_typed_feedback_rates_the_latest_medical_answer_down() -> None:
    history = [bot_event("utter_what_is"), bot_event(None, "Please note: ..."), bot_event("utter_greet")]
    messages, events = run(ActionRateAnswer(), make_tracker(events=history))
    assert events[0]["value"]["response"] == "utter_what_is"
    assert events[0]["value"]["rating"] == "down" and events[0]["value"]["via"] == "text"


@pytest.mark.parametrize(
    "found",
    [
        entities(rating="down", response="utter_greet"),  # not an answer
        entities(rating="down", response="utter_nothing_like_this"),
        [],
    ],
)  # typed, with no answer yet
def test_nothing_is_stored_without_a_medical_answer_to_tie_it_to(found) -> None:
    messages, events = run(ActionRateAnswer(), make_tracker(found))
    assert messages and events == []


# ----- sources


def test_the_source_of_the_answer_asked_about() -> None:
    tracker = make_tracker(
        entities(response="utter_what_is"), events=[bot_event("utter_driving")], intent="about_source"
    )
    messages, _ = run(ActionExplainSource(), tracker)
    assert [m["text"] for m in messages] == [
        texts.ANSWER_SOURCE.format(
            topic="what is",
            sections='sections "Understanding Baclofen and its Mechanism of Action", '
            '"The Power of Baclofen: Unleashing the Potential for Muscle Relaxation" and '
            '"Common Side Effects and Precautions"',
        )
    ]


def test_without_a_named_answer_the_latest_one_is_explained() -> None:
    tracker = make_tracker(events=[bot_event("utter_driving"), bot_event(None)], intent="about_source")
    messages, _ = run(ActionExplainSource(), tracker)
    assert messages[0]["text"] == texts.ANSWER_SOURCE.format(
        topic="driving", sections='section "Common Side Effects and Precautions"'
    )


def test_an_answer_the_article_does_not_cover_says_so() -> None:
    messages, _ = run(
        ActionExplainSource(), make_tracker(entities(response="utter_missed_dose"), intent="about_source")
    )
    assert messages[0]["text"] == texts.ANSWER_NOT_COVERED.format(topic="missed dose")


def test_before_any_answer_only_the_general_statement_stands() -> None:
    messages, _ = run(ActionExplainSource(), make_tracker(intent="about_source"))
    assert messages == []


def test_the_general_statement_is_honest_about_the_article() -> None:
    text = domain()["responses"]["utter_about_source"][0]["text"]
    for words in ("one online article", "2023", "promotional", "not a clinical", "guideline", "doctor or pharmacist"):
        assert words in text


# ----- starting over


def test_restart_confirms_greets_with_the_topics_and_resets() -> None:
    messages, events = run(ActionRestart(), make_tracker(intent="restart"))
    assert [m.get("text") or m.get("response") for m in messages] == [texts.RESTARTED, "utter_greet"]
    assert events == [Restarted()]
    greet = domain()["responses"]["utter_greet"][0]
    assert any(b["payload"] == "/ask_side_effects" for b in greet["buttons"])


def test_the_texts_are_pinned() -> None:
    assert texts.RATING_THANKS == "Thank you for your feedback."
    assert texts.RESTARTED.startswith("OK, let's start over.")
    for text in (texts.HANDOFF_OPEN, texts.HANDOFF_CLOSED):
        assert "{emergency_number}" in text and "doctor or pharmacist" in text
